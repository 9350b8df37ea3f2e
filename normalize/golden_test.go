package normalize

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
)

var update = flag.Bool("update", false, "rewrite golden files")

var fixedNow = func() time.Time { return time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC) }

var testOpts = &Options{Now: fixedNow}

// forcedAdapter names the adapter for bodies that Auto cannot (and should
// not) recognise on their own.
var forcedAdapter = map[string]string{
	"1kosmos-error.json": Adapter1Kosmos,
}

// fullAadhaar matches a stand-alone 12-digit number (optionally in 4-4-4
// groups) with a first digit 2–9, and any 16-digit run (a VID). Digits
// inside hex digests and E.164 phone numbers ("+91…") are not stand-alone,
// nor are the last four digits of a mask ("XXXXXXXX2346"), even when a
// separator and more digits follow them.
var fullAadhaar = regexp.MustCompile(`(^|[^0-9a-fA-F+X])([2-9][0-9]{3}[ -]?[0-9]{4}[ -]?[0-9]{4}|[0-9]{16})([^0-9a-fA-F]|$)`)

// leaksAadhaar reports whether any string in the JSON document out, key or
// value, holds a full Aadhaar-like number. It looks at decoded strings, not
// at the encoded bytes, where an escape such as "\u0026" would glue its hex
// digits to the digits that follow it.
func leaksAadhaar(t *testing.T, out []byte) bool {
	t.Helper()
	var v any
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("record is not JSON: %v", err)
	}
	var walk func(any) bool
	walk = func(v any) bool {
		switch v := v.(type) {
		case string:
			// A photo is carried as a base64 data URI, whose alphabet has
			// digit runs that are no number ("/9j/0000000000000000").
			if strings.HasPrefix(v, "data:") {
				return false
			}
			return fullAadhaar.MatchString(v)
		case []any:
			for _, e := range v {
				if walk(e) {
					return true
				}
			}
		case map[string]any:
			for k, e := range v {
				if fullAadhaar.MatchString(k) || walk(e) {
					return true
				}
			}
		}
		return false
	}
	return walk(v)
}

func normalizeFile(t *testing.T, path string) (*Record, error) {
	t.Helper()
	body, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if a, ok := forcedAdapter[filepath.Base(path)]; ok {
		return Using(a, body, testOpts)
	}
	return Auto(body, testOpts)
}

func marshal(t *testing.T, r *Record) []byte {
	t.Helper()
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("missing golden file (run go test -update): %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from golden file; got:\n%s", name, got)
	}
}

// checkRecord asserts the invariants every record must hold.
func checkRecord(t *testing.T, r *Record, out []byte) {
	t.Helper()
	if leaksAadhaar(t, out) {
		t.Errorf("record contains a full Aadhaar-like number")
	}
	switch r.Result.Outcome {
	case Verified, NotVerified, Pending, NeedsReview, Error:
	default:
		t.Errorf("outcome %q is not one of the five", r.Result.Outcome)
	}
	if (r.VerifiedClaims != nil) != (r.Result.Outcome == Verified) {
		t.Errorf("verified_claims present=%v with outcome %s", r.VerifiedClaims != nil, r.Result.Outcome)
	}
	// Idempotence: normalizing the normalized record changes nothing.
	again, err := Auto(out, testOpts)
	if err != nil {
		t.Fatalf("re-normalizing the record: %v", err)
	}
	if out2 := marshal(t, again); !bytes.Equal(out, out2) {
		t.Errorf("re-normalizing changed the record:\n%s", out2)
	}
	// The log form never carries a claim value.
	lv := r.LogValue().String() + r.String()
	for _, v := range []string{r.Claims.Name, r.Claims.Birthdate, r.Claims.PhoneNumber} {
		if v != "" && strings.Contains(lv, v) {
			t.Errorf("LogValue/String leaks a claim value")
		}
	}
}

