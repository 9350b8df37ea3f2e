package aadhaarxml

import (
	"bytes"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"
)

// bigDecimalBytes is the reference: big.Int.SetString then Bytes.
func bigDecimalBytes(t testing.TB, s string) []byte {
	t.Helper()
	n, ok := new(big.Int).SetString(s, 10)
	if !ok {
		t.Fatalf("reference rejected a %d-digit string", len(s))
	}
	return n.Bytes()
}

func checkDecimal(t testing.TB, s string) {
	t.Helper()
	got, want := decimalBytes(s), bigDecimalBytes(t, s)
	if !bytes.Equal(got, want) {
		t.Fatalf("decimalBytes differs from big.Int on a %d-digit input %.40q...: got %x, want %x",
			len(s), s, got, want)
	}
}

func randDigits(r *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + r.IntN(10))
	}
	return string(b)
}

func TestDecimalBytes(t *testing.T) {
	// Edge values: single digits, zeros, all nines, word and base-case
	// boundaries, leading zeros, the split points, and the default cap.
	var edge []string
	for d := range 10 {
		edge = append(edge, string(rune('0'+d)))
	}
	lengths := []int{
		2, digitsPerWord - 1, digitsPerWord, digitsPerWord + 1, 2 * digitsPerWord,
		baseDigits - 1, baseDigits, baseDigits + 1, 2*baseDigits - 1, 2 * baseDigits,
		2*baseDigits + 1, 4*baseDigits + 1, 3400, DefaultMaxQRDigits - 1, DefaultMaxQRDigits,
	}
	for _, n := range lengths {
		edge = append(edge,
			strings.Repeat("0", n),
			strings.Repeat("9", n),
			"1"+strings.Repeat("0", n-1),
			strings.Repeat("0", n-1)+"1",
			strings.Repeat("0", n/2)+strings.Repeat("9", n-n/2),
			strings.Repeat("9", n/2)+strings.Repeat("0", n-n/2),
		)
	}
	for _, s := range edge {
		checkDecimal(t, s)
	}

	r := rand.New(rand.NewPCG(1, 2))
	for n := 1; n <= 2*baseDigits+digitsPerWord; n++ {
		checkDecimal(t, randDigits(r, n))
	}
	for range 200 {
		n := 1 + r.IntN(DefaultMaxQRDigits)
		s := randDigits(r, n)
		checkDecimal(t, s)
		// The same value with leading zeros.
		checkDecimal(t, strings.Repeat("0", r.IntN(3*baseDigits))+s)
	}
	// Longer than the shared power table covers (a raised MaxQRDigits),
	// twice, so the shared table is not changed by the first call.
	for range 2 {
		checkDecimal(t, randDigits(r, 3*DefaultMaxQRDigits+7))
	}
	checkDecimal(t, randDigits(r, DefaultMaxQRDigits))
}

// TestDecimalBytesQRFixture checks the converter on the real-size fixture.
func TestDecimalBytesQRFixture(t *testing.T) {
	s := strings.TrimSpace(string(fixture(t, "secureqr-v2.txt")))
	checkDecimal(t, s)
}

// FuzzDecimalBytes compares decimalBytes with big.Int.SetString on any
// digit string (fuzz bytes are mapped to digits), and on it repeated past
// the base-case length.
func FuzzDecimalBytes(f *testing.F) {
	f.Add("0")
	f.Add("7")
	f.Add("000000000000000000000000001")
	f.Add(strings.Repeat("9", baseDigits+1))
	f.Add(strings.TrimSpace(string(fixture(f, "secureqr-v2.txt"))))
	f.Fuzz(func(t *testing.T, in string) {
		if in == "" || len(in) > 4*DefaultMaxQRDigits {
			return
		}
		b := []byte(in)
		for i, c := range b {
			b[i] = '0' + c%10
		}
		checkDecimal(t, string(b))
		// The same digits repeated, to reach the divide-and-conquer sizes.
		if n := 3*baseDigits/len(b) + 1; n > 1 {
			checkDecimal(t, strings.Repeat(string(b), n))
		}
	})
}

func BenchmarkDecimalBytes(b *testing.B) {
	s := strings.TrimSpace(string(fixture(b, "secureqr-v2.txt")))
	b.Run("decimalBytes", func(b *testing.B) {
		b.SetBytes(int64(len(s)))
		b.ReportAllocs()
		for b.Loop() {
			decimalBytes(s)
		}
	})
	b.Run("big.Int", func(b *testing.B) {
		b.SetBytes(int64(len(s)))
		b.ReportAllocs()
		for b.Loop() {
			n, _ := new(big.Int).SetString(s, 10)
			n.Bytes()
		}
	})
}
