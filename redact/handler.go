package redact

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"math"
	"strconv"
	"time"
)

// Handler is a [slog.Handler] that redacts every record before passing it
// to an inner handler: the message, every attribute value (strings,
// integers and integral floats, groups at any depth, values of
// [slog.LogValuer]s, errors, Stringers and other values through their JSON
// form), attribute keys that hold personal data themselves, and the whole
// value of attributes with a sensitive key. A group opened with
// [Handler.WithGroup] under a sensitive name ("address") has every
// attribute in it replaced whole. Attributes given to [Handler.WithAttrs]
// are redacted once, then.
type Handler struct {
	inner slog.Handler
	r     *Redactor
	// group is the kind of the innermost sensitive group opened by
	// WithGroup, 0 outside one: every attribute inside is replaced whole.
	group Kind
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
		ra, c := h.r.groupAttr(a, h.group)
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
		red[i], _ = h.r.groupAttr(a, h.group)
	}
	return &Handler{inner: h.inner.WithAttrs(red), r: h.r, group: h.group}
}

// WithGroup returns a Handler whose inner handler opens group name. When
// name is a sensitive key whose rule covers a whole object ("address",
// "result", "photo"), every attribute logged in the group is replaced
// whole.
func (h *Handler) WithGroup(name string) slog.Handler {
	g := h.group
	if k := h.r.groupKind(name); k != 0 {
		g = k
	}
	return &Handler{inner: h.inner.WithGroup(name), r: h.r, group: g}
}

// groupKind returns the kind that replaces the members of a group named
// name whole, or 0.
func (r *Redactor) groupKind(name string) Kind {
	info := r.lookupKey(stringBytes(name))
	if info.kind == 0 || r.modes[info.kind] == Off || !r.whole(info, nil, 'o', nil, 0) {
		return 0
	}
	return info.kind
}

// ReplaceAttr redacts one attribute. It has the signature of
// [slog.HandlerOptions].ReplaceAttr, for callers who want only the hook:
//
//	slog.NewJSONHandler(w, &slog.HandlerOptions{ReplaceAttr: r.ReplaceAttr})
//
// The built-in handlers call it for the message too (key [slog.MessageKey],
// no groups), and for each attribute inside a group with the names of the
// groups around it: an attribute in a group with a sensitive name
// ("address") is replaced whole. Only [NewHandler] also sees the keys of
// groups themselves and redacts attributes given to WithAttrs once instead
// of at every record.
func (r *Redactor) ReplaceAttr(groups []string, a slog.Attr) slog.Attr {
	var g Kind
	for _, name := range groups {
		if k := r.groupKind(name); k != 0 {
			g = k
		}
	}
	a, _ = r.groupAttr(a, g)
	return a
}

// groupAttr is attr for an attribute inside a group of kind g (0 outside
// a sensitive group): there every attribute is replaced whole.
func (r *Redactor) groupAttr(a slog.Attr, g Kind) (slog.Attr, bool) {
	if g == 0 {
		return r.attr(a)
	}
	a.Value = a.Value.Resolve()
	a, _ = r.attrKey(a)
	if a.Value.Kind() == slog.KindGroup {
		ga := a.Value.Group()
		red := make([]slog.Attr, 0, len(ga))
		for _, m := range ga {
			rm, _ := r.groupAttr(m, g)
			red = append(red, rm) // a dropped member is the zero Attr, which slog ignores
		}
		a.Value = slog.GroupValue(red...)
		return a, true
	}
	ra, _ := r.wholeAttr(a, g)
	return ra, true
}

// attrKey redacts a key that holds personal data itself ("234123412346":
// a number logged as a key).
func (r *Redactor) attrKey(a slog.Attr) (slog.Attr, bool) {
	if len(a.Key) < 8 || !scanKey(stringBytes(a.Key)) {
		return a, false
	}
	if k, c := r.redactString(a.Key); c {
		a.Key = k
		return a, true
	}
	return a, false
}

