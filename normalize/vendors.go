package normalize

import (
	"strings"
)

// --- Cashfree -----------------------------------------------------------

type cashfreeBody struct {
	RefID          jstr `json:"ref_id"`
	ReferenceID    jstr `json:"reference_id"`
	VerificationID jstr `json:"verification_id"`
	Status         jstr `json:"status"`
	Message        jstr `json:"message"`
	Code           jstr `json:"code"`
	Type           jstr `json:"type"`
	CareOf         jstr `json:"care_of"`
	Address        jstr `json:"address"`
	DOB            jstr `json:"dob"`
	Email          jstr `json:"email"`
	Gender         jstr `json:"gender"`
	Name           jstr `json:"name"`
	Split          *struct {
		Country, Dist, House, Landmark, Pincode, PO, State, Street, Subdist, VTC, Locality jstr
	} `json:"split_address"`
	YearOfBirth jstr `json:"year_of_birth"`
	MobileHash  jstr `json:"mobile_hash"`
	PhotoLink   jstr `json:"photo_link"`
	ShareCode   jstr `json:"share_code"`
	UID         jstr `json:"uid"`
	// PAN
	PAN                  jstr  `json:"pan"`
	RegisteredName       jstr  `json:"registered_name"`
	NamePANCard          jstr  `json:"name_pan_card"`
	Valid                jbool `json:"valid"`
	FatherName           jstr  `json:"father_name"`
	NameMatchScore       jstr  `json:"name_match_score"`
	NameMatchResult      jstr  `json:"name_match_result"`
	AadhaarSeedingStatus jstr  `json:"aadhaar_seeding_status"`
	LastUpdatedAt        jstr  `json:"last_updated_at"`
	PANStatus            jstr  `json:"pan_status"`
}

// Cashfree normalizes Cashfree Secure ID responses: offline-aadhaar/verify,
// DigiLocker document/AADHAAR, and PAN verification. VALID / SUCCESS →
// verified; INVALID / AADHAAR_NOT_LINKED → not_verified; ERROR or a
// SUCCESS that carries "Insufficient balance" or "verification attempt
// failed" (business faults inside HTTP 200) → error.
func Cashfree(body []byte, opts *Options) (*Record, error) {
	b, err := decodeBody[cashfreeBody](body, opts)
	if err != nil {
		return nil, err
	}
	c := &core{adapter: "cashfree", provider: "cashfree"}
	c.txnID = firstNonEmpty(b.RefID.s, b.ReferenceID.s)
	c.clientRef = b.VerificationID.s
	c.status = b.Status.s
	if b.PAN.s != "" || b.RegisteredName.s != "" {
		c.product = "pan"
		c.name = b.RegisteredName.fv("registered_name")
		if c.name.v == "" {
			c.name = b.NamePANCard.fv("name_pan_card")
		}
		c.careOf = b.FatherName.fv("father_name")
		c.documents = []Document{{Type: "pan", NumberMasked: maskPAN(b.PAN.s), Status: b.PANStatus.s,
			Seeding: b.AadhaarSeedingStatus.s}}
		if b.NameMatchResult.s != "" || b.NameMatchScore.s != "" {
			c.checks = []Check{{Name: "name_match", Result: b.NameMatchResult.s, Score: b.NameMatchScore.s}}
		}
		c.status = firstNonEmpty(b.PANStatus.s, b.Status.s)
		switch {
		case b.Valid.set && b.Valid.v && !strings.EqualFold(b.PANStatus.s, "INVALID"):
			c.outcome = Verified
		case b.Valid.set:
			c.outcome = NotVerified
		default:
			c.outcome = cashfreeOutcome(b.Status.s, b.Message.s, c)
		}
		c.evidence = "tax"
		c.checkMethods = []string{"data"}
		if c.outcome != Verified {
			c.failureMessage = b.Message.s
		}
		return build(c, body, opts), nil
	}
	c.product = "offline-aadhaar/verify"
	if b.UID.s != "" || b.VerificationID.s != "" {
		c.product = "digilocker/document/AADHAAR"
	}
	c.name, c.dob, c.gender = b.Name.fv("name"), b.DOB.fv("dob"), b.Gender.fv("gender")
	c.yob, c.careOf, c.addressText = b.YearOfBirth.fv("year_of_birth"), b.CareOf.fv("care_of"), b.Address.fv("address")
	c.email, c.photo, c.uid = b.Email.fv("email"), b.PhotoLink.fv("photo_link"), b.UID.fv("uid")
	c.mobileHash, c.mobileHashScheme = b.MobileHash.fv("mobile_hash"), SchemeOfflineXML
	c.shareCode = b.ShareCode.s != ""
	if s := b.Split; s != nil {
		p := "split_address."
		c.country, c.district, c.house = s.Country.fv(p+"country"), s.Dist.fv(p+"dist"), s.House.fv(p+"house")
		c.landmark, c.pin, c.postOffice = s.Landmark.fv(p+"landmark"), s.Pincode.fv(p+"pincode"), s.PO.fv(p+"po")
		c.state, c.street, c.subDistrict = s.State.fv(p+"state"), s.Street.fv(p+"street"), s.Subdist.fv(p+"subdist")
		c.vtc, c.locality = s.VTC.fv(p+"vtc"), s.Locality.fv(p+"locality")
	}
	c.outcome = cashfreeOutcome(b.Status.s, b.Message.s, c)
	if c.outcome != Verified {
		c.failureCode, c.failureMessage = firstNonEmpty(b.Code.s, b.Status.s), b.Message.s
	}
	c.aadhaarFormat = FormatVendorJSON
	c.evidence = "uidai"
	c.checkMethods = []string{"auth"}
	return build(c, body, opts), nil
}

