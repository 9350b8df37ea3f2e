package kyc

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kyckit/kyckit/normalize"
)

func TestBackoffDelay(t *testing.T) {
	s := time.Second
	for _, tc := range []struct {
		b    *Backoff
		want []time.Duration
	}{
		{nil, []time.Duration{2 * s, 4 * s, 8 * s, 15 * s, 15 * s, 15 * s}}, // the schedule
		{&Backoff{}, []time.Duration{2 * s, 4 * s, 8 * s, 15 * s}},
		{&Backoff{Initial: s, Max: 10 * s, Multiplier: 3}, []time.Duration{s, 3 * s, 9 * s, 10 * s}},
		{&Backoff{Initial: 5 * s, Max: 2 * s}, []time.Duration{5 * s, 5 * s}}, // Max below Initial: Initial
		{&Backoff{Initial: s, Multiplier: 0.5}, []time.Duration{s, s, s}},     // below 1: constant
	} {
		for n, want := range tc.want {
			if got := tc.b.Delay(n); got != want {
				t.Errorf("%+v: Delay(%d) = %v, want %v", tc.b, n, got, want)
			}
		}
	}
	if got := (*Backoff)(nil).Delay(1000); got != 15*s {
		t.Errorf("Delay(1000) = %v (no overflow past the ceiling)", got)
	}
	// Jitter takes up to 20 % off, never adds.
	for _, u := range []float64{0, 0.5, 0.9999} {
		d := (*Backoff)(nil).jittered(3, u)
		if d > 15*s || d < 12*s {
			t.Errorf("jittered(3, %v) = %v, want within [12s, 15s]", u, d)
		}
	}
	if d := (&Backoff{Jitter: -1}).jittered(0, 0.9); d != 2*s {
		t.Errorf("no jitter: %v", d)
	}
	for range 100 {
		if u := unitRandom(); u < 0 || u >= 1 {
			t.Fatalf("unitRandom() = %v", u)
		}
	}
}

// script is a status API answering from a list, then repeating the last.
type script struct {
	mu       sync.Mutex
	answers  []func(w http.ResponseWriter)
	requests int
	auth     []string
}

func (s *script) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	i := min(s.requests, len(s.answers)-1)
	s.requests++
	s.auth = append(s.auth, r.Header.Get("Authorization")+" "+r.URL.Path)
	s.mu.Unlock()
	s.answers[i](w)
}

func answer(status int, body string, hdr ...string) func(w http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		for i := 0; i+1 < len(hdr); i += 2 {
			w.Header().Set(hdr[i], hdr[i+1])
		}
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}
}

const (
	pendingBody   = `{"session_id": "s1", "session_status": "pending", "txn": "t", "success": false}`
	completedBody = `{"session_id": "s1", "session_status": "completed", "txn": "t", "success": true, "verified_at": 1749456100,
		"name": "Resident Name", "dob": "1990-01-15", "gender": "M", "mobile": "9876543210",
		"full_address": "House 1, Street 2, City, State - 400001", "user_photo": "iVBORw0KGgoAAAANSUhEUgAA...", "result": {}}`
	failedBody = `{"session_id": "s1", "session_status": "failed", "success": false, "failure_code": "RESIDENT_DECLINED", "failure_message": "declined"}`
)

// fakeTime is a clock that the poller's sleep advances.
type fakeTime struct {
	now    time.Time
	sleeps []time.Duration
}

func (f *fakeTime) poller(url string) *StatusPoller {
	return &StatusPoller{BaseURL: url, Token: "tok", Now: func() time.Time { return f.now },
		sleep: func(ctx context.Context, d time.Duration) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			f.sleeps = append(f.sleeps, d)
			f.now = f.now.Add(d)
			return nil
		},
		rnd: func() float64 { return 0 }, // no jitter: the nominal schedule
	}
}

