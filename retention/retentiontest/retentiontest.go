// Package retentiontest checks that a [retention.Store] implementation
// keeps the contract the [retention.Vault] relies on: byte-exact storage,
// revisions and compare-and-swap, the atomic read-once claim under
// concurrency and its idempotent retry, due-record listing for the sweeper,
// the chained receipt log, and the Vault's policies end to end (expiry on
// read, completion, read-once, returned-once, holds, sweep,
// crypto-shredding, lost replies).
//
// Use it from a store's tests:
//
//	func TestConformance(t *testing.T) {
//		retentiontest.Run(t, func(t *testing.T) retention.Store { return newEmptyStore(t) })
//	}
//
// Durable stores also run [RunRestart]. Multi-process behaviour (several
// processes sharing one store) and crash safety cannot be checked from a
// library; the stores in this module test them in their own packages.
package retentiontest

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kyckit/kyckit/retention"
)

// Options tunes [RunWith]. A nil *Options means the defaults.
type Options struct {
	// RaceRounds is the number of rounds of the read-once race; zero means
	// 1000 (100 under -short).
	RaceRounds int
	// RacePollers is the number of goroutines polling one record per
	// round; zero means 64.
	RacePollers int
}

// Run runs the conformance suite. newStore must return a new, empty,
// isolated store each time it is called, and arrange its cleanup with
// t.Cleanup.
func Run(t *testing.T, newStore func(t *testing.T) retention.Store) {
	t.Helper()
	RunWith(t, newStore, nil)
}

// RunWith is [Run] with options.
func RunWith(t *testing.T, newStore func(t *testing.T) retention.Store, opts *Options) {
	t.Helper()
	if opts == nil {
		opts = &Options{}
	}
	rounds, pollers := opts.RaceRounds, opts.RacePollers
	if rounds == 0 {
		rounds = 1000
		if testing.Short() {
			rounds = 100
		}
	}
	if pollers == 0 {
		pollers = 64
	}
	t.Run("CreateGet", func(t *testing.T) { testCreateGet(t, newStore(t)) })
	t.Run("Claim", func(t *testing.T) { testClaim(t, newStore(t)) })
	t.Run("NoClaim", func(t *testing.T) { testNoClaim(t, newStore(t)) })
	t.Run("Replace", func(t *testing.T) { testReplace(t, newStore(t)) })
	t.Run("ReplaceRace", func(t *testing.T) { testReplaceRace(t, newStore(t), pollers) })
	t.Run("Due", func(t *testing.T) { testDue(t, newStore(t)) })
	t.Run("Log", func(t *testing.T) { testLog(t, newStore(t)) })
	t.Run("LogRace", func(t *testing.T) { testLogRace(t, newStore(t), pollers) })
	t.Run("ReadOnceRace", func(t *testing.T) { testReadOnceRace(t, newStore(t), rounds, pollers) })
	t.Run("Vault", func(t *testing.T) { testVault(t, newStore) })
	t.Run("LostReplies", func(t *testing.T) {
		testVault(t, func(t *testing.T) retention.Store { return &Replayer{Store: newStore(t)} })
	})
}

// RunRestart checks durability: records, revisions, tokens, claims,
// tombstones and log entries written before restart (which must close the
// store and open it again on the same data) are all there afterwards,
// byte for byte.
func RunRestart(t *testing.T, newStore func(t *testing.T) retention.Store, restart func(t *testing.T, s retention.Store) retention.Store) {
	t.Helper()
	ctx := context.Background()
	s := newStore(t)
	a, b, c := rec("durable-a", retention.StatePending), rec("durable-b", retention.StateReady), rec("durable-c", retention.StateReady)
	b.ReadOnce = true
	mustCreate(t, s, a)
	mustCreate(t, s, b)
	mustCreate(t, s, c)
	if _, err := s.Get(ctx, "durable-b", t0, "tok-b"); err != nil { // claim b
		t.Fatal(err)
	}
	tomb := &retention.Record{ID: "durable-c", State: retention.StateErased, ErasedAt: t0, ExpiresAt: t0.Add(time.Hour), Token: "t", Meta: []byte(`{}`)}
	e1 := entry(1, nil, "entry")
	if err := s.Replace(ctx, "durable-c", 1, tomb, e1); err != nil {
		t.Fatal(err)
	}
	s = restart(t, s)
	got, err := s.Get(ctx, "durable-a", retention.Never(), "")
	if err != nil {
		t.Fatalf("after restart: %v", err)
	}
	a.Rev = 1
	same(t, got, a)
	got, err = s.Get(ctx, "durable-b", t0, "tok-b")
	if err != nil {
		t.Fatalf("after restart: %v", err)
	}
	if got.State != retention.StateClaimed || got.Rev != 2 || got.Token != "tok-b" || !bytes.Equal(got.Data, b.Data) || !bytes.Equal(got.Key, b.Key) {
		t.Fatalf("claimed record after restart: state %v rev %d, key %d bytes, data %d bytes", got.State, got.Rev, len(got.Key), len(got.Data))
	}
	got, err = s.Get(ctx, "durable-c", retention.Never(), "")
	if err != nil || got.State != retention.StateErased || got.Key != nil || got.Data != nil || got.Rev != 2 {
		t.Fatalf("tombstone after restart: %v", err)
	}
	log, err := s.Log(ctx, 1, 10)
	if err != nil || len(log) != 1 || string(log[0].Data) != "entry" || !bytes.Equal(log[0].Hash, e1.Hash) || log[0].Seq != 1 {
		t.Fatalf("log after restart: %v, %d entries", err, len(log))
	}
	if h, err := s.LogHead(ctx); err != nil || h.Seq != 1 || !bytes.Equal(h.Hash, e1.Hash) {
		t.Fatalf("log head after restart: %v %+v", err, h)
	}
}

