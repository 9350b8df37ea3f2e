package onekosmos

import (
	"bytes"
	"crypto/ecdsa" // the standard library's, for cross-checks
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/asn1"
	"errors"
	"math/big"
	"testing"
)

func TestSignVerify(t *testing.T) {
	digest := sha256.Sum256([]byte("nonce 1234"))
	other := sha256.Sum256([]byte("nonce 1235"))
	for _, c := range curves {
		priv, _ := GenerateKey(c)
		pub := priv.Public()
		wrong, _ := GenerateKey(c)
		raw, err := Sign(priv, digest[:])
		if err != nil || len(raw) != SignatureSize {
			t.Fatalf("%v: Sign: %d bytes, %v", c, len(raw), err)
		}
		der, err := SignASN1(priv, digest[:])
		if err != nil {
			t.Fatalf("%v: SignASN1: %v", c, err)
		}
		if err := Verify(pub, digest[:], raw); err != nil {
			t.Fatalf("%v: Verify: %v", c, err)
		}
		if err := VerifyASN1(pub, digest[:], der); err != nil {
			t.Fatalf("%v: VerifyASN1: %v", c, err)
		}
		// Negative twins.
		for name, err := range map[string]error{
			"other digest":        Verify(pub, other[:], raw),
			"other digest DER":    VerifyASN1(pub, other[:], der),
			"wrong key":           Verify(wrong.Public(), digest[:], raw),
			"wrong key DER":       VerifyASN1(wrong.Public(), digest[:], der),
			"raw as DER":          VerifyASN1(pub, digest[:], raw),
			"DER as raw":          Verify(pub, digest[:], der),
			"truncated raw":       Verify(pub, digest[:], raw[:63]),
			"flipped raw":         Verify(pub, digest[:], flip(raw, 40)),
			"flipped DER":         VerifyASN1(pub, digest[:], flip(der, len(der)-1)),
			"DER trailing byte":   VerifyASN1(pub, digest[:], append(bytes.Clone(der), 0)),
			"zero r":              Verify(pub, digest[:], append(make([]byte, 32), raw[32:]...)),
			"zero s":              Verify(pub, digest[:], append(bytes.Clone(raw[:32]), make([]byte, 32)...)),
			"r = 2^256-1":         Verify(pub, digest[:], append(bytes.Repeat([]byte{0xff}, 32), raw[32:]...)),
			"empty":               Verify(pub, digest[:], nil),
			"empty DER":           VerifyASN1(pub, digest[:], nil),
			"r + n (malleated r)": Verify(pub, digest[:], addN(t, c, raw)),
		} {
			if !errors.Is(err, ErrSignature) {
				t.Errorf("%v/%s: err = %v, want ErrSignature", c, name, err)
			}
		}
		if _, err := Sign(priv, digest[:31]); !errors.Is(err, ErrDigestSize) {
			t.Errorf("%v: short digest: %v", c, err)
		}
		if err := Verify(pub, digest[:31], raw); !errors.Is(err, ErrDigestSize) {
			t.Errorf("%v: short digest verify: %v", c, err)
		}
	}
}

func flip(b []byte, i int) []byte {
	c := bytes.Clone(b)
	c[i] ^= 1
	return c
}

// addN returns r+n ‖ s when r+n fits in 32 bytes, else r=n ‖ s: either way
// r is out of range.
func addN(t *testing.T, c Curve, raw []byte) []byte {
	t.Helper()
	n := new(big.Int).SetBytes(hexb(map[Curve]string{Secp256k1: k1N, P256: p2N}[c]))
	r := new(big.Int).SetBytes(raw[:32])
	r.Add(r, n)
	if r.BitLen() > 256 {
		r.Set(n)
	}
	out := make([]byte, 64)
	r.FillBytes(out[:32])
	copy(out[32:], raw[32:])
	return out
}

// TestSecp256k1LowS: signatures are low-S, deterministic (RFC 6979), and a
// high-S twin (n - s) still verifies (Node signs high-S half the time).
func TestSecp256k1LowS(t *testing.T) {
	n := new(big.Int).SetBytes(hexb(k1N))
	half := new(big.Int).Rsh(n, 1)
	priv := mustPriv(t, Secp256k1, ixClientPriv)
	for i := range 64 {
		digest := sha256.Sum256([]byte{byte(i)})
		raw, err := Sign(priv, digest[:])
		if err != nil {
			t.Fatal(err)
		}
		again, _ := Sign(priv, digest[:])
		if !bytes.Equal(raw, again) {
			t.Fatal("secp256k1 signature is not deterministic")
		}
		s := new(big.Int).SetBytes(raw[32:])
		if s.Cmp(half) > 0 {
			t.Fatalf("high S: %x", s)
		}
		high := new(big.Int).Sub(n, s)
		twin := append(bytes.Clone(raw[:32]), high.FillBytes(make([]byte, 32))...)
		if err := Verify(priv.Public(), digest[:], twin); err != nil {
			t.Fatalf("high-S twin rejected: %v", err)
		}
	}
}

// TestP256CrossCheck verifies our P-256 signatures with crypto/ecdsa and
// crypto/ecdsa's with ours.
func TestP256CrossCheck(t *testing.T) {
	priv := mustPriv(t, P256, ixClientPriv)
	std, err := ecdsa.ParseRawPrivateKey(elliptic.P256(), priv.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	digest := sha256.Sum256([]byte("cross-check"))
	der, _ := SignASN1(priv, digest[:])
	if !ecdsa.VerifyASN1(&std.PublicKey, digest[:], der) {
		t.Fatal("crypto/ecdsa rejects our signature")
	}
	theirs, _ := ecdsa.SignASN1(rand.Reader, std, digest[:])
	if err := VerifyASN1(priv.Public(), digest[:], theirs); err != nil {
		t.Fatalf("we reject crypto/ecdsa's signature: %v", err)
	}
	var rs struct{ R, S *big.Int }
	if _, err := asn1.Unmarshal(theirs, &rs); err != nil {
		t.Fatal(err)
	}
	raw := append(rs.R.FillBytes(make([]byte, 32)), rs.S.FillBytes(make([]byte, 32))...)
	if err := Verify(priv.Public(), digest[:], raw); err != nil {
		t.Fatalf("raw form of crypto/ecdsa's signature: %v", err)
	}
}
