//go:build !linux

package boltstore

import "os"

// fdatasync flushes f; elsewhere than Linux, a full fsync.
func fdatasync(f *os.File) error { return f.Sync() }
