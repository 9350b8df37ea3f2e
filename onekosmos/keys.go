package onekosmos

import (
	"bytes"
	"crypto/ecdh"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/subtle"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"log/slog"
	"strings"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
)

// Curve names an elliptic curve supported by this package. The zero value is
// not a valid curve.
type Curve uint8

const (
	// Secp256k1 is the SEC 2 curve secp256k1, the 1Kosmos default.
	Secp256k1 Curve = iota + 1
	// P256 is NIST P-256 (prime256v1, secp256r1), selectable on the 1Kosmos
	// side through EC_CURVE_NAME.
	P256
)

// String returns the curve name as 1Kosmos configures it: "secp256k1" or
// "prime256v1".
func (c Curve) String() string {
	switch c {
	case Secp256k1:
		return "secp256k1"
	case P256:
		return "prime256v1"
	}
	return fmt.Sprintf("Curve(%d)", uint8(c))
}

// jwkName is the JWK "crv" value of the curve (RFC 7518, RFC 8812).
func (c Curve) jwkName() string {
	if c == P256 {
		return "P-256"
	}
	return "secp256k1"
}

func (c Curve) valid() bool { return c == Secp256k1 || c == P256 }

// ParseCurve returns the curve for a name, case-insensitively:
// "secp256k1", or "p256", "p-256", "prime256v1", "secp256r1" for P-256.
func ParseCurve(name string) (Curve, error) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "secp256k1", "k1":
		return Secp256k1, nil
	case "p256", "p-256", "prime256v1", "secp256r1":
		return P256, nil
	}
	return 0, fmt.Errorf("%w: %q", ErrUnknownCurve, name)
}

const (
	// KeySize is the size of the shared AES-256 key, of a private scalar and
	// of each public coordinate.
	KeySize = 32

	// maxKeyText caps the text given to ParsePublicKey and
	// ParsePrivateKey. Real encodings are under 300 bytes.
	maxKeyText = 16 << 10
)

// PrivateKey is a private key on [Secp256k1] or [P256]. It is never printed:
// String and LogValue redact it. Use [PrivateKey.Encode] to export it.
type PrivateKey struct {
	curve Curve
	k1    *secp256k1.PrivateKey // Secp256k1
	p     *ecdh.PrivateKey      // P256
	pub   *PublicKey
}

// PublicKey is a validated public point on [Secp256k1] or [P256]: it is on
// the curve and is not the point at infinity. Public keys are not secret and
// print as their 1Kosmos encoding.
type PublicKey struct {
	curve Curve
	k1    *secp256k1.PublicKey // Secp256k1
	p     *ecdh.PublicKey      // P256
	xy    [2 * KeySize]byte
}

// GenerateKey returns a new random key pair on curve c, using crypto/rand.
func GenerateKey(c Curve) (*PrivateKey, error) {
	switch c {
	case Secp256k1:
		k, err := secp256k1.GeneratePrivateKey()
		if err != nil {
			return nil, fmt.Errorf("onekosmos: generating key: %w", err)
		}
		return newK1Private(k), nil
	case P256:
		k, err := ecdh.P256().GenerateKey(rand.Reader)
		if err != nil {
			return nil, fmt.Errorf("onekosmos: generating key: %w", err)
		}
		return newP256Private(k), nil
	}
	return nil, fmt.Errorf("%w: %d", ErrUnknownCurve, uint8(c))
}

func newK1Private(k *secp256k1.PrivateKey) *PrivateKey {
	pub := &PublicKey{curve: Secp256k1, k1: k.PubKey()}
	copy(pub.xy[:], pub.k1.SerializeUncompressed()[1:])
	return &PrivateKey{curve: Secp256k1, k1: k, pub: pub}
}

func newP256Private(k *ecdh.PrivateKey) *PrivateKey {
	pub := &PublicKey{curve: P256, p: k.PublicKey()}
	copy(pub.xy[:], pub.p.Bytes()[1:])
	return &PrivateKey{curve: P256, p: k, pub: pub}
}

// decodeStd decodes standard, padded base64 strictly after trimming
// surrounding white space.
func decodeStd(s string) ([]byte, error) {
	return base64.StdEncoding.Strict().DecodeString(strings.TrimSpace(s))
}

// ParsePrivateKey parses a 1Kosmos private key: base64 (standard, padded) of
// the big-endian scalar d. See [NewPrivateKey] for the length rules.
func ParsePrivateKey(c Curve, s string) (*PrivateKey, error) {
	if !c.valid() {
		return nil, fmt.Errorf("%w: %d", ErrUnknownCurve, uint8(c))
	}
	if len(s) > maxKeyText {
		return nil, fmt.Errorf("%w: private key text over %d bytes", ErrTooLarge, maxKeyText)
	}
	b, err := decodeStd(s)
	if err != nil {
		return nil, fmt.Errorf("%w: private key is not valid base64", ErrInvalidKey)
	}
	defer clear(b)
	return NewPrivateKey(c, b)
}

