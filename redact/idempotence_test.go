package redact_test

import (
	"testing"

	"github.com/kyckit/kyckit/redact"
)

// TestDottedRunsIdempotent: a Wy… run that is a segment of a dotted token is
// not a disclosure on either side of the dot, so redaction is idempotent
// (found by the CI fuzz smoke: the second segment was redacted, and then the
// first matched on a second pass). Real disclosures are still redacted.
func TestDottedRunsIdempotent(t *testing.T) {
	tests := []struct{ in, want string }{
		{"~WyJ0000000000000000.WyJ0000000000000000000000", "~WyJ0000000000000000.WyJ0000000000000000000000"},
		{"a.WyJ0000000000000000000000000", "a.WyJ0000000000000000000000000"},
		{"jwt~WyJzYWx0c2FsdHNhbHQiLCJuYW1lIiwiUmF2aSJd~", "jwt~[DISCLOSURE]~"},
		{"seen WyJzYWx0c2FsdHNhbHQiLCJuYW1lIiwiUmF2aSJd here", "seen [DISCLOSURE] here"},
		// An e-mail domain ends at its last letters-only label; the label
		// after it is left to the other detectors (found by the fuzzer).
		{"0@0.AA.AAAAA0001A", "[EMAIL].[PAN]"},
		{"ravi@example.in.v2", "[EMAIL].v2"},
		// The end of a match is a boundary for the next address.
		{"0@0.AA%0@0.AA", "[EMAIL][EMAIL]"},
		// No letters-only TLD: a UPI id ending at the first dot.
		{"00@AA.AAAAA0001A", "[UPI].[PAN]"},
	}
	for _, mode := range []redact.Mode{redact.Mask, redact.Hash} {
		r := mustNew(t, &redact.Options{Mode: mode, HashKey: testKey, HashKeyID: "k1"})
		for _, tt := range tests {
			once := r.RedactString(tt.in)
			if mode == redact.Mask && once != tt.want {
				t.Errorf("Redact(%q) = %q, want %q", tt.in, once, tt.want)
			}
			if twice := r.RedactString(once); twice != once {
				t.Errorf("mode %v: not idempotent: %q -> %q -> %q", mode, tt.in, once, twice)
			}
		}
	}
}
