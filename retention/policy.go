package retention

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Mode says when personal data is erased once a session completes.
type Mode uint8

// The retention modes. Together with the TTL they express the four 1Kosmos
// settings (see [PolicyFromKosmos]).
const (
	// DeleteOnCompletion erases the data when the session completes
	// (1Kosmos pii_retention_off=true). No poll ever receives it: before
	// completion polls get "pending", after it the status without PII.
	DeleteOnCompletion Mode = 1
	// ReadOnce keeps the data until the first poll after completion, which
	// receives it and erases it atomically (1Kosmos pii_retention_ttl=-1).
	ReadOnce Mode = 2
	// KeepFor keeps the data for [Policy.TTL] after completion (1Kosmos
	// pii_retention_ttl=0 is seven days, >0 that many seconds); with
	// [Policy.Once] only the first poll after completion receives it.
	KeepFor Mode = 3
)

var modeNames = map[Mode]string{
	DeleteOnCompletion: "delete-on-completion",
	ReadOnce:           "read-once",
	KeepFor:            "keep-for",
}

// String returns the mode's name as used in policy JSON.
func (m Mode) String() string {
	if s, ok := modeNames[m]; ok {
		return s
	}
	return "invalid"
}

// Defaults and caps applied by [Policy.Validate] and [ParsePolicy].
const (
	// DefaultTTL is the retention of 1Kosmos pii_retention_ttl=0: seven
	// days (604800 seconds).
	DefaultTTL = 7 * 24 * time.Hour
	// DefaultMaxWait is used when [Policy.MaxWait] is zero: a record whose
	// session never completes (or, read-once, is never polled after
	// completion) is erased after seven days.
	DefaultMaxWait = 7 * 24 * time.Hour
	// MaxTTL caps every TTL, MaxWait and hold duration: ten years. Longer
	// values are rejected as absurd.
	MaxTTL = 10 * 365 * 24 * time.Hour
	// MaxCategories caps [Policy.CategoryTTL].
	MaxCategories = 256
	// MaxHolds caps [Policy.Holds].
	MaxHolds = 64
	// MaxTextLen caps policy names and citations, in bytes.
	MaxTextLen = 512
	// MaxPolicySize caps the input of [ParsePolicy], in bytes.
	MaxPolicySize = 64 << 10
)

// Policy is a retention policy, as data. It is validated by
// [Policy.Validate] and applied per record: [Vault.Put] fixes the deadlines
// of a record from the policy it is given, so replicas need not share
// configuration.
//
// The zero Policy is invalid; build one with [PolicyFromKosmos] or a
// literal, or load one with [ParsePolicy].
type Policy struct {
	// Name identifies the policy in audit events and receipts, e.g.
	// "1kosmos pii_retention_ttl=-1". Optional.
	Name string
	// Mode says when data is erased after completion.
	Mode Mode
	// TTL is how long KeepFor keeps data after completion. Required (> 0)
	// for KeepFor, must be zero otherwise.
	TTL time.Duration
	// CategoryTTL overrides TTL for records of the named categories.
	// KeepFor only.
	CategoryTTL map[string]time.Duration
	// Once returns the data to one poll only ("returned once per
	// session"): the first poll after completion receives it, later polls
	// get the session status without it (ErrConsumed from Get), while the
	// data stays sealed until the TTL ends. KeepFor only; ReadOnce is
	// always once.
	Once bool
	// MaxWait bounds how long a record waits for its session to complete,
	// and for ReadOnce how long a completed record waits for its first
	// poll. Zero means DefaultMaxWait.
	MaxWait time.Duration
	// Citation is the source of the rule, e.g. a contract clause or
	// vendor setting. Optional; copied into receipts.
	Citation string
	// Holds are legal holds and minimum-retention rules that override
	// erasure. A held record becomes unreadable when it would have been
	// erased, stays sealed until the hold ends, and is erased then.
	Holds []Hold
}

