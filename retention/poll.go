package retention

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// PollState says what a poll found: whether the personal data came with
// it, and if not, why.
type PollState uint8

// Poll states.
const (
	// PollPending: the session has not completed; no personal data yet.
	PollPending PollState = 1
	// PollAvailable: the personal data is returned, and later polls until
	// the deadline receive it again (KeepFor).
	PollAvailable PollState = 2
	// PollDelivered: the personal data is returned to this poll, the only
	// one that receives it (ReadOnce, or KeepFor with Once).
	PollDelivered PollState = 3
	// PollConsumed: an earlier poll received the personal data; this one
	// gets the status without it. Audited as a security event.
	PollConsumed PollState = 4
	// PollErased: the personal data was erased on completion
	// (DeleteOnCompletion) or on consent withdrawal; see Reason.
	PollErased PollState = 5
	// PollExpired: the personal data was erased at its deadline.
	PollExpired PollState = 6
	// PollHeld: a hold keeps the personal data sealed and unreadable.
	PollHeld PollState = 7
)

var pollNames = [...]string{"invalid", "pending", "available", "delivered", "consumed", "erased", "expired", "held"}

// String returns the state's name.
func (s PollState) String() string {
	if int(s) < len(pollNames) {
		return pollNames[s]
	}
	return "invalid"
}

// PollResult is what [Vault.Poll] returns: the PII-free session status the
// service stored beside the personal data, and the personal data itself
// when this poll may have it. It masks the personal data in String,
// GoString and LogValue.
type PollResult struct {
	// State says whether PII is set, and if not, why.
	State PollState
	// PII is the personal data for PollAvailable and PollDelivered, nil
	// otherwise.
	PII []byte
	// Status is the session status stored with [Vault.SetStatus] or
	// [Vault.CompleteWithStatus] (nil if none): PII-free JSON, kept after
	// consumption and erasure.
	Status json.RawMessage
	// Category is the record's data category.
	Category string
	// Completed is when the session completed (zero before).
	Completed time.Time
	// Reason is, for PollErased, PollExpired and PollConsumed, the reason
	// of the erasure (a Reason constant), when known.
	Reason string
}

// Err returns the error [Vault.Get] reports for r: nil when r carries the
// personal data, else ErrPending, ErrConsumed, ErrErased, ErrExpired or
// ErrHeld.
func (r PollResult) Err() error {
	switch r.State {
	case PollAvailable, PollDelivered:
		return nil
	case PollPending:
		return ErrPending
	case PollConsumed:
		return ErrConsumed
	case PollErased:
		return ErrErased
	case PollExpired:
		return ErrExpired
	case PollHeld:
		return ErrHeld
	}
	return fmt.Errorf("%w: poll state", ErrCorrupt)
}

// String implements fmt.Stringer without the personal data.
func (r PollResult) String() string {
	return fmt.Sprintf("retention.PollResult{state=%s pii=[%d bytes] status=[%d bytes]}", r.State, len(r.PII), len(r.Status))
}

// GoString implements fmt.GoStringer without the personal data.
func (r PollResult) GoString() string { return r.String() }

// LogValue implements [slog.LogValuer] without the personal data.
func (r PollResult) LogValue() slog.Value {
	return slog.GroupValue(slog.String("state", r.State.String()), slog.Int("pii_bytes", len(r.PII)),
		slog.String("category", r.Category), slog.String("reason", r.Reason))
}

