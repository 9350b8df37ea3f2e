package verhoeff

import (
	"errors"
	"strings"
	"testing"
)

func TestValid(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"2363", true}, // Wikipedia worked example: 236 -> check digit 3
		{"2364", false},
		{"234123412346", true}, // research aadhaarxml.md §6
		{"234123412347", false},
		// research aadhaarxml.md §6 calls the UIDAI sandbox residents valid;
		// they are not Verhoeff-valid (checksums 5 and 3, also by
		// python-stdnum), so they must be rejected.
		{"999941057058", false},
		{"999971658847", false},
		{"123412341234", true}, // checksum-valid; only the Aadhaar format rule rejects it
		{"0", true},
		{"", false},
		{"23412341234a", false},
		{"2341 23412346", false},
		{"12345678901234567890", false},
	}
	for _, tt := range tests {
		if got := Valid(tt.in); got != tt.want {
			t.Errorf("Valid(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestCompute(t *testing.T) {
	tests := []struct {
		in   string
		want byte
	}{
		{"236", '3'},
		{"23412341234", '6'},
		{"99994105705", '2'},
		{"12345", '1'}, // python-stdnum: calc_check_digit('12345') == '1'
		{"14285", '5'}, // cross-checked with an independent Python implementation
	}
	for _, tt := range tests {
		got, err := Compute(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("Compute(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
		if !Valid(tt.in + string(got)) {
			t.Errorf("Valid(%q+Compute) = false", tt.in)
		}
	}
	for _, bad := range []string{"", "12a", " 1", "１２"} {
		if _, err := Compute(bad); !errors.Is(err, ErrNotDigits) {
			t.Errorf("Compute(%q) error = %v, want ErrNotDigits", bad, err)
		}
	}
}

// TestSingleErrors checks the property that makes Verhoeff worth using: every
// single-digit substitution and every adjacent transposition is detected.
func TestSingleErrors(t *testing.T) {
	base := "23412341234"
	c, _ := Compute(base)
	valid := base + string(c)
	b := []byte(valid)
	for i := range b {
		orig := b[i]
		for x := byte('0'); x <= '9'; x++ {
			if x == orig {
				continue
			}
			b[i] = x
			if Valid(string(b)) {
				t.Errorf("substitution at %d to %c not detected", i, x)
			}
		}
		b[i] = orig
	}
	for i := 0; i+1 < len(b); i++ {
		if b[i] == b[i+1] {
			continue
		}
		b[i], b[i+1] = b[i+1], b[i]
		if Valid(string(b)) {
			t.Errorf("transposition at %d not detected", i)
		}
		b[i], b[i+1] = b[i+1], b[i]
	}
}

func FuzzCompute(f *testing.F) {
	for _, s := range []string{"236", "23412341234", "", "9", "12a"} {
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
