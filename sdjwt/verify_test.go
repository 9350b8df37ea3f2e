package sdjwt_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/kyckit/kyckit/sdjwt"

	"github.com/kyckit/kyckit/internal/logtest"
)

// signRaw signs an arbitrary header and payload with ES256.
func signRaw(t *testing.T, k *ecdsa.PrivateKey, hdr, payload map[string]any) string {
	t.Helper()
	hb, _ := json.Marshal(hdr)
	pb, _ := json.Marshal(payload)
	in := base64.RawURLEncoding.EncodeToString(hb) + "." + base64.RawURLEncoding.EncodeToString(pb)
	sig := esSign(t, k, []byte(in))
	return in + "." + base64.RawURLEncoding.EncodeToString(sig)
}

func TestVerifyPolicy(t *testing.T) {
	k := newP256(t)
	keys := sdjwt.PublicKey(k.Public())
	now := fixedNow(1750000100)
	vcClaims := sampleClaims()
	vcClaims["vct"] = "urn:example:kyc"
	vcTok, err := sdjwt.Issue(k, vcClaims, []sdjwt.Path{{"given_name"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := sdjwt.Issue(k, sampleClaims(), []sdjwt.Path{{"given_name"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	sdExp, err := sdjwt.Issue(k, vcClaims, []sdjwt.Path{{"exp"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	p384, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	rsaKey, _ := rsa.GenerateKey(rand.Reader, 2048)
	rsTok, err := sdjwt.Issue(rsaKey, sampleClaims(), nil, &sdjwt.IssueOptions{Algorithm: "RS256"})
	if err != nil {
		t.Fatal(err)
	}
	critTok := signRaw(t, k, map[string]any{"alg": "ES256", "crit": []string{"x"}, "x": 1}, map[string]any{"iss": "a"}) + "~"
	for _, tc := range []struct {
		name    string
		tok     string
		keys    sdjwt.KeyResolver
		opts    *sdjwt.VerifyOptions
		wantErr error
	}{
		{"vc ok", vcTok, keys, &sdjwt.VerifyOptions{Now: now, VC: &sdjwt.VCOptions{Types: []string{"urn:example:kyc"}}}, nil},
		{"vc wrong vct", vcTok, keys, &sdjwt.VerifyOptions{Now: now, VC: &sdjwt.VCOptions{Types: []string{"urn:other"}}}, sdjwt.ErrType},
		{"vc missing vct", plain, keys, &sdjwt.VerifyOptions{Now: now, VC: &sdjwt.VCOptions{}}, sdjwt.ErrType},
		{"vc exp disclosed", sdExp, keys, &sdjwt.VerifyOptions{Now: now, VC: &sdjwt.VCOptions{}}, sdjwt.ErrSelectivelyDisclosed},
		{"vc extra non-disclosable", vcTok, keys, &sdjwt.VerifyOptions{Now: now, VC: &sdjwt.VCOptions{NonDisclosable: []string{"given_name"}}}, sdjwt.ErrSelectivelyDisclosed},
		{"expected typ", plain, keys, &sdjwt.VerifyOptions{Now: now, ExpectedTypes: []string{"example+sd-jwt"}}, sdjwt.ErrType},
		{"required claim", plain, keys, &sdjwt.VerifyOptions{Now: now, RequiredClaims: []string{"nbf"}}, sdjwt.ErrMissingClaim},
		{"expected issuer", plain, keys, &sdjwt.VerifyOptions{Now: now, ExpectedIssuer: "https://other"}, sdjwt.ErrIssuer},
		// exp is 2050000000, iat 1750000000; the default skew is 60 s.
		{"expired, no skew", plain, keys, &sdjwt.VerifyOptions{Now: fixedNow(2050000000), ClockSkew: -1}, sdjwt.ErrExpired},
		{"expired within default skew", plain, keys, &sdjwt.VerifyOptions{Now: fixedNow(2050000059)}, nil},
		{"expired beyond default skew", plain, keys, &sdjwt.VerifyOptions{Now: fixedNow(2050000060)}, sdjwt.ErrExpired},
		{"expired within configured skew", plain, keys, &sdjwt.VerifyOptions{Now: fixedNow(2050000100), ClockSkew: 120e9}, nil},
		{"iat in future", plain, keys, &sdjwt.VerifyOptions{Now: fixedNow(1749999000)}, sdjwt.ErrNotYetValid},
		{"iat in future within default skew", plain, keys, &sdjwt.VerifyOptions{Now: fixedNow(1749999941)}, nil},
		{"iat in future, no skew", plain, keys, &sdjwt.VerifyOptions{Now: fixedNow(1749999999), ClockSkew: -1}, sdjwt.ErrNotYetValid},
		{"kb required without aud", plain, keys, &sdjwt.VerifyOptions{Now: now, RequireKeyBinding: true}, sdjwt.ErrOptions},
		{"nil keys", plain, nil, nil, sdjwt.ErrOptions},
		{"sha-512 not allowed", plain, keys, &sdjwt.VerifyOptions{Now: now, HashAlgorithms: []string{"sha-512"}}, sdjwt.ErrHashAlgorithm},
		{"RS256 off by default", rsTok, sdjwt.PublicKey(rsaKey.Public()), &sdjwt.VerifyOptions{Now: now}, sdjwt.ErrAlgorithm},
		{"RS256 opted in", rsTok, sdjwt.PublicKey(rsaKey.Public()), &sdjwt.VerifyOptions{Now: now, Algorithms: []string{"RS256"}}, nil},
		{"ES256 with P-384 key", plain, sdjwt.PublicKey(p384.Public()), &sdjwt.VerifyOptions{Now: now}, sdjwt.ErrAlgorithm},
		{"only ES384 allowed", plain, keys, &sdjwt.VerifyOptions{Now: now, Algorithms: []string{"ES384"}}, sdjwt.ErrAlgorithm},
		{"crit header", critTok, keys, &sdjwt.VerifyOptions{Now: now}, sdjwt.ErrMalformed},
		{"too many disclosures", plain, keys, &sdjwt.VerifyOptions{Now: now, Limits: sdjwt.Limits{MaxDisclosures: 0 + 1}}, nil},
		{"token too long", plain, keys, &sdjwt.VerifyOptions{Now: now, Limits: sdjwt.Limits{MaxTokenBytes: 100}}, sdjwt.ErrTooLarge},
		{"depth", plain, keys, &sdjwt.VerifyOptions{Now: now, Limits: sdjwt.Limits{MaxDepth: 1}}, sdjwt.ErrTooLarge},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cred, err := sdjwt.Verify(tc.tok, tc.keys, tc.opts)
			if tc.wantErr == nil {
				if err != nil {
					t.Fatalf("err = %v", err)
				}
				return
			}
			if !errors.Is(err, tc.wantErr) || cred != nil {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	k := newP256(t)
	jwt := signRaw(t, k, map[string]any{"alg": "ES256"}, map[string]any{"iss": "a", "_sd": []any{}})
	parts := strings.Split(jwt, ".")
	d := base64.RawURLEncoding.EncodeToString([]byte(`["salt","n","v"]`))
	many := jwt + strings.Repeat("~"+d, 5) + "~"
	for _, tc := range []struct {
		name, tok string
		lim       *sdjwt.Limits
		wantErr   error
	}{
		{"empty", "", nil, sdjwt.ErrMalformed},
		{"whitespace", " \n", nil, sdjwt.ErrMalformed},
		{"plain jwt", jwt, nil, sdjwt.ErrMalformed},
		{"two parts", parts[0] + "." + parts[1] + "~", nil, sdjwt.ErrMalformed},
		{"four parts", jwt + ".x~", nil, sdjwt.ErrMalformed},
		{"header not json", "eyJ4." + parts[1] + "." + parts[2] + "~", nil, sdjwt.ErrMalformed},
		{"header no alg", base64.RawURLEncoding.EncodeToString([]byte(`{"typ":"x"}`)) + "." + parts[1] + "." + parts[2] + "~", nil, sdjwt.ErrMalformed},
		{"payload array", parts[0] + "." + base64.RawURLEncoding.EncodeToString([]byte(`[1]`)) + "." + parts[2] + "~", nil, sdjwt.ErrMalformed},
		{"newline in payload", parts[0] + ".\n" + parts[1] + "." + parts[2] + "~", nil, sdjwt.ErrMalformed},
		{"empty disclosure", jwt + "~~", nil, sdjwt.ErrMalformedDisclosure},
		{"too many disclosures", many, &sdjwt.Limits{MaxDisclosures: 4}, sdjwt.ErrTooLarge},
		{"json not object", "{]", nil, sdjwt.ErrMalformed},
		{"json no payload", `{"protected":"a","signature":"b"}`, nil, sdjwt.ErrMalformed},
		{"json mixed", `{"payload":"a","protected":"b","signature":"c","signatures":[]}`, nil, sdjwt.ErrMalformed},
		{"json disclosures not array", fmt.Sprintf(`{"payload":%q,"protected":%q,"signature":%q,"header":{"disclosures":"x"}}`, parts[1], parts[0], parts[2]), nil, sdjwt.ErrMalformed},
		{"json kb not jwt", fmt.Sprintf(`{"payload":%q,"protected":%q,"signature":%q,"header":{"kb_jwt":"x"}}`, parts[1], parts[0], parts[2]), nil, sdjwt.ErrMalformed},
		{"json kb in second", fmt.Sprintf(`{"payload":%q,"signatures":[{"protected":%q,"signature":%q},{"protected":%q,"signature":%q,"header":{"kb_jwt":"a.b.c"}}]}`, parts[1], parts[0], parts[2], parts[0], parts[2]), nil, sdjwt.ErrMalformed},
		{"json too many sigs", fmt.Sprintf(`{"payload":%q,"signatures":[{"protected":%q,"signature":%q},{"protected":%q,"signature":%q}]}`, parts[1], parts[0], parts[2], parts[0], parts[2]), &sdjwt.Limits{MaxSignatures: 1}, sdjwt.ErrTooLarge},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := sdjwt.Parse(tc.tok, tc.lim); !errors.Is(err, tc.wantErr) {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
		})
	}
	if tok, err := sdjwt.Parse(many, nil); err != nil || len(tok.Disclosures) != 5 || tok.SDAlg() != "sha-256" {
		t.Fatalf("Parse(many) = %v", err)
	}
}

func TestDecodeUnverifiedAndLogging(t *testing.T) {
	k := newP256(t)
	tok, err := sdjwt.Issue(k, sampleClaims(), samplePaths, nil)
	if err != nil {
		t.Fatal(err)
	}
	cred, err := sdjwt.DecodeUnverified(tok, nil)
	if err != nil {
		t.Fatal(err)
	}
	if cred.Verified || cred.Claims["given_name"] != "Asha" || len(cred.Disclosures) != 5 {
		t.Fatalf("DecodeUnverified = %+v", cred)
	}
	if _, err := sdjwt.NewResident(cred); !errors.Is(err, sdjwt.ErrOptions) {
		t.Fatalf("NewResident(unverified) err = %v", err)
	}
	var buf strings.Builder
	slog.New(slog.NewTextHandler(&buf, logtest.NoTime())).Info("x", "cred", cred)
	out := buf.String() + cred.String()
	if strings.Contains(out, "Asha") || strings.Contains(out, "411001") || !strings.Contains(out, "verified=false") {
		t.Fatalf("log output leaks or lacks summary: %s", out)
	}
	// Structural errors are still reported.
	if _, err := sdjwt.DecodeUnverified(tok+"WyJhIiwiYiIsImMiXQ~", nil); !errors.Is(err, sdjwt.ErrUnreferencedDisclosure) {
		t.Fatalf("err = %v", err)
	}
}
