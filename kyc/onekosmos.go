package kyc

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/kyckit/kyckit/onekosmos"
)

// KosmosSessionStatus is a 1Kosmos ID-verification session status, as
// 1Kosmos's developer portal lists them (developer.1kosmos.com,
// "Postman responses"): Pending, In Progress, Completed, Expired,
// Declined.
//
// The onekosmos package is to gain these enumerations (issue 15); until
// it has them, kyc defines the minimum here.
type KosmosSessionStatus string

// The session statuses.
const (
	KosmosPending    KosmosSessionStatus = "Pending"
	KosmosInProgress KosmosSessionStatus = "In Progress"
	KosmosCompleted  KosmosSessionStatus = "Completed"
	KosmosExpired    KosmosSessionStatus = "Expired"
	KosmosDeclined   KosmosSessionStatus = "Declined"
)

// Terminal reports whether the session will not change any more.
func (s KosmosSessionStatus) Terminal() bool {
	return s == KosmosCompleted || s == KosmosExpired || s == KosmosDeclined
}

// KosmosVerificationStatus is the outcome of a completed session's
// verification: Passed, Failed or Not performed.
type KosmosVerificationStatus string

// The verification statuses.
const (
	KosmosPassed       KosmosVerificationStatus = "Passed"
	KosmosFailed       KosmosVerificationStatus = "Failed"
	KosmosNotPerformed KosmosVerificationStatus = "Not performed"
)

// ParseKosmosSessionStatus reads a session status as 1Kosmos writes it
// anywhere: the portal's names in any case, with spaces, underscores or
// none ("In Progress", "IN_PROGRESS", "INPROGRESS"), and the v3 wire
// values: responseStatus INPROGRESS or PENDING, sessionResult SUCCESS or
// FAILED (a session that ended: Completed). ok is false for anything else.
func ParseKosmosSessionStatus(s string) (KosmosSessionStatus, bool) {
	switch strings.ToUpper(strings.NewReplacer(" ", "", "_", "", "-", "").Replace(strings.TrimSpace(s))) {
	case "PENDING":
		return KosmosPending, true
	case "INPROGRESS":
		return KosmosInProgress, true
	case "COMPLETED", "SUCCESS", "FAILED", "FAILURE":
		return KosmosCompleted, true
	case "EXPIRED":
		return KosmosExpired, true
	case "DECLINED":
		return KosmosDeclined, true
	}
	return "", false
}

// ParseKosmosVerificationStatus reads Passed, Failed or Not performed in
// any case and spacing; ok is false otherwise.
func ParseKosmosVerificationStatus(s string) (KosmosVerificationStatus, bool) {
	switch strings.ToUpper(strings.NewReplacer(" ", "", "_", "", "-", "").Replace(strings.TrimSpace(s))) {
	case "PASSED", "PASS", "SUCCESS":
		return KosmosPassed, true
	case "FAILED", "FAIL", "FAILURE":
		return KosmosFailed, true
	case "NOTPERFORMED":
		return KosmosNotPerformed, true
	}
	return "", false
}

// ClassifyKosmos classifies a 1Kosmos session: Pending and In Progress
// Retry; Completed with Passed Clear, with Failed Reject, with Not
// performed (or no verification status) Review; Expired and Declined
// Reject. An HTTP error status goes through [ClassifyHTTP].
func ClassifyKosmos(httpStatus int, s KosmosSessionStatus, v KosmosVerificationStatus) Classification {
	if httpStatus != 0 && httpStatus/100 != 2 {
		return ClassifyHTTP(httpStatus)
	}
	switch s {
	case KosmosPending, KosmosInProgress:
		return verdict(Retry, string(s), httpStatus)
	case KosmosExpired, KosmosDeclined:
		return verdict(Reject, string(s), httpStatus)
	case KosmosCompleted:
		switch v {
		case KosmosPassed:
			return verdict(Clear, string(v), httpStatus)
		case KosmosFailed:
			return verdict(Reject, string(v), httpStatus)
		}
		c := verdict(Review, string(v), httpStatus)
		c.Known = v == KosmosNotPerformed
		return c
	}
	return Classification{Decision: Review, Final: true, Code: string(s), HTTPStatus: httpStatus}
}

