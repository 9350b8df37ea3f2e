package normalize

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kyckit/kyckit/internal/logtest"
)

func TestOVSEStatuses(t *testing.T) {
	tests := []struct {
		status, success, outcome string
		terminal                 bool
	}{
		{"completed", "true", Verified, true},
		{"completed", "", Verified, true},
		{"COMPLETED", "true", Verified, true},
		{"completed", "false", NotVerified, true},
		{"failed", "false", NotVerified, true},
		{"expired", "false", NotVerified, true},
		{"pending", "", Pending, false},
		{"initiated", "", Pending, false},
		{"exploded", "", Error, false},
	}
	for _, tt := range tests {
		body := fmt.Sprintf(`{"session_status":%q,"session_id":"s1","name":"Asha Rao"`, tt.status)
		if tt.success != "" {
			body += `,"success":` + tt.success
		}
		body += `}`
		r, err := OVSE([]byte(body), testOpts)
		if err != nil {
			t.Fatal(err)
		}
		if r.Result.Outcome != tt.outcome || r.Result.ProviderStatus != tt.status {
			t.Errorf("%s/%s: outcome %q status %q, want %q", tt.status, tt.success, r.Result.Outcome, r.Result.ProviderStatus, tt.outcome)
		}
		if got := OVSEStatus(tt.status).IsTerminal(); got != tt.terminal {
			t.Errorf("IsTerminal(%q) = %v", tt.status, got)
		}
	}
	// Wrapped in {"data": …}.
	r, err := OVSE([]byte(`{"data":{"session_status":"completed","name":"Asha Rao"}}`), testOpts)
	if err != nil || r.Result.Outcome != Verified || r.Claims.Name != "Asha Rao" || r.Provenance["claims.name"] != "data.name" {
		t.Errorf("wrapped OVSE body: %+v %v", r, err)
	}
}

func TestAccuAuthStatuses(t *testing.T) {
	for status, want := range accuAuthErrors {
		body := fmt.Sprintf(`{"request_id":"TID1","status":%q,"message":"m","reason":"r"}`, status)
		r, err := AccuAuth([]byte(body), testOpts)
		if err != nil {
			t.Fatal(err)
		}
		res := r.Result
		if res.Outcome != Error || res.FailureCode != status || res.ErrorClass != want.class || res.Retryable != want.retry ||
			res.FailureMessage != "m" || res.FailureReason != "r" {
			t.Errorf("%s: %+v, want error %s retryable %v", status, res, want.class, want.retry)
		}
		// The table's HTTP status, given, changes nothing: the code is
		// more specific than the status (RATE_LIMIT_EXCEEDED is a 403).
		r2, err := UsingResponse(AdapterAccuAuth, want.http, []byte(body), testOpts)
		if err != nil || r2.Result.ErrorClass != want.class || r2.Result.Retryable != want.retry || r2.Result.HTTPStatus != want.http {
			t.Errorf("%s with HTTP %d: %+v %v", status, want.http, r2.Result, err)
		}
	}
	for _, tt := range []struct{ status, outcome, warning string }{
		{"OK", Verified, ""},
		{"ok", Verified, ""},
		{"SOMETHING_NEW", Error, "unknown_status"},
		{"", Error, "unknown_status"},
	} {
		r, err := AccuAuth([]byte(fmt.Sprintf(`{"request_id":"TID1","status":%q,"result":{"full_name":"A B"}}`, tt.status)), testOpts)
		if err != nil {
			t.Fatal(err)
		}
		if r.Result.Outcome != tt.outcome || (tt.warning != "" && !hasWarning(r, tt.warning)) {
			t.Errorf("%q: %q %v", tt.status, r.Result.Outcome, r.Warnings)
		}
	}
	// Issue 22: retryable and final statuses, distinguishable.
	for code, want := range map[string]struct {
		class ErrorClass
		retry bool
	}{
		"RATE_LIMIT_EXCEEDED": {ClassRateLimited, true}, "INTERNAL_ERROR": {ClassInternal, true},
		"SOURCE_SERVICE_UNAVAILABLE": {ClassUpstream, true}, "SOURCE_SERVICE_TIMEOUT": {ClassUpstream, true},
		"KEY_EXPIRED": {ClassAuth, false}, "OUT_OF_QUOTA": {ClassQuota, false}, "NO_PERMISSION": {ClassAuth, false},
	} {
		if e := accuAuthErrors[code]; e.class != want.class || e.retry != want.retry {
			t.Errorf("AccuAuth table: %s is %s/%v, want %s/%v", code, e.class, e.retry, want.class, want.retry)
		}
	}
	// Face match: -1 is "not done", not "failed".
	for _, tt := range []struct{ status, score, want string }{
		{"true", "0.93", "Passed"}, {"false", "0.12", "Failed"}, {"false", "-1", "Not performed"},
		{"true", "-1", "Not performed"}, {"false", `"-1"`, "Not performed"},
	} {
		r, _ := AccuAuth([]byte(`{"status":"OK","result":{"full_name":"A B","face_status":`+tt.status+`,"face_score":`+tt.score+`}}`), testOpts)
		if r == nil || r.IN == nil || len(r.IN.Checks) != 1 || r.IN.Checks[0].Result != tt.want || r.IN.Checks[0].Score != strings.Trim(tt.score, `"`) {
			t.Errorf("face_status %s face_score %s: %+v, want %s", tt.status, tt.score, r.IN, tt.want)
		}
	}
}

