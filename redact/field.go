// Fields of structured records: the JSON path's key rules for callers that
// hold a record as a map (an OpenTelemetry attribute map, a decoded JSON
// document) rather than as a line of JSON text.

package redact

import (
	"log/slog"
	"math"
	"strconv"
	"sync"
)

// ValueType is the JSON type of a value given to [Redactor.RedactField].
type ValueType uint8

// The value types. The zero ValueType is not one.
const (
	// TypeString is a string; the value is its text, unescaped.
	TypeString ValueType = iota + 1
	// TypeNumber is a number; the value is its JSON text as an encoder
	// writes it: "7", "9876543210", "98765.43" (for a float64, the text
	// encoding/json writes).
	TypeNumber
	// TypeObject is an object or an array; the value is its JSON text,
	// read only by the rules that look at it and by [Hash] mode.
	TypeObject
	// TypeBool is true or false.
	TypeBool
	// TypeNull is null.
	TypeNull
)

// Action says what to do with a field's value; see [Redactor.RedactField].
type Action uint8

const (
	// Keep leaves the value as it is.
	Keep Action = iota
	// Replace replaces the value by [FieldResult].Value, a string.
	Replace
	// Remove removes the field: its detector is in [Drop] mode. (In JSON
	// text the value becomes null.)
	Remove
	// Scan says the key does not decide the value, an object or array:
	// redact each of its members (or elements) as fields of their own.
	Scan
)

// FieldResult is what [Redactor.RedactField] decided for a value.
type FieldResult struct {
	Action Action
	// Kind is the detector of a replacement or removal made because of
	// the key or covering the whole value ([Field], [Secret], [Aadhaar]
	// for an Aadhaar number under "uid"…); 0 when the value was scanned
	// (a string may then hold several replacements of several kinds).
	Kind Kind
	// Value is the replacement, for Replace.
	Value string
}

// Record is the record a field belongs to, written as JSON, so that
// [Redactor.RedactField] reads a field in its place in the record, as the
// JSON path reads a member in its line: the detectors' context words and
// codes beside a value ("passport" before a passport number, an IFSC code
// next to an account number, in the same member or a neighbouring one), and
// the two key rules that look at the whole record: a "requestid" is a
// 1Kosmos credential when the record names a licensekey, and a top-level
// "name" is kept when it is a logger's name in a log record (one with a
// level key and a message key).
//
// A nil *Record, or one without JSON, knows nothing beyond the field:
// context words are read within it (the key before its value), a
// "requestid" is a secret only when its value is a 1Kosmos envelope, and
// "name" is always replaced, as for a slog attribute. A Record is not safe
// for concurrent use.
type Record struct {
	// JSON is the record as a JSON object or array, written as the
	// caller's JSON encoder writes it; set with Reset.
	JSON []byte
	// Start and End bound the current field's value in JSON: a string's
	// content between its quotes, a number's or an object's text. The
	// caller sets them before each RedactField call. When they do not
	// bound the value given to RedactField, the field is read alone.
	Start, End int
	// Depth is the depth of the object holding the field: 1 (or 0) for
	// a member of the record itself, 2 for one of an object or array
	// inside it, and so on.
	Depth int

	kosmos, envelope uint8 // what JSON holds: 0 not known yet, 1 no, 2 yes
}

// Reset makes rec the Record of a new record, written as json.
func (rec *Record) Reset(json []byte) {
	*rec = Record{JSON: json}
}

// String describes rec without its JSON, which holds the unredacted
// record: "redact.Record{len 120, field 14:27, depth 1}".
func (rec Record) String() string {
	return string(rec.appendSummary(nil))
}

// GoString is String's text, for %#v.
func (rec Record) GoString() string { return rec.String() }

// MarshalText is String's text, so that encoding/json and slog's handlers
// write a Record, a value or a pointer, without its JSON.
func (rec Record) MarshalText() ([]byte, error) {
	return rec.appendSummary(nil), nil
}

// LogValue logs rec as String describes it; a nil *Record logs as null.
func (rec *Record) LogValue() slog.Value {
	if rec == nil {
		return slog.AnyValue(nil)
	}
	return slog.StringValue(rec.String())
}

func (rec Record) appendSummary(dst []byte) []byte {
	dst = append(dst, "redact.Record{len "...)
	dst = strconv.AppendInt(dst, int64(len(rec.JSON)), 10)
	dst = append(dst, ", field "...)
	dst = strconv.AppendInt(dst, int64(rec.Start), 10)
	dst = append(dst, ':')
	dst = strconv.AppendInt(dst, int64(rec.End), 10)
	dst = append(dst, ", depth "...)
	dst = strconv.AppendInt(dst, int64(rec.Depth), 10)
	return append(dst, '}')
}