// NewPrivateKey returns the private key with big-endian scalar d on curve c.
//
// 1Kosmos helpers emit d in 31, 32 or 33 bytes: Node does not left-pad, and
// Java's BigInteger adds a 0x00 sign byte when the high bit is set. So d may
// be 1 to 33 bytes long; leading zero bytes are stripped, more than 32
// significant bytes are rejected (never truncated), the rest is left-padded
// to 32 bytes, and 0 < d < n is required.
func NewPrivateKey(c Curve, d []byte) (*PrivateKey, error) {
	if !c.valid() {
		return nil, fmt.Errorf("%w: %d", ErrUnknownCurve, uint8(c))
	}
	if len(d) == 0 || len(d) > KeySize+1 {
		return nil, fmt.Errorf("%w: private scalar must be 1 to 33 bytes", ErrInvalidKey)
	}
	d = bytes.TrimLeft(d, "\x00")
	if len(d) > KeySize {
		return nil, fmt.Errorf("%w: private scalar has more than 32 significant bytes", ErrInvalidKey)
	}
	var buf [KeySize]byte
	defer clear(buf[:])
	copy(buf[KeySize-len(d):], d)
	switch c {
	case Secp256k1:
		var s secp256k1.ModNScalar
		if overflow := s.SetBytes(&buf); overflow != 0 || s.IsZero() {
			return nil, fmt.Errorf("%w: private scalar out of range", ErrInvalidKey)
		}
		return newK1Private(secp256k1.NewPrivateKey(&s)), nil
	default: // P256
		k, err := ecdh.P256().NewPrivateKey(buf[:])
		if err != nil {
			return nil, fmt.Errorf("%w: private scalar out of range", ErrInvalidKey)
		}
		return newP256Private(k), nil
	}
}

// Curve returns the key's curve.
func (k *PrivateKey) Curve() Curve { return k.curve }

// Public returns the matching public key.
func (k *PrivateKey) Public() *PublicKey { return k.pub }

// Bytes returns the scalar d as exactly 32 big-endian bytes. The caller
// should clear the slice when done.
func (k *PrivateKey) Bytes() []byte {
	if k.curve == Secp256k1 {
		return k.k1.Serialize()
	}
	return k.p.Bytes()
}

// Encode returns the key in 1Kosmos encoding: base64 of the 32-byte scalar.
// It always emits 32 bytes, which every 1Kosmos helper accepts.
func (k *PrivateKey) Encode() string {
	b := k.Bytes()
	defer clear(b)
	return base64.StdEncoding.EncodeToString(b)
}

// Equal reports whether k and other are the same key, in constant time for
// keys on the same curve.
func (k *PrivateKey) Equal(other *PrivateKey) bool {
	if k == nil || other == nil || k.curve != other.curve {
		return false
	}
	a, b := k.Bytes(), other.Bytes()
	defer clear(a)
	defer clear(b)
	return subtle.ConstantTimeCompare(a, b) == 1
}

// String implements fmt.Stringer without revealing the key.
func (k *PrivateKey) String() string {
	return "onekosmos.PrivateKey(" + k.curve.String() + ", REDACTED)"
}

// LogValue implements slog.LogValuer without revealing the key.
func (k *PrivateKey) LogValue() slog.Value {
	return slog.GroupValue(slog.String("curve", k.curve.String()), slog.String("private", "REDACTED"))
}

// ParsePublicKey parses a public key on curve c from text, detecting the
// encoding:
//
//   - base64 (standard, padded) of 64 bytes X‖Y: the 1Kosmos encoding;
//   - base64 of a 65-byte uncompressed SEC1 point 0x04‖X‖Y;
//   - base64 of a 33-byte compressed SEC1 point 0x02/0x03‖X;
//   - PEM "PUBLIC KEY" (SubjectPublicKeyInfo, id-ecPublicKey with a named
//     curve, which must be c);
//   - a JWK object {"kty":"EC","crv":…,"x":…,"y":…}, crv "secp256k1" or
//     "P-256" matching c (private members are ignored).
//
// Surrounding white space is ignored. The point must be on the curve; hybrid
// SEC1 encodings (0x06, 0x07) are rejected.
func ParsePublicKey(c Curve, s string) (*PublicKey, error) {
	if !c.valid() {
		return nil, fmt.Errorf("%w: %d", ErrUnknownCurve, uint8(c))
	}
	if len(s) > maxKeyText {
		return nil, fmt.Errorf("%w: public key text over %d bytes", ErrTooLarge, maxKeyText)
	}
	t := strings.TrimSpace(s)
	switch {
	case strings.HasPrefix(t, "-----BEGIN"):
		return parsePEM(c, t)
	case strings.HasPrefix(t, "{"):
		return parseJWK(c, t)
	}
	b, err := base64.StdEncoding.Strict().DecodeString(t)
	if err != nil {
		return nil, fmt.Errorf("%w: public key is not valid base64", ErrInvalidKey)
	}
	return NewPublicKey(c, b)
}

