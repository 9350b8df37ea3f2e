package redact

import (
	"bytes"
	"errors"
	"io"
	"sync"
)

// ErrClosed is returned by Write after Close.
var ErrClosed = errors.New("redact: write to closed writer")

// writer is the io.WriteCloser returned by NewWriter.
type writer struct {
	mu  sync.Mutex
	dst io.Writer
	r   *Redactor
	max int
	// buf is the pending partial line, at most max bytes. When a long line
	// was cut, buf[:ctx] is the end of what was written out, kept as
	// context for the detectors (overlap).
	buf     []byte
	ctx     int
	out     []byte // reused output buffer
	keyBody int    // inside a multi-line PEM private key: body lines so far, plus one; 0 outside
	held    []byte // lines of a key body that may be text, each ending in '\n' (see keyLine)
	dropRun bool   // dropping the rest of an over-long token
	err     error
	closed  bool
}

// maxKeyLines bounds the lines a multi-line PEM private key may span in a
// [NewWriter] (a 16384-bit RSA key takes about 200 lines of 64 bytes);
// maxKeyLine is the longest line that can be part of its body.
const (
	maxKeyLines = 512
	maxKeyLine  = 128
)

// NewWriter returns a writer that redacts what it is given line by line
// and writes the result to dst. A token split across Write calls is still
// caught, because a line is redacted only when its newline (or Close)
// arrives.
//
// Memory is bounded by r's MaxLine. A longer line is redacted in windows
// that overlap: each window is written out up to a separator (space,
// comma, quote, bracket…) at least MaxLine/8 bytes before its end, and the
// next window starts with the last MaxLine/8 bytes of what was written as
// context, so that a key and its value ("name": "Ravi Kumar") or the
// groups of a number cut apart are still seen together. Windows are
// scanned with the free-text detectors (the JSON structure of the whole
// line is not parsed). A single token longer than about 3/4 of MaxLine is
// replaced, never passed through, and counted as a [Field] replacement in
// [Stats] when no detector matched it.
//
// A PEM "BEGIN … PRIVATE KEY" whose line ends without the END line starts
// a private key that continues on the next lines: those lines are dropped
// while they can be key material (base64 lines of at most 128 bytes, RFC
// 1421 headers, blank lines), up to the END line and at most 512 lines.
// The first line that cannot be key material ends the key and is redacted
// and written as any other line, and so are the lines held back because
// they could be text as well ("done"): no other data is dropped.
//
// Write returns len(p) unless dst fails. Close writes the last partial line;
// it does not close dst. The writer is safe for concurrent use.
func NewWriter(dst io.Writer, r *Redactor) io.WriteCloser {
	return &writer{dst: dst, r: r, max: r.maxLine}
}

func (w *writer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return 0, ErrClosed
	}
	if w.err != nil {
		return 0, w.err
	}
	n := len(p)
	for len(p) > 0 && w.err == nil {
		if w.dropRun {
			k := 0
			for k < len(p) && !isCut(p[k]) && p[k] != '\n' && p[k] != ' ' {
				k++
			}
			p = p[k:]
			if len(p) == 0 {
				break
			}
			w.dropRun = false
		}
		i := bytes.IndexByte(p, '\n')
		chunk := p
		if i >= 0 {
			chunk = p[:i]
		}
		if len(w.buf) == 0 && i >= 0 && len(chunk) <= w.max {
			w.line(chunk, true)
			p = p[i+1:]
			continue
		}
		if room := w.max - len(w.buf); len(chunk) > room {
			w.buf = append(w.buf, chunk[:room]...)
			p = p[room:]
			w.cut()
			continue
		}
		w.buf = append(w.buf, chunk...)
		if i < 0 {
			break
		}
		w.line(w.buf, true)
		w.buf = w.buf[:0]
		w.ctx = 0
		p = p[i+1:]
	}
	if w.err != nil {
		return 0, w.err
	}
	return n, nil
}

// isCut reports whether a long line may be cut after c.
func isCut(c byte) bool {
	switch c {
	case ',', ';', '{', '}', '[', ']', '"', '\t', '\r', '<', '>', '|':
		return true
	}
	return false
}

// overlap is how much of a long line's written part the next window keeps
// as context, and how much right context a window keeps beyond its cut.
func (w *writer) overlap() int { return w.max / 8 }

// lastCut returns the index after the last separator of b[lo:hi] where a
// long line may be cut, preferring a separator that is not a single space
// between two letters or digits (inside "2341 2341 2346"), or -1.
func lastCut(b []byte, lo, hi int) int {
	for k := hi - 1; k > lo; k-- {
		if isCut(b[k]) || (b[k] == ' ' && !(isAlnum(b[k-1]) && k+1 < len(b) && isAlnum(b[k+1]))) {
			return k + 1
		}
	}
	if k := bytes.LastIndexByte(b[lo:hi], ' '); k >= 0 {
		return lo + k + 1
	}
	return -1
}

