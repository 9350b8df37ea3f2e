// Package benchmark holds only the benchmark of the kyckitredact processor
// against the contrib redactionprocessor (bench_test.go). It is a package of
// its own so that contrib's processor, and what it imports, stays out of
// the processor's test binary.
package benchmark
