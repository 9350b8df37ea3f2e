package retention_test

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kyckit/kyckit/retention"
)

// Fixed test keys (RFC 8032 section 7.1, test 1), so receipts are
// reproducible; never use them for anything real.
var (
	testSeed, _ = base64.StdEncoding.DecodeString("nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=")
	testPriv    = ed25519.NewKeyFromSeed(testSeed)
	testPub     = testPriv.Public().(ed25519.PublicKey)
)

// receiptKATv1 is a version 1 receipt (no chain fields), as written before
// receipts were chained; it must keep verifying.
const receiptKATv1 = "eyJ2IjoxLCJyZWNlaXB0IjoiMDAxMTIyMzM0NDU1NjY3Nzg4OTlhYWJiY2NkZGVlZmYiLCJyZWNvcmQiOiJobWFjOkFBQUFBQUFBQUFBQUFBQUFBQUFBQUEiLCJjYXRlZ29yeSI6ImVreWMiLCJydWxlIjoicmVhZCBvbmNlIiwicmVhc29uIjoicmVhZC1vbmNlIiwib3V0Y29tZSI6ImVyYXNlZCIsIm1lY2hhbmlzbSI6ImNyeXB0by1zaHJlZCIsInN0b3JlZCI6IjIwMjYtMDMtMDFUMDk6MDA6MDBaIiwiYXQiOiIyMDI2LTAzLTAxVDEwOjAwOjAwWiIsInNpZ25lciI6IjIxZmUzMWRmYTE1NGEyNjEifQ" +
	".qJ28GtmvOg47G8LRiGVtkMDGyZG34lHrCe3hj6hdIGmuuWvwyGfg_qXFEYIiUNW9iVmb_d07wSDRhltzHE1RBw"

// receiptKAT is sampleReceipt signed with the RFC 8032 test-1 key: version
// 2, position 2 after a receipt whose SHA-256 is samplePrev.
const receiptKAT = "eyJ2IjoyLCJyZWNlaXB0IjoiMDAxMTIyMzM0NDU1NjY3Nzg4OTlhYWJiY2NkZGVlZmYiLCJzZXEiOjIsInByZXYiOiJhNWUzYWNhZDJiZTRjOTE0MTk0M2UzZjE1YWMwYTgwNDgzMTQyMGFkNTUxZGIzNTI1NGE5MTY3MzdiNTk0MDJkIiwicmVjb3JkIjoiaG1hYzpBQUFBQUFBQUFBQUFBQUFBQUFBQUFBIiwiY2F0ZWdvcnkiOiJla3ljIiwicnVsZSI6InJlYWQgb25jZSIsInJlYXNvbiI6InJlYWQtb25jZSIsIm91dGNvbWUiOiJlcmFzZWQiLCJtZWNoYW5pc20iOiJjcnlwdG8tc2hyZWQiLCJzdG9yZWQiOiIyMDI2LTAzLTAxVDA5OjAwOjAwWiIsImF0IjoiMjAyNi0wMy0wMVQxMDowMDowMFoiLCJzaWduZXIiOiIyMWZlMzFkZmExNTRhMjYxIn0" +
	".2BmRn7-R2PILmLEOBN-BF_UiZQiewNdoKKuXmVHNxD0hLwXX_bUNYSp-6pj0PDO06lsjy_by2aJxukFTrzzCBA"

// samplePrev is SHA-256("kyckit"), as a stand-in for the previous receipt.
const samplePrev = "a5e3acad2be4c9141943e3f15ac0a804831420ad551db35254a916737b59402d"

func sampleReceipt() *retention.Receipt {
	at := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	return &retention.Receipt{
		ID: "00112233445566778899aabbccddeeff", Seq: 2, Prev: samplePrev,
		Record: "hmac:AAAAAAAAAAAAAAAAAAAAAA", Category: "ekyc",
		Rule: "read once", Reason: retention.ReasonReadOnce, Outcome: retention.OutcomeErased,
		Mechanism: retention.MechanismShred, Stored: at.Add(-time.Hour), At: at,
	}
}

