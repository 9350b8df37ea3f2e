package aadhaarxml

import (
	"errors"
	"fmt"
	"time"
)

// Sentinel errors. Every error returned by this package wraps exactly one of
// them (test with [errors.Is]); the wrapping text names a field or a limit,
// never a value from the document, the share code or a hash.
var (
	// ErrMalformed reports input that is not a well-formed document of the
	// expected shape: bad XML, a DTD, a comment, an unexpected Signature
	// layout, a bad reference id, a QR that is not digits, and so on.
	ErrMalformed = errors.New("aadhaarxml: malformed document")

	// ErrTooLarge reports input or decompressed data beyond a documented cap
	// (size, depth, element or file count).
	ErrTooLarge = errors.New("aadhaarxml: input exceeds a size limit")

	// ErrUnsupportedZip reports a ZIP this package does not open: not
	// exactly one offlineaadhaar*.xml entry, not encrypted, WinZip AES
	// (method 99; UIDAI uses ZipCrypto), strong encryption, or a compression
	// method other than Store or Deflate.
	ErrUnsupportedZip = errors.New("aadhaarxml: unsupported zip")

	// ErrWrongShareCode reports a share code that fails the ZipCrypto check
	// byte, or a decrypted entry that does not inflate or whose CRC-32 does
	// not match (which is how a wrong code that passes the 1-in-256 check
	// byte shows up, and also how a corrupt file shows up).
	ErrWrongShareCode = errors.New("aadhaarxml: wrong share code or corrupt zip")

	// ErrAlgorithm reports a signature, digest or canonicalization algorithm
	// outside the profile's allow-list (for example rsa-sha1 under
	// [ProfileStrict]).
	ErrAlgorithm = errors.New("aadhaarxml: algorithm not allowed")

	// ErrUnknownSigner reports a signature that verifies with none of the
	// pinned keys. The document may be genuine and signed by a key the ring
	// lacks (add it), or its signature may be forged; for the Secure QR,
	// which has no separate digest, it also covers altered content.
	ErrUnknownSigner = errors.New("aadhaarxml: signature does not verify with any pinned certificate")

	// ErrTampered reports an XML document whose content does not match the
	// digest its SignedInfo carries: it was changed after signing (or the
	// digest was). It is checked before any key, so it is reported whoever
	// the signer is.
	ErrTampered = errors.New("aadhaarxml: document was altered after signing")

	// ErrOutsideWindow reports a signature by a ring key whose signing
	// [Window] does not contain the document's signed reference-id time
	// (the default [ValidityWindow] rule). The error is a [*TimeError]
	// naming the key, the signed time and the window. See
	// [KeyRing.WithWindow] and [Verifier.AllowExpiredCert].
	ErrOutsideWindow = errors.New("aadhaarxml: signed time outside the signing key's window")

	// ErrCertExpired reports a signature by a ring key whose certificate
	// was not valid at the signed reference-id time, under the
	// [ValidityStrict] rule (a key held without a certificate has no
	// validity and fails that rule too). The error is a [*TimeError]. See
	// [Verifier.AllowExpiredCert].
	ErrCertExpired = errors.New("aadhaarxml: signing certificate not valid at the signed time")

	// ErrFutureTimestamp reports a signed reference-id time later than the
	// verifier's clock plus [Verifier.MaxClockSkew] (a [*TimeError]).
	ErrFutureTimestamp = errors.New("aadhaarxml: signed time is in the future")

	// ErrTooOld reports a document older than [Verifier.MaxAge] (a
	// [*TimeError]).
	ErrTooOld = errors.New("aadhaarxml: document is older than the allowed age")

	// ErrUnsupportedVersion reports a Secure QR layout marker this package
	// does not know (see [Verifier.AllowUnknownQRVersion]).
	ErrUnsupportedVersion = errors.New("aadhaarxml: unsupported secure qr version")

	// ErrLegacyQR reports the old unsigned XML QR (PrintLetterBarcodeData)
	// given to a verifying function: it carries no signature and cannot be
	// verified. Use [DecodeQRUnverified] to read it.
	ErrLegacyQR = errors.New("aadhaarxml: legacy unsigned xml qr cannot be verified")

	// ErrKeyRing reports a certificate or key that cannot be added to a
	// [KeyRing] (unparsable, not RSA, shorter than [MinRSABits], an embedded
	// file that does not match its pin, a certificate whose key differs from
	// the one pinned for it), or a ring change that names no key.
	ErrKeyRing = errors.New("aadhaarxml: bad key ring certificate")

	// ErrNotShared reports a hash check against a document that does not
	// carry that hash (the resident did not share it).
	ErrNotShared = errors.New("aadhaarxml: value not shared in document")

	// ErrHashMismatch reports a mobile number or e-mail address that matches
	// no hash rule.
	ErrHashMismatch = errors.New("aadhaarxml: value does not match the document")

	// ErrInvalidMobile reports a mobile number that is not 10 digits after
	// removing spaces, hyphens and a +91, 91 or 0 prefix.
	ErrInvalidMobile = errors.New("aadhaarxml: invalid mobile number")
)

// TimeError is the error of a time rule: [ErrOutsideWindow],
// [ErrCertExpired], [ErrFutureTimestamp] or [ErrTooOld] (its Err, which
// [errors.Is] finds). Its text gives the times, which are not personal data:
// the signed time is when UIDAI made the document.
type TimeError struct {
	Err error
	// Rule is the validity rule that refused (for ErrOutsideWindow and
	// ErrCertExpired).
	Rule ValidityRule
	// Key names the ring key that verified the signature ("" for the
	// clock rules).
	Key string
	// Signed is the document's signed reference-id time.
	Signed time.Time
	// From and Until bound the key's window (ErrOutsideWindow) or its
	// certificate's validity (ErrCertExpired); zero is an open end.
	From, Until time.Time
	// Now is the verifier's clock and Limit the allowed skew
	// (ErrFutureTimestamp) or age (ErrTooOld).
	Now   time.Time
	Limit time.Duration
}

func (e *TimeError) Error() string {
	signed := e.Signed.In(ist).Format(time.RFC3339)
	switch e.Err {
	case ErrOutsideWindow:
		return fmt.Sprintf("%v: key %s signed at %s, its window is %s (rule: %s)", e.Err, e.Key, signed, span(e.From, e.Until), e.Rule)
	case ErrCertExpired:
		if e.From.IsZero() && e.Until.IsZero() {
			return fmt.Sprintf("%v: key %s has no certificate validity to judge %s by (rule: %s)", e.Err, e.Key, signed, e.Rule)
		}
		return fmt.Sprintf("%v: key %s signed at %s, its certificate is valid %s (rule: %s)", e.Err, e.Key, signed, span(e.From, e.Until), e.Rule)
	case ErrFutureTimestamp:
		return fmt.Sprintf("%v: signed at %s, clock %s, %v skew allowed", e.Err, signed, e.Now.In(ist).Format(time.RFC3339), e.Limit)
	case ErrTooOld:
		return fmt.Sprintf("%v: signed at %s, clock %s, maximum age %v", e.Err, signed, e.Now.In(ist).Format(time.RFC3339), e.Limit)
	}
	return fmt.Sprintf("%v: signed at %s", e.Err, signed)
}

func (e *TimeError) Unwrap() error { return e.Err }
