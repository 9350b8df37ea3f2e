package aadhaarxml

import (
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// documented lists the sentinels an input error may wrap.
var documented = []error{
	ErrMalformed, ErrTooLarge, ErrUnsupportedZip, ErrWrongShareCode, ErrAlgorithm,
	ErrUnknownSigner, ErrTampered, ErrOutsideWindow, ErrCertExpired, ErrFutureTimestamp, ErrTooOld,
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
	// The content of every seed that verifies. Only the fixture key is in
	// the ring and the fuzzer cannot sign, so whatever it makes verify must
	// read as one of these: a mutation that changes a field and still
	// verifies is a forgery.
	signedContent := map[string]bool{}
	for _, tc := range xmlCases(f) {
		if d, err := v.VerifyXML(tc.xml); err == nil {
			signedContent[docContent(d)] = true
		}
	}
	if len(signedContent) < 10 {
		f.Fatalf("only %d seeds verify", len(signedContent))
	}
	f.Fuzz(func(t *testing.T, xml []byte) {
		d, err := v.VerifyXML(xml)
		checkSentinel(t, err)
		if err == nil && (!d.Verified || d.Signer == nil) {
			t.Fatal("unverified document returned")
		}
		if err == nil && !signedContent[docContent(d)] {
			t.Fatal("verified with content no seed was signed with")
		}
		// Whatever verifies also passes the integrity-only check, and
		// whatever fails that fails verification.
		i, ierr := v.InspectXML(xml)
		checkSentinel(t, ierr)
		if (err == nil && ierr != nil) || (ierr == nil && i.Verified) {
			t.Fatalf("InspectXML = %v after VerifyXML = %v", ierr, err)
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
	f.Add(string(fixture(f, "secureqr-v2-mobilehash.txt")))
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

// FuzzParseDate checks ParseDate against time.Parse in the three full
// layouts (an independent calendar) and its own round trip.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"15-08-1992", "15/08/1992", "1992-08-15", "1992", "", " 1992 ", "29-02-2000",
		"29-02-1900", "31-04-2024", "00-01-2000", "01-00-2000", "0000", "01-01-0000", "1-1-2000", "15-08/1992", "१९९२"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			if !errors.Is(err, ErrMalformed) || strings.Contains(err.Error(), s) && strings.TrimSpace(s) != "" && len(s) > 3 {
				t.Fatalf("error %q: want ErrMalformed naming the field only", err)
			}
			return
		}
		trimmed := strings.TrimSpace(s)
		switch {
		case trimmed == "":
			if !d.IsZero() {
				t.Fatal("empty input gave a date")
			}
			return
		case d.YearOnly():
			if len(trimmed) != 4 || d.Year < 1 {
				t.Fatalf("%q read as year %d", s, d.Year)
			}
		default:
			var ref time.Time
			var perr error = errors.New("no layout")
			for _, layout := range []string{"02-01-2006", "02/01/2006", "2006-01-02"} {
				if ref, perr = time.Parse(layout, trimmed); perr == nil {
					break
				}
			}
			if perr != nil || ref.Year() != d.Year || ref.Month() != d.Month || ref.Day() != d.Day {
				t.Fatalf("%q: ParseDate %v, time.Parse %v %v", s, d.ISO(), ref, perr)
			}
		}
		// The ISO form parses back to the same date.
		if back, err := ParseDate(d.ISO()); err != nil || back != d {
			t.Fatalf("round trip %q -> %q -> %v %v", s, d.ISO(), back, err)
		}
	})
}

// FuzzKeyRingFiles feeds arbitrary files to KeyRing.WithFS (the parser of
// -certs DIR): errors are ErrKeyRing or ErrTooLarge, and every key that
// gets in is an RSA key of at least MinRSABits bits.
func FuzzKeyRingFiles(f *testing.F) {
	k := fixtureKey(f)
	spki, _ := x509.MarshalPKIXPublicKey(&k.key.PublicKey)
	f.Add(pemCert(k.cert), "a.pem")
	f.Add(k.cert.Raw, "a.der")
	f.Add(spki, "k.der")
	f.Add(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: spki}), "k.pem")
	f.Add(pem.EncodeToMemory(&pem.Block{Type: "RSA PUBLIC KEY", Bytes: x509.MarshalPKCS1PublicKey(&k.key.PublicKey)}), "k.pub")
	f.Add(fixture(f, "keys/test-signer.key.pem"), "key.pem")
	f.Add(append(pemCert(k.cert), pemCert(attackerKey(f).cert)...), "two.crt")
	f.Add([]byte("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"), "bad.cer")
	f.Add([]byte{}, "empty.pem")
	f.Fuzz(func(t *testing.T, data []byte, name string) {
		if name == "" || strings.ContainsAny(name, "/\\") || !fs.ValidPath(name) {
			return
		}
		r, err := (&KeyRing{}).WithFS(fstest.MapFS{name: {Data: data}})
		if err != nil {
			if !errors.Is(err, ErrKeyRing) && !errors.Is(err, ErrTooLarge) {
				t.Fatalf("undocumented error: %v", err)
			}
			return
		}
		for _, e := range r.entries {
			if e.pub == nil || e.pub.N.BitLen() < MinRSABits || e.name == "" {
				t.Fatalf("bad entry %q", e.name)
			}
			if e.cert == nil && e.fingerprint != e.spki {
				t.Fatal("bare key fingerprint is not its SPKI's")
			}
		}
		switch strings.ToLower(filepath.Ext(name)) {
		case ".cer", ".crt", ".pem", ".der", ".pub":
		default:
			if r.Len() != 0 {
				t.Fatal("a file of another extension was read")
			}
			return
		}
		// The same bytes through WithPEMOrDER give the same keys (or it
		// refuses a file that holds none).
		r2, err := (&KeyRing{}).WithPEMOrDER("x", data)
		if err == nil && r2.Len() != r.Len() {
			t.Fatalf("WithPEMOrDER found %d keys, WithFS %d", r2.Len(), r.Len())
		}
	})
}

// docContent is a Document's fields as one comparable string.
func docContent(d *Document) string {
	b, err := json.Marshal(struct {
		Name, Last4, DOB, Gender string
		Time                     time.Time
		Address                  Address
		Photo, Email, Mobile     []byte
	}{d.Name, d.Reference.Last4, d.DOB.ISO(), d.Gender, d.Reference.Time, d.Address, d.Photo, d.EmailHash, d.MobileHash})
	if err != nil {
		panic(err)
	}
	return string(b)
}
