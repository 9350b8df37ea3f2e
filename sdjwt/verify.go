package sdjwt

import (
	"context"
	"crypto"
	"crypto/subtle"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// Defaults of [VerifyOptions].
const (
	// DefaultKeyBindingMaxAge is how old a KB-JWT "iat" may be.
	DefaultKeyBindingMaxAge = 5 * time.Minute
	// DefaultClockSkew is tolerated on every time check: exp, nbf and iat
	// of the issuer-signed JWT, and iat, exp and nbf of the KB-JWT.
	DefaultClockSkew = time.Minute
)

var defaultHashAlgorithms = []string{"sha-256", "sha-384", "sha-512"}

// VerifyOptions is the verifier policy. A nil *VerifyOptions means the
// defaults of every field: issuer signature with the default algorithms,
// sha-256/384/512, exp/nbf/iat checked against time.Now with
// [DefaultClockSkew], an issuer-signed "aud" refused (no Audience is set),
// key binding not required and a KB-JWT that is present left unchecked
// (Credential.KeyBindingUnchecked).
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
	// "SHA-512" as _sd_alg (when the lower-case name is allowed). A
	// leniency for UIDAI's credential, whose specification writes the name
	// in upper case; [UIDAIOptions] turns it on. Off by default.
	AllowUppercaseHashName bool

	// Now returns the verification time. Default time.Now.
	Now func() time.Time
	// ClockSkew is tolerated on exp, nbf and iat of the issuer-signed JWT
	// and on iat, exp and nbf of the KB-JWT. Zero means
	// [DefaultClockSkew] (60 s); a negative value means no tolerance.
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
	// step 1); Audience and Nonce must then be set. When false, a KB-JWT
	// that is present is verified in full only when both Audience and
	// Nonce are set; otherwise it is not checked, Credential.KeyBinding
	// stays nil and Credential.KeyBindingUnchecked is true.
	RequireKeyBinding bool
	// Audience identifies this verifier: the KB-JWT "aud" must equal it,
	// and an issuer-signed "aud" (plaintext or disclosed; a string or an
	// array of strings) must contain it. A token with an "aud" is refused
	// when Audience is empty (RFC 7519 §4.1.3).
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
	// vct#integrity, aka_vcts, status. None of their sub-claims may be
	// selectively disclosable either.
	NonDisclosable []string
}

