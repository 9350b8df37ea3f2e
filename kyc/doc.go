// Package kyc joins kyckit's verifiers into identity-verification flows.
// It is the one public package above the leaves: sdjwt, aadhaarxml,
// onekosmos, normalize, redact and retention never import each other, and
// kyc is where their results meet.
//
// # From a verified result to one record
//
// The mapping functions turn each verifier's result into the input
// structs of [normalize], so that a verified credential or document
// becomes one normalized record:
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
// as text for normalize to parse again. SignatureVerified is set only from
// the verifier's own flag, so an unverified input gives a record whose
// outcome is needs_review, never verified; nothing is invented; no full
// Aadhaar number can pass (the sources carry masked numbers or the last 4
// digits, and normalize masks again).
//
// # The OVSE session service
//
// [OVSE] is seed 000's API (KwikID's "OVSE Init" and "OVSE Status"),
// self-hosted: [OVSE.Init] creates a session with a txn and an expiry,
// [OVSE.Callback] takes the Aadhaar app's callback for that txn, and
// [OVSE.Status] answers polls as an [OVSEResponse] in the seed's shapes
// (pending; completed with name, dob, gender, mobile, full_address,
// user_photo, result, verified_at, client_reference_id; failed with
// failure_code and failure_message; expired). [OVSE.Handler] serves it
// over HTTP with tenant-scoped bearer tokens ([BearerTokens], scope
// [ScopeOVSE]): 401 without a valid token, 404 for an unknown session and
// for another tenant's alike. kyckit serve is this handler over bbolt or
// Redis.
//
// The callback's SD-JWT is verified under the UIDAI profile. UIDAI's
// format carries no Key Binding JWT, so binding rests on the txn: 122
// random bits per session, consumed in one conditional write of the
// [SessionStore] before the credential is verified, so a replayed or a
// concurrent second callback is refused on every replica; a KB-JWT, when
// the app sends one and OVSEOptions.Audience is set, must carry the txn
// as nonce. Since nothing in the credential names the txn, each
// credential is also single-use: its "id" (or, without one, a hash of
// its issuer-signed JWT) is claimed for the session in one conditional
// write before the session completes, and kept until its "exp" (at most
// OVSEOptions.CredentialHold), so the same credential posted with
// another session's txn fails that session ([ErrCredentialReused], HTTP
// 409 credential_reused), on every replica. A credential that fails verification fails its session (and
// its callback gets 400). A verified credential is mapped to a normalize
// record through [SDJWTResident] (outcome verified on kyckit's own check)
// and sealed, with the resident's fields in the seed's shape, in a
// [retention.Vault] under the policy given (read once by default: the
// first poll after completion gets them, every later poll the status
// without them, on any number of replicas); [OVSE.Status] hands the
// record back in OVSEResponse.Record. The session itself is PII-free.
//
// # Polling an OVSE status API
//
// [StatusPoller] polls a KwikID-style status API, kyckit serve included:
// a pending session is asked again with exponential backoff and jitter
// ([Backoff]: 2 s, 4 s, 8 s, ceiling 15 s by default); polling stops at
// completed, failed or expired, when the session's expires_at passes
// ([ErrDeadline]), or when the context ends. 401, 403 and 404 end it at
// once, 429 and 5xx are retried (honouring Retry-After up to the
// ceiling); errors come as a [*StatusError] carrying the class.
//
// # 1Kosmos
//
// [KosmosClient] builds the create-session and poll requests of 1Kosmos's
// docuverify API (the seed's body fields; licensekey, requestid and body
// sealed to the service key, publickey and charset headers), decrypts
// answers only when they come from the pinned service key
// (onekosmos.DecryptOptions.PinServiceKey), and types them
// ([KosmosResult]: onekosmos's session status Pending / In Progress /
// Completed / Expired / Declined and verification status Passed / Failed
// / Not performed, and the normalized record). 1Kosmos returns the
// person's data once per session: the first terminal answer carries it,
// a later poll the status alone, which is not an error.
//
// # Decisions and errors across vendors
//
// The decision is normalize's, one vocabulary for every vendor: a
// record's Result.Decision (clear, review, reject, retry, fix), with
// Result.ErrorClass (auth, not_found, invalid_request, quota,
// rate_limited, upstream, internal — never something about the person)
// and Result.Retryable. [OVSEResponse.Normalize] and [KosmosResult.Record]
// give the records of the flows here; an HTTP error answer is a
// [*StatusError] classified the same way ([normalize.HTTPClass]). For
// AccuAuth's OTP answers and the Aadhaar OTP journey, normalize each
// answer with its HTTP status ([normalize.UsingResponse]): every row of
// their tables is classified (429, 500, 503, 512, 513 retryable;
// KEY_EXPIRED, OUT_OF_QUOTA, NO_PERMISSION final, told apart by
// ErrorClass and FailureCode).
//
// # HTTP
//
// Everything uses net/http with the caller's *http.Client and takes a
// context. Every body read is capped ([DefaultMaxBody], [MaxInitBody],
// sdjwt.MaxCallbackBytes, onekosmos.MaxResponseSize). Errors name
// statuses, codes and fields, never a value of the person or a body:
// a vendor's free-text message is kept out of error strings.
//
// # What it does not do
//
// It verifies nothing itself: pass only the results of sdjwt.VerifyUIDAI,
// aadhaarxml.Verifier and onekosmos.DecryptResponse/ParsePollResult to
// the mapping functions. [OVSE] does not make the
// Aadhaar app's request: init returns the session id, txn and expires_at
// but not KwikID's intent URLs and QR, which need the OVSE's RSA request
// key and UIDAI's registration (put the txn into your request JWT). It
// has no webhooks. It does not fetch the credential's "status" URL
// (revocation). No public UIDAI document says what the app expects from
// the callback's answer; a 2xx acknowledges receipt.
package kyc
