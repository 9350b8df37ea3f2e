package aadhaarxml_test

import (
	"errors"
	"fmt"
	"os"
	"time"

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

func ExampleKeyRing_WithWindow() {
	// A ring holding a certificate that expired in 2023, for the key that
	// signed a document on 2025-01-15: outside the key's window.
	ring, _ := aadhaarxml.NewKeyRing()
	ring, _ = ring.WithDir("../testdata/aadhaarxml/certs-expired")
	xml, _ := os.ReadFile("../testdata/aadhaarxml/offlineaadhaar20250115103000123.xml")
	_, err := (&aadhaarxml.Verifier{Certs: ring}).VerifyXML(xml)
	var te *aadhaarxml.TimeError
	if errors.As(err, &te) {
		fmt.Println(errors.Is(err, aadhaarxml.ErrOutsideWindow), te.Key, te.Until.Format("2006-01-02"))
	}

	// Evidence that the key signed later extends its window.
	w, _ := ring.Window("kyckit-test-signer-expired")
	w.Until = time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
	w.Evidence = "documents signed with it seen until December 2025"
	ring, _ = ring.WithWindow("kyckit-test-signer-expired", w)
	doc, err := (&aadhaarxml.Verifier{Certs: ring}).VerifyXML(xml)
	fmt.Println(err, doc.Signer.InWindow, doc.Signer.ValidAtSigning)

	// The strict rule judges by the certificate's X.509 validity instead.
	_, err = (&aadhaarxml.Verifier{Certs: ring, Validity: aadhaarxml.ValidityStrict}).VerifyXML(xml)
	fmt.Println(errors.Is(err, aadhaarxml.ErrCertExpired))
	// Output:
	// true kyckit-test-signer-expired 2023-01-01
	// <nil> true false
	// true
}

func ExampleDocument_VerifyMobile_secureQRV2() {
	// A V2 Secure QR with a mobile hash after the photo's end marker.
	ring, _ := aadhaarxml.NewKeyRing()
	ring, _ = ring.WithDir("../testdata/aadhaarxml/certs")
	digits, _ := os.ReadFile("../testdata/aadhaarxml/secureqr-v2-mobilehash.txt")
	doc, err := (&aadhaarxml.Verifier{Certs: ring}).VerifyQR(string(digits))
	if err != nil {
		fmt.Println("rejected:", err)
		return
	}
	fmt.Println(doc.QRVersion, len(doc.MobileHash), fmt.Sprintf("%x", doc.Photo[len(doc.Photo)-2:]))
	fmt.Println(doc.VerifyMobile("98000 00002", ""))
	fmt.Println(doc.VerifyMobile("9811110002", "")) // same last 4 digits
	// Output:
	// 2 32 ffd9
	// chained <nil>
	// none aadhaarxml: value does not match the document: field "mobile"
}
