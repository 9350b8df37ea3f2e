package onekosmos

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"reflect"
	"strconv"
	"strings"
)

// PollResult is a decrypted 1Kosmos ID-verification poll result. Exactly one
// of Pending, Final and V1 is set: which one says only which JSON shape
// 1Kosmos sent. Read the session's state from [PollResult.Status],
// [PollResult.Verification], [PollResult.Done] and [PollResult.Succeeded],
// never from which field is set. It holds personal data: String and
// LogValue mask names and numbers and never print images.
type PollResult struct {
	// Pending is the short v3 form {"responseStatus", "id"} that 1Kosmos
	// sends while a session has no result yet ("INPROGRESS"). Its status
	// may be any session status.
	Pending *PendingResult
	// Final is a v3 result with a sessionResult (the session's result
	// word, document, errorInfo…).
	Final *FinalResult
	// V1 is a result of the older /document_share_session/result endpoint
	// (responseStatus with sessionId, dl_object, liveid_object…).
	V1 *V1Result
}

// ParsePollResult parses the plaintext of a poll response, as returned by
// [DecryptResponse]. The shape is chosen by its members:
//
//   - sessionResult present: [FinalResult];
//   - responseStatus with any of sessionId, dl_object, ppt_object,
//     idcard_object, liveid_object, token or metadata: [V1Result];
//   - responseStatus otherwise: [PendingResult].
//
// Anything else, or members of the wrong JSON type, is [ErrResponse].
// Unknown members are ignored.
func ParsePollResult(plaintext []byte) (*PollResult, error) {
	if len(plaintext) > MaxResponseSize {
		return nil, fmt.Errorf("%w: result over %d bytes", ErrTooLarge, MaxResponseSize)
	}
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(plaintext, &probe); err != nil || probe == nil {
		return nil, fmt.Errorf("%w: result is not a JSON object", ErrResponse)
	}
	has := func(k string) bool { v, ok := probe[k]; return ok && !bytes.Equal(v, []byte("null")) }
	switch {
	case has("sessionResult"):
		var f FinalResult
		if err := json.Unmarshal(plaintext, &f); err != nil {
			return nil, fmt.Errorf("%w: final result: %s", ErrResponse, jsonField(err))
		}
		return &PollResult{Final: &f}, nil
	case has("responseStatus") && (has("sessionId") || has("dl_object") || has("ppt_object") || has("idcard_object") ||
		has("liveid_object") || has("token") || has("metadata")):
		var v V1Result
		if err := json.Unmarshal(plaintext, &v); err != nil {
			return nil, fmt.Errorf("%w: v1 result: %s", ErrResponse, jsonField(err))
		}
		return &PollResult{V1: &v}, nil
	case has("responseStatus"):
		var p PendingResult
		if err := json.Unmarshal(plaintext, &p); err != nil {
			return nil, fmt.Errorf("%w: pending result: %s", ErrResponse, jsonField(err))
		}
		return &PollResult{Pending: &p}, nil
	}
	return nil, fmt.Errorf("%w: unknown poll result shape", ErrResponse)
}

// jsonField describes a JSON decoding error by the field it failed on,
// never by the value.
func jsonField(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		return "field " + strconv.Quote(te.Field) + " has the wrong type"
	}
	return "malformed JSON"
}

// Status is the session status the result reports: one of the five
// [SessionStatus] values, or "" when it carries no status word this package
// knows (such a result is not [PollResult.Done]). A v3 sessionResult of
// SUCCESS or FAILED is a completed session whose verification passed or
// failed, so its status is [SessionCompleted].
func (r *PollResult) Status() SessionStatus {
	switch {
	case r == nil:
		return ""
	case r.Final != nil:
		return r.Final.Status()
	case r.V1 != nil:
		return r.V1.Status()
	case r.Pending != nil:
		return r.Pending.Status()
	}
	return ""
}

// Verification is the verification status of a completed session: Failed
// when sessionResult is FAILED or any check failed; else Not performed when
// any check was not performed; else Passed when sessionResult is SUCCESS or
// every check passed. It is "" for a session that is not completed, and for
// a completed one that states neither a result word nor a check.
func (r *PollResult) Verification() VerificationStatus {
	switch {
	case r == nil:
		return ""
	case r.Final != nil:
		return r.Final.Verification()
	case r.V1 != nil:
		return r.V1.Verification()
	case r.Pending != nil:
		return r.Pending.Verification()
	}
	return ""
}

