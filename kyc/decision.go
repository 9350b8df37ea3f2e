package kyc

import (
	"log/slog"
	"strconv"
	"strings"

	"github.com/kyckit/kyckit/normalize"
)

// Decision is what a caller does next with a verification, whichever
// vendor answered: one vocabulary for every flow of this package.
type Decision string

// The decisions.
const (
	// Clear: the identity was verified; proceed.
	Clear Decision = "clear"
	// Review: a person must look: the vendor asks for a manual review, the
	// result is incomplete, or a final error needs an operator (expired
	// API key, exhausted quota, missing permission, unknown status).
	Review Decision = "review"
	// Reject: the vendor verified and the answer is no (wrong OTP,
	// document check failed, resident declined, session expired).
	Reject Decision = "reject"
	// Retry: nothing is decided yet; ask the same question again later
	// (pending session, rate limit, vendor or upstream outage).
	Retry Decision = "retry"
)

// ErrorClass says what kind of error a vendor reported. It is about the
// request or the vendor, never about the person.
//
// normalize.Result is to gain the same classes (issue 15); until it has
// them, kyc defines the minimum here.
type ErrorClass string

// The error classes.
const (
	// ClassAuth: credentials missing, invalid, expired (KEY_EXPIRED) or
	// without permission (NO_PERMISSION). Final: fix the configuration.
	ClassAuth ErrorClass = "auth"
	// ClassNotFound: the session or resource does not exist (for this
	// caller). Final.
	ClassNotFound ErrorClass = "not_found"
	// ClassInvalidRequest: the request is malformed. Final.
	ClassInvalidRequest ErrorClass = "invalid_request"
	// ClassQuota: the account's quota is exhausted (OUT_OF_QUOTA). Final
	// until someone raises it.
	ClassQuota ErrorClass = "quota"
	// ClassRateLimited: too many requests. Retryable after a pause.
	ClassRateLimited ErrorClass = "rate_limited"
	// ClassUpstream: the vendor's source (UIDAI, a registry) is down or
	// timed out. Retryable.
	ClassUpstream ErrorClass = "upstream"
	// ClassInternal: the vendor failed (HTTP 500). Retryable.
	ClassInternal ErrorClass = "internal"
)

// Retryable reports whether the same request may succeed later.
func (c ErrorClass) Retryable() bool {
	return c == ClassRateLimited || c == ClassUpstream || c == ClassInternal
}

// Classification is the verdict on one vendor status: the decision, and
// for errors their class and whether a retry can help. It holds no
// personal data.
type Classification struct {
	// Decision is what to do next.
	Decision Decision `json:"decision"`
	// Final is true when asking again cannot change the answer: a
	// terminal status, or an error that needs someone to act. Retry is
	// the only decision that is not final.
	Final bool `json:"final"`
	// Class is the error class; "" when the status is not an error (a
	// verdict about the person, or pending).
	Class ErrorClass `json:"class,omitempty"`
	// Code is the vendor's status or error code as given
	// (KEY_EXPIRED, SOURCE_SERVICE_TIMEOUT, invalid_request, 503 …).
	Code string `json:"code,omitempty"`
	// HTTPStatus is the HTTP status the answer came with, 0 if unknown.
	HTTPStatus int `json:"http_status,omitempty"`
	// Known is false when the code is in none of the vendor's tables; the
	// decision is then Review (or Retry for a retryable HTTP status).
	Known bool `json:"known"`
}

// Retryable reports whether the same request may succeed later.
func (c Classification) Retryable() bool { return !c.Final }

// LogValue implements slog.LogValuer.
func (c Classification) LogValue() slog.Value {
	return slog.GroupValue(slog.String("decision", string(c.Decision)), slog.Bool("final", c.Final),
		slog.String("class", string(c.Class)), slog.String("code", c.Code), slog.Int("http_status", c.HTTPStatus))
}

func errorOf(class ErrorClass, code string, status int) Classification {
	c := Classification{Class: class, Code: code, HTTPStatus: status, Known: true, Final: !class.Retryable(), Decision: Review}
	if !c.Final {
		c.Decision = Retry
	}
	return c
}

func verdict(d Decision, code string, status int) Classification {
	return Classification{Decision: d, Final: d != Retry, Code: code, HTTPStatus: status, Known: true}
}