// KosmosClient builds and sends the encrypted requests of 1Kosmos's
// document-verification API (docuverify), decrypts the answers under a
// pinned service key, and types the results. Every request carries the
// caller's public key in clear and, sealed under SharedKey(CallerKey,
// ServiceKey), the license key and a fresh request id; the body is
// {"data": sealed JSON}.
type KosmosClient struct {
	// Client sends the requests; nil means http.DefaultClient. Give it a
	// Timeout.
	Client *http.Client
	// BaseURL is the docuverify service, e.g.
	// "https://acme.1kosmos.net/docuverify" (from GET
	// https://{tenant}/caas/sd). Required.
	BaseURL string
	// LicenseKey is the tenant's license key. Required.
	LicenseKey string
	// AppID goes into the request id. Default "kyckit".
	AppID string
	// DVCID is the document-verification configuration id (dvcID).
	// Required.
	DVCID string
	// CallerKey is this caller's key pair (a fresh one per process or
	// session is fine: 1Kosmos learns it from the publickey header).
	// Required.
	CallerKey *onekosmos.PrivateKey
	// ServiceKey is the docuverify service key (GET {docuverify}/publickeys),
	// pinned: requests are sealed to it, and an answer whose publicKey is
	// any other key is refused ([ErrServiceKey]) before decryption, since
	// 1Kosmos does not sign answers and any key pair would otherwise do.
	// Required.
	ServiceKey *onekosmos.PublicKey
	// Now is the request-id clock; nil means time.Now.
	Now func() time.Time
	// MaxBody caps an answer; 0 means onekosmos.MaxResponseSize.
	MaxBody int64
}

// ErrServiceKey reports a 1Kosmos answer sealed under a key other than the
// pinned service key.
var ErrServiceKey = errors.New("kyc: 1Kosmos answer not from the pinned service key")

// KosmosUser names the user of a session (optional).
type KosmosUser struct {
	Username  string `json:"username,omitempty"`
	FirstName string `json:"firstname,omitempty"`
	LastName  string `json:"lastname,omitempty"`
}

// KosmosSessionRequest is the sessionRequest of a create-session call.
type KosmosSessionRequest struct {
	// TenantDNS and CommunityName name the 1Kosmos tenant. Required.
	TenantDNS     string `json:"tenantDNS"`
	CommunityName string `json:"communityName"`
	// DocumentType is dl_object, ppt_object or idcard_object. Required.
	DocumentType string `json:"documentType"`
	// User, UserUID and DID identify the user; all optional.
	User    *KosmosUser `json:"user,omitempty"`
	UserUID string      `json:"userUID,omitempty"`
	DID     string      `json:"did,omitempty"`
}

// Paths of the docuverify API.
const (
	KosmosCreatePath = "/document_share_session/create"
	KosmosPollPath   = "/v3/document_share_session/result"
)

func (c *KosmosClient) check() error {
	if c.BaseURL == "" || c.LicenseKey == "" || c.DVCID == "" || c.CallerKey == nil || c.ServiceKey == nil {
		return fmt.Errorf("%w: KosmosClient needs BaseURL, LicenseKey, DVCID, CallerKey and ServiceKey", ErrOptions)
	}
	return nil
}

// newRequest builds an encrypted POST of payload to path.
func (c *KosmosClient) newRequest(ctx context.Context, path string, payload any) (*http.Request, error) {
	if err := c.check(); err != nil {
		return nil, err
	}
	plain, err := json.Marshal(payload)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrOptions, err)
	}
	defer clear(plain)
	body, err := onekosmos.EncryptBody(plain, c.CallerKey, c.ServiceKey)
	if err != nil {
		return nil, err
	}
	now := time.Now
	if c.Now != nil {
		now = c.Now
	}
	appID := c.AppID
	if appID == "" {
		appID = "kyckit"
	}
	hdr, err := onekosmos.RequestHeaders(c.LicenseKey, appID, c.CallerKey, c.ServiceKey, now())
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(c.BaseURL, "/")+path, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("%w: BaseURL: %v", ErrOptions, err)
	}
	for k, v := range hdr {
		req.Header[k] = v
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	// The helpers send a literal "charset: utf-8" header besides
	// Content-Type; so do we.
	req.Header.Set("Charset", "utf-8")
	return req, nil
}

// NewCreateSessionRequest builds POST {BaseURL}/document_share_session/create
// with body {"data": E({"dvcID": …, "sessionRequest": s})} and the
// publickey, licensekey, requestid and charset headers.
func (c *KosmosClient) NewCreateSessionRequest(ctx context.Context, s KosmosSessionRequest) (*http.Request, error) {
	if s.TenantDNS == "" || s.CommunityName == "" || s.DocumentType == "" {
		return nil, fmt.Errorf("%w: sessionRequest needs tenantDNS, communityName and documentType", ErrOptions)
	}
	return c.newRequest(ctx, KosmosCreatePath, struct {
		DVCID          string               `json:"dvcID"`
		SessionRequest KosmosSessionRequest `json:"sessionRequest"`
	}{c.DVCID, s})
}

