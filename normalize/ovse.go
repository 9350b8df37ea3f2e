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
