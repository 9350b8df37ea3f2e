//go:build amd64 && !purego

package redact

// classifyAVX2 writes the masks of the n 64-byte blocks at src to out[0:n]
// (classify_amd64.s). It needs AVX2 and reads the byte after the blocks.
//
//go:noescape
func classifyAVX2(src *byte, n int, out *blockMasks)

// classifyAVX512 is classifyAVX2 with AVX-512 (F and BW), for n blocks of
// the avail bytes at src: a block short of avail is read with masked
// loads, no byte past avail (which read as 0).
//
//go:noescape
func classifyAVX512(src *byte, avail, n int, out *blockMasks)

// classifyVBMI is classifyAVX512 by table look-ups and bit-matrix
// transposes (AVX-512 VBMI and GFNI), with the tables at tab
// (vbmiClassTables).
//
//go:noescape
func classifyVBMI(src *byte, avail, n int, out *blockMasks, tab *vbmiTables)

// vbmiTables are the tables of classifyVBMI (classify_vbmi_amd64.s),
// made from classBits and pairBits. The class bytes of a byte hold its
// masks 0-7 (v0), 8-15 (v1) and 16-18 (v2), bit k for mask k (+8, +16).
type vbmiTables struct {
	v0, v1, v2 [128]byte // class bytes of the ASCII bytes
	// The pair masks of byte c and the byte n after it: pmap[tcur[c] &
	// tnext[n]] is their bits in v1's byte (mDD, mP1, mP2). tcur bits:
	// '-', '/', '+', '[', '~'; tnext bits: n is '-', '9' or '0', '9', an
	// uppercase letter, 'W'.
	tcur, tnext [128]byte
	v1h         [128]byte // v1 of the bytes 0x80 + index
	pmap        [64]byte
	rev         [64]byte // VPSHUFB: the bytes of each quadword reversed
	tx          [64]byte // 1 << k at byte k of each quadword: the transpose
	gather      [64]byte // VPERMB: byte 8c+j from byte 8j+c
	esc         [64]byte // v0 of the bytes >= 0x80: mEsc
}

var vbmiClassTables = func() *vbmiTables {
	t := new(vbmiTables)
	for c := 0; c < 128; c++ {
		t.v0[c] = byte(classBits[c])
		t.v1[c] = byte(classBits[c] >> 8)
		t.v2[c] = byte(classBits[c] >> 16)
		t.v1h[c] = byte(classBits[c|0x80] >> 8)
		switch c {
		case '-':
			t.tcur[c] = 1
		case '/':
			t.tcur[c] = 2
		case '+':
			t.tcur[c] = 4
		case '[':
			t.tcur[c] = 8
		case '~':
			t.tcur[c] = 16
		}
		n := byte(c)
		if n == '-' {
			t.tnext[c] |= 1
		}
		if n == '9' || n == '0' {
			t.tnext[c] |= 2
		}
		if n == '9' {
			t.tnext[c] |= 4
		}
		if isUpper(n) {
			t.tnext[c] |= 8
		}
		if n == 'W' {
			t.tnext[c] |= 16
		}
	}
	for x := 0; x < 64; x++ {
		var b byte
		if x&1 != 0 {
			b |= 1 << (mDD - 8)
		}
		if x&6 != 0 {
			b |= 1 << (mP1 - 8)
		}
		if x&24 != 0 {
			b |= 1 << (mP2 - 8)
		}
		t.pmap[x] = b
		t.rev[x] = byte(x&8 | (7 - x&7))
		t.tx[x] = 1 << (x & 7)
		t.gather[x] = byte(x&7*8 + x>>3)
		t.esc[x] = 1 << mEsc
	}
	return t
}()

func cpuid(leaf, sub uint32) (eax, ebx, ecx, edx uint32)
func xgetbv0() (eax, edx uint32)

// hasAVX2 reports whether the CPU and the OS support AVX2: CPUID says AVX
// and OSXSAVE (leaf 1) and AVX2 (leaf 7), and XCR0 enables the XMM and YMM
// state.
var hasAVX2 = func() bool {
	maxLeaf, _, _, _ := cpuid(0, 0)
	if maxLeaf < 7 {
		return false
	}
	_, _, ecx1, _ := cpuid(1, 0)
	if ecx1&(1<<27) == 0 || ecx1&(1<<28) == 0 {
		return false
	}
	if xcr0, _ := xgetbv0(); xcr0&6 != 6 {
		return false
	}
	_, ebx7, _, _ := cpuid(7, 0)
	return ebx7&(1<<5) != 0
}()

