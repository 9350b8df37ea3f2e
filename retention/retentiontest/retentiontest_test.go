package retentiontest_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/kyckit/kyckit/retention"
	"github.com/kyckit/kyckit/retention/retentiontest"
)

// racyStore claims in two steps (look, then claim), as a store built on
// HGET followed by HSET would: the race test must catch it.
type racyStore struct{ *retention.MemoryStore }

func (s racyStore) Get(ctx context.Context, id string, now time.Time, token string) (*retention.Record, error) {
	r, err := s.MemoryStore.Get(ctx, id, retention.Never(), "") // look without claiming
	if err != nil || token == "" || !r.Consumable(now) {
		return r, err
	}
	runtime.Gosched() // widen the window between the read and the write
	cur, err := s.MemoryStore.Get(ctx, id, retention.Never(), "")
	if err != nil {
		return nil, err
	}
	next := cur.Clone()
	next.ClaimInPlace(now, token)
	next.Rev = cur.Rev
	_ = s.Replace(ctx, id, cur.Rev, next, nil) // lost the race, or not: hands out the data anyway
	r.ClaimInPlace(now, token)
	return r, nil
}

func TestRaceCatchesNonAtomicStore(t *testing.T) {
	err := retentiontest.ReadOnceRace(context.Background(), racyStore{retention.NewMemoryStore()}, 1000, 64)
	if err == nil {
		t.Fatal("the read-once race test passed a store that claims in two steps")
	}
	t.Logf("caught as expected: %v", err)
}

func TestRacePassesMemoryStore(t *testing.T) {
	if err := retentiontest.ReadOnceRace(context.Background(), retention.NewMemoryStore(), 200, 64); err != nil {
		t.Fatal(err)
	}
}

// TestFilesContaining: the files under a directory tree that hold the
// needle, by name, and none that do not.
func TestFilesContaining(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{"a.db": "xx-secret-xx", "sub/b.aof": "secret", "c.rdb": "secre t"} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	got := retentiontest.FilesContaining(t, dir, []byte("secret"))
	slices.Sort(got)
	if !slices.Equal(got, []string{"a.db", "b.aof"}) {
		t.Fatalf("FilesContaining = %q", got)
	}
}
