package redact_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/kyckit/kyckit/internal/verhoeff"
	"github.com/kyckit/kyckit/redact"
)

// Invented test numbers, valid for their detectors (computed, never issued):
const (
	aadhaar  = "234123412346"        // Verhoeff-valid Aadhaar number
	aadhaarS = "2341 2341 2346"      // the same, grouped
	vid      = "9134567890123450"    // Verhoeff-valid VID
	vidS     = "9134 5678 9012 3450" // the same, grouped
	pan      = "ABCPE1234F"
	gstin    = "27AAPFU0939F1ZV" // python-stdnum's documented example
	epic     = "ABC1234566"      // Luhn-valid over the 7 digits
	jwt      = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1c2VyMSJ9.c2lnbmF0dXJlc2lnbmF0dXJl"
	disc1    = "WyJfMjZiYzRMVC1hYzZxMktJNmNCVzVlcyIsICJmYW1pbHlfbmFtZSIsICJNw7ZiaXVzIl0" // RFC 9901 §4.2.1
	disc2    = "WyIyR0xDNDJzS1F2ZUNmR2ZyeU5STjl3IiwgImdpdmVuX25hbWUiLCAiSm9obiJd"
	envelope = "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJCrze8SNFZ4kA=="
)

func red(t *testing.T, r *redact.Redactor, in string) string {
	t.Helper()
	return string(r.Redact(nil, []byte(in)))
}

type tcase struct{ in, want string }

