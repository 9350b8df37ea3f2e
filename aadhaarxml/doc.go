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
// RSA-SHA256. In order, it
//
//   - parses the document with the package's own strict XML reader into a
//     github.com/beevik/etree tree, refusing DTDs, entity declarations,
//     comments, processing instructions, CDATA sections, duplicate or
//     namespaced attributes, namespace declarations canonicalizers disagree
//     on (of the xml prefix; names that are not absolute URIs of a
//     conservative form), non-UTF-8 input, and input beyond
//     [MaxXMLDepth], [MaxXMLElements], [MaxXMLAttrs] or the size cap;
//   - requires exactly one Signature element in the whole document, a
//     direct child of the OfflinePaperlessKyc root, with nothing but
//     SignedInfo, SignatureValue and KeyInfo in it (signature-wrapping
//     attacks fail here or at the digest);
//   - checks the reference digest over the canonical form of that tree
//     without its Signature ([ErrTampered]), before and whatever the
//     signer;
//   - verifies SignedInfo's canonical form with the ring's keys. The
//     certificate a document carries is never trusted; it is only a hint
//     of which pinned key to try first. Then come the key that verified the
//     ring's previous document and the keys whose signing window holds the
//     document's signed time, so that one RSA operation is the common case
//     ([ErrUnknownSigner] when none verifies);
//   - judges the key at the signed reference-id time (the only signed
//     timestamp) by the [ValidityRule]: [ValidityWindow] by default, the
//     key's signing [Window] ([ErrOutsideWindow]); [ValidityStrict], the
//     certificate's X.509 validity ([ErrCertExpired]); both are
//     [*TimeError]s naming the key, the time and the bounds. The clock
//     ([Verifier.Now]) only bounds future timestamps and, optionally, the
//     document's age ([Verifier.MaxAge]).
//
// Fields are read from the tree whose canonical form was digested. The
// canonical form is written by this package (c14n.go), which its tests
// compare with goxmldsig's canonicalizer on every tree the parser accepts,
// and with libxml2's: documents xmlsec1 signs (corner cases, signature
// wrapping, random documents) must verify here, byte for byte. [Verifier.InspectXML] runs every check but the
// signer's, for looking at a document whose key is not in the ring.
//
// # Key ring
//
// The [KeyRing] is the trust anchor. [UIDAIKeyRing] returns the embedded
// UIDAI keys whose provenance the project documents (see
// uidaicerts/README.md): four certificates, each pinned by the SHA-256 of its
// DER encoding, and the current key (DS Unique Identification Authority of
// India 06, 2026–2029), which is published only as a public key and
// embedded as one. Each key carries a signing window: its certificate's
// validity, extended where UIDAI is documented signing with it after the
// certificate expired (the 2021 key, to 2025-02-24), with the evidence.
// Callers extend a window with [KeyRing.WithWindow] when UIDAI is seen
// signing later. [KeyRing.WithDir] adds certificates and bare public keys
// (PEM or DER, SubjectPublicKeyInfo or PKCS #1) at run time, so a UIDAI key
// rotation needs no release. The signer is reported as a [Signer] with its
// fingerprints, validity, window and whether the signed time fell in each.
//
// # Secure QR
//
// [Verifier.VerifyQR] reads the decimal string a QR scanner returns:
// big-endian bytes, gzip or zlib (detected, capped), an RSA PKCS#1 v1.5
// SHA-256 signature over all but the last 256 bytes, then the
// 0xFF-separated fields in layout V1 (2019) or V2 and later (a "Vn" marker
// first and the last 4 mobile digits last; V3 and V5 are read as V2, other
// versions need [Verifier.AllowUnknownQRVersion]). Before the signature is
// verified only the reference id is read, to choose the key. The JPEG 2000
// photo is cut by offsets, never by splitting on 0xFF: in V1 the 32-byte
// hashes the email/mobile indicator announces follow it; in V2 and later the
// photo ends at its JPEG 2000 end marker (FF D9) and whatever 32-byte hashes
// follow are the QR's hashes (a real 2022 V2 code carries one). Contrary to
// an earlier reading (V2 dropped the hashes), [Document.VerifyMobile] and
// [Document.VerifyEmail] therefore check V2 hashes too, falling back to the
// last 4 mobile digits. [DecodeQRUnverified] decodes without verifying,
// and also reads the legacy unsigned XML QR (PrintLetterBarcodeData),
// keeping only the last 4 digits of its uid.
//
// # Results and hashes
//
// A [Document] holds the reference id (last 4 digits and signed IST time),
// name, date of birth ([Date]: full or year only, see [ParseDate]), gender,
// the 12 address attributes ([Address]; "#" placeholders read as empty), the
// photo and its [PhotoFormat], and the hashes. [Document.VerifyMobile] and
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
//     ring's keys are trusted as pinned keys, within their windows.
//   - The ZIP share code is not a security boundary (ZipCrypto is weak); the
//     signature is.
//   - The Secure QR has no separate digest, so an altered QR and an unknown
//     signer both give [ErrUnknownSigner].
//   - A signing window past a certificate's expiry rests on the evidence
//     it cites; UIDAI publishes no rotation policy.
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
