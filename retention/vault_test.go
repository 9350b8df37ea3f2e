package retention_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/kyckit/kyckit/retention"

	"github.com/kyckit/kyckit/internal/logtest"
)

var pii = []byte(`{"name":"Ravi Invented","address":"1 Nowhere Lane"}`)

type recorder struct {
	mu     sync.Mutex
	events []retention.Event
}

func (r *recorder) add(e retention.Event) { r.mu.Lock(); r.events = append(r.events, e); r.mu.Unlock() }

func (r *recorder) all() []retention.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]retention.Event(nil), r.events...)
}

func newTestVault(t *testing.T, s retention.Store, opts *retention.Options) *retention.Vault {
	t.Helper()
	kek, err := retention.GenerateKeyset()
	if err != nil {
		t.Fatal(err)
	}
	v, err := retention.New(s, kek, opts)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// putDone stores pii under id and completes the session.
func putDone(t *testing.T, v *retention.Vault, id string, p retention.Policy) {
	t.Helper()
	if err := v.Put(context.Background(), id, "ekyc", pii, p); err != nil {
		t.Fatal(err)
	}
	if err := v.Complete(context.Background(), id); err != nil {
		t.Fatal(err)
	}
}

func mustPolicy(t *testing.T, off bool, ttl int) retention.Policy {
	t.Helper()
	p, err := retention.PolicyFromKosmos(off, ttl)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestExpiryOnReadSynctest runs on the fake clock of testing/synctest with
// the Vault's default clock (time.Now): no injected clock, no sleeping.
func TestExpiryOnReadSynctest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		v := newTestVault(t, retention.NewMemoryStore(), nil)
		if err := v.Put(ctx, "s1", "ekyc", pii, mustPolicy(t, false, 30)); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Hour) // pending: waits up to MaxWait (7 days) for completion
		if err := v.Complete(ctx, "s1"); err != nil {
			t.Fatal(err)
		}
		time.Sleep(30*time.Second - time.Millisecond)
		if got, err := v.Get(ctx, "s1"); err != nil || !bytes.Equal(got, pii) {
			t.Fatalf("Get 1ms before the deadline: %v", err)
		}
		time.Sleep(time.Millisecond)
		if _, err := v.Get(ctx, "s1"); !errors.Is(err, retention.ErrExpired) {
			t.Fatalf("Get at the deadline: %v, want ErrExpired", err)
		}
	})
}

// TestBackgroundSweeperSynctest: a ticker-driven sweeper in a goroutine
// erases expired records; synctest.Wait makes the check deterministic.
func TestBackgroundSweeperSynctest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		s := retention.NewMemoryStore()
		v := newTestVault(t, s, nil)
		for i := range 10 {
			if err := v.Put(ctx, fmt.Sprintf("s%d", i), "ekyc", pii, mustPolicy(t, false, 60)); err != nil {
				t.Fatal(err)
			}
			if err := v.Complete(ctx, fmt.Sprintf("s%d", i)); err != nil {
				t.Fatal(err)
			}
		}
		go func() {
			tick := time.NewTicker(time.Minute)
			defer tick.Stop()
			for {
				select {
				case <-ctx.Done():
					return
				case <-tick.C:
					if _, err := v.Sweep(ctx); err != nil && ctx.Err() == nil {
						t.Error(err)
					}
				}
			}
		}()
		time.Sleep(2 * time.Minute)
		synctest.Wait()
		for i := range 10 {
			r, err := s.Get(ctx, fmt.Sprintf("s%d", i), retention.Never(), "")
			if err != nil || r.State != retention.StateErased || r.Data != nil {
				t.Fatalf("record %d after sweep: %v state %v", i, err, r.State)
			}
		}
		entries, _ := v.Receipts(ctx, time.Time{}, 100)
		if len(entries) != 10 {
			t.Fatalf("%d receipts, want 10", len(entries))
		}
	})
}

