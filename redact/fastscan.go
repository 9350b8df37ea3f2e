// The candidate filter: which positions of a line the free-text scanner
// must visit.
//
// scanEvery (scan.go) visits every word start and every trigger byte, and
// asks each whether a detector may start there; most say no after a few
// branches, and those branches, mispredicted at every other byte, are most
// of the cost of a clean line. scanCandidates visits only the positions of
// a candidate mask computed 64 bytes at a time from the byte classes of
// classify.go, with shifts and ands in place of branches, and runs the
// same step there. A position left out is one where step would neither
// match nor skip, so both loops write the same output (FuzzScanCandidates
// checks it). The mask holds, as necessary conditions of every detector:
//
//   - a word starting with a digit, unless it continues a run ("-" or "."
//     after a digit before it: a UUID or decimal tail, as mayStart says),
//     whose run of digits and separators holds nine digits or more, or an
//     escape or non-ASCII byte (a non-ASCII digit or separator may go on),
//     or that reads as two digits and an uppercase letter (GSTIN, BH
//     vehicle registration);
//   - a word starting with a letter that reads as a PAN (five letters, four
//     digits, a letter), as an uppercase letter before a digit, two
//     uppercase letters before a digit (after a separator or not) or three
//     before a digit (passport, EPIC, driving licence, vehicle), or as one
//     of the two-letter prefixes of the token detectors (mLead, mNext: eyJ,
//     ewo, W3s, Wy, Bearer, Basic, iVBOR, JVBER, AAAA, UEsDB);
//   - the end of a word that holds a number glued to the word naming it
//     ("uid_234123412346": a run of digits after a gluedEnd byte up to the
//     end of the word, a PAN at the end, or a non-ASCII byte next);
//   - the trigger bytes of step whose next byte fits: "--", '/' or '+'
//     before a digit, '[' or '~' before an uppercase letter, '=' or ':'
//     after a letter, digit or quote, and every '@', '\', '%' and lead byte
//     of a non-ASCII digit.
//
// The opt-in IP detector starts at any number and colon; with it on, lines
// go through scanEvery.

package redact

import (
	"math/bits"
	"sync"
	"unsafe"
)

// smallBlocks is how many blocks of candidates an emitter holds in place;
// longer lines take a buffer from candPool.
const smallBlocks = 4

// classified is the candidate mask of a line, and where its quotes and
// backslashes are (for the JSON parser).
type classified struct {
	cand, q, bs []uint64
}

// candBuf is a pooled classification, and the masks it is computed from.
type candBuf struct {
	cand, q, bs, dwx []uint64
	m                []blockMasks
}

// candPool recycles the buffers of long lines.
var candPool = sync.Pool{New: func() any { return new(candBuf) }}

// candidatesOn: the candidate filter is used where the CPU classifies
// bytes fast (classifyGo, one byte at a time, is slower than scanEvery).
// Tests turn it on everywhere.
var candidatesOn = hasAVX2

// maxPooledBlocks: larger buffers are not kept in candPool (about 1 MiB of
// masks).
const maxPooledBlocks = 8192

// classified computes the classification of e.src on first use, and
// reports whether there is one (false when the line is scanned at every
// position). It is in e (short lines) or e.pooled; candidates returns its
// candidate mask. (It returns no slices: three of them are returned and
// passed on the stack, a cost per JSON string.)
func (e *emitter) classified() bool {
	switch e.clsState {
	case clsDone:
		return true
	case clsNone:
		return false
	}
	if !candidatesOn || e.r.scanAll || e.r.modes[IP] != Off {
		e.clsState = clsNone
		return false
	}
	nb := (len(e.src) + 63) / 64
	if nb <= 2 {
		// Most lines: Go zeroes the masks' room first, so the less of it
		// the better.
		var m [3]blockMasks
		var dwx [2]uint64
		c := classified{cand: e.smallCand[:nb], q: e.smallQ[:nb], bs: e.smallBS[:nb]}
		c.compute(e.src, m[:nb+1], dwx[:nb], e.r.digitKeys)
	} else if nb <= smallBlocks {
		var m [smallBlocks + 1]blockMasks
		var dwx [smallBlocks]uint64
		c := classified{cand: e.smallCand[:nb], q: e.smallQ[:nb], bs: e.smallBS[:nb]}
		c.compute(e.src, m[:nb+1], dwx[:nb], e.r.digitKeys)
	} else {
		p := candPool.Get().(*candBuf)
		if cap(p.cand) < nb {
			p.cand = make([]uint64, nb)
			p.q = make([]uint64, nb)
			p.bs = make([]uint64, nb)
			p.dwx = make([]uint64, nb)
			p.m = make([]blockMasks, nb+1)
		}
		e.pooled = p
		c := classified{cand: p.cand[:nb], q: p.q[:nb], bs: p.bs[:nb]}
		c.compute(e.src, p.m[:nb+1], p.dwx[:nb], e.r.digitKeys)
	}
	e.clsState = clsDone
	return true
}

