package aadhaarxml

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/beevik/etree"
)

const qrSigLen = 256 // RSA-2048 PKCS#1 v1.5 SHA-256

// VerifyQR verifies a Secure QR code — the decimal string a QR scanner
// returns — and returns its content. Surrounding white space is ignored.
//
// The digits are read as a big-endian integer, decompressed (gzip, as on
// real cards, or zlib; detected from the header, capped at
// [Verifier.MaxQRSize]), and the last 256 bytes verified as an RSA PKCS#1
// v1.5 SHA-256 signature over everything before them with the ring's keys of
// 256-byte modulus (those whose window holds the reference id's time
// first; nothing else is read before). Only then are the 0xFF-separated
// fields read: V1 (2019: indicator, reference id, 14 text fields, photo,
// then the 0–2 32-byte hashes the indicator announces), V2 and later (a "Vn"
// marker, the same fields, the last 4 mobile digits, the photo up to its
// JPEG 2000 end marker, then 0–2 32-byte hashes). The photo is cut by
// offsets, never by splitting on 0xFF. The signing key is then judged at the
// signed time as for [Verifier.VerifyXML].
//
// Errors: [ErrUnknownSigner] (no pinned key verifies: unknown signer or
// altered content — the QR has no separate digest to tell them apart),
// [ErrLegacyQR] for the old unsigned XML QR, [ErrOutsideWindow] or
// [ErrCertExpired], [ErrUnsupportedVersion], [ErrMalformed], [ErrTooLarge],
// [ErrFutureTimestamp], [ErrTooOld].
func (v *Verifier) VerifyQR(digits string) (*Document, error) {
	ring, err := v.ring()
	if err != nil {
		return nil, err
	}
	data, err := v.qrPayload(digits)
	if err != nil {
		return nil, err
	}
	signed, sig := data[:len(data)-qrSigLen], data[len(data)-qrSigLen:]
	h := sha256.Sum256(signed)
	e, err := v.findSigner(ring, qrClaimedTime(signed), -1, func(pub *rsa.PublicKey) bool {
		return pub.Size() == qrSigLen && rsa.VerifyPKCS1v15(pub, crypto.SHA256, h[:], sig) == nil
	})
	if err != nil {
		return nil, err
	}
	d, err := parseSecureQR(signed, v.AllowUnknownQRVersion)
	if err != nil {
		return nil, err
	}
	signer, err := v.checkTime(e, d.Reference.Time)
	if err != nil {
		return nil, err
	}
	d.Verified, d.Signer = true, signer
	return d, nil
}

// qrClaimedTime reads the reference-id time of an unverified QR payload,
// only to choose which key to try first (zero when it cannot). It looks at
// the first three fields and nothing else; the payload is parsed in full
// only once its signature verifies.
func qrClaimedTime(signed []byte) time.Time {
	var f [3][]byte
	rest := signed
	for i := range f {
		j := bytes.IndexByte(rest, 0xff)
		if j < 0 {
			return time.Time{}
		}
		f[i], rest = rest[:j], rest[j+1:]
	}
	ref := f[1]
	if len(f[0]) > 0 && f[0][0] == 'V' {
		ref = f[2]
	}
	r, err := parseReferenceID(string(ref))
	if err != nil {
		return time.Time{}
	}
	return r.Time
}

// DecodeQRUnverified decodes a Secure QR WITHOUT checking its signature, or
// the legacy unsigned XML QR (PrintLetterBarcodeData), for inspection only.
// The result has Verified = false. For the legacy QR the full Aadhaar
// number in its uid attribute is dropped at once: only its last 4 digits
// are kept. Unknown QR versions are parsed with the V2 layout.
func DecodeQRUnverified(s string) (*Document, error) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "<") {
		return decodeLegacyQR(s)
	}
	var v Verifier
	data, err := v.qrPayload(s)
	if err != nil {
		return nil, err
	}
	return parseSecureQR(data[:len(data)-qrSigLen], true)
}