func TestReceiptSignVerify(t *testing.T) {
	text, err := sampleReceipt().Sign(testPriv)
	if err != nil {
		t.Fatal(err)
	}
	r, err := retention.VerifyReceipt(text, testPub)
	if err != nil {
		t.Fatal(err)
	}
	if r.Reason != retention.ReasonReadOnce || r.Signer != retention.KeyID(testPub) || !r.At.Equal(sampleReceipt().At) {
		t.Fatalf("verified receipt %+v", r)
	}
	// Known answer: Ed25519 is deterministic, so the text is fixed. Both
	// values were checked independently with OpenSSL 3 (openssl pkeyutl
	// -verify -rawin) over "kyckit retention receipt v1\n" + payload and
	// the RFC 8032 test-1 public key d75a9801...f707511a.
	if string(text) != receiptKAT {
		t.Fatalf("receipt text changed:\n%s", text)
	}
	if r.Seq != 2 || r.Prev != samplePrev || r.Version != 2 {
		t.Fatalf("chain fields: seq %d prev %q v%d", r.Seq, r.Prev, r.Version)
	}
	if r1, err := retention.VerifyReceipt([]byte(receiptKATv1), testPub); err != nil || r1.Version != 1 || r1.Seq != 0 {
		t.Fatalf("version 1 receipt: %v", err)
	}

	otherPub, _, _ := ed25519.GenerateKey(nil)
	tamper := func(f func(b []byte) []byte) []byte { return f(bytes.Clone(text)) }
	payload, sig, _ := strings.Cut(string(text), ".")
	rawPayload, _ := base64.RawURLEncoding.DecodeString(payload)
	forged := base64.RawURLEncoding.EncodeToString(bytes.Replace(rawPayload, []byte("read-once"), []byte("completion"), 1)) + "." + sig
	tests := []struct {
		name string
		text []byte
		pub  ed25519.PublicKey
		want error
	}{
		{"other key", text, otherPub, retention.ErrSignature},
		{"short key", text, testPub[:31], retention.ErrSignature},
		{"forged payload", []byte(forged), testPub, retention.ErrSignature},
		{"flipped sig bit", tamper(func(b []byte) []byte { b[len(b)-3] ^= 1; return b }), testPub, retention.ErrSignature},
		{"unsigned", []byte(payload + "."), testPub, retention.ErrSignature},
		{"no dot", []byte(payload), testPub, retention.ErrReceipt},
		{"bad base64", []byte("!!!." + sig), testPub, retention.ErrReceipt},
		{"short sig", []byte(payload + ".AAAA"), testPub, retention.ErrReceipt},
		{"huge", bytes.Repeat([]byte("A"), retention.MaxReceiptSize+1), testPub, retention.ErrReceipt},
	}
	for _, tt := range tests {
		if _, err := retention.VerifyReceipt(tt.text, tt.pub); !errors.Is(err, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, err, tt.want)
		}
	}
}

func TestReceiptUnsignedAndUnverified(t *testing.T) {
	text, err := sampleReceipt().Sign(nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := retention.VerifyReceipt(text, testPub); !errors.Is(err, retention.ErrSignature) {
		t.Fatalf("unsigned receipt: %v, want ErrSignature", err)
	}
	r, err := retention.ParseReceiptUnverified(text)
	if err != nil || r.Signer != "" || r.Category != "ekyc" {
		t.Fatalf("ParseReceiptUnverified: %v %+v", err, r)
	}
	// Strict JSON: unknown fields and a wrong version are malformed.
	for _, js := range []string{
		`{"v":1,"receipt":"a","record":"b","reason":"c","outcome":"d","x":1}`,
		`{"v":3,"receipt":"a","record":"b","reason":"c","outcome":"d"}`,
		`{"v":1,"seq":1,"receipt":"a","record":"b","reason":"c","outcome":"d"}`,
		`{"v":2,"seq":2,"receipt":"a","record":"b","reason":"c","outcome":"d"}`,
		`{"v":2,"seq":1,"prev":"` + samplePrev + `","receipt":"a","record":"b","reason":"c","outcome":"d"}`,
		`{"v":2,"seq":2,"prev":"` + strings.ToUpper(samplePrev) + `","receipt":"a","record":"b","reason":"c","outcome":"d"}`,
		`{"v":1,"receipt":"a","record":"b","reason":"c"}`,
		`{"v":1,"receipt":"a","record":"b","reason":"c","outcome":"d"}{}`,
		`null`,
	} {
		text := base64.RawURLEncoding.EncodeToString([]byte(js)) + "."
		if _, err := retention.ParseReceiptUnverified([]byte(text)); !errors.Is(err, retention.ErrReceipt) {
			t.Errorf("%s: %v, want ErrReceipt", js, err)
		}
	}
}

func TestRef(t *testing.T) {
	if got := retention.Ref(nil, "sess-1"); got != "sess-1" {
		t.Fatalf("Ref without key = %q", got)
	}
	key := []byte("0123456789abcdef")
	a, b := retention.Ref(key, "sess-1"), retention.Ref(key, "sess-2")
	if !strings.HasPrefix(a, "hmac:") || a == b || strings.Contains(a, "sess") || len(a) != len("hmac:")+22 {
		t.Fatalf("Ref = %q, %q", a, b)
	}
	if retention.Ref([]byte("another key 16by"), "sess-1") == a {
		t.Fatal("Ref does not depend on the key")
	}
}
