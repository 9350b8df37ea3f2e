package redact_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kyckit/kyckit/internal/aadhaarnum"
	"github.com/kyckit/kyckit/internal/redactcorpus"
	"github.com/kyckit/kyckit/redact"

	"github.com/kyckit/kyckit/internal/cputime"
)

// benchLines returns the benchmark corpus: lines and their total size.
func benchLines(clean bool) ([][]byte, int64) {
	g := redactcorpus.New(42)
	var lines [][]byte
	var n int64
	for i := 0; i < 6000; i++ {
		var l redactcorpus.Line
		switch {
		case clean:
			l = g.Clean()
		case i%3 == 0:
			l = g.Positive(redactcorpus.Kinds[i/3%len(redactcorpus.Kinds)])
		case i%3 == 1:
			l = g.Negative()
		default:
			l = g.Clean()
		}
		lines = append(lines, []byte(l.Text))
		n += int64(len(l.Text)) + 1
	}
	return lines, n
}

// perCPU reports MB per CPU-second next to the wall-clock MB/s: on a
// shared machine the wall clock also counts time spent waiting for a core.
func perCPU(b *testing.B, bytesPerOp int64, start time.Duration) {
	if d := cputime.Self() - start; d > 0 {
		b.ReportMetric(float64(bytesPerOp)*float64(b.N)/d.Seconds()/1e6, "MB/cpu-s")
	}
}

