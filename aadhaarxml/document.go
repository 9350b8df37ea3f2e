package aadhaarxml

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/kyckit/kyckit/internal/aadhaarnum"
)

// ist is India Standard Time (UTC+05:30, no daylight saving). A fixed zone
// keeps the package free of the system time-zone database.
var ist = time.FixedZone("IST", 5*3600+30*60)

// Source tells which kind of artefact a [Document] was read from.
type Source uint8

// The sources of a [Document].
const (
	SourceOfflineXML Source = iota + 1 // Paperless Offline e-KYC XML (or its ZIP)
	SourceSecureQR                     // signed Secure QR (V1, V2 and later)
	SourceLegacyQR                     // old unsigned XML QR (PrintLetterBarcodeData)
)

// String returns "offline-xml", "secure-qr", "legacy-qr" or "unknown".
func (s Source) String() string {
	switch s {
	case SourceOfflineXML:
		return "offline-xml"
	case SourceSecureQR:
		return "secure-qr"
	case SourceLegacyQR:
		return "legacy-qr"
	}
	return "unknown"
}

// PhotoFormat is the image format detected from the photo's magic bytes.
type PhotoFormat uint8

// Photo formats. Offline XML carries JPEG; the Secure QR carries a JPEG 2000
// codestream, for which the Go standard library has no decoder.
const (
	PhotoNone     PhotoFormat = iota // no photo shared
	PhotoJPEG                        // FF D8 FF
	PhotoJPEG2000                    // J2K codestream FF 4F FF 51, or a JP2 container
	PhotoUnknown                     // present but not recognised
)

// String returns "none", "jpeg", "jpeg2000" or "unknown".
func (f PhotoFormat) String() string {
	switch f {
	case PhotoNone:
		return "none"
	case PhotoJPEG:
		return "jpeg"
	case PhotoJPEG2000:
		return "jpeg2000"
	}
	return "unknown"
}

// Ext returns a file-name extension for the format: ".jpg", ".j2k" (for
// both JPEG 2000 forms, codestream and JP2 container) or ".bin".
func (f PhotoFormat) Ext() string {
	switch f {
	case PhotoJPEG:
		return ".jpg"
	case PhotoJPEG2000:
		return ".j2k"
	}
	return ".bin"
}

var jp2Signature = []byte{0, 0, 0, 0x0c, 'j', 'P', ' ', ' ', 0x0d, 0x0a, 0x87, 0x0a}

// DetectPhotoFormat reports the format of an image from its first bytes.
func DetectPhotoFormat(b []byte) PhotoFormat {
	switch {
	case len(b) == 0:
		return PhotoNone
	case bytes.HasPrefix(b, []byte{0xff, 0xd8, 0xff}):
		return PhotoJPEG
	case bytes.HasPrefix(b, []byte{0xff, 0x4f, 0xff, 0x51}), bytes.HasPrefix(b, jp2Signature):
		return PhotoJPEG2000
	}
	return PhotoUnknown
}

// Date is a date of birth as UIDAI gives it: a full date (DD-MM-YYYY) or a
// year alone, in which case Month and Day are zero. The zero Date means the
// date was not shared.
//
// A Date is personal data: String, GoString, every fmt verb and LogValue
// print "REDACTED" (or "" for the zero Date). [Date.ISO] returns the value.
type Date struct {
	Year  int        // four-digit year; 0 when the date was not shared
	Month time.Month // 0 when only the year is known
	Day   int        // 0 when only the year is known
}

// IsZero reports whether the date is absent.
func (d Date) IsZero() bool { return d.Year == 0 }

// YearOnly reports whether only the year is known.
func (d Date) YearOnly() bool { return d.Year != 0 && d.Month == 0 }

