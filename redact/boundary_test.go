package redact_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/kyckit/kyckit/internal/aadhaarnum"
	"github.com/kyckit/kyckit/internal/verhoeff"
	"github.com/kyckit/kyckit/redact"

	"github.com/kyckit/kyckit/internal/logtest"
)

// TestEscapeBoundaries: a backslash escape (as slog's TextHandler, logfmt
// and JSON-in-text write newlines, tabs and quotes) ends the word before
// it, so the token after it is found (review finding R1).
func TestEscapeBoundaries(t *testing.T) {
	r := mustNew(t, nil)
	runCases(t, r, []tcase{
		{`msg="resident\n` + aadhaar + `"`, `msg="resident\n[AADHAAR]"`},
		{`msg="resident\t` + aadhaar + `"`, `msg="resident\t[AADHAAR]"`},
		{`a\r` + aadhaarS + `\r\n`, `a\r[AADHAAR]\r\n`},
		{`a\b` + aadhaar + `\f`, `a\b[AADHAAR]\f`},
		{`said \"` + aadhaar + `\"`, `said \"[AADHAAR]\"`},
		{`x\\` + aadhaar, `x\\[AADHAAR]`},
		{`x\/` + aadhaar + `\/`, `x\/[AADHAAR]\/`},
		{`nbsp\u00a0` + aadhaar + `\u00a0ok`, `nbsp\u00a0[AADHAAR]\u00a0ok`},
		{`nbsp\u00A0` + vid, `nbsp\u00A0[VID]`},
		{`msg="call\n9876543210"`, `msg="call\n[MOBILE]"`},
		{`msg="call\t+91 98765 43210"`, `msg="call\t[MOBILE]"`},
		{`msg="pan\n` + pan + `\n"`, `msg="pan\n[PAN]\n"`},
		{`msg="gst\t` + gstin + `"`, `msg="gst\t[GSTIN]"`},
		{`msg="vpa\nravi@okaxis"`, `msg="vpa\n[UPI]"`},
		{`msg="mail\travi.kumar@example.in"`, `msg="mail\t[EMAIL]"`},
		{`msg="auth\nBearer abcdefghijklmnop"`, `msg="auth\nBearer [TOKEN]"`},
		{`msg="line\nname=Ravi ok"`, `msg="line\nname=[REDACTED] ok"`},
		// JSON inside a quoted logfmt value, quotes escaped.
		{`msg="{\"name\":\"Ravi Kumar\",\"n\":1}"`, `msg="{\"name\":\"[REDACTED]\",\"n\":1}"`},
		// "\\n": a literal backslash and 'n'; read as an escape all the
		// same (fail closed).
		{`dir\\n` + aadhaar, `dir\\n[AADHAAR]`},
	})
	runCases(t, r, unchanged(
		`msg="line\n234123412347"`, // Verhoeff digit wrong
		`msg="line\n123412341234"`, // starts with 1
		`id\n`+aadhaar+`7`,         // 13 digits
		`x\q`+aadhaar[1:]+`6`,      // "\q" is no escape: "q34…" is one word
		`hash\u00a0e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855`,
		`n`+aadhaar,
	))
}

// TestPercentBoundaries: a URL percent-escape ends the word before it and
// is not joined to the token after it (review finding R2).
func TestPercentBoundaries(t *testing.T) {
	r := mustNew(t, nil)
	runCases(t, r, []tcase{
		{"GET /kyc?q=%20" + aadhaar, "GET /kyc?q=%20[AADHAAR]"},
		{`body=%7B%22uid%22%3A%22` + aadhaar + `%22%7D`, `body=%7B%22uid%22%3A%22[AADHAAR]%22%7D`},
		{"q=%3D" + aadhaarS + "%2C", "q=%3D[AADHAAR]%2C"},
		{"q=%2C9876543210%2C", "q=%2C[MOBILE]%2C"},
		{"q=%2B919876543210", "q=%2B[MOBILE]"},
		{"q=%20%2B91%209876543210", "q=%20%2B[MOBILE]"},
		{"q=%3A" + pan + "&x=1", "q=%3A[PAN]&x=1"},
		{"q=%0a" + vid, "q=%0a[VID]"},
		{"to=%3Cravi@okaxis%3E", "to=%3C[UPI]%3E"},
		{"to=%20ravi.kumar@example.in", "to=%20[EMAIL]"},
		{"50%" + pan, "50%[PAN]"}, // a literal '%' before a token
		{"%20name=Ravi&x=1", "%20name=[REDACTED]&x=1"},
	})
	runCases(t, r, unchanged(
		"q=%20234123412347", // Verhoeff digit wrong
		"q=%20123412341234", // starts with 1
		"q=%2F9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", // hex digest
		"q=%2F550e8400-e29b-41d4-a716-"+aadhaar,                                 // UUID tail
		"q=%20"+aadhaar+"7",                                                     // 13 digits
		"100%2"+aadhaar,                                                         // "%2" + digit: "%22…" is one escape, then 11 digits
	))
}

