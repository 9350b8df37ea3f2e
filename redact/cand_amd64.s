//go:build amd64 && !purego

#include "textflag.h"

// The candidate masks of fastscan.go (classified.candBlocks, the
// reference, says what each step computes), with the masks in registers:
// the Go compiler spills most of them.

// Offsets of the masks in a blockMasks (classify.go), and in the next one.
#define oW 0
#define oD 8
#define oU 16
#define oL 24
#define oSep 32
#define oNP 40
#define oEsc 48
#define oQ 56
#define oBS 64
#define oTail 72
#define oKV 80
#define oDD 88
#define oP1 96
#define oP2 104
#define oAny 112
#define oLead 120
#define oNext 128
#define oNext2 136
#define oGlue 144
#define nB 152

// Frame slots: the masks of the block before, and what goes on from block
// to block.
#define pW 0(SP)
#define pD 8(SP)
#define pL 16(SP)
#define pQ 24(SP)
#define pTail 32(SP)
#define panPrev 40(SP)
#define after 48(SP)
#define carry 56(SP)
#define pan 64(SP)
#define ws 72(SP)
#define we 80(SP)
#define xx 88(SP)
#define glue 96(SP)

// dst = x>>k | xn<<(64-k): the bits k bytes ahead. x, xn: registers. (Not
// SHRD: one instruction, but microcoded and slower on AMD Zen.)
#define AT(x, xn, k, dst, tmp) MOVQ x, dst; SHRQ $k, dst; MOVQ xn, tmp; SHLQ $(64-k), tmp; ORQ tmp, dst
// dst = x<<k | xp>>(64-k): the bits k bytes back.
#define BEFORE(x, xp, k, dst, tmp) MOVQ x, dst; SHLQ $k, dst; MOVQ xp, tmp; SHRQ $(64-k), tmp; ORQ tmp, dst

// func candBlocksScalar(m *blockMasks, n int, cand, q, bs, dwx *uint64, digitKeys bool, after0, carry0 uint64)
TEXT ·candBlocksScalar(SB), NOSPLIT, $104-72
	MOVQ m+0(FP), SI
	MOVQ n+8(FP), CX
	XORQ DI, DI
	XORQ AX, AX
	MOVQ AX, pW
	MOVQ AX, pD
	MOVQ AX, pL
	MOVQ AX, pQ
	MOVQ AX, pTail
	MOVQ AX, panPrev
	MOVQ after0+56(FP), AX
	MOVQ AX, after
	MOVQ carry0+64(FP), AX
	MOVQ AX, carry
	// glue: the glue bytes of block 0 (glueEnds).
	MOVQ oL(SI), AX
	SHLQ $1, AX
	MOVQ oD(SI), BX
	ORQ oL(SI), BX
	NOTQ BX
	ANDQ oW(SI), BX
	ORQ BX, AX
	ANDQ oGlue(SI), AX
	MOVQ AX, glue

