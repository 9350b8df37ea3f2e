package normalize

import "strings"

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
			cashfreeOutcome(b.Status.s, b.Message.s, b.Code.s, c)
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
	cashfreeOutcome(b.Status.s, b.Message.s, b.Code.s, c)
	if c.outcome != Verified {
		c.failureCode, c.failureMessage = firstNonEmpty(b.Code.s, b.Status.s), b.Message.s
	}
	c.aadhaarFormat = FormatVendorJSON
	c.evidence = "uidai"
	c.checkMethods = []string{"auth"}
	return build(c, body, opts), nil
}

// cashfreeOutcome sets the outcome of a Cashfree status and message, and
// the class of its errors: "Insufficient balance" inside a SUCCESS is a
// quota error; a "verification attempt failed" inside one is an internal,
// retryable error; ERROR is classified by the code.
func cashfreeOutcome(status, msg, code string, c *core) {
	m := strings.ToLower(msg)
	switch strings.ToUpper(strings.TrimSpace(status)) {
	case "VALID", "SUCCESS":
		switch {
		case strings.Contains(m, "insufficient balance"):
			c.fail(ClassQuota, false)
		case strings.Contains(m, "attempt failed"):
			c.fail(ClassInternal, true)
		default:
			c.outcome = Verified
		}
	case "INVALID", "AADHAAR_NOT_LINKED", "NOT_LINKED", "FAILED":
		c.outcome = NotVerified
	case "PENDING", "IN_PROGRESS":
		c.outcome = Pending
	case "ERROR":
		c.failCode(code, msg)
	default:
		c.outcome = Error
		c.warn("unknown_status")
	}
}
