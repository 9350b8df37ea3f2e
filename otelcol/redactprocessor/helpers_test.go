package redactprocessor

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/processor"
	"go.opentelemetry.io/collector/processor/processortest"
)

// Invented identifiers. The Aadhaar numbers and VIDs carry a Verhoeff check
// digit that is correct under the published algorithm (Wikipedia's and
// python-stdnum's tables; TestFixtureCheckDigits recomputes them with those
// tables, independently of kyckit's code) and that no digit 8 or 9 at a
// position ≡ 3 (mod 8) from the right could change. 234123412346 is
// python-stdnum's own documented example of a valid Aadhaar number.
const (
	aadhaarA   = "2341 2341 2346"
	aadhaarB   = "567812347658"
	aadhaarC   = "3726-4518-2209"
	vidA       = "4621 7534 0213 6274"
	vidB       = "2357111317192324"
	badAadhaar = "234123412345" // wrong check digit: not an Aadhaar number
	pan        = "ABCPE1234F"
	mobile     = "+91 98765 43210"
	mobileB    = "9123456780"
	email      = "asha.rao@example.in"
	name       = "Asha Rao"
)

// Hard negatives: look like identifiers, must come through unchanged.
var hardNegatives = []string{
	badAadhaar,
	"ORD-2341-2341-2346",                   // order id
	"inv_234156782347",                     // a valid number joined to letters
	"2026-01-02T03:04:05.123Z",             // timestamp
	"1767323045123",                        // epoch milliseconds, 13 digits
	"3f2b9c1e-2341-4234-9123-456780abcdef", // UUID
	"v2.341234123.46",                      // version-like
	"4bf92f3577b34da6a3ce929d0e0e4736",     // trace id
	"amount=98765.43",                      // decimal
}

// wikipediaVerhoeff is the Verhoeff check from Wikipedia's tables (also
// python-stdnum's), written out here so the fixtures do not depend on
// internal/verhoeff.
func wikipediaVerhoeff(s string) bool {
	d := [10][10]int{
		{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 0, 6, 7, 8, 9, 5},
		{2, 3, 4, 0, 1, 7, 8, 9, 5, 6}, {3, 4, 0, 1, 2, 8, 9, 5, 6, 7},
		{4, 0, 1, 2, 3, 9, 5, 6, 7, 8}, {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
		{6, 5, 9, 8, 7, 1, 0, 4, 3, 2}, {7, 6, 5, 9, 8, 2, 1, 0, 4, 3},
		{8, 7, 6, 5, 9, 3, 2, 1, 0, 4}, {9, 8, 7, 6, 5, 4, 3, 2, 1, 0},
	}
	p := [8][10]int{
		{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 5, 7, 6, 2, 8, 3, 0, 9, 4},
		{5, 8, 0, 3, 7, 9, 6, 1, 4, 2}, {8, 9, 1, 6, 0, 4, 3, 5, 2, 7},
		{9, 4, 5, 3, 1, 2, 6, 8, 7, 0}, {4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
		{2, 7, 9, 3, 8, 0, 6, 4, 1, 5}, {7, 0, 4, 6, 9, 1, 3, 2, 5, 8},
	}
	c := 0
	for i := range len(s) {
		c = d[c][p[i%8][s[len(s)-1-i]-'0']]
	}
	return c == 0
}

func TestFixtureCheckDigits(t *testing.T) {
	for _, n := range []string{aadhaarA, aadhaarB, aadhaarC, vidA, vidB} {
		ds := digitsOnly(n)
		if !wikipediaVerhoeff(ds) {
			t.Errorf("fixture %s…: not Verhoeff-valid", ds[:4])
		}
		for i := 3; i < len(ds); i += 8 {
			if c := ds[len(ds)-1-i]; c == '8' || c == '9' {
				t.Errorf("fixture %s…: digit %c at position %d from the right", ds[:4], c, i)
			}
		}
	}
	if wikipediaVerhoeff(badAadhaar) {
		t.Error("badAadhaar is Verhoeff-valid")
	}
}

func digitsOnly(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

// pii lists every personal value of the fixtures, in the forms that must
// not survive redaction.
var pii = []string{
	aadhaarA, digitsOnly(aadhaarA), aadhaarB, aadhaarC, digitsOnly(aadhaarC),
	vidA, digitsOnly(vidA), vidB, pan, mobile, "98765 43210", mobileB, email, name,
}

// checkNoPII fails for every personal value found in s.
func checkNoPII(t *testing.T, where, s string) {
	t.Helper()
	for _, v := range pii {
		if strings.Contains(s, v) {
			t.Errorf("%s: personal value %.6s… left in", where, v)
		}
	}
}

// newLogs builds the processor with cfg (nil: defaults) and a sink.
func newLogs(t *testing.T, cfg *Config, set processor.Settings) (processor.Logs, *consumertest.LogsSink) {
	t.Helper()
	f := NewFactory()
	if cfg == nil {
		cfg = f.CreateDefaultConfig().(*Config)
	}
	sink := new(consumertest.LogsSink)
	p, err := f.CreateLogs(context.Background(), set, cfg, sink)
	if err != nil {
		t.Fatalf("CreateLogs: %v", err)
	}
	if err := p.Start(context.Background(), componenttest.NewNopHost()); err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() {
		if err := p.Shutdown(context.Background()); err != nil {
			t.Errorf("Shutdown: %v", err)
		}
	})
	return p, sink
}

func nopSettings() processor.Settings {
	return processortest.NewNopSettings(component.MustNewType(Type))
}

// redactLogs runs ld through a processor made from cfg and returns the
// one batch that came out.
func redactLogs(t *testing.T, cfg *Config, ld plog.Logs) plog.Logs {
	t.Helper()
	p, sink := newLogs(t, cfg, nopSettings())
	if err := p.ConsumeLogs(context.Background(), ld); err != nil {
		t.Fatalf("ConsumeLogs: %v", err)
	}
	all := sink.AllLogs()
	if len(all) != 1 {
		t.Fatalf("sink got %d batches, want 1", len(all))
	}
	return all[0]
}

// oneRecord returns logs with one record and that record.
func oneRecord() (plog.Logs, plog.LogRecord) {
	ld := plog.NewLogs()
	lr := ld.ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty().LogRecords().AppendEmpty()
	return ld, lr
}

// writeKey writes a 32-byte test key and returns its path.
func writeKey(t testing.TB, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "hmac.key")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

const testKey = "kyckit-otelcol-test-key-32-bytes!\n" // not a real key