func TestAuditEventsArePIIFree(t *testing.T) {
	ctx := context.Background()
	var rec recorder
	v := newTestVault(t, retention.NewMemoryStore(), &retention.Options{
		Audit: rec.add, IDKey: []byte("audit-key-0123456789"), Signer: testPriv,
	})
	id := "applicant-9876"
	if err := v.Put(ctx, id, "ekyc", pii, mustPolicy(t, false, -1)); err != nil {
		t.Fatal(err)
	}
	if _, err := v.Get(ctx, id); !errors.Is(err, retention.ErrPending) {
		t.Fatal(err)
	}
	if err := v.Complete(ctx, id); err != nil {
		t.Fatal(err)
	}
	if _, err := v.Get(ctx, id); err != nil {
		t.Fatal(err)
	}
	if _, err := v.Get(ctx, id); !errors.Is(err, retention.ErrConsumed) {
		t.Fatal(err)
	}
	var actions []string
	security := 0
	for _, e := range rec.all() {
		actions = append(actions, e.Action+"/"+e.Reason)
		text := e.String() + fmt.Sprint(e.LogValue())
		if strings.Contains(text, "9876") || strings.Contains(text, "Ravi") || strings.Contains(text, "Nowhere") {
			t.Fatalf("audit event leaks the id or PII: %s", text)
		}
		if e.Security {
			security++
		}
	}
	want := "[stored/ denied/pending completed/ erased/read-once consumed/ denied/consumed]"
	if fmt.Sprint(actions) != want {
		t.Fatalf("events %v, want %s", actions, want)
	}
	if security != 1 {
		t.Fatalf("%d security events, want 1 (the second read)", security)
	}
}

func TestVaultInputs(t *testing.T) {
	ctx := context.Background()
	v := newTestVault(t, retention.NewMemoryStore(), &retention.Options{MaxPII: 16})
	p := mustPolicy(t, false, 0)
	tests := []struct {
		name, id, cat string
		pii           []byte
		p             retention.Policy
		want          error
	}{
		{"empty id", "", "ekyc", nil, p, retention.ErrInput},
		{"space in id", "a b", "ekyc", nil, p, retention.ErrInput},
		{"long id", strings.Repeat("a", retention.MaxIDLen+1), "ekyc", nil, p, retention.ErrInput},
		{"non-ascii id", "sess-é", "ekyc", nil, p, retention.ErrInput},
		{"empty category", "a", "", nil, p, retention.ErrInput},
		{"upper category", "a", "EKYC", nil, p, retention.ErrInput},
		{"too big", "a", "ekyc", make([]byte, 17), p, retention.ErrInput},
		{"bad policy", "a", "ekyc", nil, retention.Policy{}, retention.ErrPolicy},
	}
	for _, tt := range tests {
		if err := v.Put(ctx, tt.id, tt.cat, tt.pii, tt.p); !errors.Is(err, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, err, tt.want)
		}
	}
	if err := v.Put(ctx, "ok", "ekyc", make([]byte, 16), p); err != nil {
		t.Fatalf("payload at the cap: %v", err)
	}
	if _, err := v.Get(ctx, "missing"); !errors.Is(err, retention.ErrNotFound) {
		t.Fatalf("Get(missing): %v", err)
	}
	if err := v.Complete(ctx, "missing"); !errors.Is(err, retention.ErrNotFound) {
		t.Fatalf("Complete(missing): %v", err)
	}
	if _, err := v.Delete(ctx, "missing"); !errors.Is(err, retention.ErrNotFound) {
		t.Fatalf("Delete(missing): %v", err)
	}
	if _, err := retention.New(nil, nil, nil); !errors.Is(err, retention.ErrInput) {
		t.Fatalf("New(nil store): %v", err)
	}
	if _, err := retention.New(retention.NewMemoryStore(), nil, &retention.Options{IDKey: []byte("short")}); !errors.Is(err, retention.ErrInput) {
		t.Fatalf("short IDKey: %v", err)
	}
	// A Vault without a key can sweep and delete but not seal or open.
	nokey, _ := retention.New(retention.NewMemoryStore(), nil, nil)
	if err := nokey.Put(ctx, "a", "ekyc", nil, p); !errors.Is(err, retention.ErrNoKey) {
		t.Fatalf("Put without key: %v", err)
	}
}

