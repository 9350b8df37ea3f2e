package aadhaarxml

// This file is the project's own generator of synthetic Offline e-KYC
// documents, ZIPs and Secure QR codes, signed with a throwaway test key in
// the exact UIDAI profile. The tests use it for signature-wrapping,
// missing-attribute, placeholder, line-ending and hash-round variants, and
//
//	go test ./aadhaarxml -run TestGenerateFixtures -update
//
// rewrites the checked-in fixtures under ../testdata/aadhaarxml (see the
// README there); -update-keys also makes a new test CA and signer key.

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"math/big"
	mrand "math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	dsig "github.com/russellhaering/goxmldsig"
)

var (
	update     = flag.Bool("update", false, "rewrite the fixtures in ../testdata/aadhaarxml")
	updateKeys = flag.Bool("update-keys", false, "with -update: also make a new test CA and signer key")
)

const fixtureDir = "../testdata/aadhaarxml"

// testKey is a signing key with its certificate.
type testKey struct {
	key  *rsa.PrivateKey
	cert *x509.Certificate
}

func (k *testKey) ring(t testing.TB) *KeyRing {
	t.Helper()
	r, err := NewKeyRing(k.cert)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// fixtureKey loads the checked-in test signer.
func fixtureKey(t testing.TB) *testKey {
	t.Helper()
	keyPEM, err := os.ReadFile(filepath.Join(fixtureDir, "keys", "test-signer.key.pem"))
	if err != nil {
		t.Fatalf("fixture key: %v", err)
	}
	certPEM, err := os.ReadFile(filepath.Join(fixtureDir, "certs", "kyckit-test-signer.pem"))
	if err != nil {
		t.Fatalf("fixture cert: %v", err)
	}
	kb, _ := pem.Decode(keyPEM)
	cb, _ := pem.Decode(certPEM)
	if kb == nil || cb == nil {
		t.Fatal("fixture key or cert is not PEM")
	}
	k, err := x509.ParsePKCS8PrivateKey(kb.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(cb.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return &testKey{key: k.(*rsa.PrivateKey), cert: c}
}

// newTestKey makes a fresh self-signed key (for attacker keys in tests).
func newTestKey(t testing.TB, cn string, notBefore, notAfter time.Time) *testKey {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: cn, Organization: []string{"kyckit TEST ONLY - NOT UIDAI"}},
		NotBefore:    notBefore, NotAfter: notAfter,
		KeyUsage: x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &k.PublicKey, k)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := x509.ParseCertificate(der)
	return &testKey{key: k, cert: c}
}

// person is an invented resident.
type person struct {
	RefID  string            // 21 digits: last 4 + yyyyMMddHHmmssSSS IST
	Poi    map[string]string // dob, e, gender, m, name (e and m computed when Mobile/Email set)
	Poa    map[string]string // the 12 address attributes
	Photo  []byte            // JPEG for XML, JPEG 2000 for QR
	NoPht  bool              // omit the Pht element
	Mobile string
	Email  string
}

func fixturePerson() person {
	return person{
		RefID: "246820250115103000123",
		Poi: map[string]string{
			"dob": "15-08-1992", "gender": "F", "name": "Kavya Example",
		},
		Poa: map[string]string{
			"careof": "C/O: Ravi Example", "country": "India", "dist": "Example District",
			"house": "42-B", "landmark": "Near Example Park", "loc": "Demo Nagar",
			"pc": "560001", "po": "Testpur", "state": "Karnataka", "street": "Sample Street",
			"subdist": "Testpur Tehsil", "vtc": "Testpur",
		},
		Photo:  testJPEG(),
		Mobile: "9800000002",
		Email:  "kavya.example@example.com",
	}
}

// testJPEG is a 32x32 grey gradient.
func testJPEG() []byte {
	img := image.NewGray(image.Rect(0, 0, 32, 32))
	for y := range 32 {
		for x := range 32 {
			img.SetGray(x, y, color.Gray{Y: uint8(4 * (x + y))})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 75}); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// testJ2K is a JPEG 2000-shaped placeholder (SOC, SIZ, ..., EOC markers,
// with 0xFF bytes inside), not a decodable image.
func testJ2K() []byte {
	b := []byte{0xff, 0x4f, 0xff, 0x51, 0x00, 0x29}
	for i := range 160 {
		b = append(b, byte(i*37))
	}
	return append(b, 0xff, 0xd9)
}

func escAttr(s string) string {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", `"`, "&quot;", "\t", "&#9;", "\n", "&#10;", "\r", "&#13;")
	return r.Replace(s)
}

func attrs(m map[string]string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, ` %s="%s"`, k, escAttr(m[k]))
	}
	return b.String()
}

// body renders the unsigned document (no XML declaration, one line, the
// attributes in alphabetical order as UIDAI writes them).
func (p person) body(shareCode string) string {
	poi := maps(p.Poi)
	rounds := ReferenceID{Last4: p.RefID[:4]}.rounds()
	if _, ok := poi["m"]; !ok && p.Mobile != "" {
		poi["m"] = ChainHash(p.Mobile+shareCode, rounds)
	}
	if _, ok := poi["e"]; !ok && p.Email != "" {
		poi["e"] = ChainHash(p.Email+shareCode, rounds)
	}
	pht := "<Pht>" + base64.StdEncoding.EncodeToString(p.Photo) + "</Pht>"
	if p.NoPht {
		pht = ""
	}
	return `<OfflinePaperlessKyc referenceId="` + p.RefID + `"><UidData><Poi` + attrs(poi) +
		`/><Poa` + attrs(p.Poa) + `/>` + pht + `</UidData></OfflinePaperlessKyc>`
}

func maps(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// signOpts varies the signature.
type signOpts struct {
	sigAlg     string // default rsa-sha1
	wrap       string // SignatureValue line break: "" none, "\n", "&#13;\n"
	keyInfo    *x509.Certificate
	transforms []string // default [enveloped]
	refURI     *string  // default ""
}

// signXML signs body (a complete root element) enveloped, in the UIDAI
// profile, and returns the document with its XML declaration.
func signXML(t testing.TB, k *testKey, body string, o signOpts) []byte {
	t.Helper()
	if o.sigAlg == "" {
		o.sigAlg = algRSASHA1
	}
	if o.transforms == nil {
		o.transforms = []string{algEnveloped}
	}
	uri := ""
	if o.refURI != nil {
		uri = *o.refURI
	}
	// The digest and the signed SignedInfo are computed by goxmldsig's
	// canonicalizer (not the package's own writer) over the parsed tree.
	root, err := parseXML([]byte(body))
	if err != nil {
		t.Fatalf("generator body: %v", err)
	}
	canon, err := dsig.MakeC14N10RecCanonicalizer().Canonicalize(root)
	if err != nil {
		t.Fatal(err)
	}
	digest := sha256.Sum256(canon)
	var tr strings.Builder
	for _, a := range o.transforms {
		tr.WriteString(`<Transform Algorithm="` + a + `"/>`)
	}
	si := `<SignedInfo><CanonicalizationMethod Algorithm="` + algC14N10 +
		`"/><SignatureMethod Algorithm="` + o.sigAlg +
		`"/><Reference URI="` + uri + `"><Transforms>` + tr.String() +
		`</Transforms><DigestMethod Algorithm="` + algSHA256 + `"/><DigestValue>` +
		base64.StdEncoding.EncodeToString(digest[:]) + `</DigestValue></Reference></SignedInfo>`
	ki := ""
	if o.keyInfo != nil {
		ki = "<KeyInfo><X509Data><X509Certificate>" + base64.StdEncoding.EncodeToString(o.keyInfo.Raw) +
			"</X509Certificate></X509Data></KeyInfo>"
	}
	i := strings.LastIndex(body, "</")
	unsigned := `<?xml version="1.0" encoding="UTF-8" standalone="no"?>` + "\n" + body[:i] +
		`<Signature xmlns="` + nsDSig + `">` + si + `<SignatureValue></SignatureValue>` + ki + `</Signature>` + body[i:]
	// SignedInfo is signed as it canonicalizes in place, inheriting the
	// namespace declarations and xml: attributes in scope.
	full, err := parseXML([]byte(unsigned))
	if err != nil {
		t.Fatalf("generator document: %v", err)
	}
	sig := full.SelectElement("Signature")
	canonSI, err := dsig.MakeC14N10RecCanonicalizer().Canonicalize(sig.SelectElement("SignedInfo"))
	if err != nil {
		t.Fatal(err)
	}
	var sv []byte
	if o.sigAlg == algRSASHA1 {
		h := sha1.Sum(canonSI)
		sv, err = rsa.SignPKCS1v15(nil, k.key, crypto.SHA1, h[:])
	} else {
		h := sha256.Sum256(canonSI)
		sv, err = rsa.SignPKCS1v15(nil, k.key, crypto.SHA256, h[:])
	}
	if err != nil {
		t.Fatal(err)
	}
	value := base64.StdEncoding.EncodeToString(sv)
	if o.wrap != "" {
		var lines []string
		for len(value) > 76 {
			lines, value = append(lines, value[:76]), value[76:]
		}
		value = strings.Join(append(lines, value), o.wrap)
	}
	return []byte(strings.Replace(unsigned, "<SignatureValue></SignatureValue>", "<SignatureValue>"+value+"</SignatureValue>", 1))
}

// makeZIP wraps xml into a UIDAI-style ZipCrypto ZIP: one Deflate entry,
// flags 0x0009 (encrypted + data descriptor), check byte from the mod-time.
// seed makes the encryption header reproducible.
func makeZIP(t testing.TB, name string, xml []byte, shareCode string, mod time.Time, seed uint64) []byte {
	t.Helper()
	var comp bytes.Buffer
	fw, _ := flate.NewWriter(&comp, flate.BestCompression)
	fw.Write(xml)
	fw.Close()
	fh := &zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: crc32.ChecksumIEEE(xml),
		UncompressedSize64: uint64(len(xml))}
	// CreateRaw writes the MS-DOS time fields as they are, and the ZipCrypto
	// check byte is the high byte of that DOS time, so the deprecated
	// fields are exactly what this generator needs.
	dosTime := uint16(mod.Hour()<<11 | mod.Minute()<<5 | mod.Second()/2)
	dosDate := uint16((mod.Year()-1980)<<9 | int(mod.Month())<<5 | mod.Day())
	//lint:ignore SA1019 the DOS time is the ZipCrypto check byte
	fh.ModifiedTime, fh.ModifiedDate = dosTime, dosDate
	fh.Flags = flagEncrypted | flagDataDescriptor
	hdr := make([]byte, zipCryptoHeaderLen)
	rng := mrand.New(mrand.NewChaCha8([32]byte{byte(seed), byte(seed >> 8)}))
	for i := range hdr[:10] {
		hdr[i] = byte(rng.Uint32())
	}
	hdr[10], hdr[11] = byte(dosTime), byte(dosTime>>8)
	enc := append(hdr, comp.Bytes()...)
	var z zipCrypto
	z.init(shareCode)
	for i, p := range enc {
		c := p ^ z.stream()
		z.update(p)
		enc[i] = c
	}
	fh.CompressedSize64 = uint64(len(enc))
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	w, err := zw.CreateRaw(fh)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(enc)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// qrFields are the text fields of a Secure QR in layout order (after the
// version marker, if any, and the indicator).
func (p person) qrText(version int, indicator string, last4 string) [][]byte {
	a := p.Poa
	f := []string{indicator, p.RefID, p.Poi["name"], p.Poi["dob"], p.Poi["gender"],
		a["careof"], a["dist"], a["landmark"], a["house"], a["loc"], a["pc"], a["po"],
		a["state"], a["street"], a["subdist"], a["vtc"]}
	if version >= 2 {
		f = append([]string{fmt.Sprintf("V%d", version)}, f...)
		f = append(f, last4)
	}
	out := make([][]byte, len(f))
	for i, s := range f {
		out[i] = []byte(s)
	}
	return out
}

// makeQR builds a signed Secure QR decimal string. For V1 the hashes
// follow the photo as the indicator says (email then mobile).
func makeQR(t testing.TB, k *testKey, fields [][]byte, photo []byte, hashes [][]byte, useZlib bool) string {
	t.Helper()
	var signed []byte
	for _, f := range fields {
		signed = append(append(signed, f...), 0xff)
	}
	signed = append(signed, photo...)
	for _, h := range hashes {
		signed = append(signed, h...)
	}
	h := sha256.Sum256(signed)
	sig, err := rsa.SignPKCS1v15(nil, k.key, crypto.SHA256, h[:])
	if err != nil {
		t.Fatal(err)
	}
	return qrEncode(append(signed, sig...), useZlib)
}

// qrEncode compresses a payload and renders it as the decimal string.
func qrEncode(payload []byte, useZlib bool) string {
	var b bytes.Buffer
	if useZlib {
		zw, _ := flate.NewWriter(&b, flate.BestCompression) // raw deflate, wrapped below
		zw.Write(payload)
		zw.Close()
		raw := b.Bytes()
		// zlib: CMF 0x78, FLG 0xda, deflate stream, Adler-32.
		var a1, a2 uint32 = 1, 0
		for _, c := range payload {
			a1 = (a1 + uint32(c)) % 65521
			a2 = (a2 + a1) % 65521
		}
		out := append([]byte{0x78, 0xda}, raw...)
		ad := a2<<16 | a1
		out = append(out, byte(ad>>24), byte(ad>>16), byte(ad>>8), byte(ad))
		return new(big.Int).SetBytes(out).String()
	}
	gw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	gw.Write(payload)
	gw.Close()
	return new(big.Int).SetBytes(b.Bytes()).String()
}

func pemCert(c *x509.Certificate) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})
}

