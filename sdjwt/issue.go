package sdjwt

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/asn1"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Path names a claim: object member names from the top level down, and
// for array elements the decimal position in the array. ["address",
// "locality"] and ["nationalities", "1"] are paths.
type Path []string

// ParsePath splits a dotted path such as "address.locality" or
// "nationalities.1". Names containing "." need a [Path] literal.
func ParsePath(s string) Path {
	if s == "" {
		return Path{}
	}
	return Path(strings.Split(s, "."))
}

// String joins the path with dots.
func (p Path) String() string { return strings.Join(p, ".") }

// SaltBytes is the number of crypto/rand bytes in every salt [Issue]
// generates (128 bits, as RFC 9901 §9.3 recommends).
const SaltBytes = 16

// IssueOptions are the optional settings of [Issue].
type IssueOptions struct {
	// Algorithm is the JWS "alg". Default: ES256/ES384/ES512 from the
	// curve of an ECDSA key, EdDSA for Ed25519, PS256 for RSA.
	Algorithm string
	// Type is the header "typ". Default "dc+sd-jwt" when the claims have
	// a "vct", else "sd-jwt".
	Type string
	// KeyID is the header "kid". Default none.
	KeyID string
	// X5C is a certificate chain (DER, leaf first) for the "x5c" header.
	X5C [][]byte
	// SDAlg is the _sd_alg: "sha-256" (default), "sha-384" or "sha-512".
	SDAlg string
	// Decoys is the most decoy digests added to each "_sd" array Issue
	// writes: each array gets a number drawn uniformly from 0..Decoys
	// with crypto/rand, so that the length of "_sd" does not give away
	// how many claims it hides (RFC 9901 §4.2.5). Default 0, at most 100.
	Decoys int
	// HolderKey, when set, is written as "cnf": {"jwk": ...} so the
	// holder can add a Key Binding JWT.
	HolderKey crypto.PublicKey
}

// Issue creates an SD-JWT signed by signer: claims, with every claim named
// in disclose turned into a disclosure (object members into "_sd" digests,
// array elements into {"...": digest}). A path may point inside a value
// that is itself disclosed (recursive disclosure). Salts are 128 bits from
// crypto/rand, "_sd" arrays are shuffled, and decoys are added when
// requested. The result is "<JWT>~<D1>~...~<DN>~" with every disclosure.
func Issue(signer crypto.Signer, claims map[string]any, disclose []Path, opts *IssueOptions) (string, error) {
	var o IssueOptions
	if opts != nil {
		o = *opts
	}
	if signer == nil {
		return "", fmt.Errorf("%w: nil signer", ErrOptions)
	}
	if o.SDAlg == "" {
		o.SDAlg = "sha-256"
	}
	h, ok := hashByName(o.SDAlg)
	if !ok || o.SDAlg != strings.ToLower(o.SDAlg) {
		return "", fmt.Errorf("%w: SDAlg %q", ErrOptions, o.SDAlg)
	}
	alg, err := signingAlg(signer.Public(), o.Algorithm)
	if err != nil {
		return "", err
	}
	for _, k := range []string{"_sd", "_sd_alg", "..."} {
		if _, ok := claims[k]; ok {
			return "", fmt.Errorf("%w: claim %q is reserved", ErrOptions, k)
		}
	}
	if o.HolderKey != nil {
		if _, ok := claims["cnf"]; ok {
			return "", fmt.Errorf("%w: HolderKey set and claims already have %q", ErrOptions, "cnf")
		}
	}
	if o.Decoys < 0 || o.Decoys > 100 {
		return "", fmt.Errorf("%w: Decoys must be 0..100", ErrOptions)
	}
	is := &issuer{h: h, decoys: o.Decoys, want: map[string]bool{}, hit: map[string]bool{}}
	for _, p := range disclose {
		if len(p) == 0 {
			return "", fmt.Errorf("%w: empty disclosure path", ErrOptions)
		}
		is.want[pathKey(p)] = true
	}
	// Round-trip through JSON so that any marshalable value (structs,
	// typed slices) becomes map/slice form.
	var norm map[string]any
	raw, err := json.Marshal(claims)
	if err != nil {
		return "", fmt.Errorf("%w: claims are not JSON: %v", ErrOptions, err)
	}
	if err := decodeJSON(raw, &norm); err != nil {
		return "", fmt.Errorf("%w: claims are not a JSON object", ErrOptions)
	}
	payloadAny, err := is.build(norm, nil)
	if err != nil {
		return "", err
	}
	for _, p := range disclose {
		if !is.hit[pathKey(p)] {
			return "", fmt.Errorf("%w: disclosure path %q not found in claims", ErrOptions, p.String())
		}
	}
	payload := payloadAny.(map[string]any)
	payload["_sd_alg"] = o.SDAlg
	if o.HolderKey != nil {
		j, err := publicJWK(o.HolderKey)
		if err != nil {
			return "", err
		}
		payload["cnf"] = map[string]any{"jwk": j}
	}
	hdr := map[string]any{"alg": alg}
	switch {
	case o.Type != "":
		hdr["typ"] = o.Type
	case claims["vct"] != nil:
		hdr["typ"] = "dc+sd-jwt"
	default:
		hdr["typ"] = "sd-jwt"
	}
	if o.KeyID != "" {
		hdr["kid"] = o.KeyID
	}
	if len(o.X5C) > 0 {
		var chain []string
		for _, c := range o.X5C {
			chain = append(chain, stdB64(c))
		}
		hdr["x5c"] = chain
	}
	jwt, err := signJWT(signer, alg, hdr, payload)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteString(jwt)
	b.WriteByte('~')
	for _, d := range is.out {
		b.WriteString(d)
		b.WriteByte('~')
	}
	return b.String(), nil
}

