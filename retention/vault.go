package retention

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Never returns a time after every deadline (the last day of year 9999).
// A [Store.Get] at Never never claims: the Vault uses it to inspect a
// record without reading it. It is a function so that no package state can
// be changed.
func Never() time.Time { return time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC) }

// Caps and defaults of a [Vault].
const (
	// MaxIDLen caps record ids, in bytes.
	MaxIDLen = 256
	// MaxCategoryLen caps category names, in bytes.
	MaxCategoryLen = 64
	// MaxStatusLen caps a session status ([Vault.SetStatus]), in bytes.
	MaxStatusLen = 4 << 10
	// DefaultMaxPII is the default cap on one record's payload: 1 MiB.
	DefaultMaxPII = 1 << 20
	// DefaultTombstoneTTL is how long tombstones answer ErrConsumed,
	// ErrExpired or ErrErased (and keep their id from being reused) before
	// the sweeper purges them: 30 days.
	DefaultTombstoneTTL = 30 * 24 * time.Hour
	// DefaultSweepBatch is the default number of records per sweep batch.
	DefaultSweepBatch = 256
	// DefaultMaxClockSkew is the default bound on the difference between
	// the Vault's clock and a store's clock ([ServerClock]).
	DefaultMaxClockSkew = 2 * time.Second
	// clockRecheck is how often the clock difference is measured again
	// (it is also measured again as soon as the Vault's clock jumps).
	clockRecheck = 30 * time.Second
	// maxAttempts bounds retries after a concurrent modification.
	maxAttempts = 8
)

// Options configures a [Vault]. A nil *Options means all defaults.
type Options struct {
	// Now is the clock; nil means time.Now. Times are kept to the
	// millisecond.
	Now func() time.Time
	// MaxClockSkew bounds how far Now may be from the clock of a store
	// that has one (a [ServerClock]: Redis, whose TIME governs native
	// expiry). The Vault measures the difference before its first
	// operation, every 30 seconds, and whenever Now jumps; beyond the bound
	// every operation fails with ErrClock and changes nothing. Zero means
	// DefaultMaxClockSkew; negative turns the check off (tests with a fake
	// clock).
	MaxClockSkew time.Duration
	// Signer signs deletion receipts (Ed25519). Nil stores unsigned
	// receipts, which [VerifyReceipt] rejects.
	Signer ed25519.PrivateKey
	// IDKey, when set (at least 16 bytes), makes audit events and receipts
	// name records by HMAC-SHA-256 of the id instead of the id (see
	// [Ref]). The reference is fixed when the record is stored, so Vaults
	// that only complete, delete or sweep need not hold the key. Set it
	// whenever ids could be linked to a person.
	IDKey []byte
	// Audit receives every audit event, synchronously. Nil drops them;
	// receipts are still written to the store's log.
	Audit func(Event)
	// TombstoneTTL is how long a tombstone is kept, and its id refused to
	// Put; zero means DefaultTombstoneTTL, negative keeps tombstones (and
	// the ids) forever.
	TombstoneTTL time.Duration
	// MaxPII caps a payload, in bytes; zero means DefaultMaxPII.
	MaxPII int
	// SweepBatch is the number of due records fetched per batch by Sweep;
	// zero means DefaultSweepBatch.
	SweepBatch int
	// Keys, when set, is a second store that holds the wrapped data keys,
	// so the main store (and its backups and replicas) holds only
	// ciphertext. Erasure destroys the key there first, then tombstones the
	// record. Keep this store out of long-lived backups: then a restored
	// backup of the main store cannot be opened once the key is gone. Every
	// Vault over the main store must use the same key store.
	Keys Store
}

// Vault enforces retention policies over a [Store]: it seals personal data
// under per-record data keys, checks expiry on every read, hands read-once
// records to exactly one poller, erases by crypto-shredding, and writes
// signed, chained receipts. Safe for concurrent use; any number of Vaults
// (in any number of processes) may share one Store.
type Vault struct {
	store      Store
	keys       Store // nil: wrapped keys live in the records
	kek        KeyWrapper
	now        func() time.Time
	signer     ed25519.PrivateKey
	idKey      []byte
	audit      func(Event)
	tombTTL    time.Duration // < 0: forever
	maxPII     int
	sweepBatch int

	headMu sync.Mutex
	head   LogHead
	headOK bool

	skew    skewState
	doubtMu sync.Mutex
	doubt   map[string]doubtClaim
}

