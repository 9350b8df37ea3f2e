package redact

// RedactAllPasses is Redact without the proof of settled.go: every pass
// that changed something is followed by another, up to maxPasses. It is
// the reference FuzzSettled compares Redact with.
func (r *Redactor) RedactAllPasses(src []byte) []byte {
	out, changed, _ := r.redactOnce(nil, src)
	for pass := 1; changed && pass < maxPasses; pass++ {
		in := append([]byte(nil), out...)
		out, changed, _ = r.redactOnce(nil, in)
	}
	return out
}

// ScanningAll returns a copy of r that scans free text at every position
// (scanEvery), without the candidate filter of fastscan.go, and parses a
// JSON object or array that a sensitive key keeps twice (validated, then
// scanned, as keyedValue does): the reference FuzzScanCandidates compares
// r with.
func (r *Redactor) ScanningAll() *Redactor {
	c := *r
	c.scanAll = true
	if c.inner != nil {
		in := *c.inner
		in.scanAll = true
		c.inner = &in
	}
	return &c
}

// UseCandidates turns the candidate filter on, even where the CPU has no
// fast classifier, for the duration of a test.
func UseCandidates(tb interface{ Cleanup(func()) }) {
	old := candidatesOn
	candidatesOn = true
	tb.Cleanup(func() { candidatesOn = old })
}
