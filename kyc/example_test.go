package kyc_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/kyckit/kyckit/aadhaarxml"
	"github.com/kyckit/kyckit/kyc"
	"github.com/kyckit/kyckit/normalize"
	"github.com/kyckit/kyckit/onekosmos"
)

// Verify an Offline e-KYC ZIP, then normalize what the verifier returned.
func ExampleOfflineEKYC() {
	dir := filepath.Join("..", "testdata", "aadhaarxml")
	ring, _ := aadhaarxml.UIDAIKeyRing()
	ring, err := ring.WithDir(filepath.Join(dir, "certs")) // the TEST signer; production pins UIDAI only
	if err != nil {
		panic(err)
	}
	zip, _ := os.ReadFile(filepath.Join(dir, "offlineaadhaar20250115103000123.zip"))
	doc, err := (&aadhaarxml.Verifier{Certs: ring}).VerifyZIP(zip, "1234")
	if err != nil {
		fmt.Println("rejected:", err)
		return
	}
	in, err := kyc.OfflineEKYC(doc)
	if err != nil {
		panic(err)
	}
	rec := normalize.FromOfflineEKYC(in, nil)
	fmt.Println(rec.Result.Outcome, rec.Claims.Birthdate, rec.IN.Aadhaar.Masked)
	// Output: verified 1992-08-15 XXXXXXXX2468
}

// Decrypt a 1Kosmos poll response with the service key pinned, read its
// session and verification status, and normalize the typed result.
func ExampleOneKosmos() {
	dir := filepath.Join("..", "testdata", "ecdsa")
	key, _ := os.ReadFile(filepath.Join(dir, "caller.key"))
	caller, err := onekosmos.ParsePrivateKey(onekosmos.Secp256k1, strings.TrimSpace(string(key)))
	if err != nil {
		panic(err)
	}
	pub, _ := os.ReadFile(filepath.Join(dir, "service.pub")) // GET {docuverify}/publickeys, configured once
	service, err := onekosmos.ParsePublicKey(onekosmos.Secp256k1, strings.TrimSpace(string(pub)))
	if err != nil {
		panic(err)
	}
	body, _ := os.ReadFile(filepath.Join(dir, "poll-final.json"))
	plaintext, err := onekosmos.DecryptResponse(body, caller, service, &onekosmos.DecryptOptions{PinServiceKey: true})
	if err != nil {
		fmt.Println("rejected:", err)
		return
	}
	res, err := onekosmos.ParsePollResult(plaintext)
	if err != nil {
		panic(err)
	}
	rec, err := kyc.OneKosmos(res, nil)
	if err != nil {
		panic(err)
	}
	fmt.Println(res.Status(), res.Verification(), rec.Result.Decision)
	fmt.Println(rec.Result.Outcome, rec.Claims.Birthdate, rec.IN.Documents[0].Type, rec.IN.Documents[0].NumberMasked)
	// Output:
	// Completed Passed clear
	// verified 1991-07-23 driving_permit XXXXXXXXXXX0001
}