func TestJourneyDecisions(t *testing.T) {
	tests := []struct {
		status, code, decision, outcome string
		class                           ErrorClass
		retry                           bool
	}{
		{"SUCCESS", `"success"`, "CLEAR", Verified, "", false},
		{"SUCCESS", "200", "CLEAR", Verified, "", false},
		{"SUCCESS", "200", "MUST REVIEW", NeedsReview, "", false},
		{"SUCCESS", "200", "NEEDS REVIEW", NeedsReview, "", false},
		{"SUCCESS", "200", "NEEDS_REVIEW", NeedsReview, "", false},
		{"SUCCESS", "200", "", NeedsReview, "", false},
		{"FAILURE", `"invalid_aadhaar_no"`, "", NotVerified, "", false},
		{"FAILURE", `"document_not_found"`, "", NotVerified, "", false},
		{"FAILURE", `"invalid_request"`, "", Error, ClassInvalidRequest, false},
		{"FAILURE", `"invalid_credentials"`, "", Error, ClassAuth, false},
		{"FAILURE", `"internal_server_error"`, "", Error, ClassInternal, true},
		{"FAILURE", "422", "", NotVerified, "", false},
		{"FAILURE", "500", "", Error, ClassInternal, true},
		{"FAILURE", "503", "", Error, ClassUpstream, true},
		{"FAILURE", "401", "", Error, ClassAuth, false},
		{"FAILURE", "429", "", Error, ClassRateLimited, true},
		{"IN_PROGRESS", "200", "", Pending, "", true},
		{"WHAT", "200", "", Error, ClassInternal, false},
	}
	for _, tt := range tests {
		body := fmt.Sprintf(`{"status":%q,"status_code":%s,"decision":%q,"data":{"keys":{"aadhaar":[{"name":"A B"}]}}}`, tt.status, tt.code, tt.decision)
		r, err := Journey([]byte(body), testOpts)
		if err != nil {
			t.Fatal(err)
		}
		if r.Result.Outcome != tt.outcome || r.Result.ErrorClass != tt.class || r.Result.Retryable != tt.retry {
			t.Errorf("%s/%s/%q: %+v, want %s %s %v", tt.status, tt.code, tt.decision, r.Result, tt.outcome, tt.class, tt.retry)
		}
		if r.Result.Decision != DecisionOf(tt.outcome, tt.retry) {
			t.Errorf("%s/%s: decision %q", tt.status, tt.code, r.Result.Decision)
		}
	}
	r, _ := Journey([]byte(`{"status":"SUCCESS","decision":"CLEAR","data":{"keys":{"aadhaar":[{"name":"A"},{"name":"B"}]}}}`), testOpts)
	if r.Claims.Name != "A" || !hasWarning(r, "multiple_aadhaar_entries") {
		t.Errorf("multiple entries: %q %v", r.Claims.Name, r.Warnings)
	}
	// Issue 15 item 3: a key-level review under a journey CLEAR is not
	// verified; the journey's ids are kept apart.
	for _, kd := range []string{"MUST REVIEW", "NEEDS REVIEW", "must_review"} {
		r, _ = Journey([]byte(`{"transaction_id":"t-1","journey_transaction_id":"jt-1","journey_id":"j-cfg","status":"SUCCESS","decision":"CLEAR",`+
			`"data":{"keys":{"aadhaar":[{"name":"Asha Rao","decision":"`+kd+`"}]}}}`), testOpts)
		if r.Result.Outcome != NeedsReview || !hasWarning(r, "key_decision_review") || r.VerifiedClaims != nil {
			t.Errorf("key decision %q: %+v %v", kd, r.Result, r.Warnings)
		}
		if r.Source.TxnID != "t-1" || r.Source.SessionID != "jt-1" || r.Source.Product != "journey/j-cfg" {
			t.Errorf("journey ids: %+v", r.Source)
		}
	}
	r, _ = Journey([]byte(`{"status":"SUCCESS","decision":"CLEAR","data":{"keys":{"aadhaar":[{"name":"Asha Rao","decision":"CLEAR"}]}}}`), testOpts)
	if r.Result.Outcome != Verified {
		t.Errorf("key CLEAR under CLEAR: %+v", r.Result)
	}
}