// Poll reads record id as a status poll does, in one call: it returns the
// stored session status in every state, and the personal data when the
// policy lets this poll have it. Expiry is checked here, on every poll: a
// record past its deadline is erased on the spot (or held), with its
// receipt, whether or not a sweeper ran.
//
// No poll receives personal data before the session completed. A
// read-once record (ReadOnce, or KeepFor with [Policy.Once]) goes to
// exactly one poll, on any replica — the one whose token the store's
// atomic claim step recorded; a claim retried by the store client after a
// lost reply is answered with the same data, and if the claim's outcome
// stays unknown (the store failed), the next Poll of that id on this Vault
// presents the same token. Read-once data is erased, with its receipt, in
// the same store step that ends the claim.
//
// Poll returns an error only for an unknown id (ErrNotFound), bad input,
// store failures, clock skew, undecryptable data (ErrDecrypt) and a Vault
// without key-encryption key asked for data (ErrNoKey).
func (v *Vault) Poll(ctx context.Context, id string) (*PollResult, error) {
	if err := CheckID(id); err != nil {
		return nil, err
	}
	now, err := v.begin(ctx)
	if err != nil {
		return nil, err
	}
	tok := ""
	if v.kek != nil {
		tok = v.claimToken(id) // a Vault that cannot open data must not claim it
	}
	for range maxAttempts {
		rec, err := v.store.Get(ctx, id, now, tok)
		if err != nil {
			if tok != "" && errors.Is(err, ErrStore) {
				v.rememberClaim(id, tok)
			}
			return nil, err
		}
		m, err := decodeMeta(rec.Meta)
		if err != nil {
			return nil, err
		}
		res := &PollResult{Status: m.Status, Category: m.Category}
		if m.Completed != 0 {
			res.Completed = fromMS(m.Completed)
		}
		due := !now.Before(rec.ExpiresAt) && !rec.ExpiresAt.IsZero()
		switch rec.State {
		case StateConsumed:
			return v.consumed(now, id, m, res), nil
		case StateErased:
			res.State, res.Reason = PollErased, m.Reason
			if m.Reason == ReasonExpired {
				res.State = PollExpired
			}
			return v.deny(now, id, m, res), nil
		case StateHeld, StateDelivered:
			if due {
				if _, err := v.erase(ctx, rec, m, now, dueReason(rec)); isRace(err) {
					continue
				} else if err != nil {
					return nil, err
				}
				res.State, res.Reason = PollErased, dueReason(rec)
				if rec.State == StateDelivered {
					res.State = PollExpired
				}
				return v.deny(now, id, m, res), nil
			}
			if rec.State == StateDelivered || m.Reason == ReasonReadOnce {
				return v.consumed(now, id, m, res), nil
			}
			res.State = PollHeld
			return v.deny(now, id, m, res), nil
		case StateClaimed:
			if tok != "" && rec.Token == tok {
				return v.deliverClaim(ctx, rec, m, now, res)
			}
			if due {
				if _, err := v.erase(ctx, rec, m, now, ReasonClaimLapsed); isRace(err) {
					continue
				} else if err != nil {
					return nil, err
				}
			}
			return v.consumed(now, id, m, res), nil
		case StatePending, StateReady:
		default:
			return nil, fmt.Errorf("%w: state", ErrCorrupt)
		}
		if due || rec.Data == nil {
			// Past the deadline, or the store already expired the data
			// natively: erase with a receipt here.
			if _, err := v.erase(ctx, rec, m, now, ReasonExpired); isRace(err) {
				continue
			} else if err != nil {
				return nil, err
			}
			res.State, res.Reason = PollExpired, ReasonExpired
			return v.deny(now, id, m, res), nil
		}
		if rec.State == StatePending {
			res.State = PollPending
			return v.deny(now, id, m, res), nil
		}
		switch {
		case v.kek == nil:
			return nil, ErrNoKey
		case m.Mode == DeleteOnCompletion, m.Mode == ReadOnce && rec.ReadOnce:
			// DeleteOnCompletion records are never Ready, and a store
			// must claim a consumable read-once record.
			return nil, fmt.Errorf("%w: %s record in state %s", ErrCorrupt, m.Mode, rec.State)
		}
		key, err := v.wrappedKey(ctx, rec)
		if err != nil {
			return nil, err
		}
		pii, err := open(v.kek, id, key, rec.Data)
		if err != nil {
			return nil, err
		}
		switch {
		case m.Mode == ReadOnce:
			// Read-once under a hold: consume by compare-and-swap to
			// Held, so exactly one poller wins, and keep the sealed
			// record (deferred receipt).
			if _, err := v.erase(ctx, rec, m, now, ReasonReadOnce); err != nil {
				clear(pii)
				if isRace(err) {
					continue
				}
				return nil, err
			}
		case m.Once:
			// Returned once: compare-and-swap to Delivered, which keeps
			// the sealed data until the deadline but never returns it.
			next := rec.Clone()
			next.State, next.ReadOnce = StateDelivered, false
			if _, err := v.write(ctx, rec, next, nil, now); err != nil {
				clear(pii)
				if isRace(err) {
					continue
				}
				return nil, err
			}
		default:
			res.State, res.PII = PollAvailable, pii
			v.emit(v.event(now, ActionRead, id, m))
			return res, nil
		}
		res.State, res.PII = PollDelivered, pii
		v.emit(v.event(now, ActionConsumed, id, m))
		return res, nil
	}
	return nil, fmt.Errorf("%w: too many concurrent changes", ErrConflict)
}

