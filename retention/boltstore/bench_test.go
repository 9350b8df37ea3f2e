package boltstore_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/kyckit/kyckit/retention"
	"github.com/kyckit/kyckit/retention/boltstore"
)

const benchPayload = 512

// BenchmarkVaultPutGetBolt: Put, Complete, Get of a keep-for record, fsync on.
func BenchmarkVaultPutGetBolt(b *testing.B) { benchBolt(b, false) }

// BenchmarkVaultReadOnceBolt: Put, Complete, Get (consume) of a read-once
// record, fsync on.
func BenchmarkVaultReadOnceBolt(b *testing.B) { benchBolt(b, true) }

func benchBolt(b *testing.B, once bool) {
	s, err := boltstore.Open(filepath.Join(b.TempDir(), "bench.db"), nil)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
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