func runCases(t *testing.T, r *redact.Redactor, cases []tcase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.in[:min(len(tc.in), 40)], func(t *testing.T) {
			if got := red(t, r, tc.in); got != tc.want {
				t.Errorf("Redact(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
			if got := r.RedactString(tc.in); got != tc.want {
				t.Errorf("RedactString(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func unchanged(ins ...string) []tcase {
	var cs []tcase
	for _, in := range ins {
		cs = append(cs, tcase{in, in})
	}
	return cs
}

func TestAadhaarVID(t *testing.T) {
	r := mustNew(t, nil)
	runCases(t, r, []tcase{
		{"uid " + aadhaar, "uid [AADHAAR]"},
		{aadhaarS + " ok", "[AADHAAR] ok"},
		{"end 2341-2341-2346", "end [AADHAAR]"},
		{"(" + aadhaar + "),", "([AADHAAR]),"},
		{`"` + aadhaar + `"`, `"[AADHAAR]"`},
		{"aadhaar:" + aadhaar + ".", "aadhaar:[AADHAAR]."},
		{"uid=" + aadhaarS + " next", "uid=[AADHAAR] next"},
		{aadhaarS + " " + aadhaarS, "[AADHAAR] [AADHAAR]"},
		{"vid " + vid, "vid [VID]"},
		{vidS + ";", "[VID];"},
		{"/users/" + aadhaar + "/kyc", "/users/[AADHAAR]/kyc"},
		{"ref:" + aadhaar, "ref:[AADHAAR]"},
		{"ref:" + vidS + " ok", "ref:[VID] ok"},
		{"10:" + aadhaar, "10:[AADHAAR]"},
	})
	runCases(t, r, unchanged(
		"234123412347",    // Verhoeff digit wrong
		"123412341234",    // Verhoeff-valid but starts with 1
		"222222222222",    // palindrome
		"XXXXXXXX2346",    // masked forms
		"xxxx-xxxx-2346",  //
		"XXXX XXXX 2346",  //
		"2341 2341 23467", // longer last group
		"1732241234567",   // epoch milliseconds
		"2026-11-22T03:25:45.123Z",
		"550e8400-e29b-41d4-a716-"+aadhaar, // UUID tail
		"a"+aadhaar,                        // inside an alphanumeric run
		aadhaar+"abc",                      //
		"ORD-"+aadhaar,                     // order id
		"order_"+aadhaar,                   //
		"0."+aadhaar,                       // decimal
		aadhaar+".50",                      // amount
		"7 "+aadhaarS,                      // a longer digit run
		"9134567890123451",                 // VID with a wrong check digit
		"f447de7bfa3bcc3455a88c456ddfb412246f72b91d198b0d5e78a6e1ad7a0135",
	))
}

func TestMobile(t *testing.T) {
	r := mustNew(t, nil)
	runCases(t, r, []tcase{
		{"ph +91 98765 43210", "ph [MOBILE]"},
		{"+91-9876543210.", "[MOBILE]."},
		{"+919876543210", "[MOBILE]"},
		{"call 09876543210", "call [MOBILE]"},
		{"call 9876543210", "call [MOBILE]"},
		{"call 98765-43210 now", "call [MOBILE] now"},
		{"mobile=+91 98765 43210", "mobile=[MOBILE]"},
		{"ph:(6123456789)", "ph:([MOBILE])"},
	})
	runCases(t, r, unchanged(
		"5876543210",       // first digit 5
		"+1 415 555 0100",  // not Indian
		"+91 98765 4321",   // nine digits
		"98765432101",      // eleven digits, not 0-led
		"+44 20 7946 0958", //
		"batch 1234567890", //
	))
}

func TestPANGSTINEPICPassport(t *testing.T) {
	r := mustNew(t, nil)
	runCases(t, r, []tcase{
		{"PAN " + pan, "PAN [PAN]"},
		{"pan abcpe1234f.", "pan [PAN]."}, // lowercased by a log pipeline
		{pan + ",", "[PAN],"},
		{"GSTIN " + gstin, "GSTIN [GSTIN]"},
		{"voter id " + epic + ".", "voter id [EPIC]."},
		{"passport K1234567", "passport [PASSPORT]"},
		{"Passport No: K1234567 issued", "Passport No: [PASSPORT] issued"},
		{`{"passport_no":"K1234567"}`, `{"passport_no":"[PASSPORT]"}`},
	})
	runCases(t, r, unchanged(
		"ABCDE1234F",      // D is not a holder type
		"ABCPE0000F",      // serial 0000
		"abcpE1234f",      // mixed case
		"Abcpe1234f",      //
		"ABCPE1234FX",     // longer token
		"XABCPE1234F",     //
		"27AAPFU0939F1ZU", // GSTIN check character wrong
		"45AAPFU0939F1ZV", // no state 45
		"ABC1234567",      // EPIC Luhn fails
		"ref K1234567",    // passport shape without context
		"passport K0234567",
		"HDFC0001234", // IFSC
		"SBIN0ABC123", // IFSC
		"GB82WEST12345698765432",
	))
}

func TestEmailUPI(t *testing.T) {
	r := mustNew(t, nil)
	runCases(t, r, []tcase{
		{"mail ravi.kumar@example.in.", "mail [EMAIL]."},
		{"<Priya_Iyer+kyc@mail.example.co.in>", "<[EMAIL]>"},
		{"paid ravi@okaxis", "paid [UPI]"},
		{"vpa 9876543210@ybl,", "vpa [UPI],"},
	})
	runCases(t, r, unchanged(
		"@timestamp",
		"user@localhost",
		"a@b",
		"r***@example.in",
		"email me @ home",
		"foo@bar.c",
	))
}

func TestTokens(t *testing.T) {
	r := mustNew(t, nil)
	runCases(t, r, []tcase{
		{"token " + jwt, "token [JWT]"},
		{jwt + "~" + disc1 + "~" + disc2 + "~", "[JWT]~[DISCLOSURE]~[DISCLOSURE]~"},
		{jwt + "~" + disc1 + "~" + jwt, "[JWT]~[DISCLOSURE]~[JWT]"},
		{`{"disclosures":["` + disc1 + `"]}`, `{"disclosures":["[DISCLOSURE]"]}`},
		{"Authorization: Bearer abcdef123456", "Authorization: Bearer [TOKEN]"},
		{"authorization: basic dXNlcjpwYXNzd29yZA==", "authorization: basic [TOKEN]"},
		{"X-DF-API-SECRET: s3cr3tvalue next", "X-DF-API-SECRET: [SECRET] next"},
		// requestid is a 1Kosmos secret only in a 1Kosmos context: its
		// value is an envelope, or a licensekey is on the same line.
		{"requestid=abcdef", "requestid=abcdef"},
		{"requestid=" + envelope, "requestid=[SECRET]"},
		{"licensekey: x1 requestid: abcdef", "licensekey: [SECRET] requestid: [SECRET]"},
		{"LICENSE_KEY=x1 requestid=abcdef", "LICENSE_KEY=[SECRET] requestid=[SECRET]"},
		{"License-Key: x1 requestid: abcdef", "License-Key: [SECRET] requestid: [SECRET]"},
		// Neither names the header: requestid stays an ordinary id.
		{"licenses keyed requestid=abcdef", "licenses keyed requestid=abcdef"},
		{"licence key requestid=abcdef", "licence key requestid=abcdef"},
		{`{"licensekey":"abc","publickey":"pk"}`, `{"licensekey":"[SECRET]","publickey":"pk"}`},
		{`{"data":"` + envelope + `","publicKey":"pk"}`, `{"data":"[SECRET]","publicKey":"pk"}`},
		{"k -----BEGIN EC PRIVATE KEY-----MHcCAQEEIabc\\nxyz-----END EC PRIVATE KEY----- done", "k [PRIVATE KEY] done"},
		{"-----BEGIN PRIVATE KEY-----MIIEvQ", "[PRIVATE KEY]"},
	})
	runCases(t, r, unchanged(
		"eyJhbGciOiJIUzI1NiJ9",          // one segment
		"eyJhbGciOiJIUzI1NiJ9..sig",     // empty payload
		"a bearer of news",              //
		`{"data":"hello"}`,              // not an envelope
		`{"data":{"state":"complete"}}`, //
		"-----BEGIN PUBLIC KEY-----MFkw-----END PUBLIC KEY-----",
		"WyJhbGci", // too short to be a disclosure
	))
	// Disclosures are redacted even when JWTs are kept.
	keep := mustNew(t, &redact.Options{Modes: map[redact.Kind]redact.Mode{redact.JWT: redact.Off}})
	runCases(t, keep, []tcase{
		{jwt + "~" + disc1 + "~", jwt + "~[DISCLOSURE]~"},
	})
}

func photo(magic []byte, n int) string {
	b := make([]byte, n)
	copy(b, magic)
	for i := len(magic); i < n; i++ {
		b[i] = byte(i * 7)
	}
	return b64(b)
}

func TestPhoto(t *testing.T) {
	r := mustNew(t, nil)
	jpeg := photo([]byte{0xFF, 0xD8, 0xFF, 0xE0}, 300)
	png := photo([]byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, 300)
	pdf := photo([]byte("%PDF-1.7\n"), 600)
	jp2 := photo([]byte{0, 0, 0, 0x0C, 'j', 'P', ' ', ' ', '\r', '\n', 0x87, '\n'}, 300)
	runCases(t, r, []tcase{
		{"photo " + jpeg, "photo [PHOTO jpeg 300B]"},
		{"data:image/png;base64," + png + " end", "data:image/png;base64,[PHOTO png 300B] end"},
		{`{"doc":"` + pdf + `"}`, `{"doc":"[PHOTO pdf 600B]"}`},
		{jp2, "[PHOTO jp2 300B]"},
		{`{"face":"` + jpeg + `"}`, `{"face":"[REDACTED]"}`},
	})
	runCases(t, r, unchanged(
		photo([]byte{0xFF, 0xD8, 0xFF, 0xE0}, 60), // below MinPhotoBytes
		photo([]byte("GIF89a"), 300),              // not a listed type
	))
	small := mustNew(t, &redact.Options{MinPhotoBytes: 32})
	runCases(t, small, []tcase{{photo([]byte{0xFF, 0xD8, 0xFF}, 60), "[PHOTO jpeg 60B]"}})
}

func TestJSONFields(t *testing.T) {
	r := mustNew(t, nil)
	runCases(t, r, []tcase{
		{`{"name":"Ravi Kumar","dob":"1990-01-01","status":"ok"}`, `{"name":"[REDACTED]","dob":"[REDACTED]","status":"ok"}`},
		{`{"Name" : "Ravi", "FULL_ADDRESS": {"house":"12","pc":"560001"}}`, `{"Name" : "[REDACTED]", "FULL_ADDRESS": "[REDACTED]"}`},
		{`[{"a":{"b":[{"result":[1,2,{"x":"y"}]}]}}]`, `[{"a":{"b":[{"result":"[REDACTED]"}]}}]`},
		{`{"otp":123456,"verified":true,"mobile":null,"email":""}`, `{"otp":"[REDACTED]","verified":true,"mobile":null,"email":""}`},
		{`{"n":` + aadhaar + `,"m":9876543210,"x":1.5}`, `{"n":"[AADHAAR]","m":"[MOBILE]","x":1.5}`},
		{`{"msg":"uid \u0032341 2341 2346"}`, `{"msg":"uid [AADHAAR]"}`},
		{`{"msg":"he said \"` + aadhaar + `\" twice"}`, `{"msg":"he said \"[AADHAAR]\" twice"}`},
		{`{"n\u0061me":"Ravi"}`, `{"n\u0061me":"[REDACTED]"}`},
		{`{"msg":"ok \u00e9 line\n` + aadhaar + `"}`, `{"msg":"ok é line\n[AADHAAR]"}`},
		{`  {"msg":"` + aadhaar + `"}  `, `  {"msg":"[AADHAAR]"}  `},
		// Invalid JSON: free-text detectors and key=value handling.
		{`{"msg":"` + aadhaar + `"`, `{"msg":"[AADHAAR]"`},
		{`{"name":"Ravi Kumar", "x":` + "\x01", `{"name":"[REDACTED]", "x":` + "\x01"},
		{`{"result":{"name":"x"`, `{"result":[REDACTED]`},
		{`{"name":"Ravi",}`, `{"name":"[REDACTED]",}`},
		// key=value text
		{"name=Ravi dob=1990-01-01 ok", "name=[REDACTED] dob=[REDACTED] ok"},
		{`otp: "123456"`, `otp: "[REDACTED]"`},
	})
	runCases(t, r, unchanged(
		`{"status":"ok","count":3,"list":[1,2,3],"nested":{"a":null}}`,
		`{"username":"x","filename":"y"}`,
		`{}`, `[]`,
	))
}

func TestJSONStaysValid(t *testing.T) {
	for _, mode := range []redact.Mode{redact.Mask, redact.Partial, redact.Hash, redact.Drop} {
		r := mustNew(t, &redact.Options{Mode: mode, HashKey: testKey, HashKeyID: "k1"})
		for _, in := range []string{
			`{"name":"Ravi","n":` + aadhaar + `,"a":[` + vid + `,"` + pan + `"],"e":"ravi@example.in","o":{"result":{"x":1}}}`,
			`{"msg":"\"` + aadhaarS + `\" and \u0039876543210","k":"` + jwt + "~" + disc1 + `~"}`,
			`[` + aadhaar + `, 9876543210, "x"]`,
		} {
			out := r.Redact(nil, []byte(in))
			if !json.Valid(out) {
				t.Errorf("mode %v: invalid JSON %s", mode, out)
			}
			if bytes.Contains(out, []byte(aadhaar[8:])) && mode != redact.Partial {
				t.Errorf("mode %v: digits left in %s", mode, out)
			}
		}
	}
}

func TestDepthCap(t *testing.T) {
	r := mustNew(t, &redact.Options{MaxDepth: 8})
	in := strings.Repeat("[", 20) + aadhaar + strings.Repeat("]", 20)
	want := strings.Repeat("[", 20) + "[AADHAAR]" + strings.Repeat("]", 20)
	if got := red(t, r, in); got != want {
		t.Errorf("deep JSON: got %q", got)
	}
	in = strings.Repeat(`{"a":`, 20) + `{"name":"Ravi"}` + strings.Repeat("}", 20)
	if got := red(t, r, in); strings.Contains(got, "Ravi") {
		t.Errorf("deep JSON leaks a field: %q", got)
	}
}

var testKey = []byte("0123456789abcdef0123456789abcdef")

func TestModes(t *testing.T) {
	partial := mustNew(t, &redact.Options{Mode: redact.Partial})
	runCases(t, partial, []tcase{
		{"uid " + aadhaarS, "uid XXXX XXXX 2346"},
		{"vid " + vid, "vid XXXX XXXX XXXX 3450"},
		{"+91 98765 43210", "XXXXXX3210"},
		{pan, "ABCPEXXXXF"},
		{gstin, "27XXXXXXXXXX1ZV"},
		{epic, "XXXXXX4566"},
		{"passport K1234567", "passport XXXXX567"},
		{"ravi.kumar@example.in", "r***@example.in"},
		{jwt, "eyJhbGciOiJFUzI1NiJ9.[JWT]"},
		{`{"name":"Ravi"}`, `{"name":"[REDACTED]"}`},
	})
	drop := mustNew(t, &redact.Options{Mode: redact.Drop})
	runCases(t, drop, []tcase{
		{"uid " + aadhaar + " ok", "uid  ok"},
		{`{"n":` + aadhaar + `,"name":"Ravi","m":"x ` + aadhaar + `"}`, `{"n":null,"name":null,"m":"x "}`},
	})
	off := mustNew(t, &redact.Options{Modes: map[redact.Kind]redact.Mode{redact.Aadhaar: redact.Off, redact.Field: redact.Off}})
	runCases(t, off, []tcase{
		{"uid " + aadhaar + " " + pan, "uid " + aadhaar + " [PAN]"},
		{`{"name":"Ravi"}`, `{"name":"Ravi"}`},
	})
	mixed := mustNew(t, &redact.Options{Mode: redact.Mask, Modes: map[redact.Kind]redact.Mode{redact.Mobile: redact.Partial}})
	runCases(t, mixed, []tcase{{aadhaar + " 9876543210", "[AADHAAR] XXXXXX3210"}})
}

func TestHash(t *testing.T) {
	r := mustNew(t, &redact.Options{Mode: redact.Hash, HashKey: testKey, HashKeyID: "k1"})
	tag := regexp.MustCompile(`^\[AADHAAR:k1:[0-9a-f]{16}\]$`)
	a := red(t, r, aadhaar)
	if !tag.MatchString(a) {
		t.Fatalf("tag %q", a)
	}
	if b := red(t, r, aadhaarS); b != a {
		t.Errorf("grouped form tag %q != %q", b, a)
	}
	if b := red(t, r, "2341-2341-2346"); b != a {
		t.Errorf("hyphen form tag %q != %q", b, a)
	}
	c, _ := verhoeff.Compute("23412341235")
	if b := red(t, r, "23412341235"+string(c)); b == a || !tag.MatchString(b) {
		t.Errorf("different number, tag %q", b)
	}
	other := mustNew(t, &redact.Options{Mode: redact.Hash, HashKey: []byte("another key of thirty-two bytes!"), HashKeyID: "k1"})
	if b := red(t, other, aadhaar); b == a {
		t.Error("tag does not depend on the key")
	}
	k2 := mustNew(t, &redact.Options{Mode: redact.Hash, HashKey: testKey, HashKeyID: "k2"})
	if b := red(t, k2, aadhaar); !strings.HasPrefix(b, "[AADHAAR:k2:") || b[12:] != a[12:] {
		t.Errorf("key id tag %q vs %q", b, a)
	}
	// Mobile tags ignore the prefix; e-mail tags ignore case.
	if x, y := red(t, r, "+91 98765 43210"), red(t, r, "9876543210"); x != y {
		t.Errorf("mobile tags differ: %q %q", x, y)
	}
	if x, y := red(t, r, "Ravi@Example.in"), red(t, r, "ravi@example.in"); x != y {
		t.Errorf("email tags differ: %q %q", x, y)
	}
	if got := red(t, r, `{"name":"Ravi"}`); !regexp.MustCompile(`^\{"name":"\[REDACTED:k1:[0-9a-f]{16}\]"\}$`).MatchString(got) {
		t.Errorf("field tag %q", got)
	}
}

func TestOptionsErrors(t *testing.T) {
	for name, o := range map[string]*redact.Options{
		"hash without key":   {Mode: redact.Hash},
		"short key":          {Mode: redact.Hash, HashKey: []byte("short"), HashKeyID: "k1"},
		"no key id":          {Modes: map[redact.Kind]redact.Mode{redact.Email: redact.Hash}, HashKey: testKey},
		"bad key id":         {Mode: redact.Hash, HashKey: testKey, HashKeyID: "k 1"},
		"long key id":        {Mode: redact.Hash, HashKey: testKey, HashKeyID: strings.Repeat("k", 17)},
		"small MaxLine":      {MaxLine: 100},
		"bad mode":           {Mode: redact.Mode(99)},
		"bad kind":           {Modes: map[redact.Kind]redact.Mode{redact.Kind(99): redact.Mask}},
		"empty extra key":    {ExtraKeys: []string{""}},
		"too long extra key": {ExtraKeys: []string{strings.Repeat("k", 65)}},
	} {
		if _, err := redact.New(o); !errors.Is(err, redact.ErrOptions) {
			t.Errorf("%s: err = %v, want ErrOptions", name, err)
		} else if strings.Contains(err.Error(), string(testKey)) {
			t.Errorf("%s: error leaks the key", name)
		}
	}
	if _, err := redact.New(nil); err != nil {
		t.Fatal(err)
	}
}

func TestKeysOptions(t *testing.T) {
	r := mustNew(t, &redact.Options{ExtraKeys: []string{"Txn_Ref"}, ExtraSecretKeys: []string{"sig"}, IgnoreKeys: []string{"RESULT"}})
	runCases(t, r, []tcase{
		{`{"txn_ref":"x1","sig":"abc","result":{"state":"ok"},"name":"R"}`, `{"txn_ref":"[REDACTED]","sig":"[SECRET]","result":{"state":"ok"},"name":"[REDACTED]"}`},
	})
	for _, k := range redact.DefaultKeys() {
		if k != strings.ToLower(k) {
			t.Errorf("default key %q not lowercase", k)
		}
	}
}

func TestParse(t *testing.T) {
	for _, k := range redact.Kinds() {
		got, err := redact.ParseKind(strings.ToUpper(k.String()))
		if err != nil || got != k {
			t.Errorf("ParseKind(%q) = %v, %v", k, got, err)
		}
		if k.Label() == "" {
			t.Errorf("%v has no label", k)
		}
	}
	if _, err := redact.ParseKind("ssn"); !errors.Is(err, redact.ErrOptions) {
		t.Errorf("ParseKind(ssn) err = %v", err)
	}
	for _, m := range []redact.Mode{redact.Mask, redact.Partial, redact.Hash, redact.Drop, redact.Off} {
		if got, err := redact.ParseMode(m.String()); err != nil || got != m {
			t.Errorf("ParseMode(%q) = %v, %v", m, got, err)
		}
	}
	if _, err := redact.ParseMode("encrypt"); !errors.Is(err, redact.ErrOptions) {
		t.Errorf("ParseMode(encrypt) err = %v", err)
	}
}

func TestStats(t *testing.T) {
	var st redact.Stats
	r := mustNew(t, nil).WithStats(&st)
	r.Redact(nil, []byte(`{"name":"R","msg":"`+aadhaar+` `+aadhaar+` `+pan+`"}`))
	r.Redact(nil, []byte(`{"bad":"`+aadhaar)) // invalid JSON: counted once, by the fallback
	if st.Count(redact.Aadhaar) != 3 || st.Count(redact.PAN) != 1 || st.Count(redact.Field) != 1 || st.Total() != 5 {
		t.Errorf("stats: aadhaar %d pan %d field %d total %d", st.Count(redact.Aadhaar), st.Count(redact.PAN), st.Count(redact.Field), st.Total())
	}
	if st.Count(redact.Kind(0)) != 0 || st.Count(redact.Kind(200)) != 0 {
		t.Error("stats for invalid kinds")
	}
}

func TestAppendAndNoAlloc(t *testing.T) {
	r := mustNew(t, nil)
	got := r.Redact([]byte("prefix:"), []byte("uid "+aadhaar))
	if string(got) != "prefix:uid [AADHAAR]" {
		t.Errorf("append: %q", got)
	}
	s := "session polled ok state=complete"
	if got := r.RedactString(s); got != s {
		t.Errorf("RedactString changed a clean line: %q", got)
	}
	clean := [][]byte{
		[]byte(`{"time":"2026-11-22T03:25:45Z","level":"INFO","msg":"session polled","session":"0b6f6a52-8b4b-4f1e-9f41-5d2f7c0e2a11","n":3}`),
		[]byte(`10.0.0.1 - - [22/Nov/2026:03:25:45 +0000] "GET /v1/status HTTP/1.1" 200 512 "-" "curl/8.5.0"`),
		[]byte(`{"msg":"escaped \"quote\" and \u00e9"}`),
	}
	dst := make([]byte, 0, 1024)
	if n := testing.AllocsPerRun(100, func() {
		for _, l := range clean {
			dst = r.Redact(dst[:0], l)
		}
	}); n != 0 && !raceEnabled {
		t.Errorf("clean lines: %v allocs", n)
	}
	for _, l := range clean {
		if out := r.Redact(nil, l); !bytes.Equal(out, l) {
			t.Errorf("clean line changed: %s", out)
		}
	}
}

func TestIdempotent(t *testing.T) {
	lines := []string{
		"uid " + aadhaarS + " vid " + vid + " +91 98765 43210 " + pan + " " + gstin + " " + epic + " passport K1234567",
		"ravi@example.in ravi@okaxis " + jwt + "~" + disc1 + "~ Bearer abcdefghijk X-DF-API-SECRET: zzz",
		`{"name":"Ravi","n":` + aadhaar + `,"msg":"uid=` + aadhaar + `","photo":"` + photo([]byte{0xFF, 0xD8, 0xFF}, 300) + `"}`,
		photo([]byte{0xFF, 0xD8, 0xFF}, 300) + " name=Ravi",
	}
	for _, mode := range []redact.Mode{redact.Mask, redact.Partial, redact.Hash} {
		r := mustNew(t, &redact.Options{Mode: mode, HashKey: testKey, HashKeyID: "k1"})
		for _, l := range lines {
			once := red(t, r, l)
			if twice := red(t, r, once); twice != once {
				t.Errorf("mode %v not idempotent:\n once %q\ntwice %q", mode, once, twice)
			}
		}
	}
}

// TestConcurrent shares one Redactor, one Stats and one Writer between
// goroutines (run with -race).
func TestConcurrent(t *testing.T) {
	var st redact.Stats
	r := mustNew(t, &redact.Options{Mode: redact.Hash, HashKey: testKey, HashKeyID: "k1"}).WithStats(&st)
	var out bytes.Buffer
	w := redact.NewWriter(&out, r)
	done := make(chan string, 8)
	for g := 0; g < 8; g++ {
		go func() {
			var last string
			for i := 0; i < 200; i++ {
				last = string(r.Redact(nil, []byte("uid "+aadhaar)))
				w.Write([]byte("vid " + vid + "\n"))
			}
			done <- last
		}()
	}
	first := <-done
	for g := 1; g < 8; g++ {
		if got := <-done; got != first {
			t.Errorf("tags differ across goroutines: %q %q", got, first)
		}
	}
	w.Close()
	if st.Count(redact.Aadhaar) != 1600 || st.Count(redact.VID) != 1600 {
		t.Errorf("counts %d %d", st.Count(redact.Aadhaar), st.Count(redact.VID))
	}
	if n := strings.Count(out.String(), "\n"); n != 1600 || strings.Contains(out.String(), vid) {
		t.Errorf("writer output: %d lines", n)
	}
}

func TestOptionsHideKey(t *testing.T) {
	o := redact.Options{Mode: redact.Hash, HashKey: testKey, HashKeyID: "k1"}
	for _, s := range []string{fmt.Sprint(o), fmt.Sprintf("%+v", &o), o.LogValue().String()} {
		if strings.Contains(s, string(testKey)) || strings.Contains(s, "48 49 50") || !strings.Contains(s, "32 bytes") {
			t.Errorf("options print the key: %s", s)
		}
	}
}
