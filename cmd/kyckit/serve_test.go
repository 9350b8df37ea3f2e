package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/kyckit/kyckit/internal/testvectors"
	"github.com/kyckit/kyckit/internal/uidaitest"
	"github.com/kyckit/kyckit/kyc"
	"github.com/redis/go-redis/v9"
)

// These tests run the real kyckit serve: the test binary, put first on
// $PATH as kyckit by testscript.Main (TestMain), listening on a random
// loopback port, and real stores: a bbolt file in a temporary directory,
// or a redis-server the test starts (skipped without redis-server, failed
// under KYCKIT_REQUIRE_REDIS=1).

const serveToken, serveTokenB = "tenant-a-token-0123456789", "tenant-b-token-0123456789"

// serveFiles writes a tokens file for tenants a and b and returns the
// directory.
func serveFiles(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	tokens := `[{"tenant":"a","scopes":["verify-aadhaar-ovse"],"token":"` + serveToken + `"},
		{"tenant":"b","scopes":["verify-aadhaar-ovse"],"token":"` + serveTokenB + `"}]`
	if err := os.WriteFile(filepath.Join(dir, "tokens.json"), []byte(tokens), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

// server is one kyckit serve process.
type server struct {
	t      *testing.T
	cmd    *exec.Cmd
	url    string
	mu     sync.Mutex
	stderr bytes.Buffer
	done   chan struct{}
}

func (s *server) log() string { s.mu.Lock(); defer s.mu.Unlock(); return s.stderr.String() }

var servingLine = regexp.MustCompile(`kyckit: note: serving on (http://\S+) `)

// startServe starts kyckit serve with args (plus -addr 127.0.0.1:0) and
// waits until it listens. It is stopped (SIGTERM) when the test ends.
func startServe(t *testing.T, dir string, args ...string) *server {
	t.Helper()
	bin, err := exec.LookPath("kyckit")
	if err != nil {
		t.Fatal(err)
	}
	s := &server{t: t, done: make(chan struct{})}
	s.cmd = exec.Command(bin, append([]string{"serve", "-addr", "127.0.0.1:0"}, args...)...)
	s.cmd.Dir = dir
	pipe, err := s.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	up := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pipe)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			s.mu.Lock()
			s.stderr.Write(sc.Bytes())
			s.stderr.WriteByte('\n')
			s.mu.Unlock()
			if m := servingLine.FindStringSubmatch(sc.Text()); m != nil {
				up <- m[1]
			}
		}
		_, _ = io.Copy(io.Discard, pipe)
		_ = s.cmd.Wait()
		close(s.done)
	}()
	select {
	case s.url = <-up:
	case <-s.done:
		t.Fatalf("kyckit serve exited: %s", s.log())
	case <-time.After(deadline):
		t.Fatalf("kyckit serve did not listen within %v: %s", deadline, s.log())
	}
	t.Cleanup(func() { s.stop() })
	return s
}

// stop sends SIGTERM and returns the exit status.
func (s *server) stop() int {
	select {
	case <-s.done:
		return s.cmd.ProcessState.ExitCode()
	default:
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(deadline):
		s.cmd.Process.Kill()
		<-s.done
		s.t.Errorf("kyckit serve did not stop on SIGTERM: %s", s.log())
	}
	return s.cmd.ProcessState.ExitCode()
}

type answer struct {
	status int
	pii    string
	body   map[string]any
	raw    string
}

var client = &http.Client{Timeout: 30 * time.Second}

