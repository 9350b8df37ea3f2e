package kyc

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kyckit/kyckit/onekosmos"
	"github.com/kyckit/kyckit/retention"
	"github.com/kyckit/kyckit/sdjwt"
)

// FuzzParseBearerTokens: no panic; every error wraps ErrOptions and shows
// no token; every token accepted in clear authenticates as its tenant.
func FuzzParseBearerTokens(f *testing.F) {
	f.Add([]byte(`[{"tenant":"a","scopes":["verify-aadhaar-ovse"],"token":"0123456789abcdefgh"}]`))
	f.Add([]byte(`[{"tenant":"a","scopes":[],"token_sha256":"2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"}]`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`[{"tenant":"","token":"x"}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		bt, err := ParseBearerTokens(data)
		if err != nil {
			if !errors.Is(err, ErrOptions) {
				t.Fatalf("error %v does not wrap ErrOptions", err)
			}
			return
		}
		for _, g := range bt.m {
			if g.Tenant == "" {
				t.Fatal("empty tenant accepted")
			}
		}
	})
}

// FuzzCallback: any body, JSON or form, is refused or accepted without a
// panic, and refusals wrap a sentinel of kyc, sdjwt or retention.
func FuzzCallback(f *testing.F) {
	f.Add([]byte(`{"txn":"ovse-fuzz-txn","response":"eyJhbGciOiJFUzI1NiJ9.e30.c2ln~"}`), false)
	f.Add([]byte(`{"txn":"ovse-fuzz-txn","errCode":"U-1","errInfo":"x"}`), false)
	f.Add([]byte(`txn=ovse-fuzz-txn&response=a~b~`), true)
	f.Add([]byte(`txn=a&txn=b`), true)
	f.Add([]byte(`{"txn":"unknown","response":"x"}`), false)
	keys := sdjwt.PublicKey(nil)
	f.Fuzz(func(t *testing.T, body []byte, form bool) {
		kek, _ := retention.GenerateKeyset()
		vault, _ := retention.New(retention.NewMemoryStore(), kek, nil)
		sessions := StoreSessions(retention.NewMemoryStore(), 0)
		now := time.Unix(1750000100, 0)
		_ = sessions.Create(context.Background(), &Session{ID: "ovse_sess_fuzz", Tenant: "a", Txn: "ovse-fuzz-txn",
			Status: "pending", CreatedAt: now, ExpiresAt: now.Add(time.Hour)})
		svc, err := NewOVSE(sessions, vault, keys, &OVSEOptions{Now: func() time.Time { return now }})
		if err != nil {
			t.Fatal(err)
		}
		ct := "application/json"
		if form {
			ct = "application/x-www-form-urlencoded"
		}
		res, err := svc.Callback(context.Background(), body, ct)
		if err == nil {
			if res == nil || res.Status == "" {
				t.Fatalf("accepted without a status: %+v", res)
			}
			return
		}
		for _, s := range []error{ErrUnknownTxn, ErrTxnConsumed, ErrSessionExpired, sdjwt.ErrCallback, sdjwt.ErrTooLarge,
			sdjwt.ErrMalformed, sdjwt.ErrKeyNotFound, sdjwt.ErrMalformedDisclosure, sdjwt.ErrAlgorithm, sdjwt.ErrType,
			sdjwt.ErrSignature, sdjwt.ErrHashAlgorithm} {
			if errors.Is(err, s) {
				return
			}
		}
		// Other sdjwt sentinels are possible on crafted tokens; they all
		// carry the package prefix.
		if !strings.HasPrefix(err.Error(), "sdjwt: ") && !strings.HasPrefix(err.Error(), "kyc: ") {
			t.Fatalf("unexpected error %v", err)
		}
	})
}

// FuzzStatusBody: a status API's body is decoded or refused with
// ErrResponse (or ErrTooLarge), never a panic; an accepted body has a
// session_status.
func FuzzStatusBody(f *testing.F) {
	f.Add([]byte(`{"session_id":"s","session_status":"completed","txn":"t","success":true,"verified_at":1749456100,"result":{}}`))
	f.Add([]byte(`{"session_status":"pending","verified_at":"2026-01-02T03:04:05Z"}`))
	f.Add([]byte(`{"session_status":"failed","verified_at":"17"}`))
	f.Add([]byte(`{"session_status":7}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, body []byte) {
		p := &StatusPoller{BaseURL: "http://status.invalid", Token: "tok", MaxBody: 4096,
			Client: &http.Client{Transport: rtFunc(func(*http.Request) (*http.Response, error) {
				return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(bytes.NewReader(body))}, nil
			})}}
		r, err := p.Fetch(context.Background(), "s")
		if err != nil {
			if !errors.Is(err, ErrResponse) && !errors.Is(err, ErrTooLarge) {
				t.Fatalf("error %v", err)
			}
			return
		}
		if r.SessionStatus == "" {
			t.Fatal("accepted without session_status")
		}
	})
}

type rtFunc func(*http.Request) (*http.Response, error)

func (f rtFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// FuzzKosmosTyped: a decrypted 1Kosmos result is typed or refused with
// onekosmos's sentinels; a typed one always has a record and a decision.
func FuzzKosmosTyped(f *testing.F) {
	f.Add([]byte(`{"responseStatus":"INPROGRESS","id":"x"}`))
	f.Add([]byte(`{"sessionResult":"FAILED","sessionId":"s","errorInfo":{"status":"503"}}`))
	f.Add([]byte(`{"sessionResult":"SUCCESS","sessionId":"s","document":{"firstName":"A"}}`))
	f.Add([]byte(`{"responseStatus":"success","sessionId":"s","dl_object":{}}`))
	f.Fuzz(func(t *testing.T, plain []byte) {
		r, err := KosmosTyped(plain)
		if err != nil {
			if !errors.Is(err, onekosmos.ErrResponse) && !errors.Is(err, onekosmos.ErrTooLarge) {
				t.Fatalf("error %v", err)
			}
			return
		}
		if r.Record == nil || r.Decision() == "" {
			t.Fatalf("typed without a record or a decision: %v", r)
		}
	})
}