func TestOneKosmosStatuses(t *testing.T) {
	tests := []struct{ body, outcome string }{
		{`{"sessionResult":"Pending"}`, Pending},
		{`{"sessionResult":"In Progress"}`, Pending},
		{`{"responseStatus":"INPROGRESS","id":"x"}`, Pending},
		{`{"sessionResult":"Completed","verifications":{"face_match":"Passed","document":"Passed"},"document":{"firstName":"A"}}`, Verified},
		{`{"sessionResult":"Completed","verifications":{"face_match":"Passed","document":"Passed"}}`, NeedsReview}, // nobody named
		{`{"sessionResult":"Completed","verifications":{"face_match":"Failed","document":"Passed"}}`, NotVerified},
		{`{"sessionResult":"Completed","verifications":{"face_match":"Not performed"}}`, NeedsReview},
		{`{"sessionResult":"Completed","document":{"firstName":"A","verifications":{"face_match":"PASSED"}}}`, Verified},
		{`{"sessionResult":"Completed","document":{"firstName":"A"}}`, NeedsReview},
		{`{"sessionResult":"Expired"}`, NotVerified},
		{`{"responseStatus":"Declined"}`, NotVerified},
		{`{"sessionResult":"SUCCESS","document":{"documentType":"ppt_object","firstName":"A","lastName":"B"}}`, Verified},
		{`{"sessionResult":"FAILED","errorInfo":{"status":400,"reasonCode":"IDV0010"}}`, NotVerified},
		{`{"sessionResult":"FAILED","errorInfo":{"status":503,"reason_code":"IDV9999"}}`, Error},
		{`{"responseStatus":"success","dl_object":{"firstName":"A","lastName":"B","documentId":"DL0420110149646"}}`, Verified},
		{`{"code":401,"message":"unauthorized"}`, Error},
		{`{"sessionResult":"Weird"}`, Error},
	}
	for _, tt := range tests {
		r, err := OneKosmos([]byte(tt.body), testOpts)
		if err != nil {
			t.Fatalf("%s: %v", tt.body, err)
		}
		if r.Result.Outcome != tt.outcome {
			t.Errorf("%s: %q, want %q", tt.body, r.Result.Outcome, tt.outcome)
		}
		for _, d := range docs(r) {
			if strings.Contains(d.NumberMasked, "0420110") {
				t.Errorf("document number kept unmasked")
			}
		}
	}
	if _, err := OneKosmos([]byte(`{"data":"AAAA","publicKey":"BBBB"}`), testOpts); !errors.Is(err, ErrEncrypted) {
		t.Errorf("encrypted envelope: %v", err)
	}
}

