package onekosmos

import (
	"errors"
	"os"
	"os/exec"
	"testing"
)

// TestFIPS140OnlyRefused checks what doc.go says: under
// GODEBUG=fips140=only the scheme fails closed (no panic): Seal reports that
// the 16-byte GCM IV is unavailable and Open returns ErrDecrypt. It re-runs
// this test binary with that setting.
func TestFIPS140OnlyRefused(t *testing.T) {
	if os.Getenv("KYCKIT_ECDSA_FIPS_CHILD") == "1" {
		key := make([]byte, KeySize)
		if _, err := Seal(key, []byte("x")); err == nil || errors.Is(err, ErrKeySize) {
			t.Fatalf("Seal under fips140=only: err = %v, want the GCM refusal", err)
		}
		if _, err := Open(key, e1Envelope); err != ErrDecrypt {
			t.Fatalf("Open under fips140=only: err = %v, want ErrDecrypt", err)
		}
		return
	}
	if testing.Short() {
		t.Skip("re-runs the test binary")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestFIPS140OnlyRefused$", "-test.count=1")
	cmd.Env = append(os.Environ(), "KYCKIT_ECDSA_FIPS_CHILD=1", "GODEBUG=fips140=only")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child under GODEBUG=fips140=only: %v\n%s", err, out)
	}
}
