// Package boltstore is a [retention.Store] in one bbolt file: the embedded
// default for a single machine. Every change is one bbolt read-write
// transaction, committed with fsync before it returns, so records survive
// process crashes and restarts whole or not at all.
//
// # Erasure
//
// bbolt is copy-on-write: a value that is overwritten or deleted is not
// overwritten on disk, its page is only freed, and the old bytes stay in
// the file until bbolt reuses the page. Writing zeros over a value and then
// deleting it in one transaction does not help either — the zeros go to a
// fresh page (TestBboltZeroThenDeleteKeepsBytes shows it). So the wrapped
// data keys never enter the bbolt file: they live in a second file,
// PATH.keyslots, one fixed 512-byte slot per record, and erasure writes
// zeros over the slot in place and syncs it before the transaction that
// tombstones the record commits. After an erasure the wrapped key is gone
// from both files (a test greps them); the ciphertext may stay in freed
// bbolt pages, unreadable without its key, until [Store.Compact] rewrites
// the file with only live pages and zeros the old one.
//
// What this cannot promise: file systems that do not overwrite in place
// (copy-on-write ones such as btrfs and ZFS, snapshots) and flash
// translation layers may keep old copies of a slot below the file; backups
// and copies made before the erasure keep what they copied. Keep
// PATH.keyslots out of backups (a backup of PATH alone opens no record),
// use full-disk encryption, and rotate the key-encryption key if you must
// shred such copies too.
//
// # Processes
//
// By default the file is opened once and held, under an exclusive lock on
// PATH.lock (and bbolt's own lock), which keeps other processes out. With
// [Options.Shared], the files are opened for each operation and closed
// after it, under that lock, so any number of processes on the machine can
// share them; read-once stays exactly-once across them because the claim
// step is a read-write transaction that re-checks the record under the
// lock.
//
// # Layout
//
// Bucket "records" maps the id to the encoded record (its wrapped key by
// slot number); "due" indexes records by ExpiresAt for the sweeper;
// "receipts" holds the receipt log by sequence number; "keyslots" and
// "freeslots" allocate slots. The record encoding is private to this
// package and versioned; records of version 1 (wrapped key inline) are
// moved to slots when the store is opened.
package boltstore

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/kyckit/kyckit/retention"
	bolt "go.etcd.io/bbolt"
)

// Options configures [Open]. A nil *Options means the defaults.
type Options struct {
	// Shared opens and closes the files around every operation so several
	// processes can use them (see the package documentation). Slower.
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

	mu     sync.RWMutex // RLock: an operation runs; Lock: Close, Compact
	db     *bolt.DB     // exclusive mode, nil when closed
	slots  *slotFile    // exclusive mode
	unlock func()       // exclusive mode: releases PATH.lock
	done   bool

	// slotMu keeps readers of key slots out while a write transaction
	// changes slots and commits (exclusive mode; shared mode serializes
	// everything under the file lock).
	slotMu sync.RWMutex
}

var _ retention.Store = (*Store)(nil)

var (
	bRecords  = []byte("records")
	bDue      = []byte("due")
	bReceipts = []byte("receipts")
	bSlots    = []byte("keyslots")
	bFree     = []byte("freeslots")
	kNext     = []byte("next")
)

// SlotsPath returns the path of the key-slot file of the store at path.
func SlotsPath(path string) string { return path + ".keyslots" }

// Open opens (creating if needed, mode 0600) the store in the file at path
// and its key-slot file [SlotsPath]. It also zeros key slots that no record
// references (left by a crash between writing a slot and committing) and
// moves wrapped keys of version 1 records out of the bbolt file.
func Open(path string, opts *Options) (*Store, error) {
	s := &Store{path: path}
	if opts != nil {
		s.opts = *opts
	}
	if s.opts.LockTimeout <= 0 {
		s.opts.LockTimeout = 30 * time.Second
	}
	if s.opts.Shared {
		if err := s.with(true, scrub); err != nil {
			return nil, wrap(err)
		}
		return s, nil
	}
	unlock, err := lockFile(path+".lock", s.opts.LockTimeout)
	if err != nil {
		return nil, fmt.Errorf("%w: lock: %v", retention.ErrStore, err)
	}
	if err := s.openExclusive(); err != nil {
		unlock()
		return nil, err
	}
	s.unlock = unlock
	if err := s.with(true, scrub); err != nil {
		s.Close()
		return nil, wrap(err)
	}
	return s, nil
}