func docs(r *Record) []Document {
	if r.IN == nil {
		return nil
	}
	return r.IN.Documents
}

func TestSetuAndCashfreeStatuses(t *testing.T) {
	tests := []struct {
		fn      func([]byte, *Options) (*Record, error)
		body    string
		outcome string
	}{
		{Setu, `{"status":"complete","aadhaar":{"name":"A"}}`, Verified},
		{Setu, `{"status":"CREATED","id":"x"}`, Pending},
		{Setu, `{"error":{"code":"aadhaar_not_linked","detail":"d"}}`, NotVerified},
		{Setu, `{"error":{"code":"get_xml_failed","detail":"d"}}`, Error},
		{Setu, `{"errorCode":"request_not_found","errorMsg":"m"}`, Error},
		{Cashfree, `{"status":"VALID","name":"A","split_address":{}}`, Verified},
		{Cashfree, `{"status":"INVALID","split_address":{}}`, NotVerified},
		{Cashfree, `{"status":"AADHAAR_NOT_LINKED","uid":"","care_of":""}`, NotVerified},
		{Cashfree, `{"status":"SUCCESS","message":"Insufficient balance","split_address":{}}`, Error},
		{Cashfree, `{"status":"ERROR","message":"x-client-id is missing"}`, Error},
		{Cashfree, `{"pan":"ABCPV1234D","valid":false,"registered_name":"X"}`, NotVerified},
		{Surepass, `{"data":{},"status_code":422,"success":false,"message_code":"verification_failed"}`, NotVerified},
		{Surepass, `{"data":{},"status_code":401,"success":false}`, Error},
		{IDfy, `{"action":"verify_with_source","type":"ind_pan","status":"completed","result":{"source_output":{"status":"id_not_found"}}}`, NotVerified},
		{IDfy, `{"action":"verify_with_source","type":"ind_pan","status":"in_progress"}`, Pending},
		{IDfy, `{"action":"verify_with_source","type":"ind_pan","status":"failed","error":"SOURCE_DOWN"}`, Error},
		{Decentro, `{"decentroTxnId":"x","status":"FAILURE","responseCode":"E00009"}`, NotVerified},
		{Sandbox, `{"code":200,"data":{"status":"INVALID","message":"Invalid OTP"}}`, NotVerified},
		{Sandbox, `{"code":500,"message":"Internal error"}`, Error},
		{Signzy, `{"result":{"name":"A","x509Data":{"validAadhaarDSC":"no"}}}`, NotVerified},
		{Signzy, `{"result":{"name":"A"}}`, NeedsReview},
	}
	for _, tt := range tests {
		r, err := tt.fn([]byte(tt.body), testOpts)
		if err != nil {
			t.Fatalf("%s: %v", tt.body, err)
		}
		if r.Result.Outcome != tt.outcome {
			t.Errorf("%s: %q, want %q", tt.body, r.Result.Outcome, tt.outcome)
		}
	}
}

