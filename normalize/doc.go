// Package normalize turns identity data from every Indian KYC source into
// one [Record] in the ecosystem's own vocabulary — [OpenID Connect] standard
// claims plus [OpenID Identity Assurance] verified_claims, with the Indian
// and Aadhaar specifics in an "in" extension — and compares two records
// ([Compare]).
//
// # Sources
//
// Each source has a thin adapter that renames its keys onto one shared
// Aadhaar-shaped core; the field rules below run once for all of them:
//
//   - [OVSE]: KwikID-style OVSE (Aadhaar-app credential) status, init and
//     error bodies, session_status pending | completed | failed | expired,
//     with [OVSEStatus.IsTerminal] for pollers;
//   - [AccuAuth] (validate_aadhaar_otp) and [Surepass] (aadhaar-v2);
//   - [Journey]: Equal-style journeys (status, status_code, decision CLEAR /
//     MUST REVIEW / NEEDS REVIEW, data.keys.aadhaar[]);
//   - [OneKosmos]: decrypted 1Kosmos document-verification poll results,
//     v1 and v3 (the encrypted {data, publicKey} envelope is refused with
//     [ErrEncrypted]: decrypt it first);
//   - UIDAI formats: [OfflineEKYCXML] and [KycResXML] (DigiLocker
//     e-Aadhaar), [SecureQRJSON], [SDJWTResidentJSON];
//   - vendors: [Cashfree], [Setu], [Sandbox], [Decentro], [IDfy], [Signzy],
//     and [IDA] (a verified_claims response); [FromRecord] re-reads a record.
//
// [Auto] detects the source from the body's structure alone and says which
// adapter it used in Record.Source.Adapter; [Using] runs an adapter by
// name, and [UsingResponse] one with the response's HTTP status.
//
// The packages that verify or decrypt (aadhaarxml, sdjwt, onekosmos) are
// separate leaves of this module and normalize does not import them. Their
// results come in through the plain structs [OfflineEKYC], [SecureQR],
// [SDJWTResident] and [OneKosmosResult] and the functions
// [FromOfflineEKYC], [FromSecureQR], [FromSDJWTResident] and
// [FromOneKosmos]; package kyc (or your own code) maps the verifier's types
// onto them and sets SignatureVerified. The structs are typed as the
// verifiers return them, so nothing is written out as text to be parsed
// again: a date of birth is a [Date] (year-only allowed), a UIDAI reference
// id a [Reference] (last 4 digits and time), and [UIDAIAddress] names its
// fields as aadhaarxml.Address does.
//
// # Field rules
//
// Every rule is a pure, idempotent exported function: [Text] and [Name]
// (white space, case as issued), [NameTokens] (honorifics out, for
// comparison only), [ParseCareOf], [Birthdate] and [ParseDate] (day-first
// only, never month-first, never an invented day: "1958" stays "1958"),
// [Timestamp], [Gender], [State] (ISO 3166-2:IN after the 2019, 2020 and
// November 2023 changes, old names such as Orissa and Uttaranchal, plate
// codes), [PIN] and [PINMatchesState], [Mobile] (E.164) and
// [MaskedMobile], [Aadhaar] (every masked form; a full number is reduced to
// its last four digits at once) and [ReferenceID], [Photo] (JPEG, PNG and
// JPEG 2000 by magic bytes; raw or URL-safe base64, data: URIs, URLs).
//
// A formatted address that ends in a PIN ("House 1, Street 2, City, State -
// 400001") gives the postal code, and the state when the words before the
// PIN name one ([AddressPIN]), if no structured field gave them;
// provenance names the address field.
//
// Adapters never fail on a bad field: they drop it and add a warning code
// to Record.Warnings ("dob_invalid", "state_alias:Orissa",
// "uid_was_unmasked", …). Record.Provenance says which source path fed each
// claim.
//
// # Outcomes, errors and decisions
//
// Result.Outcome is verified, not_verified (a terminal failure the
// provider reports: a rejected authentication, an invalid number, a
// declined or expired session), pending, needs_review, or error: the call
// failed, which says nothing about the person. An error has an
// [ErrorClass] (auth, not_found, invalid_request, quota, rate_limited,
// upstream, internal) and Retryable says whether asking again later may
// help. Result.Decision is the same for every provider: clear, review,
// reject, retry or fix ([DecisionOf]); a poller needs nothing else.
//
// Many error bodies carry no code of their own, and some rows of a
// provider's table have no body at all (a gateway's 429 or 503): pass the
// HTTP status with the body ([UsingResponse], or [Options.HTTPStatus]). A
// status of 400 or more is always an error, classified by the body's own
// code when the adapter knows it (AccuAuth's table, the journey's
// status_code words) and else by the status ([HTTPClass]). The provider's
// status, decision, failure code, message and reason are kept verbatim.
// verified_claims is present only for verified records; its trust_framework
// is [Options.TrustFramework], default [DefaultTrustFramework] ("in_rbi_kyc",
// a private value: no Indian framework is registered).
//
// # Personal data
//
// A Record never holds a full Aadhaar number or VID: identifier fields
// keep the last four digits, and before a record is returned every string
// in it (names, addresses, provider messages, ids, warnings, provenance)
// is scanned for stand-alone 12- and 16-digit numbers, which are masked
// (warning aadhaar_in_text_masked). Passport numbers in a provider's status
// text are masked too, and a document URL is kept without its query (a
// presigned URL's query opens the document to whoever holds it).
// [Options.DropPhotos] leaves photos out of the record. A record that names
// nobody (no name and no date of birth), or that comes from OCR no source
// confirmed, is never verified: it needs review (warnings
// identity_incomplete, ocr_not_verified). Records, and every other type here
// that holds personal data, mask themselves when printed or logged
// ([Record.LogValue], [Record.String]); their JSON is the full PII record.
// Error strings name fields, never values.
//
// # Limits
//
// Bodies are capped by [Options.MaxBodyBytes] (default 8 MiB) and decoded
// photos by [Options.MaxPhotoBytes] (default 1 MiB). encoding/json and
// encoding/xml bound nesting depth themselves. [CompareNames] (and so
// [Compare]) scores names of more than [MaxNameTokens] tokens as NoMatch
// and scores a pair of different tokens longer than [MaxNameTokenRunes]
// as 0, because token pairing and similarity are quadratic.
//
// # What this package does not do
//
// It verifies no signature: OfflineEKYCXML, KycResXML, SecureQRJSON and
// SDJWTResidentJSON parse only, and their outcome is needs_review with the
// warning signature_not_verified (verify with aadhaarxml or sdjwt, then use
// the From* struct adapters). It trusts each vendor's own statement that it
// checked a signature or an OTP. It does not decode or transcode JPEG 2000,
// fetch photo or document URLs, apply Unicode NFC (the standard library has
// no normalizer), or split Indian names into given and family names unless
// the source does. [Compare] returns evidence, never a verdict. The
// journey, OVSE and AccuAuth adapters follow those providers' public API
// pages, whose example bodies and table rows are the golden tests of
// testdata/normalize/seeddocs.
//
// [OpenID Connect]: https://openid.net/specs/openid-connect-core-1_0.html#StandardClaims
// [OpenID Identity Assurance]: https://openid.net/specs/openid-ida-verified-claims-1_0.html
package normalize
