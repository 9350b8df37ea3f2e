package redisstore_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kyckit/kyckit/retention"
	"github.com/kyckit/kyckit/retention/redisstore"
	"github.com/kyckit/kyckit/retention/retentiontest"
)

func open(t testing.TB, url, prefix string, opts *redisstore.Options) *redisstore.Store {
	t.Helper()
	if opts == nil {
		opts = &redisstore.Options{}
	}
	opts.Prefix = prefix
	s, err := redisstore.Open(context.Background(), url, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestConformance(t *testing.T) {
	srv := startRedis(t, false)
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
		srv := startRedis(t, false)
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

// TestRestartKeepsExpiry: with persistence on, records, tombstones, the log
// and each key's absolute native expiry survive a redis-server restart.
func TestRestartKeepsExpiry(t *testing.T) {
	srv := startRedis(t, true)
	c := srv.client(t)
	ctx := context.Background()
	key := "{restart}:r:durable-a"
	var before time.Duration
	retentiontest.RunRestart(t,
		func(t *testing.T) retention.Store { return open(t, srv.url(), "restart", nil) },
		func(t *testing.T, s retention.Store) retention.Store {
			var err error
			if before, err = c.PExpireTime(ctx, key).Result(); err != nil {
				t.Fatal(err)
			}
			s.(*redisstore.Store).Close()
			srv.restart(t)
			return open(t, srv.url(), "restart", nil)
		})
	after, err := c.PExpireTime(ctx, key).Result()
	if err != nil {
		t.Fatal(err)
	}
	if before <= 0 || after != before {
		t.Fatalf("native expiry before restart %v, after %v; want equal and set", before, after)
	}
}

// TestNativeExpiry: PEXPIREAT is set to deadline + grace, so Redis removes
// the sealed data even if no sweeper runs.
func TestNativeExpiry(t *testing.T) {
	srv := startRedis(t, false)
	c := srv.client(t)
	ctx := context.Background()
	s := open(t, srv.url(), "native", &redisstore.Options{ExpiryGrace: 5 * time.Minute})
	deadline := time.Now().Add(time.Hour).Truncate(time.Millisecond)
	r := &retention.Record{ID: "n1", State: retention.StatePending, ExpiresAt: deadline, Meta: []byte("{}"), Key: []byte("k"), Data: []byte("d")}
	if err := s.Create(ctx, r); err != nil {
		t.Fatal(err)
	}
	got, err := c.PExpireTime(ctx, "{native}:r:n1").Result()
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Duration(deadline.Add(5*time.Minute).UnixMilli()) * time.Millisecond; got != want {
		t.Fatalf("PEXPIRETIME = %v, want %v", got, want)
	}
	// A record already past its native expiry is gone, and the sweeper's
	// index entry is cleaned up.
	old := &retention.Record{ID: "n2", State: retention.StatePending, ExpiresAt: time.Now().Add(-time.Hour), Meta: []byte("{}")}
	s2 := open(t, srv.url(), "native", &redisstore.Options{ExpiryGrace: -1})
	if err := s2.Create(ctx, old); err != nil {
		t.Fatal(err)
	}
	if _, err := s2.Get(ctx, "n2", time.Now()); !errors.Is(err, retention.ErrNotFound) {
		t.Fatalf("Get of natively expired record: %v, want ErrNotFound", err)
	}
	if due, err := s2.Due(ctx, time.Now(), 10); err != nil || len(due) != 0 {
		t.Fatalf("Due: %v, %d records", err, len(due))
	}
	if n, _ := c.ZCard(ctx, "{native}:due").Result(); n != 1 {
		t.Fatalf("due index holds %d entries, want 1 (the live record)", n)
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
