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
// Maps are treated as redact treats JSON objects: the whole value of a
// sensitive key ("name", "dob", "mobile", "uid", "licensekey"…, matched
// ignoring case and '_'/'-') is replaced, whatever its type (a nested map
// becomes one tag; null and booleans are kept); with mode drop the entry is
// removed. Every other string is scanned by the free-text detectors, and
// a string that holds JSON is parsed as JSON. Integers, and integral
// doubles (JSON numbers parsed by the filelog receiver), of 10 to 16 digits
// are checked as mobiles, Aadhaar numbers and VIDs and become a string tag
// when they match. A string longer than max_line is scanned line by line in
// pieces (see [Config].MaxLine). Map keys themselves are never changed,
// as in redact's JSON path.
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
