package kyc_test

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kyckit/kyckit/kyc"
	"github.com/kyckit/kyckit/normalize"
	"github.com/kyckit/kyckit/retention"
	"github.com/kyckit/kyckit/sdjwt"
)

// withID gives the fixture credential its own "id".
func withID(id string) func(map[string]any) {
	return func(c map[string]any) { c["id"] = id }
}

// TestOVSECredentialReplay: a credential accepted into one session is
// refused in any other (409 credential_reused, the second session
// failed), whichever tenant owns it and whichever disclosures the replay
// keeps; the first session is untouched; another credential is accepted.
func TestOVSECredentialReplay(t *testing.T) {
	e := newEnv(t, nil)
	cred := credential(t, withID("5d0c7c1e-1111-4aaa-8bbb-000000000001"))
	idA, txnA := e.init(tokenA, "")
	if r := e.callback(txnA, cred); r.status != 200 {
		t.Fatalf("first use: %d %s", r.status, r.raw)
	}
	// The attacker knows the txn of tenant b's pending session.
	idB, txnB := e.init(tokenB, "")
	r := e.callback(txnB, cred)
	if r.status != 409 || r.body["error"] != "credential_reused" || r.body["txn"] != txnB {
		t.Fatalf("replay into another session: %d %s", r.status, r.raw)
	}
	s := e.status(tokenB, idB)
	if s.body["session_status"] != "failed" || s.body["failure_code"] != kyc.FailureCredentialReused || s.body["name"] != nil {
		t.Fatalf("the replayed-into session: %s", s.raw)
	}
	if s := e.status(tokenA, idA); s.body["session_status"] != "completed" || s.header.Get(kyc.PIIHeader) != "delivered" {
		t.Fatalf("the first session after the replay: %s %s", s.header.Get(kyc.PIIHeader), s.raw)
	}
	// The same issuer-signed JWT with fewer disclosures is the same
	// credential.
	parts := strings.Split(cred, "~")
	fewer := strings.Join(append(parts[:1:1], parts[2:]...), "~")
	_, txnC := e.init(tokenA, "")
	if r := e.callback(txnC, fewer); r.status != 409 || r.body["error"] != "credential_reused" {
		t.Fatalf("replay with fewer disclosures: %d %s", r.status, r.raw)
	}
	// Go callers get the sentinel.
	init, _ := e.svc.Init(context.Background(), "a", kyc.InitRequest{})
	body := []byte(`{"txn": "` + init.Txn + `", "response": "` + cred + `"}`)
	if res, err := e.svc.Callback(context.Background(), body, "application/json"); err != kyc.ErrCredentialReused ||
		res.FailureCode != kyc.FailureCredentialReused || res.SessionID != init.SessionID {
		t.Fatalf("Callback = %+v, %v", res, err)
	}
	// A credential of its own completes a session.
	idD, txnD := e.init(tokenA, "")
	if r := e.callback(txnD, credential(t, withID("5d0c7c1e-1111-4aaa-8bbb-000000000002"))); r.status != 200 {
		t.Fatalf("another credential: %d %s", r.status, r.raw)
	}
	if s := e.status(tokenA, idD); s.body["session_status"] != "completed" {
		t.Fatalf("%s", s.raw)
	}
	if !strings.Contains(e.logBuf.String(), "credential already used") {
		t.Error("the replay was not logged")
	}
}

// TestOVSECredentialReplayRace: one credential posted at once with the
// txns of many sessions completes exactly one of them.
func TestOVSECredentialReplayRace(t *testing.T) {
	e := newEnv(t, nil)
	cred := credential(t, withID("5d0c7c1e-2222-4aaa-8bbb-000000000001"))
	const n = 8
	txns := make([]string, n)
	for i := range txns {
		_, txns[i] = e.init(tokenA, "")
	}
	var ok, reused atomic.Int32
	var wg sync.WaitGroup
	for _, txn := range txns {
		wg.Go(func() {
			switch r := e.callback(txn, cred); {
			case r.status == 200:
				ok.Add(1)
			case r.status == 409 && r.body["error"] == "credential_reused":
				reused.Add(1)
			default:
				t.Errorf("%d %s", r.status, r.raw)
			}
		})
	}
	wg.Wait()
	if ok.Load() != 1 || reused.Load() != n-1 {
		t.Fatalf("%d accepted, %d refused as reused; want 1 and %d", ok.Load(), reused.Load(), n-1)
	}
}

