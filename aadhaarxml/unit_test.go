package aadhaarxml

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/kyckit/kyckit/internal/verhoeff"

	"github.com/kyckit/kyckit/internal/logtest"
)

// Known answers from UIDAI's documentation examples, as computed in the
// research report (one independent implementation asserts the same).
func TestChainHashKnownAnswers(t *testing.T) {
	for _, tt := range []struct {
		in     string
		rounds int
		want   string
	}{
		{"9800000002Abc@123", 4, "735c04aebc33a05af444ed41f6352b083c5a28d75ff1a26f0fe2c72bba94d7dc"},
		{"1234567890Lock@487", 2, "f7250dc9e61759253bb741efbae306311632049154da7286e20b047bf3421a8f"},
		{"1234567890Lock@487", 1, "0331ee76a78f1ff400f46c90e1139cf412247a96fd07b9dcf88f8e896981a53f"},
		{"1234567890Lock@487", 0, "0331ee76a78f1ff400f46c90e1139cf412247a96fd07b9dcf88f8e896981a53f"},
		{"abc@gm.comLock@487", 2, "dd0d1e1b76596119b7c12b8f162a4a9c719d6a327e315cae659c1ffd80b180b8"},
	} {
		if got := ChainHash(tt.in, tt.rounds); got != tt.want {
			t.Errorf("ChainHash(%q, %d) = %s, want %s", tt.in, tt.rounds, got, tt.want)
		}
	}
}

func TestVerifyMobileEmailRules(t *testing.T) {
	ref := ReferenceID{Last4: "0004"}
	mob := chainHash("9800000002Abc@123", 4)
	plain := sha256.Sum256([]byte("a@example.com"))
	d := &Document{Source: SourceOfflineXML, Reference: ref, MobileHash: mob[:], EmailHash: plain[:]}
	for _, m := range []string{"9800000002", "+919800000002", "919800000002", "09800000002", " 98000 00002 ", "98000-00002"} {
		if r, err := d.VerifyMobile(m, "Abc@123"); err != nil || r != RuleChained {
			t.Errorf("VerifyMobile(%q) = %v, %v", m, r, err)
		}
	}
	for _, m := range []string{"", "980000000", "98000000021", "+1 9800000002", "98000x0002", "+9800000002"} {
		if _, err := d.VerifyMobile(m, "Abc@123"); !errors.Is(err, ErrInvalidMobile) {
			t.Errorf("VerifyMobile(%q) err = %v, want ErrInvalidMobile", m, err)
		}
	}
	if r, err := d.VerifyEmail("a@example.com", "Abc@123"); err != nil || r != RulePlain {
		t.Errorf("VerifyEmail plain = %v, %v", r, err)
	}
	if _, err := d.VerifyEmail("b@example.com", "Abc@123"); !errors.Is(err, ErrHashMismatch) {
		t.Errorf("VerifyEmail wrong = %v", err)
	}
	// QR V1: no share code.
	q := &Document{Source: SourceSecureQR, QRVersion: 1, Reference: ref}
	h := chainHash("9800000002", 4)
	q.MobileHash = h[:]
	if r, err := q.VerifyMobile("9800000002", "ignored"); err != nil || r != RuleChained {
		t.Errorf("QR V1 VerifyMobile = %v, %v", r, err)
	}
	if _, err := q.VerifyEmail("a@example.com", ""); !errors.Is(err, ErrNotShared) {
		t.Errorf("QR V1 VerifyEmail without hash = %v", err)
	}
	// QR V2: last 4.
	q2 := &Document{Source: SourceSecureQR, QRVersion: 2, MobileLast4: "0002"}
	if r, err := q2.VerifyMobile("9800000002", ""); err != nil || r != RuleLast4 {
		t.Errorf("QR V2 VerifyMobile = %v, %v", r, err)
	}
	if _, err := q2.VerifyMobile("9800000003", ""); !errors.Is(err, ErrHashMismatch) {
		t.Errorf("QR V2 VerifyMobile wrong = %v", err)
	}
	q2.MobileLast4 = ""
	if _, err := q2.VerifyMobile("9800000002", ""); !errors.Is(err, ErrNotShared) {
		t.Errorf("QR V2 VerifyMobile none = %v", err)
	}
}

