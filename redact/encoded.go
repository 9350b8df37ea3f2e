// Base64-encoded JSON: a payload, context header or cookie that carries a
// JSON document in base64 hides what the other detectors look for.

package redact

import (
	"bytes"
	"encoding/base64"
)

// encodedPrefixes are how the base64 of a JSON document starts: `{"` with
// the key's first byte a letter (eyJ) or a digit (eyI), `{ "` (eyAi),
// `{` and a line break (ewo), `[{` (W3s).
var encodedPrefixes = [...]string{"eyJ", "eyI", "eyA", "ewo", "W3s"}

// maxEncoded caps the base64 text decoded to look inside (1 MiB).
const maxEncoded = 1 << 20

// encodedAt matches base64 (standard or URL alphabet, padded or not) of a
// JSON object or array at s[i] that holds something the redactor would
// replace: the whole encoded text is replaced as [Encoded]. A segment of a
// dotted token (a JWT, kept when the JWT detector is off) is not one.
func (r *Redactor) encodedAt(s []byte, lo, i, hi int) (match, bool) {
	if r.modes[Encoded] == Off || r.inner == nil {
		return match{}, false
	}
	ok := false
	for _, p := range &encodedPrefixes {
		if bytes.HasPrefix(s[i:hi], []byte(p)) {
			ok = true
			break
		}
	}
	if !ok || (i > lo && (s[i-1] == '.' || isB64Std(s[i-1]) || s[i-1] == '-' || s[i-1] == '_') && !afterEscape(s, lo, i)) {
		return match{}, false
	}
	k, url := i, false
	for k < hi && (isB64Std(s[k]) || s[k] == '-' || s[k] == '_') {
		url = url || s[k] == '-' || s[k] == '_'
		k++
	}
	n := k - i
	pad := 0
	for k < hi && s[k] == '=' && pad < 2 {
		k++
		pad++
	}
	if n < 16 || n > maxEncoded || (k < hi && (isWord(s[k]) || (s[k] == '.' && k+1 < hi && isB64URL(s[k+1])))) {
		return match{}, false
	}
	enc := base64.RawStdEncoding
	if url {
		enc = base64.RawURLEncoding
	}
	bp := rescanPool.Get().(*[]byte)
	defer func() {
		if cap(*bp) <= 1<<20 {
			rescanPool.Put(bp)
		}
	}()
	dec, err := enc.AppendDecode((*bp)[:0], s[i:i+n])
	*bp = dec[:0]
	if err != nil {
		return match{}, false
	}
	if t := skipWS(dec, 0); t == len(dec) || (dec[t] != '{' && dec[t] != '[') {
		return match{}, false
	}
	// Redact the document with a redactor that does not look for base64
	// again (no recursion) and counts nothing; only whether anything
	// matched counts, the output goes to a pooled buffer.
	op := rescanPool.Get().(*[]byte)
	e := emitter{r: r.inner, src: dec, dst: (*op)[:0]}
	if !r.inner.tryJSON(&e) {
		e.reset()
		r.inner.scanText(&e, 0, len(dec))
	}
	e.release()
	if cap(e.dst) <= 1<<20 {
		*op = e.dst[:0]
		rescanPool.Put(op)
	}
	if !e.changed {
		return match{}, false
	}
	return match{kind: Encoded, start: i, end: k}, true
}
