package aadhaarxml_test

import (
	"errors"
	"fmt"
	"os"

	"github.com/kyckit/kyckit/aadhaarxml"
)

func ExampleVerifier_VerifyZIP() {
	// The embedded UIDAI ring, extended at run time from a directory (here
	// with the project's test certificate; in production with UIDAI's
	// newest key).
	ring, err := aadhaarxml.UIDAIKeyRing()
	if err != nil {
		panic(err)
	}
	ring, err = ring.WithDir("../testdata/aadhaarxml/certs")
	if err != nil {
		panic(err)
	}
	zip, err := os.ReadFile("../testdata/aadhaarxml/offlineaadhaar20250115103000123.zip")
	if err != nil {
		panic(err)
	}
	v := &aadhaarxml.Verifier{Certs: ring}
	doc, err := v.VerifyZIP(zip, "1234")
	if err != nil {
		fmt.Println("rejected:", err)
		return
	}
	fmt.Println(doc.MaskedNumber(), doc.Reference.Time.Format("2006-01-02 15:04 MST"))
	fmt.Println("signed by", doc.Signer.Name)
	rule, err := doc.VerifyMobile("9800000002", "1234")
	fmt.Println("mobile:", rule, err)
	// Output:
	// XXXX XXXX 2468 2025-01-15 10:30 IST
	// signed by kyckit-test-signer
	// mobile: chained <nil>
}

func ExampleVerifier_VerifyXML_tampered() {
	ring, _ := aadhaarxml.NewKeyRing()
	ring, _ = ring.WithDir("../testdata/aadhaarxml/certs")
	v := &aadhaarxml.Verifier{Certs: ring}
	xml, _ := os.ReadFile("../testdata/aadhaarxml/offlineaadhaar20250115103000123.tampered.xml")
	_, err := v.VerifyXML(xml)
	fmt.Println(errors.Is(err, aadhaarxml.ErrTampered))

	// The digest is checked before any key: the embedded UIDAI ring, which
	// does not know the test key, says "tampered" too.
	_, err = (&aadhaarxml.Verifier{}).VerifyXML(xml)
	fmt.Println(errors.Is(err, aadhaarxml.ErrTampered))

	// The untampered document is only unknown to it.
	xml, _ = os.ReadFile("../testdata/aadhaarxml/offlineaadhaar20250115103000123.xml")
	_, err = (&aadhaarxml.Verifier{}).VerifyXML(xml)
	fmt.Println(errors.Is(err, aadhaarxml.ErrUnknownSigner))
	// Output:
	// true
	// true
	// true
}

func ExampleVerifier_VerifyQR() {
	ring, _ := aadhaarxml.NewKeyRing()
	ring, _ = ring.WithDir("../testdata/aadhaarxml/certs")
	digits, _ := os.ReadFile("../testdata/aadhaarxml/secureqr-v2.txt")
	doc, err := (&aadhaarxml.Verifier{Certs: ring}).VerifyQR(string(digits))
	if err != nil {
		fmt.Println("rejected:", err)
		return
	}
	fmt.Println(doc.Source, "V", doc.QRVersion, doc.PhotoFormat, doc)
	// Output:
	// secure-qr V 2 jpeg2000 aadhaarxml.Document{secure-qr, number=XXXX XXXX 2468, generated=2025-01-15T10:30:00+05:30, verified, name=REDACTED, photo=jpeg2000}
}

func ExampleChainHash() {
	// UIDAI's example: mobile 9800000002, share code Abc@123, Aadhaar
	// number ending in 4: four rounds.
	fmt.Println(aadhaarxml.ChainHash("9800000002"+"Abc@123", 4))
	// Output: 735c04aebc33a05af444ed41f6352b083c5a28d75ff1a26f0fe2c72bba94d7dc
}