// New returns a Vault over store. kek wraps the per-record data keys; it
// may be nil for a Vault that only completes, deletes, sweeps and reports
// status (for example the CLI sweeper), in which case Put fails with
// ErrNoKey and so do reads that would return personal data.
func New(store Store, kek KeyWrapper, opts *Options) (*Vault, error) {
	if store == nil {
		return nil, fmt.Errorf("%w: nil store", ErrInput)
	}
	if opts == nil {
		opts = &Options{}
	}
	v := &Vault{
		store: store, keys: opts.Keys, kek: kek, now: opts.Now, signer: opts.Signer,
		idKey: opts.IDKey, audit: opts.Audit, tombTTL: opts.TombstoneTTL,
		maxPII: opts.MaxPII, sweepBatch: opts.SweepBatch,
	}
	if v.now == nil {
		v.now = time.Now
	}
	if len(v.idKey) > 0 && len(v.idKey) < 16 {
		return nil, fmt.Errorf("%w: field %q shorter than 16 bytes", ErrInput, "IDKey")
	}
	if v.signer != nil && len(v.signer) != ed25519.PrivateKeySize {
		return nil, fmt.Errorf("%w: field %q is not an Ed25519 key", ErrInput, "Signer")
	}
	if v.tombTTL == 0 {
		v.tombTTL = DefaultTombstoneTTL
	}
	if v.maxPII <= 0 {
		v.maxPII = DefaultMaxPII
	}
	if v.sweepBatch <= 0 {
		v.sweepBatch = DefaultSweepBatch
	}
	v.skew.max = opts.MaxClockSkew
	if v.skew.max == 0 {
		v.skew.max = DefaultMaxClockSkew
	}
	if sc, ok := store.(ServerClock); ok && v.skew.max > 0 {
		v.skew.server = sc
	}
	return v, nil
}

// meta is the PII-free metadata of a record, stored in Record.Meta.
// Times are Unix milliseconds.
type meta struct {
	Ref          string          `json:"ref,omitempty"` // record reference fixed at Put (see Ref)
	Category     string          `json:"c"`
	Policy       string          `json:"p,omitempty"`
	Rule         string          `json:"r"`
	Citation     string          `json:"ci,omitempty"`
	Mode         Mode            `json:"m"`
	Once         bool            `json:"o,omitempty"` // KeepFor: returned once
	TTL          int64           `json:"t,omitempty"` // ms, KeepFor, resolved for the category
	MaxWait      int64           `json:"w"`           // ms
	Stored       int64           `json:"s"`
	Completed    int64           `json:"d,omitempty"`
	Deadline     int64           `json:"e"` // when the data must be gone (pending or ready)
	HoldUntil    int64           `json:"h,omitempty"`
	HoldCitation string          `json:"hc,omitempty"`
	Reason       string          `json:"x,omitempty"` // why erased / held
	Status       json.RawMessage `json:"st,omitempty"`
}

func (m *meta) encode() []byte {
	b, _ := json.Marshal(m) // cannot fail: plain fields, Status checked as JSON
	return b
}

func decodeMeta(b []byte) (*meta, error) {
	var m meta
	if err := json.Unmarshal(b, &m); err != nil || m.Category == "" {
		return nil, fmt.Errorf("%w: metadata", ErrCorrupt)
	}
	return &m, nil
}

func ms(t time.Time) int64     { return t.UnixMilli() }
func fromMS(v int64) time.Time { return time.UnixMilli(v).UTC() }

func (v *Vault) clock() time.Time { return time.UnixMilli(v.now().UnixMilli()).UTC() }

// begin checks the clock against the store's and returns the time of the
// operation.
func (v *Vault) begin(ctx context.Context) (time.Time, error) {
	if err := v.checkClock(ctx); err != nil {
		return time.Time{}, err
	}
	return v.clock(), nil
}

func (v *Vault) emit(e Event) {
	if v.audit != nil {
		v.audit(e)
	}
}

func (v *Vault) event(now time.Time, action, id string, m *meta) Event {
	e := Event{At: now, Action: action, Record: v.ref(id, m)}
	if m != nil {
		e.Category, e.Rule = m.Category, m.Rule
	}
	return e
}

// ref is the record's reference: the one fixed at Put, so that every
// Vault over the store (a sweeper without the IDKey included) names the
// record the same way.
func (v *Vault) ref(id string, m *meta) string {
	if m != nil && m.Ref != "" {
		return m.Ref
	}
	return Ref(v.idKey, id)
}

