package verhoeff_test

import (
	"testing"

	"github.com/kyckit/kyckit/internal/checkpeer"
	"github.com/kyckit/kyckit/internal/verhoeff"
)

// TestAgainstNodePeer is the differential test of issue 14: 4,096 random
// 12- and 16-digit numbers, about half valid, judged by an independent
// Verhoeff written in JavaScript from Wikipedia's tables
// (internal/checkpeer/verhoeff.js). Valid and Compute must agree with it on
// every number.
func TestAgainstNodePeer(t *testing.T) {
	nums, want := checkpeer.VerhoeffSet(t, 14, 4096)
	valid := 0
	for i, n := range nums {
		if got := verhoeff.Valid(n); got != want[i].Valid {
			t.Errorf("Valid(%s) = %v, peer says %v", n, got, want[i].Valid)
		}
		if got, err := verhoeff.Compute(n); err != nil || got != want[i].Check {
			t.Errorf("Compute(%s) = %q, %v; peer says %q", n, got, err, want[i].Check)
		}
		if want[i].Valid {
			valid++
		}
	}
	t.Logf("%d numbers, %d valid by the peer; all agree unless reported above", len(nums), valid)
}
