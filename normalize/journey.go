package normalize

import (
	"strconv"
	"strings"
)

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
	Pincode  jstr `json:"pincode"`
	Photo    jstr `json:"photo"`
	Mobile   jstr `json:"mobile"`
	Source   jstr `json:"source"`
	Decision jstr `json:"decision"` // the key's own decision
}

type journeyBody struct {
	TransactionID        jstr `json:"transaction_id"`
	JourneyTransactionID jstr `json:"journey_transaction_id"`
	JourneyID            jstr `json:"journey_id"`
	Status               jstr `json:"status"`
	StatusCode           jstr `json:"status_code"`
	Decision             jstr `json:"decision"`
	ReferenceID          jstr `json:"reference_id"`
	Message              jstr `json:"message"`
	Reason               jstr `json:"reason"`
	Data                 struct {
		Keys struct {
			Aadhaar []journeyAadhaar `json:"aadhaar"`
		} `json:"keys"`
	} `json:"data"`
}

// journeyErrors are the status_code words of the Aadhaar OTP journey's
// status table (developer.equal.in/reference/aadhaar-otp-verification)
// that are errors, not verdicts: HTTP 400 invalid_request, 401
// invalid_credentials and 500 internal_server_error ("Something went
// wrong, please try again."). The table's HTTP 200 failures
// invalid_aadhaar_no and document_not_found are verdicts about the number
// given: not_verified.
var journeyErrors = map[string]struct {
	class ErrorClass
	retry bool
}{
	"invalid_request":       {ClassInvalidRequest, false},
	"invalid_credentials":   {ClassAuth, false},
	"internal_server_error": {ClassInternal, true},
}

// Journey normalizes an Equal-style journey output
// (developer.equal.in/reference/aadhaar-otp-verification): transaction_id,
// journey_transaction_id, journey_id (the journey's configuration), status
// SUCCESS | FAILURE | IN_PROGRESS, status_code and message from the
// journey's status table, decision CLEAR | MUST REVIEW | NEEDS REVIEW, and
// the identity in data.keys.aadhaar[] (name, dob, gender, aadhaar_no,
// care_of, address, split_address, pincode, photo, and a decision of its
// own).
//
// Outcomes: SUCCESS with CLEAR (and no key-level review decision) →
// verified; SUCCESS with a review decision at either level, or with none →
// needs_review; FAILURE → not_verified when status_code is a verdict
// (invalid_aadhaar_no, document_not_found), error when it is one of the
// table's errors (invalid_request → invalid_request, invalid_credentials →
// auth, internal_server_error → internal, retryable) or an HTTP-like
// number; IN_PROGRESS → pending. The table's 429 and 503 carry no body:
// pass the status to [UsingResponse]. transaction_id is kept as
// Source.TxnID, journey_transaction_id as Source.SessionID, and journey_id
// in Source.Product ("journey/<journey_id>"). Only the first aadhaar[]
// entry is used; more give the warning multiple_aadhaar_entries.
func Journey(body []byte, opts *Options) (*Record, error) {
	j, err := decodeBody[journeyBody](body, opts)
	if err != nil {
		return nil, err
	}
	c := &core{adapter: "journey", provider: "equal", product: "journey"}
	if id := strings.TrimSpace(j.JourneyID.s); id != "" {
		c.product = "journey/" + id
	}
	c.txnID, c.sessionID, c.clientRef = j.TransactionID.s, j.JourneyTransactionID.s, j.ReferenceID.s
	keyDecision := ""
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
		keyDecision = a.Decision.s
		if n > 1 {
			c.warn("multiple_aadhaar_entries")
		}
		c.aadhaarFormat = FormatVendorJSON
		c.evidence = "uidai"
		c.checkMethods = []string{"data"}
	}
	st := strings.ToUpper(strings.TrimSpace(j.Status.s))
	dec, keyDec := journeyDecision(j.Decision.s), journeyDecision(keyDecision)
	c.status, c.decision = j.Status.s, j.Decision.s
	if c.decision == "" {
		c.decision = keyDecision
	}
	code := strings.TrimSpace(j.StatusCode.s)
	switch st {
	case "SUCCESS", "COMPLETED":
		switch {
		case dec == "MUST REVIEW" || dec == "NEEDS REVIEW":
			c.outcome = NeedsReview
		case keyDec == "MUST REVIEW" || keyDec == "NEEDS REVIEW":
			// A review asked for on the identity itself is not cleared by
			// a CLEAR on the journey.
			c.outcome = NeedsReview
			c.warn("key_decision_review")
		case dec == "CLEAR":
			c.outcome = Verified
		default:
			c.outcome = NeedsReview
			c.warn("decision_missing")
		}
	case "FAILURE", "FAILED":
		c.outcome = NotVerified
		if e, ok := journeyErrors[strings.ToLower(code)]; ok {
			c.fail(e.class, e.retry)
		} else if _, err := strconv.Atoi(code); err == nil && httpError(code) {
			c.failCode(code)
		}
		c.failureCode, c.failureMessage = code, firstNonEmpty(j.Message.s, j.Reason.s)
		if j.Message.s != "" {
			c.failureReason = j.Reason.s
		}
	case "IN_PROGRESS", "PENDING", "INITIATED":
		c.outcome = Pending
	default:
		c.outcome = Error
		c.warn("unknown_status")
	}
	return build(c, body, opts), nil
}

// journeyDecision folds a decision word: upper case, one space between
// words ("must_review" → "MUST REVIEW").
func journeyDecision(s string) string {
	return strings.ToUpper(strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '_' }), " "))
}
