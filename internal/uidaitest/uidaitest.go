// Package uidaitest issues, for tests only, SD-JWTs in the layout of
// UIDAI's Aadhaar credential for the invented resident of testdata/sdjwt,
// signed with kyckit's TEST issuer key: iss, id, iat, exp and status in
// the clear, every personal claim a disclosure (two decoys besides), cnf
// the test holder's key, no Key Binding JWT (UIDAI's app sends none).
// Tests of package kyc and of kyckit serve share it, so both post the same
// credential layout.
package uidaitest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"os"
	"path/filepath"
	"testing"

	"github.com/kyckit/kyckit/sdjwt"
)

// KeyID is the "kid" of the test issuer key in testdata/sdjwt/issuer.jwks.json.
const KeyID = "kyckit-test-uidai-1"

// plaintext are the claims UIDAI leaves in the clear.
var plaintext = map[string]bool{"iss": true, "id": true, "iat": true, "exp": true, "status": true}

// Claims returns the resident's claims (testdata/sdjwt/uidai-claims.json,
// numbers as json.Number). root is the repository root, relative to the
// test's directory.
func Claims(tb testing.TB, root string) map[string]any {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join(root, "testdata", "sdjwt", "uidai-claims.json"))
	if err != nil {
		tb.Fatal(err)
	}
	var c map[string]any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&c); err != nil {
		tb.Fatal(err)
	}
	return c
}

// Credential issues the resident's credential, its claims changed by edit
// (when not nil) first.
func Credential(tb testing.TB, root string, edit func(claims map[string]any)) string {
	tb.Helper()
	c := Claims(tb, root)
	if edit != nil {
		edit(c)
	}
	var paths []sdjwt.Path
	for k := range c {
		if !plaintext[k] {
			paths = append(paths, sdjwt.Path{k})
		}
	}
	tok, err := sdjwt.Issue(Key(tb, root, "issuer-private.pem"), c, paths, &sdjwt.IssueOptions{
		Type: "vc+sd-jwt", KeyID: KeyID, HolderKey: Key(tb, root, "holder-private.pem").Public(), Decoys: 2,
	})
	if err != nil {
		tb.Fatal(err)
	}
	return tok
}

// Key reads a PKCS#8 EC private key of testdata/sdjwt.
func Key(tb testing.TB, root, name string) *ecdsa.PrivateKey {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join(root, "testdata", "sdjwt", name))
	if err != nil {
		tb.Fatal(err)
	}
	blk, _ := pem.Decode(b)
	if blk == nil {
		tb.Fatalf("%s is not PEM", name)
	}
	k, err := x509.ParsePKCS8PrivateKey(blk.Bytes)
	if err != nil {
		tb.Fatal(err)
	}
	ek, ok := k.(*ecdsa.PrivateKey)
	if !ok {
		tb.Fatalf("%s is not an EC key", name)
	}
	return ek
}
