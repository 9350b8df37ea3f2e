package kyc_test

import (
	"testing"

	"github.com/kyckit/kyckit/kyc"
	"github.com/kyckit/kyckit/normalize"
)

// TestClassifyAccuAuth: every row of AccuAuth's common error table
// (devcenter.cloud.accuauth.com, /verify/send_aadhaar_otp and
// /verify/validate_aadhaar_otp, "4. Error Codes": HTTP status, status
// field), and the OTP outcomes.
func TestClassifyAccuAuth(t *testing.T) {
	for _, tc := range []struct {
		http      int
		status    string
		decision  kyc.Decision
		class     kyc.ErrorClass
		retryable bool
	}{
		// The table, row by row.
		{400, "INVALID_ARGUMENT", kyc.Review, kyc.ClassInvalidRequest, false},
		{400, "DETECTION_FAILED", kyc.Review, kyc.ClassInvalidRequest, false},
		{400, "DOWNLOAD_ERROR", kyc.Review, kyc.ClassInvalidRequest, false},
		{401, "UNAUTHORIZED", kyc.Review, kyc.ClassAuth, false},
		{401, "KEY_EXPIRED", kyc.Review, kyc.ClassAuth, false},
		{403, "NO_PERMISSION", kyc.Review, kyc.ClassAuth, false},
		{403, "OUT_OF_QUOTA", kyc.Review, kyc.ClassQuota, false},
		{403, "RATE_LIMIT_EXCEEDED", kyc.Retry, kyc.ClassRateLimited, true},
		{404, "NOT_FOUND", kyc.Review, kyc.ClassNotFound, false},
		{500, "INTERNAL_ERROR", kyc.Retry, kyc.ClassInternal, true},
		{512, "SOURCE_SERVICE_UNAVAILABLE", kyc.Retry, kyc.ClassUpstream, true},
		{513, "SOURCE_SERVICE_TIMEOUT", kyc.Retry, kyc.ClassUpstream, true},
		// Success and the resident's failures.
		{200, "OK", kyc.Clear, "", false},
		{200, "INVALID_OTP", kyc.Reject, "", false},
		{200, "OTP_EXPIRED", kyc.Reject, "", false},
		{200, "AADHAAR_NOT_LINKED", kyc.Reject, "", false},
		// The status alone, as a body without an HTTP status gives it.
		{0, "key_expired", kyc.Review, kyc.ClassAuth, false},
		{0, "SOURCE_SERVICE_TIMEOUT", kyc.Retry, kyc.ClassUpstream, true},
		// Statuses in no table fall back on the HTTP status.
		{429, "", kyc.Retry, kyc.ClassRateLimited, true},
		{503, "", kyc.Retry, kyc.ClassUpstream, true},
		{502, "SOMETHING_NEW", kyc.Retry, kyc.ClassUpstream, true},
		{418, "SOMETHING_NEW", kyc.Review, kyc.ClassInvalidRequest, false},
		{200, "SOMETHING_NEW", kyc.Review, "", false},
	} {
		c := kyc.ClassifyAccuAuth(tc.http, tc.status)
		if c.Decision != tc.decision || c.Class != tc.class || c.Retryable() != tc.retryable || c.Final == tc.retryable {
			t.Errorf("%d %s: %+v, want %s/%s retryable=%t", tc.http, tc.status, c, tc.decision, tc.class, tc.retryable)
		}
	}
	// KEY_EXPIRED, OUT_OF_QUOTA and NO_PERMISSION are final and told
	// apart by their code.
	codes := map[string]bool{}
	for _, s := range []string{"KEY_EXPIRED", "OUT_OF_QUOTA", "NO_PERMISSION"} {
		c := kyc.ClassifyAccuAuth(0, s)
		if !c.Final || !c.Known || codes[c.Code] {
			t.Errorf("%s: %+v", s, c)
		}
		codes[c.Code] = true
		if s == "KEY_EXPIRED" && c.HTTPStatus != 401 || s != "KEY_EXPIRED" && c.HTTPStatus != 403 {
			t.Errorf("%s: HTTP status from the table = %d", s, c.HTTPStatus)
		}
	}
	if kyc.ClassifyAccuAuth(0, "OUT_OF_QUOTA").Class == kyc.ClassifyAccuAuth(0, "KEY_EXPIRED").Class {
		t.Error("quota and auth share a class")
	}
}

