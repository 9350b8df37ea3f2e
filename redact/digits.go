// Digit-led detectors: Aadhaar numbers and VIDs, mobiles (with and without
// "+91"), payment cards, bank accounts next to an IFSC, GSTIN and BH-series
// vehicle registrations.
//
// A number is read as a run of groups (readNumber). Digits are ASCII or
// the digits of an Indian script (Devanagari ०-९, Bengali, Gurmukhi,
// Gujarati, Oriya, Tamil, Telugu, Kannada, Malayalam), Arabic-Indic or
// full-width (０-９); zero-width characters between digits are ignored.
// Groups are separated by one to three separator units: space, tab, '-',
// '.', '/', ':', '+', no-break and other Unicode spaces, Unicode hyphens
// and minus, zero-width characters, and their escaped forms (\t, \u00a0,
// %20). A number whose separators are all the same single space or hyphen
// is "plain" and keeps the historic leniency (mobiles grouped in any way);
// any other number must have a usual shape: 4-4-4 (Aadhaar), 4-4-4-4
// (VID, card), 5-5 or 3-3-4 (mobile)…, so that dates, times, versions and
// addresses ("2026/11/22 10:15:30", "1.2.3.4") are not read as numbers.

package redact

import (
	"bytes"
	"encoding/binary"
	"math/bits"

	"github.com/kyckit/kyckit/internal/aadhaarnum"
	"github.com/kyckit/kyckit/internal/verhoeff"
)

// Limits of readNumber.
const (
	maxRunDigits = 20 // longer runs match nothing (cards have at most 19)
	maxGroups    = 8
)

// numRun is a run of digit groups read by readNumber.
type numRun struct {
	d     [maxRunDigits]byte // the digits, as ASCII
	n     int                // digits read (may exceed maxRunDigits: too long)
	ng    int                // groups read
	glen  [maxGroups]uint8   // digits in each group
	gend  [maxGroups]int     // byte end of each group
	total [maxGroups]int     // digits up to the end of each group
	// plain[g]: the separators between groups 0..g are all one and the
	// same single space or hyphen.
	plain [maxGroups]bool
	// gap[g] is the separator after group g when it is one byte (' ',
	// '-', '.', '/', ':', '+', tab), 0 when it is longer.
	gap [maxGroups]byte
	// more: the run goes on after the last group read (too many groups).
	more bool
}

// digitAt returns the value and byte length of the digit at s[k]: an ASCII
// digit, or a digit of the scripts listed above. l is 0 when s[k] is no
// digit.
func digitAt(s []byte, k, hi int) (d byte, l int) {
	c := s[k]
	if isDigit(c) {
		return c - '0', 1
	}
	switch c {
	case 0xE0: // U+0966 + 0x80·n: Devanagari ... Malayalam digits, E0 (A5|A7|…|B5) (A6..AF)
		if k+2 < hi && s[k+1]&1 == 1 && s[k+1] >= 0xA5 && s[k+1] <= 0xB5 && s[k+2] >= 0xA6 && s[k+2] <= 0xAF {
			return s[k+2] - 0xA6, 3
		}
	case 0xEF: // U+FF10..U+FF19 full-width digits: EF BC 90..99
		if k+2 < hi && s[k+1] == 0xBC && s[k+2] >= 0x90 && s[k+2] <= 0x99 {
			return s[k+2] - 0x90, 3
		}
	case 0xD9: // U+0660..U+0669 Arabic-Indic digits: D9 A0..A9
		if k+1 < hi && s[k+1] >= 0xA0 && s[k+1] <= 0xA9 {
			return s[k+1] - 0xA0, 2
		}
	case 0xDB: // U+06F0..U+06F9 extended Arabic-Indic digits: DB B0..B9
		if k+1 < hi && s[k+1] >= 0xB0 && s[k+1] <= 0xB9 {
			return s[k+1] - 0xB0, 2
		}
	}
	return 0, 0
}