// t0 is the millisecond-aligned instant the suite uses as "now": a year
// ahead of the real clock, so stores that also expire records natively
// by the server's real clock (Redis PEXPIREAT) keep every test record
// for the duration of the suite.
var t0 = time.UnixMilli(time.Now().Add(365 * 24 * time.Hour).UnixMilli()).UTC()

func rec(id string, st retention.State) *retention.Record {
	return &retention.Record{
		ID: id, State: st,
		ExpiresAt: t0.Add(time.Hour),
		Token:     "token-" + id,
		Meta:      []byte(`{"c":"test"}`),
		Key:       []byte("wrapped-key\x00\xff" + id),
		Data:      []byte("sealed\x00data\xfe" + id),
	}
}

// entry returns log entry seq after prev (the previous entry's hash).
func entry(seq uint64, prev []byte, data string) *retention.LogEntry {
	return &retention.LogEntry{Seq: seq, At: t0.Add(time.Duration(seq) * time.Second), Prev: prev, Hash: retention.EntryHash([]byte(data)), Data: []byte(data)}
}

func mustCreate(t *testing.T, s retention.Store, r *retention.Record) {
	t.Helper()
	if err := s.Create(context.Background(), r); err != nil {
		t.Fatalf("Create(%s): %v", r.ID, err)
	}
}

func same(t *testing.T, got, want *retention.Record) {
	t.Helper()
	switch {
	case got.ID != want.ID, got.Rev != want.Rev, got.State != want.State, got.ReadOnce != want.ReadOnce, got.Token != want.Token:
		t.Fatalf("record header: got id=%s rev=%d state=%v once=%v token=%q, want id=%s rev=%d state=%v once=%v token=%q",
			got.ID, got.Rev, got.State, got.ReadOnce, got.Token, want.ID, want.Rev, want.State, want.ReadOnce, want.Token)
	case !got.ExpiresAt.Equal(want.ExpiresAt), !got.ErasedAt.Equal(want.ErasedAt):
		t.Fatalf("record times: got %v/%v, want %v/%v", got.ExpiresAt, got.ErasedAt, want.ExpiresAt, want.ErasedAt)
	case !bytes.Equal(got.Meta, want.Meta), !bytes.Equal(got.Key, want.Key), !bytes.Equal(got.Data, want.Data),
		(got.Key == nil) != (want.Key == nil), (got.Data == nil) != (want.Data == nil):
		t.Fatalf("record bytes differ")
	}
}

func testCreateGet(t *testing.T, s retention.Store) {
	ctx := context.Background()
	r := rec("id-1", retention.StatePending)
	mustCreate(t, s, r)
	got, err := s.Get(ctx, "id-1", t0, "any-token")
	if err != nil {
		t.Fatal(err)
	}
	want := r.Clone()
	want.Rev = 1
	same(t, got, want)
	got.Data[0] ^= 1 // the store must hand out copies
	if again, _ := s.Get(ctx, "id-1", t0, ""); !bytes.Equal(again.Data, r.Data) {
		t.Fatal("Get returned the store's own buffer")
	}
	if err := s.Create(ctx, rec("id-1", retention.StateReady)); !errors.Is(err, retention.ErrExists) {
		t.Fatalf("second Create: %v, want ErrExists", err)
	}
	if _, err := s.Get(ctx, "absent", t0, "x"); !errors.Is(err, retention.ErrNotFound) {
		t.Fatalf("Get(absent): %v, want ErrNotFound", err)
	}
	// Tombstones block re-creation too.
	tomb := &retention.Record{ID: "tomb", State: retention.StateErased, ErasedAt: t0, ExpiresAt: t0.Add(time.Hour), Meta: []byte(`{}`)}
	mustCreate(t, s, tomb)
	if err := s.Create(ctx, rec("tomb", retention.StatePending)); !errors.Is(err, retention.ErrExists) {
		t.Fatalf("Create over tombstone: %v, want ErrExists", err)
	}
	// Empty and binary payloads survive; absent ones stay absent.
	e := rec("empty", retention.StatePending)
	e.Data, e.Key, e.Token = []byte{}, []byte{}, ""
	mustCreate(t, s, e)
	if got, err := s.Get(ctx, "empty", t0, ""); err != nil || got.Data == nil || len(got.Data) != 0 || got.Key == nil || len(got.Key) != 0 || got.Token != "" {
		t.Fatalf("empty data: %v, data %v key %v", err, got.Data, got.Key)
	}
	n := rec("nokey", retention.StatePending)
	n.Key = nil
	mustCreate(t, s, n)
	if got, err := s.Get(ctx, "nokey", t0, ""); err != nil || got.Key != nil || !bytes.Equal(got.Data, n.Data) {
		t.Fatalf("record without key: %v", err)
	}
}

