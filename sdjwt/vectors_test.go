package sdjwt_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/kyckit/kyckit/internal/testvectors"
	"github.com/kyckit/kyckit/sdjwt"
)

// jsonEqual compares a processed payload with an expected one decoded
// from JSON; both sides go through json.Marshal/Unmarshal with UseNumber
// so numbers compare textually.
func jsonEqual(t *testing.T, got map[string]any, want any) bool {
	t.Helper()
	norm := func(v any) any {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		var out any
		dec := json.NewDecoder(strings.NewReader(string(b)))
		dec.UseNumber()
		if err := dec.Decode(&out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	return reflect.DeepEqual(norm(got), norm(want))
}

func mustJWK(t *testing.T, v any) sdjwt.KeyResolver {
	t.Helper()
	b, _ := json.Marshal(v)
	pub, err := sdjwt.ParseJWK(b)
	if err != nil {
		t.Fatalf("ParseJWK: %v", err)
	}
	return sdjwt.PublicKey(pub)
}

func fixedNow(unix int64) func() time.Time {
	return func() time.Time { return time.Unix(unix, 0) }
}

// crafted maps each reject case of crafted/rfc9901-edge-cases.json to the
// sentinel it must produce (the expected error class).
var craftedRejects = map[string]error{
	"err_unreferenced_disclosure":               sdjwt.ErrUnreferencedDisclosure,
	"err_duplicate_disclosure":                  sdjwt.ErrDuplicateDisclosure,
	"err_duplicate_digest_same_sd":              sdjwt.ErrDuplicateDigest,
	"err_duplicate_digest_two_levels":           sdjwt.ErrDuplicateDigest,
	"err_duplicate_digest_object_and_array":     sdjwt.ErrDuplicateDigest,
	"err_duplicate_digest_undisclosed":          sdjwt.ErrDuplicateDigest,
	"err_duplicate_digest_via_disclosure":       sdjwt.ErrDuplicateDigest,
	"err_claim_name_collision_plaintext":        sdjwt.ErrClaimCollision,
	"err_claim_name_collision_two_disclosures":  sdjwt.ErrClaimCollision,
	"err_claim_name_sd":                         sdjwt.ErrReservedClaimName,
	"err_claim_name_ellipsis":                   sdjwt.ErrReservedClaimName,
	"err_object_digest_two_element_disclosure":  sdjwt.ErrDisclosureType,
	"err_array_digest_three_element_disclosure": sdjwt.ErrDisclosureType,
	"err_disclosure_not_array":                  sdjwt.ErrMalformedDisclosure,
	"err_disclosure_four_elements":              sdjwt.ErrMalformedDisclosure,
	"err_disclosure_one_element":                sdjwt.ErrMalformedDisclosure,
	"err_disclosure_salt_not_string":            sdjwt.ErrMalformedDisclosure,
	"err_disclosure_name_not_string":            sdjwt.ErrMalformedDisclosure,
	"err_disclosure_not_json":                   sdjwt.ErrMalformedDisclosure,
	"err_disclosure_base64_padding":             sdjwt.ErrMalformedDisclosure,
	"err_disclosure_std_base64_alphabet":        sdjwt.ErrMalformedDisclosure,
	"err_sd_not_array":                          sdjwt.ErrMalformed,
	"err_sd_element_not_string":                 sdjwt.ErrMalformed,
	"err_sd_alg_unsupported":                    sdjwt.ErrHashAlgorithm,
	"err_sd_alg_wrong_case":                     sdjwt.ErrHashAlgorithm,
	"err_sd_alg_nested":                         sdjwt.ErrHashAlgorithm,
	"err_alg_none":                              sdjwt.ErrAlgorithm,
	"err_bad_issuer_signature":                  sdjwt.ErrSignature,
	"err_signed_by_other_key":                   sdjwt.ErrSignature,
	"err_missing_trailing_tilde":                sdjwt.ErrMalformed,
	"err_kb_required_but_absent":                sdjwt.ErrKeyBindingMissing,
	"err_kb_typ_wrong":                          sdjwt.ErrKeyBinding,
	"err_kb_typ_missing":                        sdjwt.ErrKeyBinding,
	"err_kb_sd_hash_wrong":                      sdjwt.ErrKeyBinding,
	"err_kb_disclosure_stripped":                sdjwt.ErrKeyBinding,
	"err_kb_sd_hash_missing":                    sdjwt.ErrKeyBinding,
	"err_kb_iat_missing":                        sdjwt.ErrKeyBinding,
	"err_kb_nonce_wrong":                        sdjwt.ErrKeyBinding,
	"err_kb_aud_wrong":                          sdjwt.ErrKeyBinding,
	"err_kb_aud_array":                          sdjwt.ErrKeyBinding,
	"err_kb_wrong_key":                          sdjwt.ErrSignature,
	"err_kb_iat_too_old":                        sdjwt.ErrKeyBinding,
	"err_kb_iat_future":                         sdjwt.ErrKeyBinding,
	"err_kb_alg_none":                           sdjwt.ErrAlgorithm,
	"err_expired":                               sdjwt.ErrExpired,
	"err_not_yet_valid":                         sdjwt.ErrNotYetValid,
	"err_exp_selectively_disclosed_expired":     sdjwt.ErrExpired,
	"err_array_digest_object_with_extra_key":    sdjwt.ErrUnreferencedDisclosure,
	"err_vc_typ_plain_jwt":                      sdjwt.ErrType,
	"err_vc_vct_selectively_disclosed":          sdjwt.ErrSelectivelyDisclosed,
	"err_json_general_disclosures_not_first":    sdjwt.ErrMalformed,
}

type craftedFile struct {
	Keys struct {
		Issuer map[string]any `json:"issuer_public_jwk"`
	} `json:"keys"`
	Cases []struct {
		Name    string `json:"name"`
		Expect  string `json:"expect"`
		Options struct {
			Profile     string  `json:"profile"`
			RequireKB   bool    `json:"require_kb"`
			Aud         *string `json:"kb_expected_aud"`
			Nonce       *string `json:"kb_expected_nonce"`
			VerifyAt    int64   `json:"verify_at"`
			ExpectedTyp *string `json:"expected_typ"`
		} `json:"options"`
		Input    string         `json:"input"`
		Expected map[string]any `json:"expected_processed_payload"`
	} `json:"cases"`
}

func TestCraftedVectors(t *testing.T) {
	var f craftedFile
	if err := json.Unmarshal(testvectors.Read(t, "sdjwt", "crafted", "rfc9901-edge-cases.json"), &f); err != nil {
		t.Fatal(err)
	}
	keys := mustJWK(t, f.Keys.Issuer)
	passed := 0
	for _, c := range f.Cases {
		ok := t.Run(c.Name, func(t *testing.T) {
			o := &sdjwt.VerifyOptions{
				Now:               fixedNow(c.Options.VerifyAt),
				RequireKeyBinding: c.Options.RequireKB,
			}
			if c.Options.Aud != nil {
				o.Audience = *c.Options.Aud
			}
			if c.Options.Nonce != nil {
				o.Nonce = *c.Options.Nonce
			}
			if c.Options.Profile == "sd-jwt-vc" {
				o.VC = &sdjwt.VCOptions{}
				if c.Options.ExpectedTyp != nil && *c.Options.ExpectedTyp == "vc+sd-jwt" {
					o.VC.AllowLegacyTyp = true
				}
			}
			cred, err := sdjwt.Verify(c.Input, keys, o)
			switch c.Expect {
			case "accept":
				if err != nil {
					t.Fatalf("Verify: %v", err)
				}
				if !cred.Verified {
					t.Fatal("Verified = false")
				}
				if c.Expected != nil && !jsonEqual(t, cred.Claims, c.Expected) {
					t.Fatalf("processed payload mismatch:\n got %v\nwant %v", cred.Claims, c.Expected)
				}
				if c.Name == "ok_large_integer_value" {
					if got := cred.Claims["account_no"]; got != json.Number("12345678901234567890") {
						t.Fatalf("account_no = %v, want exact 12345678901234567890", got)
					}
				}
			case "reject":
				want, known := craftedRejects[c.Name]
				if !known {
					t.Fatalf("no expected error class for %s", c.Name)
				}
				if err == nil {
					t.Fatalf("Verify accepted a must-reject token")
				}
				if !errors.Is(err, want) {
					t.Fatalf("err = %v, want errors.Is %v", err, want)
				}
				if cred != nil {
					t.Fatal("credential returned with error")
				}
			default:
				t.Fatalf("unknown expect %q", c.Expect)
			}
		})
		if ok {
			passed++
		}
	}
	t.Logf("crafted vectors: %d/%d passed", passed, len(f.Cases))
}

type generated struct {
	Context struct {
		IssuerKeys  []map[string]any `json:"issuer_public_keys"`
		KBRequired  bool             `json:"key_binding_required"`
		Aud         *string          `json:"kb_expected_aud"`
		Nonce       *string          `json:"kb_expected_nonce"`
		ExpectedIss string           `json:"expected_iss"`
	} `json:"context"`
	Serialization string          `json:"serialization"`
	Issuance      json.RawMessage `json:"sd_jwt_issuance"`
	Presentation  json.RawMessage `json:"sd_jwt_presentation"`
	KBPayload     map[string]any  `json:"kb_jwt_payload"`
	Verified      map[string]any  `json:"verified_contents"`
}

// tokenText returns a compact token (a JSON string) or a JSON
// serialization (an object) as the text to verify.
func tokenText(t *testing.T, raw json.RawMessage) string {
	t.Helper()
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(raw)
}

func TestGeneratedVectors(t *testing.T) {
	root := testvectors.Path(t, "sdjwt", "generated")
	files, err := filepath.Glob(filepath.Join(root, "*", "*", "expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	if len(files) != 35 {
		t.Fatalf("found %d generated bundles, want 35", len(files))
	}
	passed := 0
	for _, file := range files {
		name := filepath.Base(filepath.Dir(filepath.Dir(file))) + "/" + filepath.Base(filepath.Dir(file))
		ok := t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var g generated
			if err := json.Unmarshal(b, &g); err != nil {
				t.Fatal(err)
			}
			set := map[string]any{"keys": g.Context.IssuerKeys}
			sb, _ := json.Marshal(set)
			jwks, err := sdjwt.ParseJWKSet(sb)
			if err != nil {
				t.Fatal(err)
			}
			var keys sdjwt.KeyResolver = jwks
			if jwks.Len() == 1 {
				keys = mustJWK(t, g.Context.IssuerKeys[0])
			}
			// Fixed clock: the KB iat of the bundle (wall clock at
			// generation), else a time inside iat..exp of every payload.
			now := fixedNow(1800000000)
			if g.KBPayload != nil {
				iat, _ := g.KBPayload["iat"].(float64)
				now = fixedNow(int64(iat) + 1)
			}
			o := &sdjwt.VerifyOptions{Now: now, RequireKeyBinding: g.Context.KBRequired}
			if g.Context.Aud != nil {
				o.Audience = *g.Context.Aud
			}
			if g.Context.Nonce != nil {
				o.Nonce = *g.Context.Nonce
			}
			cred, err := sdjwt.Verify(tokenText(t, g.Presentation), keys, o)
			if err != nil {
				t.Fatalf("Verify presentation: %v", err)
			}
			if !jsonEqual(t, cred.Claims, g.Verified) {
				t.Fatalf("processed payload mismatch:\n got %v\nwant %v", cred.Claims, g.Verified)
			}
			// The issuance (all disclosures, no KB) verifies too when KB
			// is not required.
			o.RequireKeyBinding = false
			if _, err := sdjwt.Verify(tokenText(t, g.Issuance), keys, o); err != nil {
				t.Fatalf("Verify issuance: %v", err)
			}
			// Tamper: flip one character of the issuer JWT payload.
			p := tokenText(t, g.Presentation)
			if g.Serialization == "compact" {
				i := strings.IndexByte(p, '.') + 5
				c := byte('A')
				if p[i] == 'A' {
					c = 'B'
				}
				bad := p[:i] + string(c) + p[i+1:]
				if _, err := sdjwt.Verify(bad, keys, o); err == nil {
					t.Fatal("tampered presentation accepted")
				}
			}
		})
		if ok {
			passed++
		}
	}
	t.Logf("generated vectors: %d/%d passed", passed, len(files))
}