func TestPoll(t *testing.T) {
	s := time.Second
	p500 := answer(500, `{"error": "internal"}`)
	for _, tc := range []struct {
		name      string
		answers   []func(http.ResponseWriter)
		expiresIn time.Duration
		wantSleep []time.Duration
		wantErr   func(error) bool
		wantState string
	}{
		{"pending four times, then completed", []func(http.ResponseWriter){answer(200, pendingBody), answer(200, pendingBody),
			answer(200, pendingBody), answer(200, pendingBody), answer(200, completedBody)}, 0,
			[]time.Duration{2 * s, 4 * s, 8 * s, 15 * s}, nil, "completed"},
		{"failed at once", []func(http.ResponseWriter){answer(200, failedBody)}, 0, nil, nil, "failed"},
		{"500 retried", []func(http.ResponseWriter){p500, p500, answer(200, completedBody)}, 0,
			[]time.Duration{2 * s, 4 * s}, nil, "completed"},
		{"503 and a transport-level 502 retried", []func(http.ResponseWriter){answer(503, ""), answer(502, "<html>"), answer(200, completedBody)}, 0,
			[]time.Duration{2 * s, 4 * s}, nil, "completed"},
		{"429 with Retry-After", []func(http.ResponseWriter){answer(429, "", "Retry-After", "10"), answer(429, "", "Retry-After", "60"),
			answer(200, completedBody)}, 0, []time.Duration{10 * s, 15 * s}, nil, "completed"},
		{"401 final", []func(http.ResponseWriter){answer(401, `{"detail": {}, "message": "string"}`)}, 0, nil,
			func(err error) bool { return isFinalStatus(err, 401, normalize.ClassAuth) }, ""},
		{"404 final", []func(http.ResponseWriter){answer(200, pendingBody), answer(404, `{"detail": {}, "message": "string"}`)}, 0,
			[]time.Duration{2 * s}, func(err error) bool { return isFinalStatus(err, 404, normalize.ClassNotFound) }, "pending"},
		{"403 final", []func(http.ResponseWriter){answer(403, "")}, 0, nil,
			func(err error) bool { return isFinalStatus(err, 403, normalize.ClassAuth) }, ""},
		{"400 final", []func(http.ResponseWriter){answer(400, "")}, 0, nil,
			func(err error) bool { return isFinalStatus(err, 400, normalize.ClassInvalidRequest) }, ""},
		{"expires_at passes", []func(http.ResponseWriter){answer(200, pendingBody)}, 20 * s,
			[]time.Duration{2 * s, 4 * s, 8 * s, 6 * s}, func(err error) bool { return errors.Is(err, ErrDeadline) }, "pending"},
		{"500 until expiry", []func(http.ResponseWriter){p500}, 5 * s,
			[]time.Duration{2 * s, 3 * s}, func(err error) bool { return errors.Is(err, ErrDeadline) }, ""},
		{"malformed body final", []func(http.ResponseWriter){answer(200, `{"session_status": 7}`)}, 0, nil,
			func(err error) bool { return errors.Is(err, ErrResponse) && !strings.Contains(err.Error(), "7") }, ""},
		{"no session_status", []func(http.ResponseWriter){answer(200, `{"session_id": "s1"}`)}, 0, nil,
			func(err error) bool { return errors.Is(err, ErrResponse) }, ""},
		{"not JSON", []func(http.ResponseWriter){answer(200, `<html>`)}, 0, nil,
			func(err error) bool { return errors.Is(err, ErrResponse) }, ""},
		{"upper-case status is terminal", []func(http.ResponseWriter){answer(200, `{"session_status": "COMPLETED", "success": true}`)}, 0,
			nil, nil, "completed"},
		{"unknown status polled on", []func(http.ResponseWriter){answer(200, `{"session_status": "in_progress"}`), answer(200, completedBody)}, 0,
			[]time.Duration{2 * s}, nil, "completed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := &script{answers: tc.answers}
			srv := httptest.NewServer(sc)
			defer srv.Close()
			ft := &fakeTime{now: time.Unix(1749456000, 0)}
			p := ft.poller(srv.URL)
			var exp time.Time
			if tc.expiresIn > 0 {
				exp = ft.now.Add(tc.expiresIn)
			}
			r, err := p.Poll(context.Background(), "s1", exp)
			if tc.wantErr == nil && err != nil || tc.wantErr != nil && !tc.wantErr(err) {
				t.Fatalf("err = %v", err)
			}
			if !equalDurations(ft.sleeps, tc.wantSleep) {
				t.Fatalf("sleeps %v, want %v", ft.sleeps, tc.wantSleep)
			}
			if got := ""; r != nil {
				got = string(r.SessionStatus)
				if got != tc.wantState {
					t.Fatalf("state %q, want %q", got, tc.wantState)
				}
			} else if tc.wantState != "" {
				t.Fatalf("no answer, want %q", tc.wantState)
			}
			if sc.requests != len(ft.sleeps)+1 {
				t.Fatalf("%d requests for %d sleeps", sc.requests, len(ft.sleeps))
			}
			for _, a := range sc.auth {
				if a != "Bearer tok /verification/v1/ovse/status/s1" {
					t.Fatalf("request %q", a)
				}
			}
		})
	}
}