// newToken returns a fresh operation token (32 hex digits).
func newToken() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand)
	return hex.EncodeToString(b[:])
}

// tombstoneUntil is when a tombstone written at now is purged (zero:
// never).
func (v *Vault) tombstoneUntil(now time.Time) time.Time {
	if v.tombTTL < 0 {
		return time.Time{}
	}
	return now.Add(v.tombTTL)
}

// CheckID reports whether id is acceptable as a record id: 1 to
// [MaxIDLen] bytes of printable ASCII without spaces.
func CheckID(id string) error {
	if len(id) == 0 || len(id) > MaxIDLen {
		return fmt.Errorf("%w: field %q must be 1 to %d bytes", ErrInput, "id", MaxIDLen)
	}
	for i := 0; i < len(id); i++ {
		if id[i] <= 0x20 || id[i] >= 0x7f {
			return fmt.Errorf("%w: field %q has a byte outside printable ASCII", ErrInput, "id")
		}
	}
	return nil
}

func checkCategory(c string) error {
	if len(c) == 0 || len(c) > MaxCategoryLen {
		return fmt.Errorf("%w: field %q must be 1 to %d bytes", ErrInput, "category", MaxCategoryLen)
	}
	for i := 0; i < len(c); i++ {
		b := c[i]
		if !(b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '-' || b == '_' || b == '.') {
			return fmt.Errorf("%w: field %q allows only a-z, 0-9, '-', '_' and '.'", ErrInput, "category")
		}
	}
	return nil
}

func checkStatus(status []byte) error {
	if len(status) > MaxStatusLen {
		return fmt.Errorf("%w: field %q larger than %d bytes", ErrInput, "status", MaxStatusLen)
	}
	if status != nil && !json.Valid(status) {
		return fmt.Errorf("%w: field %q is not JSON", ErrInput, "status")
	}
	return nil
}

// Put seals pii under a fresh data key and stores it as record id of
// category, governed by policy. The record is pending until [Vault.Complete]:
// no poll receives the data before completion, in any mode. It is erased
// if the session does not complete within the policy's MaxWait. Put fails
// with ErrExists when the id is in use (also by a tombstone), ErrInput for
// a bad id, category or oversized payload, ErrPolicy for an invalid policy.
func (v *Vault) Put(ctx context.Context, id, category string, pii []byte, policy Policy) error {
	if err := CheckID(id); err != nil {
		return err
	}
	if err := checkCategory(category); err != nil {
		return err
	}
	if len(pii) > v.maxPII {
		return fmt.Errorf("%w: field %q larger than %d bytes", ErrInput, "pii", v.maxPII)
	}
	if err := policy.Validate(); err != nil {
		return err
	}
	if v.kek == nil {
		return ErrNoKey
	}
	now, err := v.begin(ctx)
	if err != nil {
		return err
	}
	holdUntil, holdCite := policy.holdFor(category, now)
	m := &meta{
		Ref: Ref(v.idKey, id), Category: category, Policy: policy.Name, Rule: policy.Describe(category),
		Citation: policy.Citation, Mode: policy.Mode, Once: policy.Once, MaxWait: policy.maxWait().Milliseconds(),
		Stored: ms(now), Deadline: ms(now.Add(policy.maxWait())),
	}
	if policy.Mode == KeepFor {
		m.TTL = policy.ttlFor(category).Milliseconds()
	}
	if holdUntil.After(now) {
		m.HoldUntil, m.HoldCitation = ms(holdUntil), holdCite
	}
	wrapped, ct, err := seal(v.kek, id, pii)
	if err != nil {
		return err
	}
	rec := &Record{
		ID: id, State: StatePending, ExpiresAt: fromMS(m.Deadline), Token: newToken(),
		Meta: m.encode(), Key: wrapped, Data: ct,
	}
	if v.keys != nil {
		rec.Key = nil
	}
	if err := v.create(ctx, v.store, rec); err != nil {
		return err
	}
	if v.keys != nil {
		// The key record is never due: the Vault deletes it on erasure.
		// A crash before this line leaves a record that cannot be opened
		// and is erased at its deadline like any other.
		kr := &Record{ID: id, State: StatePending, Meta: []byte("{}"), Key: wrapped, Token: rec.Token}
		if err := v.create(ctx, v.keys, kr); err != nil {
			if cur, gerr := v.store.Get(ctx, id, Never(), ""); gerr == nil && cur.Token == rec.Token {
				// Undo, best effort; the record was never readable, so
				// this is no erasure and writes no receipt.
				_ = v.store.Replace(ctx, id, cur.Rev, nil, nil)
			}
			return err
		}
	}
	v.emit(v.event(now, ActionStored, id, m))
	return nil
}

