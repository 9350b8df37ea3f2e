package sdjwt

import (
	"context"
	"crypto"
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"time"
)

// Defaults of [VerifyOptions].
const (
	DefaultKeyBindingMaxAge = 5 * time.Minute
)

var defaultHashAlgorithms = []string{"sha-256", "sha-384", "sha-512"}

// VerifyOptions is the verifier policy. A nil *VerifyOptions means the
// defaults of every field: issuer signature with the default algorithms,
// sha-256/384/512, exp/nbf/iat checked against time.Now with no skew, key
// binding verified when present but not required.
type VerifyOptions struct {
	// Algorithms is the allowlist for the issuer JWS "alg". Default
	// [DefaultAlgorithms]. "none" and HMAC algorithms are never accepted.
	Algorithms []string
	// KeyBindingAlgorithms is the allowlist for the KB-JWT "alg". Default
	// [DefaultAlgorithms].
	KeyBindingAlgorithms []string
	// HashAlgorithms is the _sd_alg allowlist. Default sha-256, sha-384,
	// sha-512 (case-sensitive, as RFC 9901 requires).
	HashAlgorithms []string
	// AllowUppercaseHashName also accepts "SHA-256", "SHA-384" and
	// "SHA-512" as _sd_alg. A leniency for UIDAI's credential, whose
	// specification writes the name in upper case. Off by default.
	AllowUppercaseHashName bool

	// Now returns the verification time. Default time.Now.
	Now func() time.Time
	// ClockSkew is tolerated on exp, nbf, iat and the KB-JWT iat. Default
	// 0.
	ClockSkew time.Duration
	// RequiredClaims must be present in the processed payload (for example
	// "exp"). Default none.
	RequiredClaims []string
	// ExpectedIssuer, when set, must equal the processed "iss".
	ExpectedIssuer string
	// ExpectedTypes, when set, lists the accepted header "typ" values of
	// the issuer-signed JWT.
	ExpectedTypes []string

	// RequireKeyBinding makes a Key Binding JWT mandatory (RFC 9901 §7.3
	// step 2); Audience and Nonce must then be set. When false, a KB-JWT
	// that is present is still fully verified (aud and nonce only if set).
	RequireKeyBinding bool
	// Audience is the expected KB-JWT "aud" (a single string).
	Audience string
	// Nonce is the expected KB-JWT "nonce".
	Nonce string
	// KeyBindingMaxAge is how old the KB-JWT "iat" may be. Default
	// [DefaultKeyBindingMaxAge].
	KeyBindingMaxAge time.Duration

	// VC enables the SD-JWT VC checks. Default off (plain RFC 9901).
	VC *VCOptions

	// Limits caps the input. Zero fields mean defaults.
	Limits Limits
}

// VCOptions are the SD-JWT VC (draft-ietf-oauth-sd-jwt-vc) checks.
type VCOptions struct {
	// AllowLegacyTyp also accepts typ "vc+sd-jwt", the media type used
	// before November 2024 (and by UIDAI). Off by default: only
	// "dc+sd-jwt".
	AllowLegacyTyp bool
	// SkipVCT does not require a "vct" claim (UIDAI's credential has
	// none). Off by default.
	SkipVCT bool
	// Types, when set, lists the accepted "vct" values.
	Types []string
	// NonDisclosable lists claims that must not come from a disclosure, on
	// top of the ones the SD-JWT VC draft names: iss, nbf, exp, cnf, vct,
	// vct#integrity, status.
	NonDisclosable []string
}

var vcNonDisclosable = []string{"iss", "nbf", "exp", "cnf", "vct", "vct#integrity", "status"}

// Credential is the result of [Verify] (Verified true) or
// [DecodeUnverified] (Verified false). It holds personal data: it logs
// and prints as a summary only.
type Credential struct {
	// Verified is true only for a credential returned by [Verify].
	Verified bool
	// Serialization is the form the token arrived in.
	Serialization Serialization
	// Header is the protected header of the issuer-signed JWT.
	Header map[string]any
	// Claims is the processed payload: disclosed claims inserted, digests,
	// _sd and _sd_alg removed. Numbers are [json.Number].
	Claims map[string]any
	// Disclosures are the disclosures as received, each with its Path and
	// processed Value.
	Disclosures []Disclosure
	// KeyBinding is the verified Key Binding JWT, nil if there was none.
	KeyBinding *KeyBinding
	// SDAlg is the _sd_alg in force.
	SDAlg string
}

// KeyBinding holds the verified claims of a Key Binding JWT.
type KeyBinding struct {
	Header   map[string]any // KB-JWT protected header
	Claims   map[string]any // KB-JWT payload
	Audience string         // "aud"
	Nonce    string         // "nonce"
	IssuedAt time.Time      // "iat"
}

