package redact_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/kyckit/kyckit/redact"
)

func fuzzSeeds(f *testing.F) {
	for _, s := range []string{
		"", "uid " + aadhaarS, vidS, "+91 98765 43210", pan, gstin, epic, "passport K1234567",
		"ravi@example.in ravi@okaxis", jwt + "~" + disc1 + "~", "Bearer abcdefghij",
		"-----BEGIN PRIVATE KEY-----abc-----END PRIVATE KEY-----",
		photo([]byte{0xFF, 0xD8, 0xFF}, 200),
		`{"name":"Ravi","n":` + aadhaar + `,"a":["x\u0032341 2341 2346",{"result":[1]}]}`,
		`{"data":"` + envelope + `"}`, `{"msg":"` + aadhaar, "name=Ravi dob=1990", "[AADHAAR] [PHOTO jpeg 12B]",
		"550e8400-e29b-41d4-a716-" + aadhaar, "0." + aadhaar, "XXXX XXXX 2346",
		// Found by fuzzing: a top-level JSON scalar is free text; a
		// quoted key=value whose value starts with a match.
		"7000000000", `0"nAme":"` + aadhaar + ` `, "access_token=" + jwt, "913913445678 0000 0000", "00@" + aadhaar, "00@AA.@AA",
		"eyJ00000.0.00000@WyJ000000000000000000000", aadhaar + "." + pan, "x\\n" + aadhaar + "%20" + pan, "-----BEGIN -----@AA PRIVATE KEY-----", "0@0.AAAAA0001A", "-----BEGIN 0-----@AA PRIVATE KEY-----",
		// Issue 16 forms.
		"uid 2341.2341/2346", "uid 2341\u00a02341\t2346", "uid 23\u200b41 2341 2346", "uid २३४१ २३४१ २३४६", "uid ２３４１２３４１２３４６",
		"uid_" + aadhaar, "UID" + aadhaar, "pan_abcpe1234f", "call 0091 98765.43210", "+91.987.654.3210", "vid 1234567890123455",
		"card 4111 1111 1111 1111", "a/c 50100012345678 IFSC HDFC0001234", "KA01 20201234567 KA01AB1234 22BH1234AB",
		"eyJuYW1lIjoiUmF2aSJ9", "W3siZW1haWwiOiJyYXZpQGV4YW1wbGUuaW4ifV0=", `{"` + aadhaar + `":1,"[AADHAAR]":{"a":1}}`,
		"10.0.0.1 2001:db8::1 ::ffff:1.2.3.4", `{"name":"kyc","level":"info","msg":"x","requestid":"r","licensekey":"k"}`,
		"git@github.com:a/b.git ravi@example.in:[EMAIL]", `{"pan":"ABCPEXXXXF","uid":1000,"pc":"560001","image":"a:1"}`,
		"Cookie: a=1; b=2\nAuthorization: Digest x=1", "-----BEGIN PRIVATE KEY----- MIIE, x; uid " + aadhaar,
	} {
		f.Add([]byte(s), uint8(0))
		f.Add([]byte(s), uint8(1))
		f.Add([]byte(s), uint8(2))
	}
}

// FuzzRedact checks that Redact never panics, keeps dst, agrees with
// RedactString, keeps valid JSON valid, and is idempotent in Mask, Partial
// and Hash modes.
func FuzzRedact(f *testing.F) {
	fuzzSeeds(f)
	var rs [4]*redact.Redactor
	for m := range rs {
		rs[m] = mustNew(f, &redact.Options{Mode: redact.Mode(m), Modes: map[redact.Kind]redact.Mode{redact.IP: redact.Mode(m)},
			HashKey: testKey, HashKeyID: "k1", MinPhotoBytes: 16})
	}
	f.Fuzz(func(t *testing.T, in []byte, mode uint8) {
		m := redact.Mode(mode % 4)
		r := rs[m]
		out := r.Redact([]byte("p:"), in)
		if !bytes.HasPrefix(out, []byte("p:")) {
			t.Fatal("dst prefix lost")
		}
		out = out[2:]
		if s := r.RedactString(string(in)); s != string(out) {
			t.Fatalf("RedactString %q != Redact %q", s, out)
		}
		if tr := bytes.TrimSpace(in); len(tr) > 0 && (tr[0] == '{' || tr[0] == '[') && json.Valid(in) && !json.Valid(out) {
			t.Fatalf("valid JSON %q became invalid: %q", in, out)
		}
		// Idempotence, in every mode that keeps something in place.
		if m != redact.Drop {
			if twice := r.Redact(nil, out); !bytes.Equal(twice, out) {
				t.Fatalf("not idempotent (mode %v):\n   in %q\n once %q\ntwice %q", m, in, out, twice)
			}
		}
	})
}

// FuzzWriter checks that the Writer, fed in chunks of any size, writes
// what line-by-line redaction gives (lines here stay below MaxLine).
func FuzzWriter(f *testing.F) {
	f.Add([]byte("uid "+aadhaarS+"\nname=Ravi\n"+jwt), uint8(1))
	f.Add([]byte(`{"name":"x"}`+"\n\n"+pan), uint8(3))
	r := mustNew(f, nil)
	f.Fuzz(func(t *testing.T, in []byte, chunk uint8) {
		if len(in) > 2048 || bytes.Contains(in, []byte("PRIVATE KEY")) {
			return // multi-line keys are stateful; long lines are cut
		}
		k := int(chunk)%16 + 1
		var out bytes.Buffer
		w := redact.NewWriter(&out, r)
		for i := 0; i < len(in); i += k {
			if _, err := w.Write(in[i:min(i+k, len(in))]); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		if want := lineByLine(r, string(in)); out.String() != want {
			t.Fatalf("writer %q != line-by-line %q", out.String(), want)
		}
	})
}
