package retention

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Never returns a time after every deadline (the last day of year 9999).
// A [Store.Get] at Never never consumes: the Vault uses it to inspect a
// record without reading it. It is a function so that no package state can
// be changed.
func Never() time.Time { return time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC) }

// Caps and defaults of a [Vault].
const (
	// MaxIDLen caps record ids, in bytes.
	MaxIDLen = 256
	// MaxCategoryLen caps category names, in bytes.
	MaxCategoryLen = 64
	// DefaultMaxPII is the default cap on one record's payload: 1 MiB.
	DefaultMaxPII = 1 << 20
	// DefaultTombstoneTTL is how long tombstones answer ErrConsumed,
	// ErrExpired or ErrErased before the sweeper purges them: 30 days.
	DefaultTombstoneTTL = 30 * 24 * time.Hour
	// DefaultSweepBatch is the default number of records per sweep batch.
	DefaultSweepBatch = 256
	// maxAttempts bounds retries after a concurrent modification.
	maxAttempts = 8
)

// Options configures a [Vault]. A nil *Options means all defaults.
type Options struct {
	// Now is the clock; nil means time.Now. Times are kept to the
	// millisecond.
	Now func() time.Time
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
	// TombstoneTTL is how long a tombstone is kept; zero means
	// DefaultTombstoneTTL.
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
// under per-record data keys, checks expiry on every read, consumes
// read-once records atomically, erases by crypto-shredding, and writes
// signed receipts. Safe for concurrent use; any number of Vaults (in any
// number of processes) may share one Store.
type Vault struct {
	store      Store
	keys       Store // nil: wrapped keys live in the records
	kek        KeyWrapper
	now        func() time.Time
	signer     ed25519.PrivateKey
	idKey      []byte
	audit      func(Event)
	tombTTL    time.Duration
	maxPII     int
	sweepBatch int
}

// New returns a Vault over store. kek wraps the per-record data keys; it
// may be nil for a Vault that only completes, deletes and sweeps (for
// example the CLI sweeper), in which case Put and Get fail with ErrNoKey.
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
	if v.tombTTL <= 0 {
		v.tombTTL = DefaultTombstoneTTL
	}
	if v.maxPII <= 0 {
		v.maxPII = DefaultMaxPII
	}
	if v.sweepBatch <= 0 {
		v.sweepBatch = DefaultSweepBatch
	}
	return v, nil
}

// meta is the PII-free metadata of a record, stored in Record.Meta.
// Times are Unix milliseconds.
type meta struct {
	Ref          string `json:"ref,omitempty"` // record reference fixed at Put (see Ref)
	Category     string `json:"c"`
	Policy       string `json:"p,omitempty"`
	Rule         string `json:"r"`
	Citation     string `json:"ci,omitempty"`
	Mode         Mode   `json:"m"`
	TTL          int64  `json:"t,omitempty"` // ms, KeepFor, resolved for the category
	MaxWait      int64  `json:"w"`           // ms
	Stored       int64  `json:"s"`
	Completed    int64  `json:"d,omitempty"`
	Deadline     int64  `json:"e"` // when the data must be gone (pending or ready)
	HoldUntil    int64  `json:"h,omitempty"`
	HoldCitation string `json:"hc,omitempty"`
	Reason       string `json:"x,omitempty"` // why erased / held
}

func (m *meta) encode() []byte {
	b, _ := json.Marshal(m) // cannot fail: plain fields
	return b
}

func decodeMeta(b []byte) (*meta, error) {
	var m meta
	if err := json.Unmarshal(b, &m); err != nil || m.Category == "" {
		return nil, fmt.Errorf("%w: metadata", ErrCorrupt)
	}
	return &m, nil
}

func ms(t time.Time) int64        { return t.UnixMilli() }
func fromMS(v int64) time.Time    { return time.UnixMilli(v).UTC() }
func (v *Vault) clock() time.Time { return time.UnixMilli(v.now().UnixMilli()).UTC() }

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

