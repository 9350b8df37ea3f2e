package redact

import (
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/kyckit/kyckit/internal/redactcorpus"
)

// checkClassify compares every classifier the CPU runs (AVX-512, AVX2)
// with classifyGo, the reference, over src.
func checkClassify(t *testing.T, src []byte) {
	t.Helper()
	n := (len(src) - 1) / 64
	want := make([]blockMasks, n)
	classifyGo(src[:64*n+1], want)
	defer func(c int) { classifier = c }(classifier)
	for _, c := range classifiers() {
		classifier = c
		got := make([]blockMasks, n)
		classifyBlocks(src, got)
		for b := range want {
			for m := 0; m < nMasks; m++ {
				if got[b][m] != want[b][m] {
					t.Fatalf("classifier %d, block %d mask %d: got %064b\n                 want %064b\nsrc %q", c, b, m, got[b][m], want[b][m], src[64*b:64*b+64])
				}
			}
		}
	}
}

// TestClassifyMatchesGo: every byte value at every position of a block,
// and random blocks, give the masks of the reference.
func TestClassifyMatchesGo(t *testing.T) {
	t.Logf("classifiers: %v", classifiers())
	src := make([]byte, 64*256+1)
	for c := 0; c < 256; c++ {
		for k := 0; k < 64; k++ {
			src[64*c+k] = byte(c + k*37)
		}
	}
	checkClassify(t, src)
	rnd := rand.New(rand.NewPCG(1, 2))
	for i := range src {
		src[i] = byte(rnd.IntN(256))
	}
	checkClassify(t, src)
}

// FuzzClassify compares the classifiers on any input.
func FuzzClassify(f *testing.F) {
	f.Add([]byte(`{"uid":"2341 2341 2346","e":"a@b.in"} eyJ Bearer ~WyJ \u00a0 %20 ₹ ２३`))
	f.Fuzz(func(t *testing.T, in []byte) {
		if len(in) < 65 {
			in = append(in, make([]byte, 65-len(in))...)
		}
		checkClassify(t, in)
	})
}

// TestClassBitsSets pins the byte sets of the masks the assembly encodes
// as nibble tables (mLead, mNext, mGlue) to the tables of scan.go they
// stand for: gluedEnd's letters and '_' are in mGlue, the prefixes of
// word() start with an mLead byte followed by an mNext byte.
func TestClassBitsSets(t *testing.T) {
	for c := 0; c < 256; c++ {
		if gluedEnd[c] && isWord(byte(c)) && classBits[c]&(1<<mGlue) == 0 {
			t.Errorf("gluedEnd %q not in mGlue", c)
		}
	}
	prefixes := []string{"eyJ", "eyI", "eyA", "ewo", "W3s", "WyI", "WyJ", "WyK", "WyL", "iVB", "JVB", "AAA", "UEs"}
	for _, p := range []string{"bearer", "basic"} {
		for m := 0; m < 8; m++ { // every case of the first three letters
			q := []byte(p[:3])
			for k := range q {
				if m>>k&1 == 1 {
					q[k] -= 'a' - 'A'
				}
			}
			prefixes = append(prefixes, string(q))
		}
	}
	for _, p := range prefixes {
		if classBits[p[0]]&(1<<mLead) == 0 || classBits[p[1]]&(1<<mNext) == 0 || classBits[p[2]]&(1<<mNext2) == 0 {
			t.Errorf("prefix %q not covered by mLead, mNext, mNext2", p)
		}
	}
}