loop:
	TESTQ CX, CX
	JZ done

	// Quotes and backslashes, for the JSON parser.
	MOVQ oQ(SI), AX
	MOVQ q+24(FP), BX
	MOVQ AX, (BX)(DI*1)
	MOVQ oBS(SI), AX
	MOVQ bs+32(FP), BX
	MOVQ AX, (BX)(DI*1)

	// Word starts and ends.
	MOVQ oW(SI), AX
	MOVQ pW, R8
	BEFORE(AX, R8, 1, BX, DX)
	NOTQ BX
	ANDQ AX, BX
	MOVQ BX, ws
	MOVQ (nB+oW)(SI), R8
	AT(AX, R8, 1, BX, DX)
	NOTQ BX
	ANDQ AX, BX
	MOVQ BX, we

	// Letters: doubled runs of digits (d2, d4) and letters (l2, l4).
	MOVQ oD(SI), R8
	MOVQ (nB+oD)(SI), R9
	AT(R8, R9, 1, AX, DX)     // d1
	MOVQ R8, BX
	ANDQ AX, BX               // d2
	MOVQ R9, DX
	SHRQ $1, DX
	ANDQ R9, DX               // nd2
	AT(BX, DX, 2, R10, R11)
	ANDQ BX, R10              // d4
	MOVQ DX, R11
	SHRQ $2, R11
	ANDQ DX, R11              // nd4
	AT(R10, R11, 1, R12, AX)
	AT(R10, R11, 4, R13, AX)
	ANDQ R13, R12             // passport: seven digits after
	AT(R10, R11, 5, R13, AX)  // four digits five bytes ahead
	MOVQ oL(SI), R10
	MOVQ (nB+oL)(SI), R11
	AT(R10, R11, 1, AX, DX)
	ANDQ R10, AX              // l2
	MOVQ R11, BX
	SHRQ $1, BX
	ANDQ R11, BX              // nl2
	AT(AX, BX, 2, DX, R14)
	ANDQ AX, DX               // l4
	ANDQ R13, DX
	AT(R10, R11, 4, AX, BX)
	ANDQ AX, DX
	AT(R10, R11, 9, AX, BX)
	ANDQ AX, DX               // pan
	MOVQ DX, pan
	// uc = u & (passport | u1 & (d2a | sep2&d3a | u2&d3a))
	AT(R8, R9, 2, AX, R14)    // d2a
	AT(R8, R9, 3, BX, R14)    // d3a
	MOVQ oSep(SI), R10
	MOVQ (nB+oSep)(SI), R11
	AT(R10, R11, 2, R13, R14)
	ANDQ BX, R13
	ORQ AX, R13
	MOVQ oU(SI), R10
	MOVQ (nB+oU)(SI), R11
	AT(R10, R11, 2, AX, R14)  // u2
	ANDQ BX, AX
	ORQ AX, R13
	AT(R10, R11, 1, BX, R14)  // u1
	ANDQ BX, R13
	ORQ R12, R13
	ANDQ R10, R13             // uc
	// lead = Lead & at(Next, 1) & at(Next2, 2)
	MOVQ oNext(SI), R10
	MOVQ (nB+oNext)(SI), R11
	AT(R10, R11, 1, AX, R14)
	MOVQ oNext2(SI), R10
	MOVQ (nB+oNext2)(SI), R11
	AT(R10, R11, 2, BX, R14)
	ANDQ BX, AX
	ANDQ oLead(SI), AX
	ORQ AX, R13
	ORQ DX, R13               // lead | pan | uc
	ANDQ oL(SI), R13
	ANDQ ws, R13
	MOVQ R13, xx

	// Numbers glued to a word, at the word's end. R8 d, R9 nd. The glue
	// bytes of the next block (glueEnds):
	MOVQ (nB+oL)(SI), R10
	MOVQ oL(SI), R11
	BEFORE(R10, R11, 1, AX, BX)
	MOVQ (nB+oD)(SI), BX
	ORQ (nB+oL)(SI), BX
	NOTQ BX
	ANDQ (nB+oW)(SI), BX
	ORQ BX, AX
	ANDQ (nB+oGlue)(SI), AX
	MOVQ glue, R10
	MOVQ AX, glue
	BEFORE(AX, R10, 1, R11, BX)
	MOVQ R11, AX
	ANDQ R9, AX               // run starts after a glue byte, next block
	MOVQ carry, DX
	MOVQ R9, BX
	BTQ $0, DX
	ADCQ AX, BX               // nd + starts + carry
	SBBQ DX, DX
	NEGQ DX
	MOVQ DX, carry
	MOVQ R9, R10
	NOTQ R10
	ANDQ BX, R10              // afterNext
	MOVQ after, R11
	AT(R11, R10, 1, AX, DX)   // runs ending here
	MOVQ R10, after
	MOVQ pD, DX
	BEFORE(R8, DX, 1, BX, R10)
	MOVQ R8, R11
	ANDQ BX, R11
	BEFORE(R8, DX, 2, BX, R10)
	ANDQ BX, R11
	BEFORE(R8, DX, 3, BX, R10)
	ANDQ BX, R11              // four digits
	MOVQ oSep(SI), BX
	ORQ oEsc(SI), BX
	MOVQ (nB+oSep)(SI), DX
	ORQ (nB+oEsc)(SI), DX
	AT(BX, DX, 1, R10, R12)   // a byte that may continue a number next
	ORQ R10, R11
	ANDQ R11, AX
	MOVQ pan, BX
	MOVQ panPrev, DX
	BEFORE(BX, DX, 9, R10, R12)
	ORQ R10, AX
	MOVQ BX, panPrev
	MOVQ oEsc(SI), BX
	MOVQ (nB+oEsc)(SI), DX
	AT(BX, DX, 1, R10, R12)
	ANDQ oGlue(SI), R10
	ORQ R10, AX
	ANDQ we, AX
	ORQ AX, xx

	// Trigger bytes. R8 d.
	MOVQ R8, R10              // dk
	MOVBLZX digitKeys+48(FP), AX
	TESTB AL, AL
	JNE triggers
	MOVQ R8, BX
	NOTQ BX
	ANDQ oW(SI), BX
	ORQ oL(SI), BX
	ORQ oTail(SI), BX         // a letter, '_', '-' or '.'
	MOVQ pD, DX
	NOTQ DX
	ANDQ pW, DX
	ORQ pL, DX
	ORQ pTail, DX
	BEFORE(BX, DX, 1, AX, R11)
	ANDQ AX, R10
