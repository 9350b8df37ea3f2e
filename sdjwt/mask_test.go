package sdjwt_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/kyckit/kyckit/sdjwt"

	"github.com/kyckit/kyckit/internal/logtest"
)

// TestTypesMaskUnderEveryVerb prints every type that holds claim values
// with each fmt verb and both slog handlers; none may show a value.
func TestTypesMaskUnderEveryVerb(t *testing.T) {
	const secret = "Meera-SECRET"
	claims := map[string]any{"iss": "https://issuer.example", "name": secret}
	d := sdjwt.Disclosure{Encoded: secret, Salt: secret, Name: "name", Value: secret}
	cred := &sdjwt.Credential{Verified: true, Claims: claims, Header: map[string]any{"kid": secret},
		Disclosures: []sdjwt.Disclosure{d}, KeyBinding: &sdjwt.KeyBinding{Nonce: secret, Claims: map[string]any{"nonce": secret}}}
	tok := &sdjwt.Token{Payload: claims, Disclosures: []sdjwt.Disclosure{d}, IssuerJWT: secret, KeyBindingJWT: secret}
	res := &sdjwt.Resident{Name: secret, Photo: secret, DOB: secret, Result: claims, Credential: cred}
	cb := &sdjwt.Callback{Txn: "t1", Response: secret, ErrInfo: secret}
	kb := &sdjwt.KeyBinding{Nonce: secret, Claims: map[string]any{"nonce": secret}, IssuedAt: time.Unix(0, 0)}
	vals := []any{
		cred, tok, d, res, cb, kb,
		&sdjwt.Callback{Txn: "t1", ErrCode: "name " + secret},
		// Dereferenced values (issue 20): the value receivers mask too.
		*cred, *tok, *res, *cb, *kb,
	}
	for _, v := range vals {
		var buf bytes.Buffer
		slog.New(slog.NewTextHandler(&buf, logtest.NoTime())).Info("x", "v", v)
		slog.New(slog.NewJSONHandler(&buf, logtest.NoTime())).Info("x", "v", v)
		fmt.Fprintf(&buf, " %v %+v %s %#v %q %x %d", v, v, v, v, v, v, v)
		if strings.Contains(buf.String(), "SECRET") || strings.Contains(buf.String(), "Meera") {
			t.Errorf("%T leaks a value:\n%s", v, buf.String())
		}
		if !strings.Contains(buf.String(), "sdjwt.") {
			t.Errorf("%T: no summary in the output:\n%s", v, buf.String())
		}
	}
	// In containers fmt reaches the elements' Format methods. (slog does
	// not resolve LogValuers inside slices, maps or structs, and its JSON
	// handler marshals them: SECURITY.md says never to log those.)
	for _, v := range []any{[]sdjwt.Credential{*cred}, map[string]sdjwt.Token{"t": *tok}, struct{ R sdjwt.Resident }{*res}, []*sdjwt.Callback{cb}} {
		out := fmt.Sprintf("%v %+v %#v %s", v, v, v, v)
		if strings.Contains(out, "SECRET") || !strings.Contains(out, "sdjwt.") {
			t.Errorf("%T: %s", v, out)
		}
	}
	// A nil pointer neither panics nor leaks: fmt prints <nil>, slog
	// logs null (JSON) or <nil> (text), and encoding/json writes null.
	for _, v := range []any{(*sdjwt.Credential)(nil), (*sdjwt.Token)(nil), (*sdjwt.Resident)(nil), (*sdjwt.Callback)(nil),
		(*sdjwt.KeyBinding)(nil), (*sdjwt.Disclosure)(nil)} {
		if got := fmt.Sprintf("%v %+v %#v %s", v, v, v, v); got != "<nil> <nil> <nil> <nil>" {
			t.Errorf("%T(nil) printed %q", v, got)
		}
		var js, txt bytes.Buffer
		slog.New(slog.NewJSONHandler(&js, logtest.NoTime())).Info("x", "v", v)
		slog.New(slog.NewTextHandler(&txt, logtest.NoTime())).Info("x", "v", v)
		if !strings.HasSuffix(js.String(), `"msg":"x","v":null}`+"\n") || !strings.HasSuffix(txt.String(), "msg=x v=<nil>\n") {
			t.Errorf("%T(nil) logged %q and %q", v, js.String(), txt.String())
		}
		if b, err := json.Marshal(v); err != nil || string(b) != "null" {
			t.Errorf("%T(nil) marshals to %s, %v", v, b, err)
		}
	}
	// Values and pointers log a summary under both handlers: a group or
	// string for a pointer (LogValue), the summary string for a value
	// (MarshalText); never nothing.
	for _, v := range vals {
		var js, txt bytes.Buffer
		slog.New(slog.NewJSONHandler(&js, logtest.NoTime())).Info("x", "v", v)
		slog.New(slog.NewTextHandler(&txt, logtest.NoTime())).Info("x", "v", v)
		out := js.String() + txt.String()
		if strings.Contains(out, "panicked") || strings.Contains(out, "SECRET") || strings.Contains(js.String(), `"v":null`) ||
			strings.Contains(js.String(), `"v":{}`) {
			t.Errorf("%T logged %s", v, out)
		}
	}
}

// TestResidentJSON: a Resident through a pointer (and addressable, in a
// struct marshalled through a pointer) has its JSON form, the OVSE
// status API's names; a bare value encodes its masked summary.
func TestResidentJSON(t *testing.T) {
	r := &sdjwt.Resident{Name: "Meera-SECRET", DOB: "01-02-1985", DOBISO: "1985-02-01", Result: map[string]any{"k": "v"}}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil || m["name"] != "Meera-SECRET" || m["dob"] != "1985-02-01" ||
		m["dob_issued"] != "01-02-1985" || len(m) != 8 {
		t.Fatalf("JSON form: %s", b)
	}
	outer := &struct{ R sdjwt.Resident }{*r}
	if b, _ := json.Marshal(outer); !strings.Contains(string(b), `"name":"Meera-SECRET"`) {
		t.Errorf("addressable field: %s", b)
	}
	if b, _ := json.Marshal(*r); strings.Contains(string(b), "SECRET") || !strings.HasPrefix(string(b), `"sdjwt.Resident`) {
		t.Errorf("value: %s", b)
	}
}

func TestCallbackErrNamesCodesOnly(t *testing.T) {
	for _, tc := range []struct{ code, want, short string }{
		{"E42", `sdjwt: uidai callback: app returned error code "E42"`, "E42"},
		{"K-100.2", `sdjwt: uidai callback: app returned error code "K-100.2"`, "K-100.2"},
		{"resident Meera-SECRET not found", "sdjwt: uidai callback: app returned an error code that is not a short code", ""},
		{strings.Repeat("E", 33), "sdjwt: uidai callback: app returned an error code that is not a short code", ""},
	} {
		cb := &sdjwt.Callback{Txn: "t", ErrCode: tc.code}
		err := cb.Err()
		if err == nil || err.Error() != tc.want || !errors.Is(err, sdjwt.ErrCallback) {
			t.Errorf("Err(%q) = %v, want %s", tc.code, err, tc.want)
		}
		if got := cb.ErrorCode(); got != tc.short {
			t.Errorf("ErrorCode(%q) = %q, want %q", tc.code, got, tc.short)
		}
	}
	if got := (&sdjwt.Callback{Txn: "t", Response: "x"}).ErrorCode(); got != "" {
		t.Errorf("ErrorCode of a success = %q", got)
	}
}
