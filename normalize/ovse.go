package normalize

import "strings"

// OVSEStatus is an OVSE (Aadhaar-app credential exchange) session status
// as aggregators report it in session_status.
type OVSEStatus string

// Session statuses.
const (
	OVSEPending   OVSEStatus = "pending"
	OVSECompleted OVSEStatus = "completed"
	OVSEFailed    OVSEStatus = "failed"
	OVSEExpired   OVSEStatus = "expired"
)

// IsTerminal reports whether the session will not change any more:
// completed, failed and expired are terminal; pending (and any status not
// listed) is not, so a poller keeps polling until its own deadline.
func (s OVSEStatus) IsTerminal() bool {
	switch OVSEStatus(strings.ToLower(string(s))) {
	case OVSECompleted, OVSEFailed, OVSEExpired:
		return true
	}
	return false
}

// ovseBody is a KwikID-style OVSE status response: the aggregator's
// normalized fields at top level and the credential's claims in result.
type ovseBody struct {
	Success           jbool     `json:"success"`
	SessionID         jstr      `json:"session_id"`
	Txn               jstr      `json:"txn"`
	ClientReferenceID jstr      `json:"client_reference_id"`
	SessionStatus     jstr      `json:"session_status"`
	VerifiedAt        jstr      `json:"verified_at"`
	Name              jstr      `json:"name"`
	DOB               jstr      `json:"dob"`
	Gender            jstr      `json:"gender"`
	Mobile            jstr      `json:"mobile"`
	FullAddress       jstr      `json:"full_address"`
	UserPhoto         jstr      `json:"user_photo"`
	FailureCode       jstr      `json:"failure_code"`
	FailureMessage    jstr      `json:"failure_message"`
	Message           jstr      `json:"message"`
	Result            *sdjwt    `json:"result"`
	Data              *ovseBody `json:"data"`
}

// sdjwt is the resident claim set of a UIDAI SD-JWT VC in JSON.
type sdjwt struct {
	UID          jstr `json:"uid"`
	Name         jstr `json:"name"`
	LocalName    jstr `json:"local_name"`
	DOB          jstr `json:"dob"`
	Gender       jstr `json:"gender"`
	Mobile       jstr `json:"mobile"`
	MaskedMobile jstr `json:"masked_mobile"`
	Email        jstr `json:"email"`
	MaskedEmail  jstr `json:"masked_email"`
	CareOf       jstr `json:"care_of"`
	Building     jstr `json:"building"`
	Street       jstr `json:"street"`
	Landmark     jstr `json:"landmark"`
	Locality     jstr `json:"locality"`
	VTC          jstr `json:"vtc"`
	SubDistrict  jstr `json:"sub_district"`
	District     jstr `json:"district"`
	State        jstr `json:"state"`
	Pincode      jstr `json:"pincode"`
	PoName       jstr `json:"po_name"`
	Address      jstr `json:"address"`
	Photo        jstr `json:"photo"`
	Iss          jstr `json:"iss"`
	Iat          jstr `json:"iat"`
}

// fill maps SD-JWT claims under path prefix p onto c without overwriting
// what c already has.
func (s *sdjwt) fill(c *core, p string) {
	set := func(dst *fv, v jstr, name string) {
		if dst.v == "" && v.s != "" {
			*dst = v.fv(p + name)
		}
	}
	set(&c.uid, s.UID, "uid")
	set(&c.name, s.Name, "name")
	set(&c.localName, s.LocalName, "local_name")
	set(&c.dob, s.DOB, "dob")
	set(&c.gender, s.Gender, "gender")
	set(&c.mobile, s.Mobile, "mobile")
	set(&c.maskedMobile, s.MaskedMobile, "masked_mobile")
	set(&c.email, s.Email, "email")
	set(&c.maskedEmail, s.MaskedEmail, "masked_email")
	set(&c.careOf, s.CareOf, "care_of")
	set(&c.house, s.Building, "building")
	set(&c.street, s.Street, "street")
	set(&c.landmark, s.Landmark, "landmark")
	set(&c.locality, s.Locality, "locality")
	set(&c.vtc, s.VTC, "vtc")
	set(&c.subDistrict, s.SubDistrict, "sub_district")
	set(&c.district, s.District, "district")
	set(&c.state, s.State, "state")
	set(&c.pin, s.Pincode, "pincode")
	set(&c.postOffice, s.PoName, "po_name")
	set(&c.addressText, s.Address, "address")
	set(&c.photo, s.Photo, "photo")
}

// OVSE normalizes a KwikID-style OVSE status body (session_status pending |
// completed | failed | expired, the aggregator's name/dob/gender/mobile/
// full_address/user_photo, the credential claims in result, failure_code and
// failure_message). A body wrapped in {"data": …} is accepted. Outcomes:
// completed (and success not false) → verified; completed with success
// false, failed, expired → not_verified; pending → pending; any other
// status → error with the warning unknown_status. The aggregator verified
// the credential, not normalize.
func OVSE(body []byte, opts *Options) (*Record, error) {
	o, err := decodeBody[ovseBody](body, opts)
	if err != nil {
		return nil, err
	}
	p := ""
	if o.SessionStatus.s == "" && o.Data != nil {
		o, p = o.Data, "data."
	}
	c := &core{adapter: "ovse", provider: "ovse-aggregator", product: "ovse-status"}
	c.sessionID, c.txnID, c.clientRef = o.SessionID.s, o.Txn.s, o.ClientReferenceID.s
	c.verifiedAt = o.VerifiedAt.s
	c.name = o.Name.fv(p + "name")
	c.dob = o.DOB.fv(p + "dob")
	c.gender = o.Gender.fv(p + "gender")
	c.mobile = o.Mobile.fv(p + "mobile")
	c.addressText = o.FullAddress.fv(p + "full_address")
	c.photo = o.UserPhoto.fv(p + "user_photo")
	if o.Result != nil {
		o.Result.fill(c, p+"result.")
	}
	st := OVSEStatus(strings.ToLower(strings.TrimSpace(o.SessionStatus.s)))
	c.status = o.SessionStatus.s
	c.failureCode = o.FailureCode.s
	c.failureMessage = firstNonEmpty(o.FailureMessage.s, o.Message.s)
	switch st {
	case OVSECompleted:
		if o.Success.set && !o.Success.v {
			c.outcome = NotVerified
		} else {
			c.outcome = Verified
		}
	case OVSEFailed, OVSEExpired:
		c.outcome = NotVerified
	case OVSEPending, "initiated", "in_progress", "created":
		c.outcome = Pending
	default:
		c.outcome = Error
		c.warn("unknown_status")
	}
	c.aadhaarFormat = FormatSDJWT
	c.evidence = "uidai"
	c.checkMethods = []string{"vcrypt", "bvr"}
	return build(c, body, opts), nil
}

// SDJWTResidentJSON normalizes the JSON claim set of a UIDAI Aadhaar
// SD-JWT VC (uid, name, local_name, dob, gender, mobile, care_of, building,
// …, pincode, po_name, address, photo), for example a verifier's output.
// normalize verifies nothing: the outcome is needs_review with the warning
// signature_not_verified; use [FromSDJWTResident] after verifying.
func SDJWTResidentJSON(body []byte, opts *Options) (*Record, error) {
	s, err := decodeBody[sdjwt](body, opts)
	if err != nil {
		return nil, err
	}
	c := sdjwtCore(SDJWTResident{})
	s.fill(c, "")
	return build(c, body, opts), nil
}
