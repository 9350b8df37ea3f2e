package boltstore_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kyckit/kyckit/retention"
	"github.com/kyckit/kyckit/retention/boltstore"
	"github.com/kyckit/kyckit/retention/retentiontest"
)

func open(t *testing.T, path string, opts *boltstore.Options) *boltstore.Store {
	t.Helper()
	s, err := boltstore.Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestConformance runs the suite without fsync: it checks atomicity and
// the contract, not durability, which TestConformanceSynced, TestRestart
// and TestCrash cover with fsync on.
func TestConformance(t *testing.T) {
	retentiontest.Run(t, func(t *testing.T) retention.Store {
		return open(t, filepath.Join(t.TempDir(), "r.db"), &boltstore.Options{InsecureNoSync: true})
	})
}

func TestConformanceSynced(t *testing.T) {
	retentiontest.RunWith(t, func(t *testing.T) retention.Store {
		return open(t, filepath.Join(t.TempDir(), "r.db"), nil)
	}, &retentiontest.Options{RaceRounds: 50})
}

func TestConformanceShared(t *testing.T) {
	retentiontest.RunWith(t, func(t *testing.T) retention.Store {
		return open(t, filepath.Join(t.TempDir(), "r.db"), &boltstore.Options{Shared: true, InsecureNoSync: true})
	}, &retentiontest.Options{RaceRounds: 20, RacePollers: 16})
}

func TestRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.db")
	retentiontest.RunRestart(t,
		func(t *testing.T) retention.Store { return open(t, path, nil) },
		func(t *testing.T, s retention.Store) retention.Store {
			if err := s.(*boltstore.Store).Close(); err != nil {
				t.Fatal(err)
			}
			s2 := open(t, path, nil)
			if err := s2.Check(); err != nil {
				t.Fatal(err)
			}
			return s2
		})
}

func TestClosed(t *testing.T) {
	s, err := boltstore.Open(filepath.Join(t.TempDir(), "r.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := s.Get(context.Background(), "x", time.Now(), ""); !errors.Is(err, retention.ErrStore) {
		t.Fatalf("Get after Close: %v, want ErrStore", err)
	}
}

func TestLockedByAnotherHandle(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.db")
	open(t, path, nil)
	if _, err := boltstore.Open(path, &boltstore.Options{LockTimeout: 100 * time.Millisecond}); !errors.Is(err, retention.ErrStore) {
		t.Fatalf("second exclusive Open: %v, want ErrStore (file locked)", err)
	}
}

// TestProcessRace: 4 processes poll each read-once record at once through
// one shared bbolt file; exactly one receives it, 1000 times.
func TestProcessRace(t *testing.T) {
	const env = "BOLTSTORE_TEST_PATH"
	if !retentiontest.InChild() {
		t.Setenv(env, filepath.Join(t.TempDir(), "shared.db"))
	}
	rounds := 1000
	if testing.Short() {
		rounds = 100
	}
	retentiontest.RunProcesses(t, 4, rounds, func(t *testing.T) retention.Store {
		return open(t, os.Getenv(env), &boltstore.Options{Shared: true})
	})
}

// Crash test: a child process writes records as fast as it can and reports
// each acknowledged one; the parent kills it with SIGKILL mid-stream, then
// reopens the file: it is consistent, every acknowledged record is whole
// and opens, nothing is half-written, and once past their deadline none is
// readable.
const (
	envCrashChild = "BOLTSTORE_CRASH_CHILD"
	crashPath     = "BOLTSTORE_CRASH_PATH"
	crashKeyset   = "BOLTSTORE_CRASH_KEYSET"
	crashBase     = "BOLTSTORE_CRASH_BASE"
)

var crashT0 = time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)

func crashPII(i int) []byte {
	return bytes.Repeat(fmt.Appendf(nil, "record %06d invented person;", i), 200) // ~5.6 KiB, spans pages
}

