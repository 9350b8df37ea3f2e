package sdjwt_test

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kyckit/kyckit/sdjwt"
)

func newP256(t testing.TB) *ecdsa.PrivateKey {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func sampleClaims() map[string]any {
	return map[string]any{
		"iss":           "https://issuer.example",
		"iat":           1750000000,
		"exp":           2050000000,
		"given_name":    "Asha",
		"family_name":   "Rao",
		"address":       map[string]any{"house": "12", "district": "Pune", "pincode": "411001"},
		"nationalities": []any{"IN", "GB"},
	}
}

var samplePaths = []sdjwt.Path{
	sdjwt.ParsePath("given_name"),
	sdjwt.ParsePath("family_name"),
	sdjwt.ParsePath("address"),
	sdjwt.ParsePath("address.pincode"),
	sdjwt.ParsePath("nationalities.1"),
}

func TestIssueVerifyRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name  string
		key   crypto.Signer
		sdAlg string
	}{
		{"ES256", newP256(t), ""},
		{"ES384-sha384", func() crypto.Signer { k, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader); return k }(), "sha-384"},
		{"EdDSA-sha512", func() crypto.Signer { _, k, _ := ed25519.GenerateKey(rand.Reader); return k }(), "sha-512"},
		{"PS256", func() crypto.Signer { k, _ := rsa.GenerateKey(rand.Reader, 2048); return k }(), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			holder := newP256(t)
			tok, err := sdjwt.Issue(tc.key, sampleClaims(), samplePaths, &sdjwt.IssueOptions{SDAlg: tc.sdAlg, Decoys: 2, HolderKey: holder.Public(), KeyID: "k1"})
			if err != nil {
				t.Fatal(err)
			}
			if n := strings.Count(tok, "~"); n != 6 {
				t.Fatalf("issued token has %d '~', want 6 (5 disclosures)", n)
			}
			keys := sdjwt.PublicKey(tc.key.Public())
			o := &sdjwt.VerifyOptions{Now: fixedNow(1750000100)}
			cred, err := sdjwt.Verify(tok, keys, o)
			if err != nil {
				t.Fatal(err)
			}
			want := sampleClaims()
			want["cnf"] = cred.Claims["cnf"]
			if !jsonEqual(t, cred.Claims, want) {
				t.Fatalf("claims mismatch:\n got %v\nwant %v", cred.Claims, want)
			}
			for _, d := range cred.Disclosures {
				salt, err := base64.RawURLEncoding.DecodeString(d.Salt)
				if err != nil || len(salt) < 16 {
					t.Fatalf("salt %q is not >=128-bit base64url", d.Salt)
				}
			}
			// Present only address.pincode with key binding.
			now := time.Unix(1750000100, 0)
			pres, err := sdjwt.Present(tok, []sdjwt.Path{sdjwt.ParsePath("address.pincode")}, &sdjwt.PresentOptions{
				HolderKey: holder, Audience: "https://verifier.example", Nonce: "n-1", Now: func() time.Time { return now },
			})
			if err != nil {
				t.Fatal(err)
			}
			o.RequireKeyBinding, o.Audience, o.Nonce = true, "https://verifier.example", "n-1"
			cred, err = sdjwt.Verify(pres, keys, o)
			if err != nil {
				t.Fatal(err)
			}
			addr, _ := cred.Claims["address"].(map[string]any)
			if addr["pincode"] != "411001" || addr["house"] != "12" || cred.Claims["given_name"] != nil {
				t.Fatalf("presented claims = %v", cred.Claims)
			}
			if nat := cred.Claims["nationalities"].([]any); len(nat) != 1 || nat[0] != "IN" {
				t.Fatalf("nationalities = %v", nat)
			}
			// Negative: dropping a disclosure after KB breaks sd_hash.
			i := strings.Index(pres, "~") + 1
			j := i + strings.Index(pres[i:], "~") + 1
			if _, err := sdjwt.Verify(pres[:i]+pres[j:], keys, o); !errors.Is(err, sdjwt.ErrKeyBinding) {
				t.Fatalf("stripped disclosure: err = %v", err)
			}
			// Negative: another issuer key.
			if _, err := sdjwt.Verify(tok, sdjwt.PublicKey(newP256(t).Public()), nil); err == nil {
				t.Fatal("verified with the wrong key")
			}
		})
	}
}