// TestClassifyJourney: the Aadhaar OTP journey's statuses and codes.
func TestClassifyJourney(t *testing.T) {
	for _, tc := range []struct {
		http                       int
		status, code, decisionText string
		decision                   kyc.Decision
		class                      kyc.ErrorClass
		retryable                  bool
	}{
		{200, "SUCCESS", "", "CLEAR", kyc.Clear, "", false},
		{200, "SUCCESS", "", "MUST REVIEW", kyc.Review, "", false},
		{200, "SUCCESS", "", "NEEDS_REVIEW", kyc.Review, "", false},
		{200, "SUCCESS", "", "", kyc.Review, "", false},
		{200, "IN_PROGRESS", "", "", kyc.Retry, "", true},
		{200, "FAILURE", "422", "", kyc.Reject, "", false},
		{200, "FAILURE", "", "", kyc.Reject, "", false},
		{400, "FAILURE", "invalid_request", "", kyc.Review, kyc.ClassInvalidRequest, false},
		{401, "FAILURE", "invalid_credentials", "", kyc.Review, kyc.ClassAuth, false},
		{500, "FAILURE", "internal_server_error", "", kyc.Retry, kyc.ClassInternal, true},
		{429, "FAILURE", "429", "", kyc.Retry, kyc.ClassRateLimited, true},
		{503, "FAILURE", "503", "", kyc.Retry, kyc.ClassUpstream, true},
		{200, "FAILURE", "404", "", kyc.Review, kyc.ClassNotFound, false},
		{200, "FAILURE", "409", "", kyc.Review, kyc.ClassInvalidRequest, false},
		{429, "", "", "", kyc.Retry, kyc.ClassRateLimited, true},
		{503, "", "", "", kyc.Retry, kyc.ClassUpstream, true},
	} {
		c := kyc.ClassifyJourney(tc.http, tc.status, tc.code, tc.decisionText)
		if c.Decision != tc.decision || c.Class != tc.class || c.Retryable() != tc.retryable {
			t.Errorf("%d %s %s %s: %+v", tc.http, tc.status, tc.code, tc.decisionText, c)
		}
	}
	// No error row is a verdict about the person.
	for _, code := range []string{"invalid_request", "invalid_credentials", "internal_server_error", "429", "503"} {
		if c := kyc.ClassifyJourney(0, "FAILURE", code, ""); c.Decision == kyc.Reject || c.Class == "" {
			t.Errorf("%s: %+v", code, c)
		}
	}
}

// TestClassifyOVSE: the KwikID-style status API: 401/404 final, 500
// retried, the session statuses.
func TestClassifyOVSE(t *testing.T) {
	for _, tc := range []struct {
		http      int
		status    string
		success   bool
		decision  kyc.Decision
		retryable bool
	}{
		{200, "pending", false, kyc.Retry, true},
		{200, "completed", true, kyc.Clear, false},
		{200, "completed", false, kyc.Reject, false},
		{200, "failed", false, kyc.Reject, false},
		{200, "expired", false, kyc.Reject, false},
		{200, "EXPIRED", false, kyc.Reject, false},
		{200, "weird", false, kyc.Review, false},
		{401, "", false, kyc.Review, false},
		{404, "", false, kyc.Review, false},
		{500, "", false, kyc.Retry, true},
		{503, "", false, kyc.Retry, true},
		{429, "", false, kyc.Retry, true},
	} {
		c := kyc.ClassifyOVSE(tc.http, tc.status, tc.success)
		if c.Decision != tc.decision || c.Retryable() != tc.retryable {
			t.Errorf("%d %s: %+v", tc.http, tc.status, c)
		}
	}
}

func TestDecide(t *testing.T) {
	for outcome, want := range map[string]kyc.Decision{
		normalize.Verified: kyc.Clear, normalize.NeedsReview: kyc.Review, normalize.NotVerified: kyc.Reject,
		normalize.Pending: kyc.Retry, normalize.Error: kyc.Review, "": kyc.Review,
	} {
		if got := kyc.Decide(&normalize.Record{Result: normalize.Result{Outcome: outcome}}); got != want {
			t.Errorf("%q: %s, want %s", outcome, got, want)
		}
	}
	if kyc.Decide(nil) != kyc.Review {
		t.Error("nil record")
	}
}
