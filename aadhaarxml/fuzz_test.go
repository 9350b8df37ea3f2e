package aadhaarxml

import (
	"bytes"
	"compress/gzip"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"io/fs"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
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

// FuzzDecodeQR fuzzes the Secure QR decoders at three layers. s is read
// as a scanner's string, as it comes: digits, white space, the legacy XML
// QR, anything. The real QR codes enter through base instead: base > 0
// picks one (the fixtures, a zlib one of our own), edits changes it at one
// layer — its decimal digits, the compressed bytes, or the decompressed
// payload, compressed again — and the result is checked like s.
//
// A QR code is 1,500 digits, and the fuzzing engine minimizes every input
// that finds new coverage by trying to remove each subset of its bytes:
// about n²/2 runs, half a minute for one such input. With the QR codes as
// seeds of s the engine spent a 20 s run minimizing (64 execs/s). base is
// an integer, which the engine does not minimize, and edits is short (only
// its first 49 bytes count), so minimizing stays cheap.
func FuzzDecodeQR(f *testing.F) {
	k := fixtureKey(f)
	p := fixturePerson()
	qrs := []string{
		string(fixture(f, "secureqr-v2.txt")),
		string(fixture(f, "secureqr-v2.tampered.txt")),
		string(fixture(f, "secureqr-v2-mobilehash.txt")),
		makeQR(f, k, p.qrText(1, "3", ""), testJ2K(), [][]byte{make([]byte, 32), make([]byte, 32)}, true),
	}
	v := &Verifier{Certs: k.ring(f), Now: func() time.Time { return time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC) }}
	// The payloads the fixture key signed. The fuzzer cannot sign, so a
	// QR that verifies must carry one of them: anything else is a forgery.
	signed := map[string]bool{}
	layers := make([]qrLayers, len(qrs))
	for i, q := range qrs {
		payload, err := v.qrPayload(q)
		if err != nil {
			f.Fatal(err)
		}
		if _, err := v.VerifyQR(q); err == nil {
			signed[string(payload)] = true
		}
		layers[i] = qrLayers{digits: strings.TrimSpace(q), raw: decimalBytes(strings.TrimSpace(q)), payload: payload}
	}
	if len(signed) < 3 {
		f.Fatalf("only %d QR seeds verify", len(signed))
	}
	for _, sd := range decodeQRSeeds(len(qrs)) {
		f.Add(sd.s, sd.base, sd.edits)
	}
	f.Fuzz(func(t *testing.T, s string, base uint8, edits []byte) {
		checkQR(t, v, signed, s)
		if base > 0 {
			checkQR(t, v, signed, layers[int(base-1)%len(layers)].edit(edits))
		}
	})
}

// decodeQRSeed is one seed of FuzzDecodeQR.
type decodeQRSeed struct {
	s     string
	base  uint8
	edits []byte
}

// decodeQRSeeds returns FuzzDecodeQR's seeds for n base QR codes. Its
// string and byte-slice arguments stay short (TestDecodeQRSeedsShort):
// the engine minimizes those, at a cost that grows with the square of
// their length.
func decodeQRSeeds(n int) []decodeQRSeed {
	var seeds []decodeQRSeed
	for _, s := range []string{"", "0", " 12 ", "12a4", "-1", strings.Repeat("9", 40),
		`<PrintLetterBarcodeData uid="" name="x"/>`, `<?xml version="1.0"?><PrintLetterBarcodeData uid="234567890123"/>`} {
		seeds = append(seeds, decodeQRSeed{s: s})
	}
	for i := range n {
		b := uint8(i + 1)
		seeds = append(seeds,
			decodeQRSeed{base: b},                                                 // as issued
			decodeQRSeed{base: b, edits: []byte{0, 0, 10, '7'}},                   // a digit changed
			decodeQRSeed{base: b, edits: []byte{1, 0, 20, 0xff}},                  // a compressed byte changed
			decodeQRSeed{base: b, edits: []byte{2, 0, 30, 'X', 0x40, 0, 0xff, 0}}, // payload: a field byte, an inserted 0xff
			decodeQRSeed{base: b, edits: []byte{2, 0xc0 | 0x03, 0x00, 0}},         // payload cut at 768 bytes
		)
	}
	return seeds
}

