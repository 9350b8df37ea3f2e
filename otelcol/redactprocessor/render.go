package redactprocessor

import (
	"math"
	"strconv"
	"unsafe"

	"go.opentelemetry.io/collector/pdata/pcommon"

	"github.com/kyckit/kyckit/redact"
)

// The JSON text of pdata values: how the processor sees a map as the JSON
// object redact's JSON path would read. Strings escape only '"', '\\' and
// control characters (as slog's JSONHandler and encoding/json with
// SetEscapeHTML(false) write valid UTF-8); integers are their digits;
// doubles are written as encoding/json writes a float64 (NaN and
// infinities, which JSON has no number for, as strings); bytes as the text
// they hold; an empty value as null.

// node is where a member's or element's value stands in the JSON text of
// its record: start and end bound a string's content (between its quotes)
// or any other value's text; next is the index of the node after the
// value's own members.
type node struct{ start, end, next int32 }

// appendRecord appends the JSON text of a record, a pcommon.Map or a
// pcommon.Value holding a map or a slice, to dst, and the nodes of its
// members and elements, in the order of a depth-first walk, to nodes.
func appendRecord(dst []byte, nodes []node, rec any) ([]byte, []node) {
	w := recordWriter{dst: dst, nodes: nodes}
	switch rec := rec.(type) {
	case pcommon.Map:
		w.object(rec)
	case pcommon.Value:
		w.value(rec)
	}
	return w.dst, w.nodes
}

type recordWriter struct {
	dst   []byte
	nodes []node
}

func (w *recordWriter) object(m pcommon.Map) {
	w.dst = append(w.dst, '{')
	first := true
	for k, v := range m.All() {
		if !first {
			w.dst = append(w.dst, ',')
		}
		first = false
		w.dst = appendJSONString(w.dst, k)
		w.dst = append(w.dst, ':')
		w.member(v)
	}
	w.dst = append(w.dst, '}')
}

// member writes a member's or element's value and its node.
func (w *recordWriter) member(v pcommon.Value) {
	i := len(w.nodes)
	w.nodes = append(w.nodes, node{})
	start := len(w.dst)
	w.value(v)
	end := len(w.dst)
	if t := v.Type(); t == pcommon.ValueTypeStr || t == pcommon.ValueTypeBytes ||
		(t == pcommon.ValueTypeDouble && !finite(v.Double())) {
		start, end = start+1, end-1 // a string's content
	}
	w.nodes[i] = node{start: int32(start), end: int32(end), next: int32(len(w.nodes))}
}

func (w *recordWriter) value(v pcommon.Value) {
	switch v.Type() {
	case pcommon.ValueTypeMap:
		w.object(v.Map())
	case pcommon.ValueTypeSlice:
		s := v.Slice()
		w.dst = append(w.dst, '[')
		for i := range s.Len() {
			if i > 0 {
				w.dst = append(w.dst, ',')
			}
			w.member(s.At(i))
		}
		w.dst = append(w.dst, ']')
	default:
		w.dst = appendJSON(w.dst, v)
	}
}

// appendJSON appends the JSON text of v.
func appendJSON(dst []byte, v pcommon.Value) []byte {
	switch v.Type() {
	case pcommon.ValueTypeStr:
		return appendJSONString(dst, v.Str())
	case pcommon.ValueTypeInt, pcommon.ValueTypeDouble:
		if v.Type() == pcommon.ValueTypeDouble && !finite(v.Double()) {
			return appendJSONString(dst, v.AsString())
		}
		return appendNumber(dst, v)
	case pcommon.ValueTypeBool:
		return strconv.AppendBool(dst, v.Bool())
	case pcommon.ValueTypeBytes:
		return appendJSONString(dst, unsafeString(v.Bytes().AsRaw()))
	case pcommon.ValueTypeMap:
		return appendMapJSON(dst, v.Map())
	case pcommon.ValueTypeSlice:
		return appendSliceJSON(dst, v.Slice())
	}
	return append(dst, "null"...)
}

func appendMapJSON(dst []byte, m pcommon.Map) []byte {
	dst = append(dst, '{')
	first := true
	for k, v := range m.All() {
		if !first {
			dst = append(dst, ',')
		}
		first = false
		dst = appendJSONString(dst, k)
		dst = append(dst, ':')
		dst = appendJSON(dst, v)
	}
	return append(dst, '}')
}

func appendSliceJSON(dst []byte, s pcommon.Slice) []byte {
	dst = append(dst, '[')
	for i := range s.Len() {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendJSON(dst, s.At(i))
	}
	return append(dst, ']')
}

// appendNumber appends the JSON text of an integer or a finite double.
func appendNumber(dst []byte, v pcommon.Value) []byte {
	if v.Type() == pcommon.ValueTypeInt {
		return strconv.AppendInt(dst, v.Int(), 10)
	}
	return redact.AppendJSONFloat(dst, v.Double())
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

// unsafeString views b as a string without copying; b must not change
// while the string is used (redact copies what it keeps).
func unsafeString(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }
