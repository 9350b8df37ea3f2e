package retention

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strings"
)

// EntryHash returns SHA-256 of a log entry's data: the [LogEntry.Hash] of
// the entry, and (in hex) the Prev of the receipt after it.
func EntryHash(data []byte) []byte {
	h := sha256.Sum256(data)
	return h[:]
}

// Problem kinds reported by [VerifyChain].
const (
	ChainMalformed = "malformed" // not a receipt, or a version 1 receipt without a position
	ChainSignature = "signature" // the signature does not verify with any given key
	ChainDuplicate = "duplicate" // a position (or receipt id) appears twice
	ChainReorder   = "reorder"   // an entry comes after one with a higher position
	ChainMoved     = "moved"     // stored at another position than it signed
	ChainGap       = "gap"       // positions missing: entries deleted
	ChainLink      = "link"      // Prev is not the hash of the entry before it
	ChainAnchor    = "anchor"    // the log does not contain the given anchor
)

// ChainProblem is one finding of [VerifyChain].
type ChainProblem struct {
	// Kind is one of the Chain constants.
	Kind string
	// Index is the entry's index in the log as read (-1 for a gap or a
	// missing anchor).
	Index int
	// Seq is the entry's signed position; for a gap, the first missing
	// position, and Count how many are missing.
	Seq, Count uint64
	// Detail says more, in words (no personal data: positions, hashes,
	// receipt ids).
	Detail string
}

// String returns the problem in one line.
func (p ChainProblem) String() string {
	switch p.Kind {
	case ChainGap:
		if p.Count == 1 {
			return fmt.Sprintf("gap: receipt %d missing (deleted)%s", p.Seq, p.Detail)
		}
		return fmt.Sprintf("gap: receipts %d to %d missing (%d deleted)%s", p.Seq, p.Seq+p.Count-1, p.Count, p.Detail)
	case ChainAnchor:
		return "anchor: " + p.Detail
	}
	return fmt.Sprintf("%s: entry %d (receipt %d): %s", p.Kind, p.Index+1, p.Seq, p.Detail)
}

// ChainReport is the result of [VerifyChain].
type ChainReport struct {
	// Entries is the number of entries checked.
	Entries int
	// Verified is the number whose signature verified (all of them when
	// no key was given and the chain is intact).
	Verified int
	// Head is the position and hash of the entry with the highest
	// position: keep it as an anchor and pass it to a later VerifyChain to
	// detect entries removed from the end.
	Head LogHead
	// Problems lists every finding, in log order then by position.
	Problems []ChainProblem
}

// OK reports whether the chain has no problem.
func (r *ChainReport) OK() bool { return len(r.Problems) == 0 }

// ParseAnchor reads an anchor in the form [FormatAnchor] writes:
// "SEQ:HEX-SHA-256".
func ParseAnchor(s string) (LogHead, error) {
	seq, hx, ok := strings.Cut(s, ":")
	var n uint64
	if _, err := fmt.Sscan(seq, &n); !ok || err != nil || n == 0 || fmt.Sprint(n) != seq {
		return LogHead{}, fmt.Errorf("%w: anchor is not SEQ:HASH", ErrReceipt)
	}
	h, err := hex.DecodeString(hx)
	if err != nil || len(h) != sha256.Size || hex.EncodeToString(h) != hx {
		return LogHead{}, fmt.Errorf("%w: anchor hash is not lowercase hex SHA-256", ErrReceipt)
	}
	return LogHead{Seq: n, Hash: h}, nil
}

// FormatAnchor writes h as "SEQ:HEX-SHA-256".
func FormatAnchor(h LogHead) string { return fmt.Sprintf("%d:%x", h.Seq, h.Hash) }

