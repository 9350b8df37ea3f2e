// A cache of key decisions: the token rules of keys.go cost hundreds of
// instructions per key, and log lines repeat the same few dozen keys.

package redact

import (
	"encoding/binary"
	"sync/atomic"
)

// keyCacheSlots is the size of a keyCache (a power of two).
const keyCacheSlots = 1024

// keyCache maps key names of up to 32 bytes, as written, to what
// lookupKey says about them. It is direct-mapped: a key evicts the one in
// its slot. Goroutines share it without locks: each slot is a seqlock
// (an odd sequence number while a writer fills it), and a reader that sees
// the number change, or odd, treats the slot as empty. A writer that finds
// a slot busy does not wait: it leaves it.
type keyCache struct {
	slots [keyCacheSlots]keySlot
	long  [longCacheSlots]longSlot // names of 17 to 32 bytes
}

// longCacheSlots is the size of the cache of names of 17 to 32 bytes
// ("aadhaar_seeding_status", "account_holder_name"), fewer in logs than
// short ones; a power of two. They have a table of their own so that the
// lookup of a short name reads no more than before.
const longCacheSlots = 256

// longSlot is a keySlot for a name of 17 to 32 bytes.
type longSlot struct {
	seq  atomic.Uint64
	k    [4]atomic.Uint64 // the name's bytes, eight a word, zero-padded
	meta atomic.Uint64    // as in keySlot
}

type keySlot struct {
	seq    atomic.Uint64
	k0, k1 atomic.Uint64 // the name's bytes 0-7 and 8-15, zero-padded
	meta   atomic.Uint64 // packMeta
}

// rawKey returns the bytes of name (at most 16) as two words, zero-padded.
func rawKey(name []byte) (k0, k1 uint64) {
	if cap(name) >= 16 {
		return rawKey16(name)
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

// rawKey16 is rawKey for a name with 16 bytes of room (a name inside a
// line, nearly always): two loads, and the bytes past it masked off
// without a branch (names of under and over 8 bytes alternate in a line:
// a branch on the length is mispredicted often). A shift by 64 or more
// gives 0: the first mask is all ones when the name fills its word, the
// second is 0 when the name ends in the first.
func rawKey16(name []byte) (k0, k1 uint64) {
	n := uint(len(name))
	b := name[:16]
	k0 = binary.LittleEndian.Uint64(b) & (1<<(8*n) - 1)
	k1 = binary.LittleEndian.Uint64(b[8:]) & (^uint64(0) >> (128 - 8*n))
	return k0, k1
}

func (c *keyCache) slot(k0, k1 uint64, n int) *keySlot {
	h := (k0 ^ uint64(n)*0x9E3779B97F4A7C15) * 0xFF51AFD7ED558CCD
	h = (h ^ h>>32 ^ k1) * 0xC4CEB9FE1A85EC53
	return &c.slots[(h^h>>29)&(keyCacheSlots-1)]
}

// get returns the meta word of the cached decision for the key (k0, k1,
// n), or 0 when the slot holds another key or is being written. Its
// caller unpacks it: the two fit the inliner's budget only apart.
func (s *keySlot) get(k0, k1 uint64, n int) uint64 {
	seq := s.seq.Load()
	a, b, m := s.k0.Load(), s.k1.Load(), s.meta.Load()
	// m>>32 is 1<<31 | len in a filled slot (packMeta).
	if seq&1 != 0 || s.seq.Load() != seq || a != k0 || b != k1 || m>>32 != 1<<31|uint64(n) {
		return 0
	}
	return m
}

// put stores a decision, unless another writer holds the slot.
func (s *keySlot) put(k0, k1 uint64, n int, info keyInfo) {
	seq := s.seq.Load()
	if seq&1 != 0 || !s.seq.CompareAndSwap(seq, seq+1) {
		return
	}
	m := packMeta(n, info)
	s.k0.Store(k0)
	s.k1.Store(k1)
	s.meta.Store(m)
	s.seq.Store(seq + 2)
}

// rawLongKey returns the bytes of name (17 to 32 of them) as four words,
// zero-padded.
func rawLongKey(name []byte) (k [4]uint64) {
	k[0], k[1] = rawKey(name[:16])
	k[2], k[3] = rawKey(name[16:])
	return k
}

func (c *keyCache) longSlot(k *[4]uint64, n int) *longSlot {
	h := (k[0] ^ uint64(n)*0x9E3779B97F4A7C15) * 0xFF51AFD7ED558CCD
	for _, w := range k[1:] {
		h = (h ^ h>>32 ^ w) * 0xC4CEB9FE1A85EC53
	}
	return &c.long[(h^h>>29)&(longCacheSlots-1)]
}

// get is keySlot.get for a long name.
func (s *longSlot) get(k *[4]uint64, n int) (keyInfo, bool) {
	seq := s.seq.Load()
	if seq&1 != 0 {
		return keyInfo{}, false
	}
	a, b, c, d, m := s.k[0].Load(), s.k[1].Load(), s.k[2].Load(), s.k[3].Load(), s.meta.Load()
	if s.seq.Load() != seq || a != k[0] || b != k[1] || c != k[2] || d != k[3] || m>>63 == 0 || int(m>>32&0xFF) != n {
		return keyInfo{}, false
	}
	return unpackMeta(m), true
}

// put is keySlot.put for a long name.
func (s *longSlot) put(k *[4]uint64, n int, info keyInfo) {
	seq := s.seq.Load()
	if seq&1 != 0 || !s.seq.CompareAndSwap(seq, seq+1) {
		return
	}
	m := packMeta(n, info)
	for i := range k {
		s.k[i].Store(k[i])
	}
	s.meta.Store(m)
	s.seq.Store(seq + 2)
}

// packMeta is the meta word of a slot: 1<<63 | len<<32 | kind<<16 |
// rule<<8 | scan<<1 | eol.
func packMeta(n int, info keyInfo) uint64 {
	m := uint64(1)<<63 | uint64(n)<<32 | uint64(info.kind)<<16 | uint64(info.rule)<<8
	if info.eol {
		m |= 1
	}
	if info.scan {
		m |= 2
	}
	return m
}

// unpackMeta is the decision packMeta stored.
func unpackMeta(m uint64) keyInfo {
	return keyInfo{kind: Kind(m >> 16), rule: keyRule(m >> 8), eol: m&1 != 0, scan: m&2 != 0}
}
