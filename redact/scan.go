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
	// Lead bytes of the digits of Indian scripts, Arabic-Indic and
	// full-width digits (see digitAt).
	for _, c := range []byte{0xE0, 0xEF, 0xD9, 0xDB} {
		t[c] = cTrig
	}
	return t
}()

// asciiSep marks the one-byte separators of digit groups.
var asciiSep = func() (t [256]bool) {
	for _, c := range " \t-./:+" {
		t[c] = true
	}
	return t
}()

// digitFollow marks the bytes after a short run of digits that may
// continue it as a longer number: separators and the lead bytes of
// non-ASCII digits.
var digitFollow = func() (t [256]bool) {
	t = sepStart
	for _, c := range []byte{0xE0, 0xEF, 0xD9, 0xDB} {
		t[c] = true
	}
	return t
}()

// Byte sets of the detectors, one bit each in sets: a load and a test
// where a chain of comparisons would branch on the data.
const (
	sAlnum  = 1 << iota // [A-Za-z0-9]
	sB64URL             // [A-Za-z0-9_-]
	sB64Std             // [A-Za-z0-9+/]
	sKey                // [A-Za-z0-9_.-]
)

var sets = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		b := byte(c)
		if b-'0' < 10 || (b|0x20)-'a' < 26 {
			t[c] = sAlnum | sB64URL | sB64Std | sKey
		}
	}
	t['-'] |= sB64URL | sKey
	t['_'] |= sB64URL | sKey
	t['+'] |= sB64Std
	t['/'] |= sB64Std
	t['.'] |= sKey
	return t
}()

func isDigit(c byte) bool { return c-'0' < 10 }
func isUpper(c byte) bool { return c-'A' < 26 }
func isLetter(c byte) bool {
	return (c|0x20)-'a' < 26
}
func isAlnum(c byte) bool { return sets[c]&sAlnum != 0 }
func isWord(c byte) bool  { return class[c]&cWord != 0 }
func lower(c byte) byte {
	if isUpper(c) {
		return c | 0x20
	}
	return c
}
func isB64URL(c byte) bool  { return sets[c]&sB64URL != 0 }
func isB64Std(c byte) bool  { return sets[c]&sB64Std != 0 }
func isKeyChar(c byte) bool { return sets[c]&sKey != 0 }

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

// nonB64Std8 is nonWord8 for the standard base64 alphabet
// [A-Za-z0-9+/] (isB64Std).
func nonB64Std8(x uint64) uint64 {
	x7 := x & low7
	y := x7 | 0x20*lsb // fold case
	letter := (y + (0x80-'a')*lsb) &^ (y + (0x80-'z'-1)*lsb)
	digit := (x7 + (0x80-'0')*lsb) &^ (x7 + (0x80-'9'-1)*lsb)
	p := x7 ^ '+'*lsb
	plus := ^((p + low7) | p)
	v := x7 ^ '/'*lsb
	slash := ^((v + low7) | v)
	return (^(letter | digit | plus | slash) | x) & msb
}

// scanText runs the free-text detectors over src[lo:hi], which the caller
// treats as a unit: lo and hi are token boundaries. It visits only the
// positions where a detector may start (see fastscan.go), or every
// position when the line cannot be classified that way.
func (r *Redactor) scanText(e *emitter, lo, hi int) {
	e.ulo, e.uhi = lo, hi
	end := hi // where matches may start
	if e.stop > 0 && e.stop < hi {
		end = e.stop
	}
	if lo >= end {
		return
	}
	if e.classified() {
		r.scanCandidates(e, lo, hi, end)
		return
	}
	r.scanEvery(e, lo, hi, end)
}

// scanEvery is scanText over every position: the reference loop, which
// scanCandidates must agree with.
func (r *Redactor) scanEvery(e *emitter, lo, hi, end int) {
	for i := lo; i < end; {
		i = r.step(e, lo, hi, i)
	}
}