// Hold is a legal hold or minimum-retention rule. It overrides erasure —
// on completion, expiry or consent withdrawal alike — until the later of
// Put time + Min and Until.
type Hold struct {
	// Category limits the hold to one category; empty means every record.
	Category string
	// Min is a minimum retention measured from Put, e.g. five years.
	Min time.Duration
	// Until is an absolute end of a legal hold; zero means none.
	Until time.Time
	// Citation names the law, regulation or order imposing the hold.
	// Required.
	Citation string
}

// PolicyFromKosmos returns the policy for the 1Kosmos settings
// pii_retention_off and pii_retention_ttl:
//
//   - off=true: delete the PII when the session completes (ttl ignored);
//   - ttl=-1: keep it until the first poll after completion, then delete
//     it (read once);
//   - ttl=0: keep it seven days after completion;
//   - ttl>0: keep it ttl seconds after completion.
//
// Any other ttl, or a ttl above [MaxTTL], fails with ErrPolicy.
func PolicyFromKosmos(off bool, ttl int) (Policy, error) {
	const vendor = "1Kosmos "
	switch {
	case off:
		return Policy{
			Name:     "1kosmos pii_retention_off=true",
			Mode:     DeleteOnCompletion,
			Citation: vendor + "pii_retention_off=true: PII deleted at session completion",
		}, nil
	case ttl == -1:
		return Policy{
			Name:     "1kosmos pii_retention_ttl=-1",
			Mode:     ReadOnce,
			Citation: vendor + "pii_retention_ttl=-1: PII kept until the first poll after completion, then deleted",
		}, nil
	case ttl == 0:
		return Policy{
			Name:     "1kosmos pii_retention_ttl=0",
			Mode:     KeepFor,
			TTL:      DefaultTTL,
			Citation: vendor + "pii_retention_ttl=0: PII kept 7 days",
		}, nil
	case ttl > 0:
		if int64(ttl) > int64(MaxTTL/time.Second) {
			return Policy{}, fmt.Errorf("%w: field %q above %d seconds", ErrPolicy, "pii_retention_ttl", int64(MaxTTL/time.Second))
		}
		return Policy{
			Name:     "1kosmos pii_retention_ttl=" + strconv.Itoa(ttl),
			Mode:     KeepFor,
			TTL:      time.Duration(ttl) * time.Second,
			Citation: vendor + "pii_retention_ttl=" + strconv.Itoa(ttl) + ": PII kept that many seconds",
		}, nil
	}
	return Policy{}, fmt.Errorf("%w: field %q must be -1, 0 or positive", ErrPolicy, "pii_retention_ttl")
}

// Validate checks p and reports the first problem, wrapping ErrPolicy.
func (p *Policy) Validate() error {
	if err := checkText("name", p.Name, false); err != nil {
		return err
	}
	if err := checkText("citation", p.Citation, false); err != nil {
		return err
	}
	switch p.Mode {
	case DeleteOnCompletion, ReadOnce:
		if p.Once {
			return fmt.Errorf("%w: field %q only applies to mode %s", ErrPolicy, "once", KeepFor)
		}
		if p.TTL != 0 {
			return fmt.Errorf("%w: field %q only applies to mode %s", ErrPolicy, "ttl", KeepFor)
		}
		if len(p.CategoryTTL) > 0 {
			return fmt.Errorf("%w: field %q only applies to mode %s", ErrPolicy, "category_ttl", KeepFor)
		}
	case KeepFor:
		if err := checkDur("ttl", p.TTL, true); err != nil {
			return err
		}
	default:
		return fmt.Errorf("%w: field %q unknown", ErrPolicy, "mode")
	}
	if len(p.CategoryTTL) > MaxCategories {
		return fmt.Errorf("%w: field %q has more than %d entries", ErrPolicy, "category_ttl", MaxCategories)
	}
	for c, d := range p.CategoryTTL {
		if err := checkCategory(c); err != nil {
			return fmt.Errorf("%w: field %q has an invalid category", ErrPolicy, "category_ttl")
		}
		if err := checkDur("category_ttl", d, true); err != nil {
			return err
		}
	}
	if err := checkDur("max_wait", p.MaxWait, false); err != nil {
		return err
	}
	if len(p.Holds) > MaxHolds {
		return fmt.Errorf("%w: field %q has more than %d entries", ErrPolicy, "holds", MaxHolds)
	}
	for i, h := range p.Holds {
		if h.Category != "" {
			if err := checkCategory(h.Category); err != nil {
				return fmt.Errorf("%w: hold %d: invalid category", ErrPolicy, i)
			}
		}
		if err := checkDur("holds.min", h.Min, false); err != nil {
			return fmt.Errorf("%w (hold %d)", err, i)
		}
		if h.Min == 0 && h.Until.IsZero() {
			return fmt.Errorf("%w: hold %d: needs min or until", ErrPolicy, i)
		}
		if err := checkText("holds.citation", h.Citation, true); err != nil {
			return fmt.Errorf("%w (hold %d)", err, i)
		}
	}
	return nil
}