// NewPublicKey returns the public key encoded in b on curve c: 64 bytes
// X‖Y (1Kosmos), 65 bytes 0x04‖X‖Y or 33 bytes 0x02/0x03‖X.
func NewPublicKey(c Curve, b []byte) (*PublicKey, error) {
	if !c.valid() {
		return nil, fmt.Errorf("%w: %d", ErrUnknownCurve, uint8(c))
	}
	var sec1 [1 + 2*KeySize]byte
	switch {
	case len(b) == 2*KeySize:
		sec1[0] = 4
		copy(sec1[1:], b)
		b = sec1[:]
	case len(b) == 1+2*KeySize && b[0] == 4:
	case len(b) == 1+KeySize && (b[0] == 2 || b[0] == 3):
	default:
		return nil, fmt.Errorf("%w: public key must be 64-byte X‖Y or a SEC1 point", ErrInvalidKey)
	}
	pub := &PublicKey{curve: c}
	switch c {
	case Secp256k1:
		k, err := secp256k1.ParsePubKey(b)
		if err != nil {
			return nil, fmt.Errorf("%w: point is not on secp256k1", ErrInvalidKey)
		}
		pub.k1 = k
		copy(pub.xy[:], k.SerializeUncompressed()[1:])
	default: // P256
		if len(b) == 1+KeySize {
			x, y := elliptic.UnmarshalCompressed(elliptic.P256(), b)
			if x == nil {
				return nil, fmt.Errorf("%w: point is not on P-256", ErrInvalidKey)
			}
			sec1[0] = 4
			x.FillBytes(sec1[1 : 1+KeySize])
			y.FillBytes(sec1[1+KeySize:])
			b = sec1[:]
		}
		k, err := ecdh.P256().NewPublicKey(b)
		if err != nil {
			return nil, fmt.Errorf("%w: point is not on P-256", ErrInvalidKey)
		}
		pub.p = k
		copy(pub.xy[:], b[1:])
	}
	return pub, nil
}

// Curve returns the key's curve.
func (p *PublicKey) Curve() Curve { return p.curve }

// Bytes returns the 1Kosmos raw form: 64 bytes X‖Y, each coordinate 32
// bytes big-endian.
func (p *PublicKey) Bytes() []byte { return bytes.Clone(p.xy[:]) }

// Encode returns the 1Kosmos encoding: base64 of X‖Y.
func (p *PublicKey) Encode() string { return base64.StdEncoding.EncodeToString(p.xy[:]) }

// String returns [PublicKey.Encode]; public keys are not secret.
func (p *PublicKey) String() string { return p.Encode() }

// Uncompressed returns the 65-byte SEC1 point 0x04‖X‖Y.
func (p *PublicKey) Uncompressed() []byte {
	return append([]byte{4}, p.xy[:]...)
}

// Compressed returns the 33-byte SEC1 point 0x02/0x03‖X.
func (p *PublicKey) Compressed() []byte {
	return append([]byte{2 | p.xy[2*KeySize-1]&1}, p.xy[:KeySize]...)
}

// Equal reports whether p and q are the same point on the same curve.
func (p *PublicKey) Equal(q *PublicKey) bool {
	return p != nil && q != nil && p.curve == q.curve && p.xy == q.xy
}

var (
	oidECPublicKey = asn1.ObjectIdentifier{1, 2, 840, 10045, 2, 1}
	oidSecp256k1   = asn1.ObjectIdentifier{1, 3, 132, 0, 10}
	oidP256        = asn1.ObjectIdentifier{1, 2, 840, 10045, 3, 1, 7}
)

func (c Curve) oid() asn1.ObjectIdentifier {
	if c == P256 {
		return oidP256
	}
	return oidSecp256k1
}

type spki struct {
	Algorithm pkix.AlgorithmIdentifier
	PublicKey asn1.BitString
}