// candidates returns the candidate mask of a classified line, a word per
// block.
func (e *emitter) candidates() []uint64 {
	nb := (len(e.src) + 63) / 64
	if p := e.pooled; p != nil {
		return p.cand[:nb]
	}
	return e.smallCand[:nb]
}

// release gives a pooled candidate mask back.
func (e *emitter) release() {
	if p := e.pooled; p != nil {
		e.pooled = nil
		e.clsState = clsTodo
		if cap(p.cand) <= maxPooledBlocks {
			candPool.Put(p)
		}
	}
}

// classifyPadded writes the masks of the blocks of src to out: every block
// with one byte after it straight from src, the last one from a copy with
// zeros after it, so that no read goes past src.
func classifyPadded(src []byte, out []blockMasks) {
	if len(out) == 0 {
		return
	}
	full := len(out) - 1
	if full > 0 {
		classifyBlocks(src[:full*64+1], out[:full])
	}
	var tail [128]byte
	copy(tail[:], src[full*64:])
	classifyBlocks(tail[:], out[full:])
}

// at returns the bits of x (block b) and xn (block b+1) as seen k bytes
// ahead: bit i is set when position i+k is in the class.
func at(x, xn uint64, k uint) uint64 { return x>>k | xn<<(64-k) }

// before returns the bits of x (block b) and xp (block b-1) as seen k
// bytes back: bit i is set when position i-k is in the class.
func before(x, xp uint64, k uint) uint64 { return x<<k | xp>>(64-k) }

// compute classifies src into c (one word per block), with m (one block
// more) as the masks' room and dwx (one word per block) as scratch.
// digitKeys is Redactor.digitKeys: a key may end in a digit.
func (c classified) compute(src []byte, m []blockMasks, dwx []uint64, digitKeys bool) {
	n := len(c.cand)
	classifyLine(src, m[:n])
	m[n] = blockMasks{}
	m = m[:n+1]
	dwx = dwx[:n]
	after0, carry0 := startRuns(&m[0])
	candBlocks(&m[0], n, &c.cand[0], &c.q[0], &c.bs[0], &dwx[0], digitKeys, after0, carry0)
	for b, x := range dwx {
		if x != 0 {
			c.cand[b] |= exactRuns(m, b, x)
		}
	}
}

// startRuns returns the state candBlocks starts a line with: after0, the
// bit after each run of digits in block 0 that starts right after a glue
// byte (glueEnds), found by adding the run starts to the digits (the carry
// runs through the digits and lands after them), and carry0, the carry
// out of block 0.
func startRuns(m0 *blockMasks) (after0, carry0 uint64) {
	after0, carry0 = bits.Add64(m0[mD], m0[mD]&(glueEnds(m0, 0)<<1), 0)
	return after0 &^ m0[mD], carry0
}

