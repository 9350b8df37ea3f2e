package normalize_test

import (
	"testing"

	"github.com/kyckit/kyckit/normalize"
)

// TestAadhaarChecksumKnownAnswers (issue 14): numbers whose verdict the old
// Verhoeff table got wrong. Sources: AccuAuth's validate_aadhaar_otp sample
// response (954077169168), UIDAI's sandbox residents (research
// aadhaarxml.md §6), all valid by python-stdnum; 258124159780 is not.
func TestAadhaarChecksumKnownAnswers(t *testing.T) {
	for _, tt := range []struct {
		in    string
		last4 string
		valid bool
	}{
		{"954077169168", "9168", true},
		{"9540 7716 9168", "9168", true},
		{"999941057058", "7058", true},
		{"999971658847", "8847", true},
		{"258124159780", "9780", false},
	} {
		got, err := normalize.Aadhaar(tt.in)
		if err != nil || !got.WasFull || got.Last4 != tt.last4 || got.ChecksumValid != tt.valid {
			t.Errorf("Aadhaar(%s) = %+v, %v; want last4 %s, checksum valid %v", tt.in, got, err, tt.last4, tt.valid)
		}
	}
}
