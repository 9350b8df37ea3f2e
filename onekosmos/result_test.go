package onekosmos

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/kyckit/kyckit/internal/logtest"
)

func TestParsePollResultKATs(t *testing.T) {
	r, err := ParsePollResult([]byte(katAPlain))
	if err != nil || r.Pending == nil || r.Final != nil || r.V1 != nil {
		t.Fatalf("KAT-A: %+v %v", r, err)
	}
	if r.Pending.ResponseStatus != "INPROGRESS" || r.Pending.ID != "4f7daced-f8d8-4309-961a-c80f8e8d5829" || r.Done() {
		t.Fatalf("KAT-A: %+v", r.Pending)
	}

	r, err = ParsePollResult([]byte(katBPlain))
	if err != nil || r.Final == nil {
		t.Fatalf("KAT-B: %+v %v", r, err)
	}
	f := r.Final
	if f.Succeeded() || !r.Done() || f.SessionResult != "FAILED" || f.SessionID != "82f67f10-b4e4-4680-9970-5dfcc04ea39e" {
		t.Fatalf("KAT-B: %+v", f)
	}
	if f.SessionData.User == nil || f.SessionData.User.Firstname != "sd" || f.Document != nil {
		t.Fatalf("KAT-B session data: %+v", f.SessionData)
	}
	want := ErrorInfo{Status: 400, Message: "Unsupported document scanned. Verification could not be done.",
		Reason: "Unsupported document was presented", ReasonCode: "IDV0006", Type: "ppt", DocType: "PPT",
		DocID: "82f67f10-b4e4-4680-9970-5dfcc04ea39e", TS: 1743703637257}
	if f.ErrorInfo == nil || *f.ErrorInfo != want {
		t.Fatalf("KAT-B errorInfo = %+v, want %+v", f.ErrorInfo, want)
	}

	r, err = ParsePollResult([]byte(ixResponsePlain))
	if err != nil || r.Final == nil || !r.Final.Succeeded() || r.Final.SessionData.DocumentType != "dl_object" {
		t.Fatalf("interop: %+v %v", r, err)
	}
}

func TestErrorInfoSpellings(t *testing.T) {
	tests := []struct {
		json string
		want ErrorInfo
	}{
		{`{"reason_code":"IDV0010","reason":"Module 'firstname check' failed","status":"400"}`,
			ErrorInfo{ReasonCode: "IDV0010", Reason: "Module 'firstname check' failed", Status: 400}},
		{`{"reasonCode":"IDV0006"}`, ErrorInfo{ReasonCode: "IDV0006"}},
		{`{"reasonCode":"A","reason_code":"B"}`, ErrorInfo{ReasonCode: "A"}},
		{`{"status":null}`, ErrorInfo{}},
	}
	for _, tt := range tests {
		r, err := ParsePollResult([]byte(`{"sessionResult":"FAILED","errorInfo":` + tt.json + `}`))
		if err != nil || r.Final.ErrorInfo == nil || *r.Final.ErrorInfo != tt.want {
			t.Fatalf("%s: %+v %v", tt.json, r, err)
		}
	}
}

func TestParsePollResultV1(t *testing.T) {
	r, err := ParsePollResult([]byte(`{"responseStatus":"success","sessionId":"s-1","dl_object":{"firstName":"Kavya"},"token":"t0k3n","metadata":{}}`))
	if err != nil || r.V1 == nil || r.V1.SessionID != "s-1" || !r.Done() {
		t.Fatalf("%+v %v", r, err)
	}
	r, err = ParsePollResult([]byte(`{"responseStatus":"inprogress","sessionId":"s-1"}`))
	if err != nil || r.V1 == nil || r.Done() {
		t.Fatalf("%+v %v", r, err)
	}
	s := r.String() + fmt.Sprint(r)
	if strings.Contains(s, "Kavya") || strings.Contains(s, "t0k3n") {
		t.Fatalf("v1 printed PII: %s", s)
	}
}