func cashfreeOutcome(status, msg string, c *core) string {
	m := strings.ToLower(msg)
	switch strings.ToUpper(strings.TrimSpace(status)) {
	case "VALID", "SUCCESS":
		if strings.Contains(m, "insufficient balance") || strings.Contains(m, "attempt failed") {
			return Error
		}
		return Verified
	case "INVALID", "AADHAAR_NOT_LINKED", "NOT_LINKED", "FAILED":
		return NotVerified
	case "PENDING", "IN_PROGRESS":
		return Pending
	case "ERROR":
		return Error
	}
	c.warn("unknown_status")
	return Error
}

// maskPAN keeps the first five and the last character of a PAN.
func maskPAN(p string) string {
	p = strings.ToUpper(strings.TrimSpace(p))
	if len(p) != 10 {
		return maskDocNumber(p)
	}
	return p[:5] + "****" + p[9:]
}

// --- Setu ---------------------------------------------------------------

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
		c.outcome = Error
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

// --- Sandbox ------------------------------------------------------------

type sandboxBody struct {
	Code          jstr `json:"code"`
	TransactionID jstr `json:"transaction_id"`
	Message       jstr `json:"message"`
	Data          *struct {
		Files []struct {
			URL      jstr `json:"url"`
			Metadata struct {
				IssuerID     jstr `json:"issuer_id"`
				Issuer       jstr `json:"issuer"`
				LastModified jstr `json:"LastModified"`
				Description  jstr `json:"description"`
			} `json:"metadata"`
		} `json:"files"`
		Name        jstr `json:"name"`
		Gender      jstr `json:"gender"`
		DateOfBirth jstr `json:"date_of_birth"`
		YearOfBirth jstr `json:"year_of_birth"`
		CareOf      jstr `json:"care_of"`
		FullAddress jstr `json:"full_address"`
		Address     *struct {
			House, Street, Landmark, District, VTC, State, Country, Pincode jstr
			PostOffice                                                      jstr `json:"post_office"`
			Subdistrict                                                     jstr `json:"subdistrict"`
		} `json:"address"`
		Photo       jstr `json:"photo"`
		EmailHash   jstr `json:"email_hash"`
		MobileHash  jstr `json:"mobile_hash"`
		ShareCode   jstr `json:"share_code"`
		Status      jstr `json:"status"`
		Message     jstr `json:"message"`
		ReferenceID jstr `json:"reference_id"`
	} `json:"data"`
}