// TestDotAndAtBoundaries: a '.' after a letter ("no.") and an '@' before a
// number are boundaries (review finding R3); a '.' between digits still
// joins (decimals), a '-' still joins order ids and UUIDs.
func TestDotAndAtBoundaries(t *testing.T) {
	r := mustNew(t, nil)
	runCases(t, r, []tcase{
		{"Aadhaar no.2341 2341 2346", "Aadhaar no.[AADHAAR]"},
		{"Aadhaar No." + aadhaar, "Aadhaar No.[AADHAAR]"},
		{"mobile no.9876543210", "mobile no.[MOBILE]"},
		{"PAN no.ABCPE1234F", "PAN no.[PAN]"},
		{"vid no." + vidS + ".", "vid no.[VID]."},
		{"@" + aadhaar, "@[AADHAAR]"},
		{"ping @9876543210 now", "ping @[MOBILE] now"},
		{"x@" + aadhaar, "x@[AADHAAR]"},
		{aadhaar + "@", "[AADHAAR]@"},
		{aadhaar + ".pdf", "[AADHAAR].pdf"},
		{"9876543210@ybl", "[UPI]"},
		{"ravi@" + aadhaar + ".example.in", "[EMAIL]"},
	})
	runCases(t, r, unchanged(
		"0."+aadhaar,   // decimal
		"1.2."+aadhaar, // version
		"v1.2.33",
		aadhaar+".5", // decimal
		"ORD-"+aadhaar,
		"ORD."+aadhaar[:11]+"7",
		"ab"+aadhaar,
		"INR 1,23,456.78",
	))
}

// probeAffixes are the prefixes and suffixes of [TestBoundaryProbe]: every
// non-alphanumeric wrapping a log or URL puts around a value.
var probePrefixes = []string{
	"", " ", `"`, "'", "(", "[", "{", "<", "<b>", "</b>", "#", "@", "=", ":", ",", ";", ")", "|", "/", "*", "`", "+", "-",
	`\n`, `\t`, `\r`, `\"`, `\\`, `\u00a0`, `resident\n`, "\n", "\t",
	"%20", "%22", "%3A", "%3D", "%2C", "%7B", "%0A", "?q=%20",
	"no.", "No:", "Aadhaar no.", "uid=", "UID ", `"uid":"`, "&id=",
}

var probeSuffixes = []string{
	"", " ", `"`, "'", ")", "]", "}", ">", "</b>", ".", ",", ";", ":", "@", "#", "/", "|", "-",
	`\n`, `\t`, `\"`, `\u00a0`, "%20", "%22", "%2C", "%7D", "&x=1", ". Next",
}

// validAadhaar returns a random Verhoeff-valid Aadhaar number.
func validAadhaar(rnd *rand.Rand) string {
	for {
		b := []byte{byte('2' + rnd.IntN(8))}
		for range 10 {
			b = append(b, byte('0'+rnd.IntN(10)))
		}
		c, _ := verhoeff.Compute(string(b))
		s := string(b) + string(c)
		if aadhaarnum.Valid(s) {
			return s
		}
	}
}

