package retention

import (
	"bytes"
	"context"
	"fmt"
	"sort"
	"sync"
	"time"
)

// MemoryStore is an in-process [Store]: the default for tests and for
// embedding in a single process. It is safe for concurrent use; it is not
// durable and not shared between processes. The zero value is ready to use.
// Erased keys and data are dropped from its maps (the Go runtime may keep
// the bytes in freed memory until it reuses it).
type MemoryStore struct {
	mu   sync.Mutex
	recs map[string]*Record
	log  []LogEntry
}

var _ Store = (*MemoryStore)(nil)

// NewMemoryStore returns an empty MemoryStore.
func NewMemoryStore() *MemoryStore { return &MemoryStore{} }

func ctxErr(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%w: %w", ErrStore, err)
	}
	return nil
}

// Create implements [Store].
func (s *MemoryStore) Create(ctx context.Context, r *Record) error {
	if err := ctxErr(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.recs == nil {
		s.recs = make(map[string]*Record)
	}
	if _, ok := s.recs[r.ID]; ok {
		return ErrExists
	}
	c := r.Clone()
	c.Rev = 1
	s.recs[r.ID] = c
	return nil
}

// Get implements [Store].
func (s *MemoryStore) Get(ctx context.Context, id string, now time.Time, token string) (*Record, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.recs[id]
	if !ok {
		return nil, ErrNotFound
	}
	if token != "" && r.Consumable(now) {
		r.ClaimInPlace(now, token)
	}
	out := r.Clone()
	out.Strip(token)
	return out, nil
}

// Replace implements [Store].
func (s *MemoryStore) Replace(ctx context.Context, id string, rev uint64, next *Record, entry *LogEntry) error {
	if err := ctxErr(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.recs[id]
	if !ok {
		return ErrNotFound
	}
	if r.Rev != rev {
		return ErrConflict
	}
	if entry != nil && !s.headLocked().Next(entry) {
		return ErrConflict
	}
	if next == nil {
		delete(s.recs, id)
	} else {
		c := next.Clone()
		c.ID, c.Rev = id, rev+1
		s.recs[id] = c
	}
	if entry != nil {
		s.log = append(s.log, LogEntry{Seq: entry.Seq, At: entry.At, Hash: cloneBytes(entry.Hash), Data: cloneBytes(entry.Data)})
	}
	return nil
}

// Due implements [Store].
func (s *MemoryStore) Due(ctx context.Context, now time.Time, limit int) ([]*Record, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*Record
	for _, r := range s.recs {
		if !r.ExpiresAt.IsZero() && !r.ExpiresAt.After(now) {
			c := r.Clone()
			c.Strip("")
			out = append(out, c)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].ExpiresAt.Equal(out[j].ExpiresAt) {
			return out[i].ExpiresAt.Before(out[j].ExpiresAt)
		}
		return out[i].ID < out[j].ID
	})
	if limit >= 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

func (s *MemoryStore) headLocked() LogHead {
	if len(s.log) == 0 {
		return LogHead{}
	}
	e := s.log[len(s.log)-1]
	return LogHead{Seq: e.Seq, Hash: e.Hash}
}

// LogHead implements [Store].
func (s *MemoryStore) LogHead(ctx context.Context) (LogHead, error) {
	if err := ctxErr(ctx); err != nil {
		return LogHead{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	h := s.headLocked()
	h.Hash = bytes.Clone(h.Hash)
	return h, nil
}

// Log implements [Store].
func (s *MemoryStore) Log(ctx context.Context, from uint64, limit int) ([]LogEntry, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	i := sort.Search(len(s.log), func(i int) bool { return s.log[i].Seq >= from })
	var out []LogEntry
	for _, e := range s.log[i:] {
		if limit >= 0 && len(out) >= limit {
			break
		}
		out = append(out, LogEntry{Seq: e.Seq, At: e.At, Hash: cloneBytes(e.Hash), Data: cloneBytes(e.Data)})
	}
	return out, nil
}
