package redact

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"math/bits"

	"github.com/kyckit/kyckit/internal/aadhaarnum"
	"github.com/kyckit/kyckit/internal/jsonstr"
)

// Byte classes of the scanner.
const (
	cWord  = 1 << iota // [A-Za-z0-9_]: part of a word
	cTrig              // punctuation that may trigger a detector: @ = : ~ + - [ / \ %
	cDigit             // a word starting here may be a number
	cUpper             // a word starting here may be a PAN, EPIC, passport, photo…
	cLead              // a lowercase letter that starts a detector: e(yJ) b(earer) i(VBOR)
)

var class = func() (t [256]uint8) {
	for c := '0'; c <= '9'; c++ {
		t[c] = cWord | cDigit
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] = cWord
		t[c-'a'+'A'] = cWord | cUpper
	}
	t['e'] |= cLead
	t['b'] |= cLead
	t['i'] |= cLead
	t['_'] = cWord
	for _, c := range "@=:~+-[/\\%" {
		t[c] = cTrig
	}
	return t
}()

func isDigit(c byte) bool { return c-'0' < 10 }
func isUpper(c byte) bool { return c-'A' < 26 }
func isLetter(c byte) bool {
	return (c|0x20)-'a' < 26
}
func isAlnum(c byte) bool { return isDigit(c) || isLetter(c) }
func isWord(c byte) bool  { return class[c]&cWord != 0 }
func lower(c byte) byte {
	if isUpper(c) {
		return c | 0x20
	}
	return c
}
func isB64URL(c byte) bool { return isAlnum(c) || c == '-' || c == '_' }
func isB64Std(c byte) bool { return isAlnum(c) || c == '+' || c == '/' }
func isKeyChar(c byte) bool {
	return isAlnum(c) || c == '_' || c == '-' || c == '.'
}

// endOK reports whether a token ending at end is not part of a longer run:
// the next byte is not a word byte, nor a '-' joining more alphanumerics
// (UUIDs, order ids), a '.' joining more digits (decimals) or an '@'
// before a domain (the token is the local part of an e-mail address or
// UPI id, which emailAt judges). A '.' before a letter ends a sentence or
// starts a file extension: "234123412346.pdf" is a match.
func endOK(s []byte, end, hi int) bool {
	if end >= hi {
		return true
	}
	c := s[end]
	if isWord(c) {
		return false
	}
	if end+1 < hi {
		n := s[end+1]
		switch c {
		case '-':
			return !isAlnum(n)
		case '@':
			// '[': a domain redacted already ("…@[EMAIL]"), so that
			// redacting twice changes nothing.
			return !isAlnum(n) && n != '['
		case '.':
			return !isDigit(n)
		}
	}
	return true
}

// escapeLen returns the length of the backslash escape (\n \t \r \b \f
// \" \\ \/ or \uXXXX, as JSON, slog's TextHandler and logfmt write them)
// or the URL percent-escape (%XX) at s[i], or 0. A token right after one
// starts a new word: "\n234123412346", "%20234123412346".
func escapeLen(s []byte, i, hi int) int {
	if i+1 >= hi {
		return 0
	}
	switch s[i] {
	case '\\':
		switch s[i+1] {
		case 'n', 't', 'r', 'b', 'f', '"', '\\', '/':
			return 2
		case 'u':
			if _, ok := jsonstr.Hex4(s[i+2 : min(i+6, hi)]); ok {
				return 6
			}
		}
	case '%':
		if i+3 <= hi && hexVal(s[i+1]) >= 0 && hexVal(s[i+2]) >= 0 {
			return 3
		}
	}
	return 0
}

// backslashEscape reports whether the backslash at s[b] starts an escape,
// that is, it is preceded by an even number of backslashes ("\\n" is an
// escaped backslash and 'n').
func backslashEscape(s []byte, lo, b int) bool {
	k := b
	for k > lo && s[k-1] == '\\' {
		k--
	}
	return s[b] == '\\' && (b-k)%2 == 0
}

// afterEscape reports whether s[lo:i] ends with an escape (see escapeLen),
// so that a token at s[i] starts a word although a letter or digit
// precedes it.
func afterEscape(s []byte, lo, i int) bool {
	switch {
	case i-2 >= lo && s[i-2] == '\\':
		switch s[i-1] {
		case 'n', 't', 'r', 'b', 'f':
			return true
		}
	case i-3 >= lo && s[i-3] == '%':
		return hexVal(s[i-2]) >= 0 && hexVal(s[i-1]) >= 0
	}
	if i-6 < lo || s[i-6] != '\\' || s[i-5] != 'u' {
		return false
	}
	_, ok := jsonstr.Hex4(s[i-4 : i])
	return ok
}

// SWAR constants: one byte value repeated in every byte of a word.
const (
	lsb  = 0x0101010101010101
	msb  = 0x8080808080808080
	low7 = 0x7F7F7F7F7F7F7F7F
)

