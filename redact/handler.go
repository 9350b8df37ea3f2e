package redact

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"
)

// Handler is a [slog.Handler] that redacts every record before passing it
// to an inner handler: the message, every attribute value (strings, large
// integers, groups at any depth, values of [slog.LogValuer]s, errors,
// Stringers and other values through their JSON form), and the whole value
// of attributes with a sensitive key. Attributes given to
// [Handler.WithAttrs] are redacted once, then.
type Handler struct {
	inner slog.Handler
	r     *Redactor
}

var _ slog.Handler = (*Handler)(nil)

// NewHandler returns a Handler that redacts with r and writes to inner.
func NewHandler(inner slog.Handler, r *Redactor) *Handler {
	return &Handler{inner: inner, r: r}
}

// Enabled reports whether the inner handler handles level.
func (h *Handler) Enabled(ctx context.Context, level slog.Level) bool {
	return h.inner.Enabled(ctx, level)
}

// Handle redacts rec and passes the copy to the inner handler.
func (h *Handler) Handle(ctx context.Context, rec slog.Record) error {
	msg, changed := h.r.redactString(rec.Message)
	var buf [8]slog.Attr
	attrs := buf[:0]
	rec.Attrs(func(a slog.Attr) bool {
		ra, c := h.r.attr(a)
		changed = changed || c
		attrs = append(attrs, ra)
		return true
	})
	if !changed {
		return h.inner.Handle(ctx, rec) // nothing to hide: no copy
	}
	nr := slog.NewRecord(rec.Time, rec.Level, msg, rec.PC)
	nr.AddAttrs(attrs...)
	return h.inner.Handle(ctx, nr)
}

// WithAttrs redacts attrs once and returns a Handler whose inner handler
// carries them.
func (h *Handler) WithAttrs(attrs []slog.Attr) slog.Handler {
	red := make([]slog.Attr, len(attrs))
	for i, a := range attrs {
		red[i], _ = h.r.attr(a)
	}
	return &Handler{inner: h.inner.WithAttrs(red), r: h.r}
}

// WithGroup returns a Handler whose inner handler opens group name.
func (h *Handler) WithGroup(name string) slog.Handler {
	return &Handler{inner: h.inner.WithGroup(name), r: h.r}
}

// ReplaceAttr redacts one attribute. It has the signature of
// [slog.HandlerOptions].ReplaceAttr, for callers who want only the hook:
//
//	slog.NewJSONHandler(w, &slog.HandlerOptions{ReplaceAttr: r.ReplaceAttr})
//
// slog does not call ReplaceAttr for the message, so [NewHandler] is the
// safer choice.
func (r *Redactor) ReplaceAttr(groups []string, a slog.Attr) slog.Attr {
	a, _ = r.attr(a)
	return a
}

// attr returns the redacted form of a, and whether it differs from a.
func (r *Redactor) attr(a slog.Attr) (slog.Attr, bool) {
	v := a.Value.Resolve()
	resolved := v.Kind() != a.Value.Kind()
	a.Value = v
	if k := r.lookupKey(stringBytes(a.Key)); k != 0 && r.modes[k] != Off {
		ra, c := r.wholeAttr(a, k)
		return ra, c || resolved
	}
	switch v.Kind() {
	case slog.KindString:
		if red, c := r.redactString(v.String()); c {
			a.Value = slog.StringValue(red)
			return a, true
		}
	case slog.KindInt64, slog.KindUint64:
		// Only 10- to 16-digit values can be numbers we detect.
		if v.Kind() == slog.KindInt64 && (v.Int64() < 1e9 || v.Int64() >= 1e16) ||
			v.Kind() == slog.KindUint64 && (v.Uint64() < 1e9 || v.Uint64() >= 1e16) {
			return a, resolved
		}
		var num []byte
		if v.Kind() == slog.KindInt64 {
			num = strconv.AppendInt(nil, v.Int64(), 10)
		} else {
			num = strconv.AppendUint(nil, v.Uint64(), 10)
		}
		if m, ok := r.digits(num, 0, len(num), 0); ok && m.end == len(num) {
			if r.modes[m.kind] == Drop {
				return slog.Attr{}, true
			}
			a.Value = slog.StringValue(string(r.render(nil, m, num, r.modes[m.kind])))
			return a, true
		}
	case slog.KindGroup:
		// Copy the group only when a member changes.
		g := v.Group()
		var red []slog.Attr
		for i, ga := range g {
			ra, c := r.attr(ga)
			if red == nil && c {
				red = make([]slog.Attr, len(g))
				copy(red, g[:i])
			}
			if red != nil {
				red[i] = ra
			}
		}
		if red != nil {
			a.Value = slog.GroupValue(red...)
			return a, true
		}
	case slog.KindAny:
		nv, c := r.anyValue(v.Any())
		if c {
			a.Value = nv
			return a, true
		}
	}
	return a, resolved
}

// wholeAttr replaces the value of an attribute with a sensitive key.
func (r *Redactor) wholeAttr(a slog.Attr, k Kind) (slog.Attr, bool) {
	v := a.Value
	switch v.Kind() {
	case slog.KindBool:
		return a, false
	case slog.KindString:
		if s := v.String(); s == "" || tagEnd(stringBytes(s), 0, len(s)) == len(s) {
			return a, false
		}
	case slog.KindAny:
		if v.Any() == nil {
			return a, false
		}
	}
	mode := r.modes[k]
	if mode == Drop {
		return slog.Attr{}, true
	}
	var raw []byte
	if mode == Hash {
		raw = []byte(v.String())
	}
	a.Value = slog.StringValue(string(r.render(nil, match{kind: k}, raw, mode)))
	return a, true
}

// anyValue redacts a value of kind Any: errors and Stringers through their
// text, byte slices as text, everything else through its JSON encoding.
func (r *Redactor) anyValue(x any) (slog.Value, bool) {
	var s string
	switch x := x.(type) {
	case nil:
		return slog.Value{}, false
	case error:
		s = x.Error()
	case fmt.Stringer:
		s = x.String()
	case []byte:
		s = string(x)
	default:
		js, err := json.Marshal(x)
		if err != nil {
			// Not JSON-encodable: redact its printed form (fail closed).
			return slog.StringValue(r.RedactString(fmt.Sprintf("%+v", x))), true
		}
		red := r.Redact(nil, js)
		if string(red) == string(js) {
			return slog.Value{}, false
		}
		var out any
		if err := json.Unmarshal(red, &out); err != nil {
			return slog.StringValue(string(red)), true
		}
		return slog.AnyValue(out), true
	}
	if red, c := r.redactString(s); c {
		return slog.StringValue(red), true
	}
	return slog.Value{}, false
}
