package kyc

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"github.com/kyckit/kyckit/normalize"
	"github.com/kyckit/kyckit/retention"
	"github.com/kyckit/kyckit/sdjwt"

	"github.com/kyckit/kyckit/internal/uuid"
)

// OVSEOptions configure [NewOVSE]. A nil *OVSEOptions means the
// defaults.
type OVSEOptions struct {
	// Issuer is the credential's expected "iss"; default
	// sdjwt.UIDAIIssuer. Set it for UIDAI's staging environment.
	Issuer string
	// Audience is this verifier's client id, the "aud" a Key Binding JWT
	// must carry when the Aadhaar app sends one (its nonce must be the
	// session's txn). Empty: a KB-JWT is not checked (UIDAI documents
	// none; binding then rests on the txn, consumed once).
	Audience string
	// RequireKeyBinding refuses credentials without a KB-JWT; it needs
	// Audience.
	RequireKeyBinding bool
	// TTL is how long a session waits for its callback when init asks for
	// no TTL; default [DefaultSessionTTL].
	TTL time.Duration
	// MaxTTL caps the TTL init may ask for; default [MaxSessionTTL].
	MaxTTL time.Duration
	// Policy governs the resident's data once the callback completed the
	// session. The zero Policy means read once (1Kosmos
	// pii_retention_ttl=-1): the first status poll after completion
	// receives the data, every later one the status without it.
	Policy retention.Policy
	// Category is the vault category of the records; default "ovse".
	Category string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Logger receives PII-free events (session created, callback accepted
	// or refused and why); nil discards them. Wrap its handler with
	// redact.NewHandler all the same.
	Logger *slog.Logger
	// Limits caps the credential (sdjwt defaults when zero).
	Limits sdjwt.Limits
	// CredentialHold caps how long an accepted credential is remembered
	// to refuse its use in another session: until its "exp" (plus the
	// verifier's clock skew), at most this long; default
	// [DefaultCredentialHold]. A credential whose exp lies further out
	// could be replayed into a fresh session once the hold ends: raise it
	// to cover the credentials' lifetime.
	CredentialHold time.Duration
}

// Session TTL bounds.
const (
	// DefaultSessionTTL is a session's wait for its callback when init
	// names none: ten minutes (the Aadhaar app's request JWT is valid for
	// five).
	DefaultSessionTTL = 10 * time.Minute
	// MaxSessionTTL caps what init may ask for unless OVSEOptions.MaxTTL
	// says otherwise: one hour.
	MaxSessionTTL = time.Hour
	// MaxReferenceLen caps client_reference_id, in bytes.
	MaxReferenceLen = 128
	// MaxTenantLen caps a tenant name, in bytes.
	MaxTenantLen = 128
	// DefaultCredentialHold is how long, at most, an accepted credential
	// is remembered unless OVSEOptions.CredentialHold says otherwise:
	// seven days, as long as [StoreSessions] keeps a session by default.
	// UIDAI publishes no credential lifetime.
	DefaultCredentialHold = 7 * 24 * time.Hour
)

// OVSE is the OVSE session service of seed 000: init creates a session
// with a txn and an expiry, the Aadhaar app's callback delivers the
// resident's SD-JWT for that txn, and status polls report the session and,
// as the retention policy allows, the resident.
//
// The callback is verified under the UIDAI profile ([sdjwt.VerifyUIDAI])
// with the issuer keys given to [NewOVSE]. Binding to the session rests
// on the txn, as UIDAI's format has no KB-JWT: the txn is 122 random
// bits, known to the tenant and the app only; the callback's txn is
// looked up and consumed in one conditional write before the credential
// is verified, so a replayed or concurrent second callback finds it
// consumed; a KB-JWT, when the app sends one and Audience is set, must
// carry the txn as nonce. A verified credential is single-use: a second
// session it is posted to fails ([ErrCredentialReused]), see Callback.
//
// The resident's fields are sealed in a [retention.Vault] under the
// session id and read back by status polls under the policy; the session
// itself (tenant, txn, status, times, failure code) is PII-free and lives
// in a [SessionStore]. Several replicas may share both stores: the txn is
// consumed once, a read-once record goes to exactly one poll, and expiry
// is computed from absolute times on every read.
type OVSE struct {
	sessions SessionStore
	vault    *retention.Vault
	keys     sdjwt.KeyResolver
	o        OVSEOptions
	now      func() time.Time
	log      *slog.Logger
}

// NewOVSE returns the service over a session store, a vault (with its
// key-encryption key) and the UIDAI issuer keys.
func NewOVSE(sessions SessionStore, vault *retention.Vault, keys sdjwt.KeyResolver, opts *OVSEOptions) (*OVSE, error) {
	if sessions == nil || vault == nil || keys == nil {
		return nil, fmt.Errorf("%w: NewOVSE needs a session store, a vault and issuer keys", ErrOptions)
	}
	s := &OVSE{sessions: sessions, vault: vault, keys: keys}
	if opts != nil {
		s.o = *opts
	}
	if s.o.RequireKeyBinding && s.o.Audience == "" {
		return nil, fmt.Errorf("%w: RequireKeyBinding needs Audience", ErrOptions)
	}
	if s.o.TTL <= 0 {
		s.o.TTL = DefaultSessionTTL
	}
	if s.o.MaxTTL <= 0 {
		s.o.MaxTTL = MaxSessionTTL
	}
	if s.o.TTL > s.o.MaxTTL {
		return nil, fmt.Errorf("%w: TTL above MaxTTL", ErrOptions)
	}
	if s.o.CredentialHold <= 0 {
		s.o.CredentialHold = DefaultCredentialHold
	}
	if s.o.Policy.Mode == 0 {
		p, _ := retention.PolicyFromKosmos(false, -1)
		s.o.Policy = p
	}
	if err := s.o.Policy.Validate(); err != nil {
		return nil, err
	}
	if s.o.Category == "" {
		s.o.Category = "ovse"
	}
	s.now = s.o.Now
	if s.now == nil {
		s.now = time.Now
	}
	s.log = s.o.Logger
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	return s, nil
}

// Policy returns the retention policy the service applies.
func (s *OVSE) Policy() retention.Policy { return s.o.Policy }

// InitRequest is the body of POST /verification/v1/ovse/init.
type InitRequest struct {
	// ClientReferenceID is the tenant's correlation id, echoed in every
	// status: at most [MaxReferenceLen] printable ASCII bytes, and not
	// personal data.
	ClientReferenceID string `json:"client_reference_id,omitempty"`
	// TTLSeconds asks for a session TTL; 0 means the service's default,
	// more than the maximum is refused.
	TTLSeconds int64 `json:"ttl_seconds,omitempty"`
	// IncludeQR is accepted for compatibility and ignored: this service
	// does not make the Aadhaar app's request (see the package docs).
	IncludeQR *bool `json:"include_qr,omitempty"`
	// WebhookURL is refused: this service has no webhooks; poll instead.
	WebhookURL string `json:"webhook_url,omitempty"`
}

// InitResponse is the answer to init: the seed's session_id, txn and
// expires_at (Unix seconds).
type InitResponse struct {
	SessionID         string   `json:"session_id"`
	Txn               string   `json:"txn"`
	ExpiresAt         UnixTime `json:"expires_at"`
	ClientReferenceID string   `json:"client_reference_id,omitempty"`
}

// ErrInvalidRequest reports an init request the service refuses.
var ErrInvalidRequest = errors.New("kyc: invalid request")

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// newRecordID returns the vault record id of one callback attempt for
// session id.
func newRecordID(id string) (string, error) {
	var b [5]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return id + "." + strings.ToLower(b32.EncodeToString(b[:])), nil
}

func newSessionID() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return "ovse_sess_" + strings.ToLower(b32.EncodeToString(b[:])), nil
}