func checkDur(field string, d time.Duration, required bool) error {
	switch {
	case d < 0:
		return fmt.Errorf("%w: field %q is negative", ErrPolicy, field)
	case d == 0 && required:
		return fmt.Errorf("%w: field %q must be positive", ErrPolicy, field)
	case d > MaxTTL:
		return fmt.Errorf("%w: field %q above the ten-year cap", ErrPolicy, field)
	case d%time.Second != 0:
		return fmt.Errorf("%w: field %q is not whole seconds", ErrPolicy, field)
	}
	return nil
}

func checkText(field, s string, required bool) error {
	if required && strings.TrimSpace(s) == "" {
		return fmt.Errorf("%w: field %q is required", ErrPolicy, field)
	}
	if len(s) > MaxTextLen {
		return fmt.Errorf("%w: field %q longer than %d bytes", ErrPolicy, field, MaxTextLen)
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == '\uFFFD' {
			return fmt.Errorf("%w: field %q has a control or invalid character", ErrPolicy, field)
		}
	}
	return nil
}

// ttlFor returns the retention after completion for category (KeepFor).
func (p *Policy) ttlFor(category string) time.Duration {
	if d, ok := p.CategoryTTL[category]; ok {
		return d
	}
	return p.TTL
}

func (p *Policy) maxWait() time.Duration {
	if p.MaxWait == 0 {
		return DefaultMaxWait
	}
	return p.MaxWait
}

// holdFor returns the end of the longest hold applying to a record of
// category stored at created, and that hold's citation.
func (p *Policy) holdFor(category string, created time.Time) (time.Time, string) {
	var until time.Time
	var cite string
	for _, h := range p.Holds {
		if h.Category != "" && h.Category != category {
			continue
		}
		end := h.Until
		if h.Min > 0 {
			if m := created.Add(h.Min); m.After(end) {
				end = m
			}
		}
		if end.After(until) {
			until, cite = end, h.Citation
		}
	}
	return until, cite
}

// Describe returns the policy's rule for category in a few words, as used
// in receipts, e.g. "read once" or "keep 604800s after completion".
func (p *Policy) Describe(category string) string {
	switch p.Mode {
	case DeleteOnCompletion:
		return "delete on completion"
	case ReadOnce:
		return "read once"
	case KeepFor:
		s := "keep " + strconv.FormatInt(int64(p.ttlFor(category)/time.Second), 10) + "s after completion"
		if p.Once {
			s += ", returned once"
		}
		return s
	}
	return "invalid"
}