func TestCrashChild(t *testing.T) {
	if os.Getenv(envCrashChild) == "" {
		return // only a helper process for TestCrash (not a skip: CI allows none)
	}
	ks, _ := base64.StdEncoding.DecodeString(os.Getenv(crashKeyset))
	kek, err := retention.ParseKeysetInsecureCleartext(ks)
	if err != nil {
		t.Fatal(err)
	}
	s, err := boltstore.Open(os.Getenv(crashPath), nil)
	if err != nil {
		t.Fatal(err)
	}
	v, err := retention.New(s, kek, &retention.Options{Now: func() time.Time { return crashT0 }})
	if err != nil {
		t.Fatal(err)
	}
	p, _ := retention.PolicyFromKosmos(false, 0)
	p.MaxWait = time.Hour
	base, _ := strconv.Atoi(os.Getenv(crashBase))
	for i := base; ; i++ {
		if err := v.Put(context.Background(), "crash-"+strconv.Itoa(i), "ekyc", crashPII(i), p); err != nil {
			t.Fatal(err)
		}
		fmt.Printf("acked %d\n", i)
	}
}

func TestCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns a process")
	}
	kek, err := retention.GenerateKeyset()
	if err != nil {
		t.Fatal(err)
	}
	ks, _ := kek.MarshalInsecureCleartext()
	path := filepath.Join(t.TempDir(), "crash.db")
	for attempt := range 3 { // three kills into the same file
		base := attempt * 100000
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), envCrashChild+"=1", crashPath+"="+path, crashBase+"="+strconv.Itoa(base),
			crashKeyset+"="+base64.StdEncoding.EncodeToString(ks))
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(stdout)
		acked := -1
		for sc.Scan() {
			if n, ok := strings.CutPrefix(sc.Text(), "acked "); ok {
				acked, _ = strconv.Atoi(n)
				acked -= base
				if acked >= 40*(attempt+1) {
					break
				}
			}
		}
		cmd.Process.Kill() // SIGKILL: no deferred cleanup, no close
		cmd.Wait()
		if acked < 0 {
			t.Fatalf("child acknowledged nothing:\n%s", stderr.String())
		}
		s, err := boltstore.Open(path, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Check(); err != nil {
			t.Fatalf("after kill: %v", err)
		}
		now := crashT0.Add(30 * time.Minute)
		v, err := retention.New(s, kek, &retention.Options{Now: func() time.Time { return now }})
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		found := 0
		for i := 0; ; i++ {
			id := "crash-" + strconv.Itoa(base+i)
			var got []byte
			r, err := s.Get(ctx, id, retention.Never(), "") // pending: open it directly
			if err == nil {
				got, err = v.OpenSealed(id, r.Key, r.Data)
			}
			if errors.Is(err, retention.ErrNotFound) {
				if i <= acked {
					t.Fatalf("acknowledged record %d lost", i)
				}
				if i > acked+2 { // at most one unacknowledged commit can be in flight
					break
				}
				continue
			}
			if err != nil {
				t.Fatalf("record %d: %v (half-written?)", i, err)
			}
			if !bytes.Equal(got, crashPII(base+i)) {
				t.Fatalf("record %d differs", i)
			}
			found++
		}
		if found < acked+1 {
			t.Fatalf("found %d records, %d acknowledged", found, acked+1)
		}
		now = crashT0.Add(time.Hour) // every record's deadline
		for i := range found {
			if _, err := v.Get(ctx, "crash-"+strconv.Itoa(base+i)); !errors.Is(err, retention.ErrExpired) {
				t.Fatalf("expired record %d: %v, want ErrExpired", i, err)
			}
		}
		s.Close()
	}
}

func TestDurableFsyncedAcrossHandles(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.db")
	s := open(t, path, &boltstore.Options{Shared: true})
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := &retention.Record{ID: fmt.Sprintf("h%d", i), State: retention.StatePending, ExpiresAt: crashT0, Meta: []byte("{}"), Key: []byte("k"), Data: []byte("d")}
			if err := s.Create(context.Background(), r); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	s2 := open(t, path, &boltstore.Options{Shared: true})
	due, err := s2.Due(context.Background(), crashT0, 100)
	if err != nil || len(due) != 8 {
		t.Fatalf("second handle sees %d records (%v), want 8", len(due), err)
	}
}
