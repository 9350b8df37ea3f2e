package uidaitest

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/kyckit/kyckit/sdjwt"
)

// TestCredential: the credential verifies under the UIDAI profile against
// the test issuer's JWK Set, in UIDAI's layout (the personal claims
// disclosed, none of iss, id, iat, exp, status, no KB-JWT), and edit
// applies.
func TestCredential(t *testing.T) {
	root := filepath.Join("..", "..")
	jwks, err := os.ReadFile(filepath.Join(root, "testdata", "sdjwt", "issuer.jwks.json"))
	if err != nil {
		t.Fatal(err)
	}
	keys, err := sdjwt.ParseJWKSet(jwks)
	if err != nil {
		t.Fatal(err)
	}
	tok := Credential(t, root, func(c map[string]any) { c["id"] = "u-1" })
	r, err := sdjwt.VerifyUIDAI(context.Background(), tok, keys, &sdjwt.UIDAIOptions{Now: func() time.Time { return time.Unix(1750000100, 0) }})
	if err != nil {
		t.Fatal(err)
	}
	if r.Credential.Claims["id"] != "u-1" || r.Name != "Meera Test Joshi" || r.Credential.KeyBinding != nil {
		t.Fatalf("resident %v, id %v", r, r.Credential.Claims["id"])
	}
	want := len(Claims(t, root)) - len(plaintext)
	if got := len(r.Credential.Disclosures); got != want {
		t.Errorf("%d disclosures, want %d", got, want)
	}
	for _, d := range r.Credential.Disclosures {
		if plaintext[d.Name] {
			t.Errorf("%s is disclosed", d.Name)
		}
	}
}