// zeroWidthAt returns the byte length of a zero-width character at s[k]
// (U+200B..U+200D, U+2060, U+FEFF, U+00AD soft hyphen), or 0.
func zeroWidthAt(s []byte, k, hi int) int {
	switch s[k] {
	case 0xE2:
		if k+2 < hi && ((s[k+1] == 0x80 && s[k+2] >= 0x8B && s[k+2] <= 0x8D) || (s[k+1] == 0x81 && s[k+2] == 0xA0)) {
			return 3
		}
	case 0xEF:
		if k+2 < hi && s[k+1] == 0xBB && s[k+2] == 0xBF {
			return 3
		}
	case 0xC2:
		if k+1 < hi && s[k+1] == 0xAD {
			return 2
		}
	}
	return 0
}

// sepStart marks the bytes a separator unit can start with (see sepAt).
var sepStart = func() (t [256]bool) {
	for _, c := range " \t-./:+\\%" {
		t[c] = true
	}
	for _, c := range []byte{0xC2, 0xE2, 0xE3, 0xEF} {
		t[c] = true
	}
	return t
}()

// sepAt returns the byte length of the separator unit at s[k] (0 when there
// is none) and, for a one-byte unit, that byte.
func sepAt(s []byte, k, hi int) (int, byte) {
	c := s[k]
	if !sepStart[c] {
		return 0, 0
	}
	switch c {
	case ' ', '-', '\t', '.', '/', ':', '+':
		return 1, c
	case '\\': // \t, \u00a0, \u2009, \u200b…: escaped as slog and JSON-in-text write them
		if k+1 < hi && s[k+1] == 't' {
			return 2, 0
		}
		if k+6 <= hi && s[k+1] == 'u' {
			var b [3]byte
			if v, ok := hex4(s[k+2 : k+6]); ok {
				r := rune(v)
				n := 0
				switch {
				case r < 0x80:
					return 0, 0
				case r < 0x800:
					b[0], b[1], n = 0xC0|byte(r>>6), 0x80|byte(r&0x3F), 2
				default:
					b[0], b[1], b[2], n = 0xE0|byte(r>>12), 0x80|byte(r>>6&0x3F), 0x80|byte(r&0x3F), 3
				}
				if l, _ := sepAt(b[:n], 0, n); l == n {
					return 6, 0
				}
			}
		}
		return 0, 0
	case '%': // %20 (space), %09 (tab), %2D (hyphen)
		if k+3 <= hi && s[k+1] == '2' && (s[k+2] == '0' || s[k+2]|0x20 == 'd') || k+3 <= hi && s[k+1] == '0' && s[k+2] == '9' {
			return 3, 0
		}
		return 0, 0
	case 0xC2: // U+00A0 no-break space, U+00AD soft hyphen
		if k+1 < hi && (s[k+1] == 0xA0 || s[k+1] == 0xAD) {
			return 2, 0
		}
	case 0xE2:
		if k+2 < hi {
			switch b1, b2 := s[k+1], s[k+2]; {
			case b1 == 0x80 && (b2 <= 0x8D || (b2 >= 0x90 && b2 <= 0x95) || b2 == 0xAF):
				// U+2000..U+200D spaces and zero-width, U+2010..U+2015
				// hyphens and dashes, U+202F narrow no-break space
				return 3, 0
			case b1 == 0x81 && (b2 == 0x9F || b2 == 0xA0): // U+205F, U+2060 word joiner
				return 3, 0
			case b1 == 0x88 && b2 == 0x92: // U+2212 minus
				return 3, 0
			}
		}
	case 0xE3: // U+3000 ideographic space
		if k+2 < hi && s[k+1] == 0x80 && s[k+2] == 0x80 {
			return 3, 0
		}
	case 0xEF: // U+FEFF, U+FF0D full-width hyphen-minus
		if k+2 < hi && ((s[k+1] == 0xBB && s[k+2] == 0xBF) || (s[k+1] == 0xBC && s[k+2] == 0x8D)) {
			return 3, 0
		}
	}
	return 0, 0
}

func hex4(b []byte) (uint16, bool) {
	var v uint16
	for _, c := range b {
		h := hexVal(c)
		if h < 0 {
			return 0, false
		}
		v = v<<4 | uint16(h)
	}
	return v, true
}

// isDigitAt reports whether a digit of any accepted script starts at s[k].
func isDigitAt(s []byte, k, hi int) bool {
	if k >= hi {
		return false
	}
	if isDigit(s[k]) {
		return true
	}
	_, l := digitAt(s, k, hi)
	return l > 0
}

