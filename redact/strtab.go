package redact

import "encoding/binary"

// strTab is a read-only hash table from short strings (key names and the
// words of key rules) to values: open addressing over a power-of-two
// array. A key of up to eight bytes is hashed and compared as one
// integer, which makes the common lookups (log keys such as "time",
// "level", "msg") a few instructions. It is built once and then only read,
// by any number of goroutines; a lookup does not allocate.
type strTab[V any] struct {
	slots []strSlot[V]
	mask  uint64
}

type strSlot[V any] struct {
	n    uint8  // length; 0 marks an empty slot (keys are never empty)
	pack uint64 // the key's bytes, little-endian, when n <= 8
	long string // the key, when n > 8
	val  V
}

// newStrTab builds a table of m.
func newStrTab[V any](m map[string]V) strTab[V] {
	n := 8
	for n < 2*len(m) {
		n *= 2
	}
	t := strTab[V]{slots: make([]strSlot[V], n), mask: uint64(n - 1)}
	for k, v := range m {
		if len(k) == 0 || len(k) > 255 {
			continue
		}
		b := []byte(k)
		p := pack(b)
		i := hashStr(b, p) & t.mask
		for t.slots[i].n != 0 {
			i = (i + 1) & t.mask
		}
		t.slots[i] = strSlot[V]{n: uint8(len(k)), pack: p, val: v}
		if len(k) > 8 {
			t.slots[i].long = k
		}
	}
	return t
}

// pack returns the first bytes of b (at most eight) as an integer.
func pack(b []byte) uint64 {
	if len(b) >= 8 {
		return binary.LittleEndian.Uint64(b)
	}
	if cap(b) >= 8 {
		// One load of the bytes beyond len(b) too, masked off.
		return binary.LittleEndian.Uint64(b[:8]) & (1<<(8*len(b)) - 1)
	}
	var p uint64
	for i, c := range b {
		p |= uint64(c) << (8 * i)
	}
	return p
}

// hashStr hashes b, whose first bytes are p (a multiply-xorshift in the
// style of wyhash; no security property is needed: the tables are fixed
// when built, so crafted input can only make lookups miss).
func hashStr(b []byte, p uint64) uint64 {
	h := (p ^ uint64(len(b))*0x9E3779B97F4A7C15) * 0xFF51AFD7ED558CCD
	for b = b[min(len(b), 8):]; len(b) > 0; b = b[min(len(b), 8):] {
		h = (h ^ h>>32 ^ pack(b)) * 0xC4CEB9FE1A85EC53
	}
	return h ^ h>>29
}

// get returns the value of key b and whether it is in t.
func (t *strTab[V]) get(b []byte) (V, bool) {
	if len(t.slots) > 0 && len(b) > 0 && len(b) <= 255 {
		p := pack(b)
		for i := hashStr(b, p) & t.mask; ; i = (i + 1) & t.mask {
			s := &t.slots[i]
			if s.n == 0 {
				break
			}
			if int(s.n) == len(b) && s.pack == p && (len(b) <= 8 || s.long == string(b)) {
				return s.val, true
			}
		}
	}
	var zero V
	return zero, false
}
