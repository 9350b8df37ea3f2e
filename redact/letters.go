// Letter-led identity numbers: PAN, EPIC (voter id) and passport numbers.

package redact

import "bytes"

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