// step runs the detectors that may start at s[i] and returns where
// scanning goes on: after the match, after the word that starts at i, or
// at i+1. A word byte at i is taken as the start of a word.
func (r *Redactor) step(e *emitter, lo, hi, i int) int {
	s := e.src[:hi]
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
		if (j-i >= 8 || (j+1 < hi && ((cl&cDigit != 0 && digitFollow[s[j]]) || (c|0x20 == 'b' && s[j] == ' ') ||
			(cl&cUpper != 0 && j-i <= 4 && (s[j] == ' ' || s[j] == '-'))))) &&
			r.mayStart(s, i, hi, c, cl) {
			if m, ok := r.word(e, lo, hi, i); ok {
				e.replace(m, false)
				return m.end
			}
		}
		if j < hi && s[j] == ':' && r.modes[IP] != Off && isHexWord(s[i:j]) {
			if end := ipv6At(s, max(lo, e.last), i, hi); end > 0 {
				e.replace(match{kind: IP, start: i, end: end}, false)
				return end
			}
		}
		if cl&cDigit == 0 && j-i >= 3 && ((isDigit(s[j-1]) && gluedTail(s, i, j, hi)) || (j-i >= 11 && isDigit(s[j-2])) || (j < hi && s[j] >= 0x80 && gluedEnd[s[j-1]])) {
			// A number or PAN glued to a word naming it:
			// "uid_234123412346", "UID2341 2341 2346", "pan_ABCPE1234F".
			if m, ok := r.glued(e, lo, hi, i, j); ok {
				e.replace(m, false)
				return m.end
			}
		}
		return j
	}
	if cl == 0 || i+1 >= hi {
		return i + 1
	}
	// Punctuation: the byte after it must fit too.
	n := s[i+1]
	var try bool
	switch c {
	case '=', ':':
		try = i > lo && (isLetter(s[i-1]) || s[i-1] == '"' || (isDigit(s[i-1]) && (r.digitKeys || i-2 >= lo && (isLetter(s[i-2]) || s[i-2] == '_' || s[i-2] == '-')))) ||
			c == ':' && n == ':' && r.modes[IP] != Off
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
			return m.end
		} else if skip > i {
			return skip
		}
	}
	return i + 1
}

// mayStart is the cheap pre-check of word: can a detector start at s[i]?
func (r *Redactor) mayStart(s []byte, i, hi int, c, cl byte) bool {
	if i+1 >= hi {
		return false
	}
	n := s[i+1]
	switch {
	case cl&cDigit != 0:
		// At least 9 digits, or a shorter run that a separator may
		// continue, or a GSTIN or BH registration; not the tail of a
		// longer run such as a timestamp or UUID.
		if i > 1 && ((s[i-1] == '-' && isAlnum(s[i-2]) && !(gluedEnd[s[i-2]] && isLetter(s[i-2]) && gluedPrefix(s, 0, i))) || (s[i-1] == '.' && isDigit(s[i-2]))) {
			return false
		}
		j := i + 1
		for j < hi && isDigit(s[j]) {
			j++
		}
		total, longest := j-i, j-i
		if total >= 9 || (total == 2 && j < hi && isUpper(s[j])) {
			return true
		}
		if r.modes[IP] != Off && j < hi && s[j] == '.' {
			return true
		}
		// Fast path: groups after single spaces or hyphens, as most
		// numbers (and dates) are written.
		for j+1 < hi && (s[j] == ' ' || s[j] == '-') && isDigit(s[j+1]) {
			k := j + 1
			j = k + 1
			for j < hi && isDigit(s[j]) {
				j++
			}
			total += j - k
			longest = max(longest, j-k)
			if total >= 9 {
				return longest >= 4
			}
		}
		if j >= hi || !digitFollow[s[j]] {
			return false
		}
		// Count the digits of the groups that follow, across ASCII
		// separators; anything else (non-ASCII digits or separators,
		// escapes) is left to digits. A number that is not plain (one
		// space or hyphen throughout) has groups of three digits or
		// more after its first: a group of two ends it (a time, a
		// date). Groups all shorter than four digits make no number
		// we detect.
		plain := true
		var sep0 byte
		for g := 0; g < maxGroups && total < 9; g++ {
			k := j
			for k < hi && k-j < 3 && asciiSep[s[k]] {
				k++
			}
			if k == j || k >= hi {
				if k < hi && !asciiSep[s[k]] && digitFollow[s[k]] {
					return true // a non-ASCII digit or separator, an escape
				}
				break
			}
			if !isDigit(s[k]) {
				return s[k] >= 0x80
			}
			if c := s[j]; k-j > 1 || (c != ' ' && c != '-') || (sep0 != 0 && c != sep0) {
				plain = false
			} else {
				sep0 = c
			}
			n := k
			for n < hi && isDigit(s[n]) {
				n++
			}
			if !plain && n-k < 3 {
				break
			}
			j = n
			total += n - k
			longest = max(longest, n-k)
		}
		return total >= 9 && longest >= 4
	case cl&cUpper != 0:
		if isDigit(n) {
			return true // passport, or EPIC/PAN after more letters, DL, vehicle
		}
		if isUpper(n) && i+3 < hi && (isDigit(s[i+2]) || ((s[i+2] == ' ' || s[i+2] == '-') && isDigit(s[i+3]))) {
			return true // a driving licence or vehicle registration: KA01…, MH 12 AB 1234
		}
		switch {
		case c == 'B' && (n == 'e' || n == 'a'), c == 'W' && n == 'y', c == 'J' && n == 'V', c == 'U' && n == 'E':
			return true
		}
		// PAN (AAAAA9…) or EPIC (AAA9…), or a JPEG 2000 "AAAA…".
		return i+3 < hi && isUpper(n) && isUpper(s[i+2]) &&
			(isDigit(s[i+3]) || (i+5 < hi && isUpper(s[i+3]) && isUpper(s[i+4]) && (isDigit(s[i+5]) || c == 'A')))
	}
	// e(yJ…), e(wo…), b(earer), b(asic), i(VBOR…), or a lowercase PAN
	// (abcpe1234f)
	return cl&cLead != 0 && (c == 'e' && (n == 'y' || n == 'w') || c == 'b' && (n == 'e' || n == 'a') || c == 'i' && n == 'V') ||
		i+10 <= hi && isLetter(n) && isDigit(s[i+5]) && isDigit(s[i+8])
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
		floor := max(lo, e.last)
		if (joined(s, floor, i) && !gluedPrefix(s, floor, i)) || (i-2 >= floor && (s[i-1] == ' ' || s[i-1] == '-') && (digitRunBefore(s, floor, i-1) || maskedGroup(s, lo, i-1))) {
			return match{}, false
		}
		return r.digits(e, s, lo, hi, i)
	}
	switch c {
	case 'e':
		if r.modes[JWT] != Off {
			if end := jwtAt(s, i, hi); end > 0 {
				return match{kind: JWT, start: i, end: end}, true
			}
		}
		if m, ok := r.encodedAt(s, lo, i, hi); ok {
			return m, true
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
		if m, ok := r.encodedAt(s, lo, i, hi); ok {
			return m, true
		}
	}
	if r.modes[Photo] != Off && (c == 'i' || c == 'J' || c == 'A' || c == 'U') {
		if m, ok := r.photoAt(s, i, hi); ok {
			return m, true
		}
	}
	if isLetter(c) && i+4 <= hi && !joined(s, max(lo, e.last), i) {
		return r.letterAt(e, s, hi, i)
	}
	return match{}, false
}

