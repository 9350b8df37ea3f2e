package sdjwt

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
)

// Every type of this package that holds claim values, salts, nonces or
// photos (Credential, Token, Disclosure, KeyBinding, Resident, Callback)
// prints, logs and encodes as a summary only, through a pointer and as a
// dereferenced value alike, and a nil pointer as nil:
//
//   - String, GoString and Format (every fmt verb: %v, %+v, %#v, %s, %q,
//     %x...; without Format, %+v of a value would walk the fields) have
//     value receivers, so values and pointers print the summary; fmt
//     prints a nil pointer as "<nil>" (it recovers the dereference).
//   - LogValue has a pointer receiver that checks for nil: slog logs a
//     pointer as the summary and a nil one as null ("<nil>" in text). A
//     value receiver would put LogValue in the method set of the pointer
//     too, and slog would call it on a nil pointer and log "LogValue
//     panicked" with a stack.
//   - MarshalText has a value receiver and returns the summary, so a
//     dereferenced value, which is no slog.LogValuer, is still logged as
//     the summary: slog's text handler prefers MarshalText, and its JSON
//     handler marshals the value, which encoding/json does through
//     MarshalText. Any encoder honouring encoding.TextMarshaler masks
//     alike. Marshal T.Claims (or Token.Payload, KeyBinding.Claims) for
//     the values themselves.
//   - Resident alone has a JSON form (the OVSE status API's names):
//     (*Resident).MarshalJSON, a pointer receiver, so json.Marshal(&r)
//     and addressable Residents encode it, while a bare Resident value
//     (a slog attribute, an interface holding a copy) encodes the
//     summary.
//
// slog does not resolve LogValuers inside slices, maps or structs, and
// its JSON handler marshals those containers: log each element, never
// the container.

// nilValue is what LogValue returns for a nil pointer: null in JSON,
// <nil> in text.
var nilValue = slog.AnyValue(nil)

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

// MarshalText returns the summary of [Credential.String].
func (c Credential) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// LogValue implements [slog.LogValuer]: issuer, type and counts, never
// claim values; null for a nil c.
func (c *Credential) LogValue() slog.Value {
	if c == nil {
		return nilValue
	}
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

// MarshalText returns the summary of [Token.String].
func (t Token) MarshalText() ([]byte, error) { return []byte(t.String()), nil }

// LogValue implements [slog.LogValuer]: the summary, never claim values;
// null for a nil t.
func (t *Token) LogValue() slog.Value {
	if t == nil {
		return nilValue
	}
	return slog.StringValue(t.String())
}

// GoString returns the summary of [Disclosure.String].
func (d Disclosure) GoString() string { return d.String() }

// Format writes the summary of [Disclosure.String] for every verb.
func (d Disclosure) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, d.String()) }

// MarshalText returns the summary of [Disclosure.String].
func (d Disclosure) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// LogValue implements [slog.LogValuer] like String; null for a nil d.
func (d *Disclosure) LogValue() slog.Value {
	if d == nil {
		return nilValue
	}
	return slog.StringValue(d.String())
}

// String summarizes the Key Binding JWT without its nonce or claims.
func (kb KeyBinding) String() string {
	return fmt.Sprintf("sdjwt.KeyBinding{aud=%q iat=%s claims=%d}", kb.Audience, kb.IssuedAt.UTC().Format("2006-01-02T15:04:05Z"), len(kb.Claims))
}

// GoString returns the summary of [KeyBinding.String].
func (kb KeyBinding) GoString() string { return kb.String() }

// Format writes the summary of [KeyBinding.String] for every verb.
func (kb KeyBinding) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, kb.String()) }

// MarshalText returns the summary of [KeyBinding.String].
func (kb KeyBinding) MarshalText() ([]byte, error) { return []byte(kb.String()), nil }

// LogValue implements [slog.LogValuer] like String; null for a nil kb.
func (kb *KeyBinding) LogValue() slog.Value {
	if kb == nil {
		return nilValue
	}
	return slog.StringValue(kb.String())
}

// LogValue implements [slog.LogValuer]: initials, birth year, last four
// mobile digits, sizes only for address and photo; null for a nil r.
func (r *Resident) LogValue() slog.Value {
	if r == nil {
		return nilValue
	}
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

// MarshalText returns the masked summary of [Resident.String]: what a
// Resident value that is not addressable encodes as. The JSON form is
// [Resident.MarshalJSON]'s, through a pointer.
func (r Resident) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// residentJSON is Resident without its methods: its fields and their
// JSON names.
type residentJSON Resident

// MarshalJSON writes the JSON form of a Resident (see [Resident]).
func (r *Resident) MarshalJSON() ([]byte, error) {
	if r == nil {
		return []byte("null"), nil
	}
	return json.Marshal((*residentJSON)(r))
}

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

// MarshalText returns the summary of [Callback.String].
func (c Callback) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// LogValue implements [slog.LogValuer] like String; null for a nil c.
func (c *Callback) LogValue() slog.Value {
	if c == nil {
		return nilValue
	}
	return slog.StringValue(c.String())
}
