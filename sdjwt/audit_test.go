package sdjwt_test

// Negative tests for the MUSTs an outside audit found unchecked (issue
// 19), one function per finding, each with the positive case beside it.

import (
	"crypto/ecdsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kyckit/kyckit/sdjwt"
)

const auditNow = 1750000100

// kbJWT signs a Key Binding JWT over presentation (which must end in "~")
// with the given claims; sd_hash is added unless claims has one.
func kbJWT(t *testing.T, holder *ecdsa.PrivateKey, presentation string, claims map[string]any) string {
	t.Helper()
	c := map[string]any{}
	for k, v := range claims {
		c[k] = v
	}
	if _, ok := c["sd_hash"]; !ok {
		h, err := sdjwt.HashDisclosure("sha-256", presentation)
		if err != nil {
			t.Fatal(err)
		}
		c["sd_hash"] = h
	}
	return signRaw(t, holder, map[string]any{"alg": "ES256", "typ": "kb+jwt"}, c)
}

// TestIssuerAudience: RFC 9901 §7.1 step 5 (validate the processed
// payload) with RFC 7519 §4.1.3: an issuer-signed "aud" that does not name
// this verifier is refused, plaintext or disclosed.
func TestIssuerAudience(t *testing.T) {
	k := newP256(t)
	keys := sdjwt.PublicKey(k.Public())
	issue := func(aud any, disclosed bool) string {
		t.Helper()
		c := sampleClaims()
		c["aud"] = aud
		var paths []sdjwt.Path
		if disclosed {
			paths = []sdjwt.Path{{"aud"}}
		}
		tok, err := sdjwt.Issue(k, c, paths, nil)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	const me = "https://verifier.example"
	for _, tc := range []struct {
		name      string
		aud       any
		disclosed bool
		audience  string
		wantErr   error
	}{
		{"plaintext, names us", me, false, me, nil},
		{"disclosed, names us", me, true, me, nil},
		{"array naming us", []any{"https://other.example", me}, false, me, nil},
		{"plaintext, other verifier", "https://other.example", false, me, sdjwt.ErrAudience},
		{"disclosed, other verifier", "https://other.example", true, me, sdjwt.ErrAudience},
		{"array without us", []any{"https://a.example", "https://b.example"}, true, me, sdjwt.ErrAudience},
		{"empty array", []any{}, false, me, sdjwt.ErrAudience},
		{"aud but no Audience set", me, false, "", sdjwt.ErrAudience},
		{"aud not a string", 42, false, me, sdjwt.ErrMalformed},
		{"aud array with a number", []any{me, 1}, false, me, sdjwt.ErrMalformed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cred, err := sdjwt.Verify(issue(tc.aud, tc.disclosed), keys, &sdjwt.VerifyOptions{Now: fixedNow(auditNow), Audience: tc.audience})
			if tc.wantErr == nil {
				if err != nil {
					t.Fatalf("err = %v", err)
				}
				return
			}
			if !errors.Is(err, tc.wantErr) || cred != nil {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			if strings.Contains(err.Error(), "other.example") {
				t.Fatalf("error echoes the token's aud: %v", err)
			}
		})
	}
	// No "aud" at all: nothing to check, with or without Audience.
	tok, _ := sdjwt.Issue(k, sampleClaims(), nil, nil)
	if _, err := sdjwt.Verify(tok, keys, &sdjwt.VerifyOptions{Now: fixedNow(auditNow), Audience: me}); err != nil {
		t.Fatalf("no aud: %v", err)
	}
}

// TestKeyBindingExpNbf: RFC 9901 §7.3 wants the KB-JWT valid in all other
// respects, so its own exp and nbf count.
func TestKeyBindingExpNbf(t *testing.T) {
	issuer, holder := newP256(t), newP256(t)
	issued, err := sdjwt.Issue(issuer, sampleClaims(), samplePaths, &sdjwt.IssueOptions{HolderKey: holder.Public()})
	if err != nil {
		t.Fatal(err)
	}
	base := func() map[string]any {
		return map[string]any{"iat": auditNow - 10, "aud": "https://v.example", "nonce": "n-1"}
	}
	o := &sdjwt.VerifyOptions{Now: fixedNow(auditNow), RequireKeyBinding: true, Audience: "https://v.example", Nonce: "n-1"}
	for _, tc := range []struct {
		name   string
		extra  map[string]any
		want   error
		detail string
	}{
		{"no exp or nbf", nil, nil, ""},
		{"exp in the future", map[string]any{"exp": auditNow + 300}, nil, ""},
		{"nbf in the past", map[string]any{"nbf": auditNow - 60}, nil, ""},
		{"exp within skew", map[string]any{"exp": auditNow - 30}, nil, ""},
		{"expired", map[string]any{"exp": auditNow - 120}, sdjwt.ErrExpired, `"exp" 2025-06-15T15:06:20Z is not after the verification time 2025-06-15T15:08:20Z`},
		{"not yet valid", map[string]any{"nbf": auditNow + 600}, sdjwt.ErrNotYetValid, `"nbf" 2025-06-15T15:18:20Z is after the verification time 2025-06-15T15:08:20Z`},
		{"exp not a number", map[string]any{"exp": "soon"}, sdjwt.ErrMalformed, `KB-JWT malformed token: "exp" is not a number`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := base()
			for k, v := range tc.extra {
				c[k] = v
			}
			pres := issued + kbJWT(t, holder, issued, c)
			cred, err := sdjwt.Verify(pres, sdjwt.PublicKey(issuer.Public()), o)
			if tc.want == nil {
				if err != nil || cred.KeyBinding == nil {
					t.Fatalf("err = %v", err)
				}
				return
			}
			if !errors.Is(err, sdjwt.ErrKeyBinding) || !errors.Is(err, tc.want) || cred != nil {
				t.Fatalf("err = %v, want ErrKeyBinding and %v", err, tc.want)
			}
			if !strings.Contains(err.Error(), tc.detail) || strings.Count(err.Error(), "sdjwt:") != 1 {
				t.Fatalf("message = %q, want it to contain %q once prefixed", err, tc.detail)
			}
		})
	}
}