func TestWrongKeyAndTamper(t *testing.T) {
	ctx := context.Background()
	s := retention.NewMemoryStore()
	v := newTestVault(t, s, nil)
	putDone(t, v, "a", mustPolicy(t, false, 0))
	putDone(t, v, "b", mustPolicy(t, false, 0))
	other := newTestVault(t, s, nil) // another key-encryption key
	if _, err := other.Get(ctx, "a"); !errors.Is(err, retention.ErrDecrypt) {
		t.Fatalf("Get with another KEK: %v, want ErrDecrypt", err)
	}
	ra, _ := s.Get(ctx, "a", retention.Never(), "")
	rb, _ := s.Get(ctx, "b", retention.Never(), "")
	// The record id is associated data: b's sealed data under a's id fails.
	if _, err := v.OpenSealed("a", ra.Key, rb.Data); !errors.Is(err, retention.ErrDecrypt) {
		t.Fatalf("swapped ciphertext: %v, want ErrDecrypt", err)
	}
	if _, err := v.OpenSealed("b", ra.Key, ra.Data); !errors.Is(err, retention.ErrDecrypt) {
		t.Fatalf("moved record: %v, want ErrDecrypt", err)
	}
	flipped := bytes.Clone(ra.Data)
	flipped[len(flipped)-1] ^= 1
	if _, err := v.OpenSealed("a", ra.Key, flipped); !errors.Is(err, retention.ErrDecrypt) {
		t.Fatalf("flipped bit: %v, want ErrDecrypt", err)
	}
	if got, err := v.OpenSealed("a", ra.Key, ra.Data); err != nil || !bytes.Equal(got, pii) {
		t.Fatalf("intact record: %v", err)
	}
}

// TestShredding: after Delete, a ciphertext copied out before deletion can
// no longer be opened, because the wrapped data key is destroyed with it;
// and the store keeps neither.
func TestShredding(t *testing.T) {
	ctx := context.Background()
	s := retention.NewMemoryStore()
	v := newTestVault(t, s, &retention.Options{Signer: testPriv})
	if err := v.Put(ctx, "victim", "ekyc", pii, mustPolicy(t, false, 0)); err != nil {
		t.Fatal(err)
	}
	copied, _ := s.Get(ctx, "victim", retention.Never(), "")
	if _, err := v.OpenSealed("victim", copied.Key, copied.Data); err != nil {
		t.Fatalf("copy opens before Delete: %v", err)
	}
	r, err := v.Delete(ctx, "victim")
	if err != nil {
		t.Fatal(err)
	}
	after, _ := s.Get(ctx, "victim", retention.Never(), "")
	if after.Key != nil || after.Data != nil {
		t.Fatal("store still holds key or data")
	}
	if _, err := v.OpenSealed("victim", after.Key, copied.Data); !errors.Is(err, retention.ErrDecrypt) {
		t.Fatalf("copied ciphertext after Delete: %v, want ErrDecrypt", err)
	}
	if _, err := retention.VerifyReceipt(mustLog(t, s)[0].Data, testPub); err != nil {
		t.Fatalf("receipt: %v", err)
	}
	if r.Mechanism != retention.MechanismShred || r.Reason != retention.ReasonWithdrawn {
		t.Fatalf("receipt %+v", r)
	}
}

func mustLog(t *testing.T, s retention.Store) []retention.LogEntry {
	t.Helper()
	l, err := s.Log(context.Background(), 1, 100)
	if err != nil || len(l) == 0 {
		t.Fatalf("log: %v, %d entries", err, len(l))
	}
	return l
}

