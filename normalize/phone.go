package normalize

import (
	"fmt"
	"strings"
)

// Mobile normalizes an Indian mobile number to E.164 ("+919876543210").
// Spaces, hyphens, dots and brackets are dropped, then a leading +91, 0091,
// 91 (on 12 digits) or 0 (on 11 digits); the rest must match
// ^[6-9][0-9]{9}$. Masked numbers and hashes are rejected (see
// [MaskedMobile]): they are not phone numbers. It is idempotent.
func Mobile(s string) (string, error) {
	var b [20]byte
	n := 0
	plus := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			if n == len(b) {
				return "", fmt.Errorf("%w: field %q", ErrMobile, "mobile")
			}
			b[n] = c
			n++
		case c == '+' && n == 0 && !plus:
			plus = true
		case c == ' ' || c == '-' || c == '(' || c == ')' || c == '.':
		default:
			return "", fmt.Errorf("%w: field %q", ErrMobile, "mobile")
		}
	}
	d := string(b[:n])
	if n == 0 {
		return "", ErrEmpty
	}
	switch {
	case strings.HasPrefix(d, "0091") && n == 14:
		d = d[4:]
	case strings.HasPrefix(d, "91") && n == 12:
		d = d[2:]
	case d[0] == '0' && n == 11 && !plus:
		d = d[1:]
	case plus:
		return "", fmt.Errorf("%w: field %q", ErrMobile, "mobile")
	}
	if len(d) != 10 || d[0] < '6' {
		return "", fmt.Errorf("%w: field %q", ErrMobile, "mobile")
	}
	return "+91" + d, nil
}

// MaskedMobile recognises a masked mobile number such as "767XXXXXX77",
// "XXXXXX7890" or "******3210" and returns it with the mask upper-cased
// ("XXXXXX3210"). It needs at least four masked and two visible digits and
// 10 to 12 characters in all.
func MaskedMobile(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if len(s) < 10 || len(s) > 12 {
		return "", false
	}
	var b strings.Builder
	masked, digits := 0, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == 'x' || c == 'X' || c == '*':
			masked++
			b.WriteByte('X')
		case c >= '0' && c <= '9':
			digits++
			b.WriteByte(c)
		default:
			return "", false
		}
	}
	if masked < 4 || digits < 2 {
		return "", false
	}
	return b.String(), true
}
