package main

import (
	"errors"
	"fmt"
	"strings"
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

// report prints err, if any, as "kyckit: error: …" and its hints, and
// returns the exit status.
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
	if errors.As(err, &ce) {
		code = ce.code
		hints = ce.hints
	}
	msg := strings.TrimRight(err.Error(), ".\n")
	fmt.Fprintf(e.stderr, "kyckit: error: %s\n", msg)
	for _, h := range hints {
		fmt.Fprintf(e.stderr, "kyckit: hint: %s\n", h)
	}
	return code
}
