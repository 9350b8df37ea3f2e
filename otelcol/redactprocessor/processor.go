package redactprocessor

import (
	"bytes"
	"context"
	"log/slog"
	"math"
	"strconv"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/pmetric"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/collector/pipeline"
	"go.opentelemetry.io/collector/processor"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"github.com/kyckit/kyckit/internal/jsonstr"
	"github.com/kyckit/kyckit/redact"
)

// scopeName is the instrumentation scope of the processor's own metrics.
const scopeName = "github.com/kyckit/kyckit/otelcol/redactprocessor"

// MetricReplacements is the collector metric counting replacements, with
// the attributes "detector" (the redact.Kind: "aadhaar", "pan", "field"…),
// "processor" (the component id, "kyckitredact/1") and "otel.signal"
// ("logs", "traces", "metrics"), as the collector's processor metrics have.
const MetricReplacements = "otelcol_processor_kyckitredact_replacements"

// redactProcessor applies one redact.Redactor to logs, traces and metrics.
// It holds no mutable state: each batch gets its own pass.
type redactProcessor struct {
	r       *redact.Redactor
	maxLine int
	kinds   []redact.Kind
	counter metric.Int64Counter
	// detector holds the "detector" attribute of each kind, by Kind.
	detector []metric.AddOption
}

func newRedactProcessor(r *redact.Redactor, maxLine int, set processor.Settings, signal pipeline.Signal) (*redactProcessor, error) {
	counter, err := set.TelemetrySettings.MeterProvider.Meter(scopeName).Int64Counter(MetricReplacements,
		metric.WithDescription("Values replaced by the kyckitredact processor, per detector."),
		metric.WithUnit("{replacement}"))
	if err != nil {
		return nil, err
	}
	p := &redactProcessor{r: r, maxLine: maxLine, kinds: redact.Kinds(), counter: counter}
	p.detector = make([]metric.AddOption, int(p.kinds[len(p.kinds)-1])+1)
	for _, k := range p.kinds {
		p.detector[k] = metric.WithAttributeSet(attribute.NewSet(
			attribute.String("detector", k.String()),
			attribute.String("processor", set.ID.String()),
			attribute.String("otel.signal", signal.String())))
	}
	return p, nil
}

// pass redacts one batch and counts what it replaced.
type pass struct {
	p     *redactProcessor
	r     *redact.Redactor // p.r counting into st
	st    redact.Stats
	visit func(string, pcommon.Value) bool // value, bound once
	// Scratch buffers for values of sensitive keys and numbers.
	doc, out []byte
	num      [20]byte
	numOut   [64]byte
}

func (p *redactProcessor) newPass() *pass {
	ps := &pass{p: p}
	ps.r = p.r.WithStats(&ps.st)
	ps.visit = ps.value
	return ps
}

// flush records the batch's replacements in the collector's metrics.
func (ps *pass) flush(ctx context.Context) {
	for _, k := range ps.p.kinds {
		if n := ps.st.Count(k); n > 0 {
			ps.p.counter.Add(ctx, int64(n), ps.p.detector[k])
		}
	}
}

func (p *redactProcessor) processLogs(ctx context.Context, ld plog.Logs) (plog.Logs, error) {
	ps := p.newPass()
	rls := ld.ResourceLogs()
	for i := range rls.Len() {
		rl := rls.At(i)
		ps.attrs(rl.Resource().Attributes())
		sls := rl.ScopeLogs()
		for j := range sls.Len() {
			sl := sls.At(j)
			ps.attrs(sl.Scope().Attributes())
			lrs := sl.LogRecords()
			for k := range lrs.Len() {
				lr := lrs.At(k)
				ps.value("", lr.Body())
				ps.attrs(lr.Attributes())
			}
		}
	}
	ps.flush(ctx)
	return ld, nil
}

func (p *redactProcessor) processTraces(ctx context.Context, td ptrace.Traces) (ptrace.Traces, error) {
	ps := p.newPass()
	rss := td.ResourceSpans()
	for i := range rss.Len() {
		rs := rss.At(i)
		ps.attrs(rs.Resource().Attributes())
		sss := rs.ScopeSpans()
		for j := range sss.Len() {
			ss := sss.At(j)
			ps.attrs(ss.Scope().Attributes())
			spans := ss.Spans()
			for k := range spans.Len() {
				span := spans.At(k)
				if s, ok := ps.text(span.Name()); ok {
					span.SetName(s)
				}
				ps.attrs(span.Attributes())
				if s, ok := ps.text(span.Status().Message()); ok {
					span.Status().SetMessage(s)
				}
				events := span.Events()
				for e := range events.Len() {
					ev := events.At(e)
					if s, ok := ps.text(ev.Name()); ok {
						ev.SetName(s)
					}
					ps.attrs(ev.Attributes())
				}
				links := span.Links()
				for l := range links.Len() {
					ps.attrs(links.At(l).Attributes())
				}
			}
		}
	}
	ps.flush(ctx)
	return td, nil
}

