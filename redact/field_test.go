package redact_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/kyckit/kyckit/internal/logtest"
	"github.com/kyckit/kyckit/internal/redactcorpus"
	"github.com/kyckit/kyckit/redact"
)

var testTime = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// testHashKey is an invented HMAC key for Hash mode.
var testHashKey = bytes.Repeat([]byte{0x5a}, 32)

// fieldModes are the redactors the field tests run under.
func fieldModes(t *testing.T) map[string]*redact.Redactor {
	t.Helper()
	return map[string]*redact.Redactor{
		"mask":    mustNew(t, nil),
		"partial": mustNew(t, &redact.Options{Mode: redact.Partial}),
		"hash":    mustNew(t, &redact.Options{Mode: redact.Hash, HashKey: testHashKey, HashKeyID: "k1"}),
		"drop":    mustNew(t, &redact.Options{Mode: redact.Drop}),
		"exact":   mustNew(t, &redact.Options{ExactKeys: true, Modes: map[redact.Kind]redact.Mode{redact.IP: redact.Mask}}),
	}
}

// jsonField redacts {key: value} with Redact, the JSON path, and returns
// what became of the value: its JSON text, or "" when the member is gone.
func jsonField(t *testing.T, r *redact.Redactor, key string, value json.RawMessage) string {
	t.Helper()
	k, _ := json.Marshal(key)
	line := append(append(append(append([]byte("{"), k...), ':'), value...), '}')
	out := r.Redact(nil, line)
	d := json.NewDecoder(bytes.NewReader(out))
	d.UseNumber()
	var m map[string]json.RawMessage
	if err := d.Decode(&m); err != nil {
		t.Fatalf("JSON path gave invalid JSON for a %d-byte line: %v", len(line), err)
	}
	for mk, mv := range m {
		if mk == key {
			return string(mv)
		}
	}
	return "" // the key itself was redacted
}

// fieldJSON applies RedactField to the value whose JSON text is value and
// returns the value's JSON text afterwards, in the same form as jsonField.
func fieldJSON(t *testing.T, r *redact.Redactor, key string, value json.RawMessage) string {
	t.Helper()
	var typ redact.ValueType
	text := string(value)
	switch value[0] {
	case '"':
		typ = redact.TypeString
		if err := json.Unmarshal(value, &text); err != nil {
			t.Fatal(err)
		}
	case 'n':
		typ = redact.TypeNull
	case 't', 'f':
		typ = redact.TypeBool
	case '{', '[':
		typ = redact.TypeObject
	default:
		typ = redact.TypeNumber
	}
	res := r.RedactField(key, text, typ, nil)
	switch res.Action {
	case redact.Keep:
		return string(value)
	case redact.Remove:
		return "null"
	case redact.Replace:
		return quoteJSON(res.Value)
	}
	// Scan: an object or array; its members are redacted as fields.
	return string(r.Redact(nil, value))
}