// TestBoundaryProbe is the reviewer's leak probe, made deterministic: every
// valid Aadhaar number (plain and grouped) wrapped in any prefix and suffix
// above is redacted, in free text and inside a JSON string; a letter or
// digit directly adjacent keeps it a non-match.
func TestBoundaryProbe(t *testing.T) {
	r := mustNew(t, nil)
	n := 2000
	if testing.Short() || raceEnabled {
		n = 200
	}
	rnd := rand.New(rand.NewPCG(20261122, 6))
	var dst []byte
	leaks := 0
	for i := range n {
		num := validAadhaar(rnd)
		forms := []string{num}
		if i%4 == 0 {
			forms = append(forms, num[:4]+" "+num[4:8]+" "+num[8:], num[:4]+"-"+num[4:8]+"-"+num[8:])
		}
		for _, v := range forms {
			for _, p := range probePrefixes {
				for _, s := range probeSuffixes {
					in := p + v + s
					dst = r.Redact(dst[:0], []byte(in))
					if strings.Contains(string(dst), num[4:8]) && strings.Contains(string(dst), num[8:]) {
						if leaks++; leaks <= 10 {
							t.Errorf("leak: %q -> %q", in, dst)
						}
					}
					if i%20 == 0 { // inside a JSON string too
						js, _ := json.Marshal(map[string]string{"msg": in})
						dst = r.Redact(dst[:0], js)
						if strings.Contains(string(dst), num[8:]) || !json.Valid(dst) {
							if leaks++; leaks <= 10 {
								t.Errorf("leak in JSON: %s -> %s", js, dst)
							}
						}
					}
				}
			}
		}
		for _, adj := range []struct{ p, s string }{{"a", ""}, {"", "a"}, {"Z", "."}, {"7", ""}, {"", "0"}, {"_", ""}, {"", "_"}, {"x-", ""}, {"", "-x"}, {"1.", ""}, {"", ".5"}} {
			in := adj.p + num + adj.s
			if got := r.RedactString(in); got != in {
				t.Errorf("adjacent %q changed: %q", in, got)
			}
		}
	}
	if leaks > 0 {
		t.Errorf("%d leaks", leaks)
	}
}

// TestBoundaryProbeOtherKinds wraps a mobile, a PAN, a VID and an e-mail
// address in the same prefixes and suffixes.
func TestBoundaryProbeOtherKinds(t *testing.T) {
	r := mustNew(t, nil)
	for _, v := range []string{"9876543210", "+91 98765 43210", pan, vid, vidS, gstin} {
		for _, p := range probePrefixes {
			for _, s := range probeSuffixes {
				in := p + v + s
				if got := r.RedactString(in); strings.Contains(got, v) || strings.Contains(got, "43210") {
					t.Errorf("leak: %q -> %q", in, got)
				}
			}
		}
	}
}

// TestOptionsFormats: no verb of fmt and no slog handler prints the raw
// HashKey (review finding R4: %#v printed the bytes).
func TestOptionsFormats(t *testing.T) {
	o := redact.Options{Mode: redact.Hash, HashKey: testKey, HashKeyID: "k1"}
	var buf bytes.Buffer
	slog.New(slog.NewTextHandler(&buf, logtest.NoTime())).Info("opts", "o", o, "p", &o)
	slog.New(slog.NewJSONHandler(&buf, logtest.NoTime())).Info("opts", "o", o)
	outs := []string{
		fmt.Sprintf("%v", o), fmt.Sprintf("%+v", o), fmt.Sprintf("%#v", o),
		fmt.Sprintf("%v", &o), fmt.Sprintf("%+v", &o), fmt.Sprintf("%#v", []redact.Options{o}),
		buf.String(),
	}
	for _, s := range outs {
		// testKey is "0123…": its bytes print as "48 49 50" (%v) or
		// "0x30, 0x31, 0x32" (%#v).
		if strings.Contains(s, string(testKey)) || strings.Contains(s, "48 49 50") || strings.Contains(s, "0x30, 0x31, 0x32") ||
			!strings.Contains(s, "32 bytes") {
			t.Errorf("options print the key: %s", s)
		}
	}
}

