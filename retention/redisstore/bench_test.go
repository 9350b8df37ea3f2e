package redisstore_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/kyckit/kyckit/retention"
)

const benchPayload = 512

// benchRun makes every benchmark invocation's key prefix unique on the
// shared server (-count > 1 runs a benchmark several times).
var benchRun atomic.Int64

// The Redis benchmarks share one private server (see sharedRedis); compare
// BenchmarkVaultPutGetRedis (4 round trips: create script; peek and
// replace for Complete; get script) with BenchmarkRedisGETDELRaw (2 round
// trips: SET, GETDEL) and BenchmarkVaultReadOnceRedis (5 round trips:
// create; peek and replace for Complete; claim script, then erase with the
// chained receipt in one replace script — the log head is cached) with
// BenchmarkRedisReadOnceRaw (3 round trips: SET, SET XX, GETDEL). The
// Vault's clock check adds one TIME every 30 seconds.

func BenchmarkVaultPutGetRedis(b *testing.B) {
	benchVault(b, false)
}

func BenchmarkVaultReadOnceRedis(b *testing.B) {
	benchVault(b, true)
}

func benchVault(b *testing.B, once bool) {
	srv := sharedRedis(b)
	s := open(b, srv.url(), fmt.Sprintf("%s-%d", b.Name(), benchRun.Add(1)), nil)
	kek, _ := retention.GenerateKeyset()
	v, _ := retention.New(s, kek, nil)
	p, _ := retention.PolicyFromKosmos(false, 0)
	if once {
		p, _ = retention.PolicyFromKosmos(false, -1)
	}
	data := make([]byte, benchPayload)
	ctx := context.Background()
	b.SetBytes(benchPayload)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		id := fmt.Sprintf("bench-%d", i)
		i++
		if err := v.Put(ctx, id, "ekyc", data, p); err != nil {
			b.Fatal(err)
		}
		if err := v.Complete(ctx, id); err != nil {
			b.Fatal(err)
		}
		if _, err := v.Get(ctx, id); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRedisGETDELRaw is the baseline: bare go-redis SET + GETDEL of
// a payload of the same size on the same kind of server.
func BenchmarkRedisGETDELRaw(b *testing.B) {
	srv := sharedRedis(b)
	c := srv.client(b)
	run := benchRun.Add(1)
	ctx := context.Background()
	data := make([]byte, benchPayload)
	b.SetBytes(benchPayload)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		k := fmt.Sprintf("raw-%d-%d", run, i)
		i++
		if err := c.Set(ctx, k, data, 0).Err(); err != nil {
			b.Fatal(err)
		}
		if err := c.GetDel(ctx, k).Err(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRedisReadOnceRaw: bare SET, SET XX (mark complete), GETDEL.
func BenchmarkRedisReadOnceRaw(b *testing.B) {
	srv := sharedRedis(b)
	c := srv.client(b)
	run := benchRun.Add(1)
	ctx := context.Background()
	data := make([]byte, benchPayload)
	b.SetBytes(benchPayload)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		k := fmt.Sprintf("raw-%d-%d", run, i)
		i++
		if err := c.Set(ctx, k, data, 0).Err(); err != nil {
			b.Fatal(err)
		}
		if err := c.SetXX(ctx, k, data, 0).Err(); err != nil {
			b.Fatal(err)
		}
		if err := c.GetDel(ctx, k).Err(); err != nil {
			b.Fatal(err)
		}
	}
}