// create stores r in s; if the store reports ErrExists but holds r under
// r's token (the first attempt landed and its reply was lost), it succeeds.
func (v *Vault) create(ctx context.Context, s Store, r *Record) error {
	err := s.Create(ctx, r)
	if errors.Is(err, ErrExists) {
		if cur, gerr := s.Get(ctx, r.ID, Never(), ""); gerr == nil && cur.Rev == 1 && cur.Token == r.Token {
			return nil
		}
	}
	return err
}

// wrappedKey returns the wrapped data key of rec: from the record, or from
// the key store. A missing key (shredded) yields ErrDecrypt.
func (v *Vault) wrappedKey(ctx context.Context, rec *Record) ([]byte, error) {
	if v.keys == nil {
		return rec.Key, nil
	}
	kr, err := v.keys.Get(ctx, rec.ID, Never(), "")
	if errors.Is(err, ErrNotFound) {
		return nil, ErrDecrypt
	}
	if err != nil {
		return nil, err
	}
	return kr.Key, nil
}

// destroyKey deletes the record's wrapped key from the key store, if any.
func (v *Vault) destroyKey(ctx context.Context, id string) error {
	if v.keys == nil {
		return nil
	}
	for range maxAttempts {
		kr, err := v.keys.Get(ctx, id, Never(), "")
		if errors.Is(err, ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		err = v.keys.Replace(ctx, id, kr.Rev, nil, nil)
		if err == nil || errors.Is(err, ErrNotFound) {
			return nil
		}
		if !errors.Is(err, ErrConflict) {
			return err
		}
	}
	return fmt.Errorf("%w: key store", ErrConflict)
}

func (v *Vault) peek(ctx context.Context, id string) (*Record, *meta, error) {
	rec, err := v.store.Get(ctx, id, Never(), "")
	if err != nil {
		return nil, nil, err
	}
	m, err := decodeMeta(rec.Meta)
	if err != nil {
		return nil, nil, err
	}
	return rec, m, nil
}

func tombstoneErr(reason string) error {
	if reason == ReasonExpired {
		return ErrExpired
	}
	return ErrErased
}

// Complete records that the session of record id completed and applies the
// policy: DeleteOnCompletion erases the data now (or holds it, see
// [Hold]); ReadOnce makes it readable by exactly one poll within MaxWait;
// KeepFor keeps it readable for the TTL (by one poll, with [Policy.Once]).
// Completing a completed record is a no-op. It returns ErrExpired if the
// record's deadline passed first, ErrNotFound, or the error a Get of a
// tombstone would return.
func (v *Vault) Complete(ctx context.Context, id string) error {
	return v.CompleteWithStatus(ctx, id, nil)
}

// CompleteWithStatus is [Vault.Complete] that also stores status, the
// PII-free session status (see [Vault.SetStatus]), in the same step; on a
// completed record it only replaces the status. A nil status keeps the
// stored one. On a tombstone it returns the error and stores nothing: use
// SetStatus.
func (v *Vault) CompleteWithStatus(ctx context.Context, id string, status []byte) error {
	if err := CheckID(id); err != nil {
		return err
	}
	if err := checkStatus(status); err != nil {
		return err
	}
	now, err := v.begin(ctx)
	if err != nil {
		return err
	}
	for range maxAttempts {
		rec, m, err := v.peek(ctx, id)
		if err != nil {
			return err
		}
		switch rec.State {
		case StateReady, StateHeld, StateDelivered:
			if status == nil || bytes.Equal(m.Status, status) {
				return nil
			}
			m.Status = status // completed already: only the status changes
			next := rec.Clone()
			next.Meta = m.encode()
			if _, err := v.write(ctx, rec, next, nil, now); isRace(err) {
				continue
			} else if err != nil {
				return err
			}
			return nil
		case StateClaimed:
			return nil // being delivered; SetStatus after it
		case StateConsumed:
			return ErrConsumed
		case StateErased:
			return tombstoneErr(m.Reason)
		case StatePending:
		default:
			return fmt.Errorf("%w: state", ErrCorrupt)
		}
		if !now.Before(rec.ExpiresAt) || rec.Data == nil {
			if _, err := v.erase(ctx, rec, m, now, ReasonExpired); errors.Is(err, ErrConflict) || errors.Is(err, ErrNotFound) {
				continue
			} else if err != nil {
				return err
			}
			return ErrExpired
		}
		m.Completed = ms(now)
		if status != nil {
			m.Status = status
		}
		if m.Mode == DeleteOnCompletion {
			_, err := v.erase(ctx, rec, m, now, ReasonCompletion)
			if errors.Is(err, ErrConflict) || errors.Is(err, ErrNotFound) {
				continue
			}
			if err == nil {
				v.emit(v.event(now, ActionCompleted, id, m))
			}
			return err
		}
		next := rec.Clone()
		next.State = StateReady
		if m.Mode == ReadOnce {
			m.Deadline = ms(now) + m.MaxWait
			// Under a hold the store must not claim (erasing would break
			// the hold): Get consumes by compare-and-swap to Held instead.
			next.ReadOnce = m.HoldUntil <= ms(now)
		} else {
			m.Deadline = ms(now) + m.TTL
		}
		next.ExpiresAt = fromMS(m.Deadline)
		next.Meta = m.encode()
		if _, err := v.write(ctx, rec, next, nil, now); errors.Is(err, ErrConflict) || errors.Is(err, ErrNotFound) {
			continue
		} else if err != nil {
			return err
		}
		v.emit(v.event(now, ActionCompleted, id, m))
		return nil
	}
	return fmt.Errorf("%w: too many concurrent changes", ErrConflict)
}

// SetStatus stores status beside record id: the PII-free session status
// (for example {"session_status":"Completed","verification":"Passed"}),
// which [Vault.Poll] returns with or without the personal data, in every
// state — after consumption and erasure too, for as long as the tombstone
// lives. status must be JSON of at most [MaxStatusLen] bytes, and must not
// hold personal data: it is stored in the clear and outlives erasure. A
// nil status removes it.
// A record being handed to a poller (claimed) fails with ErrConflict.
func (v *Vault) SetStatus(ctx context.Context, id string, status []byte) error {
	if err := CheckID(id); err != nil {
		return err
	}
	if err := checkStatus(status); err != nil {
		return err
	}
	now, err := v.begin(ctx)
	if err != nil {
		return err
	}
	for range maxAttempts {
		rec, m, err := v.peek(ctx, id)
		if err != nil {
			return err
		}
		if rec.State == StateClaimed {
			return fmt.Errorf("%w: record is being delivered", ErrConflict)
		}
		m.Status = status
		next := rec.Clone()
		next.Meta = m.encode()
		if _, err := v.write(ctx, rec, next, nil, now); errors.Is(err, ErrConflict) || errors.Is(err, ErrNotFound) {
			continue
		} else if err != nil {
			return err
		}
		return nil
	}
	return fmt.Errorf("%w: too many concurrent changes", ErrConflict)
}

// Delete erases record id at once, for example because consent was
// withdrawn (DPDP Act 2023 s.8(7); Aadhaar regulation 16(4) asks for an
// acknowledgement: hand the holder the receipt). The wrapped data key is
// destroyed together with the ciphertext, so copies of the ciphertext can
// no longer be opened; what the store's files still hold is said in each
// store's documentation.
//
// If a hold forbids erasure, the record becomes unreadable at once, a
// deferred receipt is returned together with ErrHeld, and the sweeper
// erases it when the hold ends. Deleting a tombstone returns nil and the
// error a Get would return.
func (v *Vault) Delete(ctx context.Context, id string) (*Receipt, error) {
	if err := CheckID(id); err != nil {
		return nil, err
	}
	now, err := v.begin(ctx)
	if err != nil {
		return nil, err
	}
	for range maxAttempts {
		rec, m, err := v.peek(ctx, id)
		if err != nil {
			return nil, err
		}
		switch rec.State {
		case StateConsumed:
			return nil, ErrConsumed
		case StateErased:
			return nil, tombstoneErr(m.Reason)
		case StateHeld:
			return nil, fmt.Errorf("%w: until %s", ErrHeld, rec.ExpiresAt.UTC().Format(time.RFC3339))
		}
		r, err := v.erase(ctx, rec, m, now, ReasonWithdrawn)
		if errors.Is(err, ErrConflict) || errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if r.Outcome == OutcomeDeferred {
			return r, fmt.Errorf("%w: until %s", ErrHeld, r.HoldUntil.Format(time.RFC3339))
		}
		return r, nil
	}
	return nil, fmt.Errorf("%w: too many concurrent changes", ErrConflict)
}

// SweepStats counts what one [Vault.Sweep] did.
type SweepStats struct {
	Erased   int // records erased (receipt written)
	Deferred int // records moved to Held by a hold
	Purged   int // tombstones removed
	Skipped  int // records changed concurrently by another replica
}

// Sweep erases every record whose deadline has passed (writing receipts),
// moves records under a hold to Held, erases held records whose hold ended,
// erases read-once records whose claim lapsed, and purges old tombstones.
// It is idempotent and safe to run on every replica at once; it is garbage
// collection, never the guarantee — reads check expiry themselves.
func (v *Vault) Sweep(ctx context.Context) (SweepStats, error) {
	var st SweepStats
	now, err := v.begin(ctx)
	if err != nil {
		return st, err
	}
	seen := make(map[string]bool)
	for {
		recs, err := v.store.Due(ctx, now, v.sweepBatch)
		if err != nil {
			return st, err
		}
		progress := false
		for _, rec := range recs {
			if err := ctx.Err(); err != nil {
				return st, fmt.Errorf("%w: %w", ErrStore, err)
			}
			key := fmt.Sprintf("%s\x00%d", rec.ID, rec.Rev)
			if seen[key] {
				continue
			}
			seen[key] = true
			progress = true
			if rec.ExpiresAt.IsZero() || now.Before(rec.ExpiresAt) {
				// Not due after all (a store returning too much): never
				// erase early on a store's word.
				st.Skipped++
				continue
			}
			if rec.State.Tombstone() {
				err := v.store.Replace(ctx, rec.ID, rec.Rev, nil, nil)
				switch {
				case err == nil, errors.Is(err, ErrNotFound): // gone: by us (a retried reply) or by another sweeper
					st.Purged++
					m, _ := decodeMeta(rec.Meta) // nil for undecodable: falls back to the id reference
					v.emit(v.event(now, ActionPurged, rec.ID, m))
				case errors.Is(err, ErrConflict):
					st.Skipped++
				default:
					return st, err
				}
				continue
			}
			m, err := decodeMeta(rec.Meta)
			if err != nil {
				return st, err
			}
			r, err := v.erase(ctx, rec, m, now, dueReason(rec))
			switch {
			case err == nil && r.Outcome == OutcomeDeferred:
				st.Deferred++
			case err == nil:
				st.Erased++
			case errors.Is(err, ErrConflict) || errors.Is(err, ErrNotFound):
				st.Skipped++
			default:
				return st, err
			}
		}
		if !progress || len(recs) < v.sweepBatch {
			return st, nil
		}
	}
}

// dueReason is why a record past its ExpiresAt is erased.
func dueReason(rec *Record) string {
	switch rec.State {
	case StateClaimed:
		return ReasonClaimLapsed
	case StateHeld:
		return ReasonHoldEnded
	}
	return ReasonExpired
}

// Receipts returns up to limit log entries (signed receipts) written at or
// after since (by their writers' clocks), in log order.
func (v *Vault) Receipts(ctx context.Context, since time.Time, limit int) ([]LogEntry, error) {
	var out []LogEntry
	from := uint64(1)
	for limit > len(out) {
		page, err := v.store.Log(ctx, from, 1024)
		if err != nil {
			return out, err
		}
		for _, e := range page {
			if !e.At.Before(since) && len(out) < limit {
				out = append(out, e)
			}
			from = e.Seq + 1
		}
		if len(page) < 1024 {
			break
		}
	}
	return out, nil
}

// OpenSealed opens a sealed payload given its record id, wrapped data key
// and ciphertext, bypassing every policy check. It exists for recovery
// tooling and for tests that show crypto-shredding: once a record is
// deleted its wrapped key is gone, and a ciphertext copied out earlier
// cannot be opened without it. Errors are ErrNoKey or ErrDecrypt.
func (v *Vault) OpenSealed(id string, wrappedKey, ciphertext []byte) ([]byte, error) {
	if v.kek == nil {
		return nil, ErrNoKey
	}
	return open(v.kek, id, wrappedKey, ciphertext)
}
