package aadhaarxml

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/kyckit/kyckit/internal/logtest"
)

// piiDocument is an invented resident; every value below is made up and
// chosen to be unique enough that a substring search finds a leak.
func piiDocument() (Document, []string) {
	photo := append([]byte{0xff, 0xd8, 0xff}, "PHOTOSECRETBYTES"...)
	email := bytes.Repeat([]byte{0xab}, 32)
	mobile := bytes.Repeat([]byte{0xcd}, 32)
	d := Document{
		Source:    SourceOfflineXML,
		Verified:  true,
		Signer:    &Signer{Fingerprint: "f00dfeed", Name: "kyckit-test-signer"},
		Reference: ReferenceID{Last4: "2468", Time: time.Date(2025, 1, 15, 10, 30, 0, 0, ist)},
		Name:      "Ishaan Inventedname",
		DOB:       Date{Year: 1987, Month: time.November, Day: 23},
		Gender:    "M",
		Address: Address{
			CareOf: "C/O Zubin Inventedname", Country: "Inventia", District: "Xanadu District",
			House: "Flat 7Q-Zebra", Landmark: "Near Teal Tower", Locality: "Moonbeam Colony",
			Pincode: "682999", PostOffice: "Yellowpur PO", State: "Kerala", Street: "Quillon Lane",
			SubDistrict: "Wrenpur Tehsil", VTC: "Zorapur",
		},
		Photo:                photo,
		PhotoFormat:          PhotoJPEG,
		EmailHash:            email,
		MobileHash:           mobile,
		MobileLast4:          "9753",
		QRVersion:            0,
		EmailMobileIndicator: -1,
	}
	secrets := []string{
		"Ishaan", "Inventedname", "1987", "11-23", "23-11", "Zubin", "Inventia", "Xanadu", "7Q-Zebra",
		"Teal Tower", "Moonbeam", "682999", "Yellowpur", "Quillon", "Wrenpur", "Zorapur",
		"PHOTOSECRET", "PHOTO", strings.Trim(fmt.Sprint(photo[3:8]), "[]"), // photo bytes as %v prints them
		"abababab", "171 171 171", "cdcdcdcd", "205 205 205", "9753",
		// fmt's field-by-field fallback names the fields.
		"House", "Street", "Year:", "Day:",
	}
	return d, secrets
}

// TestPIIFormatting prints every exported type holding personal data with
// every common fmt verb, nested in other values, and through slog's JSON
// and text handlers, and checks that none of the invented values appears.
func TestPIIFormatting(t *testing.T) {
	d, secrets := piiDocument()
	type wrapper struct {
		D Date
		A Address
		R ReferenceID
		P *Document
	}
	values := map[string]any{
		"Date":         d.DOB,
		"*Date":        &d.DOB,
		"Address":      d.Address,
		"*Address":     &d.Address,
		"ReferenceID":  d.Reference,
		"*ReferenceID": &d.Reference,
		"Document":     d,
		"*Document":    &d,
		"wrapper":      wrapper{d.DOB, d.Address, d.Reference, &d},
		"slice":        []any{d.DOB, d.Address},
		"map":          map[string]Date{"dob": d.DOB},
	}
	check := func(t *testing.T, what, out string) {
		t.Helper()
		for _, s := range secrets {
			if strings.Contains(out, s) {
				t.Errorf("%s leaks %q: %s", what, s, out)
			}
		}
	}
	for name, v := range values {
		t.Run(name, func(t *testing.T) {
			for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%d", "%x", "%10.3v"} {
				check(t, verb, fmt.Sprintf(verb, v))
			}
			check(t, "Sprint", fmt.Sprint(v))
			check(t, "Sprintln", fmt.Sprintln(v))
			var buf bytes.Buffer
			slog.New(slog.NewTextHandler(&buf, logtest.NoTime())).Info("m", "v", v, slog.Any("any", v))
			// slog's JSON handler resolves LogValue only for the value it is
			// given; a struct or map holding these types goes to
			// encoding/json, which marshals the fields (see doc.go).
			if _, ok := v.(slog.LogValuer); ok {
				slog.New(slog.NewJSONHandler(&buf, logtest.NoTime())).Info("m", "v", v, slog.Any("any", v), slog.Group("g", "v", v))
			}
			check(t, "slog", buf.String())
		})
	}
	// String, GoString and LogValue called directly.
	for _, v := range []interface {
		fmt.Stringer
		fmt.GoStringer
		slog.LogValuer
	}{d.DOB, d.Address, d.Reference, d} {
		check(t, "String", v.String())
		check(t, "GoString", v.GoString())
		check(t, "LogValue", v.LogValue().String())
	}
}

// TestPIIFormattingKeeps checks that the masked forms still say what they
// are: the masked forms are exact, and the coarse data LogValue keeps is
// there.
func TestPIIFormattingKeeps(t *testing.T) {
	d, _ := piiDocument()
	for _, tt := range []struct {
		got, want string
	}{
		{d.DOB.String(), "REDACTED"},
		{fmt.Sprintf("%v|%+v|%s", d.DOB, d.DOB, d.DOB), "REDACTED|REDACTED|REDACTED"},
		{fmt.Sprintf("%#v", d.DOB), "aadhaarxml.Date{REDACTED}"},
		{fmt.Sprintf("%v|%#v", Date{}, Date{}), "|aadhaarxml.Date{}"},
		{Date{}.String(), ""},
		{fmt.Sprintf("%v", d.Address), "Address{state=Kerala, REDACTED}"},
		{fmt.Sprintf("%#v", d.Address), "aadhaarxml.Address{state=Kerala, REDACTED}"},
		{fmt.Sprintf("%v", d.Reference), "XXXX XXXX 2468 @ 2025-01-15T10:30:00+05:30"},
		{fmt.Sprintf("%#v", d.Reference), "aadhaarxml.ReferenceID{XXXX XXXX 2468 @ 2025-01-15T10:30:00+05:30}"},
		{fmt.Sprintf("%#v", d), d.String()},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, logtest.NoTime())).Info("m", "dob", d.DOB, "addr", d.Address, "ref", d.Reference)
	for _, want := range []string{`"dob":"REDACTED"`, `"state":"Kerala"`, `"number":"XXXX XXXX 2468"`} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("slog output lacks %s: %s", want, buf.String())
		}
	}
}

// TestDateISO checks the explicit accessor for the unmasked value.
func TestDateISO(t *testing.T) {
	for _, tt := range []struct {
		d    Date
		want string
	}{
		{Date{Year: 1987, Month: time.November, Day: 23}, "1987-11-23"},
		{Date{Year: 1987, Month: time.March, Day: 4}, "1987-03-04"},
		{Date{Year: 1987}, "1987"},
		{Date{}, ""},
	} {
		if got := tt.d.ISO(); got != tt.want {
			t.Errorf("%+v.ISO() = %q, want %q", tt.d.Year, got, tt.want)
		}
	}
	// ISO round-trips through the parser.
	for _, s := range []string{"1987-11-23", "1987"} {
		d, err := ParseDate(s)
		if err != nil || d.ISO() != s {
			t.Errorf("ParseDate(%q).ISO() = %q, %v", s, d.ISO(), err)
		}
	}
}
