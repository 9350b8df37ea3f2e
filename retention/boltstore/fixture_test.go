package boltstore_test

import (
	"context"
	"crypto/ed25519"
	"crypto/x509"
	"encoding/pem"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/kyckit/kyckit/retention"
	"github.com/kyckit/kyckit/retention/boltstore"
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
	os.Remove(dbPath)
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
	defer s.Close()
	kek, _ := retention.GenerateKeyset()
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	now := t0
	v, err := retention.New(s, kek, &retention.Options{Now: func() time.Time { return now }, Signer: priv, IDKey: []byte("fixture id key, invented, 32 bytes")})
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
	for _, f := range []string{"keyed.db", "keys.db"} {
		os.Remove(filepath.Join(dir, f))
	}
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
}

func writePEM(t *testing.T, path, typ string, der []byte) {
	t.Helper()
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o644); err != nil {
		t.Fatal(err)
	}
}