func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// Init creates a pending session for tenant: a fresh session id and txn,
// expiring after the requested TTL (default OVSEOptions.TTL, at most
// MaxTTL).
func (s *OVSE) Init(ctx context.Context, tenant string, req InitRequest) (*InitResponse, error) {
	if tenant == "" || len(tenant) > MaxTenantLen || !printableASCII(tenant) {
		return nil, fmt.Errorf("%w: tenant", ErrUnauthorized)
	}
	switch {
	case len(req.ClientReferenceID) > MaxReferenceLen || !printableASCII(req.ClientReferenceID):
		return nil, fmt.Errorf("%w: %q must be at most %d printable ASCII bytes", ErrInvalidRequest, "client_reference_id", MaxReferenceLen)
	case req.TTLSeconds < 0 || time.Duration(req.TTLSeconds) > s.o.MaxTTL/time.Second:
		return nil, fmt.Errorf("%w: %q must be between 1 and %d", ErrInvalidRequest, "ttl_seconds", int64(s.o.MaxTTL/time.Second))
	case req.WebhookURL != "":
		return nil, fmt.Errorf("%w: %q is not supported; poll the status", ErrInvalidRequest, "webhook_url")
	}
	ttl := s.o.TTL
	if req.TTLSeconds > 0 {
		ttl = time.Duration(req.TTLSeconds) * time.Second
	}
	now := s.now().Truncate(time.Millisecond)
	for attempt := 0; ; attempt++ {
		id, err := newSessionID()
		if err != nil {
			return nil, err
		}
		txn, err := uuid.NewV4(rand.Reader)
		if err != nil {
			return nil, err
		}
		sess := &Session{ID: id, Tenant: tenant, Txn: txn, ClientReferenceID: req.ClientReferenceID,
			Status: normalize.OVSEPending, CreatedAt: now, ExpiresAt: now.Add(ttl)}
		err = s.sessions.Create(ctx, sess)
		if errors.Is(err, retention.ErrExists) && attempt < 2 {
			continue // 128 random bits collided: astronomically unlikely
		}
		if err != nil {
			return nil, err
		}
		s.log.LogAttrs(ctx, slog.LevelInfo, "ovse session created", slog.Any("session", sess),
			slog.Int64("ttl_seconds", int64(ttl/time.Second)))
		return &InitResponse{SessionID: id, Txn: txn, ExpiresAt: UnixTime{sess.ExpiresAt}, ClientReferenceID: req.ClientReferenceID}, nil
	}
}