// TestGenerateFixtures rewrites ../testdata/aadhaarxml under -update, and
// otherwise checks that the checked-in fixtures verify as documented.
func TestGenerateFixtures(t *testing.T) {
	if *update {
		generateFixtures(t)
	}
	k := fixtureKey(t)
	p := fixturePerson()
	v := &Verifier{Certs: k.ring(t), Now: fixedNow}
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(fixtureDir, name))
		if err != nil {
			t.Fatalf("fixture %s: %v (run with -update)", name, err)
		}
		return b
	}
	zipName := "offlineaadhaar" + p.RefID[4:] + ".zip"
	d, err := v.VerifyZIP(read(zipName), "1234")
	if err != nil {
		t.Fatalf("fixture zip: %v", err)
	}
	if d.Name != p.Poi["name"] || d.Reference.Last4 != "2468" || d.PhotoFormat != PhotoJPEG {
		t.Errorf("fixture zip content: %v", d)
	}
	if r, err := d.VerifyMobile(p.Mobile, "1234"); err != nil || r != RuleChained {
		t.Errorf("fixture mobile: %v %v", r, err)
	}
	if r, err := d.VerifyEmail(p.Email, "1234"); err != nil || r != RuleChained {
		t.Errorf("fixture email: %v %v", r, err)
	}
	if _, err := v.VerifyXML(read("offlineaadhaar" + p.RefID[4:] + ".xml")); err != nil {
		t.Errorf("fixture xml: %v", err)
	}
	if _, err := v.VerifyXML(read("offlineaadhaar" + p.RefID[4:] + ".tampered.xml")); !errors.Is(err, ErrTampered) {
		t.Errorf("fixture tampered xml: %v", err)
	}
	q, err := v.VerifyQR(string(read("secureqr-v2.txt")))
	if err != nil {
		t.Fatalf("fixture qr: %v", err)
	}
	if q.QRVersion != 2 || q.MobileLast4 != "0002" || q.PhotoFormat != PhotoJPEG2000 {
		t.Errorf("fixture qr content: %v", q)
	}
	if _, err := v.VerifyQR(string(read("secureqr-v2.tampered.txt"))); !errors.Is(err, ErrUnknownSigner) {
		t.Errorf("fixture tampered qr: %v", err)
	}
	mq, err := v.VerifyQR(string(read("secureqr-v2-mobilehash.txt")))
	if err != nil {
		t.Fatalf("fixture qr with mobile hash: %v", err)
	}
	if r, err := mq.VerifyMobile(p.Mobile, ""); err != nil || r != RuleChained || !bytes.Equal(mq.Photo, testJ2K()) {
		t.Errorf("fixture qr with mobile hash: %v %v, %d photo bytes", r, err, len(mq.Photo))
	}
}

