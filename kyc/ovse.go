package kyc

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/kyckit/kyckit/normalize"
)

// OVSEResponse is a KwikID-style OVSE status answer (GET
// /verification/v1/ovse/status/{session_id},
// doc.app.getkwikid.com/docs/API/VerificationAPIList/verify-ovse-status):
// what [OVSE.Status] serves and what a [StatusPoller] reads.
//
// Its JSON form is the seed's, member for member: session_id,
// session_status (pending | completed | failed | expired), txn,
// client_reference_id, success, verified_at (Unix seconds); on completed
// the resident's name, dob (YYYY-MM-DD), gender, mobile, full_address,
// user_photo (base64) and result (the credential's claims); on failed and
// expired failure_code and failure_message. Members without a value are
// left out.
//
// It holds personal data: String, GoString, Format, MarshalText and
// LogValue show the session, its status and which fields are present,
// never a value, for a pointer and a dereferenced value alike; a nil
// pointer logs null. The JSON form above is (*OVSEResponse).MarshalJSON's:
// a bare value (not addressable) encodes its summary.
type OVSEResponse struct {
	SessionID         string               `json:"session_id"`
	SessionStatus     normalize.OVSEStatus `json:"session_status"`
	Txn               string               `json:"txn,omitempty"`
	ClientReferenceID string               `json:"client_reference_id,omitempty"`
	Success           bool                 `json:"success"`
	// VerifiedAt is when the credential was verified (completed only).
	VerifiedAt UnixTime `json:"verified_at,omitzero"`

	// The resident, on completed; absent once the retention policy let
	// an earlier poll have them (see PII).
	Name        string         `json:"name,omitempty"`
	DOB         string         `json:"dob,omitempty"`
	Gender      string         `json:"gender,omitempty"`
	Mobile      string         `json:"mobile,omitempty"`
	FullAddress string         `json:"full_address,omitempty"`
	UserPhoto   string         `json:"user_photo,omitempty"`
	Result      map[string]any `json:"result,omitempty"`

	FailureCode    string `json:"failure_code,omitempty"`
	FailureMessage string `json:"failure_message,omitempty"`

	// Record is the resident as a normalize record, when this answer
	// carries the resident (server side, [OVSE.Status]): mapped at the
	// callback from the verified credential ([SDJWTResident]), so its
	// outcome is verified on kyckit's own signature check. It is not part
	// of the JSON body.
	Record *normalize.Record `json:"-"`
	// PII says whether the resident's fields are in this answer, and if
	// not, why. It travels in the Kyckit-PII response header, not in the
	// body (the body keeps the seed's shape).
	PII PIIState `json:"-"`
	// HTTPStatus is the status the answer came with (client side).
	HTTPStatus int `json:"-"`
	// Raw is the body as received (client side), for normalize.OVSE.
	Raw []byte `json:"-"`
}

// PIIState says why a completed answer does or does not carry the
// resident's fields.
type PIIState string

// The PII states, as the Kyckit-PII header carries them.
const (
	// PIINone: no personal data belongs in this answer (pending, failed,
	// expired).
	PIINone PIIState = "none"
	// PIIDelivered: the personal data is in this answer; under the
	// read-once policy no later poll will have it.
	PIIDelivered PIIState = "delivered"
	// PIIAvailable: the personal data is in this answer and later polls
	// within the retention period have it too.
	PIIAvailable PIIState = "available"
	// PIIConsumed: an earlier poll received the personal data (read once).
	PIIConsumed PIIState = "consumed"
	// PIIErased: the policy erased it at completion (retention off) or on
	// request.
	PIIErased PIIState = "erased"
	// PIIExpired: its retention period ended.
	PIIExpired PIIState = "expired"
	// PIIHeld: a legal hold keeps it sealed and unreadable.
	PIIHeld PIIState = "held"
)

// PIIHeader is the response header that carries [OVSEResponse.PII].
const PIIHeader = "Kyckit-PII"

// UnixTime is a time that travels as whole Unix seconds (a JSON number).
type UnixTime struct{ time.Time }

// MarshalJSON writes whole Unix seconds.
func (t UnixTime) MarshalJSON() ([]byte, error) {
	return strconv.AppendInt(nil, t.Unix(), 10), nil
}

