// Package normalize turns identity data from every Indian KYC source (OVSE
// status, OTP e-KYC, journeys, 1Kosmos, Offline e-KYC XML, Secure QR,
// SD-JWT) into one record of [OpenID Connect] claims plus
// [OpenID Identity Assurance] verified_claims, and compares two records.
//
// [OpenID Connect]: https://openid.net/specs/openid-connect-core-1_0.html#StandardClaims
// [OpenID Identity Assurance]: https://openid.net/specs/openid-ida-verified-claims-1_0.html
package normalize
