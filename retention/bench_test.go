package retention_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/kyckit/kyckit/retention"
)

// BenchPayload is the payload size used by every store's benchmarks.
const benchPayload = 512

// BenchmarkVaultPutGetMemory: Put, Complete, Get of a keep-for record.
func BenchmarkVaultPutGetMemory(b *testing.B) {
	benchPutGet(b, retention.NewMemoryStore())
}

// BenchmarkVaultReadOnceMemory: Put, Complete, Get (consume) of a read-once record.
func BenchmarkVaultReadOnceMemory(b *testing.B) {
	benchReadOnce(b, retention.NewMemoryStore())
}

func benchVault(b *testing.B, s retention.Store) *retention.Vault {
	kek, err := retention.GenerateKeyset()
	if err != nil {
		b.Fatal(err)
	}
	v, err := retention.New(s, kek, nil)
	if err != nil {
		b.Fatal(err)
	}
	return v
}

func benchPutGet(b *testing.B, s retention.Store) {
	ctx := context.Background()
	v := benchVault(b, s)
	p, _ := retention.PolicyFromKosmos(false, 0)
	data := make([]byte, benchPayload)
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

func benchReadOnce(b *testing.B, s retention.Store) {
	ctx := context.Background()
	v := benchVault(b, s)
	p, _ := retention.PolicyFromKosmos(false, -1)
	data := make([]byte, benchPayload)
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
