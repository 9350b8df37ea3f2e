package redactcorpus

import (
	"reflect"
	"strings"
	"testing"

	"github.com/kyckit/kyckit/internal/aadhaarnum"
)

func TestDeterministic(t *testing.T) {
	a, b := New(5).Mixed(300), New(5).Mixed(300)
	if !reflect.DeepEqual(a, b) {
		t.Error("equal seeds gave different corpora")
	}
	if c := New(6).Mixed(300); reflect.DeepEqual(a, c) {
		t.Error("different seeds gave equal corpora")
	}
}

func TestSpans(t *testing.T) {
	g := New(9)
	seen := map[string]bool{}
	for _, k := range Kinds {
		for range 50 {
			l := g.Positive(k)
			if len(l.Spans) == 0 || l.Negative {
				t.Fatalf("%s: positive line without spans: %q", k, l.Text)
			}
			for _, s := range l.Spans {
				if s.Start < 0 || s.End > len(l.Text) || s.Start >= s.End {
					t.Fatalf("%s: span %v out of %q", k, s, l.Text)
				}
				seen[s.Kind] = true
				if s.Kind == "aadhaar" || s.Kind == "vid" {
					// Any script, any separator: the digits count.
					d := asciiDigits(l.Value(s))
					if !aadhaarnum.Valid(d) && !(s.Kind == "vid" && len(d) == 16 && d[0] == '1' && verhoeffValid(d)) {
						t.Errorf("%s %q… (%d digits) is not valid: %q", s.Kind, d[:min(4, len(d))], len(d), l.Text)
					}
				}
			}
		}
	}
	for _, k := range Kinds {
		if !seen[k] {
			t.Errorf("no %s spans generated", k)
		}
	}
	for range 200 {
		if l := g.Negative(); !l.Negative || len(l.Spans) != 0 || strings.TrimSpace(l.Text) == "" {
			t.Fatalf("bad negative %+v", l)
		}
	}
}

// asciiDigits returns the digits of v, of any script the generator writes,
// as ASCII.
func asciiDigits(v string) string {
	var b strings.Builder
	for _, r := range strings.ReplaceAll(v, "%20", " ") { // a URL-encoded space is a separator
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		default:
			for _, z := range scriptZeros {
				if r >= z && r <= z+9 {
					b.WriteRune('0' + r - z)
				}
			}
		}
	}
	return b.String()
}

// TestOptInKinds: IP lines are made on request, never by Mixed.
func TestOptInKinds(t *testing.T) {
	g := New(3)
	for _, k := range OptInKinds {
		if l := g.Positive(k); len(l.Spans) == 0 || l.Spans[0].Kind != k {
			t.Errorf("Positive(%s) = %+v", k, l)
		}
	}
	for _, l := range New(4).Mixed(3000) {
		for _, s := range l.Spans {
			for _, k := range OptInKinds {
				if s.Kind == k {
					t.Fatalf("Mixed made a %s span", k)
				}
			}
		}
	}
}

// TestThemes: every negative theme is made, and none holds a span.
func TestThemes(t *testing.T) {
	g := New(5)
	for k := range NegativeThemes {
		if l := g.Theme(k); !l.Negative || len(l.Spans) > 0 || l.Text == "" {
			t.Errorf("theme %d: %+v", k, l)
		}
	}
}