func testClaim(t *testing.T, s retention.Store) {
	ctx := context.Background()
	r := rec("once", retention.StateReady)
	r.ReadOnce = true
	mustCreate(t, s, r)
	now := t0.Add(time.Minute)
	claimed := r.Clone()
	claimed.Rev = 1
	claimed.ClaimInPlace(now, "tok-A")
	for i := range 2 { // a retry with the same token gets the same answer
		got, err := s.Get(ctx, "once", now.Add(time.Duration(i)*time.Second), "tok-A")
		if err != nil {
			t.Fatal(err)
		}
		same(t, got, claimed)
	}
	stripped := claimed.Clone()
	stripped.Key, stripped.Data = nil, nil
	for _, tok := range []string{"tok-B", ""} {
		got, err := s.Get(ctx, "once", now, tok)
		if err != nil {
			t.Fatal(err)
		}
		same(t, got, stripped) // another token: no key, no data
	}
	if got, err := s.Get(ctx, "once", retention.Never(), ""); err != nil || got.Key != nil || got.Data != nil {
		t.Fatalf("peek at a claimed record: %v", err)
	}
	due := mustDue(t, s, now.Add(retention.ClaimLease))
	if len(due) != 1 || due[0].ID != "once" || due[0].Data != nil || due[0].Key != nil {
		t.Fatalf("claimed record in Due: %d records, or with data", len(due))
	}
	if len(mustDue(t, s, now.Add(retention.ClaimLease-time.Millisecond))) != 0 {
		t.Fatal("claimed record due before its lease ended")
	}
	tomb := &retention.Record{ID: "once", State: retention.StateConsumed, ErasedAt: now, ExpiresAt: t0.Add(time.Hour), Token: "tok-A", Meta: r.Meta}
	if err := s.Replace(ctx, "once", 2, tomb, nil); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Get(ctx, "once", now, "tok-A"); err != nil || got.Key != nil || got.Data != nil || got.State != retention.StateConsumed {
		t.Fatalf("tombstone of a claimed record: %v", err)
	}
}

func testNoClaim(t *testing.T, s retention.Store) {
	ctx := context.Background()
	tests := []struct {
		name  string
		state retention.State
		once  bool
		now   time.Time
		token string
	}{
		{"pending", retention.StatePending, true, t0, "T"},
		{"not-once", retention.StateReady, false, t0, "T"},
		{"expired", retention.StateReady, true, t0.Add(time.Hour), "T"},
		{"never", retention.StateReady, true, retention.Never(), "T"},
		{"no-token", retention.StateReady, true, t0, ""},
		{"held", retention.StateHeld, true, t0, "T"},
		{"delivered", retention.StateDelivered, true, t0, "T"},
	}
	for _, tt := range tests {
		r := rec("nc-"+tt.name, tt.state)
		r.ReadOnce = tt.once
		mustCreate(t, s, r)
		for range 2 {
			got, err := s.Get(ctx, r.ID, tt.now, tt.token)
			if err != nil {
				t.Fatal(err)
			}
			if got.State != tt.state || got.Rev != 1 || got.Token != r.Token || !bytes.Equal(got.Data, r.Data) {
				t.Fatalf("%s: Get changed the record (state %v rev %d)", tt.name, got.State, got.Rev)
			}
		}
	}
}

func testReplace(t *testing.T, s retention.Store) {
	ctx := context.Background()
	mustCreate(t, s, rec("r", retention.StatePending))
	next := rec("r", retention.StateReady)
	next.ReadOnce = true
	next.ExpiresAt = t0.Add(2 * time.Hour)
	next.Meta = []byte(`{"c":"changed"}`)
	next.Key = []byte("another wrapped key")
	next.Token = "tok-2"
	if err := s.Replace(ctx, "r", 2, next, nil); !errors.Is(err, retention.ErrConflict) {
		t.Fatalf("Replace with wrong rev: %v, want ErrConflict", err)
	}
	if err := s.Replace(ctx, "absent", 1, next, nil); !errors.Is(err, retention.ErrNotFound) {
		t.Fatalf("Replace of absent: %v, want ErrNotFound", err)
	}
	e1 := entry(1, nil, "receipt-1")
	// A log entry that does not follow the head fails the whole step.
	for _, bad := range []*retention.LogEntry{entry(2, nil, "x"), entry(1, []byte("not the head"), "x")} {
		if err := s.Replace(ctx, "r", 1, next, bad); !errors.Is(err, retention.ErrConflict) {
			t.Fatalf("Replace with an unchained entry: %v, want ErrConflict", err)
		}
	}
	if got, _ := s.Get(ctx, "r", retention.Never(), ""); got.Rev != 1 || got.State != retention.StatePending {
		t.Fatal("a failed Replace changed the record")
	}
	if err := s.Replace(ctx, "r", 1, next, e1); err != nil {
		t.Fatal(err)
	}
	got, err := s.Get(ctx, "r", retention.Never(), "")
	if err != nil {
		t.Fatal(err)
	}
	want := next.Clone()
	want.Rev = 2
	same(t, got, want)
	// Replace by a tombstone drops key and data.
	tomb := &retention.Record{ID: "r", State: retention.StateErased, ErasedAt: t0, ExpiresAt: t0.Add(time.Hour), Meta: []byte(`{"c":"x"}`)}
	if err := s.Replace(ctx, "r", 2, tomb, nil); err != nil {
		t.Fatal(err)
	}
	got, err = s.Get(ctx, "r", t0, "T")
	if err != nil {
		t.Fatal(err)
	}
	if got.Rev != 3 || got.State != retention.StateErased || got.Key != nil || got.Data != nil {
		t.Fatalf("tombstone: rev %d state %v key %d data %d", got.Rev, got.State, len(got.Key), len(got.Data))
	}
	e2 := entry(2, e1.Hash, "receipt-2")
	if err := s.Replace(ctx, "r", 3, nil, e2); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(ctx, "r", t0, ""); !errors.Is(err, retention.ErrNotFound) {
		t.Fatalf("after delete: %v, want ErrNotFound", err)
	}
	log, err := s.Log(ctx, 1, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 2 || string(log[0].Data) != "receipt-1" || string(log[1].Data) != "receipt-2" || !log[0].At.Equal(e1.At) || log[1].Seq != 2 {
		t.Fatalf("log after Replace: %d entries", len(log))
	}
	// The id can be reused once the record is gone.
	mustCreate(t, s, rec("r", retention.StatePending))
}

func testReplaceRace(t *testing.T, s retention.Store, n int) {
	ctx := context.Background()
	mustCreate(t, s, rec("cas", retention.StatePending))
	w := raceWins(t, n, func(i int) error {
		next := rec("cas", retention.StateReady)
		next.Meta = fmt.Appendf(nil, `{"c":"w%d"}`, i)
		return s.Replace(ctx, "cas", 1, next, nil)
	})
	if w != 1 {
		t.Fatalf("%d concurrent Replaces of one revision succeeded, want exactly 1", w)
	}
}

// raceWins calls try(0), …, try(n-1) in n goroutines released at once and
// returns how many succeeded; an error other than ErrConflict fails t.
func raceWins(t *testing.T, n int, try func(i int) error) int {
	t.Helper()
	var wins atomic.Int32
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			switch err := try(i); {
			case err == nil:
				wins.Add(1)
			case !errors.Is(err, retention.ErrConflict):
				t.Errorf("Replace: %v", err)
			}
		})
	}
	close(start)
	wg.Wait()
	return int(wins.Load())
}

