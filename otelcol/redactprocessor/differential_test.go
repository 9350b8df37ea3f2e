package redactprocessor

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pipeline"

	"github.com/kyckit/kyckit/internal/redactcorpus"
	"github.com/kyckit/kyckit/redact"
)

// The differential test of the processor against redact's JSON path, the
// ground truth ("kyckit redact" on a JSON log line): a map redacted by the
// processor, as a log body and as attributes, must read as Redact makes
// the same map written as a JSON object (appendRecord: strings, integers,
// doubles as encoding/json writes them, booleans, null, bytes as the text
// they hold, nested maps and slices). The one documented difference: a
// member the JSON path sets to null because its detector is in Drop mode is
// removed from a map.

// diffConfigs are the processor configurations the differential test runs.
func diffConfigs(t testing.TB) map[string]*Config {
	cfgs := map[string]*Config{}
	for _, mode := range []string{"mask", "partial", "hash", "drop"} {
		cfg := createDefaultConfig()
		cfg.Mode = mode
		if mode == "hash" {
			cfg.HMACKeyFile = writeKey(t, testKey)
			cfg.HMACKeyID = "k1"
		}
		cfgs[mode] = cfg
	}
	exact := createDefaultConfig()
	exact.ExactKeys = true
	exact.Modes = map[string]string{"ip": "mask", "email": "partial"}
	cfgs["exact keys, ip"] = exact
	return cfgs
}

// checkMatchesJSON runs m through the processor made from cfg, as a log
// body and as the record's attributes, and compares both with Redact on
// m's JSON text.
func checkMatchesJSON(t testing.TB, cfg *Config, m pcommon.Map) {
	t.Helper()
	r, err := cfg.newRedactor()
	if err != nil {
		t.Fatal(err)
	}
	p, err := newRedactProcessor(r, cfg.MaxLine, nopSettings(), pipeline.SignalLogs)
	if err != nil {
		t.Fatal(err)
	}
	line, _ := appendRecord(nil, nil, m)
	if !json.Valid(line) {
		t.Fatalf("rendered record is not JSON: %q", line)
	}
	want := decodeJSON(t, r.Redact(nil, line))

	ld, lr := oneRecord()
	m.CopyTo(lr.Body().SetEmptyMap())
	m.CopyTo(lr.Attributes())
	if _, err := p.processLogs(t.Context(), ld); err != nil {
		t.Fatal(err)
	}
	// The replacements counted per detector are the JSON path's.
	var jst redact.Stats
	r.WithStats(&jst).Redact(nil, line)
	ps := p.newPass()
	counted := pcommon.NewMap()
	m.CopyTo(counted)
	ps.attrs(counted)
	for _, k := range redact.Kinds() {
		if got, want := ps.st.Count(k), jst.Count(k); got != want {
			t.Errorf("%s counted %d times, the JSON path %d times, in %s", k, got, want, line)
		}
	}
	for where, got := range map[string]pcommon.Map{"body": lr.Body().Map(), "attributes": lr.Attributes()} {
		out, _ := appendRecord(nil, nil, got)
		if diff := jsonDiff(want, decodeJSON(t, out), "$"); diff != "" {
			t.Errorf("%s differs from the JSON path at %s\n  in %s\n got %s\nwant %s", where, diff, line, out, r.Redact(nil, line))
		}
	}
}

// decodeJSON decodes a JSON text with numbers as written.
func decodeJSON(t testing.TB, b []byte) any {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatalf("invalid JSON %q: %v", b, err)
	}
	return v
}

// jsonDiff returns the path of the first difference between the JSON path's
// output want and the processor's got, or "". A member that is null in want
// may be missing from got (Drop mode removes it from a map).
func jsonDiff(want, got any, path string) string {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return path
		}
		for k, wv := range w {
			gv, ok := g[k]
			if !ok {
				if wv == nil {
					continue
				}
				return path + "." + k + " (missing)"
			}
			if d := jsonDiff(wv, gv, path+"."+k); d != "" {
				return d
			}
		}
		for k := range g {
			if _, ok := w[k]; !ok {
				return path + "." + k + " (extra)"
			}
		}
		return ""
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return path
		}
		for i := range w {
			if d := jsonDiff(w[i], g[i], path+"["+strconv.Itoa(i)+"]"); d != "" {
				return d
			}
		}
		return ""
	}
	if !reflect.DeepEqual(want, got) {
		return path
	}
	return ""
}