func TestKeysetRotateAndMarshal(t *testing.T) {
	ctx := context.Background()
	kek, err := retention.GenerateKeyset()
	if err != nil {
		t.Fatal(err)
	}
	s := retention.NewMemoryStore()
	v, _ := retention.New(s, kek, nil)
	putDone(t, v, "old", mustPolicy(t, false, 0))
	if err := kek.Rotate(); err != nil {
		t.Fatal(err)
	}
	if kek.Len() != 2 {
		t.Fatalf("keyset has %d keys after rotation, want 2", kek.Len())
	}
	putDone(t, v, "new", mustPolicy(t, false, 0))
	for _, id := range []string{"old", "new"} {
		if got, err := v.Get(ctx, id); err != nil || !bytes.Equal(got, pii) {
			t.Fatalf("Get(%s) after rotation: %v", id, err)
		}
	}
	master, _ := retention.GenerateKeyset()
	enc, err := kek.Marshal(master)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(enc, []byte("AesGcmKey\",\"value\"")) {
		t.Fatal("marshaled keyset looks like cleartext")
	}
	back, err := retention.ParseKeyset(enc, master)
	if err != nil {
		t.Fatal(err)
	}
	v2, _ := retention.New(s, back, nil)
	if got, err := v2.Get(ctx, "old"); err != nil || !bytes.Equal(got, pii) {
		t.Fatalf("Get with parsed keyset: %v", err)
	}
	wrongMaster, _ := retention.GenerateKeyset()
	if _, err := retention.ParseKeyset(enc, wrongMaster); !errors.Is(err, retention.ErrKeyset) {
		t.Fatalf("wrong master: %v, want ErrKeyset", err)
	}
	if _, err := retention.ParseKeyset([]byte("{}"), master); !errors.Is(err, retention.ErrKeyset) {
		t.Fatalf("garbage keyset: %v, want ErrKeyset", err)
	}
	plain, err := kek.MarshalInsecureCleartext()
	if err != nil {
		t.Fatal(err)
	}
	if k, err := retention.ParseKeysetInsecureCleartext(plain); err != nil || k.Len() != 2 {
		t.Fatalf("cleartext round trip: %v", err)
	}
}

