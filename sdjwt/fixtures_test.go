package sdjwt_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kyckit/kyckit/sdjwt"
)

var update = flag.Bool("update", false, "regenerate the fixtures in testdata/sdjwt")

// Fixture parameters; the CLI scripts in cmd/kyckit/testdata use the same.
const (
	fixtureDir   = "../testdata/sdjwt"
	fixtureKid   = "kyckit-test-uidai-1"
	fixtureAud   = "https://ovse.example.in"
	fixtureNonce = "kyckit-test-txn-0001"
	fixtureIat   = 1750000000
)

// fixtureClaims is an invented resident in the UIDAI-style layout of
// research §5.2. No real person, number or key.
func fixtureClaims() map[string]any {
	return map[string]any{
		"iss":           sdjwt.UIDAIIssuer,
		"id":            "0b9f5a3e-2c4d-4e8f-9a1b-7c6d5e4f3a2b",
		"iat":           fixtureIat,
		"exp":           2050000000,
		"status":        "https://status.example.invalid/aadhaar-vc/0b9f5a3e",
		"uid":           "xxxxxxxx0000",
		"name":          "Meera Test Joshi",
		"dob":           "01-02-1985",
		"gender":        "F",
		"mobile":        "9000000001",
		"masked_mobile": "xxxxxx0001",
		"address":       "Flat 1, Test Towers, Example Road, Testnagar, Pune, Maharashtra - 411001",
		"pincode":       "411001",
		"age_above_18":  true,
		"photo":         "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=",
	}
}

var fixtureSD = []string{"uid", "name", "dob", "gender", "mobile", "masked_mobile", "address", "pincode", "age_above_18", "photo"}
var fixturePresent = []string{"name", "dob", "gender", "mobile", "address", "photo"}

func writePEMKey(t *testing.T, name string, k *ecdsa.PrivateKey) {
	der, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		t.Fatal(err)
	}
	writeFixture(t, name, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
	pub, _ := x509.MarshalPKIXPublicKey(k.Public())
	writeFixture(t, strings.Replace(name, "-private.pem", ".pub.pem", 1), pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub}))
}

func writeFixture(t *testing.T, name string, data []byte) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(fixtureDir, name), data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(fixtureDir, name))
	if err != nil {
		t.Fatalf("fixture %s: %v (regenerate with go test ./sdjwt -run TestFixtures -update)", name, err)
	}
	return b
}

// TestFixtures regenerates testdata/sdjwt with -update, and otherwise
// checks that the checked-in fixtures still verify.
func TestFixtures(t *testing.T) {
	if *update {
		issuer, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		holder, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		writePEMKey(t, "issuer-private.pem", issuer)
		writePEMKey(t, "holder-private.pem", holder)
		j, _ := sdjwt.JWK(issuer.Public(), fixtureKid)
		writeFixture(t, "issuer.jwks.json", []byte(`{"keys":[`+string(j)+`]}`+"\n"))
		claims, _ := json.MarshalIndent(fixtureClaims(), "", "  ")
		writeFixture(t, "uidai-claims.json", append(claims, '\n'))
		var paths []sdjwt.Path
		for _, p := range fixtureSD {
			paths = append(paths, sdjwt.Path{p})
		}
		tok, err := sdjwt.Issue(issuer, fixtureClaims(), paths, &sdjwt.IssueOptions{Type: "vc+sd-jwt", KeyID: fixtureKid, HolderKey: holder.Public()})
		if err != nil {
			t.Fatal(err)
		}
		writeFixture(t, "uidai-issued.txt", []byte(tok+"\n"))
		paths = paths[:0]
		for _, p := range fixturePresent {
			paths = append(paths, sdjwt.Path{p})
		}
		pres, err := sdjwt.Present(tok, paths, &sdjwt.PresentOptions{HolderKey: holder, Audience: fixtureAud, Nonce: fixtureNonce,
			Now: func() time.Time { return time.Unix(fixtureIat+60, 0) }})
		if err != nil {
			t.Fatal(err)
		}
		writeFixture(t, "uidai-presentation.txt", []byte(pres+"\n"))
		writeFixture(t, "uidai-sha256-upper.txt", []byte(upperFixture(t, issuer, holder)+"\n"))
	}
	set, err := sdjwt.ParseJWKSet(readFixture(t, "issuer.jwks.json"))
	if err != nil {
		t.Fatal(err)
	}
	pres := strings.TrimSpace(string(readFixture(t, "uidai-presentation.txt")))
	r, err := sdjwt.VerifyUIDAI(t.Context(), pres, set, &sdjwt.UIDAIOptions{Audience: fixtureAud, Nonce: fixtureNonce,
		Now: func() time.Time { return time.Unix(fixtureIat+120, 0) }})
	if err != nil {
		t.Fatalf("fixture presentation: %v", err)
	}
	if r.Name != "Meera Test Joshi" || r.Result["uid"] != nil {
		t.Fatalf("fixture presentation discloses %v", r)
	}
	issued := strings.TrimSpace(string(readFixture(t, "uidai-issued.txt")))
	if _, err := sdjwt.Verify(issued, set, &sdjwt.VerifyOptions{Now: fixedNow(fixtureIat + 120)}); err != nil {
		t.Fatalf("fixture issuance: %v", err)
	}
	upper := strings.TrimSpace(string(readFixture(t, "uidai-sha256-upper.txt")))
	if _, err := sdjwt.Verify(upper, set, &sdjwt.VerifyOptions{Now: fixedNow(fixtureIat + 120)}); !errors.Is(err, sdjwt.ErrHashAlgorithm) {
		t.Fatalf("upper-case fixture, strict: err = %v", err)
	}
	r, err = sdjwt.VerifyUIDAI(t.Context(), upper, set, &sdjwt.UIDAIOptions{Now: fixedNow(fixtureIat + 120)})
	if err != nil || r.Name != "Meera Test Joshi" || r.Credential.SDAlg != "SHA-256" {
		t.Fatalf("upper-case fixture, UIDAI profile: %v", err)
	}
}

// upperFixture signs, with the fixture keys, a credential whose _sd_alg is
// written "SHA-256" as UIDAI's specification writes it. Issue refuses
// that spelling, so the payload is assembled here.
func upperFixture(t *testing.T, issuer, holder *ecdsa.PrivateKey) string {
	t.Helper()
	c := fixtureClaims()
	var sd []any
	var discs []string
	for _, name := range []string{"name", "dob"} {
		salt := make([]byte, 16)
		if _, err := rand.Read(salt); err != nil {
			t.Fatal(err)
		}
		raw, _ := json.Marshal([]any{base64.RawURLEncoding.EncodeToString(salt), name, c[name]})
		d := base64.RawURLEncoding.EncodeToString(raw)
		h, err := sdjwt.HashDisclosure("sha-256", d)
		if err != nil {
			t.Fatal(err)
		}
		sd, discs = append(sd, h), append(discs, d)
	}
	jwk, _ := sdjwt.JWK(holder.Public(), "")
	var holderJWK map[string]any
	_ = json.Unmarshal(jwk, &holderJWK)
	payload := map[string]any{"iss": c["iss"], "id": c["id"], "iat": c["iat"], "exp": c["exp"], "status": c["status"],
		"cnf": map[string]any{"jwk": holderJWK}, "_sd": sd, "_sd_alg": "SHA-256"}
	jwt := signRaw(t, issuer, map[string]any{"alg": "ES256", "typ": "vc+sd-jwt", "kid": fixtureKid}, payload)
	return jwt + "~" + strings.Join(discs, "~") + "~"
}
