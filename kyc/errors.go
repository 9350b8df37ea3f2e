package kyc

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"github.com/kyckit/kyckit/normalize"
)

// Errors of the flows. Every error this package returns wraps one of them
// (or a sentinel of the package it called: sdjwt, onekosmos, retention);
// messages name fields, statuses and codes, never a personal value or a
// body.
var (
	// ErrNil is returned for a nil input.
	ErrNil = errors.New("kyc: nil input")
	// ErrSource is returned when a Document is not of the kind asked for
	// (an Offline e-KYC mapping given a QR, for example).
	ErrSource = errors.New("kyc: wrong source")
	// ErrOptions reports a missing or invalid setting.
	ErrOptions = errors.New("kyc: invalid options")
	// ErrStatus reports an HTTP answer that is an error; the *StatusError
	// it comes as says which, and whether a retry can help.
	ErrStatus = errors.New("kyc: vendor answered with an error")
	// ErrResponse reports a response body that cannot be read: not JSON,
	// a field of the wrong type, a missing field.
	ErrResponse = errors.New("kyc: malformed response")
	// ErrTooLarge reports a body over its cap.
	ErrTooLarge = errors.New("kyc: body too large")
	// ErrDeadline reports that polling stopped because the session's
	// expires_at passed before a terminal status.
	ErrDeadline = errors.New("kyc: session expired while pending")
	// ErrSessionNotFound reports an unknown session (or one of another
	// tenant: the two are not told apart).
	ErrSessionNotFound = errors.New("kyc: session not found")
	// ErrUnknownTxn reports a callback whose txn no session issued.
	ErrUnknownTxn = errors.New("kyc: unknown txn")
	// ErrTxnConsumed reports a callback for a txn that was already used:
	// a replay, or a second callback.
	ErrTxnConsumed = errors.New("kyc: txn already consumed")
	// ErrCredentialReused reports a callback whose credential (same "id",
	// or the same issuer-signed JWT) was already accepted by another
	// session: a replay into a second session, on any replica.
	ErrCredentialReused = errors.New("kyc: credential already used")
	// ErrSessionExpired reports a callback that arrived after the
	// session's expires_at.
	ErrSessionExpired = errors.New("kyc: session expired")
	// ErrUnauthorized reports a request without a valid bearer token of
	// the required scope.
	ErrUnauthorized = errors.New("kyc: unauthorized")
	// ErrStore reports a session store that failed or holds a record it
	// cannot read.
	ErrStore = errors.New("kyc: session store failure")
)

// StatusError is an HTTP error answer of a vendor, classified by its
// status ([normalize.HTTPClass]). It carries the status and the vendor's
// error code, never the body text.
type StatusError struct {
	// Vendor names the API ("ovse-status", "1kosmos", …).
	Vendor string
	// HTTPStatus is the status of the answer.
	HTTPStatus int
	// Class is the error class; Retryable whether the same request may
	// succeed later (429, 408, 5xx but 501 and 505).
	Class     normalize.ErrorClass
	Retryable bool
	// Code is the vendor's own error code, when its body gave one.
	Code string
	// RetryAfter is the Retry-After header in seconds, 0 when absent.
	RetryAfter int
}

func newStatusError(vendor string, status int, h http.Header) *StatusError {
	e := &StatusError{Vendor: vendor, HTTPStatus: status, RetryAfter: retryAfter(h)}
	if _, class, retry, ok := httpDecision(status); ok {
		e.Class, e.Retryable = class, retry
	} else {
		// Not an error status (1xx, 3xx): nothing to retry.
		e.Class = normalize.ClassInternal
	}
	return e
}

// Decision is normalize's decision for the error: retry or fix.
func (e *StatusError) Decision() normalize.Decision {
	return normalize.DecisionOf(normalize.Error, e.Retryable)
}

func (e *StatusError) Error() string {
	s := fmt.Sprintf("%v: %s: HTTP %d (%s", ErrStatus, e.Vendor, e.HTTPStatus, e.Class)
	if e.Code != "" && e.Code != strconv.Itoa(e.HTTPStatus) {
		s += ", code " + e.Code
	}
	if e.Retryable {
		return s + ", retryable)"
	}
	return s + ", final)"
}

// Unwrap lets errors.Is(err, ErrStatus) hold.
func (e *StatusError) Unwrap() error { return ErrStatus }

// DefaultMaxBody caps the response bodies this package reads unless an
// option says otherwise: 8 MiB, room for a status with a photo.
const DefaultMaxBody = 8 << 20

// readBody reads at most limit bytes of r, failing with ErrTooLarge
// beyond.
func readBody(r io.Reader, limit int64) ([]byte, error) {
	if limit <= 0 {
		limit = DefaultMaxBody
	}
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%w: reading body: %w", ErrResponse, err)
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%w: over %d bytes", ErrTooLarge, limit)
	}
	return b, nil
}

// drain discards what is left of a response body (bounded) and closes it,
// so the connection can be reused.
func drain(resp *http.Response) {
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
}

func retryAfter(h http.Header) int {
	n, err := strconv.Atoi(h.Get("Retry-After"))
	if err != nil || n < 0 {
		return 0
	}
	return min(n, 3600)
}
