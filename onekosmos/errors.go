package onekosmos

import (
	"errors"
	"strconv"
)

// Sentinel errors. Every error returned by this package wraps exactly one of
// them (plus, for [ServiceError], [ErrService]), so callers can test with
// [errors.Is]. Error strings name the failing field, never its value.
var (
	// ErrDecrypt is returned by [Open] and [DecryptResponse] for every
	// decryption failure: bad base64, short envelope, wrong key, tampered
	// IV, ciphertext or tag. It is deliberately vague so that it cannot be
	// used as an oracle.
	ErrDecrypt = errors.New("onekosmos: decryption failed")

	// ErrInvalidKey reports a key that cannot be parsed or is not a valid
	// key for its curve: bad encoding, wrong length, a scalar out of
	// range, a point not on the curve, the point at infinity.
	ErrInvalidKey = errors.New("onekosmos: invalid key")

	// ErrCurveMismatch reports two keys on different curves, or a key whose
	// encoding names a curve other than the one asked for.
	ErrCurveMismatch = errors.New("onekosmos: keys are on different curves")

	// ErrUnknownCurve reports a [Curve] value or curve name this package
	// does not support.
	ErrUnknownCurve = errors.New("onekosmos: unknown curve")

	// ErrKeySize reports a symmetric key passed to [Seal] that is not
	// [KeySize] bytes long.
	ErrKeySize = errors.New("onekosmos: symmetric key must be 32 bytes")

	// ErrResponse reports a 1Kosmos response or result that is not in any
	// shape this package knows: not JSON, no data field, a data field that
	// is not a string, an unknown poll-result shape.
	ErrResponse = errors.New("onekosmos: malformed response")

	// ErrNoPeerKey reports a response that carries no usable publicKey
	// when no service public key was given either.
	ErrNoPeerKey = errors.New("onekosmos: no peer public key to decrypt with")

	// ErrUnpinnedKey reports a response whose publicKey is not the pinned
	// service key ([DecryptOptions.PinServiceKey]): it was sealed by
	// someone other than the service you pinned, or the service rotated
	// its key. Nothing was decrypted.
	ErrUnpinnedKey = errors.New("onekosmos: response publicKey is not the pinned service key")

	// ErrTooLarge reports an input over a documented size cap
	// ([MaxResponseSize]).
	ErrTooLarge = errors.New("onekosmos: input too large")

	// ErrService is wrapped by every [ServiceError]: the 1Kosmos service
	// answered with an unencrypted error body.
	ErrService = errors.New("onekosmos: service returned an error")

	// ErrSignature reports an ECDSA signature that does not verify or is
	// malformed.
	ErrSignature = errors.New("onekosmos: invalid signature")

	// ErrDigestSize reports a digest passed to the signing helpers that is
	// not a 32-byte SHA-256 digest.
	ErrDigestSize = errors.New("onekosmos: digest must be 32 bytes (SHA-256)")
)

// ServiceError is an unencrypted 1Kosmos error body such as
// {"code":400,"message":"dvcID is required"}, returned by
// [DecryptResponse]. It wraps [ErrService].
//
// Error() prints only the code: Message is text chosen by the service and
// may echo request data, so it is kept out of the error string. Read it
// from the field when you know it is safe to show.
type ServiceError struct {
	// Code is the "code" member, usually an HTTP status (400, 401, 404…).
	// It is 0 when the body had no numeric code.
	Code int
	// Message is the "message" member, verbatim.
	Message string
}

// Error implements error. It never includes Message.
func (e *ServiceError) Error() string {
	if e.Code == 0 {
		return ErrService.Error()
	}
	return ErrService.Error() + ": code " + strconv.Itoa(e.Code)
}

// GoString is [ServiceError.Error], so that %#v does not print Message
// either.
func (e *ServiceError) GoString() string { return e.Error() }

// Unwrap returns [ErrService].
func (e *ServiceError) Unwrap() error { return ErrService }
