// Sensitive keys in free text: "key=value", "key: value" and `"key": value`,
// key-name normalization and lookup, and 1Kosmos envelopes under "data".

package redact

import "bytes"

// normKey writes the normalized form of a key name (at most maxKeyLen
// bytes) to buf and returns it: ASCII lowercase, without '_' and '-', so
// that "first_name", "firstName" and "First-Name" are one key.
func normKey(buf *[maxKeyLen]byte, name []byte) []byte {
	n := 0
	for _, c := range name {
		if c == '_' || c == '-' {
			continue
		}
		buf[n] = lower(c)
		n++
	}
	return buf[:n]
}

// lookupKey returns the kind of a sensitive key name, or 0. It does not
// allocate.
func (r *Redactor) lookupKey(name []byte) Kind {
	if len(name) == 0 || len(name) > maxKeyLen {
		return 0
	}
	// Pre-checks before normalizing: a name without separators must pass
	// the per-length filter as it is; any name must pass on its first
	// and last bytes, unless they are separators that normalizing drops.
	first, last := name[0], name[len(name)-1]
	if r.keyFilter[len(name)]&(1<<(lower(first)&63)) == 0 || r.keyFilterLast[len(name)]&(1<<(lower(last)&63)) == 0 {
		sep := false
		for _, c := range name {
			if c == '_' || c == '-' {
				sep = true
				break
			}
		}
		if !sep {
			return 0
		}
	}
	if first != '_' && first != '-' && r.keyFirst&(1<<(lower(first)&63)) == 0 {
		return 0
	}
	if last != '_' && last != '-' && r.keyLast&(1<<(lower(last)&63)) == 0 {
		return 0
	}
	var buf [maxKeyLen]byte
	l := normKey(&buf, name)
	if len(l) == 0 || r.keyFilter[len(l)]&(1<<(l[0]&63)) == 0 || r.keyFilterLast[len(l)]&(1<<(l[len(l)-1]&63)) == 0 {
		return 0
	}
	return r.keys[string(l)]
}

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
	kind := r.lookupKey(s[j:k])
	envelope := false
	if kind == 0 {
		if !bytes.EqualFold(s[j:k], []byte("data")) || r.modes[Secret] == Off {
			return match{}, false, 0
		}
		envelope = true
		kind = Secret
	}
	if r.modes[kind] == Off {
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
		for end < hi && !isValueEnd(s[end]) {
			end++
		}
	}
	if end <= start || hasTag(s, start, end, hi) || (end-start >= 2 && s[start] == 'X' && s[start+1] == 'X') {
		return match{}, false, 0 // empty, already redacted, or masked
	}
	if envelope && !isEnvelope(s[start:end]) {
		return match{}, false, 0
	}
	// A detector that matches at the value start takes over (so
	// "uid=2345 6789 0124" is caught whole, spaces included, and
	// labelled AADHAAR).
	if isWord(s[start]) {
		if m, ok := r.word(e, lo, hi, start); ok && m.start == start {
			return m, true, 0
		}
	} else if s[start] == '+' && r.modes[Mobile] != Off {
		if mend := plusMobileAt(s, hi, start); mend >= end {
			return match{kind: Mobile, start: start, end: mend}, true, 0
		}
	}
	return match{kind: kind, start: start, end: end}, true, 0
}

func isValueEnd(c byte) bool {
	switch c {
	case ' ', '\t', '\r', '\n', ',', ';', '&', '}', ']', ')', '"', '\'':
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
