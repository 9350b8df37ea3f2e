//go:build amd64 && !purego

#include "textflag.h"

// candBlocksAVX512 is candBlocks (cand_amd64.s) with the masks of a block
// in the low quadword of XMM registers: AVX-512 VBMI2's double shifts
// (VPSHRDQ, VPSHLDQ) take a mask and the one of the block after (before)
// it in one instruction, VPTERNLOGQ folds two ands or ors into one, and
// masks of memory are read as broadcast operands. The runs of nine bytes
// (digits, escapes) are and-ed (or-ed) over their nine shifts rather
// than by doubling: the same bits, as the shifts read the block after
// (zeros past it). The runs of digits glued to a word, one addition with
// carry across the line, stay in general registers.

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

// VPTERNLOGQ truth tables, A the destination, B and C the sources
// (VPTERNLOGQ $t, C, B, A).
#define AND3 $0x80
#define OR3 $0xFE
#define COR_AB $0xEA // C | A&B
#define AOR_BC $0xF8 // A | B&C
#define AAND_BORC $0xE0 // A & (B|C)
#define CAND_AORB $0xA8 // C & (A|B)
#define CANDN_AB $0x2A // C &^ (A&B)
#define ABANDN_C $0x40 // A & B &^ C

// Registers. General: SI the masks of block b, CX blocks left, DI 8*b,
// R8 glue (the glue bytes of block b), R9 carry, R10 after.
// Vector, block b: X0 w, X1 d, X2 l, X3 u, X4 sep, X5 esc, X16 tail;
// block b+1: X6 nd, X7 nl, X8 nesc. X9 the runs of glued digits ending
// here, X10 ws, X11 we, X12 d1, X13 d2a, X14 d3a, X15 u2, X17 before(d,
// 2), X18 pan, X19 dw then dwx, X27 the candidates. From block b-1: X20
// w, X21 d, X22 tail, X23 pan, X24 lu, X25 l|q|d. X26: all ones when a
// key may end in a digit. X28-X31: scratch (X9-X12, X15, X17 too, once
// used).

