package redisstore_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kyckit/kyckit/retention"
	"github.com/kyckit/kyckit/retention/redisstore"
	"github.com/kyckit/kyckit/retention/retentiontest"
)

// TestErasureInPersistenceFiles greps Redis's own files (the AOF
// directory, the RDB snapshot) after an erasure: the wrapped key and the
// ciphertext are still there, as the package documentation says, until
// Compact has Redis rewrite them; the plaintext never is. With the wrapped
// keys in a separate store (retention.Options.Keys), Redis never holds a
// key at all.
func TestErasureInPersistenceFiles(t *testing.T) {
	for _, tt := range []struct {
		name     string
		mode     persistence
		keyStore bool
	}{
		{"aof", aofAlways, false},
		{"rdb", rdbOnly, false},
		{"aof-with-key-store", aofAlways, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			srv := startRedis(t, tt.mode)
			s := open(t, srv.url(), "erase", &redisstore.Options{Durability: redisstore.DurabilityWarn})
			opts := &retention.Options{}
			var keys retention.Store
			if tt.keyStore {
				// Any store outside Redis; boltstore's own test greps its files.
				keys = retention.NewMemoryStore()
				opts.Keys = keys
			}
			kek, _ := retention.GenerateKeyset()
			v, err := retention.New(s, kek, opts)
			if err != nil {
				t.Fatal(err)
			}
			pii := []byte(`{"name":"Invented Person Erasure","dob":"1990-01-01"}`)
			p, _ := retention.PolicyFromKosmos(false, 3600)
			if err := v.Put(ctx, "victim", "ekyc", pii, p); err != nil {
				t.Fatal(err)
			}
			if err := v.Complete(ctx, "victim"); err != nil {
				t.Fatal(err)
			}
			r, err := s.Get(ctx, "victim", retention.Never(), "")
			if err != nil {
				t.Fatal(err)
			}
			key, data := r.Key, r.Data
			if tt.keyStore {
				kr, err := keys.Get(ctx, "victim", retention.Never(), "")
				if err != nil {
					t.Fatal(err)
				}
				key = kr.Key
			}
			if tt.mode == rdbOnly {
				if err := s.Compact(ctx); err != nil { // a snapshot while the record lives
					t.Fatal(err)
				}
			}
			if _, err := v.Delete(ctx, "victim"); err != nil {
				t.Fatal(err)
			}
			if hits := retentiontest.FilesContaining(t, srv.dir, pii); len(hits) > 0 {
				t.Fatalf("plaintext in %v", hits)
			}
			if hits := retentiontest.FilesContaining(t, srv.dir, data); len(hits) == 0 {
				t.Fatal("ciphertext not found in Redis's files before Compact: the grep cannot see them")
			}
			keyHits := retentiontest.FilesContaining(t, srv.dir, key)
			switch {
			case tt.keyStore && len(keyHits) > 0:
				t.Fatalf("wrapped key in Redis's files %v though it lives in the key store", keyHits)
			case !tt.keyStore && len(keyHits) == 0:
				t.Fatal("wrapped key not found in Redis's files before Compact")
			}
			if err := s.Compact(ctx); err != nil {
				t.Fatal(err)
			}
			for what, b := range map[string][]byte{"wrapped key": key, "ciphertext": data, "plaintext": pii} {
				if hits := retentiontest.FilesContaining(t, srv.dir, b); len(hits) > 0 {
					t.Errorf("%s still in %v after Compact", what, hits)
				}
			}
			if tt.keyStore {
				if _, err := keys.Get(ctx, "victim", retention.Never(), ""); !errors.Is(err, retention.ErrNotFound) {
					t.Errorf("wrapped key still in the key store: %v", err)
				}
			}
			// The log survives the rewrite.
			if entries, err := v.Receipts(ctx, time.Time{}, 10); err != nil || len(entries) != 1 {
				t.Fatalf("receipts after Compact: %v, %d", err, len(entries))
			}
		})
	}
}

// TestCompactAfterRunningRewrite: a rewrite already running when Compact
// asks may have started before the erasure; Compact waits for it and runs
// its own, so the counter moves by two.
func TestCompactAfterRunningRewrite(t *testing.T) {
	ctx := context.Background()
	srv := startRedis(t, aofAlways)
	c := srv.client(t)
	s := open(t, srv.url(), "cr", &redisstore.Options{})
	count := func() int {
		info, err := c.Info(ctx, "persistence").Result()
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(info, "\n") {
			if v, ok := strings.CutPrefix(strings.TrimSpace(line), "aof_rewrites:"); ok {
				n, _ := strconv.Atoi(v)
				return n
			}
		}
		t.Fatal("no aof_rewrites in INFO")
		return 0
	}
	before := count()
	if err := c.BgRewriteAOF(ctx).Err(); err != nil {
		t.Fatal(err)
	}
	if err := s.Compact(ctx); err != nil {
		t.Fatal(err)
	}
	if after := count(); after < before+2 {
		t.Fatalf("aof_rewrites went from %d to %d, want at least %d", before, after, before+2)
	}
}
