package boltstore_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/kyckit/kyckit/retention"
	"github.com/kyckit/kyckit/retention/boltstore"
	"github.com/kyckit/kyckit/retention/retentiontest"
	bolt "go.etcd.io/bbolt"
)

// TestBboltZeroThenDeleteKeepsBytes shows why wrapped keys are not kept in
// the bbolt file: bbolt is copy-on-write, so overwriting a value with
// zeros and deleting it, in one transaction, leaves the old bytes in a
// freed page of the file. (If this ever fails, bbolt changed and the
// package documentation must too.)
func TestBboltZeroThenDeleteKeepsBytes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "plain.db")
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	secret := []byte("wrapped-key-0123456789-invented-secret")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket([]byte("b"))
		if err != nil {
			return err
		}
		return b.Put([]byte("k"), secret)
	}))
	must(db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("b"))
		if err := b.Put([]byte("k"), make([]byte, len(secret))); err != nil {
			return err
		}
		return b.Delete([]byte("k"))
	}))
	must(db.Close())
	raw, err := os.ReadFile(path)
	must(err)
	if !bytes.Contains(raw, secret) {
		t.Fatal("bbolt no longer leaves the old value in the file: revisit the key-slot design")
	}
}

// TestErasureLeavesNoKeyInFiles greps the raw store files (the bbolt file,
// the key-slot file, the lock file) after every kind of erasure: the
// wrapped data key is gone from all of them, the plaintext was never in
// any, and after Compact the ciphertext is gone too.
func TestErasureLeavesNoKeyInFiles(t *testing.T) {
	for _, keyStore := range []bool{false, true} {
		name := "KeysInRecords"
		if keyStore {
			name = "SeparateKeyStore"
		}
		t.Run(name, func(t *testing.T) { testErasureFiles(t, keyStore) })
	}
}

func testErasureFiles(t *testing.T, keyStore bool) {
	ctx := context.Background()
	dir := t.TempDir()
	s := open(t, filepath.Join(dir, "r.db"), nil)
	var keys *boltstore.Store
	opts := &retention.Options{Signer: testSigner}
	now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	opts.Now = func() time.Time { return now }
	if keyStore {
		keys = open(t, filepath.Join(dir, "keys.db"), nil)
		opts.Keys = keys
	}
	kek, err := retention.GenerateKeyset()
	if err != nil {
		t.Fatal(err)
	}
	v, err := retention.New(s, kek, opts)
	if err != nil {
		t.Fatal(err)
	}
	keep, _ := retention.PolicyFromKosmos(false, 60)
	once, _ := retention.PolicyFromKosmos(false, -1)
	off, _ := retention.PolicyFromKosmos(true, 0)
	type victim struct {
		id        string
		policy    retention.Policy
		erase     func(id string)
		key, data []byte
		pii       []byte
	}
	victims := []*victim{
		{id: "withdrawn", policy: keep, erase: func(id string) {
			if _, err := v.Delete(ctx, id); err != nil {
				t.Fatal(err)
			}
		}},
		{id: "read-once", policy: once, erase: func(id string) {
			if _, err := v.Get(ctx, id); err != nil {
				t.Fatal(err)
			}
		}},
		{id: "on-completion", policy: off, erase: func(string) {}}, // Complete erased it
		{id: "expired", policy: keep, erase: func(string) {}},      // the sweep below
	}
	for i, vi := range victims {
		vi.pii = []byte("Invented Person " + vi.id + " born 1990-01-0" + string(rune('1'+i)))
		if err := v.Put(ctx, vi.id, "ekyc", vi.pii, vi.policy); err != nil {
			t.Fatal(err)
		}
		r, err := s.Get(ctx, vi.id, retention.Never(), "")
		if err != nil {
			t.Fatal(err)
		}
		vi.key, vi.data = r.Key, r.Data
		if keyStore {
			kr, err := keys.Get(ctx, vi.id, retention.Never(), "")
			if err != nil {
				t.Fatal(err)
			}
			vi.key = kr.Key
		}
		if err := v.Complete(ctx, vi.id); err != nil {
			t.Fatal(err)
		}
	}
	// Before erasure: the grep finds each wrapped key (so it can fail),
	// and only in a key-slot file.
	for _, vi := range victims[:len(victims)-1] {
		if vi.id == "on-completion" {
			continue
		}
		hits := retentiontest.FilesContaining(t, dir, vi.key)
		want := "r.db.keyslots"
		if keyStore {
			want = "keys.db.keyslots"
		}
		if len(hits) != 1 || hits[0] != want {
			t.Fatalf("%s: wrapped key found in %v before erasure, want only in %s", vi.id, hits, want)
		}
	}
	for _, vi := range victims {
		vi.erase(vi.id)
	}
	now = now.Add(time.Minute)
	if st, err := v.Sweep(ctx); err != nil || st.Erased != 1 {
		t.Fatalf("sweep: %+v %v", st, err)
	}
	check := func(stage string, ciphertextToo bool) {
		t.Helper()
		for _, vi := range victims {
			if hits := retentiontest.FilesContaining(t, dir, vi.key); len(hits) > 0 {
				t.Errorf("%s: %s: wrapped data key still in %v", stage, vi.id, hits)
			}
			if hits := retentiontest.FilesContaining(t, dir, vi.pii); len(hits) > 0 {
				t.Errorf("%s: %s: plaintext in %v", stage, vi.id, hits)
			}
			if hits := retentiontest.FilesContaining(t, dir, vi.data); len(hits) > 0 {
				if ciphertextToo {
					t.Errorf("%s: %s: ciphertext still in %v", stage, vi.id, hits)
				} else {
					t.Logf("%s: %s: ciphertext still in freed pages of %v (unreadable: its key is gone)", stage, vi.id, hits)
				}
			}
		}
	}
	check("after erasure", false)
	if err := s.Compact(ctx); err != nil {
		t.Fatal(err)
	}
	if keys != nil {
		if err := keys.Compact(ctx); err != nil {
			t.Fatal(err)
		}
	}
	check("after Compact", true)
	// The store still works after Compact, receipts intact.
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
	entries, err := v.Receipts(ctx, time.Time{}, 100)
	if err != nil || len(entries) != 4 {
		t.Fatalf("receipts after Compact: %v, %d", err, len(entries))
	}
	if _, err := retention.VerifyChain(entries, []ed25519PublicKey{testSigner.Public().(ed25519PublicKey)}, nil); err != nil {
		t.Fatal(err)
	}
	_, err = v.Get(ctx, "withdrawn")
	if !errors.Is(err, retention.ErrErased) {
		t.Fatalf("Get after Compact: %v", err)
	}
}

