package redact

import (
	"encoding/hex"
	"strconv"
	"sync"
	"unsafe"

	"github.com/kyckit/kyckit/internal/aadhaarnum"
)

// emitter copies src to dst lazily: nothing is written until the first
// replacement, so a line without matches costs one append at the end.
type emitter struct {
	r       *Redactor
	src     []byte
	dst     []byte
	base    int // len(dst) on entry
	last    int // src[:last] has been handled
	changed bool
	counts  [numKinds]uint32 // flushed to r.stats by finish
	// Window mode (see Redactor.redactWindow): src[:skip] is context that
	// an earlier window wrote out, and no match may start at or after
	// stop. Both are 0 otherwise.
	skip, stop int
	// What the line holds, found once per pass when a key rule asks: a
	// 1Kosmos licensekey, a log record's level and message keys. 0 not
	// known yet, 1 no, 2 yes.
	kosmos, envelope uint8
	// ifsc: whether the line holds an IFSC code anywhere (see nearIFSC),
	// as kosmos; ifscShape: whether it holds one's shape (ifscAround).
	ifsc, ifscShape uint8
	// ulo, uhi bound the unit being scanned (a JSON string's content, a
	// JSON number, the whole line of free text): replacements are judged
	// against their neighbours inside it (see settled.go).
	ulo, uhi int
	// unsettled: a replacement of this pass may change what a second
	// pass decides, so Redact scans the output again (see settled.go).
	unsettled bool
	// The classification of src for the candidate filter (fastscan.go),
	// made on first use: in place for short lines, pooled for long ones.
	clsState                   uint8
	smallCand, smallQ, smallBS [smallBlocks]uint64
	pooled                     *candBuf
}

// States of emitter.classified.
const (
	clsTodo = iota // not computed yet
	clsDone        // computed (emitter.classified)
	clsNone        // the line is scanned at every position
)

// lineHas reports test(e.src), computed once per pass into *memo.
func (e *emitter) lineHas(memo *uint8, test func([]byte) bool) bool {
	if *memo == 0 {
		*memo = 1
		if test(e.src) {
			*memo = 2
		}
	}
	return *memo == 2
}

func (e *emitter) count(k Kind) { e.counts[k]++ }

func (e *emitter) reset() {
	e.kosmos, e.envelope, e.ifsc, e.ifscShape = 0, 0, 0, 0
	e.unsettled = false
	e.dst = e.dst[:e.base]
	e.last = 0
	e.changed = false
	e.counts = [numKinds]uint32{}
}

func (e *emitter) finish() []byte {
	e.release()
	e.flushCounts()
	if !e.changed {
		return append(e.dst, e.src...)
	}
	return append(e.dst, e.src[e.last:]...)
}

func (e *emitter) flushCounts() {
	if e.r.stats != nil && e.changed {
		for k, n := range e.counts {
			if n != 0 {
				e.r.stats.n[k].Add(uint64(n))
			}
		}
	}
}

// begin flushes src up to start and marks the output changed.
func (e *emitter) begin(start int) {
	if e.dst == nil {
		e.dst = make([]byte, 0, len(e.src)+len(e.src)/4+32)
	}
	if from := max(e.last, e.skip); start > from {
		e.dst = append(e.dst, e.src[from:start]...)
	}
	e.changed = true
}

// match describes one detection. It holds no more than the span: a
// struct of up to four words and fields stays in registers when a
// detector returns it, a larger one is stored and copied back with wide
// loads that stall on the narrow stores (store forwarding), at every
// return. The tag of a photo reads its type and size from the span
// (photoLabel).
type match struct {
	kind       Kind
	start, end int // span in src
}

// replace writes the replacement of m. When quote is true the replacement
// stands for a JSON number and is written as a JSON string (or null).
func (e *emitter) replace(m match, quote bool) {
	if m.end <= e.skip {
		// Context of a window: an earlier window wrote it out.
		e.last = m.end
		return
	}
	e.count(m.kind)
	e.begin(m.start)
	e.judge(m.kind, m.start, m.end)
	mode := e.r.modes[m.kind]
	if mode == Drop {
		if quote {
			e.dst = append(e.dst, "null"...)
		}
		e.last = m.end
		return
	}
	if quote {
		e.dst = append(e.dst, '"')
	}
	e.dst = e.r.render(e.dst, m, e.src[m.start:m.end], mode)
	if quote {
		e.dst = append(e.dst, '"')
	}
	e.last = m.end
}

// render appends the replacement of value (the matched bytes) in mode.
func (r *Redactor) render(dst []byte, m match, v []byte, mode Mode) []byte {
	switch mode {
	case Partial:
		if p, ok := partial(dst, m.kind, v); ok {
			return p
		}
	case Hash:
		return r.hashTag(dst, m.kind, v)
	}
	dst = append(dst, '[')
	dst = append(dst, m.kind.Label()...)
	if m.kind == Photo {
		name, size := photoLabel(v)
		dst = append(dst, ' ')
		dst = append(dst, name...)
		dst = append(dst, ' ')
		dst = strconv.AppendInt(dst, int64(size), 10)
		dst = append(dst, 'B')
	}
	return append(dst, ']')
}