// ISO returns the date of birth as YYYY-MM-DD, or YYYY when only the year is
// known, or "" when absent. It is the unmasked value: personal data.
func (d Date) ISO() string {
	switch {
	case d.IsZero():
		return ""
	case d.YearOnly():
		return fmt.Sprintf("%04d", d.Year)
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// String masks the date like LogValue: "REDACTED", or "" when absent. Use
// [Date.ISO] for the value.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return "REDACTED"
}

// GoString keeps the date out of %#v: "aadhaarxml.Date{REDACTED}" (or
// "aadhaarxml.Date{}" when absent).
func (d Date) GoString() string { return "aadhaarxml.Date{" + d.String() + "}" }

// Format makes every fmt verb print the masked form: GoString for %#v,
// String otherwise.
func (d Date) Format(f fmt.State, verb rune) { formatMasked(f, verb, d.String(), d.GoString()) }

// LogValue hides the date of birth.
func (d Date) LogValue() slog.Value { return slog.StringValue(d.String()) }

// formatMasked is the shared fmt.Formatter body of the package's PII types:
// %#v prints goString, every other verb and flag the masked s. It never
// falls back to fmt's field-by-field printing.
func formatMasked(f fmt.State, verb rune, s, goString string) {
	if verb == 'v' && f.Flag('#') {
		s = goString
	}
	_, _ = io.WriteString(f, s)
}

// ParseDate reads a date of birth as UIDAI writes it: DD-MM-YYYY (Offline
// XML, Secure QR), DD/MM/YYYY (legacy QR), YYYY-MM-DD, or a year alone
// (YYYY), after trimming spaces. The empty string is the zero Date (not
// shared). Anything else, or an impossible date such as 31-02-1992, is an
// error wrapping [ErrMalformed] that names the field, never the value.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Date{}, nil
	}
	num := func(p string) (int, bool) {
		if p == "" {
			return 0, false
		}
		for i := 0; i < len(p); i++ {
			if p[i] < '0' || p[i] > '9' {
				return 0, false
			}
		}
		n, err := strconv.Atoi(p)
		return n, err == nil
	}
	if len(s) == 4 {
		if y, ok := num(s); ok && y > 0 {
			return Date{Year: y}, nil
		}
		return Date{}, fmt.Errorf("%w: field %q", ErrMalformed, "dob")
	}
	if len(s) != 10 {
		return Date{}, fmt.Errorf("%w: field %q", ErrMalformed, "dob")
	}
	var ys, ms, ds string
	switch {
	case (s[2] == '-' || s[2] == '/') && s[5] == s[2]:
		ds, ms, ys = s[0:2], s[3:5], s[6:10]
	case s[4] == '-' && s[7] == '-':
		ys, ms, ds = s[0:4], s[5:7], s[8:10]
	default:
		return Date{}, fmt.Errorf("%w: field %q", ErrMalformed, "dob")
	}
	y, ok1 := num(ys)
	m, ok2 := num(ms)
	d, ok3 := num(ds)
	if !ok1 || !ok2 || !ok3 || y == 0 || m < 1 || m > 12 || d < 1 {
		return Date{}, fmt.Errorf("%w: field %q", ErrMalformed, "dob")
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return Date{}, fmt.Errorf("%w: field %q", ErrMalformed, "dob")
	}
	return Date{Year: y, Month: time.Month(m), Day: d}, nil
}

// Address holds the 12 address attributes of Offline e-KYC (the Secure QR
// has all but Country). UIDAI's "#"-prefixed placeholders (such as
// "#COUNTRY") are read as empty.
//
// An Address is personal data: String, GoString, every fmt verb and
// LogValue keep only the state. Read the fields for the values.
type Address struct {
	CareOf      string `json:"careof,omitempty"`   // "care of": the guardian or spouse line
	Country     string `json:"country,omitempty"`  // country (Offline e-KYC only)
	District    string `json:"dist,omitempty"`     // district
	House       string `json:"house,omitempty"`    // house number or name
	Landmark    string `json:"landmark,omitempty"` // landmark
	Locality    string `json:"loc,omitempty"`      // locality
	Pincode     string `json:"pc,omitempty"`       // 6-digit PIN code
	PostOffice  string `json:"po,omitempty"`       // post office
	State       string `json:"state,omitempty"`    // state
	Street      string `json:"street,omitempty"`   // street
	SubDistrict string `json:"subdist,omitempty"`  // sub-district
	VTC         string `json:"vtc,omitempty"`      // village, town or city
}

// LogValue keeps only the state, which is too coarse to identify anyone.
func (a Address) LogValue() slog.Value {
	return slog.GroupValue(slog.String("state", a.State), slog.String("rest", "REDACTED"))
}

// String returns a masked summary, like LogValue.
func (a Address) String() string { return "Address{state=" + a.State + ", REDACTED}" }

// GoString is the masked summary too, so %#v does not print the address.
func (a Address) GoString() string { return "aadhaarxml." + a.String() }

// Format makes every fmt verb print the masked summary: GoString for %#v,
// String otherwise.
func (a Address) Format(f fmt.State, verb rune) { formatMasked(f, verb, a.String(), a.GoString()) }

