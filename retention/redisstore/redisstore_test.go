package redisstore_test

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kyckit/kyckit/retention"
	"github.com/kyckit/kyckit/retention/redisstore"
	"github.com/kyckit/kyckit/retention/retentiontest"
)

// open opens a store with prefix; with nil opts, persistence is not
// checked (most test servers run without it, for speed).
func open(t testing.TB, url, prefix string, opts *redisstore.Options) *redisstore.Store {
	t.Helper()
	if opts == nil {
		opts = &redisstore.Options{Durability: redisstore.DurabilityUnchecked}
	}
	opts.Prefix = prefix
	s, err := redisstore.Open(context.Background(), url, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestConformance runs the suite against a server with the persistence the
// store requires (appendonly yes, appendfsync always), checked at open.
func TestConformance(t *testing.T) {
	srv := startRedis(t, aofAlways)
	var n atomic.Int32
	rounds := 200
	if testing.Short() {
		rounds = 50
	}
	retentiontest.RunWith(t, func(t *testing.T) retention.Store {
		return open(t, srv.url(), fmt.Sprintf("conf%d", n.Add(1)), &redisstore.Options{})
	}, &retentiontest.Options{RaceRounds: rounds})
}

// TestConformanceNoPersistence: the full race on a server without
// persistence (no fsync per write), to keep it fast.
func TestConformanceNoPersistence(t *testing.T) {
	srv := startRedis(t, noPersistence)
	var n atomic.Int32
	retentiontest.Run(t, func(t *testing.T) retention.Store {
		return open(t, srv.url(), fmt.Sprintf("conf%d", n.Add(1)), nil)
	})
}

// TestProcessRace: 4 processes, each with its own connection pool, poll
// each read-once record at once; exactly one receives it, 1000 times.
func TestProcessRace(t *testing.T) {
	const env = "REDISSTORE_TEST_URL"
	if !retentiontest.InChild() {
		srv := startRedis(t, noPersistence)
		t.Setenv(env, srv.url())
	}
	rounds := 1000
	if testing.Short() {
		rounds = 100
	}
	retentiontest.RunProcesses(t, 4, rounds, func(t *testing.T) retention.Store {
		return open(t, os.Getenv(env), "procrace", nil)
	})
}

// TestRestartKeepsExpiry: with persistence on, records, claims,
// tombstones, the log and each data key's absolute native expiry survive
// a redis-server restart.
func TestRestartKeepsExpiry(t *testing.T) {
	srv := startRedis(t, aofAlways)
	c := srv.client(t)
	ctx := context.Background()
	key := "{restart}:d:durable-a"
	var before time.Duration
	retentiontest.RunRestart(t,
		func(t *testing.T) retention.Store { return open(t, srv.url(), "restart", &redisstore.Options{}) },
		func(t *testing.T, s retention.Store) retention.Store {
			var err error
			if before, err = c.PExpireTime(ctx, key).Result(); err != nil {
				t.Fatal(err)
			}
			s.(*redisstore.Store).Close()
			srv.restart(t)
			return open(t, srv.url(), "restart", &redisstore.Options{})
		})
	after, err := c.PExpireTime(ctx, key).Result()
	if err != nil {
		t.Fatal(err)
	}
	if before <= 0 || after != before {
		t.Fatalf("native expiry before restart %v, after %v; want equal and set", before, after)
	}
}

// TestNativeExpiry: PEXPIREAT is set on the data key, at deadline + grace,
// so Redis removes the sealed data even if no sweeper runs; the record
// itself stays without expiry, and tombstones expire at their purge time.
func TestNativeExpiry(t *testing.T) {
	srv := startRedis(t, noPersistence)
	c := srv.client(t)
	ctx := context.Background()
	s := open(t, srv.url(), "native", &redisstore.Options{ExpiryGrace: 5 * time.Minute, Durability: redisstore.DurabilityUnchecked})
	deadline := time.Now().Add(time.Hour).Truncate(time.Millisecond)
	r := &retention.Record{ID: "n1", State: retention.StatePending, ExpiresAt: deadline, Meta: []byte("{}"), Key: []byte("k"), Data: []byte("d")}
	if err := s.Create(ctx, r); err != nil {
		t.Fatal(err)
	}
	want := time.Duration(deadline.Add(5*time.Minute).UnixMilli()) * time.Millisecond
	if got, err := c.PExpireTime(ctx, "{native}:d:n1").Result(); err != nil || got != want {
		t.Fatalf("data PEXPIRETIME = %v (%v), want %v", got, err, want)
	}
	if got, err := c.PExpireTime(ctx, "{native}:r:n1").Result(); err != nil || got != -1 {
		t.Fatalf("record PEXPIRETIME = %v (%v), want none", got, err)
	}
	tomb := &retention.Record{ID: "n1", State: retention.StateErased, ExpiresAt: deadline, ErasedAt: deadline, Meta: []byte("{}")}
	if err := s.Replace(ctx, "n1", 1, tomb, nil); err != nil {
		t.Fatal(err)
	}
	if n, _ := c.Exists(ctx, "{native}:d:n1").Result(); n != 0 {
		t.Fatal("data key survived the tombstone")
	}
	if got, err := c.PExpireTime(ctx, "{native}:r:n1").Result(); err != nil || got != want {
		t.Fatalf("tombstone PEXPIRETIME = %v (%v), want %v", got, err, want)
	}
	// A purged tombstone (expired natively) leaves its due entry behind;
	// Due cleans it up.
	old := &retention.Record{ID: "n2", State: retention.StateErased, ExpiresAt: time.Now().Add(-time.Hour), Meta: []byte("{}")}
	s2 := open(t, srv.url(), "native", &redisstore.Options{ExpiryGrace: -1, Durability: redisstore.DurabilityUnchecked})
	if err := s2.Create(ctx, old); err != nil {
		t.Fatal(err)
	}
	if _, err := s2.Get(ctx, "n2", time.Now(), ""); !errors.Is(err, retention.ErrNotFound) {
		t.Fatalf("Get of a natively purged tombstone: %v, want ErrNotFound", err)
	}
	if due, err := s2.Due(ctx, time.Now(), 10); err != nil || len(due) != 0 {
		t.Fatalf("Due: %v, %d records", err, len(due))
	}
	if n, _ := c.ZCard(ctx, "{native}:due").Result(); n != 1 {
		t.Fatalf("due index holds %d entries, want 1 (the live tombstone)", n)
	}
}

// TestNativeExpiryKeepsSession (issue 15 item 7): when Redis expired the
// personal data natively before any Vault erased it, the next poll reports
// the session expired (not unknown), writes the deletion receipt, and the
// session id is not reused.
func TestNativeExpiryKeepsSession(t *testing.T) {
	srv := startRedis(t, noPersistence)
	c := srv.client(t)
	ctx := context.Background()
	s := open(t, srv.url(), "nx", nil)
	pub, priv, _ := ed25519.GenerateKey(nil)
	kek, _ := retention.GenerateKeyset()
	v, err := retention.New(s, kek, &retention.Options{Signer: priv})
	if err != nil {
		t.Fatal(err)
	}
	p, _ := retention.PolicyFromKosmos(false, 3600)
	if err := v.Put(ctx, "sess-nx", "ekyc", []byte(`{"name":"Invented Person"}`), p); err != nil {
		t.Fatal(err)
	}
	if err := v.CompleteWithStatus(ctx, "sess-nx", []byte(`{"session":"Completed"}`)); err != nil {
		t.Fatal(err)
	}
	// Redis expires the data key (as PEXPIREAT at deadline + grace would).
	if err := c.PExpireAt(ctx, "{nx}:d:sess-nx", time.Now().Add(-time.Second)).Err(); err != nil {
		t.Fatal(err)
	}
	res, err := v.Poll(ctx, "sess-nx")
	if err != nil || res.State != retention.PollExpired || res.PII != nil || string(res.Status) != `{"session":"Completed"}` {
		t.Fatalf("poll after native expiry: %v %v", err, res)
	}
	if _, err := v.Get(ctx, "sess-nx"); !errors.Is(err, retention.ErrExpired) {
		t.Fatalf("Get after native expiry: %v, want ErrExpired", err)
	}
	if err := v.Put(ctx, "sess-nx", "ekyc", []byte("x"), p); !errors.Is(err, retention.ErrExists) {
		t.Fatalf("Put of the expired session id: %v, want ErrExists", err)
	}
	entries, err := v.Receipts(ctx, time.Time{}, 10)
	if err != nil || len(entries) != 1 {
		t.Fatalf("receipts: %v, %d", err, len(entries))
	}
	r, err := retention.VerifyReceipt(entries[0].Data, pub)
	if err != nil || r.Reason != retention.ReasonExpired || r.Mechanism != retention.MechanismStoreExpiry {
		t.Fatalf("receipt: %v %+v", err, r)
	}
}

func TestOpenErrors(t *testing.T) {
	ctx := context.Background()
	if _, err := redisstore.Open(ctx, "http://example.invalid", nil); !errors.Is(err, retention.ErrStore) {
		t.Fatalf("bad URL: %v", err)
	}
	port, _ := freePort()
	if _, err := redisstore.Open(ctx, fmt.Sprintf("redis://127.0.0.1:%d", port), nil); !errors.Is(err, retention.ErrStore) {
		t.Fatalf("no server: %v", err)
	}
}

// TestPassword: the password can come from Options instead of the URL.
func TestPassword(t *testing.T) {
	srv := startRedis(t, noPersistence, "--requirepass", "invented-test-password")
	ctx := context.Background()
	unchecked := redisstore.DurabilityUnchecked
	if _, err := redisstore.Open(ctx, srv.url(), &redisstore.Options{Durability: unchecked}); !errors.Is(err, retention.ErrStore) {
		t.Fatalf("no password: %v", err)
	}
	if _, err := redisstore.Open(ctx, srv.url(), &redisstore.Options{Password: "wrong", Durability: unchecked}); !errors.Is(err, retention.ErrStore) {
		t.Fatalf("wrong password: %v", err)
	} else if strings.Contains(err.Error(), "wrong") || strings.Contains(err.Error(), "invented") {
		t.Fatalf("error names the password: %v", err)
	}
	s, err := redisstore.Open(ctx, srv.url(), &redisstore.Options{Password: "invented-test-password", Durability: unchecked})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
}

// TestDurabilityCheck: Open refuses persistence settings that cannot keep
// erasures across a crash, unless told to warn or not to check.
func TestDurabilityCheck(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		name string
		mode persistence
		ok   bool
		want string
	}{
		{"aof-always", aofAlways, true, ""},
		{"aof-everysec", aofEverysec, false, "appendfsync is \"everysec\""},
		{"rdb-only", rdbOnly, false, "RDB snapshots only"},
		{"none", noPersistence, false, "a restart loses every record"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := startRedis(t, tt.mode)
			s, err := redisstore.Open(ctx, srv.url(), nil)
			if tt.ok {
				if err != nil {
					t.Fatal(err)
				}
				if r := s.Durability(); !r.Checked || r.AppendOnly != "yes" || r.AppendFsync != "always" || len(r.Problems) != 0 {
					t.Fatalf("report %+v", r)
				}
				s.Close()
				return
			}
			if !errors.Is(err, retention.ErrDurability) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("strict Open: %v, want ErrDurability mentioning %q", err, tt.want)
			}
			var warned []string
			s, err = redisstore.Open(ctx, srv.url(), &redisstore.Options{Durability: redisstore.DurabilityWarn, Warn: func(p string) { warned = append(warned, p) }})
			if err != nil || len(warned) != 1 || !strings.Contains(warned[0], tt.want) || len(s.Durability().Problems) != 1 {
				t.Fatalf("warn Open: %v, warnings %q", err, warned)
			}
			s.Close()
		})
	}
	// A server whose CONFIG command is disabled cannot be checked.
	srv := startRedis(t, aofAlways, "--enable-debug-command", "no", "--rename-command", "CONFIG", "")
	if _, err := redisstore.Open(ctx, srv.url(), nil); !errors.Is(err, retention.ErrDurability) || !strings.Contains(err.Error(), "CONFIG") {
		t.Fatalf("CONFIG disabled: %v", err)
	}
	s, err := redisstore.Open(ctx, srv.url(), &redisstore.Options{Durability: redisstore.DurabilityUnchecked})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
}

