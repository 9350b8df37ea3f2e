package normalize

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// seedDocWant is what a seed document's body or table row must give. The
// values are read off the documents' own tables (HTTP status, status or
// code word, description), not from our code: see
// testdata/normalize/seeddocs/README.md for the page of each file.
type seedDocWant struct {
	outcome  string
	class    ErrorClass
	retry    bool
	warnings []string // must be among the record's warnings
	postal   string   // claims.address.postal_code, when the body has an address
}

var seedDocWants = map[string]seedDocWant{
	// 000 KwikID OVSE Status: the completed example, and the error bodies
	// of 401, 404 and 500.
	"kwikid-ovse-status-200.json": {outcome: Verified, postal: "400001"},
	"kwikid-ovse-status-401.json": {outcome: Error, class: ClassAuth},
	"kwikid-ovse-status-404.json": {outcome: Error, class: ClassNotFound},
	"kwikid-ovse-status-500.json": {outcome: Error, class: ClassInternal, retry: true},
	// 000 KwikID OVSE Init: the session waits for the resident.
	"kwikid-ovse-init-200.json": {outcome: Pending, retry: true},

	// AccuAuth /verify/validate_aadhaar_otp: OK, and every row of the
	// error table.
	"accuauth-validate-aadhaar-otp-200.json":                              {outcome: Verified, postal: "560034"},
	"accuauth-validate-aadhaar-otp-400-INVALID_ARGUMENT.json":             {outcome: Error, class: ClassInvalidRequest},
	"accuauth-validate-aadhaar-otp-400-QUERY_FAILED.json":                 {outcome: Error, class: ClassUpstream},
	"accuauth-validate-aadhaar-otp-400-ABNORMAL_BEHAVIOURS_DETECTED.json": {outcome: Error, class: ClassRateLimited},
	"accuauth-validate-aadhaar-otp-400-DETECTION_FAILED.json":             {outcome: Error, class: ClassInvalidRequest},
	"accuauth-validate-aadhaar-otp-400-DOWNLOAD_ERROR.json":               {outcome: Error, class: ClassInvalidRequest},
	"accuauth-validate-aadhaar-otp-401-UNAUTHORIZED.json":                 {outcome: Error, class: ClassAuth},
	"accuauth-validate-aadhaar-otp-401-KEY_EXPIRED.json":                  {outcome: Error, class: ClassAuth},
	"accuauth-validate-aadhaar-otp-403-NO_PERMISSION.json":                {outcome: Error, class: ClassAuth},
	"accuauth-validate-aadhaar-otp-403-OUT_OF_QUOTA.json":                 {outcome: Error, class: ClassQuota},
	"accuauth-validate-aadhaar-otp-403-RATE_LIMIT_EXCEEDED.json":          {outcome: Error, class: ClassRateLimited, retry: true},
	"accuauth-validate-aadhaar-otp-404-NOT_FOUND.json":                    {outcome: Error, class: ClassNotFound},
	"accuauth-validate-aadhaar-otp-500-INTERNAL_ERROR.json":               {outcome: Error, class: ClassInternal, retry: true},
	"accuauth-validate-aadhaar-otp-512-SOURCE_SERVICE_UNAVAILABLE.json":   {outcome: Error, class: ClassUpstream, retry: true},
	"accuauth-validate-aadhaar-otp-513-SOURCE_SERVICE_TIMEOUT.json":       {outcome: Error, class: ClassUpstream, retry: true},

	// Equal-style Aadhaar OTP journey: the output template itself, each
	// row of the status-code table, and the status and decision tables.
	// The rows keep the template's placeholders ("XXXX XXX"), which name
	// nobody: a SUCCESS row is never verified on them.
	"equal-aadhaar-otp-output-template.json":           {outcome: Error, class: ClassInternal, warnings: []string{"unknown_status"}},
	"equal-aadhaar-otp-200-success-CLEAR.json":         {outcome: NeedsReview, warnings: []string{"placeholder_dropped", "identity_incomplete"}},
	"equal-aadhaar-otp-200-success-MUST_REVIEW.json":   {outcome: NeedsReview},
	"equal-aadhaar-otp-200-success-NEEDS_REVIEW.json":  {outcome: NeedsReview},
	"equal-aadhaar-otp-200-IN_PROGRESS.json":           {outcome: Pending, retry: true},
	"equal-aadhaar-otp-200-invalid_aadhaar_no.json":    {outcome: NotVerified},
	"equal-aadhaar-otp-200-document_not_found.json":    {outcome: NotVerified},
	"equal-aadhaar-otp-400-invalid_request.json":       {outcome: Error, class: ClassInvalidRequest},
	"equal-aadhaar-otp-401-invalid_credentials.json":   {outcome: Error, class: ClassAuth},
	"equal-aadhaar-otp-500-internal_server_error.json": {outcome: Error, class: ClassInternal, retry: true},
	"equal-aadhaar-otp-429-no-body.empty":              {outcome: Error, class: ClassRateLimited, retry: true},
	"equal-aadhaar-otp-503-no-body.empty":              {outcome: Error, class: ClassUpstream, retry: true},

	// 003 1Kosmos ID verification: the five session statuses, Completed
	// with each of the three verification statuses, and the create-session
	// errors (dvcID incorrect: 404; blank: 400).
	"1kosmos-result-200-Pending.json":                 {outcome: Pending, retry: true},
	"1kosmos-result-200-In_Progress.json":             {outcome: Pending, retry: true},
	"1kosmos-result-200-Completed-Passed.json":        {outcome: Verified},
	"1kosmos-result-200-Completed-Failed.json":        {outcome: NotVerified},
	"1kosmos-result-200-Completed-Not_performed.json": {outcome: NeedsReview},
	"1kosmos-result-200-Expired.json":                 {outcome: NotVerified},
	"1kosmos-result-200-Declined.json":                {outcome: NotVerified},
	"1kosmos-create-404-incorrect-dvcID.json":         {outcome: Error, class: ClassNotFound},
	"1kosmos-create-400-dvcID-blank.json":             {outcome: Error, class: ClassInvalidRequest},
}

