package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

// A signalError is the cause of the context of a command that SIGINT or
// SIGTERM interrupted. kyckit then exits with 128 plus the signal number,
// as a shell reports a process killed by it: 130 for SIGINT, 143 for
// SIGTERM.
type signalError struct{ sig os.Signal }

func (e *signalError) Error() string {
	switch e.sig {
	case os.Interrupt:
		return "interrupted"
	case syscall.SIGTERM:
		return "terminated"
	}
	return "stopped by " + e.sig.String()
}

func (e *signalError) exitCode() int {
	if s, ok := e.sig.(syscall.Signal); ok {
		return 128 + int(s)
	}
	return 128 + int(syscall.SIGINT)
}

// notifySignals returns a context that the first SIGINT or SIGTERM cancels
// with a *signalError cause. Later signals are caught too, so that kyckit
// finishes stopping (removing -o files) rather than being killed half-way;
// run bounds that time by stopGrace. stop releases the signals.
func notifySignals() (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancelCause(context.Background())
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		select {
		case s := <-sigs:
			cancel(&signalError{sig: s})
		case <-ctx.Done():
		}
	}()
	return ctx, func() {
		signal.Stop(sigs)
		cancel(nil)
	}
}
