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