// Explain returns the effective policy in words, one sentence per line.
func (p *Policy) Explain() string {
	var b strings.Builder
	if p.Name != "" {
		fmt.Fprintf(&b, "Policy %s.\n", p.Name)
	}
	wait := humanDur(p.maxWait())
	switch p.Mode {
	case DeleteOnCompletion:
		b.WriteString("PII is deleted when the session completes and no poll ever receives it: polls before completion are told it is pending, polls after it get the session status without PII.\n")
	case ReadOnce:
		b.WriteString("PII is kept until the first poll after the session completes, then deleted (read once): " +
			"exactly one poller receives it, every later poll gets the session status without PII and is told it was already consumed, " +
			"and polls before completion receive nothing and consume nothing.\n")
		fmt.Fprintf(&b, "If no poll comes within %s of completion, the PII is deleted unread.\n", wait)
	case KeepFor:
		if p.Once {
			fmt.Fprintf(&b, "PII is kept for %s after the session completes, then deleted; it is returned once: the first poll after completion receives it, later polls get the session status without PII, and polls before completion receive nothing.\n", humanDur(p.TTL))
		} else {
			fmt.Fprintf(&b, "PII is kept for %s after the session completes, then deleted; it can be read any number of times until then, but not before completion.\n", humanDur(p.TTL))
		}
		cats := make([]string, 0, len(p.CategoryTTL))
		for c := range p.CategoryTTL {
			cats = append(cats, c)
		}
		sort.Strings(cats)
		for _, c := range cats {
			fmt.Fprintf(&b, "Category %q is kept for %s after completion instead.\n", c, humanDur(p.CategoryTTL[c]))
		}
	default:
		b.WriteString("Invalid policy.\n")
		return b.String()
	}
	fmt.Fprintf(&b, "A session that never completes has its PII deleted %s after it was stored.\n", wait)
	b.WriteString("Expiry is checked on every read; the sweeper only reclaims storage. Deletion destroys the record's wrapped data key (crypto-shredding) and issues a signed receipt.\n")
	for _, h := range p.Holds {
		who := "every record"
		if h.Category != "" {
			who = fmt.Sprintf("category %q", h.Category)
		}
		var parts []string
		if h.Min > 0 {
			parts = append(parts, "at least "+humanDur(h.Min)+" after it was stored")
		}
		if !h.Until.IsZero() {
			parts = append(parts, "until "+h.Until.UTC().Format(time.RFC3339))
		}
		fmt.Fprintf(&b, "Hold: %s is kept sealed (unreadable) %s, overriding erasure, under %s.\n", who, strings.Join(parts, " and "), h.Citation)
	}
	if p.Citation != "" {
		fmt.Fprintf(&b, "Source: %s.\n", p.Citation)
	}
	return b.String()
}

// humanDur renders whole-second durations as "7 days (604800 seconds)".
func humanDur(d time.Duration) string {
	s := int64(d / time.Second)
	unit := func(n int64, name string) string {
		if n == 1 {
			return "1 " + name
		}
		return strconv.FormatInt(n, 10) + " " + name + "s"
	}
	var human string
	switch {
	case s%86400 == 0 && s >= 86400:
		human = unit(s/86400, "day")
	case s%3600 == 0 && s >= 3600:
		human = unit(s/3600, "hour")
	case s%60 == 0 && s >= 60:
		human = unit(s/60, "minute")
	default:
		return unit(s, "second")
	}
	return human + " (" + unit(s, "second") + ")"
}

// policyJSON is the wire form of a Policy: durations in whole seconds,
// times in RFC 3339, the mode by name.
type policyJSON struct {
	Name        string           `json:"name,omitempty"`
	Mode        string           `json:"mode"`
	TTL         int64            `json:"ttl_seconds,omitempty"`
	CategoryTTL map[string]int64 `json:"category_ttl_seconds,omitempty"`
	Once        bool             `json:"once,omitempty"`
	MaxWait     int64            `json:"max_wait_seconds,omitempty"`
	Citation    string           `json:"citation,omitempty"`
	Holds       []holdJSON       `json:"holds,omitempty"`
}

type holdJSON struct {
	Category string     `json:"category,omitempty"`
	Min      int64      `json:"min_seconds,omitempty"`
	Until    *time.Time `json:"until,omitempty"`
	Citation string     `json:"citation"`
}