// checkCandBlocks compares every candBlocks the CPU runs (AVX-512, scalar
// assembly) with candBlocksGo over the masks m (len(m)-1 blocks and one more).
func checkCandBlocks(t *testing.T, m []blockMasks, digitKeys bool, after0, carry0 uint64) {
	t.Helper()
	n := len(m) - 1
	var got, want [4][]uint64
	for k := range got {
		got[k], want[k] = make([]uint64, n), make([]uint64, n)
	}
	candBlocksGo(&m[0], n, &want[0][0], &want[1][0], &want[2][0], &want[3][0], digitKeys, after0, carry0)
	defer func(c int) { candImpl = c }(candImpl)
	for _, c := range candImpls() {
		candImpl = c
		candBlocks(&m[0], n, &got[0][0], &got[1][0], &got[2][0], &got[3][0], digitKeys, after0, carry0)
		for k, name := range []string{"cand", "q", "bs", "dwx"} {
			for b := 0; b < n; b++ {
				if got[k][b] != want[k][b] {
					t.Fatalf("candBlocks %d: %s[%d] (digitKeys %v): got %064b\n                 want %064b", c, name, b, digitKeys, got[k][b], want[k][b])
				}
			}
		}
	}
}

// checkCompute compares classified.compute, the whole classification of a
// line as each classifier and candBlocks the CPU runs, with the
// references: the masks of classifyGo and the candidates of candBlocksGo
// and exactRuns. It checks the masks m it leaves (exactRuns reads them),
// that block n is zeros, and that nothing is written past m, cand, q, bs
// or dwx.
func checkCompute(t *testing.T, src []byte, digitKeys bool) {
	t.Helper()
	n := (len(src) + 63) / 64
	const guard = 0x5a5a5a5a5a5a5a5a
	wantM := make([]blockMasks, n+1)
	classifyGo(src, wantM[:n])
	var want [4][]uint64
	for k := range want {
		want[k] = make([]uint64, n)
	}
	after0, carry0 := startRuns(&wantM[0])
	candBlocksGo(&wantM[0], n, &want[0][0], &want[1][0], &want[2][0], &want[3][0], digitKeys, after0, carry0)
	for b, x := range want[3] {
		if x != 0 {
			want[0][b] |= exactRuns(wantM, b, x)
		}
	}
	defer func(cl, ci int) { classifier, candImpl = cl, ci }(classifier, candImpl)
	for _, cl := range classifiers() {
		for _, ci := range candImpls() {
			classifier, candImpl = cl, ci
			m := make([]blockMasks, n+2)
			for b := range m {
				for k := range m[b] {
					m[b][k] = guard
				}
			}
			var got [4][]uint64
			for k := range got {
				got[k] = make([]uint64, n+1)
				got[k][n] = guard
			}
			c := classified{cand: got[0][:n], q: got[1][:n], bs: got[2][:n]}
			c.compute(src, m[:n+1], got[3][:n], digitKeys)
			for b := 0; b <= n; b++ {
				if m[b] != wantM[b] {
					t.Fatalf("classifier %d, candBlocks %d, %d bytes: masks of block %d: got %x, want %x", cl, ci, len(src), b, m[b], wantM[b])
				}
			}
			if m[n+1][0] != guard || m[n+1][nMasks-1] != guard {
				t.Fatalf("classifier %d, candBlocks %d, %d bytes: masks written past block n", cl, ci, len(src))
			}
			for k, name := range []string{"cand", "q", "bs"} {
				for b := 0; b < n; b++ {
					if got[k][b] != want[k][b] {
						t.Fatalf("classifier %d, candBlocks %d, %d bytes: %s[%d] (digitKeys %v): got %064b\n                 want %064b\nsrc %q", cl, ci, len(src), name, b, digitKeys, got[k][b], want[k][b], src)
					}
				}
			}
			for k, name := range []string{"cand", "q", "bs", "dwx"} {
				if got[k][n] != guard {
					t.Fatalf("classifier %d, candBlocks %d, %d bytes: %s written past the line", cl, ci, len(src), name)
				}
			}
		}
	}
}