// nonWord8 returns a mask with the high bit set in each byte of x (eight
// input bytes, little-endian) that is not a word byte [A-Za-z0-9_]. The
// 7-bit arithmetic never carries between bytes.
func nonWord8(x uint64) uint64 {
	x7 := x & low7
	y := x7 | 0x20*lsb // fold case
	letter := (y + (0x80-'a')*lsb) &^ (y + (0x80-'z'-1)*lsb)
	digit := (x7 + (0x80-'0')*lsb) &^ (x7 + (0x80-'9'-1)*lsb)
	v := x7 ^ '_'*lsb
	underscore := ^((v + low7) | v) // high bit set where v is zero
	return (^(letter | digit | underscore) | x) & msb
}

// joined reports whether the token starting at i continues an alphanumeric
// run through a '-' (the tail of a UUID, "ORD-…") or a digit run through a
// '.' between digits (a decimal, a version), as endOK judges the byte after
// a token. A '.' after a letter ends an abbreviation ("no.234123412346")
// and joins nothing. Callers pass the end of the previous match as lo: a
// redacted token joins nothing, as its tag will not on a second pass.
func joined(s []byte, lo, i int) bool {
	if i-2 < lo {
		return false
	}
	switch s[i-1] {
	case '-':
		return isAlnum(s[i-2])
	case '.':
		return isDigit(s[i-2]) && isDigit(s[i])
	}
	return false
}

// scanText runs the free-text detectors over src[lo:hi], which the caller
// treats as a unit: lo and hi are token boundaries.
func (r *Redactor) scanText(e *emitter, lo, hi int) {
	s := e.src[:hi]
	i := lo
	for i < hi {
		c := s[i]
		cl := class[c]
		if cl&cWord != 0 {
			// A word [i, j). Nearly every detector needs a word of 8 or
			// more bytes; shorter words are checked only for grouped
			// digits and "Bearer"/"Basic". Most words cost one loop.
			j := i + 1
			for {
				if j+8 <= hi {
					// Eight bytes at a time; the first non-word byte
					// ends the word.
					nw := nonWord8(binary.LittleEndian.Uint64(s[j:]))
					if nw == 0 {
						j += 8
						continue
					}
					j += bits.TrailingZeros64(nw) >> 3
					break
				}
				for j < hi && isWord(s[j]) {
					j++
				}
				break
			}
			if (j-i >= 8 || (j+1 < hi && ((cl&cDigit != 0 && (s[j] == ' ' || s[j] == '-')) || (c|0x20 == 'b' && s[j] == ' ')))) &&
				r.mayStart(s, i, hi, c, cl) {
				if m, ok := r.word(e, lo, hi, i); ok {
					e.replace(m, false)
					i = m.end
					continue
				}
			}
			i = j
			continue
		}
		if cl == 0 {
			i++
			continue
		}
		// Punctuation: the byte after it must fit too.
		if i+1 < hi {
			n := s[i+1]
			var try bool
			switch c {
			case '=', ':':
				try = i > lo && (isLetter(s[i-1]) || s[i-1] == '"' || (r.digitKeys && isDigit(s[i-1])))
			case '-':
				try = n == '-'
			case '/':
				try = n == '9' || n == '0'
			case '[':
				try = isUpper(n)
			case '+':
				try = n == '9'
			case '~':
				try = n == 'W'
			default: // '@', '\\', '%'
				try = true
			}
			if try {
				if m, ok, skip := r.punct(e, lo, hi, i); ok {
					e.replace(m, false)
					i = m.end
					continue
				} else if skip > i {
					i = skip
					continue
				}
			}
		}
		i++
	}
}

// mayStart is the cheap pre-check of word: can a detector start at s[i]?
func (r *Redactor) mayStart(s []byte, i, hi int, c, cl byte) bool {
	if i+1 >= hi {
		return false
	}
	n := s[i+1]
	switch {
	case cl&cDigit != 0:
		// At least 10 digits in up to four groups, or a GSTIN; not the
		// tail of a longer run such as a timestamp or UUID.
		if i > 1 && ((s[i-1] == '-' && isAlnum(s[i-2])) || (s[i-1] == '.' && isDigit(s[i-2]))) {
			return false
		}
		j := i + 1
		for j < hi && isDigit(s[j]) {
			j++
		}
		total := j - i
		if total == 2 && j < hi && isUpper(s[j]) {
			return true
		}
		for g := 1; total < 10 && g < 4 && j+1 < hi && (s[j] == ' ' || s[j] == '-') && isDigit(s[j+1]); g++ {
			j++
			for j < hi && isDigit(s[j]) {
				j++
				total++
			}
		}
		return total >= 10
	case cl&cUpper != 0:
		if isDigit(n) {
			return true // passport, or EPIC/PAN after more letters
		}
		switch {
		case c == 'B' && (n == 'e' || n == 'a'), c == 'W' && n == 'y', c == 'J' && n == 'V', c == 'U' && n == 'E':
			return true
		}
		// PAN (AAAAA9…) or EPIC (AAA9…), or a JPEG 2000 "AAAA…".
		return i+3 < hi && isUpper(n) && isUpper(s[i+2]) &&
			(isDigit(s[i+3]) || (i+5 < hi && isUpper(s[i+3]) && isUpper(s[i+4]) && (isDigit(s[i+5]) || c == 'A')))
	}
	// e(yJ…), b(earer), b(asic), i(VBOR…)
	return cl&cLead != 0 && (c == 'e' && n == 'y' || c == 'b' && (n == 'e' || n == 'a') || c == 'i' && n == 'V')
}