func isFinalStatus(err error, status int, class normalize.ErrorClass) bool {
	var se *StatusError
	return errors.As(err, &se) && !se.Retryable && se.HTTPStatus == status && se.Class == class &&
		se.Decision() == normalize.DecisionFix
}

func equalDurations(a, b []time.Duration) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestPollCompletedFields(t *testing.T) {
	srv := httptest.NewServer(&script{answers: []func(http.ResponseWriter){answer(200, completedBody)}})
	defer srv.Close()
	ft := &fakeTime{now: time.Unix(1749456000, 0)}
	r, err := ft.poller(srv.URL).Poll(context.Background(), "s1", time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Name != "Resident Name" || r.DOB != "1990-01-15" || r.Gender != "M" || r.Mobile != "9876543210" ||
		r.FullAddress != "House 1, Street 2, City, State - 400001" || r.VerifiedAt.Unix() != 1749456100 || !r.Success ||
		r.HTTPStatus != 200 || string(r.Raw) != completedBody {
		t.Fatalf("completed = %+v", *r)
	}
	if rec, err := r.Normalize(nil); err != nil || rec.Result.Decision != normalize.DecisionClear {
		t.Errorf("Normalize: %v", err)
	}
}

func TestPollStops(t *testing.T) {
	srv := httptest.NewServer(&script{answers: []func(http.ResponseWriter){answer(200, pendingBody)}})
	defer srv.Close()
	t.Run("context", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		ft := &fakeTime{now: time.Unix(1749456000, 0)}
		p := ft.poller(srv.URL)
		n := 0
		inner := p.sleep
		p.sleep = func(c context.Context, d time.Duration) error {
			if n++; n == 3 {
				cancel()
			}
			return inner(c, d)
		}
		r, err := p.Poll(ctx, "s1", time.Time{})
		if !errors.Is(err, context.Canceled) || r == nil || r.SessionStatus != "pending" {
			t.Fatalf("Poll = %v, %v", r, err)
		}
	})
	t.Run("real sleep and context deadline", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
		defer cancel()
		p := &StatusPoller{BaseURL: srv.URL, Token: "tok", Backoff: &Backoff{Initial: time.Millisecond, Max: 2 * time.Millisecond}}
		if _, err := p.Poll(ctx, "s1", time.Time{}); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("max errors", func(t *testing.T) {
		srv := httptest.NewServer(&script{answers: []func(http.ResponseWriter){answer(500, "")}})
		defer srv.Close()
		ft := &fakeTime{now: time.Unix(1749456000, 0)}
		p := ft.poller(srv.URL)
		p.MaxErrors = 3
		if _, err := p.Poll(context.Background(), "s1", time.Time{}); !isRetryable(err) || len(ft.sleeps) != 2 {
			t.Fatalf("err = %v after %d sleeps", err, len(ft.sleeps))
		}
	})
	t.Run("transport errors retried", func(t *testing.T) {
		ft := &fakeTime{now: time.Unix(1749456000, 0)}
		p := ft.poller(srv.URL)
		fails := 2
		p.Client = &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
			if fails > 0 {
				fails--
				return nil, errors.New("connection refused")
			}
			return &http.Response{StatusCode: 200, Body: http.NoBody, Header: http.Header{}}, nil
		})}
		if _, err := p.Poll(context.Background(), "s1", time.Time{}); !errors.Is(err, ErrResponse) || len(ft.sleeps) != 2 {
			t.Fatalf("err = %v after %d sleeps", err, len(ft.sleeps))
		}
	})
	t.Run("body cap", func(t *testing.T) {
		ft := &fakeTime{now: time.Unix(1749456000, 0)}
		p := ft.poller(srv.URL)
		p.MaxBody = 10
		if _, err := p.Poll(context.Background(), "s1", time.Time{}); !errors.Is(err, ErrTooLarge) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("options", func(t *testing.T) {
		for _, p := range []*StatusPoller{{Token: "t"}, {BaseURL: srv.URL}} {
			if _, err := p.Fetch(context.Background(), "s1"); !errors.Is(err, ErrOptions) {
				t.Errorf("%+v: %v", p, err)
			}
		}
		p := &StatusPoller{BaseURL: srv.URL, Token: "t"}
		for _, id := range []string{"", "a/b", "a?b"} {
			if _, err := p.Fetch(context.Background(), id); !errors.Is(err, ErrOptions) {
				t.Errorf("id %q: %v", id, err)
			}
		}
	})
}

func isRetryable(err error) bool {
	var se *StatusError
	return errors.As(err, &se) && se.Retryable && se.Decision() == normalize.DecisionRetry
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
