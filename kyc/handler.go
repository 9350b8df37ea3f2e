package kyc

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/kyckit/kyckit/retention"
	"github.com/kyckit/kyckit/sdjwt"
)

// ScopeOVSE is the scope a bearer token needs for the OVSE API, as
// KwikID names it.
const ScopeOVSE = "verify-aadhaar-ovse"

// Authenticator decides who sends a request. [BearerTokens] is the
// usual one.
type Authenticator interface {
	// Authenticate returns the tenant whose credentials r carries, if
	// they grant scope; otherwise an error wrapping ErrUnauthorized.
	Authenticate(r *http.Request, scope string) (tenant string, err error)
}

// Grant is what one bearer token allows: a tenant and its scopes.
type Grant struct {
	Tenant string   `json:"tenant"`
	Scopes []string `json:"scopes"`
}

// BearerTokens authenticates "Authorization: Bearer <token>" against a
// fixed set of opaque tokens, each granting a tenant some scopes. Tokens
// are kept only as SHA-256 digests, and a request's token is hashed
// before it is looked up, so the lookup's timing says nothing about the
// secret.
type BearerTokens struct {
	m map[[sha256.Size]byte]Grant
}

// MinTokenLen is the shortest token [ParseBearerTokens] accepts in
// clear: 16 characters.
const MinTokenLen = 16

// MaxTokensFile caps the input of [ParseBearerTokens].
const MaxTokensFile = 1 << 20

