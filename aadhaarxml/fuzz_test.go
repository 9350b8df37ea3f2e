package aadhaarxml

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// documented lists the sentinels an input error may wrap.
var documented = []error{
	ErrMalformed, ErrTooLarge, ErrUnsupportedZip, ErrWrongShareCode, ErrAlgorithm,
	ErrUnknownSigner, ErrTampered, ErrCertExpired, ErrFutureTimestamp, ErrTooOld,
	ErrUnsupportedVersion, ErrLegacyQR, ErrKeyRing,
}

func checkSentinel(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	for _, s := range documented {
		if errors.Is(err, s) {
			return
		}
	}
	t.Fatalf("undocumented error: %v", err)
}

func fixture(t testing.TB, name string) []byte {
	b, err := os.ReadFile(filepath.Join(fixtureDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func FuzzOpenZIP(f *testing.F) {
	good := fixture(f, "offlineaadhaar20250115103000123.zip")
	f.Add(good, "1234")
	f.Add(good, "1235")
	f.Add([]byte("PK\x03\x04"), "")
	f.Fuzz(func(t *testing.T, data []byte, code string) {
		xml, err := OpenZIP(data, code, &ZIPOptions{MaxXMLSize: 64 << 10})
		checkSentinel(t, err)
		if err == nil && len(xml) > 64<<10 {
			t.Fatal("cap exceeded")
		}
	})
}

func FuzzVerifyXML(f *testing.F) {
	k := fixtureKey(f)
	f.Add(fixture(f, "offlineaadhaar20250115103000123.xml"))
	f.Add(fixture(f, "offlineaadhaar20250115103000123.tampered.xml"))
	for _, tc := range xmlCases(f) {
		f.Add(tc.xml)
	}
	v := &Verifier{Certs: k.ring(f), Now: func() time.Time { return time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC) }}
	f.Fuzz(func(t *testing.T, xml []byte) {
		d, err := v.VerifyXML(xml)
		checkSentinel(t, err)
		if err == nil && (!d.Verified || d.Signer == nil) {
			t.Fatal("unverified document returned")
		}
		u, err := DecodeXMLUnverified(xml)
		checkSentinel(t, err)
		if err == nil && u.Verified {
			t.Fatal("unverified decode marked verified")
		}
	})
}

func FuzzDecodeQR(f *testing.F) {
	k := fixtureKey(f)
	good := string(fixture(f, "secureqr-v2.txt"))
	f.Add(good)
	f.Add(string(fixture(f, "secureqr-v2.tampered.txt")))
	p := fixturePerson()
	f.Add(makeQR(f, k, p.qrText(1, "3", ""), testJ2K(), [][]byte{make([]byte, 32), make([]byte, 32)}, true))
	f.Add(`<PrintLetterBarcodeData uid="" name="x"/>`)
	f.Add("0")
	v := &Verifier{Certs: k.ring(f), Now: func() time.Time { return time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC) }}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := v.VerifyQR(s)
		checkSentinel(t, err)
		if err == nil && !d.Verified {
			t.Fatal("unverified document returned")
		}
		u, err := DecodeQRUnverified(s)
		checkSentinel(t, err)
		if err == nil {
			if u.Verified {
				t.Fatal("unverified decode marked verified")
			}
			// The payload the decoder read re-encodes to an equivalent
			// decimal string (round trip of the number layer).
			if u.Source == SourceSecureQR {
				payload, err := v.qrPayload(s)
				if err != nil {
					t.Fatalf("payload: %v", err)
				}
				// (Re-compression may differ in size, so only ErrTooLarge
				// is tolerated.)
				if _, err := DecodeQRUnverified(qrEncode(payload, false)); err != nil && !errors.Is(err, ErrTooLarge) {
					t.Fatalf("re-encoded payload: %v", err)
				}
			}
		}
	})
}