// fromJSON builds a pcommon.Value from decoded JSON: integers that fit an
// int64 as Int, other numbers as Double, as a JSON parser in the collector
// may give them.
func fromJSON(dst pcommon.Value, x any) {
	switch x := x.(type) {
	case nil:
	case bool:
		dst.SetBool(x)
	case string:
		dst.SetStr(x)
	case json.Number:
		if n, err := x.Int64(); err == nil {
			dst.SetInt(n)
		} else if f, err := x.Float64(); err == nil {
			dst.SetDouble(f)
		} else {
			dst.SetStr(x.String())
		}
	case map[string]any:
		m := dst.SetEmptyMap()
		for k, v := range x {
			fromJSON(m.PutEmpty(k), v)
		}
	case []any:
		s := dst.SetEmptySlice()
		for _, v := range x {
			fromJSON(s.AppendEmpty(), v)
		}
	}
}

// diffKeys and diffValues are what random records are made of: sensitive
// keys of every rule, the record-wide rules' keys, technical keys, keys
// that hold data; personal values, hard negatives, escapes, JSON in
// strings, numbers of every length.
var diffKeys = []string{
	"name", "names", "customer_name", "file_name", "dob", "pan", "pan_no", "uid", "vid", "mobile", "mobile_no",
	"phone_no", "email", "operator.email", "address", "ip_address", "result", "image", "photo", "pc",
	"requestid", "request_id", "licensekey", "data", "Data", "password", "authorization", "cookie",
	"span_id", "traceId", "passport_no", "aadhaar_no", "account_number", "ifsc", "acct", "note", "msg",
	"message", "level", "severity", "event", "ref", "ts_ms", "amount", "order", "items", "http.route",
	"service.name", "k8s.pod.name", "doc", "no", "234123412346", "user_9123456780", "First-Name", "X-Api-Key",
}

var diffValues = []string{
	name, aadhaarA, aadhaarB, aadhaarC, vidA, vidB, badAadhaar, pan, "abcpe1234f", mobile, mobileB, email,
	"ravi@okaxis", "passport", "K2345678", "YESB0000001", "0011223344", "kyc-worker", "info", "success",
	"nginx:1.25", "1000", "560001", "0x4a5b3c", "3f2b9c1e-2341-4234-9123-456780abcdef", "00f067aa0ba902b7",
	"4bf92f3577b34da6a3ce929d0e0e4736", "", "[REDACTED]", "XXXX XXXX 2346", "uid " + aadhaarA,
	"call " + mobile + " or mail " + email, "vid " + vidA, "pan=" + pan + " name=" + name,
	`{"name":"` + name + `","uid":"` + aadhaarB + `"}`, "line\nbreak " + mobileB, `quote " ` + mobileB,
	"tab\t" + pan, "data:image/png;base64,iVBORw0KGgo=", strings.Repeat("QUJD", 40), "Bearer abc.def-ghi",
	"10.0.0.12", "2001:db8::1", "KA01 20201234567", "MH 12 DE 1433", "4111 1111 1111 1111", "सुरेश",
	"२३४१ २३४१ २३४६", "ifsc YESB0000001 acct 0011223344", "licensekey=lk-1 requestid=abc",
}

// randomMap fills m with a random record of at most depth levels.
func randomMap(rnd *rand.Rand, m pcommon.Map, depth int) {
	for range 1 + rnd.IntN(8) {
		k := diffKeys[rnd.IntN(len(diffKeys))]
		if _, ok := m.Get(k); ok {
			continue
		}
		randomValue(rnd, m.PutEmpty(k), depth)
	}
}