func (s *Store) openExclusive() error {
	db, err := s.openDB()
	if err != nil {
		return err
	}
	if err := db.Update(ensureBuckets); err != nil {
		db.Close()
		return fmt.Errorf("%w: init: %v", retention.ErrStore, err)
	}
	sf, err := openSlots(SlotsPath(s.path), s.opts.InsecureNoSync)
	if err != nil {
		db.Close()
		return wrap(err)
	}
	s.db, s.slots = db, sf
	return nil
}

func (s *Store) openDB() (*bolt.DB, error) {
	db, err := bolt.Open(s.path, 0o600, &bolt.Options{Timeout: s.opts.LockTimeout, NoSync: s.opts.InsecureNoSync})
	if err != nil {
		return nil, fmt.Errorf("%w: open: %v", retention.ErrStore, err)
	}
	return db, nil
}

func ensureBuckets(tx *bolt.Tx) error {
	for _, b := range [][]byte{bRecords, bDue, bReceipts, bSlots, bFree} {
		if _, err := tx.CreateBucketIfNotExists(b); err != nil {
			return err
		}
	}
	return nil
}

// Close releases the files. Further calls fail with retention.ErrStore.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.done = true
	var err error
	if s.db != nil {
		err = s.db.Close()
		s.db = nil
	}
	if s.slots != nil {
		if cerr := s.slots.close(); err == nil {
			err = cerr
		}
		s.slots = nil
	}
	if s.unlock != nil {
		s.unlock()
		s.unlock = nil
	}
	return err
}

// txn is one transaction over both files.
type txn struct {
	tx    *bolt.Tx
	slots *slotFile
	dirty bool // slots written: sync before commit
}

// with runs fn in a transaction, opening the files first when Shared.
// Slot writes are synced before the bbolt transaction commits.
func (s *Store) with(write bool, fn func(*txn) error) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.done {
		return fmt.Errorf("%w: closed", retention.ErrStore)
	}
	run := func(db *bolt.DB, sf *slotFile) error {
		if !write {
			return db.View(func(tx *bolt.Tx) error { return fn(&txn{tx: tx, slots: sf}) })
		}
		return db.Update(func(tx *bolt.Tx) error {
			t := &txn{tx: tx, slots: sf}
			if err := fn(t); err != nil {
				return err
			}
			if t.dirty {
				return t.slots.sync()
			}
			return nil
		})
	}
	if !s.opts.Shared {
		if write {
			s.slotMu.Lock()
			defer s.slotMu.Unlock()
		} else {
			s.slotMu.RLock()
			defer s.slotMu.RUnlock()
		}
		return run(s.db, s.slots)
	}
	unlock, err := lockFile(s.path+".lock", s.opts.LockTimeout)
	if err != nil {
		return fmt.Errorf("%w: lock: %v", retention.ErrStore, err)
	}
	defer unlock()
	db, err := s.openDB()
	if err != nil {
		return err
	}
	defer db.Close()
	if write {
		if err := db.Update(ensureBuckets); err != nil {
			return fmt.Errorf("%w: init: %v", retention.ErrStore, err)
		}
	}
	sf, err := openSlots(SlotsPath(s.path), s.opts.InsecureNoSync)
	if err != nil {
		return err
	}
	defer sf.close()
	return run(db, sf)
}

// Check runs bbolt's consistency check over the whole file, decodes every
// record and reads every key slot a record references, reporting the
// first problem.
func (s *Store) Check() error {
	return wrap(s.with(false, func(t *txn) error {
		for err := range t.tx.Check() {
			return fmt.Errorf("%w: %v", retention.ErrCorrupt, err)
		}
		return t.tx.Bucket(bRecords).ForEach(func(k, v []byte) error {
			st, err := decode(string(k), v)
			if err != nil {
				return err
			}
			if st.hasSlot {
				_, err = t.slots.read(st.slot)
			}
			return err
		})
	}))
}

