package redact

import (
	"math/rand/v2"
	"testing"
)

// checkClassify compares classifyBlocks (assembly where the CPU has it)
// with classifyGo, the reference, over src.
func checkClassify(t *testing.T, src []byte) {
	t.Helper()
	n := (len(src) - 1) / 64
	got, want := make([]blockMasks, n), make([]blockMasks, n)
	classifyBlocks(src, got)
	classifyGo(src[:64*n+1], want)
	for b := range want {
		for m := 0; m < nMasks; m++ {
			if got[b][m] != want[b][m] {
				t.Fatalf("block %d mask %d: got %064b\n                 want %064b\nsrc %q", b, m, got[b][m], want[b][m], src[64*b:64*b+64])
			}
		}
	}
}

// TestClassifyMatchesGo: every byte value at every position of a block,
// and random blocks, give the masks of the reference.
func TestClassifyMatchesGo(t *testing.T) {
	if !hasAVX2 {
		t.Log("no AVX2: classifyBlocks is classifyGo")
	}
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
