package sdjwt

import (
	"fmt"
	"log/slog"
)

// GoString methods make fmt's %#v print the same masked summaries as
// String: without them %#v prints every field in Go syntax, claim values,
// salts and photos included, whatever String does.

// GoString returns the summary of [Credential.String].
func (c *Credential) GoString() string { return c.String() }

// GoString returns the summary of [Token.String].
func (t *Token) GoString() string { return t.String() }

// GoString returns the summary of [Disclosure.String].
func (d Disclosure) GoString() string { return d.String() }

// GoString returns the masked summary of [Resident.String].
func (r *Resident) GoString() string { return r.String() }

// GoString returns the summary of [Callback.String].
func (c *Callback) GoString() string { return c.String() }

// String summarizes the Key Binding JWT without its nonce or claims.
func (kb *KeyBinding) String() string {
	if kb == nil {
		return "sdjwt.KeyBinding(nil)"
	}
	return fmt.Sprintf("sdjwt.KeyBinding{aud=%q iat=%s claims=%d}", kb.Audience, kb.IssuedAt.UTC().Format("2006-01-02T15:04:05Z"), len(kb.Claims))
}

// GoString returns the summary of [KeyBinding.String].
func (kb *KeyBinding) GoString() string { return kb.String() }

// LogValue implements [slog.LogValuer] like String.
func (kb *KeyBinding) LogValue() slog.Value { return slog.StringValue(kb.String()) }
