package redact

import (
	"encoding/binary"
	"testing"
)

// TestNonWord8 checks the SWAR word-byte test against the byte table for
// every byte value in every lane.
func TestNonWord8(t *testing.T) {
	for c := 0; c < 256; c++ {
		for lane := 0; lane < 8; lane++ {
			var b [8]byte
			for k := range b {
				b[k] = "a_Z09bq_"[k]
			}
			b[lane] = byte(c)
			got := nonWord8(binary.LittleEndian.Uint64(b[:]))
			want := uint64(0)
			if !isWord(byte(c)) {
				want = 0x80 << (8 * lane)
			}
			if got != want {
				t.Fatalf("byte %#x lane %d: mask %#x, want %#x", c, lane, got, want)
			}
		}
	}
}
