package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSDJWTVerifyRejectsEveryDisclosureByteChange is the acceptance line
// of the sdjwt issue: verify -profile uidai accepts the synthetic UIDAI
// credential and rejects it, printing nothing on stdout, after any single
// byte of any disclosure is changed.
func TestSDJWTVerifyRejectsEveryDisclosureByteChange(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "sdjwt")
	raw, err := os.ReadFile(filepath.Join(dir, "uidai-presentation.txt"))
	if err != nil {
		t.Fatal(err)
	}
	tok := strings.TrimSpace(string(raw))
	args := []string{"sdjwt", "verify", "-jwks", filepath.Join(dir, "issuer.jwks.json"), "-profile", "uidai",
		"-aud", "https://ovse.example.in", "-nonce", "kyckit-test-txn-0001", "-at", "2025-06-15T15:08:00Z"}
	verify := func(tok string) (int, string, string) {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), args, strings.NewReader(tok), &stdout, &stderr)
		return code, stdout.String(), stderr.String()
	}
	if code, out, errOut := verify(tok); code != 0 || !strings.Contains(out, `"name": "Meera Test Joshi"`) {
		t.Fatalf("untampered: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	first := strings.IndexByte(tok, '~') + 1
	last := strings.LastIndexByte(tok, '~')
	n := 0
	for i := first; i < last; i++ {
		if tok[i] == '~' {
			continue
		}
		for _, c := range []byte{'A', 'B', '=', '.'} {
			if tok[i] == c || (c == 'B' && tok[i] != 'A') {
				continue
			}
			bad := tok[:i] + string(c) + tok[i+1:]
			code, out, errOut := verify(bad)
			if code != exitFailure || out != "" || !strings.HasPrefix(errOut, "kyckit: error: sdjwt: ") {
				t.Fatalf("byte %d -> %q: exit %d, stdout %q, stderr %q", i, c, code, out, errOut)
			}
			n++
		}
	}
	t.Logf("%d single-byte disclosure changes rejected", n)
}