func (s *server) do(method, path, token string, body []byte) answer {
	s.t.Helper()
	req, err := http.NewRequest(method, s.url+path, bytes.NewReader(body))
	if err != nil {
		s.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	a := answer{status: resp.StatusCode, pii: resp.Header.Get(kyc.PIIHeader), raw: string(raw)}
	if err := json.Unmarshal(raw, &a.body); err != nil {
		s.t.Fatalf("%s %s: %d, body not JSON: %q", method, path, resp.StatusCode, raw)
	}
	return a
}

func (s *server) init(body string) (id, txn string) {
	s.t.Helper()
	a := s.do("POST", kyc.InitPath, serveToken, []byte(body))
	if a.status != 200 {
		s.t.Fatalf("init: %d %s", a.status, a.raw)
	}
	return a.body["session_id"].(string), a.body["txn"].(string)
}

func (s *server) callback(txn, response string) answer {
	s.t.Helper()
	b, _ := json.Marshal(map[string]string{"txn": txn, "response": response})
	return s.do("POST", kyc.CallbackPath, "", b)
}

// uidaiCredential issues, with kyckit's test issuer key, an SD-JWT in
// UIDAI's layout for the invented resident of testdata/sdjwt
// ([uidaitest.Credential]), valid from a minute ago for an hour. Each
// credential has an "id" of its own: kyckit serve accepts a credential
// once.
func uidaiCredential(t *testing.T) string {
	t.Helper()
	return uidaitest.Credential(t, filepath.Join("..", ".."), func(claims map[string]any) {
		now := time.Now()
		claims["iat"], claims["exp"] = now.Add(-time.Minute).Unix(), now.Add(time.Hour).Unix()
		var id [16]byte
		_, _ = rand.Read(id[:])
		claims["id"] = fmt.Sprintf("%x-%x-%x-%x-%x", id[:4], id[4:6], id[6:8], id[8:10], id[10:])
	})
}

func tamper(tok string) string {
	i := strings.IndexByte(tok, '~') + 12
	c := byte('A')
	if tok[i] == 'A' {
		c = 'B'
	}
	return tok[:i] + string(c) + tok[i+1:]
}

// The resident's values, which must never reach the service's log.
var servePII = []string{"Meera", "Joshi", "9000000001", "Test Towers", "Example Road", "01-02-1985", "1985-02-01", "iVBORw0KGgo"}

func checkLog(t *testing.T, s *server) {
	t.Helper()
	log := s.log()
	for _, v := range servePII {
		if strings.Contains(log, v) {
			t.Errorf("the service log holds a personal value (%q…)", v[:3])
		}
	}
	if strings.Contains(log, serveToken) {
		t.Error("the service log holds a bearer token")
	}
}

func issuerJWKS(t *testing.T) string {
	p, err := filepath.Abs(filepath.Join("..", "..", "testdata", "sdjwt", "issuer.jwks.json"))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestServe drives kyckit serve on bbolt: 401 without a token, 404 for an
// unknown session, init → a tampered callback refused → init → callback
// with an SD-JWT of our issuer → poll (kyc.StatusPoller) until completed,
// the resident once and then the status only; SIGTERM stops it with exit 0.
func TestServe(t *testing.T) {
	dir := serveFiles(t)
	s := startServe(t, dir, "-store", "bolt:"+filepath.Join(dir, "ovse.db"), "-tokens", "tokens.json", "-jwks", issuerJWKS(t))

	if a := s.do("GET", kyc.StatusPath+"ovse_sess_whatever", "", nil); a.status != 401 {
		t.Fatalf("no token: %d %s", a.status, a.raw)
	}
	if a := s.do("POST", kyc.InitPath, "", nil); a.status != 401 {
		t.Fatalf("init without token: %d %s", a.status, a.raw)
	}
	if a := s.do("GET", kyc.StatusPath+"ovse_sess_whatever", serveToken, nil); a.status != 404 || a.body["message"] != "session not found" {
		t.Fatalf("unknown session: %d %s", a.status, a.raw)
	}
	if a := s.do("GET", "/healthz", "", nil); a.status != 200 || a.body["status"] != "ok" {
		t.Fatalf("healthz: %d %s", a.status, a.raw)
	}
	cred := uidaiCredential(t)

	// A tampered callback is refused and fails its session.
	id, txn := s.init(`{"client_reference_id": "loan-app-000417"}`)
	if a := s.callback(txn, tamper(cred)); a.status != 400 || a.body["error"] != "credential_invalid" {
		t.Fatalf("tampered callback: %d %s", a.status, a.raw)
	}
	if a := s.do("GET", kyc.StatusPath+id, serveToken, nil); a.body["session_status"] != "failed" || a.body["failure_code"] != kyc.FailureCredential {
		t.Fatalf("after a tampered callback: %s", a.raw)
	}

	// The full session, polled as a tenant would.
	id, txn = s.init(`{"client_reference_id": "loan-app-000418", "ttl_seconds": 120}`)
	if a := s.do("GET", kyc.StatusPath+id, serveTokenB, nil); a.status != 404 {
		t.Fatalf("another tenant: %d %s", a.status, a.raw)
	}
	p := &kyc.StatusPoller{Client: client, BaseURL: s.url, Token: serveToken,
		Backoff: &kyc.Backoff{Initial: 10 * time.Millisecond, Max: 50 * time.Millisecond}}
	type result struct {
		r   *kyc.OVSEResponse
		err error
	}
	polled := make(chan result, 1)
	go func() {
		r, err := p.Poll(context.Background(), id, time.Now().Add(2*time.Minute))
		polled <- result{r, err}
	}()
	time.Sleep(100 * time.Millisecond) // a few pending polls first
	if a := s.callback(txn, cred); a.status != 200 || a.body["status"] != "accepted" {
		t.Fatalf("callback: %d %s", a.status, a.raw)
	}
	res := <-polled
	if res.err != nil {
		t.Fatal(res.err)
	}
	r := res.r
	if r.SessionStatus != "completed" || !r.Success || r.Name != "Meera Test Joshi" || r.DOB != "1985-02-01" ||
		r.PII != kyc.PIIDelivered || r.ClientReferenceID != "loan-app-000418" || r.Txn != txn ||
		!strings.HasSuffix(r.FullAddress, "- 411001") || r.Result["uid"] != "xxxxxxxx0000" {
		t.Fatalf("completed: %s", r.Raw)
	}
	a := s.do("GET", kyc.StatusPath+id, serveToken, nil)
	if a.status != 200 || a.body["session_status"] != "completed" || a.pii != "consumed" || a.body["name"] != nil {
		t.Fatalf("second poll: %d %s %s", a.status, a.pii, a.raw)
	}
	if a := s.callback(txn, cred); a.status != 409 {
		t.Fatalf("replayed callback: %d %s", a.status, a.raw)
	}

	if code := s.stop(); code != 0 {
		t.Errorf("exit status %d after SIGTERM, want 0: %s", code, s.log())
	}
	if !strings.Contains(s.log(), "kyckit: note: stopped") {
		t.Errorf("no graceful stop: %s", s.log())
	}
	checkLog(t, s)

	// The bolt files hold the sessions; a restart (same -kek: none, so a
	// new in-memory one) still knows them.
	s2 := startServe(t, dir, "-store", "bolt:"+filepath.Join(dir, "ovse.db"), "-tokens", "tokens.json", "-jwks", issuerJWKS(t))
	if a := s2.do("GET", kyc.StatusPath+id, serveToken, nil); a.body["session_status"] != "completed" || a.pii != "consumed" {
		t.Fatalf("after a restart: %s %s", a.pii, a.raw)
	}
}

// redisPIDs maps the URL of each redis-server the tests started to its
// process id (the benchmark adds its CPU time).
var redisPIDs sync.Map

// redisServer starts a private redis-server with its files in a
// temporary directory, appendonly yes and appendfsync always (the
// durability the redis store requires).
func redisServer(t testing.TB) string {
	t.Helper()
	bin := testvectors.Redis(t)
	dir := t.TempDir()
	for range 5 {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		port := l.Addr().(*net.TCPAddr).Port
		l.Close()
		var out bytes.Buffer
		cmd := exec.Command(bin, "--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "",
			"--appendonly", "yes", "--appendfsync", "always", "--daemonize", "no", "--logfile", "")
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		exited := make(chan struct{})
		go func() { _ = cmd.Wait(); close(exited) }()
		addr := "127.0.0.1:" + strconv.Itoa(port)
		c := redis.NewClient(&redis.Options{Addr: addr, MaxRetries: -1})
		ok := false
		for end := time.Now().Add(deadline); time.Now().Before(end); {
			select {
			case <-exited:
			default:
				if c.Ping(context.Background()).Err() != nil {
					time.Sleep(10 * time.Millisecond) // readiness poll, not an assertion
					continue
				}
				ok = true
			}
			break
		}
		if !ok {
			c.Close()
			continue // the port was taken meanwhile
		}
		redisPIDs.Store("redis://"+addr+"/0", cmd.Process.Pid)
		t.Cleanup(func() {
			_ = c.Shutdown(context.Background()).Err()
			c.Close()
			select {
			case <-exited:
			case <-time.After(10 * time.Second):
				cmd.Process.Kill()
				<-exited
			}
		})
		return "redis://" + addr + "/0"
	}
	t.Fatal("could not start redis-server")
	return ""
}

// TestServeRedisReplicas: two kyckit serve replicas on one Redis. A
// session made on one completes through the other; concurrent polls split
// between them on a read-once session: exactly one gets the resident; the
// credential replayed on either replica into another session is refused.
// Expiry is the same on both.
func TestServeRedisReplicas(t *testing.T) {
	url := redisServer(t)
	dir := serveFiles(t)
	args := []string{"-store", url, "-tokens", "tokens.json", "-jwks", issuerJWKS(t), "-kek", "kek.json"}
	a := startServe(t, dir, args...) // creates kek.json
	b := startServe(t, dir, args...)
	if !strings.Contains(a.log(), "created the key-encryption keyset") || strings.Contains(b.log(), "created") {
		t.Fatalf("kek: %s / %s", a.log(), b.log())
	}
	var cred string
	for round := range 3 {
		cred = uidaiCredential(t)
		id, txn := a.init("")
		if r := b.callback(txn, cred); r.status != 200 {
			t.Fatalf("round %d: callback on the other replica: %d %s", round, r.status, r.raw)
		}
		if r := a.callback(txn, cred); r.status != 409 || r.body["error"] != "txn_consumed" {
			t.Fatalf("round %d: replay on the first replica: %d %s", round, r.status, r.raw)
		}
		// The credential into another session, on either replica.
		_, txn2 := b.init("")
		if r := [2]*server{a, b}[round%2].callback(txn2, cred); r.status != 409 || r.body["error"] != "credential_reused" {
			t.Fatalf("round %d: the credential into another session: %d %s", round, r.status, r.raw)
		}
		var got, consumed atomic.Int32
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range 16 {
			s := a
			if i%2 == 1 {
				s = b
			}
			wg.Go(func() {
				<-start
				r := s.do("GET", kyc.StatusPath+id, serveToken, nil)
				switch {
				case r.status != 200 || r.body["session_status"] != "completed":
					t.Errorf("poll: %d %s", r.status, r.raw)
				case r.pii == "delivered" && r.body["name"] == "Meera Test Joshi":
					got.Add(1)
				case r.pii == "consumed" && r.body["name"] == nil:
					consumed.Add(1)
				default:
					t.Errorf("poll: %s %s", r.pii, r.raw)
				}
			})
		}
		close(start)
		wg.Wait()
		if got.Load() != 1 || consumed.Load() != 15 {
			t.Fatalf("round %d: %d polls got the resident and %d the status only; want 1 and 15", round, got.Load(), consumed.Load())
		}
	}
	// Expiry: a one-second session made on a, seen expired on b, refused
	// by a's callback.
	id, txn := a.init(`{"ttl_seconds": 1}`)
	time.Sleep(1100 * time.Millisecond) // the session's own TTL, not a timing assertion
	if r := b.do("GET", kyc.StatusPath+id, serveToken, nil); r.body["session_status"] != "expired" || r.body["failure_code"] != kyc.FailureExpired {
		t.Fatalf("expired on b: %s", r.raw)
	}
	if r := a.callback(txn, uidaiCredential(t)); r.status != 410 {
		t.Fatalf("callback after expiry on a: %d %s", r.status, r.raw)
	}
	for _, s := range []*server{a, b} {
		if code := s.stop(); code != 0 {
			t.Errorf("exit status %d", code)
		}
		checkLog(t, s)
	}
}

// TestServeUsage: flags refused before anything starts.
func TestServeUsage(t *testing.T) {
	dir := serveFiles(t)
	jwks := issuerJWKS(t)
	tokens, db := filepath.Join(dir, "tokens.json"), "bolt:"+filepath.Join(dir, "x.db")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-store", db, "-jwks", jwks}, "needs -tokens"},
		{[]string{"-store", db, "-tokens", tokens}, "exactly one of -jwks and -key"},
		{[]string{"-tokens", tokens, "-jwks", jwks}, "needs -store"},
		{[]string{"-store", "redis://127.0.0.1:1", "-tokens", tokens, "-jwks", jwks}, "needs -kek"},
		{[]string{"-store", db, "-tokens", tokens, "-jwks", jwks, "-retention", "forever"}, "-retention"},
		{[]string{"-store", db, "-tokens", tokens, "-jwks", jwks, "-ttl", "2h"}, "-ttl"},
		{[]string{"-store", "mongo://x", "-tokens", tokens, "-jwks", jwks}, "unknown store"},
		{[]string{"-store", db, "-tokens", tokens, "-jwks", jwks, "extra"}, "no arguments"},
	} {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), append([]string{"serve"}, tc.args...), strings.NewReader(""), &stdout, &stderr)
		if code != exitUsage || !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, stderr.String(), tc.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "x.db")); err == nil {
		t.Error("a refused serve created its store")
	}
}

func TestParseRetention(t *testing.T) {
	for _, tc := range []struct {
		in   string
		mode string
		ttl  time.Duration
	}{
		{"read-once", "read-once", 0},
		{"off", "delete-on-completion", 0},
		{"7d", "keep-for", 7 * 24 * time.Hour},
		{"604800", "keep-for", 7 * 24 * time.Hour},
		{"3600", "keep-for", time.Hour},
		{"12h", "keep-for", 12 * time.Hour},
	} {
		p, err := parseRetention(tc.in)
		if err != nil || p.Mode.String() != tc.mode || p.TTL != tc.ttl || p.Validate() != nil {
			t.Errorf("%s: %v %s %v", tc.in, err, p.Mode, p.TTL)
		}
	}
	for _, in := range []string{"", "0", "-1", "0d", "1.5s", "forever", "99999999999", "read-twice"} {
		if _, err := parseRetention(in); err == nil {
			t.Errorf("%q accepted", in)
		}
	}
}