// Sandbox normalizes Sandbox.co.in bodies: the OKYC otp/verify result
// (data.status VALID → verified; message-only failures such as "Invalid
// OTP" → not_verified) and the DigiLocker fetch-document result, which
// carries only a link to the e-Aadhaar XML: the record then lists the
// document, has outcome pending and the warning document_not_inline (fetch
// the XML and normalize it with [KycResXML]).
func Sandbox(body []byte, opts *Options) (*Record, error) {
	s, err := decodeBody[sandboxBody](body, opts)
	if err != nil {
		return nil, err
	}
	c := &core{adapter: "sandbox", provider: "sandbox.co.in"}
	c.txnID, c.status = s.TransactionID.s, s.Code.s
	d := s.Data
	switch {
	case d != nil && len(d.Files) > 0:
		c.product = "digilocker/fetch-document"
		for _, fl := range d.Files {
			t := "document"
			if strings.EqualFold(fl.Metadata.IssuerID.s, "in.gov.uidai") {
				t = "aadhaar"
			}
			c.documents = append(c.documents, Document{Type: t, Issuer: fl.Metadata.Issuer.s,
				DateOfIssue: isoOrEmpty(fl.Metadata.LastModified.s), URL: fl.URL.s})
		}
		c.outcome = Pending
		c.warn("document_not_inline")
	case d != nil:
		c.product = "okyc/otp/verify"
		c.name, c.gender, c.dob = d.Name.fv("data.name"), d.Gender.fv("data.gender"), d.DateOfBirth.fv("data.date_of_birth")
		c.yob, c.careOf, c.addressText = d.YearOfBirth.fv("data.year_of_birth"), d.CareOf.fv("data.care_of"), d.FullAddress.fv("data.full_address")
		c.photo, c.emailHash = d.Photo.fv("data.photo"), d.EmailHash.fv("data.email_hash")
		c.mobileHash, c.mobileHashScheme = d.MobileHash.fv("data.mobile_hash"), SchemeOfflineXML
		c.shareCode = d.ShareCode.s != ""
		c.refID = d.ReferenceID.fv("data.reference_id")
		if a := d.Address; a != nil {
			p := "data.address."
			c.house, c.street, c.landmark = a.House.fv(p+"house"), a.Street.fv(p+"street"), a.Landmark.fv(p+"landmark")
			c.district, c.vtc, c.state = a.District.fv(p+"district"), a.VTC.fv(p+"vtc"), a.State.fv(p+"state")
			c.country, c.pin = a.Country.fv(p+"country"), a.Pincode.fv(p+"pincode")
			c.postOffice, c.subDistrict = a.PostOffice.fv(p+"post_office"), a.Subdistrict.fv(p+"subdistrict")
		}
		c.status = firstNonEmpty(d.Status.s, s.Code.s)
		switch {
		case strings.EqualFold(d.Status.s, "VALID"):
			c.outcome = Verified
		case httpError(s.Code.s):
			c.outcome = Error
		default:
			c.outcome = NotVerified
			c.failureMessage = firstNonEmpty(d.Message.s, s.Message.s)
		}
		c.aadhaarFormat = FormatVendorJSON
		c.evidence = "uidai"
		c.checkMethods = []string{"auth"}
	default:
		c.outcome = Error
		if !httpError(s.Code.s) {
			c.outcome = NotVerified
		}
		c.failureCode, c.failureMessage = s.Code.s, s.Message.s
	}
	return build(c, body, opts), nil
}

// --- Decentro -----------------------------------------------------------

type decentroBody struct {
	TxnID        jstr `json:"decentroTxnId"`
	Status       jstr `json:"status"`
	ResponseCode jstr `json:"responseCode"`
	Message      jstr `json:"message"`
	ResponseKey  jstr `json:"responseKey"`
	Data         *struct {
		RefNo jstr `json:"aadhaarReferenceNumber"`
		UID   jstr `json:"aadhaarUid"`
		PoI   struct {
			DOB        jstr `json:"dob"`
			EmailHash  jstr `json:"hashedEmail"`
			Gender     jstr `json:"gender"`
			MobileHash jstr `json:"hashedMobileNumber"`
			Name       jstr `json:"name"`
		} `json:"proofOfIdentity"`
		PoA struct {
			CareOf      jstr `json:"careOf"`
			Country     jstr `json:"country"`
			District    jstr `json:"district"`
			House       jstr `json:"house"`
			Landmark    jstr `json:"landmark"`
			Locality    jstr `json:"locality"`
			Pincode     jstr `json:"pincode"`
			PostOffice  jstr `json:"postOffice"`
			State       jstr `json:"state"`
			Street      jstr `json:"street"`
			SubDistrict jstr `json:"subDistrict"`
			VTC         jstr `json:"vtc"`
		} `json:"proofOfAddress"`
		Image jstr `json:"image"`
	} `json:"data"`
}