// Done reports whether the session ended: its status is Completed, Expired
// or Declined ([SessionStatus.Done]). Pending and In Progress results are
// not done, whichever JSON shape carried them.
func (r *PollResult) Done() bool { return r.Status().Done() }

// Succeeded reports whether the session completed and its verification
// passed: every check Passed, none Failed or Not performed.
func (r *PollResult) Succeeded() bool {
	return r.Status() == SessionCompleted && r.Verification() == VerificationPassed
}

// sessionOf reads a status word of any v3 or v1 member: SUCCESS and FAILED
// (sessionResult, v1 responseStatus "success") mean Completed, anything
// else is parsed as a session status ("" when unknown).
func sessionOf(word string) SessionStatus {
	switch statusKey(word) {
	case "success", "failed", "failure":
		return SessionCompleted
	}
	s, _ := ParseSessionStatus(word)
	return s
}

// verdict is the verification status of a result whose status word is
// word and whose checks are checks (see [PollResult.Verification]).
func verdict(word string, checks ...map[string]VerificationStatus) VerificationStatus {
	if sessionOf(word) != SessionCompleted {
		return ""
	}
	v := overall(checks...)
	switch statusKey(word) {
	case "failed", "failure":
		return VerificationFailed
	case "success":
		if v == "" {
			return VerificationPassed
		}
	}
	return v
}

// LogValue implements slog.LogValuer with masked personal data.
func (r *PollResult) LogValue() slog.Value {
	switch {
	case r == nil:
		return slog.StringValue("<nil>")
	case r.Final != nil:
		return r.Final.LogValue()
	case r.V1 != nil:
		return r.V1.LogValue()
	case r.Pending != nil:
		return r.Pending.LogValue()
	}
	return slog.StringValue("<empty>")
}

// String masks personal data, as LogValue does.
func (r *PollResult) String() string { return r.LogValue().Resolve().String() }

// PendingResult is the short v3 poll result {"responseStatus", "id"}, sent
// while the session has no result yet.
type PendingResult struct {
	ResponseStatus string `json:"responseStatus"` // "INPROGRESS"
	ID             string `json:"id"`             // session id
}

// Status is the session status of ResponseStatus ("" when unknown).
func (p *PendingResult) Status() SessionStatus { return sessionOf(p.ResponseStatus) }

// Verification is the verification status ResponseStatus implies: Passed
// for SUCCESS, Failed for FAILED, else "".
func (p *PendingResult) Verification() VerificationStatus { return verdict(p.ResponseStatus) }

// LogValue implements slog.LogValuer. A pending result holds no personal data.
func (p PendingResult) LogValue() slog.Value {
	return slog.GroupValue(slog.String("responseStatus", p.ResponseStatus), slog.String("id", p.ID))
}

// FinalResult is a v3 poll result with a sessionResult.
type FinalResult struct {
	// SessionResult is 1Kosmos's word, verbatim: "SUCCESS" or "FAILED" in
	// the published samples, or a session status spelled as documented
	// ("Completed", "Expired"…). Read it through [FinalResult.Status] and
	// [FinalResult.Verification].
	SessionResult string        `json:"sessionResult"`
	SessionID     string        `json:"sessionId"`
	SessionData   SessionData   `json:"sessionData"`
	ExtractedInfo ExtractedInfo `json:"extractedInfo"`
	Document      *Document     `json:"document,omitempty"`
	ErrorInfo     *ErrorInfo    `json:"errorInfo,omitempty"`
	// Verifications are session-level checks by name, when 1Kosmos sends
	// them beside the document's own.
	Verifications map[string]VerificationStatus `json:"verifications,omitempty"`
}

// Status is the session status (see [PollResult.Status]).
func (f *FinalResult) Status() SessionStatus { return sessionOf(f.SessionResult) }

// Verification is the verification status of the completed session (see
// [PollResult.Verification]); the document's checks count with the
// session's.
func (f *FinalResult) Verification() VerificationStatus {
	var doc map[string]VerificationStatus
	if f.Document != nil {
		doc = f.Document.Verifications
	}
	return verdict(f.SessionResult, f.Verifications, doc)
}

// Succeeded reports whether the session completed and its verification
// passed (see [PollResult.Succeeded]). A sessionResult of "Completed" with
// a failed or unperformed check has not succeeded.
func (f *FinalResult) Succeeded() bool {
	return f.Status() == SessionCompleted && f.Verification() == VerificationPassed
}

