package kyc_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/kyckit/kyckit/aadhaarxml"
	"github.com/kyckit/kyckit/kyc"
	"github.com/kyckit/kyckit/normalize"
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