// CallbackResult is what [OVSE.Callback] did with a callback.
type CallbackResult struct {
	// SessionID is the session the txn belonged to ("" when unknown).
	SessionID string
	// Txn is the callback's txn.
	Txn string
	// Status is the session's status after the callback: completed, or
	// failed (the app reported an error, or the credential was refused).
	Status normalize.OVSEStatus
	// FailureCode is the session's failure code when it failed.
	FailureCode string
}

// Failure codes a session gets from its callback.
const (
	// FailureAppError: the Aadhaar app reported an error (errCode).
	FailureAppError = "APP_ERROR"
	// FailureCredential: the credential failed verification.
	FailureCredential = "CREDENTIAL_INVALID"
	// FailureCredentialReused: the credential was accepted by another
	// session before (a replay).
	FailureCredentialReused = "CREDENTIAL_REUSED"
	// FailureExpired: no callback before expires_at.
	FailureExpired = "SESSION_EXPIRED"
)

// parseCallbackBody reads a callback as JSON, or as an HTML form
// (application/x-www-form-urlencoded) with the same field names.
func parseCallbackBody(body []byte, contentType string) (*sdjwt.Callback, error) {
	if ct := strings.ToLower(strings.TrimSpace(strings.Split(contentType, ";")[0])); ct == "application/x-www-form-urlencoded" {
		v, err := url.ParseQuery(string(body))
		if err != nil {
			return nil, fmt.Errorf("%w: form body", sdjwt.ErrCallback)
		}
		m := map[string]string{}
		for _, k := range []string{"txn", "response", "errCode", "errInfo", "dateTime"} {
			if vs := v[k]; len(vs) > 1 {
				return nil, fmt.Errorf("%w: %q given twice", sdjwt.ErrCallback, k)
			} else if len(vs) == 1 && vs[0] != "" {
				m[k] = vs[0]
			}
		}
		body, _ = json.Marshal(m)
	}
	return sdjwt.ParseCallback(body)
}

