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

// classifier is the assembly classifier this CPU runs: 512 for AVX-512,
// 2 for AVX2, 0 for classifyGo. Tests set it to compare them.
var classifier = func() int {
	switch {
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
	return cs
}

// candBlocks is candBlocksGo in assembly (cand_amd64.s).
//
//go:noescape
func candBlocks(m *blockMasks, n int, cand, q, bs, dwx *uint64, digitKeys bool, after0, carry0 uint64)

// classifyLine writes the masks of the blocks of src to out (a block of
// every 64 bytes, the last one maybe partial).
func classifyLine(src []byte, out []blockMasks) {
	if len(out) == 0 {
		return
	}
	if classifier == 512 {
		_ = out[(len(src)-1)/64]
		classifyAVX512(&src[0], len(src), len(out), &out[0])
		return
	}
	classifyPadded(src, out)
}