// word tries the detectors that start with a word byte at s[i], where i is
// the start of a word run.
func (r *Redactor) word(e *emitter, lo, hi, i int) (match, bool) {
	s := e.src[:hi]
	c := s[i]
	if isDigit(c) {
		// Not the tail of a longer run: "ab-1234…", "0.1234…", a group
		// of a digit run ("… 4541 0633 …") not already redacted, or
		// "XXXX XXXX 1234 …": the last group of a masked number. An
		// '@' before the number is a boundary: an e-mail domain
		// ("a@234123412346.example") was taken by emailAt already.
		if joined(s, max(lo, e.last), i) || (i-2 >= max(lo, e.last) && (s[i-1] == ' ' || s[i-1] == '-') && (isDigit(s[i-2]) || maskedGroup(s, lo, i-1))) {
			return match{}, false
		}
		return r.digits(s, lo, hi, i)
	}
	switch c {
	case 'e':
		if r.modes[JWT] != Off {
			if end := jwtAt(s, i, hi); end > 0 {
				return match{kind: JWT, start: i, end: end}, true
			}
		}
	case 'b', 'B':
		if r.modes[Bearer] != Off {
			if st, end := bearerAt(s, i, hi); end > 0 {
				return match{kind: Bearer, start: st, end: end}, true
			}
		}
	case 'W':
		if r.modes[Disclosure] != Off {
			if end := disclosureAt(s, lo, i, hi, 24); end > 0 {
				return match{kind: Disclosure, start: i, end: end}, true
			}
		}
	}
	if r.modes[Photo] != Off && (c == 'i' || c == 'J' || c == 'A' || c == 'U') {
		if m, ok := r.photoAt(s, i, hi); ok {
			return m, true
		}
	}
	if isUpper(c) && i+8 <= hi && !joined(s, max(lo, e.last), i) {
		return r.upperAt(e, s, hi, i)
	}
	return match{}, false
}

// maskedGroup reports whether s[:end] ends with a masked group "XXXX".
func maskedGroup(s []byte, lo, end int) bool {
	if end-4 < lo {
		return false
	}
	for _, c := range s[end-4 : end] {
		if c|0x20 != 'x' {
			return false
		}
	}
	return true
}

// upperAt tries PAN, EPIC and passport numbers at s[i].
func (r *Redactor) upperAt(e *emitter, s []byte, hi, i int) (match, bool) {
	// PAN: AAAAA9999A, 4th letter the holder type, serial not 0000.
	if i+10 <= hi && r.modes[PAN] != Off &&
		isUpper(s[i+1]) && isUpper(s[i+2]) && isUpper(s[i+3]) && isUpper(s[i+4]) &&
		isDigit(s[i+5]) && isDigit(s[i+6]) && isDigit(s[i+7]) && isDigit(s[i+8]) && isUpper(s[i+9]) &&
		bytes.IndexByte([]byte("ABCFGHLJPTK"), s[i+3]) >= 0 &&
		!(s[i+5] == '0' && s[i+6] == '0' && s[i+7] == '0' && s[i+8] == '0') &&
		endOK(s, i+10, hi) {
		return match{kind: PAN, start: i, end: i + 10}, true
	}
	// EPIC: AAA9999999, Luhn over the seven digits.
	if i+10 <= hi && r.modes[EPIC] != Off && isUpper(s[i+1]) && isUpper(s[i+2]) &&
		allDigits(s[i+3:i+10]) && endOK(s, i+10, hi) && luhn(s[i+3:i+10]) {
		return match{kind: EPIC, start: i, end: i + 10}, true
	}
	// Passport: A9999999 (first digit 1-9), only after the word "passport".
	if r.modes[Passport] != Off && s[i+1] != '0' && allDigits(s[i+1:i+8]) && endOK(s, i+8, hi) &&
		hasContext(e.src, i, "passport") {
		return match{kind: Passport, start: i, end: i + 8}, true
	}
	return match{}, false
}

func allDigits(b []byte) bool {
	for _, c := range b {
		if !isDigit(c) {
			return false
		}
	}
	return true
}