func randomValue(rnd *rand.Rand, v pcommon.Value, depth int) {
	switch n := rnd.IntN(20); {
	case n < 9:
		v.SetStr(diffValues[rnd.IntN(len(diffValues))])
	case n < 11:
		ints := []int64{7, 0, -9876543210, 9876543210, 9123456780, 234123412346, 234123412345, 4621753402136274,
			1767323045123, 4111111111111111, 1234567890123456789, math.MaxInt64, 19900101}
		v.SetInt(ints[rnd.IntN(len(ints))])
	case n < 13:
		fs := []float64{98765.43, 234123412346, 9123456780, 1e21, 1.5e-7, 0.5, -1, 4621753402136274, math.NaN(), math.Inf(1)}
		v.SetDouble(fs[rnd.IntN(len(fs))])
	case n < 14:
		v.SetBool(rnd.IntN(2) == 0)
	case n < 15:
		// empty: null
	case n < 16:
		v.SetEmptyBytes().FromRaw([]byte(diffValues[rnd.IntN(len(diffValues))]))
	case n < 18 && depth > 1:
		randomMap(rnd, v.SetEmptyMap(), depth-1)
	case depth > 1:
		s := v.SetEmptySlice()
		for range rnd.IntN(4) {
			randomValue(rnd, s.AppendEmpty(), depth-1)
		}
	default:
		v.SetStr(diffValues[rnd.IntN(len(diffValues))])
	}
}

// diffMaps are the fixed records: the tests' fixtures, the hard negatives,
// and the records the rules of one record need.
func diffMaps() []pcommon.Map {
	var maps []pcommon.Map
	add := func(fill func(m pcommon.Map)) {
		m := pcommon.NewMap()
		fill(m)
		maps = append(maps, m)
	}
	add(mapFixture)
	add(func(m pcommon.Map) {
		m.PutStr("http.route", "/kyc/{id}")
		m.PutStr("mobile", mobile)
		m.PutStr("user.note", "pan "+pan)
		m.PutInt("user.aadhaar_no", 234123412346)
		m.PutStr("trace_ref", "4bf92f3577b34da6a3ce929d0e0e4736")
		m.PutStr("service.name", "kyc-api")
		m.PutStr("operator.email", email)
	})
	add(func(m pcommon.Map) {
		for i, hn := range hardNegatives {
			m.PutStr(fmt.Sprintf("k%d", i), hn)
			m.PutStr(fmt.Sprintf("note%d", i), "order "+hn+" done")
		}
		m.PutInt("ts_ms", 1767323045123)
		m.PutDouble("amount", 98765.43)
	})
	add(func(m pcommon.Map) { // a log record: its "name" is the logger's
		m.PutStr("level", "info")
		m.PutStr("msg", "started")
		m.PutStr("name", "kyc-worker")
		m.PutEmptyMap("inner").PutStr("name", "kyc-worker")
	})
	add(func(m pcommon.Map) { // a 1Kosmos request
		m.PutStr("licensekey", "lk-0123456789")
		m.PutStr("requestid", "3f2b9c1e")
		m.PutStr("data", strings.Repeat("QUJD", 16)+"==")
	})
	add(func(m pcommon.Map) { // context across members
		m.PutStr("doc", "passport")
		m.PutStr("no", "K2345678")
		m.PutStr("ifsc", "YESB0000001")
		m.PutStr("acct", "0011223344")
		m.PutStr("234123412346", "a number as a key")
	})
	return maps
}

// TestMatchesJSONPath compares the processor with the JSON path on the
// fixed records, on every JSON record of the generated corpus, and on
// random records, in every mode.
func TestMatchesJSONPath(t *testing.T) {
	var corpus []pcommon.Map
	for _, l := range redactcorpus.New(29).Mixed(1500) {
		if !strings.HasPrefix(l.Text, "{") {
			continue
		}
		d := json.NewDecoder(strings.NewReader(l.Text))
		d.UseNumber()
		var x map[string]any
		if d.Decode(&x) != nil {
			continue
		}
		v := pcommon.NewValueEmpty()
		fromJSON(v, x)
		corpus = append(corpus, v.Map())
	}
	if len(corpus) < 200 {
		t.Fatalf("only %d corpus records", len(corpus))
	}
	for name, cfg := range diffConfigs(t) {
		t.Run(name, func(t *testing.T) {
			n := 0
			for _, m := range diffMaps() {
				checkMatchesJSON(t, cfg, m)
				n++
			}
			for _, m := range corpus {
				checkMatchesJSON(t, cfg, m)
				n++
			}
			for seed := range uint64(400) {
				rnd := rand.New(rand.NewPCG(seed, 23))
				m := pcommon.NewMap()
				randomMap(rnd, m, 3)
				checkMatchesJSON(t, cfg, m)
				n++
			}
			t.Logf("%d records agree", n)
		})
	}
}

