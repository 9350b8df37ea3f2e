package normalize

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

var sentinels = []error{ErrUnknownSource, ErrMalformed, ErrTooLarge, ErrEncrypted}

// FuzzAuto: no input panics; every error wraps a documented sentinel; no
// record carries a full Aadhaar number; the result's invariants hold (an
// error class exactly on errors, the decision its outcome implies, no
// verified record without a name or birth date, and an HTTP error status
// always an error); and normalizing the normalized record changes nothing.
func FuzzAuto(f *testing.F) {
	for _, dir := range []string{"samples", "seeds", "seeddocs"} {
		files, _ := filepath.Glob(filepath.Join("..", "testdata", "normalize", dir, "*"))
		for _, p := range files {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b)
			}
		}
	}
	goldens, _ := filepath.Glob(filepath.Join("testdata", "golden", "*", "*.json"))
	for _, p := range goldens {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"session_status":"completed","name":"234123412346","user_photo":"/9j/"}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		r, err := Auto(body, testOpts)
		if err != nil {
			for _, s := range sentinels {
				if errors.Is(err, s) {
					return
				}
			}
			t.Fatalf("error wraps no sentinel: %v", err)
		}
		out := marshal(t, r)
		if leaksAadhaar(t, out) {
			t.Fatalf("full Aadhaar-like number in record:\n%s", out)
		}
		checkResult(t, r)
		// The same body as an HTTP error is an error, whatever it says.
		st := 400 + int(len(body)%200)
		if re, err := UsingResponse("auto", st, body, testOpts); err != nil || re.Result.Outcome != Error || re.Result.HTTPStatus != st {
			t.Fatalf("HTTP %d: %+v %v", st, re, err)
		} else {
			checkResult(t, re)
		}
		again, err := Auto(out, testOpts)
		if err != nil {
			t.Fatalf("re-normalizing: %v", err)
		}
		if out2 := marshal(t, again); !bytes.Equal(out, out2) {
			t.Fatalf("not idempotent:\n%s\n%s", out, out2)
		}
	})
}

// FuzzFieldRules: every field rule is idempotent and never panics.
func FuzzFieldRules(f *testing.F) {
	for _, s := range []string{"02-02-1995", "1958", "S/O: Ram", "Orissa", "IN-UT", "560 001", "+91 98765 43210",
		"xxxx-xxxx-1234", "234123412346", "X234123412346 0", "M", "data:image/jpeg;base64,/9j/4AAQ", "Mr. R.K. Singh", "202105311528"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if Text(Text(s)) != Text(s) {
			t.Fatalf("Text not idempotent")
		}
		if d, err := Birthdate(s); err == nil {
			if d2, err := Birthdate(d); err != nil || d2 != d {
				t.Fatalf("Birthdate not idempotent: %q → %q → %q", s, d, d2)
			}
		}
		if ts, err := Timestamp(s); err == nil {
			if ts2, err := Timestamp(ts); err != nil || ts2 != ts {
				t.Fatalf("Timestamp not idempotent: %q → %q → %q", s, ts, ts2)
			}
		}
		if g, err := Gender(s); err == nil {
			if g2, _ := Gender(g); g2 != g {
				t.Fatalf("Gender not idempotent")
			}
		}
		if sd, err := State(s); err == nil {
			if sd2, err := State(sd.Name); err != nil || sd2.Code != sd.Code {
				t.Fatalf("State not idempotent: %q", s)
			}
		}
		if p, err := PIN(s); err == nil {
			if p2, _ := PIN(p); p2 != p {
				t.Fatalf("PIN not idempotent")
			}
		}
		if m, err := Mobile(s); err == nil {
			if m2, _ := Mobile(m); m2 != m {
				t.Fatalf("Mobile not idempotent")
			}
		}
		if id, err := Aadhaar(s); err == nil {
			if id2, err := Aadhaar(id.Masked); err != nil || id2.Masked != id.Masked || id2.Last4 != id.Last4 {
				t.Fatalf("Aadhaar not idempotent")
			}
			if fullAadhaar.MatchString(id.Masked) {
				t.Fatalf("Aadhaar kept the full number")
			}
		}
		if m, _ := maskAadhaarInText(s); fullAadhaar.MatchString(" " + m + " ") {
			t.Fatalf("masking left a number: %q → %q", s, m)
		}
		co := ParseCareOf(s)
		if ParseCareOf(co.Raw) != co {
			t.Fatalf("ParseCareOf not idempotent")
		}
		if p, err := Photo(s, 0); err == nil && p.URL == "" {
			if p2, err := Photo(p.DataURI(), 0); err != nil || p2.DataURI() != p.DataURI() {
				t.Fatalf("Photo not idempotent")
			}
		}
		p, perr := Photo(s, 0)
		uri, fp, ferr := photoDataURI(s, 0)
		if (perr == nil) != (ferr == nil) || fp.URL != p.URL || fp.MediaType != p.MediaType ||
			(perr == nil && p.URL == "" && uri != p.DataURI()) {
			t.Fatalf("photoDataURI disagrees with Photo: %v / %v", perr, ferr)
		}
		_ = CompareNames(s, "Rakesh Kumar Singh")
	})
}

// FuzzAdapters runs every adapter on every input, detected or not: no
// panic, only documented sentinels, never a full Aadhaar number.
func FuzzAdapters(f *testing.F) {
	for _, dir := range []string{"samples", "seeds"} {
		files, _ := filepath.Glob(filepath.Join("..", "testdata", "normalize", dir, "*"))
		for _, p := range files {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, name := range Adapters {
			r, err := Using(name, body, testOpts)
			if err != nil {
				ok := false
				for _, s := range sentinels {
					ok = ok || errors.Is(err, s)
				}
				if !ok {
					t.Fatalf("%s: error wraps no sentinel: %v", name, err)
				}
				continue
			}
			if out := marshal(t, r); leaksAadhaar(t, out) {
				t.Fatalf("%s: full Aadhaar-like number in record:\n%s", name, out)
			}
		}
	})
}

// checkResult asserts the invariants of a record's result.
func checkResult(t *testing.T, r *Record) {
	t.Helper()
	res := r.Result
	if (res.Outcome == Error) != (res.ErrorClass != "") {
		t.Fatalf("outcome %s with error class %q", res.Outcome, res.ErrorClass)
	}
	if res.Retryable && res.Outcome != Error && res.Outcome != Pending {
		t.Fatalf("outcome %s retryable", res.Outcome)
	}
	if res.Decision != DecisionOf(res.Outcome, res.Retryable) {
		t.Fatalf("decision %s for %s/%v", res.Decision, res.Outcome, res.Retryable)
	}
	if res.Outcome == Verified && namesNobody(&r.Claims) {
		t.Fatal("verified record that names nobody")
	}
	if res.HTTPStatus >= 400 && res.Outcome != Error {
		t.Fatalf("HTTP %d gave %s", res.HTTPStatus, res.Outcome)
	}
}
