package normalize

import "strings"

type journeyAadhaar struct {
	Name      jstr `json:"name"`
	DOB       jstr `json:"dob"`
	Gender    jstr `json:"gender"`
	AadhaarNo jstr `json:"aadhaar_no"`
	CareOf    jstr `json:"care_of"`
	Address   jstr `json:"address"` // a string; an object goes to Addr
	Addr      *struct {
		House, Street, Landmark, Locality, VTC, District, State, Country jstr
		SubDistrict                                                      jstr `json:"sub_district"`
		PostOffice                                                       jstr `json:"post_office"`
		Pincode                                                          jstr `json:"pincode"`
	} `json:"split_address"`
	Pincode jstr `json:"pincode"`
	Photo   jstr `json:"photo"`
	Mobile  jstr `json:"mobile"`
	Source  jstr `json:"source"`
}

type journeyBody struct {
	Status      jstr `json:"status"`
	StatusCode  jstr `json:"status_code"`
	Decision    jstr `json:"decision"`
	JourneyID   jstr `json:"journey_id"`
	ReferenceID jstr `json:"reference_id"`
	Message     jstr `json:"message"`
	Reason      jstr `json:"reason"`
	Data        struct {
		Keys struct {
			Aadhaar []journeyAadhaar `json:"aadhaar"`
		} `json:"keys"`
	} `json:"data"`
}

// Journey normalizes an Equal-style journey output: status SUCCESS |
// FAILURE | IN_PROGRESS, status_code, decision CLEAR | MUST REVIEW | NEEDS
// REVIEW, and the identity in data.keys.aadhaar[] (name, dob, gender,
// aadhaar_no, care_of, address, split_address, pincode, photo). SUCCESS with
// CLEAR → verified; SUCCESS with a review decision, or with none →
// needs_review; FAILURE → not_verified (error when status_code is a
// request or server fault); IN_PROGRESS → pending. Only the first
// aadhaar[] entry is used; more give the warning multiple_aadhaar_entries.
// No public documentation of this shape exists; it follows the team's
// seed output.
func Journey(body []byte, opts *Options) (*Record, error) {
	j, err := decodeBody[journeyBody](body, opts)
	if err != nil {
		return nil, err
	}
	c := &core{adapter: "journey", provider: "equal", product: "journey"}
	c.txnID, c.clientRef = j.JourneyID.s, j.ReferenceID.s
	if n := len(j.Data.Keys.Aadhaar); n > 0 {
		a := j.Data.Keys.Aadhaar[0]
		p := "data.keys.aadhaar[0]."
		c.name, c.dob, c.gender = a.Name.fv(p+"name"), a.DOB.fv(p+"dob"), a.Gender.fv(p+"gender")
		c.uid, c.careOf = a.AadhaarNo.fv(p+"aadhaar_no"), a.CareOf.fv(p+"care_of")
		c.addressText, c.pin = a.Address.fv(p+"address"), a.Pincode.fv(p+"pincode")
		c.photo, c.mobile = a.Photo.fv(p+"photo"), a.Mobile.fv(p+"mobile")
		if s := a.Addr; s != nil {
			sp := p + "split_address."
			c.house, c.street, c.landmark = s.House.fv(sp+"house"), s.Street.fv(sp+"street"), s.Landmark.fv(sp+"landmark")
			c.locality, c.vtc, c.district = s.Locality.fv(sp+"locality"), s.VTC.fv(sp+"vtc"), s.District.fv(sp+"district")
			c.state, c.country = s.State.fv(sp+"state"), s.Country.fv(sp+"country")
			c.subDistrict, c.postOffice = s.SubDistrict.fv(sp+"sub_district"), s.PostOffice.fv(sp+"post_office")
			if s.Pincode.s != "" {
				c.pin = s.Pincode.fv(sp + "pincode")
			}
		}
		if n > 1 {
			c.warn("multiple_aadhaar_entries")
		}
		c.aadhaarFormat = FormatVendorJSON
		c.evidence = "uidai"
		c.checkMethods = []string{"data"}
	}
	st := strings.ToUpper(strings.TrimSpace(j.Status.s))
	dec := strings.ToUpper(strings.Join(strings.FieldsFunc(j.Decision.s, func(r rune) bool { return r == ' ' || r == '_' }), " "))
	c.status, c.decision = j.Status.s, j.Decision.s
	switch st {
	case "SUCCESS", "COMPLETED":
		switch dec {
		case "CLEAR":
			c.outcome = Verified
		case "MUST REVIEW", "NEEDS REVIEW":
			c.outcome = NeedsReview
		default:
			c.outcome = NeedsReview
			c.warn("decision_missing")
		}
	case "FAILURE", "FAILED":
		c.outcome = NotVerified
		if httpError(j.StatusCode.s) {
			c.outcome = Error
		}
		c.failureCode, c.failureMessage = j.StatusCode.s, firstNonEmpty(j.Reason.s, j.Message.s)
	case "IN_PROGRESS", "PENDING", "INITIATED":
		c.outcome = Pending
	default:
		c.outcome = Error
		c.warn("unknown_status")
	}
	return build(c, body, opts), nil
}
