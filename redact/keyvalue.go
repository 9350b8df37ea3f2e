// Sensitive keys in free text: "key=value", "key: value" and `"key": value`,
// key-name normalization and lookup, and 1Kosmos envelopes under "data".

package redact

// keyValueAt handles "key=value", "key: value" and `"key": value` in free
// text, where key is sensitive, at the '=' or ':' at s[i].
func (r *Redactor) keyValueAt(e *emitter, lo, hi, i int) (match, bool, int) {
	s := e.src[:hi]
	k := i
	quoted := k > lo && s[k-1] == '"'
	if quoted {
		k--
		if k > lo && s[k-1] == '\\' {
			k-- // an escaped quote: msg="{\"name\":…}"
		}
	}
	j := k
	floor := max(lo, e.last, k-maxKeyLen)
	for j > floor && isKeyChar(s[j-1]) {
		j--
	}
	escaped := false
	if j > lo && j < k && ((s[j-1] == '\\' && backslashEscape(s, lo, j-1)) || s[j-1] == '%') {
		// "\nname=…", "%20name=…": the key starts after the escape
		// (but "\\requestid=…" is '\' and "requestid").
		if n := escapeLen(s, j-1, k); n > 1 && j-1+n < k {
			j += n - 1
			escaped = true
		}
	}
	if j == k || (quoted && (j == lo || s[j-1] != '"')) || (!quoted && !escaped && j > lo && isKeyChar(s[j-1])) {
		return match{}, false, 0
	}
	info := r.lookupKey(s[j:k])
	kind := info.kind
	if (kind == 0 && info.rule != ruleTraceID) || (kind != 0 && r.modes[kind] == Off) {
		return match{}, false, 0
	}
	v := i + 1
	for v < hi && (s[v] == ' ' || s[v] == '\t') {
		v++
	}
	if v >= hi {
		return match{}, false, 0
	}
	var start, end int
	switch s[v] {
	case '\\':
		if v+1 < hi && s[v+1] == '"' {
			// An escaped JSON string inside a quoted log value:
			// msg="{\"name\":\"Ravi Kumar\"}".
			start = v + 2
			end = start
			for end < hi && !(s[end] == '"' && s[end-1] == '\\') {
				end++
			}
			if end < hi {
				end-- // before the closing \"
			}
		} else {
			start, end = v, v
			for end < hi && !isValueEnd(s[end]) {
				end++
			}
		}
	case '"', '\'':
		q := s[v]
		start = v + 1
		end = start
		for end < hi && s[end] != q {
			if s[end] == '\\' {
				end++
			}
			end++
		}
		end = min(end, hi)
	case '{', '[':
		start, end = v, balancedEnd(s, v, hi)
	default:
		start, end = v, v
		if info.eol {
			// A header value: to the end of the line, a quote or an
			// escaped line break.
			for end < hi && s[end] != '\n' && s[end] != '\r' && s[end] != '"' && !(s[end] == '\\' && end+1 < hi && (s[end+1] == 'n' || s[end+1] == 'r' || s[end+1] == '"')) {
				end++
			}
			end = trimSpaceEnd(s, end)
			break
		}
		for end < hi && !(valueStop[s[end]] && valueEndAt(s, end, hi)) {
			end++
		}
		if end-start > 1 && s[end-1] == '.' {
			end-- // a full stop after the value ends a sentence
		}
		if isDigitAt(s, start, hi) {
			// A number in groups is one value: "vid: 1234 5678 9012 3452".
			var run numRun
			readNumber(s, start, hi, &run)
			end = max(end, run.gend[run.ng-1])
		}
	}
	if end <= start || hasTag(s, start, end, hi) || masked(s[start:end]) {
		return match{}, false, 0 // empty, already redacted, or masked
	}
	vt := byte('s')
	if s[start] == '{' || s[start] == '[' {
		vt = 'o'
	}
	if !r.whole(info, s[start:end], vt, e, 0) {
		if info.rule == ruleTraceID && hexID(s[start:end]) {
			return match{}, false, end // an OpenTelemetry id: left as it is
		}
		return match{}, false, 0 // scanned as any text
	}
	// A detector that matches at the value start takes over (so
	// "uid=2345 6789 0124" is caught whole, spaces included, and
	// labelled AADHAAR).
	if isWord(s[start]) {
		// A Bearer or Basic credential keeps its scheme visible:
		// "Authorization: Bearer [TOKEN]".
		if m, ok := r.word(e, lo, hi, start); ok && (m.start == start || m.kind == Bearer) {
			return m, true, 0
		}
	} else if s[start] == '+' && r.modes[Mobile] != Off {
		if mend := plusMobileAt(s, hi, start); mend >= end {
			return match{kind: Mobile, start: start, end: mend}, true, 0
		}
	}
	return match{kind: kind, start: start, end: end}, true, 0
}