func TestDetect(t *testing.T) {
	want := map[string]string{
		"samples/cashfree-digilocker-document-aadhaar.json":        AdapterCashfree,
		"samples/cashfree-offline-aadhaar-verify.json":             AdapterCashfree,
		"samples/cashfree-pan-verify.json":                         AdapterCashfree,
		"samples/decentro-digilocker-eaadhaar-schema.json":         AdapterDecentro,
		"samples/digilocker-eaadhaar-kycres.xml":                   AdapterDigiLocker,
		"samples/idfy-ind_aadhaar-extract.json":                    AdapterIDfy,
		"samples/idfy-ind_driving_license-verify_with_source.json": AdapterIDfy,
		"samples/idfy-ind_passport-verify_with_source.json":        AdapterIDfy,
		"samples/oidc4ida-electronic_record-example.json":          AdapterIDA,
		"samples/sandbox-digilocker-fetch-document.json":           AdapterSandbox,
		"samples/setu-digilocker-aadhaar.json":                     AdapterSetu,
		"samples/setu-ekyc-get-request.json":                       AdapterSetu,
		"samples/setu-okyc-get-status.json":                        AdapterSetu,
		"samples/signzy-digilocker-eaadhaar-REDACTED.json":         AdapterSignzy,
		"samples/surepass-aadhaar-v2-submit-otp.json":              AdapterSurepass,
		"samples/uidai-offline-ekyc.xml":                           AdapterOfflineXML,
		"samples/uidai-secure-qr-decoded-aadhaar-py.json":          AdapterQR,
		"seeds/ovse-completed.json":                                AdapterOVSE,
		"seeds/ovse-failed.json":                                   AdapterOVSE,
		"seeds/accuauth-ok.json":                                   AdapterAccuAuth,
		"seeds/accuauth-error.json":                                AdapterAccuAuth,
		"seeds/journey-clear.json":                                 AdapterJourney,
		"seeds/journey-failure.json":                               AdapterJourney,
		"seeds/1kosmos-v3-success.json":                            Adapter1Kosmos,
		"seeds/1kosmos-v3-inprogress.json":                         Adapter1Kosmos,
		"seeds/1kosmos-v1-success.json":                            Adapter1Kosmos,
		"seeds/sdjwt-resident.json":                                AdapterSDJWT,
		"seeds/setu-error.json":                                    AdapterSetu,
		"seeds/setu-ekyc-404.json":                                 AdapterSetu,
	}
	for file, adapter := range want {
		body, err := os.ReadFile(filepath.Join("..", "testdata", "normalize", file))
		if err != nil {
			t.Fatal(err)
		}
		got, err := Detect(body, nil)
		if err != nil || got != adapter {
			t.Errorf("Detect(%s) = %q, %v; want %q", file, got, err, adapter)
		}
	}
	bad := []struct {
		body string
		err  error
	}{
		{`{"hello":"world"}`, ErrUnknownSource},
		{`{"code":400,"message":"x"}`, ErrUnknownSource},
		{`<Other/>`, ErrUnknownSource},
		{`[1,2]`, ErrMalformed},
		{`{"a":`, ErrMalformed},
		{``, ErrMalformed},
		{`   `, ErrMalformed},
		{`{"data":"x","publicKey":"y"}`, ErrEncrypted},
	}
	for _, tt := range bad {
		if _, err := Auto([]byte(tt.body), nil); !errors.Is(err, tt.err) {
			t.Errorf("Auto(%q) = %v, want %v", tt.body, err, tt.err)
		}
	}
	if _, err := Auto(make([]byte, 100), &Options{MaxBodyBytes: 10}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("over the cap: %v", err)
	}
	if _, err := Using("nosuch", []byte(`{}`), nil); !errors.Is(err, ErrUnknownSource) {
		t.Errorf("Using(nosuch) = %v", err)
	}
	for _, name := range Adapters {
		if _, err := Using(name, []byte(`{not json`), nil); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s on malformed input: %v", name, err)
		}
	}
}

