package sdjwt_test

import (
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/kyckit/kyckit/internal/testvectors"
	"github.com/kyckit/kyckit/sdjwt"
)

type rfcVector struct {
	Contents     []any             `json:"contents"`
	Disclosure   string            `json:"disclosure"`
	Equivalent   []string          `json:"equivalent_encodings_same_value"`
	Digest       string            `json:"sha256_digest"`
	EmbeddedAs   map[string]string `json:"embedded_as"`
	IssuerKey    map[string]any    `json:"issuer_public_key"`
	IssuerKey1   map[string]any    `json:"issuer_public_key_issuer-key-1"`
	Key2Note     string            `json:"issuer_public_key_issuer-key-2_note"`
	Issuance     string            `json:"sd_jwt_issuance"`
	KB           string            `json:"sd_jwt_kb_presentation"`
	Presentation string            `json:"sd_jwt_presentation"`
	KBPayload    map[string]any    `json:"kb_jwt_payload"`
	Aud          string            `json:"kb_expected_aud"`
	Nonce        string            `json:"kb_expected_nonce"`
	Processed    map[string]any    `json:"processed_payload"`
	FlatIss      json.RawMessage   `json:"flattened_issuance"`
	FlatKB       json.RawMessage   `json:"flattened_kb_presentation"`
	GeneralKB    json.RawMessage   `json:"general_kb_presentation"`
}

// rfcKBTime is the KB-JWT iat of every RFC 9901 example.
const rfcKBTime = 1748537243