// TestCandBlocksMatchesGo: the candidates of random masks (dense and
// sparse), and of the masks of real lines, are those of the reference.
func TestCandBlocksMatchesGo(t *testing.T) {
	rnd := rand.New(rand.NewPCG(5, 6))
	for i := 0; i < 2000; i++ {
		n := 1 + rnd.IntN(5)
		m := make([]blockMasks, n+1)
		for b := 0; b < n; b++ {
			for k := range m[b] {
				x := rnd.Uint64()
				switch rnd.IntN(3) {
				case 0:
					x &= rnd.Uint64() & rnd.Uint64()
				case 1:
					x |= rnd.Uint64()
				}
				m[b][k] = x
			}
		}
		checkCandBlocks(t, m, i%2 == 0, rnd.Uint64(), uint64(rnd.IntN(2)))
	}
	for _, line := range []string{
		`{"uid":"2341 2341 2346","e":"a@b.in","k":"uid_234123412346 pan_ABCPE1234F KA01AB1234 X1234567"} eyJ Bearer ~WyJ \u00a0 %20 २३`,
		"2026-06-17T05:24:01.234Z INFO worker 11 finished batch 075b0852 in 473ms; queue depth 255, retries 0",
	} {
		src := []byte(line + line + line)
		n := (len(src) + 63) / 64
		m := make([]blockMasks, n+1)
		classifyLine(src, m[:n])
		for _, dk := range []bool{false, true} {
			checkCandBlocks(t, m, dk, 0, 0)
			checkCompute(t, src, dk)
		}
	}
}

// TestComputeText: the classification of random lines of every length up
// to five blocks, made of few bytes so that the shapes the masks look for
// (PAN, glued numbers, long runs of digits, prefixes) fall across block
// ends, are those of the reference.
func TestComputeText(t *testing.T) {
	rnd := rand.New(rand.NewPCG(7, 8))
	alphabets := []string{
		"A1", "AB12_", "a1_d-", "0123456789 -", "1-.:/+ ", "EPICABJeyWV3oS_1=:\"",
		"ABCPE1234F_uid", "9\xe0%\\ --/9[W~", "abcdefghijklmnopqrstuvwxyz0123456789",
	}
	// Pieces of the shapes, glued in random order.
	pieces := []string{"ABCPE1234F", "abcpe1234f", "uid_", "pan", "1234", "98765", "_", " ", "-", ".", "x", "Q", "9", "\xe0", "KA01AB1234", "eyJ", "--", "=", "\""}
	for i := 0; i < 6000; i++ {
		src := make([]byte, 1+i%320)
		if i%2 == 0 {
			alpha := alphabets[i/2%len(alphabets)]
			for k := range src {
				src[k] = alpha[rnd.IntN(len(alpha))]
			}
		} else {
			for k := 0; k < len(src); {
				k += copy(src[k:], pieces[rnd.IntN(len(pieces))])
			}
		}
		checkCompute(t, src, i%3 == 1)
	}
}

// FuzzCandBlocks compares the candidates of the masks of any input, and
// of any masks: with raw set, the input's bytes are the masks themselves
// (combinations no text gives), and after0 and carry0 any state.
func FuzzCandBlocks(f *testing.F) {
	f.Add([]byte("uid_234123412346 vid 1234 5678 9012 3452 ABCPE1234F abcpe1234f KA 01 AB 1234 [PAN] ~WyJ --"), false, false, uint64(0), false)
	f.Add([]byte("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789"), true, true, uint64(1)<<63|1, true)
	f.Fuzz(func(t *testing.T, in []byte, digitKeys, raw bool, after0 uint64, carry0 bool) {
		if len(in) == 0 {
			return
		}
		var cy uint64
		if carry0 {
			cy = 1
		}
		if !raw {
			n := (len(in) + 63) / 64
			m := make([]blockMasks, n+1)
			classifyLine(in, m[:n])
			checkCandBlocks(t, m, digitKeys, 0, 0)
			checkCompute(t, in, digitKeys)
			return
		}
		const size = nMasks * 8
		n := (len(in) + size - 1) / size
		m := make([]blockMasks, n+1)
		for i, c := range in {
			m[i/size][i%size/8] |= uint64(c) << (8 * (i % 8))
		}
		checkCandBlocks(t, m, digitKeys, after0, cy)
	})
}

