package retention

import (
	"context"
	"time"
)

// State is the lifecycle state of a stored [Record].
type State uint8

// Record states. Pending, Ready and Held records hold sealed personal data;
// Consumed and Erased records are tombstones without any.
const (
	// StatePending: stored, session not completed yet.
	StatePending State = 1
	// StateReady: session completed; readable until its deadline (once,
	// when [Record.ReadOnce] is set).
	StateReady State = 2
	// StateHeld: no longer readable, but kept sealed because a hold or a
	// minimum-retention rule forbids erasure until ExpiresAt.
	StateHeld State = 3
	// StateConsumed: tombstone of a read-once record that was read.
	StateConsumed State = 4
	// StateErased: tombstone of an erased record.
	StateErased State = 5
)

// String returns the state's name.
func (s State) String() string {
	switch s {
	case StatePending:
		return "pending"
	case StateReady:
		return "ready"
	case StateHeld:
		return "held"
	case StateConsumed:
		return "consumed"
	case StateErased:
		return "erased"
	}
	return "invalid"
}

// Valid reports whether s is one of the defined states.
func (s State) Valid() bool { return s >= StatePending && s <= StateErased }

// Tombstone reports whether s is a state without personal data.
func (s State) Tombstone() bool { return s == StateConsumed || s == StateErased }

// Record is what a [Store] persists: sealed personal data plus the few
// fields a store must understand to consume read-once records atomically
// and to find records due for the sweeper. Everything else the [Vault]
// needs is in Meta, which is PII-free and opaque to stores.
type Record struct {
	// ID is the record id (the verification session id).
	ID string
	// Rev is the revision, set by the store: 1 on Create, incremented by
	// every change. [Store.Replace] is conditional on it.
	Rev uint64
	// State is the lifecycle state.
	State State
	// ReadOnce marks a Ready record that the next successful Get consumes.
	ReadOnce bool
	// ExpiresAt is the next deadline: when the current state ends and the
	// sweeper has work to do. Stores may also expire the record natively
	// some time after it (Redis PEXPIREAT), as a second line of defence.
	ExpiresAt time.Time
	// TombstoneUntil is how long the tombstone left by a read-once
	// consumption lives (so later polls learn ErrConsumed).
	TombstoneUntil time.Time
	// ErasedAt is when the personal data was consumed or erased (tombstones).
	ErasedAt time.Time
	// Meta is PII-free metadata (category, policy, times), opaque to stores.
	Meta []byte
	// Key is the wrapped per-record data key; nil in tombstones.
	Key []byte
	// Data is the sealed personal data; nil in tombstones.
	Data []byte
}

// Clone returns a deep copy of r.
func (r *Record) Clone() *Record {
	if r == nil {
		return nil
	}
	c := *r
	c.Meta = cloneBytes(r.Meta)
	c.Key = cloneBytes(r.Key)
	c.Data = cloneBytes(r.Data)
	return &c
}

func cloneBytes(b []byte) []byte {
	if b == nil {
		return nil
	}
	return append([]byte(nil), b...)
}

// Consumable reports whether a Get at now consumes r: r is a Ready,
// read-once record whose deadline has not passed. Stores use it to decide
// the atomic consume step of [Store.Get].
func (r *Record) Consumable(now time.Time) bool {
	return r.State == StateReady && r.ReadOnce && now.Before(r.ExpiresAt)
}

// ConsumeInPlace turns r into the tombstone a consuming Get leaves behind:
// State Consumed, no key, no data, ErasedAt now, ExpiresAt TombstoneUntil.
// Stores that keep records as Go values use it; others must produce the
// same fields.
func (r *Record) ConsumeInPlace(now time.Time) {
	r.Rev++
	r.State = StateConsumed
	r.ReadOnce = false
	r.ErasedAt = now
	r.ExpiresAt = r.TombstoneUntil
	r.Key = nil
	r.Data = nil
}

// LogEntry is one entry of a store's append-only audit log: a signed
// deletion receipt in its text form, or another PII-free audit line.
type LogEntry struct {
	// At is when the entry was written (the Vault's clock).
	At time.Time
	// Data is the entry itself (for receipts: the output of
	// [Receipt.Marshal] or of signing).
	Data []byte
}

// Store persists records for a [Vault]. Implementations must be safe for
// concurrent use and, where they claim it, across processes. The package
// [github.com/kyckit/kyckit/retention/retentiontest] checks the contract.
//
// The contract, beyond the method docs: a store never returns a record's
// Key or Data after a Replace or Get turned it into a tombstone, and a
// store keeps Meta, Key and Data byte-for-byte.
type Store interface {
	// Create stores a copy of r with Rev 1. It fails with ErrExists when
	// any record (including a tombstone) is stored under r.ID.
	Create(ctx context.Context, r *Record) error
	// Get returns a copy of the record stored under id, or ErrNotFound.
	// When the stored record is [Record.Consumable] at now, Get replaces
	// it, in the same atomic step, with its tombstone (see
	// [Record.ConsumeInPlace]) and returns the record as it was before.
	// Of any number of concurrent Gets — in any number of processes, for
	// stores shared between processes — exactly one observes the record
	// with its data; the others see the tombstone.
	Get(ctx context.Context, id string, now time.Time) (*Record, error)
	// Replace atomically replaces the record stored under id whose Rev is
	// rev with a copy of next (stored with Rev rev+1), or deletes it when
	// next is nil. When entry is not nil it is appended to the log in the
	// same atomic step. It fails with ErrNotFound when no record exists and
	// ErrConflict when the stored revision differs.
	Replace(ctx context.Context, id string, rev uint64, next *Record, entry *LogEntry) error
	// Due returns copies of up to limit records whose ExpiresAt is not
	// after now, earliest first. A zero ExpiresAt is never due.
	Due(ctx context.Context, now time.Time, limit int) ([]*Record, error)
	// Append appends entry to the log.
	Append(ctx context.Context, entry LogEntry) error
	// Log returns up to limit log entries with At not before since,
	// ordered by At (entries with equal At in any order).
	Log(ctx context.Context, since time.Time, limit int) ([]LogEntry, error)
}
