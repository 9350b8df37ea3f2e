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