// readNumber reads the run of digit groups that starts at s[i] into run.
// run is a fresh numRun (zero).
func readNumber(s []byte, i, hi int, run *numRun) {
	k := i
	var sep0 byte
	plain := true
	for {
		// The digits read and the group's length in registers: an
		// increment through run costs a store-to-load round trip per
		// digit. gl wraps as run.glen does.
		n := run.n
		var gl uint8
		for k < hi {
			c := s[k]
			if isDigit(c) {
				if n < maxRunDigits {
					run.d[n] = c
				}
				n++
				gl++
				k++
				continue
			}
			if c < 0x80 {
				break
			}
			if d, l := digitAt(s, k, hi); l > 0 {
				if n < maxRunDigits {
					run.d[n] = '0' + d
				}
				n++
				gl++
				k += l
				continue
			}
			if l := zeroWidthAt(s, k, hi); l > 0 && gl > 0 && isDigitAt(s, k+l, hi) {
				k += l // invisible: part of the group
				continue
			}
			break
		}
		run.n, run.glen[run.ng] = n, gl
		run.gend[run.ng], run.total[run.ng], run.plain[run.ng] = k, run.n, plain
		run.ng++
		if run.n > maxRunDigits {
			return
		}
		// Up to three separator units, then a digit. A gap that starts
		// with '.', '/', ':' or '+' is that one byte: ". " and ": "
		// end a sentence or a label, they join no groups.
		m, units := k, 0
		var single byte
		for units < 3 && m < hi {
			l, c := sepAt(s, m, hi)
			if l == 0 || (units == 1 && (single == '.' || single == '/' || single == ':' || single == '+')) {
				break
			}
			if units == 0 {
				single = c
			} else {
				single = 0
			}
			units++
			m += l
		}
		if units == 0 || !isDigitAt(s, m, hi) {
			return
		}
		if run.ng == maxGroups {
			run.more = true
			return
		}
		run.gap[run.ng-1] = single
		switch {
		case single != ' ' && single != '-' || (sep0 != 0 && single != sep0):
			plain = false
		case sep0 == 0:
			sep0 = single
		}
		k = m
	}
}

// shape reports whether the groups 0..g of run have exactly the lengths
// want.
func (run *numRun) shape(g int, want ...uint8) bool {
	if g+1 != len(want) {
		return false
	}
	for i, w := range want {
		if run.glen[i] != w {
			return false
		}
	}
	return true
}

// fours reports whether groups 0..g are one group or groups of four.
func (run *numRun) fours(g int) bool {
	if g == 0 {
		return true
	}
	for i := 0; i <= g; i++ {
		if run.glen[i] != 4 {
			return false
		}
	}
	return true
}

// digits tries the digit-led detectors at s[i]: GSTIN, BH-series vehicle
// registration, IPv4 (opt-in), Aadhaar, VID, mobile, card and bank account.
//
// e is the pass the number is read in, nil outside one (a slog number): a
// number refused only for want of a context word marks it unsettled.
func (r *Redactor) digits(e *emitter, s []byte, lo, hi, i int) (match, bool) {
	// GSTIN: 2-digit state code + PAN + entity + 'Z' + check character.
	if i+15 <= hi && isUpper(s[i+2]) && r.modes[GSTIN] != Off && gstinAt(s[i:i+15]) && endOK(s, i+15, hi) {
		return match{kind: GSTIN, start: i, end: i + 15}, true
	}
	if i+9 <= hi && s[i+2] == 'B' && s[i+3] == 'H' && r.modes[Vehicle] != Off {
		if end := bhAt(s, i, hi); end > 0 {
			return match{kind: Vehicle, start: i, end: end}, true
		}
	}
	if r.modes[IP] != Off {
		if end := ipv4At(s, lo, i, hi); end > 0 {
			return match{kind: IP, start: i, end: end}, true
		}
	}
	var run numRun
	readNumber(s, i, hi, &run)
	if run.total[0] > maxRunDigits || run.more {
		return match{}, false
	}
	for g := run.ng - 1; g >= 0; g-- {
		end, n := run.gend[g], run.total[g]
		if n < 9 {
			break
		}
		if n > maxRunDigits {
			continue
		}
		plain := run.plain[g]
		// The run must end here: a plain number may be followed by
		// more groups after a space ("2341 2341 2346 7"); any other by
		// nothing that continues it.
		if !endOK(s, end, hi) || (g < run.ng-1 && !(plain && s[end] == ' ' && !(run.ng == 4 && run.fours(3)))) {
			// Sixteen digits in four groups are one number: "4123
			// 4567 8901 6873" holds no Aadhaar number.
			continue
		}
		d := run.d[:n]
		if (n == 12 || n == 16) && run.fours(g) {
			k := Aadhaar
			if n == 16 {
				k = VID
			}
			if r.modes[k] != Off && (aadhaarnum.Valid(d) || (k == VID && d[0] <= '1' && r.vidNear(e, s, lo, i, d))) {
				return match{kind: k, start: i, end: end}, true
			}
		}
		if r.modes[Mobile] != Off && isMobile(d, &run, g, plain) && (plain || !run.decimal(g) || e.near(mobileNear(s, i))) {
			return match{kind: Mobile, start: i, end: end}, true
		}
		if n >= 14 && r.modes[Card] != Off && isCard(d, &run, g) {
			return match{kind: Card, start: i, end: end}, true
		}
		if n <= 18 && g == 0 && r.modes[Account] != Off && !epochLike(d) && e.ifscLine() && !otherNumber(s, lo, i) && e.ifscAround(s, lo, i, end, hi) {
			return match{kind: Account, start: i, end: end}, true
		}
	}
	return match{}, false
}

