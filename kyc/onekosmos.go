package kyc

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/kyckit/kyckit/normalize"
	"github.com/kyckit/kyckit/onekosmos"
)

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
	// any other key is refused (onekosmos.ErrUnpinnedKey) before
	// decryption, since 1Kosmos does not sign answers and any key pair
	// would otherwise do. Required.
	ServiceKey *onekosmos.PublicKey
	// Now is the request-id clock; nil means time.Now.
	Now func() time.Time
	// MaxBody caps an answer; 0 means onekosmos.MaxResponseSize.
	MaxBody int64
}

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

// pinned is the decryption of every answer: the pinned service key only.
var pinned = &onekosmos.DecryptOptions{PinServiceKey: true}

// KosmosSession is a created session: its id and the URL the user opens.
type KosmosSession struct {
	SessionID string `json:"sessionId"`
	URL       string `json:"url"`
}

// KosmosResult is one typed poll answer.
type KosmosResult struct {
	// Session and Verification are onekosmos's statuses of the result
	// (Verification is set once the session is Completed).
	Session      onekosmos.SessionStatus
	Verification onekosmos.VerificationStatus
	// Result is the decrypted result (personal data: it masks itself
	// when printed or logged).
	Result *onekosmos.PollResult
	// PII reports whether this answer carries the person's document or
	// extracted data. 1Kosmos hands it out once per session: a later poll
	// of a completed session gets the status without it, which is not an
	// error. Keep the first one (seal it in a retention.Vault).
	PII bool
	// Plaintext is the decrypted JSON. It holds the same personal data as
	// Result.
	Plaintext []byte
	// Record is the result normalized ([OneKosmos]); its Result.Decision
	// says what to do next: retry while pending or in progress, clear,
	// reject or review once the session ended.
	Record *normalize.Record
}

// Decision is Record's decision.
func (r *KosmosResult) Decision() normalize.Decision { return r.Record.Result.Decision }

// LogValue implements slog.LogValuer without personal data.
func (r *KosmosResult) LogValue() slog.Value {
	return slog.GroupValue(slog.String("session", string(r.Session)), slog.String("verification", string(r.Verification)),
		slog.Bool("pii", r.PII), slog.String("decision", string(r.Decision())))
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
		se := newStatusError("1kosmos", resp.StatusCode, resp.Header)
		var eb struct {
			Code json.RawMessage `json:"code"`
		}
		if json.Unmarshal(body, &eb) == nil && len(eb.Code) > 0 {
			se.Code = strings.Trim(string(eb.Code), `"`)
		}
		return nil, se
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
		if body, err = onekosmos.DecryptResponse(body, c.CallerKey, c.ServiceKey, pinned); err != nil {
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
	plain, err := onekosmos.DecryptResponse(body, c.CallerKey, c.ServiceKey, pinned)
	if err != nil {
		return nil, err
	}
	return KosmosTyped(plain)
}

// KosmosTyped types a decrypted poll result: session and verification
// status (onekosmos's), whether it carries personal data, and its
// normalized record.
func KosmosTyped(plaintext []byte) (*KosmosResult, error) {
	res, err := onekosmos.ParsePollResult(plaintext)
	if err != nil {
		return nil, err
	}
	rec, err := OneKosmos(res, nil)
	if err != nil {
		return nil, err
	}
	out := &KosmosResult{Session: res.Status(), Verification: res.Verification(), Result: res, Plaintext: plaintext, Record: rec}
	switch {
	case res.Final != nil:
		e := res.Final.ExtractedInfo
		out.PII = res.Final.Document != nil || e.FirstName != "" || e.LastName != "" || e.DocumentID != ""
	case res.V1 != nil:
		d, _ := res.V1.Document()
		out.PII = d != nil || len(res.V1.LiveIDObject) > 0
	}
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
			if r.Session.Done() || r.Decision() != normalize.DecisionRetry {
				return r, nil
			}
		case ctx.Err() != nil:
			return nil, ctx.Err()
		default:
			var se *StatusError
			switch {
			case errors.As(err, &se) && !se.Retryable, se == nil && !isTransport(err):
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
	for _, s := range []error{ErrOptions, ErrResponse, ErrTooLarge, onekosmos.ErrUnpinnedKey, onekosmos.ErrDecrypt,
		onekosmos.ErrResponse, onekosmos.ErrService, onekosmos.ErrInvalidKey, onekosmos.ErrTooLarge, onekosmos.ErrNoPeerKey} {
		if errors.Is(err, s) {
			return false
		}
	}
	return true
}
