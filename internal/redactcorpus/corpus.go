// Package redactcorpus generates a seeded, labelled corpus of synthetic
// Indian KYC log lines for testing and benchmarking package redact and the
// kyckit redact command.
//
// Every identifier is invented: Aadhaar numbers and VIDs are random digits
// with a Verhoeff check digit computed by the generator's own, table-free
// implementation (independent of internal/verhoeff, so that the corpus can
// catch its faults), GSTINs, voter ids and card numbers carry check
// characters computed here, names come from a short list of common given
// names and surnames. Lines are JSON vendor responses, access-log lines,
// logfmt lines and free text. Each positive line records the spans of
// personal data it holds, written in the many ways logs write them:
// numbers grouped by spaces, hyphens, dots, slashes, colons, plus signs,
// tabs, no-break spaces, doubled or mixed separators and zero-width
// characters, in Devanagari, other Indian scripts or full-width digits,
// glued to the word that names them ("uid_2341…"), used as JSON keys,
// base64-encoded inside JSON; mobiles with 0091 or dots; lowercase PANs;
// card numbers, bank accounts next to an IFSC code, driving licences and
// vehicle registrations; vendor key names ("customer_name", "nameOnCard",
// "otpValue"). Hard-negative lines hold look-alikes (Verhoeff-invalid and
// 0/1-led 12-digit numbers, timestamps in seconds to microseconds, UUIDs,
// hex digests, IFSC codes, amounts, order ids, generic request ids, a
// logger's name, container images, program counters, POSIX uids in audit
// logs, git remotes, OpenTelemetry ids, card-like numbers that fail the
// Luhn check or have no issuer prefix) and no personal data at all.
//
// It is for tests only: no non-test file may import it
// (TestOnlyTestsImport in internal/checkpeer fails the build's tests if
// one does).
package redactcorpus

import (
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"strings"
)

// Span is one labelled piece of personal data in a line.
type Span struct {
	Kind       string // detector name as redact.Kind.String prints it
	Start, End int    // byte offsets in Line.Text
}

// Line is one generated log line.
type Line struct {
	Text  string
	Spans []Span // empty for clean and hard-negative lines
	// Negative marks a hard-negative line: it must pass unchanged.
	Negative bool
}

// Value returns the text of span s of l.
func (l Line) Value(s Span) string { return l.Text[s.Start:s.End] }

// Kinds lists the span kinds the generator produces in Mixed, one per
// detector that redact runs by default.
var Kinds = []string{
	"aadhaar", "vid", "pan", "mobile", "email", "upi", "gstin", "epic", "passport",
	"jwt", "disclosure", "bearer", "secret", "privatekey", "photo", "field",
	"card", "account", "dl", "vehicle", "encoded",
}

// OptInKinds lists the kinds of detectors that redact runs only when asked
// (IP addresses). Positive makes them; Mixed never does.
var OptInKinds = []string{"ip"}

// Generator makes lines from a seed.
type Generator struct {
	rnd *rand.Rand
}

// New returns a Generator seeded with seed; equal seeds give equal corpora.
func New(seed uint64) *Generator {
	return &Generator{rnd: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

// Mixed returns n lines of which about a third carry personal data, the
// rest being clean lines and hard negatives.
func (g *Generator) Mixed(n int) []Line {
	out := make([]Line, 0, n)
	for i := 0; i < n; i++ {
		switch i % 3 {
		case 0:
			out = append(out, g.Positive(Kinds[g.rnd.IntN(len(Kinds))]))
		case 1:
			out = append(out, g.Negative())
		default:
			out = append(out, g.Clean())
		}
	}
	return out
}

// builder assembles a line and records spans.
type builder struct {
	sb    strings.Builder
	spans []Span
}

func (b *builder) s(parts ...string) *builder {
	for _, p := range parts {
		b.sb.WriteString(p)
	}
	return b
}

func (b *builder) pii(kind, v string) *builder {
	st := b.sb.Len()
	b.sb.WriteString(v)
	b.spans = append(b.spans, Span{Kind: kind, Start: st, End: b.sb.Len()})
	return b
}

func (b *builder) line() Line { return Line{Text: b.sb.String(), Spans: b.spans} }

func (g *Generator) pick(xs ...string) string { return xs[g.rnd.IntN(len(xs))] }

func (g *Generator) digits(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + g.rnd.IntN(10))
	}
	return string(b)
}

func (g *Generator) upper(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('A' + g.rnd.IntN(26))
	}
	return string(b)
}

func (g *Generator) lowerAlnum(n int) string {
	const a = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, n)
	for i := range b {
		b[i] = a[g.rnd.IntN(len(a))]
	}
	return string(b)
}

// checked returns a valid Aadhaar number (n=12) or VID (n=16), ungrouped:
// first digit 2-9, not a palindrome, and the check digit of the
// generator's own Verhoeff (verhoeff.go), not internal/verhoeff's.
func (g *Generator) checked(n int) string {
	for {
		body := string(byte('2'+g.rnd.IntN(8))) + g.digits(n-2)
		s := body + string(verhoeffDigit(body))
		if !palindrome(s) {
			return s
		}
	}
}

func palindrome(s string) bool {
	for i, j := 0, len(s)-1; i < j; i, j = i+1, j-1 {
		if s[i] != s[j] {
			return false
		}
	}
	return true
}

func (g *Generator) group(s string) string {
	switch g.rnd.IntN(3) {
	case 0:
		return s
	case 1:
		return groups(s, " ")
	}
	return groups(s, "-")
}

func groups(s, sep string) string {
	var parts []string
	for i := 0; i < len(s); i += 4 {
		parts = append(parts, s[i:i+4])
	}
	return strings.Join(parts, sep)
}

// Aadhaar returns a valid, invented Aadhaar number, possibly grouped.
func (g *Generator) Aadhaar() string { return g.group(g.checked(12)) }

func (g *Generator) pan() string {
	serial := g.digits(4)
	if serial == "0000" {
		serial = "0001"
	}
	return g.upper(3) + string("ABCFGHLJPTK"[g.rnd.IntN(11)]) + g.upper(1) + serial + g.upper(1)
}

func (g *Generator) mobile() string {
	m := string(byte('6'+g.rnd.IntN(4))) + g.digits(9)
	switch g.rnd.IntN(8) {
	case 0:
		return "+91 " + m
	case 1:
		return "+91-" + m
	case 2:
		return "+91" + m
	case 3:
		return "91" + m
	case 4:
		return "0" + m
	case 5:
		return m[:5] + " " + m[5:]
	case 6:
		return "+91 " + m[:5] + "-" + m[5:]
	}
	return m
}