// encodedDelim reports whether s[k] starts a URL percent-escape of a byte
// that ends a value: a space, tab, line break, quote, ',', ';', '&', '}' or
// ']'.
func encodedDelim(s []byte, k, hi int) bool {
	if s[k] != '%' || k+3 > hi {
		return false
	}
	switch h := s[k+1]; {
	case h == '0':
		return s[k+2] == '9' || s[k+2]|0x20 == 'a' || s[k+2]|0x20 == 'd'
	case h == '2':
		switch s[k+2] | 0x20 {
		case '0', '2', '6', '7', 'c':
			return true
		}
	case h == '3':
		return s[k+2]|0x20 == 'b'
	case h == '5':
		return s[k+2]|0x20 == 'd'
	case h == '7':
		return s[k+2]|0x20 == 'd'
	}
	return false
}

// kept reports whether the value v of a sensitive key stays as it is:
// empty, redacted already (a tag, which ends in ']': tagEnd is not tried
// on the rest, photos among them), or masked ("XXXX XXXX 2346").
func kept(v []byte) bool {
	return len(v) == 0 || v[len(v)-1] == ']' && tagEnd(v, 0, len(v)) == len(v) || masked(v)
}

// masked reports whether a value was masked already: it holds "XXXX" (in
// either case), as the partial forms of Aadhaar numbers, mobiles, PAN and
// GSTIN do, or "***".
func masked(v []byte) bool {
	// A run of four 'X' (or 'x') or three '*' holds a byte at a multiple
	// of three: only those bytes are looked at first.
	for i := 0; i < len(v); i += 3 {
		c := v[i]
		if c != 'X' && c != 'x' && c != '*' {
			continue
		}
		a, b := i, i+1
		for a > 0 && v[a-1] == c {
			a--
		}
		for b < len(v) && v[b] == c {
			b++
		}
		if b-a >= 4 || c == '*' && b-a >= 3 {
			return true
		}
	}
	return false
}

// valueStop marks the bytes that may end an unquoted value: those of
// isValueEnd, a backslash and '%' (see valueEndAt). The scan of a value
// looks a byte up in it and goes on, with no call.
var valueStop = func() (t [256]bool) {
	for c := range t {
		t[c] = isValueEnd(byte(c))
	}
	t['\\'], t['%'] = true, true
	return t
}()

// valueEndAt reports whether an unquoted value ends at s[k]: a delimiter,
// an escaped line break, tab or quote, or a percent-escape of a delimiter.
func valueEndAt(s []byte, k, hi int) bool {
	c := s[k]
	return isValueEnd(c) ||
		c == '\\' && k+1 < hi && (s[k+1] == 'n' || s[k+1] == 'r' || s[k+1] == 't' || s[k+1] == '"') ||
		encodedDelim(s, k, hi)
}

func isValueEnd(c byte) bool {
	switch c {
	case ' ', '\t', '\r', '\n', ',', ';', '&', '}', ']', ')', '"', '\'', '>':
		return true
	}
	return false
}

// balancedEnd returns the end of the JSON-like object or array at s[v], or
// hi when it is not closed (fail closed).
func balancedEnd(s []byte, v, hi int) int {
	depth := 0
	for k := v; k < hi; k++ {
		switch s[k] {
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return k + 1
			}
		case '"':
			for k++; k < hi && s[k] != '"'; k++ {
				if s[k] == '\\' {
					k++
				}
			}
		}
	}
	return hi
}

// isEnvelope reports whether v looks like a 1Kosmos envelope:
// base64(IV[16] || ciphertext || tag[16]), so at least 44 base64 bytes.
func isEnvelope(v []byte) bool {
	if len(v) < 44 {
		return false
	}
	for _, c := range v {
		if !isB64Std(c) && c != '=' && c != '-' && c != '_' {
			return false
		}
	}
	return true
}

// maxLabelled is the longest value valueMatch looks at: identifiers are
// short, and a long value (a photo) goes whole without being read.
const maxLabelled = 128

// valueMatch returns the match of a detector that covers exactly the value
// e.src[a:b] of a sensitive key, so that the value is labelled (and hashed)
// as what it is: "mobile_no": "[MOBILE]", not "[REDACTED]".
func (r *Redactor) valueMatch(e *emitter, a, b int) (match, bool) {
	if a >= b || b-a > maxLabelled {
		return match{}, false
	}
	if e.clsState == clsDone && !e.anyCandidate(a, a+1) {
		// No detector starts at a (fastscan.go): a name, a date, an
		// address. (The reference, ScanningAll, tries them all.)
		return match{}, false
	}
	s := e.src
	var m match
	var ok bool
	switch c := s[a]; {
	case isWord(c):
		m, ok = r.word(e, a, b, a)
	case c == '+':
		if r.modes[Mobile] != Off && plusMobileAt(s[:b], b, a) == b {
			m, ok = match{kind: Mobile, start: a, end: b}, true
		}
	case c >= 0x80:
		if _, l := digitAt(s, a, b); l > 0 {
			m, ok = r.digits(e, s, a, b, a)
		}
	}
	return m, ok && m.start == a && m.end == b && r.modes[m.kind] != Drop
}
