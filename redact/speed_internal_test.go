package redact

import (
	"bytes"
	"encoding/binary"
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

// TestNonB64Std8 checks the SWAR base64 test against isB64Std for every
// byte value in every lane, next to base64 and non-base64 bytes.
func TestNonB64Std8(t *testing.T) {
	for _, fill := range []string{"aZ09+/Qz", "a=Z0 9-_", "\x80\xff/+\x00\x7f0A"} {
		for c := 0; c < 256; c++ {
			for lane := 0; lane < 8; lane++ {
				var b [8]byte
				copy(b[:], fill)
				b[lane] = byte(c)
				got := nonB64Std8(binary.LittleEndian.Uint64(b[:]))
				var want uint64
				for k, x := range b {
					if !isB64Std(x) {
						want |= 0x80 << (8 * k)
					}
				}
				if got != want {
					t.Fatalf("%q: mask %#x, want %#x", b, got, want)
				}
			}
		}
	}
}

// TestByteSets checks the table-driven byte sets against their
// definitions by comparisons, for every byte.
func TestByteSets(t *testing.T) {
	for i := 0; i < 256; i++ {
		c := byte(i)
		alnum := c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		for _, x := range []struct {
			name      string
			got, want bool
		}{
			{"isAlnum", isAlnum(c), alnum},
			{"isB64URL", isB64URL(c), alnum || c == '-' || c == '_'},
			{"isB64Std", isB64Std(c), alnum || c == '+' || c == '/'},
			{"isKeyChar", isKeyChar(c), alnum || c == '_' || c == '-' || c == '.'},
		} {
			if x.got != x.want {
				t.Errorf("%s(%q) = %v", x.name, c, x.got)
			}
		}
	}
}