func TestOpenZIP(t *testing.T) {
	k := fixtureKey(t)
	p := fixturePerson()
	xml := signXML(t, k, p.body("Abc@123"), signOpts{})
	mod := time.Date(2025, 1, 15, 10, 30, 0, 0, time.UTC)
	name := "offlineaadhaar20250115103000123.xml"
	for _, code := range []string{"1234", "Abc@123", "", "शेयर-कोड", strings.Repeat("x", 300)} {
		z := makeZIP(t, name, xml, code, mod, 7)
		got, err := OpenZIP(z, code, nil)
		if err != nil || !bytes.Equal(got, xml) {
			t.Errorf("share code len %d: %v", len(code), err)
		}
		if _, err := OpenZIP(z, code+"x", nil); !errors.Is(err, ErrWrongShareCode) {
			t.Errorf("wrong code accepted: %v", err)
		}
	}
	good := makeZIP(t, name, xml, "1234", mod, 7)

	// Wrong codes that pass the 1-in-256 check byte are caught by inflate
	// or the CRC: try many and require that none opens.
	for i := range 2000 {
		if _, err := OpenZIP(good, fmt.Sprint(i+10000), nil); !errors.Is(err, ErrWrongShareCode) {
			t.Fatalf("code %d: %v", i+10000, err)
		}
	}

	// Build ZIPs with the stdlib writer for the structural cases.
	plainZip := func(files map[string][]byte, method uint16) []byte {
		var b bytes.Buffer
		zw := zip.NewWriter(&b)
		for n, c := range files {
			w, _ := zw.CreateHeader(&zip.FileHeader{Name: n, Method: method})
			w.Write(c)
		}
		zw.Close()
		return b.Bytes()
	}
	bomb := bytes.Repeat([]byte("A"), 3<<20)
	bombZip := makeZIP(t, name, bomb, "1234", mod, 7)
	corrupt := bytes.Clone(good)
	corrupt[len(corrupt)/3] ^= 0xff
	for _, tt := range []struct {
		name string
		zip  []byte
		opts *ZIPOptions
		want error
	}{
		{"not encrypted", plainZip(map[string][]byte{name: xml}, zip.Deflate), nil, ErrUnsupportedZip},
		{"two entries", plainZip(map[string][]byte{name: xml, "b.xml": xml}, zip.Deflate), nil, ErrUnsupportedZip},
		{"bad name", makeZIP(t, "../evil.xml", xml, "1234", mod, 7), nil, ErrUnsupportedZip},
		{"bad name 2", makeZIP(t, "offlineaadhaar.xml", xml, "1234", mod, 7), nil, ErrUnsupportedZip},
		{"empty", nil, nil, ErrMalformed},
		{"garbage", []byte("PK\x03\x04garbage"), nil, ErrMalformed},
		{"bomb", bombZip, nil, ErrTooLarge},
		{"zip cap", good, &ZIPOptions{MaxZIPSize: 100}, ErrTooLarge},
		{"xml cap", good, &ZIPOptions{MaxXMLSize: 100}, ErrTooLarge},
		{"corrupt", corrupt, nil, ErrWrongShareCode},
	} {
		if _, err := OpenZIP(tt.zip, "1234", tt.opts); !errors.Is(err, tt.want) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
	}
	// A header that lies about the size is cut off while inflating.
	lying := bytes.Clone(bombZip)
	patchSizes(t, lying, 1000)
	if _, err := OpenZIP(lying, "1234", nil); !errors.Is(err, ErrTooLarge) && !errors.Is(err, ErrWrongShareCode) {
		t.Errorf("lying sizes: %v", err)
	}
}

// patchSizes rewrites the uncompressed size in the central directory.
func patchSizes(t *testing.T, z []byte, size uint32) {
	t.Helper()
	i := bytes.LastIndex(z, []byte("PK\x01\x02"))
	if i < 0 {
		t.Fatal("no central directory")
	}
	off := i + 24
	z[off], z[off+1], z[off+2], z[off+3] = byte(size), byte(size>>8), byte(size>>16), byte(size>>24)
}

