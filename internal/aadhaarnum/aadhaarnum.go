// Package aadhaarnum validates and masks Aadhaar numbers and Virtual IDs
// (VIDs) without ever keeping or printing the full number.
//
// An Aadhaar number has 12 digits and a VID 16. Both must start with a
// digit from 2 to 9, must not read the same backwards (UIDAI never issues
// palindromes) and must end in a Verhoeff check digit. Digits may be written
// in groups of four separated by a single space or hyphen, as UIDAI prints
// them ("2341 2341 2346", "2341-2341-2346"); any other character is
// rejected.
//
// Masking follows UIDAI: the first 8 digits (of an Aadhaar number) or 12
// digits (of a VID) are replaced by X, leaving the last four
// ("XXXX XXXX 2346").
//
// Validation never allocates.
package aadhaarnum

import (
	"errors"

	"github.com/kyckit/kyckit/internal/verhoeff"
)

// Kind tells an Aadhaar number from a VID.
type Kind uint8

// The kinds of number.
const (
	Invalid Kind = iota
	Aadhaar      // 12 digits
	VID          // 16 digits
)

// String returns "aadhaar", "vid" or "invalid".
func (k Kind) String() string {
	switch k {
	case Aadhaar:
		return "aadhaar"
	case VID:
		return "vid"
	}
	return "invalid"
}

// ErrInvalid is wrapped by every validation error, so callers that do not
// care why a number was rejected test errors.Is(err, ErrInvalid).
var ErrInvalid = errors.New("aadhaarnum: invalid aadhaar number or vid")

// Reasons a number is rejected. Each wraps [ErrInvalid]. None of them ever
// contains the number.
var (
	ErrFormat     = reason("not 12 or 16 digits in groups of four")
	ErrFirstDigit = reason("first digit is 0 or 1")
	ErrPalindrome = reason("number is a palindrome")
	ErrChecksum   = reason("verhoeff check digit mismatch")
)

type reasonError struct{ msg string }

func reason(msg string) error { return &reasonError{msg} }

func (e *reasonError) Error() string { return ErrInvalid.Error() + ": " + e.msg }
func (e *reasonError) Unwrap() error { return ErrInvalid }

// MaxLen is the longest input that can hold a valid number: 16 digits in four
// groups with three separators.
const MaxLen = 16 + 3

// digits copies the digits of s into buf, checking that separators, if any,
// are a single ' ' or '-' between groups of four. It returns the number of
// digits, or 0 when s is not of that form.
func digits[T ~string | ~[]byte](s T, buf *[16]byte) int {
	if len(s) < 12 || len(s) > MaxLen {
		return 0
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			if n == len(buf) {
				return 0
			}
			buf[n] = c
			n++
		case c == ' ' || c == '-':
			// A separator may only close a complete group of four and
			// must be followed by a digit.
			if n == 0 || n%4 != 0 || i+1 >= len(s) || s[i+1] < '0' || s[i+1] > '9' {
				return 0
			}
		default:
			return 0
		}
	}
	if n != 12 && n != 16 {
		return 0
	}
	return n
}

// Check validates s as an Aadhaar number or a VID and reports which it is.
// The error wraps [ErrInvalid] and one of the reasons above.
func Check[T ~string | ~[]byte](s T) (Kind, error) {
	var buf [16]byte
	n := digits(s, &buf)
	if n == 0 {
		return Invalid, ErrFormat
	}
	return checkDigits(buf[:n])
}

func checkDigits(b []byte) (Kind, error) {
	if b[0] < '2' {
		return Invalid, ErrFirstDigit
	}
	pal := true
	for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
		if b[i] != b[j] {
			pal = false
			break
		}
	}
	if pal {
		return Invalid, ErrPalindrome
	}
	if !verhoeff.Valid(b) {
		return Invalid, ErrChecksum
	}
	if len(b) == 12 {
		return Aadhaar, nil
	}
	return VID, nil
}

// Valid reports whether s is a valid Aadhaar number or VID.
func Valid[T ~string | ~[]byte](s T) bool {
	_, err := Check(s)
	return err == nil
}

// Last4 returns the last four digits of a valid number.
func Last4[T ~string | ~[]byte](s T) (string, error) {
	var buf [16]byte
	n := digits(s, &buf)
	if n == 0 {
		return "", ErrFormat
	}
	if _, err := checkDigits(buf[:n]); err != nil {
		return "", err
	}
	return string(buf[n-4 : n]), nil
}

// Mask validates s and returns it masked the UIDAI way: "XXXX XXXX 1234"
// for an Aadhaar number, "XXXX XXXX XXXX 1234" for a VID.
func Mask[T ~string | ~[]byte](s T) (string, error) {
	var buf [16]byte
	n := digits(s, &buf)
	if n == 0 {
		return "", ErrFormat
	}
	k, err := checkDigits(buf[:n])
	if err != nil {
		return "", err
	}
	return MaskLast4(k, string(buf[n-4:n])), nil
}

// MaskLast4 renders the masked form of a number of kind k from its last four
// digits alone, as found in Offline e-KYC reference ids and Secure QR codes.
// It does not check last4 beyond its length; a wrong length gives "".
func MaskLast4(k Kind, last4 string) string {
	if len(last4) != 4 {
		return ""
	}
	switch k {
	case Aadhaar:
		return "XXXX XXXX " + last4
	case VID:
		return "XXXX XXXX XXXX " + last4
	}
	return ""
}
