package sdjwt_test

// Every sentence of README.md and SECURITY.md that says what sdjwt does is
// listed here with a check that fails when the sentence stops being true
// (issue 17: the README said the UIDAI profile accepted "SHA-256"; it did
// not). A claim whose text is edited away fails too, so the list and the
// documents move together.

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/kyckit/kyckit/sdjwt"

	"github.com/kyckit/kyckit/internal/logtest"
)

type docClaim struct {
	file, text string // text must appear in file (newlines folded to spaces)
	check      func(t *testing.T)
}

func readDoc(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("../" + name)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(strings.Fields(string(b)), " ")
}

// hsToken is a token whose header says HS256 and whose "signature" is an
// HMAC with the issuer's public key bytes: the classic confusion.
func hsToken(t *testing.T, alg string) string {
	t.Helper()
	hdr := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"` + alg + `"}`))
	pl := base64.RawURLEncoding.EncodeToString([]byte(`{"iss":"https://issuer.example","iat":1750000000}`))
	return hdr + "." + pl + ".c2ln~"
}

func wantErr(t *testing.T, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Fatalf("err = %v, want %v", err, want)
	}
}

func TestDocClaims(t *testing.T) {
	k, holder := newP256(t), newP256(t)
	keys := sdjwt.PublicKey(k.Public())
	now := fixedNow(auditNow)
	issue := func(c map[string]any, paths []sdjwt.Path, o *sdjwt.IssueOptions) string {
		t.Helper()
		tok, err := sdjwt.Issue(k, c, paths, o)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	claims := []docClaim{
		{"README.md", "size caps (2 MiB token, 1000 disclosures, depth 32, 8 JSON signatures, 10 `x5c` certificates)", func(t *testing.T) {
			if sdjwt.DefaultMaxTokenBytes != 2<<20 || sdjwt.DefaultMaxDisclosures != 1000 || sdjwt.DefaultMaxDepth != 32 || sdjwt.DefaultMaxSignatures != 8 || sdjwt.MaxX5C != 10 {
				t.Fatal("default caps differ from the README")
			}
			_, err := sdjwt.Parse(strings.Repeat("a", 2<<20+1), nil)
			wantErr(t, err, sdjwt.ErrTooLarge)
			tok := issue(sampleClaims(), nil, nil)
			_, err = sdjwt.Parse(tok+strings.Repeat("WyJzIiwibiIsInYiXQ~", 1001), nil)
			wantErr(t, err, sdjwt.ErrTooLarge)
		}},
		{"README.md", "duplicate member names rejected, in the JWS JSON envelope too", func(t *testing.T) {
			tok := signRaw(t, k, map[string]any{"alg": "ES256"}, map[string]any{"iss": "x"})
			parts := strings.Split(tok, ".")
			dup := base64.RawURLEncoding.EncodeToString([]byte(`{"iss":"a","iss":"b"}`))
			_, err := sdjwt.Parse(parts[0]+"."+dup+"."+parts[2]+"~", nil)
			wantErr(t, err, sdjwt.ErrMalformed)
			_, err = sdjwt.Parse(`{"payload":"`+parts[1]+`","payload":"`+parts[1]+`","protected":"`+parts[0]+`","signature":"`+parts[2]+`"}`, nil)
			wantErr(t, err, sdjwt.ErrMalformed)
		}},
		{"README.md", "never `none` or HMAC", func(t *testing.T) {
			for _, alg := range []string{"none", "HS256", "HS512"} {
				_, err := sdjwt.Verify(hsToken(t, alg), keys, &sdjwt.VerifyOptions{Now: now, Algorithms: []string{alg}})
				wantErr(t, err, sdjwt.ErrAlgorithm)
			}
		}},
		{"README.md", "`crit` refused; an unprotected JWS JSON header may not repeat a protected name or carry `crit`", func(t *testing.T) {
			tok := signRaw(t, k, map[string]any{"alg": "ES256", "crit": []string{"exp"}, "exp": 1}, map[string]any{"iss": "x"}) + "~"
			_, err := sdjwt.Verify(tok, keys, &sdjwt.VerifyOptions{Now: now})
			wantErr(t, err, sdjwt.ErrMalformed)
			p := strings.Split(strings.TrimSuffix(issue(sampleClaims(), nil, nil), "~"), ".")
			for _, h := range []string{`"alg":"ES256"`, `"crit":["x"]`} {
				_, err := sdjwt.Parse(`{"payload":"`+p[1]+`","protected":"`+p[0]+`","signature":"`+p[2]+`","header":{`+h+`}}`, nil)
				wantErr(t, err, sdjwt.ErrMalformed)
			}
		}},
		{"README.md", "a plaintext `iss` that is a string", func(t *testing.T) {
			c := sampleClaims()
			c["iss"] = 7
			_, err := sdjwt.Verify(issue(c, nil, nil), keys, &sdjwt.VerifyOptions{Now: now})
			wantErr(t, err, sdjwt.ErrMalformed)
		}},
		{"README.md", "`iss` only in plaintext (a disclosed `iss` is rejected)", func(t *testing.T) {
			_, err := sdjwt.Verify(issue(sampleClaims(), []sdjwt.Path{{"iss"}}, nil), keys, &sdjwt.VerifyOptions{Now: now})
			wantErr(t, err, sdjwt.ErrSelectivelyDisclosed)
		}},
		{"README.md", "`exp`/`nbf`/`iat` on the processed payload with 60 s of clock skew by default (errors show the times)", func(t *testing.T) {
			c := sampleClaims()
			c["exp"] = auditNow - 61
			_, err := sdjwt.Verify(issue(c, []sdjwt.Path{{"exp"}}, nil), keys, &sdjwt.VerifyOptions{Now: now})
			wantErr(t, err, sdjwt.ErrExpired)
			if !strings.Contains(err.Error(), "2025-06-15T15:07:19Z") || !strings.Contains(err.Error(), "2025-06-15T15:08:20Z") {
				t.Fatalf("times missing: %v", err)
			}
			c["exp"] = auditNow - 59
			if _, err := sdjwt.Verify(issue(c, []sdjwt.Path{{"exp"}}, nil), keys, &sdjwt.VerifyOptions{Now: now}); err != nil || sdjwt.DefaultClockSkew != time.Minute {
				t.Fatalf("within 60 s: %v", err)
			}
		}},
		{"README.md", "an issuer `aud`, plaintext or disclosed, must name `VerifyOptions.Audience`", func(t *testing.T) {
			c := sampleClaims()
			c["aud"] = "https://other.example"
			for _, paths := range [][]sdjwt.Path{nil, {{"aud"}}} {
				_, err := sdjwt.Verify(issue(c, paths, nil), keys, &sdjwt.VerifyOptions{Now: now, Audience: "https://me.example"})
				wantErr(t, err, sdjwt.ErrAudience)
			}
		}},
		{"README.md", "SD-JWT VC `typ`/`vct` and never-disclosable claims, their sub-claims included, as options", func(t *testing.T) {
			c := sampleClaims()
			c["vct"] = "urn:x"
			c["status"] = map[string]any{"status_list": map[string]any{"idx": 1, "uri": "https://s.example"}}
			tok := issue(c, []sdjwt.Path{{"status", "status_list", "idx"}}, nil)
			_, err := sdjwt.Verify(tok, keys, &sdjwt.VerifyOptions{Now: now, VC: &sdjwt.VCOptions{}})
			wantErr(t, err, sdjwt.ErrSelectivelyDisclosed)
			if _, err := sdjwt.Verify(tok, keys, &sdjwt.VerifyOptions{Now: now}); err != nil {
				t.Fatalf("without the VC option: %v", err)
			}
		}},
		{"README.md", "a KB-JWT that policy does not require is checked only when `Audience` and `Nonce` are set, else flagged `KeyBindingUnchecked`, never reported as binding", func(t *testing.T) {
			issued := issue(sampleClaims(), nil, &sdjwt.IssueOptions{HolderKey: holder.Public()})
			pres := issued + kbJWT(t, holder, issued, map[string]any{"iat": auditNow, "aud": "https://a.example", "nonce": "n"})
			cred, err := sdjwt.Verify(pres, keys, &sdjwt.VerifyOptions{Now: now})
			if err != nil || cred.KeyBinding != nil || !cred.KeyBindingUnchecked {
				t.Fatalf("not required, no aud/nonce: err %v", err)
			}
			_, err = sdjwt.Verify(pres, keys, &sdjwt.VerifyOptions{Now: now, Audience: "https://a.example", Nonce: "other"})
			wantErr(t, err, sdjwt.ErrKeyBinding)
		}},
		{"README.md", "Leniencies, all off by default: `AllowUppercaseHashName` (`_sd_alg` written `SHA-256`), `VCOptions.AllowLegacyTyp` (`vc+sd-jwt`) and `VCOptions.SkipVCT`", func(t *testing.T) {
			upper := strings.TrimSpace(string(readFixture(t, "uidai-sha256-upper.txt")))
			set, _ := sdjwt.ParseJWKSet(readFixture(t, "issuer.jwks.json"))
			at := fixedNow(fixtureIat + 60)
			_, err := sdjwt.Verify(upper, set, &sdjwt.VerifyOptions{Now: at})
			wantErr(t, err, sdjwt.ErrHashAlgorithm)
			_, err = sdjwt.Verify(upper, set, &sdjwt.VerifyOptions{Now: at, VC: &sdjwt.VCOptions{}}) // typ vc+sd-jwt, no vct
			if !errors.Is(err, sdjwt.ErrHashAlgorithm) && !errors.Is(err, sdjwt.ErrType) {
				t.Fatalf("err = %v", err)
			}
			_, err = sdjwt.Verify(upper, set, &sdjwt.VerifyOptions{Now: at, AllowUppercaseHashName: true, VC: &sdjwt.VCOptions{}})
			wantErr(t, err, sdjwt.ErrType)
			_, err = sdjwt.Verify(upper, set, &sdjwt.VerifyOptions{Now: at, AllowUppercaseHashName: true, VC: &sdjwt.VCOptions{AllowLegacyTyp: true}})
			wantErr(t, err, sdjwt.ErrMissingClaim) // vct
			if _, err := sdjwt.Verify(upper, set, &sdjwt.VerifyOptions{Now: at, AllowUppercaseHashName: true, VC: &sdjwt.VCOptions{AllowLegacyTyp: true, SkipVCT: true}}); err != nil {
				t.Fatal(err)
			}
		}},
		{"README.md", "The UIDAI profile is the format as UIDAI publishes it: it turns the first three on (`StrictHashName` refuses `SHA-256`) and requires no KB-JWT, since UIDAI's app sends none (`RequireKeyBinding` asks for one)", func(t *testing.T) {
			set, _ := sdjwt.ParseJWKSet(readFixture(t, "issuer.jwks.json"))
			upper := strings.TrimSpace(string(readFixture(t, "uidai-sha256-upper.txt")))
			at := fixedNow(fixtureIat + 60)
			r, err := sdjwt.VerifyUIDAI(t.Context(), upper, set, &sdjwt.UIDAIOptions{Now: at})
			if err != nil || r.Credential.KeyBinding != nil {
				t.Fatalf("default profile: %v", err)
			}
			_, err = sdjwt.VerifyUIDAI(t.Context(), upper, set, &sdjwt.UIDAIOptions{Now: at, StrictHashName: true})
			wantErr(t, err, sdjwt.ErrHashAlgorithm)
			_, err = sdjwt.VerifyUIDAI(t.Context(), upper, set, &sdjwt.UIDAIOptions{Now: at, RequireKeyBinding: true, Audience: "a", Nonce: "n"})
			wantErr(t, err, sdjwt.ErrKeyBindingMissing)
			vo := (*sdjwt.UIDAIOptions)(nil).VerifyOptions()
			if !vo.AllowUppercaseHashName || !vo.VC.AllowLegacyTyp || !vo.VC.SkipVCT || vo.RequireKeyBinding {
				t.Fatalf("profile options: %+v", vo)
			}
		}},
		{"README.md", "`DecodeUnverified` and `kyckit sdjwt decode` check nothing and say so", func(t *testing.T) {
			tok := issue(sampleClaims(), samplePaths, nil)
			bad := tok[:strings.IndexByte(tok, '~')-3] + "AAA" + tok[strings.IndexByte(tok, '~'):] // signature broken
			cred, err := sdjwt.DecodeUnverified(bad, nil)
			if err != nil || cred.Verified || !strings.Contains(cred.String(), "verified=false") {
				t.Fatalf("DecodeUnverified: %v", err)
			}
		}},
		{"README.md", "to the OVSE fields (`name`, `dob` as YYYY-MM-DD beside `dob_issued`, `gender`, `mobile`, `full_address`, `user_photo`, `result`)", func(t *testing.T) {
			r, err := sdjwt.NewResident(&sdjwt.Credential{Verified: true, Claims: map[string]any{"dob": "15-01-1990", "name": "A"}})
			if err != nil {
				t.Fatal(err)
			}
			var got map[string]any
			_ = json.Unmarshal(must(json.Marshal(r)), &got)
			for _, k := range []string{"name", "dob", "dob_issued", "gender", "mobile", "full_address", "user_photo", "result"} {
				if _, ok := got[k]; !ok {
					t.Errorf("JSON has no %q: %v", k, got)
				}
			}
			if len(got) != 8 || got["dob"] != "1990-01-15" || got["dob_issued"] != "15-01-1990" {
				t.Fatalf("JSON = %v", got)
			}
		}},
		{"SECURITY.md", "`NewResident` refuses unverified credentials", func(t *testing.T) {
			cred, err := sdjwt.DecodeUnverified(issue(sampleClaims(), nil, nil), nil)
			if err != nil {
				t.Fatal(err)
			}
			_, err = sdjwt.NewResident(cred)
			wantErr(t, err, sdjwt.ErrOptions)
		}},
		{"SECURITY.md", "may not have selectively disclosable parts, disclosed or withheld (`status.status_list.idx`, `cnf.jwk`)", func(t *testing.T) {
			hj := map[string]any{}
			_ = json.Unmarshal(must(sdjwt.JWK(holder.Public(), "")), &hj)
			c := sampleClaims()
			c["vct"] = "urn:x"
			c["cnf"] = map[string]any{"jwk": hj}
			tok := issue(c, []sdjwt.Path{{"cnf", "jwk"}}, nil)
			withheld := tok[:strings.IndexByte(tok, '~')+1]
			for _, tk := range []string{tok, withheld} {
				_, err := sdjwt.Verify(tk, keys, &sdjwt.VerifyOptions{Now: now, VC: &sdjwt.VCOptions{}})
				wantErr(t, err, sdjwt.ErrSelectivelyDisclosed)
			}
		}},
		{"SECURITY.md", "`none` and HMAC never accepted (the CLI refuses them at flag parsing); key type and curve must match `alg` exactly", func(t *testing.T) {
			_, err := sdjwt.Verify(hsToken(t, "HS256"), keys, &sdjwt.VerifyOptions{Now: now, Algorithms: []string{"HS256", "ES256"}})
			wantErr(t, err, sdjwt.ErrAlgorithm)
			tok := issue(sampleClaims(), nil, nil)
			p384 := sdjwt.PublicKey(newP384(t).Public())
			_, err = sdjwt.Verify(tok, p384, &sdjwt.VerifyOptions{Now: now})
			wantErr(t, err, sdjwt.ErrAlgorithm)
		}},
		{"SECURITY.md", "`iat` within 5 minutes, and the KB-JWT's own `exp`/`nbf`", func(t *testing.T) {
			issued := issue(sampleClaims(), nil, &sdjwt.IssueOptions{HolderKey: holder.Public()})
			o := &sdjwt.VerifyOptions{Now: now, RequireKeyBinding: true, Audience: "a", Nonce: "n"}
			for _, c := range []map[string]any{
				{"iat": auditNow - 5*60 - 61, "aud": "a", "nonce": "n"},
				{"iat": auditNow, "exp": auditNow - 61, "aud": "a", "nonce": "n"},
				{"iat": auditNow, "nbf": auditNow + 61, "aud": "a", "nonce": "n"},
			} {
				_, err := sdjwt.Verify(issued+kbJWT(t, holder, issued, c), keys, o)
				wantErr(t, err, sdjwt.ErrKeyBinding)
			}
			if _, err := sdjwt.Verify(issued+kbJWT(t, holder, issued, map[string]any{"iat": auditNow - 5*60, "aud": "a", "nonce": "n"}), keys, o); err != nil || sdjwt.DefaultKeyBindingMaxAge != 5*time.Minute {
				t.Fatalf("5 minutes old: %v", err)
			}
		}},
		{"SECURITY.md", "a token with `aud` is refused when no `Audience` is set (`ErrAudience`)", func(t *testing.T) {
			c := sampleClaims()
			c["aud"] = "https://me.example"
			_, err := sdjwt.Verify(issue(c, nil, nil), keys, &sdjwt.VerifyOptions{Now: now})
			wantErr(t, err, sdjwt.ErrAudience)
		}},
		{"SECURITY.md", "with 60 s of clock skew by default (0 allowed)", func(t *testing.T) {
			c := sampleClaims()
			c["exp"] = auditNow - 1
			tok := issue(c, nil, nil)
			if _, err := sdjwt.Verify(tok, keys, &sdjwt.VerifyOptions{Now: now}); err != nil {
				t.Fatal(err)
			}
			_, err := sdjwt.Verify(tok, keys, &sdjwt.VerifyOptions{Now: now, ClockSkew: -1})
			wantErr(t, err, sdjwt.ErrExpired)
		}},
		{"SECURITY.md", "JWS JSON: no duplicate members, protected and unprotected header names disjoint, `crit`/`b64` only protected", func(t *testing.T) {
			p := strings.Split(strings.TrimSuffix(issue(sampleClaims(), nil, &sdjwt.IssueOptions{KeyID: "k"}), "~"), ".")
			for _, h := range []string{`"kid":"k"`, `"b64":false`, `"crit":[]`, `"x":1,"x":2`} {
				_, err := sdjwt.Parse(`{"payload":"`+p[1]+`","protected":"`+p[0]+`","signature":"`+p[2]+`","header":{`+h+`}}`, nil)
				wantErr(t, err, sdjwt.ErrMalformed)
			}
		}},
		{"SECURITY.md", "HTTPS only; public addresses only, checked at the dial (after DNS) and on every redirect, internal host names refused, unless `AllowPrivateNetworks`; ≤ 3 https redirects, 256 KiB and 10 s limits", func(t *testing.T) {
			if sdjwt.DefaultFetchMaxBytes != 256<<10 || sdjwt.DefaultFetchTimeout != 10*time.Second {
				t.Fatal("fetch limits differ from SECURITY.md")
			}
			for _, u := range []string{"http://issuer.example/", "https://127.0.0.1/", "https://localhost/"} {
				_, err := (&sdjwt.HTTPFetcher{}).Fetch(t.Context(), u)
				wantErr(t, err, sdjwt.ErrMetadata)
			}
			// The dial, redirect and size checks run against a live server
			// in TestHTTPFetcherSSRF, TestHTTPFetcherRedirectToInternalName
			// and TestIssuerMetadata (redirect loop, 1 MiB body).
		}},
		{"SECURITY.md", "`IssuerKeys` selects keys by the plaintext `iss`", func(t *testing.T) {
			set, _ := sdjwt.ParseJWKSet([]byte(`{"keys":[` + string(must(sdjwt.JWK(k.Public(), "k1"))) + `]}`))
			c := sampleClaims()
			c["iss"] = "https://b.example"
			_, err := sdjwt.Verify(issue(c, nil, &sdjwt.IssueOptions{KeyID: "k1"}), sdjwt.IssuerKeys{"https://a.example": set}, &sdjwt.VerifyOptions{Now: now})
			wantErr(t, err, sdjwt.ErrKeyNotFound)
		}},
		{"SECURITY.md", "`MaxX5C` = 10 (`ErrTooLarge`)", func(t *testing.T) {
			x := make([]any, 11)
			for i := range x {
				x[i] = "AA=="
			}
			tok := signRaw(t, k, map[string]any{"alg": "ES256", "x5c": x}, map[string]any{"iss": "x"}) + "~"
			_, err := sdjwt.Parse(tok, nil)
			wantErr(t, err, sdjwt.ErrTooLarge)
		}},
		{"SECURITY.md", "`Credential`, `Token`, `Disclosure`, `KeyBinding`, `Resident`, `Callback` print, log and `MarshalText` as summaries, as pointers and as dereferenced values", func(t *testing.T) {
			// TestTypesMaskUnderEveryVerb checks every verb and both slog
			// handlers; here one value of each, to tie the sentence.
			for _, v := range []any{sdjwt.Credential{Claims: map[string]any{"n": "SECRET"}}, sdjwt.Token{Payload: map[string]any{"n": "SECRET"}},
				sdjwt.Disclosure{Salt: "SECRET", Value: "SECRET"},
				sdjwt.Resident{Name: "SECRET"}, sdjwt.Callback{Response: "SECRET"}, sdjwt.KeyBinding{Nonce: "SECRET"}} {
				if s := sprintAll(v); strings.Contains(s, "SECRET") {
					t.Fatalf("%T leaks: %s", v, s)
				}
				if b, err := v.(encoding.TextMarshaler).MarshalText(); err != nil || strings.Contains(string(b), "SECRET") {
					t.Fatalf("%T MarshalText: %s %v", v, b, err)
				}
			}
		}},
		{"SECURITY.md", `a nil pointer logs null, not a "LogValue panicked" stack`, func(t *testing.T) {
			var b strings.Builder
			slog.New(slog.NewJSONHandler(&b, logtest.NoTime())).Info("x", "c", (*sdjwt.Credential)(nil), "r", (*sdjwt.Resident)(nil))
			if !strings.Contains(b.String(), `"c":null,"r":null`) {
				t.Fatalf("logged %s", b.String())
			}
		}},
	}
	docs := map[string]string{"README.md": readDoc(t, "README.md"), "SECURITY.md": readDoc(t, "SECURITY.md")}
	for _, c := range claims {
		name := c.file + ": " + c.text
		if len(name) > 90 {
			name = name[:90]
		}
		t.Run(name, func(t *testing.T) {
			if !strings.Contains(docs[c.file], c.text) {
				t.Fatalf("%s no longer says %q: update this list with the text", c.file, c.text)
			}
			c.check(t)
		})
	}
}

func newP384(t *testing.T) *ecdsa.PrivateKey {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// sprintAll prints v with the usual verbs and logs it with slog's JSON
// handler.
func sprintAll(v any) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%v %+v %#v %s", v, v, v, v)
	slog.New(slog.NewJSONHandler(&b, logtest.NoTime())).Info("x", "v", v)
	return b.String()
}
