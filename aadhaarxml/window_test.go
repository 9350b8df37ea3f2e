package aadhaarxml

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// expiredSignerCert is a certificate for the fixture signer's key, issued
// by the test CA, valid 2020-01-01 to 2023-01-01: expired before the
// fixtures' signed time (2025-01-15). It is checked in as
// certs-expired/kyckit-test-signer-expired.pem.
func expiredSignerCert(t testing.TB) *x509.Certificate {
	t.Helper()
	c, err := x509.ParseCertificate(pemBlock(t, fixture(t, "certs-expired/kyckit-test-signer-expired.pem")))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func pemBlock(t testing.TB, b []byte) []byte {
	t.Helper()
	blk, _ := pem.Decode(b)
	if blk == nil {
		t.Fatal("not PEM")
	}
	return blk.Bytes
}

// TestSigningWindow is issue 21's acceptance test: a document signed, with
// a test key, under a certificate that expired before the document's signed
// time but inside the key's configured window verifies by default and fails
// under ValidityStrict; outside the window it fails with ErrOutsideWindow
// naming the window.
func TestSigningWindow(t *testing.T) {
	k := fixtureKey(t)
	old := expiredSignerCert(t)
	if !old.NotAfter.Before(time.Date(2025, 1, 15, 0, 0, 0, 0, ist)) || !k.key.PublicKey.Equal(old.PublicKey) {
		t.Fatal("fixture: want an expired certificate for the signer's key")
	}
	ring, err := NewKeyRing(old)
	if err != nil {
		t.Fatal(err)
	}
	name := old.Subject.CommonName
	until := time.Date(2025, 6, 30, 23, 59, 59, 0, ist)
	ring, err = ring.WithWindow(name, Window{From: old.NotBefore, Until: until, Evidence: "test: seen signing until June 2025"})
	if err != nil {
		t.Fatal(err)
	}
	p := fixturePerson() // signed 2025-01-15
	for _, alg := range []string{algRSASHA1, algRSASHA256} {
		xml := signXML(t, k, p.body("1234"), signOpts{sigAlg: alg})
		qr := makeQR(t, k, p.qrText(2, "2", "0002"), testJ2K(), nil, false)

		v := &Verifier{Certs: ring, Now: fixedNow}
		for _, verify := range []func() (*Document, error){
			func() (*Document, error) { return v.VerifyXML(xml) },
			func() (*Document, error) { return v.VerifyQR(qr) },
		} {
			d, err := verify()
			if err != nil {
				t.Fatalf("%s, default rule: %v", alg, err)
			}
			s := d.Signer
			if !s.InWindow || s.ValidAtSigning || s.Window.Until != until || s.NotAfter != old.NotAfter || s.KeyOnly {
				t.Errorf("signer = %+v", s)
			}
		}

		strict := &Verifier{Certs: ring, Now: fixedNow, Validity: ValidityStrict}
		_, err := strict.VerifyXML(xml)
		var te *TimeError
		if !errors.Is(err, ErrCertExpired) || !errors.As(err, &te) || te.Rule != ValidityStrict ||
			!te.Until.Equal(old.NotAfter) || !strings.Contains(err.Error(), "strict x.509 validity") ||
			!strings.Contains(err.Error(), "2023-01-01") {
			t.Errorf("%s, strict: %v", alg, err)
		}
		if _, err := strict.VerifyQR(qr); !errors.Is(err, ErrCertExpired) {
			t.Errorf("strict qr: %v", err)
		}
	}

	// Signed after the window.
	late := fixturePerson()
	late.RefID = "2468" + "20250715103000123"
	xml := signXML(t, k, late.body("1234"), signOpts{})
	_, err = (&Verifier{Certs: ring, Now: fixedNow}).VerifyXML(xml)
	var te *TimeError
	if !errors.Is(err, ErrOutsideWindow) || !errors.As(err, &te) || te.Key != name || te.Rule != ValidityWindow ||
		!te.Until.Equal(until) || !te.From.Equal(old.NotBefore) {
		t.Fatalf("outside the window: %v", err)
	}
	for _, want := range []string{"window", name, "2025-07-15T10:30:00+05:30", "2025-06-30T23:59:59+05:30", "2020-01-01", "rule: signing window"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	// AllowExpiredCert lets it through and says so.
	d, err := (&Verifier{Certs: ring, Now: fixedNow, AllowExpiredCert: true}).VerifyXML(xml)
	if err != nil || d.Signer.InWindow || d.Signer.ValidAtSigning {
		t.Fatalf("AllowExpiredCert: %v %+v", err, d)
	}
	// Without the extension, the window is the certificate's validity.
	plain, _ := NewKeyRing(old)
	if _, err := (&Verifier{Certs: plain, Now: fixedNow}).VerifyXML(signXML(t, k, p.body("1234"), signOpts{})); !errors.Is(err, ErrOutsideWindow) {
		t.Errorf("unextended window: %v", err)
	}
	// Ring changes that name no key, or an inverted window, are refused.
	if _, err := ring.WithWindow("nosuch", Window{}); !errors.Is(err, ErrKeyRing) {
		t.Errorf("unknown key: %v", err)
	}
	if _, err := ring.WithWindow(name, Window{From: until, Until: old.NotBefore}); !errors.Is(err, ErrKeyRing) {
		t.Errorf("inverted window: %v", err)
	}
	// Keys are also named by fingerprint.
	fp := sha256.Sum256(old.Raw)
	if w, ok := ring.Window(hex.EncodeToString(fp[:])); !ok || w.Until != until {
		t.Errorf("Window by fingerprint = %v %v", w, ok)
	}
}

// TestUIDAIWindows checks the embedded keys' windows, and the case that
// prompted them: a document signed on 2025-02-24 by the DS UIDAI India 05
// key of 2021, whose certificate expired on 2024-02-27.
func TestUIDAIWindows(t *testing.T) {
	ring, err := UIDAIKeyRing()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name        string
		from, until string
		keyOnly     bool
	}{
		{"uidai_prod_cdup", "2017-06-08T10:46:26Z", "2020-06-07T10:46:26Z", false},
		{"uidai_auth_sign_prod_2023", "2020-05-27T05:03:05Z", "2023-05-27T05:03:05Z", false},
		{"uidai_offline_publickey_26022021", "2021-02-26T11:54:24Z", "2025-02-24T18:29:59.999Z", false},
		{"uidai_offline_publickey_17022026", "2024-02-21T12:23:19Z", "2026-02-16T22:27:40Z", false},
		{"uidai_offline_publickey_2026", "2026-02-03T09:56:12Z", "2029-02-03T17:28:36Z", true},
	} {
		w, ok := ring.Window(tt.name)
		from, _ := time.Parse(time.RFC3339, tt.from)
		until, _ := time.Parse(time.RFC3339, tt.until)
		if !ok || !w.From.Equal(from) || !w.Until.Equal(until) || w.Evidence == "" {
			t.Errorf("%s: window %v (%q), want %s .. %s", tt.name, w, w.Evidence, tt.from, tt.until)
		}
		e := &ring.entries[slicesIndex(ring.Names(), tt.name)]
		if (e.cert == nil) != tt.keyOnly || !e.pinned {
			t.Errorf("%s: key only %v, pinned %v", tt.name, e.cert == nil, e.pinned)
		}
	}
	e := &ring.entries[slicesIndex(ring.Names(), "uidai_offline_publickey_26022021")]
	signed := time.Date(2025, 2, 24, 11, 15, 0, 0, ist)
	def := &Verifier{Now: fixedNow}
	if s, err := def.checkTime(e, signed); err != nil || !s.InWindow || s.ValidAtSigning {
		t.Errorf("2025-02-24, window rule: %v %+v", err, s)
	}
	strict := &Verifier{Now: fixedNow, Validity: ValidityStrict}
	if _, err := strict.checkTime(e, signed); !errors.Is(err, ErrCertExpired) {
		t.Errorf("2025-02-24, strict: %v", err)
	}
	if _, err := def.checkTime(e, signed.AddDate(0, 0, 1)); !errors.Is(err, ErrOutsideWindow) {
		t.Errorf("2025-02-25: %v", err)
	}
	// The bare key of a pinned certificate gets the pin's name, validity and
	// window.
	bare, err := (&KeyRing{}).WithPublicKey("mine", e.pub, Window{})
	if err != nil {
		t.Fatal(err)
	}
	if bw, ok := bare.Window("uidai_offline_publickey_26022021"); !ok || !bw.From.Equal(e.from) || !bw.Until.Equal(e.window.Until) ||
		!bare.entries[0].to.Equal(e.to) || bare.entries[0].cert != nil {
		t.Errorf("bare 2021 key: %v %v", bw, ok)
	}
	// The 2026 key is held without a certificate: its documented validity
	// serves the strict rule.
	k26 := &ring.entries[slicesIndex(ring.Names(), "uidai_offline_publickey_2026")]
	if s, err := strict.checkTime(k26, time.Date(2026, 5, 4, 0, 0, 0, 0, ist)); err != nil || !s.KeyOnly || s.Subject != "" {
		t.Errorf("2026 key, strict: %v %+v", err, s)
	}
}

func slicesIndex(s []string, v string) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	panic("no " + v)
}