func testDue(t *testing.T, s retention.Store) {
	ctx := context.Background()
	for i, off := range []time.Duration{3 * time.Minute, time.Minute, 2 * time.Minute, time.Hour} {
		r := rec(fmt.Sprintf("due-%d", i), retention.StatePending)
		r.ExpiresAt = t0.Add(off)
		mustCreate(t, s, r)
	}
	never := rec("never-due", retention.StatePending)
	never.ExpiresAt = time.Time{}
	mustCreate(t, s, never)
	got, err := s.Due(ctx, t0.Add(3*time.Minute), 10)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range got {
		ids = append(ids, r.ID)
	}
	if fmt.Sprint(ids) != "[due-1 due-2 due-0]" {
		t.Fatalf("Due = %v, want [due-1 due-2 due-0] (earliest first, inclusive)", ids)
	}
	if len(got) > 0 && (!bytes.Equal(got[0].Data, rec("due-1", 0).Data) || !bytes.Equal(got[0].Key, rec("due-1", 0).Key)) {
		t.Fatal("Due record bytes differ")
	}
	if got, err := s.Due(ctx, t0.Add(3*time.Minute), 2); err != nil || len(got) != 2 {
		t.Fatalf("Due with limit 2: %v, %d records", err, len(got))
	}
	if got, err := s.Due(ctx, t0, 10); err != nil || len(got) != 0 {
		t.Fatalf("Due before any deadline: %v, %d records", err, len(got))
	}
	// A Replace moves the deadline.
	r, _ := s.Get(ctx, "due-3", retention.Never(), "")
	r.ExpiresAt = t0
	if err := s.Replace(ctx, "due-3", r.Rev, r, nil); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Due(ctx, t0, 10); len(got) != 1 || got[0].ID != "due-3" {
		t.Fatalf("Due after moving a deadline: %d records", len(got))
	}
	for _, r := range mustDue(t, s, retention.Never()) {
		if r.ID == "never-due" {
			t.Fatal("a record without deadline is due")
		}
	}
}

func mustDue(t *testing.T, s retention.Store, now time.Time) []*retention.Record {
	t.Helper()
	got, err := s.Due(context.Background(), now, 1000)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func testLog(t *testing.T, s retention.Store) {
	ctx := context.Background()
	if h, err := s.LogHead(ctx); err != nil || h.Seq != 0 || len(h.Hash) != 0 {
		t.Fatalf("head of an empty log: %v %+v", err, h)
	}
	if l, err := s.Log(ctx, 1, 10); err != nil || len(l) != 0 {
		t.Fatalf("empty log: %v, %d entries", err, len(l))
	}
	mustCreate(t, s, rec("l", retention.StatePending))
	var prev []byte
	var all []*retention.LogEntry
	for i := range 5 {
		e := entry(uint64(i+1), prev, fmt.Sprintf("e%d\x00\xff", i+1))
		e.At = t0.Add(-time.Duration(i) * time.Minute) // writers' clocks disagree: order is by position
		r, _ := s.Get(ctx, "l", retention.Never(), "")
		if err := s.Replace(ctx, "l", r.Rev, r, e); err != nil {
			t.Fatal(err)
		}
		prev, all = e.Hash, append(all, e)
	}
	got, err := s.Log(ctx, 2, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("Log(from 2, limit 3): %d entries", len(got))
	}
	for i, e := range got {
		w := all[i+1]
		if e.Seq != w.Seq || !e.At.Equal(w.At) || !bytes.Equal(e.Data, w.Data) || !bytes.Equal(e.Hash, w.Hash) {
			t.Fatalf("entry %d: seq %d, want %d", i, e.Seq, w.Seq)
		}
	}
	if h, err := s.LogHead(ctx); err != nil || h.Seq != 5 || !bytes.Equal(h.Hash, prev) {
		t.Fatalf("head: %v %+v", err, h)
	}
	if got, _ := s.Log(ctx, 6, 10); len(got) != 0 {
		t.Fatal("entries after the head")
	}
}

// testLogRace: n goroutines each append an entry after the same head;
// exactly one succeeds, the log stays a chain.
func testLogRace(t *testing.T, s retention.Store, n int) {
	ctx := context.Background()
	for i := range n {
		mustCreate(t, s, rec(fmt.Sprintf("lr-%d", i), retention.StatePending))
	}
	w := raceWins(t, n, func(i int) error {
		return s.Replace(ctx, fmt.Sprintf("lr-%d", i), 1, rec(fmt.Sprintf("lr-%d", i), retention.StateReady), entry(1, nil, fmt.Sprint("w", i)))
	})
	if w != 1 {
		t.Fatalf("%d concurrent appends at one head succeeded, want exactly 1", w)
	}
	if l, _ := s.Log(ctx, 1, 100); len(l) != 1 {
		t.Fatalf("log holds %d entries, want 1", len(l))
	}
}

// testReadOnceRace: pollers goroutines call Get on one claimable record at
// once, rounds times; exactly one must claim it each time.
func testReadOnceRace(t *testing.T, s retention.Store, rounds, pollers int) {
	if err := ReadOnceRace(context.Background(), s, rounds, pollers); err != nil {
		t.Fatal(err)
	}
}

// ReadOnceRace stores rounds claimable read-once records in s, one at a
// time, and lets pollers goroutines Get each at the same moment, each with
// its own token. It returns an error describing the first round in which
// the number of goroutines that received the data was not exactly one (or
// a Get failed, or a loser saw key or data). [Run] uses it; it is exported
// so a store's tests can also show that a deliberately non-atomic store is
// caught.
func ReadOnceRace(ctx context.Context, s retention.Store, rounds, pollers int) error {
	for round := range rounds {
		id := fmt.Sprintf("race-%d", round)
		r := rec(id, retention.StateReady)
		r.ReadOnce = true
		if err := s.Create(ctx, r); err != nil {
			return fmt.Errorf("round %d: Create: %w", round, err)
		}
		var winners, losers atomic.Int32
		var firstErr atomic.Value
		var wg sync.WaitGroup
		start := make(chan struct{})
		for p := range pollers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				tok := fmt.Sprintf("poller-%d", p)
				got, err := s.Get(ctx, id, t0, tok)
				switch {
				case err != nil:
					firstErr.CompareAndSwap(nil, err)
				case got.State == retention.StateClaimed && got.Token == tok && bytes.Equal(got.Data, r.Data) && bytes.Equal(got.Key, r.Key):
					winners.Add(1)
				case got.State == retention.StateClaimed && got.Token != tok && got.Data == nil && got.Key == nil:
					losers.Add(1)
				default:
					firstErr.CompareAndSwap(nil, fmt.Errorf("unexpected record: state %v, own token %v, %d data bytes", got.State, got.Token == tok, len(got.Data)))
				}
			}()
		}
		close(start)
		wg.Wait()
		if err, _ := firstErr.Load().(error); err != nil {
			return fmt.Errorf("round %d: Get: %w", round, err)
		}
		if w := winners.Load(); w != 1 || int(losers.Load()) != pollers-1 {
			return fmt.Errorf("round %d: %d winners and %d losers, want exactly 1 and %d", round, w, losers.Load(), pollers-1)
		}
	}
	return nil
}