// candBlocksGo computes the candidates of the n blocks of masks at m (and
// a block of zeros after them) into cand, but for the words starting with
// a digit that need their run counted (dwx, see exactRuns), and copies
// the quote and backslash masks to q and bs. after0 and carry0 start the
// runs of digits glued to a word (see compute). It is the reference of
// candBlocks: AVX-512 (cand_avx512_amd64.s) or scalar (cand_amd64.s)
// assembly, chosen at run time (classify_amd64.go).
func candBlocksGo(m0 *blockMasks, n int, cand0, q0, bs0, dwx0 *uint64, digitKeys bool, after0, carry0 uint64) {
	m := unsafe.Slice(m0, n+1)
	cand, q, bs, dwx := unsafe.Slice(cand0, n), unsafe.Slice(q0, n), unsafe.Slice(bs0, n), unsafe.Slice(dwx0, n)
	var zero blockMasks
	prev := &zero      // block -1: nothing
	var panPrev uint64 // PAN shapes of block b-1
	after, carry := after0, carry0
	glue := glueEnds(&m[0], 0)
	for b := 0; b < n; b++ {
		cur, nxt := &m[b], &m[b+1]
		q[b], bs[b] = cur[mQ], cur[mBS]
		glueNext := glueEnds(nxt, cur[mL])
		sum, cy := bits.Add64(nxt[mD], nxt[mD]&before(glueNext, glue, 1), carry)
		carry = cy
		afterNext := sum &^ nxt[mD]
		glue = glueNext

		w, d, l := cur[mW], cur[mD], cur[mL]
		nd, nl := nxt[mD], nxt[mL]
		ws := w &^ before(w, prev[mW], 1)

		// Runs of digits and letters ahead, by doubling: dk has bit i
		// set when positions i..i+k-1 are digits (within the next block,
		// the runs are cut at its end: the bits they feed are low).
		d1 := at(d, nd, 1)
		d2, nd2 := d&d1, nd&(nd>>1)
		d4, nd4 := d2&at(d2, nd2, 2), nd2&(nd2>>2)
		l2, nl2 := l&at(l, nl, 1), nl&(nl>>1)
		l4 := l2 & at(l2, nl2, 2)

		// Letters: PAN (five letters, four digits, a letter), passport
		// (a letter, seven digits), EPIC (three uppercase letters, a
		// digit), state code (two, then a digit after a separator or
		// not), the prefixes of word().
		pan := l4 & at(l, nl, 4) & at(d4, nd4, 5) & at(l, nl, 9)
		u := cur[mU]
		u1, u2 := at(u, nxt[mU], 1), at(u, nxt[mU], 2)
		d2a, d3a := at(d, nd, 2), at(d, nd, 3)
		uc := u & (at(d4, nd4, 1)&at(d4, nd4, 4) | u1&(d2a|at(cur[mSep], nxt[mSep], 2)&d3a|u2&d3a))
		lead := cur[mLead] & at(cur[mNext], nxt[mNext], 1) & at(cur[mNext2], nxt[mNext2], 2)
		x := ws & l & (lead | pan | uc)

		// Numbers glued to a word, at the word's end: a run of digits
		// after a glue byte, four digits long or followed by a byte that
		// may continue it (gluedTail); a PAN; a non-ASCII byte after a
		// mGlue byte.
		we := w &^ at(w, nxt[mW], 1)
		four := d & before(d, prev[mD], 1) & before(d, prev[mD], 2) & before(d, prev[mD], 3)
		esc, nesc := cur[mEsc], nxt[mEsc]
		x |= we & (at(after, afterNext, 1)&(four|at(cur[mSep]|esc, nxt[mSep]|nesc, 1)) |
			before(pan, panPrev, 9) | at(esc, nesc, 1)&cur[mGlue])

		// Trigger bytes: those of mDD, mP1, mP2, mAny, and '=' or ':'
		// after a letter or quote, or after a digit that follows a
		// letter, '_' or '-' (or any digit when a key ends in one).
		dk := d
		if !digitKeys {
			lu := l | (w &^ d) | cur[mTail]
			luPrev := prev[mL] | (prev[mW] &^ prev[mD]) | prev[mTail]
			dk &= before(lu, luPrev, 1)
		}
		x |= cur[mKV]&before(l|cur[mQ]|dk, prev[mL]|prev[mQ]|prev[mD], 1) | cur[mDD] | cur[mP1] | cur[mP2] | cur[mAny]

		// Words starting with a digit: two digits and an uppercase letter
		// (GSTIN, BH), or nine digits in the run (mayStart). Most are
		// rejected as the tail of a run first ('-' or '.' after a digit),
		// then as a run shorter than nine bytes without an escape or
		// non-ASCII byte in it, or of nine or ten bytes with too few
		// digits (below); exactRuns counts the others.
		dw := ws & d &^ (before(cur[mTail], prev[mTail], 1) & before(d, prev[mD], 2))
		var y uint64
		if dw != 0 {
			gst := dw & d1 & u2
			x |= gst
			run := candRun(cur, nxt)
			nrun := nd | nxt[mSep] | nesc
			r2, nr2 := run&at(run, nrun, 1), nrun&(nrun>>1)
			r4, nr4 := r2&at(r2, nr2, 2), nr2&(nr2>>2)
			r8, nr8 := r4&at(r4, nr4, 4), nr4&(nr4>>4)
			r9 := r8 & at(r8, nr8, 1)
			e2, ne2 := esc|at(esc, nesc, 1), nesc|nesc>>1
			e4, ne4 := e2|at(e2, ne2, 2), ne2|ne2>>2
			e9 := e4 | at(e4, ne4, 4) | at(esc, nesc, 8) // an escape within nine bytes
			// A run of nine bytes without an escape holds nine digits
			// only if all are digits: not a status and size ("200 5120
			// "). A run of ten, only if nine are: not a date ("2026-06-17"
			// before a 'T', a quote, a comma; "17-06-2026"). Timestamps
			// are most of the runs exactRuns would count in a log line.
			d9 := d4 & at(d4, nd4, 4) & at(d, nd, 8)
			run9, run10 := at(run, nrun, 9), at(run, nrun, 10)
			date := run9 &^ (run10 | at(esc, nesc, 9)) &^ ((at(d, nd, 4) | at(d, nd, 7)) & (d2a | at(d, nd, 5)))
			y = dw & (r9&^(date|^(run9|d9)) | e9) &^ gst
		}
		cand[b], dwx[b] = x, y
		prev = cur
		panPrev = pan
		after = afterNext
	}
}