func TestSecureQRLayouts(t *testing.T) {
	k := fixtureKey(t)
	v := &Verifier{Certs: k.ring(t), Now: fixedNow}
	p := fixturePerson()
	photo := testJ2K()
	em := chainHash("kavya.example@example.com", 8)
	mo := chainHash("9800000002", 8)
	for _, tt := range []struct {
		name     string
		version  int
		ind      string
		hashes   [][]byte
		zlib     bool
		wantE    bool
		wantM    bool
		wantErr  error
		allowNew bool
	}{
		{"v1-none", 1, "0", nil, false, false, false, nil, false},
		{"v1-email", 1, "1", [][]byte{em[:]}, false, true, false, nil, false},
		{"v1-mobile", 1, "2", [][]byte{mo[:]}, true, false, true, nil, false},
		{"v1-both", 1, "3", [][]byte{em[:], mo[:]}, false, true, true, nil, false},
		{"v2", 2, "2", nil, false, false, false, nil, false},
		{"v3", 3, "3", nil, true, false, false, nil, false},
		{"v5", 5, "0", nil, false, false, false, nil, false},
		{"v4-unknown", 4, "0", nil, false, false, false, ErrUnsupportedVersion, false},
		{"v9-allowed", 9, "0", nil, false, false, false, nil, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			qr := makeQR(t, k, p.qrText(tt.version, tt.ind, "0002"), photo, tt.hashes, tt.zlib)
			vv := *v
			vv.AllowUnknownQRVersion = tt.allowNew
			d, err := vv.VerifyQR(qr)
			if !errors.Is(err, tt.wantErr) || (err == nil) != (tt.wantErr == nil) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			if d.QRVersion != tt.version || !bytes.Equal(d.Photo, photo) || d.PhotoFormat != PhotoJPEG2000 {
				t.Errorf("version %d photo %d bytes (%v)", d.QRVersion, len(d.Photo), d.PhotoFormat)
			}
			if d.Name != "Kavya Example" || d.Address.VTC != "Testpur" || d.DOB.Year != 1992 {
				t.Errorf("fields: %q %q %v", d.Name, d.Address.VTC, d.DOB)
			}
			if (d.EmailHash != nil) != tt.wantE || (d.MobileHash != nil) != tt.wantM {
				t.Errorf("hashes e=%v m=%v", d.EmailHash != nil, d.MobileHash != nil)
			}
			if tt.wantM {
				if r, err := d.VerifyMobile("9800000002", ""); err != nil || r != RuleChained {
					t.Errorf("VerifyMobile = %v %v", r, err)
				}
			}
			if tt.wantE {
				if r, err := d.VerifyEmail("kavya.example@example.com", ""); err != nil || r != RuleChained {
					t.Errorf("VerifyEmail = %v %v", r, err)
				}
			}
			if tt.version >= 2 && d.MobileLast4 != "0002" {
				t.Errorf("last4 = %q", d.MobileLast4)
			}
		})
	}
	// Latin-1 text becomes UTF-8.
	f := p.qrText(2, "2", "0002")
	f[3] = []byte{'J', 0xf6, 'r', 'g'}
	d, err := v.VerifyQR(makeQR(t, k, f, photo, nil, false))
	if err != nil || d.Name != "Jörg" {
		t.Errorf("latin1 name = %q, %v", d.Name, err)
	}
	// Errors.
	good := makeQR(t, k, p.qrText(2, "2", "0002"), photo, nil, false)
	payload := mustPayload(t, good)
	flip := bytes.Clone(payload)
	flip[10] ^= 1
	for _, tt := range []struct {
		name string
		qr   string
		want error
	}{
		{"empty", "", ErrMalformed},
		{"letters", "12ab", ErrMalformed},
		{"negative", "-" + good, ErrMalformed},
		{"not compressed", "123456789", ErrMalformed},
		{"too long", strings.Repeat("9", DefaultMaxQRDigits+1), ErrTooLarge},
		{"legacy", `<?xml version="1.0"?><PrintLetterBarcodeData uid="x"/>`, ErrLegacyQR},
		{"short", qrEncode([]byte("short"), false), ErrMalformed},
		{"bit flip", qrEncode(flip, false), ErrUnknownSigner},
		{"bomb", qrEncode(bytes.Repeat([]byte{0}, DefaultMaxQRSize+10), false), ErrTooLarge},
		{"no fields", makeQR(t, k, nil, []byte("no delimiters here"), nil, false), ErrMalformed},
		{"too few fields", makeQR(t, k, p.qrText(2, "2", "0002")[:5], nil, nil, false), ErrMalformed},
		{"bad indicator", makeQR(t, k, append([][]byte{[]byte("7")}, p.qrText(1, "3", "")[1:]...), photo, nil, false), ErrMalformed},
		{"bad refid", makeQR(t, k, func() [][]byte { f := p.qrText(2, "2", "0002"); f[2] = []byte("12"); return f }(), photo, nil, false), ErrMalformed},
		{"v1 hashes longer than rest", makeQR(t, k, p.qrText(1, "3", ""), nil, nil, false), ErrMalformed},
	} {
		if _, err := v.VerifyQR(tt.qr); !errors.Is(err, tt.want) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
	}
	// Signed time after the certificate, whose validity is the window.
	late := p
	late.RefID = "2468" + "20370101000000000"
	if _, err := (&Verifier{Certs: k.ring(t), Now: func() time.Time { return time.Date(2037, 6, 1, 0, 0, 0, 0, time.UTC) }}).
		VerifyQR(makeQR(t, k, late.qrText(2, "2", "0002"), photo, nil, false)); !errors.Is(err, ErrOutsideWindow) {
		t.Errorf("expired: %v", err)
	}
	// Future and too-old documents.
	past := &Verifier{Certs: k.ring(t), Now: func() time.Time { return time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC) }}
	if _, err := past.VerifyQR(good); !errors.Is(err, ErrFutureTimestamp) {
		t.Errorf("future: %v", err)
	}
	aged := &Verifier{Certs: k.ring(t), Now: fixedNow, MaxAge: 24 * time.Hour}
	if _, err := aged.VerifyQR(good); !errors.Is(err, ErrTooOld) {
		t.Errorf("too old: %v", err)
	}
}

