package kyc_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kyckit/kyckit/kyc"
	"github.com/kyckit/kyckit/normalize"
	"github.com/kyckit/kyckit/onekosmos"
)

func kosmosKey(t *testing.T, name string) string {
	t.Helper()
	return strings.TrimSpace(string(readTestdata(t, "ecdsa", name)))
}

type kosmosKeys struct {
	caller, service *onekosmos.PrivateKey
}

func loadKosmosKeys(t *testing.T) kosmosKeys {
	t.Helper()
	c, err := onekosmos.ParsePrivateKey(onekosmos.Secp256k1, kosmosKey(t, "caller.key"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := onekosmos.ParsePrivateKey(onekosmos.Secp256k1, kosmosKey(t, "service.key"))
	if err != nil {
		t.Fatal(err)
	}
	return kosmosKeys{c, s}
}

// docuverify is a fake 1Kosmos docuverify service. It opens every
// request the way the service must — the publickey header names the
// caller, licensekey and requestid are sealed to the service key, the
// body is {"data": sealed JSON} — records what it found, and answers
// from a script.
type docuverify struct {
	t       *testing.T
	keys    kosmosKeys
	mu      sync.Mutex
	seen    []map[string]any // decrypted request bodies
	headers []http.Header
	answers []func(w http.ResponseWriter)
}

func (d *docuverify) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	caller, err := onekosmos.ParsePublicKey(onekosmos.Secp256k1, r.Header.Get("publickey"))
	if err != nil {
		http.Error(w, `{"code":400,"message":"bad publickey"}`, 400)
		return
	}
	k, _ := onekosmos.SharedKey(d.keys.service, caller)
	lic, err1 := onekosmos.Open(k, r.Header.Get("licensekey"))
	rid, err2 := onekosmos.Open(k, r.Header.Get("requestid"))
	var body struct{ Data string }
	raw, _ := io.ReadAll(r.Body)
	_ = json.Unmarshal(raw, &body)
	plain, err3 := onekosmos.Open(k, body.Data)
	var payload, ridj map[string]any
	_ = json.Unmarshal(plain, &payload)
	_ = json.Unmarshal(rid, &ridj)
	if err1 != nil || err2 != nil || err3 != nil || string(lic) != "00000000-1111-2222-3333-444444444444" ||
		ridj["appid"] != "kyckit-test" || ridj["ts"] != float64(1750000000) || len(ridj["uuid"].(string)) != 36 ||
		r.Header.Get("charset") != "utf-8" || r.Header.Get("Content-Type") != "application/json" || r.Method != "POST" {
		d.t.Errorf("request not as 1Kosmos expects: %v %v %v lic %q rid %v headers %v", err1, err2, err3, lic, ridj, r.Header)
	}
	payload["_path"] = r.URL.Path
	d.mu.Lock()
	d.seen = append(d.seen, payload)
	d.headers = append(d.headers, r.Header.Clone())
	i := min(len(d.seen), len(d.answers)) - 1
	d.mu.Unlock()
	d.answers[i](w)
}

func fixtureAnswer(t *testing.T, name string) func(w http.ResponseWriter) {
	b := readTestdata(t, "ecdsa", name)
	return func(w http.ResponseWriter) { _, _ = w.Write(b) }
}

func newKosmos(t *testing.T, answers ...func(http.ResponseWriter)) (*kyc.KosmosClient, *docuverify) {
	t.Helper()
	keys := loadKosmosKeys(t)
	d := &docuverify{t: t, keys: keys, answers: answers}
	srv := httptest.NewServer(d)
	t.Cleanup(srv.Close)
	c := &kyc.KosmosClient{Client: srv.Client(), BaseURL: srv.URL + "/docuverify", LicenseKey: "00000000-1111-2222-3333-444444444444",
		AppID: "kyckit-test", DVCID: "example_dvcid", CallerKey: keys.caller, ServiceKey: keys.service.Public(),
		Now: func() time.Time { return time.Unix(1750000000, 0) }}
	return c, d
}

func TestKosmosCreateSession(t *testing.T) {
	keys := loadKosmosKeys(t)
	k, _ := onekosmos.SharedKey(keys.service, keys.caller.Public())
	sealed, _ := onekosmos.Seal(k, []byte(`{"sessionId":"e0833902-1741-4f25-a92e-516393112940","url":"https://acme.example/s"}`))
	for _, tc := range []struct {
		name string
		body string
	}{
		{"plain answer (the helpers')", `{"sessionId":"e0833902-1741-4f25-a92e-516393112940","url":"https://acme.example/s"}`},
		{"encrypted answer (the docs')", `{"data":"` + sealed + `","publicKey":"` + keys.service.Public().Encode() + `"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, d := newKosmos(t, func(w http.ResponseWriter) { _, _ = w.Write([]byte(tc.body)) })
			s, err := c.CreateSession(context.Background(), kyc.KosmosSessionRequest{TenantDNS: "1k-dev.1kosmos.net",
				CommunityName: "default", DocumentType: "idcard_object", User: &kyc.KosmosUser{Username: "john.doe", LastName: "doe"}})
			if err != nil || s.SessionID != "e0833902-1741-4f25-a92e-516393112940" || s.URL != "https://acme.example/s" {
				t.Fatalf("CreateSession = %+v, %v", s, err)
			}
			// The body of the seed: dvcID and sessionRequest{tenantDNS,
			// communityName, documentType, user}.
			got := d.seen[0]
			want := `{"_path":"/docuverify/document_share_session/create","dvcID":"example_dvcid","sessionRequest":{"communityName":"default","documentType":"idcard_object","tenantDNS":"1k-dev.1kosmos.net","user":{"lastname":"doe","username":"john.doe"}}}`
			if b, _ := json.Marshal(got); string(b) != want {
				t.Fatalf("body\n got %s\nwant %s", b, want)
			}
		})
	}
	c, _ := newKosmos(t)
	if _, err := c.CreateSession(context.Background(), kyc.KosmosSessionRequest{TenantDNS: "x"}); !errors.Is(err, kyc.ErrOptions) {
		t.Errorf("incomplete sessionRequest: %v", err)
	}
}

func TestKosmosPoll(t *testing.T) {
	c, d := newKosmos(t, fixtureAnswer(t, "poll-pending.json"), fixtureAnswer(t, "poll-final.json"))
	r, err := c.Poll(context.Background(), "5e55a0f1-7c1d-4b7e-9a39-0c5f3f1d2a61")
	if err != nil || r.Session != onekosmos.SessionInProgress || r.PII || r.Decision() != normalize.DecisionRetry {
		t.Fatalf("pending: %v %v", r, err)
	}
	if b, _ := json.Marshal(d.seen[0]); string(b) != `{"_path":"/docuverify/v3/document_share_session/result","dvcID":"example_dvcid","sessionId":"5e55a0f1-7c1d-4b7e-9a39-0c5f3f1d2a61"}` {
		t.Fatalf("poll body %s", b)
	}
	r, err = c.Poll(context.Background(), "5e55a0f1-7c1d-4b7e-9a39-0c5f3f1d2a61")
	if err != nil || r.Session != onekosmos.SessionCompleted || r.Verification != onekosmos.VerificationPassed || !r.PII || r.Decision() != normalize.DecisionClear {
		t.Fatalf("final: %v %v", r, err)
	}
	if s := fmt.Sprint(r) + fmt.Sprint(r.Result); strings.Contains(s, "Varadarajan") || strings.Contains(s, "TN0020190000001") {
		t.Errorf("printing shows personal data: %s", s)
	}
	if r.Record.Claims.Name == "" || r.Record.Result.Outcome != normalize.Verified {
		t.Fatalf("record: %v", r.Record)
	}
	// Every request had a fresh requestid.
	if d.headers[0].Get("requestid") == d.headers[1].Get("requestid") {
		t.Error("requestid reused")
	}
}

func TestKosmosPinnedServiceKey(t *testing.T) {
	keys := loadKosmosKeys(t)
	// An answer sealed by another key pair (an attacker's, say) decrypts
	// under its own publicKey, and is refused before that.
	other, _ := onekosmos.GenerateKey(onekosmos.Secp256k1)
	k, _ := onekosmos.SharedKey(other, keys.caller.Public())
	sealed, _ := onekosmos.Seal(k, []byte(`{"sessionResult":"SUCCESS","sessionId":"x"}`))
	forged := []byte(`{"data":"` + sealed + `","publicKey":"` + other.Public().Encode() + `"}`)
	if _, err := onekosmos.DecryptResponse(forged, keys.caller, keys.service.Public(), nil); err != nil {
		t.Fatalf("the unpinned decrypt refuses the forgery (%v): the test proves nothing", err)
	}
	c, _ := newKosmos(t, func(w http.ResponseWriter) { _, _ = w.Write(forged) })
	if _, err := c.Poll(context.Background(), "x"); !errors.Is(err, onekosmos.ErrUnpinnedKey) {
		t.Fatalf("Poll: %v", err)
	}
	if _, err := c.CreateSession(context.Background(), kyc.KosmosSessionRequest{TenantDNS: "t", CommunityName: "c",
		DocumentType: "dl_object"}); !errors.Is(err, onekosmos.ErrUnpinnedKey) {
		t.Fatalf("CreateSession: %v", err)
	}
	// Without publicKey (v1), the pinned key decrypts.
	c, _ = newKosmos(t, fixtureAnswer(t, "poll-v1.json"))
	if r, err := c.Poll(context.Background(), "x"); err != nil || r.Result.V1 == nil {
		t.Fatalf("v1: %v", err)
	}
}

func TestKosmosErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		ans   func(http.ResponseWriter)
		check func(error) bool
	}{
		{"400 dvcID", func(w http.ResponseWriter) {
			w.WriteHeader(400)
			_, _ = w.Write(readTestdata(t, "ecdsa", "error.json"))
		},
			func(err error) bool {
				var se *kyc.StatusError
				return errors.As(err, &se) && !se.Retryable && se.Class == normalize.ClassInvalidRequest && se.Code == "400" &&
					!strings.Contains(err.Error(), "dvcID is required")
			}},
		{"401", func(w http.ResponseWriter) { w.WriteHeader(401) }, func(err error) bool {
			var se *kyc.StatusError
			return errors.As(err, &se) && !se.Retryable && se.Class == normalize.ClassAuth
		}},
		{"503", func(w http.ResponseWriter) { w.WriteHeader(503) }, func(err error) bool {
			var se *kyc.StatusError
			return errors.As(err, &se) && se.Retryable && se.Class == normalize.ClassUpstream
		}},
		{"error body with 200", func(w http.ResponseWriter) { _, _ = w.Write(readTestdata(t, "ecdsa", "error.json")) },
			func(err error) bool { return errors.Is(err, onekosmos.ErrService) }},
		{"tampered envelope", func(w http.ResponseWriter) {
			b := readTestdata(t, "ecdsa", "poll-pending.json")
			b[12] ^= 1
			_, _ = w.Write(b)
		}, func(err error) bool { return errors.Is(err, onekosmos.ErrDecrypt) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := newKosmos(t, tc.ans)
			if _, err := c.Poll(context.Background(), "x"); !tc.check(err) {
				t.Fatalf("err = %v", err)
			}
		})
	}
	for _, c := range []*kyc.KosmosClient{{}, {BaseURL: "http://x", LicenseKey: "l", DVCID: "d"}} {
		if _, err := c.NewPollRequest(context.Background(), "x"); !errors.Is(err, kyc.ErrOptions) {
			t.Errorf("%+v: %v", c, err)
		}
	}
}

func TestKosmosPollUntilDone(t *testing.T) {
	var fails int
	retry := func(w http.ResponseWriter) {
		if fails < 1 {
			fails++
			w.WriteHeader(500)
			return
		}
		_, _ = w.Write(readTestdata(t, "ecdsa", "poll-pending.json"))
	}
	c, d := newKosmos(t, retry, retry, retry, fixtureAnswer(t, "poll-failed.json"), fixtureAnswer(t, "poll-final.json"))
	r, err := c.PollUntilDone(context.Background(), "s", &kyc.Backoff{Initial: time.Millisecond, Max: 2 * time.Millisecond})
	if err != nil || r.Session != onekosmos.SessionCompleted || r.Verification != onekosmos.VerificationFailed || r.Decision() != normalize.DecisionReject {
		t.Fatalf("PollUntilDone = %v, %v", r, err)
	}
	if len(d.seen) != 4 {
		t.Fatalf("%d polls, want 4 (one 500, two pending, one final)", len(d.seen))
	}
	c, _ = newKosmos(t, func(w http.ResponseWriter) { w.WriteHeader(404) })
	if _, err := c.PollUntilDone(context.Background(), "s", nil); !errors.Is(err, kyc.ErrStatus) {
		t.Fatalf("404: %v", err)
	}
}

// TestKosmosOncePerSession: 1Kosmos returns the person's data once per
// session; a completed session polled again carries no document, and
// that is a final answer, not an error.
func TestKosmosOncePerSession(t *testing.T) {
	r, err := kyc.KosmosTyped([]byte(`{"sessionResult":"SUCCESS","sessionId":"s"}`))
	if err != nil || r.PII || r.Session != onekosmos.SessionCompleted || !r.Session.Done() {
		t.Fatalf("repeat poll: %v %v", r, err)
	}
	// The seed's five session statuses and three verification statuses,
	// as the decision a poller acts on.
	for _, tc := range []struct {
		body string
		want normalize.Decision
	}{
		{`{"responseStatus":"Pending","id":"s"}`, normalize.DecisionRetry},
		{`{"responseStatus":"INPROGRESS","id":"s"}`, normalize.DecisionRetry},
		{`{"sessionResult":"Expired","sessionId":"s"}`, normalize.DecisionReject},
		{`{"sessionResult":"Declined","sessionId":"s"}`, normalize.DecisionReject},
		{`{"sessionResult":"FAILED","sessionId":"s","errorInfo":{"reasonCode":"IDV0010"}}`, normalize.DecisionReject},
	} {
		r, err := kyc.KosmosTyped([]byte(tc.body))
		if err != nil || r.Decision() != tc.want {
			t.Errorf("%s: %v %v", tc.body, r, err)
		}
	}
}
