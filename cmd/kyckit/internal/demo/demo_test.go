package demo

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kyckit/kyckit/aadhaarxml"
	"github.com/kyckit/kyckit/normalize"
	"github.com/kyckit/kyckit/onekosmos"
	"github.com/kyckit/kyckit/sdjwt"
)

var update = flag.Bool("update", false, "refresh the embedded fixture copies from testdata/aadhaarxml")

func clock() func() time.Time {
	return func() time.Time { return time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC) }
}

// TestRun runs the whole demo in-process and asserts each step's outcome.
func TestRun(t *testing.T) {
	var log bytes.Buffer
	rep, err := Run(t.Context(), &Options{Now: clock(), Dir: t.TempDir(), Log: &log})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range rep.Steps {
		if !s.OK || s.Skipped || s.Error != "" || len(s.Lines) == 0 {
			t.Errorf("step %d %q: ok=%v skipped=%v error=%q lines=%d", s.Number, s.Name, s.OK, s.Skipped, s.Error, len(s.Lines))
		}
	}
	if !rep.OK {
		t.Fatal("report not OK")
	}
	if n := len(rep.Steps); n != 6 {
		t.Fatalf("%d steps, want 6", n)
	}
	for i, s := range rep.Steps {
		if s.Number != i+1 {
			t.Errorf("step %d numbered %d", i+1, s.Number)
		}
	}

	// Step 1: key binding to the txn, verified record.
	if l := strings.Join(rep.Step(1).Lines, "\n"); !strings.Contains(l, "nonce = the txn this verifier sent") || !strings.Contains(l, "outcome verified") ||
		!strings.Contains(l, "XXXXXXXX2468") {
		t.Errorf("step 1 lines:\n%s", l)
	}
	if l := strings.Join(rep.Step(2).Lines, "\n"); !strings.Contains(l, "sessionResult SUCCESS") || !strings.Contains(l, "outcome verified") {
		t.Errorf("step 2 lines:\n%s", l)
	}
	if l := strings.Join(rep.Step(3).Lines, "\n"); !strings.Contains(l, "rule chained") || !strings.Contains(l, "kyckit-test-signer") {
		t.Errorf("step 3 lines:\n%s", l)
	}
	// Step 4: the evidence of three pairs; one person, so full agreement.
	pairs, ok := rep.Step(4).Data.([]Pair)
	if !ok || len(pairs) != 3 {
		t.Fatalf("step 4 data = %#v", rep.Step(4).Data)
	}
	for _, p := range pairs {
		c := p.Evidence
		if c.Name.Optimistic.Category != normalize.CompleteMatch || c.Birthdate != normalize.DOBExact || c.Gender != normalize.Equal ||
			c.PostalCode != normalize.Equal || c.State != normalize.Equal {
			t.Errorf("%s: %+v", p.Label, c)
		}
	}
	if c := pairs[0].Evidence; c.Last4 != normalize.Equal || c.AddressSimilarity != 1 {
		t.Errorf("ovse ~ offline-xml: last4 %s address %.2f", c.Last4, c.AddressSimilarity)
	}

	// Step 5: read once, second read refused, a verified read-once receipt.
	if l := strings.Join(rep.Step(5).Lines, "\n"); !strings.Contains(l, "bbolt") || !strings.Contains(l, "second read refused: retention: record already consumed") ||
		!strings.Contains(l, "read-once, erased by crypto-shred, Ed25519 signature verified") {
		t.Errorf("step 5 lines:\n%s", l)
	}
	// Step 6: the log went through the redactor and holds nothing personal.
	if d, _ := rep.Step(6).Data.(map[string]any); d["values_scanned"].(int) < 20 || len(d["leaked"].([]string)) != 0 {
		t.Errorf("step 6 data = %v", d)
	}
	if !strings.Contains(log.String(), "[REDACTED]") || !strings.Contains(log.String(), "[DISCLOSURE]") {
		t.Errorf("the log shows no redaction:\n%s", log.String())
	}

	// The report itself is printed and shipped: it must hold no personal
	// value of the fixtures.
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range Resident.PIIValues() {
		if bytes.Contains(b, []byte(v.Value)) {
			t.Errorf("report contains the fixture's %s", v.Label)
		}
	}
	if log.Len() == 0 {
		t.Error("nothing logged to Options.Log")
	}
}