func isRace(err error) bool { return errors.Is(err, ErrConflict) || errors.Is(err, ErrNotFound) }

// deliverClaim opens the data of a record this poll claimed and erases it
// with its receipt, conditional on the claim.
func (v *Vault) deliverClaim(ctx context.Context, rec *Record, m *meta, now time.Time, res *PollResult) (*PollResult, error) {
	key, err := v.wrappedKey(ctx, rec)
	var pii []byte
	if err == nil {
		pii, err = open(v.kek, rec.ID, key, rec.Data)
	}
	if _, eerr := v.erase(ctx, rec, m, now, ReasonReadOnce); eerr != nil && !isRace(eerr) {
		// The claim stands and no other poll can have the data; the
		// record is erased when the claim lapses (receipt reason
		// read-once-unconfirmed).
		e := v.event(now, ActionConsumed, rec.ID, m)
		e.Reason = "erasure-pending"
		v.emit(e)
		if err != nil {
			return nil, err
		}
		res.State, res.PII = PollDelivered, pii
		return res, nil
	}
	// A race here means another Vault erased the record after our claim
	// (a Delete, or a sweep after the lease): it was still ours.
	if err != nil {
		return nil, err
	}
	res.State, res.PII = PollDelivered, pii
	v.emit(v.event(now, ActionConsumed, rec.ID, m))
	return res, nil
}

func (v *Vault) consumed(now time.Time, id string, m *meta, res *PollResult) *PollResult {
	res.State = PollConsumed
	if m.Reason == ReasonReadOnce || m.Reason == ReasonClaimLapsed {
		res.Reason = m.Reason
	}
	e := v.event(now, ActionDenied, id, m)
	e.Reason, e.Security = "consumed", true
	v.emit(e)
	return res
}

func (v *Vault) deny(now time.Time, id string, m *meta, res *PollResult) *PollResult {
	e := v.event(now, ActionDenied, id, m)
	e.Reason = res.State.String()
	v.emit(e)
	return res
}

// Get returns the personal data of record id if the policy lets this read
// have it: [Vault.Poll] without the status, the reason for no data given
// as an error: ErrPending (before completion, in every mode), ErrConsumed
// (another poll received it; a security event is audited), ErrErased,
// ErrExpired, ErrHeld; or ErrNotFound, ErrDecrypt, ErrNoKey, ErrClock,
// ErrStore.
func (v *Vault) Get(ctx context.Context, id string) ([]byte, error) {
	if err := CheckID(id); err != nil {
		return nil, err
	}
	if v.kek == nil {
		return nil, ErrNoKey
	}
	res, err := v.Poll(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := res.Err(); err != nil {
		return nil, err
	}
	return res.PII, nil
}

// maxDoubt caps the claims whose outcome a Vault remembers as unknown.
const maxDoubt = 4096

type doubtClaim struct {
	token string
	at    time.Time
}

// claimToken returns the token of this Vault's last claim of id whose
// outcome is unknown (its store call failed), if it is recent, else a
// fresh one. A token is handed out once, so two concurrent polls never
// share one.
func (v *Vault) claimToken(id string) string {
	v.doubtMu.Lock()
	defer v.doubtMu.Unlock()
	if d, ok := v.doubt[id]; ok {
		delete(v.doubt, id)
		if time.Since(d.at) < ClaimLease {
			return d.token
		}
	}
	return newToken()
}

func (v *Vault) rememberClaim(id, tok string) {
	v.doubtMu.Lock()
	defer v.doubtMu.Unlock()
	if v.doubt == nil {
		v.doubt = make(map[string]doubtClaim)
	}
	if len(v.doubt) >= maxDoubt {
		for k, d := range v.doubt {
			if time.Since(d.at) >= ClaimLease {
				delete(v.doubt, k)
			}
		}
		if len(v.doubt) >= maxDoubt {
			return
		}
	}
	v.doubt[id] = doubtClaim{token: tok, at: time.Now()}
}
