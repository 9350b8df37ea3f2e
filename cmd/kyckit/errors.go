package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
)

// cliError is an error with hints for the person at the terminal, and an
// exit status: exitUsage for usage errors, exitFailure otherwise.
type cliError struct {
	err   error
	hints []string
	code  int
}

func (e *cliError) Error() string { return e.err.Error() }
func (e *cliError) Unwrap() error { return e.err }

// withHints returns e with more hint lines.
func (e *cliError) withHints(hints ...string) *cliError {
	e.hints = append(e.hints, hints...)
	return e
}

// usagef is a usage error: exit status 2.
func usagef(format string, args ...any) error {
	return &cliError{err: fmt.Errorf(format, args...), code: exitUsage}
}

// withHint wraps err (exit status 1) with hint lines.
func withHint(err error, hints ...string) error {
	return &cliError{err: err, hints: hints, code: exitFailure}
}

// errSilent fails a command whose output already says why (exit 1, no
// error line).
var errSilent = errors.New("silent failure")

// report prints err, if any, as "kyckit: error: …" and its hints (or as one
// JSON object under -json-errors), and returns the exit status.
func (e *env) report(err error) int {
	if err == nil {
		return exitOK
	}
	if errors.Is(err, errSilent) {
		return exitFailure
	}
	code := exitFailure
	var hints []string
	var ce *cliError
	var se *signalError
	switch {
	case errors.As(err, &se):
		code = se.exitCode()
	case errors.As(err, &ce):
		code = ce.code
		hints = ce.hints
	}
	msg := strings.TrimRight(err.Error(), ".\n")
	if e.jsonErrors {
		if hints == nil {
			hints = []string{}
		}
		b, _ := json.Marshal(jsonError{Level: "error", Message: msg, Hints: hints, Exit: code})
		fmt.Fprintf(e.stderr, "%s\n", b)
		return code
	}
	fmt.Fprintf(e.stderr, "kyckit: error: %s\n", msg)
	for _, h := range hints {
		fmt.Fprintf(e.stderr, "kyckit: hint: %s\n", h)
	}
	return code
}

// warnf prints a "kyckit: warning: …" line.
func (e *env) warnf(format string, args ...any) {
	fmt.Fprintf(e.stderr, "kyckit: warning: "+format+"\n", args...)
}

// hintf prints a "kyckit: hint: …" line.
func (e *env) hintf(format string, args ...any) {
	fmt.Fprintf(e.stderr, "kyckit: hint: "+format+"\n", args...)
}

// envJSONErrors names the environment variable that, like -json-errors,
// makes diagnostics JSON ("1" or "true").
const envJSONErrors = "KYCKIT_JSON_ERRORS"

// Under -json-errors each diagnostic is a JSON object on one line of
// standard error: jsonError for the error that ends the command (with its
// hints, possibly none, and the exit status), jsonDiag for the rest.
type (
	jsonError struct {
		Level   string   `json:"level"` // "error"
		Message string   `json:"message"`
		Hints   []string `json:"hints"`
		Exit    int      `json:"exit"`
	}
	jsonDiag struct {
		Level   string `json:"level"` // warning, hint, note, stats
		Message string `json:"message"`
	}
)

// jsonDiagWriter is standard error under -json-errors. Commands print
// diagnostics as "kyckit: LEVEL: message" lines; this writer turns each such
// line into a [jsonDiag] object, so that every command's warnings become
// JSON without knowing about the flag. Other lines (a JSON line already, the
// demo's -v log) pass through unchanged.
type jsonDiagWriter struct {
	mu      sync.Mutex
	w       io.Writer
	partial []byte // a line without its newline yet
	out     []byte // the line being written
}

// maxDiagLine caps the partial line held back; a longer one passes through.
const maxDiagLine = 64 << 10

func (j *jsonDiagWriter) Write(p []byte) (int, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	n := len(p)
	for len(p) > 0 {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			j.partial = append(j.partial, p...)
			if len(j.partial) > maxDiagLine {
				_, err := j.w.Write(j.partial)
				j.partial = j.partial[:0]
				return n, err
			}
			break
		}
		line := p[:i]
		if len(j.partial) > 0 {
			line = append(j.partial, line...)
			j.partial = j.partial[:0]
		}
		if err := j.writeLine(line); err != nil {
			return 0, err
		}
		p = p[i+1:]
	}
	return n, nil
}

// flush writes a last line that had no newline.
func (j *jsonDiagWriter) flush() {
	j.mu.Lock()
	defer j.mu.Unlock()
	if len(j.partial) > 0 {
		j.writeLine(j.partial)
		j.partial = nil
	}
}

func (j *jsonDiagWriter) writeLine(line []byte) error {
	if level, msg, ok := diagLine(string(line)); ok {
		line, _ = json.Marshal(jsonDiag{Level: level, Message: msg})
	}
	j.out = append(append(j.out[:0], line...), '\n')
	_, err := j.w.Write(j.out)
	return err
}

// diagLine splits "kyckit: LEVEL: message", where LEVEL is one lowercase
// word.
func diagLine(s string) (level, msg string, ok bool) {
	rest, ok := strings.CutPrefix(s, "kyckit: ")
	if !ok {
		return "", "", false
	}
	level, msg, ok = strings.Cut(rest, ": ")
	if !ok || level == "" || len(level) > 16 {
		return "", "", false
	}
	for _, c := range level {
		if c < 'a' || c > 'z' {
			return "", "", false
		}
	}
	return level, msg, true
}
