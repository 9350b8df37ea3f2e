// Package cputime reads this process's CPU time, for benchmarks that
// report throughput per CPU-second next to wall-clock throughput: on a
// shared, loaded machine the former moves less. It is test support: only
// tests and benchmarks import it.
package cputime

import "time"

// Self returns the user+system CPU time this process has used, or 0 where
// the system does not say (outside Unix).
func Self() time.Duration { return self() }