// Callback handles the Aadhaar app's callback body (JSON, or a form with
// the same fields: txn, response, errCode, errInfo, dateTime):
//
//  1. the txn is looked up (unknown: [ErrUnknownTxn]); a session past
//     expires_at refuses it ([ErrSessionExpired]);
//  2. the txn is consumed in one conditional write; a second callback for
//     it gets [ErrTxnConsumed], on any replica;
//  3. an errCode fails the session with FailureAppError;
//  4. the SD-JWT is verified under the UIDAI profile; a credential that
//     fails fails the session with FailureCredential, and Callback
//     returns the verifier's error (an sdjwt sentinel) with the result;
//  5. the credential is claimed for the session in one conditional write
//     ([SessionStore.ClaimCredential], keyed by its "id" claim, or by a
//     hash of the issuer-signed JWT when it has none), held until its
//     "exp" (at most OVSEOptions.CredentialHold): a credential another
//     session accepted fails this one with FailureCredentialReused and
//     [ErrCredentialReused], on any replica. Nothing in a UIDAI
//     credential names the txn, so without this a credential seen once
//     could complete any session whose txn is known;
//  6. the resident's fields are sealed in the vault under the policy and
//     the session completed.
//
// When the vault or the store fails after step 2, the txn and the claim
// are released (best effort) so the app's retry can succeed, and the
// error returned. A session that does not complete withdraws its claim;
// a replica that dies between the claim and the completion leaves the
// credential spent (it fails closed).
func (s *OVSE) Callback(ctx context.Context, body []byte, contentType string) (*CallbackResult, error) {
	cb, err := parseCallbackBody(body, contentType)
	if err != nil {
		return nil, err
	}
	res := &CallbackResult{Txn: cb.Txn}
	sess, err := s.sessions.ByTxn(ctx, cb.Txn)
	if err != nil {
		s.log.LogAttrs(ctx, slog.LevelWarn, "ovse callback refused", slog.String("reason", "unknown txn"))
		return res, err
	}
	res.SessionID = sess.ID
	now := s.now()
	switch {
	case sess.Received || sess.Status != normalize.OVSEPending:
		s.log.LogAttrs(ctx, slog.LevelWarn, "ovse callback refused", slog.Any("session", sess), slog.String("reason", "txn already consumed"))
		return res, ErrTxnConsumed
	case !now.Before(sess.ExpiresAt):
		s.log.LogAttrs(ctx, slog.LevelWarn, "ovse callback refused", slog.Any("session", sess), slog.String("reason", "session expired"))
		return res, ErrSessionExpired
	}
	sess.Received = true
	if err := s.sessions.Update(ctx, sess); err != nil {
		if errors.Is(err, ErrTxnConsumed) {
			s.log.LogAttrs(ctx, slog.LevelWarn, "ovse callback refused", slog.Any("session", sess), slog.String("reason", "txn consumed concurrently"))
		}
		return res, err
	}
	// The txn is ours from here on.
	if cbErr := cb.Err(); cbErr != nil {
		msg := "the Aadhaar app reported an error"
		if code := cb.ErrorCode(); code != "" {
			msg += " (errCode " + code + ")"
		}
		return s.fail(ctx, sess, res, FailureAppError, msg, nil)
	}
	r, verr := sdjwt.VerifyUIDAI(ctx, cb.Response, s.keys, &sdjwt.UIDAIOptions{
		Issuer: s.o.Issuer, Audience: s.o.Audience, Nonce: sess.Txn, RequireKeyBinding: s.o.RequireKeyBinding,
		Now: s.now, Limits: s.o.Limits,
	})
	if verr != nil {
		if ctx.Err() != nil {
			s.release(sess)
			return res, verr
		}
		return s.fail(ctx, sess, res, FailureCredential, "the credential failed verification: "+verr.Error(), verr)
	}
	key, until := s.credentialClaim(r, cb.Response)
	if err := s.sessions.ClaimCredential(ctx, key, sess.ID, until); err != nil {
		if errors.Is(err, ErrCredentialReused) {
			s.log.LogAttrs(ctx, slog.LevelWarn, "ovse callback refused", slog.Any("session", sess), slog.String("reason", "credential already used"))
			return s.fail(ctx, sess, res, FailureCredentialReused, "the credential was already used in another session", err)
		}
		s.release(sess)
		return res, err
	}
	completed := false
	defer func() {
		if !completed {
			s.releaseCredential(key, sess.ID)
		}
	}()
	pii, rec, err := s.residentPII(r)
	if err != nil {
		return s.fail(ctx, sess, res, FailureCredential, "the credential could not be mapped", err)
	}
	defer clear(pii)
	// Each attempt seals under a fresh record id: a vault id is never
	// reused while its tombstone lives, so an attempt that failed half-way
	// must not block the app's retry.
	recID, err := newRecordID(sess.ID)
	if err != nil {
		s.release(sess)
		return res, err
	}
	if err := s.vault.Put(ctx, recID, s.o.Category, pii, s.o.Policy); err != nil {
		if errors.Is(err, retention.ErrInput) {
			// Over the vault's size cap (retention.Options.MaxPII): a
			// retry would fail the same way.
			return s.fail(ctx, sess, res, FailureCredential, "the credential's data is over the vault's size cap", err)
		}
		s.release(sess)
		return res, err
	}
	if err := s.vault.Complete(ctx, recID); err != nil && !errors.Is(err, retention.ErrErased) {
		// (ErrErased: retention off erased the data at completion, as it
		// should.) Anything else leaves the record pending: erase it and
		// let the app retry.
		_, _ = s.vault.Delete(context.WithoutCancel(ctx), recID)
		s.release(sess)
		return res, err
	}
	if !s.now().Before(sess.ExpiresAt.Add(CallbackGrace)) {
		// Too slow: polls already report the session expired.
		_, _ = s.vault.Delete(context.WithoutCancel(ctx), recID)
		return res, ErrSessionExpired
	}
	sess.Status, sess.Record, sess.VerifiedAt = normalize.OVSECompleted, recID, s.now().Truncate(time.Millisecond)
	if err := s.sessions.Update(ctx, sess); err != nil {
		// The session never saw the record: erase it, give the txn back.
		_, _ = s.vault.Delete(context.WithoutCancel(ctx), recID)
		sess.Status, sess.Record, sess.VerifiedAt = normalize.OVSEPending, "", time.Time{}
		s.release(sess)
		return res, err
	}
	completed = true
	res.Status = sess.Status
	s.log.LogAttrs(ctx, slog.LevelInfo, "ovse callback accepted", slog.Any("session", sess),
		slog.Int("disclosures", len(r.Credential.Disclosures)), slog.Bool("key_binding", r.Credential.KeyBinding != nil),
		slog.String("outcome", rec.Result.Outcome), slog.String("decision", string(rec.Result.Decision)),
		slog.String("retention", s.o.Policy.Describe(s.o.Category)))
	return res, nil
}