// ClassifyHTTP classifies an HTTP status alone, as the last resort for a
// body that says nothing more: 401 and 403 auth, 404 and 410 not found,
// 429 rate limited, 500 internal, 502, 503, 504 and the 5xx statuses some
// vendors add (AccuAuth's 512, 513) upstream, other 4xx invalid request.
// A 2xx or 1xx/3xx status is not an error: it gives Review with Known
// false, for the caller to read the body instead.
func ClassifyHTTP(status int) Classification {
	code := strconv.Itoa(status)
	switch {
	case status == 401, status == 403:
		return errorOf(ClassAuth, code, status)
	case status == 404, status == 410:
		return errorOf(ClassNotFound, code, status)
	case status == 429:
		return errorOf(ClassRateLimited, code, status)
	case status == 500:
		return errorOf(ClassInternal, code, status)
	case status >= 500 && status <= 599:
		return errorOf(ClassUpstream, code, status)
	case status >= 400 && status <= 499:
		return errorOf(ClassInvalidRequest, code, status)
	}
	return Classification{Decision: Review, Final: true, Code: code, HTTPStatus: status}
}

// accuAuthTable is AccuAuth's common error table
// (devcenter.cloud.accuauth.com, /verify/send_aadhaar_otp and
// /verify/validate_aadhaar_otp, "4. Error Codes"): HTTP status and class
// of each "status" value.
var accuAuthTable = map[string]struct {
	http  int
	class ErrorClass
}{
	"INVALID_ARGUMENT":           {400, ClassInvalidRequest}, // request parameter is invalid
	"DETECTION_FAILED":           {400, ClassInvalidRequest}, // detect image failed
	"DOWNLOAD_ERROR":             {400, ClassInvalidRequest}, // image download failed
	"UNAUTHORIZED":               {401, ClassAuth},           // unauthorized or access is denied
	"KEY_EXPIRED":                {401, ClassAuth},           // your API ID has expired
	"NO_PERMISSION":              {403, ClassAuth},           // not authorized to use this API
	"OUT_OF_QUOTA":               {403, ClassQuota},          // API calls quota exceeded
	"RATE_LIMIT_EXCEEDED":        {403, ClassRateLimited},    // request frequency exceeds the limit
	"NOT_FOUND":                  {404, ClassNotFound},       // requested API cannot be found
	"INTERNAL_ERROR":             {500, ClassInternal},       // internal server error
	"SOURCE_SERVICE_UNAVAILABLE": {512, ClassUpstream},       // source service is unavailable
	"SOURCE_SERVICE_TIMEOUT":     {513, ClassUpstream},       // source service timed out
	// QUERY_FAILED is named in issue 15 but not in the readable part of
	// AccuAuth's table; ASSUMPTION: the source query failed, retryable.
	"QUERY_FAILED": {0, ClassUpstream},
}

// accuAuthRejects are the OTP e-KYC failures about the resident, final
// and not errors. ASSUMPTION: the names are normalize's (the
// endpoint-specific part of AccuAuth's table could not be read).
var accuAuthRejects = map[string]bool{
	"INVALID_OTP": true, "OTP_EXPIRED": true, "OTP_ATTEMPTS_EXCEEDED": true,
	"INVALID_AADHAAR": true, "AADHAAR_NOT_LINKED": true, "SESSION_EXPIRED": true,
}

// ClassifyAccuAuth classifies an AccuAuth OTP answer (send_aadhaar_otp or
// validate_aadhaar_otp) by its HTTP status and "status" field. "OK" is
// Clear; every row of AccuAuth's error table has its class, final or
// retryable: KEY_EXPIRED, UNAUTHORIZED and NO_PERMISSION are final auth
// errors and OUT_OF_QUOTA a final quota error (distinguishable by Code);
// RATE_LIMIT_EXCEEDED, INTERNAL_ERROR (500), SOURCE_SERVICE_UNAVAILABLE
// (512) and SOURCE_SERVICE_TIMEOUT (513) are retryable. OTP failures
// (INVALID_OTP, OTP_EXPIRED …) are final rejects. A status in no table
// falls back on the HTTP status ([ClassifyHTTP]), Known false.
func ClassifyAccuAuth(httpStatus int, status string) Classification {
	st := strings.ToUpper(strings.TrimSpace(status))
	if row, ok := accuAuthTable[st]; ok {
		code := httpStatus
		if code == 0 {
			code = row.http
		}
		return errorOf(row.class, st, code)
	}
	switch {
	case st == "OK" && (httpStatus == 0 || httpStatus/100 == 2):
		return verdict(Clear, st, httpStatus)
	case accuAuthRejects[st]:
		return verdict(Reject, st, httpStatus)
	}
	c := ClassifyHTTP(httpStatus)
	c.Code, c.Known = firstNonEmpty(status, c.Code), false
	return c
}