// cut handles a full buffer without a newline. It writes a window up to a
// cut at a separator and keeps the rest, with the end of the written part
// as context for the next window. A buffer whose last token is too long to
// keep (no separator far enough from both ends) has that token replaced.
func (w *writer) cut() {
	b := w.buf
	n := len(b)
	ov := w.overlap()
	if w.keyBody > 0 {
		w.endKey() // a line this long is no PEM body line
	}
	c := lastCut(b, w.ctx, n-ov)
	if c > ov {
		// Right context b[c:n] of at least ov bytes; the next buffer
		// keeps at most ov bytes before the end of what was written.
		out, end := w.r.redactWindow(w.out[:0], b, w.ctx, c, c)
		w.out = out[:0]
		w.write(out)
		if end >= n {
			// A match reached the end of the buffer: the token may go
			// on in the next bytes, which are dropped up to a
			// separator.
			w.buf, w.ctx, w.dropRun = w.buf[:0], 0, true
			return
		}
		keep := end - ov
		w.ctx = ov
		w.buf = w.buf[:copy(w.buf, b[keep:])]
		return
	}
	// The token from s to the end of the buffer is over-long. A detector
	// may match at its start (a photo); otherwise it is replaced whole.
	s := w.ctx
	if c > s {
		s = c
	}
	out, end := w.r.redactWindow(w.out[:0], b, w.ctx, s, s+1)
	if end <= s {
		out = append(out, "[REDACTED]"...)
		if w.r.stats != nil {
			w.r.stats.n[Field].Add(1)
		}
	} else if end < n {
		out = append(out, "[REDACTED]"...)
	}
	w.out = out[:0]
	w.write(out)
	w.buf, w.ctx, w.dropRun = w.buf[:0], 0, true
}

// line redacts one line (or the last window of a long line) and writes it.
func (w *writer) line(l []byte, nl bool) {
	if w.keyBody > 0 && w.ctx == 0 {
		if w.keyLine(l, nl) {
			return
		}
	}
	var out []byte
	if w.ctx > 0 {
		out, _ = w.r.redactWindow(w.out[:0], l, w.ctx, len(l), len(l))
	} else {
		out = w.r.Redact(w.out[:0], l)
	}
	if nl {
		out = append(out, '\n')
	}
	w.out = out[:0]
	w.write(out)
	if nl && w.r.modes[PrivateKey] != Off && keyContinues(l[w.ctx:]) {
		w.keyBody = 1
	}
}

// keyContinues reports whether l holds a PEM private key whose body runs
// to the end of the line without an END line: the key goes on below.
func keyContinues(l []byte) bool {
	b := bytes.Index(l, []byte("-----BEGIN "))
	if b < 0 {
		return false
	}
	for {
		if end := privateKeyAt(l, b, len(l)); end > 0 {
			return end == trimSpaceEnd(l, len(l)) && !bytes.Contains(l[b:], []byte("-----END "))
		}
		k := bytes.Index(l[b+1:], []byte("-----BEGIN "))
		if k < 0 {
			return false
		}
		b += 1 + k
	}
}

// keyLine handles line l while inside a multi-line private key. It reports
// whether l was consumed. A line of key material is dropped; a short line
// of letters only ("after", "done"), which could end a key body but could
// as well be text, is held. The END line ends the key: held lines are
// dropped with it, and what follows the END marker is redacted and
// written. Any other line ends the key without END: held lines are
// redacted and written, and l is left to the caller.
func (w *writer) keyLine(l []byte, nl bool) bool {
	if k := bytes.Index(l, []byte("-----END ")); k >= 0 && !bytes.Contains(l[:k], []byte("-----BEGIN ")) {
		w.keyBody = 0
		w.held = w.held[:0]
		rest := l[k+len("-----END "):]
		if c := bytes.Index(rest, []byte("-----")); c >= 0 {
			rest = rest[c+5:]
		} else {
			rest = nil
		}
		rest = bytes.TrimLeft(rest, " \t")
		if len(bytes.TrimSpace(rest)) > 0 {
			out := w.r.Redact(w.out[:0], rest)
			if nl {
				out = append(out, '\n')
			}
			w.out = out[:0]
			w.write(out)
		}
		return true
	}
	body, weak := keyBodyLine(l)
	if w.keyBody > maxKeyLines || !body {
		w.endKey()
		return false
	}
	w.keyBody++
	if weak {
		w.held = append(w.held, l...)
		w.held = append(w.held, '\n')
	}
	return true
}

// endKey ends a private key that had no END line: the lines held back as
// possibly text are redacted and written.
func (w *writer) endKey() {
	w.keyBody = 0
	for len(w.held) > 0 {
		i := bytes.IndexByte(w.held, '\n')
		out := w.r.Redact(w.out[:0], w.held[:i])
		out = append(out, '\n')
		w.out = out[:0]
		w.write(out)
		w.held = w.held[i+1:]
	}
	w.held = w.held[:0]
}

// keyBodyLine reports whether l can be a line of a PEM body: a blank line,
// an RFC 1421 header ("Proc-Type: 4,ENCRYPTED", "DEK-Info: AES-128-CBC,…")
// or base64 of at most 128 bytes. weak reports a short line of letters
// only, which may as well be a word of text ("after").
func keyBodyLine(l []byte) (body, weak bool) {
	l = bytes.TrimRight(l, "\r")
	if len(l) == 0 {
		return true, false
	}
	if len(l) > maxKeyLine {
		return false, false
	}
	if bytes.HasPrefix(l, []byte("Proc-Type: ")) || bytes.HasPrefix(l, []byte("DEK-Info: ")) {
		return true, false
	}
	letters := true
	for _, c := range l {
		switch {
		case isLetter(c):
		case isDigit(c), c == '+', c == '/', c == '=':
			letters = false
		default:
			return false, false
		}
	}
	return true, letters && len(l) < 40
}

func (w *writer) write(b []byte) {
	if w.err != nil || len(b) == 0 {
		return
	}
	_, w.err = w.dst.Write(b)
}

// Close redacts and writes the pending partial line. It does not close the
// underlying writer. Close is idempotent.
func (w *writer) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return w.err
	}
	w.closed = true
	if w.keyBody > 0 && len(w.buf) > 0 && w.ctx == 0 && !w.dropRun && w.keyLine(w.buf, false) {
		w.buf = w.buf[:0]
	}
	if w.keyBody > 0 {
		w.endKey() // the input ended inside a key: held lines were text
	}
	if len(w.buf) > w.ctx && !w.dropRun {
		w.line(w.buf, false)
	}
	w.buf = nil
	return w.err
}