func TestLegacyQR(t *testing.T) {
	// An invented number made Verhoeff-valid here; it never leaves the test.
	prefix := "23412341234"
	c, err := verhoeff.Compute(prefix)
	if err != nil {
		t.Fatal(err)
	}
	uid := prefix + string(c)
	s := `<?xml version="1.0" encoding="UTF-8"?><PrintLetterBarcodeData uid="` + uid +
		`" name="Kavya Example" gender="F" yob="1992" co="C/O: Ravi Example" house="42-B" street="Sample Street" lm="Near Example Park" loc="Demo Nagar" vtc="Testpur" po="Testpur" dist="Example District" subdist="Testpur Tehsil" state="Karnataka" pc="560001" dob="15/08/1992"/>`
	d, err := DecodeQRUnverified(s)
	if err != nil {
		t.Fatal(err)
	}
	if d.Verified || d.Source != SourceLegacyQR || d.MaskedNumber() != "XXXX XXXX "+uid[8:] {
		t.Errorf("legacy: %v", d)
	}
	if d.DOB != (Date{1992, 8, 15}) || d.Address.Landmark != "Near Example Park" {
		t.Errorf("legacy fields: %+v %+v", d.DOB, d.Address)
	}
	// The full number appears nowhere in any rendering.
	js, _ := json.Marshal(d)
	var logBuf bytes.Buffer
	slog.New(slog.NewJSONHandler(&logBuf, logtest.NoTime())).Info("doc", "d", d)
	for _, out := range []string{string(js), logBuf.String(), d.String(), fmt.Sprintf("%v %+v %#v %v", d, d, d, *d)} {
		if strings.Contains(out, uid) {
			t.Fatalf("full number leaked: %s", out)
		}
	}
	if _, err := (&Verifier{}).VerifyQR(s); !errors.Is(err, ErrLegacyQR) {
		t.Errorf("VerifyQR(legacy) = %v", err)
	}
	for _, bad := range []string{`<PrintLetterBarcodeData uid="12"/>`, `<Other/>`, `<!DOCTYPE x><PrintLetterBarcodeData/>`} {
		if _, err := DecodeQRUnverified(bad); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: %v", bad, err)
		}
	}
}