// MarshalJSON encodes p in the form [ParsePolicy] reads.
func (p Policy) MarshalJSON() ([]byte, error) {
	j := policyJSON{
		Name: p.Name, Mode: p.Mode.String(), TTL: int64(p.TTL / time.Second), Once: p.Once,
		MaxWait: int64(p.MaxWait / time.Second), Citation: p.Citation,
	}
	if len(p.CategoryTTL) > 0 {
		j.CategoryTTL = make(map[string]int64, len(p.CategoryTTL))
		for c, d := range p.CategoryTTL {
			j.CategoryTTL[c] = int64(d / time.Second)
		}
	}
	for _, h := range p.Holds {
		hj := holdJSON{Category: h.Category, Min: int64(h.Min / time.Second), Citation: h.Citation}
		if !h.Until.IsZero() {
			u := h.Until.UTC()
			hj.Until = &u
		}
		j.Holds = append(j.Holds, hj)
	}
	return json.Marshal(j)
}

// ParsePolicy decodes and validates a policy in JSON, for example
//
//	{"name":"kyc","mode":"keep-for","ttl_seconds":604800,"once":true,
//	 "holds":[{"category":"kyc-record","min_seconds":157680000,"citation":"PMLA s.12"}]}
//
// Unknown fields, trailing data, inputs over [MaxPolicySize] bytes and
// out-of-range numbers are rejected. Every error wraps ErrPolicy.
func ParsePolicy(data []byte) (Policy, error) {
	if len(data) > MaxPolicySize {
		return Policy{}, fmt.Errorf("%w: larger than %d bytes", ErrPolicy, MaxPolicySize)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var j policyJSON
	if err := dec.Decode(&j); err != nil {
		return Policy{}, fmt.Errorf("%w: malformed JSON", ErrPolicy)
	}
	if dec.More() {
		return Policy{}, fmt.Errorf("%w: trailing data", ErrPolicy)
	}
	if _, err := dec.Token(); err == nil {
		return Policy{}, fmt.Errorf("%w: trailing data", ErrPolicy)
	}
	p := Policy{Name: j.Name, Citation: j.Citation, Once: j.Once}
	found := false
	for m, s := range modeNames {
		if s == j.Mode {
			p.Mode, found = m, true
		}
	}
	if !found {
		return Policy{}, fmt.Errorf("%w: field %q unknown", ErrPolicy, "mode")
	}
	var err error
	if p.TTL, err = seconds("ttl_seconds", j.TTL); err != nil {
		return Policy{}, err
	}
	if p.MaxWait, err = seconds("max_wait_seconds", j.MaxWait); err != nil {
		return Policy{}, err
	}
	if len(j.CategoryTTL) > MaxCategories {
		return Policy{}, fmt.Errorf("%w: field %q has more than %d entries", ErrPolicy, "category_ttl_seconds", MaxCategories)
	}
	if j.CategoryTTL != nil {
		p.CategoryTTL = make(map[string]time.Duration, len(j.CategoryTTL))
		for c, s := range j.CategoryTTL {
			if p.CategoryTTL[c], err = seconds("category_ttl_seconds", s); err != nil {
				return Policy{}, err
			}
		}
	}
	if len(j.Holds) > MaxHolds {
		return Policy{}, fmt.Errorf("%w: field %q has more than %d entries", ErrPolicy, "holds", MaxHolds)
	}
	for _, hj := range j.Holds {
		h := Hold{Category: hj.Category, Citation: hj.Citation}
		if h.Min, err = seconds("holds.min_seconds", hj.Min); err != nil {
			return Policy{}, err
		}
		if hj.Until != nil {
			h.Until = hj.Until.UTC()
		}
		p.Holds = append(p.Holds, h)
	}
	if err := p.Validate(); err != nil {
		return Policy{}, err
	}
	return p, nil
}

func seconds(field string, s int64) (time.Duration, error) {
	if s < 0 || s > int64(MaxTTL/time.Second) {
		return 0, fmt.Errorf("%w: field %q out of range", ErrPolicy, field)
	}
	return time.Duration(s) * time.Second, nil
}
