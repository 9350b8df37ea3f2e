package kyc_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kyckit/kyckit/internal/uidaitest"
	"github.com/kyckit/kyckit/kyc"
	"github.com/kyckit/kyckit/normalize"
	"github.com/kyckit/kyckit/retention"
	"github.com/kyckit/kyckit/sdjwt"
)

// The test clock: inside the fixture credential's validity (iat
// 1750000000).
var t0 = time.Unix(1750000100, 0).UTC()

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func readTestdata(t testing.TB, elem ...string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(append([]string{"..", "testdata"}, elem...)...))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// credential issues a UIDAI-style SD-JWT of the invented resident with
// the test issuer key ([uidaitest.Credential]), its claims changed by edit.
func credential(t testing.TB, edit func(map[string]any)) string {
	t.Helper()
	return uidaitest.Credential(t, "..", edit)
}

// The personal values of the fixture, which must never reach a log.
var residentPII = []string{"Meera", "Joshi", "9000000001", "Test Towers", "Example Road", "411001", "01-02-1985", "1985-02-01",
	"iVBORw0KGgo"}

type env struct {
	t      *testing.T
	clock  *clock
	svc    *kyc.OVSE
	srv    *httptest.Server
	logBuf *syncBuffer
	vault  *retention.Vault
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

const (
	tokenA      = "tenant-a-token-0123456789"
	tokenB      = "tenant-b-token-0123456789"
	tokenNoOVSE = "tenant-a-other-scope-0123"
)

func tokens(t testing.TB) *kyc.BearerTokens {
	t.Helper()
	bt, err := kyc.ParseBearerTokens([]byte(`[
		{"tenant": "a", "scopes": ["verify-aadhaar-ovse"], "token": "` + tokenA + `"},
		{"tenant": "b", "scopes": ["other", "verify-aadhaar-ovse"], "token": "` + tokenB + `"},
		{"tenant": "a", "scopes": ["verify-aadhaar-okyc"], "token": "` + tokenNoOVSE + `"}]`))
	if err != nil {
		t.Fatal(err)
	}
	return bt
}

func newEnv(t *testing.T, opts *kyc.OVSEOptions) *env {
	t.Helper()
	e := &env{t: t, clock: &clock{t: t0}, logBuf: &syncBuffer{}}
	kek, err := retention.GenerateKeyset()
	if err != nil {
		t.Fatal(err)
	}
	e.vault, err = retention.New(retention.NewMemoryStore(), kek, &retention.Options{Now: e.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	keys, err := sdjwt.ParseJWKSet(readTestdata(t, "sdjwt", "issuer.jwks.json"))
	if err != nil {
		t.Fatal(err)
	}
	var o kyc.OVSEOptions
	if opts != nil {
		o = *opts
	}
	o.Now = e.clock.Now
	o.Logger = slog.New(slog.NewJSONHandler(e.logBuf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	e.svc, err = kyc.NewOVSE(kyc.StoreSessions(retention.NewMemoryStore(), 0), e.vault, keys, &o)
	if err != nil {
		t.Fatal(err)
	}
	e.srv = httptest.NewServer(e.svc.Handler(tokens(t)))
	t.Cleanup(e.srv.Close)
	t.Cleanup(func() {
		log := e.logBuf.String()
		for _, v := range residentPII {
			if strings.Contains(log, v) {
				t.Errorf("the service log holds a personal value (%q…)", v[:3])
			}
		}
	})
	return e
}

type reply struct {
	status int
	header http.Header
	body   map[string]any
	raw    []byte
}

func (e *env) do(method, path, token, contentType string, body []byte) reply {
	e.t.Helper()
	req, err := http.NewRequest(method, e.srv.URL+path, bytes.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := e.srv.Client().Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	r := reply{status: resp.StatusCode, header: resp.Header, raw: raw}
	if err := json.Unmarshal(raw, &r.body); err != nil {
		e.t.Fatalf("%s %s: body is not a JSON object: %q", method, path, raw)
	}
	return r
}

func (e *env) init(token string, body string) (id, txn string) {
	e.t.Helper()
	r := e.do("POST", kyc.InitPath, token, "application/json", []byte(body))
	if r.status != 200 {
		e.t.Fatalf("init: %d %s", r.status, r.raw)
	}
	return r.body["session_id"].(string), r.body["txn"].(string)
}

func (e *env) callback(txn, response string) reply {
	e.t.Helper()
	b, _ := json.Marshal(map[string]string{"txn": txn, "response": response, "dateTime": t0.Format(time.RFC3339)})
	return e.do("POST", kyc.CallbackPath, "", "application/json", b)
}

func (e *env) status(token, id string) reply {
	e.t.Helper()
	return e.do("GET", kyc.StatusPath+id, token, "", nil)
}

// TestOVSEFlow: init → callback with an SD-JWT of our issuer → status,
// with every answer in the seed's shape.
func TestOVSEFlow(t *testing.T) {
	e := newEnv(t, nil)
	id, txn := e.init(tokenA, `{"client_reference_id": "loan-app-000417", "ttl_seconds": 300}`)
	if !strings.HasPrefix(id, "ovse_sess_") || len(txn) != 36 {
		t.Fatalf("init gave session %q, txn %q", id, txn)
	}

	r := e.status(tokenA, id)
	want := map[string]any{"session_id": id, "session_status": "pending", "txn": txn, "client_reference_id": "loan-app-000417", "success": false}
	if r.status != 200 || !jsonEqual(r.body, want) || r.header.Get(kyc.PIIHeader) != "none" {
		t.Fatalf("pending status: %d %s", r.status, r.raw)
	}

	if r := e.callback(txn, credential(t, nil)); r.status != 200 || r.body["status"] != "accepted" || r.body["txn"] != txn {
		t.Fatalf("callback: %d %s", r.status, r.raw)
	}

	r = e.status(tokenA, id)
	if r.status != 200 || r.header.Get(kyc.PIIHeader) != "delivered" {
		t.Fatalf("completed status: %d %s", r.status, r.raw)
	}
	for k, v := range map[string]any{
		"session_id": id, "session_status": "completed", "txn": txn, "client_reference_id": "loan-app-000417", "success": true,
		"verified_at": float64(t0.Unix()), "name": "Meera Test Joshi", "dob": "1985-02-01", "gender": "F", "mobile": "9000000001",
		"full_address": "Flat 1, Test Towers, Example Road, Testnagar, Pune, Maharashtra - 411001",
		"user_photo":   "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=",
	} {
		if !jsonEqual(r.body[k], v) {
			t.Errorf("completed %s = %v, want %v", k, r.body[k], v)
		}
	}
	res, _ := r.body["result"].(map[string]any)
	if res["uid"] != "xxxxxxxx0000" || res["iss"] != sdjwt.UIDAIIssuer || res["cnf"] != nil || res["photo"] != nil {
		t.Errorf("result = %v", res)
	}
	for _, k := range []string{"failure_code", "failure_message"} {
		if _, ok := r.body[k]; ok {
			t.Errorf("completed answer has %s", k)
		}
	}
	// The answer normalizes: a verified record with the resident's PIN.
	rec, err := normalize.OVSE(r.raw, nil)
	if err != nil || rec.Result.Outcome != normalize.Verified || rec.Claims.Birthdate != "1985-02-01" ||
		rec.Claims.Address == nil || rec.Claims.Address.PostalCode != "411001" {
		t.Fatalf("normalize.OVSE: %v %+v", err, rec)
	}

	// Read once: the next poll has the status, not the resident.
	r = e.status(tokenA, id)
	if r.status != 200 || r.body["session_status"] != "completed" || r.body["success"] != true || r.header.Get(kyc.PIIHeader) != "consumed" {
		t.Fatalf("second poll: %d %s", r.status, r.raw)
	}
	for _, k := range []string{"name", "dob", "gender", "mobile", "full_address", "user_photo", "result"} {
		if _, ok := r.body[k]; ok {
			t.Errorf("second poll carries %s", k)
		}
	}
	if !strings.Contains(e.logBuf.String(), "status poll after the data was delivered") {
		t.Error("the second poll was not logged")
	}

	// The callback is refused once the txn is consumed.
	if r := e.callback(txn, credential(t, nil)); r.status != 409 || r.body["error"] != "txn_consumed" {
		t.Fatalf("replayed callback: %d %s", r.status, r.raw)
	}
}

func jsonEqual(a, b any) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return bytes.Equal(ja, jb)
}

// TestOVSERecord: in Go, the first status after completion carries the
// resident as a normalize record mapped at the callback from the
// credential kyckit verified (typed hand-over, outcome verified on its
// own check); later ones none.
func TestOVSERecord(t *testing.T) {
	e := newEnv(t, nil)
	init, err := e.svc.Init(context.Background(), "a", kyc.InitRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if r := e.callback(init.Txn, credential(t, nil)); r.status != 200 {
		t.Fatalf("callback %d", r.status)
	}
	r, err := e.svc.Status(context.Background(), "a", init.SessionID)
	if err != nil || r.Record == nil {
		t.Fatalf("Status: %v %v", r, err)
	}
	rec, _ := r.Normalize(nil)
	if rec != r.Record || rec.Source.Adapter != normalize.AdapterSDJWT || rec.Result.Outcome != normalize.Verified ||
		rec.Result.Decision != normalize.DecisionClear || rec.Claims.Birthdate != "1985-02-01" || rec.VerifiedClaims == nil {
		t.Fatalf("record %v", rec)
	}
	r, _ = e.svc.Status(context.Background(), "a", init.SessionID)
	if r.Record != nil || r.PII != kyc.PIIConsumed {
		t.Fatalf("second Status: %v", r)
	}
}

// TestOVSEAuth: 401 without a token, with an unknown one or one without
// the scope; 404 for an unknown session and for another tenant's.
func TestOVSEAuth(t *testing.T) {
	e := newEnv(t, nil)
	id, _ := e.init(tokenA, "")
	for _, tc := range []struct {
		name, method, path, token string
		header                    string
		want                      int
	}{
		{"status without token", "GET", kyc.StatusPath + id, "", "", 401},
		{"status, unknown token", "GET", kyc.StatusPath + id, "nope-nope-nope-nope", "", 401},
		{"status, token without the scope", "GET", kyc.StatusPath + id, tokenNoOVSE, "", 401},
		{"status, basic auth", "GET", kyc.StatusPath + id, "", "Basic " + tokenA, 401},
		{"init without token", "POST", kyc.InitPath, "", "", 401},
		{"init, token without the scope", "POST", kyc.InitPath, tokenNoOVSE, "", 401},
		{"unknown session", "GET", kyc.StatusPath + "ovse_sess_unknown", tokenA, "", 404},
		{"unknown session without token", "GET", kyc.StatusPath + "ovse_sess_unknown", "", "", 401},
		{"another tenant's session", "GET", kyc.StatusPath + id, tokenB, "", 404},
		{"no such endpoint", "GET", "/verification/v1/ovse/other", tokenA, "", 404},
		{"status by POST", "POST", kyc.StatusPath + id, tokenA, "", 405},
		{"status by HEAD", "HEAD", kyc.StatusPath + id, tokenA, "", 405},
		{"init by GET", "GET", kyc.InitPath, tokenA, "", 405},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(tc.method, e.srv.URL+tc.path, nil)
			if tc.token != "" {
				req.Header.Set("Authorization", "Bearer "+tc.token)
			}
			if tc.header != "" {
				req.Header.Set("Authorization", tc.header)
			}
			resp, err := e.srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			raw, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tc.want {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tc.want, raw)
			}
			if tc.method == "HEAD" {
				return
			}
			var body struct {
				Detail  map[string]string `json:"detail"`
				Message string            `json:"message"`
			}
			if err := json.Unmarshal(raw, &body); err != nil || body.Detail["code"] == "" || body.Message == "" {
				t.Fatalf("error body %s is not {detail, message}", raw)
			}
			if tc.want == 401 && !strings.Contains(resp.Header.Get("WWW-Authenticate"), `scope="verify-aadhaar-ovse"`) {
				t.Errorf("WWW-Authenticate = %q", resp.Header.Get("WWW-Authenticate"))
			}
			if resp.Header.Get("Cache-Control") != "no-store" {
				t.Error("answer may be cached")
			}
		})
	}
	// The other tenant's 404 is the unknown session's 404, byte for byte.
	a, b := e.status(tokenB, id), e.status(tokenA, "ovse_sess_unknown")
	if !bytes.Equal(a.raw, b.raw) {
		t.Errorf("another tenant's session (%s) is told apart from an unknown one (%s)", a.raw, b.raw)
	}
}

// TestOVSECallbackRefusals: a tampered credential fails the session and
// is refused; so are an unknown txn, a malformed body, an expired session
// and a credential of another issuer. The app's own error fails the
// session but is acknowledged.
func TestOVSECallbackRefusals(t *testing.T) {
	e := newEnv(t, nil)
	good := credential(t, nil)

	t.Run("tampered disclosure", func(t *testing.T) {
		id, txn := e.init(tokenA, "")
		i := strings.IndexByte(good, '~') + 12
		c := byte('A')
		if good[i] == 'A' {
			c = 'B'
		}
		r := e.callback(txn, good[:i]+string(c)+good[i+1:])
		if r.status != 400 || r.body["error"] != "credential_invalid" {
			t.Fatalf("tampered: %d %s", r.status, r.raw)
		}
		s := e.status(tokenA, id)
		if s.body["session_status"] != "failed" || s.body["failure_code"] != kyc.FailureCredential ||
			!strings.Contains(s.body["failure_message"].(string), "sdjwt:") || s.body["success"] != false {
			t.Fatalf("session after a tampered callback: %s", s.raw)
		}
		// The txn was consumed: the genuine credential cannot follow.
		if r := e.callback(txn, good); r.status != 409 {
			t.Fatalf("genuine after tampered: %d %s", r.status, r.raw)
		}
	})
	t.Run("tampered signature", func(t *testing.T) {
		_, txn := e.init(tokenA, "")
		i := strings.IndexByte(good, '~') - 5
		bad := good[:i] + "AAAAA" + good[i+5:]
		if r := e.callback(txn, bad); r.status != 400 || r.body["error"] != "credential_invalid" {
			t.Fatalf("%d %s", r.status, r.raw)
		}
	})
	t.Run("other issuer", func(t *testing.T) {
		id, txn := e.init(tokenA, "")
		tok := credential(t, func(c map[string]any) { c["iss"] = "https://staging.example" })
		if r := e.callback(txn, tok); r.status != 400 {
			t.Fatalf("%d %s", r.status, r.raw)
		}
		if s := e.status(tokenA, id); !strings.Contains(s.body["failure_message"].(string), "unexpected issuer") {
			t.Fatalf("%s", s.raw)
		}
	})
	t.Run("no status claim", func(t *testing.T) {
		_, txn := e.init(tokenA, "")
		tok := credential(t, func(c map[string]any) { delete(c, "status") })
		if r := e.callback(txn, tok); r.status != 400 {
			t.Fatalf("%d %s", r.status, r.raw)
		}
	})
	t.Run("unknown txn", func(t *testing.T) {
		if r := e.callback("5f1d3c1e-0000-4000-8000-000000000001", good); r.status != 404 || r.body["error"] != "unknown_txn" {
			t.Fatalf("%d %s", r.status, r.raw)
		}
	})
	t.Run("malformed", func(t *testing.T) {
		for _, body := range []string{``, `[]`, `{"response": "x"}`, `{"txn": true, "response": "x"}`, `{"txn": "t"}`} {
			r := e.do("POST", kyc.CallbackPath, "", "application/json", []byte(body))
			if r.status != 400 || r.body["error"] != "invalid_callback" {
				t.Errorf("%s: %d %s", body, r.status, r.raw)
			}
		}
	})
	t.Run("too large", func(t *testing.T) {
		r := e.do("POST", kyc.CallbackPath, "", "application/json", bytes.Repeat([]byte("a"), sdjwt.MaxCallbackBytes+1))
		if r.status != 413 {
			t.Fatalf("%d %s", r.status, r.raw)
		}
	})
	t.Run("app error", func(t *testing.T) {
		id, txn := e.init(tokenA, "")
		b, _ := json.Marshal(map[string]string{"txn": txn, "errCode": "U-105", "errInfo": "Meera declined"})
		if r := e.do("POST", kyc.CallbackPath, "", "application/json", b); r.status != 200 || r.body["status"] != "accepted" {
			t.Fatalf("%d %s", r.status, r.raw)
		}
		s := e.status(tokenA, id)
		if s.body["session_status"] != "failed" || s.body["failure_code"] != kyc.FailureAppError ||
			!strings.Contains(s.body["failure_message"].(string), "U-105") || strings.Contains(string(s.raw), "Meera") {
			t.Fatalf("%s", s.raw)
		}
	})
	t.Run("form body", func(t *testing.T) {
		id, txn := e.init(tokenA, "")
		form := url.Values{"txn": {txn}, "response": {good}}.Encode()
		if r := e.do("POST", kyc.CallbackPath, "", "application/x-www-form-urlencoded", []byte(form)); r.status != 200 {
			t.Fatalf("%d %s", r.status, r.raw)
		}
		if s := e.status(tokenA, id); s.body["session_status"] != "completed" || s.body["name"] != "Meera Test Joshi" {
			t.Fatalf("%s", s.raw)
		}
	})
	t.Run("expired", func(t *testing.T) {
		id, txn := e.init(tokenA, `{"ttl_seconds": 60}`)
		e.clock.Add(time.Minute)
		s := e.status(tokenA, id)
		if s.body["session_status"] != "expired" || s.body["failure_code"] != kyc.FailureExpired || s.body["success"] != false {
			t.Fatalf("%s", s.raw)
		}
		if r := e.callback(txn, good); r.status != 410 || r.body["error"] != "session_expired" {
			t.Fatalf("%d %s", r.status, r.raw)
		}
		e.clock.Add(-time.Minute)
	})
}

// TestOVSEInit: TTL bounds, references, webhooks refused, bad bodies.
func TestOVSEInit(t *testing.T) {
	e := newEnv(t, &kyc.OVSEOptions{TTL: 2 * time.Minute, MaxTTL: 10 * time.Minute})
	r := e.do("POST", kyc.InitPath, tokenA, "application/json", nil)
	if r.status != 200 || r.body["expires_at"] != float64(t0.Add(2*time.Minute).Unix()) {
		t.Fatalf("default TTL: %s", r.raw)
	}
	r = e.do("POST", kyc.InitPath, tokenA, "application/json", []byte(`{"ttl_seconds": 600, "include_qr": true, "unknown": 1}`))
	if r.status != 200 || r.body["expires_at"] != float64(t0.Add(10*time.Minute).Unix()) {
		t.Fatalf("600 s: %s", r.raw)
	}
	for _, body := range []string{`{"ttl_seconds": 601}`, `{"ttl_seconds": -1}`, `{"webhook_url": "https://example.com"}`,
		`{"client_reference_id": "` + strings.Repeat("x", 129) + `"}`, `{"client_reference_id": "a\nb"}`, `{"ttl_seconds": "x"}`, `[`} {
		if r := e.do("POST", kyc.InitPath, tokenA, "application/json", []byte(body)); r.status != 400 || r.body["detail"] == nil {
			t.Errorf("%s: %d %s", body, r.status, r.raw)
		}
	}
	if r := e.do("POST", kyc.InitPath, tokenA, "application/json", bytes.Repeat([]byte(" "), kyc.MaxInitBody+1)); r.status != 413 {
		t.Errorf("large body: %d", r.status)
	}
}

// TestOVSERetentionPolicies: keep-for lets every poll within the TTL have
// the resident and none after; off (delete on completion) lets none.
func TestOVSERetentionPolicies(t *testing.T) {
	keep, _ := retention.PolicyFromKosmos(false, 3600)
	off, _ := retention.PolicyFromKosmos(true, 0)
	for _, tc := range []struct {
		name   string
		policy retention.Policy
		polls  []string // Kyckit-PII of successive polls
		after  string   // after the TTL
	}{
		{"keep 3600 s", keep, []string{"available", "available", "available"}, "expired"},
		{"off", off, []string{"erased", "erased"}, "erased"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, &kyc.OVSEOptions{Policy: tc.policy})
			id, txn := e.init(tokenA, "")
			if r := e.callback(txn, credential(t, nil)); r.status != 200 {
				t.Fatalf("callback %d %s", r.status, r.raw)
			}
			for i, want := range tc.polls {
				r := e.status(tokenA, id)
				_, hasName := r.body["name"]
				if r.header.Get(kyc.PIIHeader) != want || hasName != (want == "available") || r.body["session_status"] != "completed" {
					t.Fatalf("poll %d: %s %s", i, r.header.Get(kyc.PIIHeader), r.raw)
				}
			}
			e.clock.Add(time.Hour)
			if r := e.status(tokenA, id); r.header.Get(kyc.PIIHeader) != tc.after || r.body["name"] != nil {
				t.Fatalf("after the TTL: %s %s", r.header.Get(kyc.PIIHeader), r.raw)
			}
		})
	}
}

// TestOVSEReadOnceRace: concurrent polls of one completed read-once
// session: exactly one gets the resident.
func TestOVSEReadOnceRace(t *testing.T) {
	e := newEnv(t, nil)
	id, txn := e.init(tokenA, "")
	if r := e.callback(txn, credential(t, nil)); r.status != 200 {
		t.Fatalf("callback %d %s", r.status, r.raw)
	}
	var got, consumed atomic.Int32
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			r := e.status(tokenA, id)
			switch r.header.Get(kyc.PIIHeader) {
			case "delivered":
				if r.body["name"] == "Meera Test Joshi" {
					got.Add(1)
				}
			case "consumed":
				consumed.Add(1)
			}
		})
	}
	wg.Wait()
	if got.Load() != 1 || consumed.Load() != 15 {
		t.Fatalf("%d polls got the resident, %d were told it was consumed; want 1 and 15", got.Load(), consumed.Load())
	}
}