triggers:
	MOVQ oL(SI), BX
	ORQ oQ(SI), BX
	ORQ R10, BX
	MOVQ pL, DX
	ORQ pQ, DX
	ORQ pD, DX
	BEFORE(BX, DX, 1, AX, R11)
	ANDQ oKV(SI), AX
	ORQ oDD(SI), AX
	ORQ oP1(SI), AX
	ORQ oP2(SI), AX
	ORQ oAny(SI), AX
	ORQ AX, xx

	// Words starting with a digit. R8 d, R9 nd.
	MOVQ oTail(SI), BX
	MOVQ pTail, DX
	BEFORE(BX, DX, 1, AX, R11)
	MOVQ pD, DX
	BEFORE(R8, DX, 2, BX, R11)
	ANDQ BX, AX
	NOTQ AX
	ANDQ R8, AX
	ANDQ ws, AX               // dw
	XORQ R13, R13             // dwx
	TESTQ AX, AX
	JZ store
	AT(R8, R9, 1, BX, R11)    // d1
	MOVQ oU(SI), R10
	MOVQ (nB+oU)(SI), R11
	AT(R10, R11, 2, DX, R12)  // u2
	ANDQ BX, DX
	ANDQ AX, DX               // gst
	ORQ DX, xx
	NOTQ DX
	ANDQ DX, AX               // dw &^ gst
	// run = (d | sep | esc) &^ (NP & d1 &^ (d2a & d3a))
	AT(R8, R9, 2, R10, R12)
	AT(R8, R9, 3, R11, R12)
	ANDQ R11, R10
	NOTQ R10
	ANDQ BX, R10
	ANDQ oNP(SI), R10
	NOTQ R10
	MOVQ R8, R12
	ORQ oSep(SI), R12
	ORQ oEsc(SI), R12
	ANDQ R10, R12             // run
	MOVQ R9, R10
	ORQ (nB+oSep)(SI), R10
	ORQ (nB+oEsc)(SI), R10    // nrun
	AT(R12, R10, 9, R14, R11) // run9
	AT(R12, R10, 10, BX, R11)
	MOVQ BX, we               // run10
	AT(R12, R10, 1, BX, R11)
	ANDQ R12, BX              // r2
	MOVQ R10, DX
	SHRQ $1, DX
	ANDQ R10, DX              // nr2
	AT(BX, DX, 2, R10, R11)
	ANDQ BX, R10              // r4
	MOVQ DX, R11
	SHRQ $2, R11
	ANDQ DX, R11              // nr4
	AT(R10, R11, 4, BX, R12)
	ANDQ R10, BX              // r8
	MOVQ R11, DX
	SHRQ $4, DX
	ANDQ R11, DX              // nr8
	AT(BX, DX, 1, R13, R12)
	ANDQ BX, R13              // r9
	// Runs of nine bytes but for d9, dates. R8 d, R9 nd.
	MOVQ R8, DX
	AT(R8, R9, 1, BX, R11)
	ANDQ BX, DX
	AT(R8, R9, 3, BX, R11)
	ANDQ BX, DX
	AT(R8, R9, 6, BX, R11)
	ANDQ BX, DX
	AT(R8, R9, 8, BX, R11)
	ANDQ BX, DX
	AT(R8, R9, 4, R10, R11)
	ANDQ R10, DX
	AT(R8, R9, 7, BX, R11)
	ANDQ BX, DX
	ORQ BX, R10               // d4 | d7
	AT(R8, R9, 2, BX, R11)
	ANDQ BX, DX
	AT(R8, R9, 5, R12, R11)
	ANDQ R12, DX              // d9
	ORQ BX, R12
	ANDQ R12, R10             // (d4 | d7) & (d2 | d5)
	MOVQ oEsc(SI), R12
	MOVQ (nB+oEsc)(SI), R11
	AT(R12, R11, 9, BX, R11)
	ORQ BX, R10
	ORQ we, R10
	NOTQ R10
	ANDQ R14, R10             // date
	ORQ DX, R14
	ANDQ R14, R13
	NOTQ R10
	ANDQ R10, R13             // r9 & (run9 | d9) &^ date
	// e9: an escape within nine bytes
	MOVQ oEsc(SI), R10
	MOVQ (nB+oEsc)(SI), R11
	AT(R10, R11, 1, BX, R12)
	ORQ R10, BX               // e2
	MOVQ R11, DX
	SHRQ $1, DX
	ORQ R11, DX               // ne2
	AT(BX, DX, 2, R14, R12)
	ORQ BX, R14               // e4
	MOVQ DX, R12
	SHRQ $2, R12
	ORQ DX, R12               // ne4
	AT(R14, R12, 4, BX, DX)
	ORQ BX, R14
	AT(R10, R11, 8, BX, DX)
	ORQ BX, R14               // e9
	ORQ R14, R13
	ANDQ AX, R13              // dwx

store:
	MOVQ dwx+40(FP), BX
	MOVQ R13, (BX)(DI*1)
	MOVQ xx, AX
	MOVQ cand+16(FP), BX
	MOVQ AX, (BX)(DI*1)
	MOVQ oW(SI), AX
	MOVQ AX, pW
	MOVQ R8, pD
	MOVQ oL(SI), AX
	MOVQ AX, pL
	MOVQ oQ(SI), AX
	MOVQ AX, pQ
	MOVQ oTail(SI), AX
	MOVQ AX, pTail
	ADDQ $nB, SI
	ADDQ $8, DI
	DECQ CX
	JMP loop

done:
	RET
