//go:build !unix

package ecdsa

import "time"

func processCPU() (time.Duration, bool) { return 0, false }