func TestParsePollResultErrors(t *testing.T) {
	for _, in := range []string{
		``, `null`, `[]`, `"x"`, `{}`, `{"status":"x"}`,
		`{"sessionResult":5}`,
		`{"sessionResult":"FAILED","errorInfo":{"status":"bad"}}`,
		`{"sessionResult":"FAILED","document":"x"}`,
		`{"responseStatus":7,"id":"x"}`,
		`{"responseStatus":"success","sessionId":5}`,
	} {
		if _, err := ParsePollResult([]byte(in)); !errors.Is(err, ErrResponse) {
			t.Errorf("%s: err = %v, want ErrResponse", in, err)
		}
	}
	// The error names a field, never a value.
	_, err := ParsePollResult([]byte(`{"sessionResult":"SUCCESS","sessionData":{"user":{"firstname":["Aarav Secret"]}}}`))
	if !errors.Is(err, ErrResponse) || strings.Contains(err.Error(), "Aarav") {
		t.Fatalf("err = %v", err)
	}
}

// TestResultRedaction logs and prints a synthetic final result and checks
// that no name, number, date or image byte appears.
func TestResultRedaction(t *testing.T) {
	img := strings.Repeat("/9j/4AAQSkZJRgABAQ", 50)
	plain := `{"sessionResult":"SUCCESS","sessionId":"sess-1",` +
		`"sessionData":{"user":{"username":"ananya.k","firstname":"Ananya","lastname":"Krishnamurthy"},"documentType":"dl_object"},` +
		`"extractedInfo":{"documentType":"dl_object","documentId":"DL0420110012345","firstName":"Ananya","lastName":"Krishnamurthy","doe":"2031-05-17"},` +
		`"document":{"category":"identity_document","documentType":"dl_object","type":"dl","country":"IND","image":"` + img +
		`","imageBack":"` + img + `","face":"` + img + `","documentId":"DL0420110012345","firstName":"Ananya","lastName":"Krishnamurthy",` +
		`"fullName":"Ananya Krishnamurthy","dob":"1994-02-11","doe":"2031-05-17","doi":"2011-05-18","gender":"F","proof_jwt":"eyJhbGciOiJIUzI1NiJ9.e30.c2ln"}}`
	r, err := ParsePollResult([]byte(plain))
	if err != nil {
		t.Fatal(err)
	}
	if r.Final.Document == nil || r.Final.Document.Image != img {
		t.Fatal("document not parsed")
	}
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, logtest.NoTime()))
	log.Info("result", "r", r, "final", r.Final, "doc", *r.Final.Document, "user", *r.Final.SessionData.User)
	outputs := map[string]string{
		"slog":      buf.String(),
		"String":    r.String(),
		"%v":        fmt.Sprintf("%v", r),
		"%v final":  fmt.Sprintf("%v", *r.Final),
		"%v doc":    fmt.Sprintf("%v", *r.Final.Document),
		"%+v doc":   fmt.Sprintf("%+v", *r.Final.Document),
		"%#v":       fmt.Sprintf("%#v", r),
		"%#v final": fmt.Sprintf("%#v", *r.Final),
		"%#v sd":    fmt.Sprintf("%#v", r.Final.SessionData),
		"%v extr":   fmt.Sprintf("%v", r.Final.ExtractedInfo),
		"%v user":   fmt.Sprintf("%v", *r.Final.SessionData.User),
		"text slog": textLog(r),
	}
	for name, out := range outputs {
		for _, secret := range []string{"Ananya", "Krishnamurthy", "ananya.k", "DL0420110012345", "1994-02-11", "2031-05-17", "/9j/4AAQ", "eyJhbGci"} {
			if strings.Contains(out, secret) {
				t.Errorf("%s output contains %q: %s", name, secret, out)
			}
		}
	}
	if !strings.Contains(buf.String(), "XXXX2345") || !strings.Contains(buf.String(), "A***") || !strings.Contains(buf.String(), "900 base64 chars") {
		t.Errorf("masked values missing: %s", buf.String())
	}
	r.Final.Document.DropImages()
	if r.Final.Document.Image != "" || r.Final.Document.ImageBack != "" || r.Final.Document.Face != "" {
		t.Fatal("DropImages left an image")
	}
}

func textLog(v any) string {
	var buf bytes.Buffer
	slog.New(slog.NewTextHandler(&buf, logtest.NoTime())).Info("x", "v", v)
	return buf.String()
}

func TestMasks(t *testing.T) {
	tests := []struct{ got, want string }{
		{maskName(""), ""}, {maskName("Élodie"), "É***"}, {maskID("1234"), "XXXX"}, {maskID("AB12345"), "XXXX2345"},
		{maskID(""), ""}, {maskDate(""), ""}, {maskDate("1990-01-01"), "REDACTED"}, {imageSize(""), ""},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}
