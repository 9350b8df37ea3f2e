// A cache of key decisions: the token rules of keys.go cost hundreds of
// instructions per key, and log lines repeat the same few dozen keys.

package redact

import (
	"encoding/binary"
	"sync/atomic"
)

// keyCacheSlots is the size of a keyCache (a power of two).
const keyCacheSlots = 1024

// keyCache maps key names of up to 16 bytes, as written, to what
// lookupKey says about them. It is direct-mapped: a key evicts the one in
// its slot. Goroutines share it without locks: each slot is a seqlock
// (an odd sequence number while a writer fills it), and a reader that sees
// the number change, or odd, treats the slot as empty. A writer that finds
// a slot busy does not wait: it leaves it.
type keyCache struct {
	slots [keyCacheSlots]keySlot
}

type keySlot struct {
	seq    atomic.Uint64
	k0, k1 atomic.Uint64 // the name's bytes 0-7 and 8-15, zero-padded
	meta   atomic.Uint64 // 1<<63 | len<<32 | kind<<16 | rule<<8 | eol
}

// rawKey returns the bytes of name (at most 16) as two words, zero-padded.
func rawKey(name []byte) (k0, k1 uint64) {
	n := len(name)
	if cap(name) >= 16 {
		b := name[:16]
		k0, k1 = binary.LittleEndian.Uint64(b), binary.LittleEndian.Uint64(b[8:])
		switch {
		case n < 8:
			k0 &= 1<<(8*n) - 1
			k1 = 0
		case n < 16:
			k1 &= 1<<(8*(n-8)) - 1
		}
		return k0, k1
	}
	for i, c := range name {
		if i < 8 {
			k0 |= uint64(c) << (8 * i)
		} else {
			k1 |= uint64(c) << (8 * (i - 8))
		}
	}
	return k0, k1
}

func (c *keyCache) slot(k0, k1 uint64, n int) *keySlot {
	h := (k0 ^ uint64(n)*0x9E3779B97F4A7C15) * 0xFF51AFD7ED558CCD
	h = (h ^ h>>32 ^ k1) * 0xC4CEB9FE1A85EC53
	return &c.slots[(h^h>>29)&(keyCacheSlots-1)]
}

// get returns the cached decision for the key (k0, k1, n).
func (s *keySlot) get(k0, k1 uint64, n int) (keyInfo, bool) {
	seq := s.seq.Load()
	if seq&1 != 0 {
		return keyInfo{}, false
	}
	a, b, m := s.k0.Load(), s.k1.Load(), s.meta.Load()
	if s.seq.Load() != seq || a != k0 || b != k1 || m>>63 == 0 || int(m>>32&0xFF) != n {
		return keyInfo{}, false
	}
	return keyInfo{kind: Kind(m >> 16), rule: keyRule(m >> 8), eol: m&1 != 0}, true
}

// put stores a decision, unless another writer holds the slot.
func (s *keySlot) put(k0, k1 uint64, n int, info keyInfo) {
	seq := s.seq.Load()
	if seq&1 != 0 || !s.seq.CompareAndSwap(seq, seq+1) {
		return
	}
	m := uint64(1)<<63 | uint64(n)<<32 | uint64(info.kind)<<16 | uint64(info.rule)<<8
	if info.eol {
		m |= 1
	}
	s.k0.Store(k0)
	s.k1.Store(k1)
	s.meta.Store(m)
	s.seq.Store(seq + 2)
}
