package retention_test

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/kyckit/kyckit/retention"
)

// A read-once session (1Kosmos pii_retention_ttl=-1): polls before
// completion get nothing, the first poll after completion gets the PII and
// erases it, later polls learn it was consumed.
func ExampleVault() {
	ctx := context.Background()
	kek, err := retention.GenerateKeyset() // in production: a KMS-backed Tink AEAD
	if err != nil {
		log.Fatal(err)
	}
	v, err := retention.New(retention.NewMemoryStore(), kek, nil)
	if err != nil {
		log.Fatal(err)
	}
	policy, err := retention.PolicyFromKosmos(false, -1)
	if err != nil {
		log.Fatal(err)
	}
	if err := v.Put(ctx, "session-42", "ekyc", []byte(`{"name":"Invented Person"}`), policy); err != nil {
		log.Fatal(err)
	}
	_, err = v.Get(ctx, "session-42")
	fmt.Println("before completion:", errors.Is(err, retention.ErrPending))

	if err := v.Complete(ctx, "session-42"); err != nil {
		log.Fatal(err)
	}
	pii, err := v.Get(ctx, "session-42")
	fmt.Printf("first poll: %s %v\n", pii, err)
	_, err = v.Get(ctx, "session-42")
	fmt.Println("second poll:", err)
	// Output:
	// before completion: true
	// first poll: {"name":"Invented Person"} <nil>
	// second poll: retention: record already consumed
}

// Consent withdrawn: Delete shreds the record and returns a signed receipt
// the data principal can verify with the operator's public key.
func ExampleVerifyReceipt() {
	ctx := context.Background()
	pub, priv, _ := ed25519.GenerateKey(nil)
	kek, _ := retention.GenerateKeyset()
	v, _ := retention.New(retention.NewMemoryStore(), kek, &retention.Options{
		Signer: priv,
		IDKey:  []byte("a secret of at least 16 bytes"), // receipts name an HMAC, not the id
	})
	policy, _ := retention.PolicyFromKosmos(false, 0)
	_ = v.Put(ctx, "session-7", "ekyc", []byte("..."), policy)

	receipt, err := v.Delete(ctx, "session-7")
	if err != nil {
		log.Fatal(err)
	}
	text, _ := receipt.Sign(priv) // the same text is in the store's log
	r, err := retention.VerifyReceipt(text, pub)
	fmt.Println(r.Reason, r.Outcome, r.Mechanism, err)
	// Output: withdrawn erased crypto-shred <nil>
}

func ExamplePolicyFromKosmos() {
	p, _ := retention.PolicyFromKosmos(false, 0)
	fmt.Print(p.Explain())
	// Output:
	// Policy 1kosmos pii_retention_ttl=0.
	// PII is kept for 7 days (604800 seconds) after the session completes, then deleted; it can be read any number of times until then, but not before completion.
	// A session that never completes has its PII deleted 7 days (604800 seconds) after it was stored.
	// Expiry is checked on every read; the sweeper only reclaims storage. Deletion destroys the record's wrapped data key (crypto-shredding) and issues a signed receipt.
	// Source: 1Kosmos pii_retention_ttl=0: PII kept 7 days.
}

// Minimum retention overrides erasure: KYC records are kept (sealed and
// unreadable) for five years even when consent is withdrawn.
func ExampleParsePolicy() {
	p, err := retention.ParsePolicy([]byte(`{
		"name": "onboarding",
		"mode": "delete-on-completion",
		"holds": [{"category": "kyc-record", "min_seconds": 157680000,
		           "citation": "PMLA s.12 record keeping"}]
	}`))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(p.Mode, int(p.Holds[0].Min/(24*time.Hour)), "days")
	// Output: delete-on-completion 1825 days
}

// A status poll in one call (1Kosmos seed 003): the PII-free session status
// is stored beside the PII and outlives it, so every poll gets the status,
// and only the first poll after completion gets the PII too.
func ExampleVault_Poll() {
	ctx := context.Background()
	kek, _ := retention.GenerateKeyset()
	v, _ := retention.New(retention.NewMemoryStore(), kek, nil)
	policy, _ := retention.PolicyFromKosmos(false, -1)
	_ = v.Put(ctx, "session-9", "ekyc", []byte(`{"name":"Invented Person"}`), policy)
	_ = v.SetStatus(ctx, "session-9", []byte(`{"session":"In Progress"}`))
	for range 3 {
		res, err := v.Poll(ctx, "session-9")
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s %s pii=%q\n", res.State, res.Status, res.PII)
		_ = v.CompleteWithStatus(ctx, "session-9", []byte(`{"session":"Completed","verification":"Passed"}`))
	}
	// Output:
	// pending {"session":"In Progress"} pii=""
	// delivered {"session":"Completed","verification":"Passed"} pii="{\"name\":\"Invented Person\"}"
	// consumed {"session":"Completed","verification":"Passed"} pii=""
}

// The receipt log is a hash chain: VerifyChain checks every receipt's
// signature and that none was deleted, reordered or duplicated.
func ExampleVerifyChain() {
	ctx := context.Background()
	pub, priv, _ := ed25519.GenerateKey(nil)
	store := retention.NewMemoryStore()
	kek, _ := retention.GenerateKeyset()
	v, _ := retention.New(store, kek, &retention.Options{Signer: priv})
	policy, _ := retention.PolicyFromKosmos(false, 0)
	for _, id := range []string{"s1", "s2", "s3"} {
		_ = v.Put(ctx, id, "ekyc", []byte("..."), policy)
		_, _ = v.Delete(ctx, id)
	}
	log, _ := store.Log(ctx, 1, 100)
	rep, err := retention.VerifyChain(log, []ed25519.PublicKey{pub}, nil)
	fmt.Println(rep.Entries, rep.Verified, rep.Head.Seq, err)

	// Someone with access to the store deletes the second receipt.
	tampered := append(log[:1:1], log[2:]...)
	rep, err = retention.VerifyChain(tampered, []ed25519.PublicKey{pub}, nil)
	fmt.Println(rep.Problems[0], errors.Is(err, retention.ErrChain))
	// Output:
	// 3 3 3 <nil>
	// gap: receipt 2 missing (deleted) true
}