// quoteJSON writes s as redact's JSON path writes strings: only '"', '\\'
// and control characters escaped.
func quoteJSON(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\r':
			b.WriteString(`\r`)
		case c == '\t':
			b.WriteString(`\t`)
		case c < 0x20:
			fmt.Fprintf(&b, `\u%04x`, c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// fieldValues are values in every JSON type, personal and not, as JSON
// text.
func fieldValues() []json.RawMessage {
	vals := []string{
		`null`, `true`, `false`, `7`, `0`, `-9876543210`, `98765.43`, `9876543210`, `234123412346`,
		`234123412345`, `4621753402136274`, `1767323045123`, `4111111111111111`, `12345678901234567`,
		`1e21`, `{}`, `[]`, `{"a":1}`, `["Ravi Kumar","ABCPE1234F"]`, `{"name":"Ravi Kumar","n":{"pan":"ABCPE1234F"}}`,
		`""`, `"[REDACTED]"`, `"XXXX XXXX 2346"`, `"Ravi Kumar"`, `"ABCPE1234F"`, `"abcpe1234f"`,
		`"9876543210"`, `"+91 98765 43210"`, `"234123412346"`, `"2341 2341 2346"`, `"asha.rao@example.in"`,
		`"ravi@okaxis"`, `"success"`, `"nginx:1.25"`, `"1000"`, `"560001"`, `"560 001"`, `"0x4a5b3c"`,
		`"4bf92f3577b34da6a3ce929d0e0e4736"`, `"00f067aa0ba902b7"`, `"1234567890123456"`,
		`"kyc-worker"`, `"line\nbreak 9876543210"`, `"quote \" 9876543210"`, `"tab\there"`,
		`"A1234567"`, `"passport A1234567"`, `"call 98765 43210 now"`, `"data:image/png;base64,iVBORw0KGgo="`,
		`"` + strings.Repeat("QUJD", 40) + `"`, `"` + strings.Repeat("aB3+", 12) + `"`,
		`"Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJlc2lnbmF0dXJl"`,
		`"सुरेश"`, `"2026-01-02T03:04:05.123Z"`, `"KA01 20201234567"`,
	}
	out := make([]json.RawMessage, len(vals))
	for i, v := range vals {
		if !json.Valid([]byte(v)) {
			panic("invalid fixture " + v)
		}
		out[i] = json.RawMessage(v)
	}
	return out
}

// fieldKeys are keys of every rule: sensitive by name, by tokens, with a
// value rule, trace ids, safe-listed and plain.
func fieldKeys() []string {
	keys := []string{
		"name", "names", "dob", "pan", "uid", "vid", "mobile", "email", "operator.email", "address",
		"ip_address", "file_name", "result", "image", "photo", "pc", "requestid", "request_id", "data",
		"licensekey", "password", "authorization", "cookie", "span_id", "traceId", "parent_id",
		"passport_no", "aadhaar_no", "account_number", "card_number", "customer_name", "msg", "note",
		"ref", "ts_ms", "amount", "event", "", "234123412346", "user@example.in", "first-name", "X-Api-Key",
	}
	for _, k := range realisticKeys {
		keys = append(keys, k.key)
	}
	return keys
}

// TestRedactFieldMatchesJSON is the differential test of RedactField: for
// every key and value above, in every mode, the field decides what the
// JSON path, Redact on the one-member object, writes for the value.
func TestRedactFieldMatchesJSON(t *testing.T) {
	keys, vals := fieldKeys(), fieldValues()
	for name, r := range fieldModes(t) {
		n := 0
		for _, k := range keys {
			for _, v := range vals {
				want := jsonField(t, r, k, v)
				if want == "" {
					continue // the key itself was redacted: RedactKey's test
				}
				if got := fieldJSON(t, r, k, v); got != want {
					t.Errorf("%s: key %q value %s:\n got %s\nwant %s", name, k, v, got, want)
				}
				n++
			}
		}
		t.Logf("%s: %d fields agree", name, n)
	}
	// Realistic values under their realistic keys.
	for name, r := range fieldModes(t) {
		for _, kv := range realisticKeys {
			v, _ := json.Marshal(kv.value)
			if got, want := fieldJSON(t, r, kv.key, v), jsonField(t, r, kv.key, v); got != want {
				t.Errorf("%s: key %q: got %s, want %s", name, kv.key, got, want)
			}
		}
	}
}

// TestRedactFieldCorpus compares RedactField with the JSON path on the
// members of the generated corpus's JSON lines, each alone in an object.
func TestRedactFieldCorpus(t *testing.T) {
	r := mustNew(t, nil)
	n := 0
	for _, l := range redactcorpus.New(23).Mixed(3000) {
		if !strings.HasPrefix(l.Text, "{") {
			continue
		}
		var m map[string]json.RawMessage
		if json.Unmarshal([]byte(l.Text), &m) != nil {
			continue
		}
		for k, v := range m {
			want := jsonField(t, r, k, v)
			if want == "" {
				continue
			}
			if got := fieldJSON(t, r, k, v); got != want {
				t.Errorf("key %q value %s:\n got %s\nwant %s", k, v, got, want)
			}
			n++
		}
	}
	if n < 1000 {
		t.Fatalf("only %d corpus fields compared", n)
	}
	t.Logf("%d corpus fields agree", n)
}

// recordAt returns a Record of line whose current field is the first
// string value equal to value.
func recordAt(t *testing.T, line, value string) *redact.Record {
	t.Helper()
	i := strings.Index(line, `"`+value+`"`)
	if i < 0 {
		t.Fatalf("value not in the record")
	}
	rec := new(redact.Record)
	rec.Reset([]byte(line))
	rec.Start, rec.End = i+1, i+1+len(value)
	return rec
}

// TestRedactFieldRecord: the rules that read beyond the field, given the
// record around it, decide as the JSON path does on the same record.
func TestRedactFieldRecord(t *testing.T) {
	r := mustNew(t, nil)
	const (
		logLine    = `{"level":"info","msg":"started","name":"kyc-worker"}`
		kosmosLine = `{"licensekey":"[SECRET]","requestid":"3f2b9c1e"}`
		plainLine  = `{"requestid":"3f2b9c1e"}`
		bankLine   = `{"ifsc":"YESB0000001","acct":"0011223344"}`
		ppLine     = `{"doc":"passport","no":"K2345678"}`
	)
	tests := []struct {
		name, line, key, value string
		nested                 bool
		want                   redact.Action
	}{
		{"logger name in a log record", logLine, "name", "kyc-worker", false, redact.Keep},
		{"logger name nested", logLine, "name", "kyc-worker", true, redact.Replace},
		{"requestid in a 1Kosmos record", kosmosLine, "requestid", "3f2b9c1e", false, redact.Replace},
		{"requestid elsewhere", plainLine, "requestid", "3f2b9c1e", false, redact.Keep},
		// An IFSC code counts only within the same string, in JSON too.
		{"account number beside an IFSC member", bankLine, "acct", "0011223344", false, redact.Keep},
		{"passport number after the word", ppLine, "no", "K2345678", false, redact.Replace},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := recordAt(t, tt.line, tt.value)
			if tt.nested {
				rec.Depth = 2
			}
			got := r.RedactField(tt.key, tt.value, redact.TypeString, rec)
			if got.Action != tt.want {
				t.Errorf("action %d, want %d", got.Action, tt.want)
			}
			if tt.nested {
				return
			}
			// The JSON path on the same record.
			out := string(r.Redact(nil, []byte(tt.line)))
			kept := strings.Contains(out, `"`+tt.value+`"`)
			if kept != (got.Action == redact.Keep) {
				t.Errorf("JSON path gives %s; RedactField %+v", out, got)
			}
			if !kept && !strings.Contains(out, `"`+got.Value+`"`) {
				t.Errorf("JSON path gives %s; RedactField %q", out, got.Value)
			}
			// Without the record, only the field is read.
			if tt.name != "passport number after the word" {
				return
			}
			if alone := r.RedactField(tt.key, tt.value, redact.TypeString, nil); alone.Action != redact.Keep {
				t.Errorf("alone: %+v, want Keep", alone)
			}
		})
	}
	// A Record whose bounds do not hold the value reads the field alone.
	rec := recordAt(t, ppLine, "K2345678")
	rec.Start++
	if got := r.RedactField("no", "K2345678", redact.TypeString, rec); got.Action != redact.Keep {
		t.Errorf("stale bounds: %+v, want Keep", got)
	}
}

