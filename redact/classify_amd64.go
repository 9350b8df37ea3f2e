//go:build amd64 && !purego

package redact

// classifyAVX2 writes the masks of the n 64-byte blocks at src to out[0:n]
// (classify_amd64.s). It needs AVX2 and reads the byte after the blocks.
//
//go:noescape
func classifyAVX2(src *byte, n int, out *blockMasks)

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

// classifyBlocks writes the masks of the len(out) 64-byte blocks of src;
// src holds at least one byte more (the byte after the last block, which
// the trigger masks read).
func classifyBlocks(src []byte, out []blockMasks) {
	if hasAVX2 && len(out) > 0 {
		_ = src[64*len(out)]
		classifyAVX2(&src[0], len(out), &out[0])
		return
	}
	classifyGo(src, out)
}
