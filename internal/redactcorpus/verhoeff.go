package redactcorpus

// The generator's own Verhoeff check digits. They are computed here, without
// tables and without internal/verhoeff, straight from the definition: the
// digits are elements of the dihedral group D5 and the digit at position i
// (from the right, the check digit at 0) is first moved by σ^i, σ being
// Verhoeff's permutation (0 1 5 8 9 4 2 7)(3 6). A corpus whose check digits
// came from the code under test would agree with its bugs (issue 14: a typo
// in internal/verhoeff's table passed every test); with two implementations
// a fault in either shows up as a disagreement in the redact tests.

// d5 is an element of D5 acting on the vertices 0..4 of a pentagon:
// x ↦ x+rot (a rotation) or x ↦ rot−x (a reflection), mod 5. Verhoeff's
// digit k < 5 is the rotation by k, digit 5+k the reflection with rot k.
type d5 struct {
	reflect bool
	rot     int
}

func element(digit int) d5 { return d5{reflect: digit >= 5, rot: digit % 5} }

func (a d5) digit() int {
	if a.reflect {
		return 5 + a.rot
	}
	return a.rot
}

// times returns a·b, the symmetry "b, then a": a(b(x)) = ±(±x + b.rot) + a.rot.
func (a d5) times(b d5) d5 {
	r := b.rot
	if a.reflect {
		r = -r
	}
	return d5{reflect: a.reflect != b.reflect, rot: ((a.rot+r)%5 + 5) % 5}
}

// inverse of a rotation is the opposite rotation; a reflection is its own.
func (a d5) inverse() d5 {
	if a.reflect {
		return a
	}
	return d5{rot: (5 - a.rot) % 5}
}

// sigmaCycles lists the cycles of σ; sigmaPow follows x along its cycle.
var sigmaCycles = [...]string{"01589427", "36"}

func sigmaPow(i, x int) int {
	for _, c := range sigmaCycles {
		for j := 0; j < len(c); j++ {
			if int(c[j]-'0') == x {
				return int(c[(j+i)%len(c)] - '0')
			}
		}
	}
	panic("redactcorpus: not a digit")
}

// verhoeffProduct multiplies the moved digits of s, whose rightmost digit
// sits at position first.
func verhoeffProduct(s string, first int) d5 {
	var c d5
	for i := 0; i < len(s); i++ {
		c = c.times(element(sigmaPow(first+i, int(s[len(s)-1-i]-'0'))))
	}
	return c
}

// verhoeffDigit returns the check digit to append to the digit string body.
func verhoeffDigit(body string) byte {
	return byte('0' + verhoeffProduct(body, 1).inverse().digit())
}

// verhoeffValid reports whether the digit string s ends in its check digit.
func verhoeffValid(s string) bool { return verhoeffProduct(s, 0) == d5{} }