func TestRFC9901TextVectors(t *testing.T) {
	var f struct {
		Vectors map[string]rfcVector `json:"vectors"`
	}
	if err := json.Unmarshal(testvectors.Read(t, "sdjwt", "rfc9901", "rfc9901-text-vectors.json"), &f); err != nil {
		t.Fatal(err)
	}
	v := f.Vectors
	total, passed := 0, 0
	run := func(name string, fn func(t *testing.T)) {
		total++
		if t.Run(name, fn) {
			passed++
		}
	}
	run("disclosure_object_property", func(t *testing.T) {
		d := v["disclosure_object_property"]
		got, err := sdjwt.HashDisclosure("sha-256", d.Disclosure)
		if err != nil || got != d.Digest {
			t.Fatalf("digest = %q, %v; want %q", got, err, d.Digest)
		}
		for i, enc := range append([]string{d.Disclosure}, d.Equivalent...) {
			tok, err := sdjwt.Parse(rfcJWTStub+"~"+enc+"~", nil)
			if err != nil {
				t.Fatalf("encoding %d: %v", i, err)
			}
			dd := tok.Disclosures[0]
			if dd.Salt != d.Contents[0] || dd.Name != d.Contents[1] || dd.Value != d.Contents[2] {
				t.Fatalf("encoding %d decodes to %q %q %v", i, dd.Salt, dd.Name, dd.Value)
			}
			if i > 0 && dd.Digest == d.Digest {
				t.Fatalf("encoding %d has the same digest as the original", i)
			}
		}
	})
	run("disclosure_array_element", func(t *testing.T) {
		d := v["disclosure_array_element"]
		got, _ := sdjwt.HashDisclosure("sha-256", d.Disclosure)
		if got != d.EmbeddedAs["..."] {
			t.Fatalf("digest = %q, want %q", got, d.EmbeddedAs["..."])
		}
	})
	kbOpts := func(aud, nonce string) *sdjwt.VerifyOptions {
		return &sdjwt.VerifyOptions{Now: fixedNow(rfcKBTime), RequireKeyBinding: true, Audience: aud, Nonce: nonce}
	}
	run("section5_main_example", func(t *testing.T) {
		d := v["section5_main_example"]
		keys := mustJWK(t, d.IssuerKey)
		if _, err := sdjwt.Verify(d.Issuance, keys, &sdjwt.VerifyOptions{Now: fixedNow(rfcKBTime)}); err != nil {
			t.Fatalf("issuance: %v", err)
		}
		cred, err := sdjwt.Verify(d.KB, keys, kbOpts(d.Aud, d.Nonce))
		if err != nil {
			t.Fatalf("presentation: %v", err)
		}
		if !jsonEqual(t, cred.Claims, d.Processed) {
			t.Fatalf("processed payload mismatch:\n got %v\nwant %v", cred.Claims, d.Processed)
		}
		if cred.KeyBinding == nil || cred.KeyBinding.Nonce != d.Nonce {
			t.Fatal("key binding not reported")
		}
		// Wrong nonce must fail.
		if _, err := sdjwt.Verify(d.KB, keys, kbOpts(d.Aud, "other")); !errors.Is(err, sdjwt.ErrKeyBinding) {
			t.Fatalf("wrong nonce: err = %v", err)
		}
	})
	run("section8_json_serialization", func(t *testing.T) {
		d := v["section8_json_serialization"]
		m := regexp.MustCompile(`x=(\S+) y=(\S+)`).FindStringSubmatch(d.Key2Note)
		if m == nil {
			t.Fatal("issuer-key-2 not found in note")
		}
		k1 := d.IssuerKey1
		k1["kid"] = "issuer-key-1"
		set, _ := json.Marshal(map[string]any{"keys": []any{k1,
			map[string]any{"kty": "EC", "crv": "P-256", "x": m[1], "y": m[2], "kid": "issuer-key-2"}}})
		jwks, err := sdjwt.ParseJWKSet(set)
		if err != nil {
			t.Fatal(err)
		}
		single := mustJWK(t, d.IssuerKey1)
		if _, err := sdjwt.Verify(string(d.FlatIss), single, &sdjwt.VerifyOptions{Now: fixedNow(rfcKBTime)}); err != nil {
			t.Fatalf("flattened issuance: %v", err)
		}
		cred, err := sdjwt.Verify(string(d.FlatKB), single, kbOpts(d.Aud, d.Nonce))
		if err != nil {
			t.Fatalf("flattened KB: %v", err)
		}
		if cred.Serialization != sdjwt.JSONFlattened {
			t.Fatalf("serialization = %v", cred.Serialization)
		}
		cred, err = sdjwt.Verify(string(d.GeneralKB), jwks, kbOpts(d.Aud, d.Nonce))
		if err != nil {
			t.Fatalf("general KB: %v", err)
		}
		if cred.Serialization != sdjwt.JSONGeneral || cred.Claims["given_name"] != "John" {
			t.Fatalf("general: %v %v", cred.Serialization, cred.Claims)
		}
		// Every signature must verify: with key 1 only, the second fails.
		if _, err := sdjwt.Verify(string(d.GeneralKB), single, kbOpts(d.Aud, d.Nonce)); !errors.Is(err, sdjwt.ErrSignature) {
			t.Fatalf("general with one key: err = %v", err)
		}
	})
	for _, name := range []string{"appendixA1_simple_structured_with_decoys", "appendixA2_complex_structured", "appendixA3_sd_jwt_vc_pid", "appendixA4_w3c_vcdm"} {
		run(name, func(t *testing.T) {
			d := v[name]
			keys := mustJWK(t, d.IssuerKey)
			tok, o := d.Presentation, &sdjwt.VerifyOptions{Now: fixedNow(rfcKBTime)}
			if d.KB != "" {
				tok, o = d.KB, kbOpts(d.Aud, d.Nonce)
				if _, err := sdjwt.Verify(d.Issuance, keys, &sdjwt.VerifyOptions{Now: fixedNow(rfcKBTime)}); err != nil {
					t.Fatalf("issuance: %v", err)
				}
			}
			if name == "appendixA3_sd_jwt_vc_pid" {
				o.VC = &sdjwt.VCOptions{Types: []string{"urn:eudi:pid:de:1"}}
			}
			cred, err := sdjwt.Verify(tok, keys, o)
			if err != nil {
				t.Fatalf("Verify: %v", err)
			}
			if !jsonEqual(t, cred.Claims, d.Processed) {
				t.Fatalf("processed payload mismatch:\n got %v\nwant %v", cred.Claims, d.Processed)
			}
			// Flip a byte of the first disclosure: must be rejected.
			i := strings.IndexByte(tok, '~') + 3
			c := byte('A')
			if tok[i] == 'A' {
				c = 'B'
			}
			if _, err := sdjwt.Verify(tok[:i]+string(c)+tok[i+1:], keys, o); err == nil {
				t.Fatal("tampered disclosure accepted")
			}
		})
	}
	t.Logf("RFC 9901 text vectors: %d/%d passed", passed, total)
}

// rfcJWTStub is a syntactically valid, unsigned-looking JWT used only to
// feed disclosures to Parse.
const rfcJWTStub = "eyJhbGciOiJFUzI1NiJ9.eyJfc2QiOltdfQ.c2ln"
