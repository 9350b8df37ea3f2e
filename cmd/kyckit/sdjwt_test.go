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
	// SECURITY.md: "flips every byte of every disclosure of the fixture
	// (over 1,500 cases)".
	if n < 1500 {
		t.Fatalf("only %d cases; SECURITY.md promises over 1,500", n)
	}
}

// failReader fails the test if the command reads its input.
type failReader struct{ t *testing.T }

func (r failReader) Read([]byte) (int, error) {
	r.t.Error("input read before the flags were validated")
	return 0, os.ErrClosed
}

// TestSDJWTVerifyAlgFlag: -alg with a symmetric algorithm (or "none", or
// anything kyckit cannot verify) is a usage error at flag parsing: exit 2,
// nothing read, nothing printed.
func TestSDJWTVerifyAlgFlag(t *testing.T) {
	key := filepath.Join("..", "..", "testdata", "sdjwt", "issuer.pub.pem")
	for _, alg := range []string{"HS256", "HS384", "HS512", "none", "ES256,HS256", "es256", "RSA-OAEP", ""} {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), []string{"sdjwt", "verify", "-key", key, "-alg", alg}, failReader{t}, &stdout, &stderr)
		if code != exitUsage || stdout.Len() != 0 || !strings.Contains(stderr.String(), "invalid value") {
			t.Errorf("-alg %q: exit %d, stdout %q, stderr %q; want exit %d", alg, code, stdout.String(), stderr.String(), exitUsage)
		}
	}
	// Every supported algorithm parses (the input then fails to verify
	// or not, but not at flag parsing).
	for _, alg := range []string{"ES256", "ES384,ES512", "PS256,RS256", "EdDSA"} {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), []string{"sdjwt", "verify", "-key", key, "-alg", alg}, strings.NewReader("x"), &stdout, &stderr)
		if code == exitUsage {
			t.Errorf("-alg %q refused: %s", alg, stderr.String())
		}
	}
}