// ReferenceID is the signed reference id: the last 4 digits of the Aadhaar
// number followed by the generation time (yyyyMMddHHmmssSSS, IST). It never
// holds the full number.
type ReferenceID struct {
	Last4 string    // last 4 digits of the Aadhaar number
	Time  time.Time // signed generation time, in IST
}

// String returns the masked number and the time, "XXXX XXXX 1234 @ <RFC3339>".
func (r ReferenceID) String() string {
	return aadhaarnum.MaskLast4(aadhaarnum.Aadhaar, r.Last4) + " @ " + r.Time.Format(time.RFC3339Nano)
}

// GoString is the masked form too: "aadhaarxml.ReferenceID{XXXX XXXX 1234
// @ <RFC3339>}".
func (r ReferenceID) GoString() string { return "aadhaarxml.ReferenceID{" + r.String() + "}" }

// Format makes every fmt verb print the masked form: GoString for %#v,
// String otherwise.
func (r ReferenceID) Format(f fmt.State, verb rune) {
	formatMasked(f, verb, r.String(), r.GoString())
}

// LogValue keeps the masked number and the signed time.
func (r ReferenceID) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("number", aadhaarnum.MaskLast4(aadhaarnum.Aadhaar, r.Last4)),
		slog.Time("time", r.Time))
}

// rounds is the number of SHA-256 rounds of the hash rule: the last digit of
// the Aadhaar number, with 0 and 1 both meaning one round.
func (r ReferenceID) rounds() int {
	if len(r.Last4) != 4 {
		return 1
	}
	n := int(r.Last4[3] - '0')
	if n < 1 {
		n = 1
	}
	return n
}

// parseReferenceID reads the 21-digit reference id.
func parseReferenceID(s string) (ReferenceID, error) {
	if len(s) != 21 {
		return ReferenceID{}, fmt.Errorf("%w: field %q", ErrMalformed, "referenceId")
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return ReferenceID{}, fmt.Errorf("%w: field %q", ErrMalformed, "referenceId")
		}
	}
	a := func(i, j int) int { n, _ := strconv.Atoi(s[i:j]); return n }
	y, mo, d, h, mi, sec, ms := a(4, 8), a(8, 10), a(10, 12), a(12, 14), a(14, 16), a(16, 18), a(18, 21)
	t := time.Date(y, time.Month(mo), d, h, mi, sec, ms*int(time.Millisecond), ist)
	if y < 2000 || t.Year() != y || t.Month() != time.Month(mo) || t.Day() != d ||
		t.Hour() != h || t.Minute() != mi || t.Second() != sec {
		return ReferenceID{}, fmt.Errorf("%w: field %q", ErrMalformed, "referenceId")
	}
	return ReferenceID{Last4: s[:4], Time: t}, nil
}

// Signer identifies the pinned key that verified a document.
type Signer struct {
	// Fingerprint is the lowercase hex SHA-256 of the certificate's DER,
	// or of the SubjectPublicKeyInfo for a key held without a certificate.
	Fingerprint string
	// SPKIFingerprint is the lowercase hex SHA-256 of the key's
	// SubjectPublicKeyInfo.
	SPKIFingerprint string
	// Name is the UIDAI file name the ring knows the key by
	// ("uidai_prod_cdup", ...) or, for a key added at run time, its file
	// name or the label given to [KeyRing.With].
	Name string
	// Subject is the certificate's subject common name ("" when KeyOnly).
	Subject string
	// KeyOnly is true when the ring holds the key without a certificate.
	KeyOnly bool
	// NotBefore and NotAfter are the certificate's validity period: for a
	// UIDAI key held without a certificate, the documented validity of
	// UIDAI's certificate; zero when unknown.
	NotBefore time.Time
	NotAfter  time.Time
	// Window is the key's signing window in the ring.
	Window Window
	// InWindow reports whether the signed reference-id time lies in Window.
	InWindow bool
	// ValidAtSigning reports whether the signed reference-id time lies in
	// the certificate's validity period. Under the default
	// [ValidityWindow] rule it may be false for a genuine document (UIDAI
	// has signed with keys whose certificate had expired).
	ValidAtSigning bool
}