// Verify verifies an SD-JWT or SD-JWT+KB (compact or JWS JSON) and returns
// the processed claims. It is [VerifyContext] with
// [context.Background]; the context matters only to resolvers that do I/O
// such as [*IssuerMetadata].
func Verify(token string, keys KeyResolver, opts *VerifyOptions) (*Credential, error) {
	return VerifyContext(context.Background(), token, keys, opts)
}

// VerifyContext verifies token as RFC 9901 §7.1 and §7.3 require, in this
// order: syntax and caps; issuer JWS alg on the allowlist, key from keys,
// signature (every signature of a general JSON serialization); _sd_alg on
// the allowlist; disclosure processing (arity, reserved names, collisions,
// duplicate digests, unreferenced disclosures, depth); a top-level "iss"
// that is not selectively disclosed (the key was resolved from the
// plaintext one); exp/nbf/iat, iss, typ and required claims on the
// processed payload; SD-JWT VC checks; key binding. It fails closed: any
// error means no claims.
func VerifyContext(ctx context.Context, token string, keys KeyResolver, opts *VerifyOptions) (*Credential, error) {
	var o VerifyOptions
	if opts != nil {
		o = *opts
	}
	if keys == nil {
		return nil, fmt.Errorf("%w: nil KeyResolver", ErrOptions)
	}
	if o.RequireKeyBinding && (o.Audience == "" || o.Nonce == "") {
		return nil, fmt.Errorf("%w: RequireKeyBinding needs Audience and Nonce", ErrOptions)
	}
	now := time.Now
	if o.Now != nil {
		now = o.Now
	}
	at := now()
	lim := o.Limits.withDefaults()
	t, err := Parse(token, &lim)
	if err != nil {
		return nil, err
	}

	// Issuer signature(s).
	algs := o.Algorithms
	if len(algs) == 0 {
		algs = defaultAlgorithms
	}
	iss, _ := t.Payload["iss"].(string)
	hdrs := append([]jwsHeader{t.hdr}, t.extraHdrs...)
	jwts := append([]string{t.IssuerJWT}, t.extraSigs...)
	for i, h := range hdrs {
		if err := checkHeader(h, algs); err != nil {
			return nil, err
		}
		q := KeyQuery{Algorithm: h.alg, KeyID: h.kid, Issuer: iss, Time: at}
		if len(h.x5c) > 0 {
			if q.X5C, err = parseX5C(h.x5c); err != nil {
				return nil, err
			}
		}
		key, err := keys.ResolveKey(ctx, q)
		if err != nil {
			return nil, err
		}
		if err := verifyJWS(jwts[i], h.alg, key); err != nil {
			return nil, fmt.Errorf("%w: issuer-signed JWT (signature %d)", err, i)
		}
	}

	// _sd_alg.
	hashes := o.HashAlgorithms
	if len(hashes) == 0 {
		hashes = defaultHashAlgorithms
	}
	h, ok := hashByName(t.sdAlg)
	allowed := ok && slices.Contains(hashes, t.sdAlg)
	if ok && !allowed && o.AllowUppercaseHashName {
		for _, n := range hashes {
			if h2, _ := hashByName(n); h2 == h && t.sdAlg == upperHash(n) {
				allowed = true
			}
		}
	}
	if !allowed {
		return nil, fmt.Errorf("%w: %q not allowed", ErrHashAlgorithm, "_sd_alg")
	}

	claims, discs, _, err := process(t, lim.MaxDepth)
	if err != nil {
		return nil, err
	}
	// The resolver chose the key from the plaintext "iss" (X5CRoots matches
	// it to the certificate, IssuerMetadata fetches by it). An "iss" that
	// arrives in a disclosure was never seen by the resolver, so accepting
	// it would let any trusted key speak for any issuer (RFC 9901 §9.7:
	// iss is security-critical and must not be selectively disclosable).
	if _, plain := t.Payload["iss"]; !plain {
		if _, disclosed := claims["iss"]; disclosed {
			return nil, fmt.Errorf("%w: %q", ErrSelectivelyDisclosed, "iss")
		}
	}

	if err := checkValidity(claims, at, o.ClockSkew); err != nil {
		return nil, err
	}
	for _, c := range o.RequiredClaims {
		if _, ok := claims[c]; !ok {
			return nil, fmt.Errorf("%w: %q", ErrMissingClaim, c)
		}
	}
	if o.ExpectedIssuer != "" {
		got, ok := claims["iss"].(string)
		if !ok {
			return nil, fmt.Errorf("%w: %q", ErrMissingClaim, "iss")
		}
		if got != o.ExpectedIssuer {
			return nil, fmt.Errorf("%w: %q does not match", ErrIssuer, "iss")
		}
	}
	if len(o.ExpectedTypes) > 0 && !slices.Contains(o.ExpectedTypes, t.hdr.typ) {
		return nil, fmt.Errorf("%w: header %q", ErrType, "typ")
	}
	if o.VC != nil {
		if err := checkVC(t, claims, discs, o.VC); err != nil {
			return nil, err
		}
	}

	cred := &Credential{
		Verified:      true,
		Serialization: t.Serialization,
		Header:        t.Header,
		Claims:        claims,
		Disclosures:   discs,
		SDAlg:         t.sdAlg,
	}
	if t.KeyBindingJWT == "" {
		if o.RequireKeyBinding {
			return nil, ErrKeyBindingMissing
		}
		return cred, nil
	}
	kbAlgs := o.KeyBindingAlgorithms
	if len(kbAlgs) == 0 {
		kbAlgs = defaultAlgorithms
	}
	maxAge := o.KeyBindingMaxAge
	if maxAge <= 0 {
		maxAge = DefaultKeyBindingMaxAge
	}
	kb, err := verifyKB(t, claims, h, kbAlgs, at, o.ClockSkew, maxAge, o.Audience, o.Nonce)
	if err != nil {
		return nil, err
	}
	cred.KeyBinding = kb
	return cred, nil
}