var givenNames = []string{"Ravi", "Priya", "Anil", "Sunita", "Arjun", "Kavya", "Imran", "Meera", "Rahul", "Lakshmi"}
var surnames = []string{"Kumar", "Sharma", "Iyer", "Reddy", "Patel", "Singh", "Das", "Nair", "Khan", "Gupta"}

func (g *Generator) name() string {
	return g.pick(givenNames...) + " " + g.pick(surnames...)
}

func (g *Generator) email() string {
	return strings.ToLower(g.pick(givenNames...)) + g.pick(".", "_", "") + strings.ToLower(g.pick(surnames...)) +
		g.digits(g.rnd.IntN(3)) + "@" + g.pick("example.in", "mail.example.com", "kyc-test.co.in", "example.org")
}

func (g *Generator) upi() string {
	local := strings.ToLower(g.pick(givenNames...)) + g.digits(2)
	if g.rnd.IntN(2) == 0 {
		local = string(byte('6'+g.rnd.IntN(4))) + g.digits(9)
	}
	return local + "@" + g.pick("okaxis", "ybl", "paytm", "okhdfcbank", "oksbi", "upi", "ibl")
}

const alnum36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

func (g *Generator) gstin() string {
	st := fmt.Sprintf("%02d", 1+g.rnd.IntN(37))
	body := st + g.pan() + string(alnum36[1+g.rnd.IntN(9)]) + "Z"
	return body + string(gstinCheck(body))
}

// gstinCheck returns the check character of the 14 characters of a GSTIN
// body: Luhn mod 36 over 0-9A-Z, as python-stdnum's in_/gstin.py computes
// it (luhn with alphabet 0-9A-Z).
func gstinCheck(body string) byte {
	sum := 0
	for i := 0; i < len(body); i++ {
		v := strings.IndexByte(alnum36, body[i])
		if (len(body)-i)%2 == 1 { // every second character from the right, starting next to the check character
			v *= 2
		}
		sum += v/36 + v%36
	}
	return alnum36[(36-sum%36)%36]
}

