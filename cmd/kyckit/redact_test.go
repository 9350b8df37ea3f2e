package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/kyckit/kyckit/internal/redactcorpus"
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