func upperHash(n string) string {
	switch n {
	case "sha-256":
		return "SHA-256"
	case "sha-384":
		return "SHA-384"
	case "sha-512":
		return "SHA-512"
	}
	return ""
}

func checkHeader(h jwsHeader, algs []string) error {
	if h.crit {
		return fmt.Errorf("%w: header %q (no extensions are supported)", ErrMalformed, "crit")
	}
	if h.b64 {
		return fmt.Errorf("%w: header %q", ErrMalformed, "b64")
	}
	// The header is untrusted text: name a value only when it is one of
	// the algorithm names this package knows.
	if !knownAlg(h.alg) {
		return fmt.Errorf("%w: header %q", ErrAlgorithm, "alg")
	}
	if !slices.Contains(algs, h.alg) {
		return fmt.Errorf("%w: %q", ErrAlgorithm, h.alg)
	}
	return nil
}

// numericDate reads a NumericDate claim. ok is false when absent; err is
// set when present but not a number.
func numericDate(m map[string]any, name string) (t time.Time, ok bool, err error) {
	v, ok := m[name]
	if !ok {
		return time.Time{}, false, nil
	}
	n, isNum := v.(json.Number)
	if !isNum {
		return time.Time{}, true, fmt.Errorf("%w: %q is not a number", ErrMalformed, name)
	}
	if i, e := n.Int64(); e == nil {
		return time.Unix(i, 0), true, nil
	}
	f, e := n.Float64()
	if e != nil || math.IsNaN(f) || math.IsInf(f, 0) || f > 1e15 || f < -1e15 {
		return time.Time{}, true, fmt.Errorf("%w: %q is not a valid NumericDate", ErrMalformed, name)
	}
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(frac*1e9)), true, nil
}

func checkValidity(claims map[string]any, at time.Time, skew time.Duration) error {
	if exp, ok, err := numericDate(claims, "exp"); err != nil {
		return err
	} else if ok && !at.Before(exp.Add(skew)) {
		return fmt.Errorf("%w: %q", ErrExpired, "exp")
	}
	if nbf, ok, err := numericDate(claims, "nbf"); err != nil {
		return err
	} else if ok && at.Add(skew).Before(nbf) {
		return fmt.Errorf("%w: %q", ErrNotYetValid, "nbf")
	}
	if iat, ok, err := numericDate(claims, "iat"); err != nil {
		return err
	} else if ok && at.Add(skew).Before(iat) {
		return fmt.Errorf("%w: %q in the future", ErrNotYetValid, "iat")
	}
	return nil
}

func checkVC(t *Token, claims map[string]any, discs []Disclosure, vc *VCOptions) error {
	typ := t.hdr.typ
	if typ != "dc+sd-jwt" && !(vc.AllowLegacyTyp && typ == "vc+sd-jwt") {
		return fmt.Errorf("%w: header %q is not an SD-JWT VC type", ErrType, "typ")
	}
	for _, d := range discs {
		if len(d.Path) != 1 {
			continue
		}
		if slices.Contains(vcNonDisclosable, d.Path[0]) || slices.Contains(vc.NonDisclosable, d.Path[0]) {
			return fmt.Errorf("%w: %q", ErrSelectivelyDisclosed, d.Path[0])
		}
	}
	if !vc.SkipVCT {
		vct, ok := claims["vct"].(string)
		if !ok || vct == "" {
			return fmt.Errorf("%w: %q", ErrMissingClaim, "vct")
		}
		if len(vc.Types) > 0 && !slices.Contains(vc.Types, vct) {
			return fmt.Errorf("%w: %q not accepted", ErrType, "vct")
		}
	}
	return nil
}