// vcNonDisclosable are the claims SD-JWT VC (draft-ietf-oauth-sd-jwt-vc,
// "Registered JWT Claims" and "Other Credential Types") says MUST NOT be
// included in disclosures.
var vcNonDisclosable = []string{"iss", "nbf", "exp", "cnf", "vct", "vct#integrity", "aka_vcts", "status"}

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
	// KeyBinding is the verified Key Binding JWT, nil if there was none or
	// it was not checked.
	KeyBinding *KeyBinding
	// KeyBindingUnchecked is true when the token carried a KB-JWT that
	// was not verified: key binding was not required and Audience and
	// Nonce were not both set. Such a KB-JWT proves nothing.
	KeyBindingUnchecked bool
	// Certificate is the issuer's end-entity certificate when the key
	// came from a validated "x5c" chain ([X5CRoots]); nil otherwise. When
	// the token has no "iss", SD-JWT VC makes the certificate's subject
	// the issuer.
	Certificate *x509.Certificate
	// CertificateChain is the validated chain, Certificate first, ending
	// at the trusted root.
	CertificateChain []*x509.Certificate
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
// order: syntax and caps; a plaintext "iss" that is a string; issuer JWS
// alg on the allowlist, key from keys, signature (every signature of a
// general JSON serialization); _sd_alg on the allowlist; disclosure
// processing (arity, reserved names, collisions, duplicate digests,
// unreferenced disclosures, depth); a top-level "iss" that is not
// selectively disclosed (the key was resolved from the plaintext one);
// exp/nbf/iat, aud, iss, typ and required claims on the processed payload;
// SD-JWT VC checks; key binding. It fails closed: any error means no
// claims.
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
	skew := o.ClockSkew
	if skew == 0 {
		skew = DefaultClockSkew
	} else if skew < 0 {
		skew = 0
	}
	lim := o.Limits.withDefaults()
	t, err := Parse(token, &lim)
	if err != nil {
		return nil, err
	}

	// The resolvers match keys to "iss" (X5CRoots to the certificate,
	// IssuerMetadata to the metadata, IssuerKeys to the key set): an
	// "iss" they cannot read would skip that match.
	iss, isStr := t.Payload["iss"].(string)
	if _, present := t.Payload["iss"]; present && !isStr {
		return nil, fmt.Errorf("%w: %q is not a string", ErrMalformed, "iss")
	}

	// Issuer signature(s).
	algs := o.Algorithms
	if len(algs) == 0 {
		algs = defaultAlgorithms
	}
	var chain []*x509.Certificate
	for i := range 1 + len(t.extraHdrs) {
		h, jwt := t.hdr, t.IssuerJWT
		if i > 0 {
			h, jwt = t.extraHdrs[i-1], t.extraSigs[i-1]
		}
		if err := checkHeader(h, algs); err != nil {
			return nil, err
		}
		q := KeyQuery{Algorithm: h.alg, KeyID: h.kid, Issuer: iss, Time: at}
		if len(h.x5c) > 0 {
			if q.X5C, err = parseX5C(h.x5c); err != nil {
				return nil, err
			}
		}
		key, c, err := resolve(ctx, keys, q)
		if err != nil {
			return nil, err
		}
		if err := verifyJWS(jwt, h.alg, key); err != nil {
			return nil, fmt.Errorf("%w: issuer-signed JWT (signature %d)", err, i)
		}
		if i == 0 {
			chain = c
		}
	}

	h, err := checkSDAlg(t.sdAlg, o.HashAlgorithms, o.AllowUppercaseHashName)
	if err != nil {
		return nil, err
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

	if err := checkValidity(claims, at, skew); err != nil {
		return nil, err
	}
	if err := checkAudience(claims, o.Audience); err != nil {
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
	if len(chain) > 0 {
		cred.Certificate, cred.CertificateChain = chain[0], chain
	}
	if t.KeyBindingJWT == "" {
		if o.RequireKeyBinding {
			return nil, ErrKeyBindingMissing
		}
		return cred, nil
	}
	if !o.RequireKeyBinding && (o.Audience == "" || o.Nonce == "") {
		// RFC 9901 §7.3: a KB-JWT is checked only where policy requires
		// key binding. Without the caller's aud and nonce it cannot be
		// bound to this verifier or this transaction, so it is not
		// reported as binding.
		cred.KeyBindingUnchecked = true
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
	kb, err := verifyKB(t, claims, h, kbAlgs, at, skew, maxAge, o.Audience, o.Nonce)
	if err != nil {
		return nil, err
	}
	cred.KeyBinding = kb
	return cred, nil
}

// resolve asks keys for the issuer key, and for the validated certificate
// chain when keys can give one.
func resolve(ctx context.Context, keys KeyResolver, q KeyQuery) (crypto.PublicKey, []*x509.Certificate, error) {
	if cr, ok := keys.(ChainResolver); ok {
		return cr.ResolveKeyChain(ctx, q)
	}
	k, err := keys.ResolveKey(ctx, q)
	return k, nil, err
}

// checkSDAlg returns the hash of the token's _sd_alg if the policy allows
// it. The error names the value only when it is one of the hash names
// this package knows (token text is otherwise never echoed), and names
// the option that would accept it.
func checkSDAlg(name string, allowed []string, upper bool) (crypto.Hash, error) {
	if len(allowed) == 0 {
		allowed = defaultHashAlgorithms
	}
	h, known := hashByName(name)
	if !known {
		return 0, fmt.Errorf("%w: %q is not a supported hash name (sha-256, sha-384, sha-512)", ErrHashAlgorithm, "_sd_alg")
	}
	if slices.Contains(allowed, name) {
		return h, nil
	}
	lower := strings.ToLower(name)
	if lower == name {
		return 0, fmt.Errorf("%w: %q is not in VerifyOptions.HashAlgorithms", ErrHashAlgorithm, name)
	}
	if !slices.Contains(allowed, lower) {
		return 0, fmt.Errorf("%w: %q is not in VerifyOptions.HashAlgorithms", ErrHashAlgorithm, lower)
	}
	if !upper {
		return 0, fmt.Errorf("%w: %q is not the registered name %q (case-sensitive, RFC 9901 §4.1.1); VerifyOptions.AllowUppercaseHashName accepts it, and the UIDAI profile does unless UIDAIOptions.StrictHashName is set",
			ErrHashAlgorithm, name, lower)
	}
	return h, nil
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

// stamp formats a time for an error message. Validity times are not
// personal data; showing them tells a clock problem from an expiry.
func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// timeChecks compares exp, nbf and iat of m with at. It returns the
// failing claim's detail and the sentinel for it, or "".
func timeChecks(m map[string]any, at time.Time, skew time.Duration) (detail string, class error, err error) {
	if exp, ok, err := numericDate(m, "exp"); err != nil {
		return "", nil, err
	} else if ok && !at.Before(exp.Add(skew)) {
		return fmt.Sprintf("%q %s is not after the verification time %s (clock skew %s)", "exp", stamp(exp), stamp(at), skew), ErrExpired, nil
	}
	if nbf, ok, err := numericDate(m, "nbf"); err != nil {
		return "", nil, err
	} else if ok && at.Add(skew).Before(nbf) {
		return fmt.Sprintf("%q %s is after the verification time %s (clock skew %s)", "nbf", stamp(nbf), stamp(at), skew), ErrNotYetValid, nil
	}
	if iat, ok, err := numericDate(m, "iat"); err != nil {
		return "", nil, err
	} else if ok && at.Add(skew).Before(iat) {
		return fmt.Sprintf("%q %s is after the verification time %s (clock skew %s)", "iat", stamp(iat), stamp(at), skew), ErrNotYetValid, nil
	}
	return "", nil, nil
}

func checkValidity(claims map[string]any, at time.Time, skew time.Duration) error {
	detail, class, err := timeChecks(claims, at, skew)
	if err != nil || class == nil {
		return err
	}
	return fmt.Errorf("%w: %s", class, detail)
}

// checkAudience applies RFC 7519 §4.1.3 to the processed payload: when
// "aud" is present, the verifier must identify itself with one of its
// values. A disclosed "aud" counts as much as a plaintext one.
func checkAudience(claims map[string]any, want string) error {
	v, ok := claims["aud"]
	if !ok {
		return nil
	}
	match := false
	switch a := v.(type) {
	case string:
		match = want != "" && a == want
	case []any:
		for _, e := range a {
			s, ok := e.(string)
			if !ok {
				return fmt.Errorf("%w: %q is not a string or an array of strings", ErrMalformed, "aud")
			}
			match = match || (want != "" && s == want)
		}
	default:
		return fmt.Errorf("%w: %q is not a string or an array of strings", ErrMalformed, "aud")
	}
	if want == "" {
		return fmt.Errorf("%w: the token has %q and VerifyOptions.Audience is not set", ErrAudience, "aud")
	}
	if !match {
		return fmt.Errorf("%w: %q does not name VerifyOptions.Audience", ErrAudience, "aud")
	}
	return nil
}

func isNonDisclosable(name string, extra []string) bool {
	return slices.Contains(vcNonDisclosable, name) || slices.Contains(extra, name)
}

// hasDigests reports whether v holds an "_sd" member or a {"...": digest}
// array element at any depth: a claim that must be plaintext may not have
// selectively disclosable parts either, disclosed or withheld (a holder
// who withholds status.status_list.idx defeats the revocation check).
func hasDigests(v any) bool {
	switch x := v.(type) {
	case map[string]any:
		if _, ok := x["_sd"]; ok {
			return true
		}
		for _, e := range x {
			if hasDigests(e) {
				return true
			}
		}
	case []any:
		for _, e := range x {
			if m, ok := e.(map[string]any); ok && len(m) == 1 {
				if _, ok := m["..."]; ok {
					return true
				}
			}
			if hasDigests(e) {
				return true
			}
		}
	}
	return false
}

func checkVC(t *Token, claims map[string]any, discs []Disclosure, vc *VCOptions) error {
	typ := t.hdr.typ
	if typ != "dc+sd-jwt" && !(vc.AllowLegacyTyp && typ == "vc+sd-jwt") {
		return fmt.Errorf("%w: header %q is not an SD-JWT VC type", ErrType, "typ")
	}
	// A disclosure of the claim itself or of anything inside it. Paths are
	// claim names and array positions, never values.
	for _, d := range discs {
		if len(d.Path) > 0 && isNonDisclosable(d.Path[0], vc.NonDisclosable) {
			return fmt.Errorf("%w: %q", ErrSelectivelyDisclosed, strings.Join(d.Path, "."))
		}
	}
	for name, v := range t.Payload {
		if isNonDisclosable(name, vc.NonDisclosable) && hasDigests(v) {
			return fmt.Errorf("%w: %q has selectively disclosable parts", ErrSelectivelyDisclosed, name)
		}
	}
	if v, ok := claims["aka_vcts"]; ok {
		arr, ok := v.([]any)
		for _, e := range arr {
			if _, isStr := e.(string); !isStr {
				ok = false
			}
		}
		if !ok {
			return fmt.Errorf("%w: %q is not an array of strings", ErrMalformed, "aka_vcts")
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
		return nil, kbWrap(err)
	}
	hdr, err := parseHeader(hdrEnc)
	if err != nil {
		return nil, kbWrap(err)
	}
	if hdr.typ != "kb+jwt" {
		return nil, fmt.Errorf("%w: header %q is not %q", ErrKeyBinding, "typ", "kb+jwt")
	}
	if err := checkHeader(hdr, algs); err != nil {
		return nil, kbWrap(err)
	}
	pub, err := holderKey(claims)
	if err != nil {
		return nil, err
	}
	if err := verifyJWS(t.KeyBindingJWT, hdr.alg, pub); err != nil {
		return nil, kbWrap(err)
	}
	kv, err := parseJSONValue(payload)
	kc, _ := kv.(map[string]any)
	if err != nil || kc == nil {
		return nil, fmt.Errorf("%w: payload is not a JSON object", ErrKeyBinding)
	}
	iat, ok, err := numericDate(kc, "iat")
	if err != nil {
		return nil, kbWrap(err)
	}
	if !ok {
		return nil, fmt.Errorf("%w: %q missing", ErrKeyBinding, "iat")
	}
	// RFC 9901 §7.3 step 5: the KB-JWT must be valid in all other respects
	// (RFC 7519 §7.2), so its own exp and nbf count as well as the iat
	// window.
	if detail, class, err := timeChecks(kc, at, skew); err != nil {
		return nil, kbWrap(err)
	} else if class != nil {
		return nil, wrap2(ErrKeyBinding, class, "KB-JWT "+detail)
	}
	if at.Sub(iat) > maxAge+skew {
		return nil, wrap2(ErrKeyBinding, ErrExpired, fmt.Sprintf("KB-JWT %q %s is more than %s before the verification time %s (clock skew %s)",
			"iat", stamp(iat), maxAge, stamp(at), skew))
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
	if kb.Audience != aud {
		return nil, fmt.Errorf("%w: %q does not match", ErrKeyBinding, "aud")
	}
	if subtle.ConstantTimeCompare([]byte(kb.Nonce), []byte(nonce)) != 1 {
		return nil, fmt.Errorf("%w: %q does not match", ErrKeyBinding, "nonce")
	}
	if want := digestOf(h, t.sdHashIn); subtle.ConstantTimeCompare([]byte(sdHash), []byte(want)) != 1 {
		return nil, fmt.Errorf("%w: %q does not match the presentation", ErrKeyBinding, "sd_hash")
	}
	return kb, nil
}

// kbWrap labels an error of the JWT helpers as a KB-JWT error: it is
// errors.Is both ErrKeyBinding and the helper's sentinel, and reads
// "sdjwt: invalid key binding: KB-JWT <the helper's message>" with one
// package prefix.
func kbWrap(err error) error {
	return wrap2(ErrKeyBinding, err, "KB-JWT "+strings.TrimPrefix(err.Error(), "sdjwt: "))
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