// TestDecodeQRSeedsShort keeps FuzzDecodeQR fast: with QR codes (1,500
// digits) as seeds of its string, a 20 s fuzzing run spent nearly all its
// time minimizing and made about 1,500 executions.
func TestDecodeQRSeedsShort(t *testing.T) {
	for i, sd := range decodeQRSeeds(4) {
		if len(sd.s) > 128 || len(sd.edits) > 1+3*maxQREdits {
			t.Errorf("seed %d: %d-byte string, %d-byte edits: the fuzzing engine's minimization is quadratic in them", i, len(sd.s), len(sd.edits))
		}
	}
}

// checkQR checks the decoders' properties on one scanned string s.
func checkQR(t *testing.T, v *Verifier, signed map[string]bool, s string) {
	t.Helper()
	d, err := v.VerifyQR(s)
	checkSentinel(t, err)
	if err == nil {
		if !d.Verified {
			t.Fatal("unverified document returned")
		}
		if payload, err := v.qrPayload(s); err != nil || !signed[string(payload)] {
			t.Fatalf("verified a payload the key never signed (%v)", err)
		}
	}
	u, err := DecodeQRUnverified(s)
	checkSentinel(t, err)
	if err != nil {
		return
	}
	if u.Verified {
		t.Fatal("unverified decode marked verified")
	}
	// The payload the decoder read re-encodes to an equivalent decimal
	// string (round trip of the number layer).
	if u.Source == SourceSecureQR {
		payload, err := v.qrPayload(s)
		if err != nil {
			t.Fatalf("payload: %v", err)
		}
		// (Re-compression may differ in size, so only ErrTooLarge is
		// tolerated.)
		if _, err := DecodeQRUnverified(qrEncode(payload, false)); err != nil && !errors.Is(err, ErrTooLarge) {
			t.Fatalf("re-encoded payload: %v", err)
		}
	}
}

// qrLayers is one QR code at the three layers FuzzDecodeQR edits.
type qrLayers struct {
	digits  string // as scanned
	raw     []byte // the big-endian number: the gzip or zlib stream
	payload []byte // decompressed: the signed fields, photo, hashes, signature
}

// maxQREdits caps the edit operations FuzzDecodeQR applies.
const maxQREdits = 16

// edit applies edits to one layer of q and returns the string a scanner
// would read. edits[0] picks the layer (0 digits, 1 compressed bytes, 2
// payload, recompressed with gzip); then each 3 bytes are one operation:
// the top 2 bits of the first say which (set, insert, delete, cut the
// rest), its other 6 bits and the second byte the position (modulo the
// length), the third the byte (a digit, at the digits layer).
func (q qrLayers) edit(edits []byte) string {
	layer := 0
	if len(edits) > 0 {
		layer, edits = int(edits[0]%3), edits[1:]
	}
	var b []byte
	switch layer {
	case 0:
		b = []byte(q.digits)
	case 1:
		b = bytes.Clone(q.raw)
	default:
		b = bytes.Clone(q.payload)
	}
	for n := 0; len(edits) >= 3 && n < maxQREdits; n, edits = n+1, edits[3:] {
		op, val := edits[0]>>6, edits[2]
		if layer == 0 {
			val = '0' + val%10
		}
		pos := int(edits[0]&0x3f)<<8 | int(edits[1])
		if len(b) == 0 {
			if op == 1 {
				b = append(b, val)
			}
			continue
		}
		pos %= len(b)
		switch op {
		case 0:
			b[pos] = val
		case 1:
			b = slices.Insert(b, pos, val)
		case 2:
			b = slices.Delete(b, pos, pos+1)
		default:
			b = b[:pos]
		}
	}
	switch layer {
	case 0:
		return string(b)
	case 1:
		return new(big.Int).SetBytes(b).String()
	}
	return qrEncodeFast(b)
}

var qrGzipPool = sync.Pool{New: func() any { w, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed); return w }}

// qrEncodeFast is qrEncode with gzip's fastest level and a pooled writer:
// FuzzDecodeQR runs it for every payload edit.
func qrEncodeFast(payload []byte) string {
	var buf bytes.Buffer
	w := qrGzipPool.Get().(*gzip.Writer)
	defer qrGzipPool.Put(w)
	w.Reset(&buf)
	_, _ = w.Write(payload)
	_ = w.Close()
	return new(big.Int).SetBytes(buf.Bytes()).String()
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