// Replayer is a [retention.Store] that runs every change twice and returns
// the second result, as a store client does that retries a command whose
// reply was lost (go-redis retries on a broken connection). A Vault over a
// Replayer must behave as over the store itself: the suite runs the Vault
// tests through one.
type Replayer struct {
	retention.Store
}

func unwrap(s retention.Store) retention.Store {
	if r, ok := s.(*Replayer); ok {
		return r.Store
	}
	return s
}

// Create implements [retention.Store], twice.
func (r *Replayer) Create(ctx context.Context, rec *retention.Record) error {
	_ = r.Store.Create(ctx, rec)
	return r.Store.Create(ctx, rec)
}

// Get implements [retention.Store], twice.
func (r *Replayer) Get(ctx context.Context, id string, now time.Time, token string) (*retention.Record, error) {
	_, _ = r.Store.Get(ctx, id, now, token)
	return r.Store.Get(ctx, id, now, token)
}

// Replace implements [retention.Store], twice.
func (r *Replayer) Replace(ctx context.Context, id string, rev uint64, next *retention.Record, e *retention.LogEntry) error {
	_ = r.Store.Replace(ctx, id, rev, next, e)
	return r.Store.Replace(ctx, id, rev, next, e)
}

// clock is a manual clock for Vault tests.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func newVault(t *testing.T, s retention.Store, c *clock) (*retention.Vault, ed25519.PublicKey) {
	t.Helper()
	kek, err := retention.GenerateKeyset()
	if err != nil {
		t.Fatal(err)
	}
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	v, err := retention.New(s, kek, &retention.Options{Now: c.Now, Signer: priv, IDKey: []byte("0123456789abcdef-audit-key"), MaxClockSkew: -1})
	if err != nil {
		t.Fatal(err)
	}
	return v, pub
}

// concurrentGets polls record id with n concurrent Vault.Gets and returns
// how many received pii; every other Get must fail with ErrConsumed.
func concurrentGets(t *testing.T, v *retention.Vault, id string, n int, pii []byte) int {
	t.Helper()
	var wins atomic.Int32
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			got, err := v.Get(context.Background(), id)
			switch {
			case err == nil && bytes.Equal(got, pii):
				wins.Add(1)
			case errors.Is(err, retention.ErrConsumed):
			default:
				t.Errorf("Get: %v", err)
			}
		})
	}
	wg.Wait()
	return int(wins.Load())
}

