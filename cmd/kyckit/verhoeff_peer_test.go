package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kyckit/kyckit/internal/checkpeer"
)

// TestVerhoeffCheckAgainstNodePeer is issue 14's acceptance check: kyckit
// verhoeff check agrees with an independent JavaScript Verhoeff (written
// from Wikipedia's tables, internal/checkpeer/verhoeff.js) on every number
// of the differential test, and verhoeff compute appends the peer's check
// digit.
func TestVerhoeffCheckAgainstNodePeer(t *testing.T) {
	nums, peer := checkpeer.VerhoeffSet(t, 14, 4096)
	// Two of the numbers ride along: AccuAuth's sample Aadhaar
	// number (valid) and an order number (invalid).
	nums = append(nums, "954077169168", "258124159780")
	peer = append(peer, checkpeer.Verhoeff(t, nums[len(nums)-2:])...)
	if !peer[len(peer)-2].Valid || peer[len(peer)-1].Valid {
		t.Fatal("the peer disagrees with the issue's known answers")
	}
	in := filepath.Join(t.TempDir(), "numbers.txt")
	if err := os.WriteFile(in, []byte(strings.Join(nums, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"verhoeff", "check", in}, strings.NewReader(""), &stdout, &stderr)
	if code != 1 {
		t.Errorf("exit %d, want 1 (some numbers are invalid); stderr %s", code, stderr.String())
	}
	got := strings.Split(strings.TrimSuffix(stdout.String(), "\n"), "\n")
	if len(got) != len(nums) {
		t.Fatalf("%d answers for %d numbers", len(got), len(nums))
	}
	for i, n := range nums {
		want := "invalid"
		if peer[i].Valid {
			want = "valid"
		}
		if got[i] != want {
			t.Errorf("line %d (%s): kyckit says %s, the peer %s", i+1, n, got[i], want)
		}
	}

	stdout.Reset()
	stderr.Reset()
	if code := run(context.Background(), []string{"verhoeff", "compute", in}, strings.NewReader(""), &stdout, &stderr); code != 0 {
		t.Fatalf("compute: exit %d: %s", code, stderr.String())
	}
	got = strings.Split(strings.TrimSuffix(stdout.String(), "\n"), "\n")
	for i, n := range nums {
		if want := n + string(peer[i].Check); got[i] != want {
			t.Errorf("compute line %d: kyckit %s, peer %s", i+1, got[i], want)
		}
	}
}
