package redisstore_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kyckit/kyckit/retention"
)

// dropProxy is a loopback TCP proxy in front of redis-server that drops
// the reply to the nth request containing a marker (after Arm): it
// forwards the request, then closes the client's connection instead of
// passing the reply on, as a network failure after the server executed
// the command would. go-redis then retries the command on a new
// connection.
type dropProxy struct {
	ln     net.Listener
	target string

	mu      sync.Mutex
	marker  []byte
	nth     int
	seen    int
	dropped int
	conns   []net.Conn
	wg      sync.WaitGroup
}

func newDropProxy(t *testing.T, target string) *dropProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &dropProxy{ln: ln, target: target}
	p.wg.Add(1)
	go p.accept()
	t.Cleanup(p.close)
	return p
}

func (p *dropProxy) url() string { return "redis://" + p.ln.Addr().String() + "/0" }

// Arm makes the proxy drop the reply to the nth request (from 1) that
// contains marker.
func (p *dropProxy) Arm(marker string, nth int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.marker, p.nth, p.seen = []byte(marker), nth, 0
}

func (p *dropProxy) Dropped() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.dropped
}

func (p *dropProxy) close() {
	p.ln.Close()
	p.mu.Lock()
	for _, c := range p.conns {
		c.Close()
	}
	p.mu.Unlock()
	p.wg.Wait()
}

func (p *dropProxy) accept() {
	defer p.wg.Done()
	for {
		client, err := p.ln.Accept()
		if err != nil {
			return
		}
		server, err := net.Dial("tcp", p.target)
		if err != nil {
			client.Close()
			continue
		}
		p.mu.Lock()
		p.conns = append(p.conns, client, server)
		p.mu.Unlock()
		var drop atomic.Bool
		p.wg.Add(2)
		go func() { // client → server
			defer p.wg.Done()
			buf := make([]byte, 64<<10)
			for {
				n, err := client.Read(buf)
				if n > 0 {
					p.mu.Lock()
					if p.marker != nil && bytes.Contains(buf[:n], p.marker) {
						p.seen++
						if p.seen == p.nth {
							drop.Store(true) // before the server can answer
						}
					}
					p.mu.Unlock()
					if _, werr := server.Write(buf[:n]); werr != nil {
						return
					}
				}
				if err != nil {
					server.Close()
					return
				}
			}
		}()
		go func() { // server → client
			defer p.wg.Done()
			buf := make([]byte, 64<<10)
			for {
				n, err := server.Read(buf)
				if n > 0 && drop.Load() {
					p.mu.Lock()
					p.dropped++
					p.mu.Unlock()
					client.Close() // the reply is lost with the connection
					server.Close()
					return
				}
				if n > 0 {
					if _, werr := client.Write(buf[:n]); werr != nil {
						return
					}
				}
				if err != nil {
					if err != io.EOF {
						client.Close()
					}
					return
				}
			}
		}()
	}
}

