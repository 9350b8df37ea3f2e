package normalize

import (
	"strconv"
	"strings"
)

// An ErrorClass says why a call failed, for a [Result] whose Outcome is
// [Error]. It is about the call, never about the person: an error is not a
// verdict. Every error record has exactly one class.
type ErrorClass string

// Error classes.
const (
	// ClassAuth: the credentials are missing, wrong or expired, or they do
	// not allow this API (HTTP 401, 403; AccuAuth UNAUTHORIZED, KEY_EXPIRED,
	// NO_PERMISSION; journey invalid_credentials).
	ClassAuth ErrorClass = "auth"
	// ClassNotFound: the session, transaction or API named in the request
	// does not exist, or belongs to someone else (HTTP 404, 410).
	ClassNotFound ErrorClass = "not_found"
	// ClassInvalidRequest: the request is malformed or misses a field
	// (HTTP 400, 422 and other 4xx; AccuAuth INVALID_ARGUMENT; journey
	// invalid_request).
	ClassInvalidRequest ErrorClass = "invalid_request"
	// ClassQuota: the account's quota or balance is used up (HTTP 402;
	// AccuAuth OUT_OF_QUOTA).
	ClassQuota ErrorClass = "quota"
	// ClassRateLimited: too many requests (HTTP 429; AccuAuth
	// RATE_LIMIT_EXCEEDED).
	ClassRateLimited ErrorClass = "rate_limited"
	// ClassUpstream: a service the provider depends on (UIDAI, a registry,
	// a gateway) is unavailable, timed out or refused the query (HTTP 502,
	// 503, 504 and other 5xx; AccuAuth SOURCE_SERVICE_UNAVAILABLE (512),
	// SOURCE_SERVICE_TIMEOUT (513), QUERY_FAILED).
	ClassUpstream ErrorClass = "upstream"
	// ClassInternal: the provider failed (HTTP 500; AccuAuth
	// INTERNAL_ERROR; journey internal_server_error), or its answer could
	// not be understood (an unknown status; the warning unknown_status or
	// error_class_unknown says which).
	ClassInternal ErrorClass = "internal"
)

// A Decision is what to do with a result, the same for every provider. It
// follows from Outcome and Retryable alone ([DecisionOf]).
type Decision string

// Decisions.
const (
	// DecisionClear: the check passed (outcome verified). Accept it.
	DecisionClear Decision = "clear"
	// DecisionReview: a person must decide (outcome needs_review).
	DecisionReview Decision = "review"
	// DecisionReject: the check ended without passing (outcome
	// not_verified: a failed authentication or document check, an invalid
	// or unknown number, a declined or expired session). Do not accept this
	// check; the person may start a new one.
	DecisionReject Decision = "reject"
	// DecisionRetry: ask again later (outcome pending, or an error with
	// Retryable: rate limits, provider and upstream outages). Back off
	// between attempts and stop at your own deadline.
	DecisionRetry Decision = "retry"
	// DecisionFix: the call failed and asking again will not help: fix the
	// credentials, the request, the quota or the session id (ErrorClass says
	// which), then run the check again. It says nothing about the person.
	DecisionFix Decision = "fix"
)

// DecisionOf is the decision for an outcome: verified → clear,
// needs_review → review, not_verified → reject, pending → retry, error →
// retry when retryable, else fix. Any other outcome gives fix.
func DecisionOf(outcome string, retryable bool) Decision {
	switch outcome {
	case Verified:
		return DecisionClear
	case NeedsReview:
		return DecisionReview
	case NotVerified:
		return DecisionReject
	case Pending:
		return DecisionRetry
	case Error:
		if retryable {
			return DecisionRetry
		}
	}
	return DecisionFix
}

