package retention

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"
)

// MemoryStore is an in-process [Store]: the default for tests and for
// embedding in a single process. It is safe for concurrent use; it is not
// durable and not shared between processes. The zero value is ready to use.
type MemoryStore struct {
	mu   sync.Mutex
	recs map[string]*Record
	log  []LogEntry
}

var _ Store = (*MemoryStore)(nil)

// NewMemoryStore returns an empty MemoryStore.
func NewMemoryStore() *MemoryStore { return &MemoryStore{} }

// Create implements [Store].
func (s *MemoryStore) Create(ctx context.Context, r *Record) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%w: %w", ErrStore, err)
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
func (s *MemoryStore) Get(ctx context.Context, id string, now time.Time) (*Record, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrStore, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.recs[id]
	if !ok {
		return nil, ErrNotFound
	}
	out := r.Clone()
	if r.Consumable(now) {
		r.ConsumeInPlace(now)
	}
	return out, nil
}

// Replace implements [Store].
func (s *MemoryStore) Replace(ctx context.Context, id string, rev uint64, next *Record, entry *LogEntry) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%w: %w", ErrStore, err)
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
	if next == nil {
		delete(s.recs, id)
	} else {
		c := next.Clone()
		c.ID, c.Rev = id, rev+1
		s.recs[id] = c
	}
	if entry != nil {
		s.appendLocked(*entry)
	}
	return nil
}

// Due implements [Store].
func (s *MemoryStore) Due(ctx context.Context, now time.Time, limit int) ([]*Record, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrStore, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*Record
	for _, r := range s.recs {
		if !r.ExpiresAt.IsZero() && !r.ExpiresAt.After(now) {
			out = append(out, r.Clone())
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

// Append implements [Store].
func (s *MemoryStore) Append(ctx context.Context, e LogEntry) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%w: %w", ErrStore, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.appendLocked(e)
	return nil
}

func (s *MemoryStore) appendLocked(e LogEntry) {
	e.Data = cloneBytes(e.Data)
	i := sort.Search(len(s.log), func(i int) bool { return s.log[i].At.After(e.At) })
	s.log = append(s.log, LogEntry{})
	copy(s.log[i+1:], s.log[i:])
	s.log[i] = e
}

// Log implements [Store].
func (s *MemoryStore) Log(ctx context.Context, since time.Time, limit int) ([]LogEntry, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrStore, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	i := sort.Search(len(s.log), func(i int) bool { return !s.log[i].At.Before(since) })
	var out []LogEntry
	for _, e := range s.log[i:] {
		if limit >= 0 && len(out) >= limit {
			break
		}
		out = append(out, LogEntry{At: e.At, Data: cloneBytes(e.Data)})
	}
	return out, nil
}