// vidNear reports whether the 16 digits d, starting 0 or 1 (which UIDAI
// may issue as VIDs, though an Aadhaar number never starts so), are a VID:
// Verhoeff-valid, not a palindrome, and after the word "vid" or "virtual
// id" within contextWindow bytes. A microsecond timestamp (16 digits
// starting 1) elsewhere is left alone.
func (r *Redactor) vidNear(e *emitter, s []byte, lo, i int, d []byte) bool {
	if !verhoeff.Valid(d) {
		return false
	}
	for a, b := 0, len(d)-1; ; a, b = a+1, b-1 {
		if a >= b {
			return false // palindrome
		}
		if d[a] != d[b] {
			break
		}
	}
	return e.near(hasContextWord(s, i, "vid") || hasContextWord(s, i, "virtual"))
}

// decimal reports whether groups 0..g are two groups joined by a single
// '.': a decimal number ("98765.43210") rather than a dotted phone number.
func (run *numRun) decimal(g int) bool { return g == 1 && run.gap[0] == '.' }

// mobileWords name a phone number (mobileNear).
var mobileWords = [...]string{"mobile", "phone", "ph", "mob", "tel", "call", "contact", "whatsapp", "msisdn"}

// mobileNear reports whether a word naming a phone precedes s[i] within
// contextWindow bytes.
func mobileNear(s []byte, i int) bool {
	for _, w := range &mobileWords { // by pointer: ranging over the array copies it
		if hasContextWord(s, i, w) {
			return true
		}
	}
	return false
}

// isMobile reports whether the digits d (groups 0..g of run) are an Indian
// mobile number: 10 digits starting 6-9, optionally after "0", "91" or
// "0091". A plain number may be grouped in any way (up to four groups);
// any other needs a usual shape: 10, 5-5, 3-3-4 or 4-3-3 after an optional
// prefix group.
func isMobile(d []byte, run *numRun, g int, plain bool) bool {
	n := len(d)
	var p int // prefix digits
	switch {
	case n == 10:
	case n == 11 && d[0] == '0':
		p = 1
	case n == 12 && d[0] == '9' && d[1] == '1':
		p = 2
	case n == 14 && d[0] == '0' && d[1] == '0' && d[2] == '9' && d[3] == '1':
		p = 4
	default:
		return false
	}
	if d[p] < '6' {
		return false
	}
	if plain {
		return g <= 3
	}
	for k := 0; k < g; k++ {
		if c := run.gap[k]; c == '/' || c == ':' || c == '+' {
			return false // a ratio, a time, a sum: not how phone numbers are written
		}
	}
	first := 0
	if p > 0 && g > 0 && int(run.glen[0]) == p {
		first = 1 // the prefix is a group of its own
	} else if p > 0 && int(run.glen[0]) < p+1 {
		return false
	}
	var body [4]uint8
	nb := 0
	for k := first; k <= g; k++ {
		if nb == len(body) {
			return false
		}
		body[nb] = run.glen[k]
		nb++
	}
	if first == 0 {
		body[0] -= uint8(p) // the prefix is glued to the first group
	}
	switch body {
	case [4]uint8{10}, [4]uint8{5, 5}, [4]uint8{3, 3, 4}, [4]uint8{4, 3, 3}:
		return true
	}
	return false
}