// TestOVSECallbackRace: concurrent callbacks for one txn: exactly one is
// accepted, the others are refused as consumed.
func TestOVSECallbackRace(t *testing.T) {
	e := newEnv(t, nil)
	_, txn := e.init(tokenA, "")
	tok := credential(t, nil)
	var ok, refused atomic.Int32
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			switch r := e.callback(txn, tok); r.status {
			case 200:
				ok.Add(1)
			case 409:
				refused.Add(1)
			}
		})
	}
	wg.Wait()
	if ok.Load() != 1 || refused.Load() != 7 {
		t.Fatalf("%d accepted, %d refused; want 1 and 7", ok.Load(), refused.Load())
	}
}

// TestStatusPollerAgainstService: the poller drives a session of the
// real handler to completion.
func TestStatusPollerAgainstService(t *testing.T) {
	e := newEnv(t, nil)
	id, txn := e.init(tokenA, `{"client_reference_id": "r-1"}`)
	p := &kyc.StatusPoller{Client: e.srv.Client(), BaseURL: e.srv.URL, Token: tokenA,
		Backoff: &kyc.Backoff{Initial: time.Millisecond, Max: 5 * time.Millisecond}}
	done := make(chan struct{})
	var res *kyc.OVSEResponse
	var err error
	go func() {
		defer close(done)
		res, err = p.Poll(context.Background(), id, time.Time{})
	}()
	time.Sleep(20 * time.Millisecond) // let it poll a pending session a few times
	if r := e.callback(txn, credential(t, nil)); r.status != 200 {
		t.Fatalf("callback %d", r.status)
	}
	<-done
	if err != nil || res.SessionStatus != normalize.OVSECompleted || res.Name != "Meera Test Joshi" || res.PII != kyc.PIIDelivered ||
		res.ClientReferenceID != "r-1" || !res.VerifiedAt.Equal(t0) {
		t.Fatalf("Poll = %v, %v", res, err)
	}
	rec, err := res.Normalize(nil)
	if err != nil || rec.Result.Decision != normalize.DecisionClear {
		t.Errorf("Normalize: %v", err)
	}
	if s := fmt.Sprint(res) + fmt.Sprintf("%+v %#v", res, res); strings.Contains(s, "Meera") || strings.Contains(s, "9000000001") {
		t.Errorf("printing a response shows personal data: %s", s)
	}
	// Unknown session: final, at once.
	if _, err := p.Poll(context.Background(), "ovse_sess_nope", time.Time{}); !isFinal(err, 404) {
		t.Errorf("unknown session: %v", err)
	}
	p.Token = "wrong-token-wrong-token"
	if _, err := p.Poll(context.Background(), id, time.Time{}); !isFinal(err, 401) {
		t.Errorf("wrong token: %v", err)
	}
}