func luhnDigit(s string) byte {
	sum := 0
	double := true
	for i := len(s) - 1; i >= 0; i-- {
		d := int(s[i] - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return byte('0' + (10-sum%10)%10)
}

func (g *Generator) epic() string {
	d := g.digits(6)
	return g.upper(3) + d + string(luhnDigit(d))
}

// ifsc returns an IFSC-shaped code: bank letters, the reserved 0, a branch.
func (g *Generator) ifsc() string { return g.upper(4) + "0" + g.upper(1) + g.digits(5) }

func (g *Generator) passport() string {
	return g.upper(1) + string(byte('1'+g.rnd.IntN(9))) + g.digits(6)
}

func b64url(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

func (g *Generator) jwt() string {
	h := b64url(`{"alg":"ES256","typ":"JWT"}`)
	p := b64url(fmt.Sprintf(`{"sub":"%s","iat":%d}`, g.lowerAlnum(10), 1700000000+g.rnd.IntN(1e6)))
	sig := make([]byte, 64)
	for i := range sig {
		sig[i] = byte(g.rnd.IntN(256))
	}
	return h + "." + p + "." + base64.RawURLEncoding.EncodeToString(sig)
}

func (g *Generator) disclosure() string {
	salt := make([]byte, 16)
	for i := range salt {
		salt[i] = byte(g.rnd.IntN(256))
	}
	return b64url(fmt.Sprintf(`["%s","%s","%s"]`, base64.RawURLEncoding.EncodeToString(salt),
		g.pick("given_name", "family_name", "birthdate", "address"), g.pick(givenNames...)))
}

func (g *Generator) token(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(g.rnd.IntN(256))
	}
	return base64.StdEncoding.EncodeToString(b)
}

func (g *Generator) photo() (string, string) {
	kind := g.rnd.IntN(4)
	var magic []byte
	switch kind {
	case 0:
		magic = []byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F', 0}
	case 1:
		magic = []byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 0x0D}
	case 2:
		magic = []byte{0, 0, 0, 0x0C, 'j', 'P', ' ', ' ', '\r', '\n', 0x87, '\n'}
	default:
		magic = []byte("%PDF-1.7\n%\xE2\xE3")
	}
	body := make([]byte, 200+g.rnd.IntN(600))
	copy(body, magic)
	for i := len(magic); i < len(body); i++ {
		body[i] = byte(g.rnd.IntN(256))
	}
	return base64.StdEncoding.EncodeToString(body), []string{"jpeg", "png", "jp2", "pdf"}[kind]
}

func (g *Generator) ts() string {
	return fmt.Sprintf("2026-%02d-%02dT%02d:%02d:%02d.%03dZ", 1+g.rnd.IntN(12), 1+g.rnd.IntN(28),
		g.rnd.IntN(24), g.rnd.IntN(60), g.rnd.IntN(60), g.rnd.IntN(1000))
}

func (g *Generator) uuid() string {
	h := g.hex(16)
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

func (g *Generator) hex(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(g.rnd.IntN(256))
	}
	return hex.EncodeToString(b)
}

// value returns a fresh value of kind and, for kinds that need them, the
// text that must precede it (context word or header) and follow it (an
// IFSC code after an account number).
func (g *Generator) value(kind string) (prefix, v, suffix string) {
	switch kind {
	case "aadhaar":
		if g.rnd.IntN(6) == 0 { // glued to the word naming it
			return g.pick("uid_", "UID", "aadhaar_no_", "uid-", "Aadhaar#"), g.pick(g.checked(12), groups(g.checked(12), " ")), ""
		}
		return g.pick("", "aadhaar ", "uid: ", "UID "), g.numberForm(g.checked(12)), ""
	case "vid":
		if g.rnd.IntN(4) == 0 { // UIDAI may issue VIDs starting 1: only next to "vid"
			return g.pick("vid ", "VID: ", "virtual id ", "vid_"), g.group(g.checkedFrom('1', 16)), ""
		}
		return g.pick("", "vid ", "VID: "), g.numberForm(g.checked(16)), ""
	case "pan":
		p := g.pan()
		if g.rnd.IntN(4) == 0 {
			p = strings.ToLower(p) // as a lowercasing pipeline writes it
		}
		return g.pick("", "PAN ", "pan: ", "pan_"), p, ""
	case "mobile":
		prefix, m := g.mobileForm()
		return prefix, m, ""
	case "email":
		return g.pick("", "mail ", "contact "), g.email(), ""
	case "upi":
		return g.pick("", "paid to ", "vpa "), g.upi(), ""
	case "gstin":
		return g.pick("", "GSTIN ", "gst: "), g.gstin(), ""
	case "epic":
		return g.pick("", "voter id ", "EPIC "), g.epic(), ""
	case "passport":
		return g.pick("passport ", "Passport No: ", "passport number "), g.passport(), ""
	case "jwt":
		return g.pick("", "token ", "jwt="), g.jwt(), ""
	case "disclosure":
		return g.jwt() + "~", g.disclosure(), ""
	case "bearer":
		return g.pick("Authorization: Bearer ", "authorization: bearer ", "Bearer "), g.token(24 + g.rnd.IntN(24)), ""
	case "secret":
		return g.pick("licensekey: ", "requestid: ", "X-DF-API-SECRET: ", "x-df-api-secret=", "x-client-secret: ", "cvv=", "password: "), g.token(32 + g.rnd.IntN(32)), ""
	case "privatekey":
		return "", "-----BEGIN PRIVATE KEY-----" + g.token(48) + "-----END PRIVATE KEY-----", ""
	case "photo":
		p, _ := g.photo()
		return g.pick("", "data:image/jpeg;base64,", "photo "), p, ""
	case "card":
		return g.pick("", "card ", "card no: ", "paid with "), g.card(), ""
	case "account":
		acct, ifsc := g.account(), g.ifsc()
		switch g.rnd.IntN(4) {
		case 0:
			return "a/c ", acct, " IFSC " + ifsc
		case 1:
			return "account no " + g.pick("", "", "no."), acct, ", ifsc: " + ifsc
		case 2:
			return "IFSC " + ifsc + " acct ", acct, ""
		}
		return "beneficiary " + ifsc + "/", acct, ""
	case "dl":
		return g.pick("", "DL ", "driving licence ", "licence no "), g.dl(), ""
	case "vehicle":
		return g.pick("", "vehicle ", "reg ", "RC "), g.vehicle(), ""
	case "encoded":
		return g.pick("", "payload=", "ctx ", "X-User-Context: "), g.encoded(), ""
	case "ip":
		return g.pick("client ", "ip=", "from "), g.ip(), ""
	}
	return "name=", g.pick(givenNames...), ""
}

// checkedFrom returns a Verhoeff-valid number of n digits starting with
// the digit first, not a palindrome.
func (g *Generator) checkedFrom(first byte, n int) string {
	for {
		body := string(first) + g.digits(n-2)
		s := body + string(verhoeffDigit(body))
		if !palindrome(s) {
			return s
		}
	}
}

// Scripts whose digits numbers are written in, by the code point of their
// zero: Devanagari, Bengali, Gujarati, Tamil, Telugu, Kannada, full-width.
var scriptZeros = []rune{0x0966, 0x09E6, 0x0AE6, 0x0BE6, 0x0C66, 0x0CE6, 0xFF10}

// inScript writes the ASCII digits of s with the digits of the script
// whose zero is zero; other bytes are kept.
func inScript(s string, zero rune) string {
	var b strings.Builder
	for _, c := range s {
		if c >= '0' && c <= '9' {
			b.WriteRune(zero + c - '0')
		} else {
			b.WriteRune(c)
		}
	}
	return b.String()
}

// numberForm writes the digits s (12 or 16) in one of the ways logs write
// an Aadhaar number or VID: plain or in groups of four with a space or
// hyphen (most often), or with '.', '/', ':', '+', a tab, a no-break
// space, doubled or mixed separators, zero-width characters between or
// inside the groups, an escaped tab or %20, or in the digits of an Indian
// script or full-width.
func (g *Generator) numberForm(s string) string {
	switch g.rnd.IntN(24) {
	case 0, 1, 2, 3, 4, 5, 6, 7, 8:
		return g.group(s)
	case 9:
		return groups(s, ".")
	case 10:
		return groups(s, "/")
	case 11:
		return groups(s, ":")
	case 12:
		return groups(s, "+")
	case 13:
		return groups(s, "\t")
	case 14:
		return groups(s, "\u00a0")
	case 15:
		return groups(s, g.pick("  ", "--", " - ", "\u00a0 ", "\u202f"))
	case 16: // mixed: each gap its own separator
		var b strings.Builder
		for i := 0; i < len(s); i += 4 {
			if i > 0 {
				b.WriteString(g.pick(" ", "-", "."))
			}
			b.WriteString(s[i : i+4])
		}
		return b.String()
	case 17:
		return groups(s, "\u200b")
	case 18: // a zero-width character inside a group
		k := 1 + g.rnd.IntN(len(s)-2)
		return s[:k] + g.pick("\u200b", "\u200c", "\u2060", "\ufeff") + s[k:]
	case 19:
		return groups(s, `\t`)
	case 20:
		return groups(s, "%20")
	case 21:
		return inScript(g.group(s), 0x0966) // Devanagari
	case 22:
		return inScript(g.pick(s, groups(s, " ")), 0xFF10) // full-width
	}
	return inScript(g.group(s), scriptZeros[g.rnd.IntN(len(scriptZeros))])
}

// mobileForm returns a mobile number as logs write it, with the context
// word a dotted 5.5 form needs (it reads as a decimal otherwise).
func (g *Generator) mobileForm() (prefix, m string) {
	prefix = g.pick("", "call ", "ph ")
	d := string(byte('6'+g.rnd.IntN(4))) + g.digits(9)
	switch g.rnd.IntN(16) {
	case 0:
		return prefix, "+91 " + d
	case 1:
		return prefix, "+91-" + d
	case 2:
		return prefix, "+91" + d
	case 3:
		return prefix, "91" + d
	case 4:
		return prefix, "0" + d
	case 5:
		return prefix, d[:5] + " " + d[5:]
	case 6:
		return prefix, "+91 " + d[:5] + "-" + d[5:]
	case 7:
		return prefix, g.pick("0091 ", "0091-", "0091") + g.pick(d, d[:5]+" "+d[5:])
	case 8:
		return g.pick("mobile ", "ph: ", "call "), d[:5] + "." + d[5:]
	case 9:
		return prefix, d[:3] + "." + d[3:6] + "." + d[6:]
	case 10:
		return prefix, g.pick("+91.", "0091.") + d[:5] + "." + d[5:]
	case 11:
		return prefix, "+91\u00a0" + d[:5] + "\u00a0" + d[5:]
	case 12:
		return prefix, inScript(d[:5]+" "+d[5:], 0x0966)
	case 13:
		return g.pick("mobile_", "ph"), d
	}
	return prefix, d
}

// card returns a payment card number with a Luhn check digit: Visa,
// Mastercard (51-55, 2221-2720), RuPay (60, 6521, 81, 82, 508), Amex
// (34, 37; 15 digits as 4-6-5) or Diners (36; 14 digits).
func (g *Generator) card() string {
	var body string
	switch g.rnd.IntN(7) {
	case 0:
		body = "4" + g.digits(14)
	case 1:
		body = fmt.Sprint(51+g.rnd.IntN(5)) + g.digits(13)
	case 2:
		body = fmt.Sprint(2221+g.rnd.IntN(500)) + g.digits(11)
	case 3:
		body = g.pick("60", "81", "82") + g.digits(13)
	case 4:
		body = g.pick("6521", "5081") + g.digits(11)
	case 5:
		n := g.pick("34", "37") + g.digits(12)
		n += string(luhnDigit(n))
		if g.rnd.IntN(2) == 0 {
			return n[:4] + " " + n[4:10] + " " + n[10:]
		}
		return n
	default:
		n := "36" + g.digits(11)
		return n + string(luhnDigit(n))
	}
	n := body + string(luhnDigit(body))
	switch g.rnd.IntN(5) {
	case 0:
		return groups(n, " ")
	case 1:
		return groups(n, "-")
	case 2:
		return groups(n, g.pick(".", "\u00a0", "  "))
	}
	return n
}

// account returns a bank account number: 9 to 18 digits, not a Unix
// timestamp.
func (g *Generator) account() string {
	for {
		n := 9 + g.rnd.IntN(10)
		a := string(byte('1'+g.rnd.IntN(9))) + g.digits(n-1)
		if !(a[0] == '1' && a[1] >= '5' && (n == 10 || n == 13 || n == 16)) {
			return a
		}
	}
}

// stateCodes are codes of Indian states in licences and registrations.
var stateCodes = []string{"KA", "MH", "DL", "TN", "KL", "AP", "TS", "GJ", "RJ", "UP", "WB", "HR", "PB", "MP", "OD"}

// dl returns a driving licence number: state, RTO, year, serial.
func (g *Generator) dl() string {
	st, rto := g.pick(stateCodes...), fmt.Sprintf("%02d", 1+g.rnd.IntN(70))
	year, serial := fmt.Sprint(1990+g.rnd.IntN(36)), g.digits(7)
	switch g.rnd.IntN(4) {
	case 0:
		return st + rto + " " + year + serial
	case 1:
		return st + "-" + rto + year + serial
	case 2:
		return st + rto + "-" + year + "-" + serial
	}
	return st + rto + year + serial
}

// vehicle returns a vehicle registration number.
func (g *Generator) vehicle() string {
	st, rto := g.pick(stateCodes...), fmt.Sprintf("%02d", 1+g.rnd.IntN(70))
	series := g.upper(1 + g.rnd.IntN(2))
	num := fmt.Sprintf("%04d", 1+g.rnd.IntN(9999))
	switch g.rnd.IntN(5) {
	case 0:
		return st + " " + rto + " " + series + " " + num
	case 1:
		return st + "-" + rto + "-" + series + "-" + num
	case 2:
		return "DL" + fmt.Sprint(1+g.rnd.IntN(9)) + "C" + series + num
	case 3:
		return fmt.Sprintf("%02d", 21+g.rnd.IntN(5)) + "BH" + num + g.upper(1+g.rnd.IntN(2))
	}
	return st + rto + series + num
}

// encoded returns the base64 (standard or URL alphabet, padded or not) of
// a JSON document holding personal data.
func (g *Generator) encoded() string {
	var doc string
	switch g.rnd.IntN(4) {
	case 0:
		doc = fmt.Sprintf(`{"name":%q,"uid":%q,"dob":"19%02d-0%d-1%d"}`, g.name(), g.checked(12), 50+g.rnd.IntN(50), 1+g.rnd.IntN(9), g.rnd.IntN(10))
	case 1:
		doc = fmt.Sprintf(`{"mobile":"%c%s","verified":true}`, '6'+g.rnd.IntN(4), g.digits(9))
	case 2:
		doc = fmt.Sprintf(`[{"email":%q,"pan":%q}]`, g.email(), g.pan())
	default:
		doc = fmt.Sprintf(`{ "customer": {"full_name": %q, "aadhaar": %q} }`, g.name(), groups(g.checked(12), " "))
	}
	switch g.rnd.IntN(3) {
	case 0:
		return base64.StdEncoding.EncodeToString([]byte(doc))
	case 1:
		return base64.RawStdEncoding.EncodeToString([]byte(doc))
	}
	return base64.RawURLEncoding.EncodeToString([]byte(doc))
}

// ip returns an IPv4 or IPv6 address.
func (g *Generator) ip() string {
	switch g.rnd.IntN(4) {
	case 0:
		return fmt.Sprintf("%d.%d.%d.%d", 11+g.rnd.IntN(200), g.rnd.IntN(256), g.rnd.IntN(256), 1+g.rnd.IntN(254))
	case 1:
		return fmt.Sprintf("192.168.%d.%d", g.rnd.IntN(256), 1+g.rnd.IntN(254))
	case 2:
		return fmt.Sprintf("2001:db8:%x::%x:%x", g.rnd.IntN(65536), g.rnd.IntN(65536), 1+g.rnd.IntN(65535))
	}
	return fmt.Sprintf("fe80::%x:%xff:fe%02x:%x", g.rnd.IntN(65536), g.rnd.IntN(256), g.rnd.IntN(256), g.rnd.IntN(65536))
}

// jsonKeyKinds can be written as a JSON key: {"234123412346": {...}}.
var jsonKeyKinds = "aadhaar vid mobile email pan card"

// Positive returns a line holding personal data of kind (one of [Kinds]
// or [OptInKinds]) in one of several carriers and positions.
func (g *Generator) Positive(kind string) Line {
	if kind == "field" || (kind != "ip" && g.rnd.IntN(8) == 0) {
		return g.vendorJSON()
	}
	prefix, v, suffix := g.value(kind)
	b := &builder{}
	carrier := g.rnd.IntN(9)
	if carrier == 8 && (prefix != "" || suffix != "" || !strings.Contains(jsonKeyKinds, kind)) {
		carrier = 2
	}
	switch carrier {
	case 0: // at the start of the line
		if prefix == "" {
			b.pii(kind, v).s(suffix, g.pick(" verified", ", ok", "; next", "")).s()
		} else {
			b.s(prefix).pii(kind, v).s(suffix, g.pick(" verified", ", ok", ""))
		}
	case 1: // at the end, next to punctuation
		b.s(g.ts(), " INFO kyc step=", g.pick("otp", "ekyc", "match"), " ", prefix)
		open, closing := g.pickPair()
		if prefix != "" {
			open = ""
		}
		b.s(open).pii(kind, v).s(suffix, closing)
	case 2: // inside a JSON string
		b.s(`{"ts":"`, g.ts(), `","level":"info","msg":"`, jsonEsc(prefix))
		b.pii(kind, jsonEsc(v)).s(jsonEsc(suffix), `","txn":"`, g.uuid(), `"}`)
	case 3: // access log
		b.s("10.0.", fmt.Sprint(g.rnd.IntN(255)), ".", fmt.Sprint(g.rnd.IntN(255)), ` - - [22/Nov/2026:03:25:45 +0000] "POST /v1/kyc/`)
		b.s(g.lowerAlnum(6), `" 200 `, fmt.Sprint(100+g.rnd.IntN(9000)), ` "`, prefix).pii(kind, v).s(suffix, `" "curl/8.5.0"`)
	case 4: // logfmt
		b.s("time=", g.ts(), " level=INFO msg=\"", prefix).pii(kind, v).s(suffix, "\" req=", g.hex(8))
	case 6: // after a backslash escape, as slog's TextHandler and logfmt write multi-line values
		b.s("time=", g.ts(), ` level=INFO msg="resident`, g.pick(`\n`, `\t`, `\r\n`, `\"`, `\u00a0`, `\\`), prefix)
		b.pii(kind, v).s(suffix, g.pick(`\n`, `\t`, `\"`, `.\n`, ""), `" req=`, g.hex(8))
	case 7: // URL-encoded, or after an abbreviation or '@'
		seps := []string{"%20", "%3A", "%22", "%2C", "%3D", "%7B%22q%22%3A%22", "%0A"}
		if prefix == "" && strings.Contains("aadhaar vid pan mobile gstin epic card", kind) {
			seps = append(seps, "no.", "No.", "@", "#")
		}
		b.s("10.0.", fmt.Sprint(g.rnd.IntN(255)), ".", fmt.Sprint(g.rnd.IntN(255)), ` - - [22/Nov/2026:03:25:45 +0000] "GET /v1/kyc?q=`)
		b.s(g.pick(seps...), prefix).pii(kind, v).s(suffix, g.pick("%22", "%2C", "%20", "%7D", "&x=1", ""), ` HTTP/1.1" 200 `, fmt.Sprint(100+g.rnd.IntN(9000)))
	case 8: // the value used as a JSON key
		b.s(`{"ts":"`, g.ts(), `","seen":{"`).pii(kind, jsonEsc(v)).s(`":{"status":"verified","n":`, fmt.Sprint(g.rnd.IntN(9)), `}}}`)
	default: // free text, middle
		if prefix == "" {
			b.s("user submitted (").pii(kind, v).s(suffix, ") for review at ", g.ts())
		} else {
			b.s("user submitted ", prefix).pii(kind, v).s(suffix, " for review at ", g.ts())
		}
	}
	return b.line()
}

func (g *Generator) pickPair() (string, string) {
	switch g.rnd.IntN(5) {
	case 0:
		return "(", ")"
	case 1:
		return "'", "'."
	case 2:
		return "<", ">;"
	case 3:
		return "", "."
	}
	return "", ""
}

// jsonEsc escapes s for the inside of a JSON string: quotes, backslashes
// and control characters.
func jsonEsc(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\t':
			b.WriteString(`\t`)
		case c == '\n':
			b.WriteString(`\n`)
		case c < 0x20:
			fmt.Fprintf(&b, `\u%04x`, c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// vendorJSON returns a vendor-style e-KYC JSON response whose sensitive
// keys hold personal data.
func (g *Generator) vendorJSON() Line {
	switch g.rnd.IntN(3) {
	case 0:
		return g.kosmosJSON()
	case 1:
		return g.vendorKeysJSON()
	}
	b := &builder{}
	b.s(`{"status":"success","code":200,"request_id":"`, g.uuid(), `","data":{"aadhaar_number":"`)
	b.pii("field", g.Aadhaar()).s(`","name":"`).pii("field", g.name())
	b.s(`","dob":"`).pii("field", fmt.Sprintf("%02d-%02d-19%02d", 1+g.rnd.IntN(28), 1+g.rnd.IntN(12), 50+g.rnd.IntN(50)))
	b.s(`","address":{"house":"`).pii("field", fmt.Sprint(1+g.rnd.IntN(400))+"/"+g.upper(1))
	b.s(`","street":"`).pii("field", g.pick("MG Road", "Nehru Street", "Station Road"))
	b.s(`","pc":"`).pii("field", "5600"+g.digits(2)).s(`"},"mobile":"`).pii("field", g.mobile())
	b.s(`","nested":[{"profile_image":"`)
	p, _ := g.photo()
	b.pii("field", p).s(`","score":0.`, g.digits(3), `}],"note":"contact `).pii("email", g.email())
	b.s(`"},"ts":`, fmt.Sprint(1700000000000+g.rnd.Int64N(1e11)), `}`)
	return b.line()
}

// vendorKeys are key names of Indian KYC, bank-verification and payment
// APIs (Cashfree, Setu, PayU, Sumsub, DigiLocker and Aadhaar QR decoders,
// 1Kosmos, Razorpay) with the kind of value they hold.
var vendorKeys = []struct{ key, value string }{
	{"customer_name", "name"}, {"nameOnCard", "name"}, {"name_at_bank", "name"}, {"beneficiaryName", "name"},
	{"bankAccountName", "name"}, {"fatherName", "name"}, {"father", "name"}, {"account_holder_name", "name"},
	{"givenName", "name"}, {"ResidentName", "name"}, {"beneName", "name"}, {"card_holder_name", "name"},
	{"account_number", "account"}, {"accountNumber", "account"}, {"bankAccountNumber", "account"}, {"bank_account", "account"},
	{"card_number", "card"}, {"cardNumber", "card"}, {"cvv", "cvv"}, {"card_cvv", "cvv"},
	{"otpValue", "otp"}, {"otp_code", "otp"}, {"mpin", "otp"},
	{"dateOfBirth", "dob"}, {"date_of_birth", "dob"}, {"yearOfBirth", "yob"},
	{"permanent_address", "address"}, {"formattedAddress", "address"}, {"careOf", "careof"}, {"care_of", "careof"},
	{"buildingNumber", "house"}, {"postCode", "pin"}, {"pinCode", "pin"}, {"postOffice", "place"}, {"subdistrict", "place"},
	{"mobileNumber", "mobile"}, {"phone_number", "mobile"}, {"emailId", "email"}, {"email_address", "email"},
	{"panNumber", "pan"}, {"aadhaarNumber", "aadhaar"}, {"idNumber", "aadhaar"}, {"voterId", "epic"},
	{"Authorization", "auth"}, {"cookie", "cookie"}, {"x-client-secret", "token"}, {"X-Api-Key", "token"},
	{"client_secret", "token"}, {"access_token", "token"}, {"session_token", "token"}, {"password", "token"},
}

// vendorValue returns a value of the kind a vendor key holds.
func (g *Generator) vendorValue(kind string) string {
	switch kind {
	case "name":
		return g.name()
	case "account":
		return g.account()
	case "card":
		return g.card()
	case "cvv":
		return g.digits(3)
	case "otp":
		return g.digits(6)
	case "dob":
		return fmt.Sprintf("19%02d-%02d-%02d", 50+g.rnd.IntN(50), 1+g.rnd.IntN(12), 1+g.rnd.IntN(28))
	case "yob":
		return fmt.Sprint(1950 + g.rnd.IntN(50))
	case "address":
		return fmt.Sprintf("%d, %s, %s", 1+g.rnd.IntN(400), g.pick("MG Road", "Nehru Street", "Station Road"), g.pick("Bengaluru", "Pune", "Kochi"))
	case "careof":
		return "S/O " + g.name()
	case "house":
		return fmt.Sprintf("House No. %d", 1+g.rnd.IntN(400))
	case "pin":
		return g.pick("5600", "6000", "4110", "6820") + g.digits(2)
	case "place":
		return g.pick("Koramangala", "Salem", "Kothrud", "Ranaghat")
	case "mobile":
		return g.mobile()
	case "email":
		return g.email()
	case "pan":
		return g.pan()
	case "aadhaar":
		return g.Aadhaar()
	case "epic":
		return g.epic()
	case "auth":
		return g.pick("Bearer ", "Basic ") + g.token(24)
	case "cookie":
		return "sid=" + g.hex(16) + "; csrftoken=" + g.hex(16)
	}
	return g.token(24)
}

// vendorKeysJSON returns a response that uses vendors' key names for
// personal data, next to benign keys.
func (g *Generator) vendorKeysJSON() Line {
	b := &builder{}
	b.s(`{"status":"SUCCESS","reference_id":`, fmt.Sprint(g.rnd.IntN(99999)), `,"data":{`)
	for k := range 3 + g.rnd.IntN(4) {
		vk := vendorKeys[g.rnd.IntN(len(vendorKeys))]
		if k > 0 {
			b.s(",")
		}
		b.s(`"`, vk.key, `":"`).pii("field", jsonEsc(g.vendorValue(vk.value))).s(`"`)
	}
	b.s(`,"name_match_score":"`, fmt.Sprint(50+g.rnd.IntN(50)), `.00","account_status":"VALID","bank_name":"`, g.pick("YES BANK", "AXIS BANK", "HDFC BANK"), `"}}`)
	return b.line()
}

// kosmosJSON returns the decrypted plaintext of a 1Kosmos document
// verification result: camelCase keys (firstName, documentId, postalCode).
func (g *Generator) kosmosJSON() Line {
	first, last := g.pick(givenNames...), g.pick(surnames...)
	dl := "KA" + fmt.Sprintf("%02d", 1+g.rnd.IntN(70)) + "20" + g.digits(9)
	b := &builder{}
	b.s(`{"sessionResult":"SUCCESS","sessionId":"`, g.uuid(), `","extractedInfo":{"documentType":"dl_object","documentId":"`)
	b.pii("field", dl).s(`","firstName":"`).pii("field", first).s(`","lastName":"`).pii("field", last)
	b.s(`"},"document":{"category":"identity_document","type":"dl","country":"IND","firstName":"`).pii("field", first)
	b.s(`","familyName":"`).pii("field", last).s(`","fullName":"`).pii("field", first+" "+last)
	b.s(`","dob":"`).pii("field", fmt.Sprintf("19%02d-%02d-%02d", 50+g.rnd.IntN(50), 1+g.rnd.IntN(12), 1+g.rnd.IntN(28)))
	b.s(`","street":"`).pii("field", fmt.Sprint(1+g.rnd.IntN(400))+" "+g.pick("MG Road", "Nehru Street", "Station Road"))
	b.s(`","city":"`).pii("field", g.pick("Bengaluru", "Chennai", "Pune", "Kochi"))
	b.s(`","postalCode":"`).pii("field", g.pick("5600", "6000", "4110", "6820")+g.digits(2))
	b.s(`","doe":"2040-02-02"}}`)
	return b.line()
}

// Negative returns a hard-negative line: look-alikes of personal data and
// none of the real thing. Redaction must leave it unchanged.
func (g *Generator) Negative() Line {
	if g.rnd.IntN(2) == 0 {
		return Line{Text: g.themed(), Negative: true}
	}
	var parts []string
	for range 2 + g.rnd.IntN(3) {
		parts = append(parts, g.lookalike())
	}
	var text string
	switch g.rnd.IntN(3) {
	case 0:
		// Look-alikes are kept apart by more than one space: a run of
		// digit groups with single separators reads as one number.
		text = g.ts() + " INFO settlement " + strings.Join(parts, " | ")
	case 1:
		q := make([]string, len(parts))
		for i, p := range parts {
			q[i] = fmt.Sprintf(`"k%d":"%s"`, i, p)
		}
		text = `{"event":"settle",` + strings.Join(q, ",") + `,"ms":` + fmt.Sprint(1700000000000+g.rnd.Int64N(1e11)) + `}`
	default:
		text = "ref " + strings.Join(parts, ", ") + "."
	}
	return Line{Text: text, Negative: true}
}

// NegativeThemes counts the kinds of line themed makes.
const NegativeThemes = 13

// themed returns a hard-negative line of one of the kinds that redactors
// get wrong: ids, names and numbers that look sensitive and are not.
func (g *Generator) themed() string {
	return g.theme(g.rnd.IntN(NegativeThemes))
}

// Theme returns a hard-negative line of theme k (0 <= k < NegativeThemes).
func (g *Generator) Theme(k int) Line { return Line{Text: g.theme(k), Negative: true} }

func (g *Generator) theme(k int) string {
	switch k {
	case 0: // request ids outside a 1Kosmos context
		switch g.rnd.IntN(4) {
		case 0:
			return fmt.Sprintf(`{"level":"info","request_id":"%s","msg":"kyc session polled","latency_ms":%d}`, g.uuid(), g.rnd.IntN(900))
		case 1:
			return fmt.Sprintf("time=%s level=INFO requestId=req_%s msg=\"poll done\"", g.ts(), g.lowerAlnum(20))
		case 2:
			return fmt.Sprintf("X-Request-Id: %s", g.hex(16))
		}
		return fmt.Sprintf(`{"requestId":"%s","requestid":"%s","status":"ok"}`, g.hex(32), g.uuid())
	case 1: // a status in "result"
		return fmt.Sprintf(`{"status":%d,"result":"%s","ref":"%s"}`, 200, g.pick("success", "SUCCESS", "failed", "pending"), g.uuid())
	case 2: // a logger's name in a log record (Bunyan, pino, logfmt)
		switch g.rnd.IntN(3) {
		case 0:
			return fmt.Sprintf(`{"name":"%s","hostname":"kyc-%s","pid":%d,"level":30,"msg":"started","time":"%s","v":0}`,
				g.pick("kyc-worker", "myapp", "kyc.api"), g.lowerAlnum(5), 1+g.rnd.IntN(30000), g.ts())
		case 1:
			return fmt.Sprintf(`{"level":"info","time":%d,"pid":%d,"name":"%s","msg":"listening"}`,
				1700000000000+g.rnd.Int64N(1e11), 1+g.rnd.IntN(30000), g.pick("com.example.kyc", "uvicorn.error", "http"))
		}
		return fmt.Sprintf(`level=info name=%s msg="ready" port=%d`, g.pick("kyc.api", "worker-2", "ovse"), 8000+g.rnd.IntN(100))
	case 3: // a container image
		switch g.rnd.IntN(3) {
		case 0:
			return fmt.Sprintf(`{"event":"pod started","image":"registry.example.com/kyc/api:1.%d.%d","pod":"kyc-api-%s"}`, g.rnd.IntN(9), g.rnd.IntN(20), g.lowerAlnum(5))
		case 1:
			return fmt.Sprintf(`{"image":"ghcr.io/kyckit/kyckit@sha256:%s","name_space":"kyc"}`, g.hex(32))
		}
		return fmt.Sprintf("container started image=nginx:1.%d.%d id=%s", 20+g.rnd.IntN(8), g.rnd.IntN(5), g.hex(6))
	case 4: // a program counter
		switch g.rnd.IntN(3) {
		case 0:
			return fmt.Sprintf(`{"pc":"0x%x","func":"main.run","line":%d}`, 0x400000+g.rnd.IntN(0x100000), g.rnd.IntN(900))
		case 1:
			return fmt.Sprintf(`{"pc":%d,"file":"kyc.go"}`, 1000000+g.rnd.IntN(9000000))
		}
		return fmt.Sprintf("goroutine 7 pc=0x%x sp=0x%x", 0x400000+g.rnd.IntN(0x100000), 0xc000000000+g.rnd.Int64N(1<<20))
	case 5: // POSIX uids in an audit log
		return fmt.Sprintf(`type=SYSCALL msg=audit(%d.%03d:%d): arch=c000003e syscall=59 success=yes exit=0 ppid=1 pid=%d auid=1000 uid=%s gid=%s euid=0 ses=3 comm="bash" exe="/usr/bin/bash" key=(null)`,
			1700000000+g.rnd.IntN(1e8), g.rnd.IntN(1000), g.rnd.IntN(9999), 1+g.rnd.IntN(30000), g.pick1000(), g.pick1000())
	case 6: // git remotes
		return g.pick("git clone git@github.com:kyckit/kyckit.git", "remote: origin git@gitlab.example.com:team/app.git (fetch)",
			"fetch ssh://git@github.com/org/repo.git done", "git@github.com: Permission denied (publickey).")
	case 7: // OpenTelemetry ids that are all digits, some Verhoeff- or Luhn-valid
		tid, sid := g.digits(32), g.otelID()
		switch g.rnd.IntN(3) {
		case 0:
			return fmt.Sprintf(`{"trace_id":"%s","span_id":"%s","parent_id":"%s","duration_ns":%d}`, tid, sid, g.otelID(), g.rnd.IntN(1e9))
		case 1:
			return fmt.Sprintf(`{"traceId":"%s","spanId":"%s","kind":2}`, tid, sid)
		}
		return fmt.Sprintf("time=%s level=INFO msg=\"span end\" trace_id=%s span_id=%s", g.ts(), tid, sid)
	case 8: // microsecond timestamps (16 digits)
		us := fmt.Sprint(1700000000000000 + g.rnd.Int64N(1e14))
		switch g.rnd.IntN(3) {
		case 0:
			return fmt.Sprintf(`{"ts_us":%s,"event":"poll"}`, us)
		case 1:
			return "ts_us=" + us + " event=poll"
		}
		return "poll at " + us + " us"
	case 9: // card-like numbers that are no card
		var n string
		switch g.rnd.IntN(4) {
		case 0: // Luhn-invalid, with an issuer prefix, and no VID either
			for {
				n = "4" + g.digits(15)
				if !luhnValid(n) && !verhoeffValid(n) {
					break
				}
			}
		case 1: // no issuer starts with 1
			n = "1" + g.digits(14)
			n += string(luhnDigit(n))
		case 2:
			return "card " + g.pick("4111 XXXX XXXX ", "XXXX XXXX XXXX ", "XXXX-XXXX-XXXX-") + g.digits(4)
		default: // 13 digits: no issuer uses them
			n = "4" + g.digits(11)
			n += string(luhnDigit(n))
			return "order " + n
		}
		return "ref " + groups(n, g.pick(" ", "-"))
	case 10: // an IFSC next to ids that are not accounts
		return fmt.Sprintf(`{"bank_name":"%s","ifsc":"%s","micr":%d,"utr":"%s","branch":"%s"}`,
			g.pick("YES BANK", "AXIS BANK"), g.ifsc(), 100000000+g.rnd.IntN(899999999), g.invalid(), g.pick("SANTACRUZ", "KORAMANGALA"))
	case 11: // technical names under keys that end in "name" or "address"
		return fmt.Sprintf(`{"file_name":"kyc-%s.pdf","host_name":"kyc-%s","service_name":"ovse","bank_name":"YES BANK","ip_address":"10.0.%d.%d","username":"svc_kyc"}`,
			g.lowerAlnum(6), g.lowerAlnum(4), g.rnd.IntN(255), g.rnd.IntN(255))
	}
	// scores, statuses and flags of personal fields
	return fmt.Sprintf(`{"name_match_score":"%d.00","email_verified":true,"mobile_linked":"%s","aadhaar_seeding_status":"Y","photo_url_present":false,"dob_match":"YES"}`,
		50+g.rnd.IntN(50), g.pick("yes", "no"))
}

// pick1000 returns a POSIX uid or gid: 0, 1000 or a small number.
func (g *Generator) pick1000() string {
	return g.pick("0", "1000", "1001", fmt.Sprint(g.rnd.IntN(65536)))
}

// otelID returns a 16-digit span id, all digits, that a naive detector
// takes for a VID (Verhoeff-valid, 2-9) or a card (Luhn-valid, Visa).
func (g *Generator) otelID() string {
	if g.rnd.IntN(2) == 0 {
		return g.checked(16)
	}
	n := "4" + g.digits(14)
	return n + string(luhnDigit(n))
}

// luhnValid reports whether the digit string s passes the Luhn check.
func luhnValid(s string) bool { return luhnDigit(s[:len(s)-1]) == s[len(s)-1] }

// invalid returns a Verhoeff-invalid 12-digit number, first digit 2-9,
// not "91" followed by a mobile number.
func (g *Generator) invalid() string {
	for {
		s := g.checked(12)
		last := (s[11]-'0'+1+byte(g.rnd.IntN(9)))%10 + '0'
		s = s[:11] + string(last)
		if !verhoeffValid(s) && !strings.HasPrefix(s, "91") {
			return s
		}
	}
}

func (g *Generator) lookalike() string {
	switch g.rnd.IntN(16) {
	case 0: // Verhoeff-invalid 12 digits, first digit 2-9, not "91" + mobile
		return g.group(g.invalid())
	case 13: // after an escape, an encoded separator, an abbreviation or '@'
		return g.pick(`\n`, `\t`, "%20", "%3A", "%2C", "no.", "No.", "@") + g.group(g.invalid())
	case 14: // hex digests and UUIDs after an escape or encoded separator
		return g.pick(`\n`, `\u00a0`, "%20", "%2F", "%3D") + g.pick(g.hex(20), g.uuid()[:24]+g.checked(12))
	case 15: // version strings and hostnames holding a valid number
		return g.pick("v1.", "build 2.4.", "node1.") + g.checked(12)
	case 1: // 0/1-led 12 digits with a valid Verhoeff digit
		body := string(byte('0'+g.rnd.IntN(2))) + g.digits(10)
		return body + string(verhoeffDigit(body))
	case 2:
		return g.ts()
	case 3: // epoch milliseconds
		return fmt.Sprint(1700000000000 + g.rnd.Int64N(1e11))
	case 4: // UUID whose last group is a valid Aadhaar number
		return g.uuid()[:24] + g.checked(12)
	case 5: // hex digest
		return g.hex(32)
	case 6: // IFSC: in its own line (theme 10), as an account number
		// would go with one; here a look-alike of a PAN-like code
		return g.upper(4) + string(byte('1'+g.rnd.IntN(9))) + g.digits(6)
	case 7: // amounts
		return g.pick("INR ", "Rs.", "₹") + fmt.Sprintf("%d,%02d,%03d.%02d", 1+g.rnd.IntN(99), g.rnd.IntN(100), g.rnd.IntN(1000), g.rnd.IntN(100))
	case 8: // order ids that embed valid numbers
		return g.pick("ORD-", "order_", "INV") + g.checked(12)
	case 9: // PAN look-alike with a wrong holder type
		return g.upper(3) + string("DEIMNOQRSUVWXYZ"[g.rnd.IntN(15)]) + g.upper(1) + g.digits(4) + g.upper(1)
	case 10: // decimal with a valid number in its digits
		return "0." + g.checked(12)
	case 11: // 10-digit ids starting 1-5
		return string(byte('1'+g.rnd.IntN(5))) + g.digits(9)
	}
	return "v" + fmt.Sprint(g.rnd.IntN(10)) + "." + fmt.Sprint(g.rnd.IntN(30)) + "." + fmt.Sprint(g.rnd.IntN(99))
}

// Clean returns an ordinary log line without personal data or look-alikes.
func (g *Generator) Clean() Line {
	switch g.rnd.IntN(3) {
	case 0:
		return Line{Text: fmt.Sprintf(`10.0.%d.%d - - [22/Nov/2026:03:25:45 +0000] "GET /v1/status/%s HTTP/1.1" 200 %d "-" "Mozilla/5.0 (X11; Linux x86_64)"`,
			g.rnd.IntN(255), g.rnd.IntN(255), g.lowerAlnum(8), 100+g.rnd.IntN(9000))}
	case 1:
		return Line{Text: fmt.Sprintf(`{"time":"%s","level":"INFO","msg":"session polled","session":"%s","state":"%s","attempt":%d,"latency_ms":%d.%d}`,
			g.ts(), g.uuid(), g.pick("pending", "complete", "expired"), g.rnd.IntN(9), g.rnd.IntN(900), g.rnd.IntN(10))}
	}
	return Line{Text: fmt.Sprintf("%s INFO worker %d finished batch %s in %dms; queue depth %d, retries %d",
		g.ts(), g.rnd.IntN(16), g.hex(4), g.rnd.IntN(2000), g.rnd.IntN(500), g.rnd.IntN(4))}
}
