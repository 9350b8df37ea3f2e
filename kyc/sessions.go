package kyc

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/kyckit/kyckit/normalize"
	"github.com/kyckit/kyckit/retention"
)

// Session is one OVSE session as [OVSE] keeps it. It holds no personal
// data: the resident's fields live sealed in the retention vault, under
// the session's id.
type Session struct {
	// ID is the session id given to the tenant ("ovse_sess_" and 26
	// random base32 characters).
	ID string `json:"id"`
	// Tenant owns the session: only its tokens see it.
	Tenant string `json:"tenant"`
	// Txn is the transaction id of the request to the Aadhaar app, which
	// its callback echoes (a random version 4 UUID: 122 random bits).
	Txn string `json:"txn"`
	// ClientReferenceID is the tenant's correlation id, echoed in every
	// status. It must not be personal data.
	ClientReferenceID string `json:"ref,omitempty"`
	// Status is pending until the callback is processed, then completed
	// or failed; a pending session past ExpiresAt is expired (computed on
	// every read, so replicas agree without a writer).
	Status normalize.OVSEStatus `json:"status"`
	// Received is set, in one conditional write, by the callback that
	// consumed the txn; a second callback for the txn is refused.
	Received bool `json:"received,omitempty"`
	// CreatedAt and ExpiresAt bound the wait for the callback.
	CreatedAt time.Time `json:"created"`
	ExpiresAt time.Time `json:"expires"`
	// Record is the id of the vault record that holds the resident's
	// fields (completed): the session id and a suffix per callback
	// attempt.
	Record string `json:"record,omitempty"`
	// VerifiedAt is when the credential was verified (completed).
	VerifiedAt time.Time `json:"verified,omitzero"`
	// FailureCode and FailureMessage say why a session failed; they name
	// a code or a check, never a value of the credential.
	FailureCode    string `json:"failure_code,omitempty"`
	FailureMessage string `json:"failure_message,omitempty"`

	rev uint64 // store revision, for conditional updates
}

// CallbackGrace is how long after ExpiresAt a callback that was received
// in time may take to complete its session. A session still pending
// after it (its replica died mid-callback) reads as expired.
const CallbackGrace = time.Minute

// StatusAt returns the session's status at now: Status, except that a
// pending session is expired once ExpiresAt has passed (ExpiresAt plus
// [CallbackGrace] when its callback was received and is being processed).
func (s *Session) StatusAt(now time.Time) normalize.OVSEStatus {
	if s.Status != normalize.OVSEPending {
		return s.Status
	}
	end := s.ExpiresAt
	if s.Received {
		end = end.Add(CallbackGrace)
	}
	if !now.Before(end) {
		return normalize.OVSEExpired
	}
	return s.Status
}

// LogValue implements slog.LogValuer (a session holds no personal data;
// the tenant's reference is left out all the same).
func (s Session) LogValue() slog.Value {
	return slog.GroupValue(slog.String("session_id", s.ID), slog.String("tenant", s.Tenant),
		slog.String("status", string(s.Status)), slog.Bool("received", s.Received))
}

// SessionStore keeps [Session]s for [OVSE]. Implementations must be safe
// for concurrent use, and for replicas sharing them, Update must be
// atomic across processes.
type SessionStore interface {
	// Create stores a new session and its txn. It fails with ErrStore
	// (wrapping retention.ErrExists) when the id or the txn is taken.
	Create(ctx context.Context, s *Session) error
	// Get returns the session with id, or ErrSessionNotFound.
	Get(ctx context.Context, id string) (*Session, error)
	// ByTxn returns the session that issued txn, or ErrUnknownTxn.
	ByTxn(ctx context.Context, txn string) (*Session, error)
	// Update replaces s as it was read (by Get or ByTxn) with its new
	// fields. It fails with ErrTxnConsumed when another writer changed
	// the session since: of concurrent updates of one read, exactly one
	// succeeds.
	Update(ctx context.Context, s *Session) error
	// ClaimCredential records, in one conditional write, that session
	// sessionID accepts the credential named by key (opaque, at most 64
	// bytes of printable ASCII), until until. It fails with
	// ErrCredentialReused when another session claimed key before, in any
	// process sharing the store: of concurrent claims of one key, exactly
	// one succeeds. A repeated claim by the same session succeeds.
	ClaimCredential(ctx context.Context, key, sessionID string, until time.Time) error
	// ReleaseCredential withdraws sessionID's claim on key (the session
	// did not complete); another session's claim, or none, is left alone.
	ReleaseCredential(ctx context.Context, key, sessionID string) error
	// Sweep deletes the sessions (and txns, and credential claims) whose
	// keep-until has passed, and returns how many records it deleted.
	Sweep(ctx context.Context, now time.Time) (int, error)
}

// StoreSessions keeps sessions in a [retention.Store] — the memory store,
// boltstore or redisstore — which already does what sessions need:
// atomic conditional replace across processes, deadlines, a due index.
// Each session is one record ("s:" and the id) whose PII-free metadata is
// the session, plus one record ("t:" and the txn) naming the session.
// Both are kept until the session's ExpiresAt plus keep (default
// [DefaultSessionKeep]), so a late poll still learns the session's end,
// then deleted by Sweep. A claimed credential is one record ("c:" and
// the key) naming the session that accepted it, kept until the time
// ClaimCredential was given, then deleted by Sweep.
//
// Give it a store of its own, not the one a retention.Vault uses: the
// vault's sweeper cannot read session records.
func StoreSessions(store retention.Store, keep time.Duration) SessionStore {
	if keep <= 0 {
		keep = DefaultSessionKeep
	}
	return &storeSessions{s: store, keep: keep}
}