// TestRedactKey: keys that hold personal data are redacted as the JSON
// path redacts them.
func TestRedactKey(t *testing.T) {
	r := mustNew(t, nil)
	for _, k := range []string{"234123412346", "2341 2341 2346", "asha.rao@example.in", "user_9876543210", "k8s.pod.name", "name", "ts_1767323045123",
		// Written with escapes in JSON: decided on the name, not on its
		// escaped text (6 bytes here, too short to scan; 13 there).
		"\x1f00@AA", "A\x1fbc ravi@ybl"} {
		got, changed := r.RedactKey(k)
		want := k
		out := r.Redact(nil, []byte(`{`+quoteJSON(k)+`:1}`))
		var m map[string]json.RawMessage
		if err := json.Unmarshal(out, &m); err != nil {
			t.Fatal(err)
		}
		for mk := range m {
			want = mk
		}
		if got != want || changed != (got != k) {
			t.Errorf("RedactKey(%.6s…) = %q, %v; the JSON path gives %q", k, got, changed, want)
		}
	}
}

// TestRedactFieldAllocs: a field whose key and value hold nothing to
// redact costs no allocation.
func TestRedactFieldAllocs(t *testing.T) {
	r := mustNew(t, nil)
	rec := new(redact.Record)
	rec.Reset([]byte(`{}`))
	fields := []struct {
		k, v string
		t    redact.ValueType
	}{
		{"http.route", "/kyc/{id}", redact.TypeString}, {"event", "kyc.verified", redact.TypeString},
		{"ts_ms", "1767323045123", redact.TypeNumber}, {"count", "7", redact.TypeNumber},
		{"span_id", "00f067aa0ba902b7", redact.TypeString}, {"attrs", `{"a":1}`, redact.TypeObject},
		{"name", "", redact.TypeString}, {"dob", "true", redact.TypeBool}, {"file_name", "kyc-report.pdf", redact.TypeString},
	}
	allocs := testing.AllocsPerRun(100, func() {
		for _, f := range fields {
			if res := r.RedactField(f.k, f.v, f.t, rec); res.Action == redact.Replace || res.Action == redact.Remove {
				t.Fatalf("%s changed", f.k)
			}
		}
	})
	if allocs != 0 {
		t.Errorf("%.1f allocations per run, want 0", allocs)
	}
}

