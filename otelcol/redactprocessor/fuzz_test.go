package redactprocessor

import (
	"strings"
	"testing"

	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pipeline"
)

// FuzzMapEntry checks the map walker against redact's own JSON path, an
// independent reading of the same rules: a map {key: value} must come out
// as redact turns the JSON line {"key":"value"} (null for a dropped entry),
// and a second pass must change nothing. Values that hold JSON themselves
// are left out of the comparison: in a map they are parsed as JSON, inside
// a JSON line redact scans them as text.
func FuzzMapEntry(f *testing.F) {
	for _, s := range [][2]string{
		{"name", name}, {"note", "uid " + aadhaarA + " pan " + pan}, {"mobile_no", mobile},
		{"data", strings.Repeat("QUJD", 16)}, {"Data", "x " + mobileB}, {"uid", "[REDACTED]"},
		{"msg", "mail " + email + "\n\ttab \"quoted\" \\ " + vidA}, {"licensekey", ""},
		{"First-Name", "Asha"}, {"k\x01", "\x00" + aadhaarC}, {"order", "ORD-2341-2341-2346"},
	} {
		f.Add(s[0], s[1])
	}
	cfg := createDefaultConfig()
	r, err := cfg.newRedactor()
	if err != nil {
		f.Fatal(err)
	}
	p, err := newRedactProcessor(r, cfg.MaxLine, nopSettings(), pipeline.SignalLogs)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, key, value string) {
		ld, lr := oneRecord()
		m := lr.Body().SetEmptyMap()
		m.PutStr(key, value)
		if _, err := p.processLogs(t.Context(), ld); err != nil {
			t.Fatal(err)
		}
		got := "null"
		if v, ok := m.Get(key); ok {
			got = string(appendJSONString(nil, v.Str()))
		}
		first := strings.TrimLeft(value, " \t\r\n")
		if !strings.HasPrefix(first, "{") && !strings.HasPrefix(first, "[") {
			doc := "{" + string(appendJSONString(nil, key)) + ":"
			want := r.RedactString(doc + string(appendJSONString(nil, value)) + "}")
			if want != doc+got+"}" {
				t.Errorf("map entry gives %s, the JSON line %s", doc+got+"}", want)
			}
		}
		again := plog.NewLogs()
		ld.CopyTo(again)
		if _, err := p.processLogs(t.Context(), again); err != nil {
			t.Fatal(err)
		}
		a, _ := (&plog.JSONMarshaler{}).MarshalLogs(ld)
		b, _ := (&plog.JSONMarshaler{}).MarshalLogs(again)
		if string(a) != string(b) {
			t.Errorf("second pass changed %s into %s", a, b)
		}
	})
}
