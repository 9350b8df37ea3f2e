package sdjwt_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/kyckit/kyckit/sdjwt"
)

func ExampleVerify() {
	issuerKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	holderKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

	// Issuer: name and address.pincode are selectively disclosable.
	issued, err := sdjwt.Issue(issuerKey, map[string]any{
		"iss":     "https://issuer.example",
		"exp":     now.Add(time.Hour).Unix(),
		"name":    "Asha Rao",
		"address": map[string]any{"district": "Pune", "pincode": "411001"},
	}, []sdjwt.Path{{"name"}, {"address", "pincode"}}, &sdjwt.IssueOptions{HolderKey: holderKey.Public()})
	if err != nil {
		panic(err)
	}

	// Holder: reveal only the pincode, bound to this verifier's nonce.
	presented, err := sdjwt.Present(issued, []sdjwt.Path{{"address", "pincode"}}, &sdjwt.PresentOptions{
		HolderKey: holderKey, Audience: "https://verifier.example", Nonce: "n-42",
		Now: func() time.Time { return now },
	})
	if err != nil {
		panic(err)
	}

	// Verifier: every RFC 9901 check, key binding required.
	cred, err := sdjwt.Verify(presented, sdjwt.PublicKey(&issuerKey.PublicKey), &sdjwt.VerifyOptions{
		Algorithms:        []string{"ES256"},
		ExpectedIssuer:    "https://issuer.example",
		RequireKeyBinding: true,
		Audience:          "https://verifier.example",
		Nonce:             "n-42",
		Now:               func() time.Time { return now },
	})
	if err != nil {
		fmt.Println("rejected:", err)
		return
	}
	fmt.Println(cred.Claims["address"], cred.Claims["name"] == nil)
	// Output: map[district:Pune pincode:411001] true
}

func ExampleVerifyUIDAI() {
	jwks, _ := os.ReadFile("../testdata/sdjwt/issuer.jwks.json")
	token, _ := os.ReadFile("../testdata/sdjwt/uidai-presentation.txt")
	keys, err := sdjwt.ParseJWKSet(jwks)
	if err != nil {
		panic(err)
	}
	// This presentation carries a KB-JWT: with Audience and Nonce set it
	// is checked (add RequireKeyBinding to refuse tokens without one).
	r, err := sdjwt.VerifyUIDAI(context.Background(), strings.TrimSpace(string(token)), keys, &sdjwt.UIDAIOptions{
		Audience: "https://ovse.example.in", // your OVSE client id (an assumption: UIDAI does not say)
		Nonce:    "kyckit-test-txn-0001",    // the txn of your request (likewise)
		Now:      func() time.Time { return time.Unix(1750000100, 0) },
	})
	if err != nil {
		fmt.Println("rejected:", err)
		return
	}
	fmt.Println(r.DOBISO, r.DOB, r.Gender, r.Credential.KeyBinding != nil)
	fmt.Println(r) // masked
	// Output:
	// 1985-02-01 01-02-1985 F true
	// sdjwt.Resident[name=M*** T*** J*** birth_year=1985 gender=F mobile=xxxxxx0001 address_len=72 photo_len=92 claims=12]
}

// As UIDAI publishes the format, the app sends <sd-jwt>~<disclosures> with
// no KB-JWT. The profile accepts it; the binding to your session is the
// callback's txn, looked up and consumed once in your session store
// before the credential is verified.
func ExampleVerifyUIDAI_withoutKeyBinding() {
	jwks, _ := os.ReadFile("../testdata/sdjwt/issuer.jwks.json")
	token, _ := os.ReadFile("../testdata/sdjwt/uidai-issued.txt")
	keys, err := sdjwt.ParseJWKSet(jwks)
	if err != nil {
		panic(err)
	}
	sessions := map[string]bool{"kyckit-test-txn-0001": true} // stands in for a single-use store
	cb := &sdjwt.Callback{Txn: "kyckit-test-txn-0001", Response: strings.TrimSpace(string(token))}
	if !sessions[cb.Txn] {
		fmt.Println("unknown or used txn")
		return
	}
	delete(sessions, cb.Txn) // consumed: a replayed callback finds nothing

	r, err := sdjwt.VerifyUIDAI(context.Background(), cb.Response, keys, &sdjwt.UIDAIOptions{
		Now: func() time.Time { return time.Unix(1750000100, 0) },
	})
	if err != nil {
		fmt.Println("rejected:", err)
		return
	}
	fmt.Println(r.DOBISO, r.Credential.KeyBinding != nil, len(sessions))
	// Output: 1985-02-01 false 0
}

func ExampleDecodeUnverified() {
	token, _ := os.ReadFile("../testdata/sdjwt/uidai-issued.txt")
	cred, err := sdjwt.DecodeUnverified(strings.TrimSpace(string(token)), nil)
	if err != nil {
		panic(err)
	}
	fmt.Println(cred.Verified, len(cred.Disclosures), cred.Header["typ"])
	// Output: false 10 vc+sd-jwt
}

func ExampleParseCallback() {
	cb, err := sdjwt.ParseCallback([]byte(`{"txn":"t-1","errCode":"E42","errInfo":"declined","dateTime":"2025-06-15T15:06:40+05:30"}`))
	if err != nil {
		panic(err)
	}
	fmt.Println(cb.Txn, cb.Err())
	// Output: t-1 sdjwt: uidai callback: app returned error code "E42"
}
