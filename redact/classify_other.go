//go:build !amd64 || purego

package redact

// hasAVX2: no assembly classifier here.
const hasAVX2 = false

// classifier is 0: classifyGo.
var classifier = 0

// candImpl: candBlocksGo only.
var candImpl = 0

// candImpls lists the candBlocks this CPU can run, for tests.
func candImpls() []int { return []int{0} }

// classifiers lists the classifiers this CPU can run, for tests.
func classifiers() []int { return []int{0} }

// classifyBlocks writes the masks of the len(out) 64-byte blocks of src;
// src holds at least one byte more (the byte after the last block, which
// the trigger masks read).
func classifyBlocks(src []byte, out []blockMasks) { classifyGo(src, out) }

// candBlocks computes the candidates of fastscan.go: candBlocksGo.
func candBlocks(m *blockMasks, n int, cand, q, bs, dwx *uint64, digitKeys bool, after0, carry0 uint64) {
	candBlocksGo(m, n, cand, q, bs, dwx, digitKeys, after0, carry0)
}

// classifyLine writes the masks of the blocks of src to out (a block of
// every 64 bytes, the last one maybe partial).
func classifyLine(src []byte, out []blockMasks) { classifyPadded(src, out) }
