package onekosmos

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
)

func TestSealOpenRoundTrip(t *testing.T) {
	key := make([]byte, KeySize)
	rand.Read(key)
	for _, n := range []int{0, 1, 15, 16, 17, 1000, 70000} {
		pt := bytes.Repeat([]byte{'x'}, n)
		env, err := Seal(key, pt)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := base64.StdEncoding.DecodeString(env)
		if len(raw) != n+Overhead {
			t.Fatalf("envelope of %d bytes is %d bytes, want %d", n, len(raw), n+Overhead)
		}
		got, err := Open(key, env)
		if err != nil || !bytes.Equal(got, pt) {
			t.Fatalf("round trip of %d bytes: %v", n, err)
		}
	}
	// Two seals of the same plaintext differ (random IV).
	a, _ := Seal(key, []byte("same"))
	b, _ := Seal(key, []byte("same"))
	if a == b {
		t.Fatal("Seal reused an IV")
	}
	if _, err := Seal(key[:31], []byte("x")); !errors.Is(err, ErrKeySize) {
		t.Fatalf("31-byte key: err = %v, want ErrKeySize", err)
	}
}

// TestOpenAnyIV: Open must not look at the IV content (Java's ASCII hex
// IVs, all zeros, all ones).
func TestOpenAnyIV(t *testing.T) {
	key := unhex(t, katAKey)
	for _, iv := range [][]byte{[]byte("5b2fdf3b09e485e8"), make([]byte, 16), bytes.Repeat([]byte{0xff}, 16)} {
		env, err := sealIV(key, iv, []byte("payload"))
		if err != nil {
			t.Fatal(err)
		}
		if got, err := Open(key, env); err != nil || string(got) != "payload" {
			t.Fatalf("IV %q: %v", iv, err)
		}
	}
}

// TestOpenTamper flips every bit region of a real 1Kosmos envelope (KAT-A):
// each byte of the IV, the ciphertext and the tag.
func TestOpenTamper(t *testing.T) {
	key := unhex(t, katAKey)
	raw, err := base64.StdEncoding.DecodeString(katAData)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Open(key, katAData); err != nil {
		t.Fatalf("untampered: %v", err)
	}
	for i := range raw {
		for _, mask := range []byte{0x01, 0x80} {
			mod := bytes.Clone(raw)
			mod[i] ^= mask
			region := "ciphertext"
			switch {
			case i < IVSize:
				region = "iv"
			case i >= len(raw)-TagSize:
				region = "tag"
			}
			pt, err := Open(key, b64(mod))
			if !errors.Is(err, ErrDecrypt) || err != ErrDecrypt || pt != nil {
				t.Fatalf("%s byte %d mask %#x: pt=%q err=%v, want exactly ErrDecrypt", region, i, mask, pt, err)
			}
		}
	}
}

func TestOpenMalformed(t *testing.T) {
	key := unhex(t, katAKey)
	raw, _ := base64.StdEncoding.DecodeString(katAData)
	k1, _ := GenerateKey(Secp256k1)
	k2, _ := GenerateKey(Secp256k1)
	wrongKey := mustShared(t, k1, k2.Public())
	tests := []struct {
		name string
		key  []byte
		env  string
	}{
		{"empty", key, ""},
		{"white space", key, "  \n"},
		{"31 bytes", key, b64(raw[:31])},
		{"32 zero bytes", key, b64(make([]byte, 32))},
		{"truncated by one byte", key, b64(raw[:len(raw)-1])},
		{"truncated tag", key, b64(raw[:len(raw)-TagSize])},
		{"extra byte", key, b64(append(bytes.Clone(raw), 0))},
		{"IV only", key, b64(raw[:IVSize])},
		{"not base64", key, "!!!!" + katAData[4:]},
		{"url base64", key, strings.NewReplacer("+", "-", "/", "_").Replace(katAData)},
		{"unpadded", key, strings.TrimRight(katAData, "=")},
		{"non-canonical padding bits", key, katAData[:len(katAData)-2] + "f="},
		{"JSON instead", key, `{"data":"` + katAData + `"}`},
		{"wrong key", wrongKey, katAData},
		{"short key", key[:16], katAData},
		{"nil key", nil, katAData},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pt, err := Open(tt.key, tt.env)
			if err != ErrDecrypt || pt != nil {
				t.Fatalf("pt=%q err=%v, want exactly ErrDecrypt", pt, err)
			}
		})
	}
	// Surrounding white space is allowed.
	if _, err := Open(key, "\n "+katAData+"\r\n"); err != nil {
		t.Fatalf("white space: %v", err)
	}
}