func TestStructAdapters(t *testing.T) {
	addr := UIDAIAddress{CareOf: "W/O: Ram Prasad", Country: "India", District: "Sitapur", House: "42", Pincode: "261001",
		State: "Uttar Pradesh", VTC: "Kachhwa"}
	jpeg := []byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10}
	j2k := []byte{0xFF, 0x4F, 0xFF, 0x51, 0, 0x29}
	gen := time.Date(2024, 1, 1, 12, 0, 0, 0, ist)
	for _, tt := range []struct {
		name   string
		r      *Record
		format string
		media  string
	}{
		{"offline", FromOfflineEKYC(OfflineEKYC{Reference: Reference{Last4: "0124", Time: gen}, Name: "Kamla Devi",
			DOB: Date{Year: 1958, Month: 4, Day: 12}, Gender: "F", Address: addr, Photo: jpeg, MobileHash: strings.Repeat("ab", 32),
			SignatureVerified: true}, testOpts), FormatOfflineXML, MediaJPEG},
		{"qr", FromSecureQR(SecureQR{Version: "V2", Reference: Reference{Last4: "0124"}, Name: "Kamla Devi", DOB: Date{Year: 1958},
			Gender: "F", Address: addr, Photo: j2k, MobileLast4: "3210", SignatureVerified: true}, testOpts), FormatSecureQR, MediaJPEG2000},
		{"sdjwt", FromSDJWTResident(SDJWTResident{UID: "xxxxxxxx0124", Name: "Kamla Devi", DOB: "12-04-1958", Gender: "F",
			Address: addr, Mobile: "9876543210", Photo: jpeg, SignatureVerified: true}, testOpts), FormatSDJWT, MediaJPEG},
	} {
		r := tt.r
		if r.Result.Outcome != Verified || r.VerifiedClaims == nil {
			t.Errorf("%s: outcome %q", tt.name, r.Result.Outcome)
			continue
		}
		ev := r.VerifiedClaims.Verification.Evidence
		if len(ev) != 1 || ev[0].CheckDetails[0].CheckMethod != "vcrypt" || ev[0].Record.Source.Name != "UIDAI" {
			t.Errorf("%s: evidence %+v", tt.name, ev)
		}
		if r.IN.Aadhaar.Format != tt.format || r.IN.Aadhaar.Last4 != "0124" || !strings.HasPrefix(r.Claims.Picture, "data:"+tt.media+";base64,") {
			t.Errorf("%s: %+v %q", tt.name, r.IN.Aadhaar, r.Claims.Picture)
		}
		if r.IN.CareOf == nil || r.IN.CareOf.Relation != WifeOf || strings.Contains(r.Claims.Address.Formatted, "Ram Prasad") {
			t.Errorf("%s: care-of %+v formatted %q", tt.name, r.IN.CareOf, r.Claims.Address.Formatted)
		}
	}
	r := FromOfflineEKYC(OfflineEKYC{Name: "X", SignatureVerified: false}, testOpts)
	if r.Result.Outcome != NeedsReview || !hasWarning(r, "signature_not_verified") {
		t.Errorf("unverified signature must need review: %q %v", r.Result.Outcome, r.Warnings)
	}
	q := FromSecureQR(SecureQR{Reference: Reference{Last4: "0124"}, MobileHash: strings.Repeat("0f", 32)}, testOpts)
	if q.IN.Hashes.Mobile.Scheme != SchemeSecureQR || q.IN.Hashes.Mobile.RoundsDigit != "4" {
		t.Errorf("qr hash: %+v", q.IN.Hashes.Mobile)
	}
}

// TestNoFullAadhaar feeds full numbers through every place a source can
// put one and checks none survives.
func TestNoFullAadhaar(t *testing.T) {
	bodies := []string{
		`{"request_id":"x","status":"OK","result":{"full_name":"Ravi 234123412346","aadhaar_number":"234123412346","care_of":"S/O 2341 2341 2346"}}`,
		`{"status":"complete","aadhaarNumber":234123412346,"aadhaar":{"name":"A","maskedNumber":"xxxx-xxxx-2346","address":{"house":"VID 2341234123461234"}}}`,
		`{"session_status":"failed","failure_message":"uid 234123412346 locked"}`,
		`{"status":"VALID","uid":"234123412346","care_of":"x","name":"A","address":"234123412346"}`,
	}
	for _, b := range bodies {
		r, err := Auto([]byte(b), testOpts)
		if err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		out := marshal(t, r)
		if leaksAadhaar(t, out) || bytes.Contains(out, []byte("234123412346")) {
			t.Errorf("full number survived:\n%s", out)
		}
		if !hasWarning(r, "uid_was_unmasked") && !hasWarning(r, "aadhaar_in_text_masked") {
			t.Errorf("no warning for a full number: %v", r.Warnings)
		}
	}
}