func (p *redactProcessor) processMetrics(ctx context.Context, md pmetric.Metrics) (pmetric.Metrics, error) {
	ps := p.newPass()
	rms := md.ResourceMetrics()
	for i := range rms.Len() {
		rm := rms.At(i)
		ps.attrs(rm.Resource().Attributes())
		sms := rm.ScopeMetrics()
		for j := range sms.Len() {
			sm := sms.At(j)
			ps.attrs(sm.Scope().Attributes())
			ms := sm.Metrics()
			for k := range ms.Len() {
				ps.metric(ms.At(k))
			}
		}
	}
	ps.flush(ctx)
	return md, nil
}

// metric redacts the attributes of every data point and exemplar of m.
func (ps *pass) metric(m pmetric.Metric) {
	switch m.Type() {
	case pmetric.MetricTypeGauge:
		dps := m.Gauge().DataPoints()
		for i := range dps.Len() {
			ps.attrs(dps.At(i).Attributes())
			ps.exemplars(dps.At(i).Exemplars())
		}
	case pmetric.MetricTypeSum:
		dps := m.Sum().DataPoints()
		for i := range dps.Len() {
			ps.attrs(dps.At(i).Attributes())
			ps.exemplars(dps.At(i).Exemplars())
		}
	case pmetric.MetricTypeHistogram:
		dps := m.Histogram().DataPoints()
		for i := range dps.Len() {
			ps.attrs(dps.At(i).Attributes())
			ps.exemplars(dps.At(i).Exemplars())
		}
	case pmetric.MetricTypeExponentialHistogram:
		dps := m.ExponentialHistogram().DataPoints()
		for i := range dps.Len() {
			ps.attrs(dps.At(i).Attributes())
			ps.exemplars(dps.At(i).Exemplars())
		}
	case pmetric.MetricTypeSummary:
		dps := m.Summary().DataPoints()
		for i := range dps.Len() {
			ps.attrs(dps.At(i).Attributes())
		}
	}
}

func (ps *pass) exemplars(es pmetric.ExemplarSlice) {
	for i := range es.Len() {
		ps.attrs(es.At(i).FilteredAttributes())
	}
}

// attrs redacts a map in place; entries whose whole value is dropped
// ([redact.Drop] of a sensitive key) are removed.
func (ps *pass) attrs(m pcommon.Map) {
	if m.Len() > 0 {
		m.RemoveIf(ps.visit)
	}
}

// value redacts v, the value of key in a map (key "" for a log body or a
// slice element), the way redact treats a JSON value: the whole value of a
// sensitive key is replaced, anything else is scanned, maps and slices
// recursively. It reports whether the entry is to be removed.
func (ps *pass) value(key string, v pcommon.Value) bool {
	if key != "" && (ps.sensitive(key) || isData(key) && v.Type() == pcommon.ValueTypeStr) {
		return ps.whole(key, v)
	}
	switch v.Type() {
	case pcommon.ValueTypeStr:
		if s, ok := ps.text(v.Str()); ok {
			v.SetStr(s)
		}
	case pcommon.ValueTypeInt:
		ps.number(v, v.Int())
	case pcommon.ValueTypeDouble:
		// JSON numbers parsed by the collector (the filelog json_parser)
		// arrive as doubles; an integral one is scanned like an integer.
		if f := v.Double(); f >= 1e9 && f < 1e16 && f == math.Trunc(f) {
			ps.number(v, int64(f))
		}
	case pcommon.ValueTypeBytes:
		b := v.Bytes().AsRaw()
		if len(b) > ps.p.maxLine {
			if s, ok := ps.long(b); ok {
				v.SetEmptyBytes().FromRaw([]byte(s))
			}
			break
		}
		out := ps.r.Redact(ps.out[:0], b)
		ps.out = out[:0]
		if !bytes.Equal(out, b) {
			v.SetEmptyBytes().FromRaw(bytes.Clone(out))
		}
	case pcommon.ValueTypeMap:
		ps.attrs(v.Map())
	case pcommon.ValueTypeSlice:
		s := v.Slice()
		for i := range s.Len() {
			ps.value("", s.At(i))
		}
	}
	return false
}

// sensitive reports whether key is a sensitive key (a [redact.Field] or
// [redact.Secret] key whose mode is not Off). redact exports no key lookup,
// so this asks ReplaceAttr about an integer 0: redact leaves such a value
// alone unless the key is sensitive, and then replaces it
// (TestSensitiveProbe pins this).
func (ps *pass) sensitive(key string) bool {
	a := ps.p.r.ReplaceAttr(nil, slog.Int64(key, 0))
	return a.Value.Kind() != slog.KindInt64
}

