package redactcorpus

import (
	"math/rand/v2"
	"regexp"
	"testing"

	"github.com/kyckit/kyckit/internal/checkpeer"
	"github.com/kyckit/kyckit/internal/verhoeff"
)

// TestCheckDigitKnownAnswers holds the generator's check digits to answers
// published outside this repository.
func TestCheckDigitKnownAnswers(t *testing.T) {
	for _, tt := range []struct {
		body string
		want byte
		src  string
	}{
		{"236", '3', "Wikipedia, Verhoeff algorithm"},
		{"12345", '1', "Rosetta Code, Verhoeff algorithm"},
		{"123456789012", '0', "Rosetta Code, Verhoeff algorithm"},
		{"654", '8', "python-stdnum tests/test_verhoeff.doctest"},
		{"1428570", '8', "python-stdnum tests/test_verhoeff.doctest"},
		{"398438246238642378648236487236482734", '7', "python-stdnum tests/test_verhoeff.doctest"},
		{"23412341234", '6', "python-stdnum in_/aadhaar.py"},
		{"234123412341234", '1', "python-stdnum in_/vid.py"},
		{"95407716916", '8', "AccuAuth validate_aadhaar_otp sample"},
	} {
		if got := verhoeffDigit(tt.body); got != tt.want {
			t.Errorf("%s: verhoeffDigit(%s) = %c, want %c", tt.src, tt.body, got, tt.want)
		}
		if !verhoeffValid(tt.body + string(tt.want)) {
			t.Errorf("%s: verhoeffValid(%s%c) = false", tt.src, tt.body, tt.want)
		}
	}
	for _, s := range []string{"2369", "654", "258124159780", "234123412347"} {
		if verhoeffValid(s) {
			t.Errorf("verhoeffValid(%s) = true", s)
		}
	}
	// python-stdnum in_/gstin.py: validate('27AAPFU0939F1ZV');
	// '27AAPFU0939F1ZO' fails its checksum.
	if got := gstinCheck("27AAPFU0939F1Z"); got != 'V' {
		t.Errorf("gstinCheck(27AAPFU0939F1Z) = %c, want V", got)
	}
	// python-stdnum in_/epic.py: validate('WKH1186253'), Luhn over the
	// six-digit serial; 'WKH1186263' fails.
	if got := luhnDigit("118625"); got != '3' {
		t.Errorf("luhnDigit(118625) = %c, want 3", got)
	}
	if got := luhnDigit("118626"); got == '3' {
		t.Error("luhnDigit(118626) = 3")
	}
	// Wikipedia, "Luhn algorithm": 7992739871 takes the check digit 3.
	if got := luhnDigit("7992739871"); got != '3' {
		t.Errorf("luhnDigit(7992739871) = %c, want 3", got)
	}
}

// TestVerhoeffAgreesWithPackage compares the generator's table-free
// Verhoeff with internal/verhoeff on random numbers of every length from 1
// to 20. The two share nothing, so a wrong table on either side shows here.
func TestVerhoeffAgreesWithPackage(t *testing.T) {
	rnd := rand.New(rand.NewPCG(14, 18))
	b := make([]byte, 20)
	for range 20000 {
		n := 1 + rnd.IntN(len(b))
		for i := range n {
			b[i] = byte('0' + rnd.IntN(10))
		}
		s := string(b[:n])
		if got, _ := verhoeff.Compute(s); got != verhoeffDigit(s) {
			t.Fatalf("check digit of %s: internal/verhoeff %c, generator %c", s, got, verhoeffDigit(s))
		}
		if verhoeff.Valid(s) != verhoeffValid(s) {
			t.Fatalf("verdict on %s: internal/verhoeff %v, generator %v", s, verhoeff.Valid(s), verhoeffValid(s))
		}
	}
}

// TestVerhoeffAgreesWithNodePeer compares it with the JavaScript peer
// written from Wikipedia's tables.
func TestVerhoeffAgreesWithNodePeer(t *testing.T) {
	nums, peer := checkpeer.VerhoeffSet(t, 18, 2048)
	for i, n := range nums {
		if verhoeffValid(n) != peer[i].Valid || verhoeffDigit(n) != peer[i].Check {
			t.Errorf("%s: generator %v/%c, peer %v/%c", n, verhoeffValid(n), verhoeffDigit(n), peer[i].Valid, peer[i].Check)
		}
	}
}

// TestIFSCShape: the IFSC look-alikes have the shape RBI gives an IFSC
// (four letters for the bank, a 0 reserved, six alphanumerics for the
// branch), the shape every code in razorpay/ifsc's README has
// (KKBK0000261, HDFC0CKUB01, PUNB0244200, KSCB0006001).
func TestIFSCShape(t *testing.T) {
	re := regexp.MustCompile(`^[A-Z]{4}0[A-Z0-9]{6}$`)
	for _, s := range []string{"KKBK0000261", "HDFC0CKUB01", "PUNB0244200", "KSCB0006001"} {
		if !re.MatchString(s) {
			t.Fatalf("shape rejects the published %s", s)
		}
	}
	g := New(6)
	seen := 0
	for range 5000 {
		if s := g.ifsc(); re.MatchString(s) {
			seen++
		} else {
			t.Fatalf("generated IFSC %q has the wrong shape", s)
		}
	}
	if seen == 0 {
		t.Fatal("no IFSC generated")
	}
}
