package aadhaarnum_test

import (
	"testing"

	"github.com/kyckit/kyckit/internal/aadhaarnum"
	"github.com/kyckit/kyckit/internal/checkpeer"
)

// TestAgainstNodePeer checks Check on the random numbers of the Verhoeff
// differential test: a number is valid exactly when the independent
// JavaScript Verhoeff accepts it, its first digit is 2-9 and it is not a
// palindrome (python-stdnum's in_/aadhaar.py and in_/vid.py rules).
func TestAgainstNodePeer(t *testing.T) {
	nums, peer := checkpeer.VerhoeffSet(t, 14, 4096)
	for i, n := range nums {
		want := peer[i].Valid && n[0] >= '2' && !palindrome(n)
		k, err := aadhaarnum.Check(n)
		if (err == nil) != want {
			t.Errorf("Check(%s) = %v, %v; want valid=%v", n, k, err, want)
			continue
		}
		if want && (len(n) == 12) != (k == aadhaarnum.Aadhaar) {
			t.Errorf("Check(%s) kind %v", n, k)
		}
		// The grouped form as UIDAI prints it gets the same verdict.
		g := n[:4] + " " + n[4:8] + " " + n[8:12]
		if len(n) == 16 {
			g += " " + n[12:]
		}
		if aadhaarnum.Valid(g) != want {
			t.Errorf("Valid(%q) != %v", g, want)
		}
	}
}

func palindrome(s string) bool {
	for i, j := 0, len(s)-1; i < j; i, j = i+1, j-1 {
		if s[i] != s[j] {
			return false
		}
	}
	return true
}