// LogValue implements slog.LogValuer with masked personal data.
func (f FinalResult) LogValue() slog.Value {
	attrs := []slog.Attr{
		slog.String("sessionResult", f.SessionResult),
		slog.String("status", string(f.Status())),
		slog.String("verification", string(f.Verification())),
		slog.String("sessionId", f.SessionID),
		slog.Any("sessionData", f.SessionData),
		slog.Any("extractedInfo", f.ExtractedInfo),
	}
	if f.Document != nil {
		attrs = append(attrs, slog.Any("document", *f.Document))
	}
	if f.ErrorInfo != nil {
		attrs = append(attrs, slog.Any("errorInfo", *f.ErrorInfo))
	}
	return slog.GroupValue(attrs...)
}

// String masks personal data, as LogValue does.
func (f FinalResult) String() string { return f.LogValue().Resolve().String() }

// SessionData echoes what the session was created with.
type SessionData struct {
	User         *User  `json:"user,omitempty"`
	DocumentType string `json:"documentType,omitempty"`
}

// LogValue implements slog.LogValuer with masked personal data.
func (s SessionData) LogValue() slog.Value {
	attrs := []slog.Attr{slog.String("documentType", s.DocumentType)}
	if s.User != nil {
		attrs = append(attrs, slog.Any("user", *s.User))
	}
	return slog.GroupValue(attrs...)
}

// User is the user a session was created for.
type User struct {
	Username  string `json:"username,omitempty"`
	Firstname string `json:"firstname,omitempty"`
	Lastname  string `json:"lastname,omitempty"`
}

// LogValue implements slog.LogValuer with masked personal data.
func (u User) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("username", maskName(u.Username)),
		slog.String("firstname", maskName(u.Firstname)),
		slog.String("lastname", maskName(u.Lastname)),
	)
}

// String masks personal data, as LogValue does.
func (u User) String() string { return u.LogValue().Resolve().String() }

// ExtractedInfo is the summary of what was read from the document.
type ExtractedInfo struct {
	DocumentType string `json:"documentType,omitempty"`
	DocumentID   string `json:"documentId,omitempty"`
	FirstName    string `json:"firstName,omitempty"`
	LastName     string `json:"lastName,omitempty"`
	DOE          string `json:"doe,omitempty"` // date of expiry
}

// LogValue implements slog.LogValuer with masked personal data.
func (e ExtractedInfo) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("documentType", e.DocumentType),
		slog.String("documentId", maskID(e.DocumentID)),
		slog.String("firstName", maskName(e.FirstName)),
		slog.String("lastName", maskName(e.LastName)),
		slog.String("doe", maskDate(e.DOE)),
	)
}

// String masks personal data, as LogValue does.
func (e ExtractedInfo) String() string { return e.LogValue().Resolve().String() }

// Document is the verified identity document. Image, ImageBack and Face are
// base64 JPEGs (tens to hundreds of KB each); they are never logged or
// printed, only their sizes. [Document.DropImages] clears them.
type Document struct {
	Category       string          `json:"category,omitempty"` // "identity_document"
	ProofedBy      string          `json:"proofedBy,omitempty"`
	DocumentType   string          `json:"documentType,omitempty"`
	Type           string          `json:"type,omitempty"`
	Country        string          `json:"country,omitempty"`
	State          string          `json:"state,omitempty"`
	Image          string          `json:"image,omitempty"`
	ImageBack      string          `json:"imageBack,omitempty"`
	Face           string          `json:"face,omitempty"`
	DocumentID     string          `json:"documentId,omitempty"`
	ID             string          `json:"id,omitempty"`
	FirstName      string          `json:"firstName,omitempty"`
	MiddleName     string          `json:"middleName,omitempty"`
	FamilyName     string          `json:"familyName,omitempty"`
	LastName       string          `json:"lastName,omitempty"`
	FullName       string          `json:"fullName,omitempty"`
	ComplianceType string          `json:"complianceType,omitempty"`
	DOB            string          `json:"dob,omitempty"` // date of birth
	DOE            string          `json:"doe,omitempty"` // date of expiry
	DOI            string          `json:"doi,omitempty"` // date of issue
	Gender         string          `json:"gender,omitempty"`
	Address        string          `json:"address,omitempty"` // the address printed on the document
	Street         string          `json:"street,omitempty"`
	City           string          `json:"city,omitempty"`
	PostalCode     string          `json:"postalCode,omitempty"`
	MRZResult      json.RawMessage `json:"mrzResult,omitempty"`
	// ProofJWT is an HS256 JWT from 1Kosmos; integrators cannot verify it.
	ProofJWT string `json:"proof_jwt,omitempty"`
	// Verifications are the document's checks by name (document
	// authenticity, face match, liveness…), each Passed, Failed or Not
	// performed.
	Verifications map[string]VerificationStatus `json:"verifications,omitempty"`
}

