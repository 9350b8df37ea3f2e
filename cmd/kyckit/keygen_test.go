package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestKeygenKeyFileMode: issue 20, "ecdsa keygen to stdout leaves the key
// at the umask". -o writes mode 0600; a redirection into a file others can
// read, or a terminal (keygen_linux_test.go), gets a warning; a pipe gets
// none.
func TestKeygenKeyFileMode(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "key.json")
	if msg, code := keygen(&bytes.Buffer{}, "-o", out); code != 0 || msg != "" {
		t.Fatalf("keygen -o: exit %d, stderr %q", code, msg)
	}
	if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("keygen -o: mode %v, %v; want 0600", fi.Mode(), err)
	}

	if msg, _ := keygen(&bytes.Buffer{}); msg != "" {
		t.Errorf("keygen to a pipe warned: %q", msg)
	}

	for _, tt := range []struct {
		mode os.FileMode
		warn bool
	}{{0o644, true}, {0o640, true}, {0o600, false}} {
		f, err := os.OpenFile(filepath.Join(dir, "redirected-"+tt.mode.String()), os.O_CREATE|os.O_WRONLY, tt.mode)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.Chmod(tt.mode); err != nil { // whatever the umask
			t.Fatal(err)
		}
		msg, code := keygen(f)
		f.Close()
		if code != 0 {
			t.Fatalf("exit %d: %s", code, msg)
		}
		warned := strings.Contains(msg, "kyckit: warning: writing a private key to a file other users can read") &&
			strings.Contains(msg, "kyckit: hint: use -o FILE")
		if warned != tt.warn {
			t.Errorf("stdout a file with mode %v: stderr %q, want warning %v", tt.mode, msg, tt.warn)
		}
	}
}

// keygen runs "kyckit ecdsa keygen args…" with stdout and returns what it
// printed on stderr and its exit status.
func keygen(stdout io.Writer, args ...string) (string, int) {
	var stderr bytes.Buffer
	code := run(context.Background(), append([]string{"ecdsa", "keygen"}, args...), strings.NewReader(""), stdout, &stderr)
	return stderr.String(), code
}