func isFinal(err error, status int) bool {
	var se *kyc.StatusError
	return errors.As(err, &se) && !se.Retryable && se.HTTPStatus == status && errors.Is(err, kyc.ErrStatus)
}

// TestTokensFile: the tokens file's rules.
func TestTokensFile(t *testing.T) {
	hash := "9a4b8e1b8e3e52b6f1a8a2b7c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6"
	for _, tc := range []struct {
		body string
		ok   bool
	}{
		{`[{"tenant": "a", "scopes": ["verify-aadhaar-ovse"], "token_sha256": "` + hash + `"}]`, true},
		{`[]`, true},
		{`[{"tenant": "a", "scopes": [], "token": "short"}]`, false},
		{`[{"tenant": "a", "scopes": [], "token": "0123456789abcdef", "token_sha256": "` + hash + `"}]`, false},
		{`[{"tenant": "", "scopes": [], "token": "0123456789abcdef"}]`, false},
		{`[{"tenant": "a", "scopes": [], "token_sha256": "abc"}]`, false},
		{`[{"tenant": "a", "scopes": ["x y"], "token": "0123456789abcdef"}]`, false},
		{`[{"tenant": "a", "scope": "x", "token": "0123456789abcdef"}]`, false},
		{`[{"tenant": "a", "token": "0123456789abcdef"}, {"tenant": "b", "token": "0123456789abcdef"}]`, false},
		{`{}`, false},
		{`[] []`, false},
	} {
		_, err := kyc.ParseBearerTokens([]byte(tc.body))
		if (err == nil) != tc.ok || err != nil && !errors.Is(err, kyc.ErrOptions) {
			t.Errorf("%s: err = %v", tc.body, err)
		}
		if err != nil && strings.Contains(err.Error(), "0123456789abcdef") {
			t.Errorf("error shows a token: %v", err)
		}
	}
	// A hashed token authenticates with its preimage.
	bt, err := kyc.ParseBearerTokens([]byte(`[{"tenant": "t", "scopes": ["verify-aadhaar-ovse"],
		"token_sha256": "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"}]`)) // sha256("hello")
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("Authorization", "Bearer hello")
	if tenant, err := bt.Authenticate(req, kyc.ScopeOVSE); err != nil || tenant != "t" {
		t.Fatalf("Authenticate = %q, %v", tenant, err)
	}
	if _, err := bt.Authenticate(req, "other"); !errors.Is(err, kyc.ErrUnauthorized) {
		t.Fatalf("other scope: %v", err)
	}
	req.Header.Add("Authorization", "Bearer hello")
	if _, err := bt.Authenticate(req, kyc.ScopeOVSE); !errors.Is(err, kyc.ErrUnauthorized) {
		t.Fatalf("two Authorization headers: %v", err)
	}
}