// ParseBearerTokens reads a tokens file: a JSON array of objects with
// "tenant", "scopes" and either "token" (the token itself, at least
// [MinTokenLen] characters) or "token_sha256" (the hex SHA-256 of it,
// so the file holds no secret):
//
//	[{"tenant": "acme", "scopes": ["verify-aadhaar-ovse"], "token_sha256": "9f86d0…"}]
//
// Unknown members, duplicate tokens, empty tenants and tenants or scopes
// that are not printable ASCII are refused.
func ParseBearerTokens(data []byte) (*BearerTokens, error) {
	if len(data) > MaxTokensFile {
		return nil, fmt.Errorf("%w: tokens file over %d bytes", ErrOptions, MaxTokensFile)
	}
	var entries []struct {
		Grant
		Token       string `json:"token"`
		TokenSHA256 string `json:"token_sha256"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&entries); err != nil {
		return nil, fmt.Errorf("%w: tokens file: %s", ErrOptions, jsonErrField(err))
	}
	if dec.More() {
		return nil, fmt.Errorf("%w: tokens file: trailing data", ErrOptions)
	}
	t := &BearerTokens{m: make(map[[sha256.Size]byte]Grant, len(entries))}
	for i, e := range entries {
		var h [sha256.Size]byte
		switch {
		case (e.Token == "") == (e.TokenSHA256 == ""):
			return nil, fmt.Errorf("%w: token %d: give exactly one of %q and %q", ErrOptions, i+1, "token", "token_sha256")
		case e.Token != "":
			if len(e.Token) < MinTokenLen || !printableASCII(e.Token) || strings.ContainsRune(e.Token, ' ') {
				return nil, fmt.Errorf("%w: token %d: at least %d printable ASCII characters without spaces", ErrOptions, i+1, MinTokenLen)
			}
			h = sha256.Sum256([]byte(e.Token))
		default:
			b, err := hex.DecodeString(e.TokenSHA256)
			if err != nil || len(b) != sha256.Size {
				return nil, fmt.Errorf("%w: token %d: %q is not 64 hex digits", ErrOptions, i+1, "token_sha256")
			}
			copy(h[:], b)
		}
		if e.Tenant == "" || len(e.Tenant) > MaxTenantLen || !printableASCII(e.Tenant) {
			return nil, fmt.Errorf("%w: token %d: tenant must be 1 to %d printable ASCII bytes", ErrOptions, i+1, MaxTenantLen)
		}
		for _, sc := range e.Scopes {
			if sc == "" || !printableASCII(sc) || strings.ContainsRune(sc, ' ') {
				return nil, fmt.Errorf("%w: token %d: invalid scope", ErrOptions, i+1)
			}
		}
		if _, dup := t.m[h]; dup {
			return nil, fmt.Errorf("%w: token %d: the same token twice", ErrOptions, i+1)
		}
		t.m[h] = Grant{Tenant: e.Tenant, Scopes: append([]string(nil), e.Scopes...)}
	}
	return t, nil
}

// Len returns the number of tokens.
func (t *BearerTokens) Len() int { return len(t.m) }

// Authenticate implements [Authenticator].
func (t *BearerTokens) Authenticate(r *http.Request, scope string) (string, error) {
	h := r.Header.Values("Authorization")
	if len(h) != 1 {
		return "", fmt.Errorf("%w: no bearer token", ErrUnauthorized)
	}
	scheme, tok, ok := strings.Cut(strings.TrimSpace(h[0]), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || tok == "" {
		return "", fmt.Errorf("%w: no bearer token", ErrUnauthorized)
	}
	g, ok := t.m[sha256.Sum256([]byte(strings.TrimSpace(tok)))]
	if !ok {
		return "", fmt.Errorf("%w: unknown token", ErrUnauthorized)
	}
	for _, s := range g.Scopes {
		if s == scope {
			return g.Tenant, nil
		}
	}
	return "", fmt.Errorf("%w: token lacks scope %s", ErrUnauthorized, scope)
}

// MaxInitBody caps the body of an init request.
const MaxInitBody = 16 << 10

// Handler returns the seed's API over s:
//
//	POST /verification/v1/ovse/init                  (bearer token, scope verify-aadhaar-ovse)
//	GET  /verification/v1/ovse/status/{session_id}   (bearer token, scope verify-aadhaar-ovse)
//	POST /verification/v1/ovse/callback              (the Aadhaar app; no token, bound by txn)
//
// Answers are JSON in the seed's shapes: the status as [OVSEResponse]
// (with the Kyckit-PII header), init as [InitResponse]; 401 (missing,
// unknown or under-scoped token, with WWW-Authenticate) and 404 (unknown
// session, or another tenant's) as {"detail": {"code": …}, "message": …};
// 400 likewise; 500 as {"error": …}. Responses are never cached
// (Cache-Control: no-store). Request bodies are capped ([MaxInitBody],
// sdjwt.MaxCallbackBytes).
//
// The callback answers 200 {"status": "accepted", "txn": …} when the
// callback was taken (the session completed, or failed on the app's own
// errCode), and otherwise {"status": "rejected", "error": CODE, "txn": …}
// with 400 (malformed callback, or credential_invalid), 404
// (unknown_txn), 409 (txn_consumed, or credential_reused: another
// session accepted this credential) or 410 (session_expired).
// ASSUMPTION: no public UIDAI document says what the app expects back;
// a 2xx acknowledges receipt.
func (s *OVSE) Handler(auth Authenticator) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc(InitPath, s.serveInit(auth))
	mux.HandleFunc(StatusPath+"{id}", s.serveStatus(auth))
	mux.HandleFunc(CallbackPath, s.serveCallback)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeDetail(w, http.StatusNotFound, "not_found", "no such endpoint")
	})
	return mux
}

// CallbackHandler returns the callback endpoint alone, for a service that
// routes it itself.
func (s *OVSE) CallbackHandler() http.Handler { return http.HandlerFunc(s.serveCallback) }

var (
	hdrJSON    = []string{"application/json"}
	hdrNoStore = []string{"no-store"}
	hdrNosniff = []string{"nosniff"}
)

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"error":"internal error"}`)
	}
	h := w.Header()
	h["Content-Type"], h["Cache-Control"], h["X-Content-Type-Options"] = hdrJSON, hdrNoStore, hdrNosniff
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}

type detailBody struct {
	Detail  map[string]string `json:"detail"`
	Message string            `json:"message"`
}

func writeDetail(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, detailBody{Detail: map[string]string{"code": code}, Message: msg})
}

func writeInternal(w http.ResponseWriter) {
	writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "internal error"})
}

func (s *OVSE) unauthorized(w http.ResponseWriter, r *http.Request, err error) {
	v := `Bearer realm="kyckit", scope="` + ScopeOVSE + `"`
	if r.Header.Get("Authorization") != "" {
		v += `, error="invalid_token"`
	}
	w.Header().Set("WWW-Authenticate", v)
	s.log.LogAttrs(r.Context(), slog.LevelWarn, "request refused", slog.String("path", routeOf(r)), slog.Any("error", err))
	writeDetail(w, http.StatusUnauthorized, "unauthorized", "missing or invalid bearer token, or no scope "+ScopeOVSE)
}

func routeOf(r *http.Request) string {
	switch p := r.URL.Path; {
	case strings.HasPrefix(p, StatusPath):
		return StatusPath + "{session_id}"
	case p == InitPath, p == CallbackPath:
		return p
	}
	return "other"
}

func methodNotAllowed(w http.ResponseWriter, allow string) {
	w.Header().Set("Allow", allow)
	writeDetail(w, http.StatusMethodNotAllowed, "method_not_allowed", "use "+allow)
}

