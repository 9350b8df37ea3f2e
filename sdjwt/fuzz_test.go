package sdjwt_test

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"flag"
	"strings"
	"testing"
	"time"

	"github.com/kyckit/kyckit/sdjwt"
)

var allSentinels = []error{
	sdjwt.ErrMalformed, sdjwt.ErrTooLarge, sdjwt.ErrMalformedDisclosure, sdjwt.ErrDisclosureType,
	sdjwt.ErrReservedClaimName, sdjwt.ErrClaimCollision, sdjwt.ErrDuplicateDigest, sdjwt.ErrDuplicateDisclosure,
	sdjwt.ErrUnreferencedDisclosure, sdjwt.ErrHashAlgorithm, sdjwt.ErrAlgorithm, sdjwt.ErrSignature,
	sdjwt.ErrKeyNotFound, sdjwt.ErrMetadata, sdjwt.ErrExpired, sdjwt.ErrNotYetValid, sdjwt.ErrMissingClaim,
	sdjwt.ErrIssuer, sdjwt.ErrAudience, sdjwt.ErrType, sdjwt.ErrSelectivelyDisclosed, sdjwt.ErrKeyBindingMissing,
	sdjwt.ErrKeyBinding, sdjwt.ErrOptions, sdjwt.ErrCallback,
}

func checkSentinel(t *testing.T, err error) {
	t.Helper()
	for _, s := range allSentinels {
		if errors.Is(err, s) {
			if !strings.HasPrefix(err.Error(), "sdjwt: ") || strings.Count(err.Error(), "sdjwt: ") != 1 {
				t.Fatalf("error without exactly one package prefix: %v", err)
			}
			return
		}
	}
	t.Fatalf("error wraps no documented sentinel: %v", err)
}

// fuzzing reports whether this run is a fuzzing run (-fuzz), as opposed
// to a plain go test run that only replays the seeds.
func fuzzing() bool {
	fl := flag.Lookup("test.fuzz")
	return fl != nil && fl.Value.String() != ""
}

// loadFixtureKey reads a PKCS#8 EC key from testdata/sdjwt.
func loadFixtureKey(f testing.TB, name string) *ecdsa.PrivateKey {
	blk, _ := pem.Decode(readFixture(f, name))
	if blk == nil {
		f.Fatalf("%s: not PEM", name)
	}
	k, err := x509.ParsePKCS8PrivateKey(blk.Bytes)
	if err != nil {
		f.Fatal(err)
	}
	return k.(*ecdsa.PrivateKey)
}

// smallTokens are valid tokens as short as they come: signed by the
// fixture issuer key (which FuzzVerify trusts), one disclosure, and a
// KB-JWT by the fixture holder key bound to the fixture aud and nonce.
func smallTokens(f *testing.F) (issued, presented string) {
	issuer, holder := loadFixtureKey(f, "issuer-private.pem"), loadFixtureKey(f, "holder-private.pem")
	issued, err := sdjwt.Issue(issuer, map[string]any{"iss": sdjwt.UIDAIIssuer, "iat": fixtureIat, "n": "v"},
		[]sdjwt.Path{{"n"}}, &sdjwt.IssueOptions{HolderKey: holder.Public(), Type: "vc+sd-jwt"})
	if err != nil {
		f.Fatal(err)
	}
	presented, err = sdjwt.Present(issued, []sdjwt.Path{{"n"}}, &sdjwt.PresentOptions{HolderKey: holder,
		Audience: fixtureAud, Nonce: fixtureNonce, Now: func() time.Time { return time.Unix(fixtureIat+60, 0) }})
	if err != nil {
		f.Fatal(err)
	}
	return issued, presented
}