// TestKeyRingPublicKeys loads bare public keys (SPKI PEM and DER, PKCS #1
// PEM) and verifies with them.
func TestKeyRingPublicKeys(t *testing.T) {
	k := fixtureKey(t)
	spki, err := x509.MarshalPKIXPublicKey(&k.key.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	spkiPEM := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: spki})
	pkcs1PEM := pem.EncodeToMemory(&pem.Block{Type: "RSA PUBLIC KEY", Bytes: x509.MarshalPKCS1PublicKey(&k.key.PublicKey)})
	sum := sha256.Sum256(spki)
	xml := fixture(t, "offlineaadhaar20250115103000123.xml")
	qr := string(fixture(t, "secureqr-v2.txt"))
	for name, data := range map[string][]byte{"spki.pem": spkiPEM, "spki.der": spki, "pkcs1.pem": pkcs1PEM} {
		t.Run(name, func(t *testing.T) {
			ring, err := (&KeyRing{}).WithFS(fstest.MapFS{name: {Data: data}})
			if err != nil || ring.Len() != 1 || len(ring.Certificates()) != 0 {
				t.Fatalf("WithFS: %v", err)
			}
			if fp := ring.Fingerprints()[0]; fp != hex.EncodeToString(sum[:]) {
				t.Errorf("fingerprint %s", fp)
			}
			d, err := (&Verifier{Certs: ring, Now: fixedNow}).VerifyXML(xml)
			if err != nil {
				t.Fatal(err)
			}
			s := d.Signer
			if !s.KeyOnly || s.Name != strings.TrimSuffix(name, filepath.Ext(name)) || s.Fingerprint != s.SPKIFingerprint ||
				s.Subject != "" || !s.InWindow || s.ValidAtSigning {
				t.Errorf("signer %+v", s)
			}
			if _, err := (&Verifier{Certs: ring, Now: fixedNow}).VerifyQR(qr); err != nil {
				t.Errorf("qr: %v", err)
			}
			// No certificate: the strict rule has nothing to go by.
			if _, err := (&Verifier{Certs: ring, Now: fixedNow, Validity: ValidityStrict}).VerifyXML(xml); !errors.Is(err, ErrCertExpired) ||
				!strings.Contains(err.Error(), "no certificate") {
				t.Errorf("strict: %v", err)
			}
		})
	}
	// WithPEMOrDER and WithPublicKey, with a window.
	r, err := (&KeyRing{}).WithPEMOrDER("pem", spkiPEM)
	if err != nil || r.Len() != 1 {
		t.Fatalf("WithPEMOrDER: %v", err)
	}
	w := Window{Until: time.Date(2024, 12, 31, 0, 0, 0, 0, ist), Evidence: "test"}
	r, err = (&KeyRing{}).WithPublicKey("bare", &k.key.PublicKey, w)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := (&Verifier{Certs: r, Now: fixedNow}).VerifyXML(xml); !errors.Is(err, ErrOutsideWindow) {
		t.Errorf("bare key outside its window: %v", err)
	}
	// The certificate of a key already held bare completes the entry,
	// which keeps its name and window.
	r2, err := r.With("", k.cert)
	if err != nil || r2.Len() != 1 || len(r2.Certificates()) != 1 || r2.Names()[0] != "bare" {
		t.Fatalf("certificate after key: %v %v", err, r2.Names())
	}
	if w2, _ := r2.Window("bare"); w2 != w {
		t.Errorf("window %v", w2)
	}
	// A bare key already present as a certificate is skipped.
	if r3, err := r2.WithPEMOrDER("again", spkiPEM); err != nil || r3.Len() != 1 {
		t.Errorf("key after certificate: %v", err)
	}
	// Short and non-RSA keys are refused.
	short, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := (&KeyRing{}).WithPublicKey("short", &short.PublicKey, Window{}); !errors.Is(err, ErrKeyRing) {
		t.Errorf("1024-bit key: %v", err)
	}
	if _, err := (&KeyRing{}).WithPublicKey("x", "not a key", Window{}); !errors.Is(err, ErrKeyRing) {
		t.Errorf("non-RSA: %v", err)
	}
}

