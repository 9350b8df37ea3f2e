// Byte classes as bit masks: 64 bytes of a line at a time, one bit per byte
// and class, the input of the candidate filter of fastscan.go.
// classifyBlocks is written in assembly where the CPU allows it
// (classify_amd64.s: AVX2, AVX-512; classify_vbmi_amd64.s: AVX-512 VBMI
// and GFNI, table look-ups and bit transposes); classifyGo is the
// reference they are tested against (TestClassifyMatchesGo,
// TestClassifyPairs, FuzzClassify).

package redact

// The masks of a 64-byte block: bit k of mask m is set when byte k of the
// block (and, for the trigger masks, the byte after it) is in class m.
// Bytes past the end of the line read as 0x00, which is in no class.
const (
	mW     = iota // word byte [A-Za-z0-9_]
	mD            // ASCII digit
	mU            // ASCII uppercase letter
	mL            // ASCII letter
	mSep          // one-byte separator of digit groups: space, tab - . / : +
	mNP           // a separator that makes a number not plain: tab . / : +
	mEsc          // '\\', '%' or a byte >= 0x80: escapes and non-ASCII digits or separators
	mQ            // '"'
	mBS           // '\\'
	mTail         // '-' or '.': a digit after one and a digit continues a run
	mKV           // '=' or ':'
	mDD           // '-' before '-': a PEM armour line
	mP1           // '/' before '9' or '0' (a base64 JPEG), '+' before '9' (+91)
	mP2           // '[' before an uppercase letter (a tag), '~' before 'W' (a disclosure)
	mAny          // '@', '\\', '%' and the lead bytes E0 EF D9 DB of non-ASCII digits: always a trigger
	mLead         // a, b, e, i, j, A, B, E, I, J, U, W: may start a prefix of word() (eyJ, Bearer, iVBOR…)
	mNext         // a, e, w, y, A, E, V, 3: may follow mLead in one
	mNext2        // A, B, I, J, K, L, S, a, o, s: may follow mNext in one
	mGlue         // b d e h l n o r B D E H L N O R _ and DEL: may end a word glued to a number (gluedEnd)

	nMasks
)

// blockMasks holds the masks of one 64-byte block.
type blockMasks [nMasks]uint64

// classBits[c] has bit m set when byte c is in class m, for the masks
// that depend on one byte.
var classBits = func() (t [256]uint32) {
	set := func(m int, cs string) {
		for i := 0; i < len(cs); i++ {
			t[cs[i]] |= 1 << m
		}
	}
	const (
		digits = "0123456789"
		upper  = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		lowerc = "abcdefghijklmnopqrstuvwxyz"
	)
	set(mW, digits+upper+lowerc+"_")
	set(mD, digits)
	set(mU, upper)
	set(mL, upper+lowerc)
	set(mSep, " \t-./:+")
	set(mNP, "\t./:+")
	set(mEsc, `\%`)
	set(mQ, `"`)
	set(mBS, `\`)
	set(mTail, "-.")
	set(mKV, "=:")
	set(mAny, `@\%`+"\xE0\xEF\xD9\xDB")
	set(mLead, "abeijABEIJUW")
	set(mNext, "aewyAEV3")
	set(mNext2, "ABIJKLaosS")
	set(mGlue, "bdehlnorBDEHLNOR_\x7F")
	for c := 0x80; c < 0x100; c++ {
		t[c] |= 1 << mEsc
	}
	return t
}()

// pairBits returns the masks of byte c that depend on the byte after it,
// next.
func pairBits(c, next byte) (t uint32) {
	if c == '-' && next == '-' {
		t |= 1 << mDD
	}
	if c == '/' && (next == '9' || next == '0') || c == '+' && next == '9' {
		t |= 1 << mP1
	}
	if c == '[' && isUpper(next) || c == '~' && next == 'W' {
		t |= 1 << mP2
	}
	return t
}

// classifyGo is the reference classifier: it writes the masks of
// len(out) blocks of src (zero bytes past its end) to out.
func classifyGo(src []byte, out []blockMasks) {
	byteAt := func(i int) byte {
		if i < len(src) {
			return src[i]
		}
		return 0
	}
	for b := range out {
		var m blockMasks
		base := b * 64
		for k := 0; k < 64; k++ {
			c := byteAt(base + k)
			t := classBits[c] | pairBits(c, byteAt(base+k+1))
			for c := 0; c < nMasks; c++ {
				m[c] |= uint64(t>>c&1) << k
			}
		}
		out[b] = m
	}
}
