// Package kyc joins kyckit's verifiers into identity-verification flows.
// It is the one public package above the leaves: sdjwt, aadhaarxml,
// onekosmos, normalize, redact and retention never import each other, and
// kyc is where their results meet.
//
// Today it maps each verifier's result onto the input structs of
// [normalize], so that a verified credential or document becomes one
// normalized record:
//
//   - [SDJWTResident]: a UIDAI resident from [sdjwt.VerifyUIDAI] (the
//     Aadhaar-app credential of an OVSE callback) → [normalize.SDJWTResident];
//   - [OfflineEKYC]: an Offline e-KYC [aadhaarxml.Document] →
//     [normalize.OfflineEKYC];
//   - [SecureQR]: a Secure QR [aadhaarxml.Document] → [normalize.SecureQR];
//   - [OneKosmosResult]: a decrypted 1Kosmos [onekosmos.PollResult] (v3
//     or v1) → [normalize.OneKosmosResult], carrying onekosmos's session
//     and verification statuses; [OneKosmos] goes on to the record, the
//     same record [normalize.OneKosmos] makes from the result's JSON (one
//     schema, held by a test over every status and shape).
//
// The hand-over is typed: dates, reference ids and times pass as values
// ([normalize.Date], [normalize.Reference], time.Time), never written out
// as text for normalize to parse again.
//
// The flows that drive the verifiers (an OVSE callback handler, status
// polling, 1Kosmos request builders) are to follow here. Their retry
// classification is normalize's: a record's Result.Decision (clear,
// review, reject, retry, fix), Result.Retryable and Result.ErrorClass,
// with the HTTP status passed through [normalize.UsingResponse].
//
// # What the mapping promises
//
//   - SignatureVerified is set only from the verifier's own flag
//     (Credential.Verified, Document.Verified): an unverified input gives a
//     record whose outcome is needs_review, never verified.
//   - Nothing is invented: a field the source did not carry stays empty.
//   - No full Aadhaar number can pass: the sources carry only masked
//     numbers or the last 4 digits, and normalize masks again.
//
// # What it does not do
//
// It verifies nothing itself. Pass only the results of sdjwt.VerifyUIDAI,
// aadhaarxml.Verifier and onekosmos.DecryptResponse/ParsePollResult.
package kyc
