package sdjwt_test

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kyckit/kyckit/sdjwt"
)

// metadataServer serves issuer metadata for srv.URL+"/tenant" with the
// key as jwks_uri on the same origin; handler hooks let a test add
// caching headers.
type metadataServer struct {
	srv       *httptest.Server
	key       *ecdsa.PrivateKey
	metaHits  atomic.Int32
	jwksHits  atomic.Int32
	notMod    atomic.Int32
	metaHdr   func(h http.Header)
	jwksHdr   func(h http.Header)
	metaDelay chan struct{} // when set, metadata requests wait on it
}

func newMetadataServer(t *testing.T) *metadataServer {
	t.Helper()
	ms := &metadataServer{key: newP256(t), metaHdr: func(http.Header) {}, jwksHdr: func(http.Header) {}}
	jwk, _ := sdjwt.JWK(ms.key.Public(), "m1")
	mux := http.NewServeMux()
	mux.HandleFunc("/.well-known/jwt-vc-issuer/tenant", func(w http.ResponseWriter, r *http.Request) {
		ms.metaHits.Add(1)
		if ms.metaDelay != nil {
			<-ms.metaDelay
		}
		ms.metaHdr(w.Header())
		fmt.Fprintf(w, `{"issuer":%q,"jwks_uri":%q}`, ms.srv.URL+"/tenant", ms.srv.URL+"/jwks.json")
	})
	mux.HandleFunc("/.well-known/jwt-vc-issuer/elsewhere", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"issuer":%q,"jwks_uri":"https://keys.example/jwks.json"}`, ms.srv.URL+"/elsewhere")
	})
	mux.HandleFunc("/.well-known/jwt-vc-issuer/otherport", func(w http.ResponseWriter, r *http.Request) {
		u := strings.Replace(ms.srv.URL, "127.0.0.1:", "127.0.0.1:1", 1)
		fmt.Fprintf(w, `{"issuer":%q,"jwks_uri":%q}`, ms.srv.URL+"/otherport", u+"/jwks.json")
	})
	mux.HandleFunc("/.well-known/jwt-vc-issuer/inline", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"issuer":%q,"jwks":{"keys":[{"kty":"OKP","crv":"X25519","x":"hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo"},%s]}}`, ms.srv.URL+"/inline", jwk)
	})
	mux.HandleFunc("/.well-known/jwt-vc-issuer/dup", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"issuer":"https://evil.example","issuer":%q,"jwks":{"keys":[%s]}}`, ms.srv.URL+"/dup", jwk)
	})
	mux.HandleFunc("/.well-known/jwt-vc-issuer/tolocal", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "https://localhost/x", http.StatusFound)
	})
	mux.HandleFunc("/jwks.json", func(w http.ResponseWriter, r *http.Request) {
		ms.jwksHits.Add(1)
		ms.jwksHdr(w.Header())
		if etag := w.Header().Get("ETag"); etag != "" && r.Header.Get("If-None-Match") == etag {
			ms.notMod.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		fmt.Fprintf(w, `{"keys":[%s]}`, jwk)
	})
	ms.srv = httptest.NewTLSServer(mux)
	t.Cleanup(ms.srv.Close)
	return ms
}

func (ms *metadataServer) token(t *testing.T, path string) string {
	t.Helper()
	c := sampleClaims()
	c["iss"] = ms.srv.URL + path
	tok, err := sdjwt.Issue(ms.key, c, nil, &sdjwt.IssueOptions{KeyID: "m1"})
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// TestHTTPFetcherSSRF: the draft's SSRF rules. Without
// AllowPrivateNetworks no internal name or non-public address is fetched,
// whether literal, resolved, or reached by redirect.
func TestHTTPFetcherSSRF(t *testing.T) {
	ms := newMetadataServer(t)
	ctx := context.Background()
	md := func(f *sdjwt.HTTPFetcher) *sdjwt.IssuerMetadata {
		return &sdjwt.IssuerMetadata{Fetcher: f, AllowAnyIssuer: true}
	}
	o := &sdjwt.VerifyOptions{Now: fixedNow(auditNow)}
	// The test server is on 127.0.0.1: refused by default, at the dial.
	_, err := sdjwt.VerifyContext(ctx, ms.token(t, "/tenant"), md(&sdjwt.HTTPFetcher{Client: ms.srv.Client()}), o)
	if !errors.Is(err, sdjwt.ErrMetadata) || !strings.Contains(err.Error(), "127.0.0.1 is not public") || ms.metaHits.Load() != 0 {
		t.Fatalf("loopback: err = %v (hits %d)", err, ms.metaHits.Load())
	}
	if _, err := sdjwt.VerifyContext(ctx, ms.token(t, "/tenant"), md(&sdjwt.HTTPFetcher{Client: ms.srv.Client(), AllowPrivateNetworks: true}), o); err != nil {
		t.Fatalf("loopback allowed: %v", err)
	}

	// A public-looking name that resolves to loopback (DNS rebinding): a
	// caller's dialer is wrapped and the connected address checked.
	addr := ms.srv.Listener.Addr().String()
	rebind := ms.srv.Client()
	tr := rebind.Transport.(*http.Transport).Clone()
	tr.DialContext = func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}
	rebind = &http.Client{Transport: tr}
	f := &sdjwt.HTTPFetcher{Client: rebind}
	if _, err := f.Fetch(ctx, "https://example.com/jwks.json"); !errors.Is(err, sdjwt.ErrMetadata) || !strings.Contains(err.Error(), "not public") {
		t.Fatalf("rebinding: err = %v", err)
	}
	f = &sdjwt.HTTPFetcher{Client: rebind, AllowPrivateNetworks: true}
	if b, err := f.Fetch(ctx, "https://example.com/jwks.json"); err != nil || !strings.Contains(string(b), `"keys"`) {
		t.Fatalf("rebinding allowed: %v", err)
	}

	// Literal addresses and internal names are refused before any dial.
	for _, u := range []string{
		"https://127.0.0.1/", "https://10.1.2.3/", "https://172.16.0.1/", "https://192.168.1.1/",
		"https://169.254.169.254/latest/meta-data", "https://100.64.0.1/", "https://0.0.0.0/",
		"https://[::1]/", "https://[::ffff:127.0.0.1]/", "https://[fe80::1]/", "https://[fd00::1]/",
		"https://[64:ff9b::a00:1]/", "https://[2002:a00:1::]/", "https://224.0.0.1/", "https://255.255.255.255/",
		"https://localhost/", "https://api.localhost/", "https://metadata/", "https://metadata.google.internal/",
		"https://printer.local/", "https://router.home.arpa/",
	} {
		_, err := (&sdjwt.HTTPFetcher{}).Fetch(ctx, u)
		if !errors.Is(err, sdjwt.ErrMetadata) || !strings.Contains(err.Error(), "AllowPrivateNetworks") {
			t.Errorf("%s: err = %v", u, err)
		}
	}
	// A transport the check cannot wrap is refused unless allowed.
	odd := &http.Client{Transport: roundTripperFunc(func(*http.Request) (*http.Response, error) { return nil, errors.New("unused") })}
	if _, err := (&sdjwt.HTTPFetcher{Client: odd}).Fetch(ctx, "https://issuer.example/"); !errors.Is(err, sdjwt.ErrOptions) {
		t.Fatalf("custom RoundTripper: err = %v", err)
	}
	// Public addresses pass the check (no dial happens here: the name
	// resolves nowhere, and the error is not the address check's).
	if _, err := (&sdjwt.HTTPFetcher{Timeout: time.Second}).Fetch(ctx, "https://93.184.215.14.invalid/"); err != nil && strings.Contains(err.Error(), "AllowPrivateNetworks") {
		t.Fatalf("public name refused: %v", err)
	}
}

type roundTripperFunc func(*http.Request) (*http.Response, error)

func (f roundTripperFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// publicConn reports a public remote address for a loopback connection,
// so that a test can get past the dial check and reach a later one.
type publicConn struct{ net.Conn }

func (publicConn) RemoteAddr() net.Addr {
	return &net.TCPAddr{IP: net.ParseIP("93.184.215.14"), Port: 443}
}

// TestHTTPFetcherRedirectToInternalName: every redirect hop is checked
// for internal names and schemes, not only the first URL.
func TestHTTPFetcherRedirectToInternalName(t *testing.T) {
	ms := newMetadataServer(t)
	addr := ms.srv.Listener.Addr().String()
	tr := ms.srv.Client().Transport.(*http.Transport).Clone()
	tr.DialContext = func(ctx context.Context, network, _ string) (net.Conn, error) {
		c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return publicConn{c}, nil
	}
	f := &sdjwt.HTTPFetcher{Client: &http.Client{Transport: tr}}
	// The first hop passes every check (the certificate covers
	// example.com); the redirect to https://localhost/x does not.
	if b, err := f.Fetch(context.Background(), "https://example.com/jwks.json"); err != nil || !strings.Contains(string(b), "keys") {
		t.Fatalf("first hop: %v", err)
	}
	_, err := f.Fetch(context.Background(), "https://example.com/.well-known/jwt-vc-issuer/tolocal")
	if !errors.Is(err, sdjwt.ErrMetadata) || !strings.Contains(err.Error(), `"localhost" is an internal name`) {
		t.Fatalf("redirect to localhost: err = %v", err)
	}
}

// TestIssuerMetadataHTTPCaching: keys are kept as long as Cache-Control
// allows (within Refresh..TTL) and revalidated with the ETag.
func TestIssuerMetadataHTTPCaching(t *testing.T) {
	ms := newMetadataServer(t)
	ms.metaHdr = func(h http.Header) { h.Set("Cache-Control", "max-age=600") }
	ms.jwksHdr = func(h http.Header) { h.Set("Cache-Control", "public, max-age=300"); h.Set("ETag", `"v1"`) }
	now := time.Unix(auditNow, 0)
	clock := func() time.Time { return now }
	md := &sdjwt.IssuerMetadata{
		Fetcher:        &sdjwt.HTTPFetcher{Client: ms.srv.Client(), AllowPrivateNetworks: true, Now: clock},
		AllowedIssuers: []string{ms.srv.URL + "/tenant"},
		Now:            clock,
	}
	tok := ms.token(t, "/tenant")
	o := &sdjwt.VerifyOptions{Now: fixedNow(auditNow)}
	verify := func(step string, metaHits, jwksHits, notMod int32) {
		t.Helper()
		if _, err := sdjwt.Verify(tok, md, o); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		if ms.metaHits.Load() != metaHits || ms.jwksHits.Load() != jwksHits || ms.notMod.Load() != notMod {
			t.Fatalf("%s: metadata %d, jwks %d, 304 %d; want %d, %d, %d", step,
				ms.metaHits.Load(), ms.jwksHits.Load(), ms.notMod.Load(), metaHits, jwksHits, notMod)
		}
	}
	verify("cold", 1, 1, 0)
	now = now.Add(299 * time.Second)
	verify("fresh (jwks max-age 300 is the shorter)", 1, 1, 0)
	now = now.Add(2 * time.Second)
	verify("stale: refetch, jwks revalidated with If-None-Match", 2, 2, 1)

	// no-store: not kept beyond Refresh (1 minute), no validators sent.
	ms.jwksHdr = func(h http.Header) { h.Set("Cache-Control", "no-store"); h.Set("ETag", `"v2"`) }
	now = now.Add(301 * time.Second)
	verify("after expiry, no-store answer", 3, 3, 1)
	now = now.Add(59 * time.Second)
	verify("within Refresh", 3, 3, 1)
	now = now.Add(2 * time.Second)
	verify("beyond Refresh", 4, 4, 1)

	// No caching headers at all: TTL (1 hour).
	ms.metaHdr = func(http.Header) {}
	ms.jwksHdr = func(http.Header) {}
	now = now.Add(2 * time.Minute)
	verify("headerless answer", 5, 5, 1)
	now = now.Add(59 * time.Minute)
	verify("within TTL", 5, 5, 1)
	// max-age beyond TTL is capped at TTL.
	ms.jwksHdr = func(h http.Header) { h.Set("Cache-Control", "max-age=86400") }
	now = now.Add(2 * time.Minute)
	verify("after TTL", 6, 6, 1)
	now = now.Add(61 * time.Minute)
	verify("max-age capped at TTL", 7, 7, 1)
}

// TestIssuerMetadataJWKSOrigin: keys are tied to their issuer: a jwks_uri
// outside the issuer's origin is refused unless listed.
func TestIssuerMetadataJWKSOrigin(t *testing.T) {
	ms := newMetadataServer(t)
	f := &sdjwt.HTTPFetcher{Client: ms.srv.Client(), AllowPrivateNetworks: true}
	o := &sdjwt.VerifyOptions{Now: fixedNow(auditNow)}
	for _, tc := range []struct {
		path    string
		allowed []string
		want    error
	}{
		{"/tenant", nil, nil},
		{"/inline", nil, nil}, // an unusable X25519 key beside the good one is skipped
		{"/elsewhere", nil, sdjwt.ErrMetadata},
		{"/otherport", nil, sdjwt.ErrMetadata},
		{"/dup", nil, sdjwt.ErrMetadata},
		{"/tolocal", nil, sdjwt.ErrMetadata},
	} {
		t.Run(tc.path, func(t *testing.T) {
			md := &sdjwt.IssuerMetadata{Fetcher: f, AllowedIssuers: []string{ms.srv.URL + tc.path}, AllowedJWKSURIs: tc.allowed}
			_, err := sdjwt.Verify(ms.token(t, tc.path), md, o)
			if tc.want == nil && err != nil || tc.want != nil && !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if err != nil && strings.Contains(err.Error(), "jwks_uri") && !strings.Contains(err.Error(), "AllowedJWKSURIs") && tc.path == "/elsewhere" {
				t.Fatalf("error does not name the option: %v", err)
			}
		})
	}
	// Listed: the other host is then fetched (and fails here only because
	// keys.example does not exist: the origin check passed).
	md := &sdjwt.IssuerMetadata{Fetcher: &sdjwt.HTTPFetcher{Client: ms.srv.Client(), AllowPrivateNetworks: true, Timeout: 2 * time.Second},
		AllowedIssuers: []string{ms.srv.URL + "/elsewhere"}, AllowedJWKSURIs: []string{"https://keys.example/jwks.json"}}
	_, err := sdjwt.Verify(ms.token(t, "/elsewhere"), md, o)
	if err == nil || strings.Contains(err.Error(), "origin") {
		t.Fatalf("listed jwks_uri: err = %v", err)
	}
}

// TestIssuerMetadataSingleflight: 50 concurrent cold lookups of one issuer
// make one metadata fetch and one JWKS fetch (issue 20).
func TestIssuerMetadataSingleflight(t *testing.T) {
	ms := newMetadataServer(t)
	ms.metaDelay = make(chan struct{})
	md := &sdjwt.IssuerMetadata{
		Fetcher:        &sdjwt.HTTPFetcher{Client: ms.srv.Client(), AllowPrivateNetworks: true},
		AllowedIssuers: []string{ms.srv.URL + "/tenant"},
	}
	tok := ms.token(t, "/tenant")
	o := &sdjwt.VerifyOptions{Now: fixedNow(auditNow)}
	const n = 50
	var wg sync.WaitGroup
	var started atomic.Int32
	errs := make(chan error, n)
	for range n {
		wg.Go(func() {
			started.Add(1)
			_, err := sdjwt.VerifyContext(context.Background(), tok, md, o)
			errs <- err
		})
	}
	// Hold the one fetch until every goroutine has started, so that the
	// lookups overlap (late ones would find the cache and prove nothing).
	for started.Load() < n {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(20 * time.Millisecond)
	close(ms.metaDelay)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if ms.metaHits.Load() != 1 || ms.jwksHits.Load() != 1 {
		t.Fatalf("%d concurrent lookups made %d metadata and %d JWKS fetches, want 1 and 1", n, ms.metaHits.Load(), ms.jwksHits.Load())
	}
	// A caller that gives up does not fail the shared fetch.
	ms2 := newMetadataServer(t)
	ms2.metaDelay = make(chan struct{})
	md2 := &sdjwt.IssuerMetadata{
		Fetcher:        &sdjwt.HTTPFetcher{Client: ms2.srv.Client(), AllowPrivateNetworks: true},
		AllowedIssuers: []string{ms2.srv.URL + "/tenant"},
	}
	tok2 := ms2.token(t, "/tenant")
	ctx, cancel := context.WithCancel(context.Background())
	first := make(chan error, 1)
	go func() { _, err := sdjwt.VerifyContext(ctx, tok2, md2, o); first <- err }()
	for ms2.metaHits.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	if err := <-first; !errors.Is(err, context.Canceled) || !errors.Is(err, sdjwt.ErrMetadata) {
		t.Fatalf("cancelled caller: err = %v", err)
	}
	second := make(chan error, 1)
	go func() { _, err := sdjwt.VerifyContext(context.Background(), tok2, md2, o); second <- err }()
	close(ms2.metaDelay)
	if err := <-second; err != nil || ms2.metaHits.Load() != 1 {
		t.Fatalf("second caller: err %v, fetches %d", err, ms2.metaHits.Load())
	}
}
