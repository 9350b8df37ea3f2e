package redact

import (
	"bytes"
	"math/bits"

	"github.com/kyckit/kyckit/internal/jsonstr"
)

// tryJSON redacts src as one JSON value when it is an object or array
// (surrounding whitespace allowed). It reports false, leaving e to be
// reset, when src is not valid JSON or nests deeper than MaxDepth.
func (r *Redactor) tryJSON(e *emitter) bool {
	s := e.src
	i := skipWS(s, 0)
	if i == len(s) || (s[i] != '{' && s[i] != '[') {
		return false
	}
	e.classified()
	m := e.lineMasks()
	end := e.value(&m, i, 0, true)
	if end < 0 {
		return false
	}
	return skipWS(s, end) == len(s)
}

func skipWS(s []byte, i int) int {
	if i < len(s) && s[i] > ' ' {
		return i // the common case: no space at all
	}
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
		i++
	}
	return i
}

// value parses the JSON value at s[i] and returns its end, or -1 when it is
// invalid. With scan false the value is only validated (it is being
// replaced whole). m holds the masks of the line (tryJSON).
func (p *emitter) value(m *lineMasks, i, depth int, scan bool) int {
	s := p.src
	if i >= len(s) {
		return -1
	}
	switch c := s[i]; {
	case c == '"':
		end, esc := m.stringEnd(i), false
		if end < 0 {
			if end, esc = p.stringEnd(m, i); end < 0 {
				return -1
			}
		}
		if scan && p.r.anyText && (esc || !m.noCandidate(i+1, end-1)) {
			if !p.scanString(i+1, end-1, esc) {
				return -1
			}
		}
		return end
	case c == '{':
		return p.object(m, i, depth+1, scan)
	case c == '[':
		return p.array(m, i, depth+1, scan)
	case c == '-' || isDigit(c):
		end := numberEnd(s, i)
		if end < 0 {
			return -1
		}
		if scan && c != '-' && end-i >= 10 && end-i <= 19 && allDigits(s[i:end]) {
			if d, ok := p.r.digits(p, s, i, end, i); ok && d.start == i && d.end == end {
				p.ulo, p.uhi = i, end
				p.replace(d, true)
			}
		}
		return end
	case c == 't':
		return literal(s, i, "true")
	case c == 'f':
		return literal(s, i, "false")
	case c == 'n':
		return literal(s, i, "null")
	}
	return -1
}

func literal(s []byte, i int, lit string) int {
	if len(s)-i < len(lit) || string(s[i:i+len(lit)]) != lit {
		return -1
	}
	return i + len(lit)
}

func (p *emitter) object(m *lineMasks, i, depth int, scan bool) int {
	if depth > p.r.maxDepth {
		return -1
	}
	s := p.src
	i = skipWS(s, i+1)
	if i < len(s) && s[i] == '}' {
		return i + 1
	}
	for {
		if i >= len(s) || s[i] != '"' {
			return -1
		}
		kend, kesc := m.stringEnd(i), false
		if kend < 0 {
			if kend, kesc = p.stringEnd(m, i); kend < 0 {
				return -1
			}
		}
		var info keyInfo
		if scan {
			if raw := s[i+1 : kend-1]; kesc {
				info = p.r.escapedKey(raw)
			} else {
				info = p.r.lookupKey(raw)
			}
			if info.scan && p.r.anyText && (kesc || !m.noCandidate(i+1, kend-1)) {
				// A number, address or id used as a key:
				// {"234123412346": {...}}. Without a candidate in
				// it, scanString would not scan it.
				if !p.scanString(i+1, kend-1, kesc) {
					return -1
				}
			}
			if info.kind != 0 && p.r.modes[info.kind] == Off {
				info = keyInfo{} // the detector is off: as a plain key
			}
		}
		i = skipWS(s, kend)
		if i >= len(s) || s[i] != ':' {
			return -1
		}
		i = skipWS(s, i+1)
		vstart := i
		if (info.kind != 0 || info.rule == ruleTraceID) && i < len(s) && (s[i] == '{' || s[i] == '[') && !p.r.scanAll &&
			(info.kind == 0 || !p.r.whole(info, nil, 'o', p, depth)) {
			// An object or array that its key keeps ("data": {…} where
			// only an envelope string goes): keyedValue would validate it
			// and then scan it, parsing it twice; it is scanned once.
			// whole reads no value bytes for an object.
			end := p.value(m, i, depth, true)
			if end < 0 {
				// A string with an invalid escape fails the scan but
				// not validation: as keyedValue, go on after the value.
				if end = p.value(m, i, depth, false); end < 0 {
					return -1
				}
			}
			i = end
		} else if info.kind != 0 || info.rule == ruleTraceID {
			end := p.value(m, i, depth, false)
			if end < 0 {
				return -1
			}
			p.keyedValue(m, info, vstart, end, depth)
			i = end
		} else {
			i = p.value(m, i, depth, scan)
			if i < 0 {
				return -1
			}
		}
		i = skipWS(s, i)
		if i >= len(s) {
			return -1
		}
		if s[i] == '}' {
			return i + 1
		}
		if s[i] != ',' {
			return -1
		}
		i = skipWS(s, i+1)
	}
}