// window returns the bytes of rec.JSON around the current field, and the
// bounds of the value in them, when rec holds the value v (its JSON text:
// a string's content escaped); ok is false otherwise.
func (rec *Record) window(v []byte) (src []byte, a, b int, ok bool) {
	if rec == nil || rec.Start < 0 || rec.End > len(rec.JSON) || rec.Start > rec.End ||
		string(rec.JSON[rec.Start:rec.End]) != string(v) {
		return nil, 0, 0, false
	}
	lo, hi := max(rec.Start-fieldContext, 0), min(rec.End+fieldContext, len(rec.JSON))
	return rec.JSON[lo:hi], rec.Start - lo, rec.End - lo, true
}

// fieldContext is how far around a value RedactField reads a Record's
// JSON: beyond every context window of the detectors (contextWindow for a
// context word, ifscWindow and an IFSC code for an account number, and the
// bytes next to a token), so that the result is the JSON path's, without
// classifying the whole record for each field. A short value and its
// context fit the emitter's own candidate masks.
const fieldContext = max(contextWindow, ifscWindow+11) + 16

// RedactField decides the value of one field of a structured record, the
// member key of an object, so that a record redacted field by field reads
// as [Redactor.Redact] makes the same record written as a JSON object:
//
//   - the value of a sensitive key (see [DefaultKeys] and
//     [Options].ExactKeys) is replaced whole, by a detector's tag when one
//     detector covers exactly the value ("mobile": "[MOBILE]"), else by
//     the key's tag ([Field] or [Secret], or removed in [Drop] mode),
//     whatever its type, where the key's rule takes that value ("uid" only
//     with 10 or more digits, "image" only with encoded data…); null,
//     booleans, empty strings and values redacted already are kept;
//   - a trace or span id under its key is kept;
//   - any other string is scanned by the free-text detectors, and any
//     other number of 10 to 19 digits is checked as an identifier
//     (Aadhaar, VID, mobile, card, account) and becomes a string tag;
//   - any other object or array gives Scan: the caller redacts its members
//     (at rec.Depth+1).
//
// value holds the value as [ValueType] t says; key is the field's key
// ("" for an array element). rec, which may be nil, is the record around
// the field (see [Record]). Hash tags of a whole value are computed over
// its JSON text (see the package documentation). Each replacement is
// counted in the [Stats] of r. RedactField does not allocate unless it
// replaces something. Keys themselves are redacted by
// [Redactor.RedactKey].
func (r *Redactor) RedactField(key, value string, t ValueType, rec *Record) FieldResult {
	info := r.lookupKey(stringBytes(key))
	if info.kind != 0 && r.modes[info.kind] == Off {
		info = keyInfo{}
	}
	if t == TypeNull || t == TypeBool {
		return FieldResult{} // null and booleans are kept
	}
	if info.kind == 0 && info.rule != ruleTraceID {
		return r.scanField(key, value, t, rec)
	}
	var vt byte
	switch t {
	case TypeString:
		vt = 's'
	case TypeNumber:
		vt = 'n'
	default:
		vt = 'o'
	}
	// The rules read the value as it stands in JSON text: a string's
	// content escaped.
	v := stringBytes(value)
	if vt == 's' && needsEscape(v) {
		v = appendJSONEscaped(nil, v)
	}
	if info.kind != 0 && r.wholeField(info, v, vt, rec) {
		return r.replaceField(info.kind, key, value, v, vt, rec)
	}
	if info.rule == ruleTraceID && vt != 'o' && hexID(v) {
		return FieldResult{}
	}
	return r.scanField(key, value, t, rec)
}

// wholeField is Redactor.whole for a field of rec.
func (r *Redactor) wholeField(info keyInfo, v []byte, vt byte, rec *Record) bool {
	depth := 1
	if rec != nil && rec.Depth > 1 {
		depth = rec.Depth
	}
	if rec == nil || rec.JSON == nil || (info.rule != ruleKosmos && info.rule != ruleName) {
		return r.whole(info, v, vt, nil, depth)
	}
	e := emitter{r: r, src: rec.JSON, kosmos: rec.kosmos, envelope: rec.envelope}
	w := r.whole(info, v, vt, &e, depth)
	rec.kosmos, rec.envelope = e.kosmos, e.envelope
	return w
}

