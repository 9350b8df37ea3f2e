package normalize

import (
	"fmt"
	"strings"

	"github.com/kyckit/kyckit/internal/aadhaarnum"
)

// AadhaarID is what a record may keep of an Aadhaar number: never more than
// the last four digits.
type AadhaarID struct {
	// Last4 is the last four digits, or "" when the source showed fewer
	// (the old QR's "6XXXXXXXX789" form shows only three).
	Last4 string
	// Masked is the canonical mask, "XXXXXXXX1234" (or "XXXXXXXXX789").
	Masked string
	// WasFull is true when the input was a full 12-digit number. The
	// number itself is not kept.
	WasFull bool
	// ChecksumValid reports the Verhoeff check of a full number; it is
	// false for masked inputs, which cannot be checked.
	ChecksumValid bool
}

// Aadhaar reads an Aadhaar number in any of the forms providers return
// and reduces it at once to an [AadhaarID]:
//   - masks "xxxxxxxx1234", "XXXX-XXXX-1234", "XXXX XXXX 1234",
//     "********1234" (any of x, X, * for the eight hidden digits, optional
//     space or hyphen between groups of four);
//   - the old QR form "6XXXXXXXX789" (first digit and last three shown);
//   - a full 12-digit number (first digit 2–9), which keeps only its last
//     four digits and reports WasFull (the caller must warn). A full number
//     that fails the Verhoeff check is still reduced (ChecksumValid false).
//
// A 16-digit VID, anything else, and the empty string are rejected
// ([ErrAadhaar], [ErrEmpty]); the error never contains the input.
// Aadhaar(id.Masked) gives the same Last4 and Masked back.
func Aadhaar(s string) (AadhaarID, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return AadhaarID{}, ErrEmpty
	}
	var b [16]byte
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' || c == '-' {
			if i == 0 || i == len(s)-1 || s[i-1] == ' ' || s[i-1] == '-' {
				return AadhaarID{}, fmt.Errorf("%w: field %q", ErrAadhaar, "uid")
			}
			continue
		}
		if n == len(b) {
			return AadhaarID{}, fmt.Errorf("%w: field %q", ErrAadhaar, "uid")
		}
		switch {
		case c >= '0' && c <= '9':
		case c == 'x' || c == 'X' || c == '*':
			c = 'X'
		default:
			return AadhaarID{}, fmt.Errorf("%w: field %q", ErrAadhaar, "uid")
		}
		b[n] = c
		n++
	}
	if n != 12 {
		return AadhaarID{}, fmt.Errorf("%w: field %q", ErrAadhaar, "uid")
	}
	d := b[:12]
	switch {
	case allDigits(string(d)):
		if d[0] < '2' {
			return AadhaarID{}, fmt.Errorf("%w: field %q", ErrAadhaar, "uid")
		}
		_, err := aadhaarnum.Check(d)
		l4 := string(d[8:])
		return AadhaarID{Last4: l4, Masked: "XXXXXXXX" + l4, WasFull: true, ChecksumValid: err == nil}, nil
	case string(d[:8]) == "XXXXXXXX" && allDigits(string(d[8:])):
		l4 := string(d[8:])
		return AadhaarID{Last4: l4, Masked: "XXXXXXXX" + l4}, nil
	case string(d[1:9]) == "XXXXXXXX" && allDigits(string(d[9:])) && (d[0] == 'X' || d[0] >= '2'):
		return AadhaarID{Masked: "XXXXXXXXX" + string(d[9:])}, nil
	}
	return AadhaarID{}, fmt.Errorf("%w: field %q", ErrAadhaar, "uid")
}

// ReferenceID splits a UIDAI reference id (Offline e-KYC referenceId,
// Secure QR field 2: the last four Aadhaar digits followed by the
// generation time YYYYMMDDHHMMSS and up to three digits of milliseconds,
// in IST) into the last four digits and the RFC 3339 time.
func ReferenceID(s string) (last4, generatedAt string, err error) {
	s = strings.TrimSpace(s)
	if len(s) < 18 || len(s) > 21 || !allDigits(s) {
		return "", "", fmt.Errorf("%w: field %q", ErrAadhaar, "reference_id")
	}
	ms := s[18:] + "000"[:21-len(s)]
	ts, err := Timestamp(s[4:18] + ms)
	if err != nil {
		return "", "", fmt.Errorf("%w: field %q", ErrAadhaar, "reference_id")
	}
	return s[:4], ts, nil
}

// maskAadhaarInText replaces every number in s written the way Aadhaar
// numbers and VIDs are written: a stand-alone group of 12 digits whose first
// digit is 2–9, or the same 12 digits split 4-4-4, 4-8 or 8-4 by single spaces
// or hyphens, becomes its mask; a group of 16 digits or four groups of 4 (a
// VID) becomes X's. Groups are tried at every start, so a number followed by
// a separator and more digits ("2341 2341 2346 7") is still masked. It does
// not check Verhoeff: a record keeps nothing that merely looks like a number.
// It reports whether it changed s. Free-text fields pass through it so that
// no record carries a full number.
func maskAadhaarInText(s string) (string, bool) {
	if len(s) < 12 {
		return s, false
	}
	var out []byte
	copied := 0 // s[:copied] is in out
	for i := 0; i < len(s); {
		if !isDigitByte(s[i]) {
			i++
			continue
		}
		end, n := aadhaarShapeAt(s, i)
		if n == 0 {
			for i < len(s) && isDigitByte(s[i]) {
				i++
			}
			continue
		}
		if out == nil {
			out = make([]byte, 0, len(s))
		}
		out = append(out, s[copied:i]...)
		if n == 12 {
			out = append(out, "XXXXXXXX"...)
			out = append(out, s[end-4:end]...)
		} else {
			out = append(out, "XXXXXXXXXXXXXXXX"...)
		}
		i, copied = end, end
	}
	if out == nil {
		return s, false
	}
	return string(append(out, s[copied:]...)), true
}

// aadhaarShapeAt looks at the digit group that starts at s[i] and the groups
// joined to it by single separators. It returns the end of the Aadhaar number
// (n = 12) or VID (n = 16) written there, or n = 0 when there is none.
// Groups past the last one joined stay at length 0, so no shape can match
// more groups than there are.
func aadhaarShapeAt(s string, i int) (end, n int) {
	var lens, ends [4]int
	k, j := 0, i
	for k < len(lens) {
		start := j
		for j < len(s) && isDigitByte(s[j]) {
			j++
		}
		lens[k], ends[k] = j-start, j
		k++
		if j+1 >= len(s) || (s[j] != ' ' && s[j] != '-') || !isDigitByte(s[j+1]) {
			break
		}
		j++
	}
	switch {
	case lens[0] == 16:
		return ends[0], 16
	case lens == [4]int{4, 4, 4, 4}:
		return ends[3], 16
	case s[i] < '2':
		return 0, 0
	case lens[0] == 12:
		return ends[0], 12
	case lens[0] == 4 && lens[1] == 4 && lens[2] == 4:
		return ends[2], 12
	case lens[0] == 4 && lens[1] == 8, lens[0] == 8 && lens[1] == 4:
		return ends[1], 12
	}
	return 0, 0
}

func isDigitByte(c byte) bool { return c >= '0' && c <= '9' }