// qrPayload turns the decimal string into the decompressed payload, which
// is at least one byte longer than the signature.
func (v *Verifier) qrPayload(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	maxDigits := v.MaxQRDigits
	if maxDigits <= 0 {
		maxDigits = DefaultMaxQRDigits
	}
	maxSize := v.MaxQRSize
	if maxSize <= 0 {
		maxSize = DefaultMaxQRSize
	}
	if strings.HasPrefix(s, "<") {
		return nil, ErrLegacyQR
	}
	if len(s) > maxDigits {
		return nil, fmt.Errorf("%w: qr longer than %d digits", ErrTooLarge, maxDigits)
	}
	if s == "" {
		return nil, fmt.Errorf("%w: empty qr", ErrMalformed)
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return nil, fmt.Errorf("%w: qr is not all digits", ErrMalformed)
		}
	}
	raw := decimalBytes(s)
	data, err := inflateQR(raw, maxSize)
	if err != nil {
		return nil, err
	}
	if len(data) > maxSize {
		return nil, fmt.Errorf("%w: qr payload larger than %d bytes", ErrTooLarge, maxSize)
	}
	if len(data) <= qrSigLen {
		return nil, fmt.Errorf("%w: qr payload shorter than its signature", ErrMalformed)
	}
	return data, nil
}

// Decompressors are pooled: each one owns a 32 KB window, whose allocation
// and zeroing cost more than inflating a 1.4 KB payload. A reader is fully
// reset (Reset re-reads the header and reinitialises all stream state,
// reusing only the flate buffers) before each use, so nothing of an earlier
// payload affects a later one. (A pooled reader's window still holds the
// last payload's bytes until reused or collected, as freed memory would.)
var (
	gzipPool sync.Pool // *gzip.Reader
	zlibPool sync.Pool // io.ReadCloser implementing zlib.Resetter
)

// inflateQR decompresses the gzip or zlib stream raw (told apart by its
// header), reading at most maxSize+1 bytes so the caller can tell an
// oversized payload. The stream's checksum is verified when it ends within
// that bound.
func inflateQR(raw []byte, maxSize int) ([]byte, error) {
	br := bytes.NewReader(raw)
	var r io.Reader
	switch {
	case len(raw) >= 3 && raw[0] == 0x1f && raw[1] == 0x8b && raw[2] == 8:
		zr, _ := gzipPool.Get().(*gzip.Reader)
		if zr == nil {
			zr = new(gzip.Reader) // the zero Reader is valid for Reset
		}
		defer gzipPool.Put(zr)
		if err := zr.Reset(br); err != nil {
			return nil, fmt.Errorf("%w: gzip header", ErrMalformed)
		}
		zr.Multistream(false)
		r = zr
	case len(raw) >= 2 && raw[0]&0x0f == 8 && (uint16(raw[0])<<8|uint16(raw[1]))%31 == 0:
		zr, _ := zlibPool.Get().(io.ReadCloser)
		var err error
		if rs, ok := zr.(zlib.Resetter); ok {
			err = rs.Reset(br, nil)
		} else {
			zr, err = zlib.NewReader(br)
		}
		if err != nil {
			return nil, fmt.Errorf("%w: zlib header", ErrMalformed)
		}
		defer zlibPool.Put(zr)
		r = zr
	default:
		return nil, fmt.Errorf("%w: qr payload is neither gzip nor zlib", ErrMalformed)
	}
	data, err := io.ReadAll(io.LimitReader(r, int64(maxSize)+1))
	if err != nil {
		return nil, fmt.Errorf("%w: qr payload does not decompress", ErrMalformed)
	}
	return data, nil
}

// latin1 converts ISO-8859-1 bytes (the QR's text encoding) to UTF-8.
func latin1(b []byte) string {
	ascii := true
	for _, c := range b {
		if c >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return string(b)
	}
	out := make([]byte, 0, len(b)*2)
	for _, c := range b {
		out = utf8.AppendRune(out, rune(c))
	}
	return string(out)
}