// DropImages clears Image, ImageBack and Face, for storing or forwarding a
// result without the document and face images.
func (d *Document) DropImages() { d.Image, d.ImageBack, d.Face = "", "", "" }

// LogValue implements slog.LogValuer with masked personal data. Images are
// shown as their base64 length only.
func (d Document) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("category", d.Category),
		slog.String("documentType", d.DocumentType),
		slog.String("type", d.Type),
		slog.String("country", d.Country),
		slog.String("documentId", maskID(d.DocumentID)),
		slog.String("firstName", maskName(d.FirstName)),
		slog.String("lastName", maskName(d.LastName)),
		slog.String("fullName", maskName(d.FullName)),
		slog.String("dob", maskDate(d.DOB)),
		slog.String("doe", maskDate(d.DOE)),
		slog.Bool("address", d.Address != "" || d.Street != "" || d.City != "" || d.PostalCode != ""),
		slog.Any("verifications", d.Verifications),
		slog.String("image", imageSize(d.Image)),
		slog.String("imageBack", imageSize(d.ImageBack)),
		slog.String("face", imageSize(d.Face)),
		slog.Bool("proofJwt", d.ProofJWT != ""),
	)
}

// String masks personal data, as LogValue does.
func (d Document) String() string { return d.LogValue().Resolve().String() }

// ErrorInfo explains a FAILED session. 1Kosmos spells the code both
// "reason_code" and "reasonCode"; both fill ReasonCode.
type ErrorInfo struct {
	Status     int    `json:"status,omitempty"`
	Message    string `json:"message,omitempty"`
	Reason     string `json:"reason,omitempty"`
	ReasonCode string `json:"reasonCode,omitempty"` // e.g. "IDV0006"
	Type       string `json:"type,omitempty"`
	DocType    string `json:"docType,omitempty"`
	DocID      string `json:"docId,omitempty"`
	TS         int64  `json:"ts,omitempty"` // epoch milliseconds
}

// UnmarshalJSON accepts both reason_code and reasonCode (reasonCode wins if
// both are present) and a status given as a number or a numeric string.
func (e *ErrorInfo) UnmarshalJSON(b []byte) error {
	type plain ErrorInfo
	var aux struct {
		plain
		Status          json.RawMessage `json:"status"`
		ReasonCode      *string         `json:"reasonCode"`
		ReasonCodeSnake *string         `json:"reason_code"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	*e = ErrorInfo(aux.plain)
	switch {
	case aux.ReasonCode != nil:
		e.ReasonCode = *aux.ReasonCode
	case aux.ReasonCodeSnake != nil:
		e.ReasonCode = *aux.ReasonCodeSnake
	}
	if len(aux.Status) > 0 && !bytes.Equal(aux.Status, []byte("null")) {
		s := string(bytes.Trim(aux.Status, `"`))
		v, err := strconv.Atoi(s)
		if err != nil {
			return &json.UnmarshalTypeError{Value: "string", Type: reflect.TypeFor[int](), Field: "errorInfo.status"}
		}
		e.Status = v
	}
	return nil
}

// LogValue implements slog.LogValuer. Message is kept: it is 1Kosmos's text,
// not the user's.
func (e ErrorInfo) LogValue() slog.Value {
	return slog.GroupValue(
		slog.Int("status", e.Status),
		slog.String("reasonCode", e.ReasonCode),
		slog.String("reason", e.Reason),
		slog.String("message", e.Message),
		slog.String("docType", e.DocType),
	)
}