// VerifyChain checks a whole receipt log, read in store order from
// position 1 (Store.Log(ctx, 1, n)): every receipt's signature against
// keys (by [KeyID]; skipped when keys is empty), and the chain: positions
// 1, 2, 3… each present once, in order, each receipt's Prev the hash of
// the one before. It reports receipts deleted (gaps, including at the
// start), reordered, duplicated, moved or unlinked. Receipts deleted from
// the end leave no gap: pass the Head of an earlier report as anchor and
// VerifyChain checks the log still holds it.
//
// The report is always returned; the error wraps ErrChain when it has
// problems.
func VerifyChain(entries []LogEntry, keys []ed25519.PublicKey, anchor *LogHead) (*ChainReport, error) {
	rep := &ChainReport{Entries: len(entries)}
	byID := make(map[string]int)
	for _, k := range keys {
		if len(k) != ed25519.PublicKeySize {
			return nil, fmt.Errorf("%w: public key is not Ed25519", ErrSignature)
		}
		byID[KeyID(k)] = len(byID)
	}
	type item struct {
		idx  int
		r    *Receipt
		hash []byte
		bad  bool // signature did not verify: counts as present, links unchecked
	}
	var items []item
	seenSeq := make(map[uint64]int)
	seenID := make(map[string]int)
	add := func(kind string, idx int, seq uint64, format string, args ...any) {
		rep.Problems = append(rep.Problems, ChainProblem{Kind: kind, Index: idx, Seq: seq, Detail: fmt.Sprintf(format, args...)})
	}
	for i, e := range entries {
		r, err := ParseReceiptUnverified(e.Data)
		bad := false
		if err == nil && len(keys) > 0 {
			k, ok := byID[r.Signer]
			if !ok {
				err = fmt.Errorf("%w: signer %q is none of the given keys", ErrSignature, r.Signer)
			} else if _, err = VerifyReceipt(e.Data, keys[k]); err == nil {
				rep.Verified++
			}
		}
		switch {
		case errors.Is(err, ErrSignature):
			add(ChainSignature, i, r.Seq, "%v", err)
			bad = true
		case err != nil:
			add(ChainMalformed, i, e.Seq, "%v", err)
			continue
		case r.Seq == 0:
			add(ChainMalformed, i, e.Seq, "receipt %s has no position (version %d)", r.ID, r.Version)
			continue
		}
		if r.Seq == 0 {
			continue
		}
		if e.Seq != 0 && e.Seq != r.Seq {
			add(ChainMoved, i, r.Seq, "stored at position %d", e.Seq)
		}
		if j, dup := seenSeq[r.Seq]; dup {
			add(ChainDuplicate, i, r.Seq, "position already taken by entry %d", j+1)
			continue
		}
		if j, dup := seenID[r.ID]; dup {
			add(ChainDuplicate, i, r.Seq, "receipt %s already at entry %d", r.ID, j+1)
			continue
		}
		seenSeq[r.Seq], seenID[r.ID] = i, i
		items = append(items, item{i, r, EntryHash(e.Data), bad})
	}
	// Reordered entries: those outside a longest run of positions that
	// increases in log order (so one entry moved is one finding, not every
	// entry it jumped over).
	inOrder := longestIncreasing(len(items), func(i int) uint64 { return items[i].r.Seq })
	for k, it := range items {
		if !inOrder[k] {
			add(ChainReorder, it.idx, it.r.Seq, "out of order")
		}
	}
	sort.Slice(items, func(a, b int) bool { return items[a].r.Seq < items[b].r.Seq })
	var prev *item
	for k := range items {
		it := &items[k]
		want := uint64(1)
		if prev != nil {
			want = prev.r.Seq + 1
		}
		if it.r.Seq > want {
			where := ""
			if want == 1 {
				where = " at the start of the log"
			}
			rep.Problems = append(rep.Problems, ChainProblem{Kind: ChainGap, Index: -1, Seq: want, Count: it.r.Seq - want, Detail: where})
		}
		switch {
		case it.bad:
		case it.r.Seq == 1 && it.r.Prev != "":
			add(ChainLink, it.idx, it.r.Seq, "first receipt names a predecessor")
		case prev != nil && !prev.bad && prev.r.Seq == it.r.Seq-1 && it.r.Prev != hex.EncodeToString(prev.hash):
			add(ChainLink, it.idx, it.r.Seq, "prev %.12s… is not the hash of receipt %d (%.12x…)", it.r.Prev, prev.r.Seq, prev.hash)
		}
		prev = it
	}
	if prev != nil {
		rep.Head = LogHead{Seq: prev.r.Seq, Hash: prev.hash}
	}
	if anchor != nil {
		var at *item
		for k := range items {
			if items[k].r.Seq == anchor.Seq {
				at = &items[k]
			}
		}
		switch {
		case at == nil && anchor.Seq > rep.Head.Seq:
			rep.Problems = append(rep.Problems, ChainProblem{Kind: ChainAnchor, Index: -1, Seq: anchor.Seq,
				Detail: fmt.Sprintf("log ends at receipt %d, before the anchor %d: receipts deleted from the end", rep.Head.Seq, anchor.Seq)})
		case at == nil:
			rep.Problems = append(rep.Problems, ChainProblem{Kind: ChainAnchor, Index: -1, Seq: anchor.Seq,
				Detail: fmt.Sprintf("receipt %d of the anchor is missing", anchor.Seq)})
		case !bytes.Equal(at.hash, anchor.Hash):
			rep.Problems = append(rep.Problems, ChainProblem{Kind: ChainAnchor, Index: at.idx, Seq: anchor.Seq,
				Detail: fmt.Sprintf("receipt %d differs from the anchor (rewritten log)", anchor.Seq)})
		}
	}
	if !rep.OK() {
		return rep, fmt.Errorf("%w: %d problems, first: %s", ErrChain, len(rep.Problems), rep.Problems[0])
	}
	return rep, nil
}

// longestIncreasing marks the elements of one longest strictly increasing
// subsequence of key(0..n-1) (patience sorting, O(n log n)).
func longestIncreasing(n int, key func(int) uint64) []bool {
	tails := []int{}       // tails[l]: index ending the best run of length l+1
	prev := make([]int, n) // predecessor in that run
	for i := range n {
		l := sort.Search(len(tails), func(j int) bool { return key(tails[j]) >= key(i) })
		prev[i] = -1
		if l > 0 {
			prev[i] = tails[l-1]
		}
		if l == len(tails) {
			tails = append(tails, i)
		} else {
			tails[l] = i
		}
	}
	in := make([]bool, n)
	if len(tails) > 0 {
		for i := tails[len(tails)-1]; i >= 0; i = prev[i] {
			in[i] = true
		}
	}
	return in
}
