package onekosmos

import (
	"crypto/ecdsa" // signs and verifies on P-256
	"crypto/elliptic"
	"crypto/rand"
	"encoding/asn1"
	"fmt"
	"math/big"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	// decred's ECDSA signs and verifies on secp256k1, which the standard
	// library does not support.
	k1ecdsa "github.com/decred/dcrd/dcrec/secp256k1/v4/ecdsa"
)

// SignatureSize is the size of a raw r‖s signature (IEEE P1363, the JWS
// ES256K and ES256 form).
const SignatureSize = 2 * KeySize

// Sign signs a SHA-256 digest with priv and returns the raw signature r‖s,
// 64 bytes (the format of the short-lived 1Kosmos Node helper and of JWS).
//
// On secp256k1 the signature is deterministic (RFC 6979) and low-S
// (s ≤ n/2, BIP 62). On P-256 it is the standard library's hedged
// randomized signature.
//
// 1Kosmos does not sign ID-verification responses; these helpers exist for
// the same keys, for callers that need them.
func Sign(priv *PrivateKey, digest []byte) ([]byte, error) {
	r, s, err := sign(priv, digest)
	if err != nil {
		return nil, err
	}
	out := make([]byte, SignatureSize)
	r.FillBytes(out[:KeySize])
	s.FillBytes(out[KeySize:])
	return out, nil
}

// SignASN1 is [Sign] with an ASN.1 DER signature SEQUENCE { r, s }.
func SignASN1(priv *PrivateKey, digest []byte) ([]byte, error) {
	if priv == nil {
		return nil, fmt.Errorf("%w: nil private key", ErrInvalidKey)
	}
	if len(digest) != 32 {
		return nil, ErrDigestSize
	}
	if priv.curve == Secp256k1 {
		return k1ecdsa.Sign(priv.k1, digest).Serialize(), nil
	}
	k, err := priv.stdP256()
	if err != nil {
		return nil, err
	}
	sig, err := ecdsa.SignASN1(rand.Reader, k, digest)
	if err != nil {
		return nil, fmt.Errorf("onekosmos: signing: %w", err)
	}
	return sig, nil
}

func sign(priv *PrivateKey, digest []byte) (r, s *big.Int, err error) {
	der, err := SignASN1(priv, digest)
	if err != nil {
		return nil, nil, err
	}
	var sig struct{ R, S *big.Int }
	if _, err := asn1.Unmarshal(der, &sig); err != nil {
		return nil, nil, fmt.Errorf("onekosmos: signing: re-reading DER: %w", err)
	}
	return sig.R, sig.S, nil
}

func (k *PrivateKey) stdP256() (*ecdsa.PrivateKey, error) {
	b := k.p.Bytes()
	defer clear(b)
	sk, err := ecdsa.ParseRawPrivateKey(elliptic.P256(), b)
	if err != nil {
		return nil, fmt.Errorf("%w: P-256 key rejected by crypto/ecdsa", ErrInvalidKey)
	}
	return sk, nil
}

// Verify checks a raw r‖s signature (64 bytes) over a SHA-256 digest. It
// returns nil or an error wrapping [ErrSignature] (or [ErrDigestSize]).
//
// r and s must be in [1, n-1]. High-S signatures are accepted on both
// curves: they are valid ECDSA, and Node's crypto.sign (the only known
// 1Kosmos signer) produces them half the time. Compare signatures by the
// message they verify, never by their bytes.
func Verify(pub *PublicKey, digest, sig []byte) error {
	if len(sig) != SignatureSize {
		return fmt.Errorf("%w: raw signature must be 64 bytes", ErrSignature)
	}
	r := new(big.Int).SetBytes(sig[:KeySize])
	s := new(big.Int).SetBytes(sig[KeySize:])
	return verify(pub, digest, r, s, nil, false)
}

// VerifyASN1 is [Verify] for an ASN.1 DER signature. The encoding must be
// strict DER.
func VerifyASN1(pub *PublicKey, digest, sig []byte) error {
	return verify(pub, digest, nil, nil, sig, true)
}

func verify(pub *PublicKey, digest []byte, r, s *big.Int, der []byte, isDER bool) error {
	if pub == nil {
		return fmt.Errorf("%w: nil public key", ErrInvalidKey)
	}
	if len(digest) != 32 {
		return ErrDigestSize
	}
	if pub.curve == Secp256k1 {
		var sig *k1ecdsa.Signature
		if isDER {
			var err error
			if sig, err = k1ecdsa.ParseDERSignature(der); err != nil {
				return fmt.Errorf("%w: malformed DER signature", ErrSignature)
			}
		} else {
			var rs, ss secp256k1.ModNScalar
			if r.BitLen() > 256 || s.BitLen() > 256 ||
				rs.SetByteSlice(r.Bytes()) || ss.SetByteSlice(s.Bytes()) || rs.IsZero() || ss.IsZero() {
				return fmt.Errorf("%w: r or s out of range", ErrSignature)
			}
			sig = k1ecdsa.NewSignature(&rs, &ss)
		}
		if !sig.Verify(digest, pub.k1) {
			return ErrSignature
		}
		return nil
	}
	pk, err := ecdsa.ParseUncompressedPublicKey(elliptic.P256(), pub.Uncompressed())
	if err != nil {
		return fmt.Errorf("%w: P-256 key rejected by crypto/ecdsa", ErrInvalidKey)
	}
	if !isDER {
		der, err = asn1.Marshal(struct{ R, S *big.Int }{r, s})
		if err != nil {
			return fmt.Errorf("%w: r or s out of range", ErrSignature)
		}
	}
	if !ecdsa.VerifyASN1(pk, digest, der) {
		return ErrSignature
	}
	return nil
}