// TestScrubOnOpen: a key slot written by a transaction that never
// committed (a crash) is zeroed when the store is next opened.
func TestScrubOnOpen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "r.db")
	s, err := boltstore.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	r := &retention.Record{ID: "a", State: retention.StatePending, ExpiresAt: crashT0, Meta: []byte("{}"), Key: []byte("live key"), Data: []byte("d")}
	if err := s.Create(ctx, r); err != nil {
		t.Fatal(err)
	}
	s.Close()
	// An orphan: a used slot right after the live one, as a crash
	// between writing the slot and committing leaves it.
	f, err := os.OpenFile(boltstore.SlotsPath(path), os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	slot := make([]byte, 512)
	if _, err := f.ReadAt(slot, 512); err != nil { // slot 0: the live key
		t.Fatal(err)
	}
	orphan := bytes.Replace(slot, []byte("live key"), []byte("lost key"), 1)
	if _, err := f.WriteAt(orphan, 1024); err != nil { // slot 1
		t.Fatal(err)
	}
	f.Close()
	s = open(t, path, nil)
	if got := retentiontest.FilesContaining(t, filepath.Dir(path), []byte("lost key")); len(got) > 0 {
		t.Fatalf("orphaned key slot not zeroed at open: %v", got)
	}
	if got, err := s.Get(ctx, "a", retention.Never(), ""); err != nil || string(got.Key) != "live key" {
		t.Fatalf("live key after scrub: %v", err)
	}
	// The zeroed slot is reused.
	if err := s.Create(ctx, &retention.Record{ID: "b", State: retention.StatePending, Meta: []byte("{}"), Key: []byte("next key")}); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(boltstore.SlotsPath(path)); fi.Size() != 512+2*512 {
		t.Fatalf("key-slot file is %d bytes, want 1536 (the free slot reused)", fi.Size())
	}
}

type ed25519PublicKey = ed25519.PublicKey

// testSigner signs receipts in these tests (RFC 8032 section 7.1 test 1
// seed; never use it for anything real).
var testSigner = ed25519.NewKeyFromSeed(mustHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"))

func mustHex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}
