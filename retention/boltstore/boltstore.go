// Package boltstore is a [retention.Store] in one bbolt file: the embedded
// default for a single machine. Every change is one bbolt read-write
// transaction, committed with fsync before it returns, so records survive
// process crashes and restarts whole or not at all.
//
// # Processes
//
// By default the file is opened once and held, and bbolt's file lock keeps
// other processes out. With [Options.Shared], the file is opened for each
// operation and closed after it, under an exclusive lock on PATH.lock, so
// any number of processes on the machine can share it; read-once stays
// exactly-once across them because the consume step is a read-write
// transaction that re-checks the record under the lock.
//
// # Layout
//
// Bucket "records" maps the id to the encoded record; bucket "due" indexes
// records by ExpiresAt for the sweeper; bucket "log" holds the audit log in
// time order. The record encoding is private to this package and versioned.
package boltstore

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/kyckit/kyckit/retention"
	bolt "go.etcd.io/bbolt"
)

// Options configures [Open]. A nil *Options means the defaults.
type Options struct {
	// Shared opens and closes the file around every operation so several
	// processes can use it (see the package documentation). Slower.
	Shared bool
	// LockTimeout bounds the wait for the file lock; zero means 30s.
	LockTimeout time.Duration
	// InsecureNoSync skips fsync on commit. A crash can then lose or
	// corrupt recent changes, including erasures. For tests only.
	InsecureNoSync bool
}

// Store is a bbolt-backed [retention.Store]. Close it when done.
type Store struct {
	path string
	opts Options
	mu   sync.Mutex // guards db (nil when Shared or closed)
	db   *bolt.DB
	done bool
}

var _ retention.Store = (*Store)(nil)

var (
	bRecords = []byte("records")
	bDue     = []byte("due")
	bLog     = []byte("log")
)

// Open opens (creating if needed, mode 0600) the store in the file at path.
func Open(path string, opts *Options) (*Store, error) {
	s := &Store{path: path}
	if opts != nil {
		s.opts = *opts
	}
	if s.opts.LockTimeout <= 0 {
		s.opts.LockTimeout = 30 * time.Second
	}
	if s.opts.Shared {
		// Create the file and buckets once, then close.
		if err := s.with(true, func(*bolt.Tx) error { return nil }); err != nil {
			return nil, err
		}
		return s, nil
	}
	db, err := s.open()
	if err != nil {
		return nil, err
	}
	if err := db.Update(ensureBuckets); err != nil {
		db.Close()
		return nil, fmt.Errorf("%w: init: %v", retention.ErrStore, err)
	}
	s.db = db
	return s, nil
}

func (s *Store) open() (*bolt.DB, error) {
	db, err := bolt.Open(s.path, 0o600, &bolt.Options{Timeout: s.opts.LockTimeout, NoSync: s.opts.InsecureNoSync})
	if err != nil {
		return nil, fmt.Errorf("%w: open: %v", retention.ErrStore, err)
	}
	return db, nil
}

func ensureBuckets(tx *bolt.Tx) error {
	for _, b := range [][]byte{bRecords, bDue, bLog} {
		if _, err := tx.CreateBucketIfNotExists(b); err != nil {
			return err
		}
	}
	return nil
}

// Close releases the file. Further calls fail with retention.ErrStore.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.done = true
	if s.db == nil {
		return nil
	}
	err := s.db.Close()
	s.db = nil
	return err
}

// Check runs bbolt's consistency check over the whole file and decodes
// every record, reporting the first problem.
func (s *Store) Check() error {
	return s.with(false, func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			return fmt.Errorf("%w: %v", retention.ErrCorrupt, err)
		}
		return tx.Bucket(bRecords).ForEach(func(k, v []byte) error {
			_, err := decode(string(k), v)
			return err
		})
	})
}

// with runs fn in a transaction, opening the file first when Shared.
func (s *Store) with(write bool, fn func(*bolt.Tx) error) error {
	run := func(db *bolt.DB) error {
		if write {
			return db.Update(fn)
		}
		return db.View(fn)
	}
	if !s.opts.Shared {
		s.mu.Lock()
		db, done := s.db, s.done
		s.mu.Unlock()
		if done || db == nil {
			return fmt.Errorf("%w: closed", retention.ErrStore)
		}
		return run(db)
	}
	s.mu.Lock()
	done := s.done
	s.mu.Unlock()
	if done {
		return fmt.Errorf("%w: closed", retention.ErrStore)
	}
	unlock, err := lockFile(s.path+".lock", s.opts.LockTimeout)
	if err != nil {
		return fmt.Errorf("%w: lock: %v", retention.ErrStore, err)
	}
	defer unlock()
	db, err := s.open()
	if err != nil {
		return err
	}
	defer db.Close()
	if write {
		if err := db.Update(ensureBuckets); err != nil {
			return fmt.Errorf("%w: init: %v", retention.ErrStore, err)
		}
	}
	return run(db)
}