// Put seals pii under a fresh data key and stores it as record id of
// category, governed by policy. The record is pending until [Vault.Complete];
// it is erased if the session does not complete within the policy's
// MaxWait. Put fails with ErrExists when the id is in use (also by a
// tombstone), ErrInput for a bad id, category or oversized payload,
// ErrPolicy for an invalid policy.
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
	now := v.clock()
	holdUntil, holdCite := policy.holdFor(category, now)
	m := &meta{
		Ref: Ref(v.idKey, id), Category: category, Policy: policy.Name, Rule: policy.Describe(category),
		Citation: policy.Citation, Mode: policy.Mode, MaxWait: policy.maxWait().Milliseconds(),
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
		ID: id, State: StatePending, ExpiresAt: fromMS(m.Deadline),
		Meta: m.encode(), Key: wrapped, Data: ct,
	}
	if v.keys != nil {
		rec.Key = nil
	}
	if err := v.store.Create(ctx, rec); err != nil {
		return err
	}
	if v.keys != nil {
		// The key record is never due: the Vault deletes it on erasure.
		// A crash before this line leaves a record that cannot be opened
		// and is erased at its deadline like any other.
		kr := &Record{ID: id, State: StatePending, Meta: []byte("{}"), Key: wrapped}
		if err := v.keys.Create(ctx, kr); err != nil {
			if cur, gerr := v.store.Get(ctx, id, Never()); gerr == nil {
				_ = v.store.Replace(ctx, id, cur.Rev, nil, nil) // undo, best effort
			}
			return err
		}
	}
	v.emit(v.event(now, ActionStored, id, m))
	return nil
}

// wrappedKey returns the wrapped data key of rec: from the record, or from
// the key store. A missing key (shredded) yields ErrDecrypt.
func (v *Vault) wrappedKey(ctx context.Context, rec *Record) ([]byte, uint64, error) {
	if v.keys == nil {
		return rec.Key, 0, nil
	}
	kr, err := v.keys.Get(ctx, rec.ID, Never())
	if errors.Is(err, ErrNotFound) {
		return nil, 0, ErrDecrypt
	}
	if err != nil {
		return nil, 0, err
	}
	return kr.Key, kr.Rev, nil
}

