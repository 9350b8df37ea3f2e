package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kyckit/kyckit/internal/redactcorpus"
	"github.com/kyckit/kyckit/redact"
)

// TestRedactCorpus is the acceptance check "cat corpus | kyckit redact
// leaves none of the generator's PII spans in the output": the generated,
// labelled corpus goes through run on standard input.
func TestRedactCorpus(t *testing.T) {
	lines := redactcorpus.New(2026).Mixed(9000)
	var in bytes.Buffer
	for _, l := range lines {
		in.WriteString(l.Text)
		in.WriteByte('\n')
	}
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"redact", "-stats"}, &in, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	out := strings.Split(strings.TrimSuffix(stdout.String(), "\n"), "\n")
	if len(out) != len(lines) {
		t.Fatalf("%d lines out, %d in", len(out), len(lines))
	}
	spans, left := 0, 0
	for i, l := range lines {
		if len(l.Spans) == 0 && out[i] != l.Text {
			t.Errorf("line %d changed though it holds no personal data", i+1)
		}
		for _, s := range l.Spans {
			spans++
			needle := l.Value(s)
			if len(needle) < 8 {
				needle = l.Text[max(s.Start-1, 0):min(s.End+1, len(l.Text))]
			}
			if strings.Contains(out[i], needle) {
				left++
				t.Errorf("line %d: %s span left in the output", i+1, s.Kind)
			}
		}
	}
	t.Logf("%d spans, %d left; %s", spans, left, strings.ReplaceAll(stderr.String(), "\n", "; "))
}

// TestRedactLive: kyckit redact writes each line out as soon as no more
// input is waiting, before EOF, and on an interrupt writes out everything
// it read, the last partial line too, then returns 143 for SIGTERM. The
// input and output are pipes; run's context stands in for the signal.
func TestRedactLive(t *testing.T) {
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	var stderr bytes.Buffer
	done := make(chan int, 1)
	go func() {
		code := run(ctx, []string{"redact", "-stats"}, inR, outW, &stderr)
		outW.Close()
		done <- code
	}()
	out := lineReader(outR)
	for _, l := range []struct{ in, want string }{
		{"uid 2341 2341 2346\n", "uid [AADHAAR]\n"},
		{`{"name":"Ravi Kumar","note":"PAN ABCPE1234F"}` + "\n", `{"name":"[REDACTED]","note":"PAN [PAN]"}` + "\n"},
	} {
		if _, err := io.WriteString(inW, l.in); err != nil {
			t.Fatal(err)
		}
		if got := out.next(t); got != l.want {
			t.Fatalf("got %q, want %q", got, l.want)
		}
	}
	// A partial line, then SIGTERM. The second write returns only once the
	// first was read: the partial line is input kyckit has read.
	io.WriteString(inW, "last +91 98765 43210")
	io.WriteString(inW, " ")
	cancel(&signalError{syscall.SIGTERM})
	if got := out.next(t); !strings.HasPrefix(got, "last [MOBILE]") || strings.Contains(got, "43210") {
		t.Errorf("partial line at SIGTERM: %q, want it redacted and written", got)
	}
	if got := out.next(t); got != "" {
		t.Errorf("after the partial line: %q, want EOF", got)
	}
	select {
	case code := <-done:
		if code != 143 {
			t.Errorf("exit %d, want 143", code)
		}
	case <-time.After(deadline):
		t.Fatal("run did not return")
	}
	if got := stderr.String(); got != "kyckit: error: terminated\n" {
		t.Errorf("stderr %q", got)
	}
}

// TestRedactStatsOverlong: a token longer than -max-line is replaced whole
// and -stats counts it (issue 20: it counted 0).
func TestRedactStatsOverlong(t *testing.T) {
	in := "blob " + strings.Repeat("QUJD", 3000) + " after\n"
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"redact", "-stats", "-max-line", "4096"}, strings.NewReader(in), &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if got := stdout.String(); got != "blob [REDACTED] after\n" {
		t.Errorf("stdout %.80q", got)
	}
	if got := stderr.String(); got != "kyckit: stats: field 1\nkyckit: stats: total 1\n" {
		t.Errorf("stats %q", got)
	}
}

// BenchmarkRedactFilter compares kyckit redact (run, reading through the
// interruptible read-ahead stream with its idle flushes) against the bare
// pipeline it wraps (io.Copy from the file into redact.NewWriter over a
// 64 KiB bufio.Writer), on the same generated corpus file.
func BenchmarkRedactFilter(b *testing.B) {
	var in bytes.Buffer
	for _, l := range redactcorpus.New(1).Mixed(40000) {
		in.WriteString(l.Text)
		in.WriteByte('\n')
	}
	path := filepath.Join(b.TempDir(), "in.log")
	if err := os.WriteFile(path, in.Bytes(), 0o600); err != nil {
		b.Fatal(err)
	}
	b.Run("bare", func(b *testing.B) {
		r, err := redact.New(nil)
		if err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(in.Len()))
		b.ReportAllocs()
		for b.Loop() {
			f, err := os.Open(path)
			if err != nil {
				b.Fatal(err)
			}
			bw := bufio.NewWriterSize(io.Discard, 64<<10)
			w := redact.NewWriter(bw, r)
			if _, err := io.Copy(w, f); err != nil {
				b.Fatal(err)
			}
			w.Close()
			bw.Flush()
			f.Close()
		}
	})
	b.Run("kyckit", func(b *testing.B) {
		b.SetBytes(int64(in.Len()))
		b.ReportAllocs()
		for b.Loop() {
			if code := run(context.Background(), []string{"redact", path}, strings.NewReader(""), io.Discard, io.Discard); code != 0 {
				b.Fatalf("exit %d", code)
			}
		}
	})
}