// knownQRVersion reports whether layout version n is documented: V2 (2022),
// and V3 and V5 (reported as V2-like). V4 has never been seen.
func knownQRVersion(n int) bool { return n == 2 || n == 3 || n == 5 }

// parseSecureQR reads the signed part of a Secure QR.
func parseSecureQR(signed []byte, allowUnknown bool) (*Document, error) {
	// Layout: find the version from the first field.
	first := signed
	if i := bytes.IndexByte(signed, 0xff); i >= 0 {
		first = signed[:i]
	} else {
		return nil, fmt.Errorf("%w: qr has no fields", ErrMalformed)
	}
	version := 1
	textFields := 16 // indicator, referenceId, name, dob, gender, 11 address fields
	if len(first) >= 2 && first[0] == 'V' {
		n, err := strconv.Atoi(string(first[1:]))
		if err != nil || n < 2 || n > 99 || len(first) > 3 {
			return nil, fmt.Errorf("%w: version marker", ErrMalformed)
		}
		if !knownQRVersion(n) && !allowUnknown {
			return nil, fmt.Errorf("%w: V%d", ErrUnsupportedVersion, n)
		}
		version = n
		textFields = 18 // marker + 16 + mobile last 4
	} else if len(first) != 1 || first[0] < '0' || first[0] > '3' {
		return nil, fmt.Errorf("%w: email/mobile indicator", ErrMalformed)
	}
	fields := make([][]byte, 0, textFields)
	pos := 0
	for len(fields) < textFields {
		i := bytes.IndexByte(signed[pos:], 0xff)
		if i < 0 {
			return nil, fmt.Errorf("%w: qr has too few fields", ErrMalformed)
		}
		fields = append(fields, signed[pos:pos+i])
		pos += i + 1
	}
	photoStart := pos
	f := fields
	if version >= 2 {
		f = fields[1:]
	}
	d := &Document{Source: SourceSecureQR, QRVersion: version}
	if len(f[0]) != 1 || f[0][0] < '0' || f[0][0] > '3' {
		return nil, fmt.Errorf("%w: email/mobile indicator", ErrMalformed)
	}
	d.EmailMobileIndicator = int(f[0][0] - '0')
	ref, err := parseReferenceID(string(f[1]))
	if err != nil {
		return nil, err
	}
	d.Reference = ref
	d.Name = latin1(f[2])
	if d.DOB, err = ParseDate(latin1(f[3])); err != nil {
		return nil, err
	}
	d.Gender = latin1(f[4])
	d.Address = Address{
		CareOf: latin1(f[5]), District: latin1(f[6]), Landmark: latin1(f[7]),
		House: latin1(f[8]), Locality: latin1(f[9]), Pincode: latin1(f[10]),
		PostOffice: latin1(f[11]), State: latin1(f[12]), Street: latin1(f[13]),
		SubDistrict: latin1(f[14]), VTC: latin1(f[15]),
	}
	photoEnd := len(signed)
	if version == 1 {
		// UIDAI's 2019 layout: the hashes the indicator announces follow
		// the photo, e-mail first.
		switch d.EmailMobileIndicator {
		case 3:
			photoEnd -= 64
		case 1, 2:
			photoEnd -= 32
		}
		if photoEnd < photoStart {
			return nil, fmt.Errorf("%w: qr too short for its hashes", ErrMalformed)
		}
	} else {
		m := string(f[16])
		if m != "" {
			if len(m) != 4 || strings.Trim(m, "0123456789") != "" {
				return nil, fmt.Errorf("%w: field %q", ErrMalformed, "mobile last 4")
			}
		}
		d.MobileLast4 = m
		// V2 and later: the JPEG 2000 photo ends at its EOC marker, and
		// whatever 32-byte hashes follow it are the QR's hashes (a real
		// 2022 V2 code carries 32 bytes there).
		photoEnd = photoStart + j2kLength(signed[photoStart:], d.EmailMobileIndicator)
	}
	trailer := signed[photoEnd:]
	for len(trailer) >= 32 {
		d.QRHashes = append(d.QRHashes, bytes.Clone(trailer[:32]))
		trailer = trailer[32:]
	}
	switch {
	case len(d.QRHashes) == 2 && d.EmailMobileIndicator == 3:
		d.EmailHash, d.MobileHash = d.QRHashes[0], d.QRHashes[1]
	case len(d.QRHashes) == 1 && d.EmailMobileIndicator == 1:
		d.EmailHash = d.QRHashes[0]
	case len(d.QRHashes) == 1 && d.EmailMobileIndicator == 2:
		d.MobileHash = d.QRHashes[0]
	}
	if photoEnd > photoStart {
		d.Photo = bytes.Clone(signed[photoStart:photoEnd])
	}
	d.PhotoFormat = DetectPhotoFormat(d.Photo)
	return d, nil
}