// wrap maps bbolt and I/O errors to ErrStore, keeping our sentinels.
func wrap(err error) error {
	if err == nil {
		return nil
	}
	for _, e := range []error{retention.ErrNotFound, retention.ErrExists, retention.ErrConflict, retention.ErrCorrupt, retention.ErrStore} {
		if errors.Is(err, e) {
			return err
		}
	}
	return fmt.Errorf("%w: %v", retention.ErrStore, err)
}

func ctxErr(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%w: %w", retention.ErrStore, err)
	}
	return nil
}

// Create implements [retention.Store].
func (s *Store) Create(ctx context.Context, r *retention.Record) error {
	if err := ctxErr(ctx); err != nil {
		return err
	}
	c := r.Clone()
	c.Rev = 1
	return wrap(s.with(true, func(tx *bolt.Tx) error {
		recs := tx.Bucket(bRecords)
		if recs.Get([]byte(c.ID)) != nil {
			return retention.ErrExists
		}
		return put(tx, c)
	}))
}

func put(tx *bolt.Tx, r *retention.Record) error {
	if err := tx.Bucket(bRecords).Put([]byte(r.ID), encode(r)); err != nil {
		return err
	}
	if r.ExpiresAt.IsZero() {
		return nil // never due
	}
	return tx.Bucket(bDue).Put(dueKey(r.ExpiresAt, r.ID), nil)
}

// Get implements [retention.Store]. A consumable record is re-read and
// consumed inside one read-write transaction.
func (s *Store) Get(ctx context.Context, id string, now time.Time) (*retention.Record, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	var out *retention.Record
	consume := false
	err := s.with(false, func(tx *bolt.Tx) error {
		v := tx.Bucket(bRecords).Get([]byte(id))
		if v == nil {
			return retention.ErrNotFound
		}
		r, err := decode(id, v)
		if err != nil {
			return err
		}
		out, consume = r, r.Consumable(now)
		return nil
	})
	if err != nil || !consume {
		return out, wrap(err)
	}
	err = s.with(true, func(tx *bolt.Tx) error {
		v := tx.Bucket(bRecords).Get([]byte(id))
		if v == nil {
			return retention.ErrNotFound
		}
		r, err := decode(id, v)
		if err != nil {
			return err
		}
		out = r.Clone()
		if !r.Consumable(now) {
			return nil // another poller consumed it first
		}
		if err := tx.Bucket(bDue).Delete(dueKey(r.ExpiresAt, id)); err != nil {
			return err
		}
		r.ConsumeInPlace(now)
		return put(tx, r)
	})
	if err != nil {
		return nil, wrap(err)
	}
	return out, nil
}

// Replace implements [retention.Store].
func (s *Store) Replace(ctx context.Context, id string, rev uint64, next *retention.Record, entry *retention.LogEntry) error {
	if err := ctxErr(ctx); err != nil {
		return err
	}
	return wrap(s.with(true, func(tx *bolt.Tx) error {
		v := tx.Bucket(bRecords).Get([]byte(id))
		if v == nil {
			return retention.ErrNotFound
		}
		cur, err := decode(id, v)
		if err != nil {
			return err
		}
		if cur.Rev != rev {
			return retention.ErrConflict
		}
		if err := tx.Bucket(bDue).Delete(dueKey(cur.ExpiresAt, id)); err != nil {
			return err
		}
		if next == nil {
			if err := tx.Bucket(bRecords).Delete([]byte(id)); err != nil {
				return err
			}
		} else {
			c := next.Clone()
			c.ID, c.Rev = id, rev+1
			if err := put(tx, c); err != nil {
				return err
			}
		}
		if entry != nil {
			return appendLog(tx, *entry)
		}
		return nil
	}))
}

// Due implements [retention.Store].
func (s *Store) Due(ctx context.Context, now time.Time, limit int) ([]*retention.Record, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	var out []*retention.Record
	end := timeKey(now)
	err := s.with(false, func(tx *bolt.Tx) error {
		c := tx.Bucket(bDue).Cursor()
		recs := tx.Bucket(bRecords)
		for k, _ := c.First(); k != nil && len(out) < limit; k, _ = c.Next() {
			if len(k) < 8 || bytes.Compare(k[:8], end) > 0 {
				break
			}
			id := string(k[8:])
			v := recs.Get([]byte(id))
			if v == nil {
				continue
			}
			r, err := decode(id, v)
			if err != nil {
				return err
			}
			out = append(out, r)
		}
		return nil
	})
	return out, wrap(err)
}

// Append implements [retention.Store].
func (s *Store) Append(ctx context.Context, e retention.LogEntry) error {
	if err := ctxErr(ctx); err != nil {
		return err
	}
	return wrap(s.with(true, func(tx *bolt.Tx) error { return appendLog(tx, e) }))
}

