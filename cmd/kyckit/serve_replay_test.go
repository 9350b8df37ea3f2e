package main

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kyckit/kyckit/kyc"
	"github.com/kyckit/kyckit/retention"
	"github.com/kyckit/kyckit/retention/redisstore"
	"github.com/kyckit/kyckit/sdjwt"
)

// TestServeCredentialReplayRedis: replicas of the OVSE service (each its
// own redisstore clients, as kyckit serve opens them) on one real Redis.
// One credential posted at once with the txns of many sessions, the
// callbacks split between the replicas, completes exactly one session;
// every other fails as credential_reused. The claim is in Redis, not in
// a replica: a replica started afterwards refuses it too.
func TestServeCredentialReplayRedis(t *testing.T) {
	url := redisServer(t)
	ctx := context.Background()
	kek, err := retention.GenerateKeyset()
	if err != nil {
		t.Fatal(err)
	}
	keys, err := sdjwt.ParseJWKSet(readRepoFile(t, "testdata", "sdjwt", "issuer.jwks.json"))
	if err != nil {
		t.Fatal(err)
	}
	replica := func() *kyc.OVSE {
		t.Helper()
		var stores [2]*redisstore.Store
		for i, prefix := range []string{"kyckit:ovse:pii", "kyckit:ovse:sessions"} {
			s, err := redisstore.Open(ctx, url, &redisstore.Options{Prefix: prefix})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			stores[i] = s
		}
		vault, err := retention.New(stores[0], kek, nil)
		if err != nil {
			t.Fatal(err)
		}
		svc, err := kyc.NewOVSE(kyc.StoreSessions(stores[1], 0), vault, keys, nil)
		if err != nil {
			t.Fatal(err)
		}
		return svc
	}
	replicas := []*kyc.OVSE{replica(), replica()}
	cred := uidaiCredential(t)
	const n = 12
	txns := make([]string, n)
	for i := range txns {
		r, err := replicas[i%2].Init(ctx, "a", kyc.InitRequest{})
		if err != nil {
			t.Fatal(err)
		}
		txns[i] = r.Txn
	}
	var accepted, reused atomic.Int32
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i, txn := range txns {
		body, _ := json.Marshal(map[string]string{"txn": txn, "response": cred})
		svc := replicas[(i/2)%2] // not the replica that made the session, for half of them
		wg.Go(func() {
			<-start
			res, err := svc.Callback(ctx, body, "application/json")
			switch {
			case err == nil && res.Status == "completed":
				accepted.Add(1)
			case errors.Is(err, kyc.ErrCredentialReused) && res.FailureCode == kyc.FailureCredentialReused:
				reused.Add(1)
			default:
				t.Errorf("callback: %+v %v", res, err)
			}
		})
	}
	close(start)
	wg.Wait()
	if accepted.Load() != 1 || reused.Load() != n-1 {
		t.Fatalf("%d sessions completed with one credential, %d refused it; want 1 and %d", accepted.Load(), reused.Load(), n-1)
	}
	late := replica()
	r, err := late.Init(ctx, "a", kyc.InitRequest{TTLSeconds: int64(time.Hour / time.Second)})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := json.Marshal(map[string]string{"txn": r.Txn, "response": cred})
	if _, err := late.Callback(ctx, body, "application/json"); !errors.Is(err, kyc.ErrCredentialReused) {
		t.Fatalf("a replica started later: %v", err)
	}
}