// TestTimeErrorsShowTimes: exp/nbf/iat are not personal data; the message
// shows them and the verification time, so a wrong clock is visible.
func TestTimeErrorsShowTimes(t *testing.T) {
	k := newP256(t)
	c := sampleClaims()
	c["nbf"] = 1760000000
	tok, _ := sdjwt.Issue(k, c, nil, nil)
	_, err := sdjwt.Verify(tok, sdjwt.PublicKey(k.Public()), &sdjwt.VerifyOptions{Now: fixedNow(auditNow)})
	want := `sdjwt: credential not yet valid: "nbf" 2025-10-09T08:53:20Z is after the verification time 2025-06-15T15:08:20Z (clock skew 1m0s)`
	if !errors.Is(err, sdjwt.ErrNotYetValid) || err.Error() != want {
		t.Fatalf("err = %v\nwant %s", err, want)
	}
	_, err = sdjwt.Verify(tok, sdjwt.PublicKey(k.Public()), &sdjwt.VerifyOptions{Now: fixedNow(2060000000)})
	want = `sdjwt: credential expired: "exp" 2034-12-17T20:26:40Z is not after the verification time 2035-04-12T14:13:20Z (clock skew 1m0s)`
	if !errors.Is(err, sdjwt.ErrExpired) || err.Error() != want {
		t.Fatalf("err = %v\nwant %s", err, want)
	}
}