// fuzzSeeds adds the seed corpus of FuzzParse and FuzzVerify.
//
// Under -fuzz the seeds are small (under 700 bytes). The fuzzing engine
// minimizes every input that finds new coverage, for up to
// -fuzzminimizetime (60 s by default), and its minimizer tries removing
// every span [i, j) of the input: O(n²) executions. Mutants of the 2 KB
// fixture credentials cost about two million executions each, so both
// workers spent the whole CI smoke run minimizing (9 execs in 36 s). The
// big fixtures still run as seeds in a plain go test.
func fuzzSeeds(f *testing.F) {
	issued, presented := smallTokens(f)
	f.Add(issued)
	f.Add(presented)
	if !fuzzing() {
		for _, name := range []string{"uidai-issued.txt", "uidai-presentation.txt", "uidai-sha256-upper.txt"} {
			f.Add(strings.TrimSpace(string(readFixture(f, name))))
		}
	}
	f.Add("eyJhbGciOiJFUzI1NiJ9.eyJfc2QiOltdfQ.c2ln~WyJzIiwibiIsInYiXQ~")
	f.Add(`{"payload":"eyJfc2QiOltdfQ","protected":"eyJhbGciOiJFUzI1NiJ9","signature":"c2ln","header":{"disclosures":["WyJzIiwidiJd"],"kb_jwt":"a.b.c"}}`)
	f.Add(`{"payload":"eyJfc2QiOltdfQ","signatures":[{"protected":"eyJhbGciOiJFUzI1NiJ9","signature":"c2ln"}]}`)
	f.Add("~~~")
	f.Add(" \n")
	f.Add("a.b.c~d.e.f")
}

// FuzzParse: no panic, only documented sentinels, and the compact form
// reassembles byte for byte from its parts.
func FuzzParse(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		tok, err := sdjwt.Parse(s, &sdjwt.Limits{MaxTokenBytes: 1 << 16})
		if err != nil {
			checkSentinel(t, err)
			return
		}
		if tok.Serialization == sdjwt.Compact {
			var b strings.Builder
			b.WriteString(tok.IssuerJWT + "~")
			for _, d := range tok.Disclosures {
				b.WriteString(d.Encoded + "~")
			}
			b.WriteString(tok.KeyBindingJWT)
			if b.String() != s {
				t.Fatalf("round trip: %q != %q", b.String(), s)
			}
		}
		if _, err := sdjwt.DecodeUnverified(s, nil); err != nil {
			checkSentinel(t, err)
		}
	})
}

// FuzzVerify: no panic and only documented sentinels, with KB required.
func FuzzVerify(f *testing.F) {
	fuzzSeeds(f)
	set, err := sdjwt.ParseJWKSet(readFixture(f, "issuer.jwks.json"))
	if err != nil {
		f.Fatal(err)
	}
	opts := &sdjwt.VerifyOptions{
		Now:               func() time.Time { return time.Unix(fixtureIat+120, 0) },
		RequireKeyBinding: true, Audience: fixtureAud, Nonce: fixtureNonce,
		Limits: sdjwt.Limits{MaxTokenBytes: 1 << 16},
	}
	f.Fuzz(func(t *testing.T, s string) {
		cred, err := sdjwt.Verify(s, set, opts)
		if err != nil {
			if cred != nil {
				t.Fatal("credential with error")
			}
			checkSentinel(t, err)
			return
		}
		if !cred.Verified || cred.KeyBinding == nil {
			t.Fatal("accepted without key binding")
		}
	})
}