// Decentro normalizes Decentro's DigiLocker e-Aadhaar and aadhaarxml
// validate-OTP bodies (data.proofOfIdentity / data.proofOfAddress).
// SUCCESS → verified, FAILURE → not_verified (error for a request or
// server responseCode).
func Decentro(body []byte, opts *Options) (*Record, error) {
	b, err := decodeBody[decentroBody](body, opts)
	if err != nil {
		return nil, err
	}
	c := &core{adapter: "decentro", provider: "decentro", product: "digilocker/eaadhaar"}
	c.txnID, c.status = b.TxnID.s, b.Status.s
	if d := b.Data; d != nil {
		c.refID, c.uid = d.RefNo.fv("data.aadhaarReferenceNumber"), d.UID.fv("data.aadhaarUid")
		i, p := d.PoI, "data.proofOfIdentity."
		c.dob, c.gender, c.name = i.DOB.fv(p+"dob"), i.Gender.fv(p+"gender"), i.Name.fv(p+"name")
		c.emailHash = i.EmailHash.fv(p + "hashedEmail")
		c.mobileHash, c.mobileHashScheme = i.MobileHash.fv(p+"hashedMobileNumber"), SchemeOfflineXML
		a, q := d.PoA, "data.proofOfAddress."
		c.careOf, c.country, c.district = a.CareOf.fv(q+"careOf"), a.Country.fv(q+"country"), a.District.fv(q+"district")
		c.house, c.landmark, c.locality = a.House.fv(q+"house"), a.Landmark.fv(q+"landmark"), a.Locality.fv(q+"locality")
		c.pin, c.postOffice, c.state = a.Pincode.fv(q+"pincode"), a.PostOffice.fv(q+"postOffice"), a.State.fv(q+"state")
		c.street, c.subDistrict, c.vtc = a.Street.fv(q+"street"), a.SubDistrict.fv(q+"subDistrict"), a.VTC.fv(q+"vtc")
		c.photo = d.Image.fv("data.image")
		c.aadhaarFormat = FormatVendorJSON
		c.evidence = "uidai"
		c.checkMethods = []string{"data"}
	}
	switch strings.ToUpper(b.Status.s) {
	case "SUCCESS":
		c.outcome = Verified
	case "FAILURE":
		c.outcome = NotVerified
		if httpError(b.ResponseCode.s) {
			c.outcome = Error
		}
		c.failureCode, c.failureMessage = firstNonEmpty(b.ResponseKey.s, b.ResponseCode.s), b.Message.s
	default:
		c.outcome = Error
		c.warn("unknown_status")
	}
	return build(c, body, opts), nil
}

// --- IDfy ---------------------------------------------------------------

type idfyOutput struct {
	Address        jstr `json:"address"`
	DateOfBirth    jstr `json:"date_of_birth"`
	DOB            jstr `json:"dob"`
	District       jstr `json:"district"`
	FathersName    jstr `json:"fathers_name"`
	RelativesName  jstr `json:"relatives_name"`
	Gender         jstr `json:"gender"`
	HouseNumber    jstr `json:"house_number"`
	IDNumber       jstr `json:"id_number"`
	NameOnCard     jstr `json:"name_on_card"`
	Name           jstr `json:"name"`
	Surname        jstr `json:"surname"`
	Pincode        jstr `json:"pincode"`
	State          jstr `json:"state"`
	City           jstr `json:"city"`
	StreetAddress  jstr `json:"street_address"`
	YearOfBirth    jstr `json:"year_of_birth"`
	Status         jstr `json:"status"`
	FaceImage      jstr `json:"face_image"`
	DLStatus       jstr `json:"dl_status"`
	DateOfIssue    jstr `json:"date_of_issue"`
	NTValidityTo   jstr `json:"nt_validity_to"`
	FileNumber     jstr `json:"file_number"`
	PassportStatus jstr `json:"passport_status"`
	IssuingRTO     jstr `json:"issuing_rto_name"`
}

