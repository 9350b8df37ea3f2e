package retention

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"time"
)

// write replaces rec (read at revision rec.Rev) by next (nil: delete) and,
// when r is not nil, appends r to the store's log in the same atomic step,
// as the next link of the receipt chain: it sets r.Seq and r.Prev from the
// log head, signs r, and returns the signed text.
//
// Every write carries a fresh token in next. When the store reports a
// conflict, write looks whether the record now holds that token at
// revision rec.Rev+1: then this very write landed and only its reply was
// lost (a store client such as go-redis retries a command whose reply
// never came, and the retry finds its own result), and write succeeds.
// A conflict that left the record unchanged means the log head moved
// (another Vault appended): write reads the head again and retries.
func (v *Vault) write(ctx context.Context, rec, next *Record, r *Receipt, now time.Time) ([]byte, error) {
	if next != nil {
		next.Token = newToken()
	}
	for range maxAttempts {
		var entry *LogEntry
		var text []byte
		if r != nil {
			head, err := v.logHead(ctx)
			if err != nil {
				return nil, err
			}
			r.Seq, r.Prev = head.Seq+1, ""
			if head.Seq > 0 {
				r.Prev = hex.EncodeToString(head.Hash)
			}
			if text, err = r.Sign(v.signer); err != nil {
				return nil, err
			}
			entry = &LogEntry{Seq: r.Seq, At: now, Prev: head.Hash, Hash: EntryHash(text), Data: text}
		}
		err := v.store.Replace(ctx, rec.ID, rec.Rev, next, entry)
		if err == nil {
			v.setHead(entry)
			return text, nil
		}
		if !errors.Is(err, ErrConflict) && !errors.Is(err, ErrNotFound) {
			return nil, err
		}
		cur, gerr := v.store.Get(ctx, rec.ID, Never(), "")
		switch {
		case gerr == nil && next != nil && cur.Rev == rec.Rev+1 && cur.Token == next.Token:
			v.setHead(entry) // landed: its entry is the one appended
			return text, nil
		case gerr == nil && cur.Rev == rec.Rev && entry != nil:
			v.dropHead() // the record did not change: the log head did
			continue
		case gerr != nil && !errors.Is(gerr, ErrNotFound):
			return nil, gerr
		}
		return nil, err
	}
	return nil, fmt.Errorf("%w: too many concurrent log appends", ErrConflict)
}

func (v *Vault) logHead(ctx context.Context) (LogHead, error) {
	v.headMu.Lock()
	h, ok := v.head, v.headOK
	v.headMu.Unlock()
	if ok {
		return h, nil
	}
	h, err := v.store.LogHead(ctx)
	if err != nil {
		return LogHead{}, err
	}
	v.headMu.Lock()
	if !v.headOK || h.Seq > v.head.Seq {
		v.head, v.headOK = h, true
	}
	v.headMu.Unlock()
	return h, nil
}

func (v *Vault) setHead(e *LogEntry) {
	if e == nil {
		return
	}
	v.headMu.Lock()
	if e.Seq > v.head.Seq {
		v.head, v.headOK = LogHead{Seq: e.Seq, Hash: e.Hash}, true
	}
	v.headMu.Unlock()
}

func (v *Vault) dropHead() {
	v.headMu.Lock()
	v.headOK = false
	v.headMu.Unlock()
}

// receipt builds the (unsigned, unchained) receipt for erasing record id
// now.
func (v *Vault) receipt(id string, m *meta, reason string, now time.Time) *Receipt {
	r := &Receipt{
		Version: receiptVersion, ID: newToken(), Record: v.ref(id, m), Category: m.Category,
		Policy: m.Policy, Rule: m.Rule, Citation: m.Citation, Reason: reason,
		Outcome: OutcomeErased, Mechanism: MechanismShred, Stored: fromMS(m.Stored), At: now,
	}
	if reason == ReasonExpired {
		r.Deadline = fromMS(m.Deadline)
	}
	return r
}

// holdsData reports whether a record in state s carries sealed data.
func holdsData(s State) bool {
	return s == StatePending || s == StateReady || s == StateHeld || s == StateDelivered || s == StateClaimed
}

// erase replaces rec by its tombstone, or by a Held record when a hold
// still applies, writing the signed receipt in the same atomic store step.
// The wrapped key in the key store, if any, is destroyed first: if the
// record then changed under us, it is unreadable anyway and the caller
// retries the erasure.
func (v *Vault) erase(ctx context.Context, rec *Record, m *meta, now time.Time, reason string) (*Receipt, error) {
	r := v.receipt(rec.ID, m, reason, now)
	mm := *m
	mm.Reason = reason
	var next *Record
	if m.HoldUntil > ms(now) && rec.State != StateClaimed {
		r.Outcome = OutcomeDeferred
		r.HoldUntil, r.HoldCitation = fromMS(m.HoldUntil), m.HoldCitation
		next = rec.Clone()
		next.State, next.ReadOnce = StateHeld, false
		next.ExpiresAt = fromMS(m.HoldUntil)
		next.Meta = mm.encode()
	} else {
		if rec.Data == nil && rec.State != StateClaimed && holdsData(rec.State) {
			r.Mechanism = MechanismStoreExpiry
		}
		if err := v.destroyKey(ctx, rec.ID); err != nil {
			return nil, err
		}
		next = &Record{
			ID: rec.ID, State: StateErased, ErasedAt: now,
			ExpiresAt: v.tombstoneUntil(now), Meta: mm.encode(),
		}
		if reason == ReasonReadOnce || reason == ReasonClaimLapsed {
			next.State = StateConsumed
		}
	}
	if _, err := v.write(ctx, rec, next, r, now); err != nil {
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
