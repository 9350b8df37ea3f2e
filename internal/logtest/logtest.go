// Package logtest holds what tests that read slog output share.
package logtest

import "log/slog"

// NoTime returns handler options that leave slog's time attribute out of
// a record. Tests that look for a short value (the last four digits of a
// number, a year) in a log line need it: a timestamp's nanoseconds hold
// any four digits now and then, and such a test would fail at random.
func NoTime() *slog.HandlerOptions {
	return &slog.HandlerOptions{ReplaceAttr: dropTime}
}

func dropTime(groups []string, a slog.Attr) slog.Attr {
	if len(groups) == 0 && a.Key == slog.TimeKey {
		return slog.Attr{}
	}
	return a
}