// TestKeyNormalization: key names match ignoring case and '_'/'-', and the
// default set covers the 1Kosmos camelCase names (review finding R5).
func TestKeyNormalization(t *testing.T) {
	r := mustNew(t, nil)
	runCases(t, r, []tcase{
		{`{"firstName":"Ravi","First-Name":"Ravi","FIRST_NAME":"Ravi","first_name":"Ravi"}`,
			`{"firstName":"[REDACTED]","First-Name":"[REDACTED]","FIRST_NAME":"[REDACTED]","first_name":"[REDACTED]"}`},
		{`{"lastName":"Kumar","familyName":"Kumar","givenName":"Ravi","middleName":"S","fullName":"Ravi Kumar"}`,
			`{"lastName":"[REDACTED]","familyName":"[REDACTED]","givenName":"[REDACTED]","middleName":"[REDACTED]","fullName":"[REDACTED]"}`},
		{`{"documentId":"KA0120200001234","document_number":"KA01","postalCode":"560001","city":"Bengaluru","street":"MG Road","dateOfBirth":"1990-01-01","birthdate":"1990-01-01"}`,
			`{"documentId":"[DL]","document_number":"[REDACTED]","postalCode":"[REDACTED]","city":"[REDACTED]","street":"[REDACTED]","dateOfBirth":"[REDACTED]","birthdate":"[REDACTED]"}`},
		{`{"careOf":"S/O X","shareCode":"1234","mobileNumber":"x","x-df-api-secret":"s","X_DF_API_SECRET":"s"}`,
			`{"careOf":"[REDACTED]","shareCode":"[REDACTED]","mobileNumber":"[REDACTED]","x-df-api-secret":"[SECRET]","X_DF_API_SECRET":"[SECRET]"}`},
		{`{"first\u004eame":"Ravi"}`, `{"first\u004eame":"[REDACTED]"}`},
		{"firstName=Ravi postal-code=560001 ok", "firstName=[REDACTED] postal-code=[REDACTED] ok"},
		{`{"_name_":"x","-dob-":"y"}`, `{"_name_":"[REDACTED]","-dob-":"[REDACTED]"}`},
	})
	runCases(t, r, unchanged(
		`{"documentType":"dl_object","sessionId":"s1","firstNameLength":4,"cityCode":"BLR","username":"x","_":"y","-":"z"}`,
	))
	// The plaintext shape of a 1Kosmos document-verification result
	// (as cmd/kyckit/internal/demo builds it), with the defaults only.
	kosmos := `{"sessionResult":"SUCCESS","sessionId":"0c6f3d2a-demo-4e1b-9b7a-abcdefabcdef","sessionData":{"documentType":"dl_object"},` +
		`"extractedInfo":{"documentType":"dl_object","documentId":"KA0120201234567","firstName":"Meera","lastName":"Iyer"},` +
		`"document":{"category":"identity_document","documentType":"dl_object","type":"dl","country":"IND","state":"KA",` +
		`"documentId":"KA0120201234567","firstName":"Meera","lastName":"Iyer","familyName":"Iyer","fullName":"Meera Iyer",` +
		`"dob":"1991-04-12","gender":"F","doi":"2020-02-03","doe":"2040-02-02","face":"` + photo([]byte{0xFF, 0xD8, 0xFF, 0xE0}, 400) + `",` +
		`"address":"12 MG Road, Bengaluru 560001","street":"12 MG Road","city":"Bengaluru","postalCode":"560001"}}`
	out := red(t, r, kosmos)
	for _, v := range []string{"KA0120201234567", "Meera", "Iyer", "1991-04-12", "MG Road", "Bengaluru", "560001", "/9j/"} {
		if strings.Contains(out, v) {
			t.Errorf("1Kosmos result keeps %q: %s", v, out)
		}
	}
	if !json.Valid([]byte(out)) || !strings.Contains(out, `"documentType":"dl_object"`) {
		t.Errorf("1Kosmos result mangled: %s", out)
	}
	// Options use the same normalization.
	r2 := mustNew(t, &redact.Options{ExtraKeys: []string{"Txn-Ref"}, IgnoreKeys: []string{"CITY", "first-name"}})
	runCases(t, r2, []tcase{
		{`{"txnRef":"a","city":"b","firstName":"c","lastName":"d"}`, `{"txnRef":"[REDACTED]","city":"b","firstName":"c","lastName":"[REDACTED]"}`},
	})
	if _, err := redact.New(&redact.Options{ExtraKeys: []string{"_-_"}}); !errors.Is(err, redact.ErrOptions) {
		t.Errorf("separator-only key: %v", err)
	}
}