// holderKey reads cnf.jwk from the processed payload.
func holderKey(claims map[string]any) (crypto.PublicKey, error) {
	cnf, ok := claims["cnf"].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%w: no %q claim to take the holder key from", ErrKeyBinding, "cnf")
	}
	j, ok := cnf["jwk"].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%w: %q has no %q", ErrKeyBinding, "cnf", "jwk")
	}
	if pub, ok := ecJWK(j); ok {
		return pub, nil
	}
	raw, err := json.Marshal(j)
	if err != nil {
		return nil, fmt.Errorf("%w: %q", ErrKeyBinding, "cnf.jwk")
	}
	pub, err := ParseJWK(raw)
	if err != nil {
		return nil, fmt.Errorf("%w: %q is not a usable public key", ErrKeyBinding, "cnf.jwk")
	}
	return pub, nil
}

func verifyKB(t *Token, claims map[string]any, h crypto.Hash, algs []string, at time.Time, skew, maxAge time.Duration, aud, nonce string) (*KeyBinding, error) {
	hdrEnc, payload, err := splitJWT(t.KeyBindingJWT)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrKeyBinding, err)
	}
	hdr, err := parseHeader(hdrEnc)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrKeyBinding, err)
	}
	if hdr.typ != "kb+jwt" {
		return nil, fmt.Errorf("%w: header %q is not %q", ErrKeyBinding, "typ", "kb+jwt")
	}
	if err := checkHeader(hdr, algs); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrKeyBinding, err)
	}
	pub, err := holderKey(claims)
	if err != nil {
		return nil, err
	}
	if err := verifyJWS(t.KeyBindingJWT, hdr.alg, pub); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrKeyBinding, err)
	}
	kv, err := parseJSONValue(payload)
	kc, _ := kv.(map[string]any)
	if err != nil || kc == nil {
		return nil, fmt.Errorf("%w: payload is not a JSON object", ErrKeyBinding)
	}
	iat, ok, err := numericDate(kc, "iat")
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrKeyBinding, err)
	}
	if !ok {
		return nil, fmt.Errorf("%w: %q missing", ErrKeyBinding, "iat")
	}
	if at.Add(skew).Before(iat) {
		return nil, fmt.Errorf("%w: %q in the future", ErrKeyBinding, "iat")
	}
	if at.Sub(iat) > maxAge+skew {
		return nil, fmt.Errorf("%w: %q too old", ErrKeyBinding, "iat")
	}
	kb := &KeyBinding{Header: hdr.raw, Claims: kc, IssuedAt: iat}
	str := func(name string) (string, error) {
		v, ok := kc[name]
		if !ok {
			return "", fmt.Errorf("%w: %q missing", ErrKeyBinding, name)
		}
		s, ok := v.(string)
		if !ok {
			return "", fmt.Errorf("%w: %q is not a string", ErrKeyBinding, name)
		}
		return s, nil
	}
	if kb.Audience, err = str("aud"); err != nil {
		return nil, err
	}
	if kb.Nonce, err = str("nonce"); err != nil {
		return nil, err
	}
	sdHash, err := str("sd_hash")
	if err != nil {
		return nil, err
	}
	if aud != "" && kb.Audience != aud {
		return nil, fmt.Errorf("%w: %q does not match", ErrKeyBinding, "aud")
	}
	if nonce != "" && subtle.ConstantTimeCompare([]byte(kb.Nonce), []byte(nonce)) != 1 {
		return nil, fmt.Errorf("%w: %q does not match", ErrKeyBinding, "nonce")
	}
	if want := digestOf(h, t.sdHashIn); subtle.ConstantTimeCompare([]byte(sdHash), []byte(want)) != 1 {
		return nil, fmt.Errorf("%w: %q does not match the presentation", ErrKeyBinding, "sd_hash")
	}
	return kb, nil
}

// DecodeUnverified parses token and resolves its disclosures WITHOUT
// checking any signature, key binding, time or policy. The result has
// Verified false and must not be trusted; use it to inspect tokens. It
// still rejects tokens that RFC 9901 processing rejects (duplicate
// digests, unreferenced disclosures, ...), except for _sd_alg values it
// cannot compute.
func DecodeUnverified(token string, lim *Limits) (*Credential, error) {
	l := lim.withDefaults()
	t, err := Parse(token, &l)
	if err != nil {
		return nil, err
	}
	if _, ok := hashByName(t.sdAlg); !ok {
		return nil, fmt.Errorf("%w: %q", ErrHashAlgorithm, "_sd_alg")
	}
	claims, discs, _, err := process(t, l.MaxDepth)
	if err != nil {
		return nil, err
	}
	return &Credential{
		Verified:      false,
		Serialization: t.Serialization,
		Header:        t.Header,
		Claims:        claims,
		Disclosures:   discs,
		SDAlg:         t.sdAlg,
	}, nil
}
