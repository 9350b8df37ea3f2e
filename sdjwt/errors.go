package sdjwt

import "errors"

// Sentinel errors. Every error returned by this package wraps exactly one
// of them first (and sometimes a second, more specific one), so callers can
// test with [errors.Is]. Error strings name fields and positions, never
// claim values.
var (
	// ErrMalformed reports a token, JWT, JSON serialization or payload whose
	// structure violates RFC 9901 or RFC 7515 (bad base64url, bad JSON, a
	// missing trailing "~", an "_sd" that is not an array of strings, ...).
	ErrMalformed = errors.New("sdjwt: malformed token")
	// ErrTooLarge reports input beyond a [Limits] cap.
	ErrTooLarge = errors.New("sdjwt: limit exceeded")
	// ErrMalformedDisclosure reports a disclosure that is not strict
	// base64url of a JSON array [salt, name, value] or [salt, value] with a
	// string salt and a string name.
	ErrMalformedDisclosure = errors.New("sdjwt: malformed disclosure")
	// ErrDisclosureType reports an object-property disclosure referenced from
	// an array element, or an array-element disclosure referenced from _sd.
	ErrDisclosureType = errors.New("sdjwt: disclosure kind does not match its position")
	// ErrReservedClaimName reports a disclosure whose claim name is "_sd",
	// "..." or "_sd_alg".
	ErrReservedClaimName = errors.New("sdjwt: reserved claim name in disclosure")
	// ErrClaimCollision reports a disclosed claim name that already exists at
	// the same level of the payload.
	ErrClaimCollision = errors.New("sdjwt: disclosed claim name already present")
	// ErrDuplicateDigest reports a digest that occurs more than once in the
	// issuer-signed payload and the disclosed values, disclosed or not.
	ErrDuplicateDigest = errors.New("sdjwt: digest appears more than once")
	// ErrDuplicateDisclosure reports the same disclosure sent twice.
	ErrDuplicateDisclosure = errors.New("sdjwt: disclosure sent more than once")
	// ErrUnreferencedDisclosure reports a disclosure whose digest is not
	// referenced from the payload or from another disclosure.
	ErrUnreferencedDisclosure = errors.New("sdjwt: disclosure not referenced")
	// ErrHashAlgorithm reports an _sd_alg that is unknown, not allowed, or
	// placed below the top level of the payload.
	ErrHashAlgorithm = errors.New("sdjwt: unsupported _sd_alg")
	// ErrAlgorithm reports a JWS "alg" that is not on the caller's allowlist
	// ("none" never is) or does not fit the key.
	ErrAlgorithm = errors.New("sdjwt: signature algorithm not allowed")
	// ErrSignature reports a signature that does not verify.
	ErrSignature = errors.New("sdjwt: invalid signature")
	// ErrKeyNotFound reports that no trusted issuer key could be found for
	// the token (unknown kid, x5c chain not valid to the roots, metadata
	// without a matching key).
	ErrKeyNotFound = errors.New("sdjwt: no trusted issuer key")
	// ErrMetadata reports a failure to fetch or validate SD-JWT VC issuer
	// metadata.
	ErrMetadata = errors.New("sdjwt: issuer metadata")
	// ErrExpired reports an "exp" in the past of the verification time.
	ErrExpired = errors.New("sdjwt: credential expired")
	// ErrNotYetValid reports an "nbf" or "iat" in the future.
	ErrNotYetValid = errors.New("sdjwt: credential not yet valid")
	// ErrMissingClaim reports a required claim absent from the processed
	// payload.
	ErrMissingClaim = errors.New("sdjwt: required claim missing")
	// ErrIssuer reports an "iss" different from the expected issuer.
	ErrIssuer = errors.New("sdjwt: unexpected issuer")
	// ErrAudience reports an issuer-signed "aud" (plaintext or disclosed)
	// that does not name the verifier's [VerifyOptions].Audience, or an
	// "aud" when no Audience is set (RFC 7519 §4.1.3).
	ErrAudience = errors.New("sdjwt: unexpected audience")
	// ErrType reports a JOSE "typ" header that is not one of the expected
	// values, or an unexpected "vct".
	ErrType = errors.New("sdjwt: unexpected type")
	// ErrSelectivelyDisclosed reports a claim that must be plaintext (a
	// top-level "iss" always; "vct" or "cnf" in an SD-JWT VC) but came
	// from a disclosure.
	ErrSelectivelyDisclosed = errors.New("sdjwt: claim must not be selectively disclosed")
	// ErrKeyBindingMissing reports a token without a Key Binding JWT when
	// the verifier's policy requires one.
	ErrKeyBindingMissing = errors.New("sdjwt: key binding required but absent")
	// ErrKeyBinding reports an invalid Key Binding JWT (typ, iat window,
	// aud, nonce, sd_hash, holder key or signature).
	ErrKeyBinding = errors.New("sdjwt: invalid key binding")
	// ErrOptions reports invalid options or arguments from the caller.
	ErrOptions = errors.New("sdjwt: invalid options")
	// ErrCallback reports a malformed UIDAI callback envelope, or one that
	// carries an error code instead of a credential.
	ErrCallback = errors.New("sdjwt: uidai callback")
)

// twoErr is an error that wraps two sentinels with one message, so that
// the "sdjwt: " prefix appears once (a Key Binding JWT that expired is
// both [ErrKeyBinding] and [ErrExpired]).
type twoErr struct {
	msg  string
	errs [2]error
}

func (e *twoErr) Error() string   { return e.msg }
func (e *twoErr) Unwrap() []error { return e.errs[:] }

// wrap2 returns an error that is errors.Is both first and second, with the
// message of first followed by detail.
func wrap2(first, second error, detail string) error {
	return &twoErr{msg: first.Error() + ": " + detail, errs: [2]error{first, second}}
}