// TestLostReplies (issue 20 item 2): through a proxy that drops the reply
// to one command of each operation, 20 times each, the Vault still acts
// exactly once: the read-once poller gets its data (not ErrConsumed), no
// false replay alarm is raised, exactly one receipt is written, Put and
// Delete succeed once.
func TestLostReplies(t *testing.T) {
	srv := startRedis(t, noPersistence)
	proxy := newDropProxy(t, srv.addr())
	ctx := context.Background()
	s := open(t, proxy.url(), "lost", nil)
	pub, priv, _ := ed25519.GenerateKey(nil)
	kek, _ := retention.GenerateKeyset()
	var security atomic.Int32
	v, err := retention.New(s, kek, &retention.Options{Signer: priv, Audit: func(e retention.Event) {
		if e.Security {
			security.Add(1)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	once, _ := retention.PolicyFromKosmos(false, -1)
	keep, _ := retention.PolicyFromKosmos(false, 3600)
	pii := []byte(`{"name":"Invented Person"}`)
	// Warm up: load every script, so each marked request is the command
	// itself and not a NOSCRIPT round.
	for _, id := range []string{"warm-1", "warm-2"} {
		if err := v.Put(ctx, id, "ekyc", pii, once); err != nil {
			t.Fatal(err)
		}
		if err := v.Complete(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := v.Get(ctx, "warm-1"); err != nil {
		t.Fatal(err)
	}
	if _, err := v.Delete(ctx, "warm-2"); err != nil {
		t.Fatal(err)
	}
	receipts := 2

	const rounds = 20
	scenarios := []struct {
		name string
		run  func(t *testing.T, id string)
	}{
		{"claim reply lost", func(t *testing.T, id string) {
			putDone(t, v, id, once, pii)
			proxy.Arm(id, 1) // the claim script
			got, err := v.Get(ctx, id)
			if err != nil || !bytes.Equal(got, pii) {
				t.Fatalf("read-once Get with its claim reply lost: %v", err)
			}
			receipts++
		}},
		{"erase reply lost", func(t *testing.T, id string) {
			putDone(t, v, id, once, pii)
			proxy.Arm(id, 2) // the claim, then the erase with its receipt
			got, err := v.Get(ctx, id)
			if err != nil || !bytes.Equal(got, pii) {
				t.Fatalf("read-once Get with its erase reply lost: %v", err)
			}
			receipts++
		}},
		{"put reply lost", func(t *testing.T, id string) {
			proxy.Arm(id, 1)
			if err := v.Put(ctx, id, "ekyc", pii, once); err != nil {
				t.Fatalf("Put with its reply lost: %v", err)
			}
			if err := v.Complete(ctx, id); err != nil {
				t.Fatal(err)
			}
			if got, err := v.Get(ctx, id); err != nil || !bytes.Equal(got, pii) {
				t.Fatalf("Get after a Put whose reply was lost: %v", err)
			}
			receipts++
		}},
		{"delete reply lost", func(t *testing.T, id string) {
			putDone(t, v, id, keep, pii)
			proxy.Arm(id, 2) // the peek, then the erase with its receipt
			r, err := v.Delete(ctx, id)
			if err != nil || r == nil || r.Reason != retention.ReasonWithdrawn {
				t.Fatalf("Delete with its reply lost: %v", err)
			}
			receipts++
		}},
	}
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			before := proxy.Dropped()
			for i := range rounds {
				id := fmt.Sprintf("%s-%d", sc.name[:3], i)
				sc.run(t, id)
				proxy.Arm("", 0)
				if _, err := v.Get(ctx, id); !errors.Is(err, retention.ErrConsumed) && !errors.Is(err, retention.ErrErased) {
					t.Fatalf("round %d: second read: %v", i, err)
				}
			}
			if d := proxy.Dropped() - before; d != rounds {
				t.Fatalf("the proxy dropped %d replies, want %d: the test did not exercise the fault", d, rounds)
			}
		})
	}
	// Only the deliberate second reads were security events.
	if got, want := security.Load(), int32(3*rounds); got != want {
		t.Fatalf("%d security events, want %d (one per deliberate second read of a read-once record)", got, want)
	}
	entries, err := v.Receipts(ctx, time.Time{}, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != receipts {
		t.Fatalf("%d receipts, want %d (one per erasure)", len(entries), receipts)
	}
	if _, err := retention.VerifyChain(entries, []ed25519.PublicKey{pub}, nil); err != nil {
		t.Fatal(err)
	}
}

func putDone(t *testing.T, v *retention.Vault, id string, p retention.Policy, pii []byte) {
	t.Helper()
	ctx := context.Background()
	if err := v.Put(ctx, id, "ekyc", pii, p); err != nil {
		t.Fatal(err)
	}
	if err := v.Complete(ctx, id); err != nil {
		t.Fatal(err)
	}
}
