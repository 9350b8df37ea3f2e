package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kyckit/kyckit/kyc"
	"github.com/kyckit/kyckit/redact"
	"github.com/kyckit/kyckit/retention"
	"github.com/kyckit/kyckit/retention/boltstore"
	"github.com/kyckit/kyckit/retention/redisstore"
	"github.com/kyckit/kyckit/sdjwt"

	"github.com/kyckit/kyckit/internal/cputime"
)

// BenchmarkServeStatus measures status polls of kyckit serve's handler
// stack (OVSE API, bearer tokens, access log through the redact handler)
// on loopback, with a bounded load generator: a fixed number of clients,
// each with one request in flight on a kept-alive connection, polling
// pending sessions picked round-robin. Each sub-benchmark reports polls/s
// and the p50 and p99 latency; "static" is the baseline, a bare net/http
// handler writing a static body of the same size in the same process.
//
//	go test ./cmd/kyckit -run '^$' -bench BenchmarkServeStatus -cpu 1 -count 5
//
// The load generator shares the machine (and with -cpu 1 the one P) with
// the server, for the baseline as for the stores, so compare rows of the
// same run only.
func BenchmarkServeStatus(b *testing.B) {
	clients := []int{1, 16, 128}
	backends := []struct {
		name  string
		setup func(b *testing.B) (handler http.Handler, paths []string)
	}{
		{"static", staticBackend},
		{"bolt", func(b *testing.B) (http.Handler, []string) { return serveBackend(b, "bolt", 64) }},
		{"redis", func(b *testing.B) (http.Handler, []string) { return serveBackend(b, "redis", 64) }},
	}
	for _, be := range backends {
		b.Run(be.name, func(b *testing.B) {
			h, paths := be.setup(b)
			url := listen(b, h)
			for _, n := range clients {
				b.Run(fmt.Sprintf("clients=%d", n), func(b *testing.B) { loadGen(b, url, paths, n) })
			}
		})
	}
}

// staticBackend is the baseline: a static body the size of a pending
// status, with the same headers.
func staticBackend(b *testing.B) (http.Handler, []string) {
	body := []byte(`{"session_id":"ovse_sess_4bdkjjzgam6j5t3whjbvnkqfeq","session_status":"pending","txn":"3bf049a2-69b1-42e7-a29f-1b2aab4d5e45","client_reference_id":"loan-1","success":false}` + "\n")
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write(body)
	})
	return h, []string{kyc.StatusPath + "ovse_sess_4bdkjjzgam6j5t3whjbvnkqfeq"}
}

// serveBackend builds kyckit serve's handler over bbolt (exclusive mode,
// fsync on) or a private Redis (appendfsync always), with that many
// pending sessions of one tenant.
func serveBackend(b testing.TB, kind string, sessions int) (http.Handler, []string) {
	var pii, sess retention.Store
	switch kind {
	case "bolt":
		dir := b.TempDir()
		p, err := boltstore.Open(filepath.Join(dir, "ovse.db"), nil)
		if err != nil {
			b.Fatal(err)
		}
		s, err := boltstore.Open(filepath.Join(dir, "ovse.db.sessions"), nil)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { p.Close(); s.Close() })
		pii, sess = p, s
	case "redis":
		url := redisServer(b)
		p, err := redisstore.Open(context.Background(), url, &redisstore.Options{Prefix: "kyckit:ovse:pii"})
		if err != nil {
			b.Fatal(err)
		}
		s, err := redisstore.Open(context.Background(), url, &redisstore.Options{Prefix: "kyckit:ovse:sessions"})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { p.Close(); s.Close() })
		pii, sess = p, s
	}
	kek, err := retention.GenerateKeyset()
	if err != nil {
		b.Fatal(err)
	}
	vault, err := retention.New(pii, kek, nil)
	if err != nil {
		b.Fatal(err)
	}
	keys, err := sdjwt.ParseJWKSet(readRepoFile(b, "testdata", "sdjwt", "issuer.jwks.json"))
	if err != nil {
		b.Fatal(err)
	}
	red, err := redact.New(nil)
	if err != nil {
		b.Fatal(err)
	}
	log := slog.New(redact.NewHandler(slog.NewJSONHandler(io.Discard, nil), red))
	store := kyc.StoreSessions(sess, 0)
	svc, err := kyc.NewOVSE(store, vault, keys, &kyc.OVSEOptions{Logger: log, TTL: time.Hour})
	if err != nil {
		b.Fatal(err)
	}
	tokens, err := kyc.ParseBearerTokens([]byte(`[{"tenant":"a","scopes":["verify-aadhaar-ovse"],"token":"` + serveToken + `"}]`))
	if err != nil {
		b.Fatal(err)
	}
	var paths []string
	for range sessions {
		r, err := svc.Init(context.Background(), "a", kyc.InitRequest{ClientReferenceID: "loan-1"})
		if err != nil {
			b.Fatal(err)
		}
		paths = append(paths, kyc.StatusPath+r.SessionID)
	}
	return serveHandler(svc, tokens, store, log), paths
}