// luhn validates a digit string with the Luhn mod-10 check.
func luhn(b []byte) bool {
	sum := 0
	double := false
	for i := len(b) - 1; i >= 0; i-- {
		d := int(b[i] - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum%10 == 0
}

// contextWindow is how far before a match a context word may appear.
const contextWindow = 48

// hasContext reports whether word (lowercase) occurs, ignoring case, in the
// contextWindow bytes before i.
func hasContext(s []byte, i int, word string) bool {
	from := max(i-contextWindow, 0)
	for j := from; j+len(word) <= i; j++ {
		if lower(s[j]) != word[0] {
			continue
		}
		k := 1
		for k < len(word) && lower(s[j+k]) == word[k] {
			k++
		}
		if k == len(word) {
			return true
		}
	}
	return false
}

// digits tries the digit-led detectors at s[i]: Aadhaar, VID, mobile and
// GSTIN. Digits may be grouped by single spaces or hyphens.
func (r *Redactor) digits(s []byte, lo, hi, i int) (match, bool) {
	// GSTIN: 2-digit state code + PAN + entity + 'Z' + check character.
	if i+15 <= hi && isUpper(s[i+2]) && r.modes[GSTIN] != Off && gstinAt(s[i:i+15]) && endOK(s, i+15, hi) {
		return match{kind: GSTIN, start: i, end: i + 15}, true
	}
	var ends [6]int
	var total [6]int
	ng, n, j := 0, 0, i
	var sep byte
	for ng < len(ends) {
		k := j
		for k < hi && isDigit(s[k]) {
			k++
		}
		n += k - j
		ends[ng], total[ng] = k, n
		ng++
		if n >= 16 || k+1 >= hi || (s[k] != ' ' && s[k] != '-') || !isDigit(s[k+1]) {
			break
		}
		if sep == 0 {
			sep = s[k]
		} else if s[k] != sep {
			break // groups of one number share one separator
		}
		j = k + 1
	}
	if total[0] > 16 {
		return match{}, false
	}
	for g := ng - 1; g >= 0; g-- {
		end, n := ends[g], total[g]
		if n < 10 {
			break
		}
		if !endOK(s, end, hi) {
			continue
		}
		span := s[i:end]
		switch n {
		case 12, 16:
			k := Aadhaar
			if n == 16 {
				k = VID
			}
			if r.modes[k] != Off && len(span) <= aadhaarnum.MaxLen && aadhaarnum.Valid(span) {
				return match{kind: k, start: i, end: end}, true
			}
		}
		if r.modes[Mobile] != Off && g <= 3 && isMobile(span, n) {
			return match{kind: Mobile, start: i, end: end}, true
		}
	}
	return match{}, false
}

// isMobile reports whether span, holding n digits, is an Indian mobile
// number: 10 digits starting 6-9, optionally after "0" or "91".
func isMobile(span []byte, n int) bool {
	var d [3]byte
	k := 0
	for _, c := range span {
		if isDigit(c) {
			d[k] = c
			k++
			if k == 3 {
				break
			}
		}
	}
	switch n {
	case 10:
		return d[0] >= '6'
	case 11:
		return d[0] == '0' && d[1] >= '6'
	case 12:
		return d[0] == '9' && d[1] == '1' && d[2] >= '6'
	}
	return false
}

// plusMobileAt matches "+91" followed by an optional space or hyphen and a
// 10-digit mobile number at s[i] == '+'.
func plusMobileAt(s []byte, hi, i int) int {
	if i+13 > hi || s[i+1] != '9' || s[i+2] != '1' {
		return 0
	}
	j := i + 3
	if s[j] == ' ' || s[j] == '-' {
		j++
	}
	if j >= hi || s[j] < '6' || !isDigit(s[j]) {
		return 0
	}
	n, groups := 0, 1
	k := j
	for k < hi && n < 10 {
		if isDigit(s[k]) {
			n++
			k++
			continue
		}
		if (s[k] == ' ' || s[k] == '-') && k+1 < hi && isDigit(s[k+1]) && groups < 3 {
			groups++
			k++
			continue
		}
		break
	}
	if n != 10 || !endOK(s, k, hi) {
		return 0
	}
	// A digit after a separator would make it a longer number.
	if k+1 < hi && (s[k] == ' ' || s[k] == '-') && isDigit(s[k+1]) && groups < 3 {
		return 0
	}
	return k
}

// gstinAt validates a 15-byte GSTIN: state code 01-38 or 97/99, a PAN,
// an entity code, 'Z' (or another letter for special registrations) and a
// Luhn mod-36 check character.
func gstinAt(g []byte) bool {
	if !isDigit(g[0]) || !isDigit(g[1]) {
		return false
	}
	st := int(g[0]-'0')*10 + int(g[1]-'0')
	if (st < 1 || st > 38) && st != 97 && st != 99 {
		return false
	}
	for _, c := range g[2:7] {
		if !isUpper(c) {
			return false
		}
	}
	if !allDigits(g[7:11]) || !isUpper(g[11]) || !isUpper(g[13]) {
		return false
	}
	if !(isDigit(g[12]) || isUpper(g[12])) || !(isDigit(g[14]) || isUpper(g[14])) {
		return false
	}
	// Luhn mod 36 over 0-9A-Z, as in python-stdnum's gstin.py.
	sum := 0
	for i := 0; i < 14; i++ {
		v := val36(g[i])
		if i%2 == 1 {
			v *= 2
		}
		sum += v/36 + v%36
	}
	return val36(g[14]) == (36-sum%36)%36
}

func val36(c byte) int {
	if isDigit(c) {
		return int(c - '0')
	}
	return int(c-'A') + 10
}

// jwtAt matches a compact JWS/JWE at s[i] ("eyJ" + 3 to 5 base64url
// segments, the payload non-empty).
func jwtAt(s []byte, i, hi int) int {
	if i+3 > hi || s[i+1] != 'y' || s[i+2] != 'J' {
		return 0
	}
	j := i
	segs := 0
	for {
		k := j
		for k < hi && isB64URL(s[k]) {
			k++
		}
		segs++
		if segs == 2 && k == j {
			return 0
		}
		j = k
		if j < hi && s[j] == '.' && segs < 5 {
			j++
			continue
		}
		break
	}
	if segs < 3 || j-i < 16 || !endOK(s, j, hi) {
		// A trailing '.' closing a sentence is allowed by endOK.
		return 0
	}
	return j
}

// disclosureAt matches a base64url SD-JWT disclosure starting "WyJ" (or
// "WyI", "WyK", "WyL", depending on the first salt byte) at s[i],
// at least min bytes long.
//
// A disclosure never holds a '.', so a run that is one segment of a dotted
// token is not one. Both sides are checked, and a redaction tag's closing
// ']' counts as the end of a segment, so that redacting one segment cannot
// turn its neighbour into a match on a second pass (idempotence).
func disclosureAt(s []byte, lo, i, hi, min int) int {
	// base64url of `["` followed by any salt byte: "Wy" + I, J, K or L.
	if i+3 > hi || s[i] != 'W' || s[i+1] != 'y' || s[i+2] < 'I' || s[i+2] > 'L' {
		return 0
	}
	if i-2 >= lo && s[i-1] == '.' && (isB64URL(s[i-2]) || s[i-2] == ']') {
		return 0
	}
	k := i
	for k < hi && isB64URL(s[k]) {
		k++
	}
	if k-i < min || (k < hi && (s[k] == '.' || s[k] == '=') && k+1 < hi && isAlnum(s[k+1])) {
		return 0
	}
	return k
}

// bearerAt matches "Bearer TOKEN" or "Basic TOKEN" (any case) at s[i] and
// returns the span of TOKEN.
func bearerAt(s []byte, i, hi int) (int, int) {
	var j int
	switch {
	case hasPrefixFold(s[i:hi], "bearer"):
		j = i + 6
	case hasPrefixFold(s[i:hi], "basic"):
		j = i + 5
	default:
		return 0, 0
	}
	if j >= hi || s[j] != ' ' {
		return 0, 0
	}
	for j < hi && s[j] == ' ' {
		j++
	}
	k := j
	for k < hi && (isB64URL(s[k]) || s[k] == '.' || s[k] == '~' || s[k] == '+' || s[k] == '/') {
		k++
	}
	for k < hi && s[k] == '=' {
		k++
	}
	if k-j < 8 {
		return 0, 0
	}
	return j, k
}

func hasPrefixFold(b []byte, p string) bool {
	if len(b) < len(p) {
		return false
	}
	for i := 0; i < len(p); i++ {
		if lower(b[i]) != p[i] {
			return false
		}
	}
	return true
}

// photo magics, as the base64 of their first bytes.
var photoMagic = []struct {
	b64  string // first base64 characters, for a cheap pre-check
	raw  []byte
	name string
}{
	{"/9j/", []byte{0xFF, 0xD8, 0xFF}, "jpeg"},
	{"iVBORw0KGgo", []byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, "png"},
	{"AAAADGpQ", []byte{0, 0, 0, 0x0C, 'j', 'P', ' ', ' ', '\r', '\n', 0x87, '\n'}, "jp2"},
	{"/0//UQ", []byte{0xFF, 0x4F, 0xFF, 0x51}, "j2k"},
	{"JVBERi0", []byte("%PDF-"), "pdf"},
	{"UEsDB", []byte{'P', 'K', 3, 4}, "zip"},
}

// photoAt matches a base64 photo or document at s[i], recognised by the
// magic bytes of its decoded start, whose decoded size is at least
// MinPhotoBytes. Line breaks inside the base64 are allowed.
func (r *Redactor) photoAt(s []byte, i, hi int) (match, bool) {
	name := ""
	for _, m := range photoMagic {
		if bytes.HasPrefix(s[i:hi], []byte(m.b64)) {
			name = m.name
			break
		}
	}
	if name == "" {
		return match{}, false
	}
	// Walk the base64 run, counting data characters.
	n := 0
	k := i
	for k < hi {
		c := s[k]
		if isB64Std(c) {
			n++
			k++
			continue
		}
		if (c == '\n' || c == '\r') && k+1 < hi && (isB64Std(s[k+1]) || s[k+1] == '\n') {
			k++
			continue
		}
		break
	}
	pad := 0
	for k < hi && s[k] == '=' && pad < 2 {
		k++
		pad++
	}
	if n < 16 {
		return match{}, false
	}
	size := n * 3 / 4
	if size < r.minPhoto {
		return match{}, false
	}
	var dec [12]byte
	if _, err := base64.StdEncoding.Decode(dec[:], s[i:i+16]); err != nil {
		return match{}, false
	}
	for _, m := range photoMagic {
		if m.name == name && !bytes.HasPrefix(dec[:], m.raw) {
			return match{}, false
		}
	}
	return match{kind: Photo, start: i, end: k, photo: name, size: size}, true
}

// punct tries the detectors triggered by punctuation at s[i]. skip > i
// tells the caller to continue at skip (an existing redaction tag).
func (r *Redactor) punct(e *emitter, lo, hi, i int) (m match, ok bool, skip int) {
	s := e.src[:hi]
	switch s[i] {
	case '@':
		return r.emailAt(e, lo, hi, i)
	case '=', ':':
		return r.keyValueAt(e, lo, hi, i)
	case '~':
		if r.modes[Disclosure] != Off {
			if end := disclosureAt(s, lo, i+1, hi, 16); end > 0 {
				return match{kind: Disclosure, start: i + 1, end: end}, true, 0
			}
		}
	case '+':
		if r.modes[Mobile] != Off && (i == lo || !isAlnum(s[i-1]) || afterEscape(s, lo, i)) {
			if end := plusMobileAt(s, hi, i); end > 0 {
				return match{kind: Mobile, start: i, end: end}, true, 0
			}
		}
	case '-':
		if r.modes[PrivateKey] != Off {
			if end := privateKeyAt(s, i, hi); end > 0 {
				return match{kind: PrivateKey, start: i, end: end}, true, 0
			}
		}
	case '[':
		return match{}, false, tagEnd(s, i, hi)
	case '\\', '%':
		// An escape ends the word before it; the word after it may be
		// a token ("\n234123412346", "%3A9876543210"). When nothing
		// matches there, scanning goes on at the next byte as before:
		// a '%' may be a literal percent sign before a token
		// ("50%ABCPE1234F"), and "\\n" is read as '\' plus "\n" (fail
		// closed: a literal backslash before "n2341…" ends the word
		// too).
		if k := escapeLen(s, i, hi); k > 0 && i+k < hi {
			a := i + k
			if ca := s[a]; class[ca]&cWord != 0 && r.mayStart(s, a, hi, ca, class[ca]) {
				if m, ok := r.word(e, lo, hi, a); ok {
					return m, true, 0
				}
			}
		}
	case '/':
		if r.modes[Photo] != Off && (i == lo || !isB64Std(s[i-1]) || afterEscape(s, lo, i)) {
			if m, ok := r.photoAt(s, i, hi); ok {
				return m, true, 0
			}
		}
	}
	return match{}, false, 0
}

// tagEnd returns the end of a redaction tag such as "[AADHAAR]",
// "[PHOTO jpeg 1234B]" or "[EMAIL:k1:0011223344556677]" at s[i], or 0.
// Tags are skipped so that redacting twice changes nothing.
func tagEnd(s []byte, i, hi int) int {
	if i+2 >= hi || !isUpper(s[i+1]) {
		return 0
	}
	for k := Kind(1); k < numKinds; k++ {
		l := kindNames[k]
		if !bytes.HasPrefix(s[i+1:hi], []byte(l)) {
			continue
		}
		j := i + 1 + len(l)
		if j >= hi {
			return 0
		}
		switch s[j] {
		case ']':
			return j + 1
		case ':', ' ':
			for e := j + 1; e < hi && e < j+48; e++ {
				c := s[e]
				if c == ']' {
					return e + 1
				}
				if !(isAlnum(c) || c == ':' || c == ' ' || c == '_' || c == '-') {
					return 0
				}
			}
		}
		return 0
	}
	return 0
}

// hasTag reports whether s[start:end] holds the start of a redaction tag
// (which may close after end, as in "eyJhbGciOiJFUzI1NiJ9.[JWT]").
func hasTag(s []byte, start, end, hi int) bool {
	for k := start; k < end; k++ {
		if s[k] == '[' && tagEnd(s, k, hi) > 0 {
			return true
		}
	}
	return false
}

// privateKeyAt matches a PEM private key from "-----BEGIN … PRIVATE
// KEY-----" to the matching END line, or to the end of the input when the
// END line is missing (fail closed).
func privateKeyAt(s []byte, i, hi int) int {
	const begin = "-----BEGIN "
	if !bytes.HasPrefix(s[i:hi], []byte(begin)) {
		return 0
	}
	j := i + len(begin)
	end := bytes.Index(s[j:hi], []byte("-----"))
	// A PEM label is upper-case words ("RSA PRIVATE KEY"); one holding
	// a redaction ("0***@AA PRIVATE KEY") was not a label before.
	if end < 0 || end > 40 || !bytes.HasSuffix(s[j:j+end], []byte("PRIVATE KEY")) || !pemLabel(s[j:j+end]) {
		return 0
	}
	rest := j + end + 5
	k := bytes.Index(s[rest:hi], []byte("-----END "))
	if k < 0 {
		return hi
	}
	k += rest + len("-----END ")
	c := bytes.Index(s[k:hi], []byte("-----"))
	if c < 0 {
		return hi
	}
	return k + c + 5
}

func pemLabel(b []byte) bool {
	for _, c := range b {
		if !isUpper(c) && !isDigit(c) && c != ' ' {
			return false
		}
	}
	return true
}

// emailAt matches an e-mail address or a UPI id around the '@' at s[i].
func (r *Redactor) emailAt(e *emitter, lo, hi, i int) (match, bool, int) {
	s := e.src[:hi]
	if r.modes[Email] == Off && r.modes[UPI] == Off {
		return match{}, false, 0
	}
	floor := max(lo, e.last, i-64)
	j := i
	for j > floor && isLocal(s[j-1]) {
		j--
	}
	// An escape before the local part is not part of it: "\nravi@…",
	// "%20ravi@…", "q=%7B%22q%22%3A%229876543210@ybl".
	escaped := false
	if j > lo && backslashEscape(s, lo, j-1) {
		if n := escapeLen(s, j-1, i); n > 1 && j-1+n < i {
			j += n - 1
			escaped = true
		}
	}
	for k := i - 3; k >= j; k-- {
		if s[k] == '%' && escapeLen(s, k, i) == 3 {
			if k+3 < i {
				j = k + 3
				escaped = true
			}
			break
		}
	}
	// The end of the previous match is a boundary, as its tag will be on a
	// second pass (idempotence).
	if j == i || s[j] == '.' || s[i-1] == '.' || (!escaped && j > lo && j != e.last && (isLocal(s[j-1]) || s[j-1] == '@')) {
		return match{}, false, 0
	}
	// The local part holds a letter or digit ("-----@AA" is no id).
	if bytes.IndexFunc(s[j:i], func(r rune) bool { return r < 0x80 && isAlnum(byte(r)) }) < 0 {
		return match{}, false, 0
	}
	// Domain labels.
	k := i + 1
	dots, lastDot := 0, -1
	for k < hi {
		c := s[k]
		if isAlnum(c) || c == '-' {
			k++
			continue
		}
		if c == '.' && k+1 < hi && isAlnum(s[k+1]) && s[k-1] != '.' && s[k-1] != '@' {
			dots++
			lastDot = k
			k++
			continue
		}
		break
	}
	if k == i+1 || (k < hi && (isWord(s[k]) || s[k] == '@')) {
		return match{}, false, 0
	}
	if dots > 0 {
		if r.modes[Email] == Off {
			return match{}, false, 0
		}
		// The address ends at the last label that is a TLD: letters only,
		// at least two. A trailing label that is not ("a@b.in.ABCPE1234F")
		// is left to the other detectors, so that the decision does not
		// change once they have redacted it (idempotence).
		end := k
		for end > lastDot && lastDot > i {
			if validTLD(s[lastDot+1 : end]) {
				return match{kind: Email, start: j, end: end}, true, 0
			}
			end = lastDot
			lastDot = i + 1 + bytes.LastIndexByte(s[i+1:end], '.')
		}
		return match{}, false, 0
	}
	// UPI: handle@psp, the PSP handle letters only.
	psp := s[i+1 : k]
	if r.modes[UPI] == Off || len(psp) < 2 || len(psp) > 32 || i-j < 2 || bytes.EqualFold(psp, []byte("localhost")) {
		return match{}, false, 0
	}
	for _, c := range psp {
		if !isLetter(c) {
			return match{}, false, 0
		}
	}
	// "XXXX…": a masked Aadhaar number or PAN after '@', not a PSP.
	if bytes.Contains(psp, []byte("XXXX")) || bytes.Contains(psp, []byte("xxxx")) {
		return match{}, false, 0
	}
	for _, c := range s[j:i] {
		if c == '+' || c == '%' {
			return match{}, false, 0
		}
	}
	return match{kind: UPI, start: j, end: k}, true, 0
}

// validTLD reports whether label can end an e-mail domain: two or more
// letters, and not "…XXXX…", a masked token such as a partial PAN.
func validTLD(label []byte) bool {
	if len(label) < 2 || bytes.Contains(label, []byte("XXXX")) {
		return false
	}
	for _, c := range label {
		if !isLetter(c) {
			return false
		}
	}
	return true
}

func isLocal(c byte) bool {
	return isAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'
}

// normKey writes the normalized form of a key name (at most maxKeyLen
// bytes) to buf and returns it: ASCII lowercase, without '_' and '-', so
// that "first_name", "firstName" and "First-Name" are one key.
func normKey(buf *[maxKeyLen]byte, name []byte) []byte {
	n := 0
	for _, c := range name {
		if c == '_' || c == '-' {
			continue
		}
		buf[n] = lower(c)
		n++
	}
	return buf[:n]
}

// lookupKey returns the kind of a sensitive key name, or 0. It does not
// allocate.
func (r *Redactor) lookupKey(name []byte) Kind {
	if len(name) == 0 || len(name) > maxKeyLen {
		return 0
	}
	// Pre-checks before normalizing: a name without separators must pass
	// the per-length filter as it is; any name must pass on its first
	// and last bytes, unless they are separators that normalizing drops.
	first, last := name[0], name[len(name)-1]
	if r.keyFilter[len(name)]&(1<<(lower(first)&63)) == 0 || r.keyFilterLast[len(name)]&(1<<(lower(last)&63)) == 0 {
		sep := false
		for _, c := range name {
			if c == '_' || c == '-' {
				sep = true
				break
			}
		}
		if !sep {
			return 0
		}
	}
	if first != '_' && first != '-' && r.keyFirst&(1<<(lower(first)&63)) == 0 {
		return 0
	}
	if last != '_' && last != '-' && r.keyLast&(1<<(lower(last)&63)) == 0 {
		return 0
	}
	var buf [maxKeyLen]byte
	l := normKey(&buf, name)
	if len(l) == 0 || r.keyFilter[len(l)]&(1<<(l[0]&63)) == 0 || r.keyFilterLast[len(l)]&(1<<(l[len(l)-1]&63)) == 0 {
		return 0
	}
	return r.keys[string(l)]
}

// keyValueAt handles "key=value", "key: value" and `"key": value` in free
// text, where key is sensitive, at the '=' or ':' at s[i].
func (r *Redactor) keyValueAt(e *emitter, lo, hi, i int) (match, bool, int) {
	s := e.src[:hi]
	k := i
	quoted := k > lo && s[k-1] == '"'
	if quoted {
		k--
		if k > lo && s[k-1] == '\\' {
			k-- // an escaped quote: msg="{\"name\":…}"
		}
	}
	j := k
	floor := max(lo, e.last, k-maxKeyLen)
	for j > floor && isKeyChar(s[j-1]) {
		j--
	}
	escaped := false
	if j > lo && j < k && ((s[j-1] == '\\' && backslashEscape(s, lo, j-1)) || s[j-1] == '%') {
		// "\nname=…", "%20name=…": the key starts after the escape
		// (but "\\requestid=…" is '\' and "requestid").
		if n := escapeLen(s, j-1, k); n > 1 && j-1+n < k {
			j += n - 1
			escaped = true
		}
	}
	if j == k || (quoted && (j == lo || s[j-1] != '"')) || (!quoted && !escaped && j > lo && isKeyChar(s[j-1])) {
		return match{}, false, 0
	}
	kind := r.lookupKey(s[j:k])
	envelope := false
	if kind == 0 {
		if !bytes.EqualFold(s[j:k], []byte("data")) || r.modes[Secret] == Off {
			return match{}, false, 0
		}
		envelope = true
		kind = Secret
	}
	if r.modes[kind] == Off {
		return match{}, false, 0
	}
	v := i + 1
	for v < hi && (s[v] == ' ' || s[v] == '\t') {
		v++
	}
	if v >= hi {
		return match{}, false, 0
	}
	var start, end int
	switch s[v] {
	case '\\':
		if v+1 < hi && s[v+1] == '"' {
			// An escaped JSON string inside a quoted log value:
			// msg="{\"name\":\"Ravi Kumar\"}".
			start = v + 2
			end = start
			for end < hi && !(s[end] == '"' && s[end-1] == '\\') {
				end++
			}
			if end < hi {
				end-- // before the closing \"
			}
		} else {
			start, end = v, v
			for end < hi && !isValueEnd(s[end]) {
				end++
			}
		}
	case '"', '\'':
		q := s[v]
		start = v + 1
		end = start
		for end < hi && s[end] != q {
			if s[end] == '\\' {
				end++
			}
			end++
		}
		end = min(end, hi)
	case '{', '[':
		start, end = v, balancedEnd(s, v, hi)
	default:
		start, end = v, v
		for end < hi && !isValueEnd(s[end]) {
			end++
		}
	}
	if end <= start || hasTag(s, start, end, hi) || (end-start >= 2 && s[start] == 'X' && s[start+1] == 'X') {
		return match{}, false, 0 // empty, already redacted, or masked
	}
	if envelope && !isEnvelope(s[start:end]) {
		return match{}, false, 0
	}
	// A detector that matches at the value start takes over (so
	// "uid=2345 6789 0124" is caught whole, spaces included, and
	// labelled AADHAAR).
	if isWord(s[start]) {
		if m, ok := r.word(e, lo, hi, start); ok && m.start == start {
			return m, true, 0
		}
	} else if s[start] == '+' && r.modes[Mobile] != Off {
		if mend := plusMobileAt(s, hi, start); mend >= end {
			return match{kind: Mobile, start: start, end: mend}, true, 0
		}
	}
	return match{kind: kind, start: start, end: end}, true, 0
}

func isValueEnd(c byte) bool {
	switch c {
	case ' ', '\t', '\r', '\n', ',', ';', '&', '}', ']', ')', '"', '\'':
		return true
	}
	return false
}

// balancedEnd returns the end of the JSON-like object or array at s[v], or
// hi when it is not closed (fail closed).
func balancedEnd(s []byte, v, hi int) int {
	depth := 0
	for k := v; k < hi; k++ {
		switch s[k] {
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return k + 1
			}
		case '"':
			for k++; k < hi && s[k] != '"'; k++ {
				if s[k] == '\\' {
					k++
				}
			}
		}
	}
	return hi
}

// isEnvelope reports whether v looks like a 1Kosmos envelope:
// base64(IV[16] || ciphertext || tag[16]), so at least 44 base64 bytes.
func isEnvelope(v []byte) bool {
	if len(v) < 44 {
		return false
	}
	for _, c := range v {
		if !isB64Std(c) && c != '=' && c != '-' && c != '_' {
			return false
		}
	}
	return true
}
