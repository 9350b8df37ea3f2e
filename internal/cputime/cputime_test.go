package cputime

import (
	"runtime"
	"testing"
	"time"
)

// TestSelfCountsWork: busy work moves Self forward; a Self that stood
// still (or read another clock's zero) would run into the 10 s cap.
func TestSelfCountsWork(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "plan9" {
		t.Skip("Self is 0 outside Unix")
	}
	start, t0 := Self(), time.Now()
	x := uint64(1)
	for Self()-start < 20*time.Millisecond {
		if time.Since(t0) > 10*time.Second {
			t.Fatalf("10 s of busy work counted %v of CPU time (x=%d)", Self()-start, x)
		}
		for i := 0; i < 10000; i++ {
			x = x*6364136223846793005 + 1442695040888963407
		}
	}
}
