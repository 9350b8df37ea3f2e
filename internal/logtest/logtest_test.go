package logtest

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
)

func TestNoTime(t *testing.T) {
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, NoTime())).Info("m", "k", "v", slog.Group("g", slog.String(slog.TimeKey, "kept")))
	got := strings.TrimSpace(buf.String())
	if want := `{"level":"INFO","msg":"m","k":"v","g":{"time":"kept"}}`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	buf.Reset()
	slog.New(slog.NewTextHandler(&buf, NoTime())).Info("m")
	if strings.Contains(buf.String(), "time=") {
		t.Errorf("text record has a time: %s", buf.String())
	}
}