// TestCrashKeepsErasure: with appendfsync always, an acknowledged,
// receipted Delete survives SIGKILL of redis-server; with RDB snapshots
// only (which Open refuses by default), the same crash brings the erased
// record back — the fault the durability check exists for.
func TestCrashKeepsErasure(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		mode    persistence
		durable bool
	}{{aofAlways, true}, {rdbOnly, false}} {
		srv := startRedis(t, tt.mode)
		opts := func() *redisstore.Options {
			return &redisstore.Options{Durability: redisstore.DurabilityWarn}
		}
		s := open(t, srv.url(), "crash", opts())
		kek, _ := retention.GenerateKeyset()
		_, priv, _ := ed25519.GenerateKey(nil)
		v, _ := retention.New(s, kek, &retention.Options{Signer: priv})
		p, _ := retention.PolicyFromKosmos(false, 3600)
		if err := v.Put(ctx, "victim", "ekyc", []byte(`{"name":"Invented Person"}`), p); err != nil {
			t.Fatal(err)
		}
		if err := v.Complete(ctx, "victim"); err != nil {
			t.Fatal(err)
		}
		if tt.mode == rdbOnly {
			if err := s.Compact(ctx); err != nil { // a snapshot while the record lives
				t.Fatal(err)
			}
		}
		if _, err := v.Delete(ctx, "victim"); err != nil {
			t.Fatal(err)
		}
		s.Close()
		srv.kill()
		srv.startAgain(t)
		s = open(t, srv.url(), "crash", opts())
		v, _ = retention.New(s, kek, &retention.Options{Signer: priv})
		_, err := v.Get(ctx, "victim")
		entries, _ := v.Receipts(ctx, time.Time{}, 10)
		if tt.durable {
			if !errors.Is(err, retention.ErrErased) || len(entries) != 1 {
				t.Fatalf("after SIGKILL with appendfsync always: %v, %d receipts; want ErrErased and the receipt", err, len(entries))
			}
			continue
		}
		if err != nil || len(entries) != 0 {
			t.Fatalf("after SIGKILL with RDB only: %v, %d receipts; expected Redis to roll the erasure back", err, len(entries))
		}
		t.Logf("RDB-only Redis rolled back an acknowledged erasure, as documented")
	}
}

