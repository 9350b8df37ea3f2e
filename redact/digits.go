// Digit-led detectors: Aadhaar numbers and VIDs, mobiles (with and without
// "+91") and GSTIN.

package redact

import "github.com/kyckit/kyckit/internal/aadhaarnum"

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

func allDigits(b []byte) bool {
	for _, c := range b {
		if !isDigit(c) {
			return false
		}
	}
	return true
}
