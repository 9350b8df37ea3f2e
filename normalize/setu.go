package normalize

import "strings"

type setuAadhaar struct {
	Address *struct {
		CareOf      jstr `json:"careOf"`
		Country     jstr `json:"country"`
		District    jstr `json:"district"`
		House       jstr `json:"house"`
		Landmark    jstr `json:"landmark"`
		Locality    jstr `json:"locality"`
		Pin         jstr `json:"pin"`
		PostOffice  jstr `json:"postOffice"`
		State       jstr `json:"state"`
		Street      jstr `json:"street"`
		SubDistrict jstr `json:"subDistrict"`
		VTC         jstr `json:"vtc"`
	} `json:"address"`
	DateOfBirth   jstr `json:"dateOfBirth"`
	Email         jstr `json:"email"`
	Gender        jstr `json:"gender"`
	GeneratedAt   jstr `json:"generatedAt"`
	MaskedNumber  jstr `json:"maskedNumber"`
	AadhaarNumber jstr `json:"aadhaarNumber"`
	Name          jstr `json:"name"`
	Phone         jstr `json:"phone"`
	Photo         jstr `json:"photo"`
	UserProfile   *struct {
		UnmaskedEmail jstr `json:"unmaskedEmail"`
		UnmaskedPhone jstr `json:"unmaskedPhone"`
	} `json:"userProfile"`
	Verified *struct {
		Email     jbool `json:"email"`
		Phone     jbool `json:"phone"`
		Signature jbool `json:"signature"`
	} `json:"verified"`
	XML *struct {
		ShareCode jstr `json:"shareCode"`
	} `json:"xml"`
}

type setuBody struct {
	ID            jstr         `json:"id"`
	Status        jstr         `json:"status"`
	TraceID       jstr         `json:"traceId"`
	AadhaarNumber jstr         `json:"aadhaarNumber"`
	Aadhaar       *setuAadhaar `json:"aadhaar"`
	Data          *struct {
		Aadhaar *setuAadhaar `json:"aadhaar"`
	} `json:"data"`
	Error *struct {
		Code   jstr `json:"code"`
		Detail jstr `json:"detail"`
	} `json:"error"`
	ErrorCode jstr `json:"errorCode"`
	ErrorMsg  jstr `json:"errorMsg"`
}

// setuNotVerified lists Setu error codes that are terminal failures about
// the person (the rest are request or upstream faults).
var setuNotVerified = map[string]bool{
	"aadhaar_not_linked": true, "user_consent_not_given": true, "customer_detail_mismatch": true,
	"aadhaar_not_available": true, "invalid_otp": true, "otp_expired": true, "invalid_aadhaar_number": true,
	"exceeded_otp_attempt": true, "aadhaar_locked": true,
}