// TestStatsEveryPath: the slog Handler, ReplaceAttr, RedactField and the
// JSON path count the same replacements in Stats.
func TestStatsEveryPath(t *testing.T) {
	var st redact.Stats
	r := mustNew(t, nil).WithStats(&st)
	line := `{"name":"Ravi Kumar","mobile":"9876543210","uid":234123412346,"ref":9876543210,"note":"pan ABCPE1234F"}`
	want := map[redact.Kind]uint64{redact.Field: 1, redact.Mobile: 2, redact.Aadhaar: 1, redact.PAN: 1}
	check := func(path string) {
		t.Helper()
		for _, k := range redact.Kinds() {
			if got := st.Count(k); got != want[k] {
				t.Errorf("%s: Count(%s) = %d, want %d", path, k, got, want[k])
			}
		}
		st = redact.Stats{}
	}
	r.Redact(nil, []byte(line))
	check("JSON")

	attrs := []slog.Attr{slog.String("name", "Ravi Kumar"), slog.String("mobile", "9876543210"),
		slog.Int64("uid", 234123412346), slog.Int64("ref", 9876543210), slog.String("note", "pan ABCPE1234F")}
	h := redact.NewHandler(slog.NewJSONHandler(new(bytes.Buffer), nil), r)
	rec := slog.NewRecord(testTime, slog.LevelInfo, "m", 0)
	rec.AddAttrs(attrs...)
	if err := h.Handle(context.Background(), rec); err != nil {
		t.Fatal(err)
	}
	check("Handler")

	for _, a := range attrs {
		r.ReplaceAttr(nil, a)
	}
	check("ReplaceAttr")

	for _, a := range attrs {
		typ, text := redact.TypeString, a.Value.String()
		if a.Value.Kind() == slog.KindInt64 {
			typ = redact.TypeNumber
		}
		r.RedactField(a.Key, text, typ, nil)
	}
	check("RedactField")

	// A dropped value and a sensitive group count too.
	rd := mustNew(t, &redact.Options{Mode: redact.Drop}).WithStats(&st)
	rd.ReplaceAttr(nil, slog.String("name", "Ravi Kumar"))
	redact.NewHandler(slog.NewJSONHandler(new(bytes.Buffer), nil), r).WithGroup("address").(*redact.Handler).
		Handle(context.Background(), recordWith(slog.String("line1", "12 MG Road")))
	want = map[redact.Kind]uint64{redact.Field: 2}
	check("drop and group")
}