// DefaultSessionKeep is how long [StoreSessions] keeps a session after its
// expires_at: seven days, as long as a read-once record waits for its
// poll by default.
const DefaultSessionKeep = 7 * 24 * time.Hour

type storeSessions struct {
	s    retention.Store
	keep time.Duration
}

func storeErr(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%w: %w", ErrStore, err)
}

func (st *storeSessions) Create(ctx context.Context, s *Session) error {
	meta, err := json.Marshal(s)
	if err != nil {
		return storeErr(err)
	}
	until := s.ExpiresAt.Add(st.keep)
	// The txn first: a session must never exist without its txn, while a
	// txn record left by a failed Create names no session and is swept.
	txn := &retention.Record{ID: "t:" + s.Txn, State: retention.StatePending, ExpiresAt: until, Meta: []byte(s.ID)}
	if err := st.s.Create(ctx, txn); err != nil {
		return storeErr(err)
	}
	rec := &retention.Record{ID: "s:" + s.ID, State: retention.StatePending, ExpiresAt: until, Meta: meta}
	if err := st.s.Create(ctx, rec); err != nil {
		return storeErr(err)
	}
	s.rev = 1
	return nil
}

func (st *storeSessions) Get(ctx context.Context, id string) (*Session, error) {
	rec, err := st.s.Get(ctx, "s:"+id, retention.Never(), "")
	if errors.Is(err, retention.ErrNotFound) {
		return nil, ErrSessionNotFound
	}
	if err != nil {
		return nil, storeErr(err)
	}
	s := &Session{}
	if err := json.Unmarshal(rec.Meta, s); err != nil || s.ID != id {
		return nil, fmt.Errorf("%w: session record %q unreadable", ErrStore, "meta")
	}
	s.rev = rec.Rev
	return s, nil
}

func (st *storeSessions) ByTxn(ctx context.Context, txn string) (*Session, error) {
	rec, err := st.s.Get(ctx, "t:"+txn, retention.Never(), "")
	if errors.Is(err, retention.ErrNotFound) {
		return nil, ErrUnknownTxn
	}
	if err != nil {
		return nil, storeErr(err)
	}
	s, err := st.Get(ctx, string(rec.Meta))
	if errors.Is(err, ErrSessionNotFound) {
		return nil, ErrUnknownTxn
	}
	if err == nil && s.Txn != txn {
		return nil, fmt.Errorf("%w: txn record names another session", ErrStore)
	}
	return s, err
}

func (st *storeSessions) Update(ctx context.Context, s *Session) error {
	meta, err := json.Marshal(s)
	if err != nil {
		return storeErr(err)
	}
	next := &retention.Record{ID: "s:" + s.ID, State: retention.StatePending, ExpiresAt: s.ExpiresAt.Add(st.keep), Meta: meta}
	err = st.s.Replace(ctx, "s:"+s.ID, s.rev, next, nil)
	switch {
	case errors.Is(err, retention.ErrConflict):
		return ErrTxnConsumed
	case errors.Is(err, retention.ErrNotFound):
		return ErrSessionNotFound
	case err != nil:
		return storeErr(err)
	}
	s.rev++
	return nil
}

func (st *storeSessions) ClaimCredential(ctx context.Context, key, sessionID string, until time.Time) error {
	id := "c:" + key
	err := st.s.Create(ctx, &retention.Record{ID: id, State: retention.StatePending, ExpiresAt: until, Meta: []byte(sessionID)})
	if !errors.Is(err, retention.ErrExists) {
		return storeErr(err)
	}
	rec, err := st.s.Get(ctx, id, retention.Never(), "")
	switch {
	case errors.Is(err, retention.ErrNotFound):
		// Swept between the two calls: its hold ended. Refuse all the
		// same rather than race a concurrent claim.
		return ErrCredentialReused
	case err != nil:
		return storeErr(err)
	case string(rec.Meta) == sessionID:
		return nil
	}
	return ErrCredentialReused
}

func (st *storeSessions) ReleaseCredential(ctx context.Context, key, sessionID string) error {
	rec, err := st.s.Get(ctx, "c:"+key, retention.Never(), "")
	switch {
	case errors.Is(err, retention.ErrNotFound):
		return nil
	case err != nil:
		return storeErr(err)
	case string(rec.Meta) != sessionID:
		return nil // another session's claim
	}
	if err := st.s.Replace(ctx, rec.ID, rec.Rev, nil, nil); err != nil && !errors.Is(err, retention.ErrNotFound) {
		return storeErr(err)
	}
	return nil
}

// sweepBatch is how many due records Sweep handles per store query.
const sweepBatch = 256

func (st *storeSessions) Sweep(ctx context.Context, now time.Time) (int, error) {
	n := 0
	for {
		due, err := st.s.Due(ctx, now, sweepBatch)
		if err != nil {
			return n, storeErr(err)
		}
		done := 0
		for _, r := range due {
			err := st.s.Replace(ctx, r.ID, r.Rev, nil, nil)
			switch {
			case err == nil:
				n++
				done++
			case errors.Is(err, retention.ErrConflict), errors.Is(err, retention.ErrNotFound):
				// changed or deleted meanwhile, by another replica
			default:
				return n, storeErr(err)
			}
		}
		if len(due) < sweepBatch || done == 0 {
			return n, nil
		}
	}
}
