package redact_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/kyckit/kyckit/redact"
)

// settledRedactors cover what the proof of a settled pass depends on:
// every mode (partial forms and dropped matches always take another pass),
// the opt-in IP detector (it reads across ':'), and hash tags whose key id
// is inert or holds a context word.
func settledRedactors(tb testing.TB) []*redact.Redactor {
	var rs []*redact.Redactor
	for _, o := range []redact.Options{
		{}, {Mode: redact.Partial}, {Mode: redact.Drop},
		{Mode: redact.Hash, HashKey: testKey, HashKeyID: "k1"},
		{Mode: redact.Hash, HashKey: testKey, HashKeyID: "mobile"},
		{Mode: redact.Hash, HashKey: testKey, HashKeyID: "HDFC0001234"},
		{Modes: map[redact.Kind]redact.Mode{redact.IP: redact.Mask}},
		{Modes: map[redact.Kind]redact.Mode{redact.Mobile: redact.Partial}, MinPhotoBytes: 16},
	} {
		o := o
		rs = append(rs, mustNew(tb, &o))
	}
	return rs
}

// FuzzSettled checks the proof of settled.go: Redact, which scans its
// output again only when a pass may not be settled, gives what scanning
// again after every changing pass gives.
func FuzzSettled(f *testing.F) {
	fuzzSeeds(f)
	rs := settledRedactors(f)
	for _, s := range settledSeeds {
		for i := range rs {
			f.Add([]byte(s), uint8(i))
		}
	}
	f.Fuzz(func(t *testing.T, in []byte, which uint8) {
		r := rs[int(which)%len(rs)]
		want := r.RedactAllPasses(in)
		if got := r.Redact(nil, in); !bytes.Equal(got, want) {
			t.Fatalf("redactor %d:\n      in %q\n    got %q\n    want %q", int(which)%len(rs), in, got, want)
		}
		if got := r.RedactString(string(in)); got != string(want) {
			t.Fatalf("RedactString, redactor %d:\n      in %q\n    got %q\n    want %q", int(which)%len(rs), in, got, want)
		}
	})
}

// settledSeeds are lines whose second pass finds something: a token that
// only stands out once a neighbour is a tag.
var settledSeeds = []string{
	"ravi@ybl.ABCPE1234F",
	"9876543210/234123412346",
	"mobile 98765.43210 /9j/" + string(bytes.Repeat([]byte("A"), 200)),
	"passport K1234567 " + strings.Repeat("x", 32) + " K7654321", // "[PASSPORT]" is the context
	"a@b.txn 12345678901 HDFC0001234",
	"/9j/" + string(bytes.Repeat([]byte("A"), 200)) + "-234123412346",
	"eyJuYW1lIjoiUmF2aSJ9=234123412346",
	`{"name":"kyc.api.abcpe1234f","level":"info","msg":"x"}`,
	"name=kyc level=info msg=x address=\"level=1\"",
	// A tag shorter than its token brings an IFSC code within reach.
	"000000000\"0000000000000 A000A000000000000 AAAA0000000",
	// Escapes of separators next to a replacement (isolated reads them as
	// one byte of the gap): numbers before and after them.
	"q=9876543210%20-----BEGIN PRIVATE KEY-----QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB-----END PRIVATE KEY-----",
	`msg="txn 98765\n234123412346\n" ok`,
	`msg="ravi@ybl.ABCPE1234F.\n234123412346"`,
	"q=%20ravi@ybl%2C%20234123412346%22",
	"q=98765%0A98765%2043210%22 x",
	`{"m":"mobile_9876543210.\t 234123412346"}`,
}

// TestSettledSeeds: every seed comes out the same with and without the
// skip, and the first two need the second pass (so the proof is not
// vacuous).
func TestSettledSeeds(t *testing.T) {
	for _, r := range settledRedactors(t) {
		for _, s := range settledSeeds {
			if got, want := r.Redact(nil, []byte(s)), r.RedactAllPasses([]byte(s)); !bytes.Equal(got, want) {
				t.Errorf("%q: got %q, want %q", s, got, want)
			}
		}
	}
	r := mustNew(t, nil)
	for _, tt := range []struct{ in, want string }{
		{"ravi@ybl.ABCPE1234F", "[UPI].[PAN]"},
		{"9876543210/234123412346", "[MOBILE]/[AADHAAR]"},
		{"passport K1234567 " + strings.Repeat("x", 32) + " K7654321", "passport [PASSPORT] " + strings.Repeat("x", 32) + " [PASSPORT]"},
	} {
		if got := r.RedactString(tt.in); got != tt.want {
			t.Errorf("%q: got %q, want %q", tt.in, got, tt.want)
		}
	}
}
