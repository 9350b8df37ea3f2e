//go:build !amd64 || purego

package redact

// hasAVX2: no assembly classifier here.
const hasAVX2 = false

// classifyBlocks writes the masks of the len(out) 64-byte blocks of src;
// src holds at least one byte more (the byte after the last block, which
// the trigger masks read).
func classifyBlocks(src []byte, out []blockMasks) { classifyGo(src, out) }