// FuzzMatchesJSONPath compares the processor with the JSON path on random
// records made from a seed, and on a member whose key and value the
// fuzzer writes.
func FuzzMatchesJSONPath(f *testing.F) {
	for _, s := range [][2]string{
		{"name", name}, {"note", "uid " + aadhaarA + " pan " + pan}, {"mobile_no", mobile},
		{"data", strings.Repeat("QUJD", 16)}, {"Data", "x " + mobileB}, {"uid", "[REDACTED]"},
		{"msg", "mail " + email + "\n\ttab \"quoted\" \\ " + vidA}, {"licensekey", ""},
		{"First-Name", "Asha"}, {"k\x01", "\x00" + aadhaarC}, {"order", "ORD-2341-2341-2346"},
		{"note", `{"name":"` + name + `"}`}, {"passport_no", "K2345678"},
	} {
		f.Add(uint64(len(s[1])), s[0], s[1])
	}
	cfg := createDefaultConfig()
	f.Fuzz(func(t *testing.T, seed uint64, key, value string) {
		rnd := rand.New(rand.NewPCG(seed, 29))
		m := pcommon.NewMap()
		randomMap(rnd, m, 3)
		m.PutStr(key, value)
		checkMatchesJSON(t, cfg, m)
	})
}

// TestRecordRendering: appendRecord writes what encoding/json writes for
// the same values (with SetEscapeHTML(false)), and its nodes bound each
// value.
func TestRecordRendering(t *testing.T) {
	for seed := range uint64(300) {
		rnd := rand.New(rand.NewPCG(seed, 31))
		m := pcommon.NewMap()
		randomMap(rnd, m, 3)
		got, nodes := appendRecord(nil, nil, m)
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(jsonable(pcommon.NewValueMap(), m)); err != nil {
			t.Fatal(err)
		}
		// Same members and values; encoding/json sorts the keys.
		if !reflect.DeepEqual(decodeJSON(t, got), decodeJSON(t, want.Bytes())) {
			t.Fatalf("seed %d:\n got %s\nwant %s", seed, got, want.Bytes())
		}
		// Strings escape as encoding/json escapes them.
		for k, v := range m.All() {
			if v.Type() == pcommon.ValueTypeStr && !strings.ContainsAny(v.Str(), "<>&\u2028\u2029") {
				ej, _ := json.Marshal(v.Str())
				if !bytes.Contains(got, ej) {
					t.Errorf("seed %d: %s written otherwise than %s", seed, k, ej)
				}
			}
		}
		for i, n := range nodes {
			if n.start < 0 || n.end < n.start || int(n.end) > len(got) || int(n.next) <= i || int(n.next) > len(nodes) {
				t.Fatalf("seed %d: node %d %+v out of bounds", seed, i, n)
			}
		}
	}
	// Doubles as encoding/json writes float64s.
	for _, f := range []float64{0, 1, -1, 0.5, 98765.43, 234123412346, 1e20, 1e21, 1.5e-7, 1e-6, 123456789e-15, math.MaxFloat64, math.SmallestNonzeroFloat64} {
		want, _ := json.Marshal(f)
		if got := redact.AppendJSONFloat(nil, f); string(got) != string(want) {
			t.Errorf("%v: %s, encoding/json %s", f, got, want)
		}
	}
}

// jsonable converts m to values encoding/json writes as appendRecord does.
func jsonable(_ pcommon.Value, m pcommon.Map) map[string]any {
	out := map[string]any{}
	for k, v := range m.All() {
		out[k] = jsonableValue(v)
	}
	return out
}

func jsonableValue(v pcommon.Value) any {
	switch v.Type() {
	case pcommon.ValueTypeStr:
		return v.Str()
	case pcommon.ValueTypeInt:
		return v.Int()
	case pcommon.ValueTypeDouble:
		if !finite(v.Double()) {
			return v.AsString()
		}
		return v.Double()
	case pcommon.ValueTypeBool:
		return v.Bool()
	case pcommon.ValueTypeBytes:
		return string(v.Bytes().AsRaw())
	case pcommon.ValueTypeMap:
		return jsonable(v, v.Map())
	case pcommon.ValueTypeSlice:
		s := make([]any, 0, v.Slice().Len())
		for i := range v.Slice().Len() {
			s = append(s, jsonableValue(v.Slice().At(i)))
		}
		return s
	}
	return nil
}
