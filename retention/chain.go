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
	}
	var items []item
	seenSeq := make(map[uint64]int)
	seenID := make(map[string]int)
	var maxSeq uint64
	add := func(kind string, idx int, seq uint64, format string, args ...any) {
		rep.Problems = append(rep.Problems, ChainProblem{Kind: kind, Index: idx, Seq: seq, Detail: fmt.Sprintf(format, args...)})
	}
	for i, e := range entries {
		var r *Receipt
		var err error
		if len(keys) == 0 {
			r, err = ParseReceiptUnverified(e.Data)
		} else {
			r, err = ParseReceiptUnverified(e.Data)
			if err == nil {
				k, ok := byID[r.Signer]
				if !ok {
					err = fmt.Errorf("%w: signer %q is none of the given keys", ErrSignature, r.Signer)
				} else {
					r, err = VerifyReceipt(e.Data, keys[k])
				}
			}
		}
		switch {
		case errors.Is(err, ErrSignature):
			add(ChainSignature, i, e.Seq, "%v", err)
			continue
		case err != nil:
			add(ChainMalformed, i, e.Seq, "%v", err)
			continue
		case r.Seq == 0:
			add(ChainMalformed, i, e.Seq, "receipt %s has no position (version %d)", r.ID, r.Version)
			continue
		}
		if len(keys) > 0 {
			rep.Verified++
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
		if r.Seq < maxSeq {
			add(ChainReorder, i, r.Seq, "comes after receipt %d", maxSeq)
		}
		maxSeq = max(maxSeq, r.Seq)
		seenSeq[r.Seq], seenID[r.ID] = i, i
		items = append(items, item{i, r, EntryHash(e.Data)})
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
		case it.r.Seq == 1 && it.r.Prev != "":
			add(ChainLink, it.idx, it.r.Seq, "first receipt names a predecessor")
		case prev != nil && prev.r.Seq == it.r.Seq-1 && it.r.Prev != hex.EncodeToString(prev.hash):
			add(ChainLink, it.idx, it.r.Seq, "prev %.12s… is not the hash of receipt %d (%.12x…)", it.r.Prev, prev.r.Seq, prev.hash)
		}
		prev = it
	}
	if prev != nil {
		rep.Head = LogHead{Seq: prev.r.Seq, Hash: prev.hash}
	}
	if len(keys) == 0 {
		rep.Verified = 0
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