// HTTPClass classifies an HTTP status code of a provider response: for a
// status of 400 or more it returns the error class and whether the same
// request may succeed later; for anything else ok is false.
//
//	401, 403, 407            auth
//	402                      quota
//	404, 410                 not_found
//	408                      upstream, retryable (a timeout on the way)
//	429                      rate_limited, retryable
//	other 4xx                invalid_request
//	500                      internal, retryable
//	501, 505                 internal
//	other 5xx                upstream, retryable (502, 503, 504, and
//	                         vendor codes such as AccuAuth's 512 and 513)
func HTTPClass(status int) (class ErrorClass, retryable, ok bool) {
	switch {
	case status < 400 || status > 599:
		return "", false, false
	case status == 401 || status == 403 || status == 407:
		return ClassAuth, false, true
	case status == 402:
		return ClassQuota, false, true
	case status == 404 || status == 410:
		return ClassNotFound, false, true
	case status == 408:
		return ClassUpstream, true, true
	case status == 429:
		return ClassRateLimited, true, true
	case status < 500:
		return ClassInvalidRequest, false, true
	case status == 500:
		return ClassInternal, true, true
	case status == 501 || status == 505:
		return ClassInternal, false, true
	}
	return ClassUpstream, true, true
}

// codeClass classifies a provider's own error code when no table of that
// provider lists it: an HTTP-like number by [HTTPClass], and a word by
// its parts (request_not_found → not_found, invalid_credentials → auth,
// insufficient_balance → quota …). ok is false when nothing matches.
func codeClass(code string) (class ErrorClass, retryable, ok bool) {
	code = strings.TrimSpace(code)
	if n, err := strconv.Atoi(code); err == nil {
		return HTTPClass(n)
	}
	w := "_" + strings.ToLower(strings.NewReplacer("-", "_", " ", "_", ".", "_").Replace(code)) + "_"
	has := func(parts ...string) bool {
		for _, p := range parts {
			if strings.Contains(w, p) {
				return true
			}
		}
		return false
	}
	switch {
	case has("_unauthori", "_unauthenticated_", "_forbidden_", "_credential", "_api_key", "_token_expired_",
		"_key_expired_", "_no_permission_", "_access_denied_", "_invalid_token_"):
		return ClassAuth, false, true
	case has("_quota", "_balance_", "_insufficient_", "_credits_"):
		return ClassQuota, false, true
	case has("_rate_limit", "_too_many_", "_throttl"):
		return ClassRateLimited, true, true
	case has("_not_found_", "_notfound_", "_no_such_", "_unknown_session_", "_unknown_request_"):
		return ClassNotFound, false, true
	case has("_timeout_", "_timed_out_", "_unavailable_", "_service_down_", "_source_down_", "_upstream_", "_gateway_"):
		return ClassUpstream, true, true
	case has("_internal_", "_server_error_", "_something_went_wrong_"):
		return ClassInternal, true, true
	case has("_invalid_", "_missing_", "_required_", "_bad_request_", "_malformed_", "_validation_"):
		return ClassInvalidRequest, false, true
	}
	return "", false, false
}

// fail marks the core an error of the given class.
func (c *core) fail(class ErrorClass, retryable bool) {
	c.outcome, c.errClass, c.retryable = Error, class, retryable
}

// failCode marks the core an error classified by the first of the
// provider's codes that codeClass knows; when it knows none, the class is
// left to the HTTP status.
func (c *core) failCode(codes ...string) {
	c.outcome = Error
	for _, code := range codes {
		if class, retry, ok := codeClass(code); ok {
			c.errClass, c.retryable = class, retry
			return
		}
	}
}

// classify settles the outcome, error class, retryability and decision
// once the adapter is done: an HTTP status of 400 or more makes any record
// an error (an error response is never a verdict about the person); the
// provider's own code, when the adapter classified it, beats the HTTP
// status; an error neither classifies is internal and not retryable, with
// the warning error_class_unknown.
func (b *builder) classify(c *core) {
	r := &b.r.Result
	st := b.opts.httpStatus()
	r.HTTPStatus = st
	if st >= 400 && r.Outcome != Error {
		if r.Outcome != "" {
			b.warn("http_status_error")
		}
		r.Outcome = Error
		c.errClass = ""
	}
	switch r.Outcome {
	case Error:
		class, retry := c.errClass, c.retryable
		if class == "" {
			if hc, hr, ok := HTTPClass(st); ok {
				class, retry = hc, hr
			}
		}
		if class == "" {
			class, retry = ClassInternal, false
			b.warn("error_class_unknown")
		}
		r.ErrorClass, r.Retryable = class, retry
	case Pending:
		r.Retryable = true
	}
	r.Decision = DecisionOf(r.Outcome, r.Retryable)
}