func generateFixtures(t *testing.T) {
	if err := os.MkdirAll(filepath.Join(fixtureDir, "certs"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(fixtureDir, "keys"), 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name string, b []byte) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(fixtureDir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if *updateKeys {
		// A throwaway test CA and a signer certificate it issues; only the
		// signer is pinned.
		caKey, _ := rsa.GenerateKey(rand.Reader, 2048)
		nb := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
		na := time.Date(2036, 1, 1, 0, 0, 0, 0, time.UTC)
		caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1),
			Subject:   pkix.Name{CommonName: "kyckit TEST CA (NOT UIDAI)", Organization: []string{"kyckit TEST ONLY"}},
			NotBefore: nb, NotAfter: na, IsCA: true, BasicConstraintsValid: true,
			KeyUsage: x509.KeyUsageCertSign}
		caDER, _ := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
		ca, _ := x509.ParseCertificate(caDER)
		sKey, _ := rsa.GenerateKey(rand.Reader, 2048)
		sTmpl := &x509.Certificate{SerialNumber: big.NewInt(2),
			Subject:   pkix.Name{CommonName: "kyckit TEST Offline e-KYC signer (NOT UIDAI)", Organization: []string{"kyckit TEST ONLY"}},
			NotBefore: nb, NotAfter: na, KeyUsage: x509.KeyUsageDigitalSignature}
		sDER, err := x509.CreateCertificate(rand.Reader, sTmpl, ca, &sKey.PublicKey, caKey)
		if err != nil {
			t.Fatal(err)
		}
		p8ca, _ := x509.MarshalPKCS8PrivateKey(caKey)
		p8s, _ := x509.MarshalPKCS8PrivateKey(sKey)
		write("keys/test-ca.pem", pemCert(ca))
		write("keys/test-ca.key.pem", pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: p8ca}))
		write("keys/test-signer.key.pem", pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: p8s}))
		write("certs/kyckit-test-signer.pem", pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: sDER}))
	}
	k := fixtureKey(t)
	p := fixturePerson()
	stem := "offlineaadhaar" + p.RefID[4:]
	xml := signXML(t, k, p.body("1234"), signOpts{wrap: "&#13;\n"})
	write(stem+".xml", xml)
	write(stem+".tampered.xml", bytes.Replace(xml, []byte(`name="Kavya Example"`), []byte(`name="Kavya Exampel"`), 1))
	mod := time.Date(2025, 1, 15, 10, 30, 0, 0, time.UTC)
	write(stem+".zip", makeZIP(t, stem+".xml", xml, "1234", mod, 1))

	qp := p
	qp.Photo = testJ2K()
	qr := makeQR(t, k, qp.qrText(2, "2", "0002"), qp.Photo, nil, false)
	write("secureqr-v2.txt", []byte(qr+"\n"))
	// The same payload with one name byte changed, re-compressed: the
	// signature no longer matches.
	fields := qp.qrText(2, "2", "0002")
	fields[3] = []byte("Kavya Exampel")
	tampered := makeQR(t, k, fields, qp.Photo, nil, false)
	good := mustPayload(t, qr)
	bad := mustPayload(t, tampered)
	bad = append(bad[:len(bad)-qrSigLen], good[len(good)-qrSigLen:]...)
	write("secureqr-v2.tampered.txt", []byte(qrEncode(bad, false)+"\n"))
	// V2 with a mobile hash after the photo's end marker, as in a real
	// 2022 code (no share code in the QR's hash: 8 rounds over the mobile).
	mob := chainHash(p.Mobile, ReferenceID{Last4: p.RefID[:4]}.rounds())
	write("secureqr-v2-mobilehash.txt", []byte(makeQR(t, k, qp.qrText(2, "2", "0002"), qp.Photo, [][]byte{mob[:]}, false)+"\n"))

	// A certificate for the same signer key that expired in 2023, before
	// the fixtures' signed time: for the signing-window tests.
	if err := os.MkdirAll(filepath.Join(fixtureDir, "certs-expired"), 0o755); err != nil {
		t.Fatal(err)
	}
	write("certs-expired/kyckit-test-signer-expired.pem", newExpiredSignerCert(t, k))
}

func mustPayload(t testing.TB, qr string) []byte {
	t.Helper()
	var v Verifier
	b, err := v.qrPayload(qr)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