func TestCompleteAfterExpiryAndDeleteTwice(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	v := newTestVault(t, retention.NewMemoryStore(), &retention.Options{Now: clock})
	p := mustPolicy(t, false, 0)
	p.MaxWait = time.Minute
	if err := v.Put(ctx, "a", "ekyc", pii, p); err != nil {
		t.Fatal(err)
	}
	if _, err := v.Delete(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	if _, err := v.Delete(ctx, "a"); !errors.Is(err, retention.ErrErased) {
		t.Fatalf("second Delete: %v, want ErrErased", err)
	}
	if err := v.Complete(ctx, "a"); !errors.Is(err, retention.ErrErased) {
		t.Fatalf("Complete after Delete: %v, want ErrErased", err)
	}
	if err := v.Put(ctx, "b", "ekyc", pii, p); err != nil {
		t.Fatal(err)
	}
	now = now.Add(time.Minute)
	if err := v.Complete(ctx, "b"); !errors.Is(err, retention.ErrExpired) {
		t.Fatalf("Complete after MaxWait: %v, want ErrExpired", err)
	}
}

// eagerStore lists every record as due, as a buggy store might.
type eagerStore struct{ *retention.MemoryStore }

func (s eagerStore) Due(ctx context.Context, now time.Time, limit int) ([]*retention.Record, error) {
	return s.MemoryStore.Due(ctx, retention.Never(), limit)
}

func TestSweepNeverErasesEarly(t *testing.T) {
	ctx := context.Background()
	s := eagerStore{retention.NewMemoryStore()}
	v := newTestVault(t, s, nil)
	putDone(t, v, "a", mustPolicy(t, false, 0))
	st, err := v.Sweep(ctx)
	if err != nil || st.Erased != 0 || st.Skipped != 1 {
		t.Fatalf("sweep of a record not due: %+v, %v", st, err)
	}
	if _, err := v.Get(ctx, "a"); err != nil {
		t.Fatalf("record erased early: %v", err)
	}
}

func TestSweepDestroysKeyInKeyStore(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	s, keys := retention.NewMemoryStore(), retention.NewMemoryStore()
	v := newTestVault(t, s, &retention.Options{Now: func() time.Time { return now }, Keys: keys})
	if err := v.Put(ctx, "a", "ekyc", pii, mustPolicy(t, false, 60)); err != nil {
		t.Fatal(err)
	}
	if err := v.Complete(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	if _, err := keys.Get(ctx, "a", retention.Never(), ""); err != nil {
		t.Fatalf("key store before sweep: %v", err)
	}
	now = now.Add(time.Minute)
	sweeper, _ := retention.New(s, nil, &retention.Options{Now: func() time.Time { return now }, Keys: keys})
	if st, err := sweeper.Sweep(ctx); err != nil || st.Erased != 1 {
		t.Fatalf("sweep: %+v, %v", st, err)
	}
	if _, err := keys.Get(ctx, "a", retention.Never(), ""); !errors.Is(err, retention.ErrNotFound) {
		t.Fatalf("key survived the sweep: %v", err)
	}
}

func TestStatusAndForeverTombstones(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	s := retention.NewMemoryStore()
	v := newTestVault(t, s, &retention.Options{Now: func() time.Time { return now }, TombstoneTTL: -1})
	if err := v.Put(ctx, "a", "ekyc", pii, mustPolicy(t, false, 60)); err != nil {
		t.Fatal(err)
	}
	if err := v.CompleteWithStatus(ctx, "a", []byte(`{"s":"Completed"}`)); err != nil {
		t.Fatal(err)
	}
	// Completing again only replaces the status; the PII stays readable.
	if err := v.CompleteWithStatus(ctx, "a", []byte(`{"s":"Completed","v":"Passed"}`)); err != nil {
		t.Fatal(err)
	}
	res, err := v.Poll(ctx, "a")
	if err != nil || res.State != retention.PollAvailable || !bytes.Equal(res.PII, pii) || string(res.Status) != `{"s":"Completed","v":"Passed"}` {
		t.Fatalf("poll: %v %v", err, res)
	}
	var logged bytes.Buffer
	slog.New(slog.NewJSONHandler(&logged, logtest.NoTime())).Info("poll", "result", res)
	slog.New(slog.NewJSONHandler(&logged, logtest.NoTime())).Info("poll", "result", *res)
	for _, text := range []string{fmt.Sprint(res), fmt.Sprintf("%+v", res), fmt.Sprintf("%#v", res), fmt.Sprint(*res), fmt.Sprintf("%#v", *res), logged.String()} {
		if strings.Contains(text, "Ravi") || strings.Contains(text, "Nowhere") {
			t.Fatalf("PollResult prints its PII: %s", text)
		}
	}
	for _, bad := range [][]byte{[]byte("not json"), bytes.Repeat([]byte(" "), retention.MaxStatusLen+1)} {
		if err := v.SetStatus(ctx, "a", bad); !errors.Is(err, retention.ErrInput) {
			t.Fatalf("bad status: %v", err)
		}
	}
	if _, err := v.Delete(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	if err := v.SetStatus(ctx, "a", []byte(`{"s":"Withdrawn"}`)); err != nil { // tombstones keep a status too
		t.Fatal(err)
	}
	now = now.AddDate(10, 0, 0)
	if st, err := v.Sweep(ctx); err != nil || st.Purged != 0 {
		t.Fatalf("sweep purged a forever tombstone: %+v %v", st, err)
	}
	if err := v.Put(ctx, "a", "ekyc", pii, mustPolicy(t, false, 60)); !errors.Is(err, retention.ErrExists) {
		t.Fatalf("id reused after ten years: %v", err)
	}
	res, err = v.Poll(ctx, "a")
	if err != nil || res.State != retention.PollErased || res.Reason != retention.ReasonWithdrawn || string(res.Status) != `{"s":"Withdrawn"}` || res.PII != nil {
		t.Fatalf("poll of a tombstone: %v %v", err, res)
	}
	if fmt.Sprint(res) != "retention.PollResult{state=erased pii=[0 bytes] status=[17 bytes]}" {
		t.Fatalf("String: %s", res)
	}
}
