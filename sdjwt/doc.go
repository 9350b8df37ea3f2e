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
//     HMAC, never taken from the header alone), fits the key exactly (ES256
//     only with P-256, ...), and the signature verifies with the key the
//     resolver trusts; for a general JSON serialization every signature
//     must verify; a plaintext "iss" must be a string;
//   - in the JWS JSON serialization, no member name may repeat, the
//     protected and unprotected headers may not share a name, and "crit"
//     and "b64" may not be unprotected (RFC 7515 §7.2.1, §4.1.11);
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
//     selectively disclosed exp counts) with an injectable clock and a
//     skew of [DefaultClockSkew] unless set (negative for none); errors
//     show the times involved;
//   - an "aud" in the processed payload (plaintext or disclosed) must name
//     VerifyOptions.Audience, and is refused when no Audience is set
//     ([ErrAudience], RFC 7519 §4.1.3);
//   - key binding is required or not by policy, never by the token: a
//     KB-JWT must have typ "kb+jwt", an allowed alg, a valid signature by
//     the cnf.jwk key, iat within the window, exp and nbf (when present)
//     valid, string aud and nonce equal to the expected ones, and an
//     sd_hash over the presentation as received. A KB-JWT that is present
//     when key binding is not required is checked only when Audience and
//     Nonce are both set; otherwise Credential.KeyBinding stays nil and
//     Credential.KeyBindingUnchecked is true.
//
// Every rejection wraps one of the Err* sentinels ([ErrDuplicateDigest],
// [ErrKeyBinding], ...); messages name fields and positions, never claim
// values (times and algorithm names, which are not personal data, are
// shown). [DecodeUnverified] resolves disclosures without any of the
// cryptographic or policy checks, for inspection only; its result has
// Verified false. [Parse] only splits and decodes.
//
// # Issuer keys
//
// [PublicKey] trusts one key. [ParseJWKSet] selects by "kid" and skips the
// keys it cannot use (RFC 7517 §5). [IssuerKeys] ties key sets to issuers,
// so that a key trusted for one "iss" never verifies a token naming
// another. [X5CRoots] validates the header "x5c" chain to caller roots,
// checks the leaf names the issuer, and hands the validated chain to
// Credential.Certificate and Credential.CertificateChain. [IssuerMetadata]
// fetches SD-JWT VC issuer metadata (/.well-known/jwt-vc-issuer) only for
// allowed issuers, with the draft's SSRF rules through [HTTPFetcher]
// (https only, public addresses only, checked at the dial and on every
// redirect), size and time caps, HTTP caching (Cache-Control, Expires,
// ETag revalidation), a jwks_uri within the issuer's origin, and one
// fetch for concurrent lookups of the same issuer. Any other source can
// implement [KeyResolver] (and [ChainResolver]).
//
// # SD-JWT VC
//
// [VCOptions] adds the SD-JWT VC checks: typ "dc+sd-jwt" ("vc+sd-jwt" only
// with AllowLegacyTyp), a plaintext "vct", and claims that must not be
// selectively disclosed (iss, nbf, exp, cnf, vct, vct#integrity, aka_vcts,
// status), nor any part of them (cnf.jwk, status.status_list.idx),
// whether the part is disclosed or withheld.
//
// # UIDAI
//
// [VerifyUIDAI] applies the UIDAI profile ([UIDAIOptions.VerifyOptions])
// and returns a [Resident] with the OVSE field set; [ParseCallback] reads
// the callback envelope. What UIDAI publishes (docs.uidai.gov.in, "Aadhaar
// SD-JWT Specifications") and the profile enforces: ES256; typ
// "vc+sd-jwt"; iss https://uidai.gov.in; id, iat, exp, status and cnf
// present (cnf an EC P-256 key); "_sd_alg" written
// "SHA-256", accepted by default although RFC 9901 registers "sha-256"
// (UIDAIOptions.StrictHashName refuses it); every claim a flat,
// selectively disclosable top-level claim; delivery as
// <issuer-signed-sd-jwt>~<disclosures> with no KB-JWT, so none is
// required by default (UIDAIOptions.RequireKeyBinding requires one). The
// header "kid" names a key of UIDAI's JWKS: give those keys as a
// [JWKSet].
//
// ASSUMPTIONS no public UIDAI source confirms, each named where it is
// used: the claim names beyond uid, name and dob (research notes of this
// project, from OVSE aggregators' documentation); dob written DD-MM-YYYY
// (the Offline e-KYC XML form; Resident.DOBISO is the ISO form, which the
// OVSE status API returns); what a KB-JWT would carry, if the app sent
// one (aud the OVSE client id, nonce the request's txn); the callback
// envelope's field names (txn, response, errCode, errInfo, dateTime, from
// third-party OVSE documentation); the location of UIDAI's JWKS (pass the
// keys yourself). The profile requires UIDAI's mandatory "id" and
// "status" claims but does not fetch "status".
//
// # Binding without a KB-JWT
//
// Without a KB-JWT an Aadhaar credential is a bearer token: whoever holds a
// copy can present it, and nothing in it names your request. What ties it
// to a session is then your own bookkeeping, which the package cannot do
// for you:
//
//   - create a fresh, unguessable txn for every request you send the
//     Aadhaar app, and store it server-side with the session;
//   - on the callback, look up the txn it echoes, refuse unknown ones, and
//     consume it exactly once (a single-use session store, such as a
//     read-once record of package retention), so a replayed callback
//     finds nothing;
//   - verify Callback.Response with [VerifyUIDAI] only after that, and
//     keep the credential's "id" if you want to refuse the same
//     credential in two sessions;
//   - when the app does send a KB-JWT, set Audience and Nonce (the txn you
//     issued, never the echoed one) so it is checked, or RequireKeyBinding
//     to insist on one.
//
// # Issuing and presenting
//
// [Issue] signs claims with any crypto.Signer and turns the claims named by
// [Path]s into disclosures (object members, array elements, recursively),
// with 128-bit crypto/rand salts, shuffled "_sd" arrays and, on request,
// a random number of decoys per "_sd" array. [Present] keeps the
// disclosures for chosen paths (and their ancestors) and adds a KB-JWT.
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
// # Printing and logging
//
// [Credential], [Token], [Disclosure], [KeyBinding], [Resident] and
// [Callback] print (every fmt verb), log (slog, text and JSON handlers)
// and encode (encoding.TextMarshaler) as summaries without claim values,
// through a pointer or as values; a nil pointer prints "<nil>" and logs
// null. Only a *Resident has a JSON form with values
// ([Resident.MarshalJSON]). slog does not resolve LogValuers inside
// slices, maps or structs: never log those.
//
// # What this package does not verify
//
//   - status: a "status" claim (Token Status List or UIDAI's status URL) is
//     not fetched or checked; revocation is the caller's job.
//   - SD-JWT VC Type Metadata and "vct#integrity" are not retrieved.
//   - x5c revocation (CRL/OCSP) is not checked.
//   - the meaning of claims: only the RFC 9901 structure, signatures,
//     times, audience, issuer, type and key binding are checked.
//   - the binding of a credential without a KB-JWT to your session: see
//     above.
//
// [RFC 9901]: https://www.rfc-editor.org/rfc/rfc9901
// [SD-JWT VC]: https://datatracker.ietf.org/doc/draft-ietf-oauth-sd-jwt-vc/
package sdjwt