// TestClockSkew (issue 20 item 4): a Vault whose clock is far from the
// server's refuses to work, so Redis cannot expire a record at once or a
// fast sweeper purge tombstones early; a jump of the Vault's clock is
// noticed at the next operation.
func TestClockSkew(t *testing.T) {
	srv := startRedis(t, noPersistence)
	ctx := context.Background()
	s := open(t, srv.url(), "skew", nil)
	kek, _ := retention.GenerateKeyset()
	var offset atomic.Int64
	clock := func() time.Time { return time.Now().Add(time.Duration(offset.Load())) }
	v, err := retention.New(s, kek, &retention.Options{Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	p, _ := retention.PolicyFromKosmos(false, -1)
	pii := []byte(`{"name":"Invented Person"}`)

	offset.Store(int64(-time.Hour)) // an hour behind Redis
	if err := v.Put(ctx, "behind", "ekyc", pii, p); !errors.Is(err, retention.ErrClock) || !strings.Contains(err.Error(), "behind") {
		t.Fatalf("Put an hour behind: %v, want ErrClock", err)
	}
	if _, err := s.Get(ctx, "behind", retention.Never(), ""); !errors.Is(err, retention.ErrNotFound) {
		t.Fatalf("the refused Put wrote a record: %v", err)
	}

	offset.Store(int64(500 * time.Millisecond)) // within the 2 s bound
	if err := v.Put(ctx, "ok", "ekyc", pii, p); err != nil {
		t.Fatal(err)
	}
	if err := v.Complete(ctx, "ok"); err != nil {
		t.Fatal(err)
	}
	if _, err := v.Get(ctx, "ok"); err != nil {
		t.Fatal(err)
	}
	if off, ok := v.ClockOffset(); !ok || off.Abs() > time.Second {
		t.Fatalf("measured offset %v (%v)", off, ok)
	}

	offset.Store(int64(8 * 24 * time.Hour)) // a sweeper 8 days fast: noticed at once
	if _, err := v.Sweep(ctx); !errors.Is(err, retention.ErrClock) {
		t.Fatalf("Sweep 8 days fast: %v, want ErrClock", err)
	}
	if r, err := s.Get(ctx, "ok", retention.Never(), ""); err != nil || r.State != retention.StateConsumed {
		t.Fatalf("tombstone after the refused sweep: %v", err)
	}
	offset.Store(0)
	if err := v.Put(ctx, "ok", "ekyc", pii, p); !errors.Is(err, retention.ErrExists) {
		t.Fatalf("reusing the id: %v, want ErrExists", err)
	}
}
