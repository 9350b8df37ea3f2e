package normalize

import (
	"strconv"
	"strings"
	"time"
)

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
	// OVSE Init (the session's launch targets; jwt and the URLs are not kept).
	LaunchURL jstr `json:"launch_url"`
	IntentURL jstr `json:"intent_url"`
	QRBase64  jstr `json:"qr_base64"`
	ExpiresAt jstr `json:"expires_at"`
	// Error bodies: {"detail", "message"} and {"error"}.
	Detail jstr `json:"detail"`
	Error  jstr `json:"error"`
}

// OVSE normalizes a KwikID-style OVSE body
// (doc.app.getkwikid.com/docs/API/VerificationAPIList/verify-ovse-status
// and verify-ovse-init): a status body (session_status pending | completed
// | failed | expired, the aggregator's name/dob/gender/mobile/full_address/
// user_photo, verified_at in Unix seconds or RFC 3339, the credential
// claims in result, failure_code and failure_message), an init body
// (session_id, txn, launch URLs, expires_at), or an error body
// ({"detail", "message"} or {"error"}). A body wrapped in {"data": …} is
// accepted.
//
// Outcomes: completed (and success not false) → verified; completed with
// success false, failed, expired → not_verified; pending, and an init
// body → pending (poll the status); an error body → error, classified by
// the HTTP status the caller gives ([UsingResponse]: the documented 401,
// 404 and 500 give auth, not_found and internal, retryable) since the
// body carries no code of its own; any other status → error with the
// warning unknown_status. The aggregator verified the credential, not
// normalize. The PIN (and the state, when it is one) of full_address come
// into the address when no structured claim gives them.
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
	if o.VerifiedAt.num {
		c.verifiedAt = unixTime(o.VerifiedAt.s)
	}
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
	c.aadhaarFormat = FormatSDJWT
	c.evidence = "uidai"
	c.checkMethods = []string{"vcrypt", "bvr"}
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
	case "":
		switch {
		case o.SessionID.s != "" && (o.LaunchURL.s != "" || o.IntentURL.s != "" || o.QRBase64.s != "" || o.ExpiresAt.s != ""):
			// OVSE Init: the session exists and waits for the resident.
			c.product, c.outcome = "ovse-init", Pending
		case o.Error.s != "" || o.Message.s != "" || o.Detail.s != "":
			c.outcome = Error
			c.failureMessage = firstNonEmpty(o.Message.s, o.Error.s)
			if o.Detail.s != c.failureMessage {
				c.failureReason = o.Detail.s
			}
		default:
			c.outcome = Error
			c.warn("unknown_status")
		}
	default:
		c.outcome = Error
		c.warn("unknown_status")
	}
	return build(c, body, opts), nil
}

// unixTime turns Unix seconds (or milliseconds, for 13 digits and more)
// into RFC 3339 UTC; other text passes unchanged.
func unixTime(s string) string {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	switch {
	case err != nil || n <= 0:
		return s
	case n >= 1e12:
		return time.UnixMilli(n).UTC().Format(time.RFC3339Nano)
	}
	return time.Unix(n, 0).UTC().Format(time.RFC3339)
}