func (p *emitter) array(m *lineMasks, i, depth int, scan bool) int {
	if depth > p.r.maxDepth {
		return -1
	}
	s := p.src
	i = skipWS(s, i+1)
	if i < len(s) && s[i] == ']' {
		return i + 1
	}
	for {
		i = p.value(m, i, depth, scan)
		if i < 0 {
			return -1
		}
		i = skipWS(s, i)
		if i >= len(s) {
			return -1
		}
		if s[i] == ']' {
			return i + 1
		}
		if s[i] != ',' {
			return -1
		}
		i = skipWS(s, i+1)
	}
}

// escapedKey is lookupKey for a JSON key with escapes: decoded first, so
// that whether the name is scanned itself (keyInfo.scan) is decided on the
// name, as for a key without escapes and as RedactKey decides it for a
// field's key ("\u001f00@AA" is a name of 6 bytes, too short to scan). A
// name too long to decode here or with an invalid escape is not a
// sensitive name and is scanned as written, the safe side.
func (r *Redactor) escapedKey(raw []byte) keyInfo {
	var buf [6 * maxKeyLen]byte
	if len(raw) <= len(buf) {
		if n, ok := jsonstr.Append(buf[:0], raw); ok {
			return r.lookupKey(n)
		}
	}
	return keyInfo{scan: len(raw) >= 8 && scanKey(raw)}
}

// scanKey reports whether a JSON key may hold personal data itself: it has
// a digit, an '@' or a non-ASCII byte (Unicode digits).
func scanKey(k []byte) bool {
	for _, c := range k {
		if isDigit(c) || c == '@' || c >= 0x80 {
			return true
		}
	}
	return false
}

// keyedValue handles the value s[start:end] of a key described by info:
// replaced whole when the key's rule says so for this value, left as it is
// when it is a trace id, scanned otherwise.
func (p *emitter) keyedValue(m *lineMasks, info keyInfo, start, end, depth int) {
	s := p.src
	v := s[start:end]
	var vt byte
	switch v[0] {
	case 'n', 't', 'f':
		return // null and booleans are kept
	case '{', '[':
		vt = 'o'
	case '"':
		vt, v = 's', v[1:len(v)-1]
	default:
		vt = 'n'
	}
	if info.kind != 0 && p.r.whole(info, v, vt, p, depth) {
		if vt == 's' || vt == 'n' {
			a, b := start, end
			if vt == 's' {
				a, b = a+1, b-1
			}
			if m, ok := p.r.valueMatch(p, a, b); ok {
				p.ulo, p.uhi = a, b
				p.replace(m, vt == 'n')
				return
			}
		}
		p.wholeValue(info.kind, start, end)
		return
	}
	if info.rule == ruleTraceID && vt != 'o' && hexID(v) {
		return
	}
	p.value(m, start, depth, true)
}

