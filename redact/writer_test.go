package redact_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/kyckit/kyckit/internal/redactcorpus"
	"github.com/kyckit/kyckit/redact"
)

// corpusText returns n generated lines joined by newlines.
func corpusText(seed uint64, n int) string {
	var b strings.Builder
	for _, l := range redactcorpus.New(seed).Mixed(n) {
		b.WriteString(l.Text)
		b.WriteByte('\n')
	}
	return b.String()
}

// lineByLine redacts text one line at a time with Redact.
func lineByLine(r *redact.Redactor, text string) string {
	var out []byte
	for _, l := range strings.SplitAfter(text, "\n") {
		if strings.HasSuffix(l, "\n") {
			out = r.Redact(out, []byte(l[:len(l)-1]))
			out = append(out, '\n')
		} else if l != "" {
			out = r.Redact(out, []byte(l))
		}
	}
	return string(out)
}

func TestWriterOneByteWrites(t *testing.T) {
	r := mustNew(t, nil)
	text := corpusText(3, 600) + "tail uid " + aadhaarS // no final newline
	var out bytes.Buffer
	w := redact.NewWriter(&out, r)
	for i := 0; i < len(text); i++ {
		if n, err := w.Write([]byte{text[i]}); n != 1 || err != nil {
			t.Fatalf("Write = %d, %v", n, err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if want := lineByLine(r, text); out.String() != want {
		t.Errorf("one-byte writes differ from line-by-line redaction")
	}
	if !strings.HasSuffix(out.String(), "tail uid [AADHAAR]") {
		t.Errorf("Close did not flush the partial line: %q", out.String()[max(0, out.Len()-40):])
	}
	if _, err := w.Write([]byte("x")); !errors.Is(err, redact.ErrClosed) {
		t.Errorf("Write after Close: %v", err)
	}
	if err := w.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

func TestWriterSplitToken(t *testing.T) {
	r := mustNew(t, nil)
	for split := 1; split < len(aadhaarS); split++ {
		var out bytes.Buffer
		w := redact.NewWriter(&out, r)
		line := "uid " + aadhaarS + "\n"
		w.Write([]byte(line[:4+split]))
		w.Write([]byte(line[4+split:]))
		w.Close()
		if out.String() != "uid [AADHAAR]\n" {
			t.Errorf("split at %d: %q", split, out.String())
		}
	}
}

// TestWriterLongLines checks that lines beyond MaxLine are scanned in
// pieces and never passed through.
func TestWriterLongLines(t *testing.T) {
	r := mustNew(t, &redact.Options{MaxLine: redact.MinMaxLine})
	var line strings.Builder
	for line.Len() < 5*redact.MinMaxLine {
		line.WriteString(`{"k":"uid ` + aadhaarS + `", "m": "+91 98765 43210"}, `)
	}
	for _, chunk := range []int{1, 7, 4096, 1 << 20} {
		var out bytes.Buffer
		w := redact.NewWriter(&out, r)
		text := line.String() + "\nnext " + aadhaar + "\n"
		for i := 0; i < len(text); i += chunk {
			w.Write([]byte(text[i:min(i+chunk, len(text))]))
		}
		w.Close()
		got := out.String()
		if strings.Contains(got, "2346") || strings.Contains(got, "43210") {
			t.Errorf("chunk %d: long line leaks", chunk)
		}
		if !strings.HasSuffix(got, "\nnext [AADHAAR]\n") {
			t.Errorf("chunk %d: next line lost", chunk)
		}
	}
	// One token longer than MaxLine: replaced, never passed through.
	var out bytes.Buffer
	w := redact.NewWriter(&out, r)
	blob := strings.Repeat("QUJD", 3*redact.MinMaxLine)
	w.Write([]byte("blob " + blob + " after\n"))
	w.Close()
	if got := out.String(); strings.Contains(got, "QUJDQUJDQUJD") || !strings.Contains(got, "[REDACTED]") || !strings.HasSuffix(got, " after\n") {
		t.Errorf("long token: %.200q", got)
	}
}

func TestWriterPrivateKeyLines(t *testing.T) {
	r := mustNew(t, nil)
	var out bytes.Buffer
	w := redact.NewWriter(&out, r)
	w.Write([]byte("before\nkey: -----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAx\nAbCdEf0123\n-----END RSA PRIVATE KEY-----\nafter\n"))
	w.Close()
	if got, want := out.String(), "before\nkey: [PRIVATE KEY]\nafter\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

type failWriter struct{ n int }

var errSink = errors.New("sink failed")

func (f *failWriter) Write(p []byte) (int, error) {
	if f.n == 0 {
		return 0, errSink
	}
	f.n--
	return len(p), nil
}

func TestWriterError(t *testing.T) {
	w := redact.NewWriter(&failWriter{n: 1}, mustNew(t, nil))
	if _, err := w.Write([]byte("one\ntwo\n")); !errors.Is(err, errSink) {
		t.Errorf("err = %v", err)
	}
	if _, err := w.Write([]byte("three\n")); !errors.Is(err, errSink) {
		t.Errorf("sticky err = %v", err)
	}
}

// writeAll writes in through a fresh Writer over r in chunks of k bytes
// and returns the output.
func writeAll(t *testing.T, r *redact.Redactor, in string, k int) string {
	t.Helper()
	var out bytes.Buffer
	w := redact.NewWriter(&out, r)
	for i := 0; i < len(in); i += k {
		if _, err := w.Write([]byte(in[i:min(i+k, len(in))])); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

// TestWriterPrivateKeyUnterminated: a BEGIN line without an END line drops
// only the lines that can be key material; the first line of text ends the
// key and is redacted and written (issue 16: every later line was dropped,
// and the command exited 0).
func TestWriterPrivateKeyUnterminated(t *testing.T) {
	r := mustNew(t, nil)
	tests := []struct{ name, in, want string }{
		{"no END, then log lines",
			"before\n-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\nAbCd+/ef==\n2026-11-22T03:25:45Z INFO next uid " + aadhaarS + "\nmore\n",
			"before\n[PRIVATE KEY]\n2026-11-22T03:25:45Z INFO next uid [AADHAAR]\nmore\n"},
		{"a mention of BEGIN in text",
			"error: expected -----BEGIN PRIVATE KEY----- header; got none\nnext line\nMIIEvQIBADANBg7\n",
			"error: expected [PRIVATE KEY]; got none\nnext line\nMIIEvQIBADANBg7\n"},
		{"END line with more text after it",
			"k: -----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIabc\n-----END EC PRIVATE KEY----- uid " + aadhaar + "\nafter\n",
			"k: [PRIVATE KEY]\nuid [AADHAAR]\nafter\n"},
		{"RFC 1421 headers and a blank line",
			"-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,0123456789ABCDEF\n\nMIIEowIBAAKCAQEAx\n-----END RSA PRIVATE KEY-----\nafter\n",
			"[PRIVATE KEY]\nafter\n"},
		{"key body on the BEGIN line, no END",
			"key -----BEGIN PRIVATE KEY----- MIIEvQIBADAN\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\nAb3d9w==\nafter\n",
			"key [PRIVATE KEY]\nafter\n"},
		{"JSON line, END missing inside the string",
			`{"k":"-----BEGIN PRIVATE KEY-----\nMIIEvQ","id":"x"}` + "\nMIIEvQIBADANBg7\n",
			`{"k":"[PRIVATE KEY]","id":"x"}` + "\nMIIEvQIBADANBg7\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, k := range []int{1, 3, 1 << 20} {
				if got := writeAll(t, r, tt.in, k); got != tt.want {
					t.Errorf("chunk %d:\n got %q\nwant %q", k, got, tt.want)
				}
			}
		})
	}
	// The key state is bounded: after 512 body-shaped lines without END,
	// lines are written again.
	var in strings.Builder
	in.WriteString("-----BEGIN PRIVATE KEY-----\n")
	for range 600 {
		in.WriteString("QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo\n")
	}
	got := writeAll(t, r, in.String(), 1<<20)
	if n := strings.Count(got, "\n"); n != 1+600-512 {
		t.Errorf("%d lines out after an endless key, want %d", n, 1+600-512)
	}
	// With the detector off, nothing is dropped.
	off := mustNew(t, &redact.Options{Modes: map[redact.Kind]redact.Mode{redact.PrivateKey: redact.Off}})
	if in := "-----BEGIN PRIVATE KEY-----\nMIIE\n"; writeAll(t, off, in, 1) != in {
		t.Error("PrivateKey off: lines dropped")
	}
}

// TestWriterKeepsEveryLine: whatever the input holds, an unterminated BEGIN
// line included, every line that cannot be key material comes out
// (redacted as Redact would), so no data is dropped silently.
func TestWriterKeepsEveryLine(t *testing.T) {
	r := mustNew(t, nil)
	lines := redactcorpus.New(16).Mixed(400)
	for _, at := range []int{0, 1, 57, 399} {
		var in strings.Builder
		var want []string
		for i, l := range lines {
			if i == at {
				in.WriteString("-----BEGIN PRIVATE KEY-----\n")
			}
			in.WriteString(l.Text + "\n")
			want = append(want, string(r.Redact(nil, []byte(l.Text))))
		}
		got := strings.Split(strings.TrimSuffix(writeAll(t, r, in.String(), 7), "\n"), "\n")
		if len(got) != len(want)+1 {
			t.Fatalf("BEGIN before line %d: %d lines out, want %d", at, len(got), len(want)+1)
		}
		if got[at] != "[PRIVATE KEY]" || strings.Join(got[:at], "\n") != strings.Join(want[:at], "\n") || strings.Join(got[at+1:], "\n") != strings.Join(want[at:], "\n") {
			t.Errorf("BEGIN before line %d: lines changed", at)
		}
	}
}

// TestWriterLongLineOverlap: when a line longer than MaxLine is cut, the
// windows overlap, so a key and its value, or the groups of a number, that
// straddle a cut are still redacted (issue 16: a JSON "name" or "dob" split
// from its key leaked). Every offset of the pair around the first cut is
// tried, with several write sizes.
func TestWriterLongLineOverlap(t *testing.T) {
	r := mustNew(t, &redact.Options{MaxLine: redact.MinMaxLine})
	items := []struct{ item, leak string }{
		{`"name": "Ravi Kumar", `, "Kumar"},
		{`"dob":"1990-01-01",`, "1990"},
		{`"note":"uid ` + aadhaarS + `",`, "2346"},
		{`name=Ravi dob=1990-01-01 `, "1990"},
		{`"mobile": "+91 98765 43210" `, "43210"},
	}
	for _, it := range items {
		leaks := 0
		for pad := redact.MinMaxLine - 600; pad < redact.MinMaxLine+40; pad++ {
			var line strings.Builder
			for line.Len() < pad {
				line.WriteString(`"k":"v", `)
			}
			line.WriteString(it.item)
			for line.Len() < 3*redact.MinMaxLine {
				line.WriteString(`"k":"v", `)
			}
			for _, k := range []int{4096, 1 << 20} {
				if got := writeAll(t, r, line.String()+"\n", k); strings.Contains(got, it.leak) {
					leaks++
					if leaks < 3 {
						t.Errorf("%s at offset %d, writes of %d: leaks %q", it.item, pad, k, it.leak)
					}
				}
			}
		}
		if leaks > 0 {
			t.Errorf("%s: %d leaks", it.item, leaks)
		}
	}
}

// TestWriterLongLineCorpus joins labelled corpus lines into lines several
// times MaxLine long: wherever the cuts fall, no span of personal data
// (8 bytes or longer) comes out.
func TestWriterLongLineCorpus(t *testing.T) {
	r := mustNew(t, &redact.Options{MaxLine: redact.MinMaxLine})
	g := redactcorpus.New(77)
	for round := range 20 {
		var line strings.Builder
		var values []string
		for line.Len() < 4*redact.MinMaxLine {
			l := g.Positive(redactcorpus.Kinds[(round+line.Len())%len(redactcorpus.Kinds)])
			if strings.Contains(l.Text, "PRIVATE KEY") {
				continue // a key on one line is one token; tested elsewhere
			}
			for _, s := range l.Spans {
				if v := l.Value(s); len(v) >= 8 {
					values = append(values, v)
				}
			}
			line.WriteString(l.Text)
			line.WriteString(" ")
		}
		for _, k := range []int{1000, 1 << 20} {
			got := writeAll(t, r, line.String()+"\n", k)
			for _, v := range values {
				if strings.Contains(got, v) {
					t.Errorf("round %d, writes of %d: a span of %d bytes left", round, k, len(v))
				}
			}
		}
	}
}