// NewPollRequest builds POST {BaseURL}/v3/document_share_session/result
// with body {"data": E({"dvcID": …, "sessionId": …})} and the same headers.
func (c *KosmosClient) NewPollRequest(ctx context.Context, sessionID string) (*http.Request, error) {
	if sessionID == "" {
		return nil, fmt.Errorf("%w: session id", ErrOptions)
	}
	return c.newRequest(ctx, KosmosPollPath, struct {
		DVCID     string `json:"dvcID"`
		SessionID string `json:"sessionId"`
	}{c.DVCID, sessionID})
}

// DecryptPinned decrypts a 1Kosmos answer body only if it was sealed to
// caller by the pinned service key: a "publicKey" member, when present,
// must be that key (else [ErrServiceKey]); the envelope is then opened
// with it. Unencrypted error bodies come back as *onekosmos.ServiceError.
func DecryptPinned(body []byte, caller *onekosmos.PrivateKey, service *onekosmos.PublicKey) ([]byte, error) {
	if caller == nil || service == nil {
		return nil, fmt.Errorf("%w: DecryptPinned needs both keys", ErrOptions)
	}
	var outer struct {
		PublicKey *string `json:"publicKey"`
	}
	if err := json.Unmarshal(body, &outer); err == nil && outer.PublicKey != nil {
		k, err := onekosmos.ParsePublicKey(service.Curve(), *outer.PublicKey)
		if err != nil || !k.Equal(service) {
			return nil, ErrServiceKey
		}
	}
	return onekosmos.DecryptResponse(body, caller, service)
}

// KosmosSession is a created session: its id and the URL the user opens.
type KosmosSession struct {
	SessionID string `json:"sessionId"`
	URL       string `json:"url"`
}

// KosmosResult is one typed poll answer.
type KosmosResult struct {
	// Session is the session status; Verification is set once it is
	// Completed ("" before, and when 1Kosmos gave no verdict).
	Session      KosmosSessionStatus
	Verification KosmosVerificationStatus
	// Result is the decrypted result (personal data: it masks itself
	// when printed or logged).
	Result *onekosmos.PollResult
	// PII reports whether this answer carries the person's document or
	// extracted data. 1Kosmos hands it out once per session: a later poll
	// of a completed session gets the status without it, which is not an
	// error. Keep the first one (seal it in a retention.Vault).
	PII bool
	// Plaintext is the decrypted JSON (normalize.OneKosmos reads it). It
	// holds the same personal data as Result.
	Plaintext []byte
	// Classification is the decision on it ([ClassifyKosmos]).
	Classification Classification
}

// LogValue implements slog.LogValuer without personal data.
func (r *KosmosResult) LogValue() slog.Value {
	return slog.GroupValue(slog.String("session", string(r.Session)), slog.String("verification", string(r.Verification)),
		slog.Bool("pii", r.PII), slog.String("decision", string(r.Classification.Decision)))
}

// String implements fmt.Stringer without personal data.
func (r *KosmosResult) String() string { return "kyc.KosmosResult" + r.LogValue().String() }

func (c *KosmosClient) do(req *http.Request) ([]byte, error) {
	hc := c.Client
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer drain(resp)
	limit := c.MaxBody
	if limit <= 0 {
		limit = onekosmos.MaxResponseSize
	}
	body, err := readBody(resp.Body, limit)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode/100 != 2 {
		cl := ClassifyHTTP(resp.StatusCode)
		var se struct {
			Code json.RawMessage `json:"code"`
		}
		if json.Unmarshal(body, &se) == nil && len(se.Code) > 0 {
			cl.Code = strings.Trim(string(se.Code), `"`)
		}
		return nil, &StatusError{Vendor: "1kosmos", Classification: cl, RetryAfter: retryAfter(resp.Header)}
	}
	return body, nil
}

// CreateSession creates a document-verification session. The answer
// {"sessionId", "url"} is read in clear or, when it comes as {"data": …},
// decrypted under the pinned service key.
func (c *KosmosClient) CreateSession(ctx context.Context, s KosmosSessionRequest) (*KosmosSession, error) {
	req, err := c.NewCreateSessionRequest(ctx, s)
	if err != nil {
		return nil, err
	}
	body, err := c.do(req)
	if err != nil {
		return nil, err
	}
	var probe struct {
		Data json.RawMessage `json:"data"`
	}
	if json.Unmarshal(body, &probe) == nil && len(probe.Data) > 0 {
		if body, err = DecryptPinned(body, c.CallerKey, c.ServiceKey); err != nil {
			return nil, err
		}
	}
	var out KosmosSession
	if err := json.Unmarshal(body, &out); err != nil || out.SessionID == "" {
		return nil, fmt.Errorf("%w: create-session answer without %q", ErrResponse, "sessionId")
	}
	return &out, nil
}