// TestOVSECredentialHold: the claim lasts until the credential's exp
// plus the verifier's clock skew, at most CredentialHold; Sweep deletes
// it then.
func TestOVSECredentialHold(t *testing.T) {
	for _, tc := range []struct {
		name string
		hold time.Duration
		exp  time.Duration // from the test clock
		kept time.Duration // how long the claim lives
	}{
		{"exp first", 0, 10 * time.Minute, 11 * time.Minute},
		{"hold first", 2 * time.Minute, 10 * time.Minute, 2 * time.Minute},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, &kyc.OVSEOptions{CredentialHold: tc.hold})
			cred := credential(t, func(c map[string]any) { c["exp"] = t0.Add(tc.exp).Unix() })
			_, txn := e.init(tokenA, `{"ttl_seconds": 3600}`)
			if r := e.callback(txn, cred); r.status != 200 {
				t.Fatalf("%d %s", r.status, r.raw)
			}
			ctx := context.Background()
			e.clock.Add(tc.kept - time.Second)
			if _, n, err := e.svc.Sweep(ctx); err != nil || n != 0 {
				t.Fatalf("a second before the end: swept %d (%v)", n, err)
			}
			e.clock.Add(time.Second)
			if _, n, err := e.svc.Sweep(ctx); err != nil || n != 1 {
				t.Fatalf("at the end: swept %d (%v), want the claim", n, err)
			}
			if tc.hold == 0 {
				return // the credential has expired: nothing more to check
			}
			// The hold ended before exp: the credential completes a new
			// session (what CredentialHold trades).
			_, txn = e.init(tokenA, "")
			if r := e.callback(txn, cred); r.status != 200 {
				t.Fatalf("after the hold: %d %s", r.status, r.raw)
			}
		})
	}
}

// TestOVSESessionStoreHoldsNoPII: after a completed session, no record of
// the session store (the session, its txn, the credential's claim) holds
// a value of the resident or the credential's id: the resident lives
// sealed in the vault only.
func TestOVSESessionStoreHoldsNoPII(t *testing.T) {
	kek, _ := retention.GenerateKeyset()
	clk := &clock{t: t0}
	vault, _ := retention.New(retention.NewMemoryStore(), kek, &retention.Options{Now: clk.Now})
	keys, _ := sdjwt.ParseJWKSet(readTestdata(t, "sdjwt", "issuer.jwks.json"))
	store := retention.NewMemoryStore()
	svc, err := kyc.NewOVSE(kyc.StoreSessions(store, 0), vault, keys, &kyc.OVSEOptions{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	init, _ := svc.Init(ctx, "a", kyc.InitRequest{ClientReferenceID: "ref-1"})
	const id = "5d0c7c1e-3333-4aaa-8bbb-000000000001"
	body, _ := json.Marshal(map[string]string{"txn": init.Txn, "response": credential(t, withID(id))})
	if res, err := svc.Callback(ctx, body, "application/json"); err != nil || res.Status != normalize.OVSECompleted {
		t.Fatalf("Callback = %+v, %v", res, err)
	}
	recs, err := store.Due(ctx, t0.Add(100*365*24*time.Hour), 100)
	if err != nil || len(recs) != 3 {
		t.Fatalf("%d session-store records (%v), want session, txn and claim", len(recs), err)
	}
	for _, r := range recs {
		all := r.ID + string(r.Meta) + string(r.Data)
		for _, v := range append(residentPII, id) {
			if strings.Contains(all, v) {
				t.Errorf("session-store record %.2s… holds %.3s…", r.ID, v)
			}
		}
	}
}