// Setu normalizes Setu's OKYC status, DigiLocker /aadhaar and eKYC
// request bodies, and both Setu error shapes ({error:{code, detail}} and
// {errorCode, errorMsg}). complete / SUCCESS → verified; CREATED /
// in-progress states → pending; consent, linking and detail-mismatch errors
// → not_verified; other errors → error. The OKYC top-level aadhaarNumber
// (echoed unmasked, as a number) is reduced to its last 4 digits.
func Setu(body []byte, opts *Options) (*Record, error) {
	s, err := decodeBody[setuBody](body, opts)
	if err != nil {
		return nil, err
	}
	c := &core{adapter: "setu", provider: "setu", product: "okyc"}
	c.txnID = firstNonEmpty(s.ID.s, s.TraceID.s)
	a, p := s.Aadhaar, "aadhaar."
	if a == nil && s.Data != nil && s.Data.Aadhaar != nil {
		a, p, c.product = s.Data.Aadhaar, "data.aadhaar.", "ekyc"
	}
	if a != nil {
		c.name, c.dob, c.gender = a.Name.fv(p+"name"), a.DateOfBirth.fv(p+"dateOfBirth"), a.Gender.fv(p+"gender")
		c.generatedAt, c.photo = a.GeneratedAt.fv(p+"generatedAt"), a.Photo.fv(p+"photo")
		c.uid = a.MaskedNumber.fv(p + "maskedNumber")
		if c.uid.v == "" {
			c.uid = a.AadhaarNumber.fv(p + "aadhaarNumber")
		}
		if hashValue(a.Phone.s) != "" {
			c.mobileHash, c.mobileHashScheme = a.Phone.fv(p+"phone"), SchemeOfflineXML
		} else {
			c.mobile = a.Phone.fv(p + "phone")
		}
		if hashValue(a.Email.s) != "" {
			c.emailHash = a.Email.fv(p + "email")
		} else {
			c.email = a.Email.fv(p + "email")
		}
		if u := a.UserProfile; u != nil {
			if u.UnmaskedPhone.s != "" {
				c.mobile = u.UnmaskedPhone.fv(p + "userProfile.unmaskedPhone")
			}
			if u.UnmaskedEmail.s != "" {
				c.email = u.UnmaskedEmail.fv(p + "userProfile.unmaskedEmail")
			}
		}
		if v := a.Verified; v != nil {
			c.sigVerified = v.Signature.ptr()
			c.mobileVerified, c.emailVerified = v.Phone.ptr(), v.Email.ptr()
		}
		if a.XML != nil && a.XML.ShareCode.s != "" {
			c.shareCode = true
		}
		if ad := a.Address; ad != nil {
			q := p + "address."
			c.careOf, c.country, c.district = ad.CareOf.fv(q+"careOf"), ad.Country.fv(q+"country"), ad.District.fv(q+"district")
			c.house, c.landmark, c.locality = ad.House.fv(q+"house"), ad.Landmark.fv(q+"landmark"), ad.Locality.fv(q+"locality")
			c.pin, c.postOffice, c.state = ad.Pin.fv(q+"pin"), ad.PostOffice.fv(q+"postOffice"), ad.State.fv(q+"state")
			c.street, c.subDistrict, c.vtc = ad.Street.fv(q+"street"), ad.SubDistrict.fv(q+"subDistrict"), ad.VTC.fv(q+"vtc")
		}
		c.aadhaarFormat = FormatVendorJSON
		c.evidence = "uidai"
		c.checkMethods = []string{"auth"}
		if c.sigVerified != nil && *c.sigVerified {
			c.checkMethods = []string{"vcrypt", "auth"}
		}
	}
	if s.AadhaarNumber.s != "" {
		// OKYC echoes the full number at top level: reduce it, never keep it.
		if c.uid.v == "" {
			c.uid = s.AadhaarNumber.fv("aadhaarNumber")
		} else {
			c.warn("uid_was_unmasked")
			if id, err := Aadhaar(s.AadhaarNumber.s); err == nil {
				if m, err2 := Aadhaar(c.uid.v); err2 == nil && m.Last4 != id.Last4 {
					c.warn("last4_mismatch")
				}
			}
		}
	}
	c.status = s.Status.s
	switch code := firstNonEmpty(errCode(s.Error), s.ErrorCode.s); {
	case code != "":
		c.failCode(code)
		if setuNotVerified[strings.ToLower(code)] {
			c.outcome = NotVerified
		}
		c.failureCode = code
		if s.Error != nil {
			c.failureMessage = s.Error.Detail.s
		} else {
			c.failureMessage = s.ErrorMsg.s
		}
	default:
		switch strings.ToLower(s.Status.s) {
		case "complete", "completed", "success":
			c.outcome = Verified
		case "created", "pending", "in_progress", "kyc_requested", "otp_sent":
			c.outcome = Pending
		case "failed", "failure", "expired", "rejected":
			c.outcome = NotVerified
		default:
			c.outcome = Error
			c.warn("unknown_status")
		}
	}
	return build(c, body, opts), nil
}

func errCode(e *struct {
	Code   jstr `json:"code"`
	Detail jstr `json:"detail"`
}) string {
	if e == nil {
		return ""
	}
	return e.Code.s
}
