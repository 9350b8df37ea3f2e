package retentiontest

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// FilesContaining returns the names of the files under dir (recursively)
// whose bytes contain needle: what an erasure test of a store that keeps
// files (bbolt's, Redis's AOF and RDB) greps for a wrapped key, a
// ciphertext or a plaintext after the Vault erased it. Errors fail t.
func FilesContaining(t testing.TB, dir string, needle []byte) []string {
	t.Helper()
	var hits []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if bytes.Contains(b, needle) {
			hits = append(hits, filepath.Base(p))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return hits
}
