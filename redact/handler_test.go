package redact_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"testing/slogtest"

	"github.com/kyckit/kyckit/redact"

	"github.com/kyckit/kyckit/internal/logtest"
)

func TestHandlerSlogtest(t *testing.T) {
	var buf bytes.Buffer
	newHandler := func(*testing.T) slog.Handler {
		buf.Reset()
		return redact.NewHandler(slog.NewJSONHandler(&buf, nil), mustNew(t, nil))
	}
	result := func(t *testing.T) map[string]any {
		m := map[string]any{}
		if err := json.Unmarshal(buf.Bytes(), &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	slogtest.Run(t, newHandler, result)
}

func jsonLogger(t *testing.T, opts *redact.Options) (*slog.Logger, *bytes.Buffer) {
	var buf bytes.Buffer
	return slog.New(redact.NewHandler(slog.NewJSONHandler(&buf, logtest.NoTime()), mustNew(t, opts))), &buf
}

type countingValuer struct{ n *atomic.Int32 }

func (c countingValuer) LogValue() slog.Value {
	c.n.Add(1)
	return slog.StringValue("uid " + aadhaar)
}

type person struct {
	Name    string `json:"name"`
	Aadhaar string `json:"aadhaar_no"`
	Note    string `json:"note"`
}

type stringer struct{}

func (stringer) String() string { return "pan " + pan }

func TestHandlerRedacts(t *testing.T) {
	l, buf := jsonLogger(t, nil)
	l.Info("kyc for "+aadhaarS,
		"mobile_no", "+91 98765 43210",
		"acct", int64(234123412346),
		"count", 3,
		slog.Group("doc", "pan", pan, slog.Group("inner", "email", "ravi@example.in", "id", "ref-1")),
		"result", map[string]any{"score": 0.9},
		"err", errors.New("lookup failed for "+aadhaar),
		"who", stringer{},
		"p", person{Name: "Ravi", Aadhaar: aadhaar, Note: "call 9876543210"},
		"raw", []byte("vid "+vid),
		"verified", true,
		"otp", "",
	)
	out := buf.String()
	// Look for leaks after the time field, whose digits ("…50.957…") can
	// hold any short string by chance.
	body := out[strings.Index(out, `"level"`):]
	for _, leak := range []string{"2346", "43210", pan, "ravi@", "Ravi", "3450", "9876543210", "0.9"} {
		if strings.Contains(body, leak) {
			t.Errorf("output leaks %q: %s", leak, out)
		}
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"msg":       "kyc for [AADHAAR]",
		"mobile_no": "[MOBILE]",
		"acct":      "[AADHAAR]",
		"count":     float64(3),
		"result":    "[REDACTED]",
		"err":       "lookup failed for [AADHAAR]",
		"who":       "pan [PAN]",
		"raw":       "vid [VID]",
		"verified":  true,
		"otp":       "",
	}
	for k, v := range want {
		if m[k] != v {
			t.Errorf("%s = %#v, want %#v", k, m[k], v)
		}
	}
	doc := m["doc"].(map[string]any)
	if doc["pan"] != "[PAN]" || doc["inner"].(map[string]any)["email"] != "[REDACTED]" || doc["inner"].(map[string]any)["id"] != "ref-1" {
		t.Errorf("group: %#v", doc)
	}
	p := m["p"].(map[string]any)
	if p["name"] != "[REDACTED]" || p["aadhaar_no"] != "[AADHAAR]" || p["note"] != "call [MOBILE]" {
		t.Errorf("struct: %#v", p)
	}
}

func TestHandlerWithAttrsOnce(t *testing.T) {
	var n atomic.Int32
	l, buf := jsonLogger(t, nil)
	l = l.With("user", countingValuer{&n}).WithGroup("g").With("mobile", "9876543210")
	for range 3 {
		l.Info("poll", "k", "v")
	}
	if got := n.Load(); got != 1 {
		t.Errorf("LogValue called %d times, want 1 (WithAttrs resolves and redacts once)", got)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines", len(lines))
	}
	for _, line := range lines {
		if strings.Contains(line, aadhaar) || strings.Contains(line, "9876543210") {
			t.Errorf("leak: %s", line)
		}
		if !strings.Contains(line, `"user":"uid [AADHAAR]"`) || !strings.Contains(line, `"g":{"mobile":"[MOBILE]","k":"v"}`) {
			t.Errorf("line: %s", line)
		}
	}
}

func TestHandlerCopiesState(t *testing.T) {
	var buf bytes.Buffer
	base := redact.NewHandler(slog.NewJSONHandler(&buf, logtest.NoTime()), mustNew(t, nil))
	a := base.WithAttrs([]slog.Attr{slog.String("a", "1")})
	_ = a.WithAttrs([]slog.Attr{slog.String("b", "2")})
	_ = base.WithGroup("g")
	slog.New(a).Info("x")
	if got := buf.String(); strings.Contains(got, `"b"`) || strings.Contains(got, `"g"`) || !strings.Contains(got, `"a":"1"`) {
		t.Errorf("state leaked between handlers: %s", got)
	}
	if !base.Enabled(context.Background(), slog.LevelInfo) || base.Enabled(context.Background(), slog.LevelDebug) {
		t.Error("Enabled does not follow the inner handler")
	}
}

func TestHandlerModes(t *testing.T) {
	l, buf := jsonLogger(t, &redact.Options{Mode: redact.Drop})
	l.Info("m", "name", "Ravi", "acct", int64(234123412346), "ok", "yes")
	if got := buf.String(); strings.Contains(got, "name") || strings.Contains(got, "acct") || !strings.Contains(got, `"ok":"yes"`) {
		t.Errorf("drop: %s", got)
	}
	l, buf = jsonLogger(t, &redact.Options{Mode: redact.Hash, HashKey: testKey, HashKeyID: "k1"})
	l.Info("m", "name", "Ravi")
	if got := buf.String(); !strings.Contains(got, `"name":"[REDACTED:k1:`) {
		t.Errorf("hash: %s", got)
	}
}

func TestReplaceAttr(t *testing.T) {
	r := mustNew(t, nil)
	var buf bytes.Buffer
	l := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{ReplaceAttr: r.ReplaceAttr}))
	l.Info("ok", "uid", aadhaar, "note", "pan "+pan, "n", 5)
	got := buf.String()
	if !strings.Contains(got, "uid=[AADHAAR]") || !strings.Contains(got, `note="pan [PAN]"`) || !strings.Contains(got, "n=5") {
		t.Errorf("ReplaceAttr: %s", got)
	}
}

// TestHandlerCleanNoAlloc: a record without personal data costs the
// handler no allocation (a number is formatted only when it is big enough
// to be an identifier).
func TestHandlerCleanNoAlloc(t *testing.T) {
	l := slog.New(redact.NewHandler(slog.NewJSONHandler(io.Discard, nil), mustNew(t, nil)))
	if n := testing.AllocsPerRun(100, func() { logCleanRecord(l) }); n != 0 && !raceEnabled {
		t.Errorf("%v allocations per clean record", n)
	}
}
