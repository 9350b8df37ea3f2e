package retention_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kyckit/kyckit/retention"
)

// chain returns a log of n receipts signed with testPriv, as a Vault
// writes it.
func chain(t testing.TB, n int) []retention.LogEntry {
	t.Helper()
	ctx := context.Background()
	now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	s := retention.NewMemoryStore()
	kek, _ := retention.GenerateKeyset()
	v, err := retention.New(s, kek, &retention.Options{Signer: testPriv, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	p, _ := retention.PolicyFromKosmos(false, 0)
	for i := range n {
		id := fmt.Sprintf("c%d", i)
		if err := v.Put(ctx, id, "ekyc", []byte("x"), p); err != nil {
			t.Fatal(err)
		}
		if _, err := v.Delete(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	l, err := s.Log(ctx, 1, n+1)
	if err != nil || len(l) != n {
		t.Fatalf("log: %v, %d entries", err, len(l))
	}
	return l
}

func kinds(r *retention.ChainReport) string {
	var k []string
	for _, p := range r.Problems {
		k = append(k, p.Kind)
	}
	return strings.Join(k, ",")
}

func TestVerifyChain(t *testing.T) {
	keys := []ed25519.PublicKey{testPub}
	good := chain(t, 6)
	rep, err := retention.VerifyChain(good, keys, nil)
	if err != nil || rep.Verified != 6 || rep.Head.Seq != 6 || !bytes.Equal(rep.Head.Hash, retention.EntryHash(good[5].Data)) {
		t.Fatalf("intact chain: %v %+v", err, rep)
	}
	anchor := rep.Head
	if _, err := retention.VerifyChain(good, keys, &anchor); err != nil {
		t.Fatalf("own head as anchor: %v", err)
	}
	if _, err := retention.VerifyChain(good, nil, nil); err != nil {
		t.Fatalf("without keys: %v", err)
	}
	if rep, err := retention.VerifyChain(nil, keys, nil); err != nil || rep.Entries != 0 {
		t.Fatalf("empty log: %v", err)
	}

	drop := func(i int) []retention.LogEntry { return slices.Delete(slices.Clone(good), i, i+1) }
	swap := func(i, j int) []retention.LogEntry {
		l := slices.Clone(good)
		l[i].Data, l[j].Data = l[j].Data, l[i].Data
		return l
	}
	other, otherPriv, _ := ed25519.GenerateKey(nil)
	forged := slices.Clone(good)
	{
		// A receipt re-signed by another key at the right position.
		r, _ := retention.ParseReceiptUnverified(good[2].Data)
		text, _ := r.Sign(otherPriv)
		forged[2].Data = text
	}
	relinked := slices.Clone(good)
	{
		// A validly signed receipt whose prev names another hash: a fork,
		// or a receipt signed before an entry was rewritten.
		r, _ := retention.ParseReceiptUnverified(good[3].Data)
		r.Prev = strings.Repeat("ab", 32)
		text, _ := r.Sign(testPriv)
		relinked[3].Data = text
	}
	unpositioned := slices.Clone(good)
	{
		unpositioned[1].Data = []byte(receiptKATv1)
	}
	tests := []struct {
		name    string
		entries []retention.LogEntry
		keys    []ed25519.PublicKey
		anchor  *retention.LogHead
		want    string
	}{
		{"deleted in the middle", drop(2), keys, nil, "gap"},
		{"deleted at the start", drop(0), keys, nil, "gap"},
		{"deleted at the end, with an anchor", drop(5), keys, &anchor, "anchor"},
		{"deleted at the end, no anchor", drop(5), keys, nil, ""},
		{"swapped", swap(1, 4), keys, nil, "moved,moved,reorder,reorder"},
		{"duplicated", append(slices.Clone(good), good[3]), keys, nil, "duplicate"},
		{"signed by another key", forged, keys, nil, "signature"},
		{"re-signed by another known key", forged, []ed25519.PublicKey{testPub, other}, nil, "link"},
		{"prev rewritten", relinked, keys, nil, "link,link"},
		{"version 1 receipt", unpositioned, keys, nil, "malformed,gap"},
		{"garbage", append(slices.Clone(good), retention.LogEntry{Seq: 7, Data: []byte("x.y")}), keys, nil, "malformed"},
	}
	for _, tt := range tests {
		rep, err := retention.VerifyChain(tt.entries, tt.keys, tt.anchor)
		if got := kinds(rep); got != tt.want {
			t.Errorf("%s: problems %q, want %q (%v)", tt.name, got, tt.want, rep.Problems)
		}
		if (tt.want == "") != (err == nil) || err != nil && !errors.Is(err, retention.ErrChain) {
			t.Errorf("%s: error %v", tt.name, err)
		}
	}
	if rep, _ := retention.VerifyChain(drop(2), keys, nil); rep.Problems[0].String() != "gap: receipt 3 missing (deleted)" {
		t.Errorf("gap text: %s", rep.Problems[0])
	}
	if _, err := retention.VerifyChain(good, []ed25519.PublicKey{testPub[:5]}, nil); !errors.Is(err, retention.ErrSignature) {
		t.Errorf("short key: %v", err)
	}
}

func TestAnchorText(t *testing.T) {
	h := retention.LogHead{Seq: 42, Hash: retention.EntryHash([]byte("x"))}
	s := retention.FormatAnchor(h)
	back, err := retention.ParseAnchor(s)
	if err != nil || back.Seq != 42 || !bytes.Equal(back.Hash, h.Hash) {
		t.Fatalf("round trip: %v", err)
	}
	for _, bad := range []string{"", "42", "0:" + s[3:], "042:" + s[3:], "-1:" + s[3:], "42:" + strings.ToUpper(s[3:]), "42:abcd", "x:" + s[3:]} {
		if _, err := retention.ParseAnchor(bad); !errors.Is(err, retention.ErrReceipt) {
			t.Errorf("ParseAnchor(%q): %v", bad, err)
		}
	}
}

// FuzzVerifyChain edits a valid log (delete, swap, duplicate, as the
// fuzzer's bytes say) and checks VerifyChain reports a problem exactly
// when the log differs from the original in anything but a cut at the end.
func FuzzVerifyChain(f *testing.F) {
	good := chain(f, 8)
	f.Add([]byte{})
	f.Add([]byte{0, 3})
	f.Add([]byte{1, 2, 5})
	f.Add([]byte{2, 4})
	f.Add([]byte{0, 7})
	f.Fuzz(func(t *testing.T, ops []byte) {
		l := slices.Clone(good)
		for i := 0; i+1 < len(ops) && len(l) > 0; {
			switch ops[i] % 3 {
			case 0: // delete
				j := int(ops[i+1]) % len(l)
				l = slices.Delete(l, j, j+1)
				i += 2
			case 1: // swap
				if i+2 >= len(ops) {
					i = len(ops)
					continue
				}
				a, b := int(ops[i+1])%len(l), int(ops[i+2])%len(l)
				l[a], l[b] = l[b], l[a]
				i += 3
			case 2: // duplicate
				j := int(ops[i+1]) % len(l)
				l = append(l, l[j])
				i += 2
			}
		}
		prefix := len(l) <= len(good)
		for i := range l {
			prefix = prefix && bytes.Equal(l[i].Data, good[i].Data)
		}
		rep, err := retention.VerifyChain(l, []ed25519.PublicKey{testPub}, nil)
		if prefix != (err == nil) {
			t.Fatalf("edited log %v: prefix of the original %v, problems %v", ops, prefix, rep.Problems)
		}
	})
}
