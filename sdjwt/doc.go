// Package sdjwt verifies, decodes, issues and presents Selective Disclosure
// JWTs as defined in [RFC 9901] and SD-JWT-based Verifiable Credentials
// ([SD-JWT VC]), above all the credential UIDAI's Aadhaar app posts to an
// offline verification seeking entity (OVSE).
//
// Verification implements every check of RFC 9901 §7.1 and §7.3 with a
// caller-chosen algorithm allowlist; nothing is trusted from the token itself.
//
// [RFC 9901]: https://www.rfc-editor.org/rfc/rfc9901
// [SD-JWT VC]: https://datatracker.ietf.org/doc/draft-ietf-oauth-sd-jwt-vc/
package sdjwt