func recordWith(attrs ...slog.Attr) slog.Record {
	rec := slog.NewRecord(testTime, slog.LevelInfo, "m", 0)
	rec.AddAttrs(attrs...)
	return rec
}

// TestHashTagsAgree: in Hash mode a value gets the same tag through the
// slog Handler, through a slog JSON line redacted by Redact (as "kyckit
// redact" does) and through RedactField: the tag of a whole value is
// computed over its JSON text.
func TestHashTagsAgree(t *testing.T) {
	r := mustNew(t, &redact.Options{Mode: redact.Hash, HashKey: testHashKey, HashKeyID: "k1"})
	attrs := []slog.Attr{
		slog.String("name", "Ravi Kumar"), slog.String("address", `12 "MG" Road\n`), slog.String("dob", "1990-01-01"),
		slog.Int64("dob", 19900101), slog.Float64("otp", 482913), slog.Float64("otp", 0.5), slog.Uint64("cvv", 123),
		slog.String("mobile", "9876543210"), slog.Int64("mobile", 9876543210), slog.String("uid", "2341 2341 2346"),
		slog.Int64("ref", 234123412346), slog.String("password", "hunter22"), slog.String("name", "नाम\tx"),
	}
	for _, a := range attrs {
		// slog path: the Handler in front of a JSON handler.
		var viaHandler bytes.Buffer
		h := redact.NewHandler(slog.NewJSONHandler(&viaHandler, &slog.HandlerOptions{ReplaceAttr: dropTime}), r)
		if err := h.Handle(context.Background(), recordWith(a)); err != nil {
			t.Fatal(err)
		}
		// JSON path: the plain slog JSON line through Redact.
		var plain bytes.Buffer
		if err := slog.NewJSONHandler(&plain, &slog.HandlerOptions{ReplaceAttr: dropTime}).Handle(context.Background(), recordWith(a)); err != nil {
			t.Fatal(err)
		}
		viaJSON := r.Redact(nil, bytes.TrimSpace(plain.Bytes()))
		got, want := attrOf(t, viaHandler.Bytes(), a.Key), attrOf(t, viaJSON, a.Key)
		if got != want {
			t.Errorf("%s=%v: Handler gives %s, JSON path %s", a.Key, a.Value, got, want)
		}
		if !strings.Contains(got, ":k1:") {
			t.Errorf("%s=%v: no hash tag: %s", a.Key, a.Value, got)
		}
		// RedactField on the same value.
		typ, text := redact.TypeString, a.Value.String()
		if a.Value.Kind() != slog.KindString {
			typ = redact.TypeNumber
			text = strings.TrimSpace(string(jsonNumber(t, a.Value.Any())))
		}
		res := r.RedactField(a.Key, text, typ, nil)
		if res.Action != redact.Replace || quoteJSON(res.Value) != want {
			t.Errorf("%s=%v: RedactField gives %+v, JSON path %s", a.Key, a.Value, res, want)
		}
	}
}