type idfyBody struct {
	Action      jstr `json:"action"`
	Type        jstr `json:"type"`
	Status      jstr `json:"status"`
	TaskID      jstr `json:"task_id"`
	GroupID     jstr `json:"group_id"`
	RequestID   jstr `json:"request_id"`
	CompletedAt jstr `json:"completed_at"`
	Error       jstr `json:"error"`
	Message     jstr `json:"message"`
	Result      *struct {
		Extraction *idfyOutput `json:"extraction_output"`
		Source     *idfyOutput `json:"source_output"`
	} `json:"result"`
}

// IDfy normalizes an IDfy eve v3 task (ind_aadhaar extract,
// ind_driving_license and ind_passport verify_with_source, and other
// ind_* tasks of the same envelope). completed + id_found (or a completed
// extraction) → verified; id_not_found → not_verified; failed → error;
// in_progress → pending. Document numbers other than the masked Aadhaar
// number are kept masked.
func IDfy(body []byte, opts *Options) (*Record, error) {
	b, err := decodeBody[idfyBody](body, opts)
	if err != nil {
		return nil, err
	}
	c := &core{adapter: "idfy", provider: "idfy", product: b.Type.s + "/" + b.Action.s}
	c.txnID, c.clientRef, c.verifiedAt = b.TaskID.s, b.RequestID.s, b.CompletedAt.s
	var o *idfyOutput
	p := "result."
	if b.Result != nil {
		if o = b.Result.Source; o != nil {
			p += "source_output."
		} else if o = b.Result.Extraction; o != nil {
			p += "extraction_output."
		}
	}
	typ := strings.ToLower(b.Type.s)
	if o != nil {
		if o.Surname.s != "" {
			c.givenName, c.familyName = o.Name.fv(p+"name"), o.Surname.fv(p+"surname")
			c.name = f(joinSpace(o.Name.s, o.Surname.s), p+"name")
		} else if o.NameOnCard.s != "" {
			c.name = o.NameOnCard.fv(p + "name_on_card")
		} else {
			c.name = o.Name.fv(p + "name")
		}
		c.dob = o.DateOfBirth.fv(p + "date_of_birth")
		if c.dob.v == "" {
			c.dob = o.DOB.fv(p + "dob")
		}
		c.yob, c.gender = o.YearOfBirth.fv(p+"year_of_birth"), o.Gender.fv(p+"gender")
		c.careOf = o.FathersName.fv(p + "fathers_name")
		if c.careOf.v == "" {
			c.careOf = o.RelativesName.fv(p + "relatives_name")
		}
		c.addressText, c.district, c.state = o.Address.fv(p+"address"), o.District.fv(p+"district"), o.State.fv(p+"state")
		c.house, c.street, c.pin = o.HouseNumber.fv(p+"house_number"), o.StreetAddress.fv(p+"street_address"), o.Pincode.fv(p+"pincode")
		c.vtc = o.City.fv(p + "city")
		c.photo = o.FaceImage.fv(p + "face_image")
		switch {
		case strings.Contains(typ, "aadhaar"):
			c.uid = o.IDNumber.fv(p + "id_number")
			c.aadhaarFormat = FormatVendorJSON
			c.evidence = "idcard"
		case strings.Contains(typ, "driving"):
			c.documents = []Document{{Type: "driving_permit", NumberMasked: maskDocNumber(o.IDNumber.s), Status: o.DLStatus.s,
				Issuer: o.IssuingRTO.s, DateOfIssue: isoOrEmpty(o.DateOfIssue.s), DateOfExpiry: isoOrEmpty(o.NTValidityTo.s)}}
			c.evidence = "driving_permit"
		case strings.Contains(typ, "passport"):
			c.documents = []Document{{Type: "passport", NumberMasked: maskDocNumber(o.FileNumber.s), Status: o.PassportStatus.s}}
			c.evidence = "passport"
		case strings.Contains(typ, "pan"):
			c.documents = []Document{{Type: "pan", NumberMasked: maskPAN(o.IDNumber.s)}}
			c.evidence = "tax"
		default:
			if o.IDNumber.s != "" {
				c.documents = []Document{{Type: strings.TrimPrefix(typ, "ind_"), NumberMasked: maskDocNumber(o.IDNumber.s)}}
			}
			c.evidence = "idcard"
		}
		c.checkMethods = []string{"data"}
		if b.Result.Source == nil {
			c.checkMethods = []string{"vri"}
		}
	}
	c.status = b.Status.s
	src := ""
	if o != nil {
		src = strings.ToLower(o.Status.s)
	}
	switch strings.ToLower(b.Status.s) {
	case "completed":
		switch src {
		case "id_found", "":
			c.outcome = Verified
		case "id_not_found", "invalid":
			c.outcome = NotVerified
			c.failureCode = o.Status.s
		default:
			c.outcome = NeedsReview
			c.warn("unknown_status")
		}
		if src != "" {
			c.status += "/" + o.Status.s
		}
	case "in_progress", "pending":
		c.outcome = Pending
	case "failed":
		c.outcome, c.failureCode, c.failureMessage = Error, b.Error.s, b.Message.s
	default:
		c.outcome = Error
		c.warn("unknown_status")
	}
	return build(c, body, opts), nil
}