func TestKeyRing(t *testing.T) {
	r, err := UIDAIKeyRing()
	if err != nil {
		t.Fatal(err)
	}
	if r.Len() != 5 || len(r.Certificates()) != 4 {
		t.Fatalf("embedded ring has %d keys, %d certificates", r.Len(), len(r.Certificates()))
	}
	for i, fp := range r.Fingerprints() {
		want := uidaiPins[i].cert
		if strings.HasSuffix(uidaiPins[i].file, ".spki.der") {
			want = uidaiPins[i].spki
		}
		if fp != want {
			t.Errorf("fingerprint %d = %s", i, fp)
		}
	}
	k := fixtureKey(t)
	certPEM := pemCert(k.cert)
	fsys := fstest.MapFS{
		"signer.pem":  {Data: certPEM},
		"signer.der":  {Data: k.cert.Raw}, // duplicate: skipped
		"notes.txt":   {Data: []byte("ignored")},
		"sub/x.pem":   {Data: []byte("ignored")},
		"another.cer": {Data: pemCert(attackerKey(t).cert)},
	}
	r2, err := r.WithFS(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if r2.Len() != 7 || r.Len() != 5 {
		t.Errorf("lens %d %d", r2.Len(), r.Len())
	}
	if _, err := r.WithFS(fstest.MapFS{"bad.pem": {Data: []byte("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")}}); !errors.Is(err, ErrKeyRing) {
		t.Errorf("bad pem: %v", err)
	}
	if r4, err := r.WithFS(fstest.MapFS{"k.key.pem": {Data: []byte("-----BEGIN PRIVATE KEY-----\nAA==\n-----END PRIVATE KEY-----\n")}}); err != nil || r4.Len() != r.Len() {
		t.Errorf("key file in dir: %v", err)
	}
	if _, err := r.WithFS(fstest.MapFS{"bad.der": {Data: []byte("junk")}}); !errors.Is(err, ErrKeyRing) {
		t.Errorf("bad der: %v", err)
	}
	if _, err := r.WithFS(fstest.MapFS{"big.pem": {Data: make([]byte, MaxCertFileSize+1)}}); !errors.Is(err, ErrKeyRing) {
		t.Errorf("big: %v", err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "kyckit-test.pem"), certPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	r3, err := r.WithDir(dir)
	if err != nil || r3.Len() != 6 {
		t.Fatalf("WithDir: %v", err)
	}
	// The embedded ring plus a run-time certificate verifies the fixture
	// and names the signer by its file name.
	xml, _ := os.ReadFile(filepath.Join(fixtureDir, "offlineaadhaar20250115103000123.xml"))
	d, err := (&Verifier{Certs: r3, Now: fixedNow}).VerifyXML(xml)
	if err != nil || d.Signer.Name != "kyckit-test" {
		t.Fatalf("verify with dir ring: %v %+v", err, d)
	}
	// nil Certs means the embedded UIDAI ring, which does not know the
	// test key.
	if _, err := (&Verifier{Now: fixedNow}).VerifyXML(xml); !errors.Is(err, ErrUnknownSigner) {
		t.Errorf("default ring: %v", err)
	}
	if _, err := (&Verifier{Certs: &KeyRing{}}).VerifyXML(xml); !errors.Is(err, ErrKeyRing) {
		t.Errorf("empty ring: %v", err)
	}
	if _, err := r.WithPEMOrDER("x", []byte("-----BEGIN PRIVATE KEY-----\nAA==\n-----END PRIVATE KEY-----\n")); !errors.Is(err, ErrKeyRing) {
		t.Errorf("key as cert: %v", err)
	}
}

func TestKeyJudgedAtSignedTime(t *testing.T) {
	k := fixtureKey(t)
	p := fixturePerson()
	// Signed in 2023, before the test certificate's validity (2024–2036),
	// which is its window.
	p.RefID = "2468" + "20231231235959999"
	xml := signXML(t, k, p.body("1234"), signOpts{})
	v := &Verifier{Certs: k.ring(t), Now: fixedNow}
	if _, err := v.VerifyXML(xml); !errors.Is(err, ErrOutsideWindow) {
		t.Fatalf("err = %v, want ErrOutsideWindow", err)
	}
	v.AllowExpiredCert = true
	d, err := v.VerifyXML(xml)
	if err != nil || d.Signer.ValidAtSigning || d.Signer.InWindow {
		t.Fatalf("AllowExpiredCert: %v %+v", err, d)
	}
	// The wall clock does not matter: a clock far past the certificate's
	// end still verifies a document signed in its validity.
	late := &Verifier{Certs: k.ring(t), Now: func() time.Time { return time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC) }}
	if _, err := late.VerifyXML(signXML(t, k, fixturePerson().body("1234"), signOpts{})); err != nil {
		t.Fatalf("late clock: %v", err)
	}
}

func TestDocumentLogging(t *testing.T) {
	k := fixtureKey(t)
	xml, _ := os.ReadFile(filepath.Join(fixtureDir, "offlineaadhaar20250115103000123.xml"))
	d, err := (&Verifier{Certs: k.ring(t), Now: fixedNow}).VerifyXML(xml)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	h := slog.NewJSONHandler(&buf, logtest.NoTime())
	slog.New(h).Info("verified", "doc", d, "addr", d.Address, "dob", d.DOB)
	_ = h.Handle(context.Background(), slog.Record{})
	out := buf.String() + d.String() + fmt.Sprintf("%v|%+v|%#v|%s", d, d, d, d)
	for _, secret := range []string{"Kavya", "Example District", "Sample Street", "1992", "560001"} {
		if strings.Contains(out, secret) {
			t.Errorf("%q leaked: %s", secret, out)
		}
	}
	for _, want := range []string{"XXXX XXXX 2468", d.Signer.Fingerprint, "Karnataka"} {
		if !strings.Contains(out, want) {
			t.Errorf("%q missing from log output: %s", want, out)
		}
	}
}

func TestParseDate(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Date
		err  bool
	}{
		{"15-08-1992", Date{1992, 8, 15}, false},
		{"15/08/1992", Date{1992, 8, 15}, false},
		{"1992-08-15", Date{1992, 8, 15}, false},
		{"1992", Date{Year: 1992}, false},
		{"", Date{}, false},
		{"31-02-1992", Date{}, true},
		{"15-13-1992", Date{}, true},
		{"15-08-92", Date{}, true},
		{"0000", Date{}, true},
		{"ab-cd-efgh", Date{}, true},
	} {
		got, err := ParseDate(tt.in)
		if (err != nil) != tt.err || got != tt.want {
			t.Errorf("ParseDate(%q) = %v, %v", tt.in, got, err)
		}
	}
	for _, s := range []string{"12342024010112000012", "1234202401011200001234", "123420241301120000123", "1234abcd0101120000123", "123419990101120000123"} {
		if _, err := parseReferenceID(s); !errors.Is(err, ErrMalformed) {
			t.Errorf("parseReferenceID(%q) = %v", s, err)
		}
	}
}