func jsonNumber(t *testing.T, x any) []byte {
	t.Helper()
	b, err := json.Marshal(x)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func dropTime(groups []string, a slog.Attr) slog.Attr {
	if len(groups) == 0 && a.Key == slog.TimeKey {
		return slog.Attr{}
	}
	return a
}

// attrOf returns the JSON text of key's value in a one-line JSON record.
func attrOf(t *testing.T, line []byte, key string) string {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal(line, &m); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	return string(m[key])
}

// TestSensitiveKey: the key decision, with the safe-list, ExactKeys and
// modes.
func TestSensitiveKey(t *testing.T) {
	r := mustNew(t, nil)
	exact := mustNew(t, &redact.Options{ExactKeys: true, IgnoreKeys: []string{"dob"}, ExtraKeys: []string{"txn_ref"}})
	off := mustNew(t, &redact.Options{Modes: map[redact.Kind]redact.Mode{redact.Field: redact.Off}})
	tests := []struct {
		key              string
		want, exact, off redact.Kind
	}{
		{"name", redact.Field, redact.Field, 0},
		{"customer_name", redact.Field, 0, 0},
		{"names", redact.Field, 0, 0},
		{"file_name", 0, 0, 0},
		{"ip_address", 0, 0, 0},
		{"operator.email", redact.Field, 0, 0},
		{"password", redact.Secret, redact.Secret, redact.Secret},
		{"X-Api-Key", redact.Secret, redact.Secret, redact.Secret},
		{"dob", redact.Field, 0, 0},
		{"txn_ref", 0, redact.Field, 0},
		{"request_id", redact.Secret, redact.Secret, redact.Secret}, // only in a 1Kosmos context (RedactField)
		{"span_id", 0, 0, 0},
		{"event", 0, 0, 0},
	}
	for _, tt := range tests {
		if got := r.SensitiveKey(tt.key); got != tt.want {
			t.Errorf("SensitiveKey(%q) = %v, want %v", tt.key, got, tt.want)
		}
		if got := exact.SensitiveKey(tt.key); got != tt.exact {
			t.Errorf("ExactKeys: SensitiveKey(%q) = %v, want %v", tt.key, got, tt.exact)
		}
		if got := off.SensitiveKey(tt.key); got != tt.off {
			t.Errorf("field off: SensitiveKey(%q) = %v, want %v", tt.key, got, tt.off)
		}
	}
}

// FuzzRedactField: for any key and string value, RedactField decides what
// the JSON path writes for the one-member object, in Mask and Hash modes.
func FuzzRedactField(f *testing.F) {
	for _, kv := range realisticKeys {
		f.Add(kv.key, kv.value)
	}
	f.Add("note", "call 98765 43210\n\"quoted\"")
	f.Add("passport_no", "K2345678")
	f.Add("uid", "2341 2341 2346")
	f.Add("name", "kyc-worker")
	f.Add("234123412346", "x")
	mask, err := redact.New(nil)
	if err != nil {
		f.Fatal(err)
	}
	hash, err := redact.New(&redact.Options{Mode: redact.Hash, HashKey: testHashKey, HashKeyID: "k1"})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, key, value string) {
		if !utf8.ValidString(value) {
			return // fieldJSON decodes the value with encoding/json
		}
		// The value as redact's JSON text writes it (see the package
		// documentation: how hash tags are computed).
		v := json.RawMessage(quoteJSON(value))
		for _, r := range []*redact.Redactor{mask, hash} {
			want := jsonField(t, r, key, v)
			if want == "" {
				continue // the key itself was redacted
			}
			if got := fieldJSON(t, r, key, v); got != want {
				t.Errorf("key %q value %s: got %s, want %s", key, v, got, want)
			}
		}
	})
}

// TestRecordMasks: a Record holds an unredacted record; neither fmt,
// encoding/json nor slog prints it.
func TestRecordMasks(t *testing.T) {
	const secret = "Meera Nair"
	rec := &redact.Record{}
	rec.Reset([]byte(`{"name":"` + secret + `"}`))
	rec.Start, rec.End, rec.Depth = 9, 19, 1
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "%v %+v %s %#v %v %+v|", rec, rec, rec, *rec, *rec, *rec)
	js, err := json.Marshal(struct {
		P *redact.Record
		V redact.Record
	}{rec, *rec})
	if err != nil {
		t.Fatal(err)
	}
	buf.Write(js)
	slog.New(slog.NewJSONHandler(&buf, logtest.NoTime())).Info("m", "p", rec, "v", *rec, "nil", (*redact.Record)(nil))
	slog.New(slog.NewTextHandler(&buf, logtest.NoTime())).Info("m", "p", rec, "v", *rec)
	out := buf.String()
	if strings.Contains(out, "Meera") || strings.Contains(out, "TWVlcm") || strings.Contains(out, "0x4d") { // "Meer" in base64; 'M' in %#v's hex
		t.Errorf("a Record printed its JSON: %s", out)
	}
	if !strings.Contains(out, "redact.Record{len 21, field 9:19, depth 1}") || !strings.Contains(out, `"nil":null`) {
		t.Errorf("no summary: %s", out)
	}
	if strings.Contains(out, "PANIC") || strings.Contains(out, "panicked") {
		t.Errorf("a Record panicked in a log: %s", out)
	}
}
