// Package redact removes personal data from logs in a single pass: Aadhaar
// numbers and VIDs (Verhoeff-checked), PAN, Indian mobiles, e-mails, UPI
// ids, GSTIN, voter ids, passports, tokens, photos and sensitive JSON keys.
//
// It works as a [log/slog] Handler, an io.Writer and a stdin filter, with
// per-detector modes: mask, partial (UIDAI masking), keyed hash and drop.
package redact