func (s *OVSE) serveInit(auth Authenticator) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			methodNotAllowed(w, http.MethodPost)
			return
		}
		tenant, err := auth.Authenticate(r, ScopeOVSE)
		if err != nil {
			s.unauthorized(w, r, err)
			return
		}
		body, err := readAllCapped(http.MaxBytesReader(w, r.Body, MaxInitBody), MaxInitBody)
		if err != nil {
			writeDetail(w, http.StatusRequestEntityTooLarge, "invalid_request", fmt.Sprintf("body over %d bytes", MaxInitBody))
			return
		}
		var req InitRequest
		if len(bytes.TrimSpace(body)) > 0 {
			if err := json.Unmarshal(body, &req); err != nil {
				writeDetail(w, http.StatusBadRequest, "invalid_request", "body: "+jsonErrField(err))
				return
			}
		}
		resp, err := s.Init(r.Context(), tenant, req)
		switch {
		case errors.Is(err, ErrInvalidRequest):
			writeDetail(w, http.StatusBadRequest, "invalid_request", strings.TrimPrefix(err.Error(), ErrInvalidRequest.Error()+": "))
		case err != nil:
			s.log.LogAttrs(r.Context(), slog.LevelError, "init failed", slog.Any("error", err))
			writeInternal(w)
		default:
			writeJSON(w, http.StatusOK, resp)
		}
	}
}

func (s *OVSE) serveStatus(auth Authenticator) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		// No HEAD: a HEAD would consume read-once data it cannot return.
		if r.Method != http.MethodGet {
			methodNotAllowed(w, http.MethodGet)
			return
		}
		tenant, err := auth.Authenticate(r, ScopeOVSE)
		if err != nil {
			s.unauthorized(w, r, err)
			return
		}
		resp, err := s.Status(r.Context(), tenant, r.PathValue("id"))
		switch {
		case errors.Is(err, ErrSessionNotFound):
			writeDetail(w, http.StatusNotFound, "not_found", "session not found")
		case err != nil:
			s.log.LogAttrs(r.Context(), slog.LevelError, "status failed", slog.Any("error", err))
			writeInternal(w)
		default:
			w.Header().Set(PIIHeader, string(resp.PII))
			writeJSON(w, http.StatusOK, resp)
			if resp.PII == PIIConsumed {
				s.log.LogAttrs(r.Context(), slog.LevelWarn, "status poll after the data was delivered", slog.Any("status", resp))
			}
		}
	}
}

type callbackReply struct {
	Status string `json:"status"`
	Error  string `json:"error,omitempty"`
	Txn    string `json:"txn,omitempty"`
}

func (s *OVSE) serveCallback(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		methodNotAllowed(w, http.MethodPost)
		return
	}
	body, err := readAllCapped(http.MaxBytesReader(w, r.Body, sdjwt.MaxCallbackBytes), sdjwt.MaxCallbackBytes)
	if err != nil {
		writeJSON(w, http.StatusRequestEntityTooLarge, callbackReply{Status: "rejected", Error: "too_large"})
		return
	}
	// The verification must finish even if the app hangs up: it consumed
	// the txn.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), 30*time.Second)
	defer cancel()
	res, err := s.Callback(ctx, body, r.Header.Get("Content-Type"))
	clear(body)
	rep := callbackReply{Status: "rejected"}
	if res != nil {
		rep.Txn = res.Txn
	}
	status := http.StatusOK
	switch {
	case err == nil:
		rep.Status = "accepted"
	case errors.Is(err, ErrUnknownTxn):
		status, rep.Error = http.StatusNotFound, "unknown_txn"
	case errors.Is(err, ErrTxnConsumed):
		status, rep.Error = http.StatusConflict, "txn_consumed"
	case errors.Is(err, ErrCredentialReused):
		status, rep.Error = http.StatusConflict, "credential_reused"
	case errors.Is(err, ErrSessionExpired):
		status, rep.Error = http.StatusGone, "session_expired"
	case errors.Is(err, sdjwt.ErrCallback), errors.Is(err, sdjwt.ErrTooLarge) && res == nil:
		status, rep.Error = http.StatusBadRequest, "invalid_callback"
	case res != nil && res.FailureCode == FailureCredential:
		status, rep.Error = http.StatusBadRequest, "credential_invalid"
	case errors.Is(err, retention.ErrInput):
		status, rep.Error = http.StatusBadRequest, "invalid_callback"
	default:
		s.log.LogAttrs(r.Context(), slog.LevelError, "callback failed", slog.Any("error", err))
		writeInternal(w)
		return
	}
	writeJSON(w, status, rep)
}