// wholeValue replaces the JSON value s[start:end] of a sensitive key.
// Empty strings and existing redaction tags are kept.
func (p *emitter) wholeValue(kind Kind, start, end int) {
	s := p.src
	v := s[start:end]
	if v[0] == '"' {
		inner := v[1 : len(v)-1]
		if kept(inner) {
			return
		}
	}
	e := p
	e.count(kind)
	e.begin(start)
	e.ulo, e.uhi = start, end // the value goes whole: nothing beside it is read with it
	e.judge(kind, start, end)
	mode := p.r.modes[kind]
	if mode == Drop {
		e.dst = append(e.dst, "null"...)
	} else {
		e.dst = append(e.dst, '"')
		e.dst = p.r.render(e.dst, match{kind: kind}, v, mode)
		e.dst = append(e.dst, '"')
	}
	e.last = end
}

// scanString runs the free-text detectors over the content s[a:b] of a JSON
// string. Strings with escapes are decoded first and, if anything matched,
// re-encoded. It reports false on an invalid escape.
func (p *emitter) scanString(a, b int, esc bool) bool {
	if !esc {
		if p.clsState != clsDone || p.anyCandidate(a, b) {
			p.r.scanText(p, a, b)
		}
		return true
	}
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	dec, ok := jsonstr.Append(sc.dec[:0], p.src[a:b])
	sc.dec = dec[:0]
	if !ok {
		return false
	}
	sub := emitter{r: p.r, src: dec, dst: sc.out[:0]}
	p.r.scanText(&sub, 0, len(dec))
	sub.release()
	p.unsettled = p.unsettled || sub.unsettled
	if !sub.changed {
		return true
	}
	for k, n := range sub.counts {
		p.counts[k] += n
	}
	out := append(sub.dst, sub.src[sub.last:]...)
	sc.out = out[:0]
	p.begin(a)
	p.dst = appendJSONEscaped(p.dst, out)
	p.last = b
	return true
}

// lineMasks is the classification of a line (fastscan.go) as the JSON
// parser reads it, a word per block: candidates, quotes and backslashes.
// It is empty when the line is not classified. Its methods inline in the
// parser for their common cases, which cost no call then.
type lineMasks struct{ cand, q, bs []uint64 }

func (p *emitter) lineMasks() lineMasks {
	if p.clsState != clsDone {
		return lineMasks{}
	}
	if c := p.pooled; c != nil {
		nb := (len(p.src) + 63) >> 6
		return lineMasks{c.cand[:nb], c.q[:nb], c.bs[:nb]}
	}
	return lineMasks{p.smallCand[:], p.smallQ[:], p.smallBS[:]}
}

// stringEnd is stringEnd when the closing quote of the string at s[i] is
// in the block of the opening one, with no backslash before it; -1
// otherwise.
func (m *lineMasks) stringEnd(i int) int {
	j := i + 1
	if b := uint(j) >> 6; b < uint(len(m.q)) && b < uint(len(m.bs)) {
		q := m.q[b] >> uint(j&63)
		if q != 0 && m.bs[b]>>uint(j&63)&(q&-q-1) == 0 {
			return j + bits.TrailingZeros64(q) + 1
		}
	}
	return -1
}

// noCandidate reports that no candidate lies in [a, b), for a range inside
// one block; false when it cannot tell.
func (m *lineMasks) noCandidate(a, b int) bool {
	k := uint(a) >> 6
	return k < uint(len(m.cand)) && k == uint(b-1)>>6 && m.cand[k]>>uint(a&63)&(1<<uint(b-a)-1) == 0
}