// --- Signzy -------------------------------------------------------------

type signzyBody struct {
	Result *struct {
		Name     jstr `json:"name"`
		UID      jstr `json:"uid"`
		DOB      jstr `json:"dob"`
		Gender   jstr `json:"gender"`
		X509Data *struct {
			ValidAadhaarDSC jbool `json:"validAadhaarDSC"`
		} `json:"x509Data"`
		Address      jstr `json:"address"`
		Photo        jstr `json:"photo"`
		SplitAddress *struct {
			District    jstr `json:"district"`
			State       jstr `json:"state"`
			City        jstr `json:"city"`
			Pincode     jstr `json:"pincode"`
			Country     jstr `json:"country"`
			AddressLine jstr `json:"addressLine"`
			LandMark    jstr `json:"landMark"`
		} `json:"splitAddress"`
	} `json:"result"`
	Error *struct {
		Status  jstr `json:"status"`
		Message jstr `json:"message"`
		Reason  jstr `json:"reason"`
	} `json:"error"`
}

// Signzy normalizes Signzy's DigiLocker e-Aadhaar result (result{name, uid,
// dob DD/MM/YYYY, gender, x509Data.validAadhaarDSC, address,
// splitAddress{…arrays…}, photo URL}). validAadhaarDSC yes → verified
// (Signzy checked the signing certificate), otherwise needs_review; an
// {error:{…}} body → error (not_verified for a 4xx other than auth).
func Signzy(body []byte, opts *Options) (*Record, error) {
	b, err := decodeBody[signzyBody](body, opts)
	if err != nil {
		return nil, err
	}
	c := &core{adapter: "signzy", provider: "signzy", product: "digilocker/eaadhaar"}
	if r := b.Result; r != nil {
		c.name, c.uid, c.dob = r.Name.fv("result.name"), r.UID.fv("result.uid"), r.DOB.fv("result.dob")
		c.gender, c.addressText, c.photo = r.Gender.fv("result.gender"), r.Address.fv("result.address"), r.Photo.fv("result.photo")
		if s := r.SplitAddress; s != nil {
			p := "result.splitAddress."
			c.district, c.state, c.vtc = s.District.fv(p+"district[0]"), s.State.fv(p+"state[0][0]"), s.City.fv(p+"city[0]")
			c.pin, c.country, c.landmark = s.Pincode.fv(p+"pincode"), s.Country.fv(p+"country[0]"), s.LandMark.fv(p+"landMark")
		}
		c.aadhaarFormat = FormatKycResXML
		c.evidence = "uidai"
		c.outcome = NeedsReview
		c.status = "dsc_not_checked"
		if x := r.X509Data; x != nil && x.ValidAadhaarDSC.set {
			c.sigVerified = ptr(x.ValidAadhaarDSC.v)
			if x.ValidAadhaarDSC.v {
				c.outcome, c.status = Verified, "validAadhaarDSC=yes"
				c.checkMethods = []string{"vcrypt"}
			} else {
				c.outcome, c.status = NotVerified, "validAadhaarDSC=no"
			}
		}
	}
	if e := b.Error; e != nil {
		c.outcome = Error
		if !httpError(e.Status.s) && len(e.Status.s) == 3 && e.Status.s[0] == '4' {
			c.outcome = NotVerified
		}
		c.status, c.failureCode, c.failureMessage = e.Status.s, e.Reason.s, e.Message.s
	}
	if b.Result == nil && b.Error == nil {
		c.outcome = Error
		c.warn("unknown_status")
	}
	return build(c, body, opts), nil
}
