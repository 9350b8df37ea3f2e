package redactprocessor

import (
	"strings"
	"testing"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pipeline"
)

// FuzzMapEntry checks the map walker against redact's own JSON path: a map
// {key: value} must come out as redact turns the JSON line {"key":"value"}
// (see checkMatchesJSON), and a second pass must change nothing.
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
		want := pcommon.NewMap()
		want.PutStr(key, value)
		checkMatchesJSON(t, cfg, want)
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
