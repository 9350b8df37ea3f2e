package onekosmos

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"io"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
)

const (
	// IVSize is the size of the GCM IV that 1Kosmos puts in front of every
	// envelope. It is 16 bytes, not the usual 12.
	IVSize = 16
	// TagSize is the size of the GCM tag at the end of every envelope.
	TagSize = 16
	// Overhead is the number of bytes an envelope adds to the plaintext
	// before base64: the IV and the tag.
	Overhead = IVSize + TagSize
)

// SharedKey returns the 1Kosmos shared AES-256 key of priv and peer: the
// x-coordinate of d·Q, exactly 32 bytes big-endian and left-padded, with no
// KDF (that is what 1Kosmos does; hashing it would break interoperability).
//
// Both keys must be on the same curve ([ErrCurveMismatch]). Points are
// validated when a [PublicKey] is made, so an invalid or off-curve point
// never reaches the multiplication.
//
// On secp256k1 the multiplication is decred's ScalarMultNonConst, which is
// not constant-time; see the package documentation.
func SharedKey(priv *PrivateKey, peer *PublicKey) ([]byte, error) {
	if priv == nil || peer == nil {
		return nil, fmt.Errorf("%w: nil key", ErrInvalidKey)
	}
	if priv.curve != peer.curve {
		return nil, ErrCurveMismatch
	}
	if priv.curve == Secp256k1 {
		var point, result secp256k1.JacobianPoint
		peer.k1.AsJacobian(&point)
		secp256k1.ScalarMultNonConst(&priv.k1.Key, &point, &result)
		if (result.X.IsZero() && result.Y.IsZero()) || result.Z.IsZero() {
			// Unreachable for a valid point on a prime-order curve and
			// 0 < d < n; kept so that a bug fails closed.
			return nil, fmt.Errorf("%w: shared point is the point at infinity", ErrInvalidKey)
		}
		result.ToAffine()
		x := result.X.Bytes() // [32]byte: already left-padded
		return x[:], nil
	}
	k, err := priv.p.ECDH(peer.p)
	if err != nil {
		return nil, fmt.Errorf("%w: key agreement failed", ErrInvalidKey)
	}
	return k, nil
}

func newGCM(key []byte) (cipher.AEAD, error) {
	if len(key) != KeySize {
		return nil, ErrKeySize
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, ErrKeySize
	}
	// 1Kosmos uses a 16-byte IV. NewGCMWithNonceSize is refused under
	// GODEBUG=fips140=only; see the package documentation.
	aead, err := cipher.NewGCMWithNonceSize(block, IVSize)
	if err != nil {
		return nil, fmt.Errorf("onekosmos: AES-GCM with a 16-byte IV is unavailable: %w", err)
	}
	return aead, nil
}

// Seal encrypts plaintext under the 32-byte shared key and returns the
// 1Kosmos envelope base64(IV ‖ ciphertext ‖ tag) with 16 random IV bytes
// from crypto/rand and no additional data.
func Seal(key, plaintext []byte) (string, error) {
	var iv [IVSize]byte
	if _, err := io.ReadFull(rand.Reader, iv[:]); err != nil {
		return "", fmt.Errorf("onekosmos: reading random IV: %w", err)
	}
	return sealIV(key, iv[:], plaintext)
}

// sealIV is Seal with a chosen IV. Only tests and Seal call it: a fixed IV
// with a reused key breaks GCM completely.
func sealIV(key, iv, plaintext []byte) (string, error) {
	aead, err := newGCM(key)
	if err != nil {
		return "", err
	}
	buf := make([]byte, IVSize, IVSize+len(plaintext)+TagSize)
	copy(buf, iv)
	buf = aead.Seal(buf, iv, plaintext, nil)
	return base64.StdEncoding.EncodeToString(buf), nil
}

// Open decrypts a 1Kosmos envelope base64(IV ‖ ciphertext ‖ tag) with the
// 32-byte shared key and returns the plaintext only if the GCM tag verifies.
//
// The envelope is standard padded base64, decoded strictly after trimming
// surrounding white space, except that line breaks (CR, LF) inside it are
// ignored, as encoding/base64 always does: line-wrapping encoders (Android's
// Base64.DEFAULT, MIME) insert them, and the GCM tag authenticates the bytes
// whatever their encoding. It must decode to at least 32 bytes (IV and tag).
// The IV is used as it is, whatever it holds: Java's 1Kosmos helper fills it
// with 16 ASCII hex characters, and real server output does this.
//
// Every failure, including a key that is not 32 bytes, returns [ErrDecrypt]
// and nothing else, so that the error cannot serve as an oracle.
//
// Open does no size check beyond memory: the work is linear in the input.
// Bound untrusted input before calling it (see [MaxResponseSize]).
func Open(key []byte, envelope string) ([]byte, error) {
	return open(key, []byte(envelope))
}

// open is Open on bytes; it does not modify env.
func open(key, env []byte) ([]byte, error) {
	aead, err := newGCM(key)
	if err != nil {
		return nil, ErrDecrypt
	}
	env = bytes.TrimSpace(env)
	buf := make([]byte, base64.StdEncoding.DecodedLen(len(env)))
	n, err := base64.StdEncoding.Strict().Decode(buf, env)
	if err != nil || n < Overhead {
		return nil, ErrDecrypt
	}
	buf = buf[:n]
	// Decrypt in place: the plaintext overwrites the ciphertext.
	pt, err := aead.Open(buf[IVSize:IVSize], buf[:IVSize], buf[IVSize:], nil)
	if err != nil {
		return nil, ErrDecrypt
	}
	return pt, nil
}