// TestVCNeverDisclosableSubClaims: SD-JWT VC claims that MUST NOT be
// selectively disclosed (aka_vcts included) may not have disclosable
// parts either, disclosed or withheld.
func TestVCNeverDisclosableSubClaims(t *testing.T) {
	issuer, holder := newP256(t), newP256(t)
	hj, _ := sdjwt.JWK(holder.Public(), "")
	var holderJWK map[string]any
	_ = json.Unmarshal(hj, &holderJWK)
	claims := func() map[string]any {
		c := sampleClaims()
		c["vct"] = "urn:example:kyc"
		c["cnf"] = map[string]any{"jwk": holderJWK}
		c["status"] = map[string]any{"status_list": map[string]any{"idx": 412, "uri": "https://status.example/1"}}
		c["aka_vcts"] = []any{"urn:example:id"}
		return c
	}
	o := &sdjwt.VerifyOptions{Now: fixedNow(auditNow), VC: &sdjwt.VCOptions{}}
	keys := sdjwt.PublicKey(issuer.Public())
	for _, tc := range []struct {
		name     string
		paths    []sdjwt.Path
		withhold bool // present without the disclosures
		want     error
	}{
		{"all plaintext", []sdjwt.Path{{"given_name"}}, false, nil},
		{"cnf.jwk disclosed", []sdjwt.Path{{"cnf", "jwk"}}, false, sdjwt.ErrSelectivelyDisclosed},
		{"status.status_list.idx disclosed", []sdjwt.Path{{"status", "status_list", "idx"}}, false, sdjwt.ErrSelectivelyDisclosed},
		{"status.status_list.idx withheld", []sdjwt.Path{{"status", "status_list", "idx"}}, true, sdjwt.ErrSelectivelyDisclosed},
		{"aka_vcts disclosed", []sdjwt.Path{{"aka_vcts"}}, false, sdjwt.ErrSelectivelyDisclosed},
		{"aka_vcts element disclosed", []sdjwt.Path{{"aka_vcts", "0"}}, false, sdjwt.ErrSelectivelyDisclosed},
		{"aka_vcts element withheld", []sdjwt.Path{{"aka_vcts", "0"}}, true, sdjwt.ErrSelectivelyDisclosed},
		{"vct#integrity disclosed", []sdjwt.Path{{"vct#integrity"}}, false, sdjwt.ErrSelectivelyDisclosed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := claims()
			c["vct#integrity"] = "sha256-WRL5ca/xGgX3c1VLmXfh+9cLlJNXN+TsMk+PmKjZ5t0="
			tok, err := sdjwt.Issue(issuer, c, tc.paths, nil)
			if err != nil {
				t.Fatal(err)
			}
			if tc.withhold {
				tok = tok[:strings.IndexByte(tok, '~')+1]
			}
			cred, err := sdjwt.Verify(tok, keys, o)
			if tc.want == nil {
				if err != nil {
					t.Fatalf("err = %v", err)
				}
				return
			}
			if !errors.Is(err, tc.want) || cred != nil {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			// Plain RFC 9901 verification (no VC profile) accepts them.
			if _, err := sdjwt.Verify(tok, keys, &sdjwt.VerifyOptions{Now: fixedNow(auditNow)}); err != nil {
				t.Fatalf("without VC: %v", err)
			}
		})
	}
	c := claims()
	c["aka_vcts"] = "urn:example:id"
	tok, _ := sdjwt.Issue(issuer, c, nil, nil)
	if _, err := sdjwt.Verify(tok, keys, o); !errors.Is(err, sdjwt.ErrMalformed) {
		t.Fatalf("aka_vcts not an array: err = %v", err)
	}
}