// hasAVX512 reports whether the CPU and the OS support AVX-512 F and BW:
// CPUID leaf 7, and XCR0 enabling the opmask and ZMM state too.
var hasAVX512 = func() bool {
	if !hasAVX2 {
		return false
	}
	if xcr0, _ := xgetbv0(); xcr0&0xE6 != 0xE6 {
		return false
	}
	_, ebx7, _, _ := cpuid(7, 0)
	return ebx7&(1<<16) != 0 && ebx7&(1<<30) != 0
}()

// hasVBMI reports whether the CPU supports AVX-512 VBMI and GFNI besides
// AVX-512 F and BW (CPUID leaf 7, ECX bits 1 and 8).
var hasVBMI = func() bool {
	if !hasAVX512 {
		return false
	}
	_, _, ecx7, _ := cpuid(7, 0)
	return ecx7&(1<<1) != 0 && ecx7&(1<<8) != 0
}()

// classifier is the assembly classifier this CPU runs: 513 for AVX-512
// with VBMI and GFNI, 512 for AVX-512, 2 for AVX2, 0 for classifyGo.
// Tests set it to compare them.
var classifier = func() int {
	switch {
	case hasVBMI:
		return 513
	case hasAVX512:
		return 512
	case hasAVX2:
		return 2
	}
	return 0
}()

// classifyBlocks writes the masks of the len(out) 64-byte blocks of src;
// src holds at least one byte more (the byte after the last block, which
// the trigger masks read).
func classifyBlocks(src []byte, out []blockMasks) {
	if len(out) == 0 {
		return
	}
	_ = src[64*len(out)]
	switch classifier {
	case 513:
		classifyVBMI(&src[0], len(src), len(out), &out[0], vbmiClassTables)
	case 512:
		classifyAVX512(&src[0], len(src), len(out), &out[0])
	case 2:
		classifyAVX2(&src[0], len(out), &out[0])
	default:
		classifyGo(src, out)
	}
}

// classifiers lists the classifiers this CPU can run, for tests.
func classifiers() []int {
	cs := []int{0}
	if hasAVX2 {
		cs = append(cs, 2)
	}
	if hasAVX512 {
		cs = append(cs, 512)
	}
	if hasVBMI {
		cs = append(cs, 513)
	}
	return cs
}

// candBlocksScalar is candBlocksGo in assembly (cand_amd64.s).
//
//go:noescape
func candBlocksScalar(m *blockMasks, n int, cand, q, bs, dwx *uint64, digitKeys bool, after0, carry0 uint64)

// candBlocksAVX512 is candBlocksScalar with AVX-512 (VL, VBMI2):
// double shifts and three-way logic on XMM registers
// (cand_avx512_amd64.s).
//
//go:noescape
func candBlocksAVX512(m *blockMasks, n int, cand, q, bs, dwx *uint64, digitKeys bool, after0, carry0 uint64)

// hasVBMI2 reports whether the CPU supports AVX-512 VL and VBMI2 besides
// AVX-512 F and BW (CPUID leaf 7: EBX bit 31, ECX bit 6).
var hasVBMI2 = func() bool {
	if !hasAVX512 {
		return false
	}
	_, ebx7, ecx7, _ := cpuid(7, 0)
	return ebx7&(1<<31) != 0 && ecx7&(1<<6) != 0
}()

// candImpl is the candBlocks this CPU runs: 512 for candBlocksAVX512, 1
// for candBlocksScalar. Tests set it to compare them (candImpls).
var candImpl = func() int {
	if hasVBMI2 {
		return 512
	}
	return 1
}()

// candImpls lists the candBlocks this CPU can run, for tests.
func candImpls() []int {
	if hasVBMI2 {
		return []int{1, 512}
	}
	return []int{1}
}

// candBlocks computes the candidates of fastscan.go (candBlocksGo, the
// reference) in assembly.
func candBlocks(m *blockMasks, n int, cand, q, bs, dwx *uint64, digitKeys bool, after0, carry0 uint64) {
	if candImpl == 512 {
		candBlocksAVX512(m, n, cand, q, bs, dwx, digitKeys, after0, carry0)
		return
	}
	candBlocksScalar(m, n, cand, q, bs, dwx, digitKeys, after0, carry0)
}

// classifyLine writes the masks of the blocks of src to out (a block of
// every 64 bytes, the last one maybe partial).
func classifyLine(src []byte, out []blockMasks) {
	if len(out) == 0 {
		return
	}
	switch classifier {
	case 513:
		_ = out[(len(src)-1)/64]
		classifyVBMI(&src[0], len(src), len(out), &out[0], vbmiClassTables)
		return
	case 512:
		_ = out[(len(src)-1)/64]
		classifyAVX512(&src[0], len(src), len(out), &out[0])
		return
	}
	classifyPadded(src, out)
}
