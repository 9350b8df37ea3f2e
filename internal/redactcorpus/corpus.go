// Package redactcorpus generates a seeded, labelled corpus of synthetic
// Indian KYC log lines for testing and benchmarking package redact and the
// kyckit redact command.
//
// Every identifier is invented: Aadhaar numbers and VIDs are random digits
// with a Verhoeff check digit computed by the generator's own, table-free
// implementation (independent of internal/verhoeff, so that the corpus can
// catch its faults), GSTINs and voter ids carry computed check characters,
// names come from a short list of common given names and surnames. Lines are JSON vendor responses, access-log lines, logfmt lines
// and free text. Each positive line records the spans of personal data it
// holds; hard-negative lines hold look-alikes (Verhoeff-invalid and 0/1-led
// 12-digit numbers, timestamps, epoch milliseconds, UUIDs, hex digests,
// IFSC codes, amounts, order ids) and no personal data at all.
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

// Kinds lists the span kinds the generator produces.
var Kinds = []string{
	"aadhaar", "vid", "pan", "mobile", "email", "upi", "gstin", "epic", "passport",
	"jwt", "disclosure", "bearer", "secret", "privatekey", "photo", "field",
}

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

func (g *Generator) vid() string { return g.group(g.checked(16)) }

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

// value returns a fresh value of kind and, for kinds that need one, the
// text that must precede it (context word or header).
func (g *Generator) value(kind string) (prefix, v string) {
	switch kind {
	case "aadhaar":
		return g.pick("", "aadhaar ", "uid: ", "UID "), g.Aadhaar()
	case "vid":
		return g.pick("", "vid ", "VID: "), g.vid()
	case "pan":
		return g.pick("", "PAN ", "pan: "), g.pan()
	case "mobile":
		return g.pick("", "call ", "ph "), g.mobile()
	case "email":
		return g.pick("", "mail ", "contact "), g.email()
	case "upi":
		return g.pick("", "paid to ", "vpa "), g.upi()
	case "gstin":
		return g.pick("", "GSTIN ", "gst: "), g.gstin()
	case "epic":
		return g.pick("", "voter id ", "EPIC "), g.epic()
	case "passport":
		return g.pick("passport ", "Passport No: ", "passport number "), g.passport()
	case "jwt":
		return g.pick("", "token ", "jwt="), g.jwt()
	case "disclosure":
		return g.jwt() + "~", g.disclosure()
	case "bearer":
		return g.pick("Authorization: Bearer ", "authorization: bearer ", "Bearer "), g.token(24 + g.rnd.IntN(24))
	case "secret":
		return g.pick("licensekey: ", "requestid: ", "X-DF-API-SECRET: ", "x-df-api-secret="), g.token(32 + g.rnd.IntN(32))
	case "privatekey":
		return "", "-----BEGIN PRIVATE KEY-----" + g.token(48) + "-----END PRIVATE KEY-----"
	case "photo":
		p, _ := g.photo()
		return g.pick("", "data:image/jpeg;base64,", "photo "), p
	}
	return "name=", g.pick(givenNames...)
}

// Positive returns a line holding personal data of kind (one of [Kinds])
// in one of several carriers and positions.
func (g *Generator) Positive(kind string) Line {
	if kind == "field" || g.rnd.IntN(8) == 0 {
		return g.vendorJSON()
	}
	prefix, v := g.value(kind)
	b := &builder{}
	switch g.rnd.IntN(8) {
	case 0: // at the start of the line
		if prefix == "" {
			b.pii(kind, v).s(g.pick(" verified", ", ok", "; next", "")).s()
		} else {
			b.s(prefix).pii(kind, v).s(g.pick(" verified", ", ok", ""))
		}
	case 1: // at the end, next to punctuation
		b.s(g.ts(), " INFO kyc step=", g.pick("otp", "ekyc", "match"), " ", prefix)
		open, closing := g.pickPair()
		if prefix != "" {
			open = ""
		}
		b.s(open).pii(kind, v).s(closing)
	case 2: // inside a JSON string
		b.s(`{"ts":"`, g.ts(), `","level":"info","msg":"`, jsonEsc(prefix))
		b.pii(kind, v).s(`","txn":"`, g.uuid(), `"}`)
	case 3: // access log
		b.s("10.0.", fmt.Sprint(g.rnd.IntN(255)), ".", fmt.Sprint(g.rnd.IntN(255)), ` - - [22/Nov/2026:03:25:45 +0000] "POST /v1/kyc/`)
		b.s(g.lowerAlnum(6), `" 200 `, fmt.Sprint(100+g.rnd.IntN(9000)), ` "`, prefix).pii(kind, v).s(`" "curl/8.5.0"`)
	case 4: // logfmt
		b.s("time=", g.ts(), " level=INFO msg=\"", prefix).pii(kind, v).s("\" req=", g.hex(8))
	case 6: // after a backslash escape, as slog's TextHandler and logfmt write multi-line values
		b.s("time=", g.ts(), ` level=INFO msg="resident`, g.pick(`\n`, `\t`, `\r\n`, `\"`, `\u00a0`, `\\`), prefix)
		b.pii(kind, v).s(g.pick(`\n`, `\t`, `\"`, `.\n`, ""), `" req=`, g.hex(8))
	case 7: // URL-encoded, or after an abbreviation or '@'
		seps := []string{"%20", "%3A", "%22", "%2C", "%3D", "%7B%22q%22%3A%22", "%0A"}
		if prefix == "" && strings.Contains("aadhaar vid pan mobile gstin epic", kind) {
			seps = append(seps, "no.", "No.", "@", "#")
		}
		b.s("10.0.", fmt.Sprint(g.rnd.IntN(255)), ".", fmt.Sprint(g.rnd.IntN(255)), ` - - [22/Nov/2026:03:25:45 +0000] "GET /v1/kyc?q=`)
		b.s(g.pick(seps...), prefix).pii(kind, v).s(g.pick("%22", "%2C", "%20", "%7D", "&x=1", ""), ` HTTP/1.1" 200 `, fmt.Sprint(100+g.rnd.IntN(9000)))
	default: // free text, middle
		if prefix == "" {
			b.s("user submitted (").pii(kind, v).s(") for review at ", g.ts())
		} else {
			b.s("user submitted ", prefix).pii(kind, v).s(" for review at ", g.ts())
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

func jsonEsc(s string) string { return strings.ReplaceAll(s, `"`, `\"`) }

// vendorJSON returns a vendor-style e-KYC JSON response whose sensitive
// keys hold personal data.
func (g *Generator) vendorJSON() Line {
	if g.rnd.IntN(3) == 0 {
		return g.kosmosJSON()
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
	case 6: // IFSC
		return g.ifsc()
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
