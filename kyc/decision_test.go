package kyc

import (
	"net/http"
	"testing"

	"github.com/kyckit/kyckit/normalize"
)

// TestStatusError: an HTTP error answer is classified by normalize's
// table: 401, 403 and 404 final (fix), 429 and 5xx retried, 501 final.
func TestStatusError(t *testing.T) {
	for _, tc := range []struct {
		status    int
		class     normalize.ErrorClass
		retryable bool
	}{
		{400, normalize.ClassInvalidRequest, false},
		{401, normalize.ClassAuth, false},
		{403, normalize.ClassAuth, false},
		{404, normalize.ClassNotFound, false},
		{429, normalize.ClassRateLimited, true},
		{500, normalize.ClassInternal, true},
		{501, normalize.ClassInternal, false},
		{502, normalize.ClassUpstream, true},
		{503, normalize.ClassUpstream, true},
		{512, normalize.ClassUpstream, true},
		{513, normalize.ClassUpstream, true},
	} {
		e := newStatusError("x", tc.status, http.Header{"Retry-After": {"7"}})
		want := normalize.DecisionFix
		if tc.retryable {
			want = normalize.DecisionRetry
		}
		if e.Class != tc.class || e.Retryable != tc.retryable || e.Decision() != want || e.RetryAfter != 7 {
			t.Errorf("%d: %+v %s", tc.status, e, e.Decision())
		}
	}
	if e := newStatusError("x", 302, nil); e.Retryable || e.Decision() != normalize.DecisionFix {
		t.Errorf("302: %+v", e)
	}
	if e := newStatusError("x", 503, http.Header{"Retry-After": {"Wed, 21 Oct 2015 07:28:00 GMT"}}); e.RetryAfter != 0 {
		t.Errorf("HTTP-date Retry-After read as %d", e.RetryAfter)
	}
}