func mustNew(tb testing.TB, o *redact.Options) *redact.Redactor {
	tb.Helper()
	r, err := redact.New(o)
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

// BenchmarkRedactMixed redacts a generated corpus of JSON vendor responses,
// access-log, logfmt and free-text lines, a third of them with personal
// data, a third hard negatives. One op is the whole corpus.
func BenchmarkRedactMixed(b *testing.B) {
	lines, n := benchLines(false)
	r := mustNew(b, nil)
	dst := make([]byte, 0, 64<<10)
	b.SetBytes(n)
	b.ReportAllocs()
	start := cputime.Self()
	for b.Loop() {
		for _, l := range lines {
			dst = r.Redact(dst[:0], l)
		}
	}
	perCPU(b, n, start)
}

// BenchmarkRedactClean redacts lines without personal data; it must not
// allocate.
func BenchmarkRedactClean(b *testing.B) {
	lines, n := benchLines(true)
	r := mustNew(b, nil)
	dst := make([]byte, 0, 64<<10)
	b.SetBytes(n)
	b.ReportAllocs()
	start := cputime.Self()
	for b.Loop() {
		for _, l := range lines {
			dst = r.Redact(dst[:0], l)
		}
	}
	perCPU(b, n, start)
}

// baselinePatterns are Go regexp equivalents of the detectors, in the
// style of the peers (one alternation, validation in the callback).
var baselinePatterns = []string{
	`-----BEGIN [A-Z ]*PRIVATE KEY-----.*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)`,
	`\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]*){1,3}`,
	`~Wy[IJKL][A-Za-z0-9_-]{13,}`,
	`(?i:\b(?:bearer|basic) +)[A-Za-z0-9._~+/-]{8,}=*`,
	`(?:/9j/|\biVBORw0KGgo|\bAAAADGpQ|\bJVBERi0|\bUEsDB)[A-Za-z0-9+/]{150,}={0,2}`,
	`[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*`,
	`\b\d{2}[A-Z]{5}\d{4}[A-Z][0-9A-Z][A-Z][0-9A-Z]\b`,
	`\b[A-Z]{3}[ABCFGHLJPTK][A-Z]\d{4}[A-Z]\b`,
	`\b[A-Z]{3}\d{7}\b`,
	`(?i:passport)[^A-Za-z0-9]{0,20}(?:[a-z ]{0,10})[A-Z][1-9]\d{6}\b`,
	`\b[2-9]\d{3}[ -]?\d{4}[ -]?\d{4}(?:[ -]?\d{4})?\b`,
	`(?:\+91[ -]?|\b91|\b0)?\b[6-9]\d{4}[ -]?\d{5}\b`,
	`(?i:"?\b(?:name|full_name|dob|mobile|address|full_address|care_of|email|uid|otp|licensekey|requestid|x-df-api-secret|user_photo|profile_image|result)"?\s*[:=]\s*)(?:"[^"]*"|[^\s,;}]+)`,
}

func regexpBaseline() func(dst, src []byte) []byte {
	re := regexp.MustCompile(`(?:` + strings.Join(baselinePatterns, `)|(?:`) + `)`)
	return func(dst, src []byte) []byte {
		out := re.ReplaceAllFunc(src, func(m []byte) []byte {
			if c := m[0]; c >= '0' && c <= '9' {
				if len(m) >= 12 && aadhaarnum.Valid(m) {
					return []byte("[AADHAAR]")
				}
			}
			return []byte("[REDACTED]")
		})
		return append(dst, out...)
	}
}

// BenchmarkByteLoop is a calibration baseline for a shared, loaded
// machine: one table lookup per byte of the mixed corpus and nothing else.
// Compare BenchmarkRedactMixed with it, not only with absolute MB/s.
func BenchmarkByteLoop(b *testing.B) {
	lines, n := benchLines(false)
	var table [256]uint8
	table['@'] = 1
	b.SetBytes(n)
	b.ReportAllocs()
	start := cputime.Self()
	count := 0
	for b.Loop() {
		for _, l := range lines {
			for _, c := range l {
				count += int(table[c])
			}
		}
	}
	perCPU(b, n, start)
	if count < 0 {
		b.Fatal(count)
	}
}

// BenchmarkRegexpBaseline applies the Go regexp equivalent to the same
// corpus as BenchmarkRedactMixed.
func BenchmarkRegexpBaseline(b *testing.B) {
	lines, n := benchLines(false)
	f := regexpBaseline()
	dst := make([]byte, 0, 64<<10)
	b.SetBytes(n)
	b.ReportAllocs()
	start := cputime.Self()
	for b.Loop() {
		for _, l := range lines {
			dst = f(dst[:0], l)
		}
	}
	perCPU(b, n, start)
}

type benchUser struct{ last4 string }

func (u benchUser) LogValue() slog.Value {
	return slog.GroupValue(slog.String("id", "u-"+u.last4), slog.String("tier", "gold"))
}

func logRecord(l *slog.Logger) {
	l.LogAttrs(context.Background(), slog.LevelInfo, "kyc session polled",
		slog.String("session", "0b6f6a52-8b4b-4f1e-9f41-5d2f7c0e2a11"),
		slog.String("state", "complete"),
		slog.Int("attempt", 3),
		slog.String("note", "customer called back on +91 98765 43210"),
		slog.Any("user", benchUser{"4321"}),
	)
}

// BenchmarkHandler logs one record through NewHandler over a JSONHandler.
func BenchmarkHandler(b *testing.B) {
	l := slog.New(redact.NewHandler(slog.NewJSONHandler(io.Discard, nil), mustNew(b, nil)))
	b.ReportAllocs()
	for b.Loop() {
		logRecord(l)
	}
}

// BenchmarkJSONHandler is the baseline of BenchmarkHandler: the same record
// through a bare JSONHandler.
func BenchmarkJSONHandler(b *testing.B) {
	l := slog.New(slog.NewJSONHandler(io.Discard, nil))
	b.ReportAllocs()
	for b.Loop() {
		logRecord(l)
	}
}

// BenchmarkWriter streams the mixed corpus through NewWriter.
func BenchmarkWriter(b *testing.B) {
	lines, n := benchLines(false)
	var all bytes.Buffer
	for _, l := range lines {
		all.Write(l)
		all.WriteByte('\n')
	}
	w := redact.NewWriter(io.Discard, mustNew(b, nil))
	b.SetBytes(n)
	b.ReportAllocs()
	for b.Loop() {
		w.Write(all.Bytes())
	}
}

func logCleanRecord(l *slog.Logger) {
	l.LogAttrs(context.Background(), slog.LevelInfo, "kyc session polled",
		slog.String("session", "0b6f6a52-8b4b-4f1e-9f41-5d2f7c0e2a11"),
		slog.String("state", "complete"),
		slog.Int("attempt", 3),
		slog.Duration("latency", 1500),
		slog.Bool("cached", false),
	)
}

// BenchmarkHandlerClean logs a record without personal data through
// NewHandler over a JSONHandler.
func BenchmarkHandlerClean(b *testing.B) {
	l := slog.New(redact.NewHandler(slog.NewJSONHandler(io.Discard, nil), mustNew(b, nil)))
	b.ReportAllocs()
	for b.Loop() {
		logCleanRecord(l)
	}
}

// BenchmarkJSONHandlerClean is the baseline of BenchmarkHandlerClean.
func BenchmarkJSONHandlerClean(b *testing.B) {
	l := slog.New(slog.NewJSONHandler(io.Discard, nil))
	b.ReportAllocs()
	for b.Loop() {
		logCleanRecord(l)
	}
}
