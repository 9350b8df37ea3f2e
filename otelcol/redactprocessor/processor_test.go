package redactprocessor

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/pmetric"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/collector/processor/processortest"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/kyckit/kyckit/redact"
)

func TestStringBodies(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"text", "kyc ok uid=" + aadhaarA + " mobile=" + mobile + " pan=" + pan + " mail " + email,
			"kyc ok uid=[AADHAAR] mobile=[MOBILE] pan=[PAN] mail [EMAIL]"},
		{"vid", "vid " + vidA + " and " + vidB, "vid [VID] and [VID]"},
		{"json line", `{"msg":"verified","name":"` + name + `","ref":"` + aadhaarC + `","n":` + aadhaarB + `}`,
			`{"msg":"verified","name":"[REDACTED]","ref":"[AADHAAR]","n":"[AADHAAR]"}`},
		{"clean", "GET /orders/ORD-2341-2341-2346 200 in 12ms", "GET /orders/ORD-2341-2341-2346 200 in 12ms"},
	}
	for _, hn := range hardNegatives {
		tests = append(tests, struct{ name, in, want string }{"hard negative " + hn, "order " + hn + " done", "order " + hn + " done"})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ld, lr := oneRecord()
			lr.Body().SetStr(tt.in)
			out := redactLogs(t, nil, ld)
			got := out.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords().At(0).Body().Str()
			if got != tt.want {
				t.Errorf("body\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

// mapFixture is a parsed KYC response as the filelog json_parser makes it.
func mapFixture(m pcommon.Map) {
	m.PutStr("event", "kyc.verified")
	m.PutStr("name", name)
	m.PutStr("uid", aadhaarB)
	m.PutDouble("ref", 234123412346) // a JSON number parsed as a double
	m.PutDouble("amount", 98765.43)
	m.PutInt("ts_ms", 1767323045123)
	m.PutInt("phone_no", 9123456780)
	m.PutBool("dob", true) // booleans of sensitive keys are kept, as in JSON
	m.PutStr("order", "ORD-2341-2341-2346")
	m.PutStr("note", "call "+mobile+" or mail "+email)
	addr := m.PutEmptyMap("address")
	addr.PutStr("house", "12")
	addr.PutStr("pincode", "411001")
	items := m.PutEmptySlice("items")
	it := items.AppendEmpty().SetEmptyMap()
	it.PutStr("pan", pan)
	it.PutStr("sku", "SKU-1")
	items.AppendEmpty().SetStr("vid " + vidA)
	m.PutEmptyBytes("raw").FromRaw([]byte("pan " + pan))
	m.PutStr("data", "not an envelope: "+mobileB)
	m.PutStr("empty_name", "")
}

func TestMapBody(t *testing.T) {
	ld, lr := oneRecord()
	mapFixture(lr.Body().SetEmptyMap())
	out := redactLogs(t, nil, ld)
	got := out.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords().At(0).Body().Map().AsRaw()
	// What "kyckit redact" writes for the same map as a JSON line (checked
	// with it; TestMatchesJSONPath compares every member): a sensitive
	// key's value that one detector covers gets that detector's tag.
	want := map[string]any{
		"event":      "kyc.verified",
		"name":       "[REDACTED]",
		"uid":        "[AADHAAR]",
		"ref":        "[AADHAAR]",
		"amount":     98765.43,
		"ts_ms":      int64(1767323045123),
		"phone_no":   "[MOBILE]",
		"dob":        true,
		"order":      "ORD-2341-2341-2346",
		"note":       "call [MOBILE] or mail [EMAIL]",
		"address":    "[REDACTED]",
		"items":      []any{map[string]any{"pan": "[PAN]", "sku": "SKU-1"}, "vid [VID]"},
		"raw":        []byte("pan [PAN]"),
		"data":       "not an envelope: [MOBILE]",
		"empty_name": "",
	}
	checkRaw(t, got, want)
}

func checkRaw(t *testing.T, got, want map[string]any) {
	t.Helper()
	gj, _ := json.Marshal(got)
	wj, _ := json.Marshal(want)
	if string(gj) != string(wj) {
		t.Errorf("map\n got %s\nwant %s", gj, wj)
	}
}

func TestAttributes(t *testing.T) {
	ld := plog.NewLogs()
	rl := ld.ResourceLogs().AppendEmpty()
	rl.Resource().Attributes().PutStr("service.name", "kyc-api")
	rl.Resource().Attributes().PutStr("operator.email", email)
	sl := rl.ScopeLogs().AppendEmpty()
	sl.Scope().Attributes().PutStr("owner", "mobile "+mobileB)
	lr := sl.LogRecords().AppendEmpty()
	lr.Body().SetStr("ok")
	lr.Attributes().PutStr("http.route", "/kyc/{id}")
	lr.Attributes().PutStr("mobile", mobile)
	lr.Attributes().PutStr("user.note", "pan "+pan)
	lr.Attributes().PutInt("user.aadhaar_no", 234123412346)
	lr.Attributes().PutStr("trace_ref", "4bf92f3577b34da6a3ce929d0e0e4736")

	out := redactLogs(t, nil, ld)
	orl := out.ResourceLogs().At(0)
	// As "kyckit redact" redacts each map as a JSON line: "operator.email"
	// is a sensitive key (its last word is "email"), and a sensitive key's
	// value that one detector covers gets that detector's tag ("mobile").
	checkRaw(t, orl.Resource().Attributes().AsRaw(), map[string]any{"service.name": "kyc-api", "operator.email": "[REDACTED]"})
	osl := orl.ScopeLogs().At(0)
	checkRaw(t, osl.Scope().Attributes().AsRaw(), map[string]any{"owner": "mobile [MOBILE]"})
	checkRaw(t, osl.LogRecords().At(0).Attributes().AsRaw(), map[string]any{
		"http.route":      "/kyc/{id}",
		"mobile":          "[MOBILE]",
		"user.note":       "pan [PAN]",
		"user.aadhaar_no": "[AADHAAR]",
		"trace_ref":       "4bf92f3577b34da6a3ce929d0e0e4736",
	})
}

func TestModes(t *testing.T) {
	cfg := createDefaultConfig()
	cfg.Mode = "partial"
	cfg.Modes = map[string]string{"field": "drop", "email": "mask", "Mobile": "off"}
	ld, lr := oneRecord()
	m := lr.Body().SetEmptyMap()
	m.PutStr("name", name)
	m.PutStr("note", "uid "+aadhaarA+" pan "+pan+" mail "+email+" tel "+mobileB)
	m.PutEmptyMap("address").PutStr("city", "Pune")
	m.PutStr("order", "ok")
	lr.Attributes().PutStr("dob", "1990-01-01")
	lr.Attributes().PutStr("kept", "yes")
	out := redactLogs(t, cfg, ld)
	olr := out.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords().At(0)
	checkRaw(t, olr.Body().Map().AsRaw(), map[string]any{
		"note":  "uid XXXX XXXX 2346 pan ABCPEXXXXF mail [EMAIL] tel " + mobileB,
		"order": "ok",
	})
	checkRaw(t, olr.Attributes().AsRaw(), map[string]any{"kept": "yes"})
}

func TestHashMode(t *testing.T) {
	cfg := createDefaultConfig()
	cfg.Mode = "hash"
	cfg.HMACKeyFile = writeKey(t, testKey)
	cfg.HMACKeyID = "k1"
	ld, lr := oneRecord()
	lr.Body().SetStr("uid " + aadhaarA)
	lr.Attributes().PutInt("uid_num", 234123412346)
	lr.Attributes().PutStr("name", name)
	out := redactLogs(t, cfg, ld)
	olr := out.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords().At(0)

	body := olr.Body().Str()
	if !strings.HasPrefix(body, "uid [AADHAAR:k1:") || len(body) != len("uid [AADHAAR:k1:0123456789abcdef]") {
		t.Fatalf("body %q: want an AADHAAR hash tag under k1", body)
	}
	num, _ := olr.Attributes().Get("uid_num")
	if num.Str() != body[len("uid "):] {
		t.Errorf("the number's tag %q differs from the grouped number's %q", num.Str(), body[len("uid "):])
	}
	// The tag of a sensitive key's value is the one "kyckit redact" writes
	// for the same value in a JSON log line.
	r, err := cfg.newRedactor()
	if err != nil {
		t.Fatal(err)
	}
	line := r.RedactString(`{"name":"` + name + `"}`)
	nm, _ := olr.Attributes().Get("name")
	if want := `{"name":"` + nm.Str() + `"}`; line != want || !strings.HasPrefix(nm.Str(), "[REDACTED:k1:") {
		t.Errorf("name tag %q: kyckit redact gives %s", nm.Str(), line)
	}
}

// TestSensitiveKeys: which keys have a plain string value replaced whole,
// in every mode, as the JSON path decides: each answer is checked against
// Redact on the one-member JSON object, and the table pins the semantics
// (issue 16: word-based keys, "names" and "First-Name" are sensitive,
// "data" only for a 1Kosmos envelope).
func TestSensitiveKeys(t *testing.T) {
	const value = "Asha Rao 12"
	for _, mode := range []string{"mask", "partial", "hash", "drop", "off"} {
		cfg := createDefaultConfig()
		cfg.Modes = map[string]string{"field": mode, "secret": mode}
		if mode == "hash" {
			cfg.HMACKeyFile = writeKey(t, testKey)
		}
		r, err := cfg.newRedactor()
		if err != nil {
			t.Fatal(err)
		}
		for key, want := range map[string]bool{
			"name": true, "First-Name": true, "licensekey": true, "X-DF-API-SECRET": true, "names": true,
			"customer_name": true, "operator.email": true,
			"order": false, "": false, "data": false, "file_name": false, "request_id": false,
		} {
			if mode == "off" {
				want = false
			}
			res := r.RedactField(key, value, redact.TypeString, nil)
			if got := res.Action != redact.Keep; got != want {
				t.Errorf("mode %s: key %q replaced %v, want %v", mode, key, got, want)
			}
			k, _ := json.Marshal(key)
			line := `{` + string(k) + `:"` + value + `"}`
			if jsonGot := r.RedactString(line) != line; jsonGot != want {
				t.Errorf("mode %s: key %q: the JSON path replaces %v, the table says %v", mode, key, jsonGot, want)
			}
		}
	}
}

func TestSecretsAndEnvelope(t *testing.T) {
	envelope := strings.Repeat("QUJD", 16) + "=="
	ld, lr := oneRecord()
	m := lr.Body().SetEmptyMap()
	m.PutStr("licensekey", "lk-0123456789")
	m.PutStr("Data", envelope)
	m.PutStr("auth", "Bearer abc.def-ghi")
	out := redactLogs(t, nil, ld)
	checkRaw(t, out.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords().At(0).Body().Map().AsRaw(), map[string]any{
		"licensekey": "[SECRET]", "Data": "[SECRET]", "auth": "Bearer [TOKEN]",
	})
}

func TestIdempotent(t *testing.T) {
	ld, lr := oneRecord()
	mapFixture(lr.Body().SetEmptyMap())
	mapFixture(lr.Attributes())
	once := redactLogs(t, nil, ld)
	twice := plog.NewLogs()
	once.CopyTo(twice)
	twice = redactLogs(t, nil, twice)
	a, _ := (&plog.JSONMarshaler{}).MarshalLogs(once)
	b, _ := (&plog.JSONMarshaler{}).MarshalLogs(twice)
	if string(a) != string(b) {
		t.Errorf("second pass changed the output\nonce  %s\ntwice %s", a, b)
	}
}

func TestMaxLine(t *testing.T) {
	cfg := createDefaultConfig()
	cfg.MaxLine = redact.MinMaxLine
	long := strings.Repeat("filler word, ", 600) + "uid " + aadhaarA + "\n" + `{"name":"` + name + `"}`
	short := `{"name":"` + name + `","uid_ref":"` + aadhaarA + `"}`
	ld, lr := oneRecord()
	lr.Body().SetStr(long)
	lr.Attributes().PutStr("short", short)
	lr.Attributes().PutEmptyBytes("blob").FromRaw([]byte(long))
	out := redactLogs(t, cfg, ld)
	olr := out.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords().At(0)
	body := olr.Body().Str()
	checkNoPII(t, "long body", body)
	if !strings.Contains(body, "uid [AADHAAR]\n") || !strings.HasPrefix(body, "filler word, filler") {
		t.Errorf("long body lost its text: …%s", body[len(body)-60:])
	}
	blob, _ := olr.Attributes().Get("blob")
	checkNoPII(t, "long bytes", string(blob.Bytes().AsRaw()))
	s, _ := olr.Attributes().Get("short")
	if want := `{"name":"[REDACTED]","uid_ref":"[AADHAAR]"}`; s.Str() != want {
		t.Errorf("short = %q, want %q", s.Str(), want)
	}
}

func TestTraces(t *testing.T) {
	td := ptrace.NewTraces()
	rs := td.ResourceSpans().AppendEmpty()
	rs.Resource().Attributes().PutStr("owner", email)
	ss := rs.ScopeSpans().AppendEmpty()
	ss.Scope().Attributes().PutStr("scope.note", "pan "+pan)
	span := ss.Spans().AppendEmpty()
	span.SetName("GET /kyc/" + aadhaarB)
	span.Status().SetMessage("bad mobile " + mobileB)
	span.Attributes().PutStr("url.full", "https://api.example.in/kyc?mobile="+mobileB)
	span.Attributes().PutStr("name", name)
	ev := span.Events().AppendEmpty()
	ev.SetName("otp sent to " + mobile)
	ev.Attributes().PutStr("vid", vidA)
	span.Links().AppendEmpty().Attributes().PutStr("note", "uid "+aadhaarC)

	f := NewFactory()
	sink := new(consumertest.TracesSink)
	p, err := f.CreateTraces(context.Background(), nopSettings(), f.CreateDefaultConfig(), sink)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.ConsumeTraces(context.Background(), td); err != nil {
		t.Fatal(err)
	}
	out := sink.AllTraces()[0]
	js, _ := (&ptrace.JSONMarshaler{}).MarshalTraces(out)
	checkNoPII(t, "traces", string(js))
	osp := out.ResourceSpans().At(0).ScopeSpans().At(0).Spans().At(0)
	if osp.Name() != "GET /kyc/[AADHAAR]" || osp.Status().Message() != "bad mobile [MOBILE]" ||
		osp.Events().At(0).Name() != "otp sent to [MOBILE]" {
		t.Errorf("span %q, status %q, event %q", osp.Name(), osp.Status().Message(), osp.Events().At(0).Name())
	}
	if u, _ := osp.Attributes().Get("url.full"); u.Str() != "https://api.example.in/kyc?mobile=[MOBILE]" {
		t.Errorf("url.full = %q", u.Str())
	}
}

func TestMetrics(t *testing.T) {
	md := pmetric.NewMetrics()
	rm := md.ResourceMetrics().AppendEmpty()
	rm.Resource().Attributes().PutStr("tenant.contact", email)
	sm := rm.ScopeMetrics().AppendEmpty()
	g := sm.Metrics().AppendEmpty().SetEmptyGauge()
	dp := g.DataPoints().AppendEmpty()
	dp.Attributes().PutStr("user", "pan "+pan)
	dp.Exemplars().AppendEmpty().FilteredAttributes().PutStr("mobile", mobileB)
	s := sm.Metrics().AppendEmpty().SetEmptySum()
	s.DataPoints().AppendEmpty().Attributes().PutStr("route", "/kyc/"+aadhaarB)
	h := sm.Metrics().AppendEmpty().SetEmptyHistogram()
	h.DataPoints().AppendEmpty().Attributes().PutStr("vid", vidB)
	e := sm.Metrics().AppendEmpty().SetEmptyExponentialHistogram()
	e.DataPoints().AppendEmpty().Attributes().PutStr("k", "uid "+aadhaarC)
	su := sm.Metrics().AppendEmpty().SetEmptySummary()
	su.DataPoints().AppendEmpty().Attributes().PutStr("k", "mail "+email)

	f := NewFactory()
	sink := new(consumertest.MetricsSink)
	p, err := f.CreateMetrics(context.Background(), nopSettings(), f.CreateDefaultConfig(), sink)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.ConsumeMetrics(context.Background(), md); err != nil {
		t.Fatal(err)
	}
	js, _ := (&pmetric.JSONMarshaler{}).MarshalMetrics(sink.AllMetrics()[0])
	checkNoPII(t, "metrics", string(js))
	for _, want := range []string{"pan [PAN]", "/kyc/[AADHAAR]", "mail [EMAIL]"} {
		if !strings.Contains(string(js), want) {
			t.Errorf("metrics: %q missing", want)
		}
	}
}

// TestReplacementMetric checks the per-detector counts in the collector's
// own telemetry.
func TestReplacementMetric(t *testing.T) {
	tel := componenttest.NewTelemetry()
	t.Cleanup(func() { _ = tel.Shutdown(context.Background()) })
	set := nopSettings()
	set.TelemetrySettings = tel.NewTelemetrySettings()
	p, _ := newLogs(t, nil, set)
	for range 2 {
		ld, lr := oneRecord()
		lr.Body().SetStr("uid " + aadhaarA + " and " + aadhaarB + ", pan " + pan)
		lr.Attributes().PutStr("name", name)
		lr.Attributes().PutStr("licensekey", "lk-1")
		lr.Attributes().PutStr("order", "ORD-2341-2341-2346")
		if err := p.ConsumeLogs(context.Background(), ld); err != nil {
			t.Fatal(err)
		}
	}
	m, err := tel.GetMetric(MetricReplacements)
	if err != nil {
		t.Fatal(err)
	}
	sum, ok := m.Data.(metricdata.Sum[int64])
	if !ok || !sum.IsMonotonic {
		t.Fatalf("metric data %T, want a monotonic Sum[int64]", m.Data)
	}
	got := map[string]int64{}
	for _, dp := range sum.DataPoints {
		v, _ := dp.Attributes.Value("detector")
		got[v.AsString()] += dp.Value
		id, _ := dp.Attributes.Value("processor")
		sig, _ := dp.Attributes.Value("otel.signal")
		if id.AsString() != set.ID.String() || sig.AsString() != "logs" {
			t.Errorf("data point attributes %v", dp.Attributes)
		}
	}
	want := map[string]int64{"aadhaar": 4, "pan": 2, "field": 2, "secret": 2}
	if len(got) != len(want) {
		t.Errorf("detectors %v, want %v", got, want)
	}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("detector %s: %d replacements, want %d", k, got[k], n)
		}
	}
}

func TestConcurrent(t *testing.T) {
	p, sink := newLogs(t, nil, nopSettings())
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 20 {
				ld, lr := oneRecord()
				mapFixture(lr.Body().SetEmptyMap())
				lr.Attributes().PutStr("note", "uid "+aadhaarA)
				if err := p.ConsumeLogs(context.Background(), ld); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	for i, ld := range sink.AllLogs() {
		js, _ := (&plog.JSONMarshaler{}).MarshalLogs(ld)
		checkNoPII(t, "batch", string(js))
		if i > 3 {
			break
		}
	}
	if n := sink.LogRecordCount(); n != 160 {
		t.Errorf("%d records, want 160", n)
	}
}

func TestShutdown(t *testing.T) {
	f := NewFactory()
	processortest.VerifyShutdown(t, f, f.CreateDefaultConfig())
}

// TestHashTagsAgree: in hash mode the processor, redact's slog Handler and
// "kyckit redact" on a JSON line (the JSON path) give one value one tag,
// for strings, integers and doubles, under sensitive keys (the tag of the
// whole value, over its JSON text) and for identifiers.
func TestHashTagsAgree(t *testing.T) {
	cfg := createDefaultConfig()
	cfg.Mode = "hash"
	cfg.HMACKeyFile = writeKey(t, testKey)
	cfg.HMACKeyID = "k1"
	r, err := cfg.newRedactor()
	if err != nil {
		t.Fatal(err)
	}
	attrs := []slog.Attr{
		slog.String("name", name), slog.String("address", `12 "MG" Road`+"\n"), slog.String("dob", "1990-01-01"),
		slog.Int64("dob", 19900101), slog.Float64("otp", 482913), slog.Float64("otp", 0.5),
		slog.String("mobile", mobileB), slog.Int64("mobile", 9123456780), slog.String("uid", aadhaarA),
		slog.Int64("ref", 234123412346), slog.Float64("ref", 234123412346), slog.String("password", "hunter22"),
		slog.String("note", "pan "+pan),
	}
	for _, a := range attrs {
		// The slog Handler, writing JSON.
		var viaHandler bytes.Buffer
		h := redact.NewHandler(slog.NewJSONHandler(&viaHandler, nil), r)
		rec := slog.NewRecord(time.Time{}, slog.LevelInfo, "m", 0)
		rec.AddAttrs(a)
		if err := h.Handle(context.Background(), rec); err != nil {
			t.Fatal(err)
		}
		var hm map[string]json.RawMessage
		if err := json.Unmarshal(viaHandler.Bytes(), &hm); err != nil {
			t.Fatal(err)
		}
		// The processor, on the attribute.
		ld, lr := oneRecord()
		v := lr.Attributes().PutEmpty(a.Key)
		switch a.Value.Kind() {
		case slog.KindString:
			v.SetStr(a.Value.String())
		case slog.KindInt64:
			v.SetInt(a.Value.Int64())
		case slog.KindFloat64:
			v.SetDouble(a.Value.Float64())
		}
		line, _ := appendRecord(nil, nil, lr.Attributes())
		out := redactLogs(t, cfg, ld)
		got, _ := out.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords().At(0).Attributes().Get(a.Key)
		gotJSON := string(appendJSON(nil, got))
		// The JSON path, on the attribute as a JSON line.
		var jm map[string]json.RawMessage
		if err := json.Unmarshal(r.Redact(nil, line), &jm); err != nil {
			t.Fatal(err)
		}
		if gotJSON != string(jm[a.Key]) || gotJSON != string(hm[a.Key]) {
			t.Errorf("%s=%v: processor %s, JSON path %s, slog Handler %s", a.Key, a.Value, gotJSON, jm[a.Key], hm[a.Key])
		}
		if !strings.Contains(gotJSON, ":k1:") {
			t.Errorf("%s=%v: no hash tag in %s", a.Key, a.Value, gotJSON)
		}
	}
}