// TestEmbedded2026Key checks the key-only pin: the embedded SPKI is the one
// documented, and a certificate carrying the pinned certificate fingerprint
// must hold that key.
func TestEmbedded2026Key(t *testing.T) {
	ring, err := UIDAIKeyRing()
	if err != nil {
		t.Fatal(err)
	}
	der, err := uidaiCerts.ReadFile("uidaicerts/uidai_offline_publickey_2026.spki.der")
	if err != nil {
		t.Fatal(err)
	}
	pub, err := x509.ParsePKIXPublicKey(der)
	if err != nil || pub.(*rsa.PublicKey).N.BitLen() != 2048 || pub.(*rsa.PublicKey).E != 65537 {
		t.Fatalf("embedded 2026 key: %v", err)
	}
	// Adding the same key again (as a file would) changes nothing.
	if r, err := ring.WithPEMOrDER("copy", pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})); err != nil || r.Len() != ring.Len() {
		t.Errorf("re-adding the 2026 key: %v", err)
	}
	// A certificate whose fingerprint is pinned but whose key is not the
	// pinned one is refused. (Pin a test certificate for the purpose.)
	a := attackerKey(t)
	fp := sha256.Sum256(a.cert.Raw)
	saved := uidaiPins
	t.Cleanup(func() { uidaiPins = saved })
	uidaiPins = append(append([]pin(nil), saved...), pin{name: "test_pin", cert: hex.EncodeToString(fp[:]), spki: strings.Repeat("00", 32)})
	if _, err := NewKeyRing(a.cert); !errors.Is(err, ErrKeyRing) || !strings.Contains(err.Error(), "test_pin") {
		t.Errorf("certificate with the wrong key: %v", err)
	}
}

