//go:build !(linux || darwin || freebsd || openbsd || netbsd || dragonfly)

package boltstore

import "time"

// lockFile is a no-op here: bbolt's own file lock (polled every 50ms)
// still serializes processes, only more slowly.
func lockFile(string, time.Duration) (func(), error) { return func() {}, nil }
