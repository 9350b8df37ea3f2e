package kyc

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kyckit/kyckit/aadhaarxml"
	"github.com/kyckit/kyckit/normalize"
	"github.com/kyckit/kyckit/onekosmos"
	"github.com/kyckit/kyckit/sdjwt"
)

func read(t *testing.T, elem ...string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(append([]string{"..", "testdata"}, elem...)...))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func fixedNow(sec int64) func() time.Time { return func() time.Time { return time.Unix(sec, 0) } }

var ist = time.FixedZone("IST", 5*3600+1800)

func verifiedResident(t *testing.T) *sdjwt.Resident {
	t.Helper()
	keys, err := sdjwt.ParseJWKSet(read(t, "sdjwt", "issuer.jwks.json"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := sdjwt.VerifyUIDAI(context.Background(), strings.TrimSpace(string(read(t, "sdjwt", "uidai-presentation.txt"))), keys,
		&sdjwt.UIDAIOptions{Audience: "https://ovse.example.in", Nonce: "kyckit-test-txn-0001", Now: fixedNow(1750000100)})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestSDJWTResident(t *testing.T) {
	r := verifiedResident(t)
	s, err := SDJWTResident(r)
	if err != nil {
		t.Fatal(err)
	}
	if !s.SignatureVerified || s.Name != "Meera Test Joshi" || s.DOB != "1985-02-01" || s.Gender != "F" ||
		s.Mobile != "9000000001" || !strings.HasSuffix(s.FullAddress, "- 411001") || len(s.Photo) == 0 ||
		s.UID != "" || s.Address.Pincode != "" || // disclosable, not presented
		!s.IssuedAt.Equal(time.Unix(1750000000, 0)) {
		t.Errorf("mapped resident = %#v", s)
	}
	rec := normalize.FromSDJWTResident(s, nil)
	if rec.Result.Outcome != normalize.Verified || rec.Claims.Birthdate != "1985-02-01" || rec.Claims.PhoneNumber != "+919000000001" {
		t.Errorf("record: outcome %q birthdate %q phone %q", rec.Result.Outcome, rec.Claims.Birthdate, rec.Claims.PhoneNumber)
	}
	if rec.Claims.Picture == "" {
		t.Error("photo lost")
	}

	// The flag comes from the verifier only: an unverified credential
	// (or a hand-built Resident) never becomes a verified record.
	r.Credential.Verified = false
	s, _ = SDJWTResident(r)
	if s.SignatureVerified {
		t.Error("unverified credential mapped as verified")
	}
	if got := normalize.FromSDJWTResident(s, nil).Result.Outcome; got == normalize.Verified {
		t.Errorf("unverified outcome = %q", got)
	}
	s, _ = SDJWTResident(&sdjwt.Resident{Name: "A B"})
	if s.SignatureVerified || s.Name != "A B" {
		t.Errorf("bare resident = %#v", s)
	}
	if _, err := SDJWTResident(nil); !errors.Is(err, ErrNil) {
		t.Errorf("nil: %v", err)
	}
}

// TestSDJWTResidentDOB: the birthdate is the one sdjwt checked
// (Resident.DOBISO), in ISO form; normalize sees the issued text only
// when sdjwt could not read it, and then finds no birthdate either.
func TestSDJWTResidentDOB(t *testing.T) {
	for _, tc := range []struct{ issued, mapped, birthdate string }{
		{"01-02-1985", "1985-02-01", "1985-02-01"}, // DD-MM-YYYY: 1 February, not 2 January
		{"12/03/1990", "1990-03-12", "1990-03-12"},
		{"1990-03-12", "1990-03-12", "1990-03-12"},
		{"1975", "1975", "1975"},
		{"31-02-1990", "31-02-1990", ""}, // no such day
	} {
		r, err := sdjwt.NewResident(&sdjwt.Credential{Verified: true, Claims: map[string]any{"dob": tc.issued, "name": "A B"}})
		if err != nil {
			t.Fatal(err)
		}
		s, err := SDJWTResident(r)
		if err != nil {
			t.Fatal(err)
		}
		rec := normalize.FromSDJWTResident(s, nil)
		if s.DOB != tc.mapped || rec.Claims.Birthdate != tc.birthdate {
			t.Errorf("dob %q: mapped %q, birthdate %q; want %q, %q", tc.issued, s.DOB, rec.Claims.Birthdate, tc.mapped, tc.birthdate)
		}
	}
}

func testRing(t *testing.T) *aadhaarxml.KeyRing {
	t.Helper()
	ring, err := aadhaarxml.UIDAIKeyRing()
	if err != nil {
		t.Fatal(err)
	}
	ring, err = ring.WithDir(filepath.Join("..", "testdata", "aadhaarxml", "certs"))
	if err != nil {
		t.Fatal(err)
	}
	return ring
}

func TestOfflineEKYC(t *testing.T) {
	v := &aadhaarxml.Verifier{Certs: testRing(t)}
	doc, err := v.VerifyZIP(read(t, "aadhaarxml", "offlineaadhaar20250115103000123.zip"), "1234")
	if err != nil {
		t.Fatal(err)
	}
	d, err := OfflineEKYC(doc)
	if err != nil {
		t.Fatal(err)
	}
	if d.Reference.Last4 != "2468" || !d.Reference.Time.Equal(time.Date(2025, 1, 15, 10, 30, 0, 123e6, ist)) ||
		d.DOB != (normalize.Date{Year: 1992, Month: 8, Day: 15}) || d.Name != "Kavya Example" ||
		d.Address.Pincode != "560001" || d.Address.State != "Karnataka" || len(d.MobileHash) != 64 || !d.SignatureVerified {
		t.Errorf("mapped = %v / ref %v dob %+v", d, d.Reference, d.DOB.OIDC())
	}
	rec := normalize.FromOfflineEKYC(d, nil)
	if rec.Result.Outcome != normalize.Verified || rec.Claims.Birthdate != "1992-08-15" || rec.IN == nil ||
		rec.IN.Aadhaar == nil || rec.IN.Aadhaar.Last4 != "2468" || rec.Claims.Address == nil || rec.Claims.Address.PostalCode != "560001" {
		t.Errorf("record = %+v", rec)
	}
	// The same fields as normalize's own (unverified) XML adapter reads.
	xmlRec, err := normalize.OfflineEKYCXML(read(t, "aadhaarxml", "offlineaadhaar20250115103000123.xml"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if c := normalize.Compare(rec, xmlRec); c.Name.Optimistic.Category != normalize.CompleteMatch ||
		c.Birthdate != normalize.DOBExact || c.Last4 != normalize.Equal || c.AddressSimilarity != 1 {
		t.Errorf("glue and XML adapter disagree: %+v", c)
	}

	doc.Verified = false
	if d, _ := OfflineEKYC(doc); d.SignatureVerified {
		t.Error("unverified document mapped as verified")
	}
	if _, err := OfflineEKYC(nil); !errors.Is(err, ErrNil) {
		t.Errorf("nil: %v", err)
	}
	doc.Source = aadhaarxml.SourceSecureQR
	if _, err := OfflineEKYC(doc); !errors.Is(err, ErrSource) {
		t.Errorf("QR as offline XML: %v", err)
	}
}

func TestSecureQR(t *testing.T) {
	v := &aadhaarxml.Verifier{Certs: testRing(t)}
	doc, err := v.VerifyQR(strings.TrimSpace(string(read(t, "aadhaarxml", "secureqr-v2.txt"))))
	if err != nil {
		t.Fatal(err)
	}
	q, err := SecureQR(doc)
	if err != nil {
		t.Fatal(err)
	}
	if q.Version != "V2" || q.MobileLast4 != "0002" || q.Name != "Kavya Example" || q.DOB.OIDC() != "1992-08-15" ||
		!q.SignatureVerified || len(q.Photo) == 0 || q.Reference.Last4 != "2468" || q.Reference.Time.IsZero() {
		t.Errorf("mapped = %v", q)
	}
	rec := normalize.FromSecureQR(q, nil)
	if rec.Result.Outcome != normalize.Verified || rec.Claims.Birthdate != "1992-08-15" {
		t.Errorf("record outcome %q birthdate %q", rec.Result.Outcome, rec.Claims.Birthdate)
	}
	if _, err := SecureQR(&aadhaarxml.Document{Source: aadhaarxml.SourceOfflineXML}); !errors.Is(err, ErrSource) {
		t.Errorf("XML as QR: %v", err)
	}
	legacy, _ := SecureQR(&aadhaarxml.Document{Source: aadhaarxml.SourceLegacyQR, Verified: true})
	if legacy.SignatureVerified {
		t.Error("legacy QR mapped as verified")
	}
	if _, err := SecureQR(nil); !errors.Is(err, ErrNil) {
		t.Errorf("nil: %v", err)
	}
}

func TestOneKosmos(t *testing.T) {
	priv, err := onekosmos.ParsePrivateKey(onekosmos.Secp256k1, strings.TrimSpace(string(read(t, "ecdsa", "caller.key"))))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := onekosmos.DecryptResponse(read(t, "ecdsa", "poll-final.json"), priv, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := onekosmos.ParsePollResult(plain)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := OneKosmos(res, nil)
	if err != nil {
		t.Fatal(err)
	}
	direct, err := normalize.OneKosmos(plain, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Result.Outcome != normalize.Verified || rec.Claims.Name != "Nila Varadarajan" || rec.Claims.Birthdate != "1991-07-23" {
		t.Errorf("record: %q %q %q", rec.Result.Outcome, rec.Claims.Name, rec.Claims.Birthdate)
	}
	if rec.Result != direct.Result || rec.Claims.Name != direct.Claims.Name || rec.Claims.Birthdate != direct.Claims.Birthdate ||
		rec.Claims.Gender != direct.Claims.Gender {
		t.Errorf("typed round trip differs from the plaintext: %+v vs %+v", rec.Result, direct.Result)
	}

	pending, err := onekosmos.ParsePollResult([]byte(`{"responseStatus":"INPROGRESS","id":"s-1"}`))
	if err != nil {
		t.Fatal(err)
	}
	if rec, err := OneKosmos(pending, nil); err != nil || rec.Result.Outcome != normalize.Pending {
		t.Errorf("pending: %v %v", rec, err)
	}
	for _, r := range []*onekosmos.PollResult{nil, {}} {
		if _, err := OneKosmosResult(r); !errors.Is(err, ErrNil) {
			t.Errorf("%v: %v", r, err)
		}
	}
}

// TestOneKosmosTypedMatchesPlaintext: for every 1Kosmos fixture, the record
// mapped from the typed PollResult equals the one normalize makes from the
// decrypted plaintext, except the hash of the raw body, which only the
// plaintext has.
func TestOneKosmosTypedMatchesPlaintext(t *testing.T) {
	opts := &normalize.Options{Now: fixedNow(1750000000)}
	for _, tt := range []struct{ file, curve string }{
		{"poll-final.json", "secp256k1"}, {"poll-failed.json", "secp256k1"}, {"poll-pending.json", "secp256k1"},
		{"poll-v1.json", "secp256k1"}, {"poll-final-p256.json", "p256"},
	} {
		crv, key, svc := onekosmos.Secp256k1, "caller.key", "service.pub"
		if tt.curve == "p256" {
			crv, key, svc = onekosmos.P256, "caller-p256.key", "service-p256.pub"
		}
		priv, err := onekosmos.ParsePrivateKey(crv, strings.TrimSpace(string(read(t, "ecdsa", key))))
		if err != nil {
			t.Fatal(err)
		}
		pub, err := onekosmos.ParsePublicKey(crv, strings.TrimSpace(string(read(t, "ecdsa", svc))))
		if err != nil {
			t.Fatal(err)
		}
		plain, err := onekosmos.DecryptResponse(read(t, "ecdsa", tt.file), priv, pub, nil)
		if err != nil {
			t.Fatalf("%s: %v", tt.file, err)
		}
		res, err := onekosmos.ParsePollResult(plain)
		if err != nil {
			t.Fatalf("%s: %v", tt.file, err)
		}
		typed, err := OneKosmos(res, opts)
		if err != nil {
			t.Fatalf("%s: %v", tt.file, err)
		}
		direct, err := normalize.OneKosmos(plain, opts)
		if err != nil {
			t.Fatalf("%s: %v", tt.file, err)
		}
		typed.Source.RawSHA256, direct.Source.RawSHA256 = "", ""
		a, _ := json.Marshal(typed)
		b, _ := json.Marshal(direct)
		if !bytes.Equal(a, b) {
			t.Errorf("%s:\ntyped     %s\nplaintext %s", tt.file, a, b)
		}
	}
	if r, err := OneKosmosResult(&onekosmos.PollResult{V1: &onekosmos.V1Result{}}); err != nil || r.Session != "" {
		t.Errorf("empty v1: %+v %v", r, err)
	}
}

// TestOneKosmosOneSchema: onekosmos's typed result and normalize's JSON
// adapter read every 1Kosmos result alike — each of the five session
// statuses and three verification statuses of 1Kosmos's documentation, in
// every JSON shape and spelling, and every 1Kosmos body under
// testdata/normalize — so that the two give the same record.
func TestOneKosmosOneSchema(t *testing.T) {
	bodies := []string{
		`{"sessionResult":"Pending","sessionId":"s-1"}`,
		`{"sessionResult":"In Progress","sessionId":"s-1"}`,
		`{"responseStatus":"INPROGRESS","id":"s-1"}`,
		`{"responseStatus":"Pending","id":"s-1"}`,
		`{"sessionResult":"Completed","sessionId":"s-1","document":{"firstName":"Asha","lastName":"Rao","verifications":{"document_authenticity":"Passed","face_match":"Passed"}}}`,
		`{"sessionResult":"Completed","sessionId":"s-1","document":{"firstName":"Asha","verifications":{"document_authenticity":"Passed","face_match":"Failed"}}}`,
		`{"sessionResult":"Completed","sessionId":"s-1","document":{"firstName":"Asha","verifications":{"document_authenticity":"Passed","liveness":"Not performed"}}}`,
		`{"sessionResult":"COMPLETED","document":{"firstName":"Asha","verifications":{"a":"PASSED","b":"not_performed","c":"Skipped"}}}`,
		`{"sessionResult":"Completed","document":{"firstName":"Asha"}}`,
		`{"sessionResult":"Completed","verifications":{"liveness":"Failed"},"document":{"firstName":"Asha","verifications":{"a":"Passed"}}}`,
		`{"sessionResult":"Expired","sessionId":"s-1"}`,
		`{"sessionResult":"Declined","sessionId":"s-1"}`,
		`{"responseStatus":"EXPIRED","id":"s-1"}`,
		`{"sessionResult":"SUCCESS","extractedInfo":{"firstName":"ASHA","lastName":"RAO","documentId":"D1234567","doe":"20300101"}}`,
		`{"sessionResult":"SUCCESS","document":{"firstName":"Asha","verifications":{"liveness":"Not performed"}}}`,
		`{"sessionResult":"FAILED","errorInfo":{"status":503,"reason_code":"IDV9999","message":"m","reason":"r"}}`,
		`{"sessionResult":"FAILED","errorInfo":{"status":"400","reasonCode":"IDV0006","reason":"r"}}`,
		`{"sessionResult":"ARCHIVED"}`,
		`{"responseStatus":"success","sessionId":"s-1","ppt_object":{"documentId":"Z1234567","firstName":"ANIL","lastName":"VERMA","dob":"1980-12-01","country":"IND"},"liveness":"Passed","faceMatch":"Not performed"}`,
		`{"responseStatus":"success","sessionId":"s-1","idcard_object":{"firstName":"A","verifications":{"mrz":"Passed"}},"faceMatch":"Failed"}`,
		`{"responseStatus":"inprogress","sessionId":"s-1"}`,
	}
	for _, dir := range []string{"seeds", "seeddocs"} {
		files, _ := filepath.Glob(filepath.Join("..", "testdata", "normalize", dir, "1kosmos-*.json"))
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			bodies = append(bodies, string(b))
		}
	}
	opts := &normalize.Options{Now: fixedNow(1750000000)}
	n := 0
	for _, body := range bodies {
		res, err := onekosmos.ParsePollResult([]byte(body))
		if err != nil {
			continue // an error body or a non-result: not a PollResult
		}
		n++
		typed, err := OneKosmos(res, opts)
		if err != nil {
			t.Fatalf("%.60s: %v", body, err)
		}
		direct, err := normalize.OneKosmos([]byte(body), opts)
		if err != nil {
			t.Fatalf("%.60s: %v", body, err)
		}
		typed.Source.RawSHA256, direct.Source.RawSHA256 = "", ""
		a, _ := json.Marshal(typed)
		b, _ := json.Marshal(direct)
		if !bytes.Equal(a, b) {
			t.Errorf("%.80s:\ntyped     %s\nplaintext %s", body, a, b)
		}
		// The outcome follows onekosmos's two statuses.
		want := map[onekosmos.SessionStatus]string{onekosmos.SessionPending: normalize.Pending,
			onekosmos.SessionInProgress: normalize.Pending, onekosmos.SessionExpired: normalize.NotVerified,
			onekosmos.SessionDeclined: normalize.NotVerified}[res.Status()]
		if res.Status() == onekosmos.SessionCompleted {
			want = map[onekosmos.VerificationStatus]string{onekosmos.VerificationPassed: normalize.Verified,
				onekosmos.VerificationFailed: normalize.NotVerified}[res.Verification()]
			if want == "" {
				want = normalize.NeedsReview
			}
			if res.Succeeded() != (typed.Result.Outcome == normalize.Verified) && typed.Claims.Name != "" {
				t.Errorf("%.60s: Succeeded %v, outcome %s", body, res.Succeeded(), typed.Result.Outcome)
			}
		}
		if want == "" || res.Final != nil && res.Final.ErrorInfo != nil && res.Final.ErrorInfo.Status >= 500 {
			want = normalize.Error
		}
		if typed.Result.Outcome != want && !(want == normalize.Verified && typed.Result.Outcome == normalize.NeedsReview && typed.Claims.Name == "") {
			t.Errorf("%.60s: session %q verification %q gave %s, want %s", body, res.Status(), res.Verification(), typed.Result.Outcome, want)
		}
	}
	if n < len(bodies)-4 {
		t.Errorf("only %d of %d bodies parsed as poll results", n, len(bodies))
	}
}

func TestDecodeBase64(t *testing.T) {
	for in, want := range map[string]string{
		"":                           "",
		"aGk=":                       "hi",
		"aGk":                        "hi",
		"data:image/png;base64,aGk=": "hi",
		"-_8=":                       "\xfb\xff",
		"not base64!":                "",
	} {
		if got := string(decodeBase64(in)); got != want {
			t.Errorf("decodeBase64(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzSDJWTResident: any processed claim set maps without panic, and
// never as verified without a verified credential.
func FuzzSDJWTResident(f *testing.F) {
	f.Add([]byte(`{"name":"A B","iat":1750000000,"photo":"aGk=","pincode":"560001"}`))
	f.Add([]byte(`{"iat":"x","photo":{"a":1},"name":["x"],"building":null}`))
	f.Add([]byte(`{"iat":-1e400}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var claims map[string]any
		d := json.NewDecoder(bytes.NewReader(b))
		d.UseNumber()
		if d.Decode(&claims) != nil {
			return
		}
		s, err := SDJWTResident(&sdjwt.Resident{Result: claims, Credential: &sdjwt.Credential{Claims: claims}})
		if err != nil || s.SignatureVerified {
			t.Fatalf("err %v verified %v", err, s.SignatureVerified)
		}
		_ = normalize.FromSDJWTResident(s, nil)
	})
}