// release gives the txn back after a failure of ours (not of the
// credential), so that the app's retry is not refused as a replay.
func (s *OVSE) release(sess *Session) {
	sess.Received = false
	if err := s.sessions.Update(context.Background(), sess); err != nil {
		s.log.LogAttrs(context.Background(), slog.LevelError, "ovse txn not released", slog.Any("session", sess), slog.Any("error", err))
	}
}

// releaseCredential withdraws the session's claim on a credential it did
// not complete with, so that the app's retry is not refused as a replay.
func (s *OVSE) releaseCredential(key, sessionID string) {
	if err := s.sessions.ReleaseCredential(context.Background(), key, sessionID); err != nil {
		s.log.LogAttrs(context.Background(), slog.LevelError, "ovse credential claim not released", slog.String("session_id", sessionID),
			slog.Any("error", err))
	}
}

// credentialClaim returns the key under which a verified credential is
// claimed, and until when: the SHA-256 of its issuer and "id" (mandatory
// in the UIDAI profile), or of its issuer-signed JWT when it has no id
// (the same JWT with any choice of disclosures is the same credential);
// held until "exp" plus the verifier's clock skew, at most
// CredentialHold from now.
func (s *OVSE) credentialClaim(r *sdjwt.Resident, token string) (key string, until time.Time) {
	c := r.Credential
	h := sha256.New()
	iss, _ := c.Claims["iss"].(string)
	if id, _ := c.Claims["id"].(string); id != "" {
		h.Write([]byte("kyckit ovse credential id\x00" + iss + "\x00" + id))
	} else {
		h.Write([]byte("kyckit ovse credential jwt\x00"))
		if t, err := sdjwt.Parse(token, &s.o.Limits); err == nil {
			h.Write([]byte(t.IssuerJWT))
		} else {
			h.Write([]byte(token)) // not reached: token was verified
		}
	}
	now := s.now()
	until = now.Add(s.o.CredentialHold)
	if exp, ok := unixClaim(c.Claims["exp"]); ok {
		if t := exp.Add(sdjwt.DefaultClockSkew); t.Before(until) {
			until = t
		}
	}
	if !until.After(now) {
		until = now.Add(sdjwt.DefaultClockSkew)
	}
	return hex.EncodeToString(h.Sum(nil)), until
}

// unixClaim reads a NumericDate claim (a json.Number or a float64).
func unixClaim(v any) (time.Time, bool) {
	var f float64
	switch n := v.(type) {
	case json.Number:
		var err error
		if f, err = n.Float64(); err != nil {
			return time.Time{}, false
		}
	case float64:
		f = n
	default:
		return time.Time{}, false
	}
	if f < 0 || f > 1e11 {
		return time.Time{}, false
	}
	return time.Unix(int64(f), 0), true
}

// fail ends the session as failed with code and msg (PII-free), and
// returns cause (nil for an app error, which is a valid callback).
func (s *OVSE) fail(ctx context.Context, sess *Session, res *CallbackResult, code, msg string, cause error) (*CallbackResult, error) {
	sess.Status, sess.FailureCode, sess.FailureMessage = normalize.OVSEFailed, code, msg
	if err := s.sessions.Update(ctx, sess); err != nil {
		return res, err
	}
	res.Status, res.FailureCode = sess.Status, code
	s.log.LogAttrs(ctx, slog.LevelWarn, "ovse session failed", slog.Any("session", sess), slog.String("failure_code", code),
		slog.String("failure_message", msg))
	return res, cause
}