// TestRunFailures tampers with one fixture at a time: the step that checks
// it fails with the package's sentinel, the steps that need it are
// skipped, and the report says so.
func TestRunFailures(t *testing.T) {
	flip := func(s string, i int) string {
		b := []byte(s)
		if b[i] == 'A' {
			b[i] = 'B'
		} else {
			b[i] = 'A'
		}
		return string(b)
	}
	tests := []struct {
		name   string
		tamper func(f *fixtures)
		step   int
		want   error
	}{
		{"callback for another txn", func(f *fixtures) {
			f.ovse.callback = bytes.Replace(f.ovse.callback, []byte(f.ovse.txn), []byte("demo-txn-OTHER0000000"), 1)
		}, 1, nil},
		{"key binding to another txn", func(f *fixtures) {
			// The callback and the verifier agree on a txn the holder never signed.
			f.ovse.callback = bytes.Replace(f.ovse.callback, []byte(f.ovse.txn), []byte("demo-txn-OTHER0000000"), 1)
			f.ovse.txn = "demo-txn-OTHER0000000"
		}, 1, sdjwt.ErrKeyBinding},
		{"disclosure changed", func(f *fixtures) {
			var cb map[string]string
			_ = json.Unmarshal(f.ovse.callback, &cb)
			parts := strings.Split(cb["response"], "~")
			parts[1] = flip(parts[1], 5)
			cb["response"] = strings.Join(parts, "~")
			f.ovse.callback, _ = json.Marshal(cb)
		}, 1, nil}, // unreferenced, malformed or a broken sd_hash, whichever check runs first
		{"callback error code", func(f *fixtures) {
			f.ovse.callback = []byte(`{"txn":"` + f.ovse.txn + `","errCode":"E42","errInfo":"declined"}`)
		}, 1, sdjwt.ErrCallback},
		{"other issuer key", func(f *fixtures) {
			other, _ := makeOVSE(Resident, clock()())
			f.ovse.issuerPub = other.issuerPub
		}, 1, sdjwt.ErrSignature},
		{"envelope byte changed", func(f *fixtures) {
			var body map[string]string
			_ = json.Unmarshal(f.kosmos.body, &body)
			body["data"] = flip(body["data"], 30)
			f.kosmos.body, _ = json.Marshal(body)
		}, 2, onekosmos.ErrDecrypt},
		{"response sealed by another key", func(f *fixtures) {
			// Anyone who knows the caller's public key can make a response
			// that decrypts; only the pinned service key tells them apart.
			forged, _ := makeKosmos(Resident)
			f.kosmos.body = reseal(t, forged, f.kosmos.callerPriv)
		}, 2, onekosmos.ErrUnpinnedKey},
		{"wrong share code", func(f *fixtures) { f.shareCode = "4321" }, 3, aadhaarxml.ErrWrongShareCode},
		{"mobile of someone else", func(f *fixtures) { f.person.Mobile = "9800000009" }, 3, aadhaarxml.ErrHashMismatch},
		{"signer not pinned", func(f *fixtures) { f.certPEM = nil }, 3, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := Run(t.Context(), &Options{Now: clock(), Dir: t.TempDir(), tamper: tt.tamper})
			if err != nil {
				t.Fatal(err)
			}
			if rep.OK {
				t.Fatal("report OK after tampering")
			}
			s := rep.Step(tt.step)
			if s.OK || s.Error == "" {
				t.Fatalf("step %d passed", tt.step)
			}
			if tt.want != nil && !errors.Is(s.err, tt.want) {
				t.Errorf("step %d error = %v, want %v", tt.step, s.err, tt.want)
			}
			for _, o := range rep.Steps {
				if o.Number != tt.step && o.Number <= 3 && !o.OK {
					t.Errorf("step %d failed too: %s", o.Number, o.Error)
				}
			}
			for _, n := range []int{4, 5} {
				if c := rep.Step(n); c.OK || !c.Skipped {
					t.Errorf("step %d ok=%v skipped=%v", n, c.OK, c.Skipped)
				}
			}
			// The failure is logged through the redactor too; no leak.
			if s := rep.Step(6); !s.OK {
				t.Errorf("step 6: %s", s.Error)
			}
			for _, v := range Resident.PIIValues() {
				if len(v.Value) >= minScanLen && strings.Contains(s.Error, v.Value) {
					t.Errorf("error names the %s: %q", v.Label, s.Error)
				}
			}
		})
	}
}