func TestGolden(t *testing.T) {
	for _, dir := range []string{"samples", "seeds"} {
		files, err := filepath.Glob(filepath.Join("..", "testdata", "normalize", dir, "*"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no files in testdata/%s", dir)
		}
		for _, path := range files {
			base := filepath.Base(path)
			if base == "1kosmos-document-share-session.json" || base == "setu-name-match.json" {
				continue // not identity bodies: see TestSampleParts and TestSetuNameMatchSample
			}
			t.Run(dir+"/"+base, func(t *testing.T) {
				r, err := normalizeFile(t, path)
				if err != nil {
					t.Fatalf("normalize: %v", err)
				}
				out := marshal(t, r)
				checkRecord(t, r, out)
				checkGolden(t, dir+"/"+strings.TrimSuffix(base, filepath.Ext(base))+".json", out)
			})
		}
	}
}

// TestSampleParts normalizes the parts of the 1Kosmos sample that are
// bodies: the error response, and the encrypted poll envelope, which must
// be refused.
func TestSampleParts(t *testing.T) {
	body, err := os.ReadFile("../testdata/normalize/samples/1kosmos-document-share-session.json")
	if err != nil {
		t.Fatal(err)
	}
	var parts map[string]json.RawMessage
	if err := json.Unmarshal(body, &parts); err != nil {
		t.Fatal(err)
	}
	if _, err := Auto(parts["poll_response_encrypted"], testOpts); !errors.Is(err, ErrEncrypted) {
		t.Errorf("Auto(encrypted envelope) = %v, want ErrEncrypted", err)
	}
	if _, err := OneKosmos(parts["poll_response_encrypted"], testOpts); !errors.Is(err, ErrEncrypted) {
		t.Errorf("OneKosmos(encrypted envelope) = %v, want ErrEncrypted", err)
	}
	r, err := OneKosmos(parts["error_response"], testOpts)
	if err != nil {
		t.Fatal(err)
	}
	if r.Result.Outcome != Error || r.Result.FailureCode != "400" {
		t.Errorf("error_response: outcome %q code %q, want error 400", r.Result.Outcome, r.Result.FailureCode)
	}
	out := marshal(t, r)
	checkRecord(t, r, out)
	checkGolden(t, "samples/1kosmos-document-share-session.error_response.json", out)
}

// TestSeedValues pins the claims of each seed body in normalized form, so
// that a wrong golden file cannot hide a regression.
func TestSeedValues(t *testing.T) {
	type want struct {
		adapter, outcome, name, birthdate, gender, postal, region, last4, phone, picture string
		warnings                                                                         []string
	}
	tests := map[string]want{
		"seeds/ovse-completed.json":                         {AdapterOVSE, Verified, "Meera Nair Iyer", "1991-07-23", Female, "686001", "Kerala", "5678", "+919123456780", MediaJPEG, nil},
		"seeds/ovse-failed.json":                            {AdapterOVSE, NotVerified, "", "", "", "", "", "", "", "", nil},
		"seeds/ovse-expired.json":                           {AdapterOVSE, NotVerified, "", "", "", "", "", "", "", "", nil},
		"seeds/ovse-pending.json":                           {AdapterOVSE, Pending, "", "", "", "", "", "", "", "", nil},
		"seeds/accuauth-ok.json":                            {AdapterAccuAuth, Verified, "Arjun Mehta", "1988-11-02", Male, "411005", "Maharashtra", "5678", "", MediaJPEG, []string{"uid_was_unmasked", "pincode_was_number"}},
		"seeds/accuauth-error.json":                         {AdapterAccuAuth, Error, "", "", "", "", "", "", "", "", nil},
		"seeds/journey-clear.json":                          {AdapterJourney, Verified, "Shri Ramesh Chandra Joshi", "1962-09-04", Male, "263002", "Uttarakhand", "9012", "", "", []string{"state_alias:Uttaranchal"}},
		"seeds/journey-review.json":                         {AdapterJourney, NeedsReview, "Fatima Shaikh", "1975", Female, "400050", "Maharashtra", "4455", "", "", []string{"dob_year_only"}},
		"seeds/journey-failure.json":                        {AdapterJourney, NotVerified, "", "", "", "", "", "", "", "", nil},
		"seeds/sdjwt-resident.json":                         {AdapterSDJWT, NeedsReview, "Neha Gupta", "2001-11-30", Female, "211001", "Uttar Pradesh", "2468", "+917012345678", MediaPNG, []string{"signature_not_verified"}},
		"samples/surepass-aadhaar-v2-submit-otp.json":       {AdapterSurepass, Verified, "Munna Bhaiya", "1990-08-31", Male, "231001", "Uttar Pradesh", "1234", "", "", []string{"uid_was_unmasked", "photo_placeholder"}},
		"samples/setu-okyc-get-status.json":                 {AdapterSetu, Verified, "Mahesh S", "1994-03-09", Male, "560001", "Karnataka", "3170", "+919999999999", "", []string{"uid_was_unmasked"}},
		"samples/setu-ekyc-get-request.json":                {AdapterSetu, Verified, "Ritesh Ujjwal", "1989", Male, "560001", "Karnataka", "8888", "", "", []string{"dob_year_only"}},
		"samples/cashfree-offline-aadhaar-verify.json":      {AdapterCashfree, Verified, "Mallesh Fakkirappa Dollin", "1995-02-02", Male, "581115", "Karnataka", "", "", "", []string{"pincode_was_number"}},
		"samples/cashfree-digilocker-document-aadhaar.json": {AdapterCashfree, Verified, "Mallesh Fakkirappa Dollin", "1995-02-02", Male, "581115", "Karnataka", "5647", "", "", []string{"year_of_birth_mismatch"}},
		"samples/uidai-offline-ekyc.xml":                    {AdapterOfflineXML, NeedsReview, "Kamla Devi", "1958-04-12", Female, "261001", "Uttar Pradesh", "0124", "", "", []string{"signature_not_verified"}},
		"samples/digilocker-eaadhaar-kycres.xml":            {AdapterDigiLocker, NeedsReview, "Ravi & Sons O'Neil", "1994-03-05", Male, "248001", "Uttarakhand", "1234", "", MediaJPEG, nil},
		"samples/uidai-secure-qr-decoded-aadhaar-py.json":   {AdapterQR, NeedsReview, "Penumarthi Venkat", "1987-05-07", Male, "533016", "Andhra Pradesh", "8908", "", "", nil},
		"samples/idfy-ind_aadhaar-extract.json":             {AdapterIDfy, NeedsReview, "PRIYA SINGH", "1992-08-21", Female, "302001", "Rajasthan", "9012", "", "", []string{"ocr_not_verified"}},
	}
	for file, w := range tests {
		t.Run(file, func(t *testing.T) {
			r, err := normalizeFile(t, filepath.Join("..", "testdata", "normalize", file))
			if err != nil {
				t.Fatal(err)
			}
			c := r.Claims
			var postal, region, last4 string
			if c.Address != nil {
				postal, region = c.Address.PostalCode, c.Address.Region
			}
			if r.IN != nil && r.IN.Aadhaar != nil {
				last4 = r.IN.Aadhaar.Last4
			}
			pic := ""
			if c.Picture != "" {
				pic = strings.TrimPrefix(c.Picture[:strings.IndexByte(c.Picture, ';')], "data:")
			}
			got := want{r.Source.Adapter, r.Result.Outcome, c.Name, c.Birthdate, c.Gender, postal, region, last4, c.PhoneNumber, pic, nil}
			w2 := w
			w2.warnings = nil
			if got.adapter != w2.adapter || got.outcome != w2.outcome || got.name != w2.name || got.birthdate != w2.birthdate ||
				got.gender != w2.gender || got.postal != w2.postal || got.region != w2.region || got.last4 != w2.last4 ||
				got.phone != w2.phone || got.picture != w2.picture {
				t.Errorf("got  %+v\nwant %+v", got, w2)
			}
			for _, wn := range w.warnings {
				found := false
				for _, g := range r.Warnings {
					found = found || g == wn
				}
				if !found {
					t.Errorf("warning %q missing from %v", wn, r.Warnings)
				}
			}
		})
	}
}