// TestConcurrentVerify shares one Verifier between goroutines (run with
// -race).
func TestConcurrentVerify(t *testing.T) {
	k := fixtureKey(t)
	v := &Verifier{Certs: k.ring(t), Now: fixedNow}
	xml := fixture(t, "offlineaadhaar20250115103000123.xml")
	qr := string(fixture(t, "secureqr-v2.txt"))
	errs := make(chan error, 16)
	for i := range 16 {
		go func() {
			var err error
			if i%2 == 0 {
				_, err = v.VerifyXML(xml)
			} else {
				_, err = v.VerifyQR(qr)
			}
			errs <- err
		}()
	}
	for range 16 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// TestStripSpace compares stripSpace with the obvious rune-wise definition.
func TestStripSpace(t *testing.T) {
	ref := func(s string) string {
		return strings.Map(func(r rune) rune {
			switch r {
			case ' ', '\t', '\r', '\n':
				return -1
			}
			return r
		}, s)
	}
	cases := []string{"", " ", "\r\n", "abc", " abc", "abc ", "a b\tc\rd\ne", "ab  \r\n\r\ncd", "é ü\t€ 😀", "\n\n\n"}
	alphabet := []string{"A", "z", "+", "/", "=", " ", "\t", "\r", "\n", "é", "€", "\v", "\f"}
	r := rand.New(rand.NewPCG(3, 4))
	for range 2000 {
		var b strings.Builder
		for range r.IntN(40) {
			b.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		cases = append(cases, b.String())
	}
	for _, s := range cases {
		if got, want := stripSpace(s), ref(s); got != want {
			t.Fatalf("stripSpace(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestQRDecompressorReuse interleaves good, corrupt and oversized gzip and
// zlib payloads: a pooled decompressor left mid-stream or failed by one
// input must not change the outcome for the next.
func TestQRDecompressorReuse(t *testing.T) {
	k := fixtureKey(t)
	p := fixturePerson()
	photo := testJ2K()
	raw := func(qr string) []byte {
		n, _ := new(big.Int).SetString(qr, 10)
		return n.Bytes()
	}
	enc := func(b []byte) string { return new(big.Int).SetBytes(b).String() }
	goodGzip := makeQR(t, k, p.qrText(2, "2", "0002"), photo, nil, false)
	goodZlib := makeQR(t, k, p.qrText(3, "3", "0002"), photo, nil, true)
	// Corrupt checksums (last trailer bytes) and truncated streams.
	badCRC := raw(goodGzip)
	badCRC[len(badCRC)-5] ^= 1 // CRC-32 precedes the 4-byte length
	badAdler := raw(goodZlib)
	badAdler[len(badAdler)-1] ^= 1
	gz, zl := raw(goodGzip), raw(goodZlib)
	truncGzip, truncZlib := gz[:len(gz)/2], zl[:len(zl)/2]

	small := &Verifier{Certs: k.ring(t), Now: fixedNow, MaxQRSize: qrSigLen + 10}
	v := &Verifier{Certs: k.ring(t), Now: fixedNow}
	steps := []struct {
		v       *Verifier
		qr      string
		version int
		wantErr error
	}{
		{v, goodGzip, 2, nil},
		{small, goodGzip, 0, ErrTooLarge}, // stops mid-stream
		{v, goodGzip, 2, nil},
		{v, enc(badCRC), 0, ErrMalformed},
		{v, goodGzip, 2, nil},
		{v, enc(truncGzip), 0, ErrMalformed},
		{v, goodZlib, 3, nil},
		{small, goodZlib, 0, ErrTooLarge},
		{v, goodZlib, 3, nil},
		{v, enc(badAdler), 0, ErrMalformed},
		{v, goodZlib, 3, nil},
		{v, enc(truncZlib), 0, ErrMalformed},
		{v, enc([]byte{0x1f, 0x8b, 8, 0xff}), 0, ErrMalformed}, // bad gzip header
		{v, enc([]byte{0x78, 0xbb, 0, 0}), 0, ErrMalformed},    // zlib FDICT set
		{v, goodGzip, 2, nil},
		{v, goodZlib, 3, nil},
	}
	for round := range 3 {
		for i, s := range steps {
			d, err := s.v.VerifyQR(s.qr)
			if !errors.Is(err, s.wantErr) || (err == nil) != (s.wantErr == nil) {
				t.Fatalf("round %d step %d: err = %v, want %v", round, i, err, s.wantErr)
			}
			if err == nil && (d.QRVersion != s.version || !bytes.Equal(d.Photo, photo) || !d.Verified) {
				t.Fatalf("round %d step %d: version %d, %d photo bytes, verified %v", round, i, d.QRVersion, len(d.Photo), d.Verified)
			}
		}
	}
}

// TestSecureQRV2Hashes covers the hashes a V2 (and later) Secure QR keeps
// after its JPEG 2000 photo: the photo ends at its EOC marker (FF D9), the
// 32-byte blocks after it are QRHashes, assigned by the indicator.
func TestSecureQRV2Hashes(t *testing.T) {
	k := fixtureKey(t)
	v := &Verifier{Certs: k.ring(t), Now: fixedNow}
	p := fixturePerson() // last digit 8: 8 rounds, no share code in a QR
	photo := testJ2K()
	email, mobile := "kavya.example@example.com", "9800000002"
	em, mo := chainHash(email, 8), chainHash(mobile, 8)
	fakeEOC := bytes.Repeat([]byte{0x5a}, 32)
	fakeEOC[30], fakeEOC[31] = 0xff, 0xd9 // a hash that happens to end like EOC
	for _, tt := range []struct {
		name           string
		version        int
		ind            string
		hashes         [][]byte
		photo          []byte
		wantE, wantM   []byte
		wantQRHashes   int
		mobileRule     HashRule
		mobileErr      error
		otherSameLast4 HashRule // 9811110002: same last 4 digits, other number
		emailErr       error
	}{
		{"v2 mobile", 2, "2", [][]byte{mo[:]}, photo, nil, mo[:], 1, RuleChained, nil, RuleNone, ErrNotShared},
		{"v3 mobile", 3, "2", [][]byte{mo[:]}, photo, nil, mo[:], 1, RuleChained, nil, RuleNone, ErrNotShared},
		{"v2 email", 2, "1", [][]byte{em[:]}, photo, em[:], nil, 1, RuleLast4, nil, RuleLast4, nil},
		{"v2 both", 2, "3", [][]byte{em[:], mo[:]}, photo, em[:], mo[:], 2, RuleChained, nil, RuleNone, nil},
		// Indicator 3 but one hash: which one is not said; both helpers
		// try it, and the mobile falls back to its last 4 digits.
		{"v2 one hash, indicator 3", 2, "3", [][]byte{mo[:]}, photo, nil, nil, 1, RuleChained, nil, RuleLast4, ErrHashMismatch},
		{"v2 one email hash, indicator 0", 5, "0", [][]byte{em[:]}, photo, nil, nil, 1, RuleLast4, nil, RuleLast4, nil},
		{"v2 no hash", 2, "2", nil, photo, nil, nil, 0, RuleLast4, nil, RuleLast4, ErrNotShared},
		{"v2 hash ending in FF D9", 2, "2", [][]byte{fakeEOC}, photo, nil, fakeEOC, 1, RuleNone, ErrHashMismatch, RuleNone, ErrNotShared},
		// Not a JPEG 2000 codestream: nothing is cut off the photo.
		{"v2 jpeg photo", 2, "2", [][]byte{mo[:]}, testJPEG(), nil, nil, 0, RuleLast4, nil, RuleLast4, ErrNotShared},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d, err := v.VerifyQR(makeQR(t, k, p.qrText(tt.version, tt.ind, "0002"), tt.photo, tt.hashes, false))
			if err != nil {
				t.Fatal(err)
			}
			wantPhoto := tt.photo
			if tt.wantQRHashes == 0 && tt.hashes != nil {
				wantPhoto = append(bytes.Clone(tt.photo), tt.hashes[0]...)
			}
			if !bytes.Equal(d.Photo, wantPhoto) {
				t.Errorf("photo: %d bytes, want %d", len(d.Photo), len(wantPhoto))
			}
			if d.PhotoFormat == PhotoJPEG2000 && !bytes.HasSuffix(d.Photo, []byte{0xff, 0xd9}) {
				t.Error("photo does not end at the EOC marker")
			}
			if !bytes.Equal(d.EmailHash, tt.wantE) || !bytes.Equal(d.MobileHash, tt.wantM) || len(d.QRHashes) != tt.wantQRHashes {
				t.Errorf("hashes e=%x m=%x, %d QR hashes", d.EmailHash, d.MobileHash, len(d.QRHashes))
			}
			rule, err := d.VerifyMobile(mobile, "ignored")
			if rule != tt.mobileRule || !errors.Is(err, tt.mobileErr) || (err == nil) != (tt.mobileErr == nil) {
				t.Errorf("VerifyMobile = %v, %v; want %v, %v", rule, err, tt.mobileRule, tt.mobileErr)
			}
			rule, _ = d.VerifyMobile("9811110002", "")
			if rule != tt.otherSameLast4 {
				t.Errorf("VerifyMobile(other number, same last 4) = %v, want %v", rule, tt.otherSameLast4)
			}
			rule, err = d.VerifyEmail(email, "")
			if tt.emailErr == nil && (err != nil || rule != RuleChained) || tt.emailErr != nil && !errors.Is(err, tt.emailErr) {
				t.Errorf("VerifyEmail = %v, %v; want %v", rule, err, tt.emailErr)
			}
			if _, err := d.VerifyEmail("someone@example.com", ""); err == nil {
				t.Error("VerifyEmail accepted another address")
			}
		})
	}
}

// TestDecodeBase64 compares decodeBase64 with the obvious definition (strip
// XML white space, then decode) on wrapped and broken inputs.
func TestDecodeBase64(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	ws := []string{" ", "\t", "\r", "\n", "\r\n", "  "}
	for range 3000 {
		raw := make([]byte, r.IntN(40))
		for i := range raw {
			raw[i] = byte(r.Uint32())
		}
		enc := base64.StdEncoding.EncodeToString(raw)
		var b strings.Builder
		for i := range len(enc) {
			if r.IntN(6) == 0 {
				b.WriteString(ws[r.IntN(len(ws))])
			}
			b.WriteByte(enc[i])
		}
		s := b.String()
		if r.IntN(8) == 0 && len(s) > 0 {
			s = s[:r.IntN(len(s))] + "*" // broken
		}
		got, err := decodeBase64(s)
		want, werr := base64.StdEncoding.DecodeString(stripSpace(s))
		if (err == nil) != (werr == nil) || err == nil && !bytes.Equal(got, want) {
			t.Fatalf("decodeBase64(%q) = %x, %v; want %x, %v", s, got, err, want, werr)
		}
	}
}