type issuer struct {
	h      crypto.Hash
	decoys int
	want   map[string]bool
	hit    map[string]bool
	out    []string // encoded disclosures, in creation order
}

func pathKey(p []string) string {
	var b strings.Builder
	for _, s := range p {
		b.WriteString(strconv.Itoa(len(s)))
		b.WriteByte(':')
		b.WriteString(s)
	}
	return b.String()
}

func (is *issuer) build(v any, path []string) (any, error) {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		var sd []any
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			if k == "_sd" || k == "..." || k == "_sd_alg" {
				return nil, fmt.Errorf("%w: claim name %q is reserved", ErrOptions, k)
			}
			p := append(slices.Clip(path), k)
			nv, err := is.build(x[k], p)
			if err != nil {
				return nil, err
			}
			if is.want[pathKey(p)] {
				is.hit[pathKey(p)] = true
				dg, err := is.disclosure([]any{k, nv})
				if err != nil {
					return nil, err
				}
				sd = append(sd, dg)
				continue
			}
			out[k] = nv
		}
		if len(sd) > 0 {
			n, err := randIntn(is.decoys + 1)
			if err != nil {
				return nil, err
			}
			for range n {
				dg, err := is.decoy()
				if err != nil {
					return nil, err
				}
				sd = append(sd, dg)
			}
			if err := shuffle(sd); err != nil {
				return nil, err
			}
			out["_sd"] = sd
		}
		return out, nil
	case []any:
		out := make([]any, 0, len(x))
		for i, e := range x {
			p := append(slices.Clip(path), strconv.Itoa(i))
			nv, err := is.build(e, p)
			if err != nil {
				return nil, err
			}
			if is.want[pathKey(p)] {
				is.hit[pathKey(p)] = true
				dg, err := is.disclosure([]any{nv})
				if err != nil {
					return nil, err
				}
				out = append(out, map[string]any{"...": dg})
				continue
			}
			out = append(out, nv)
		}
		return out, nil
	}
	return v, nil
}

func newSalt() (string, error) {
	b := make([]byte, SaltBytes)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return b64Encode(b), nil
}

func (is *issuer) disclosure(rest []any) (string, error) {
	salt, err := newSalt()
	if err != nil {
		return "", err
	}
	raw, err := json.Marshal(append([]any{salt}, rest...))
	if err != nil {
		return "", fmt.Errorf("%w: claim value is not JSON", ErrOptions)
	}
	enc := b64Encode(raw)
	is.out = append(is.out, enc)
	return digestOf(is.h, enc), nil
}

func (is *issuer) decoy() (string, error) {
	salt, err := newSalt()
	if err != nil {
		return "", err
	}
	return digestOf(is.h, salt), nil
}

// randIntn returns a uniform integer in [0, n) from crypto/rand.
func randIntn(n int) (int, error) {
	if n <= 1 {
		return 0, nil
	}
	v, err := rand.Int(rand.Reader, big.NewInt(int64(n)))
	if err != nil {
		return 0, err
	}
	return int(v.Int64()), nil
}