func FuzzParseCallback(f *testing.F) {
	f.Add([]byte(`{"txn":"t1","response":"x~","dateTime":"2025-06-15T15:06:40+05:30"}`))
	f.Add([]byte(`{"txn":"t1","errCode":1}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		if _, err := sdjwt.ParseCallback(b); err != nil {
			checkSentinel(t, err)
		}
	})
}

// FuzzParseJWKSet: key sets come from the network (issuer metadata).
func FuzzParseJWKSet(f *testing.F) {
	f.Add(readFixture(f, "issuer.jwks.json"))
	f.Add([]byte(`{"keys":[{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}]}`))
	f.Add([]byte(`{"keys":[{"kty":"RSA","n":"AQAB","e":"AQAB"}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		set, err := sdjwt.ParseJWKSet(b)
		if err != nil {
			checkSentinel(t, err)
			return
		}
		if _, err := set.ResolveKey(t.Context(), sdjwt.KeyQuery{Algorithm: "ES256"}); err != nil {
			checkSentinel(t, err)
		}
	})
}

// FuzzParseJWK: JWKs come from JWK Sets fetched over the network and from
// cnf.jwk. No panic, only documented sentinels, and a parsed key survives
// the round trip through JWK.
func FuzzParseJWK(f *testing.F) {
	j, _ := sdjwt.JWK(loadFixtureKey(f, "issuer-private.pem").Public(), "k1")
	f.Add(j)
	f.Add([]byte(`{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}`))
	f.Add([]byte(`{"kty":"RSA","n":"AQAB","e":"AQAB"}`))
	f.Add([]byte(`{"kty":"EC","crv":"P-384","x":"AA","y":"AA"}`))
	f.Add([]byte(`{"kty":"EC","crv":"P-256","x":"b28d4MwZMjw8-00CG4xfnn9SLMVMM19SlqZpVb_uNtQ","y":"Xv5zWwuoaTgdS6hV43yI6gBwTnjukmFQQnJ_kCxzqk8","d":"Ur2bNKuBPOrAaxsRnbSH6hIhmNTxSGXshDSUD1a1y7g"}`))
	f.Add([]byte(`{"kty":"oct","k":"c2VjcmV0"}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		pub, err := sdjwt.ParseJWK(b)
		if err != nil {
			checkSentinel(t, err)
			return
		}
		out, err := sdjwt.JWK(pub, "")
		if err != nil {
			t.Fatalf("parsed key does not render: %v", err)
		}
		back, err := sdjwt.ParseJWK(out)
		if err != nil {
			t.Fatalf("rendered key does not parse: %v", err)
		}
		if eq, ok := pub.(interface{ Equal(crypto.PublicKey) bool }); !ok || !eq.Equal(back) {
			t.Fatalf("round trip changed the key (%T)", pub)
		}
	})
}

// stubFetcher answers the issuer metadata URL and the JWKS URL with fixed
// bodies.
type stubFetcher struct{ meta, jwks []byte }

func (s stubFetcher) Fetch(_ context.Context, u string) ([]byte, error) {
	if strings.Contains(u, "/.well-known/jwt-vc-issuer") {
		return s.meta, nil
	}
	return s.jwks, nil
}

// FuzzIssuerMetadata: issuer metadata and the JWK Set it points to come
// from the network. No panic, only documented sentinels, through the
// whole IssuerMetadata resolution.
func FuzzIssuerMetadata(f *testing.F) {
	const iss = "https://issuer.example/t"
	j, _ := sdjwt.JWK(loadFixtureKey(f, "issuer-private.pem").Public(), "k1")
	set := []byte(`{"keys":[` + string(j) + `]}`)
	f.Add([]byte(`{"issuer":"`+iss+`","jwks_uri":"https://issuer.example/jwks"}`), set)
	f.Add([]byte(`{"issuer":"`+iss+`","jwks":`+string(set)+`}`), []byte(nil))
	f.Add([]byte(`{"issuer":"`+iss+`","jwks_uri":"https://other.example/jwks"}`), set)
	f.Add([]byte(`{"issuer":"`+iss+`","jwks":{"keys":[{"kty":"OKP","crv":"X25519","x":"AA"}]}}`), []byte(nil))
	f.Add([]byte(`{"issuer":"`+iss+`","issuer":"x","jwks":{}}`), []byte(nil))
	f.Add([]byte(`null`), []byte(`{}`))
	f.Fuzz(func(t *testing.T, meta, jwks []byte) {
		md := &sdjwt.IssuerMetadata{Fetcher: stubFetcher{meta, jwks}, AllowedIssuers: []string{iss}}
		pub, err := md.ResolveKey(context.Background(), sdjwt.KeyQuery{Algorithm: "ES256", KeyID: "k1", Issuer: iss, Time: time.Unix(fixtureIat, 0)})
		if err != nil {
			checkSentinel(t, err)
			return
		}
		if pub == nil {
			t.Fatal("nil key without an error")
		}
	})
}
