// The free-text scanner: the byte-class table and the loop that hands each
// word or trigger byte to a detector family (digits.go, letters.go,
// tokens.go, photo.go, email.go, keyvalue.go). Where a token may start and
// end, and why redacting twice changes nothing, is stated once in
// boundary.go.

package redact

import (
	"encoding/binary"
	"math/bits"
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
