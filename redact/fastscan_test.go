package redact_test

import (
	"bytes"
	"testing"

	"github.com/kyckit/kyckit/internal/redactcorpus"
	"github.com/kyckit/kyckit/redact"
)

// FuzzScanCandidates checks the candidate filter of fastscan.go: scanning
// only the candidate positions gives what scanning every position gives,
// one pass or several, in every mode.
func FuzzScanCandidates(f *testing.F) {
	fuzzSeeds(f)
	for _, s := range settledSeeds {
		f.Add([]byte(s), uint8(0))
	}
	// Objects and arrays that a sensitive key keeps, scanned in one parse
	// (the reference validates them first), one with an invalid escape.
	// Numbers shaped as a date up to their tenth byte, and of nine
	// digits, which the candidates must keep.
	for _, s := range []string{
		`2026-06-17T10:22:31Z call 9876-54-32-10 or 9876-54-3210, not 2026-06-17`,
		`a/c 123456789 IFSC HDFC0001234, 200 5120 "-"`,
		`{"data":{"name":"Ravi Kumar","uid":"234123412346"},"pan":"ABCPE1234F"}`,
		`{"data":{"a":"\q 9876543210"},"msg":"mail ravi@example.in"}`,
		`{"request_id":[{"aadhaar":"2341 2341 2346"}],"licensekey":"k"}`,
		`{"trace_id":{"m":"+91 98765 43210"},"data":[1,{"data":{}}]}`,
	} {
		f.Add([]byte(s), uint8(0))
	}
	redact.UseCandidates(f)
	rs := settledRedactors(f)
	f.Fuzz(func(t *testing.T, in []byte, which uint8) {
		r := rs[int(which)%len(rs)]
		want := r.ScanningAll().RedactAllPasses(in)
		if got := r.RedactAllPasses(in); !bytes.Equal(got, want) {
			t.Fatalf("redactor %d:\n      in %q\n    got %q\n    want %q", int(which)%len(rs), in, got, want)
		}
	})
}

// TestScanCandidatesCorpus runs the comparison of FuzzScanCandidates over
// the generated corpus (every kind, carrier and hard negative), lines
// glued into long ones too (several blocks, a pooled classification).
func TestScanCandidatesCorpus(t *testing.T) {
	redact.UseCandidates(t)
	g := redactcorpus.New(7)
	var long []byte
	for _, r := range settledRedactors(t) {
		all := r.ScanningAll()
		for i := 0; i < 3000; i++ {
			var l redactcorpus.Line
			switch i % 3 {
			case 0:
				l = g.Positive(redactcorpus.Kinds[i/3%len(redactcorpus.Kinds)])
			case 1:
				l = g.Negative()
			default:
				l = g.Clean()
			}
			in := []byte(l.Text)
			if got, want := r.RedactAllPasses(in), all.RedactAllPasses(in); !bytes.Equal(got, want) {
				t.Fatalf("in %q\n   got %q\n  want %q", in, got, want)
			}
			long = append(append(long, in...), ' ')
			if len(long) > 2000 {
				if got, want := r.RedactAllPasses(long), all.RedactAllPasses(long); !bytes.Equal(got, want) {
					t.Fatalf("in %q\n   got %q\n  want %q", long, got, want)
				}
				long = long[:0]
			}
		}
	}
}
