package aadhaarxml

import (
	"math/big"
	"math/bits"
	"sync"
)

// Decimal to binary conversion of the Secure QR digit string.
//
// big.Int.SetString is exact but slow on a 3,400-digit string: it feeds one
// digit at a time through a general scanner and multiplies the whole
// growing number by 10^19 per step (quadratic, with reallocations).
// decimalBytes does the same arithmetic in fewer, cheaper steps: short
// runs of digits are converted word by word with a tight loop, and runs are
// joined divide-and-conquer as hi*10^m + lo with big.Int multiplication
// (Karatsuba for the large products). The result is the exact same integer;
// TestDecimalBytes and FuzzDecimalBytes compare it with big.Int.SetString.

const (
	// digitsPerWord is how many decimal digits always fit in a big.Word.
	digitsPerWord = 19 - 10*(1-bits.UintSize/64) // 19 on 64-bit, 9 on 32-bit
	// baseWords is the number of word-sized digit groups converted by the
	// quadratic base case before divide-and-conquer takes over.
	baseWords = 16
	// baseDigits is the length of the base case: the split points are
	// baseDigits*2^k digits from the right.
	baseDigits = baseWords * digitsPerWord
)

// wordPow10 is 10^digitsPerWord: 10^19 on 64-bit, 10^9 on 32-bit.
const wordPow10 uint = 1e9 * (1 + (1e10-1)*(bits.UintSize/64))

// pow10Table returns 10^(baseDigits*2^k) for k = 0, 1, ... up to the level
// that covers n digits. The shared table is computed once, for the default
// digit cap, and never modified afterwards; longer inputs (a raised
// Verifier.MaxQRDigits) extend a private copy.
func pow10Table(n int) []*big.Int {
	t := sharedPow10()
	for baseDigits<<(len(t)-1) < n {
		t = append(t[:len(t):len(t)], new(big.Int).Mul(t[len(t)-1], t[len(t)-1]))
	}
	return t
}

var sharedPow10 = sync.OnceValue(func() []*big.Int {
	t := []*big.Int{new(big.Int).Exp(big.NewInt(10), big.NewInt(baseDigits), nil)}
	for baseDigits<<(len(t)-1) < DefaultMaxQRDigits {
		t = append(t, new(big.Int).Mul(t[len(t)-1], t[len(t)-1]))
	}
	return t
})

// decimalBytes returns the big-endian bytes of the non-negative integer
// written in s, without leading zero bytes (as big.Int.Bytes). s must be
// non-empty and consist of ASCII digits only; the caller checks that.
func decimalBytes(s string) []byte {
	if len(s) <= baseDigits {
		return new(big.Int).SetBits(decimalWords(s)).Bytes()
	}
	return decimalInt(s, pow10Table(len(s))).Bytes()
}

// decimalInt converts s by splitting off its low baseDigits*2^k digits,
// with 10^(baseDigits*2^k) taken from pow (see pow10Table).
func decimalInt(s string, pow []*big.Int) *big.Int {
	if len(s) <= baseDigits {
		return new(big.Int).SetBits(decimalWords(s))
	}
	k := 0
	for baseDigits<<(k+1) < len(s) {
		k++
	}
	m := baseDigits << k // 0 < len(s)-m <= m
	hi := decimalInt(s[:len(s)-m], pow)
	lo := decimalInt(s[len(s)-m:], pow)
	hi.Mul(hi, pow[k])
	return hi.Add(hi, lo)
}

// decimalWords converts a short digit string (the base case) to
// little-endian words by repeated multiply-by-10^digitsPerWord-and-add.
func decimalWords(s string) []big.Word {
	z := make([]big.Word, 0, len(s)/digitsPerWord+1)
	first := len(s) % digitsPerWord
	if first == 0 {
		first = digitsPerWord
	}
	for i := 0; i < len(s); {
		n := digitsPerWord
		if i == 0 {
			n = first
		}
		var c uint
		for _, d := range []byte(s[i : i+n]) {
			c = c*10 + uint(d-'0')
		}
		i += n
		// z = z*10^n + c. The first group is not multiplied (z is empty),
		// every later one has n = digitsPerWord. Invariant: c < 10^n, so
		// hi + carry cannot overflow.
		for j := range z {
			hi, lo := bits.Mul(uint(z[j]), wordPow10)
			lo, carry := bits.Add(lo, c, 0)
			z[j] = big.Word(lo)
			c = hi + carry
		}
		if c != 0 {
			z = append(z, big.Word(c))
		}
	}
	return z
}
