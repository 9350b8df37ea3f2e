package aadhaarxml

import (
	"bytes"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"image"
	"image/color"
	"image/jpeg"
	"runtime"
	"testing"
	"time"
)

// bigJPEG is a noisy 112x112 JPEG of about 7 KB, so the document is ~10 KB
// like a real one.
func bigJPEG() []byte {
	img := image.NewGray(image.Rect(0, 0, 112, 112))
	s := uint32(1)
	for y := range 112 {
		for x := range 112 {
			s = s*1664525 + 1013904223
			img.SetGray(x, y, color.Gray{Y: uint8(s >> 24)})
		}
	}
	var b bytes.Buffer
	jpeg.Encode(&b, img, &jpeg.Options{Quality: 60})
	return b.Bytes()
}

func benchXML(b *testing.B) (*Verifier, []byte) {
	k := fixtureKey(b)
	p := fixturePerson()
	p.Photo = bigJPEG()
	xml := signXML(b, k, p.body("1234"), signOpts{wrap: "&#13;\n"})
	return &Verifier{Certs: k.ring(b), Now: fixedNow}, xml
}

// BenchmarkVerifyXML verifies a ~10 KB Offline e-KYC document with a photo
// (target: at most 3x BenchmarkRSAVerifyOnly).
func BenchmarkVerifyXML(b *testing.B) {
	v, xml := benchXML(b)
	b.Logf("document size %d bytes", len(xml))
	b.SetBytes(int64(len(xml)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := v.VerifyXML(xml); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerifyXMLRing5 is the same with a 5-key ring whose signer is
// last: the 4 embedded UIDAI certificates, then the test signer (target: at
// most 5x BenchmarkRSAVerifyOnly).
func BenchmarkVerifyXMLRing5(b *testing.B) {
	v, xml := benchXML(b)
	uidai, err := UIDAIKeyRing()
	if err != nil {
		b.Fatal(err)
	}
	ring, err := NewKeyRing(append(uidai.Certificates(), v.Certs.Certificates()...)...)
	if err != nil || ring.Len() != 5 {
		b.Fatal(err)
	}
	v.Certs = ring
	b.SetBytes(int64(len(xml)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := v.VerifyXML(xml); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerifyXMLRing5Cold is BenchmarkVerifyXMLRing5 with the ring's
// memory of its last signer cleared before every verification, so the
// signer is found by its window alone. Two of the UIDAI keys' windows also
// hold the document's signed time (2025-01-15): 26022021's extended window
// and 17022026's validity; the latter and the signer are tried first as
// their certificates are valid then.
func BenchmarkVerifyXMLRing5Cold(b *testing.B) {
	v, xml := benchXML(b)
	uidai, err := UIDAIKeyRing()
	if err != nil {
		b.Fatal(err)
	}
	ring, err := NewKeyRing(append(uidai.Certificates(), v.Certs.Certificates()...)...)
	if err != nil || ring.Len() != 5 {
		b.Fatal(err)
	}
	v.Certs = ring
	b.SetBytes(int64(len(xml)))
	b.ReportAllocs()
	for b.Loop() {
		ring.last.Store(0)
		if _, err := v.VerifyXML(xml); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseOnly is a second baseline: the bounded parse of the same
// document, which VerifyXML needs.
func BenchmarkParseOnly(b *testing.B) {
	v, xml := benchXML(b)
	b.SetBytes(int64(len(xml)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := v.parse(xml); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerifyQR verifies a Secure QR V2 (target: at most 2x
// BenchmarkRSAVerifyOnly).
func BenchmarkVerifyQR(b *testing.B) {
	k := fixtureKey(b)
	qr := string(fixture(b, "secureqr-v2.txt"))
	v := &Verifier{Certs: k.ring(b), Now: fixedNow}
	b.SetBytes(int64(len(qr)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := v.VerifyQR(qr); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRSAVerifyOnly is the baseline: one bare RSA-2048 PKCS#1 v1.5
// verification of a precomputed SHA-256 digest.
func BenchmarkRSAVerifyOnly(b *testing.B) {
	k := fixtureKey(b)
	h := sha256.Sum256([]byte("baseline"))
	sig, err := rsa.SignPKCS1v15(nil, k.key, crypto.SHA256, h[:])
	if err != nil {
		b.Fatal(err)
	}
	pub := &k.key.PublicKey
	b.ReportAllocs()
	for b.Loop() {
		if err := rsa.VerifyPKCS1v15(pub, crypto.SHA256, h[:], sig); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOpenZIP decrypts and inflates the fixture ZIP.
func BenchmarkOpenZIP(b *testing.B) {
	z := fixture(b, "offlineaadhaar20250115103000123.zip")
	b.SetBytes(int64(len(z)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := OpenZIP(z, "1234", nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRatioToRSA interleaves one bare RSA-2048 verification and one
// VerifyXML in every iteration and reports their time ratio, so that the
// comparison holds on a loaded machine, where separate runs drift: by wall
// clock ("x-rsa") and, on Linux, by the thread's CPU time ("x-rsa-cpu",
// which leaves out the time other processes held the CPU).
// Configurations: the signer alone; a 5-key ring whose signer is last (4
// UIDAI certificates, then the signer), steady and with the ring's memory
// of its last signer cleared every time (cold).
func BenchmarkRatioToRSA(b *testing.B) {
	k := fixtureKey(b)
	h := sha256.Sum256([]byte("baseline"))
	sig, err := rsa.SignPKCS1v15(nil, k.key, crypto.SHA256, h[:])
	if err != nil {
		b.Fatal(err)
	}
	pub := &k.key.PublicKey
	for _, tc := range []struct {
		name        string
		ring5, cold bool
	}{{"signer", false, false}, {"ring5", true, false}, {"ring5cold", true, true}} {
		b.Run(tc.name, func(b *testing.B) {
			v, xml := benchXML(b)
			if tc.ring5 {
				uidai, err := UIDAIKeyRing()
				if err != nil {
					b.Fatal(err)
				}
				if v.Certs, err = NewKeyRing(append(uidai.Certificates(), v.Certs.Certificates()...)...); err != nil {
					b.Fatal(err)
				}
			}
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			var tRSA, tXML, cRSA, cXML time.Duration
			_, cpu := threadCPU()
			b.ReportAllocs()
			for b.Loop() {
				if tc.cold {
					v.Certs.last.Store(0)
				}
				c0, _ := threadCPU()
				t0 := time.Now()
				if err := rsa.VerifyPKCS1v15(pub, crypto.SHA256, h[:], sig); err != nil {
					b.Fatal(err)
				}
				t1 := time.Now()
				c1, _ := threadCPU()
				if _, err := v.VerifyXML(xml); err != nil {
					b.Fatal(err)
				}
				t2 := time.Now()
				c2, _ := threadCPU()
				tRSA, tXML = tRSA+t1.Sub(t0), tXML+t2.Sub(t1)
				cRSA, cXML = cRSA+c1-c0, cXML+c2-c1
			}
			b.ReportMetric(float64(tXML)/float64(tRSA), "x-rsa")
			if cpu {
				b.ReportMetric(float64(cXML)/float64(cRSA), "x-rsa-cpu")
			}
		})
	}
}
