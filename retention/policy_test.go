package retention_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kyckit/kyckit/retention"
)

func TestPolicyFromKosmos(t *testing.T) {
	tests := []struct {
		off  bool
		ttl  int
		mode retention.Mode
		keep time.Duration
		name string
	}{
		{true, 0, retention.DeleteOnCompletion, 0, "1kosmos pii_retention_off=true"},
		{true, -1, retention.DeleteOnCompletion, 0, "1kosmos pii_retention_off=true"}, // off wins
		{true, 3600, retention.DeleteOnCompletion, 0, "1kosmos pii_retention_off=true"},
		{false, -1, retention.ReadOnce, 0, "1kosmos pii_retention_ttl=-1"},
		{false, 0, retention.KeepFor, 604800 * time.Second, "1kosmos pii_retention_ttl=0"},
		{false, 1, retention.KeepFor, time.Second, "1kosmos pii_retention_ttl=1"},
		{false, 86400, retention.KeepFor, 24 * time.Hour, "1kosmos pii_retention_ttl=86400"},
		{false, 315360000, retention.KeepFor, retention.MaxTTL, "1kosmos pii_retention_ttl=315360000"},
	}
	for _, tt := range tests {
		p, err := retention.PolicyFromKosmos(tt.off, tt.ttl)
		if err != nil {
			t.Fatalf("(%v, %d): %v", tt.off, tt.ttl, err)
		}
		if p.Mode != tt.mode || p.TTL != tt.keep || p.Name != tt.name {
			t.Errorf("(%v, %d) = mode %v ttl %v name %q; want %v %v %q", tt.off, tt.ttl, p.Mode, p.TTL, p.Name, tt.mode, tt.keep, tt.name)
		}
		if err := p.Validate(); err != nil {
			t.Errorf("(%v, %d): Validate: %v", tt.off, tt.ttl, err)
		}
	}
	for _, ttl := range []int{-2, -100, 315360001} {
		if _, err := retention.PolicyFromKosmos(false, ttl); !errors.Is(err, retention.ErrPolicy) {
			t.Errorf("ttl %d: %v, want ErrPolicy", ttl, err)
		}
	}
}

func TestExplainKosmos(t *testing.T) {
	tests := []struct {
		off  bool
		ttl  int
		want []string
	}{
		{true, 0, []string{"deleted when the session completes", "pii_retention_off=true"}},
		{false, -1, []string{"until the first poll after the session completes, then deleted", "exactly one poller", "already consumed", "pii_retention_ttl=-1"}},
		{false, 0, []string{"kept for 7 days (604800 seconds) after the session completes"}},
		{false, 90, []string{"kept for 90 seconds after the session completes"}},
		{false, 7200, []string{"kept for 2 hours (7200 seconds)"}},
	}
	for _, tt := range tests {
		p, _ := retention.PolicyFromKosmos(tt.off, tt.ttl)
		got := p.Explain()
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("Explain(%v, %d) lacks %q:\n%s", tt.off, tt.ttl, w, got)
			}
		}
		if !strings.Contains(got, "never completes has its PII deleted 7 days") {
			t.Errorf("Explain(%v, %d) lacks the never-completed rule:\n%s", tt.off, tt.ttl, got)
		}
	}
}

