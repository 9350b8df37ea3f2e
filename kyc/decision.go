package kyc

import (
	"github.com/kyckit/kyckit/normalize"
)

// Decisions and error classes are normalize's, the same for every vendor:
// a record's Result.Decision (clear, review, reject, retry, fix),
// Result.ErrorClass (auth, not_found, invalid_request, quota,
// rate_limited, upstream, internal) and Result.Retryable. The flows of
// this package hand back normalize records ([OVSEResponse.Normalize],
// [KosmosResult.Record]) and classify HTTP failures with
// [normalize.HTTPClass] ([StatusError]). For AccuAuth's OTP answers and
// the Aadhaar OTP journey, normalize every answer, error statuses
// included, with its HTTP status:
//
//	rec, err := normalize.UsingResponse("accuauth", resp.StatusCode, body, nil)
//	switch rec.Result.Decision { case normalize.DecisionRetry: … }
//
// which classifies every row of their tables (429, 500, 503, 512, 513
// retryable; KEY_EXPIRED, OUT_OF_QUOTA, NO_PERMISSION final, told apart by
// ErrorClass and FailureCode).

// httpDecision returns the decision, class and retryability of an HTTP
// error status; ok is false below 400.
func httpDecision(status int) (d normalize.Decision, class normalize.ErrorClass, retryable, ok bool) {
	class, retryable, ok = normalize.HTTPClass(status)
	if !ok {
		return "", "", false, false
	}
	return normalize.DecisionOf(normalize.Error, retryable), class, retryable, true
}