// serveBackendPID is serveBackend, and the pid of its redis-server (0
// for bbolt).
func serveBackendPID(b testing.TB, kind string, sessions int) (http.Handler, []string, int) {
	before := map[any]bool{}
	redisPIDs.Range(func(k, _ any) bool { before[k] = true; return true })
	h, paths := serveBackend(b, kind, sessions)
	pid := 0
	redisPIDs.Range(func(k, v any) bool {
		if !before[k] {
			pid = v.(int)
		}
		return true
	})
	return h, paths, pid
}

func readRepoFile(b testing.TB, elem ...string) []byte {
	b.Helper()
	data, err := readFile(filepath.Join(append([]string{"..", ".."}, elem...)...), "fixture", 1<<20)
	if err != nil {
		b.Fatal(err)
	}
	return data
}

// listen serves h on a random loopback port until the benchmark ends.
func listen(b testing.TB, h http.Handler) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	b.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String()
}

// BenchmarkServeStatusVsStatic interleaves the baseline and a store in
// rounds (static, store, store, static, …) within one benchmark and
// reports the ratio of their median throughputs (wall clock), which holds
// better than separate runs on a loaded machine, and the ratio per
// CPU-second, which the load does not move. The goal is a ratio
// of at least 0.5 on bbolt.
func BenchmarkServeStatusVsStatic(b *testing.B) {
	sh, spaths := staticBackend(b)
	surl := listen(b, sh)
	for _, kind := range []string{"bolt", "redis"} {
		b.Run(kind, func(b *testing.B) {
			h, paths, pid := serveBackendPID(b, kind, 64)
			url := listen(b, h)
			for _, n := range []int{1, 16, 128} {
				b.Run(fmt.Sprintf("clients=%d", n), func(b *testing.B) {
					// One op is a whole comparison: 10 rounds of 1000 polls
					// on each side, the order alternating; ns/op is its
					// time and means little. b.N is 1 at the default
					// -benchtime; -count repeats the comparison.
					const rounds, per = 10, 1000
					var st, kv, stCPU, kvCPU []float64
					for range b.N {
						for r := range rounds {
							var a, k, ac, kc float64
							if r%2 == 0 {
								a, ac = measure(b, surl, spaths, n, per, 0)
								k, kc = measure(b, url, paths, n, per, pid)
							} else {
								k, kc = measure(b, url, paths, n, per, pid)
								a, ac = measure(b, surl, spaths, n, per, 0)
							}
							st, kv, stCPU, kvCPU = append(st, a), append(kv, k), append(stCPU, ac), append(kvCPU, kc)
						}
					}
					b.ReportMetric(median(kv)/median(st), "ratio")
					b.ReportMetric(median(kv), "polls/s")
					b.ReportMetric(median(st), "static-polls/s")
					if c, sc := median(kvCPU), median(stCPU); c > 0 && sc > 0 {
						// Per CPU-second (this process, and the redis-server
						// for Redis): what the machine's load cannot skew.
						b.ReportMetric(c/sc, "cpu-ratio")
					}
				})
			}
		})
	}
}

