package redact

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
)

// keyCacheNames are keys of every kind of decision: plain, sensitive by
// the exact set or the token rules, rules that depend on the value, names
// of 16 bytes (the longest in the short table) and 17, of 32 (the longest
// cached) and 33, and ones that share a slot.
func keyCacheNames() []string {
	names := []string{"time", "level", "msg", "name", "uid", "pc", "result", "image", "requestid",
		"request_id", "requestId", "customer_name", "nameOnCard", "account_number", "cvv",
		"Authorization", "cookie", "span_id", "traceId", "file_name", "ip_address", "otpValue",
		"abcdefghijklmnop", "abcdefghijklmnopq", "x", "aadhaar_seeding_status", "photo_url_present",
		"account_holder_name", "customer_permanent_address_", "abcdefghijklmnopqrstuvwxyz012345",
		"abcdefghijklmnopqrstuvwxyz0123456", "abcdefghijklmnopqrstuvwxyz01234", "X-Api-Key", "pan_number", "PAN", "Name"}
	rnd := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 4*keyCacheSlots; i++ {
		b := make([]byte, 1+rnd.IntN(34))
		for k := range b {
			b[k] = "abcdefghijklmnopqrstuvwxyz_-ABCXYZ0129"[rnd.IntN(38)]
		}
		names = append(names, string(b))
	}
	return names
}

// TestKeyCacheAgrees: a cached decision is the decision, on a miss and on
// a hit, and for names read from a longer line (rawKey loads past them).
func TestKeyCacheAgrees(t *testing.T) {
	r := mustNewInternal(t, nil)
	for pass := 0; pass < 2; pass++ {
		for _, n := range keyCacheNames() {
			line := []byte(n + `":"value of some length"}`)
			for _, name := range [][]byte{[]byte(n), line[:len(n)]} {
				if got, want := r.lookupKey(name), r.decideKey(name); got != want {
					t.Fatalf("pass %d: lookupKey(%q) = %+v, want %+v", pass, name, got, want)
				}
			}
		}
	}
}

// TestKeyCacheConcurrent hammers the cache from several goroutines (run
// it with -race): every answer is the decision.
func TestKeyCacheConcurrent(t *testing.T) {
	r := mustNewInternal(t, nil)
	names := keyCacheNames()
	want := make([]keyInfo, len(names))
	for i, n := range names {
		want[i] = r.decideKey([]byte(n))
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			rnd := rand.New(rand.NewPCG(uint64(g), 9))
			for i := 0; i < 20000; i++ {
				k := rnd.IntN(len(names))
				if got := r.lookupKey([]byte(names[k])); got != want[k] {
					errs <- fmt.Errorf("lookupKey(%q) = %+v, want %+v", names[k], got, want[k])
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

func mustNewInternal(tb testing.TB, o *Options) *Redactor {
	tb.Helper()
	r, err := New(o)
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

// FuzzKeyCache: lookupKey answers what decideKey decides, on a miss and on
// a hit, for a name alone and for one read from a longer line (rawKey and
// rawLongKey load past its end), after other names filled the cache.
func FuzzKeyCache(f *testing.F) {
	for _, n := range keyCacheNames()[:40] {
		f.Add(n, "request_id")
	}
	r := mustNewInternal(f, nil)
	f.Fuzz(func(t *testing.T, name, other string) {
		line := []byte(name + `":"v"}` + other)
		for _, k := range [][]byte{[]byte(other), []byte(name), line[:len(name)], []byte(name)} {
			if got, want := r.lookupKey(k), r.decideKey(k); got != want {
				t.Fatalf("lookupKey(%q) = %+v, want %+v", k, got, want)
			}
		}
	})
}
