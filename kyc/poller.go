package kyc

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/kyckit/kyckit/normalize"
)

// Backoff is an exponential backoff with jitter: the n-th wait (from 0)
// is min(Initial·Multiplier^n, Max), shortened by a random fraction of up
// to Jitter of itself. The zero value (or nil) is the default: 2 s, 4 s,
// 8 s, then 15 s, each up to 20 % shorter.
type Backoff struct {
	// Initial is the first wait. Default 2 s.
	Initial time.Duration
	// Max is the ceiling. Default 15 s.
	Max time.Duration
	// Multiplier grows each wait. Default 2; values below 1 mean 1.
	Multiplier float64
	// Jitter is the largest fraction taken off a wait at random, so that
	// many pollers started together spread out. Default 0.2; negative
	// means none; at most 1.
	Jitter float64
}

// Default backoff settings.
const (
	DefaultBackoffInitial = 2 * time.Second
	DefaultBackoffMax     = 15 * time.Second
	DefaultBackoffJitter  = 0.2
)

func (b *Backoff) withDefaults() Backoff {
	var o Backoff
	if b != nil {
		o = *b
	}
	if o.Initial <= 0 {
		o.Initial = DefaultBackoffInitial
	}
	if o.Max <= 0 {
		o.Max = DefaultBackoffMax
	}
	if o.Max < o.Initial {
		o.Max = o.Initial
	}
	if o.Multiplier == 0 {
		o.Multiplier = 2
	}
	if o.Multiplier < 1 {
		o.Multiplier = 1
	}
	switch {
	case o.Jitter == 0:
		o.Jitter = DefaultBackoffJitter
	case o.Jitter < 0:
		o.Jitter = 0
	case o.Jitter > 1:
		o.Jitter = 1
	}
	return o
}

// Delay returns the n-th wait (n from 0) before jitter.
func (b *Backoff) Delay(n int) time.Duration {
	o := b.withDefaults()
	d := float64(o.Initial)
	for i := 0; i < n && d < float64(o.Max); i++ {
		d *= o.Multiplier
	}
	return min(time.Duration(d), o.Max)
}

// jittered returns the n-th wait with jitter drawn from u in [0, 1).
func (b *Backoff) jittered(n int, u float64) time.Duration {
	o := b.withDefaults()
	d := b.Delay(n)
	return d - time.Duration(float64(d)*o.Jitter*u)
}

// unitRandom returns a uniform float64 in [0, 1) from crypto/rand.
func unitRandom() float64 {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return 0.5
	}
	return float64(binary.BigEndian.Uint64(b[:])>>11) / (1 << 53)
}

// StatusPoller polls a KwikID-style OVSE status API (GET
// {BaseURL}/verification/v1/ovse/status/{session_id} with a bearer token)
// until the session ends, with exponential backoff and jitter. kyckit
// serve is one such API.
type StatusPoller struct {
	// Client sends the requests; nil means http.DefaultClient. Give it a
	// Timeout: Poll bounds the whole poll only by its context and the
	// session's expiry.
	Client *http.Client
	// BaseURL is the API's base, e.g. "https://verify.example.com" (the
	// path /verification/v1/ovse/status/… is appended). Required.
	BaseURL string
	// Token is the bearer token, with the scope verify-aadhaar-ovse.
	// Required. It is sent only to BaseURL's host.
	Token string
	// Backoff spaces the polls of a pending session and the retries after
	// a retryable error. Nil means the defaults (2 s, 4 s, 8 s, ceiling
	// 15 s, 20 % jitter).
	Backoff *Backoff
	// MaxBody caps a response body; 0 means [DefaultMaxBody].
	MaxBody int64
	// MaxErrors is how many retryable errors in a row Poll tolerates
	// before it returns the last one; 0 means no limit (until expiry or
	// the context ends).
	MaxErrors int
	// Now is the clock that expires_at is compared with; nil means
	// time.Now.
	Now func() time.Time

	// Tests replace these.
	sleep func(ctx context.Context, d time.Duration) error
	rnd   func() float64
}