// glueEnds returns the bytes of block mb that may end the word a number
// is glued to (gluedPrefix): '_', or a mGlue letter after a letter (every
// keyword has two letters or more). pl is the letters of the block
// before.
func glueEnds(mb *blockMasks, pl uint64) uint64 {
	return mb[mGlue] & (before(mb[mL], pl, 1) | mb[mW]&^(mb[mD]|mb[mL]))
}

// candRun returns the bytes of block cur that a run of digits goes
// through: digits, separators, escapes and non-ASCII bytes, but not a
// separator that is not plain before a group of one or two digits (a
// time, a date, an address).
func candRun(cur, nxt *blockMasks) uint64 {
	d, nd := cur[mD], nxt[mD]
	// The shifts of at written out: so candRun fits the inliner's budget.
	d1, d2, d3 := d>>1|nd<<63, d>>2|nd<<62, d>>3|nd<<61
	return (d | cur[mSep] | cur[mEsc]) &^ (cur[mNP] & d1 &^ (d2 & d3))
}

// exactRuns returns which of the words starting with a digit in dwx
// (block b of m) have nine digits in their run, or an escape or
// non-ASCII byte.
func exactRuns(m []blockMasks, b int, dwx uint64) (x uint64) {
	cur := &m[b]
	run := candRun(cur, &m[b+1])
	d, esc := cur[mD], cur[mEsc]
	for y := dwx; y != 0; y &= y - 1 {
		k := uint(bits.TrailingZeros64(y))
		if stop := ^run >> k; stop != 0 {
			span := (uint64(1)<<uint(bits.TrailingZeros64(stop)) - 1) << k
			if esc&span != 0 || bits.OnesCount64(d&span) >= 9 {
				x |= y & -y
			}
		} else if longRun(m, b*64+int(k)) {
			x |= y & -y
		}
	}
	return x
}

// longRun reports whether the run of digits, separators, escapes and
// non-ASCII bytes that starts at position p (as candidates cuts it) holds
// nine digits or more, or an escape or non-ASCII byte (which readNumber
// may read as a digit or separator), or goes on to the end of the line. m
// holds one block of zeros after the line.
func longRun(m []blockMasks, p int) bool {
	n := 0
	b, k := p>>6, uint(p&63)
	for ; b+1 < len(m); b, k = b+1, 0 {
		cur := &m[b]
		d, run := cur[mD], candRun(cur, &m[b+1])
		stop := ^run >> k
		span := ^uint64(0) << k
		if stop != 0 {
			span = (uint64(1)<<uint(bits.TrailingZeros64(stop)) - 1) << k
		}
		if cur[mEsc]&span != 0 {
			return true
		}
		n += bits.OnesCount64(d & span)
		if stop != 0 {
			break
		}
	}
	return n >= 9
}

// anyCandidate reports whether a candidate lies in [a, b) of a classified
// line.
func (e *emitter) anyCandidate(a, b int) bool {
	if a >= b {
		return false
	}
	cand := e.candidates()
	k, last := a>>6, (b-1)>>6
	x := cand[k] & (^uint64(0) << uint(a&63))
	for k < last {
		if x != 0 {
			return true
		}
		k++
		x = cand[k]
	}
	return x&(^uint64(0)>>uint(63-(b-1)&63)) != 0
}

// nextCand returns the first candidate position of cand in [i, end), or
// end.
func nextCand(cand []uint64, i, end int) int {
	b := i >> 6
	x := cand[b] & (^uint64(0) << uint(i&63))
	for x == 0 {
		b++
		if b*64 >= end {
			return end
		}
		x = cand[b]
	}
	return min(b*64+bits.TrailingZeros64(x), end)
}

// scanCandidates is scanText over the candidate positions of a classified
// line.
func (r *Redactor) scanCandidates(e *emitter, lo, hi, end int) {
	s := e.src
	cand := e.candidates()
	i := lo
	for i < end {
		// After a match or a skip that ends inside a word (and at the
		// start of a unit inside a word), scanEvery takes the rest of the
		// word as a word of its own: so does this loop.
		if i > lo && isWord(s[i]) && isWord(s[i-1]) || i == lo && lo > 0 && isWord(s[lo]) && isWord(s[lo-1]) {
			i = r.step(e, lo, hi, i)
			continue
		}
		p := nextCand(cand, i, end)
		if p >= end {
			return
		}
		if p > lo && isWord(s[p]) && isWord(s[p-1]) {
			// The end of a word that may hold a glued number: the
			// word's start is where step looks.
			a := p
			for a > i && isWord(s[a-1]) {
				a--
			}
			if isDigit(s[a]) {
				i = p + 1 // a word starting with a digit holds no glued number
				continue
			}
			p = a
		}
		i = r.step(e, lo, hi, p)
	}
}