// quote returns the position of the first '"' at or after i in a line of
// n blocks, and whether a backslash comes before it; -1 when there is none
// or the line is not classified. The backslashes are gathered without a
// branch.
func (m *lineMasks) quote(i, n int) (int, bool) {
	n = min(n, len(m.q), len(m.bs))
	lo := ^uint64(0) << uint(i&63)
	var esc uint64
	for b := i >> 6; b < n; b, lo = b+1, ^uint64(0) {
		if q := m.q[b] & lo; q != 0 {
			return b<<6 + bits.TrailingZeros64(q), esc|m.bs[b]&lo&(q&-q-1) != 0
		}
		esc |= m.bs[b] & lo
	}
	return -1, esc != 0
}

// stringEnd is stringEnd for p.src, through the masks of the line when it
// has them (m.stringEnd is its inline case, tried first).
func (p *emitter) stringEnd(m *lineMasks, i int) (int, bool) {
	if q, esc := m.quote(i+1, (len(p.src)+63)>>6); q >= 0 && !esc {
		return q + 1, false
	}
	return stringEnd(p.src, i)
}

// stringEnd returns the index after the closing quote of the JSON string
// at s[i] == '"', and whether it holds escapes; -1 when it is not closed.
// Raw control characters inside the string are tolerated (the string is
// still scanned; this is a leniency of the parser, not a pass-through).
func stringEnd(s []byte, i int) (int, bool) {
	esc := false
	k := i + 1
	// Most keys and values are short: a plain loop beats IndexByte's
	// set-up for the first 16 bytes.
	for lim := min(len(s), k+16); k < lim; k++ {
		switch s[k] {
		case '"':
			return k + 1, esc
		case '\\':
			esc = true
			k++ // skip the escaped byte
		}
	}
	for {
		if k >= len(s) {
			return -1, false
		}
		q := bytes.IndexByte(s[k:], '"')
		if q < 0 {
			return -1, false
		}
		q += k
		b := bytes.IndexByte(s[k:q], '\\')
		if b < 0 {
			return q + 1, esc
		}
		esc = true
		j := k + b
		for j < q {
			if s[j] == '\\' {
				j += 2
				continue
			}
			j++
		}
		if j == q {
			return q + 1, true
		}
		k = j // the quote at q was escaped
		if k >= len(s) {
			return -1, false
		}
	}
}

func numberEnd(s []byte, i int) int {
	k := i
	if s[k] == '-' {
		k++
	}
	if k >= len(s) || !isDigit(s[k]) {
		return -1
	}
	if s[k] == '0' {
		k++
	} else {
		for k < len(s) && isDigit(s[k]) {
			k++
		}
	}
	if k < len(s) && s[k] == '.' {
		k++
		d := k
		for k < len(s) && isDigit(s[k]) {
			k++
		}
		if k == d {
			return -1
		}
	}
	if k < len(s) && (s[k] == 'e' || s[k] == 'E') {
		k++
		if k < len(s) && (s[k] == '+' || s[k] == '-') {
			k++
		}
		d := k
		for k < len(s) && isDigit(s[k]) {
			k++
		}
		if k == d {
			return -1
		}
	}
	return k
}

func hexVal(c byte) rune {
	switch {
	case isDigit(c):
		return rune(c - '0')
	case c >= 'a' && c <= 'f':
		return rune(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return rune(c-'A') + 10
	}
	return -1
}

// appendJSONEscaped appends s as JSON string content (without quotes).
func appendJSONEscaped(dst, s []byte) []byte {
	const hexd = "0123456789abcdef"
	for _, c := range s {
		switch {
		case c == '"' || c == '\\':
			dst = append(dst, '\\', c)
		case c == '\n':
			dst = append(dst, '\\', 'n')
		case c == '\r':
			dst = append(dst, '\\', 'r')
		case c == '\t':
			dst = append(dst, '\\', 't')
		case c < 0x20:
			dst = append(dst, '\\', 'u', '0', '0', hexd[c>>4], hexd[c&15])
		default:
			dst = append(dst, c)
		}
	}
	return dst
}
