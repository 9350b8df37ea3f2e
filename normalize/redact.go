package normalize

import "log/slog"

// The types below hold personal data. Like [Record], they mask themselves
// when printed with fmt or logged with slog, so that an accidental
// slog.Any or %v does not leak a name, a date of birth or a photo. Their
// JSON forms and fields are unmasked.

const redacted = "REDACTED"

// String masks the date of birth; use [Date.OIDC] for the value.
func (d Date) String() string { return "XXXX-XX-XX" }

// LogValue masks the date of birth.
func (d Date) LogValue() slog.Value { return slog.StringValue(d.String()) }

// String masks the claims.
func (c Claims) String() string { return "normalize.Claims{" + redacted + "}" }

// LogValue masks the claims.
func (c Claims) LogValue() slog.Value { return slog.StringValue(redacted) }

// String masks the address.
func (a Address) String() string { return "normalize.Address{" + redacted + "}" }

// LogValue masks the address.
func (a Address) LogValue() slog.Value { return slog.StringValue(redacted) }

// String masks the extension.
func (e Extension) String() string { return "normalize.Extension{" + redacted + "}" }

// LogValue masks the extension.
func (e Extension) LogValue() slog.Value { return slog.StringValue(redacted) }

// String masks the care-of value, keeping only the relation.
func (c CareOf) String() string { return "normalize.CareOf{" + c.Relation + " " + redacted + "}" }

// LogValue masks the care-of value, keeping only the relation.
func (c CareOf) LogValue() slog.Value { return slog.StringValue(c.Relation + " " + redacted) }

// String masks the verified claims.
func (v VerifiedClaims) String() string { return "normalize.VerifiedClaims{" + redacted + "}" }

// LogValue masks the verified claims, keeping the trust framework.
func (v VerifiedClaims) LogValue() slog.Value {
	return slog.GroupValue(slog.String("trust_framework", v.Verification.TrustFramework), slog.String("claims", redacted))
}

// String masks the photo, keeping its media type and size.
func (p PhotoValue) String() string {
	return "normalize.PhotoValue{" + p.MediaType + " " + redacted + "}"
}

// LogValue masks the photo, keeping its media type and size.
func (p PhotoValue) LogValue() slog.Value {
	return slog.GroupValue(slog.String("media_type", p.MediaType), slog.Int("bytes", len(p.Data)))
}

// String masks the address.
func (a UIDAIAddress) String() string { return "normalize.UIDAIAddress{" + redacted + "}" }

// LogValue masks the address.
func (a UIDAIAddress) LogValue() slog.Value { return slog.StringValue(redacted) }

// String masks the document.
func (d OfflineEKYC) String() string { return "normalize.OfflineEKYC{" + redacted + "}" }

// LogValue masks the document.
func (d OfflineEKYC) LogValue() slog.Value { return slog.StringValue(redacted) }

// String masks the QR data.
func (q SecureQR) String() string { return "normalize.SecureQR{" + redacted + "}" }

// LogValue masks the QR data.
func (q SecureQR) LogValue() slog.Value { return slog.StringValue(redacted) }

// String masks the resident claims.
func (s SDJWTResident) String() string { return "normalize.SDJWTResident{" + redacted + "}" }

// LogValue masks the resident claims.
func (s SDJWTResident) LogValue() slog.Value { return slog.StringValue(redacted) }

// String masks the Aadhaar address attributes.
func (a AddressIN) String() string { return "normalize.AddressIN{" + redacted + "}" }

// LogValue masks the Aadhaar address attributes.
func (a AddressIN) LogValue() slog.Value { return slog.StringValue(redacted) }

// String keeps the scheme and masks the digest: a hash of a mobile number
// or email address is found again by trying candidates.
func (h Hash) String() string { return "normalize.Hash{" + h.Scheme + " " + redacted + "}" }

// LogValue keeps the scheme and masks the digest, like [Hash.String].
func (h Hash) LogValue() slog.Value {
	return slog.GroupValue(slog.String("scheme", h.Scheme), slog.String("value", redacted))
}

// String masks the hashes.
func (h Hashes) String() string { return "normalize.Hashes{" + redacted + "}" }

// LogValue masks the hashes.
func (h Hashes) LogValue() slog.Value { return slog.StringValue(redacted) }

// GoString methods make fmt's %#v mask too: without them it prints every
// field in Go syntax, String notwithstanding.

// GoString masks the record like [Record.String].
func (r Record) GoString() string { return r.String() }

// GoString masks the date of birth like [Date.String].
func (d Date) GoString() string { return d.String() }

// GoString masks the claims like [Claims.String].
func (c Claims) GoString() string { return c.String() }

// GoString masks the address like [Address.String].
func (a Address) GoString() string { return a.String() }

// GoString masks the attributes like [AddressIN.String].
func (a AddressIN) GoString() string { return a.String() }

// GoString masks the extension like [Extension.String].
func (e Extension) GoString() string { return e.String() }

// GoString masks the care-of value like [CareOf.String].
func (c CareOf) GoString() string { return c.String() }

// GoString masks the verified claims like [VerifiedClaims.String].
func (v VerifiedClaims) GoString() string { return v.String() }

// GoString masks the photo like [PhotoValue.String].
func (p PhotoValue) GoString() string { return p.String() }

// GoString masks the digest like [Hash.String].
func (h Hash) GoString() string { return h.String() }

// GoString masks the hashes like [Hashes.String].
func (h Hashes) GoString() string { return h.String() }

// GoString masks the address like [UIDAIAddress.String].
func (a UIDAIAddress) GoString() string { return a.String() }

// GoString masks the document like [OfflineEKYC.String].
func (d OfflineEKYC) GoString() string { return d.String() }

// GoString masks the QR data like [SecureQR.String].
func (q SecureQR) GoString() string { return q.String() }

// GoString masks the resident claims like [SDJWTResident.String].
func (s SDJWTResident) GoString() string { return s.String() }

// String masks the 1Kosmos result, keeping its status.
func (r OneKosmosResult) String() string {
	return "normalize.OneKosmosResult{" + r.Status + " " + redacted + "}"
}

// LogValue masks the 1Kosmos result, keeping its status.
func (r OneKosmosResult) LogValue() slog.Value {
	return slog.GroupValue(slog.String("status", r.Status), slog.String("data", redacted))
}

// GoString masks the 1Kosmos result like [OneKosmosResult.String].
func (r OneKosmosResult) GoString() string { return r.String() }

// String masks the document.
func (d OneKosmosDocument) String() string { return "normalize.OneKosmosDocument{" + redacted + "}" }

// LogValue masks the document.
func (d OneKosmosDocument) LogValue() slog.Value { return slog.StringValue(redacted) }

// GoString masks the document like [OneKosmosDocument.String].
func (d OneKosmosDocument) GoString() string { return d.String() }