// V1Result is a result of the v1 poll endpoint. Its document objects are
// read as [Document]s (they use the same member names); liveid_object has
// no published schema and is kept raw.
type V1Result struct {
	ResponseStatus string          `json:"responseStatus"` // "inprogress", "success"… compare case-insensitively
	SessionID      string          `json:"sessionId,omitempty"`
	DLObject       *Document       `json:"dl_object,omitempty"`
	PPTObject      *Document       `json:"ppt_object,omitempty"`
	IDCardObject   *Document       `json:"idcard_object,omitempty"`
	LiveIDObject   json.RawMessage `json:"liveid_object,omitempty"`
	// Liveness and FaceMatch are the session's checks.
	Liveness  VerificationStatus `json:"liveness,omitempty"`
	FaceMatch VerificationStatus `json:"faceMatch,omitempty"`
	Token     string             `json:"token,omitempty"`
	Metadata  json.RawMessage    `json:"metadata,omitempty"`
}

// Document returns the document object the result carries (dl_object,
// ppt_object or idcard_object, in that order) and its member name, or nil.
func (v *V1Result) Document() (*Document, string) {
	switch {
	case v.DLObject != nil:
		return v.DLObject, "dl_object"
	case v.PPTObject != nil:
		return v.PPTObject, "ppt_object"
	case v.IDCardObject != nil:
		return v.IDCardObject, "idcard_object"
	}
	return nil, ""
}

// Checks returns the session's checks by name: liveness and face_match
// when given, and the document's verifications.
func (v *V1Result) Checks() map[string]VerificationStatus {
	m := map[string]VerificationStatus{}
	if d, _ := v.Document(); d != nil {
		for k, s := range d.Verifications {
			m[k] = s
		}
	}
	if v.Liveness != "" {
		m["liveness"] = v.Liveness
	}
	if v.FaceMatch != "" {
		m["face_match"] = v.FaceMatch
	}
	return m
}

// Status is the session status of ResponseStatus ("success" is
// Completed).
func (v *V1Result) Status() SessionStatus { return sessionOf(v.ResponseStatus) }

// Verification is the verification status of the completed session (see
// [PollResult.Verification]).
func (v *V1Result) Verification() VerificationStatus { return verdict(v.ResponseStatus, v.Checks()) }

// LogValue implements slog.LogValuer: document objects and the token are
// shown only as present or absent.
func (v V1Result) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("responseStatus", v.ResponseStatus),
		slog.String("sessionId", v.SessionID),
		slog.Bool("dl_object", v.DLObject != nil),
		slog.Bool("ppt_object", v.PPTObject != nil),
		slog.Bool("idcard_object", v.IDCardObject != nil),
		slog.Bool("liveid_object", len(v.LiveIDObject) > 0),
		slog.String("liveness", string(v.Liveness)),
		slog.String("faceMatch", string(v.FaceMatch)),
		slog.Bool("token", v.Token != ""),
		slog.Bool("metadata", len(v.Metadata) > 0),
	)
}

// String masks personal data, as LogValue does.
func (v V1Result) String() string { return v.LogValue().Resolve().String() }

// maskName keeps the first letter: "Asha" → "A***".
func maskName(s string) string {
	if s == "" {
		return ""
	}
	for _, r := range s {
		return string(r) + "***"
	}
	return ""
}

// maskID keeps the last four characters: "P1234567" → "XXXX4567".
func maskID(s string) string {
	r := []rune(s)
	if len(r) <= 4 {
		return strings.Repeat("X", len(r))
	}
	return "XXXX" + string(r[len(r)-4:])
}

// maskDate hides a date entirely.
func maskDate(s string) string {
	if s == "" {
		return ""
	}
	return "REDACTED"
}

// imageSize describes an image by its base64 length only.
func imageSize(s string) string {
	if s == "" {
		return ""
	}
	return "[" + strconv.Itoa(len(s)) + " base64 chars]"
}

// String masks personal data, as LogValue does.
func (s SessionData) String() string { return s.LogValue().Resolve().String() }

// GoString methods make %#v mask personal data too.

// GoString masks personal data, as LogValue does.
func (r *PollResult) GoString() string { return r.String() }

// GoString masks personal data, as LogValue does.
func (f FinalResult) GoString() string { return f.String() }

// GoString masks personal data, as LogValue does.
func (s SessionData) GoString() string { return s.String() }

// GoString masks personal data, as LogValue does.
func (u User) GoString() string { return u.String() }

// GoString masks personal data, as LogValue does.
func (e ExtractedInfo) GoString() string { return e.String() }

// GoString masks personal data, as LogValue does.
func (d Document) GoString() string { return d.String() }

// GoString masks personal data, as LogValue does.
func (v V1Result) GoString() string { return v.String() }