func TestLogValueMasks(t *testing.T) {
	body, _ := os.ReadFile("../testdata/normalize/seeds/ovse-completed.json")
	r, err := Auto(body, testOpts)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, logtest.NoTime())).Info("kyc", "record", r, "value", *r)
	fmt.Fprintf(&buf, "%v %s %+v", r, r, *r)
	for _, secret := range []string{"Meera", "1991", "686001", "5678", "+91", "Suresh", "/9j/"} {
		if strings.Contains(buf.String(), secret) {
			t.Errorf("log output leaks %q:\n%s", secret, buf.String())
		}
	}
	if !strings.Contains(buf.String(), "verified") {
		t.Errorf("log output lacks the outcome: %s", buf.String())
	}
}

func TestOptions(t *testing.T) {
	body, _ := os.ReadFile("../testdata/normalize/seeds/ovse-completed.json")
	r, err := OVSE(body, &Options{TrustFramework: "in_custom", Now: fixedNow, MaxPhotoBytes: 4})
	if err != nil {
		t.Fatal(err)
	}
	if r.VerifiedClaims.Verification.TrustFramework != "in_custom" {
		t.Errorf("trust framework %q", r.VerifiedClaims.Verification.TrustFramework)
	}
	if r.Claims.Picture != "" || !hasWarning(r, "photo_invalid") {
		t.Errorf("photo over MaxPhotoBytes kept")
	}
	if r.Source.ReceivedAt != "2026-11-22T09:00:00Z" {
		t.Errorf("received_at %q", r.Source.ReceivedAt)
	}
	r, _ = OVSE(body, nil)
	if r.VerifiedClaims.Verification.TrustFramework != DefaultTrustFramework {
		t.Errorf("default trust framework %q", r.VerifiedClaims.Verification.TrustFramework)
	}
}

func hasWarning(r *Record, w string) bool {
	for _, x := range r.Warnings {
		if x == w {
			return true
		}
	}
	return false
}

// TestScrubEverywhere plants full numbers in places no field rule looks at:
// check names, document fields, a crafted record's warnings and source.
func TestScrubEverywhere(t *testing.T) {
	bodies := []string{
		`{"sessionResult":"SUCCESS","document":{"firstName":"A","documentId":"234123412346","verifications":{"234123412346":"Passed 234123412346"}}}`,
		`{"schema":"normalize/v1","claims":{"email":"234123412346@example.in"},"result":{"outcome":"error","decision":"234123412346"},"source":{"adapter":"x","txn_id":"234123412346"},"warnings":["234123412346"],"provenance":{"234123412346":"234123412346"},"in":{"documents":[{"type":"pan","url":"https://x.invalid/234123412346.xml"}]}}`,
		`{"verified_claims":{"verification":{"trust_framework":"x","evidence":[{"type":"electronic_record","check_details":[{"check_method":"data","check_id":"234123412346"}]}]},"claims":{"given_name":"A"}}}`,
	}
	for _, b := range bodies {
		r, err := Auto([]byte(b), testOpts)
		if err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		out := marshal(t, r)
		if bytes.Contains(out, []byte("234123412346")) {
			t.Errorf("full number survived:\n%s", out)
		}
		if !hasWarning(r, "aadhaar_in_text_masked") {
			t.Errorf("no warning: %v", r.Warnings)
		}
	}
}