// isCard reports whether the digits d (groups 0..g of run) are a payment
// card number: one group or the groups cards are printed in (4-4-4-4,
// 4-4-4-4-3, 4-6-5, 4-6-4), the Luhn check, and an issuer prefix with a
// length that issuer uses: Visa 4 (16, 19), Mastercard 51-55 and
// 2221-2720 (16), Amex 34, 37 (15), Diners 30, 36, 38, 39 (14-19), JCB 35
// (16-19), RuPay 60, 65, 81, 82, 508 (16), Discover, UnionPay and Maestro
// 50, 56-69 (16-19). Numbers starting 0, 1, 7 and 9 are no cards: so
// epoch timestamps in milli-, micro- and nanoseconds never are, nor is a
// 13-digit run (no issuer uses 13 digits today) nor the 12-digit Maestro
// and 15-digit JCB (1800, 2131) forms of old.
func isCard(d []byte, run *numRun, g int) bool {
	n := len(d)
	if !(g == 0 || run.shape(g, 4, 4, 4, 4) || run.shape(g, 4, 4, 4, 4, 3) || run.shape(g, 4, 6, 5) || run.shape(g, 4, 6, 4)) {
		return false
	}
	p2 := int(d[0]-'0')*10 + int(d[1]-'0')
	p4 := p2*100 + int(d[2]-'0')*10 + int(d[3]-'0')
	var ok bool
	switch {
	case p4 >= 2221 && p4 <= 2720, p2 >= 51 && p2 <= 55, p2 == 81 || p2 == 82:
		ok = n == 16
	case p2 == 34 || p2 == 37:
		ok = n == 15
	case p2 == 30 || p2 == 36 || p2 == 38 || p2 == 39:
		ok = n >= 14 && n <= 19
	case p2 == 35, p2 == 50, p2 >= 56 && p2 <= 69:
		ok = n >= 16 && n <= 19
	case d[0] == '4':
		ok = n == 16 || n == 19
	}
	return ok && luhn(d)
}

// epochLike reports whether the digits d read as a Unix time in seconds,
// milli-, micro- or nanoseconds between 2017 and 2033 (10, 13, 16 or 19
// digits starting 15 to 19): a timestamp, not an account number.
func epochLike(d []byte) bool {
	switch len(d) {
	case 10, 13, 16, 19:
		return d[0] == '1' && d[1] >= '5'
	}
	return false
}

// otherNumbers name numbers that go with an IFSC code and are no account:
// the branch's MICR code, a payment's UTR or RRN, references.
var otherNumbers = words("micr", "utr", "rrn", "ref", "reference", "txn", "txnid", "transaction", "order",
	"orderid", "invoice", "mid", "tid", "stan", "ms", "ts", "time", "amount", "amt")

// otherNumber reports whether the word just before the number at s[i]
// (across quotes, ':' and '=', as a key: "utr":"…") names another kind of
// number.
func otherNumber(s []byte, lo, i int) bool {
	k := i
	for k > lo && i-k < 4 && (s[k-1] == '"' || s[k-1] == ':' || s[k-1] == '=' || s[k-1] == ' ') {
		k--
	}
	j := k
	for j > lo && k-j < 12 && (isAlnum(s[j-1]) || s[j-1] == '_') {
		j--
	}
	if j == k {
		return false
	}
	var buf [maxKeyLen]byte
	return wordsOf(normKey(&buf, s[j:k]))&otherNumbers != 0
}

// ifscWindow is how close to an account number its IFSC code must be.
const ifscWindow = 32

// ifscNear reports whether an IFSC code (four letters, '0', six letters or
// digits: "HDFC0001234") stands within ifscWindow bytes before start or
// after end: a bank account number goes with one.
func ifscNear(s []byte, lo, start, end, hi int) bool {
	return ifscIn(s, max(lo, start-ifscWindow-11), start) || ifscIn(s, end, min(hi, end+ifscWindow+11))
}

