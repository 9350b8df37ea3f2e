package redact_test

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"

	"github.com/kyckit/kyckit/internal/redactcorpus"
	"github.com/kyckit/kyckit/redact"
)

// sameOutputDigests are the SHA-256 digests of Redact's output over the
// benchmark corpora and the generated corpus of TestCorpus, one line after
// another (each followed by '\n'), under several option sets. They were
// taken from the code before the scanner-speed work of issue 23 (commit
// 69a684b): a change meant only to make the scanner faster must keep them.
// A change of behaviour (a new detector, a fixed leak) updates them, in
// the same commit and saying so; TestCorpus and the fuzz properties are
// what say the new output is right.
var sameOutputDigests = map[string]string{
	"mixed/default":   "f4960e0af1bb1872b294374bfefed6a004178e136096716038139852321c1347",
	"clean/default":   "1a1d0088ae00767f2c2643d126bc6daccd598f3efe621f5bb9b315f84632edf5",
	"corpus/default":  "db4241e75e33068386a3211bc533fc2afef363a516552a3a8a4184678fce0096",
	"corpus/partial":  "85dccf32fec08efbcce24f4040c055fd49042d815153474fe4ee07e0cb5f0946",
	"corpus/hash":     "7ee417bef2b049c25516c5eeb7ba40477551d5de9c7c305befd309fd2f1b5d61",
	"corpus/exactkey": "464b8041cccb50cc67966d7fbfdd15b99412780f175d8f7fb8f6ab35e52485b1",
}

func sameOutputOptions(name string) *redact.Options {
	switch name {
	case "partial":
		return &redact.Options{Mode: redact.Partial}
	case "hash":
		return &redact.Options{Mode: redact.Hash, HashKey: make([]byte, 32), HashKeyID: "k1"}
	case "exactkey":
		return &redact.Options{ExactKeys: true, Modes: map[redact.Kind]redact.Mode{redact.Email: redact.Off}}
	}
	return nil
}

// TestSameOutput checks that Redact's output over fixed corpora is byte
// for byte what it was (see sameOutputDigests).
func TestSameOutput(t *testing.T) {
	for _, c := range []struct{ corpus, opts string }{
		{"mixed", "default"}, {"clean", "default"},
		{"corpus", "default"}, {"corpus", "partial"}, {"corpus", "hash"}, {"corpus", "exactkey"},
	} {
		name := c.corpus + "/" + c.opts
		var lines [][]byte
		switch c.corpus {
		case "mixed":
			lines, _ = benchLines(false)
		case "clean":
			lines, _ = benchLines(true)
		default:
			for _, l := range redactcorpus.New(7).Mixed(6000) {
				lines = append(lines, []byte(l.Text))
			}
		}
		r := mustNew(t, sameOutputOptions(c.opts))
		h := sha256.New()
		var dst []byte
		for _, l := range lines {
			dst = r.Redact(dst[:0], l)
			h.Write(dst)
			h.Write([]byte{'\n'})
		}
		got := hex.EncodeToString(h.Sum(nil))
		if want := sameOutputDigests[name]; got != want {
			t.Errorf("%s: output digest %s, want %s", name, got, want)
		}
	}
}