// TestOVSEStuckCallback: a session whose callback was received but never
// completed (its replica died) reads as expired once the grace passes.
func TestOVSEStuckCallback(t *testing.T) {
	now := t0
	s := &kyc.Session{Status: normalize.OVSEPending, Received: true, ExpiresAt: now.Add(time.Minute)}
	for _, tc := range []struct {
		at   time.Duration
		want normalize.OVSEStatus
	}{{0, "pending"}, {time.Minute, "pending"}, {time.Minute + kyc.CallbackGrace - time.Second, "pending"}, {time.Minute + kyc.CallbackGrace, "expired"}} {
		if got := s.StatusAt(now.Add(tc.at)); got != tc.want {
			t.Errorf("at +%v: %s, want %s", tc.at, got, tc.want)
		}
	}
	s.Received = false
	if got := s.StatusAt(now.Add(time.Minute)); got != "expired" {
		t.Errorf("not received, at expiry: %s", got)
	}
	s.Status = normalize.OVSECompleted
	if got := s.StatusAt(now.Add(time.Hour)); got != "completed" {
		t.Errorf("completed, later: %s", got)
	}
}

// TestOVSEOversizedCredential: a credential whose data is over the
// vault's cap fails its session (a retry would fail alike) and is
// refused with 400.
func TestOVSEOversizedCredential(t *testing.T) {
	e := newEnv(t, nil)
	id, txn := e.init(tokenA, "")
	big := strings.Repeat("A", 1<<20) // a 1 MiB "photo": over the vault's default 1 MiB once sealed with the rest
	r := e.callback(txn, credential(t, func(c map[string]any) { c["photo"] = big }))
	if r.status != 400 || r.body["error"] != "credential_invalid" {
		t.Fatalf("%d %s", r.status, r.raw)
	}
	if s := e.status(tokenA, id); s.body["session_status"] != "failed" || s.body["failure_code"] != kyc.FailureCredential {
		t.Fatalf("%s", s.raw)
	}
}

