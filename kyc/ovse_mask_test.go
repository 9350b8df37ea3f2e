package kyc_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/kyckit/kyckit/kyc"

	"github.com/kyckit/kyckit/internal/logtest"
)

// TestOVSEResponseMasks: a response with the resident logs and prints a
// summary as a pointer and as a dereferenced value, under both slog
// handlers and every verb; a nil pointer logs null without a "LogValue
// panicked" stack; the JSON form (through a pointer) keeps the fields.
func TestOVSEResponseMasks(t *testing.T) {
	r := &kyc.OVSEResponse{SessionID: "ovse_sess_x", SessionStatus: "completed", Name: "Meera-SECRET", Mobile: "9000000001",
		Result: map[string]any{"name": "Meera-SECRET"}}
	for _, v := range []any{r, *r, (*kyc.OVSEResponse)(nil)} {
		var js, txt bytes.Buffer
		slog.New(slog.NewJSONHandler(&js, logtest.NoTime())).Info("x", "v", v)
		slog.New(slog.NewTextHandler(&txt, logtest.NoTime())).Info("x", "v", v)
		out := js.String() + txt.String() + fmt.Sprintf("%v %+v %#v %s", v, v, v, v)
		if strings.Contains(out, "SECRET") || strings.Contains(out, "9000000001") || strings.Contains(out, "panicked") {
			t.Errorf("%T: %s", v, out)
		}
		if v == (*kyc.OVSEResponse)(nil) && !strings.Contains(js.String(), `"v":null`) {
			t.Errorf("nil logged %s", js.String())
		}
		if v != (*kyc.OVSEResponse)(nil) && !strings.Contains(out, "fields=name,mobile,result") {
			t.Errorf("%T: no summary: %s", v, out)
		}
	}
	b, err := json.Marshal(r)
	if err != nil || !strings.Contains(string(b), `"name":"Meera-SECRET"`) || !strings.Contains(string(b), `"session_status":"completed"`) {
		t.Fatalf("JSON form: %s %v", b, err)
	}
}
