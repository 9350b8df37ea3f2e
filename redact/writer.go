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
	mu      sync.Mutex
	dst     io.Writer
	r       *Redactor
	max     int
	buf     []byte // the pending partial line, at most max bytes
	out     []byte // reused output buffer
	inKey   bool   // inside a multi-line PEM private key
	dropRun bool   // dropping the rest of an over-long token
	err     error
	closed  bool
}

// NewWriter returns a writer that redacts what it is given line by line
// and writes the result to dst. A token split across Write calls is still
// caught, because a line is redacted only when its newline (or Close)
// arrives. Memory is bounded by r's MaxLine: a longer line is cut at a
// separator (space, comma, quote, bracket…), each piece scanned on its own
// (JSON structure is then lost and the free-text detectors apply); a single
// token longer than MaxLine is replaced, never passed through, and counted
// as a [Field] replacement in [Stats] when no detector matched it. Lines
// between a PEM "BEGIN … PRIVATE KEY" line and its END line are dropped.
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

// cut handles a full buffer without a newline: it redacts and writes the
// buffer up to its last separator, keeping the rest; a buffer without any
// separator is one over-long token, replaced whole.
func (w *writer) cut() {
	b := w.buf
	c := -1
	for k := len(b) - 1; k > 0; k-- {
		if isCut(b[k]) || (b[k] == ' ' && !(isAlnum(b[k-1]) && k+1 < len(b) && isAlnum(b[k+1]))) {
			c = k
			break
		}
	}
	if c < 0 {
		// Last resort: any space, even one inside "2341 2341 2346".
		c = bytes.LastIndexByte(b, ' ')
	}
	if c < 0 {
		red := w.r.Redact(w.out[:0], b)
		if string(red) == string(b) {
			red = append(red[:0], "[REDACTED]"...)
			if w.r.stats != nil {
				w.r.stats.n[Field].Add(1)
			}
		}
		w.out = red[:0]
		w.write(red)
		w.buf = w.buf[:0]
		w.dropRun = true
		return
	}
	w.line(b[:c+1], false)
	rest := copy(w.buf, b[c+1:])
	w.buf = w.buf[:rest]
}

// line redacts one line (or piece of a line) and writes it.
func (w *writer) line(l []byte, nl bool) {
	if w.inKey {
		if bytes.Contains(l, []byte("-----END ")) {
			w.inKey = false
		}
		return
	}
	out := w.r.Redact(w.out[:0], l)
	if nl {
		out = append(out, '\n')
	}
	w.out = out[:0]
	w.write(out)
	if w.r.modes[PrivateKey] != Off {
		if b := bytes.Index(l, []byte("-----BEGIN ")); b >= 0 &&
			bytes.Contains(l[b:], []byte("PRIVATE KEY-----")) && !bytes.Contains(l[b:], []byte("-----END ")) {
			w.inKey = true
		}
	}
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
	if len(w.buf) > 0 && !w.dropRun {
		w.line(w.buf, false)
	}
	w.buf = nil
	return w.err
}
