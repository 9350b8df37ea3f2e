package normalize

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Kamla Devi", "Kamla Devi"},
		{"  Mahesh   S ", "Mahesh S"},
		{"Ravi\u200bKumar", "RaviKumar"},
		{"A\tB\nC", "A B C"},
		{"S/O: Harish M J ", "S/O: Harish M J"},
		{"\x00bad\x7f", "bad"},
		{"RAVI", "RAVI"},
		{"रवि  कुमार", "रवि कुमार"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Text(tt.in); got != tt.want {
			t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := Text(Text(tt.in)); got != Text(tt.in) {
			t.Errorf("Text not idempotent on %q", tt.in)
		}
	}
}

func TestNameTokens(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Mr. Rakesh Kumar Singh", []string{"rakesh", "kumar", "singh"}},
		{"R.K. Singh", []string{"r", "k", "singh"}},
		{"Smt. Kamla Devi", []string{"kamla", "devi"}},
		{"Mohd. Iqbal Sk", []string{"mohammad", "iqbal", "shaikh"}},
		{"Rajesh Kr Verma", []string{"rajesh", "kumar", "verma"}},
		{"S/O: Ram Prasad", []string{"ram", "prasad"}},
		{"SUNITA", []string{"sunita"}},
		{"Dr", nil},
	}
	for _, tt := range tests {
		if got := NameTokens(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("NameTokens(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if Name("Shri  Ramesh ") != "Shri Ramesh" {
		t.Error("Name must keep the honorific and case as issued")
	}
}

func TestParseCareOf(t *testing.T) {
	tests := []struct{ in, rel, name string }{
		{"S/O: Fakkirappa Dollin", SonOf, "Fakkirappa Dollin"},
		{"S/O John Doe", SonOf, "John Doe"},
		{"S / O : Hari Chandra Joshi", SonOf, "Hari Chandra Joshi"},
		{"S/o Harish", SonOf, "Harish"},
		{"S.O. Harish", SonOf, "Harish"},
		{"SO RAMESH", SonOf, "RAMESH"},
		{"D/O: Suresh Iyer", DaughterOf, "Suresh Iyer"},
		{"W/O: Ram Prasad", WifeOf, "Ram Prasad"},
		{"H/O Sita", HusbandOf, "Sita"},
		{"C/O: Post Master", CareOfRel, "Post Master"},
		{"Son of Mohan", SonOf, "Mohan"},
		{"wife of Imran Shaikh", WifeOf, "Imran Shaikh"},
		{"S/O,NAME HOUSE", SonOf, "NAME HOUSE"},
		{"Sonia Gandhi", "", "Sonia Gandhi"},
		{"So Ram", "", "So Ram"},
		{"Colonel Rao", "", "Colonel Rao"},
		{"Dollin", "", "Dollin"},
	}
	for _, tt := range tests {
		got := ParseCareOf(tt.in)
		if got.Relation != tt.rel || got.Name != tt.name {
			t.Errorf("ParseCareOf(%q) = %+v, want %s %q", tt.in, got, tt.rel, tt.name)
		}
		if again := ParseCareOf(got.Raw); again != got {
			t.Errorf("ParseCareOf not idempotent on %q", tt.in)
		}
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in, want string
		err      error
	}{
		{"02-02-1995", "1995-02-02", nil},
		{"12/04/1958", "1958-04-12", nil},
		{"05.03.1994", "1994-03-05", nil},
		{"09031994", "1994-03-09", nil},
		{"1990-08-31", "1990-08-31", nil},
		{"1990/08/31", "1990-08-31", nil},
		{"1989", "1989", nil},
		{"1992-08-21T00:00:00+05:30", "1992-08-21", nil},
		{" 1958 ", "1958", nil},
		{"29-02-2000", "2000-02-29", nil},
		{"29-02-1900", "", ErrDate}, // not a leap year
		{"31-04-1990", "", ErrDate}, // April has 30 days
		{"02/13/1990", "", ErrDate}, // month-first is never tried
		{"13-13-1990", "", ErrDate}, // no month 13
		{"00-01-1990", "", ErrDate}, // no day 0
		{"DD/MM/YYYY", "", ErrDate}, // placeholder
		{"1-2-1990", "", ErrDate},   // unpadded
		{"19900115", "", ErrDate},   // YYYYMMDD is not a DigiLocker form
		{"0999", "", ErrDate},       // out of range
		{"Jan 5 1990", "", ErrDate}, // words
		{"", "", ErrEmpty},
	}
	for _, tt := range tests {
		got, err := Birthdate(tt.in)
		if !errors.Is(err, tt.err) || (tt.err == nil && err != nil) {
			t.Errorf("Birthdate(%q) error = %v, want %v", tt.in, err, tt.err)
			continue
		}
		if got != tt.want {
			t.Errorf("Birthdate(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if err == nil {
			if again, _ := Birthdate(got); again != got {
				t.Errorf("Birthdate not idempotent on %q", tt.in)
			}
		}
	}
	if d, _ := ParseDate("1958"); !d.YearOnly() || d.Month != 0 || d.Day != 0 {
		t.Errorf("a bare year must not get an invented day or month: %+v", d)
	}
}

func TestTimestamp(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2021-10-26T17:17:36.342+05:30", "2021-10-26T17:17:36.342+05:30"},
		{"202105311528", "2021-05-31T15:28:00+05:30"},
		{"20240101120000123", "2024-01-01T12:00:00.123+05:30"},
		{"20201012232726", "2020-10-12T23:27:26+05:30"},
		{"2019-03-05T15:01:37.123000", "2019-03-05T15:01:37.123+05:30"},
		{"2026-10-09T10:00:00", "2026-10-09T10:00:00+05:30"},
		{"2021-03-03T09:42Z", "2021-03-03T09:42:00Z"},
		{"2024-12-25T17:58:37+05:30", "2024-12-25T17:58:37+05:30"},
	}
	for _, tt := range tests {
		got, err := Timestamp(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("Timestamp(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
		if again, _ := Timestamp(got); again != got {
			t.Errorf("Timestamp not idempotent on %q", tt.in)
		}
	}
	for _, bad := range []string{"", "yesterday", "2021-13-01T00:00:00", "20211301", "202113311528"} {
		if _, err := Timestamp(bad); err == nil {
			t.Errorf("Timestamp(%q) accepted", bad)
		}
	}
}

func TestGender(t *testing.T) {
	tests := []struct {
		in, want string
		err      error
	}{
		{"M", Male, nil}, {"m", Male, nil}, {"MALE", Male, nil}, {"Male", Male, nil}, {"male", Male, nil},
		{"F", Female, nil}, {"FEMALE", Female, nil}, {"Female", Female, nil},
		{"T", Transgender, nil}, {"TG", Transgender, nil}, {"TRANSGENDER", Transgender, nil}, {"Third Gender", Transgender, nil},
		{"O", Other, nil}, {"OTHER", Other, nil},
		{"", "", ErrEmpty}, {"U", "", ErrEmpty}, {"N/A", "", ErrEmpty},
		{"X", "", ErrGender}, {"<string>", "", ErrGender},
	}
	for _, tt := range tests {
		got, err := Gender(tt.in)
		if got != tt.want || !errors.Is(err, tt.err) || (tt.err == nil && err != nil) {
			t.Errorf("Gender(%q) = %q, %v; want %q, %v", tt.in, got, err, tt.want, tt.err)
		}
		if err == nil {
			if again, _ := Gender(got); again != got {
				t.Errorf("Gender not idempotent on %q", tt.in)
			}
		}
	}
	for g, want := range map[string]int{Male: 1, Female: 2, Transgender: 3, Other: 3, "": 0} {
		if got := EUPIDSex(g); got != want {
			t.Errorf("EUPIDSex(%q) = %d, want %d", g, got, want)
		}
	}
}

func TestState(t *testing.T) {
	tests := []struct{ in, code, name, alias string }{
		{"Karnataka", "IN-KA", "Karnataka", ""},
		{"uttar pradesh", "IN-UP", "Uttar Pradesh", ""},
		{"UTTAR PRADESH", "IN-UP", "Uttar Pradesh", ""},
		{"UP", "IN-UP", "Uttar Pradesh", ""},
		{"IN-KA", "IN-KA", "Karnataka", ""},
		// 2023-11 ISO changes: old codes resolve to the new ones.
		{"IN-CT", "IN-CG", "Chhattisgarh", ""},
		{"IN-OR", "IN-OD", "Odisha", ""},
		{"IN-TG", "IN-TS", "Telangana", ""},
		{"IN-UT", "IN-UK", "Uttarakhand", ""},
		{"CG", "IN-CG", "Chhattisgarh", ""},
		{"OD", "IN-OD", "Odisha", ""},
		{"TS", "IN-TS", "Telangana", ""},
		{"UK", "IN-UK", "Uttarakhand", ""},
		{"IN-UL", "IN-UK", "Uttarakhand", ""},
		// 2020 merger and 2019 addition.
		{"IN-DN", "IN-DH", "Dadra and Nagar Haveli and Daman and Diu", ""},
		{"DD", "IN-DH", "Dadra and Nagar Haveli and Daman and Diu", ""},
		{"Ladakh", "IN-LA", "Ladakh", ""},
		// Old and variant names.
		{"Orissa", "IN-OD", "Odisha", "Orissa"},
		{"Uttaranchal", "IN-UK", "Uttarakhand", "Uttaranchal"},
		{"Pondicherry", "IN-PY", "Puducherry", "Pondicherry"},
		{"Chattisgarh", "IN-CG", "Chhattisgarh", "Chattisgarh"},
		{"NCT of Delhi", "IN-DL", "Delhi", "NCT of Delhi"},
		{"New Delhi", "IN-DL", "Delhi", "New Delhi"},
		{"Andaman & Nicobar Islands", "IN-AN", "Andaman and Nicobar Islands", ""},
		{"Andaman & Nicobar", "IN-AN", "Andaman and Nicobar Islands", ""},
		{"Jammu & Kashmir", "IN-JK", "Jammu and Kashmir", ""},
		{"Dadra & Nagar Haveli", "IN-DH", "Dadra and Nagar Haveli and Daman and Diu", "Dadra & Nagar Haveli"},
		{"Daman & Diu", "IN-DH", "Dadra and Nagar Haveli and Daman and Diu", "Daman & Diu"},
	}
	for _, tt := range tests {
		got, err := State(tt.in)
		if err != nil || got.Code != tt.code || got.Name != tt.name || got.Alias != tt.alias {
			t.Errorf("State(%q) = %+v, %v; want %s %s alias %q", tt.in, got, err, tt.code, tt.name, tt.alias)
			continue
		}
		for _, again := range []string{got.Name, got.Code} {
			if sd, err := State(again); err != nil || sd.Code != got.Code || sd.Alias != "" {
				t.Errorf("State not idempotent on %q via %q: %+v %v", tt.in, again, sd, err)
			}
		}
	}
	for _, bad := range []string{"state", "Bavaria", "XX", "IN-XX"} {
		if _, err := State(bad); !errors.Is(err, ErrState) {
			t.Errorf("State(%q) err = %v, want ErrState", bad, err)
		}
	}
	if _, err := State(" "); !errors.Is(err, ErrEmpty) {
		t.Errorf("State(blank) err = %v, want ErrEmpty", err)
	}
	if len(subdivisions) != 36 {
		t.Errorf("%d subdivisions, want 28 states + 8 union territories", len(subdivisions))
	}
}

func TestPIN(t *testing.T) {
	tests := []struct {
		in, want string
		err      error
	}{
		{"581115", "581115", nil},
		{" 560001 ", "560001", nil},
		{"560 001", "560001", nil},
		{"056001", "", ErrPIN},
		{"56001", "", ErrPIN},
		{"5600011", "", ErrPIN},
		{"56OO01", "", ErrPIN},
		{"<PIN>", "", ErrPIN},
		{"65344", "", ErrPIN},
		{"", "", ErrEmpty},
	}
	for _, tt := range tests {
		got, err := PIN(tt.in)
		if got != tt.want || !errors.Is(err, tt.err) || (tt.err == nil && err != nil) {
			t.Errorf("PIN(%q) = %q, %v; want %q, %v", tt.in, got, err, tt.want, tt.err)
		}
	}
	match := []struct {
		pin, state string
		ok         bool
	}{
		{"581115", "IN-KA", true},
		{"500034", "IN-TS", true},
		{"500034", "IN-AP", true}, // pre-2014 Telangana address
		{"110001", "IN-DL", true},
		{"263002", "IN-UK", true},
		{"686001", "IN-KL", true},
		{"800001", "IN-BR", true},
		{"931001", "IN-KA", true}, // army post office
		{"581115", "IN-UP", false},
		{"110001", "IN-TN", false},
		{"058111", "IN-KA", false},
	}
	for _, tt := range match {
		if got := PINMatchesState(tt.pin, tt.state); got != tt.ok {
			t.Errorf("PINMatchesState(%s, %s) = %v, want %v", tt.pin, tt.state, got, tt.ok)
		}
	}
}

func TestMobile(t *testing.T) {
	tests := []struct {
		in, want string
		err      error
	}{
		{"9876543210", "+919876543210", nil},
		{"+91 98765 43210", "+919876543210", nil},
		{"+91-98765-43210", "+919876543210", nil},
		{"919876543210", "+919876543210", nil},
		{"09876543210", "+919876543210", nil},
		{"(0)98765 43210", "+919876543210", nil},
		{"00919876543210", "+919876543210", nil},
		{"6000000000", "+916000000000", nil},
		{"5876543210", "", ErrMobile},
		{"987654321", "", ErrMobile},
		{"98765432101", "", ErrMobile},
		{"+1 415 555 0100", "", ErrMobile},
		{"XXXXXX3210", "", ErrMobile},
		{"86eb061a74cdff2f108daf39d5211f8f14ccb33a30ec7718c0461da20a4e0fa6", "", ErrMobile},
		{"", "", ErrEmpty},
	}
	for _, tt := range tests {
		got, err := Mobile(tt.in)
		if got != tt.want || !errors.Is(err, tt.err) || (tt.err == nil && err != nil) {
			t.Errorf("Mobile(%q) = %q, %v; want %q, %v", tt.in, got, err, tt.want, tt.err)
		}
		if err == nil {
			if again, _ := Mobile(got); again != got {
				t.Errorf("Mobile not idempotent on %q", tt.in)
			}
		}
	}
	masked := []struct {
		in, want string
		ok       bool
	}{
		{"767XXXXXX77", "767XXXXXX77", true},
		{"xxxxxx3210", "XXXXXX3210", true},
		{"******3210", "XXXXXX3210", true},
		{"9876543210", "", false},
		{"XXXXXXXXXX", "", false},
		{"XX3210", "", false},
	}
	for _, tt := range masked {
		got, ok := MaskedMobile(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("MaskedMobile(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestAadhaar(t *testing.T) {
	tests := []struct {
		in, last4, masked string
		full, checksum    bool
		err               error
	}{
		{"xxxxxxxx5647", "5647", "XXXXXXXX5647", false, false, nil},
		{"xxxx-xxxx-1234", "1234", "XXXXXXXX1234", false, false, nil},
		{"XXXXXXXX8888", "8888", "XXXXXXXX8888", false, false, nil},
		{"XXXX-XXXX-1234", "1234", "XXXXXXXX1234", false, false, nil},
		{"XXXX XXXX 1234", "1234", "XXXXXXXX1234", false, false, nil},
		{"********9012", "9012", "XXXXXXXX9012", false, false, nil},
		{"6XXXXXXXX789", "", "XXXXXXXXX789", false, false, nil},
		// Invented, Verhoeff-valid test numbers: reduced to the last 4 at once.
		{"234123412346", "2346", "XXXXXXXX2346", true, true, nil},
		{"2341 2341 2346", "2346", "XXXXXXXX2346", true, true, nil},
		{"320000031234", "1234", "XXXXXXXX1234", true, true, nil},
		{"234123412347", "2347", "XXXXXXXX2347", true, false, nil}, // checksum fails: still reduced
		{"134123412346", "", "", false, false, ErrAadhaar},         // first digit 1
		{"2341234123461234", "", "", false, false, ErrAadhaar},     // a 16-digit VID is never kept
		{"xxxxxxxx12345", "", "", false, false, ErrAadhaar},
		{"xxxx--xxxx-1234", "", "", false, false, ErrAadhaar},
		{"<masked uid string>", "", "", false, false, ErrAadhaar},
		{"", "", "", false, false, ErrEmpty},
	}
	for _, tt := range tests {
		got, err := Aadhaar(tt.in)
		if !errors.Is(err, tt.err) || (tt.err == nil && err != nil) {
			t.Errorf("Aadhaar(%q) error %v, want %v", tt.in, err, tt.err)
			continue
		}
		if got.Last4 != tt.last4 || got.Masked != tt.masked || got.WasFull != tt.full || got.ChecksumValid != tt.checksum {
			t.Errorf("Aadhaar(%q) = %+v", tt.in, got)
		}
		if err != nil && len(tt.in) > 4 && containsStr(err.Error(), tt.in) {
			t.Errorf("error for %q quotes the input", tt.in)
		}
		if err == nil {
			again, err := Aadhaar(got.Masked)
			if err != nil || again.Masked != got.Masked || again.Last4 != got.Last4 {
				t.Errorf("Aadhaar not idempotent on %q: %+v %v", tt.in, again, err)
			}
		}
	}
	l4, ts, err := ReferenceID("123420201012232726518")
	if err != nil || l4 != "1234" || ts != "2020-10-12T23:27:26.518+05:30" {
		t.Errorf("ReferenceID = %q %q %v", l4, ts, err)
	}
	if l4, ts, err := ReferenceID("0124202401011200000"); err != nil || l4 != "0124" || ts != "2024-01-01T12:00:00+05:30" {
		t.Errorf("ReferenceID(19 digits) = %q %q %v", l4, ts, err)
	}
	for _, bad := range []string{"70471", "1234abcd", "123420201312232726518"} {
		if _, _, err := ReferenceID(bad); !errors.Is(err, ErrAadhaar) {
			t.Errorf("ReferenceID(%q) err = %v", bad, err)
		}
	}
}

func containsStr(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

func TestMaskAadhaarInText(t *testing.T) {
	tests := []struct {
		in, want string
		changed  bool
	}{
		{"near 234123412346 temple", "near XXXXXXXX2346 temple", true},
		{"UID 2341 2341 2346.", "UID XXXXXXXX2346.", true},
		{"VID 2341234123461234", "VID XXXXXXXXXXXXXXXX", true},
		{"ref 123420201012232726518", "ref 123420201012232726518", false}, // 21 digits: a reference id
		{"PIN 581115", "PIN 581115", false},
		{"134123412346", "134123412346", false}, // first digit 1 is never an Aadhaar number
		{"flat 12, 3rd cross", "flat 12, 3rd cross", false},
		{"X234123412346 0", "XXXXXXXXX2346 0", true},                 // a digit after a separator does not hide it
		{"2341 2341 2346 7", "XXXXXXXX2346 7", true},                 // 4-4-4 then more
		{"2341-23412346", "XXXXXXXX2346", true},                      // 4-8
		{"23412341 2346", "XXXXXXXX2346", true},                      // 8-4
		{"1 2341 2341 2346", "1 XXXXXXXX2346", true},                 // starts at the second group
		{"VID 2341 2341 2346 1234", "VID XXXXXXXXXXXXXXXX", true},    // 4-4-4-4
		{"ORD 2341 2341 2346 12345", "ORD XXXXXXXX2346 12345", true}, // 4-4-4 then a 5-digit group
		{"txn 2341  2341  2346", "txn 2341  2341  2346", false},      // double spaces are not one number
		{"1234 5678 9012", "1234 5678 9012", false},                  // first digit 1
	}
	for _, tt := range tests {
		got, changed := maskAadhaarInText(tt.in)
		if got != tt.want || changed != tt.changed {
			t.Errorf("maskAadhaarInText(%q) = %q, %v; want %q, %v", tt.in, got, changed, tt.want, tt.changed)
		}
	}
}

func TestPhoto(t *testing.T) {
	const jpeg = "/9j/4AAQSkZJRgABAQAAAQABAAD/2Q=="
	tests := []struct {
		name, in, media, url string
		err                  error
	}{
		{"jpeg base64", jpeg, MediaJPEG, "", nil},
		{"jpeg data uri", "data:image/jpeg;base64," + jpeg, MediaJPEG, "", nil},
		{"declared type ignored", "data:image/png;base64," + jpeg, MediaJPEG, "", nil},
		{"png", "iVBORw0KGgoAAAAN", MediaPNG, "", nil},
		{"jp2 container", "AAAADGpQICANCocKAAAAFA==", MediaJPEG2000, "", nil},
		{"j2k codestream", "/0//UQAp", MediaJPEG2000, "", nil},
		{"url-safe unpadded", "_9j_4AAQSkZJRgABAQAAAQABAAD_2Q", MediaJPEG, "", nil},
		{"line breaks", "/9j/4AAQ\nSkZJRgABAQAAAQABAAD/2Q==", MediaJPEG, "", nil},
		{"url", "https://persist.example.invalid/files/1.jpeg", "", "https://persist.example.invalid/files/1.jpeg", nil},
		{"placeholder", "<base64 encoded image>", "", "", ErrEmpty},
		{"placeholder word", "base64_image", "", "", ErrEmpty},
		{"truncated marker", "/9j/4AAQ...base64...", "", "", ErrEmpty},
		{"empty", "", "", "", ErrEmpty},
		{"not an image", "Zm9vYmFy", "", "", ErrPhoto},
		{"bad base64", "/9j/4AAQSkZJRgABAgAAAQABAAD/2wBDAAgGBgcGBQgHB", "", "", ErrPhoto},
		{"data uri not base64", "data:image/jpeg,xyz", "", "", ErrPhoto},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Photo(tt.in, 0)
			if !errors.Is(err, tt.err) || (tt.err == nil && err != nil) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if got.MediaType != tt.media || got.URL != tt.url {
				t.Errorf("got %q %q", got.MediaType, got.URL)
			}
			// The builder's fast path agrees with Photo.
			uri, fp, ferr := photoDataURI(tt.in, 0)
			if !errors.Is(ferr, tt.err) || (tt.err == nil && ferr != nil) || fp.URL != got.URL || fp.MediaType != got.MediaType {
				t.Errorf("photoDataURI: %v %+v", ferr, fp)
			}
			if err == nil && got.URL == "" && uri != got.DataURI() {
				t.Errorf("photoDataURI uri differs")
			}
			if err == nil && got.URL == "" {
				again, err := Photo(got.DataURI(), 0)
				if err != nil || again.DataURI() != got.DataURI() {
					t.Errorf("Photo not idempotent: %v", err)
				}
			}
		})
	}
	if _, err := Photo(jpeg, 8); !errors.Is(err, ErrPhoto) {
		t.Errorf("photo over the cap accepted: %v", err)
	}
	if _, _, err := photoDataURI(jpeg, 8); !errors.Is(err, ErrPhoto) {
		t.Errorf("photo over the cap accepted by the fast path: %v", err)
	}
}

// TestAddressPIN: the PIN (and the state, when unambiguous) at the end of
// formatted addresses as providers print them. The inputs are the
// providers' own published examples where marked.
func TestAddressPIN(t *testing.T) {
	tests := []struct {
		in, pin, state string
		ok             bool
	}{
		{"House 1, Street 2, City, State - 400001", "400001", "", true}, // KwikID OVSE status example
		{"12 MG ROAD, PATNA, BIHAR 800001", "800001", "Bihar", true},    // IDfy licence sample
		{"S/O,Satyamurthy Flat 10, Lake view apartment Somajiguda Beside Ramalayam Hyderabad Telangana 500001", // Equal digital verification example
			"500001", "Telangana", true},
		{"Sunil Reddy, 211B Baker Street, Bangalore - 560005", "560005", "", true},                     // Zwitch example
		{"Mangal Kanaka Niwas, Main Cross 3rd, Bengaluru, Bengaluru-Karnataka, India ", "", "", false}, // Sandbox example: no PIN
		{"D/O: Suresh Iyer, 14, Lake Road, Kottayam, Kerala - 686001", "686001", "Kerala", true},
		{"22 Hill Road, Bandra West, Mumbai 400 050, India.", "400050", "", true},
		{"House No. 7, Mall Road, Nainital, Uttaranchal 263002", "263002", "Uttarakhand", true},
		{"C-12, Civil Lines, Prayagraj, UP - 211001", "211001", "Uttar Pradesh", true},
		{"Sector 5, Arera Colony MP 462001", "462001", "", true}, // a plate code inside a longer segment is not taken
		{"Plot 9, Pin-400001", "400001", "", true},
		{"400001", "400001", "", true},
		{"Flat 4, 560001 Road", "", "", false},
		{"Call 9876543210", "", "", false},
		{"Block 1234567", "", "", false},
		{"Zone 012345", "", "", false},
		{"", "", "", false},
	}
	for _, tt := range tests {
		pin, sd, ok := AddressPIN(tt.in)
		if pin != tt.pin || sd.Name != tt.state || ok != tt.ok {
			t.Errorf("AddressPIN(%q) = %q %q %v, want %q %q %v", tt.in, pin, sd.Name, ok, tt.pin, tt.state, tt.ok)
		}
		if ok {
			if _, err := PIN(pin); err != nil {
				t.Errorf("AddressPIN(%q) gave an invalid PIN %q", tt.in, pin)
			}
		}
	}
	// A structured PIN wins; a different PIN in the text is flagged.
	r, err := Sandbox([]byte(`{"code":200,"transaction_id":"t","data":{"status":"VALID","name":"Asha Rao",`+
		`"full_address":"1 Road, Pune, Maharashtra 411001","address":{"pincode":"411005"}}}`), testOpts)
	if err != nil || r.Claims.Address.PostalCode != "411005" || r.Claims.Address.Region != "Maharashtra" ||
		!hasWarning(r, "pincode_address_mismatch") || r.Provenance["claims.address.region"] != "data.full_address" {
		t.Errorf("structured PIN against the text: %+v %v %v", r.Claims.Address, r.Warnings, err)
	}
}

// TestPIIRules: issue 15 item 6.
func TestPIIRules(t *testing.T) {
	// Passport: the number in the status text is masked and is the
	// document's number; the file number is not.
	r, err := IDfy([]byte(`{"action":"verify_with_source","type":"ind_passport","status":"completed","task_id":"t",`+
		`"result":{"source_output":{"name":"RAHUL","surname":"KUMAR","date_of_birth":"1985-02-15","file_number":"AB1234567890",`+
		`"passport_status":"Passport K1234567 dispatched on 2021-07-25; reissue of J7654321.","status":"id_found"}}}`), testOpts)
	if err != nil {
		t.Fatal(err)
	}
	out := string(marshal(t, r))
	d := r.IN.Documents[0]
	if strings.Contains(out, "K1234567") || strings.Contains(out, "J7654321") || strings.Contains(out, "AB1234567890") ||
		d.NumberMasked != "XXXX4567" || d.FileNumberMasked != "XXXXXXXX7890" || !strings.Contains(d.Status, "XXXX4321") {
		t.Errorf("passport: %+v", d)
	}
	// A presigned URL loses its query.
	r, _ = Sandbox([]byte(`{"code":200,"transaction_id":"t","data":{"files":[{"url":"https://s3.example/doc.xml?X-Amz-Signature=abc&X-Amz-Credential=k#f",`+
		`"metadata":{"issuer_id":"in.gov.uidai"}}]}}`), testOpts)
	if u := r.IN.Documents[0].URL; u != "https://s3.example/doc.xml" || strings.Contains(string(marshal(t, r)), "Signature") ||
		!hasWarning(r, "document_url_query_dropped") {
		t.Errorf("presigned URL: %q %v", u, r.Warnings)
	}
	// DropPhotos leaves the photo out, whatever its form.
	for _, body := range []string{
		`{"session_status":"completed","name":"Asha Rao","user_photo":"/9j/4AAQSkZJRgABAQAAAQABAAD/2Q=="}`,
		`{"session_status":"completed","name":"Asha Rao","user_photo":"https://example.invalid/p.jpg"}`,
	} {
		r, err := Auto([]byte(body), &Options{Now: fixedNow, DropPhotos: true})
		if err != nil || r.Claims.Picture != "" || (r.IN != nil && r.IN.PhotoURL != "") || !hasWarning(r, "photo_dropped") {
			t.Errorf("DropPhotos: %+v %v", r, err)
		}
		r, _ = Auto([]byte(body), testOpts)
		if r.Claims.Picture == "" && (r.IN == nil || r.IN.PhotoURL == "") {
			t.Errorf("without DropPhotos the photo is kept: %s", body)
		}
	}
	if r, _ := FromSDJWTResident(SDJWTResident{Name: "Asha Rao", Photo: []byte{0xFF, 0xD8, 0xFF, 0xE0}, SignatureVerified: true},
		&Options{DropPhotos: true}), 0; r.Claims.Picture != "" || !hasWarning(r, "photo_dropped") {
		t.Errorf("DropPhotos (struct adapter): %q %v", r.Claims.Picture, r.Warnings)
	}
	// Nobody named: not verified, whichever source says success.
	for body, from := range map[string]string{
		`{"session_status":"completed","success":true,"gender":"F","mobile":"9123456780"}`:                                AdapterOVSE,
		`{"status":"OK","result":{"gender":"M","zip":"560001"}}`:                                                          AdapterAccuAuth,
		`{"status":"SUCCESS","decision":"CLEAR","data":{"keys":{"aadhaar":[{"aadhaar_no":"XXXXXXXX1234"}]}}}`:             AdapterJourney,
		`{"sessionResult":"SUCCESS","document":{"documentId":"KA0120210001234","verifications":{"face_match":"Passed"}}}`: Adapter1Kosmos,
	} {
		r, err := Using(from, []byte(body), testOpts)
		if err != nil {
			t.Fatalf("%s: %v", body, err)
		}
		if r.Result.Outcome != NeedsReview || r.VerifiedClaims != nil || !hasWarning(r, "identity_incomplete") {
			t.Errorf("%s: %+v %v", body, r.Result, r.Warnings)
		}
	}
	// A name alone, or a date of birth alone, is enough not to be empty.
	r, _ = Auto([]byte(`{"session_status":"completed","dob":"1990-01-15"}`), testOpts)
	if r.Result.Outcome != Verified {
		t.Errorf("date of birth alone: %+v %v", r.Result, r.Warnings)
	}
	// Masked-whole values are placeholders, not names.
	r, _ = Auto([]byte(`{"session_status":"completed","name":"XXXX XXX"}`), testOpts)
	if r.Claims.Name != "" || r.Result.Outcome != NeedsReview || !hasWarning(r, "placeholder_dropped") {
		t.Errorf("masked name: %q %+v", r.Claims.Name, r.Result)
	}
}

// TestFromRecordResult: a record read back keeps the result invariants.
func TestFromRecordResult(t *testing.T) {
	for _, tt := range []struct {
		body, outcome string
		class         ErrorClass
		decision      Decision
	}{
		{`{"schema":"normalize/v1","claims":{},"result":{"outcome":"verified"}}`, NeedsReview, "", DecisionReview},
		{`{"schema":"normalize/v1","claims":{"name":"A"},"result":{"outcome":"verified","decision":"reject"}}`, Verified, "", DecisionClear},
		{`{"schema":"normalize/v1","claims":{"name":"A"},"result":{"outcome":"verified","http_status":503}}`, Error, ClassUpstream, DecisionRetry},
		{`{"schema":"normalize/v1","claims":{},"result":{"outcome":"error"}}`, Error, ClassInternal, DecisionFix},
		{`{"schema":"normalize/v1","claims":{},"result":{"outcome":"error","error_class":"quota","retryable":true}}`, Error, ClassQuota, DecisionRetry},
		{`{"schema":"normalize/v1","claims":{},"result":{"outcome":"pending","error_class":"auth"}}`, Pending, "", DecisionRetry},
		{`{"schema":"normalize/v1","claims":{},"result":{"outcome":"maybe"}}`, Error, ClassInternal, DecisionFix},
	} {
		r, err := FromRecord([]byte(tt.body), testOpts)
		if err != nil || r.Result.Outcome != tt.outcome || r.Result.ErrorClass != tt.class || r.Result.Decision != tt.decision {
			t.Errorf("%s: %+v %v", tt.body, r.Result, err)
		}
	}
}