// attr returns the redacted form of a, and whether it differs from a.
func (r *Redactor) attr(a slog.Attr) (slog.Attr, bool) {
	v := a.Value.Resolve()
	changed := v.Kind() != a.Value.Kind()
	a.Value = v
	a, kc := r.attrKey(a)
	changed = changed || kc
	info := r.lookupKey(stringBytes(a.Key))
	if info.kind != 0 && r.modes[info.kind] != Off && r.wholeAttrValue(info, v) {
		ra, c := r.wholeAttr(a, info.kind)
		return ra, c || changed
	}
	switch v.Kind() {
	case slog.KindString:
		if info.rule == ruleTraceID && hexID(stringBytes(v.String())) {
			return a, changed
		}
		if red, c := r.redactString(v.String()); c {
			a.Value = slog.StringValue(red)
			return a, true
		}
	case slog.KindInt64, slog.KindUint64, slog.KindFloat64:
		// Only numbers of 10 to 19 digits can be ones we detect; the
		// rest are not formatted at all.
		if !bigNumber(v) {
			return a, changed
		}
		num := numberText(make([]byte, 0, 24), v)
		if len(num) < 10 || len(num) > 19 {
			return a, changed
		}
		if m, ok := r.digits(nil, num, 0, len(num), 0); ok && m.end == len(num) {
			r.countOne(m.kind)
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
	return a, changed
}

// bigNumber reports whether v is a number of 10 digits or more: one the
// detectors may take for an identifier.
func bigNumber(v slog.Value) bool {
	switch v.Kind() {
	case slog.KindInt64:
		return v.Int64() >= 1e9
	case slog.KindUint64:
		return v.Uint64() >= 1e9
	case slog.KindFloat64:
		return v.Float64() >= 1e9
	}
	return false
}

// numberText appends the digits of an integer value, or of a float that
// holds an integer (an Aadhaar number logged as a float64), to dst; other
// floats give nothing.
func numberText(dst []byte, v slog.Value) []byte {
	switch v.Kind() {
	case slog.KindInt64:
		if n := v.Int64(); n >= 0 {
			return strconv.AppendInt(dst, n, 10)
		}
	case slog.KindUint64:
		return strconv.AppendUint(dst, v.Uint64(), 10)
	case slog.KindFloat64:
		if f := v.Float64(); f >= 1e9 && f < 1e19 && f == math.Trunc(f) {
			return strconv.AppendFloat(dst, f, 'f', 0, 64)
		}
	}
	return dst
}

// wholeAttrValue applies the rule of a sensitive key to a slog value.
func (r *Redactor) wholeAttrValue(info keyInfo, v slog.Value) bool {
	switch v.Kind() {
	case slog.KindString:
		return r.whole(info, stringBytes(v.String()), 's', nil, 0)
	case slog.KindGroup:
		return r.whole(info, nil, 'o', nil, 0)
	case slog.KindInt64, slog.KindUint64, slog.KindFloat64:
		var nb [24]byte
		return r.whole(info, numberText(nb[:0], v), 'n', nil, 0)
	case slog.KindAny:
		switch x := v.Any().(type) {
		case nil:
			return false
		case error:
			return r.whole(info, []byte(x.Error()), 's', nil, 0)
		case fmt.Stringer:
			return r.whole(info, []byte(x.String()), 's', nil, 0)
		case []byte:
			return r.whole(info, x, 's', nil, 0)
		}
		return r.whole(info, nil, 'o', nil, 0)
	}
	return info.rule == ruleWhole || info.rule == ruleName
}

// wholeAttr replaces the value of an attribute with a sensitive key.
func (r *Redactor) wholeAttr(a slog.Attr, k Kind) (slog.Attr, bool) {
	v := a.Value
	switch v.Kind() {
	case slog.KindBool:
		return a, false
	case slog.KindString:
		if kept(stringBytes(v.String())) {
			return a, false
		}
	case slog.KindAny:
		if v.Any() == nil {
			return a, false
		}
	}
	mode := r.modes[k]
	if mode == Drop {
		r.countOne(k)
		return slog.Attr{}, true
	}
	// A value one detector covers is labelled as what it is.
	var nb [24]byte
	var text []byte
	switch v.Kind() {
	case slog.KindString:
		text = stringBytes(v.String())
	case slog.KindInt64, slog.KindUint64, slog.KindFloat64:
		text = numberText(nb[:0], v)
	}
	if len(text) > 0 {
		e := emitter{r: r, src: text}
		if m, ok := r.valueMatch(&e, 0, len(text)); ok {
			r.countOne(m.kind)
			a.Value = slog.StringValue(string(r.render(nil, m, text, r.modes[m.kind])))
			return a, true
		}
	}
	r.countOne(k)
	var raw []byte
	if mode == Hash {
		// The tag of a whole value is computed over its JSON text, as
		// on a JSON line (see the package documentation).
		raw = appendSlogJSON(nil, v)
	}
	a.Value = slog.StringValue(string(r.render(nil, match{kind: k}, raw, mode)))
	return a, true
}

// appendSlogJSON appends the JSON text of v as [slog.JSONHandler] writes
// it (strings escaped as in package redact's JSON text: '"', '\\' and
// control characters only).
func appendSlogJSON(dst []byte, v slog.Value) []byte {
	switch v.Kind() {
	case slog.KindString:
		return appendQuoted(dst, v.String())
	case slog.KindInt64:
		return strconv.AppendInt(dst, v.Int64(), 10)
	case slog.KindUint64:
		return strconv.AppendUint(dst, v.Uint64(), 10)
	case slog.KindFloat64:
		return AppendJSONFloat(dst, v.Float64())
	case slog.KindBool:
		return strconv.AppendBool(dst, v.Bool())
	case slog.KindDuration:
		return strconv.AppendInt(dst, int64(v.Duration()), 10)
	case slog.KindTime:
		return appendQuoted(dst, v.Time().Format(time.RFC3339Nano))
	case slog.KindGroup:
		dst = append(dst, '{')
		n := 0
		for _, ga := range v.Group() {
			if ga.Equal(slog.Attr{}) {
				continue
			}
			if n > 0 {
				dst = append(dst, ',')
			}
			n++
			dst = appendQuoted(dst, ga.Key)
			dst = append(dst, ':')
			dst = appendSlogJSON(dst, ga.Value.Resolve())
		}
		return append(dst, '}')
	case slog.KindAny:
		x := v.Any()
		if err, ok := x.(error); ok {
			if _, jm := x.(json.Marshaler); !jm {
				return appendQuoted(dst, err.Error())
			}
		}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if enc.Encode(x) != nil {
			return appendQuoted(dst, fmt.Sprintf("%+v", x))
		}
		return append(dst, bytes.TrimRight(buf.Bytes(), "\n")...)
	}
	return appendQuoted(dst, v.String())
}

// appendQuoted appends s as a JSON string.
func appendQuoted(dst []byte, s string) []byte {
	dst = append(dst, '"')
	dst = appendJSONEscaped(dst, stringBytes(s))
	return append(dst, '"')
}

// anyValue redacts a value of kind Any: errors and Stringers through their
// text, byte slices as text, everything else through its JSON encoding,
// decoded again with numbers kept as written (json.Number), so that an
// integer above 2^53 keeps every digit.
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
		d := json.NewDecoder(bytes.NewReader(red))
		d.UseNumber()
		if err := d.Decode(&out); err != nil {
			return slog.StringValue(string(red)), true
		}
		return slog.AnyValue(out), true
	}
	if red, c := r.redactString(s); c {
		return slog.StringValue(red), true
	}
	return slog.Value{}, false
}
