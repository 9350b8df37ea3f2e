package redact_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/kyckit/kyckit/redact"
)

// TestWriterStatsCountEveryReplacement: every replacement the writer makes
// shows in Stats, including the over-long token it replaces itself
// (issue 20: `kyckit redact -stats` counted 0 for it).
func TestWriterStatsCountEveryReplacement(t *testing.T) {
	r := mustNew(t, &redact.Options{MaxLine: redact.MinMaxLine})
	tests := []struct {
		name, in string
		kind     redact.Kind
	}{
		{"over-long token", "blob " + strings.Repeat("QUJD", 3*redact.MinMaxLine) + " after\n", redact.Field},
		{"over-long token at EOF", strings.Repeat("x", 2*redact.MinMaxLine), redact.Field},
		{"aadhaar", "uid " + aadhaar + "\n", redact.Aadhaar},
		{"private key block", "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----\n", redact.PrivateKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var st redact.Stats
			var out bytes.Buffer
			w := redact.NewWriter(&out, r.WithStats(&st))
			w.Write([]byte(tt.in))
			w.Close()
			if out.String() == tt.in {
				t.Fatal("nothing replaced")
			}
			if got := st.Count(tt.kind); got != 1 {
				t.Errorf("Count(%v) = %d, want 1 (total %d); output %.80q", tt.kind, got, st.Total(), out.String())
			}
			if st.Total() != 1 {
				t.Errorf("Total = %d, want 1", st.Total())
			}
		})
	}
}