// func candBlocksAVX512(m *blockMasks, n int, cand, q, bs, dwx *uint64, digitKeys bool, after0, carry0 uint64)
TEXT ·candBlocksAVX512(SB), NOSPLIT, $0-72
	MOVQ m+0(FP), SI
	MOVQ n+8(FP), CX
	XORQ DI, DI
	VPXORQ X20, X20, X20
	VPXORQ X21, X21, X21
	VPXORQ X22, X22, X22
	VPXORQ X23, X23, X23
	VPXORQ X24, X24, X24
	VPXORQ X25, X25, X25
	MOVBLZX digitKeys+48(FP), AX
	NEGQ AX
	VMOVQ AX, X26
	MOVQ after0+56(FP), R10
	MOVQ carry0+64(FP), R9
	// glue: the glue bytes of block 0 (glueEnds).
	MOVQ oL(SI), AX
	SHLQ $1, AX
	MOVQ oD(SI), BX
	ORQ oL(SI), BX
	NOTQ BX
	ANDQ oW(SI), BX
	ORQ BX, AX
	ANDQ oGlue(SI), AX
	MOVQ AX, R8

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

	// Runs of digits after a glue byte: the glue bytes of the next block
	// (glueEnds), the run starts, the addition that carries through them.
	MOVQ (nB+oL)(SI), AX
	SHLQ $1, AX
	MOVQ oL(SI), BX
	SHRQ $63, BX
	ORQ BX, AX                // before(nl, l, 1)
	MOVQ (nB+oD)(SI), BX
	ORQ (nB+oL)(SI), BX
	NOTQ BX
	ANDQ (nB+oW)(SI), BX
	ORQ BX, AX
	ANDQ (nB+oGlue)(SI), AX   // glueNext
	MOVQ AX, BX
	SHLQ $1, BX
	SHRQ $63, R8
	ORQ R8, BX                // before(glueNext, glue, 1)
	MOVQ AX, R8
	MOVQ (nB+oD)(SI), DX
	ANDQ DX, BX               // run starts
	BTQ $0, R9
	ADCQ DX, BX               // nd + starts + carry
	SBBQ R9, R9
	NEGQ R9
	NOTQ DX
	ANDQ BX, DX               // afterNext
	MOVQ R10, AX
	SHRQ $1, AX
	MOVQ DX, BX
	SHLQ $63, BX
	ORQ BX, AX                // at(after, afterNext, 1): runs ending here
	MOVQ DX, R10
	VMOVQ AX, X9

	VMOVQ oW(SI), X0
	VMOVQ oD(SI), X1
	VMOVQ oL(SI), X2
	VMOVQ oU(SI), X3
	VMOVQ oSep(SI), X4
	VMOVQ oEsc(SI), X5
	VMOVQ oTail(SI), X16
	VMOVQ (nB+oD)(SI), X6
	VMOVQ (nB+oL)(SI), X7
	VMOVQ (nB+oEsc)(SI), X8

	// Word starts and ends.
	VPSHLDQ $1, X20, X0, X10
	VPANDNQ X0, X10, X10      // ws
	VPSHRDQ.BCST $1, (nB+oW)(SI), X0, X11
	VPANDNQ X0, X11, X11      // we

	// Digits ahead.
	VPSHRDQ $1, X6, X1, X12   // d1
	VPSHRDQ $2, X6, X1, X13   // d2a
	VPSHRDQ $3, X6, X1, X14   // d3a
	VPSHRDQ $5, X6, X1, X28
	VPSHRDQ $6, X6, X1, X29
	VPSHRDQ $7, X6, X1, X30
	VPTERNLOGQ AND3, X30, X29, X28 // digits at 5, 6, 7
	VPSHRDQ $8, X6, X1, X29
	VPSHRDQ $4, X6, X1, X30
	VMOVDQA64 X12, X31
	VPTERNLOGQ AND3, X14, X13, X31
	VPTERNLOGQ AND3, X30, X28, X31 // d17: digits at 1 to 7
	VPANDQ X29, X28, X18      // digits at 5 to 8

	// PAN: letters at 0 to 4 and 9, digits at 5 to 8.
	VPSHRDQ $1, X7, X2, X29
	VPSHRDQ $2, X7, X2, X30
	VPTERNLOGQ AND3, X30, X29, X18
	VPSHRDQ $3, X7, X2, X29
	VPSHRDQ $4, X7, X2, X30
	VPTERNLOGQ AND3, X30, X29, X18
	VPSHRDQ $9, X7, X2, X29
	VPTERNLOGQ AND3, X29, X2, X18 // pan

	// uc = u & (d17 | u1 & (d2a | d3a & (sep2 | u2)))
	VPSHRDQ.BCST $1, (nB+oU)(SI), X3, X28 // u1
	VPSHRDQ.BCST $2, (nB+oU)(SI), X3, X15 // u2
	VPSHRDQ.BCST $2, (nB+oSep)(SI), X4, X29
	VPORQ X15, X29, X29
	VPTERNLOGQ COR_AB, X13, X14, X29
	VPTERNLOGQ COR_AB, X31, X29, X28
	VPANDQ X3, X28, X28       // uc

	// lead = Lead & at(Next, 1) & at(Next2, 2)
	VMOVQ oNext(SI), X27
	VPSHRDQ.BCST $1, (nB+oNext)(SI), X27, X27
	VMOVQ oNext2(SI), X29
	VPSHRDQ.BCST $2, (nB+oNext2)(SI), X29, X29
	VPTERNLOGQ.BCST AND3, oLead(SI), X29, X27
	VPTERNLOGQ OR3, X18, X28, X27 // lead | uc | pan
	VPTERNLOGQ AND3, X2, X10, X27 // at a word start, a letter

	// Numbers glued to a word, at the word's end.
	VPSHLDQ $1, X21, X1, X28
	VPSHLDQ $2, X21, X1, X17
	VPSHLDQ $3, X21, X1, X29
	VPTERNLOGQ AND3, X1, X17, X28
	VPANDQ X29, X28, X28      // four digits
	VPSHRDQ.BCST $1, (nB+oSep)(SI), X4, X29
	VPSHRDQ $1, X8, X5, X30   // e1
	VPTERNLOGQ OR3, X30, X29, X28
	VPANDQ X9, X28, X28
	VPSHLDQ $9, X23, X18, X29 // a PAN ending here
	VPANDQ.BCST oGlue(SI), X30, X30
	VPTERNLOGQ OR3, X30, X29, X28
	VPTERNLOGQ AOR_BC, X28, X11, X27

	// Trigger bytes.
	VPANDNQ X0, X1, X28
	VPTERNLOGQ OR3, X16, X2, X28 // lu: a letter, '_', '-' or '.'
	VPSHLDQ $1, X24, X28, X29
	VMOVDQA64 X28, X24
	VPTERNLOGQ CAND_AORB, X1, X26, X29 // dk
	VPTERNLOGQ.BCST OR3, oQ(SI), X2, X29
	VPSHLDQ $1, X25, X29, X30
	VMOVDQA64 X1, X25
	VPTERNLOGQ.BCST OR3, oQ(SI), X2, X25
	VPANDQ.BCST oKV(SI), X30, X30
	VPTERNLOGQ.BCST OR3, oDD(SI), X30, X27
	VMOVQ oP1(SI), X30
	VPTERNLOGQ.BCST OR3, oP2(SI), X30, X27
	VPORQ.BCST oAny(SI), X27, X27

	// Words starting with a digit.
	VPSHLDQ $1, X22, X16, X19
	VPANDQ X1, X10, X29
	VPTERNLOGQ CANDN_AB, X29, X17, X19 // dw
	VMOVQ X19, AX
	TESTQ AX, AX
	JZ store
	VMOVDQA64 X19, X28
	VPTERNLOGQ AND3, X15, X12, X28 // gst
	VPORQ X28, X27, X27
	VPANDNQ X19, X28, X19     // dw &^ gst
	// run = (d | sep | esc) &^ (NP & d1 &^ (d2a & d3a))
	VPANDQ X14, X13, X29
	VMOVQ oNP(SI), X30
	VPTERNLOGQ ABANDN_C, X29, X12, X30
	VMOVDQA64 X1, X31
	VPTERNLOGQ OR3, X5, X4, X31
	VPANDNQ X31, X30, X31     // run
	VMOVDQA64 X6, X29
	VPTERNLOGQ.BCST OR3, (nB+oSep)(SI), X8, X29 // nrun
	VPSHRDQ $1, X29, X31, X28
	VPSHRDQ $2, X29, X31, X30
	VPTERNLOGQ AND3, X30, X31, X28
	VPSHRDQ $3, X29, X31, X30
	VPSHRDQ $4, X29, X31, X12
	VPTERNLOGQ AND3, X30, X12, X28
	VPSHRDQ $5, X29, X31, X30
	VPSHRDQ $6, X29, X31, X12
	VPTERNLOGQ AND3, X30, X12, X28
	VPSHRDQ $7, X29, X31, X30
	VPSHRDQ $8, X29, X31, X12
	VPTERNLOGQ AND3, X30, X12, X28 // r9
	// d9: digits at 0 to 8 (X13, X14: d2a, d3a).
	VPSHRDQ $4, X6, X1, X9
	VPSHRDQ $7, X6, X1, X10
	VPSHRDQ $5, X6, X1, X11
	VPSHRDQ $1, X6, X1, X12
	VPTERNLOGQ AND3, X14, X13, X12
	VPTERNLOGQ AND3, X11, X10, X12
	VPTERNLOGQ AND3, X9, X1, X12
	VPSHRDQ $6, X6, X1, X15
	VPSHRDQ $8, X6, X1, X17
	VPTERNLOGQ AND3, X17, X15, X12 // d9
	// Dates: run9 &^ (run10 | esc9 | (d4 | d7) & (d2 | d5)).
	VPORQ X10, X9, X9
	VPTERNLOGQ AAND_BORC, X11, X13, X9
	VPSHRDQ $9, X29, X31, X10 // run9
	VPSHRDQ $10, X29, X31, X11
	VPSHRDQ $9, X8, X5, X15
	VPTERNLOGQ OR3, X15, X9, X11
	VPANDNQ X10, X11, X11     // date
	VPORQ X12, X10, X10       // run9 | d9
	VPTERNLOGQ ABANDN_C, X11, X10, X28 // r9 & (run9 | d9) &^ date
	// e9: an escape within nine bytes
	VPSHRDQ $1, X8, X5, X13
	VPSHRDQ $2, X8, X5, X14
	VPTERNLOGQ OR3, X14, X5, X13
	VPSHRDQ $3, X8, X5, X14
	VPSHRDQ $4, X8, X5, X30
	VPTERNLOGQ OR3, X14, X30, X13
	VPSHRDQ $5, X8, X5, X14
	VPSHRDQ $6, X8, X5, X30
	VPTERNLOGQ OR3, X14, X30, X13
	VPSHRDQ $7, X8, X5, X14
	VPSHRDQ $8, X8, X5, X30
	VPTERNLOGQ OR3, X14, X30, X13
	VPTERNLOGQ AAND_BORC, X13, X28, X19 // dwx

store:
	MOVQ dwx+40(FP), BX
	VMOVQ X19, (BX)(DI*1)
	MOVQ cand+16(FP), BX
	VMOVQ X27, (BX)(DI*1)
	VMOVDQA64 X0, X20
	VMOVDQA64 X1, X21
	VMOVDQA64 X16, X22
	VMOVDQA64 X18, X23
	ADDQ $nB, SI
	ADDQ $8, DI
	DECQ CX
	JMP loop

done:
	VZEROUPPER
	RET