// replaceField replaces the value of a sensitive key whole: by the tag of
// a detector that covers it exactly, else by the key's.
func (r *Redactor) replaceField(k Kind, key, value string, v []byte, vt byte, rec *Record) FieldResult {
	if vt == 's' && kept(v) {
		return FieldResult{}
	}
	if vt == 's' || vt == 'n' {
		// As in JSON, the detectors see what stands around the value:
		// the record, or at least the key.
		src, a, b, ok := rec.window(v)
		if !ok {
			fb := fieldPool.Get().(*fieldBuf)
			defer fieldPool.Put(fb)
			src, a, b = fb.field(key, v, vt == 's')
		}
		e := emitter{r: r, src: src}
		if m, ok := r.valueMatch(&e, a, b); ok {
			r.countOne(m.kind)
			return FieldResult{Action: Replace, Kind: m.kind, Value: string(r.render(nil, m, src[a:b], r.modes[m.kind]))}
		}
	}
	r.countOne(k)
	mode := r.modes[k]
	if mode == Drop {
		return FieldResult{Action: Remove, Kind: k}
	}
	var raw []byte
	if mode == Hash {
		raw = appendValueJSON(nil, value, v, vt)
	}
	return FieldResult{Action: Replace, Kind: k, Value: string(r.render(nil, match{kind: k}, raw, mode))}
}

// appendValueJSON appends the JSON text of a value: a string's escaped
// content v in quotes, a number's or object's text as it is.
func appendValueJSON(dst []byte, value string, v []byte, vt byte) []byte {
	if vt != 's' {
		return append(dst, value...)
	}
	dst = append(dst, '"')
	dst = append(dst, v...)
	return append(dst, '"')
}

// scanField redacts a value whose key does not decide it, as the JSON path
// does: strings through the free-text detectors, numbers of 10 to 19
// digits as identifiers, objects and arrays member by member (Scan).
func (r *Redactor) scanField(key, value string, t ValueType, rec *Record) FieldResult {
	switch t {
	case TypeString:
		if !r.anyText || value == "" {
			return FieldResult{}
		}
		if s, ok := r.scanFieldString(key, value, rec); ok {
			return FieldResult{Action: Replace, Value: s}
		}
		return FieldResult{}
	case TypeNumber:
		return r.scanFieldNumber(key, value, rec)
	case TypeObject:
		return FieldResult{Action: Scan}
	}
	return FieldResult{}
}

// scanFieldString scans a string value as the JSON path scans a string's
// content: in place, in its record (or after its key), when it needs no
// escapes; decoded and alone otherwise. As Redact, it scans the result
// again while a pass may have changed what the next one decides (see
// settled.go).
//
// The value is scanned alone first, which is cheap: what stands around a
// value changes a decision only through a context word, whose absence
// marks the pass unsettled (emitter.near), or by a rule that reads before
// the value and refuses a match, which the value alone then has. So a
// value that alone matches nothing and leaves the pass settled is kept;
// any other is scanned again in its place.
func (r *Redactor) scanFieldString(key, value string, rec *Record) (string, bool) {
	v := stringBytes(value)
	esc := needsEscape(v)
	if !esc {
		e := emitter{r: r, src: v}
		r.scanText(&e, 0, len(v))
		e.release()
		if !e.changed && !e.unsettled {
			return value, false
		}
	}
	fb := fieldPool.Get().(*fieldBuf)
	defer fieldPool.Put(fb)
	changed := false
	for pass := 0; pass < maxPasses; pass++ {
		v := stringBytes(value)
		src, a, b := v, 0, len(v)
		if !needsEscape(v) {
			var ok bool
			// The first pass reads the value in the record; a
			// second reads the first's output, after its key.
			if src, a, b, ok = rec.window(v); !ok || pass > 0 {
				src, a, b = v, 0, len(v)
				if key != "" {
					src, a, b = fb.field(key, v, true)
				}
			}
		}
		e := emitter{r: r, src: src}
		e.last = a
		r.scanText(&e, a, b)
		e.release()
		if !e.changed {
			break
		}
		e.flushCounts()
		out := append(e.dst, src[e.last:b]...)
		value, changed = string(out), true
		if !e.unsettled {
			break
		}
	}
	return value, changed
}