// residentPII is the sealed part of a completed status: the seed's
// resident fields (dob as YYYY-MM-DD) and result, the credential's
// processed claims without "cnf" and without "photo" (which is
// user_photo already); and the resident as a normalize record, mapped
// through the typed hand-over ([SDJWTResident]).
func (s *OVSE) residentPII(r *sdjwt.Resident) ([]byte, *normalize.Record, error) {
	result := make(map[string]any, len(r.Result))
	for k, v := range r.Result {
		if k != "cnf" && k != "photo" {
			result[k] = v
		}
	}
	in, err := SDJWTResident(r)
	if err != nil {
		return nil, nil, err
	}
	rec := normalize.FromSDJWTResident(in, &normalize.Options{Now: s.now})
	p := ovsePII{Name: r.Name, DOB: firstNonEmpty(r.DOBISO, r.DOB), Gender: r.Gender, Mobile: r.Mobile,
		FullAddress: r.FullAddress, UserPhoto: r.Photo, Result: result, Record: rec}
	b, err := json.Marshal(p)
	return b, rec, err
}

// Status answers a status poll of tenant for session id. An unknown
// session and another tenant's session are both [ErrSessionNotFound].
// A completed session carries the resident's fields when the retention
// policy lets this poll have them (PII says which); read once, exactly
// one poll of all replicas gets them.
func (s *OVSE) Status(ctx context.Context, tenant, id string) (*OVSEResponse, error) {
	if id == "" || len(id) > retention.MaxIDLen-2 || !printableASCII(id) {
		return nil, ErrSessionNotFound
	}
	sess, err := s.sessions.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if sess.Tenant != tenant {
		return nil, ErrSessionNotFound
	}
	r := &OVSEResponse{SessionID: sess.ID, Txn: sess.Txn, ClientReferenceID: sess.ClientReferenceID, PII: PIINone}
	switch r.SessionStatus = sess.StatusAt(s.now()); r.SessionStatus {
	case normalize.OVSECompleted:
		r.Success, r.VerifiedAt = true, UnixTime{sess.VerifiedAt}
		if err := s.readPII(ctx, sess.Record, r); err != nil {
			return nil, err
		}
	case normalize.OVSEFailed:
		r.FailureCode, r.FailureMessage = sess.FailureCode, sess.FailureMessage
	case normalize.OVSEExpired:
		r.FailureCode, r.FailureMessage = FailureExpired, "the session expired before the Aadhaar app's callback"
	}
	return r, nil
}

func (s *OVSE) readPII(ctx context.Context, id string, r *OVSEResponse) error {
	res, err := s.vault.Poll(ctx, id)
	if errors.Is(err, retention.ErrNotFound) {
		// The tombstone itself was purged: the data is long gone.
		r.PII = PIIErased
		return nil
	}
	if err != nil {
		return err
	}
	switch res.State {
	case retention.PollAvailable, retention.PollDelivered:
		defer clear(res.PII)
		var p ovsePII
		if err := json.Unmarshal(res.PII, &p); err != nil {
			return fmt.Errorf("%w: sealed record unreadable", ErrStore)
		}
		p.into(r)
		r.PII = PIIAvailable
		if res.State == retention.PollDelivered {
			r.PII = PIIDelivered
		}
	case retention.PollConsumed:
		r.PII = PIIConsumed
	case retention.PollErased:
		r.PII = PIIErased
	case retention.PollExpired:
		r.PII = PIIExpired
	case retention.PollHeld:
		r.PII = PIIHeld
	default:
		// Pending: Callback completes the record before the session.
		return fmt.Errorf("%w: vault record %s while the session is completed", ErrStore, res.State)
	}
	return nil
}

// Sweep erases what the retention policy says is due in the vault and
// deletes sessions past their keep-until. Run it periodically on one
// replica or all.
func (s *OVSE) Sweep(ctx context.Context) (retention.SweepStats, int, error) {
	st, err := s.vault.Sweep(ctx)
	if err != nil {
		return st, 0, err
	}
	n, err := s.sessions.Sweep(ctx, s.now())
	return st, n, err
}

// readAllCapped reads a request body of at most limit bytes.
func readAllCapped(r io.Reader, limit int64) ([]byte, error) { return readBody(r, limit) }
