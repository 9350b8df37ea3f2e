package redact

import (
	"bytes"
	"encoding/binary"
	"math/rand/v2"
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

// ifscInRef is ifscIn as it was written first: byte by byte.
func ifscInRef(s []byte, a, b int) bool {
	for k := a + 4; k+7 <= b; k++ {
		if s[k] != '0' || !isUpper(s[k-1]) {
			continue
		}
		st := k - 4
		if !isUpper(s[st]) || !isUpper(s[st+1]) || !isUpper(s[st+2]) || (st > 0 && isWord(s[st-1])) {
			continue
		}
		ok := true
		for _, c := range s[k+1 : k+7] {
			if !isDigit(c) && !isUpper(c) {
				ok = false
				break
			}
		}
		if ok && (k+7 == len(s) || !isWord(s[k+7])) {
			return true
		}
	}
	return false
}

// FuzzIfscIn compares ifscIn with ifscInRef on any bytes and bounds.
func FuzzIfscIn(f *testing.F) {
	for _, s := range []string{"acct 50100012345678 HDFC0001234", "HDFC0001234", "xHDFC0001234", "SBIN0A1B2C3_", "A HDFC0001234 B ICIC0000001 UTIB0ABCDEF"} {
		f.Add([]byte(s), uint8(0), uint8(255))
	}
	f.Fuzz(func(t *testing.T, s []byte, a, b uint8) {
		lo, hi := min(int(a), len(s)), min(int(b), len(s))
		if ifscInRef(s, lo, hi) && !ifscShaped(s) {
			t.Fatalf("ifscIn(%q, %d, %d) finds a code that ifscShaped does not", s, lo, hi)
		}
		if got, want := ifscIn(s, lo, hi), ifscInRef(s, lo, hi); got != want {
			t.Fatalf("ifscIn(%q, %d, %d) = %v, want %v", s, lo, hi, got, want)
		}
	})
}

// TestIfscInRandom runs the comparison of FuzzIfscIn over random lines
// dense in the bytes of codes, at every pair of bounds, and checks that
// ifscShaped sees every code found.
func TestIfscInRandom(t *testing.T) {
	const alphabet = "ABCHDFSIN0000123 _x\x80"
	rnd := rand.New(rand.NewPCG(3, 4))
	found := 0
	for i := 0; i < 3000; i++ {
		s := make([]byte, rnd.IntN(40))
		for k := range s {
			s[k] = alphabet[rnd.IntN(len(alphabet))]
		}
		if i%3 == 0 && len(s) >= 11 {
			at := rnd.IntN(len(s) - 10)
			copy(s[at:], "HDFC0A12B34")
		}
		for a := 0; a <= len(s); a++ {
			for b := a; b <= len(s); b++ {
				got, want := ifscIn(s, a, b), ifscInRef(s, a, b)
				if got != want {
					t.Fatalf("ifscIn(%q, %d, %d) = %v, want %v", s, a, b, got, want)
				}
				if got {
					found++
					if !ifscShaped(s[:b]) {
						t.Fatalf("ifscIn(%q, %d, %d) finds a code that ifscShaped(s[:%d]) does not", s, a, b, b)
					}
				}
			}
		}
	}
	if found == 0 {
		t.Fatal("no code found: the test checks nothing")
	}
}
