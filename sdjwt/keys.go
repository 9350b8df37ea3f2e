package sdjwt

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/lestrrat-go/jwx/v3/jwk"
	"github.com/lestrrat-go/jwx/v3/jws/jwsbb"
)

// KeyQuery describes the issuer-signed JWT whose key is wanted. Every field
// comes from the token and is unverified when the resolver runs; a
// resolver must only return keys it trusts independently of the token.
type KeyQuery struct {
	// Algorithm is the header "alg", already checked against the
	// caller's allowlist.
	Algorithm string
	// KeyID is the header "kid" ("" when absent or not a string).
	KeyID string
	// X5C is the header "x5c" chain, leaf first, parsed but not validated.
	X5C []*x509.Certificate
	// Issuer is the payload "iss" ("" when absent or not a string).
	Issuer string
	// Time is the verification time.
	Time time.Time
}

// KeyResolver finds the trusted public key for an issuer-signed JWT. It
// returns an error wrapping [ErrKeyNotFound] (or [ErrMetadata]) when it has
// none. Implementations in this package: [PublicKey], [*JWKSet],
// [IssuerKeys], [*X5CRoots] and [*IssuerMetadata].
type KeyResolver interface {
	// ResolveKey returns the trusted key for q, or an error.
	ResolveKey(ctx context.Context, q KeyQuery) (crypto.PublicKey, error)
}

// ChainResolver is a [KeyResolver] that can also return the certificate
// chain it validated the key with. [Verify] prefers it and reports the
// chain as Credential.Certificate and Credential.CertificateChain.
type ChainResolver interface {
	KeyResolver
	// ResolveKeyChain returns the trusted key and, when the key came from
	// a validated certificate chain, that chain (leaf first, ending at
	// the trust anchor); chain is nil otherwise.
	ResolveKeyChain(ctx context.Context, q KeyQuery) (key crypto.PublicKey, chain []*x509.Certificate, err error)
}

var (
	_ KeyResolver   = staticKey{}
	_ KeyResolver   = (*JWKSet)(nil)
	_ ChainResolver = IssuerKeys(nil)
	_ ChainResolver = (*X5CRoots)(nil)
	_ KeyResolver   = (*IssuerMetadata)(nil)
)

type staticKey struct{ pub crypto.PublicKey }

// PublicKey returns a [KeyResolver] that always answers pub (an
// *ecdsa.PublicKey, *rsa.PublicKey or ed25519.PublicKey), whatever the
// token's kid.
func PublicKey(pub crypto.PublicKey) KeyResolver { return staticKey{pub} }

func (s staticKey) ResolveKey(context.Context, KeyQuery) (crypto.PublicKey, error) {
	if s.pub == nil {
		return nil, fmt.Errorf("%w: nil public key", ErrKeyNotFound)
	}
	return s.pub, nil
}

type jwkEntry struct {
	kid string
	alg string
	pub crypto.PublicKey
}

// JWKSet is a set of trusted public keys, selected by "kid". A token
// without a kid matches only a set holding exactly one key. A JWKSet
// trusts its keys for any "iss": to tie keys to issuers, put one set per
// issuer in [IssuerKeys] (or set VerifyOptions.ExpectedIssuer).
type JWKSet struct {
	keys    []jwkEntry
	skipped int
}

// ParseJWKSet parses a JWK Set ({"keys": [...]}) of public keys. As RFC
// 7517 §5 asks, a key this package cannot use is skipped, not fatal: an
// unknown "kty" or curve, a symmetric key, a "use" other than "sig", an
// "alg" that is not a signature algorithm, or a malformed member. A key
// carrying private members ("d", "p", ...) makes the whole set an error,
// so that a leaked private JWK is never loaded as trust material by
// mistake. [JWKSet.Skipped] counts the skipped keys.
func ParseJWKSet(data []byte) (*JWKSet, error) {
	var doc struct {
		Keys []json.RawMessage `json:"keys"`
	}
	if err := json.Unmarshal(data, &doc); err != nil || doc.Keys == nil {
		return nil, fmt.Errorf("%w: not a JWK Set", ErrKeyNotFound)
	}
	s := &JWKSet{}
	for i, raw := range doc.Keys {
		var meta struct {
			Kid any `json:"kid"`
			Alg any `json:"alg"`
			Use any `json:"use"`
		}
		if err := json.Unmarshal(raw, &meta); err != nil {
			s.skipped++ // not an object
			continue
		}
		kid, kidOK := meta.Kid.(string)
		alg, algOK := meta.Alg.(string)
		use, useOK := meta.Use.(string)
		if (meta.Kid != nil && !kidOK) || (meta.Alg != nil && (!algOK || !knownAlg(alg))) || (meta.Use != nil && (!useOK || use != "sig")) {
			s.skipped++
			continue
		}
		pub, err := ParseJWK(raw)
		if errors.Is(err, errPrivateJWK) {
			return nil, fmt.Errorf("%w (key %d)", err, i)
		}
		if err != nil {
			s.skipped++
			continue
		}
		if alg != "" && !keyFitsAlg(alg, pub) {
			s.skipped++
			continue
		}
		s.keys = append(s.keys, jwkEntry{kid: kid, alg: alg, pub: pub})
	}
	return s, nil
}