// wrap maps bbolt and I/O errors to ErrStore, keeping our sentinels.
func wrap(err error) error {
	if err == nil {
		return nil
	}
	for _, e := range []error{retention.ErrNotFound, retention.ErrExists, retention.ErrConflict, retention.ErrCorrupt, retention.ErrInput, retention.ErrStore} {
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

// stored is a record as kept in the bbolt file: its wrapped key is in a
// slot (or, version 1, inline in rec.Key).
type stored struct {
	rec     *retention.Record
	slot    uint64
	hasSlot bool
}

func (t *txn) load(id string) (*stored, error) {
	v := t.tx.Bucket(bRecords).Get([]byte(id))
	if v == nil {
		return nil, retention.ErrNotFound
	}
	return decode(id, v)
}

// full returns the record with its key read from the slot, stripped for
// token (see retention.Record.Strip).
func (t *txn) full(st *stored, token string) (*retention.Record, error) {
	r := st.rec.Clone()
	if r.State == retention.StateClaimed && (token == "" || token != r.Token) {
		r.Key, r.Data = nil, nil
		return r, nil
	}
	if st.hasSlot {
		k, err := t.slots.read(st.slot)
		if err != nil {
			return nil, err
		}
		r.Key = k // nil if the slot was zeroed: the record cannot be opened
	}
	return r, nil
}

func (t *txn) put(st *stored) error {
	r := st.rec
	if err := t.tx.Bucket(bRecords).Put([]byte(r.ID), encode(st)); err != nil {
		return err
	}
	if r.ExpiresAt.IsZero() {
		return nil // never due
	}
	return t.tx.Bucket(bDue).Put(dueKey(r.ExpiresAt, r.ID), nil)
}

func (t *txn) allocSlot() (uint64, error) {
	c := t.tx.Bucket(bFree).Cursor()
	if k, _ := c.First(); k != nil {
		if len(k) != 8 {
			return 0, fmt.Errorf("%w: free slot key", retention.ErrCorrupt)
		}
		return binary.BigEndian.Uint64(k), c.Delete()
	}
	b := t.tx.Bucket(bSlots)
	var n uint64
	if v := b.Get(kNext); v != nil {
		if len(v) != 8 {
			return 0, fmt.Errorf("%w: slot counter", retention.ErrCorrupt)
		}
		n = binary.BigEndian.Uint64(v)
	}
	return n, b.Put(kNext, binary.BigEndian.AppendUint64(nil, n+1))
}

func (t *txn) writeSlot(n uint64, key []byte) error {
	t.dirty = true
	return t.slots.write(n, key)
}

// freeSlot zeros slot n in place and returns it to the free list.
func (t *txn) freeSlot(n uint64) error {
	t.dirty = true
	if err := t.slots.zero(n); err != nil {
		return err
	}
	return t.tx.Bucket(bFree).Put(binary.BigEndian.AppendUint64(nil, n), nil)
}

// setKey stores key for st: in its slot (overwritten in place when it
// differs), a new slot, or — nil key — nowhere, zeroing the old slot.
func (t *txn) setKey(st *stored, cur *stored, key []byte) error {
	switch {
	case cur != nil && cur.hasSlot && key == nil:
		return t.freeSlot(cur.slot)
	case cur != nil && cur.hasSlot:
		st.slot, st.hasSlot = cur.slot, true
		old, err := t.slots.read(cur.slot)
		if err != nil && !errors.Is(err, retention.ErrCorrupt) {
			return err
		}
		if !bytes.Equal(old, key) || old == nil {
			return t.writeSlot(cur.slot, key)
		}
		return nil
	case key != nil:
		if len(key) > MaxKeyLen {
			return fmt.Errorf("%w: wrapped key longer than %d bytes", retention.ErrInput, MaxKeyLen)
		}
		n, err := t.allocSlot()
		if err != nil {
			return err
		}
		st.slot, st.hasSlot = n, true
		return t.writeSlot(n, key)
	}
	return nil
}

// Create implements [retention.Store].
func (s *Store) Create(ctx context.Context, r *retention.Record) error {
	if err := ctxErr(ctx); err != nil {
		return err
	}
	return wrap(s.with(true, func(t *txn) error {
		if t.tx.Bucket(bRecords).Get([]byte(r.ID)) != nil {
			return retention.ErrExists
		}
		st := &stored{rec: r.Clone()}
		st.rec.Rev = 1
		if err := t.setKey(st, nil, r.Key); err != nil {
			return err
		}
		return t.put(st)
	}))
}

// Get implements [retention.Store]. A claimable record is re-read and
// claimed inside one read-write transaction.
func (s *Store) Get(ctx context.Context, id string, now time.Time, token string) (*retention.Record, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	var out *retention.Record
	claim := false
	err := s.with(false, func(t *txn) error {
		st, err := t.load(id)
		if err != nil {
			return err
		}
		if token != "" && st.rec.Consumable(now) {
			claim = true
			return nil
		}
		out, err = t.full(st, token)
		return err
	})
	if err != nil || !claim {
		return out, wrap(err)
	}
	err = s.with(true, func(t *txn) error {
		st, err := t.load(id)
		if err != nil {
			return err
		}
		if st.rec.Consumable(now) {
			if err := t.tx.Bucket(bDue).Delete(dueKey(st.rec.ExpiresAt, id)); err != nil {
				return err
			}
			st.rec.ClaimInPlace(now, token)
			if err := t.put(st); err != nil {
				return err
			}
		}
		out, err = t.full(st, token)
		return err
	})
	return out, wrap(err)
}

// Replace implements [retention.Store]. A wrapped key that changes or goes
// away is overwritten in its slot, and the slot synced, before the
// transaction commits.
func (s *Store) Replace(ctx context.Context, id string, rev uint64, next *retention.Record, entry *retention.LogEntry) error {
	if err := ctxErr(ctx); err != nil {
		return err
	}
	return wrap(s.with(true, func(t *txn) error {
		cur, err := t.load(id)
		if err != nil {
			return err
		}
		if cur.rec.Rev != rev {
			return retention.ErrConflict
		}
		if entry != nil {
			h, err := t.head()
			if err != nil {
				return err
			}
			if !h.Next(entry) {
				return retention.ErrConflict
			}
		}
		if err := t.tx.Bucket(bDue).Delete(dueKey(cur.rec.ExpiresAt, id)); err != nil {
			return err
		}
		var key []byte
		if next != nil {
			key = next.Key
		}
		st := &stored{}
		if err := t.setKey(st, cur, key); err != nil {
			return err
		}
		if next == nil {
			if err := t.tx.Bucket(bRecords).Delete([]byte(id)); err != nil {
				return err
			}
		} else {
			st.rec = next.Clone()
			st.rec.ID, st.rec.Rev = id, rev+1
			if err := t.put(st); err != nil {
				return err
			}
		}
		if entry != nil {
			return appendLog(t.tx, entry)
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
	err := s.with(false, func(t *txn) error {
		c := t.tx.Bucket(bDue).Cursor()
		for k, _ := c.First(); k != nil && len(out) < limit; k, _ = c.Next() {
			if len(k) < 8 || bytes.Compare(k[:8], end) > 0 {
				break
			}
			st, err := t.load(string(k[8:]))
			if errors.Is(err, retention.ErrNotFound) {
				continue
			}
			if err != nil {
				return err
			}
			r, err := t.full(st, "")
			if err != nil {
				return err
			}
			out = append(out, r)
		}
		return nil
	})
	return out, wrap(err)
}

func seqKey(seq uint64) []byte { return binary.BigEndian.AppendUint64(nil, seq) }

func (t *txn) head() (retention.LogHead, error) {
	k, v := t.tx.Bucket(bReceipts).Cursor().Last()
	if k == nil {
		return retention.LogHead{}, nil
	}
	e, err := decodeEntry(k, v)
	if err != nil {
		return retention.LogHead{}, err
	}
	return retention.LogHead{Seq: e.Seq, Hash: e.Hash}, nil
}

// Receipt log values: at(8, Unix ms) hashlen(1) hash data.
func appendLog(tx *bolt.Tx, e *retention.LogEntry) error {
	if len(e.Hash) > 255 {
		return fmt.Errorf("%w: log entry hash", retention.ErrInput)
	}
	v := binary.BigEndian.AppendUint64(make([]byte, 0, 9+len(e.Hash)+len(e.Data)), uint64(e.At.UnixMilli()))
	v = append(append(append(v, byte(len(e.Hash))), e.Hash...), e.Data...)
	return tx.Bucket(bReceipts).Put(seqKey(e.Seq), v)
}

func decodeEntry(k, v []byte) (retention.LogEntry, error) {
	bad := fmt.Errorf("%w: log entry", retention.ErrCorrupt)
	if len(k) != 8 || len(v) < 9 || len(v) < 9+int(v[8]) {
		return retention.LogEntry{}, bad
	}
	n := int(v[8])
	return retention.LogEntry{
		Seq:  binary.BigEndian.Uint64(k),
		At:   time.UnixMilli(int64(binary.BigEndian.Uint64(v))).UTC(),
		Hash: bytes.Clone(v[9 : 9+n]),
		Data: bytes.Clone(v[9+n:]),
	}, nil
}

// LogHead implements [retention.Store].
func (s *Store) LogHead(ctx context.Context) (retention.LogHead, error) {
	if err := ctxErr(ctx); err != nil {
		return retention.LogHead{}, err
	}
	var h retention.LogHead
	err := s.with(false, func(t *txn) error {
		var err error
		h, err = t.head()
		return err
	})
	return h, wrap(err)
}

// Log implements [retention.Store].
func (s *Store) Log(ctx context.Context, from uint64, limit int) ([]retention.LogEntry, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	var out []retention.LogEntry
	err := s.with(false, func(t *txn) error {
		c := t.tx.Bucket(bReceipts).Cursor()
		for k, v := c.Seek(seqKey(from)); k != nil && len(out) < limit; k, v = c.Next() {
			e, err := decodeEntry(k, v)
			if err != nil {
				return err
			}
			out = append(out, e)
		}
		return nil
	})
	return out, wrap(err)
}

// scrub zeros key slots that no record references (a crash between
// writing a slot and committing leaves one behind), returns them to the
// free list, and moves wrapped keys of version 1 records into slots.
func scrub(t *txn) error {
	refs := make(map[uint64]bool)
	var legacy []*stored
	err := t.tx.Bucket(bRecords).ForEach(func(k, v []byte) error {
		st, err := decode(string(k), v)
		if err != nil {
			return err
		}
		if st.hasSlot {
			refs[st.slot] = true
		} else if st.rec.Key != nil {
			legacy = append(legacy, st)
		}
		return nil
	})
	if err != nil {
		return err
	}
	free := t.tx.Bucket(bFree)
	var next uint64
	if v := t.tx.Bucket(bSlots).Get(kNext); len(v) == 8 {
		next = binary.BigEndian.Uint64(v)
	}
	count, err := t.slots.count()
	if err != nil {
		return err
	}
	for n := range max(next, count) {
		if refs[n] {
			continue
		}
		if k, err := t.slots.read(n); k != nil || errors.Is(err, retention.ErrCorrupt) {
			t.dirty = true
			if err := t.slots.zero(n); err != nil {
				return err
			}
		} else if err != nil {
			return err
		}
		if n < next && free.Get(seqKey(n)) == nil {
			if err := free.Put(seqKey(n), nil); err != nil {
				return err
			}
		}
	}
	for _, st := range legacy {
		key := st.rec.Key
		st.rec.Key = nil
		if err := t.setKey(st, nil, key); err != nil {
			return err
		}
		if err := t.tx.Bucket(bRecords).Put([]byte(st.rec.ID), encode(st)); err != nil {
			return err
		}
	}
	return nil
}

// Compact rewrites the bbolt file with only its live pages (bbolt.Compact
// into PATH.compact, renamed over PATH), then overwrites the old file's
// contents with zeros before releasing it, so the ciphertexts of erased
// records left in freed pages are gone from the file system's view too.
// Other operations wait while it runs; with Shared, other processes wait
// on the lock. See the package documentation for what it cannot reach.
func (s *Store) Compact(ctx context.Context) error {
	if err := ctxErr(ctx); err != nil {
		return err
	}
	if s.opts.Shared {
		s.mu.RLock()
		defer s.mu.RUnlock()
		if s.done {
			return fmt.Errorf("%w: closed", retention.ErrStore)
		}
		unlock, err := lockFile(s.path+".lock", s.opts.LockTimeout)
		if err != nil {
			return fmt.Errorf("%w: lock: %v", retention.ErrStore, err)
		}
		defer unlock()
		return wrap(s.compactFile())
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.done || s.db == nil {
		return fmt.Errorf("%w: closed", retention.ErrStore)
	}
	if err := s.db.Close(); err != nil {
		return wrap(err)
	}
	s.db = nil
	err := s.compactFile()
	db, oerr := s.openDB() // we still hold PATH.lock
	if oerr != nil {
		s.done = true // unusable; Close releases the rest
		return errors.Join(wrap(err), oerr)
	}
	s.db = db
	return wrap(err)
}

func (s *Store) compactFile() error {
	tmp := s.path + ".compact"
	if err := os.Remove(tmp); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	src, err := s.openDB()
	if err != nil {
		return err
	}
	dst, err := bolt.Open(tmp, 0o600, &bolt.Options{Timeout: s.opts.LockTimeout, NoSync: s.opts.InsecureNoSync})
	if err != nil {
		src.Close()
		return err
	}
	err = bolt.Compact(dst, src, 0)
	err = errors.Join(err, dst.Close(), src.Close())
	if err != nil {
		os.Remove(tmp)
		return err
	}
	old, err := os.OpenFile(s.path, os.O_RDWR, 0)
	if err != nil {
		os.Remove(tmp)
		return err
	}
	defer old.Close()
	if err := os.Rename(tmp, s.path); err != nil {
		os.Remove(tmp)
		return err
	}
	if !s.opts.InsecureNoSync {
		if d, err := os.Open(filepath.Dir(s.path)); err == nil {
			_ = d.Sync() // best effort: the rename is durable on the next commit anyway
			d.Close()
		}
	}
	// The old inode is unlinked; overwrite its blocks before letting go.
	st, err := old.Stat()
	if err != nil {
		return err
	}
	zeros := make([]byte, 1<<20)
	for off := int64(0); off < st.Size(); off += int64(len(zeros)) {
		n := min(int64(len(zeros)), st.Size()-off)
		if _, err := old.WriteAt(zeros[:n], off); err != nil {
			return err
		}
	}
	if s.opts.InsecureNoSync {
		return nil
	}
	return old.Sync()
}

// timeKey encodes t (milliseconds) so that byte order is time order.
func timeKey(t time.Time) []byte {
	return binary.BigEndian.AppendUint64(make([]byte, 0, 16), uint64(t.UnixMilli())^(1<<63))
}

func dueKey(t time.Time, id string) []byte { return append(timeKey(t), id...) }

// Record encoding, version 2:
//
//	version(1)=2 state(1) flags(1) rev(8) expires(8) erased(8)
//	then token, meta as uvarint length + bytes, the key slot as a uvarint
//	(flags bit 1), data as uvarint length + bytes.
//
// Version 1 (still read): version(1)=1 state(1) flags(1) rev(8)
// expires(8) tombstone-until(8) erased(8), then meta, key, data as uvarint
// length + bytes.
//
// Times are Unix milliseconds; math.MinInt64 encodes the zero time. flags
// bit 0 is ReadOnce, bits 1 and 2 mark a present (non-nil) key and data.
const encVersion = 2

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

func encode(st *stored) []byte {
	r := st.rec
	b := make([]byte, 0, 27+len(r.Token)+len(r.Meta)+len(r.Data)+20)
	var flags byte
	if r.ReadOnce {
		flags |= 1
	}
	if st.hasSlot {
		flags |= 2
	}
	if r.Data != nil {
		flags |= 4
	}
	b = append(b, encVersion, byte(r.State), flags)
	b = binary.BigEndian.AppendUint64(b, r.Rev)
	b = binary.BigEndian.AppendUint64(b, uint64(msOf(r.ExpiresAt)))
	b = binary.BigEndian.AppendUint64(b, uint64(msOf(r.ErasedAt)))
	b = binary.AppendUvarint(b, uint64(len(r.Token)))
	b = append(b, r.Token...)
	b = binary.AppendUvarint(b, uint64(len(r.Meta)))
	b = append(b, r.Meta...)
	if st.hasSlot {
		b = binary.AppendUvarint(b, st.slot)
	}
	b = binary.AppendUvarint(b, uint64(len(r.Data)))
	return append(b, r.Data...)
}

// reader reads the variable part of an encoded record.
type reader struct {
	b   []byte
	bad bool
}

func (rd *reader) uvarint() uint64 {
	n, k := binary.Uvarint(rd.b)
	if k <= 0 || k != len(binary.AppendUvarint(nil, n)) { // truncated, overflowing or not minimal
		rd.bad = true
		return 0
	}
	rd.b = rd.b[k:]
	return n
}

func (rd *reader) bytes() []byte {
	n := rd.uvarint()
	if rd.bad || n > uint64(len(rd.b)) {
		rd.bad = true
		return nil
	}
	out := bytes.Clone(rd.b[:n])
	rd.b = rd.b[n:]
	return out
}

func decode(id string, b []byte) (*stored, error) {
	bad := fmt.Errorf("%w: record encoding", retention.ErrCorrupt)
	if len(b) < 3 || (b[0] != 1 && b[0] != encVersion) {
		return nil, bad
	}
	if b[0] == 1 {
		return decodeV1(id, b)
	}
	if len(b) < 27 {
		return nil, bad
	}
	r := &retention.Record{ID: id, State: retention.State(b[1]), ReadOnce: b[2]&1 != 0}
	if !r.State.Valid() || b[2]&^7 != 0 {
		return nil, bad
	}
	r.Rev = binary.BigEndian.Uint64(b[3:])
	r.ExpiresAt = timeOf(int64(binary.BigEndian.Uint64(b[11:])))
	r.ErasedAt = timeOf(int64(binary.BigEndian.Uint64(b[19:])))
	rd := &reader{b: b[27:]}
	tok := rd.bytes()
	r.Meta = rd.bytes()
	st := &stored{rec: r}
	if b[2]&2 != 0 {
		st.slot, st.hasSlot = rd.uvarint(), true
	}
	data := rd.bytes()
	if rd.bad || len(rd.b) != 0 || len(tok) > retention.MaxTokenLen || b[2]&4 == 0 && len(data) > 0 {
		return nil, bad
	}
	r.Token = string(tok)
	if b[2]&4 != 0 {
		r.Data = nonNil(data)
	}
	return st, nil
}

func decodeV1(id string, b []byte) (*stored, error) {
	bad := fmt.Errorf("%w: record encoding", retention.ErrCorrupt)
	if len(b) < 35 {
		return nil, bad
	}
	r := &retention.Record{ID: id, State: retention.State(b[1]), ReadOnce: b[2]&1 != 0}
	if !r.State.Valid() || b[2]&^7 != 0 {
		return nil, bad
	}
	r.Rev = binary.BigEndian.Uint64(b[3:])
	r.ExpiresAt = timeOf(int64(binary.BigEndian.Uint64(b[11:])))
	// b[19:27] was the tombstone lifetime of read-once records, now the
	// Vault's business.
	r.ErasedAt = timeOf(int64(binary.BigEndian.Uint64(b[27:])))
	rd := &reader{b: b[35:]}
	r.Meta = rd.bytes()
	key := rd.bytes()
	data := rd.bytes()
	if rd.bad || len(rd.b) != 0 || b[2]&2 == 0 && len(key) > 0 || b[2]&4 == 0 && len(data) > 0 {
		return nil, bad
	}
	if b[2]&2 != 0 {
		r.Key = nonNil(key)
	}
	if b[2]&4 != 0 {
		r.Data = nonNil(data)
	}
	return &stored{rec: r}, nil
}

func nonNil(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}
