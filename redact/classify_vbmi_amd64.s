//go:build amd64 && !purego

#include "textflag.h"

// func classifyVBMI(src *byte, avail, n int, out *blockMasks, tab *vbmiTables)
// classifyAVX512 by table look-ups (AVX-512 VBMI and GFNI): for each
// byte, three bytes of class bits (masks 0-7, 8-15, 16-18) from 128-byte
// tables (VPERMI2B), the pair masks from a table of the byte and one of
// the byte after it; then each 8x8 bit square is transposed
// (VGF2P8AFFINEQB) and the bytes gathered per mask (VPERMB), so that one
// store writes eight masks. The bytes of each quadword are reversed
// first: the affine transform numbers a matrix's rows from the top. A
// block with fewer than 65 bytes left is loaded with masks, as in
// classifyAVX512. vbmiTables (classify_amd64.go) says what each table
// holds.
TEXT ·classifyVBMI(SB), NOSPLIT, $0-40
	MOVQ src+0(FP), SI
	MOVQ avail+8(FP), CX // bytes left
	MOVQ n+16(FP), DX // blocks left
	MOVQ out+24(FP), DI
	MOVQ tab+32(FP), R8
	VMOVDQU64 0(R8), Z16 // v0
	VMOVDQU64 64(R8), Z17
	VMOVDQU64 128(R8), Z18 // v1
	VMOVDQU64 192(R8), Z19
	VMOVDQU64 256(R8), Z20 // v2
	VMOVDQU64 320(R8), Z21
	VMOVDQU64 384(R8), Z22 // tcur
	VMOVDQU64 448(R8), Z23
	VMOVDQU64 512(R8), Z24 // tnext
	VMOVDQU64 576(R8), Z25
	VMOVDQU64 640(R8), Z26 // v1h
	VMOVDQU64 704(R8), Z27
	VMOVDQU64 768(R8), Z28 // pmap
	VMOVDQU64 832(R8), Z29 // rev
	VMOVDQU64 896(R8), Z30 // tx
	VMOVDQU64 960(R8), Z31 // gather
	MOVQ $7, AX
	KMOVQ AX, K7 // the three masks of the last store
loopv:
	TESTQ DX, DX
	JLE donev
	CMPQ CX, $65
	JLT tailv
	VMOVDQU64 (SI), Z0
	VMOVDQU64 1(SI), Z1 // the next bytes
	JMP loadedv
tailv:
	// The last block: bytes 0..CX-1 of it, and 1..CX-1 after them.
	MOVQ $-1, AX
	CMPQ CX, $64
	JGE fullv
	SHLQ CX, AX
	NOTQ AX // CX low bits
fullv:
	KMOVQ AX, K1
	VMOVDQU8.Z (SI), K1, Z0
	SHRQ $1, AX
	KMOVQ AX, K1
	VMOVDQU8.Z 1(SI), K1, Z1
loadedv:
	VPSHUFB Z29, Z0, Z0 // bytes of each quadword reversed
	VPSHUFB Z29, Z1, Z1
	VPMOVB2M Z0, K1 // bytes >= 0x80
	KNOTQ K1, K2 // ASCII bytes
	VPMOVB2M Z1, K3
	KNOTQ K3, K3 // ASCII next bytes
	// Masks 0-7: every byte >= 0x80 is mEsc only.
	VMOVDQA64 Z0, Z2
	VPERMI2B Z17, Z16, Z2
	VMOVDQU8 1024(R8), K1, Z2
	// Masks 8-15: bytes >= 0x80 from v1h.
	VMOVDQA64 Z0, Z3
	VPERMI2B Z19, Z18, Z3
	VMOVDQA64 Z0, Z4
	VPERMI2B Z27, Z26, Z4
	VPBLENDMB Z4, Z3, K1, Z3
	// The pair masks mDD, mP1, mP2 (ASCII bytes only).
	VMOVDQA64 Z0, Z6
	VPERMI2B.Z Z23, Z22, K2, Z6
	VMOVDQA64 Z1, Z7
	VPERMI2B.Z Z25, Z24, K3, Z7
	VPANDQ Z6, Z7, Z6
	VPERMB Z28, Z6, Z6
	VPORQ Z6, Z3, Z3
	// Masks 16-18 (ASCII bytes only).
	VMOVDQA64 Z0, Z5
	VPERMI2B.Z Z21, Z20, K2, Z5
	// Transpose and store.
	VGF2P8AFFINEQB $0, Z2, Z30, Z2
	VPERMB Z2, Z31, Z2
	VMOVDQU64 Z2, 0(DI)
	VGF2P8AFFINEQB $0, Z3, Z30, Z3
	VPERMB Z3, Z31, Z3
	VMOVDQU64 Z3, 64(DI)
	VGF2P8AFFINEQB $0, Z5, Z30, Z5
	VPERMB Z5, Z31, Z5
	VMOVDQU64 Z5, K7, 128(DI)
	ADDQ $64, SI
	ADDQ $152, DI
	SUBQ $64, CX
	DECQ DX
	JMP loopv
donev:
	VZEROUPPER
	RET