// digitRunBefore reports whether s[floor:k] ends with a run of digits
// that is a whole word: the group of a number before the separator at k.
// A word that merely ends in digits ("…ca54b7") is not.
func digitRunBefore(s []byte, floor, k int) bool {
	j := k
	for j > floor && isDigit(s[j-1]) {
		j--
	}
	return j < k && (j == floor || !isWord(s[j-1]))
}

// prevDigit reports whether a digit of any accepted script ends at s[i-1].
func prevDigit(s []byte, lo, i int) bool {
	if i <= lo {
		return false
	}
	if isDigit(s[i-1]) {
		return true
	}
	for l := 2; l <= 3 && i-l >= lo; l++ {
		if _, n := digitAt(s, i-l, i); n == l {
			return true
		}
	}
	return false
}

// gluedKeywords name a number when glued in front of it: "uid_2341…",
// "aadhaar-no-2341…", "UID2341…", "vid_9134…", "mobile9876…",
// "pan_ABCPE1234F".
var gluedKeywords = [...]string{
	"uid", "aadhaar", "aadhar", "adhaar", "aadhaarno", "aadharno", "uidno",
	"vid", "vidno", "mobile", "mobileno", "mob", "mobno", "phone", "phoneno", "ph", "tel", "msisdn",
	"pan", "panno",
}

// gluedTail is the cheap pre-check of glued for a word s[i:j] ending in a
// digit: the digits at its end are four or more, or go on after a
// separator, and the byte before them can end a glued prefix.
func gluedTail(s []byte, i, j, hi int) bool {
	t := j - 1
	for t > i && isDigit(s[t-1]) {
		t--
	}
	return t > i && gluedEnd[s[t-1]] && (j-t >= 4 || (j < hi && digitFollow[s[j]]))
}

// gluedEnd marks the bytes a glued prefix can end with: the last letters
// of gluedKeywords, '_', '-' and '#'.
var gluedEnd = func() (t [256]bool) {
	for _, kw := range gluedKeywords {
		c := kw[len(kw)-1]
		t[c], t[c-'a'+'A'] = true, true
	}
	t['_'], t['-'], t['#'] = true, true, true
	return t
}()

