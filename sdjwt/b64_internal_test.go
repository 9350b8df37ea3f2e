package sdjwt

import (
	"strings"
	"testing"
)

// TestB64DecodeAlphabet checks every byte value in every position of a
// quantum: only the 64 URL-safe characters are accepted, so "=", "+", "/",
// CR, LF, spaces and non-ASCII bytes are all refused.
func TestB64DecodeAlphabet(t *testing.T) {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	for c := range 256 {
		for pos := range 4 {
			in := []byte("QUJDRA") // "ABCD"
			in[pos] = byte(c)
			_, ok := b64Decode(string(in))
			if want := strings.IndexByte(alphabet, byte(c)) >= 0; ok != want {
				t.Errorf("byte %#02x at %d: accepted %v, want %v", c, pos, ok, want)
			}
		}
	}
	for _, bad := range []string{"QUJD\nRA", "QUJDRA\r", "QUJDRA==", "QUJDRB", "Q"} {
		if _, ok := b64Decode(bad); ok {
			t.Errorf("%q accepted", bad)
		}
	}
	if b, ok := b64Decode("QUJDRA"); !ok || string(b) != "ABCD" {
		t.Errorf("QUJDRA = %q, %v", b, ok)
	}
}