// TestClassifyLineTails: a line of any length gives the masks of the
// reference, bytes past it reading as 0, whatever follows it in memory
// (the AVX-512 classifier reads a partial block with masked loads).
func TestClassifyLineTails(t *testing.T) {
	buf := make([]byte, 300)
	const pattern = "-9[W~/+=:a1 \"\\%\xe0-"
	for i := range buf {
		buf[i] = pattern[(i*7)%len(pattern)]
	}
	defer func(c int) { classifier = c }(classifier)
	for _, c := range classifiers() {
		classifier = c
		for n := 1; n <= 200; n++ {
			src := buf[:n]
			nb := (n + 63) / 64
			got, want := make([]blockMasks, nb), make([]blockMasks, nb)
			classifyLine(src, got)
			classifyGo(src, want)
			for b := range want {
				if got[b] != want[b] {
					t.Fatalf("classifier %d, len %d, block %d: got %v, want %v", c, n, b, got[b], want[b])
				}
			}
		}
	}
}

// TestClassifyPairs: every pair of bytes, at even and odd positions,
// gives the masks of the reference (the pair masks of the VBMI
// classifier come from a table of each byte).
func TestClassifyPairs(t *testing.T) {
	src := make([]byte, 2*65536+2)
	for p := 0; p < 65536; p++ {
		src[2*p], src[2*p+1] = byte(p>>8), byte(p)
	}
	checkClassify(t, src[:len(src)-1])
	checkClassify(t, src[1:])
}

// BenchmarkCandBlocks times each candBlocks over the masks of the clean
// benchmark corpus, line by line: candBlocksGo ("go"), the scalar
// assembly ("1"), AVX-512 ("512"). Bytes are the lines'.
func BenchmarkCandBlocks(b *testing.B) {
	g := redactcorpus.New(42)
	type line struct {
		m  []blockMasks
		nb int
	}
	var lines []line
	var size int64
	for i := 0; i < 6000; i++ {
		src := []byte(g.Clean().Text)
		nb := (len(src) + 63) / 64
		m := make([]blockMasks, nb+1)
		classifyLine(src, m[:nb])
		lines = append(lines, line{m, nb})
		size += int64(len(src))
	}
	var out [4][64]uint64
	run := func(b *testing.B, f func(m *blockMasks, n int, cand, q, bs, dwx *uint64, digitKeys bool, after0, carry0 uint64)) {
		b.SetBytes(size)
		b.ReportAllocs()
		for b.Loop() {
			for _, l := range lines {
				f(&l.m[0], l.nb, &out[0][0], &out[1][0], &out[2][0], &out[3][0], false, 0, 0)
			}
		}
	}
	b.Run("go", func(b *testing.B) { run(b, candBlocksGo) })
	for _, c := range candImpls() {
		b.Run(strconv.Itoa(c), func(b *testing.B) {
			defer func(c int) { candImpl = c }(candImpl)
			candImpl = c
			run(b, candBlocks)
		})
	}
}

// BenchmarkCompute times the whole classification of a line
// (classified.compute: classifier, candBlocks, exactRuns) over the clean
// benchmark corpus.
func BenchmarkCompute(b *testing.B) {
	g := redactcorpus.New(42)
	var lines [][]byte
	var size int64
	for i := 0; i < 6000; i++ {
		lines = append(lines, []byte(g.Clean().Text))
		size += int64(len(lines[i]))
	}
	var m [smallBlocks*4 + 1]blockMasks
	var cand, q, bs, dwx [smallBlocks * 4]uint64
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		for _, l := range lines {
			nb := (len(l) + 63) / 64
			c := classified{cand: cand[:nb], q: q[:nb], bs: bs[:nb]}
			c.compute(l, m[:nb+1], dwx[:nb], false)
		}
	}
}