// seedDocAdapter maps a seed document file to the adapter for its source.
func seedDocAdapter(name string) string {
	switch {
	case strings.HasPrefix(name, "kwikid-"):
		return AdapterOVSE
	case strings.HasPrefix(name, "accuauth-"):
		return AdapterAccuAuth
	case strings.HasPrefix(name, "equal-"):
		return AdapterJourney
	case strings.HasPrefix(name, "1kosmos-"):
		return Adapter1Kosmos
	}
	return ""
}

var seedDocStatus = regexp.MustCompile(`-([1-5][0-9][0-9])(?:-|\.)`)

// TestSeedDocs normalizes every literal body and table row of the four
// seed API documents with the HTTP status the document gives it, and
// checks outcome, error class, retryability and decision against the
// documents' tables; the records are golden files. No row that the
// document answers with an HTTP error is ever a verdict about the person.
func TestSeedDocs(t *testing.T) {
	dir := filepath.Join("..", "testdata", "normalize", "seeddocs")
	files, err := filepath.Glob(filepath.Join(dir, "*"))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, path := range files {
		name := filepath.Base(path)
		if name == "README.md" {
			continue
		}
		seen[name] = true
		w, ok := seedDocWants[name]
		if !ok {
			t.Errorf("%s: no expectation (add it to seedDocWants from the document's table)", name)
			continue
		}
		t.Run(name, func(t *testing.T) {
			body, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			status := 0
			if m := seedDocStatus.FindStringSubmatch(name); m != nil {
				status, _ = strconv.Atoi(m[1])
			}
			adapter := seedDocAdapter(name)
			r, err := UsingResponse(adapter, status, body, testOpts)
			if err != nil {
				t.Fatal(err)
			}
			res := r.Result
			if res.Outcome != w.outcome || res.ErrorClass != w.class || res.Retryable != w.retry || res.HTTPStatus != status {
				t.Errorf("got %s/%s retryable %v (HTTP %d), want %s/%s retryable %v (HTTP %d)",
					res.Outcome, res.ErrorClass, res.Retryable, res.HTTPStatus, w.outcome, w.class, w.retry, status)
			}
			if res.Decision != DecisionOf(w.outcome, w.retry) {
				t.Errorf("decision %q", res.Decision)
			}
			if status >= 400 && res.Outcome != Error {
				t.Errorf("HTTP %d row is %s: an error row is never a verdict", status, res.Outcome)
			}
			for _, wn := range w.warnings {
				if !slices.Contains(r.Warnings, wn) {
					t.Errorf("warning %q missing from %v", wn, r.Warnings)
				}
			}
			if w.postal != "" && (r.Claims.Address == nil || r.Claims.Address.PostalCode != w.postal) {
				t.Errorf("postal code: %+v, want %s", r.Claims.Address, w.postal)
			}
			// A body that names its own error code classifies the same
			// without the HTTP status; and every body but the bare error
			// bodies and the bodiless rows is recognised by Auto.
			if len(bytes.TrimSpace(body)) > 0 {
				if got, err := Detect(body, testOpts); (err != nil || got != adapter) && !strings.HasPrefix(name, "1kosmos-create-") {
					t.Errorf("Detect = %q, %v; want %s", got, err, adapter)
				}
				if selfCoded := strings.HasPrefix(name, "accuauth-") || strings.HasPrefix(name, "equal-") ||
					strings.HasPrefix(name, "1kosmos-"); selfCoded {
					r2, err := Using(adapter, body, testOpts)
					if err != nil || r2.Result.Outcome != w.outcome || r2.Result.ErrorClass != w.class || r2.Result.Retryable != w.retry {
						t.Errorf("without the HTTP status: %+v %v", r2.Result, err)
					}
				}
			}
			out := marshal(t, r)
			checkRecord(t, r, out)
			checkGolden(t, "seeddocs/"+strings.TrimSuffix(name, filepath.Ext(name))+".json", out)
		})
	}
	for name := range seedDocWants {
		if !seen[name] {
			t.Errorf("%s: expected but not in testdata/normalize/seeddocs", name)
		}
	}
}

