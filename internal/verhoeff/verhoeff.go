// Package verhoeff computes and validates Verhoeff check digits, the
// checksum used by Aadhaar numbers and Virtual IDs.
//
// The scheme is J. Verhoeff's (Error Detecting Decimal Codes, 1969): the
// digits are elements of the dihedral group D5, multiplied with the table
// d, after the digit at position i (counted from the right, the check
// digit being position 0) is moved by σ^i, where σ is Verhoeff's
// permutation (0 1 5 8 9 4 2 7)(3 6). No table here is typed by hand: d and
// its inverse table come from the symmetries of a regular pentagon, and
// p[i] = σ^i from the cycles of σ. The tests compare the result with the
// tables published by Wikipedia and python-stdnum.
//
// The functions work on ASCII digits held in a string or a byte slice and
// never allocate.
package verhoeff

import "errors"

// ErrNotDigits is returned when the input is empty or holds a byte that is
// not an ASCII digit.
var ErrNotDigits = errors.New("verhoeff: input is not a non-empty string of ASCII digits")

// sigma is Verhoeff's permutation σ, written as its cycles.
var sigma = [][]uint8{{0, 1, 5, 8, 9, 4, 2, 7}, {3, 6}}

// The tables, computed when the package is initialized from the
// definitions above and never written afterwards.
var (
	d, inv = dihedral()    // d[a][b] = a·b in D5; inv[a] = a⁻¹
	p      = powers(sigma) // p[i][x] = σ^i(x)
)

// dihedral returns the multiplication and inverse tables of D5, the
// symmetries of a regular pentagon with vertices 0..4, numbered as
// Verhoeff numbers them: element k < 5 is the rotation x ↦ x+k and element
// 5+k the reflection x ↦ k−x (mod 5). a·b is the symmetry "b, then a".
func dihedral() (d [10][10]uint8, inv [10]uint8) {
	apply := func(g, x int) int {
		if g < 5 {
			return (x + g) % 5
		}
		return (g - x) % 5 // (g-5) - x, mod 5; g-x > 0 as x < 5
	}
	for a := range 10 {
		for b := range 10 {
			// A symmetry is fixed by where it sends vertices 0 and 1: a
			// rotation keeps their order (1 ↦ 0-image + 1), a reflection
			// reverses it.
			at0, at1 := apply(a, apply(b, 0)), apply(a, apply(b, 1))
			prod := at0
			if (at1-at0+5)%5 != 1 {
				prod = 5 + at0
			}
			d[a][b] = uint8(prod)
			if prod == 0 {
				inv[a] = uint8(b)
			}
		}
	}
	return d, inv
}

// powers returns p[i][x] = σ^i(x) for i = 0..7 (σ has order 8).
func powers(cycles [][]uint8) (p [8][10]uint8) {
	var s [10]uint8
	for _, c := range cycles {
		for j, x := range c {
			s[x] = c[(j+1)%len(c)]
		}
	}
	for x := range 10 {
		p[0][x] = uint8(x)
	}
	for i := 1; i < 8; i++ {
		for x := range 10 {
			p[i][x] = s[p[i-1][x]]
		}
	}
	return p
}

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
