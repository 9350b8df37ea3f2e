// Package redactprocessor is an OpenTelemetry Collector processor,
// "kyckitredact", that removes personal data from logs, traces and metrics
// with a kyckit [redact.Redactor]: Aadhaar numbers and VIDs
// (Verhoeff-checked), PAN, GSTIN, voter ids, passport numbers, Indian
// mobiles, e-mail and UPI ids, JWTs and SD-JWT disclosures, bearer tokens,
// API secrets, private keys, base64 photos, and the values of sensitive
// keys.
//
// # What it redacts
//
//   - Logs: the body (a string, a map, a slice, bytes or a number), the
//     record's attributes, the scope's and the resource's attributes.
//   - Traces: span names, status messages, event names, and the attributes
//     of spans, events, links, scopes and resources.
//   - Metrics: the attributes of data points, exemplars, scopes and
//     resources.
//
// A map (a map body, a record's, scope's or resource's attributes, a
// data point's attributes) is one record, redacted exactly as "kyckit
// redact" (redact's JSON path) redacts the same record written as a JSON
// object on one line: each member goes through
// [redact.Redactor.RedactField], with the record's JSON text as its
// [redact.Record], so the same key rules, value rules, context words and
// record-wide rules decide. The value of a sensitive key ("name",
// "customer_name", "operator.email", "mobile", "uid", "licensekey"…;
// matched by name and by its words, with a safe-list: "file_name",
// "ip_address" are not; see the redact package) is replaced whole,
// whatever its type, by a detector's tag when one detector covers exactly
// the value ("mobile": "[MOBILE]", "uid": "[AADHAAR]"), else by [REDACTED]
// or [SECRET] (a nested map becomes one tag; null, booleans and empty
// strings are kept); with mode drop the member is removed (a dropped array
// element becomes empty, JSON's null). Every other string is scanned by the
// free-text detectors as a JSON string's content is, and every other
// integer or double of 10 to 19 digits is checked as an identifier and
// becomes a string tag when it is one. A key that holds personal data
// itself ("234123412346") is redacted. Trace and span ids under their keys
// are kept.
//
// The JSON text of a map, which decides, is written with: strings escaping
// only '"', '\' and control characters (as slog's JSONHandler writes
// valid UTF-8), integers as digits, doubles as encoding/json writes a
// float64 (NaN and infinities as strings), booleans, empty values as
// null, bytes as the text they hold (scanned, they stay bytes; replaced
// whole, they become a string). A Hash tag of a whole value is computed
// over that JSON text, as in the redact package, so a value gets the same
// tag here, in "kyckit redact" and in redact's slog Handler.
//
// A string body, span name, status message or event name is a line of
// text: redacted as "kyckit redact" redacts that line (JSON in it is parsed
// as JSON). A string value longer than max_line under a key that is not
// sensitive is scanned line by line in pieces (see [Config].MaxLine).
//
// # Metrics
//
// Each replacement is counted in [MetricReplacements] with the attribute
// "detector" (aadhaar, vid, pan, mobile, email, …, secret, field), in the
// collector's own telemetry.
//
// # Building
//
// The builder manifest otelcol/builder-config.yaml in the kyckit repository
// builds a collector, otelcol/_build/otelcol-kyckit, with this processor,
// the filelog and OTLP receivers and the file, debug and OTLP exporters;
// otelcol/build.sh runs the builder (ocb v0.165.0, from the module proxy)
// on it:
//
//	bash otelcol/build.sh
package redactprocessor