// shuffle is a Fisher-Yates shuffle driven by crypto/rand, so the order of
// "_sd" reveals nothing about claim order.
func shuffle(s []any) error {
	var b [8]byte
	for i := len(s) - 1; i > 0; i-- {
		if _, err := rand.Read(b[:]); err != nil {
			return err
		}
		j := int(binary.LittleEndian.Uint64(b[:]) % uint64(i+1))
		s[i], s[j] = s[j], s[i]
	}
	return nil
}

// stdB64 encodes an x5c element: standard base64 with padding (RFC 7515
// §4.1.6), not base64url.
func stdB64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

// signingAlg picks or checks the JWS algorithm for a public key.
func signingAlg(pub crypto.PublicKey, want string) (string, error) {
	def := ""
	switch k := pub.(type) {
	case *ecdsa.PublicKey:
		switch k.Curve {
		case elliptic.P256():
			def = "ES256"
		case elliptic.P384():
			def = "ES384"
		case elliptic.P521():
			def = "ES512"
		}
	case ed25519.PublicKey:
		def = "EdDSA"
	case *rsa.PublicKey:
		def = "PS256"
	}
	if def == "" {
		return "", fmt.Errorf("%w: unsupported signing key type %T", ErrOptions, pub)
	}
	if want == "" {
		return def, nil
	}
	if !keyFitsAlg(want, pub) {
		return "", fmt.Errorf("%w: algorithm %q does not fit the key", ErrOptions, want)
	}
	return want, nil
}

// signJWT signs header and payload (marshaled once, here) and returns the
// compact JWS.
func signJWT(signer crypto.Signer, alg string, hdr, payload map[string]any) (string, error) {
	hb, err := json.Marshal(hdr)
	if err != nil {
		return "", fmt.Errorf("%w: header: %v", ErrOptions, err)
	}
	pb, err := json.Marshal(payload)
	if err != nil {
		return "", fmt.Errorf("%w: payload: %v", ErrOptions, err)
	}
	input := b64Encode(hb) + "." + b64Encode(pb)
	sig, err := signBytes(signer, alg, []byte(input))
	if err != nil {
		return "", err
	}
	return input + "." + b64Encode(sig), nil
}

func signBytes(signer crypto.Signer, alg string, msg []byte) ([]byte, error) {
	var h crypto.Hash
	switch alg {
	case "ES256", "PS256", "RS256":
		h = crypto.SHA256
	case "ES384", "PS384", "RS384":
		h = crypto.SHA384
	case "ES512", "PS512", "RS512":
		h = crypto.SHA512
	case "EdDSA":
		sig, err := signer.Sign(rand.Reader, msg, crypto.Hash(0))
		if err != nil {
			return nil, fmt.Errorf("%w: signing failed", ErrOptions)
		}
		return sig, nil
	default:
		return nil, fmt.Errorf("%w: algorithm %q", ErrOptions, alg)
	}
	hh := h.New()
	hh.Write(msg)
	digest := hh.Sum(nil)
	var opts crypto.SignerOpts = h
	if strings.HasPrefix(alg, "PS") {
		opts = &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash, Hash: h}
	}
	sig, err := signer.Sign(rand.Reader, digest, opts)
	if err != nil {
		return nil, fmt.Errorf("%w: signing failed", ErrOptions)
	}
	if !strings.HasPrefix(alg, "ES") {
		return sig, nil
	}
	// crypto.Signer returns ASN.1 for ECDSA; JWS wants fixed-size r||s.
	var rs struct{ R, S *big.Int }
	if _, err := asn1.Unmarshal(sig, &rs); err != nil {
		return nil, fmt.Errorf("%w: signer returned a malformed ECDSA signature", ErrOptions)
	}
	size := (signer.Public().(*ecdsa.PublicKey).Curve.Params().BitSize + 7) / 8
	out := make([]byte, 2*size)
	rs.R.FillBytes(out[:size])
	rs.S.FillBytes(out[size:])
	return out, nil
}

// publicJWK renders a public key as a JWK object (for cnf.jwk).
func publicJWK(pub crypto.PublicKey) (map[string]any, error) {
	switch k := pub.(type) {
	case *ecdsa.PublicKey:
		var crv string
		switch k.Curve {
		case elliptic.P256():
			crv = "P-256"
		case elliptic.P384():
			crv = "P-384"
		case elliptic.P521():
			crv = "P-521"
		default:
			return nil, fmt.Errorf("%w: unsupported curve", ErrOptions)
		}
		size := (k.Curve.Params().BitSize + 7) / 8
		x, y := make([]byte, size), make([]byte, size)
		k.X.FillBytes(x)
		k.Y.FillBytes(y)
		return map[string]any{"kty": "EC", "crv": crv, "x": b64Encode(x), "y": b64Encode(y)}, nil
	case ed25519.PublicKey:
		return map[string]any{"kty": "OKP", "crv": "Ed25519", "x": b64Encode(k)}, nil
	case *rsa.PublicKey:
		return map[string]any{"kty": "RSA", "n": b64Encode(k.N.Bytes()), "e": b64Encode(big.NewInt(int64(k.E)).Bytes())}, nil
	}
	return nil, fmt.Errorf("%w: unsupported key type %T", ErrOptions, pub)
}