func kosmos(t *testing.T, off bool, ttl int) retention.Policy {
	t.Helper()
	p, err := retention.PolicyFromKosmos(off, ttl)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// testVault runs the Vault's policies end to end over fresh stores.
func testVault(t *testing.T, newStore func(t *testing.T) retention.Store) {
	ctx := context.Background()
	pii := []byte(`{"name":"Asha Invented","dob":"1990-01-01"}`)
	want := func(t *testing.T, err, target error) {
		t.Helper()
		if !errors.Is(err, target) {
			t.Fatalf("got %v, want %v", err, target)
		}
	}

	t.Run("DeleteOnCompletion", func(t *testing.T) {
		s, c := newStore(t), &clock{now: t0}
		v, pub := newVault(t, s, c)
		if err := v.Put(ctx, "s1", "ekyc", pii, kosmos(t, true, 0)); err != nil {
			t.Fatal(err)
		}
		_, err := v.Get(ctx, "s1") // never readable, not even before completion
		want(t, err, retention.ErrPending)
		if err := v.CompleteWithStatus(ctx, "s1", []byte(`{"session":"Completed"}`)); err != nil {
			t.Fatal(err)
		}
		_, err = v.Get(ctx, "s1")
		want(t, err, retention.ErrErased)
		res, err := v.Poll(ctx, "s1")
		if err != nil || res.State != retention.PollErased || res.PII != nil || string(res.Status) != `{"session":"Completed"}` || res.Reason != retention.ReasonCompletion {
			t.Fatalf("poll after completion: %v %v", err, res)
		}
		checkReceipts(t, v, pub, 1, retention.ReasonCompletion)
	})

	t.Run("ReadOnce", func(t *testing.T) {
		s, c := newStore(t), &clock{now: t0}
		v, pub := newVault(t, s, c)
		if err := v.Put(ctx, "s2", "ekyc", pii, kosmos(t, false, -1)); err != nil {
			t.Fatal(err)
		}
		_, err := v.Get(ctx, "s2")
		want(t, err, retention.ErrPending)
		if err := v.Complete(ctx, "s2"); err != nil {
			t.Fatal(err)
		}
		if err := v.Complete(ctx, "s2"); err != nil { // idempotent, consumes nothing
			t.Fatal(err)
		}
		if err := v.SetStatus(ctx, "s2", []byte(`{"session":"Completed","verification":"Passed"}`)); err != nil {
			t.Fatal(err)
		}
		res, err := v.Poll(ctx, "s2")
		if err != nil || res.State != retention.PollDelivered || !bytes.Equal(res.PII, pii) {
			t.Fatalf("first poll: %v %v", err, res)
		}
		// Consumed: the same call returns the status, without PII.
		res, err = v.Poll(ctx, "s2")
		if err != nil || res.State != retention.PollConsumed || res.PII != nil || !bytes.Contains(res.Status, []byte("Passed")) {
			t.Fatalf("poll after consumption: %v %v", err, res)
		}
		_, err = v.Get(ctx, "s2")
		want(t, err, retention.ErrConsumed)
		err = v.Put(ctx, "s2", "ekyc", pii, kosmos(t, false, -1))
		want(t, err, retention.ErrExists)
		checkReceipts(t, v, pub, 1, retention.ReasonReadOnce)
		if got, _ := s.Get(ctx, "s2", retention.Never(), ""); got.Key != nil || got.Data != nil || got.State != retention.StateConsumed {
			t.Fatal("consumed record still holds key or data")
		}
	})

	t.Run("ReadOnceNeverPolled", func(t *testing.T) {
		s, c := newStore(t), &clock{now: t0}
		v, _ := newVault(t, s, c)
		if err := v.Put(ctx, "s3", "ekyc", pii, kosmos(t, false, -1)); err != nil {
			t.Fatal(err)
		}
		if err := v.Complete(ctx, "s3"); err != nil {
			t.Fatal(err)
		}
		c.Add(retention.DefaultMaxWait)
		_, err := v.Get(ctx, "s3")
		want(t, err, retention.ErrExpired)
	})

	t.Run("KeepFor7Days", func(t *testing.T) {
		s, c := newStore(t), &clock{now: t0}
		v, pub := newVault(t, s, c)
		if err := v.Put(ctx, "s4", "ekyc", pii, kosmos(t, false, 0)); err != nil {
			t.Fatal(err)
		}
		_, err := v.Get(ctx, "s4")
		want(t, err, retention.ErrPending) // not before completion, even in keep-for
		c.Add(time.Hour)
		if err := v.Complete(ctx, "s4"); err != nil {
			t.Fatal(err)
		}
		c.Add(7*24*time.Hour - time.Millisecond)
		for range 3 {
			if got, err := v.Get(ctx, "s4"); err != nil || !bytes.Equal(got, pii) {
				t.Fatalf("Get 1ms before the deadline: %v", err)
			}
		}
		c.Add(time.Millisecond)
		_, err = v.Get(ctx, "s4") // no sweep ran: expiry is checked on read
		want(t, err, retention.ErrExpired)
		checkReceipts(t, v, pub, 1, retention.ReasonExpired)
	})

	t.Run("KeepForSeconds", func(t *testing.T) {
		s, c := newStore(t), &clock{now: t0}
		v, _ := newVault(t, s, c)
		if err := v.Put(ctx, "s5", "ekyc", pii, kosmos(t, false, 30)); err != nil {
			t.Fatal(err)
		}
		if err := v.Complete(ctx, "s5"); err != nil {
			t.Fatal(err)
		}
		c.Add(29 * time.Second)
		if _, err := v.Get(ctx, "s5"); err != nil {
			t.Fatal(err)
		}
		c.Add(time.Second)
		_, err := v.Get(ctx, "s5")
		want(t, err, retention.ErrExpired)
	})

	t.Run("ReturnedOnce", func(t *testing.T) {
		s, c := newStore(t), &clock{now: t0}
		v, pub := newVault(t, s, c)
		p := kosmos(t, false, 60)
		p.Once = true
		if err := v.Put(ctx, "o1", "ekyc", pii, p); err != nil {
			t.Fatal(err)
		}
		_, err := v.Get(ctx, "o1")
		want(t, err, retention.ErrPending)
		if err := v.Complete(ctx, "o1"); err != nil {
			t.Fatal(err)
		}
		if n := concurrentGets(t, v, "o1", 8, pii); n != 1 {
			t.Fatalf("%d polls received returned-once data, want 1", n)
		}
		if got, _ := s.Get(ctx, "o1", retention.Never(), ""); got.State != retention.StateDelivered || got.Data == nil {
			t.Fatal("returned-once data not kept sealed until its deadline")
		}
		c.Add(time.Minute)
		if st, err := v.Sweep(ctx); err != nil || st.Erased != 1 {
			t.Fatalf("sweep at the deadline: %+v %v", st, err)
		}
		_, err = v.Get(ctx, "o1")
		want(t, err, retention.ErrExpired)
		checkReceipts(t, v, pub, 1, retention.ReasonExpired)
	})

	t.Run("ClaimLapsed", func(t *testing.T) {
		s, c := newStore(t), &clock{now: t0}
		v, pub := newVault(t, s, c)
		if err := v.Put(ctx, "cl", "ekyc", pii, kosmos(t, false, -1)); err != nil {
			t.Fatal(err)
		}
		if err := v.Complete(ctx, "cl"); err != nil {
			t.Fatal(err)
		}
		// A poller claims it and dies before erasing it.
		if r, err := unwrap(s).Get(ctx, "cl", c.Now(), "dead-poller"); err != nil || r.State != retention.StateClaimed {
			t.Fatalf("claim: %v", err)
		}
		_, err := v.Get(ctx, "cl") // never a second delivery
		want(t, err, retention.ErrConsumed)
		c.Add(retention.ClaimLease)
		if st, err := v.Sweep(ctx); err != nil || st.Erased != 1 {
			t.Fatalf("sweep after the lease: %+v %v", st, err)
		}
		_, err = v.Get(ctx, "cl")
		want(t, err, retention.ErrConsumed)
		if got, _ := s.Get(ctx, "cl", retention.Never(), ""); got.Key != nil || got.Data != nil {
			t.Fatal("lapsed claim still holds key or data")
		}
		checkReceipts(t, v, pub, 1, retention.ReasonClaimLapsed)
	})

	t.Run("NeverCompleted", func(t *testing.T) {
		s, c := newStore(t), &clock{now: t0}
		v, _ := newVault(t, s, c)
		p := kosmos(t, false, 0)
		p.MaxWait = time.Hour
		if err := v.Put(ctx, "s6", "ekyc", pii, p); err != nil {
			t.Fatal(err)
		}
		c.Add(time.Hour)
		err := v.Complete(ctx, "s6")
		want(t, err, retention.ErrExpired)
		_, err = v.Get(ctx, "s6")
		want(t, err, retention.ErrExpired)
	})

	t.Run("DeleteAndShred", func(t *testing.T) {
		s, c := newStore(t), &clock{now: t0}
		v, pub := newVault(t, s, c)
		if err := v.Put(ctx, "s7", "ekyc", pii, kosmos(t, false, 0)); err != nil {
			t.Fatal(err)
		}
		before, err := s.Get(ctx, "s7", retention.Never(), "") // a "backup" copy
		if err != nil {
			t.Fatal(err)
		}
		r, err := v.Delete(ctx, "s7")
		if err != nil {
			t.Fatal(err)
		}
		if r.Outcome != retention.OutcomeErased || r.Reason != retention.ReasonWithdrawn {
			t.Fatalf("receipt outcome %q reason %q", r.Outcome, r.Reason)
		}
		after, err := s.Get(ctx, "s7", retention.Never(), "")
		if err != nil {
			t.Fatal(err)
		}
		if after.Key != nil || after.Data != nil || bytes.Contains(after.Meta, before.Key) {
			t.Fatal("wrapped key or data survived Delete")
		}
		// The ciphertext copied out before Delete cannot be opened any more:
		// its data key is gone from the store.
		if _, err := v.OpenSealed(after.ID, after.Key, before.Data); !errors.Is(err, retention.ErrDecrypt) {
			t.Fatalf("opening copied ciphertext after Delete: %v, want ErrDecrypt", err)
		}
		_, err = v.Get(ctx, "s7")
		want(t, err, retention.ErrErased)
		checkReceipts(t, v, pub, 1, retention.ReasonWithdrawn)
	})

	t.Run("Hold", func(t *testing.T) {
		s, c := newStore(t), &clock{now: t0}
		v, pub := newVault(t, s, c)
		p := kosmos(t, true, 0)
		p.Holds = []retention.Hold{{Category: "kyc-record", Min: 24 * time.Hour, Citation: "test rule 1"}}
		if err := v.Put(ctx, "s8", "kyc-record", pii, p); err != nil {
			t.Fatal(err)
		}
		if err := v.Put(ctx, "s9", "selfie", pii, p); err != nil {
			t.Fatal(err)
		}
		if err := v.Complete(ctx, "s8"); err != nil {
			t.Fatal(err)
		}
		if err := v.Complete(ctx, "s9"); err != nil {
			t.Fatal(err)
		}
		_, err := v.Get(ctx, "s8")
		want(t, err, retention.ErrHeld)
		_, err = v.Get(ctx, "s9")
		want(t, err, retention.ErrErased)
		held, err := s.Get(ctx, "s8", retention.Never(), "")
		if err != nil || held.State != retention.StateHeld || held.Data == nil {
			t.Fatalf("held record: %v", err)
		}
		_, err = v.Delete(ctx, "s8")
		want(t, err, retention.ErrHeld)
		c.Add(24 * time.Hour)
		st, err := v.Sweep(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if st.Erased != 1 {
			t.Fatalf("sweep erased %d, want 1", st.Erased)
		}
		_, err = v.Get(ctx, "s8")
		want(t, err, retention.ErrErased)
		checkReceipts(t, v, pub, 3, "")
	})

	t.Run("ReadOnceUnderHold", func(t *testing.T) {
		s, c := newStore(t), &clock{now: t0}
		v, _ := newVault(t, s, c)
		p := kosmos(t, false, -1)
		p.Holds = []retention.Hold{{Min: time.Hour, Citation: "test rule 2"}}
		if err := v.Put(ctx, "s10", "ekyc", pii, p); err != nil {
			t.Fatal(err)
		}
		if err := v.Complete(ctx, "s10"); err != nil {
			t.Fatal(err)
		}
		if n := concurrentGets(t, v, "s10", 16, pii); n != 1 {
			t.Fatalf("%d pollers received held read-once data, want 1", n)
		}
	})

	t.Run("SeparateKeyStore", func(t *testing.T) {
		s, keys, c := newStore(t), newStore(t), &clock{now: t0}
		kek, err := retention.GenerateKeyset()
		if err != nil {
			t.Fatal(err)
		}
		v, err := retention.New(s, kek, &retention.Options{Now: c.Now, Keys: keys, MaxClockSkew: -1})
		if err != nil {
			t.Fatal(err)
		}
		if err := v.Put(ctx, "k1", "ekyc", pii, kosmos(t, false, -1)); err != nil {
			t.Fatal(err)
		}
		if r, _ := s.Get(ctx, "k1", retention.Never(), ""); r.Key != nil {
			t.Fatal("wrapped key stored in the main store")
		}
		_, err = v.Get(ctx, "k1")
		want(t, err, retention.ErrPending)
		if err := v.Complete(ctx, "k1"); err != nil {
			t.Fatal(err)
		}
		if got, err := v.Get(ctx, "k1"); err != nil || !bytes.Equal(got, pii) {
			t.Fatalf("read once with a key store: %v", err)
		}
		if _, err := keys.Get(ctx, "k1", retention.Never(), ""); !errors.Is(err, retention.ErrNotFound) {
			t.Fatalf("key survived consumption: %v", err)
		}
		_, err = v.Get(ctx, "k1")
		want(t, err, retention.ErrConsumed)

		// A backup of the main store holds no key: after Delete it is
		// ciphertext nobody can open.
		if err := v.Put(ctx, "k2", "ekyc", pii, kosmos(t, false, 0)); err != nil {
			t.Fatal(err)
		}
		backup, err := s.Get(ctx, "k2", retention.Never(), "")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := v.Delete(ctx, "k2"); err != nil {
			t.Fatal(err)
		}
		if _, err := keys.Get(ctx, "k2", retention.Never(), ""); !errors.Is(err, retention.ErrNotFound) {
			t.Fatalf("key survived Delete: %v", err)
		}
		if _, err := v.OpenSealed("k2", backup.Key, backup.Data); !errors.Is(err, retention.ErrDecrypt) {
			t.Fatalf("backup opened after Delete: %v", err)
		}
		// A record whose key is missing (a crash between the two writes
		// of Put) is unreadable, never half-readable.
		orphan := &retention.Record{ID: "k3", State: retention.StateReady, ExpiresAt: t0.Add(time.Hour), Meta: backup.Meta, Data: backup.Data}
		mustCreate(t, unwrap(s), orphan)
		_, err = v.Get(ctx, "k3")
		want(t, err, retention.ErrDecrypt)
	})

	t.Run("Sweep", func(t *testing.T) {
		s, c := newStore(t), &clock{now: t0}
		v, pub := newVault(t, s, c)
		for i := range 5 {
			id := fmt.Sprintf("sw%d", i)
			if err := v.Put(ctx, id, "ekyc", pii, kosmos(t, false, 60)); err != nil {
				t.Fatal(err)
			}
			if i < 3 {
				if err := v.Complete(ctx, id); err != nil {
					t.Fatal(err)
				}
			}
		}
		c.Add(time.Minute)
		st, err := v.Sweep(ctx)
		if err != nil || st.Erased != 3 {
			t.Fatalf("sweep: %v, erased %d, want 3", err, st.Erased)
		}
		if st, _ := v.Sweep(ctx); st != (retention.SweepStats{}) {
			t.Fatalf("second sweep did %+v, want nothing", st)
		}
		c.Add(retention.DefaultMaxWait)
		if st, _ := v.Sweep(ctx); st.Erased != 2 {
			t.Fatalf("sweep of never-completed: erased %d, want 2", st.Erased)
		}
		c.Add(retention.DefaultTombstoneTTL)
		if st, _ := v.Sweep(ctx); st.Purged != 5 {
			t.Fatalf("tombstone purge: %d, want 5", st.Purged)
		}
		_, err = v.Get(ctx, "sw0")
		want(t, err, retention.ErrNotFound)
		checkReceipts(t, v, pub, 5, retention.ReasonExpired)
	})
}

// checkReceipts verifies every logged receipt with pub and that there are
// n, all with the given reason unless reason is empty.
func checkReceipts(t *testing.T, v *retention.Vault, pub ed25519.PublicKey, n int, reason string) {
	t.Helper()
	entries, err := v.Receipts(context.Background(), time.Time{}, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != n {
		t.Fatalf("%d receipts logged, want %d", len(entries), n)
	}
	rep, err := retention.VerifyChain(entries, []ed25519.PublicKey{pub}, nil)
	if err != nil || rep.Verified != n || rep.Head.Seq != uint64(n) {
		t.Fatalf("receipt chain: %v", err)
	}
	for _, e := range entries {
		r, err := retention.VerifyReceipt(e.Data, pub)
		if err != nil {
			t.Fatalf("receipt: %v", err)
		}
		if reason != "" && r.Reason != reason {
			t.Fatalf("receipt reason %q, want %q", r.Reason, reason)
		}
		if js, _ := json.Marshal(r); bytes.Contains(js, []byte("Asha")) || !bytes.HasPrefix([]byte(r.Record), []byte("hmac:")) {
			t.Fatal("receipt names the record or its content")
		}
	}
}
