package redact

import (
	"bytes"
	"testing"
)

// maskedRef is masked as it was written first: three searches.
func maskedRef(v []byte) bool {
	return bytes.Contains(v, []byte("XXXX")) || bytes.Contains(v, []byte("xxxx")) || bytes.Contains(v, []byte("***"))
}

// FuzzMasked compares the one-pass masked with maskedRef.
func FuzzMasked(f *testing.F) {
	for _, s := range []string{"", "XXXX XXXX 2346", "XXX", "xxXX", "a***b", "**", "XXXxXXXX", "xxxxx", "9876******", "ABCPEXXXXF"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, v []byte) {
		if got, want := masked(v), maskedRef(v); got != want {
			t.Fatalf("masked(%q) = %v, want %v", v, got, want)
		}
	})
}

