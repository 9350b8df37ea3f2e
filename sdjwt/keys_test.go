package sdjwt_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kyckit/kyckit/sdjwt"
)

func TestJWKSetByKid(t *testing.T) {
	k1, k2 := newP256(t), newP256(t)
	j1, _ := sdjwt.JWK(k1.Public(), "k1")
	j2, _ := sdjwt.JWK(k2.Public(), "k2")
	set, err := sdjwt.ParseJWKSet([]byte(fmt.Sprintf(`{"keys":[%s,%s]}`, j1, j2)))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		signer  *ecdsa.PrivateKey
		kid     string
		wantErr error
	}{
		{"k1", k1, "k1", nil},
		{"k2", k2, "k2", nil},
		{"unknown kid", k1, "k3", sdjwt.ErrKeyNotFound},
		{"no kid, two keys", k1, "", sdjwt.ErrKeyNotFound},
		{"kid of other key", k1, "k2", sdjwt.ErrSignature},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tok, err := sdjwt.Issue(tc.signer, sampleClaims(), nil, &sdjwt.IssueOptions{KeyID: tc.kid})
			if err != nil {
				t.Fatal(err)
			}
			_, err = sdjwt.Verify(tok, set, &sdjwt.VerifyOptions{Now: fixedNow(1750000100)})
			if tc.wantErr == nil && err != nil || tc.wantErr != nil && !errors.Is(err, tc.wantErr) {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
		})
	}
	if _, err := sdjwt.ParseJWKSet([]byte(`{"keys":[{"kty":"EC","crv":"P-256","x":"b28d4MwZMjw8-00CG4xfnn9SLMVMM19SlqZpVb_uNtQ","y":"Xv5zWwuoaTgdS6hV43yI6gBwTnjukmFQQnJ_kCxzqk8","d":"Ur2bNKuBPOrAaxsRnbSH6hIhmNTxSGXshDSUD1a1y7g"}]}`)); !errors.Is(err, sdjwt.ErrKeyNotFound) {
		t.Fatalf("private JWK accepted: %v", err)
	}
}

func makeCert(t *testing.T, tmpl, parent *x509.Certificate, pub, signer any) *x509.Certificate {
	t.Helper()
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, pub, signer)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestX5CRoots(t *testing.T) {
	rootKey, leafKey := newP256(t), newP256(t)
	nb, na := time.Unix(1700000000, 0), time.Unix(1900000000, 0)
	rootT := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Test Root"}, NotBefore: nb, NotAfter: na,
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	root := makeCert(t, rootT, rootT, rootKey.Public(), rootKey)
	u, _ := url.Parse("https://issuer.example")
	leafT := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "issuer"}, NotBefore: nb, NotAfter: na,
		URIs: []*url.URL{u}, KeyUsage: x509.KeyUsageDigitalSignature}
	leaf := makeCert(t, leafT, root, leafKey.Public(), rootKey)
	// Same leaf signed by an untrusted root.
	otherKey := newP256(t)
	other := makeCert(t, rootT, rootT, otherKey.Public(), otherKey)
	rogue := makeCert(t, leafT, other, leafKey.Public(), otherKey)

	pool := x509.NewCertPool()
	pool.AddCert(root)
	res := &sdjwt.X5CRoots{Roots: pool}
	o := &sdjwt.VerifyOptions{Now: fixedNow(1750000100)}
	for _, tc := range []struct {
		name    string
		chain   [][]byte
		iss     string
		paths   []sdjwt.Path
		wantErr error
	}{
		{"valid", [][]byte{leaf.Raw}, "https://issuer.example", nil, nil},
		{"untrusted root", [][]byte{rogue.Raw}, "https://issuer.example", nil, sdjwt.ErrKeyNotFound},
		{"iss not in SAN", [][]byte{leaf.Raw}, "https://evil.example", nil, sdjwt.ErrKeyNotFound},
		{"no x5c", nil, "https://issuer.example", nil, sdjwt.ErrKeyNotFound},
		// With iss in a disclosure the resolver sees no iss, so the SAN
		// check cannot run; the disclosed iss must not be believed.
		{"iss selectively disclosed", [][]byte{leaf.Raw}, "https://evil.example", []sdjwt.Path{{"iss"}}, sdjwt.ErrSelectivelyDisclosed},
		{"iss selectively disclosed, matching", [][]byte{leaf.Raw}, "https://issuer.example", []sdjwt.Path{{"iss"}}, sdjwt.ErrSelectivelyDisclosed},
		{"x5c at the cap", slices.Repeat([][]byte{leaf.Raw}, sdjwt.MaxX5C), "https://issuer.example", nil, nil},
		{"x5c over the cap", slices.Repeat([][]byte{leaf.Raw}, sdjwt.MaxX5C+1), "https://issuer.example", nil, sdjwt.ErrTooLarge},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := sampleClaims()
			c["iss"] = tc.iss
			tok, err := sdjwt.Issue(leafKey, c, tc.paths, &sdjwt.IssueOptions{X5C: tc.chain})
			if err != nil {
				t.Fatal(err)
			}
			_, err = sdjwt.Verify(tok, res, &sdjwt.VerifyOptions{Now: o.Now, ExpectedIssuer: tc.iss})
			if tc.wantErr == nil && err != nil || tc.wantErr != nil && !errors.Is(err, tc.wantErr) {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
		})
	}
}

