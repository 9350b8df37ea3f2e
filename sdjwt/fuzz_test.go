package sdjwt_test

import (
	"errors"
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
			if !strings.HasPrefix(err.Error(), "sdjwt: ") {
				t.Fatalf("error without package prefix: %v", err)
			}
			return
		}
	}
	t.Fatalf("error wraps no documented sentinel: %v", err)
}

func fuzzSeeds(f *testing.F) {
	for _, name := range []string{"uidai-issued.txt", "uidai-presentation.txt"} {
		f.Add(strings.TrimSpace(string(readFixture(f, name))))
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
