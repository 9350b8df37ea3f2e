// Package sdjwt verifies, decodes, issues and presents Selective Disclosure
// JWTs as defined in [RFC 9901] and SD-JWT-based Verifiable Credentials
// ([SD-JWT VC]), above all the credential UIDAI's Aadhaar app posts to an
// offline verification seeking entity (OVSE).
//
// # Verifying
//
// [Verify] (or [VerifyContext]) takes the token (compact "~" form, or the
// flattened or general JWS JSON serialization of RFC 9901 §8), a
// [KeyResolver] and a [*VerifyOptions] policy, and returns a [*Credential]
// whose Claims are the processed payload. It performs every check of RFC
// 9901 §7.1 and §7.3:
//
//   - the issuer JWS "alg" is on the caller's allowlist (never "none", never
//     taken from the header alone), fits the key exactly (ES256 only with
//     P-256, ...), and the signature verifies with the key the resolver
//     trusts; for a general JSON serialization every signature must verify;
//   - "_sd_alg" is on the allowlist (sha-256, sha-384, sha-512,
//     case-sensitive) and appears only at the top level;
//   - every disclosure is strict base64url of a JSON array of 2 or 3
//     elements with a string salt and name; digests are computed over the
//     disclosure text exactly as received;
//   - object digests resolve only to 3-element disclosures and array
//     digests only to 2-element ones; "_sd", "..." and "_sd_alg" are refused
//     as disclosed names; a disclosed name may not already exist at its
//     level; a digest may occur only once anywhere, disclosed or not; every
//     disclosure must be referenced; recursion depth is capped; a
//     top-level "iss" must be plaintext, because the key was resolved from
//     it ([ErrSelectivelyDisclosed]);
//   - exp, nbf and iat are checked on the processed payload (so a
//     selectively disclosed exp counts) with an injectable clock and skew;
//   - key binding is required or not by policy, never by the token: a
//     KB-JWT must have typ "kb+jwt", an allowed alg, a valid signature by
//     the cnf.jwk key, iat within the window, string aud and nonce equal to
//     the expected ones, and an sd_hash over the presentation as received.
//
// Every rejection wraps one of the Err* sentinels ([ErrDuplicateDigest],
// [ErrKeyBinding], ...); messages name fields and positions, never claim
// values. [DecodeUnverified] resolves disclosures without any of the
// cryptographic or policy checks, for inspection only; its result has
// Verified false. [Parse] only splits and decodes.
//
// # Issuer keys
//
// [PublicKey] trusts one key. [ParseJWKSet] selects by "kid". [X5CRoots]
// validates the header "x5c" chain to caller roots and checks the leaf names
// the issuer. [IssuerMetadata] fetches SD-JWT VC issuer metadata
// (/.well-known/jwt-vc-issuer) over HTTPS with size and time caps, only for
// allowed issuers, and caches it. Any other source can implement
// [KeyResolver].
//
// # SD-JWT VC and UIDAI
//
// [VCOptions] adds the SD-JWT VC checks: typ "dc+sd-jwt" ("vc+sd-jwt" only
// with AllowLegacyTyp), a plaintext "vct", and claims that must not be
// selectively disclosed (iss, nbf, exp, cnf, vct, vct#integrity, status).
// [VerifyUIDAI] applies the UIDAI profile ([UIDAIOptions.VerifyOptions]):
// ES256, iss https://uidai.gov.in, typ vc+sd-jwt or dc+sd-jwt, key binding
// to the caller's client id and transaction, cnf an EC P-256 key, and
// "_sd_alg" "SHA-256" only with AllowUppercaseHashName. It returns a
// [Resident] with the OVSE field set; [ParseCallback] reads the callback
// envelope. The UIDAI claim names follow the public parts of UIDAI's
// specification and third-party OVSE documentation; no real credential
// was available.
//
// # Issuing and presenting
//
// [Issue] signs claims with any crypto.Signer and turns the claims named by
// [Path]s into disclosures (object members, array elements, recursively),
// with 128-bit crypto/rand salts, shuffled "_sd" arrays and optional decoys.
// [Present] keeps the disclosures for chosen paths (and their ancestors) and
// adds a KB-JWT.
//
// # Limits
//
// [Limits] caps the token size, the number of disclosures, the processed
// nesting depth and the JSON signatures, with defaults
// [DefaultMaxTokenBytes], [DefaultMaxDisclosures], [DefaultMaxDepth] and
// [DefaultMaxSignatures]; a header "x5c" may hold at most [MaxX5C]
// certificates. Processing is one pass over the payload; cost is linear in
// the token size.
//
// # What this package does not verify
//
//   - status: a "status" claim (Token Status List or UIDAI's status URL) is
//     not fetched or checked; revocation is the caller's job.
//   - SD-JWT VC Type Metadata and "vct#integrity" are not retrieved.
//   - x5c revocation (CRL/OCSP) is not checked.
//   - the meaning of claims: only the RFC 9901 structure, signatures,
//     times, issuer, type and key binding are checked.
//   - IssuerMetadata does not block private network addresses; restrict it
//     with AllowedIssuers.
//   - UIDAI's real claim table, JWKS location and KB-JWT contents are not
//     public; the profile's assumptions are documented on [VerifyUIDAI].
//
// [RFC 9901]: https://www.rfc-editor.org/rfc/rfc9901
// [SD-JWT VC]: https://datatracker.ietf.org/doc/draft-ietf-oauth-sd-jwt-vc/
package sdjwt