func TestIssuerMetadata(t *testing.T) {
	key := newP256(t)
	jwk, _ := sdjwt.JWK(key.Public(), "m1")
	var hits atomic.Int32
	var srv *httptest.Server
	mux := http.NewServeMux()
	mux.HandleFunc("/.well-known/jwt-vc-issuer/tenant", func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		fmt.Fprintf(w, `{"issuer":%q,"jwks_uri":%q}`, srv.URL+"/tenant", srv.URL+"/jwks.json")
	})
	mux.HandleFunc("/jwks.json", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"keys":[%s]}`, jwk)
	})
	mux.HandleFunc("/.well-known/jwt-vc-issuer/liar", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"issuer":"https://other.example","jwks":{"keys":[%s]}}`, jwk)
	})
	mux.HandleFunc("/.well-known/jwt-vc-issuer/big", func(w http.ResponseWriter, r *http.Request) {
		w.Write(make([]byte, 1<<20))
	})
	mux.HandleFunc("/.well-known/jwt-vc-issuer/downgrade", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://127.0.0.1:1/x", http.StatusFound)
	})
	mux.HandleFunc("/.well-known/jwt-vc-issuer/loop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, r.URL.Path, http.StatusFound)
	})
	srv = httptest.NewTLSServer(mux)
	defer srv.Close()

	now := time.Unix(1750000100, 0)
	md := &sdjwt.IssuerMetadata{
		// httptest listens on 127.0.0.1: a private address.
		Fetcher:        &sdjwt.HTTPFetcher{Client: srv.Client(), MaxBytes: 64 << 10, AllowPrivateNetworks: true},
		AllowedIssuers: []string{srv.URL + "/tenant", srv.URL + "/liar", srv.URL + "/big", srv.URL + "/downgrade", srv.URL + "/loop"},
		Now:            func() time.Time { return now },
	}
	issue := func(iss, kid string) string {
		c := sampleClaims()
		c["iss"] = iss
		tok, err := sdjwt.Issue(key, c, nil, &sdjwt.IssueOptions{KeyID: kid})
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	o := &sdjwt.VerifyOptions{Now: fixedNow(1750000100)}
	ctx := context.Background()
	if _, err := sdjwt.VerifyContext(ctx, issue(srv.URL+"/tenant", "m1"), md, o); err != nil {
		t.Fatalf("valid: %v", err)
	}
	if _, err := sdjwt.VerifyContext(ctx, issue(srv.URL+"/tenant", "m1"), md, o); err != nil || hits.Load() != 1 {
		t.Fatalf("cached: %v, hits %d", err, hits.Load())
	}
	// Unknown kid within Refresh: no refetch.
	if _, err := sdjwt.VerifyContext(ctx, issue(srv.URL+"/tenant", "zz"), md, o); !errors.Is(err, sdjwt.ErrKeyNotFound) || hits.Load() != 1 {
		t.Fatalf("unknown kid: %v, hits %d", err, hits.Load())
	}
	// After TTL: refetch.
	now = now.Add(2 * time.Hour)
	if _, err := sdjwt.VerifyContext(ctx, issue(srv.URL+"/tenant", "m1"), md, o); err != nil || hits.Load() != 2 {
		t.Fatalf("after TTL: %v, hits %d", err, hits.Load())
	}
	for _, tc := range []struct {
		name    string
		iss     string
		wantErr error
	}{
		{"issuer mismatch", srv.URL + "/liar", sdjwt.ErrMetadata},
		{"too large", srv.URL + "/big", sdjwt.ErrMetadata},
		{"redirect to http", srv.URL + "/downgrade", sdjwt.ErrMetadata},
		{"redirect loop", srv.URL + "/loop", sdjwt.ErrMetadata},
		{"not allowed", srv.URL + "/other", sdjwt.ErrKeyNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := sdjwt.VerifyContext(ctx, issue(tc.iss, "m1"), md, o); !errors.Is(err, tc.wantErr) {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
		})
	}
	// http:// is never fetched.
	plain := &sdjwt.IssuerMetadata{AllowAnyIssuer: true}
	if _, err := sdjwt.Verify(issue("http://issuer.example", "m1"), plain, o); !errors.Is(err, sdjwt.ErrMetadata) {
		t.Fatalf("http iss: err = %v", err)
	}
	if _, err := (&sdjwt.HTTPFetcher{}).Fetch(ctx, "http://example.com/"); !errors.Is(err, sdjwt.ErrMetadata) {
		t.Fatalf("http fetch: err = %v", err)
	}
	if u, _ := sdjwt.WellKnownURL("https://issuer.example/tenant/1/"); u != "https://issuer.example/.well-known/jwt-vc-issuer/tenant/1" {
		t.Fatalf("WellKnownURL = %q", u)
	}
}

