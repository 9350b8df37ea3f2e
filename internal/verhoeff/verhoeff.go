// Package verhoeff computes and validates Verhoeff check digits, the
// checksum used by Aadhaar numbers and Virtual IDs.
//
// The tables are the dihedral group D5 multiplication table d, the
// permutation table p and the inverse table inv, as published by
// J. Verhoeff (1969) and used by python-stdnum's verhoeff module. Digits are
// processed from the right (the check digit is position 0).
//
// The functions work on ASCII digits held in a string or a byte slice and
// never allocate.
package verhoeff

import "errors"

// ErrNotDigits is returned when the input is empty or holds a byte that is
// not an ASCII digit.
var ErrNotDigits = errors.New("verhoeff: input is not a non-empty string of ASCII digits")

var d = [10][10]uint8{
	{0, 1, 2, 3, 4, 5, 6, 7, 8, 9},
	{1, 2, 3, 4, 0, 6, 7, 8, 9, 5},
	{2, 3, 4, 0, 1, 7, 8, 9, 5, 6},
	{3, 4, 0, 1, 2, 8, 9, 5, 6, 7},
	{4, 0, 1, 2, 3, 9, 5, 6, 7, 8},
	{5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
	{6, 5, 9, 8, 7, 1, 0, 4, 3, 2},
	{7, 6, 5, 9, 8, 2, 1, 0, 4, 3},
	{8, 7, 6, 5, 9, 3, 2, 1, 0, 4},
	{9, 8, 7, 6, 5, 4, 3, 2, 1, 0},
}

var p = [8][10]uint8{
	{0, 1, 2, 3, 4, 5, 6, 7, 8, 9},
	{1, 5, 7, 6, 2, 8, 3, 0, 9, 4},
	{5, 8, 0, 3, 7, 9, 6, 1, 4, 2},
	{8, 9, 1, 6, 0, 4, 3, 5, 7, 2},
	{9, 4, 5, 3, 1, 2, 6, 8, 7, 0},
	{4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
	{2, 7, 9, 3, 8, 0, 6, 4, 1, 5},
	{7, 0, 4, 6, 9, 1, 3, 2, 5, 8},
}

var inv = [10]uint8{0, 4, 3, 2, 1, 5, 6, 7, 8, 9}

// checksum runs the Verhoeff algorithm over digits, treating the rightmost
// digit as position offset. It reports ok=false on a non-digit byte.
func checksum[T ~string | ~[]byte](digits T, offset int) (c uint8, ok bool) {
	n := len(digits)
	for i := 0; i < n; i++ {
		ch := digits[n-1-i]
		if ch < '0' || ch > '9' {
			return 0, false
		}
		c = d[c][p[(i+offset)%8][ch-'0']]
	}
	return c, true
}

// Valid reports whether digits (ASCII digits only, check digit last) carries
// a correct Verhoeff check digit. It returns false for empty input and for
// any non-digit byte.
func Valid[T ~string | ~[]byte](digits T) bool {
	if len(digits) == 0 {
		return false
	}
	c, ok := checksum(digits, 0)
	return ok && c == 0
}

// Compute returns the check digit (as an ASCII byte '0'..'9') to append to
// digits so that the result is Verhoeff-valid.
func Compute[T ~string | ~[]byte](digits T) (byte, error) {
	if len(digits) == 0 {
		return 0, ErrNotDigits
	}
	c, ok := checksum(digits, 1)
	if !ok {
		return 0, ErrNotDigits
	}
	return '0' + inv[c], nil
}