func appendLog(tx *bolt.Tx, e retention.LogEntry) error {
	b := tx.Bucket(bLog)
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	k := binary.BigEndian.AppendUint64(timeKey(e.At), seq)
	return b.Put(k, bytes.Clone(e.Data))
}

// Log implements [retention.Store].
func (s *Store) Log(ctx context.Context, since time.Time, limit int) ([]retention.LogEntry, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	var out []retention.LogEntry
	err := s.with(false, func(tx *bolt.Tx) error {
		c := tx.Bucket(bLog).Cursor()
		for k, v := c.Seek(timeKey(since)); k != nil && len(out) < limit; k, v = c.Next() {
			if len(k) != 16 {
				return fmt.Errorf("%w: log key", retention.ErrCorrupt)
			}
			out = append(out, retention.LogEntry{At: keyTime(k[:8]), Data: bytes.Clone(v)})
		}
		return nil
	})
	return out, wrap(err)
}

// timeKey encodes t (milliseconds) so that byte order is time order.
func timeKey(t time.Time) []byte {
	return binary.BigEndian.AppendUint64(make([]byte, 0, 16), uint64(t.UnixMilli())^(1<<63))
}

func keyTime(k []byte) time.Time {
	return time.UnixMilli(int64(binary.BigEndian.Uint64(k) ^ (1 << 63))).UTC()
}

func dueKey(t time.Time, id string) []byte { return append(timeKey(t), id...) }

// Record encoding, version 1:
//
//	version(1)=1 state(1) flags(1) rev(8) expires(8) tombstone(8) erased(8)
//	then meta, key, data, each as uvarint length + bytes.
//
// Times are Unix milliseconds; math.MinInt64 encodes the zero time. flags
// bit 0 is ReadOnce, bits 1 and 2 mark a present (non-nil) key and data.
const encVersion = 1

func msOf(t time.Time) int64 {
	if t.IsZero() {
		return math.MinInt64
	}
	return t.UnixMilli()
}

func timeOf(v int64) time.Time {
	if v == math.MinInt64 {
		return time.Time{}
	}
	return time.UnixMilli(v).UTC()
}

func encode(r *retention.Record) []byte {
	b := make([]byte, 0, 35+len(r.Meta)+len(r.Key)+len(r.Data)+15)
	var flags byte
	if r.ReadOnce {
		flags |= 1
	}
	if r.Key != nil {
		flags |= 2
	}
	if r.Data != nil {
		flags |= 4
	}
	b = append(b, encVersion, byte(r.State), flags)
	b = binary.BigEndian.AppendUint64(b, r.Rev)
	for _, t := range []time.Time{r.ExpiresAt, r.TombstoneUntil, r.ErasedAt} {
		b = binary.BigEndian.AppendUint64(b, uint64(msOf(t)))
	}
	for _, f := range [][]byte{r.Meta, r.Key, r.Data} {
		b = binary.AppendUvarint(b, uint64(len(f)))
		b = append(b, f...)
	}
	return b
}

func decode(id string, b []byte) (*retention.Record, error) {
	bad := fmt.Errorf("%w: record encoding", retention.ErrCorrupt)
	if len(b) < 35 || b[0] != encVersion {
		return nil, bad
	}
	r := &retention.Record{ID: id, State: retention.State(b[1]), ReadOnce: b[2]&1 != 0}
	if !r.State.Valid() || b[2]&^7 != 0 {
		return nil, bad
	}
	r.Rev = binary.BigEndian.Uint64(b[3:])
	r.ExpiresAt = timeOf(int64(binary.BigEndian.Uint64(b[11:])))
	r.TombstoneUntil = timeOf(int64(binary.BigEndian.Uint64(b[19:])))
	r.ErasedAt = timeOf(int64(binary.BigEndian.Uint64(b[27:])))
	rest := b[35:]
	var fields [3][]byte
	for i := range fields {
		n, k := binary.Uvarint(rest)
		if k <= 0 || n > uint64(len(rest)-k) || k != len(binary.AppendUvarint(nil, n)) {
			return nil, bad // truncated, too long, or not minimally encoded
		}
		fields[i] = bytes.Clone(rest[k : k+int(n)])
		rest = rest[k+int(n):]
	}
	if len(rest) != 0 {
		return nil, bad
	}
	if b[2]&2 == 0 && len(fields[1]) > 0 || b[2]&4 == 0 && len(fields[2]) > 0 {
		return nil, bad // bytes present for an absent field
	}
	r.Meta = fields[0]
	if b[2]&2 != 0 {
		r.Key = nonNil(fields[1])
	}
	if b[2]&4 != 0 {
		r.Data = nonNil(fields[2])
	}
	return r, nil
}

func nonNil(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}
