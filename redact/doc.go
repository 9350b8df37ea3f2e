// Package redact removes personal data from Indian KYC logs in a single
// pass: Aadhaar numbers and VIDs (Verhoeff-checked), PAN, Indian mobiles,
// e-mail addresses, UPI ids, GSTIN, voter ids, passport numbers, tokens,
// private keys, photos and the values of sensitive JSON keys.
//
// It works on byte slices ([Redactor.Redact]), as a [log/slog] handler
// ([NewHandler], [Redactor.ReplaceAttr]), as a line-buffered io.Writer
// ([NewWriter]) and, in cmd/kyckit, as the stdin filter "kyckit redact".
//
// # Detectors
//
// One scanner walks each line byte by byte. A byte-class table skips
// ordinary bytes; a detector runs only where its first byte can start a
// match: a digit or letter at the start of a word, or one of @ = : ~ + - [ /.
// There are no regular expressions. Each detector is a [Kind]:
//
//   - [Aadhaar], [VID]: 12 or 16 digits, plain or in groups of four
//     separated by a space or hyphen, validated by internal/aadhaarnum (first
//     digit 2-9, not a palindrome, Verhoeff check digit). Masked forms such as
//     "XXXX XXXX 1234" are left alone.
//   - [Mobile]: 10 digits starting 6-9, optionally after "+91", "91" or "0",
//     with spaces or hyphens between up to three groups.
//   - [PAN]: AAAAA9999A with the fourth letter a holder type (ABCFGHLJPTK)
//     and a serial other than 0000. PAN has no public check digit, so any
//     such token is replaced.
//   - [GSTIN]: state code, PAN, entity code, letter and the Luhn mod-36 check
//     character.
//   - [EPIC]: three letters and seven digits with a Luhn check digit.
//   - [Passport]: a letter and seven digits, only within 48 bytes after the
//     word "passport" (any case; a JSON key such as "passport_no" counts).
//   - [Email], [UPI]: around an '@'; a domain with a dot is an e-mail, a
//     single alphabetic handle ("name@okaxis") a UPI id.
//   - [JWT]: "eyJ" followed by three to five base64url segments; the issuer
//     JWT and key-binding JWT of an SD-JWT are JWTs. [Disclosure]: every
//     "~WyJ…" segment of an SD-JWT, and standalone "WyJ…" disclosures of 24
//     or more bytes, replaced even when the JWT detector is off.
//   - [Bearer]: the credential after "Bearer " or "Basic ".
//   - [Secret]: values of secret keys ([DefaultSecretKeys]: 1Kosmos
//     licensekey and requestid, AccuAuth X-DF-API-SECRET…) and of a "data"
//     key that holds a base64 1Kosmos envelope.
//   - [PrivateKey]: a PEM private key, from BEGIN to END (or to the end of
//     the input when END is missing).
//   - [Photo]: base64 JPEG, PNG, JPEG 2000, PDF or ZIP, recognised by the
//     magic bytes after decoding its start, of at least
//     [Options].MinPhotoBytes decoded bytes: "[PHOTO jpeg 23456B]".
//   - [Field]: the whole value of a sensitive key ([DefaultKeys]: name, dob,
//     address, photo, otp, uid, result…) in JSON at any depth, in slog
//     attributes, and in key=value or "key: value" text. Key names match
//     ignoring ASCII case and '_'/'-': "first_name" covers "firstName".
//
// A token counts only at word boundaries: digits inside a longer run of
// letters, digits or '_', or joined to one by '-' (UUIDs, hex digests,
// order ids such as ORD-…) or by a '.' between digits (decimals,
// versions), are not matched. A '.' after a letter ("no.2341…"), an '@'
// that is not part of an e-mail address or UPI id, a backslash escape
// (\n \t \r \b \f \" \\ \/ \uXXXX, as slog's TextHandler and logfmt
// write them) and a URL percent-escape (%20, %3A…) are boundaries: the
// token after them is matched.
//
// # JSON
//
// A line that starts with '{' or '[' is parsed as JSON. String values are
// decoded (escapes and \u sequences) and scanned; numbers are scanned as
// digit runs; values of sensitive keys are replaced whole, objects and
// arrays included. The output is valid JSON whenever the input was:
// replacements inside strings contain nothing that needs escaping, a
// replaced number becomes a string, and [Drop] of a whole value gives null.
// Invalid JSON, or JSON nested deeper than [Options].MaxDepth, is scanned
// with the free-text detectors instead — never passed through.
//
// # Replacements
//
// Each detector has a [Mode]: [Mask] ("[AADHAAR]"), [Partial] (UIDAI
// masking "XXXX XXXX 1234"), [Hash] (keyed HMAC-SHA-256 with a key id,
// "[AADHAAR:k1:3f9a0c12d4e5f607]"), [Drop] or [Off]. Hash tags are computed
// over a normalised value (digits only for numbers, lowercase for
// addresses) so that "2341 2341 2346" and "234123412346" correlate. Plain
// hashes are never offered: an Aadhaar number has about 10^11 valid values
// and an unkeyed hash of it is reversible by enumeration.
//
// Redaction is idempotent in Mask, Partial and Hash modes: redacting
// redacted output changes nothing, because existing tags are skipped and
// partial forms do not match any detector.
//
// # What it does not do
//
//   - It does not find names, addresses or dates of birth in free prose;
//     only as values of sensitive keys. In key=value text an unquoted value
//     ends at the first space, so "name=Ravi Kumar" keeps "Kumar".
//   - It does not verify that a PAN, passport or mobile number exists; they
//     have no check digit.
//   - It recognises only ASCII digits and letters; full-width digits pass.
//   - Lowercase PAN, GSTIN and EPIC are not matched.
//   - A Verhoeff-valid 12-digit number starting 2-9 is an Aadhaar number,
//     and "91" followed by a 10-digit mobile is a mobile, whatever the context.
//   - In [NewWriter], a line longer than [Options].MaxLine loses its JSON
//     structure and context words across the cut.
//
// Leniencies: only a line whose first non-space byte is '{' or '[' is
// treated as JSON (a top-level JSON string or number is free text); raw
// control characters inside JSON strings are tolerated rather than sending
// the line to the free-text path; UPI handles are any 2-32 letters after
// '@' except "localhost", so "user@host" is replaced as a UPI id.
//
// # Limits
//
// [Options].MaxDepth (default 64) caps JSON nesting, [Options].MaxLine
// (default 1 MiB) the memory of a [NewWriter], and keys longer than 64
// bytes are never sensitive. Redact itself allocates only its output; on a
// line without matches it allocates nothing when dst has room.
package redact
