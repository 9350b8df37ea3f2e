package retention

import "errors"

// Sentinel errors. Every error returned by this package wraps exactly one of
// them (sentinel first), so callers test with [errors.Is]. Error strings name
// fields, never values: they carry no personal data and no key material.
var (
	// ErrPolicy reports an invalid or unsupported retention policy.
	ErrPolicy = errors.New("retention: invalid policy")
	// ErrInput reports an invalid record id, category or payload.
	ErrInput = errors.New("retention: invalid input")
	// ErrNotFound reports that no record (and no tombstone) exists for an id.
	ErrNotFound = errors.New("retention: record not found")
	// ErrExists reports a Put for an id that already has a record or a
	// tombstone; ids are never reused while a tombstone exists.
	ErrExists = errors.New("retention: record already exists")
	// ErrPending reports a read of a read-once record before its session
	// completed. Nothing was consumed; poll again after completion.
	ErrPending = errors.New("retention: session not completed")
	// ErrConsumed reports a read of a read-once record that another poller
	// already received (or, with [Policy.Once], a record already returned
	// once). A second read is a security event and is audited.
	ErrConsumed = errors.New("retention: record already consumed")
	// ErrExpired reports a read after the record's retention deadline.
	ErrExpired = errors.New("retention: record expired")
	// ErrErased reports a read of a record erased on session completion or
	// on consent withdrawal.
	ErrErased = errors.New("retention: record erased")
	// ErrHeld reports that erasure was requested or due but a legal hold or
	// minimum-retention rule keeps the (sealed, unreadable) record until the
	// hold ends. The record can no longer be read.
	ErrHeld = errors.New("retention: erasure deferred by retention hold")
	// ErrConflict is returned by a [Store] when a conditional replace finds a
	// different revision. The Vault retries; callers rarely see it.
	ErrConflict = errors.New("retention: concurrent modification")
	// ErrDecrypt reports that a record could not be opened: wrong or rotated
	// away key-encryption key, tampered ciphertext, or a shredded key.
	// Deliberately vague.
	ErrDecrypt = errors.New("retention: cannot open record")
	// ErrNoKey reports Put or Get on a Vault built without a key wrapper.
	ErrNoKey = errors.New("retention: no key-encryption key configured")
	// ErrCorrupt reports stored metadata or a stored record that cannot be
	// decoded.
	ErrCorrupt = errors.New("retention: corrupt stored record")
	// ErrReceipt reports a malformed deletion receipt.
	ErrReceipt = errors.New("retention: malformed receipt")
	// ErrSignature reports a receipt whose signature does not verify with
	// the given public key, or which is unsigned.
	ErrSignature = errors.New("retention: receipt signature invalid")
	// ErrKeyset reports a key-encryption keyset that cannot be created,
	// parsed or rotated.
	ErrKeyset = errors.New("retention: invalid keyset")
	// ErrStore reports a failure of the underlying store (I/O, network).
	ErrStore = errors.New("retention: store failure")
	// ErrClock reports that the Vault's clock and the store's clock differ
	// by more than [Options.MaxClockSkew]; nothing was done.
	ErrClock = errors.New("retention: clock skew beyond bound")
	// ErrDurability reports a store whose persistence settings cannot keep
	// the package's guarantees (for Redis: appendonly and appendfsync).
	ErrDurability = errors.New("retention: store not durable")
	// ErrChain reports a receipt log whose hash chain is broken: entries
	// missing, reordered, duplicated, or not linked (see [VerifyChain]).
	ErrChain = errors.New("retention: receipt chain broken")
)