// JWK returns the public JWK of pub (EC, OKP Ed25519 or RSA) as JSON,
// for publishing an issuer key in a JWK Set or writing test fixtures.
func JWK(pub crypto.PublicKey, kid string) ([]byte, error) {
	m, err := publicJWK(pub)
	if err != nil {
		return nil, err
	}
	if kid != "" {
		m["kid"] = kid
	}
	return json.Marshal(m)
}

// PresentOptions are the optional settings of [Present].
type PresentOptions struct {
	// HolderKey, when set, signs a Key Binding JWT; it must match the
	// credential's cnf.jwk. Audience and Nonce are then required.
	HolderKey crypto.Signer
	// Audience is the KB-JWT "aud" (the verifier).
	Audience string
	// Nonce is the KB-JWT "nonce" from the verifier.
	Nonce string
	// Algorithm is the KB-JWT "alg". Default from the key, as in [Issue].
	Algorithm string
	// Now is the KB-JWT "iat" clock. Default time.Now.
	Now func() time.Time
	// Limits caps the parsed token. Zero fields mean defaults.
	Limits Limits
}

// Present makes a presentation of an issued SD-JWT: it keeps the
// disclosures needed to reveal the claims at paths and drops the others.
// A path selects the disclosure at that position, every disclosure inside
// it, and the disclosures of its ancestors (a recursive parent must be
// disclosed for a child to connect). The empty path selects everything. A
// path that selects no disclosure is an error (it is plaintext or absent).
// With opts.HolderKey a Key Binding JWT is appended. The output is always
// compact. Present does not verify the issuer signature.
func Present(token string, paths []Path, opts *PresentOptions) (string, error) {
	var o PresentOptions
	if opts != nil {
		o = *opts
	}
	lim := o.Limits.withDefaults()
	t, err := Parse(token, &lim)
	if err != nil {
		return "", err
	}
	if t.KeyBindingJWT != "" {
		return "", fmt.Errorf("%w: token already has a key binding JWT", ErrOptions)
	}
	h, ok := hashByName(t.sdAlg)
	if !ok {
		return "", fmt.Errorf("%w: %q", ErrHashAlgorithm, "_sd_alg")
	}
	_, discs, parent, err := process(t, lim.MaxDepth)
	if err != nil {
		return "", err
	}
	keep := make([]bool, len(discs))
	for _, p := range paths {
		found := false
		for i, d := range discs {
			if hasPrefix(d.Path, p) || hasPrefix(p, d.Path) {
				found = true
				for j := i; j >= 0 && !keep[j]; j = parent[j] {
					keep[j] = true
				}
			}
		}
		if !found {
			return "", fmt.Errorf("%w: path %q selects no disclosure", ErrOptions, p.String())
		}
	}
	var b strings.Builder
	b.WriteString(t.IssuerJWT)
	b.WriteByte('~')
	for i, d := range discs {
		if keep[i] {
			b.WriteString(d.Encoded)
			b.WriteByte('~')
		}
	}
	sdjwt := b.String()
	if o.HolderKey == nil {
		return sdjwt, nil
	}
	if o.Audience == "" || o.Nonce == "" {
		return "", fmt.Errorf("%w: key binding needs Audience and Nonce", ErrOptions)
	}
	alg, err := signingAlg(o.HolderKey.Public(), o.Algorithm)
	if err != nil {
		return "", err
	}
	now := time.Now
	if o.Now != nil {
		now = o.Now
	}
	kb, err := signJWT(o.HolderKey, alg, map[string]any{"alg": alg, "typ": "kb+jwt"}, map[string]any{
		"iat":     now().Unix(),
		"aud":     o.Audience,
		"nonce":   o.Nonce,
		"sd_hash": digestOf(h, sdjwt),
	})
	if err != nil {
		return "", err
	}
	return sdjwt + kb, nil
}

func hasPrefix(p, prefix []string) bool {
	return len(p) >= len(prefix) && slices.Equal(p[:len(prefix)], prefix)
}