// Poll asks once for the session's result, decrypts it under the pinned
// service key and types it. An HTTP error is a [*StatusError]; an
// unencrypted 1Kosmos error body with status 200 an *onekosmos.ServiceError.
func (c *KosmosClient) Poll(ctx context.Context, sessionID string) (*KosmosResult, error) {
	req, err := c.NewPollRequest(ctx, sessionID)
	if err != nil {
		return nil, err
	}
	body, err := c.do(req)
	if err != nil {
		return nil, err
	}
	plain, err := DecryptPinned(body, c.CallerKey, c.ServiceKey)
	if err != nil {
		return nil, err
	}
	return KosmosTyped(plain)
}

// KosmosTyped types a decrypted poll result: session and verification
// status, whether it carries personal data, the decision.
func KosmosTyped(plaintext []byte) (*KosmosResult, error) {
	res, err := onekosmos.ParsePollResult(plaintext)
	if err != nil {
		return nil, err
	}
	out := &KosmosResult{Result: res, Plaintext: plaintext}
	switch {
	case res.Pending != nil:
		st, ok := ParseKosmosSessionStatus(res.Pending.ResponseStatus)
		if !ok || st.Terminal() {
			st = KosmosInProgress
		}
		out.Session = st
	case res.Final != nil:
		f := res.Final
		out.Session = KosmosCompleted
		if st, ok := ParseKosmosSessionStatus(f.SessionResult); ok {
			out.Session = st
		}
		if out.Session == KosmosCompleted {
			out.Verification = KosmosFailed
			if f.Succeeded() {
				out.Verification = KosmosPassed
			}
		}
		out.PII = f.Document != nil || f.ExtractedInfo != (onekosmos.ExtractedInfo{})
		if e := f.ErrorInfo; e != nil && e.Status >= 500 {
			// The session failed on 1Kosmos's side, not on the document.
			out.Classification = ClassifyHTTP(e.Status)
			out.Classification.Code = firstNonEmpty(e.ReasonCode, strconv.Itoa(e.Status))
			return out, nil
		}
	case res.V1 != nil:
		st, ok := ParseKosmosSessionStatus(res.V1.ResponseStatus)
		if !ok {
			st = KosmosInProgress
		}
		out.Session = st
		if st == KosmosCompleted {
			out.Verification = KosmosFailed
			if strings.EqualFold(res.V1.ResponseStatus, "success") {
				out.Verification = KosmosPassed
			}
		}
		out.PII = len(res.V1.DLObject) > 0 || len(res.V1.LiveIDObject) > 0
	}
	out.Classification = ClassifyKosmos(0, out.Session, out.Verification)
	return out, nil
}

// PollUntilDone polls until the session is terminal, waiting as b says
// between polls (nil: 2 s, 4 s, 8 s, ceiling 15 s, with jitter) and
// retrying retryable errors; a final error, or ctx ending, stops it. It
// returns the first terminal answer, which is the one with the personal
// data: 1Kosmos returns it once per session.
func (c *KosmosClient) PollUntilDone(ctx context.Context, sessionID string, b *Backoff) (*KosmosResult, error) {
	for n := 0; ; n++ {
		r, err := c.Poll(ctx, sessionID)
		wait := b.jittered(n, unitRandom())
		switch {
		case err == nil:
			if r.Session.Terminal() || r.Classification.Final {
				return r, nil
			}
		case ctx.Err() != nil:
			return nil, ctx.Err()
		default:
			var se *StatusError
			switch {
			case errors.As(err, &se) && se.Final, se == nil && !isTransport(err):
				return nil, err
			case se != nil && time.Duration(se.RetryAfter)*time.Second > wait:
				wait = min(time.Duration(se.RetryAfter)*time.Second, b.withDefaults().Max)
			}
		}
		if err := sleepCtx(ctx, wait); err != nil {
			return nil, err
		}
	}
}

// isTransport reports whether err came from the HTTP client rather than
// from this package or onekosmos (a transport error, which a retry may
// cure).
func isTransport(err error) bool {
	for _, s := range []error{ErrOptions, ErrResponse, ErrTooLarge, ErrServiceKey, onekosmos.ErrDecrypt,
		onekosmos.ErrResponse, onekosmos.ErrService, onekosmos.ErrInvalidKey, onekosmos.ErrTooLarge} {
		if errors.Is(err, s) {
			return false
		}
	}
	return true
}