func TestValidate(t *testing.T) {
	ok := retention.Policy{Mode: retention.KeepFor, TTL: time.Hour}
	tests := []struct {
		name string
		edit func(p *retention.Policy)
	}{
		{"zero mode", func(p *retention.Policy) { p.Mode = 0 }},
		{"unknown mode", func(p *retention.Policy) { p.Mode = 9 }},
		{"keep-for without ttl", func(p *retention.Policy) { p.TTL = 0 }},
		{"negative ttl", func(p *retention.Policy) { p.TTL = -time.Second }},
		{"ttl above cap", func(p *retention.Policy) { p.TTL = retention.MaxTTL + time.Second }},
		{"fractional ttl", func(p *retention.Policy) { p.TTL = 1500 * time.Millisecond }},
		{"ttl with read-once", func(p *retention.Policy) { p.Mode = retention.ReadOnce }},
		{"category ttl with delete", func(p *retention.Policy) {
			p.Mode, p.TTL = retention.DeleteOnCompletion, 0
			p.CategoryTTL = map[string]time.Duration{"a": time.Hour}
		}},
		{"bad category", func(p *retention.Policy) { p.CategoryTTL = map[string]time.Duration{"Bad Cat": time.Hour} }},
		{"zero category ttl", func(p *retention.Policy) { p.CategoryTTL = map[string]time.Duration{"a": 0} }},
		{"negative max wait", func(p *retention.Policy) { p.MaxWait = -time.Second }},
		{"hold without citation", func(p *retention.Policy) { p.Holds = []retention.Hold{{Min: time.Hour}} }},
		{"hold without duration", func(p *retention.Policy) { p.Holds = []retention.Hold{{Citation: "x"}} }},
		{"hold bad category", func(p *retention.Policy) {
			p.Holds = []retention.Hold{{Category: "A B", Min: time.Hour, Citation: "x"}}
		}},
		{"control char in name", func(p *retention.Policy) { p.Name = "a\nb" }},
		{"long citation", func(p *retention.Policy) { p.Citation = strings.Repeat("x", retention.MaxTextLen+1) }},
		{"too many holds", func(p *retention.Policy) {
			p.Holds = make([]retention.Hold, retention.MaxHolds+1)
			for i := range p.Holds {
				p.Holds[i] = retention.Hold{Min: time.Hour, Citation: "x"}
			}
		}},
	}
	if err := ok.Validate(); err != nil {
		t.Fatalf("valid policy: %v", err)
	}
	for _, tt := range tests {
		p := ok
		tt.edit(&p)
		if err := p.Validate(); !errors.Is(err, retention.ErrPolicy) {
			t.Errorf("%s: %v, want ErrPolicy", tt.name, err)
		}
	}
}

func TestParsePolicyRoundTrip(t *testing.T) {
	p := retention.Policy{
		Name: "kyc", Mode: retention.KeepFor, TTL: 7 * 24 * time.Hour, Once: true,
		CategoryTTL: map[string]time.Duration{"selfie": time.Hour},
		MaxWait:     2 * time.Hour, Citation: "contract cl. 4",
		Holds: []retention.Hold{
			{Category: "kyc-record", Min: 5 * 365 * 24 * time.Hour, Citation: "PMLA s.12 (verify the current RBI KYC Directions)"},
			{Until: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), Citation: "court order 12/2026"},
		},
	}
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	got, err := retention.ParsePolicy(b)
	if err != nil {
		t.Fatal(err)
	}
	b2, _ := json.Marshal(got)
	if string(b) != string(b2) {
		t.Fatalf("round trip:\n%s\n%s", b, b2)
	}
	if got.Explain() != p.Explain() {
		t.Fatal("explanations differ after round trip")
	}
	for _, bad := range []string{
		``, `{}`, `[]`, `{"mode":"keep-for"}`, `{"mode":"forever"}`,
		`{"mode":"read-once","extra":1}`, `{"mode":"read-once"} {}`, `{"mode":"read-once"}x`,
		`{"mode":"keep-for","ttl_seconds":-1}`, `{"mode":"keep-for","ttl_seconds":1e30}`,
		`{"mode":"keep-for","ttl_seconds":315360001}`,
		`{"mode":"read-once","holds":[{"min_seconds":1}]}`,
		`{"mode":"read-once","once":true}`, `{"mode":"delete-on-completion","once":true}`,
		`{"mode":"keep-for","ttl_seconds":60,"once":1}`,
		`{"mode":"read-once","holds":[{"until":"not a time","citation":"x"}]}`,
	} {
		if _, err := retention.ParsePolicy([]byte(bad)); !errors.Is(err, retention.ErrPolicy) {
			t.Errorf("ParsePolicy(%q): %v, want ErrPolicy", bad, err)
		}
	}
	if _, err := retention.ParsePolicy(make([]byte, retention.MaxPolicySize+1)); !errors.Is(err, retention.ErrPolicy) {
		t.Error("oversized policy accepted")
	}
}
