package normalize

import (
	"encoding/json"
	"slices"
	"testing"
	"time"
)

// TestTypedMatchesText: a struct adapter given a typed Date and Reference
// makes the same record as the text path given UIDAI's text for them (the
// XML adapter's route through ParseDate and ReferenceID), valid or not.
func TestTypedMatchesText(t *testing.T) {
	at := func(y, mo, d, h, mi, s, ms int) time.Time {
		return time.Date(y, time.Month(mo), d, h, mi, s, ms*int(time.Millisecond), ist)
	}
	dates := []struct {
		typed Date
		text  string
	}{
		{Date{Year: 1992, Month: 8, Day: 15}, "15-08-1992"},
		{Date{Year: 1958}, "1958"},                          // year only: dob_year_only
		{Date{}, ""},                                        // none
		{Date{Year: 1700}, "1700"},                          // out of range: dob_invalid
		{Date{Year: 1990, Month: 2, Day: 30}, "30-02-1990"}, // no such day
		{Date{Year: 2000, Month: 2, Day: 29}, "29-02-2000"}, // leap day
		{Date{Year: 1990, Month: 13, Day: 1}, "01-13-1990"},
	}
	refs := []struct {
		typed Reference
		text  string
	}{
		{Reference{Last4: "2468", Time: at(2025, 1, 15, 10, 30, 0, 123)}, "246820250115103000123"},
		{Reference{Last4: "0124", Time: at(2024, 1, 1, 12, 0, 0, 0)}, "012420240101120000000"},
		{Reference{}, ""},
	}
	for _, d := range dates {
		for _, r := range refs {
			in := OfflineEKYC{Reference: r.typed, Name: "Kavya Example", DOB: d.typed, Gender: "F", SignatureVerified: true}
			typed := FromOfflineEKYC(in, testOpts)
			c := offlineCore(in)
			c.dobDate, c.dob = nil, f(d.text, "Poi@dob")
			c.ref, c.refID = nil, f(r.text, "@referenceId")
			text := build(c, nil, testOpts)
			a, _ := json.Marshal(typed)
			b, _ := json.Marshal(text)
			if string(a) != string(b) {
				t.Errorf("dob %q ref %q:\ntyped %s\ntext  %s", d.text, r.text, a, b)
			}
		}
	}
}

func TestTypedReferenceParts(t *testing.T) {
	utc := time.Date(2025, 1, 15, 5, 0, 0, 0, time.UTC) // 10:30 IST
	for _, tt := range []struct {
		name                     string
		ref                      Reference
		last4, refID, generated  string
		provLast4, provGenerated string
		warning                  string
	}{
		{name: "whole, UTC time", ref: Reference{Last4: "2468", Time: utc}, last4: "2468", refID: "246820250115103000000",
			generated: "2025-01-15T05:00:00Z", provLast4: "reference_id", provGenerated: "reference_id"},
		{name: "last 4 alone (legacy QR)", ref: Reference{Last4: "2468"}, last4: "2468", provLast4: "last4"},
		{name: "time alone", ref: Reference{Time: utc}, generated: "2025-01-15T05:00:00Z", provGenerated: "timestamp"},
		{name: "bad last 4", ref: Reference{Last4: "24x8", Time: utc}, generated: "2025-01-15T05:00:00Z",
			provGenerated: "timestamp", warning: "reference_id_invalid"},
	} {
		r := FromSecureQR(SecureQR{Reference: tt.ref, Name: "Kavya Example"}, testOpts)
		var a AadhaarInfo
		if r.IN != nil && r.IN.Aadhaar != nil {
			a = *r.IN.Aadhaar
		}
		if a.Last4 != tt.last4 || a.ReferenceID != tt.refID || a.GeneratedAt != tt.generated ||
			r.Provenance["in.aadhaar.last4"] != tt.provLast4 || r.Provenance["in.aadhaar.generated_at"] != tt.provGenerated {
			t.Errorf("%s: aadhaar %+v provenance %v", tt.name, a, r.Provenance)
		}
		if tt.last4 != "" && a.Masked != "XXXXXXXX"+tt.last4 {
			t.Errorf("%s: masked %q", tt.name, a.Masked)
		}
		if tt.warning != "" && !slices.Contains(r.Warnings, tt.warning) {
			t.Errorf("%s: warnings %v, want %s", tt.name, r.Warnings, tt.warning)
		}
	}
}

func TestDateValid(t *testing.T) {
	for d, want := range map[Date]bool{
		{Year: 1992, Month: 8, Day: 15}: true,
		{Year: 1958}:                    true,
		{Year: 1958, Day: 3}:            false, // a day without a month
		{Year: 1799}:                    false,
		{Year: 3000}:                    false,
		{Year: 2023, Month: 2, Day: 29}: false,
		{Year: 2024, Month: 2, Day: 29}: true,
		{Year: 2024, Month: 4, Day: 31}: false,
		{Year: 2024, Month: 0, Day: 0}:  true,
	} {
		if got := d.valid(); got != want {
			t.Errorf("%+v.valid() = %v, want %v", d, got, want)
		}
		// valid is exactly "ParseDate could have returned it".
		if p, err := ParseDate(d.OIDC()); want && (err != nil || p != d) {
			t.Errorf("ParseDate(%q) = %+v, %v; want %+v", d.OIDC(), p, err, d)
		}
	}
	if !(Date{}).IsZero() || (Date{Year: 1958}).IsZero() {
		t.Error("IsZero")
	}
}
