//go:build !unix

package onekosmos

import "time"

func processCPU() (time.Duration, bool) { return 0, false }
