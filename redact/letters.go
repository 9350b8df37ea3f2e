// Letter-led identity numbers: PAN, EPIC (voter id), passport numbers,
// driving licences and vehicle registrations; context words.

package redact

import "bytes"

// letterAt tries PAN (upper- or lowercase), EPIC, passport numbers,
// driving licences and vehicle registrations at s[i].
func (r *Redactor) letterAt(e *emitter, s []byte, hi, i int) (match, bool) {
	if i+10 <= hi && r.modes[PAN] != Off && panAt(s[i:i+10]) && endOK(s, i+10, hi) {
		return match{kind: PAN, start: i, end: i + 10}, true
	}
	if !isUpper(s[i]) {
		return match{}, false
	}
	// EPIC: AAA9999999, Luhn over the seven digits.
	if i+10 <= hi && r.modes[EPIC] != Off && isUpper(s[i+1]) && isUpper(s[i+2]) &&
		allDigits(s[i+3:i+10]) && endOK(s, i+10, hi) && luhn(s[i+3:i+10]) {
		return match{kind: EPIC, start: i, end: i + 10}, true
	}
	// Passport: A9999999 (first digit 1-9), only after the word "passport".
	if i+8 <= hi && r.modes[Passport] != Off && s[i+1] != '0' && allDigits(s[i+1:i+8]) && endOK(s, i+8, hi) &&
		e.near(hasContext(e.src, i, "passport")) {
		return match{kind: Passport, start: i, end: i + 8}, true
	}
	if isUpper(s[i+1]) && stateCode(s[i], s[i+1]) {
		if r.modes[DL] != Off {
			if end := dlAt(s, i, hi); end > 0 {
				return match{kind: DL, start: i, end: end}, true
			}
		}
		if r.modes[Vehicle] != Off {
			if end := vehicleAt(s, i, hi); end > 0 {
				return match{kind: Vehicle, start: i, end: end}, true
			}
		}
	}
	return match{}, false
}

// panAt reports whether p (10 bytes) is a PAN: AAAAA9999A, the fourth
// letter a holder type (ABCFGHLJPTK), the serial not 0000; all letters
// upper- or all lowercase ("abcpe1234f" as a lowercasing log pipeline
// writes it), never mixed.
func panAt(p []byte) bool {
	up := isUpper(p[0])
	for _, k := range [...]int{0, 1, 2, 3, 4, 9} {
		if !isLetter(p[k]) || isUpper(p[k]) != up {
			return false
		}
	}
	return isDigit(p[5]) && isDigit(p[6]) && isDigit(p[7]) && isDigit(p[8]) &&
		bytes.IndexByte([]byte("abcfghljptk"), p[3]|0x20) >= 0 &&
		!(p[5] == '0' && p[6] == '0' && p[7] == '0' && p[8] == '0')
}

// stateCodes holds the two-letter codes of Indian states and union
// territories used in driving licences and vehicle registrations (with
// the older OR, UA, CT, TS and DD/DN), as a bit per second letter.
var stateCodes = func() (t [26]uint32) {
	for _, c := range [...]string{
		"AN", "AP", "AR", "AS", "BR", "CG", "CH", "CT", "DD", "DL", "DN", "GA", "GJ", "HP", "HR", "JH", "JK",
		"KA", "KL", "LA", "LD", "MH", "ML", "MN", "MP", "MZ", "NL", "OD", "OR", "PB", "PY", "RJ", "SK",
		"TG", "TN", "TR", "TS", "UA", "UK", "UP", "WB",
	} {
		t[c[0]-'A'] |= 1 << (c[1] - 'A')
	}
	return t
}()

func stateCode(a, b byte) bool { return stateCodes[a-'A']&(1<<(b-'A')) != 0 }

// optSep skips one optional ' ' or '-' at s[k].
func optSep(s []byte, k, hi int) int {
	if k < hi && (s[k] == ' ' || s[k] == '-') {
		return k + 1
	}
	return k
}

// digitsAt returns the end of exactly n ASCII digits at s[k], or -1.
func digitsAt(s []byte, k, hi, n int) int {
	if k+n > hi || !allDigits(s[k:k+n]) {
		return -1
	}
	return k + n
}

// dlAt matches an Indian driving licence number at s[i]: state code, RTO
// code (two digits), year of issue (19xx or 20xx) and a seven-digit serial,
// each part optionally after a space or hyphen ("KA01 20201234567",
// "DL-0420110149646", "MH-12-2011-0012345").
func dlAt(s []byte, i, hi int) int {
	k := digitsAt(s, optSep(s, i+2, hi), hi, 2)
	if k < 0 {
		return 0
	}
	y := optSep(s, k, hi)
	if k = digitsAt(s, y, hi, 4); k < 0 || !(s[y] == '1' && s[y+1] == '9' || s[y] == '2' && s[y+1] == '0') {
		return 0
	}
	if k = digitsAt(s, optSep(s, k, hi), hi, 7); k < 0 || !endOK(s, k, hi) {
		return 0
	}
	return k
}

// vehicleAt matches an Indian vehicle registration at s[i]: state code,
// RTO code (one or two digits), series (one to three letters) and a
// four-digit number other than 0000, each part optionally after a space or
// hyphen ("KA01AB1234", "MH 12 DE 1433", "DL3CAB1234").
func vehicleAt(s []byte, i, hi int) int {
	k := optSep(s, i+2, hi)
	d := k
	for k < hi && k-d < 2 && isDigit(s[k]) {
		k++
	}
	if k == d || (k-d == 2 && s[d] == '0' && s[d+1] == '0') {
		return 0
	}
	k = optSep(s, k, hi)
	a := k
	for k < hi && k-a < 3 && isUpper(s[k]) {
		k++
	}
	if k == a {
		return 0
	}
	n := optSep(s, k, hi)
	if k = digitsAt(s, n, hi, 4); k < 0 || string(s[n:k]) == "0000" || !endOK(s, k, hi) {
		return 0
	}
	return k
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

// hasContextWord reports whether word (lowercase) occurs as a word, ignoring
// case, in the contextWindow bytes before i: not inside a longer run of
// letters ("vid" is not found in "provider" or "video").
func hasContextWord(s []byte, i int, word string) bool {
	from := max(i-contextWindow, 0)
	for j := from; j+len(word) <= i; j++ {
		if lower(s[j]) != word[0] || (j > 0 && isLetter(s[j-1]) && !afterEscape(s, 0, j)) {
			continue
		}
		k := 1
		for k < len(word) && lower(s[j+k]) == word[k] {
			k++
		}
		if k == len(word) && (j+k == len(s) || !isLetter(s[j+k])) {
			return true
		}
	}
	return false
}
