package retention

import (
	"bytes"
	"context"
	"time"
)

// State is the lifecycle state of a stored [Record].
type State uint8

// Record states. Pending, Ready, Held, Claimed and Delivered records hold
// sealed personal data; Consumed and Erased records are tombstones without
// any.
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
	// StateClaimed: a read-once record that one Get claimed with its token
	// (see [Record.ClaimInPlace]); it is being delivered to that Get and
	// is erased next, by that Get or, once ExpiresAt passes, by any Vault.
	StateClaimed State = 6
	// StateDelivered: a record kept sealed after it was returned once
	// ([Policy.Once]); never readable again, erased at ExpiresAt.
	StateDelivered State = 7
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
	case StateClaimed:
		return "claimed"
	case StateDelivered:
		return "delivered"
	}
	return "invalid"
}

// Valid reports whether s is one of the defined states.
func (s State) Valid() bool { return s >= StatePending && s <= StateDelivered }

// Tombstone reports whether s is a state without personal data.
func (s State) Tombstone() bool { return s == StateConsumed || s == StateErased }

// ClaimLease is how long a claimed read-once record ([StateClaimed]) waits
// for the claiming Get to erase it. Past it, any Vault (the sweeper, a
// later poll) erases the record with a [ReasonClaimLapsed] receipt; the
// data is never handed to a second poller.
const ClaimLease = time.Minute

// MaxTokenLen caps [Record.Token], in bytes.
const MaxTokenLen = 64

// Record is what a [Store] persists: sealed personal data plus the few
// fields a store must understand to claim read-once records atomically and
// to find records due for the sweeper. Everything else the [Vault] needs is
// in Meta, which is PII-free and opaque to stores.
type Record struct {
	// ID is the record id (the verification session id).
	ID string
	// Rev is the revision, set by the store: 1 on Create, incremented by
	// every change. [Store.Replace] is conditional on it.
	Rev uint64
	// State is the lifecycle state.
	State State
	// ReadOnce marks a Ready record that the next Get with a token claims.
	ReadOnce bool
	// ExpiresAt is the next deadline: when the current state ends and the
	// sweeper has work to do. Stores may also expire the personal data
	// natively some time after it (Redis PEXPIREAT), as a second line of
	// defence; they never expire the record itself natively while it holds
	// data, so the Vault still finds it, reports it expired and writes a
	// receipt.
	ExpiresAt time.Time
	// ErasedAt is when the personal data was consumed or erased (tombstones).
	ErasedAt time.Time
	// Token is the opaque token (at most [MaxTokenLen] bytes) of the
	// operation that last wrote the record: the Vault sets a fresh one on
	// every write, so that a write retried after a lost reply recognises
	// its own result, and a store sets it when a Get claims the record.
	Token string
	// Meta is PII-free metadata (category, policy, times, session status),
	// opaque to stores.
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
	return append([]byte{}, b...) // non-nil when empty: nil means absent
}

// Consumable reports whether a Get at now with a token claims r: r is a
// Ready, read-once record whose deadline has not passed.
func (r *Record) Consumable(now time.Time) bool {
	return r.State == StateReady && r.ReadOnce && now.Before(r.ExpiresAt)
}

// ClaimInPlace turns r into the record a claiming Get leaves behind:
// Rev+1, State Claimed, Token token, ExpiresAt now+[ClaimLease]; key and
// data stay until the Vault erases the record. Stores that keep records as
// Go values use it; others must produce the same fields.
func (r *Record) ClaimInPlace(now time.Time, token string) {
	r.Rev++
	r.State = StateClaimed
	r.Token = token
	r.ExpiresAt = now.Add(ClaimLease)
}

// Strip removes Key and Data from a Claimed record copy unless token is
// the one that claimed it. Stores apply it to every record they return:
// only the claiming Get sees the data of a claimed record.
func (r *Record) Strip(token string) {
	if r.State == StateClaimed && (token == "" || token != r.Token) {
		r.Key, r.Data = nil, nil
	}
}

// LogEntry is one entry of a store's append-only audit log, in practice a
// signed deletion receipt. Entries form a hash chain: entry Seq carries
// Prev, the Hash of entry Seq-1 (empty for the first), and the receipt in
// Data signs both, so a store cannot drop, reorder or duplicate entries
// without [VerifyChain] noticing.
type LogEntry struct {
	// Seq is the entry's position in the log, from 1.
	Seq uint64
	// At is when the entry was written (the writer's clock).
	At time.Time
	// Prev is the Hash of the entry before (nil for Seq 1). Stores check it
	// on append and need not keep it.
	Prev []byte
	// Hash is SHA-256 of Data, computed by the writer ([EntryHash]).
	Hash []byte
	// Data is the entry itself (for receipts: the signed text).
	Data []byte
}

// LogHead is the position of the last entry of a log: its Seq and Hash
// (zero and nil for an empty log).
type LogHead struct {
	Seq  uint64
	Hash []byte
}

// Next reports whether e is the entry that may follow h.
func (h LogHead) Next(e *LogEntry) bool {
	return e.Seq == h.Seq+1 && bytes.Equal(e.Prev, h.Hash)
}

// Store persists records for a [Vault]. Implementations must be safe for
// concurrent use and, where they claim it, across processes. The package
// [github.com/kyckit/kyckit/retention/retentiontest] checks the contract.
//
// The contract, beyond the method docs: a store never returns a record's
// Key or Data after a Replace turned it into a tombstone, returns those of
// a Claimed record only to the Get that claimed it (see [Record.Strip]),
// and keeps Token, Meta, Key and Data byte-for-byte.
type Store interface {
	// Create stores a copy of r with Rev 1. It fails with ErrExists when
	// any record (including a tombstone) is stored under r.ID.
	Create(ctx context.Context, r *Record) error
	// Get returns a copy of the record stored under id, or ErrNotFound.
	// When token is not empty and the stored record is
	// [Record.Consumable] at now, Get claims it in the same atomic step
	// ([Record.ClaimInPlace]) and returns the claimed record with its
	// data. Of any number of concurrent Gets with distinct tokens — in any
	// number of processes, for stores shared between processes — exactly
	// one claims the record; a Get repeated with the claiming token (a
	// retry after a lost reply) returns the same claimed record again.
	Get(ctx context.Context, id string, now time.Time, token string) (*Record, error)
	// Replace atomically replaces the record stored under id whose Rev is
	// rev with a copy of next (stored with Rev rev+1), or deletes it when
	// next is nil. When entry is not nil it is appended to the log in the
	// same atomic step, and only if it follows the current head
	// ([LogHead.Next]). It fails with ErrNotFound when no record exists and
	// ErrConflict when the stored revision or the log head differs; then
	// nothing changed.
	Replace(ctx context.Context, id string, rev uint64, next *Record, entry *LogEntry) error
	// Due returns copies of up to limit records whose ExpiresAt is not
	// after now, earliest first. A zero ExpiresAt is never due.
	Due(ctx context.Context, now time.Time, limit int) ([]*Record, error)
	// LogHead returns the position of the last log entry.
	LogHead(ctx context.Context) (LogHead, error)
	// Log returns up to limit log entries with Seq not below from, in Seq
	// order.
	Log(ctx context.Context, from uint64, limit int) ([]LogEntry, error)
}

// ServerClock is implemented by stores with a clock of their own that
// governs native expiry (Redis TIME). A [Vault] over such a store compares
// its clock with the store's and refuses to work when they differ by more
// than [Options.MaxClockSkew].
type ServerClock interface {
	ServerTime(ctx context.Context) (time.Time, error)
}