// flakyStore fails the Update calls whose numbers are in fail (from 1).
type flakyStore struct {
	kyc.SessionStore
	mu      sync.Mutex
	updates int
	fail    map[int]bool
}

func (f *flakyStore) Update(ctx context.Context, s *kyc.Session) error {
	f.mu.Lock()
	f.updates++
	n := f.updates
	f.mu.Unlock()
	if f.fail[n] {
		return fmt.Errorf("%w: injected failure", kyc.ErrStore)
	}
	return f.SessionStore.Update(ctx, s)
}

// TestOVSECallbackStoreFailure: when the store fails after the txn was
// consumed, the callback answers 500, its sealed record is erased, the
// txn is given back, and the app's retry completes the session.
func TestOVSECallbackStoreFailure(t *testing.T) {
	kek, _ := retention.GenerateKeyset()
	clk := &clock{t: t0}
	vault, _ := retention.New(retention.NewMemoryStore(), kek, &retention.Options{Now: clk.Now})
	keys, _ := sdjwt.ParseJWKSet(readTestdata(t, "sdjwt", "issuer.jwks.json"))
	store := &flakyStore{SessionStore: kyc.StoreSessions(retention.NewMemoryStore(), 0), fail: map[int]bool{2: true}}
	svc, err := kyc.NewOVSE(store, vault, keys, &kyc.OVSEOptions{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(svc.Handler(tokens(t)))
	defer srv.Close()
	ctx := context.Background()
	init, _ := svc.Init(ctx, "a", kyc.InitRequest{})
	body, _ := json.Marshal(map[string]string{"txn": init.Txn, "response": credential(t, nil)})
	post := func() int {
		resp, err := srv.Client().Post(srv.URL+kyc.CallbackPath, "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	// Update 1 consumes the txn, update 2 (completion) fails, update 3
	// gives the txn back.
	if code := post(); code != 500 {
		t.Fatalf("first callback: %d", code)
	}
	if r, _ := svc.Status(ctx, "a", init.SessionID); r.SessionStatus != "pending" {
		t.Fatalf("after the failure: %s", r.SessionStatus)
	}
	// The failed attempt's record was erased, with a receipt, not left to
	// wait out its deadline.
	if entries, err := vault.Receipts(ctx, time.Time{}, 10); err != nil || len(entries) != 1 {
		t.Fatalf("after the failure: %d receipts (%v), want 1", len(entries), err)
	}
	if code := post(); code != 200 {
		t.Fatalf("retry: %d", code)
	}
	r, err := svc.Status(ctx, "a", init.SessionID)
	if err != nil || r.SessionStatus != "completed" || r.PII != kyc.PIIDelivered {
		t.Fatalf("after the retry: %v %v", r, err)
	}
	// And the read-once delivery wrote the second.
	if entries, err := vault.Receipts(ctx, time.Time{}, 10); err != nil || len(entries) != 2 {
		t.Fatalf("%d receipts (%v), want 2", len(entries), err)
	}
}
