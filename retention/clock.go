package retention

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// skewState tracks the difference between the Vault's clock and a store's
// clock ([ServerClock]).
type skewState struct {
	server ServerClock   // nil: no check
	max    time.Duration // bound; > 0 when server is set

	mu       sync.Mutex
	measured bool
	vault0   time.Time // the Vault's clock at the last measurement
	real0    time.Time // time.Now (monotonic) at the last measurement
	offset   time.Duration
}

// checkClock measures the difference between the Vault's clock and the
// store's when it is unknown, 30 seconds old, or when the Vault's clock
// moved differently from the monotonic clock since (a jump), and fails
// with ErrClock when it exceeds the bound.
func (v *Vault) checkClock(ctx context.Context) error {
	s := &v.skew
	if s.server == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	real, vnow := time.Now(), v.now()
	if s.measured {
		elapsed := real.Sub(s.real0)
		drift := vnow.Sub(s.vault0) - elapsed
		if elapsed < clockRecheck && drift.Abs() <= s.max/2 {
			if s.offset.Abs() > s.max {
				return s.err()
			}
			return nil
		}
	}
	t1 := v.now()
	st, err := s.server.ServerTime(ctx)
	if err != nil {
		s.measured = false
		return err
	}
	t2 := v.now()
	mid := t1.Add(t2.Sub(t1) / 2)
	s.offset = st.Sub(mid)
	s.vault0, s.real0, s.measured = mid, time.Now(), true
	if s.offset.Abs() > s.max {
		return s.err()
	}
	return nil
}

func (s *skewState) err() error {
	dir := "behind"
	if s.offset < 0 {
		dir = "ahead of"
	}
	return fmt.Errorf("%w: the Vault's clock is %s %s the store's (bound %s)", ErrClock,
		s.offset.Abs().Round(time.Millisecond), dir, s.max)
}

// ClockOffset returns the last measured difference between the store's
// clock and the Vault's (positive: the store is ahead), and whether one was
// measured. Only stores with a [ServerClock] are measured.
func (v *Vault) ClockOffset() (time.Duration, bool) {
	v.skew.mu.Lock()
	defer v.skew.mu.Unlock()
	return v.skew.offset, v.skew.measured
}
