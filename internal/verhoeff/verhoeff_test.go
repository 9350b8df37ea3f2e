package verhoeff

import (
	"errors"
	"strings"
	"testing"
)

// The tables as published, typed from the sources below and never from
// this package: Wikipedia, "Verhoeff algorithm", section "Table-based
// algorithm" (https://en.wikipedia.org/wiki/Verhoeff_algorithm), and
// python-stdnum's stdnum/verhoeff.py (_multiplication_table,
// _permutation_table). Both print the same d and p; Wikipedia prints inv.
var (
	publishedD = [10][10]uint8{
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
	publishedP = [8][10]uint8{
		{0, 1, 2, 3, 4, 5, 6, 7, 8, 9},
		{1, 5, 7, 6, 2, 8, 3, 0, 9, 4},
		{5, 8, 0, 3, 7, 9, 6, 1, 4, 2},
		{8, 9, 1, 6, 0, 4, 3, 5, 2, 7},
		{9, 4, 5, 3, 1, 2, 6, 8, 7, 0},
		{4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
		{2, 7, 9, 3, 8, 0, 6, 4, 1, 5},
		{7, 0, 4, 6, 9, 1, 3, 2, 5, 8},
	}
	publishedInv = [10]uint8{0, 4, 3, 2, 1, 5, 6, 7, 8, 9}
)

// TestTablesArePublished compares the tables derived from D5 and σ with the
// published ones. Until this fix the package held a hand-typed p whose row
// 3 ended 7, 2 instead of 2, 7.
func TestTablesArePublished(t *testing.T) {
	if d != publishedD {
		t.Errorf("d differs from the published table:\n got %v\nwant %v", d, publishedD)
	}
	if p != publishedP {
		t.Errorf("p differs from the published table:\n got %v\nwant %v", p, publishedP)
	}
	if inv != publishedInv {
		t.Errorf("inv = %v, want %v", inv, publishedInv)
	}
}

// TestKnownAnswers holds check digits and verdicts printed by sources that
// are not this package, each named beside its rows.
func TestKnownAnswers(t *testing.T) {
	computes := []struct {
		body string
		want byte
		src  string
	}{
		// Wikipedia, "Verhoeff algorithm": the worked example generates
		// the check digit 3 for 236.
		{"236", '3', "Wikipedia"},
		// Rosetta Code, task "Verhoeff algorithm": check digits for 236,
		// 12345 and 123456789012 are 3, 1 and 0.
		{"12345", '1', "Rosetta Code"},
		{"123456789012", '0', "Rosetta Code"},
		// Wikipedia's worked example validates 1428570 (revisions
		// mirrored at liquisearch.com/verhoeff_algorithm/example), so
		// 142857 takes 0.
		{"142857", '0', "Wikipedia"},
		// python-stdnum tests/test_verhoeff.doctest and the doctest of
		// stdnum/verhoeff.py (calc_check_digit).
		{"654", '8', "python-stdnum"},
		{"1428570", '8', "python-stdnum"},
		{"398438246238642378648236487236482734", '7', "python-stdnum"},
		{"1234", '0', "python-stdnum"},
		// python-stdnum stdnum/in_/aadhaar.py and in_/vid.py doctests
		// (validate('234123412346'), validate('2341234123412341')).
		{"23412341234", '6', "python-stdnum aadhaar"},
		{"234123412341234", '1', "python-stdnum vid"},
	}
	for _, tt := range computes {
		got, err := Compute(tt.body)
		if err != nil || got != tt.want {
			t.Errorf("%s: Compute(%s) = %q, %v; want %q", tt.src, tt.body, got, err, tt.want)
		}
	}

	verdicts := []struct {
		in   string
		want bool
		src  string
	}{
		{"2363", true, "Wikipedia"},
		{"1428570", true, "Wikipedia"},
		// Rosetta Code: the same integers with 9 as check digit fail.
		{"2369", false, "Rosetta Code"},
		{"123459", false, "Rosetta Code"},
		{"1234567890129", false, "Rosetta Code"},
		{"654", false, "python-stdnum"},
		{"398438246238642378648236487236482734", false, "python-stdnum"},
		{"3984382462386423786482364872364827347", true, "python-stdnum"},
		{"1234", false, "python-stdnum"},
		{"12340", true, "python-stdnum"},
		{"234123412346", true, "python-stdnum aadhaar"},
		{"234123412347", false, "python-stdnum aadhaar"},
		{"2341234123412341", true, "python-stdnum vid"},
		{"2341234123412342", false, "python-stdnum vid"},
		// The Aadhaar number in the sample response of AccuAuth's
		// validate_aadhaar_otp (devcenter.cloud.accuauth.com, India >
		// verify > validate_aadhaar_otp, "5. Sample"): valid, and
		// reported invalid by the old table (issue 14).
		{"954077169168", true, "AccuAuth sample"},
		// UIDAI's sandbox test residents, listed as valid in
		// ../shared/research/aadhaarxml.md §6 and valid by python-stdnum
		// (stdnum.in_.aadhaar.is_valid); the old table rejected both.
		{"999941057058", true, "UIDAI sandbox / python-stdnum"},
		{"999971658847", true, "UIDAI sandbox / python-stdnum"},
		// An order number from issue 14's log corpus that the old table
		// took for an Aadhaar number: invalid by python-stdnum.
		{"258124159780", false, "python-stdnum"},
	}
	for _, tt := range verdicts {
		if got := Valid(tt.in); got != tt.want {
			t.Errorf("%s: Valid(%s) = %v, want %v", tt.src, tt.in, got, tt.want)
		}
		if got := Valid([]byte(tt.in)); got != tt.want {
			t.Errorf("%s: Valid([]byte(%s)) = %v, want %v", tt.src, tt.in, got, tt.want)
		}
	}
}

func TestValidInput(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"0", true},
		{"", false},
		{"23412341234a", false},
		{"2341 23412346", false},
		{"２３６３", false},
		{"12345678901234567890", false},
	}
	for _, tt := range tests {
		if got := Valid(tt.in); got != tt.want {
			t.Errorf("Valid(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
	for _, bad := range []string{"", "12a", " 1", "１２"} {
		if _, err := Compute(bad); !errors.Is(err, ErrNotDigits) {
			t.Errorf("Compute(%q) error = %v, want ErrNotDigits", bad, err)
		}
	}
}

// TestDetectsSingleErrors checks, exhaustively through the public API, the
// properties Verhoeff proved for his scheme: every single-digit substitution
// and every transposition of two adjacent digits is detected, for every
// pair of positions modulo 8 (σ has order 8; positions 8 and 9 stand for
// the check digit and its neighbour). The old table missed 8 transpositions
// next to positions ≡ 3 (mod 8).
func TestDetectsSingleErrors(t *testing.T) {
	const n = 11 // positions 0..10 from the right, the check digit at 0
	for i := 1; i < n-1; i++ {
		for a := byte('0'); a <= '9'; a++ {
			for b := byte('0'); b <= '9'; b++ {
				if a == b {
					continue
				}
				// Zero but for a at position i+1 and b at position i.
				num := []byte(strings.Repeat("0", n))
				num[n-2-i], num[n-1-i] = a, b
				c, err := Compute(num[:n-1])
				if err != nil {
					t.Fatal(err)
				}
				num[n-1] = c
				if !Valid(num) {
					t.Fatalf("Compute made an invalid number %s", num)
				}
				orig := string(num)
				num[n-2-i], num[n-1-i] = b, a
				if Valid(num) {
					t.Errorf("transposition at positions %d,%d of %s not detected", i, i+1, orig)
				}
				copy(num, orig)
				for j := range num {
					for x := byte('0'); x <= '9'; x++ {
						if x == orig[j] {
							continue
						}
						num[j] = x
						if Valid(num) {
							t.Fatalf("substitution at %d of %s not detected", j, orig)
						}
					}
					num[j] = orig[j]
				}
			}
		}
	}
}

func FuzzCompute(f *testing.F) {
	for _, s := range []string{"236", "23412341234", "", "9", "12a", "95407716916"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := Compute(s)
		allDigits := s != "" && strings.Trim(s, "0123456789") == ""
		if !allDigits {
			if err == nil {
				t.Fatalf("Compute(%q) accepted non-digits", s)
			}
			if Valid(s) {
				t.Fatalf("Valid(%q) accepted non-digits", s)
			}
			return
		}
		if err != nil {
			t.Fatalf("Compute(%q): %v", s, err)
		}
		if !Valid(s + string(c)) {
			t.Fatalf("Valid(%q + %q) = false", s, c)
		}
		// Exactly one check digit makes s valid.
		for x := byte('0'); x <= '9'; x++ {
			if x != c && Valid(s+string(x)) {
				t.Fatalf("Valid(%q + %q) = true besides %q", s, x, c)
			}
		}
	})
}

func BenchmarkValid12(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(12)
	for b.Loop() {
		if !Valid("234123412346") {
			b.Fatal("invalid")
		}
	}
}

func BenchmarkValid16(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(16)
	for b.Loop() {
		if !Valid("2341234123412341") {
			b.Fatal("invalid")
		}
	}
}

func TestValidDoesNotAllocate(t *testing.T) {
	b := []byte("954077169168")
	if n := testing.AllocsPerRun(100, func() {
		if !Valid("2341234123412341") || !Valid(b) {
			t.Fatal("invalid")
		}
		if _, err := Compute(b[:11]); err != nil {
			t.Fatal(err)
		}
	}); n != 0 {
		t.Fatalf("Valid/Compute allocate %v times per run", n)
	}
}
