package boltstore_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/x509"
	"encoding/binary"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/kyckit/kyckit/retention"
	"github.com/kyckit/kyckit/retention/boltstore"
	bolt "go.etcd.io/bbolt"
)

var update = flag.Bool("update", false, "rewrite the CLI fixtures in ../../testdata/retention")

// TestGenerateCLIFixture writes the bbolt store and the receipt-signing key
// pair that the kyckit retention testscripts use:
//
//	go test ./retention/boltstore -run TestGenerateCLIFixture -update
//
// Everything is invented: fixed session ids, a fixed clock of
// 2026-01-01T00:00:00Z, a throwaway key-encryption key that is not kept
// (so the sealed payloads can never be opened), and a fresh Ed25519 key.
func TestGenerateCLIFixture(t *testing.T) {
	if !*update {
		return // run with -update to regenerate (not a skip: CI allows none)
	}
	dir := filepath.Join("..", "..", "testdata", "retention")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	dbPath := filepath.Join(dir, "sample.db")
	for _, f := range []string{"sample.db", "keyed.db", "keys.db", "tampered.db"} {
		for _, suffix := range []string{"", ".keyslots", ".lock"} {
			os.Remove(filepath.Join(dir, f+suffix))
		}
	}
	// Lock files are made while generating; none belongs in the repo.
	defer func() {
		for _, f := range []string{"sample.db", "keyed.db", "keys.db", "tampered.db"} {
			os.Remove(filepath.Join(dir, f+".lock"))
		}
	}()
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	p8, _ := x509.MarshalPKCS8PrivateKey(priv)
	pk, _ := x509.MarshalPKIXPublicKey(pub)
	writePEM(t, filepath.Join(dir, "signer.pem"), "PRIVATE KEY", p8)
	writePEM(t, filepath.Join(dir, "signer.pub.pem"), "PUBLIC KEY", pk)
	other, _, _ := ed25519.GenerateKey(nil)
	po, _ := x509.MarshalPKIXPublicKey(other)
	writePEM(t, filepath.Join(dir, "other.pub.pem"), "PUBLIC KEY", po)

	s, err := boltstore.Open(dbPath, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close() // runs before the lock files are removed
	kek, _ := retention.GenerateKeyset()
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	now := t0
	v, err := retention.New(s, kek, &retention.Options{Now: func() time.Time { return now }, Signer: priv, IDKey: []byte("fixture id key, invented, 32 bytes"), TombstoneTTL: retention.DefaultTombstoneTTL})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	pii := []byte(`{"name":"Invented Person","dob":"1990-01-01"}`)
	keep60, _ := retention.PolicyFromKosmos(false, 60)
	once, _ := retention.PolicyFromKosmos(false, -1)
	off, _ := retention.PolicyFromKosmos(true, 0)
	off.Holds = []retention.Hold{{Category: "kyc-record", Until: time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC), Citation: "invented legal hold for the fixture"}}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	// Two completed keep-for-60s sessions: expired for any real clock.
	must(v.Put(ctx, "sess-expired-1", "ekyc", pii, keep60))
	must(v.Put(ctx, "sess-expired-2", "ekyc", pii, keep60))
	must(v.Complete(ctx, "sess-expired-1"))
	must(v.Complete(ctx, "sess-expired-2"))
	// A read-once session that never completed: past its 7-day MaxWait.
	must(v.Put(ctx, "sess-pending-1", "ekyc", pii, once))
	// A KYC record under a hold until 2099: completion defers erasure.
	must(v.Put(ctx, "sess-held-1", "kyc-record", pii, off))
	must(v.Complete(ctx, "sess-held-1"))
	// Consent withdrawn: erased now, its tombstone purged after 30 days.
	now = t0.Add(time.Minute)
	if _, err := v.Delete(ctx, "sess-withdrawn-1"); err == nil {
		t.Fatal("deleting a missing record succeeded")
	}
	must(v.Put(ctx, "sess-withdrawn-1", "ekyc", pii, keep60))
	_, err = v.Delete(ctx, "sess-withdrawn-1")
	must(err)

	// keyed.db + keys.db: the same kind of data with the wrapped keys in a
	// separate key store (retention.Options.Keys): one expired session and
	// one held until 2099.
	ds, err := boltstore.Open(filepath.Join(dir, "keyed.db"), nil)
	must(err)
	defer ds.Close()
	ks, err := boltstore.Open(filepath.Join(dir, "keys.db"), nil)
	must(err)
	defer ks.Close()
	now = t0
	kv, err := retention.New(ds, kek, &retention.Options{Now: func() time.Time { return now }, Signer: priv, Keys: ks, IDKey: []byte("fixture id key, invented, 32 bytes")})
	must(err)
	must(kv.Put(ctx, "sess-keyed-1", "ekyc", pii, keep60))
	must(kv.Complete(ctx, "sess-keyed-1"))
	must(kv.Put(ctx, "sess-keyed-held", "kyc-record", pii, off))
	must(kv.Complete(ctx, "sess-keyed-held"))

	// tampered.db: seven withdrawn sessions, then the receipt log edited
	// behind the store's back, as someone with write access to the file
	// could: receipt 3 deleted, receipts 5 and 6 swapped, a copy of
	// receipt 2 appended as entry 8.
	tpath := filepath.Join(dir, "tampered.db")
	ts, err := boltstore.Open(tpath, nil)
	must(err)
	now = t0
	tv, err := retention.New(ts, kek, &retention.Options{Now: func() time.Time { return now }, Signer: priv, IDKey: []byte("fixture id key, invented, 32 bytes")})
	must(err)
	for i := range 7 {
		id := fmt.Sprintf("sess-tampered-%d", i+1)
		must(tv.Put(ctx, id, "ekyc", pii, keep60))
		now = now.Add(time.Second)
		_, err := tv.Delete(ctx, id)
		must(err)
	}
	must(ts.Close())
	db, err := bolt.Open(tpath, 0o600, nil)
	must(err)
	must(db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("receipts"))
		key := func(n uint64) []byte { return binary.BigEndian.AppendUint64(nil, n) }
		five, six := bytes.Clone(b.Get(key(5))), bytes.Clone(b.Get(key(6)))
		two := bytes.Clone(b.Get(key(2)))
		return errors.Join(b.Delete(key(3)), b.Put(key(5), six), b.Put(key(6), five), b.Put(key(8), two))
	}))
	must(db.Close())
	os.Remove(filepath.Join(dir, "tampered.db.keyslots")) // its keys matter to no test
}

func writePEM(t *testing.T, path, typ string, der []byte) {
	t.Helper()
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o644); err != nil {
		t.Fatal(err)
	}
}