// spkiPrefix is the DER of a SubjectPublicKeyInfo for an uncompressed point
// on the curve, up to the 65 point bytes: SEQUENCE { SEQUENCE {
// id-ecPublicKey, namedCurve }, BIT STRING (0 unused bits) }.
func (c Curve) spkiPrefix() []byte {
	if c == P256 {
		return []byte{0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01,
			0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00}
	}
	return []byte{0x30, 0x56, 0x30, 0x10, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01,
		0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x0a, 0x03, 0x42, 0x00}
}

// PEM returns the key as a PEM "PUBLIC KEY" block (SubjectPublicKeyInfo,
// id-ecPublicKey, named curve, uncompressed point). crypto/x509 cannot
// marshal secp256k1 keys, so the structure is built here for both curves.
func (p *PublicKey) PEM() []byte {
	der := append(p.curve.spkiPrefix(), p.Uncompressed()...)
	return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
}

func parsePEM(c Curve, s string) (*PublicKey, error) {
	block, rest := pem.Decode([]byte(s))
	if block == nil || block.Type != "PUBLIC KEY" || len(bytes.TrimSpace(rest)) != 0 {
		return nil, fmt.Errorf("%w: want a single PEM PUBLIC KEY block", ErrInvalidKey)
	}
	var info spki
	if rest, err := asn1.Unmarshal(block.Bytes, &info); err != nil || len(rest) != 0 {
		return nil, fmt.Errorf("%w: malformed SubjectPublicKeyInfo", ErrInvalidKey)
	}
	if !info.Algorithm.Algorithm.Equal(oidECPublicKey) {
		return nil, fmt.Errorf("%w: SubjectPublicKeyInfo is not an EC key", ErrInvalidKey)
	}
	var named asn1.ObjectIdentifier
	if rest, err := asn1.Unmarshal(info.Algorithm.Parameters.FullBytes, &named); err != nil || len(rest) != 0 {
		return nil, fmt.Errorf("%w: SubjectPublicKeyInfo has no named curve", ErrInvalidKey)
	}
	switch {
	case named.Equal(c.oid()):
	case named.Equal(oidSecp256k1), named.Equal(oidP256):
		return nil, fmt.Errorf("%w: PEM key is not on %s", ErrCurveMismatch, c)
	default:
		return nil, fmt.Errorf("%w: unsupported named curve in PEM key", ErrInvalidKey)
	}
	if info.PublicKey.BitLength%8 != 0 {
		return nil, fmt.Errorf("%w: malformed SubjectPublicKeyInfo", ErrInvalidKey)
	}
	pt := info.PublicKey.Bytes
	if len(pt) == 2*KeySize { // only SEC1 points are valid inside SPKI
		return nil, fmt.Errorf("%w: SubjectPublicKeyInfo point is not SEC1", ErrInvalidKey)
	}
	return NewPublicKey(c, pt)
}

type jwk struct {
	Kty string `json:"kty"`
	Crv string `json:"crv"`
	X   string `json:"x"`
	Y   string `json:"y"`
}

// JWK returns the key as a JSON Web Key: {"kty":"EC","crv":…,"x":…,"y":…},
// crv "secp256k1" (RFC 8812) or "P-256".
func (p *PublicKey) JWK() []byte {
	// Every member is a fixed name or base64url, so no JSON escaping is needed.
	return []byte(`{"kty":"EC","crv":"` + p.curve.jwkName() +
		`","x":"` + base64.RawURLEncoding.EncodeToString(p.xy[:KeySize]) +
		`","y":"` + base64.RawURLEncoding.EncodeToString(p.xy[KeySize:]) + `"}`)
}

func parseJWK(c Curve, s string) (*PublicKey, error) {
	var k jwk
	if err := json.Unmarshal([]byte(s), &k); err != nil {
		return nil, fmt.Errorf("%w: malformed JWK", ErrInvalidKey)
	}
	if k.Kty != "EC" {
		return nil, fmt.Errorf("%w: JWK kty is not EC", ErrInvalidKey)
	}
	switch k.Crv {
	case c.jwkName():
	case "secp256k1", "P-256":
		return nil, fmt.Errorf("%w: JWK is not on %s", ErrCurveMismatch, c)
	default:
		return nil, fmt.Errorf("%w: unsupported JWK crv", ErrInvalidKey)
	}
	x, errX := base64.RawURLEncoding.Strict().DecodeString(k.X)
	y, errY := base64.RawURLEncoding.Strict().DecodeString(k.Y)
	if errX != nil || errY != nil || len(x) != KeySize || len(y) != KeySize {
		return nil, fmt.Errorf("%w: JWK x and y must be 32-byte base64url", ErrInvalidKey)
	}
	return NewPublicKey(c, append(x, y...))
}
