package uuid

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"regexp"
	"testing"
)

// TestRFC9562Example: RFC 9562 Appendix A.3 builds its example UUIDv4
// 919108f7-52d1-4320-9bac-f847db4148a8 from the random bytes
// 919108f752d133205bacf847db4148a8 (byte 6 0x33 and byte 8 0x5b before the
// version and variant bits are set).
func TestRFC9562Example(t *testing.T) {
	const want = "919108f7-52d1-4320-9bac-f847db4148a8"
	b, _ := hex.DecodeString("919108f752d133205bacf847db4148a8")
	if got, err := NewV4(bytes.NewReader(b)); err != nil || got != want {
		t.Errorf("NewV4 = %q, %v; want %s", got, err, want)
	}
}

func TestVersionAndVariantBits(t *testing.T) {
	for in, want := range map[byte]string{
		0xff: "ffffffff-ffff-4fff-bfff-ffffffffffff",
		0x00: "00000000-0000-4000-8000-000000000000",
	} {
		if got, err := NewV4(bytes.NewReader(bytes.Repeat([]byte{in}, 16))); err != nil || got != want {
			t.Errorf("NewV4(%#x...) = %q, %v; want %s", in, got, err, want)
		}
	}
	form := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	for range 100 {
		if u, err := NewV4(rand.Reader); err != nil || !form.MatchString(u) {
			t.Fatalf("NewV4 = %q, %v", u, err)
		}
	}
}

func TestShortRead(t *testing.T) {
	if u, err := NewV4(bytes.NewReader(make([]byte, 15))); err == nil {
		t.Errorf("15 random bytes gave %q", u)
	}
}
