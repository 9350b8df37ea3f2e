package aadhaarxml

import "errors"

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
	// pinned certificates. The document may be genuine and signed by a key
	// the ring lacks (add the certificate), or its signature may be forged;
	// for the Secure QR, which has no separate digest, it also covers
	// altered content.
	ErrUnknownSigner = errors.New("aadhaarxml: signature does not verify with any pinned certificate")

	// ErrTampered reports an XML document whose SignedInfo verifies with a
	// pinned certificate but whose content does not match the signed
	// digest: it was changed after signing.
	ErrTampered = errors.New("aadhaarxml: document was altered after signing")

	// ErrCertExpired reports a signature by a pinned certificate that was
	// not valid at the signed reference-id time. See
	// [Verifier.AllowExpiredCert].
	ErrCertExpired = errors.New("aadhaarxml: signing certificate not valid at the signed time")

	// ErrFutureTimestamp reports a signed reference-id time later than the
	// verifier's clock plus [Verifier.MaxClockSkew].
	ErrFutureTimestamp = errors.New("aadhaarxml: signed time is in the future")

	// ErrTooOld reports a document older than [Verifier.MaxAge].
	ErrTooOld = errors.New("aadhaarxml: document is older than the allowed age")

	// ErrUnsupportedVersion reports a Secure QR layout marker this package
	// does not know (see [Verifier.AllowUnknownQRVersion]).
	ErrUnsupportedVersion = errors.New("aadhaarxml: unsupported secure qr version")

	// ErrLegacyQR reports the old unsigned XML QR (PrintLetterBarcodeData)
	// given to a verifying function: it carries no signature and cannot be
	// verified. Use [DecodeQRUnverified] to read it.
	ErrLegacyQR = errors.New("aadhaarxml: legacy unsigned xml qr cannot be verified")

	// ErrKeyRing reports a certificate that cannot be added to a [KeyRing]
	// (unparsable, not RSA, or an embedded certificate whose fingerprint
	// does not match its pin).
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