// UnmarshalJSON reads Unix seconds (a number, or a string of digits) or
// an RFC 3339 string; null leaves the zero time.
func (t *UnixTime) UnmarshalJSON(b []byte) error {
	s := string(bytes.TrimSpace(b))
	if s == "null" {
		return nil
	}
	if u, err := strconv.Unquote(s); err == nil {
		if tm, err := time.Parse(time.RFC3339, u); err == nil {
			t.Time = tm
			return nil
		}
		s = u
	}
	n, err := strconv.ParseFloat(s, 64)
	if err != nil || n < 0 || n > 1e11 {
		return fmt.Errorf("%w: %q is not a time", ErrResponse, "verified_at")
	}
	t.Time = time.Unix(int64(n), 0).UTC()
	return nil
}

// IsZero reports whether t is the zero time (omitzero uses it).
func (t UnixTime) IsZero() bool { return t.Time.IsZero() }

// Terminal reports whether the session will not change any more.
func (r *OVSEResponse) Terminal() bool { return r.SessionStatus.IsTerminal() }

// Normalize returns Record when r has one, and otherwise maps r onto a
// normalize.Record through normalize.OVSE (the aggregator verified the
// credential, not normalize: the record says so);
// its Result.Decision says what to do next (clear for a completed,
// successful session, reject for failed and expired, retry for pending).
// It reads Raw when set, else r's JSON form.
func (r *OVSEResponse) Normalize(opts *normalize.Options) (*normalize.Record, error) {
	if r.Record != nil {
		return r.Record, nil
	}
	body := r.Raw
	if body == nil {
		var err error
		if body, err = json.Marshal(r); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrResponse, err)
		}
	}
	return normalize.OVSE(body, opts)
}

// LogValue implements slog.LogValuer without personal data; null for a
// nil r. (A pointer receiver: slog would call a value receiver's method
// on a nil pointer and log "LogValue panicked".)
func (r *OVSEResponse) LogValue() slog.Value {
	if r == nil {
		return slog.AnyValue(nil)
	}
	var present []string
	for _, f := range []struct {
		name string
		set  bool
	}{{"name", r.Name != ""}, {"dob", r.DOB != ""}, {"gender", r.Gender != ""}, {"mobile", r.Mobile != ""},
		{"full_address", r.FullAddress != ""}, {"user_photo", r.UserPhoto != ""}, {"result", len(r.Result) > 0}} {
		if f.set {
			present = append(present, f.name)
		}
	}
	return slog.GroupValue(slog.String("session_id", r.SessionID), slog.String("session_status", string(r.SessionStatus)),
		slog.Bool("success", r.Success), slog.String("failure_code", r.FailureCode), slog.String("pii", string(r.PII)),
		slog.String("fields", strings.Join(present, ",")))
}

// String implements fmt.Stringer without personal data.
func (r OVSEResponse) String() string { return "kyc.OVSEResponse" + r.LogValue().String() }

// GoString implements fmt.GoStringer without personal data.
func (r OVSEResponse) GoString() string { return r.String() }

// Format prints r as String does for every verb.
func (r OVSEResponse) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(r.String())) }

// MarshalText returns the summary String does: how a dereferenced value
// logs (slog's handlers use it) and encodes.
func (r OVSEResponse) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// ovseResponseJSON is OVSEResponse without its methods.
type ovseResponseJSON OVSEResponse

// MarshalJSON writes the seed's JSON form (see [OVSEResponse]).
func (r *OVSEResponse) MarshalJSON() ([]byte, error) {
	if r == nil {
		return []byte("null"), nil
	}
	return json.Marshal((*ovseResponseJSON)(r))
}

// ovsePII is the personal part of a completed answer, as the vault keeps
// it (sealed, under the retention policy).
type ovsePII struct {
	Name        string         `json:"name,omitempty"`
	DOB         string         `json:"dob,omitempty"`
	Gender      string         `json:"gender,omitempty"`
	Mobile      string         `json:"mobile,omitempty"`
	FullAddress string         `json:"full_address,omitempty"`
	UserPhoto   string         `json:"user_photo,omitempty"`
	Result      map[string]any `json:"result,omitempty"`
	// Record is the normalized resident, mapped at the callback.
	Record *normalize.Record `json:"record,omitempty"`
}

func (p *ovsePII) into(r *OVSEResponse) {
	r.Name, r.DOB, r.Gender, r.Mobile, r.FullAddress, r.UserPhoto, r.Result, r.Record =
		p.Name, p.DOB, p.Gender, p.Mobile, p.FullAddress, p.UserPhoto, p.Result, p.Record
}

// The paths of the seed's API, as [OVSE.Handler] serves them.
const (
	// InitPath creates a session (POST).
	InitPath = "/verification/v1/ovse/init"
	// StatusPath is followed by the session id (GET).
	StatusPath = "/verification/v1/ovse/status/"
	// CallbackPath receives the Aadhaar app's callback (POST).
	CallbackPath = "/verification/v1/ovse/callback"
)
