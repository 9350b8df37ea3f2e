package main

import "github.com/kyckit/kyckit/internal/testvectors"

func vectorsDir() (string, bool) { return testvectors.Locate() }