// TestFindSignerOrder counts RSA verifications: with windows that do not
// overlap, the signer is found with one, wherever it sits in the ring.
func TestFindSignerOrder(t *testing.T) {
	k := fixtureKey(t)
	var others []*x509.Certificate
	for i := range 4 {
		nb := time.Date(2010+2*i, 1, 1, 0, 0, 0, 0, time.UTC)
		others = append(others, newTestKey(t, "old", nb, nb.AddDate(2, 0, 0)).cert)
	}
	ring, err := NewKeyRing(append(others, k.cert)...)
	if err != nil || ring.Len() != 5 {
		t.Fatal(err)
	}
	signed := time.Date(2025, 1, 15, 10, 30, 0, 0, ist)
	v := &Verifier{}
	count := func(hint int) (int, *ringEntry) {
		n := 0
		e, err := v.findSigner(ring, signed, hint, func(pub *rsa.PublicKey) bool {
			n++
			return pub.Equal(&k.key.PublicKey)
		})
		if err != nil {
			t.Fatal(err)
		}
		return n, e
	}
	ring.last.Store(0)
	if n, e := count(-1); n != 1 || !e.cert.Equal(k.cert) {
		t.Errorf("by window: %d verifications", n)
	}
	// A wrong KeyInfo hint costs one more.
	ring.last.Store(0)
	if n, _ := count(0); n != 2 {
		t.Errorf("wrong hint: %d verifications", n)
	}
	// No key accepts the claimed time: all are tried, the signer is found.
	ring.last.Store(0)
	n := 0
	e, err := v.findSigner(ring, time.Date(2040, 1, 1, 0, 0, 0, 0, ist), -1, func(pub *rsa.PublicKey) bool {
		n++
		return pub.Equal(&k.key.PublicKey)
	})
	if err != nil || !e.cert.Equal(k.cert) || n != 5 {
		t.Errorf("outside every window: %d verifications, %v", n, err)
	}
	// Nothing verifies: every key is tried once.
	n = 0
	if _, err := v.findSigner(ring, signed, 2, func(*rsa.PublicKey) bool { n++; return false }); !errors.Is(err, ErrUnknownSigner) || n != 5 {
		t.Errorf("unknown signer: %d verifications, %v", n, err)
	}
}