// scanFieldNumber checks a number of 10 to 19 digits as an identifier, as
// the JSON path does; the tag replaces the number as a string.
func (r *Redactor) scanFieldNumber(key, value string, rec *Record) FieldResult {
	n := len(value)
	if n < 10 || n > 19 || !allDigits(stringBytes(value)) {
		return FieldResult{}
	}
	src, a, b, ok := rec.window(stringBytes(value))
	if !ok {
		fb := fieldPool.Get().(*fieldBuf)
		defer fieldPool.Put(fb)
		src, a, b = fb.field(key, stringBytes(value), false)
	}
	e := emitter{r: r, src: src}
	m, ok := r.digits(&e, src, a, b, a)
	if !ok || m.start != a || m.end != b {
		return FieldResult{}
	}
	r.countOne(m.kind)
	if r.modes[m.kind] == Drop {
		return FieldResult{Action: Remove, Kind: m.kind}
	}
	return FieldResult{Action: Replace, Kind: m.kind, Value: string(r.render(nil, m, src[a:b], r.modes[m.kind]))}
}

// RedactKey redacts a key that holds personal data itself (a number used
// as a key: {"234123412346": {...}}), as the JSON path does: a key of 8
// or more bytes with a digit, '@' or a non-ASCII byte is scanned by the
// free-text detectors, alone (in a JSON line, what stands before the key
// could bring a context word). It reports whether the key changed.
func (r *Redactor) RedactKey(key string) (string, bool) {
	if !r.anyText || len(key) < 8 || !scanKey(stringBytes(key)) {
		return key, false
	}
	return r.scanFieldString("", key, nil)
}

// countOne counts one replacement of kind k in r's Stats.
func (r *Redactor) countOne(k Kind) {
	if r.stats != nil {
		r.stats.n[k].Add(1)
	}
}

// fieldPool holds the fieldBufs of the scans, which the detectors' state
// would otherwise move to the heap at every call.
var fieldPool = sync.Pool{New: func() any { return new(fieldBuf) }}

// fieldBuf holds the JSON text of a short field.
type fieldBuf struct {
	kv [256]byte
}

// field returns "key":value (the value quoted when str), the JSON text a
// field has in a line, and the bounds of the value's content in it. v is
// the value's content as JSON text (escaped).
func (fb *fieldBuf) field(key string, v []byte, str bool) ([]byte, int, int) {
	dst := fb.kv[:0]
	k := stringBytes(key)
	esc := needsEscape(k)
	kn := len(k)
	if esc {
		kn *= 6 // the longest escape, \u00XX
	}
	// No key (an array element) or a long field: the value alone.
	alone := key == "" || kn+len(v)+8 > len(fb.kv)
	if alone && len(v)+2 > len(fb.kv) {
		dst = make([]byte, 0, len(v)+2)
	}
	if !alone {
		// "key": before the value, the key as it stands in JSON text:
		// its words are context for the value ({"passport\"":"A1000000"}).
		dst = append(dst, '"')
		if esc {
			dst = appendJSONEscaped(dst, k)
		} else {
			dst = append(dst, key...)
		}
		dst = append(dst, '"', ':')
	}
	if str {
		dst = append(dst, '"')
	}
	a := len(dst)
	dst = append(dst, v...)
	b := len(dst)
	if str {
		dst = append(dst, '"')
	}
	return dst, a, b
}

// needsEscape reports whether s holds a byte that JSON text escapes.
func needsEscape(s []byte) bool {
	for _, c := range s {
		if c < 0x20 || c == '"' || c == '\\' {
			return true
		}
	}
	return false
}

// AppendJSONFloat appends f as encoding/json (and slog's JSONHandler)
// writes a float64: the text [Redactor.RedactField] expects for a
// [TypeNumber] value that is a float64. NaN and infinities, which JSON has
// no number for, are appended as the quoted strings slog writes for them.
func AppendJSONFloat(dst []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return appendQuoted(dst, strconv.FormatFloat(f, 'g', -1, 64))
	}
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	dst = strconv.AppendFloat(dst, f, format, -1, 64)
	if format == 'e' {
		// "1e-07" as "1e-7", as encoding/json writes it.
		if n := len(dst); n >= 4 && dst[n-4] == 'e' && dst[n-3] == '-' && dst[n-2] == '0' {
			dst[n-2] = dst[n-1]
			dst = dst[:n-1]
		}
	}
	return dst
}

// SensitiveKey returns the detector whose tag replaces the values of key
// name ([Field] or [Secret]), or 0 when the name is not a sensitive key or
// that detector is [Off]. Some sensitive keys take only some of their
// values ("uid" only numbers of 10 or more digits, "result" only objects;
// see [DefaultKeys]): [Redactor.RedactField] applies those rules. It does
// not allocate.
func (r *Redactor) SensitiveKey(name string) Kind {
	info := r.lookupKey(stringBytes(name))
	if info.kind == 0 || r.modes[info.kind] == Off {
		return 0
	}
	return info.kind
}
