package redactprocessor

import (
	"bytes"
	"context"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/pmetric"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/collector/pipeline"
	"go.opentelemetry.io/collector/processor"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

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
	visit func(string, pcommon.Value) bool // member, bound once
	// rec is the record being walked (a map body, an attribute map, a
	// slice body) written as JSON, for redact's reading of a field in
	// its record; nodes holds where each member's value stands in it, in
	// the order of the walk, and ni the next one.
	rec   redact.Record
	nodes []node
	ni    int
	// rekey: a key of the map being walked holds personal data itself;
	// depth is that map's JSON depth.
	rekey bool
	depth int
	// Scratch buffers for the JSON text of records, of objects and of
	// numbers.
	recDoc []byte
	num    [32]byte
}

func (p *redactProcessor) newPass() *pass {
	ps := &pass{p: p}
	ps.r = p.r.WithStats(&ps.st)
	ps.visit = ps.member
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
				ps.body(lr.Body())
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

// attrs redacts an attribute map in place, as one record (see member).
func (ps *pass) attrs(m pcommon.Map) {
	if m.Len() == 0 {
		return
	}
	ps.recDoc, ps.nodes = appendRecord(ps.recDoc[:0], ps.nodes[:0], m)
	ps.rec.Reset(ps.recDoc)
	ps.ni = 0
	ps.mapAt(m, 1)
}

// body redacts a log record's body: a map or a slice as one record, like a
// JSON object or array on a line of its own; a string, bytes or a number as
// a line of text.
func (ps *pass) body(v pcommon.Value) {
	switch v.Type() {
	case pcommon.ValueTypeMap:
		ps.attrs(v.Map())
	case pcommon.ValueTypeSlice:
		if v.Slice().Len() > 0 {
			ps.recDoc, ps.nodes = appendRecord(ps.recDoc[:0], ps.nodes[:0], v)
			ps.rec.Reset(ps.recDoc)
			ps.ni = 0
			ps.sliceAt(v.Slice(), 1)
		}
	case pcommon.ValueTypeStr:
		if s, ok := ps.text(v.Str()); ok {
			v.SetStr(s)
		}
	case pcommon.ValueTypeBytes:
		ps.bytesLine(v)
	case pcommon.ValueTypeInt, pcommon.ValueTypeDouble:
		num := appendNumber(ps.num[:0], v)
		if out := ps.r.RedactString(string(num)); out != string(num) {
			v.SetStr(out)
		}
	}
}

// mapAt redacts the members of m, a map at JSON depth depth (1 for the
// record itself); members whose value is dropped are removed, keys that
// hold personal data are redacted.
func (ps *pass) mapAt(m pcommon.Map, depth int) {
	saved, savedRekey := ps.depth, ps.rekey
	ps.depth, ps.rekey = depth, false
	m.RemoveIf(ps.visit)
	if ps.rekey {
		ps.redactKeys(m)
	}
	ps.depth, ps.rekey = saved, savedRekey
}

// sliceAt redacts the elements of s, an array at JSON depth depth.
func (ps *pass) sliceAt(s pcommon.Slice, depth int) {
	for i := range s.Len() {
		if ps.field("", s.At(i), depth) {
			pcommon.NewValueEmpty().CopyTo(s.At(i)) // dropped: null, as in JSON
		}
	}
}

// member redacts one member of a map (RemoveIf's callback): it reports
// whether the member is to be removed.
func (ps *pass) member(key string, v pcommon.Value) bool {
	if len(key) >= 8 {
		if _, changed := ps.r.RedactKey(key); changed { // counted here
			ps.rekey = true
		}
	}
	return ps.field(key, v, ps.depth)
}

// field redacts v, the value of key in a map (key "" for an array
// element), with [redact.Redactor.RedactField]: as redact's JSON path
// redacts the same member of the record written as a JSON object (see
// recordJSON). It reports whether the value is dropped.
func (ps *pass) field(key string, v pcommon.Value, depth int) bool {
	// The value's place in the record's JSON text; its subtree's nodes
	// follow it.
	n := ps.nodes[ps.ni]
	ps.ni++
	defer func() { ps.ni = int(n.next) }()
	ps.rec.Start, ps.rec.End, ps.rec.Depth = int(n.start), int(n.end), depth
	var res redact.FieldResult
	switch v.Type() {
	case pcommon.ValueTypeEmpty, pcommon.ValueTypeBool:
		return false // null and booleans are kept
	case pcommon.ValueTypeStr:
		s := v.Str()
		if len(s) > ps.p.maxLine && ps.r.SensitiveKey(key) == 0 {
			if out, ok := ps.long([]byte(s)); ok {
				v.SetStr(out)
			}
			return false
		}
		res = ps.r.RedactField(key, s, redact.TypeString, &ps.rec)
	case pcommon.ValueTypeInt, pcommon.ValueTypeDouble:
		if v.Type() == pcommon.ValueTypeDouble && !finite(v.Double()) {
			// Not a JSON number: its text, as a string.
			res = ps.r.RedactField(key, v.AsString(), redact.TypeString, &ps.rec)
			break
		}
		num := appendNumber(ps.num[:0], v)
		res = ps.r.RedactField(key, unsafeString(num), redact.TypeNumber, &ps.rec)
	case pcommon.ValueTypeBytes:
		// Bytes are read as the text they hold; scanned, they stay bytes.
		b := v.Bytes().AsRaw()
		if len(b) > ps.p.maxLine && ps.r.SensitiveKey(key) == 0 {
			if out, ok := ps.long(b); ok {
				v.SetEmptyBytes().FromRaw([]byte(out))
			}
			return false
		}
		res = ps.r.RedactField(key, unsafeString(b), redact.TypeString, &ps.rec)
		if res.Action == redact.Replace && res.Kind == 0 {
			v.SetEmptyBytes().FromRaw([]byte(res.Value))
			return false
		}
	case pcommon.ValueTypeMap, pcommon.ValueTypeSlice:
		// The object's JSON text, read only for a Hash tag.
		text := unsafeString(ps.recDoc[n.start:n.end])
		res = ps.r.RedactField(key, text, redact.TypeObject, &ps.rec)
		if res.Action == redact.Scan {
			if v.Type() == pcommon.ValueTypeMap {
				ps.mapAt(v.Map(), depth+1)
			} else {
				ps.sliceAt(v.Slice(), depth+1)
			}
			return false
		}
	}
	switch res.Action {
	case redact.Replace:
		v.SetStr(res.Value)
	case redact.Remove:
		return true
	}
	return false
}

// redactKeys rewrites m with its keys redacted (RedactKey), in the same
// order, with p.r, which counts nothing: member counted the replacements
// when it found them. Two keys that become one tag keep the later value.
func (ps *pass) redactKeys(m pcommon.Map) {
	nm := pcommon.NewMap()
	nm.EnsureCapacity(m.Len())
	for k, v := range m.All() {
		nk, _ := ps.p.r.RedactKey(k)
		v.MoveTo(nm.PutEmpty(nk))
	}
	nm.MoveTo(m)
}

// bytesLine redacts a bytes body as a line of text.
func (ps *pass) bytesLine(v pcommon.Value) {
	b := v.Bytes().AsRaw()
	if len(b) > ps.p.maxLine {
		if s, ok := ps.long(b); ok {
			v.SetEmptyBytes().FromRaw([]byte(s))
		}
		return
	}
	out := ps.r.Redact(nil, b)
	if !bytes.Equal(out, b) {
		v.SetEmptyBytes().FromRaw(out)
	}
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
