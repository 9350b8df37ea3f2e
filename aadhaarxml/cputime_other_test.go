//go:build !linux

package aadhaarxml

import "time"

func threadCPU() (time.Duration, bool) { return 0, false }