// Document is what an Offline e-KYC XML or a Secure QR says about a
// resident. A verifying function fills it only from signed bytes.
//
// Document holds personal data: its LogValue and String mask everything but
// the source, signer, masked number, time and photo format. Never log the
// struct's fields one by one.
type Document struct {
	// Source is the kind of artefact the document was read from.
	Source Source
	// Verified is true only for documents returned by a Verifier. Legacy
	// QR and DecodeQRUnverified/DecodeXMLUnverified results are false.
	Verified bool
	// Signer is the pinned certificate that verified the document (nil
	// when not verified).
	Signer *Signer

	// Reference is the signed reference id. For the legacy QR, which has
	// none, only Last4 is set, taken from the uid (the full number is
	// dropped at once).
	Reference ReferenceID

	// Name is the resident's name as UIDAI holds it.
	Name string
	// DOB is the date of birth (full or year only; zero when not shared).
	// Its String masks it: use [Date.ISO] for the value.
	DOB Date
	// Gender is as given: "M", "F", "T" (UIDAI's sample XML says "male").
	Gender string
	// Address is the resident's address; its String masks all but the
	// state.
	Address Address

	// Photo is the JPEG (XML) or JPEG 2000 (QR) bytes; nil when not shared.
	Photo []byte
	// PhotoFormat is the format detected from Photo's magic bytes.
	PhotoFormat PhotoFormat

	// EmailHash and MobileHash are the 32-byte hashes the document
	// carries (nil when not shared). For a Secure QR they are taken from
	// QRHashes when the indicator says which is which. See
	// [Document.VerifyMobile] and [Document.VerifyEmail].
	EmailHash  []byte
	MobileHash []byte
	// QRHashes are the 32-byte hashes that follow the photo in a Secure
	// QR, in order: in V1 as many as the indicator announces (e-mail
	// first); in V2 and later whatever follows the JPEG 2000 end marker
	// (a real 2022 V2 code has one). When the indicator does not say which
	// a hash is (a V2 code with indicator 0 or 3 and one hash), it is here
	// only, and the Verify helpers try it for both.
	QRHashes [][]byte
	// MobileLast4 is the last 4 digits of the mobile number (Secure QR V2
	// and later), "" otherwise.
	MobileLast4 string

	// QRVersion is the Secure QR layout (1, 2, 3, 5, ...); 0 for XML and the
	// legacy QR.
	QRVersion int
	// EmailMobileIndicator is the Secure QR's indicator field (0 none,
	// 1 e-mail, 2 mobile, 3 both); -1 when absent.
	EmailMobileIndicator int
}

// MaskedNumber returns "XXXX XXXX 1234", the only form of the Aadhaar number
// this package produces.
func (d Document) MaskedNumber() string {
	return aadhaarnum.MaskLast4(aadhaarnum.Aadhaar, d.Reference.Last4)
}

// LogValue masks personal data: it keeps the source, verification state,
// signer fingerprint, masked number, signed time and photo format.
func (d Document) LogValue() slog.Value {
	attrs := []slog.Attr{
		slog.String("source", d.Source.String()),
		slog.Bool("verified", d.Verified),
		slog.String("number", d.MaskedNumber()),
	}
	if !d.Reference.Time.IsZero() {
		attrs = append(attrs, slog.Time("generated", d.Reference.Time))
	}
	if d.Signer != nil {
		attrs = append(attrs, slog.String("signer", d.Signer.Fingerprint))
	}
	attrs = append(attrs,
		slog.String("name", "REDACTED"),
		slog.String("photo", d.PhotoFormat.String()),
	)
	return slog.GroupValue(attrs...)
}

// String returns a masked one-line summary, safe to print.
func (d Document) String() string {
	s := "aadhaarxml.Document{" + d.Source.String() + ", number=" + d.MaskedNumber()
	if !d.Reference.Time.IsZero() {
		s += ", generated=" + d.Reference.Time.Format(time.RFC3339)
	}
	if d.Verified {
		s += ", verified"
	} else {
		s += ", UNVERIFIED"
	}
	return s + ", name=REDACTED, photo=" + d.PhotoFormat.String() + "}"
}

// GoString is the masked summary too, so %#v does not print personal data.
func (d Document) GoString() string { return d.String() }

// Format makes every fmt verb (%v, %+v, %s, %#v) print the masked summary.
func (d Document) Format(f fmt.State, verb rune) { _, _ = f.Write([]byte(d.String())) }

// placeholder drops UIDAI's "#"-prefixed placeholder values.
func placeholder(s string) string {
	if strings.HasPrefix(s, "#") {
		return ""
	}
	return s
}
