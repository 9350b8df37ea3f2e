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
					if !aadhaarnum.Valid(l.Value(s)) {
						t.Errorf("%s %q is not valid", s.Kind, l.Value(s)[:4])
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