// isData reports whether key is "data" in any case: redact replaces its
// string value when it is a 1Kosmos envelope and scans it otherwise.
func isData(key string) bool {
	return len(key) == 4 && key[0]|0x20 == 'd' && key[1]|0x20 == 'a' && key[2]|0x20 == 't' && key[3]|0x20 == 'a'
}

// whole redacts the value of a sensitive key (or of "data") through
// redact's JSON path on the one-member object {key: value}, so that every
// rule of that path holds here too: null and booleans are kept, existing
// tags are kept, hash tags are computed over the value's JSON text as
// "kyckit redact" computes them on a JSON log line, and the replacement is
// counted under the key's detector. It reports whether the entry is to be
// removed ([redact.Drop]).
func (ps *pass) whole(key string, v pcommon.Value) bool {
	doc := append(ps.doc[:0], '{')
	doc = appendJSONString(doc, key)
	doc = append(doc, ':')
	start := len(doc)
	switch v.Type() {
	case pcommon.ValueTypeEmpty, pcommon.ValueTypeBool:
		return false
	case pcommon.ValueTypeStr:
		doc = appendJSONString(doc, v.Str())
	case pcommon.ValueTypeInt:
		doc = strconv.AppendInt(doc, v.Int(), 10)
	case pcommon.ValueTypeDouble:
		if f := v.Double(); math.IsNaN(f) || math.IsInf(f, 0) {
			doc = appendJSONString(doc, v.AsString())
		} else {
			doc = strconv.AppendFloat(doc, f, 'g', -1, 64)
		}
	case pcommon.ValueTypeBytes:
		doc = appendJSONString(doc, v.AsString()) // base64, as encoding/json writes []byte
	default: // maps and slices: their JSON encoding
		doc = append(doc, v.AsString()...)
	}
	doc = append(doc, '}')
	ps.doc = doc
	out := ps.r.Redact(ps.out[:0], doc)
	ps.out = out[:0]
	if bytes.Equal(out, doc) {
		return false
	}
	if bytes.HasPrefix(out, doc[:start]) && out[len(out)-1] == '}' {
		nv := out[start : len(out)-1]
		if string(nv) == "null" {
			return true
		}
		if s, ok := unquote(nv); ok {
			v.SetStr(s)
			return false
		}
	}
	// redact replaces a whole value by a string or null, so this is not
	// reached; should it be, nothing of the value is kept.
	v.SetStr("[" + redact.Field.Label() + "]")
	return false
}

// text redacts a string; ok reports a change.
func (ps *pass) text(s string) (string, bool) {
	if len(s) > ps.p.maxLine {
		return ps.long([]byte(s))
	}
	out := ps.r.RedactString(s)
	return out, out != s
}

// long redacts a value longer than max_line the way "kyckit redact" treats
// a long line: line by line, in pieces of at most max_line bytes.
func (ps *pass) long(b []byte) (string, bool) {
	var buf bytes.Buffer
	buf.Grow(len(b) + 64)
	w := redact.NewWriter(&buf, ps.r)
	_, _ = w.Write(b) // a bytes.Buffer never fails
	_ = w.Close()
	return buf.String(), !bytes.Equal(buf.Bytes(), b)
}

// number scans an integer with 10 to 16 digits, the lengths of mobiles,
// Aadhaar numbers and VIDs; a match replaces the number by a string, as
// redact does for a JSON number. Negative numbers are left alone, as in
// JSON.
func (ps *pass) number(v pcommon.Value, n int64) {
	if n < 1e9 || n >= 1e16 {
		return
	}
	digits := strconv.AppendInt(ps.num[:0], n, 10)
	out := ps.r.Redact(ps.numOut[:0], digits)
	if !bytes.Equal(out, digits) {
		v.SetStr(string(out))
	}
}

// appendJSONString appends s as a JSON string. Bytes that are not valid
// UTF-8 are copied as they are; redact's JSON reader takes them.
func appendJSONString(dst []byte, s string) []byte {
	const hexDigits = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		dst = append(dst, s[start:i]...)
		switch c {
		case '"', '\\':
			dst = append(dst, '\\', c)
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		default:
			dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&15])
		}
		start = i + 1
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// unquote decodes a JSON string as redact's JSON reader does: escapes are
// decoded, other bytes (invalid UTF-8 included) kept as they are.
func unquote(q []byte) (string, bool) {
	if len(q) < 2 || q[0] != '"' || q[len(q)-1] != '"' {
		return "", false
	}
	if bytes.IndexByte(q, '\\') < 0 {
		return string(q[1 : len(q)-1]), true
	}
	s, ok := jsonstr.Append(nil, q[1:len(q)-1])
	return string(s), ok
}
