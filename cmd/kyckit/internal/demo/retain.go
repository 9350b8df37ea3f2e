package demo

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/kyckit/kyckit/normalize"
	"github.com/kyckit/kyckit/retention"
	"github.com/kyckit/kyckit/retention/boltstore"
)

// stepRetain is step 5: the three records are stored as one PII record
// under the 1Kosmos read-once policy (pii_retention_ttl=-1), read once
// after completion, the second read refused, and the signed deletion
// receipt verified with the operator's public key.
func (r *run) stepRetain(st *Step) (err error) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return err
	}
	kek, err := retention.GenerateKeyset() // in production: a KMS-backed Tink AEAD
	if err != nil {
		return err
	}
	idKey := make([]byte, 32)
	if _, err := rand.Read(idKey); err != nil {
		return err
	}
	var store retention.Store
	storeName := "memory store"
	if r.opts.Dir != "" {
		bs, err := boltstore.Open(filepath.Join(r.opts.Dir, "vault.db"), nil)
		if err != nil {
			return err
		}
		defer func() {
			if cerr := bs.Close(); err == nil && cerr != nil {
				err = cerr
			}
		}()
		store, storeName = bs, "bbolt file store"
	} else {
		store = retention.NewMemoryStore()
	}
	var events []retention.Event
	v, err := retention.New(store, kek, &retention.Options{
		Now: r.now, Signer: priv, IDKey: idKey,
		Audit: func(e retention.Event) {
			events = append(events, e)
			r.log.Info("retention event", "event", e)
		},
	})
	if err != nil {
		return err
	}
	policy, err := retention.PolicyFromKosmos(false, -1)
	if err != nil {
		return err
	}
	pii, err := json.Marshal(map[string]*normalize.Record{"ovse": r.ovseRec, "1kosmos": r.kosmosRec, "offline_xml": r.offlineRec})
	if err != nil {
		return err
	}
	id := "demo-session-" + r.fx.ovse.txn
	if err := v.Put(r.ctx, id, recordCategory, pii, policy); err != nil {
		return err
	}
	if _, err := v.Get(r.ctx, id); !errors.Is(err, retention.ErrPending) {
		return fmt.Errorf("read before completion: got %v, want %w", err, retention.ErrPending)
	}
	if err := v.Complete(r.ctx, id); err != nil {
		return err
	}
	got, err := v.Get(r.ctx, id)
	if err != nil {
		return fmt.Errorf("first read after completion: %w", err)
	}
	if !bytes.Equal(got, pii) {
		return errors.New("first read returned other bytes than were stored")
	}
	_, second := v.Get(r.ctx, id)
	if !errors.Is(second, retention.ErrConsumed) {
		return fmt.Errorf("second read: got %v, want %w", second, retention.ErrConsumed)
	}
	entries, err := v.Receipts(r.ctx, time.Time{}, 16)
	if err != nil {
		return err
	}
	ref := retention.Ref(idKey, id)
	var rc *retention.Receipt
	var text []byte
	for _, e := range entries {
		if x, err := retention.VerifyReceipt(e.Data, pub); err == nil && x.Record == ref {
			rc, text = x, e.Data
		}
	}
	if rc == nil {
		return errors.New("no deletion receipt signed by the vault's key")
	}
	if rc.Reason != retention.ReasonReadOnce || rc.Outcome != retention.OutcomeErased || rc.Mechanism != retention.MechanismShred {
		return fmt.Errorf("receipt says %s/%s/%s, want %s/%s/%s", rc.Reason, rc.Outcome, rc.Mechanism,
			retention.ReasonReadOnce, retention.OutcomeErased, retention.MechanismShred)
	}
	// A receipt signed by another key must not verify.
	otherPub, _, _ := ed25519.GenerateKey(rand.Reader)
	if _, err := retention.VerifyReceipt(text, otherPub); !errors.Is(err, retention.ErrSignature) {
		return fmt.Errorf("receipt verified under another key: %v", err)
	}
	r.log.Info("deletion receipt", "receipt", rc)
	security := 0
	for _, e := range events {
		if e.Security {
			security++
		}
	}
	st.Lines = append(st.Lines,
		fmt.Sprintf("%d bytes sealed under a per-record data key (Tink AEAD KEK) in a %s", len(pii), storeName),
		fmt.Sprintf("policy %q: read before completion refused, first read after it: %d bytes", policy.Name, len(got)),
		fmt.Sprintf("second read refused: %v (security event audited: %d)", second, security),
		fmt.Sprintf("receipt %s…: %s, %s by %s, Ed25519 signature verified", rc.ID[:8], rc.Reason, rc.Outcome, rc.Mechanism))
	st.Data = map[string]any{"receipt": rc, "signed_receipt_bytes": len(text)}
	return nil
}
