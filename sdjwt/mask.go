package sdjwt

import (
	"fmt"
	"io"
	"log/slog"
)

// Every type of this package that holds claim values, salts, nonces or
// photos prints and logs as a summary only, through a pointer and as a
// dereferenced value alike: the methods below have value receivers, so
// they are in the method sets of both T and *T.
//
//   - String returns the summary;
//   - Format writes it for every fmt verb (%v, %+v, %#v, %s, %q, %x...):
//     without it, %+v of a value would walk the fields;
//   - GoString returns it too, for callers that use it directly;
//   - LogValue makes slog log the summary, with every handler.
//
// A nil pointer prints as "<nil>" (fmt recovers the nil dereference);
// slog logs it as "LogValue panicked" with a short stack, never a field.

// String returns a summary without claim values.
func (c Credential) String() string {
	iss, _ := c.Claims["iss"].(string)
	return fmt.Sprintf("sdjwt.Credential{verified=%t iss=%q claims=%d disclosures=%d kb=%t}",
		c.Verified, iss, len(c.Claims), len(c.Disclosures), c.KeyBinding != nil)
}

// GoString returns the summary of [Credential.String].
func (c Credential) GoString() string { return c.String() }

// Format writes the summary of [Credential.String] for every verb.
func (c Credential) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, c.String()) }

// LogValue implements [slog.LogValuer]: issuer, type and counts, never
// claim values.
func (c Credential) LogValue() slog.Value {
	iss, _ := c.Claims["iss"].(string)
	vct, _ := c.Claims["vct"].(string)
	return slog.GroupValue(
		slog.Bool("verified", c.Verified),
		slog.String("iss", iss),
		slog.String("vct", vct),
		slog.Int("claims", len(c.Claims)),
		slog.Int("disclosures", len(c.Disclosures)),
		slog.Bool("key_binding", c.KeyBinding != nil),
	)
}

// String summarizes the token without claim values.
func (t Token) String() string {
	return fmt.Sprintf("sdjwt.Token{%s disclosures=%d kb=%t}", t.Serialization, len(t.Disclosures), t.KeyBindingJWT != "")
}

// GoString returns the summary of [Token.String].
func (t Token) GoString() string { return t.String() }

// Format writes the summary of [Token.String] for every verb.
func (t Token) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, t.String()) }

// LogValue implements [slog.LogValuer]: the summary, never claim values.
func (t Token) LogValue() slog.Value { return slog.StringValue(t.String()) }

// GoString returns the summary of [Disclosure.String].
func (d Disclosure) GoString() string { return d.String() }

// Format writes the summary of [Disclosure.String] for every verb.
func (d Disclosure) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, d.String()) }

// String summarizes the Key Binding JWT without its nonce or claims.
func (kb KeyBinding) String() string {
	return fmt.Sprintf("sdjwt.KeyBinding{aud=%q iat=%s claims=%d}", kb.Audience, kb.IssuedAt.UTC().Format("2006-01-02T15:04:05Z"), len(kb.Claims))
}

// GoString returns the summary of [KeyBinding.String].
func (kb KeyBinding) GoString() string { return kb.String() }

// Format writes the summary of [KeyBinding.String] for every verb.
func (kb KeyBinding) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, kb.String()) }

// LogValue implements [slog.LogValuer] like String.
func (kb KeyBinding) LogValue() slog.Value { return slog.StringValue(kb.String()) }

// LogValue implements [slog.LogValuer]: initials, birth year, last four
// mobile digits, sizes only for address and photo.
func (r Resident) LogValue() slog.Value {
	year := ""
	if len(r.DOBISO) >= 4 {
		year = r.DOBISO[:4]
	}
	return slog.GroupValue(
		slog.String("name", initials(r.Name)),
		slog.String("birth_year", year),
		slog.String("gender", r.Gender),
		slog.String("mobile", maskTail(r.Mobile, 4)),
		slog.Int("address_len", len(r.FullAddress)),
		slog.Int("photo_len", len(r.Photo)),
		slog.Int("claims", len(r.Result)),
	)
}

// String returns the same masked summary as LogValue.
func (r Resident) String() string { return "sdjwt.Resident" + r.LogValue().String() }

// GoString returns the masked summary of [Resident.String].
func (r Resident) GoString() string { return r.String() }

// Format writes the masked summary of [Resident.String] for every verb.
func (r Resident) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, r.String()) }

// String summarizes the envelope without the credential or errInfo.
func (c Callback) String() string {
	code := c.ErrCode
	if !isErrCode(code) {
		code = "(free text)"
	}
	return fmt.Sprintf("sdjwt.Callback{txn=%q response_len=%d errCode=%q}", c.Txn, len(c.Response), code)
}

// GoString returns the summary of [Callback.String].
func (c Callback) GoString() string { return c.String() }

// Format writes the summary of [Callback.String] for every verb.
func (c Callback) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, c.String()) }

// LogValue implements [slog.LogValuer] like String.
func (c Callback) LogValue() slog.Value { return slog.StringValue(c.String()) }