// TestSeedDocsKwikIDCompleted pins the fields of seed 000's completed
// example: verified_at (Unix seconds) is the verification time, and the
// PIN of full_address is the postal code, read with provenance.
func TestSeedDocsKwikIDCompleted(t *testing.T) {
	body, err := os.ReadFile(filepath.Join("..", "testdata", "normalize", "seeddocs", "kwikid-ovse-status-200.json"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := Auto(body, testOpts)
	if err != nil {
		t.Fatal(err)
	}
	if r.VerifiedClaims == nil || r.VerifiedClaims.Verification.Time != "2025-06-09T08:01:40Z" {
		t.Errorf("verification time: %+v", r.VerifiedClaims)
	}
	a := r.Claims.Address
	if a == nil || a.PostalCode != "400001" || a.Region != "" || r.Provenance["claims.address.postal_code"] != "full_address" {
		t.Errorf("address %+v, provenance %q", a, r.Provenance["claims.address.postal_code"])
	}
	if r.Source.SessionID != "ovse_sess_abc123" || r.Source.TxnID != "txn_xyz789" || r.Source.ClientReferenceID != "ref-001" {
		t.Errorf("source: %+v", r.Source)
	}
	if r.Claims.Name != "Resident Name" || r.Claims.Birthdate != "1990-01-15" || r.Claims.Gender != Male || r.Claims.PhoneNumber != "+919876543210" {
		t.Errorf("claims: %+v", r.Claims)
	}
}

// TestUsingResponse: the HTTP status makes an error of any body, the
// body's own code beats it, bodies nobody reads still give a classified
// record, and what is not an HTTP error passes through.
func TestUsingResponse(t *testing.T) {
	ok := []byte(`{"session_status":"completed","name":"Asha Rao"}`)
	r, err := UsingResponse("auto", 500, ok, testOpts)
	if err != nil || r.Result.Outcome != Error || r.Result.ErrorClass != ClassInternal || !r.Result.Retryable ||
		r.VerifiedClaims != nil || !slices.Contains(r.Warnings, "http_status_error") {
		t.Errorf("completed body with HTTP 500: %+v %v %v", r.Result, r.Warnings, err)
	}
	r, err = UsingResponse("auto", 200, ok, testOpts)
	if err != nil || r.Result.Outcome != Verified || r.Result.HTTPStatus != 200 {
		t.Errorf("HTTP 200: %+v %v", r.Result, err)
	}
	for _, tt := range []struct {
		status  int
		body    string
		adapter string
		class   ErrorClass
		retry   bool
		warn    string
	}{
		{429, "", "http", ClassRateLimited, true, ""},
		{503, "<html>Service Unavailable</html>", "http", ClassUpstream, true, "body_not_read"},
		{502, `{"unknown":"shape"}`, "http", ClassUpstream, true, "body_not_read"},
		{401, "", AdapterJourney, ClassAuth, false, ""},
		{402, "", "http", ClassQuota, false, ""},
		{404, "", "http", ClassNotFound, false, ""},
		{422, "", "http", ClassInvalidRequest, false, ""},
		{501, "", "http", ClassInternal, false, ""},
	} {
		from := "auto"
		if tt.adapter != "http" {
			from = tt.adapter
		}
		r, err := UsingResponse(from, tt.status, []byte(tt.body), testOpts)
		if err != nil || r.Result.Outcome != Error || r.Result.ErrorClass != tt.class || r.Result.Retryable != tt.retry ||
			r.Source.Adapter != tt.adapter || (tt.warn != "" && !slices.Contains(r.Warnings, tt.warn)) {
			t.Errorf("%d %q: %+v %+v %v", tt.status, tt.body, r, r.Source, err)
		}
	}
	// Not an HTTP error: the body's errors stand.
	if _, err := UsingResponse("auto", 200, nil, testOpts); !errors.Is(err, ErrMalformed) {
		t.Errorf("empty body with 200: %v", err)
	}
	if _, err := UsingResponse("nosuch", 500, nil, testOpts); !errors.Is(err, ErrUnknownSource) {
		t.Errorf("unknown adapter: %v", err)
	}
	big := bytes.Repeat([]byte(" "), DefaultMaxBodyBytes+1)
	if _, err := UsingResponse("auto", 500, big, testOpts); !errors.Is(err, ErrTooLarge) {
		t.Errorf("large body: %v", err)
	}
	// The shared Options are not written to.
	o := &Options{Now: fixedNow}
	if _, err := UsingResponse("auto", 500, ok, o); err != nil || o.HTTPStatus != 0 {
		t.Errorf("UsingResponse changed the caller's options: %d %v", o.HTTPStatus, err)
	}
}

// TestHTTPClass pins the classification table.
func TestHTTPClass(t *testing.T) {
	for _, tt := range []struct {
		status int
		class  ErrorClass
		retry  bool
	}{
		{400, ClassInvalidRequest, false}, {401, ClassAuth, false}, {402, ClassQuota, false}, {403, ClassAuth, false},
		{404, ClassNotFound, false}, {405, ClassInvalidRequest, false}, {407, ClassAuth, false}, {408, ClassUpstream, true},
		{409, ClassInvalidRequest, false}, {410, ClassNotFound, false}, {422, ClassInvalidRequest, false},
		{429, ClassRateLimited, true}, {500, ClassInternal, true}, {501, ClassInternal, false}, {502, ClassUpstream, true},
		{503, ClassUpstream, true}, {504, ClassUpstream, true}, {505, ClassInternal, false}, {512, ClassUpstream, true},
		{513, ClassUpstream, true}, {599, ClassUpstream, true},
	} {
		c, r, ok := HTTPClass(tt.status)
		if !ok || c != tt.class || r != tt.retry {
			t.Errorf("HTTPClass(%d) = %s %v %v, want %s %v", tt.status, c, r, ok, tt.class, tt.retry)
		}
	}
	for _, s := range []int{0, 100, 200, 204, 301, 399, 600, -1} {
		if _, _, ok := HTTPClass(s); ok {
			t.Errorf("HTTPClass(%d) is an error", s)
		}
	}
	for _, tt := range []struct {
		outcome string
		retry   bool
		want    Decision
	}{
		{Verified, false, DecisionClear}, {NeedsReview, false, DecisionReview}, {NotVerified, false, DecisionReject},
		{Pending, true, DecisionRetry}, {Error, true, DecisionRetry}, {Error, false, DecisionFix}, {"", false, DecisionFix},
	} {
		if got := DecisionOf(tt.outcome, tt.retry); got != tt.want {
			t.Errorf("DecisionOf(%q, %v) = %q, want %q", tt.outcome, tt.retry, got, tt.want)
		}
	}
}
