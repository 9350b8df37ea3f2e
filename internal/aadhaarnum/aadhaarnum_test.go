package aadhaarnum

import (
	"errors"
	"strings"
	"testing"

	"github.com/kyckit/kyckit/internal/verhoeff"
)

func TestCheck(t *testing.T) {
	tests := []struct {
		in      string
		kind    Kind
		wantErr error
	}{
		// python-stdnum stdnum/in_/aadhaar.py doctests: valid, bad check
		// digit, first digit 1 (Verhoeff-valid), palindrome.
		{"234123412346", Aadhaar, nil},
		{"234123412347", Invalid, ErrChecksum},
		{"123412341234", Invalid, ErrFirstDigit},
		{"222222222222", Invalid, ErrPalindrome},
		// UIDAI's sandbox test residents (research aadhaarxml.md §6), valid
		// by python-stdnum's aadhaar.is_valid.
		{"999941057058", Aadhaar, nil},
		{"999971658847", Aadhaar, nil},
		// The Aadhaar number printed in AccuAuth's validate_aadhaar_otp
		// sample response (devcenter.cloud.accuauth.com, "5. Sample").
		{"954077169168", Aadhaar, nil},
		{"9540 7716 9168", Aadhaar, nil},
		// An order number of issue 14's log corpus: not Verhoeff-valid
		// (python-stdnum), once taken for an Aadhaar number.
		{"258124159780", Invalid, ErrChecksum},
		// separators
		{"2341 2341 2346", Aadhaar, nil},
		{"2341-2341-2346", Aadhaar, nil},
		{"2341 23412346", Aadhaar, nil},
		{"2341-2341 2346", Aadhaar, nil},
		{"23412 3412346", Invalid, ErrFormat},
		{"2341  2341 2346", Invalid, ErrFormat},
		{" 234123412346", Invalid, ErrFormat},
		{"234123412346 ", Invalid, ErrFormat},
		{"2341 2341 2346-", Invalid, ErrFormat},
		{"2341_2341_2346", Invalid, ErrFormat},
		{"23412341234", Invalid, ErrFormat},
		{"2341234123466", Invalid, ErrFormat},
		{"", Invalid, ErrFormat},
		{"XXXX XXXX 2346", Invalid, ErrFormat},
		{"２３４１２３４１２３４６", Invalid, ErrFormat}, // full-width digits
		// VIDs: python-stdnum stdnum/in_/vid.py doctests.
		{"2341234123412341", VID, nil},
		{"2341234123412342", Invalid, ErrChecksum},
		{"1341234123412341", Invalid, ErrFirstDigit},
		{"2222222222222222", Invalid, ErrPalindrome},
		// The VID of issue 14's acceptance log line (Verhoeff-valid by
		// python-stdnum 1.18).
		{"3117521608709246", VID, nil},
		// An invented VID (Verhoeff-valid by python-stdnum 1.18).
		{"9134567890123450", VID, nil},
		{"9134 5678 9012 3450", VID, nil},
		{"9134 5678 9012 3451", Invalid, ErrChecksum},
		{"1134567890123458", Invalid, ErrFirstDigit},
		{"2345678998765432", Invalid, ErrPalindrome},
	}
	for _, tt := range tests {
		k, err := Check(tt.in)
		if k != tt.kind || !errors.Is(err, tt.wantErr) {
			t.Errorf("Check(%q) = %v, %v; want %v, %v", tt.in, k, err, tt.kind, tt.wantErr)
		}
		if tt.wantErr != nil && !errors.Is(err, ErrInvalid) {
			t.Errorf("Check(%q) error %v does not wrap ErrInvalid", tt.in, err)
		}
		if got := Valid(tt.in); got != (tt.wantErr == nil) {
			t.Errorf("Valid(%q) = %v", tt.in, got)
		}
		if got := Valid([]byte(tt.in)); got != (tt.wantErr == nil) {
			t.Errorf("Valid([]byte(%q)) = %v", tt.in, got)
		}
		if err != nil && strings.Contains(err.Error(), "2346") {
			t.Errorf("error %q leaks digits", err)
		}
	}
}

func TestMask(t *testing.T) {
	tests := []struct{ in, want string }{
		{"234123412346", "XXXX XXXX 2346"},
		{"2341-2341-2346", "XXXX XXXX 2346"},
		{"9134 5678 9012 3450", "XXXX XXXX XXXX 3450"},
	}
	for _, tt := range tests {
		got, err := Mask(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("Mask(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"234123412347", "hello", "222222222222"} {
		if got, err := Mask(bad); err == nil || got != "" {
			t.Errorf("Mask(%q) = %q, %v; want error", bad, got, err)
		}
	}
	if got, err := Last4("2341 2341 2346"); got != "2346" || err != nil {
		t.Errorf("Last4 = %q, %v", got, err)
	}
	if got, err := Last4("2341 2341 2347"); got != "" || !errors.Is(err, ErrChecksum) {
		t.Errorf("Last4(bad) = %q, %v", got, err)
	}
	if got := MaskLast4(Aadhaar, "12"); got != "" {
		t.Errorf("MaskLast4 short = %q", got)
	}
	if got := MaskLast4(Invalid, "1234"); got != "" {
		t.Errorf("MaskLast4 invalid kind = %q", got)
	}
}

func FuzzCheck(f *testing.F) {
	for _, s := range []string{"234123412346", "2341 2341 2346", "2341-2341-2347", "9134 5678 9012 3450", "", "222222222222"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k, err := Check(s)
		if err != nil {
			if k != Invalid || !errors.Is(err, ErrInvalid) {
				t.Fatalf("Check(%q) = %v, %v", s, k, err)
			}
			if _, err := Mask(s); err == nil {
				t.Fatalf("Mask accepted what Check rejected: %q", s)
			}
			return
		}
		// A valid number, stripped of separators, is 12 or 16 digits,
		// Verhoeff-valid, and masks to its last four digits.
		d := strings.NewReplacer(" ", "", "-", "").Replace(s)
		if (len(d) != 12 || k != Aadhaar) && (len(d) != 16 || k != VID) {
			t.Fatalf("Check(%q) = %v for %d digits", s, k, len(d))
		}
		if !verhoeff.Valid(d) || d[0] < '2' {
			t.Fatalf("Check(%q) accepted an invalid number", s)
		}
		m, err := Mask(s)
		if err != nil || !strings.HasSuffix(m, " "+d[len(d)-4:]) || strings.Contains(m, d[:8]) {
			t.Fatalf("Mask(%q) = %q, %v", s, m, err)
		}
	})
}

func BenchmarkCheck(b *testing.B) {
	for _, in := range []string{"234123412346", "2341 2341 2346", "9134 5678 9012 3450"} {
		b.Run(in, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(in)))
			for b.Loop() {
				if !Valid(in) {
					b.Fatal("invalid")
				}
			}
		})
	}
}

// TestValidDoesNotAllocate holds the rule (validation of a 12-digit
// number must not allocate) as a test, not only as a benchmark figure.
func TestValidDoesNotAllocate(t *testing.T) {
	b := []byte("2341 2341 2346")
	if n := testing.AllocsPerRun(100, func() {
		if !Valid("234123412346") || !Valid(b) {
			t.Fatal("invalid")
		}
	}); n != 0 {
		t.Fatalf("Valid allocates %v times per run", n)
	}
}