// j2kLength returns the length of the JPEG 2000 codestream at the start of
// b: up to and including its EOC marker (FF D9) when 0, 32 or 64 bytes
// (whole hashes) follow it, the number the indicator announces (as in V1)
// tried first; all of b otherwise, and for anything that is not a
// codestream. Inside a codestream's packet data a 0xFF byte is never
// followed by a byte above 0x8F, so the marker cannot occur there by
// chance.
func j2kLength(b []byte, indicator int) int {
	if !bytes.HasPrefix(b, []byte{0xff, 0x4f, 0xff, 0x51}) {
		return len(b)
	}
	want := 0
	switch indicator {
	case 3:
		want = 64
	case 1, 2:
		want = 32
	}
	for _, k := range [...]int{want, 32, 64, 0} {
		end := len(b) - k
		if end >= 6 && b[end-2] == 0xff && b[end-1] == 0xd9 {
			return end
		}
	}
	return len(b)
}

// uidAttr returns the legacy QR's uid attribute (in no namespace), nil when
// absent.
func uidAttr(root *etree.Element) *etree.Attr {
	for i := range root.Attr {
		if a := &root.Attr[i]; a.Space == "" && a.Key == "uid" {
			return a
		}
	}
	return nil
}

// decodeLegacyQR reads the old unsigned XML QR. The uid is reduced to its
// last 4 digits before anything else happens to it.
func decodeLegacyQR(s string) (*Document, error) {
	var v Verifier
	doc, err := v.parse([]byte(s))
	if err != nil {
		return nil, err
	}
	root := doc
	if root.Tag != "PrintLetterBarcodeData" || root.Space != "" {
		return nil, fmt.Errorf("%w: root is not PrintLetterBarcodeData", ErrMalformed)
	}
	d := &Document{Source: SourceLegacyQR, EmailMobileIndicator: -1}
	if a := uidAttr(root); a != nil {
		uid := a.Value
		a.Value = "" // drop the full number from the tree at once
		digits := strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			if r == ' ' || r == '-' {
				return -1
			}
			return 'x'
		}, uid)
		if len(digits) != 12 || strings.ContainsRune(digits, 'x') {
			return nil, fmt.Errorf("%w: field %q", ErrMalformed, "uid")
		}
		d.Reference.Last4 = digits[8:]
	}
	attr := func(k string) string { return placeholder(strings.TrimSpace(attrValue(root, k))) }
	d.Name = attr("name")
	d.Gender = attr("gender")
	dob := attr("dob")
	if dob == "" {
		dob = attr("yob")
	}
	if d.DOB, err = ParseDate(dob); err != nil {
		return nil, err
	}
	d.Address = Address{
		CareOf: attr("co"), District: attr("dist"), House: attr("house"),
		Landmark: attr("lm"), Locality: attr("loc"), Pincode: attr("pc"),
		PostOffice: attr("po"), State: attr("state"), Street: attr("street"),
		SubDistrict: attr("subdist"), VTC: attr("vtc"),
	}
	d.PhotoFormat = PhotoNone
	return d, nil
}