func TestIssueErrors(t *testing.T) {
	k := newP256(t)
	for _, tc := range []struct {
		name   string
		claims map[string]any
		paths  []sdjwt.Path
		opts   *sdjwt.IssueOptions
	}{
		{"reserved _sd", map[string]any{"_sd": []any{}}, nil, nil},
		{"nested reserved", map[string]any{"a": map[string]any{"...": 1}}, nil, nil},
		{"missing path", sampleClaims(), []sdjwt.Path{sdjwt.ParsePath("nope")}, nil},
		{"bad sd alg", sampleClaims(), nil, &sdjwt.IssueOptions{SDAlg: "md5"}},
		{"alg mismatch", sampleClaims(), nil, &sdjwt.IssueOptions{Algorithm: "ES384"}},
		{"cnf twice", map[string]any{"cnf": 1}, nil, &sdjwt.IssueOptions{HolderKey: k.Public()}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := sdjwt.Issue(k, tc.claims, tc.paths, tc.opts); !errors.Is(err, sdjwt.ErrOptions) {
				t.Fatalf("err = %v, want ErrOptions", err)
			}
		})
	}
}

func TestPresentErrors(t *testing.T) {
	k := newP256(t)
	tok, err := sdjwt.Issue(k, sampleClaims(), samplePaths, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sdjwt.Present(tok, []sdjwt.Path{sdjwt.ParsePath("iss")}, nil); !errors.Is(err, sdjwt.ErrOptions) {
		t.Fatalf("plaintext path: err = %v", err)
	}
	if _, err := sdjwt.Present(tok, nil, &sdjwt.PresentOptions{HolderKey: k}); !errors.Is(err, sdjwt.ErrOptions) {
		t.Fatalf("KB without aud/nonce: err = %v", err)
	}
	all, err := sdjwt.Present(tok, []sdjwt.Path{{}}, nil)
	if err != nil || all != tok {
		t.Fatalf("empty path should select everything: %v", err)
	}
	none, err := sdjwt.Present(tok, nil, nil)
	if err != nil || strings.Count(none, "~") != 1 {
		t.Fatalf("no paths: %q %v", none, err)
	}
}

func TestIssueShufflesSD(t *testing.T) {
	// With 20 SD claims the digest order matches the (sorted) claim order
	// by chance with probability 1/20!; a sorted result means no shuffle.
	k := newP256(t)
	claims := map[string]any{}
	var paths []sdjwt.Path
	for i := range 20 {
		name := string(rune('a' + i))
		claims[name] = i
		paths = append(paths, sdjwt.Path{name})
	}
	tok, err := sdjwt.Issue(k, claims, paths, nil)
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := sdjwt.Parse(tok, nil)
	if err != nil {
		t.Fatal(err)
	}
	sd := parsed.Payload["_sd"].([]any)
	inOrder := true
	for i, d := range parsed.Disclosures {
		if sd[i] != d.Digest {
			inOrder = false
		}
	}
	if inOrder {
		t.Fatal("_sd digests are in claim order")
	}
}

// TestIssueDecoyCountRandom: the number of decoys per "_sd" array is drawn
// from 0..Decoys, so len(_sd) does not reveal the number of hidden claims
// (a fixed count would: len(_sd) - Decoys).
func TestIssueDecoyCountRandom(t *testing.T) {
	k := newP256(t)
	const most, hidden, runs = 4, 2, 60
	seen := map[int]int{}
	for range runs {
		tok, err := sdjwt.Issue(k, sampleClaims(), []sdjwt.Path{{"given_name"}, {"family_name"}}, &sdjwt.IssueOptions{Decoys: most})
		if err != nil {
			t.Fatal(err)
		}
		p, err := sdjwt.Parse(tok, nil)
		if err != nil {
			t.Fatal(err)
		}
		n := len(p.Payload["_sd"].([]any)) - hidden
		if n < 0 || n > most {
			t.Fatalf("%d decoys, want 0..%d", n, most)
		}
		seen[n]++
	}
	// Each count has probability 1/5; missing three of five in 60 draws
	// happens with probability below 1e-10.
	if len(seen) < 3 {
		t.Fatalf("decoy counts over %d issuances: %v; want them to vary", runs, seen)
	}
	if _, err := sdjwt.Issue(k, sampleClaims(), nil, &sdjwt.IssueOptions{Decoys: 101}); !errors.Is(err, sdjwt.ErrOptions) {
		t.Fatalf("Decoys 101: err = %v", err)
	}
}