// destroyKey deletes the record's wrapped key from the key store, if any.
func (v *Vault) destroyKey(ctx context.Context, id string) error {
	if v.keys == nil {
		return nil
	}
	for range maxAttempts {
		kr, err := v.keys.Get(ctx, id, Never())
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

// Get returns the personal data of record id if the policy still allows
// it. Expiry is checked here, on every read: a record past its deadline is
// erased on the spot (or held) and ErrExpired returned, whether or not a
// sweeper ran.
//
// For a ReadOnce record, a Get before completion returns ErrPending and
// consumes nothing; the first Get after completion receives the data and
// erases it in the same atomic store step; every later Get, on any replica,
// returns ErrConsumed (and emits a Security audit event). If opening the
// consumed record fails (say, the key-encryption key was removed), the data
// is gone nonetheless and Get returns ErrDecrypt.
//
// Other errors: ErrNotFound, ErrErased, ErrHeld, ErrDecrypt, ErrNoKey.
func (v *Vault) Get(ctx context.Context, id string) ([]byte, error) {
	if err := CheckID(id); err != nil {
		return nil, err
	}
	if v.kek == nil {
		return nil, ErrNoKey
	}
	now := v.clock()
	for range maxAttempts {
		rec, err := v.store.Get(ctx, id, now)
		if err != nil {
			return nil, err
		}
		m, err := decodeMeta(rec.Meta)
		if err != nil {
			return nil, err
		}
		switch rec.State {
		case StateConsumed:
			e := v.event(now, ActionDenied, id, m)
			e.Reason, e.Security = "consumed", true
			v.emit(e)
			return nil, ErrConsumed
		case StateErased:
			return nil, v.deny(now, id, m, tombstoneErr(m.Reason))
		case StateHeld:
			if m.Reason == ReasonReadOnce {
				// A read-once record under a hold was already received by
				// one poller; it is only kept sealed for the hold.
				e := v.event(now, ActionDenied, id, m)
				e.Reason, e.Security = "consumed", true
				v.emit(e)
				return nil, ErrConsumed
			}
			if !now.Before(rec.ExpiresAt) {
				if _, err := v.erase(ctx, rec, m, now, ReasonHoldEnded); errors.Is(err, ErrConflict) || errors.Is(err, ErrNotFound) {
					continue
				} else if err != nil {
					return nil, err
				}
				return nil, v.deny(now, id, m, ErrErased)
			}
			return nil, v.deny(now, id, m, ErrHeld)
		case StatePending, StateReady:
		default:
			return nil, fmt.Errorf("%w: state", ErrCorrupt)
		}
		if !now.Before(rec.ExpiresAt) {
			// Past the deadline. A Consumable record was not consumed by
			// the store (same test), so erase it here.
			if _, err := v.erase(ctx, rec, m, now, ReasonExpired); errors.Is(err, ErrConflict) || errors.Is(err, ErrNotFound) {
				continue
			} else if err != nil {
				return nil, err
			}
			return nil, v.deny(now, id, m, ErrExpired)
		}
		if rec.State == StatePending && m.Mode == ReadOnce {
			return nil, v.deny(now, id, m, ErrPending)
		}
		if rec.Consumable(now) {
			// The store consumed it for us: we are the one winner.
			key, _, kerr := v.wrappedKey(ctx, rec)
			pii, oerr := open(v.kek, id, key, rec.Data)
			if kerr != nil {
				pii, oerr = nil, kerr
			}
			if err := v.destroyKey(ctx, id); err != nil {
				// The poller won fairly and the ciphertext is gone from the
				// main store; report the leftover key loudly instead of
				// losing the data for everyone.
				e := v.event(now, ActionDenied, id, m)
				e.Reason, e.Security = "key-not-destroyed", true
				v.emit(e)
			}
			r := v.receipt(id, m, ReasonReadOnce, now)
			if text, err := r.Sign(v.signer); err == nil {
				_ = v.store.Append(ctx, LogEntry{At: now, Data: text}) // best effort: the data is already gone
			}
			v.emit(v.event(now, ActionConsumed, id, m))
			return pii, oerr
		}
		key, _, err := v.wrappedKey(ctx, rec)
		if err != nil {
			return nil, err
		}
		pii, err := open(v.kek, id, key, rec.Data)
		if err != nil {
			return nil, err
		}
		if rec.State == StateReady && m.Mode == ReadOnce {
			// Read-once under a hold: consume by compare-and-swap to Held,
			// so exactly one poller wins, and keep the sealed record.
			if _, err := v.erase(ctx, rec, m, now, ReasonReadOnce); errors.Is(err, ErrConflict) || errors.Is(err, ErrNotFound) {
				clear(pii)
				continue
			} else if err != nil {
				clear(pii)
				return nil, err
			}
			v.emit(v.event(now, ActionConsumed, id, m))
			return pii, nil
		}
		v.emit(v.event(now, ActionRead, id, m))
		return pii, nil
	}
	return nil, fmt.Errorf("%w: too many concurrent changes", ErrConflict)
}

func (v *Vault) deny(now time.Time, id string, m *meta, err error) error {
	e := v.event(now, ActionDenied, id, m)
	switch {
	case errors.Is(err, ErrPending):
		e.Reason = "pending"
	case errors.Is(err, ErrExpired):
		e.Reason = "expired"
	case errors.Is(err, ErrHeld):
		e.Reason = "held"
	default:
		e.Reason = "erased"
	}
	v.emit(e)
	return err
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
// KeepFor keeps it readable for the TTL. Completing a completed record is a
// no-op. It returns ErrExpired if the record's deadline passed first,
// ErrNotFound, or the error a Get of a tombstone would return.
func (v *Vault) Complete(ctx context.Context, id string) error {
	if err := CheckID(id); err != nil {
		return err
	}
	now := v.clock()
	for range maxAttempts {
		rec, m, err := v.peek(ctx, id)
		if err != nil {
			return err
		}
		switch rec.State {
		case StateReady, StateHeld:
			return nil
		case StateConsumed:
			return ErrConsumed
		case StateErased:
			return tombstoneErr(m.Reason)
		case StatePending:
		default:
			return fmt.Errorf("%w: state", ErrCorrupt)
		}
		if !now.Before(rec.ExpiresAt) {
			if _, err := v.erase(ctx, rec, m, now, ReasonExpired); errors.Is(err, ErrConflict) || errors.Is(err, ErrNotFound) {
				continue
			} else if err != nil {
				return err
			}
			return ErrExpired
		}
		m.Completed = ms(now)
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
			// Under a hold the store must not consume (it would erase):
			// Get consumes by compare-and-swap to Held instead.
			next.ReadOnce = m.HoldUntil <= ms(now)
			next.TombstoneUntil = fromMS(m.Deadline).Add(v.tombTTL)
		} else {
			m.Deadline = ms(now) + m.TTL
		}
		next.ExpiresAt = fromMS(m.Deadline)
		next.Meta = m.encode()
		err = v.store.Replace(ctx, id, rec.Rev, next, nil)
		if errors.Is(err, ErrConflict) || errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		v.emit(v.event(now, ActionCompleted, id, m))
		return nil
	}
	return fmt.Errorf("%w: too many concurrent changes", ErrConflict)
}

func (v *Vault) peek(ctx context.Context, id string) (*Record, *meta, error) {
	rec, err := v.store.Get(ctx, id, Never())
	if err != nil {
		return nil, nil, err
	}
	m, err := decodeMeta(rec.Meta)
	if err != nil {
		return nil, nil, err
	}
	return rec, m, nil
}

// Delete erases record id at once, for example because consent was
// withdrawn (DPDP Act 2023 s.8(7); Aadhaar regulation 16(4) asks for an
// acknowledgement: hand the holder the receipt). The wrapped data key is
// destroyed together with the ciphertext, so copies of the ciphertext can
// no longer be opened.
//
// If a hold forbids erasure, the record becomes unreadable at once, a
// deferred receipt is returned together with ErrHeld, and the sweeper
// erases it when the hold ends. Deleting a tombstone returns nil and the
// error a Get would return.
func (v *Vault) Delete(ctx context.Context, id string) (*Receipt, error) {
	if err := CheckID(id); err != nil {
		return nil, err
	}
	now := v.clock()
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

// receipt builds the (unsigned) receipt for erasing record id now.
func (v *Vault) receipt(id string, m *meta, reason string, now time.Time) *Receipt {
	r := &Receipt{
		Version: 1, ID: newReceiptID(), Record: v.ref(id, m), Category: m.Category,
		Policy: m.Policy, Rule: m.Rule, Citation: m.Citation, Reason: reason,
		Outcome: OutcomeErased, Mechanism: MechanismShred, Stored: fromMS(m.Stored), At: now,
	}
	if reason == ReasonExpired {
		r.Deadline = fromMS(m.Deadline)
	}
	return r
}

// erase replaces rec by its tombstone, or by a Held record when a hold
// still applies, writing the signed receipt in the same atomic store step.
func (v *Vault) erase(ctx context.Context, rec *Record, m *meta, now time.Time, reason string) (*Receipt, error) {
	r := v.receipt(rec.ID, m, reason, now)
	mm := *m
	mm.Reason = reason
	var next *Record
	if m.HoldUntil > ms(now) {
		r.Outcome = OutcomeDeferred
		r.HoldUntil, r.HoldCitation = fromMS(m.HoldUntil), m.HoldCitation
		next = rec.Clone()
		next.State, next.ReadOnce = StateHeld, false
		next.ExpiresAt = fromMS(m.HoldUntil)
		next.Meta = mm.encode()
	} else {
		// Crypto-shredding: destroy the wrapped key first. If the record
		// then changed under us, it is unreadable anyway and the caller
		// retries the erasure.
		if err := v.destroyKey(ctx, rec.ID); err != nil {
			return nil, err
		}
		next = &Record{
			ID: rec.ID, State: StateErased, ErasedAt: now,
			ExpiresAt: now.Add(v.tombTTL), Meta: mm.encode(),
		}
		if reason == ReasonReadOnce {
			next.State = StateConsumed
		}
	}
	text, err := r.Sign(v.signer)
	if err != nil {
		return nil, err
	}
	if err := v.store.Replace(ctx, rec.ID, rec.Rev, next, &LogEntry{At: now, Data: text}); err != nil {
		return nil, err
	}
	e := v.event(now, ActionErased, rec.ID, m)
	if r.Outcome == OutcomeDeferred {
		e.Action = ActionDeferred
	}
	e.Reason = reason
	v.emit(e)
	return r, nil
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
// and purges old tombstones. It is idempotent and safe to run on every
// replica at once; it is garbage collection, never the guarantee — reads
// check expiry themselves.
func (v *Vault) Sweep(ctx context.Context) (SweepStats, error) {
	var st SweepStats
	now := v.clock()
	seen := make(map[string]bool)
	for {
		recs, err := v.store.Due(ctx, now, v.sweepBatch)
		if err != nil {
			return st, err
		}
		progress := false
		for _, rec := range recs {
			if err := ctx.Err(); err != nil {
				return st, err
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
				case err == nil:
					st.Purged++
					m, _ := decodeMeta(rec.Meta) // nil for undecodable: falls back to the id reference
					v.emit(v.event(now, ActionPurged, rec.ID, m))
				case errors.Is(err, ErrConflict) || errors.Is(err, ErrNotFound):
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
			reason := ReasonExpired
			if rec.State == StateHeld {
				reason = ReasonHoldEnded
			}
			r, err := v.erase(ctx, rec, m, now, reason)
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

// Receipts returns up to limit log entries (signed receipts) written at or
// after since, oldest first.
func (v *Vault) Receipts(ctx context.Context, since time.Time, limit int) ([]LogEntry, error) {
	return v.store.Log(ctx, since, limit)
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