// TestResolverErrorsNameFieldsOnly checks that token text chosen by the
// sender (an unknown alg, an unknown kid) never reaches an error string,
// and that nil resolvers fail closed instead of panicking.
func TestResolverErrorsNameFieldsOnly(t *testing.T) {
	k := newP256(t)
	j, _ := sdjwt.JWK(k.Public(), "k1")
	set, err := sdjwt.ParseJWKSet([]byte(`{"keys":[` + string(j) + `]}`))
	if err != nil {
		t.Fatal(err)
	}
	tok, err := sdjwt.Issue(k, sampleClaims(), nil, &sdjwt.IssueOptions{KeyID: "SECRET-kid"})
	if err != nil {
		t.Fatal(err)
	}
	o := &sdjwt.VerifyOptions{Now: fixedNow(1750000100)}
	_, err = sdjwt.Verify(tok, set, o)
	if !errors.Is(err, sdjwt.ErrKeyNotFound) || strings.Contains(err.Error(), "SECRET") {
		t.Fatalf("unknown kid: err = %v", err)
	}
	hdr := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"SECRET-alg"}`))
	forged := hdr + tok[strings.IndexByte(tok, '.'):]
	_, err = sdjwt.Verify(forged, sdjwt.PublicKey(k.Public()), o)
	if !errors.Is(err, sdjwt.ErrAlgorithm) || strings.Contains(err.Error(), "SECRET") {
		t.Fatalf("unknown alg: err = %v", err)
	}
	for _, r := range []sdjwt.KeyResolver{(*sdjwt.JWKSet)(nil), (*sdjwt.IssuerMetadata)(nil), (*sdjwt.X5CRoots)(nil)} {
		if _, err := sdjwt.Verify(tok, r, o); !errors.Is(err, sdjwt.ErrKeyNotFound) {
			t.Errorf("%T(nil): err = %v, want ErrKeyNotFound", r, err)
		}
	}
}