// TestDigestBeforeSigner is issue 17 item 4: integrity is checked before,
// and whatever, the signer.
func TestDigestBeforeSigner(t *testing.T) {
	tampered := fixture(t, "offlineaadhaar20250115103000123.tampered.xml")
	good := fixture(t, "offlineaadhaar20250115103000123.xml")
	attacker, err := NewKeyRing(attackerKey(t).cert)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []*Verifier{{Certs: attacker, Now: fixedNow}, {Now: fixedNow}} {
		if _, err := v.VerifyXML(tampered); !errors.Is(err, ErrTampered) {
			t.Errorf("VerifyXML(tampered) = %v", err)
		}
		if d, err := v.InspectXML(tampered); !errors.Is(err, ErrTampered) || d != nil {
			t.Errorf("InspectXML(tampered) = %v", err)
		}
		if _, err := v.VerifyXML(good); !errors.Is(err, ErrUnknownSigner) {
			t.Errorf("VerifyXML(unknown signer) = %v", err)
		}
		d, err := v.InspectXML(good)
		if err != nil || d.Verified || d.Signer != nil || d.Name != "Kavya Example" {
			t.Errorf("InspectXML(unknown signer) = %v %v", d, err)
		}
	}
	// DecodeXMLUnverified checks nothing but the parse.
	if d, err := DecodeXMLUnverified(tampered); err != nil || d.Verified {
		t.Errorf("DecodeXMLUnverified: %v", err)
	}
}

// TestExpiredFixtureCert checks the checked-in expired certificate against
// the signer key, so the CLI scripts that use it test what they say.
func TestExpiredFixtureCert(t *testing.T) {
	c := expiredSignerCert(t)
	caPEM, err := os.ReadFile(filepath.Join(fixtureDir, "keys", "test-ca.pem"))
	if err != nil {
		t.Fatal(err)
	}
	ca, err := x509.ParseCertificate(pemBlock(t, caPEM))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.CheckSignatureFrom(ca); err != nil {
		t.Errorf("not issued by the test CA: %v", err)
	}
	if c.NotBefore.Year() != 2020 || c.NotAfter.Year() != 2023 {
		t.Errorf("validity %v .. %v", c.NotBefore, c.NotAfter)
	}
}

// newExpiredSignerCert makes the certificate expiredSignerCert reads (run by
// the fixture generator).
func newExpiredSignerCert(t testing.TB, k *testKey) []byte {
	t.Helper()
	caKeyPEM, err := os.ReadFile(filepath.Join(fixtureDir, "keys", "test-ca.key.pem"))
	if err != nil {
		t.Fatal(err)
	}
	caPEM, err := os.ReadFile(filepath.Join(fixtureDir, "keys", "test-ca.pem"))
	if err != nil {
		t.Fatal(err)
	}
	caKey, err := x509.ParsePKCS8PrivateKey(pemBlock(t, caKeyPEM))
	if err != nil {
		t.Fatal(err)
	}
	ca, err := x509.ParseCertificate(pemBlock(t, caPEM))
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(3),
		Subject:   pkix.Name{CommonName: "kyckit TEST signer, expired 2023 (NOT UIDAI)", Organization: []string{"kyckit TEST ONLY"}},
		NotBefore: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), NotAfter: time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC),
		KeyUsage: x509.KeyUsageDigitalSignature}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &k.key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}