// ClassifyJourney classifies an Aadhaar OTP journey output (Equal-style:
// status SUCCESS | FAILURE | IN_PROGRESS, status_code, decision CLEAR |
// MUST REVIEW | NEEDS REVIEW) and the HTTP status it came with.
//
//   - IN_PROGRESS, PENDING, INITIATED: Retry.
//   - SUCCESS with CLEAR: Clear; with a review decision or none: Review.
//   - FAILURE: by status_code (numeric or named): 401, 403,
//     invalid_credentials → auth; 404 → not found; 400, invalid_request →
//     invalid request; 429 → rate limited; 500, internal_server_error →
//     internal; 502, 503, 504 → upstream (these four retryable); 422 and
//     no code are a Reject (the journey's verdict on the resident, as in
//     "Aadhaar not linked to a mobile number").
//   - An HTTP error status with no usable body: [ClassifyHTTP].
//
// The journey's code table is not public; the named codes are the ones
// issue 15 quotes from the seed.
func ClassifyJourney(httpStatus int, status, statusCode, decision string) Classification {
	st := strings.ToUpper(strings.TrimSpace(status))
	code := strings.ToLower(strings.TrimSpace(statusCode))
	switch st {
	case "IN_PROGRESS", "PENDING", "INITIATED":
		return verdict(Retry, st, httpStatus)
	case "SUCCESS", "COMPLETED":
		dec := strings.ToUpper(strings.Join(strings.FieldsFunc(decision, func(r rune) bool { return r == ' ' || r == '_' }), " "))
		if dec == "CLEAR" {
			return verdict(Clear, st, httpStatus)
		}
		c := verdict(Review, st, httpStatus)
		c.Known = dec == "MUST REVIEW" || dec == "NEEDS REVIEW"
		return c
	case "FAILURE", "FAILED":
		switch code {
		case "invalid_credentials", "unauthorized", "401", "403":
			return errorOf(ClassAuth, statusCode, httpStatus)
		case "not_found", "404":
			return errorOf(ClassNotFound, statusCode, httpStatus)
		case "invalid_request", "bad_request", "400":
			return errorOf(ClassInvalidRequest, statusCode, httpStatus)
		case "rate_limited", "too_many_requests", "429":
			return errorOf(ClassRateLimited, statusCode, httpStatus)
		case "internal_server_error", "internal_error", "500":
			return errorOf(ClassInternal, statusCode, httpStatus)
		case "service_unavailable", "bad_gateway", "gateway_timeout", "502", "503", "504":
			return errorOf(ClassUpstream, statusCode, httpStatus)
		case "", "422", "200":
			return verdict(Reject, firstNonEmpty(statusCode, st), httpStatus)
		}
		if n, err := strconv.Atoi(code); err == nil && n >= 400 && n <= 599 {
			c := ClassifyHTTP(n)
			c.HTTPStatus, c.Known = httpStatus, false
			return c
		}
		c := verdict(Reject, statusCode, httpStatus)
		c.Known = false
		return c
	}
	c := ClassifyHTTP(httpStatus)
	c.Code, c.Known = firstNonEmpty(status, c.Code), false
	return c
}

// ClassifyOVSE classifies a KwikID-style OVSE status answer: HTTP 401,
// 403, 404 final errors, 429 and 5xx retryable (see [ClassifyHTTP]); for
// a 200, session_status pending → Retry, completed → Clear (Reject when
// success is false), failed and expired → Reject; an unknown status →
// Review.
func ClassifyOVSE(httpStatus int, sessionStatus string, success bool) Classification {
	if httpStatus != 0 && httpStatus/100 != 2 {
		return ClassifyHTTP(httpStatus)
	}
	switch st := normalize.OVSEStatus(strings.ToLower(strings.TrimSpace(sessionStatus))); st {
	case normalize.OVSEPending:
		return verdict(Retry, string(st), httpStatus)
	case normalize.OVSECompleted:
		if !success {
			return verdict(Reject, string(st), httpStatus)
		}
		return verdict(Clear, string(st), httpStatus)
	case normalize.OVSEFailed, normalize.OVSEExpired:
		return verdict(Reject, string(st), httpStatus)
	}
	return Classification{Decision: Review, Final: true, Code: sessionStatus, HTTPStatus: httpStatus}
}

// Decide returns the decision for a normalized record: verified → Clear,
// needs_review → Review, not_verified → Reject, pending → Retry, error →
// Review (normalize does not say yet whether an error is retryable; use
// the Classify functions on the vendor's answer for that).
func Decide(rec *normalize.Record) Decision {
	if rec == nil {
		return Review
	}
	switch rec.Result.Outcome {
	case normalize.Verified:
		return Clear
	case normalize.NotVerified:
		return Reject
	case normalize.Pending:
		return Retry
	}
	return Review
}