func TestPIITypesMask(t *testing.T) {
	d, _ := ParseDate("23-07-1991")
	addr := UIDAIAddress{House: "14 Lake Road", Pincode: "686001"}
	photo, _ := Photo("/9j/4AAQSkZJRgABAQAAAQABAAD/2Q==", 0)
	vals := []any{d, Claims{Name: "Meera Nair"}, Address{Formatted: "14 Lake Road"}, Extension{MaskedMobile: "XXXXXX6780"},
		ParseCareOf("D/O: Suresh Iyer"), VerifiedClaims{Claims: Claims{Name: "Meera Nair"}}, photo, addr,
		OfflineEKYC{Name: "Meera Nair", Address: addr}, SecureQR{Name: "Meera Nair"}, SDJWTResident{Name: "Meera Nair", Mobile: "9123456780"},
		&Record{Claims: Claims{Name: "Meera Nair"}}, Record{Claims: Claims{Name: "Meera Nair"}},
		AddressIN{House: "14 Lake Road"}, Hash{Value: "feed6780", Scheme: SchemeSecureQR},
		Hashes{Mobile: &Hash{Value: "feed6780"}},
		OneKosmosResult{Status: "SUCCESS", Document: &OneKosmosDocument{FullName: "Meera Nair", DOB: "19910723"}},
		OneKosmosDocument{FullName: "Meera Nair", Face: "/9j/4AAQ", Address: "14 Lake Road"}}
	for _, v := range vals {
		var buf bytes.Buffer
		slog.New(slog.NewTextHandler(&buf, logtest.NoTime())).Info("x", "v", v)
		slog.New(slog.NewJSONHandler(&buf, logtest.NoTime())).Info("x", "v", v)
		fmt.Fprintf(&buf, " %v %+v %s %#v", v, v, v, v)
		for _, secret := range []string{"Meera", "1991", "Lake", "686001", "Suresh", "6780", "/9j/", "9123456780"} {
			if strings.Contains(buf.String(), secret) {
				t.Errorf("%T leaks %q: %s", v, secret, buf.String())
			}
		}
	}
	if d.OIDC() != "1991-07-23" {
		t.Errorf("OIDC() = %q", d.OIDC())
	}
}

// TestAdapterTable: every row either runs an adapter under a unique name
// (or again, marked, after its first row) or refuses with a sentinel, and
// Adapters lists the runnable rows in table (precedence) order.
func TestAdapterTable(t *testing.T) {
	seen := map[string]bool{}
	var names []string
	for i, a := range adapters {
		switch {
		case a.detect == nil:
			t.Errorf("row %d (%q): no detect", i, a.name)
		case a.refuse != nil && (a.name != "" || a.run != nil):
			t.Errorf("row %d (%q): a refusing row has a name or run", i, a.name)
		case a.refuse == nil && (a.name == "" || a.run == nil):
			t.Errorf("row %d: a row without refuse needs a name and run", i)
		case seen[a.name] && !a.again:
			t.Errorf("row %d: duplicate name %q", i, a.name)
		case a.again && !seen[a.name]:
			t.Errorf("row %d: %q marked again before its first row", i, a.name)
		}
		if a.name != "" && !a.again {
			seen[a.name] = true
			names = append(names, a.name)
		}
	}
	if !slices.Equal(names, Adapters) {
		t.Errorf("Adapters = %v, want the table's names %v", Adapters, names)
	}
	for _, n := range []string{AdapterOVSE, AdapterAccuAuth, AdapterJourney, Adapter1Kosmos, AdapterOfflineXML, AdapterQR,
		AdapterSDJWT, AdapterDigiLocker, AdapterCashfree, AdapterSetu, AdapterSurepass, AdapterSandbox, AdapterDecentro,
		AdapterIDfy, AdapterSignzy, AdapterIDA, AdapterRecord} {
		if !seen[n] {
			t.Errorf("adapter %q has no row", n)
		}
	}
}
