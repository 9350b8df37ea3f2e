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

// BenchmarkVaultPutGetBolt: Put then Get of a keep-for record, fsync on.
func BenchmarkVaultPutGetBolt(b *testing.B) {
	s, err := boltstore.Open(filepath.Join(b.TempDir(), "bench.db"), nil)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	kek, _ := retention.GenerateKeyset()
	v, _ := retention.New(s, kek, nil)
	p, _ := retention.PolicyFromKosmos(false, 0)
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
		if _, err := v.Get(ctx, id); err != nil {
			b.Fatal(err)
		}
	}
}