// TestNonStringIssAndCertificate: a non-string "iss" would skip the x5c
// issuer-name match (KeyQuery.Issuer is ""), so it is refused; the
// validated leaf certificate is exposed.
func TestNonStringIssAndCertificate(t *testing.T) {
	rootKey, leafKey := newP256(t), newP256(t)
	nb, na := time.Unix(1700000000, 0), time.Unix(1900000000, 0)
	rootT := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Test Root"}, NotBefore: nb, NotAfter: na,
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	root := makeCert(t, rootT, rootT, rootKey.Public(), rootKey)
	u, _ := url.Parse("https://issuer.example")
	leafT := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "issuer"}, NotBefore: nb, NotAfter: na,
		URIs: []*url.URL{u}, KeyUsage: x509.KeyUsageDigitalSignature}
	leaf := makeCert(t, leafT, root, leafKey.Public(), rootKey)
	pool := x509.NewCertPool()
	pool.AddCert(root)
	roots := &sdjwt.X5CRoots{Roots: pool}
	o := &sdjwt.VerifyOptions{Now: fixedNow(auditNow)}
	for _, iss := range []any{42, []any{"https://issuer.example"}, map[string]any{"u": "https://issuer.example"}, nil, true} {
		c := sampleClaims()
		c["iss"] = iss
		tok, err := sdjwt.Issue(leafKey, c, nil, &sdjwt.IssueOptions{X5C: [][]byte{leaf.Raw}})
		if err != nil {
			t.Fatal(err)
		}
		for _, keys := range []sdjwt.KeyResolver{roots, sdjwt.PublicKey(leafKey.Public())} {
			if _, err := sdjwt.Verify(tok, keys, o); !errors.Is(err, sdjwt.ErrMalformed) {
				t.Fatalf("iss %v with %T: err = %v, want ErrMalformed", iss, keys, err)
			}
		}
	}
	tok, _ := sdjwt.Issue(leafKey, sampleClaims(), nil, &sdjwt.IssueOptions{X5C: [][]byte{leaf.Raw}})
	cred, err := sdjwt.Verify(tok, roots, o)
	if err != nil {
		t.Fatal(err)
	}
	if !cred.Certificate.Equal(leaf) || len(cred.CertificateChain) != 2 || !cred.CertificateChain[1].Equal(root) {
		t.Fatalf("Certificate = %v, chain %d", cred.Certificate, len(cred.CertificateChain))
	}
	// Through IssuerKeys the chain is passed on; a bare key has none.
	cred, err = sdjwt.Verify(tok, sdjwt.IssuerKeys{"https://issuer.example": roots}, o)
	if err != nil || !cred.Certificate.Equal(leaf) {
		t.Fatalf("IssuerKeys: %v", err)
	}
	cred, err = sdjwt.Verify(tok, sdjwt.PublicKey(leafKey.Public()), o)
	if err != nil || cred.Certificate != nil || cred.CertificateChain != nil {
		t.Fatalf("PublicKey: err %v, certificate %v", err, cred.Certificate)
	}
}

// TestKeyBindingPresentNotRequired: a KB-JWT that policy does not require
// is either checked against the caller's aud and nonce or not reported as
// binding.
func TestKeyBindingPresentNotRequired(t *testing.T) {
	issuer, holder := newP256(t), newP256(t)
	issued, _ := sdjwt.Issue(issuer, sampleClaims(), samplePaths, &sdjwt.IssueOptions{HolderKey: holder.Public()})
	// Bound to another verifier and transaction, and expired long ago.
	pres := issued + kbJWT(t, holder, issued, map[string]any{"iat": 1000, "aud": "https://attacker.example", "nonce": "old"})
	keys := sdjwt.PublicKey(issuer.Public())

	cred, err := sdjwt.Verify(pres, keys, &sdjwt.VerifyOptions{Now: fixedNow(auditNow)})
	if err != nil {
		t.Fatal(err)
	}
	if cred.KeyBinding != nil || !cred.KeyBindingUnchecked {
		t.Fatalf("unchecked KB-JWT reported as binding: KeyBinding %v, unchecked %t", cred.KeyBinding, cred.KeyBindingUnchecked)
	}
	// Audience alone (for the issuer aud) is not enough to check it.
	if cred, err := sdjwt.Verify(pres, keys, &sdjwt.VerifyOptions{Now: fixedNow(auditNow), Audience: "https://v.example"}); err != nil || cred.KeyBinding != nil || !cred.KeyBindingUnchecked {
		t.Fatalf("Audience only: %v", err)
	}
	// With Audience and Nonce it is checked, required or not.
	for _, req := range []bool{false, true} {
		_, err := sdjwt.Verify(pres, keys, &sdjwt.VerifyOptions{Now: fixedNow(auditNow), RequireKeyBinding: req, Audience: "https://v.example", Nonce: "n-1"})
		if !errors.Is(err, sdjwt.ErrKeyBinding) {
			t.Fatalf("required=%t: err = %v, want ErrKeyBinding", req, err)
		}
	}
	good := issued + kbJWT(t, holder, issued, map[string]any{"iat": auditNow, "aud": "https://v.example", "nonce": "n-1"})
	cred, err = sdjwt.Verify(good, keys, &sdjwt.VerifyOptions{Now: fixedNow(auditNow), Audience: "https://v.example", Nonce: "n-1"})
	if err != nil || cred.KeyBinding == nil || cred.KeyBindingUnchecked || cred.KeyBinding.Nonce != "n-1" {
		t.Fatalf("checked: err %v, cred %v", err, cred)
	}
}