// TestRunMemoryStore runs step 5 on the in-memory store.
func TestRunMemoryStore(t *testing.T) {
	rep, err := Run(t.Context(), &Options{Now: clock()})
	if err != nil {
		t.Fatal(err)
	}
	if s := rep.Step(5); !rep.OK || !s.OK || !strings.Contains(strings.Join(s.Lines, "\n"), "memory store") {
		t.Errorf("ok=%v step 5 %+v", rep.OK, s)
	}
}

// TestLeak: a value no detector knows fails step 6, which names the field
// and never the value; a value a detector knows is redacted and passes.
func TestLeak(t *testing.T) {
	for _, tt := range []struct {
		leak, label string
	}{
		{"resident " + Resident.Name + " onboarded", "name"},
		{"landmark was " + Resident.Landmark, "landmark"},
		{"hello " + strings.Fields(Resident.Name)[0], "given name"},
		{"call +91 " + Resident.Mobile[:5] + " " + Resident.Mobile[5:] + " back", ""},
		{"mail " + Resident.Email, ""},
	} {
		rep, err := Run(t.Context(), &Options{Now: clock(), leak: tt.leak})
		if err != nil {
			t.Fatal(err)
		}
		s := rep.Step(6)
		if tt.label == "" {
			if !s.OK || !rep.OK {
				t.Errorf("%q: the redactor should catch it: %s", tt.leak, s.Error)
			}
			continue
		}
		if s.OK || rep.OK {
			t.Errorf("%q: leak not detected", tt.leak)
			continue
		}
		if !strings.Contains(s.Error, tt.label) {
			t.Errorf("%q: error %q does not name %q", tt.leak, s.Error, tt.label)
		}
		for _, v := range Resident.PIIValues() {
			if len(v.Value) >= minScanLen && strings.Contains(s.Error, v.Value) {
				t.Errorf("error shows the value %q", v.Value)
			}
		}
		for _, o := range rep.Steps[:5] {
			if !o.OK {
				t.Errorf("%q: step %d failed: %s", tt.leak, o.Number, o.Error)
			}
		}
	}
}

// reseal seals the plaintext of k's response again, by k's service key, to
// caller: what an attacker who knows the caller's public key can do.
func reseal(t *testing.T, k *kosmosFixture, caller *onekosmos.PrivateKey) []byte {
	t.Helper()
	plain, err := onekosmos.DecryptResponse(k.body, k.callerPriv, k.servicePub, nil)
	if err != nil {
		t.Fatal(err)
	}
	var body map[string]string
	if err := json.Unmarshal(k.body, &body); err != nil {
		t.Fatal(err)
	}
	attacker, err := onekosmos.GenerateKey(onekosmos.Secp256k1)
	if err != nil {
		t.Fatal(err)
	}
	key, err := onekosmos.SharedKey(attacker, caller.Public())
	if err != nil {
		t.Fatal(err)
	}
	env, err := onekosmos.Seal(key, plain)
	if err != nil {
		t.Fatal(err)
	}
	out, _ := json.Marshal(map[string]string{"data": env, "publicKey": attacker.Public().Encode()})
	// Without the pin the forgery decrypts: that is what the pin is for.
	if _, err := onekosmos.DecryptResponse(out, caller, nil, nil); err != nil {
		t.Fatalf("forged response does not decrypt without the pin: %v", err)
	}
	return out
}

