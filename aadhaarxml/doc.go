// Package aadhaarxml opens and verifies UIDAI Aadhaar Paperless Offline
// e-KYC documents (the share-code-protected ZIP and the signed XML inside
// it) and the Aadhaar Secure QR code, and checks the mobile and e-mail
// hashes they carry.
//
// # Offline e-KYC ZIP
//
// [OpenZIP] decrypts the ZIP a resident downloads from UIDAI with the share
// code they chose (any string). UIDAI uses traditional PKWARE encryption
// ("ZipCrypto") with a data descriptor, so the password check byte is the
// high byte of the DOS modification time, not of the CRC. The ZIP must hold
// exactly one offlineaadhaar<digits>.xml entry; compressed and uncompressed
// sizes are capped ([ZIPOptions], [DefaultMaxZIPSize], [DefaultMaxXMLSize])
// and the CRC-32 is checked. WinZip AES entries are reported as
// [ErrUnsupportedZip] (UIDAI does not make them).
//
// # Offline e-KYC XML
//
// [Verifier.VerifyXML] verifies the enveloped [XMLDSig] signature in
// UIDAI's profile: Reference URI="", exactly the enveloped-signature
// transform, inclusive [C14N 1.0], SHA-256 digest and RSA-SHA1 over
// SignedInfo. SHA-1 is allowed only because UIDAI uses it: [ProfileUIDAI]
// (the default) accepts RSA-SHA1 and RSA-SHA256, [ProfileStrict] only
// RSA-SHA256. Verification is done by github.com/russellhaering/goxmldsig
// over a tree parsed by github.com/beevik/etree, after this package has
//
//   - refused DTDs, entity declarations, comments and processing
//     instructions, non-UTF-8 input, and input beyond [MaxXMLDepth],
//     [MaxXMLElements], [MaxXMLAttrs] or the size cap;
//   - required exactly one Signature element in the whole document, a
//     direct child of the OfflinePaperlessKyc root, with nothing but
//     SignedInfo, SignatureValue and KeyInfo in it (signature-wrapping
//     attacks fail here or at the digest);
//   - removed KeyInfo. The certificate a document carries is never trusted:
//     each certificate of the [KeyRing] is tried in turn, the one named in
//     KeyInfo first when it is pinned (a hint that saves work, no more).
//
// Fields are read only from the element goxmldsig returns, which is parsed
// from the signed canonical bytes. A SignedInfo that no pinned key verifies
// is [ErrUnknownSigner]; one that verifies but whose content does not match
// its digest is [ErrTampered].
//
// UIDAI's certificates expire every few years and UIDAI has kept signing
// with expired ones, so certificate validity is judged at the signed
// reference-id time (the only signed timestamp), never at the wall clock:
// [ErrCertExpired] unless [Verifier.AllowExpiredCert]. The clock
// ([Verifier.Now]) only bounds future timestamps and, optionally, the
// document's age ([Verifier.MaxAge]).
//
// # Key ring
//
// [UIDAIKeyRing] returns the embedded UIDAI certificates whose provenance
// the project documents (see uidaicerts/README.md), each pinned by the
// SHA-256 of its DER encoding. [KeyRing.WithDir] adds certificates (PEM or
// DER) at run time, so a UIDAI key rotation needs no release; the current
// key (DS Unique Identification Authority of India 06, 2026) is known by
// fingerprint but not shipped. The signer is reported as a [Signer] with its
// fingerprint.
//
// # Secure QR
//
// [Verifier.VerifyQR] reads the decimal string a QR scanner returns:
// big-endian bytes, gzip or zlib (detected, capped), an RSA PKCS#1 v1.5
// SHA-256 signature over all but the last 256 bytes, then the
// 0xFF-separated fields in layout V1 (2019: indicator and up to two 32-byte
// hashes) or V2 and later (a "Vn" marker and the last 4 mobile digits; V3
// and V5 are read as V2, other versions need
// [Verifier.AllowUnknownQRVersion]). The JPEG 2000 photo is cut by offsets,
// never by splitting on 0xFF. [DecodeQRUnverified] decodes without
// verifying, and also reads the legacy unsigned XML QR
// (PrintLetterBarcodeData), keeping only the last 4 digits of its uid.
//
// # Results and hashes
//
// A [Document] holds the reference id (last 4 digits and signed IST time),
// name, date of birth ([Date]: full or year only), gender, the 12 address
// attributes ([Address]; "#" placeholders read as empty), the photo and its
// [PhotoFormat], and the hashes. [Document.VerifyMobile] and
// [Document.VerifyEmail] apply UIDAI's rule ([ChainHash]: SHA-256 N times
// over the lowercase hex of the previous round, N the last Aadhaar digit, 0
// and 1 meaning one round) and report the [HashRule] that matched; for the
// e-mail both documented UIDAI rules are tried. Document, [Address], [Date]
// and [ReferenceID] implement [log/slog.LogValuer] and mask personal data in
// String, GoString and every fmt verb (a Date prints "REDACTED": read it
// with [Date.ISO]). encoding/json does not mask: it marshals the fields, so
// slog's JSON handler masks these values when given them directly but not
// inside a struct or map of the caller's that holds them.
//
// # What is not verified
//
//   - No X.509 chain, key usage, revocation (CRL/OCSP) or CA check: the
//     ring's certificates are trusted as pinned keys.
//   - The ZIP share code is not a security boundary (ZipCrypto is weak); the
//     signature is.
//   - The Secure QR has no separate digest, so an altered QR and an unknown
//     signer both give [ErrUnknownSigner].
//   - The photo is returned as bytes, not decoded; the Go standard library
//     has no JPEG 2000 decoder.
//   - Freshness (how old a document may be) is the caller's policy
//     ([Verifier.MaxAge]); a verified document proves who UIDAI says the
//     resident was at the signed time, not who presents it.
//   - The legacy XML QR and the 2018 "OKY" format carry or use no
//     verifiable signature; DigiLocker KycRes documents are out of scope.
//   - The XML signature needs SHA-1, which FIPS 140-only mode forbids; the
//     Secure QR (SHA-256) works in that mode.
//
// [XMLDSig]: https://www.w3.org/TR/xmldsig-core1/
// [C14N 1.0]: https://www.w3.org/TR/2001/REC-xml-c14n-20010315
package aadhaarxml