// Skipped returns the number of keys [ParseJWKSet] left out because this
// package cannot use them.
func (s *JWKSet) Skipped() int { return s.skipped }

// Len returns the number of usable keys in the set.
func (s *JWKSet) Len() int { return len(s.keys) }

// ResolveKey implements [KeyResolver]. With a kid, the first key with
// that kid that fits the token's alg is chosen.
func (s *JWKSet) ResolveKey(_ context.Context, q KeyQuery) (crypto.PublicKey, error) {
	if s == nil {
		return nil, fmt.Errorf("%w: nil key set", ErrKeyNotFound)
	}
	if q.KeyID == "" {
		if len(s.keys) != 1 {
			return nil, fmt.Errorf("%w: token has no kid and the key set holds %d keys", ErrKeyNotFound, len(s.keys))
		}
		return s.keys[0].check(q.Algorithm)
	}
	var firstErr error
	for i := range s.keys {
		if s.keys[i].kid != q.KeyID {
			continue
		}
		pub, err := s.keys[i].check(q.Algorithm)
		if err == nil {
			return pub, nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	if firstErr != nil {
		return nil, firstErr
	}
	// The kid is token text: name the field, not the value.
	return nil, fmt.Errorf("%w: header %q not in the key set", ErrKeyNotFound, "kid")
}

func (e *jwkEntry) check(alg string) (crypto.PublicKey, error) {
	if e.alg != "" && e.alg != alg {
		return nil, fmt.Errorf("%w: key is for %q, token uses %q", ErrAlgorithm, e.alg, alg)
	}
	return e.pub, nil
}

// IssuerKeys ties trusted keys to issuers: the token's plaintext "iss"
// selects the resolver, so a key trusted for one issuer never verifies a
// token that names another, whatever its kid. A token without "iss" (or
// with an issuer not in the map) gets [ErrKeyNotFound].
type IssuerKeys map[string]KeyResolver

// ResolveKey implements [KeyResolver].
func (m IssuerKeys) ResolveKey(ctx context.Context, q KeyQuery) (crypto.PublicKey, error) {
	k, _, err := m.ResolveKeyChain(ctx, q)
	return k, err
}

// ResolveKeyChain implements [ChainResolver], passing the chain on when
// the issuer's resolver is a ChainResolver.
func (m IssuerKeys) ResolveKeyChain(ctx context.Context, q KeyQuery) (crypto.PublicKey, []*x509.Certificate, error) {
	if q.Issuer == "" {
		return nil, nil, fmt.Errorf("%w: token has no %q to choose the issuer's keys", ErrKeyNotFound, "iss")
	}
	r := m[q.Issuer]
	if r == nil {
		return nil, nil, fmt.Errorf("%w: %q is not a configured issuer", ErrKeyNotFound, "iss")
	}
	return resolve(ctx, r, q)
}

// ParseJWK parses one public JWK (EC P-256/P-384/P-521, RSA or OKP
// Ed25519) into a crypto.PublicKey. JWKs carrying private members are
// rejected.
func ParseJWK(data []byte) (crypto.PublicKey, error) {
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil || m == nil {
		return nil, fmt.Errorf("%w: JWK is not a JSON object", ErrKeyNotFound)
	}
	for _, k := range []string{"d", "p", "q", "dp", "dq", "qi", "oth"} {
		if _, ok := m[k]; ok {
			return nil, fmt.Errorf("%w: %w %q", ErrKeyNotFound, errPrivateJWK, k)
		}
	}
	if _, ok := m["k"]; ok {
		return nil, fmt.Errorf("%w: JWK carries symmetric key member %q", ErrKeyNotFound, "k")
	}
	key, err := jwk.ParseKey(data)
	if err != nil {
		return nil, fmt.Errorf("%w: unusable JWK", ErrKeyNotFound)
	}
	var raw any
	if err := jwk.Export(key, &raw); err != nil {
		return nil, fmt.Errorf("%w: unusable JWK", ErrKeyNotFound)
	}
	switch k := raw.(type) {
	case *ecdsa.PublicKey, *rsa.PublicKey, ed25519.PublicKey:
		return k, nil
	}
	return nil, fmt.Errorf("%w: unsupported JWK key type", ErrKeyNotFound)
}

// errPrivateJWK marks a JWK with private key members; it makes a whole
// JWK Set an error instead of a skipped key.
var errPrivateJWK = errors.New("JWK carries private key member")

// ecJWK is the fast path for the common cnf.jwk: an EC public key with
// only kty, crv, x, y (and optionally kid, alg, use). Anything else goes
// through [ParseJWK].
func ecJWK(m map[string]any) (*ecdsa.PublicKey, bool) {
	for k := range m {
		switch k {
		case "kty", "crv", "x", "y", "kid", "alg", "use":
		default:
			return nil, false
		}
	}
	if m["kty"] != "EC" {
		return nil, false
	}
	var curve elliptic.Curve
	var size int
	switch m["crv"] {
	case "P-256":
		curve, size = elliptic.P256(), 32
	case "P-384":
		curve, size = elliptic.P384(), 48
	case "P-521":
		curve, size = elliptic.P521(), 66
	default:
		return nil, false
	}
	xs, _ := m["x"].(string)
	ys, _ := m["y"].(string)
	x, ok1 := b64Decode(xs)
	y, ok2 := b64Decode(ys)
	if !ok1 || !ok2 || len(x) != size || len(y) != size {
		return nil, false
	}
	pt := make([]byte, 0, 1+2*size)
	pt = append(append(append(pt, 4), x...), y...)
	k, err := ecdsa.ParseUncompressedPublicKey(curve, pt)
	if err != nil {
		return nil, false
	}
	return k, true
}

// X5CRoots trusts an issuer key carried in the JWT header "x5c" when its
// chain validates to Roots at the verification time. When the payload has
// an "iss", the leaf certificate must name it: a URI SAN equal to iss, or,
// for an https iss, a DNS SAN equal to its host (SD-JWT VC §3.5).
type X5CRoots struct {
	// Roots are the trust anchors. Required.
	Roots *x509.CertPool
	// KeyUsages are the extended key usages the leaf must allow. Default:
	// any.
	KeyUsages []x509.ExtKeyUsage
	// AllowMissingIssuerMatch skips the iss-to-SAN check. Off by default.
	AllowMissingIssuerMatch bool
}

// ResolveKey implements [KeyResolver].
func (r *X5CRoots) ResolveKey(ctx context.Context, q KeyQuery) (crypto.PublicKey, error) {
	k, _, err := r.ResolveKeyChain(ctx, q)
	return k, err
}

// ResolveKeyChain implements [ChainResolver]: the key is the leaf's, the
// chain the first one x509 validated to Roots.
func (r *X5CRoots) ResolveKeyChain(_ context.Context, q KeyQuery) (crypto.PublicKey, []*x509.Certificate, error) {
	if r == nil || r.Roots == nil {
		return nil, nil, fmt.Errorf("%w: no x5c roots configured", ErrKeyNotFound)
	}
	if len(q.X5C) == 0 {
		return nil, nil, fmt.Errorf("%w: token has no x5c header", ErrKeyNotFound)
	}
	inter := x509.NewCertPool()
	for _, c := range q.X5C[1:] {
		inter.AddCert(c)
	}
	usages := r.KeyUsages
	if len(usages) == 0 {
		usages = []x509.ExtKeyUsage{x509.ExtKeyUsageAny}
	}
	leaf := q.X5C[0]
	chains, err := leaf.Verify(x509.VerifyOptions{Roots: r.Roots, Intermediates: inter, CurrentTime: q.Time, KeyUsages: usages})
	if err != nil || len(chains) == 0 {
		return nil, nil, fmt.Errorf("%w: x5c chain does not validate to the configured roots", ErrKeyNotFound)
	}
	if q.Issuer != "" && !r.AllowMissingIssuerMatch && !certNamesIssuer(leaf, q.Issuer) {
		return nil, nil, fmt.Errorf("%w: x5c leaf certificate does not name the issuer", ErrKeyNotFound)
	}
	return leaf.PublicKey, chains[0], nil
}

func certNamesIssuer(c *x509.Certificate, iss string) bool {
	for _, u := range c.URIs {
		if u.String() == iss {
			return true
		}
	}
	u, err := url.Parse(iss)
	if err != nil || u.Scheme != "https" || u.Host == "" {
		return false
	}
	for _, d := range c.DNSNames {
		if strings.EqualFold(d, u.Hostname()) {
			return true
		}
	}
	return false
}

func parseX5C(chain []string) ([]*x509.Certificate, error) {
	var out []*x509.Certificate
	for _, s := range chain {
		// x5c is standard base64 (RFC 7515 §4.1.6), not base64url.
		der, err := base64.StdEncoding.Strict().DecodeString(s)
		if err != nil {
			return nil, fmt.Errorf("%w: x5c element is not base64", ErrMalformed)
		}
		c, err := x509.ParseCertificate(der)
		if err != nil {
			return nil, fmt.Errorf("%w: x5c element is not a certificate", ErrMalformed)
		}
		out = append(out, c)
	}
	return out, nil
}

// defaultAlgorithms is the JWS algorithm allowlist used when
// VerifyOptions.Algorithms is empty. RS256 and friends must be opted in.
var defaultAlgorithms = []string{"ES256", "ES384", "ES512", "PS256", "PS384", "PS512", "EdDSA"}

// DefaultAlgorithms returns the default JWS algorithm allowlist: ES256,
// ES384, ES512, PS256, PS384, PS512 and EdDSA (Ed25519).
func DefaultAlgorithms() []string { return append([]string(nil), defaultAlgorithms...) }

// SupportedAlgorithms returns every JWS algorithm this package can verify
// and a caller may put in VerifyOptions.Algorithms: the defaults plus
// RS256, RS384 and RS512. HMAC algorithms and "none" are never among them.
func SupportedAlgorithms() []string {
	return []string{"ES256", "ES384", "ES512", "PS256", "PS384", "PS512", "RS256", "RS384", "RS512", "EdDSA"}
}

// knownAlg reports whether name is a JWS algorithm this package can verify
// (HMAC and "none" never are).
func knownAlg(name string) bool {
	switch name {
	case "ES256", "ES384", "ES512", "PS256", "PS384", "PS512", "RS256", "RS384", "RS512", "EdDSA":
		return true
	}
	return false
}

// keyFitsAlg checks the key type and curve match alg exactly (ES256 only
// with P-256, and so on; RSA keys at least 2048 bits).
func keyFitsAlg(alg string, key crypto.PublicKey) bool {
	switch k := key.(type) {
	case *ecdsa.PublicKey:
		switch alg {
		case "ES256":
			return k.Curve == elliptic.P256()
		case "ES384":
			return k.Curve == elliptic.P384()
		case "ES512":
			return k.Curve == elliptic.P521()
		}
	case *rsa.PublicKey:
		return (strings.HasPrefix(alg, "PS") || strings.HasPrefix(alg, "RS")) && k.N.BitLen() >= 2048
	case ed25519.PublicKey:
		return alg == "EdDSA"
	}
	return false
}

// verifyJWS checks one compact JWS under alg and key with jwx's signature
// primitives (jwsbb). The caller has parsed the protected header: alg is
// the header's own "alg", already on the caller's allowlist, and "crit"
// and "b64" were refused by [checkHeader], which is everything
// jws.VerifyCompactFast would check on top. Going to jwsbb directly saves
// decoding the payload a second time (a tenth of a large token's Verify).
func verifyJWS(compact, alg string, key crypto.PublicKey) error {
	if !keyFitsAlg(alg, key) {
		return fmt.Errorf("%w: %q does not fit the key", ErrAlgorithm, alg)
	}
	if !knownAlg(alg) {
		return fmt.Errorf("%w: %q", ErrAlgorithm, alg)
	}
	dot := strings.LastIndexByte(compact, '.')
	if dot < 0 {
		return ErrSignature
	}
	sig, ok := b64Decode(compact[dot+1:])
	if !ok || len(sig) == 0 {
		return ErrSignature
	}
	if err := jwsbb.Verify(key, alg, []byte(compact[:dot]), sig); err != nil {
		return ErrSignature
	}
	return nil
}