// TestPersonMatchesZIP keeps Resident in step with the embedded ZIP.
func TestPersonMatchesZIP(t *testing.T) {
	xml, err := aadhaarxml.OpenZIP(offlineZIP, ShareCode, nil)
	if err != nil {
		t.Fatal(err)
	}
	d, err := aadhaarxml.DecodeXMLUnverified(xml)
	if err != nil {
		t.Fatal(err)
	}
	p, a := Resident, d.Address
	got := []string{d.Name, d.DOB.ISO(), d.Gender, d.Reference.Last4, a.CareOf, a.House, a.Street, a.Landmark, a.Locality,
		a.VTC, a.PostOffice, a.SubDistrict, a.District, a.State, a.Pincode, a.Country}
	want := []string{p.Name, p.DOBISO, p.Gender, p.Last4, p.CareOf, p.House, p.Street, p.Landmark, p.Loc,
		p.VTC, p.PO, p.Subdist, p.Dist, p.State, p.PC, p.Country}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("field %d: ZIP has %q, Resident has %q", i, got[i], want[i])
		}
	}
	if _, err := d.VerifyMobile(p.Mobile, ShareCode); err != nil {
		t.Errorf("mobile: %v", err)
	}
	if _, err := d.VerifyEmail(p.Email, ShareCode); err != nil {
		t.Errorf("email: %v", err)
	}
}

// TestFixtureCopies checks (or, with -update, refreshes) the embedded
// copies of the aadhaarxml fixtures.
func TestFixtureCopies(t *testing.T) {
	src := filepath.Join("..", "..", "..", "..", "testdata", "aadhaarxml")
	for copyName, orig := range map[string]string{
		"offlineaadhaar20250115103000123.zip": filepath.Join(src, "offlineaadhaar20250115103000123.zip"),
		"kyckit-test-signer.pem":              filepath.Join(src, "certs", "kyckit-test-signer.pem"),
	} {
		want, err := os.ReadFile(orig)
		if err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join("fixtures", copyName)
		if *update {
			if err := os.WriteFile(dst, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(dst)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from %s: run go test ./cmd/kyckit/internal/demo -run TestFixtureCopies -update", dst, orig)
		}
	}
}

// TestOVSEFixtureMandatoryClaims: the demo's credential carries UIDAI's
// mandatory plaintext claims "id" (a version 4 UUID) and "status", which
// the UIDAI profile requires, and they are not selectively disclosed.
func TestOVSEFixtureMandatoryClaims(t *testing.T) {
	now := time.Now()
	f, err := makeOVSE(Resident, now)
	if err != nil {
		t.Fatal(err)
	}
	cb, err := sdjwt.ParseCallback(f.callback)
	if err != nil {
		t.Fatal(err)
	}
	cred, err := sdjwt.Verify(cb.Response, sdjwt.PublicKey(f.issuerPub), &sdjwt.VerifyOptions{
		Now: func() time.Time { return now }, Audience: OVSEClientID, Nonce: f.txn,
		AllowUppercaseHashName: true, VC: &sdjwt.VCOptions{AllowLegacyTyp: true, SkipVCT: true},
	})
	if err != nil {
		t.Fatal(err)
	}
	id, _ := cred.Claims["id"].(string)
	if !regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`).MatchString(id) {
		t.Errorf("id %q is not a version 4 UUID", id)
	}
	if s, _ := cred.Claims["status"].(string); !strings.HasPrefix(s, "https://") {
		t.Errorf("status %q is not an https URL", s)
	}
	for _, d := range cred.Disclosures {
		if d.Name == "id" || d.Name == "status" {
			t.Errorf("%s is selectively disclosed", d.Name)
		}
	}
	if _, err := sdjwt.VerifyUIDAI(t.Context(), cb.Response, sdjwt.PublicKey(f.issuerPub), &sdjwt.UIDAIOptions{Now: func() time.Time { return now }}); err != nil {
		t.Errorf("UIDAI profile: %v", err)
	}
}