// measure sends count polls from n clients and returns polls per
// wall-clock second and per CPU-second of this process (server and load
// generator) plus pid's (a redis-server; 0 for none).
func measure(b *testing.B, url string, paths []string, n, count, pid int) (wall, cpu float64) {
	var lat [][]time.Duration
	c0, p0 := cputime.Self(), procCPU(pid)
	elapsed := runLoad(b, url, paths, n, count, &lat)
	used := cputime.Self() - c0 + procCPU(pid) - p0
	if used > 0 {
		cpu = float64(count) / used.Seconds()
	}
	return float64(count) / elapsed.Seconds(), cpu
}

// median sorts v and returns its middle value.
func median(v []float64) float64 {
	slices.Sort(v)
	return v[len(v)/2]
}

// loadGen sends b.N status polls from n clients, each with one request
// in flight, and reports polls/s, p50 and p99.
func loadGen(b *testing.B, url string, paths []string, n int) {
	b.ReportAllocs()
	var lat [][]time.Duration
	elapsed := runLoad(b, url, paths, n, b.N, &lat)
	all := slices.Concat(lat...)
	if len(all) == 0 {
		return
	}
	slices.Sort(all)
	pct := func(p float64) float64 { return float64(all[int(p*float64(len(all)-1))].Microseconds()) }
	b.ReportMetric(float64(len(all))/elapsed.Seconds(), "polls/s")
	b.ReportMetric(pct(0.50), "p50-µs")
	b.ReportMetric(pct(0.99), "p99-µs")
}

// runLoad warms up n kept-alive connections, then sends count polls from
// n clients, each with one request in flight, timing each; it returns
// the wall time of the timed part (the benchmark timer runs only then).
func runLoad(b *testing.B, url string, paths []string, n, count int, lat *[][]time.Duration) time.Duration {
	b.StopTimer()
	tr := &http.Transport{MaxIdleConns: n, MaxIdleConnsPerHost: n, MaxConnsPerHost: n, DisableCompression: true}
	defer tr.CloseIdleConnections()
	c := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	poll := func(path string) (time.Duration, error) {
		req, err := http.NewRequest(http.MethodGet, url+path, nil)
		if err != nil {
			return 0, err
		}
		req.Header.Set("Authorization", "Bearer "+serveToken)
		start := time.Now()
		resp, err := c.Do(req)
		if err != nil {
			return 0, err
		}
		_, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		d := time.Since(start)
		if err == nil && resp.StatusCode != http.StatusOK {
			err = fmt.Errorf("status %d", resp.StatusCode)
		}
		return d, err
	}
	// Warm up: one connection per client.
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			if _, err := poll(paths[i%len(paths)]); err != nil {
				b.Error(err)
			}
		})
	}
	wg.Wait()
	*lat = make([][]time.Duration, n)
	var next atomic.Int64
	b.StartTimer()
	start := time.Now()
	for w := range n {
		wg.Go(func() {
			for {
				i := next.Add(1)
				if i > int64(count) {
					return
				}
				d, err := poll(paths[int(i)%len(paths)])
				if err != nil {
					b.Error(err)
					return
				}
				(*lat)[w] = append((*lat)[w], d)
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	return elapsed
}

// TestServeBenchBackends checks, once, that the benchmark's backends
// answer the polls they will be timed on (a benchmark does not run in
// go test ./...).
func TestServeBenchBackends(t *testing.T) {
	for _, kind := range []string{"bolt", "redis"} {
		h, paths := serveBackend(t, kind, 2)
		url := listen(t, h)
		req, _ := http.NewRequest(http.MethodGet, url+paths[0], nil)
		req.Header.Set("Authorization", "Bearer "+serveToken)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var body map[string]any
		err = json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != 200 || body["session_status"] != "pending" {
			t.Fatalf("%s: %d %v", kind, resp.StatusCode, body)
		}
	}
}