// hashTag appends "[LABEL:keyid:hex]" where hex is the first 8 bytes of
// HMAC-SHA-256(key, label || 0 || normalized value).
func (r *Redactor) hashTag(dst []byte, k Kind, v []byte) []byte {
	var nb [64]byte
	norm := normalize(nb[:0], k, v)
	h := r.mac()
	h.Reset()
	h.Write([]byte(k.Label()))
	h.Write([]byte{0})
	h.Write(norm)
	var sum [32]byte
	h.Sum(sum[:0])
	r.macs.Put(h)
	dst = append(dst, '[')
	dst = append(dst, k.Label()...)
	dst = append(dst, ':')
	dst = append(dst, r.keyID...)
	dst = append(dst, ':')
	dst = hex.AppendEncode(dst, sum[:hashBytes])
	return append(dst, ']')
}

// normalize gives equal tags to equal values written differently: digits
// only for numbers (the last 10 of a mobile; any script's digits as ASCII),
// letters and digits only, lowercase, for identifiers and addresses.
func normalize(buf []byte, k Kind, v []byte) []byte {
	switch k {
	case Aadhaar, VID, Mobile, Card, Account:
		buf = appendDigits(buf, v)
		if k == Mobile && len(buf) > 10 {
			buf = buf[len(buf)-10:]
		}
		return buf
	case Email, UPI, PAN, GSTIN, EPIC, Passport, DL, Vehicle, IP:
		if len(v) > cap(buf) {
			return v
		}
		for _, c := range v {
			if k != Email && k != UPI && k != IP && (c == ' ' || c == '-') {
				continue
			}
			buf = append(buf, lower(c))
		}
		return buf
	}
	return v
}

// appendDigits appends the digits of v, of any accepted script, as ASCII,
// at most cap(buf) of them.
func appendDigits(buf, v []byte) []byte {
	for k := 0; k < len(v) && len(buf) < cap(buf); {
		if d, l := digitAt(v, k, len(v)); l > 0 {
			buf = append(buf, '0'+d)
			k += l
			continue
		}
		k++
	}
	return buf
}

// partial appends the partial form of v, or reports false when kind k has
// none.
func partial(dst []byte, k Kind, v []byte) ([]byte, bool) {
	switch k {
	case Aadhaar, VID, Mobile, EPIC, Card, Account:
		var db [32]byte
		d := appendDigits(db[:0], v)
		if len(d) < 4 {
			return dst, false
		}
		last := d[len(d)-4:]
		switch k {
		case Aadhaar:
			return append(dst, aadhaarnum.MaskLast4(aadhaarnum.Aadhaar, string(last))...), true
		case VID:
			return append(dst, aadhaarnum.MaskLast4(aadhaarnum.VID, string(last))...), true
		case Card:
			dst = append(dst, "XXXX XXXX XXXX "...)
			return append(dst, last...), true
		}
		dst = append(dst, "XXXXXX"...)
		return append(dst, last...), true
	case PAN:
		dst = append(dst, v[:5]...)
		dst = append(dst, "XXXX"...)
		return append(dst, v[9]), true
	case GSTIN:
		dst = append(dst, v[:2]...)
		dst = append(dst, "XXXXXXXXXX"...)
		return append(dst, v[12:]...), true
	case Passport:
		dst = append(dst, "XXXXX"...)
		return append(dst, v[len(v)-3:]...), true
	case DL:
		// The state code, then the last four digits of the serial.
		dst = append(dst, v[:2]...)
		dst = append(dst, "XXXXXXXXX"...)
		return append(dst, v[len(v)-4:]...), true
	case IP:
		// The first two octets of an IPv4 address: its network.
		dots := 0
		for i, c := range v {
			if c == ':' {
				return dst, false
			}
			if c == '.' {
				dots++
				if dots == 2 {
					dst = append(dst, v[:i+1]...)
					return append(dst, "x.x"...), true
				}
			}
		}
	case Email, UPI:
		at := -1
		for i, c := range v {
			if c == '@' {
				at = i
			}
		}
		if at < 1 {
			return dst, false
		}
		dst = append(dst, v[0])
		dst = append(dst, "***"...)
		return append(dst, v[at:]...), true
	case JWT:
		for i, c := range v {
			if c == '.' {
				dst = append(dst, v[:i+1]...)
				return append(dst, "[JWT]"...), true
			}
		}
	}
	return dst, false
}

// stringBytes views s as bytes without copying; the bytes are only read.
func stringBytes(s string) []byte {
	return unsafe.Slice(unsafe.StringData(s), len(s))
}

// scratch holds the buffers for JSON strings with escapes.
type scratch struct{ dec, out []byte }

// scratchPool recycles scratch buffers (not configuration: it holds no
// state between calls).
var scratchPool = sync.Pool{New: func() any { return new(scratch) }}
