// Package redact removes personal data from Indian KYC logs in a single
// pass: Aadhaar numbers and VIDs (Verhoeff-checked), PAN, Indian mobiles,
// e-mail addresses, UPI ids, GSTIN, voter ids, passport numbers, payment
// cards, bank accounts, driving licences, vehicle registrations, tokens,
// private keys, photos, base64 JSON and the values of sensitive keys.
//
// It works on byte slices ([Redactor.Redact]), as a [log/slog] handler
// ([NewHandler], [Redactor.ReplaceAttr]), as a line-buffered io.Writer
// ([NewWriter]) and, in cmd/kyckit, as the stdin filter "kyckit redact".
//
// # Detectors
//
// One scanner walks each line byte by byte. A byte-class table skips
// ordinary bytes; a detector runs only where its first byte can start a
// match: a digit or letter at the start of a word, the lead byte of a
// non-ASCII digit, or one of @ = : ~ + - [ / \ %. There are no regular
// expressions. Each detector is a [Kind]:
//
//   - [Aadhaar], [VID]: 12 or 16 digits, validated by internal/aadhaarnum
//     (first digit 2-9, not a palindrome, Verhoeff check digit); a VID
//     starting 0 or 1 only within 48 bytes after the word "vid" or
//     "virtual". Digits may be ASCII, of an Indian script (Devanagari
//     ०-९, Bengali, Gurmukhi, Gujarati, Oriya, Tamil, Telugu, Kannada,
//     Malayalam), Arabic-Indic or full-width; zero-width characters
//     between them are ignored. Groups are separated by one to three
//     units of space, tab, '-', '.', '/', ':', '+', no-break and other
//     Unicode spaces, hyphens, minus, zero-width characters, or their
//     escapes \t, \u00a0, %20. With one space or hyphen throughout any
//     grouping is read; any other separator needs groups of four, so that
//     dates, times, versions and decimals are not numbers. Masked forms
//     such as "XXXX XXXX 1234" are left alone.
//   - [Mobile]: 10 digits starting 6-9, optionally after "+91", "91",
//     "0091" or "0"; dotted as 3.3.4 or 4.3.3, or 5.5 after a word naming
//     a phone ("mobile 98765.43210"; a bare 98765.43210 is a decimal).
//   - [PAN]: AAAAA9999A with the fourth letter a holder type (ABCFGHLJPTK)
//     and a serial other than 0000, all upper- or all lowercase. PAN has
//     no public check digit, so any such token is replaced.
//   - [GSTIN]: state code, PAN, entity code, letter and the Luhn mod-36 check
//     character.
//   - [EPIC]: three letters and seven digits with a Luhn check digit.
//   - [Passport]: a letter and seven digits, only within 48 bytes after the
//     word "passport" (any case; a JSON key such as "passport_no" counts).
//   - [Card]: 14 to 19 digits, plain or in the groups cards are printed in,
//     the Luhn check, and an issuer prefix with a length that issuer uses
//     (Visa, Mastercard, RuPay, Amex, Diners, JCB, Discover, UnionPay,
//     Maestro). Numbers starting 0, 1, 7 or 9 are no cards, so epoch
//     timestamps never are.
//   - [Account]: 9 to 18 digits within 32 bytes of an IFSC code (four
//     letters, '0', six letters or digits), unless they read as a Unix
//     timestamp or follow a word naming another number (micr, utr, rrn,
//     ref, order…).
//   - [DL]: state code, RTO code, year and seven-digit serial ("KA01
//     20201234567"); [Vehicle]: state code, RTO, series and number
//     ("MH 12 DE 1433", "DL3CAB1234") or the BH series ("22BH1234AB").
//     State codes are checked.
//   - [IP]: IPv4 and IPv6 addresses, validated by net/netip. Opt-in: off
//     unless [Options].Modes names it, whatever [Options].Mode says.
//   - [Email], [UPI]: around an '@'; a domain with a dot is an e-mail, a
//     single alphabetic handle ("name@okaxis") a UPI id. An SSH
//     destination is neither: the "git" user of code forges, scp syntax
//     ("user@host:path"), the user part of an ssh:// URL.
//   - [JWT]: "eyJ" followed by three to five base64url segments; the issuer
//     JWT and key-binding JWT of an SD-JWT are JWTs. [Disclosure]: every
//     "~WyJ…" segment of an SD-JWT, and standalone "WyJ…" disclosures of 24
//     or more bytes, replaced even when the JWT detector is off.
//   - [Encoded]: base64 or base64url (padded or not) of a JSON object or
//     array ("eyJ…", "W3s…") that holds anything the other detectors or
//     the sensitive keys would replace; the whole encoded text goes.
//   - [Bearer]: the credential after "Bearer " or "Basic ".
//   - [Secret]: values of secret keys ([DefaultSecretKeys]: 1Kosmos
//     licensekey, AccuAuth X-DF-API-SECRET, passwords, API keys, tokens,
//     Authorization and Cookie headers, CVVs…) and of a "data" key that
//     holds a base64 1Kosmos envelope. 1Kosmos's requestid is a secret
//     only in a 1Kosmos context: its value is an envelope (base64 of at
//     least 44 bytes with letters of both cases), or the same line names a
//     licensekey. Elsewhere a request_id or requestId is an ordinary id.
//   - [PrivateKey]: a PEM private key, from BEGIN to END, or without an END
//     over what can be key material (base64, line breaks, RFC 1421
//     headers) and no further.
//   - [Photo]: base64 JPEG, PNG, JPEG 2000, PDF or ZIP, recognised by the
//     magic bytes after decoding its start, of at least
//     [Options].MinPhotoBytes decoded bytes: "[PHOTO jpeg 23456B]".
//   - [Field]: the whole value of a sensitive key in JSON at any depth, in
//     slog attributes, and in key=value or "key: value" text. When one
//     detector covers the whole value, the value is labelled as that
//     detector ("mobile_no": "[MOBILE]").
//
// # Sensitive keys
//
// A key name is sensitive when it is in [DefaultKeys] or
// [DefaultSecretKeys] or [Options].ExtraKeys, or, unless
// [Options].ExactKeys, when its words say so. The name is split into words
// at '_', '-', '.', spaces, case changes and digits ("nameOnCard" is
// name, on, card), trailing words that change nothing (value, raw, hash,
// masked, digits, a plural 's') are dropped, and the last word decides:
// a personal one (name, dob, address, email, mobile, phone, aadhaar, pan,
// passport, otp, photo, signature…) is sensitive; "name" not after a word
// of a safe-list of technical qualifiers (file, host, user, service, app,
// logger, bank, branch, company, image…), "address" not after ip, mac,
// host, remote…; "number"/"no" after account, card, aadhaar, mobile, dl,
// licence…; "id" after voter, email, upi, passport…; "code" after pin,
// postal, otp, auth, security…; "key" after api, secret, private, access,
// license…; "token" unless after page, next, cursor. Phrases count: "name
// on card", "name as per PAN", "date of birth", "care of". A name written
// as one word ("customername", "accountnumber") is sensitive only as a
// known stem and head. Matching ignores ASCII case and '_'/'-'.
//
// Some keys are sensitive only for some values, so that what they mean
// elsewhere is kept: "result" holds a vendor's whole answer when it is an
// object or array ("result": "success" is a status); "image", "photo",
// "signature"… only encoded data ("image": "nginx:1.25" is a container
// image); "uid" a number of 10 or more digits ("uid=1000" in an audit log
// is a POSIX user); "pc" a six-digit PIN code ("pc=0x4a5b3c" is a program
// counter); "name" everything but a logger's name in a log record — a
// top-level "name" holding an identifier ("kyc-worker", "com.example.kyc")
// in a line that also has a level and a message key (Bunyan, pino). Values
// of OpenTelemetry span, trace and parent ids in hex are left as they are,
// even when all their digits would read as a VID or a card. Values of
// Authorization and Cookie keys in text run to the end of the line.
//
// # Boundaries
//
// A token counts only at word boundaries: digits inside a longer run of
// letters, digits or '_', or joined to one by '-' (UUIDs, hex digests,
// order ids such as ORD-…) or by a '.' between digits (decimals,
// versions), are not matched. A '.' after a letter ("no.2341…"), an '@'
// that is not part of an e-mail address or UPI id, a backslash escape
// (\n \t \r \b \f \" \\ \/ \uXXXX, as slog's TextHandler and logfmt
// write them) and a URL percent-escape (%20, %3A…) are boundaries: the
// token after them is matched.
// A word naming a number may be glued to it ("uid_234123412346",
// "UID234123412346", "aadhaar_no_…", "pan_ABCPE1234F"); any other word
// glued to digits ("order_…", "INV…") hides them.
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
// The tag of a value a detector matched is computed over that value. The
// tag of the whole value of a sensitive key ("name": "[REDACTED:k1:…]") is
// computed over the value's JSON text: a string in quotes, escaping only
// '"', '\\' and control characters (\n, \r, \t, \u00XX), as slog's
// JSONHandler and encoding/json with SetEscapeHTML(false) write valid UTF-8;
// a number as those write it; an object or array as written. Redact reads
// that text in a JSON line, [Handler] and [Redactor.ReplaceAttr] write a
// slog attribute's value so, and [Redactor.RedactField] a field's, so that
// one value gets one tag on every path. (A JSON line written with other
// escapes, \u00e9 for é or \u003c for '<', hashes as written.)
//
// Every replacement on every path is counted in the [Stats] given to
// [Redactor.WithStats].
//
// # Structured records
//
// [Redactor.RedactField] and [Redactor.RedactKey] redact a record held as a
// map (OpenTelemetry attributes, decoded JSON) field by field, as Redact
// redacts the same record written as a JSON object; [Redactor.SensitiveKey]
// names the detector of a key. Given the record's JSON text ([Record]),
// context words in neighbouring fields and the record-wide key rules count
// as in the line.
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
//   - It does not verify that a PAN, passport, mobile, driving licence or
//     vehicle registration exists; they have no check digit.
//   - Lowercase GSTIN and EPIC, and PAN in mixed case, are not matched.
//   - A Verhoeff-valid 12-digit number starting 2-9 is an Aadhaar number,
//     "91" followed by a 10-digit mobile is a mobile, and a Luhn-valid
//     16-digit number with an issuer prefix is a card, whatever the
//     context; an all-digit OpenTelemetry id is kept only under its key.
//   - A bank account number is found only next to an IFSC code (or under a
//     sensitive key such as "account_number").
//   - In an OTLP span, "name" (the span's name) is redacted like a
//     person's; a lowercase one-word person's name logged as the
//     top-level "name" of a record with a level and a message is kept as
//     a logger's name.
//   - In [NewWriter], a line longer than [Options].MaxLine is redacted in
//     overlapping windows with the free-text detectors: its JSON structure
//     is not parsed, and a match whose key or context lies more than
//     MaxLine/8 bytes before a cut is not seen.
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
// (default 1 MiB) the memory of a [NewWriter], a PEM private key without
// END spans at most 512 lines in a [NewWriter], base64 JSON is decoded up
// to 1 MiB, and keys longer than 64 bytes are never sensitive. Redact
// itself allocates only its output; on a line without matches it
// allocates nothing when dst has room.
package redact