func (p *StatusPoller) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Fetch sends one status request. A 200 answer is decoded into an
// [OVSEResponse] (HTTPStatus and Raw set); any other status is a
// [*StatusError] classified by [normalize.HTTPClass] (401, 403 and 404
// final; 429 and 5xx retryable), with the Retry-After header. Transport errors
// are returned as the client reports them (retryable).
func (p *StatusPoller) Fetch(ctx context.Context, sessionID string) (*OVSEResponse, error) {
	if p.BaseURL == "" || p.Token == "" {
		return nil, fmt.Errorf("%w: StatusPoller needs BaseURL and Token", ErrOptions)
	}
	if sessionID == "" || strings.ContainsAny(sessionID, "/?#") {
		return nil, fmt.Errorf("%w: session id", ErrOptions)
	}
	u := strings.TrimRight(p.BaseURL, "/") + StatusPath + url.PathEscape(sessionID)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, fmt.Errorf("%w: BaseURL: %v", ErrOptions, err)
	}
	req.Header.Set("Authorization", "Bearer "+p.Token)
	req.Header.Set("Accept", "application/json")
	c := p.Client
	if c == nil {
		c = http.DefaultClient
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	defer drain(resp)
	if resp.StatusCode != http.StatusOK {
		return nil, newStatusError("ovse-status", resp.StatusCode, resp.Header)
	}
	body, err := readBody(resp.Body, p.MaxBody)
	if err != nil {
		return nil, err
	}
	r := &OVSEResponse{}
	if err := json.Unmarshal(body, r); err != nil {
		return nil, fmt.Errorf("%w: status body: %s", ErrResponse, jsonErrField(err))
	}
	if r.SessionStatus == "" {
		return nil, fmt.Errorf("%w: %q missing", ErrResponse, "session_status")
	}
	// "COMPLETED" counts as completed; other spellings stay as given.
	r.SessionStatus = normalize.OVSEStatus(strings.ToLower(strings.TrimSpace(string(r.SessionStatus))))
	r.HTTPStatus, r.Raw = resp.StatusCode, body
	r.PII = PIIState(resp.Header.Get(PIIHeader))
	return r, nil
}

// jsonErrField names the JSON field an unmarshal error is about, never
// the value.
func jsonErrField(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Sprintf("field %q has the wrong type", te.Field)
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("not JSON (offset %d)", se.Offset)
	}
	return "not a JSON object"
}

// Poll fetches the session's status until it is terminal (completed,
// failed or expired) and returns that answer. While the session is
// pending it waits between polls as Backoff says (2 s, 4 s, 8 s, then
// 15 s by default, with jitter); a retryable error (HTTP 429, 5xx, a
// transport error) is retried on the same schedule, honouring
// Retry-After up to the ceiling; a final error (401, 403, 404, other
// 4xx, a malformed body) ends the poll at once.
//
// expiresAt is the session's expires_at from init (zero for none): Poll
// does not wait past it; when it has passed and the last answer is still
// pending, Poll returns that answer with an error wrapping [ErrDeadline].
// When ctx ends, Poll returns the last answer (if any) and ctx's error.
func (p *StatusPoller) Poll(ctx context.Context, sessionID string, expiresAt time.Time) (*OVSEResponse, error) {
	sleep, rnd := p.sleep, p.rnd
	if sleep == nil {
		sleep = sleepCtx
	}
	if rnd == nil {
		rnd = unitRandom
	}
	b := p.Backoff.withDefaults()
	var last *OVSEResponse
	errs := 0
	for n := 0; ; n++ {
		r, err := p.Fetch(ctx, sessionID)
		wait := b.jittered(n, rnd())
		switch {
		case err == nil:
			last, errs = r, 0
			if r.Terminal() {
				return r, nil
			}
			// pending, or a status this package does not know: not
			// terminal (as normalize.OVSEStatus.IsTerminal says), so keep
			// polling until expiry.
		case ctx.Err() != nil:
			return last, ctx.Err()
		default:
			var se *StatusError
			if errors.As(err, &se) {
				if !se.Retryable {
					return last, err
				}
				if ra := time.Duration(se.RetryAfter) * time.Second; ra > wait {
					wait = min(ra, b.Max)
				}
			} else if errors.Is(err, ErrResponse) || errors.Is(err, ErrTooLarge) || errors.Is(err, ErrOptions) {
				return last, err
			}
			errs++
			if p.MaxErrors > 0 && errs >= p.MaxErrors {
				return last, err
			}
		}
		if !expiresAt.IsZero() {
			left := expiresAt.Sub(p.now())
			if left <= 0 {
				return last, fmt.Errorf("%w: still pending at expires_at", ErrDeadline)
			}
			// Ask once more right at expiry rather than sleep past it.
			wait = min(wait, left)
		}
		if err := sleep(ctx, wait); err != nil {
			return last, err
		}
	}
}