// ifscShaped reports whether line holds the shape of an IFSC code: four
// uppercase letters, '0', six uppercase letters or digits, whatever stands
// around them. ifscIn finds a code only where ifscShaped finds one.
//
// It looks at eight positions at a time for a '0' after an uppercase
// letter: lines of numbers hold many zeros, and a search for each zero
// costs more than the test of a word.
func ifscShaped(line []byte) bool {
	n := len(line)
	for k := 4; k+7 <= n; k += 8 {
		if k+8 > n {
			k = n - 8 // the last word overlaps the one before
		}
		v := binary.LittleEndian.Uint64(line[k:]) ^ '0'*lsb
		zero := ^((v&low7 + low7) | v) & msb
		p := binary.LittleEndian.Uint64(line[k-1:])
		p7 := p & low7
		upper := (p7 + (0x80-'A')*lsb) &^ (p7 + (0x80-'Z'-1)*lsb) &^ p & msb
		for x := zero & upper; x != 0; x &= x - 1 {
			if z := k + bits.TrailingZeros64(x)>>3; z+7 <= n && ifscAt(line, z) {
				return true
			}
		}
	}
	return false
}

// ifscAt reports whether the '0' at line[z], after an uppercase letter,
// stands in the shape of an IFSC code (see ifscShaped).
func ifscAt(line []byte, z int) bool {
	if z < 4 || !isUpper(line[z-2]) || !isUpper(line[z-3]) || !isUpper(line[z-4]) {
		return false
	}
	for _, c := range line[z+1 : z+7] {
		if !isDigit(c) && !isUpper(c) {
			return false
		}
	}
	return true
}

// ifscIn reports whether s[a:b] holds an IFSC code as a whole word.
func ifscIn(s []byte, a, b int) bool {
	for k := a + 4; k+7 <= b; k++ {
		// The '0' of a code: IndexByte skips to it (most bytes are not).
		z := bytes.IndexByte(s[k:b-6], '0')
		if z < 0 {
			return false
		}
		if k += z; !isUpper(s[k-1]) {
			continue
		}
		st := k - 4
		if !isUpper(s[st]) || !isUpper(s[st+1]) || !isUpper(s[st+2]) || (st > 0 && isWord(s[st-1])) {
			continue
		}
		ok := true
		for _, c := range s[k+1 : k+7] {
			if !isDigit(c) && !isUpper(c) {
				ok = false
				break
			}
		}
		if ok && (k+7 == len(s) || !isWord(s[k+7])) {
			return true
		}
	}
	return false
}

// plusMobileAt matches "+91" followed by up to three separator units and a
// mobile number at s[i] == '+': ten digits starting 6-9, grouped as
// isMobile allows.
func plusMobileAt(s []byte, hi, i int) int {
	if i+13 > hi || s[i+1] != '9' || s[i+2] != '1' {
		return 0
	}
	j := i + 3
	for u := 0; u < 3 && j < hi; u++ {
		l, _ := sepAt(s, j, hi)
		if l == 0 {
			break
		}
		j += l
	}
	if j >= hi {
		return 0
	}
	if d, l := digitAt(s, j, hi); l == 0 || d < 6 {
		return 0
	}
	var run numRun
	readNumber(s, j, hi, &run)
	for g := min(run.ng-1, 3); g >= 0; g-- {
		if run.total[g] != 10 {
			continue
		}
		end := run.gend[g]
		if !endOK(s, end, hi) || (g < run.ng-1 && !(run.plain[g] && s[end] == ' ')) {
			// A digit after a separator would make it a longer number.
			return 0
		}
		if isMobile(run.d[:10], &run, g, run.plain[g]) {
			return end
		}
	}
	return 0
}

// bhAt matches a Bharat-series vehicle registration at s[i]: two digits
// (the year), "BH", four digits, one or two letters ("22BH1234AB").
func bhAt(s []byte, i, hi int) int {
	if !isDigit(s[i]) || !isDigit(s[i+1]) || !allDigits(s[i+4:i+8]) || bytes.Equal(s[i+4:i+8], []byte("0000")) {
		return 0
	}
	k := i + 8
	for k < hi && k < i+10 && isUpper(s[k]) {
		k++
	}
	if k == i+8 || !endOK(s, k, hi) {
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

func allDigits(b []byte) bool {
	for _, c := range b {
		if !isDigit(c) {
			return false
		}
	}
	return true
}