// gluedPrefix reports whether the letters before s[i], after at most one
// '_', '-' or '#' (and a "no"/"num" in between: "aadhaar_no_"), are one of
// gluedKeywords, as a whole word or the last part of one.
func gluedPrefix(s []byte, floor, i int) bool {
	k := i
	if k > floor && (s[k-1] == '_' || s[k-1] == '-' || s[k-1] == '#') {
		k--
	}
	for part := 0; part < 2; part++ {
		j := k
		for j > floor && k-j < 10 && isLetter(s[j-1]) && !afterEscape(s, floor, j) {
			j--
		}
		if j == k || (j > floor && isAlnum(s[j-1]) && !afterEscape(s, floor, j)) {
			return false
		}
		w := s[j:k]
		for _, kw := range &gluedKeywords { // by pointer: ranging over the array copies it
			if len(w) == len(kw) && hasPrefixFold(w, kw) {
				return true
			}
		}
		if part == 0 && (len(w) == 2 && hasPrefixFold(w, "no") || len(w) == 3 && hasPrefixFold(w, "num")) && j > floor+1 && (s[j-1] == '_' || s[j-1] == '-') {
			k = j - 1
			continue
		}
		return false
	}
	return false
}

// glued tries a number or PAN glued to the word naming it, in the word
// s[i:j] (see gluedPrefix).
func (r *Redactor) glued(e *emitter, lo, hi, i, j int) (match, bool) {
	if floor := max(lo, e.last); i > floor && isWord(e.src[i-1]) {
		return match{}, false
	}
	return r.gluedAt(e, lo, hi, i, j)
}

// gluedAt is glued for a word that starts a word already (after an
// escape).
func (r *Redactor) gluedAt(e *emitter, lo, hi, i, j int) (match, bool) {
	s := e.src[:hi]
	if j-i >= 11 && isLetter(s[j-1]) && r.modes[PAN] != Off {
		if t := j - 10; gluedPrefix(s, i, t) {
			if m, ok := r.letterAt(e, s, hi, t); ok && m.kind == PAN && m.start == t {
				return m, true
			}
		}
	}
	t := j
	for t > i && isDigit(s[t-1]) {
		t--
	}
	// The number is four digits or more, or goes on after a separator;
	// the byte before it ends one of gluedKeywords or is '_', '-', '#'.
	if t == i || (t == j && !isDigitAt(s, j, hi)) || (j-t < 4 && !(j < hi && digitFollow[s[j]])) || !gluedEnd[s[t-1]] || !gluedPrefix(s, i, t) {
		return match{}, false
	}
	if m, ok := r.digits(e, s, lo, hi, t); ok && m.start == t {
		return m, true
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
		if s[i] == ':' && r.modes[IP] != Off && i+1 < hi && s[i+1] == ':' {
			if end := ipv6At(s, max(lo, e.last), i, hi); end > 0 {
				return match{kind: IP, start: i, end: end}, true, 0
			}
		}
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
			if ca := s[a]; class[ca]&cWord != 0 {
				if r.mayStart(s, a, hi, ca, class[ca]) {
					if m, ok := r.word(e, lo, hi, a); ok {
						return m, true, 0
					}
				}
				// A number glued to its name after the escape:
				// "\nuid_234123412346".
				j := a
				for j < hi && isWord(s[j]) {
					j++
				}
				if cl := class[ca]; cl&cDigit == 0 && j-a >= 3 {
					if m, ok := r.gluedAt(e, lo, hi, a, j); ok {
						return m, true, 0
					}
				}
			}
		}
	case '/':
		if r.modes[Photo] != Off && (i == lo || !isB64Std(s[i-1]) || afterEscape(s, lo, i)) {
			if m, ok := r.photoAt(s, i, hi); ok {
				return m, true, 0
			}
		}
	case 0xE0, 0xEF, 0xD9, 0xDB:
		// A number written in Devanagari or another Indian script,
		// Arabic-Indic or full-width digits.
		floor := max(lo, e.last)
		if _, l := digitAt(s, i, hi); l > 0 && (!prevDigit(s, floor, i) || afterEscape(s, floor, i)) && (i == floor || !isWord(s[i-1]) || afterEscape(s, floor, i) || gluedPrefix(s, floor, i)) &&
			!(i-2 >= floor && s[i-1] == '.' && prevDigit(s, floor, i-1)) {
			if m, ok := r.digits(e, s, lo, hi, i); ok {
				return m, true, 0
			}
			// Skip the rest of the run: its later digits are not the
			// start of a number.
			k := i
			for k < hi {
				if _, l := digitAt(s, k, hi); l > 0 {
					k += l
					continue
				}
				break
			}
			return match{}, false, k
		}
	}
	return match{}, false, 0
}