// TestJSONUnprotectedHeaders: RFC 7515 §7.2.1 (protected and unprotected
// names disjoint), §4.1.11 ("crit" integrity protected), and no duplicate
// members anywhere in the envelope.
func TestJSONUnprotectedHeaders(t *testing.T) {
	k := newP256(t)
	tok, err := sdjwt.Issue(k, sampleClaims(), samplePaths, &sdjwt.IssueOptions{KeyID: "k1"})
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(tok, "~")
	jwt := strings.Split(parts[0], ".")
	discs, _ := json.Marshal(parts[1 : len(parts)-1])
	prot, payload, sig := jwt[0], jwt[1], jwt[2]
	flat := func(header string) string {
		return fmt.Sprintf(`{"payload":%q,"protected":%q,"signature":%q,"header":{%s}}`, payload, prot, sig, header)
	}
	d := `"disclosures":` + string(discs)
	keys := sdjwt.PublicKey(k.Public())
	o := &sdjwt.VerifyOptions{Now: fixedNow(auditNow)}
	algHdr := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"ES256"}`))
	for _, tc := range []struct {
		name, token string
		want        error
	}{
		{"disclosures only", flat(d), nil},
		{"extra unprotected member", flat(d + `,"x-note":"hello"`), nil},
		{"kid in both", flat(d + `,"kid":"k1"`), sdjwt.ErrMalformed},
		{"alg unprotected too", flat(d + `,"alg":"ES256"`), sdjwt.ErrMalformed},
		{"typ unprotected too", flat(d + `,"typ":"sd-jwt"`), sdjwt.ErrMalformed},
		{"crit unprotected", flat(d + `,"crit":["x"]`), sdjwt.ErrMalformed},
		{"b64 unprotected", flat(d + `,"b64":false`), sdjwt.ErrMalformed},
		{"duplicate header member", flat(d + `,` + d), sdjwt.ErrMalformed},
		{"duplicate payload", fmt.Sprintf(`{"payload":%q,"payload":%q,"protected":%q,"signature":%q,"header":{%s}}`, payload, payload, prot, sig, d), sdjwt.ErrMalformed},
		{"duplicate signature member", fmt.Sprintf(`{"payload":%q,"protected":%q,"signature":%q,"signature":%q,"header":{%s}}`, payload, prot, sig, sig, d), sdjwt.ErrMalformed},
		{"general, duplicate in a signature", fmt.Sprintf(`{"payload":%q,"signatures":[{"protected":%q,"protected":%q,"signature":%q,"header":{%s}}]}`, payload, prot, algHdr, sig, d), sdjwt.ErrMalformed},
		{"general, crit in second unprotected", fmt.Sprintf(`{"payload":%q,"signatures":[{"protected":%q,"signature":%q,"header":{%s}},{"protected":%q,"signature":%q,"header":{"crit":["x"]}}]}`, payload, prot, sig, d, prot, sig), sdjwt.ErrMalformed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cred, err := sdjwt.Verify(tc.token, keys, o)
			if tc.want == nil {
				if err != nil || len(cred.Disclosures) != len(samplePaths) {
					t.Fatalf("err = %v", err)
				}
				return
			}
			if !errors.Is(err, tc.want) || cred != nil {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
		})
	}
}

// TestJWKSetSkipsUnsupportedKeys: RFC 7517 §5, one key this package
// cannot use does not lose the whole set.
func TestJWKSetSkipsUnsupportedKeys(t *testing.T) {
	k := newP256(t)
	good, _ := sdjwt.JWK(k.Public(), "sig-1")
	set, err := sdjwt.ParseJWKSet([]byte(`{"keys":[
		{"kty":"OKP","crv":"X25519","x":"hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo","kid":"x25519"},
		{"kty":"EC","crv":"P-256K","x":"AA","y":"AA","kid":"secp"},
		{"kty":"RSA","n":"AQAB","e":"AQAB","use":"enc","alg":"RSA-OAEP","kid":"enc"},
		{"kty":"EC","crv":"P-256","x":"bad","y":"bad","kid":"broken"},
		{"kty":"oct","k":"c2VjcmV0","kid":"hmac"},
		{"kty":"EC","kid":42},
		"not an object",
		` + string(good) + `]}`))
	if err != nil {
		t.Fatal(err)
	}
	if set.Len() != 1 || set.Skipped() != 7 {
		t.Fatalf("Len %d, Skipped %d; want 1 and 7", set.Len(), set.Skipped())
	}
	tok, _ := sdjwt.Issue(k, sampleClaims(), nil, &sdjwt.IssueOptions{KeyID: "sig-1"})
	if _, err := sdjwt.Verify(tok, set, &sdjwt.VerifyOptions{Now: fixedNow(auditNow)}); err != nil {
		t.Fatalf("verify with the usable key: %v", err)
	}
	// A private key in the set is still fatal: it signals a leak.
	if _, err := sdjwt.ParseJWKSet([]byte(`{"keys":[` + string(good) + `,{"kty":"EC","crv":"P-256","x":"b28d4MwZMjw8-00CG4xfnn9SLMVMM19SlqZpVb_uNtQ","y":"Xv5zWwuoaTgdS6hV43yI6gBwTnjukmFQQnJ_kCxzqk8","d":"Ur2bNKuBPOrAaxsRnbSH6hIhmNTxSGXshDSUD1a1y7g"}]}`)); !errors.Is(err, sdjwt.ErrKeyNotFound) {
		t.Fatalf("private JWK: err = %v", err)
	}
	if _, err := sdjwt.ParseJWKSet([]byte(`{"keys":{}}`)); !errors.Is(err, sdjwt.ErrKeyNotFound) {
		t.Fatalf("keys not an array: err = %v", err)
	}
}

// TestIssuerKeysTieKeysToIssuers: a key trusted for issuer A does not
// verify a token naming issuer B, whatever its kid; a bare JWKSet would.
func TestIssuerKeysTieKeysToIssuers(t *testing.T) {
	ka, kb := newP256(t), newP256(t)
	ja, _ := sdjwt.JWK(ka.Public(), "k1")
	jb, _ := sdjwt.JWK(kb.Public(), "k2")
	setA, _ := sdjwt.ParseJWKSet([]byte(`{"keys":[` + string(ja) + `]}`))
	setB, _ := sdjwt.ParseJWKSet([]byte(`{"keys":[` + string(jb) + `]}`))
	both, _ := sdjwt.ParseJWKSet([]byte(`{"keys":[` + string(ja) + `,` + string(jb) + `]}`))
	keys := sdjwt.IssuerKeys{"https://a.example": setA, "https://b.example": setB}
	issue := func(signer *ecdsa.PrivateKey, iss, kid string) string {
		c := sampleClaims()
		c["iss"] = iss
		tok, err := sdjwt.Issue(signer, c, nil, &sdjwt.IssueOptions{KeyID: kid})
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	o := &sdjwt.VerifyOptions{Now: fixedNow(auditNow)}
	forged := issue(ka, "https://b.example", "k1") // A's key speaking for B
	if _, err := sdjwt.Verify(forged, both, o); err != nil {
		t.Fatalf("a shared key set accepts it (the reason for IssuerKeys): %v", err)
	}
	for _, tc := range []struct {
		name, tok string
		want      error
	}{
		{"A for A", issue(ka, "https://a.example", "k1"), nil},
		{"B for B", issue(kb, "https://b.example", "k2"), nil},
		{"A's key for B", forged, sdjwt.ErrKeyNotFound},
		{"unknown issuer", issue(ka, "https://c.example", "k1"), sdjwt.ErrKeyNotFound},
		{"no iss", func() string {
			c := sampleClaims()
			delete(c, "iss")
			tok, _ := sdjwt.Issue(ka, c, nil, &sdjwt.IssueOptions{KeyID: "k1"})
			return tok
		}(), sdjwt.ErrKeyNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := sdjwt.Verify(tc.tok, keys, o)
			if tc.want == nil && err != nil || tc.want != nil && !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
		})
	}
}
