package retentiontest_test

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/kyckit/kyckit/retention"
	"github.com/kyckit/kyckit/retention/retentiontest"
)

// racyStore consumes in two steps (look, then consume), as a store built on
// GET followed by DEL would: the race test must catch it.
type racyStore struct{ *retention.MemoryStore }

func (s racyStore) Get(ctx context.Context, id string, now time.Time) (*retention.Record, error) {
	r, err := s.MemoryStore.Get(ctx, id, retention.Never()) // look without consuming
	if err != nil || !r.Consumable(now) {
		return r, err
	}
	runtime.Gosched() // widen the window between the read and the delete
	cur, err := s.MemoryStore.Get(ctx, id, retention.Never())
	if err != nil {
		return nil, err
	}
	next := cur.Clone()
	next.ConsumeInPlace(now)
	if err := s.Replace(ctx, id, cur.Rev, next, nil); err != nil {
		return cur, nil // lost the race but already handed out the data
	}
	return r, nil
}

func TestRaceCatchesNonAtomicStore(t *testing.T) {
	err := retentiontest.ReadOnceRace(context.Background(), racyStore{retention.NewMemoryStore()}, 1000, 64)
	if err == nil {
		t.Fatal("the read-once race test passed a store that consumes in two steps")
	}
	t.Logf("caught as expected: %v", err)
}

func TestRacePassesMemoryStore(t *testing.T) {
	if err := retentiontest.ReadOnceRace(context.Background(), retention.NewMemoryStore(), 200, 64); err != nil {
		t.Fatal(err)
	}
}
