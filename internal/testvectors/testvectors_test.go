package testvectors

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeTB records what a helper did to a test instead of doing it, so the
// skip/fail rules can be asserted. Skip and Fatal end the helper with
// runtime.Goexit in a real test; here they panic and run catches it.
type fakeTB struct {
	testing.TB
	skipped, failed bool
	msg             string
}

type stop struct{}

func (f *fakeTB) Helper() {}

func (f *fakeTB) Skipf(format string, args ...any) {
	f.skipped, f.msg = true, fmt.Sprintf(format, args...)
	panic(stop{})
}

func (f *fakeTB) Fatalf(format string, args ...any) {
	f.failed, f.msg = true, fmt.Sprintf(format, args...)
	panic(stop{})
}

func (f *fakeTB) run(fn func(testing.TB)) (ret *fakeTB) {
	ret = f
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(stop); !ok {
				panic(r)
			}
		}
	}()
	fn(f)
	return ret
}

func TestDirFromEnv(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(EnvVectors, dir)
	t.Setenv(EnvRequireVectors, "")
	f := (&fakeTB{}).run(func(tb testing.TB) {
		if got := Dir(tb); got != dir {
			t.Errorf("Dir = %q, want %q", got, dir)
		}
	})
	if f.skipped || f.failed {
		t.Fatalf("present dir: skipped=%v failed=%v", f.skipped, f.failed)
	}
	if err := os.WriteFile(filepath.Join(dir, "v.txt"), []byte("vector"), 0o644); err != nil {
		t.Fatal(err)
	}
	(&fakeTB{}).run(func(tb testing.TB) {
		if got := string(Read(tb, "v.txt")); got != "vector" {
			t.Errorf("Read = %q", got)
		}
	})
}

func TestMissingSkipsOrFails(t *testing.T) {
	t.Setenv(EnvVectors, filepath.Join(t.TempDir(), "absent"))
	for _, tc := range []struct {
		require         string
		skipped, failed bool
	}{
		{"", true, false},
		{"0", true, false},
		{"1", false, true},
	} {
		t.Setenv(EnvRequireVectors, tc.require)
		f := (&fakeTB{}).run(func(tb testing.TB) { Dir(tb) })
		if f.skipped != tc.skipped || f.failed != tc.failed {
			t.Errorf("require=%q: skipped=%v failed=%v", tc.require, f.skipped, f.failed)
		}
	}
	// The skip says what is missing, why, and how to run with the vectors.
	t.Setenv(EnvRequireVectors, "")
	f := (&fakeTB{}).run(func(tb testing.TB) { Dir(tb) })
	for _, want := range []string{"test vectors not found at ", "absent", "outside the repository", "README.md", EnvVectors + "=DIR", EnvRequireVectors + "=1"} {
		if !strings.Contains(f.msg, want) {
			t.Errorf("skip message %q does not say %q", f.msg, want)
		}
	}
	// A missing file inside a present directory follows the same rule.
	t.Setenv(EnvVectors, t.TempDir())
	t.Setenv(EnvRequireVectors, "1")
	if f := (&fakeTB{}).run(func(tb testing.TB) { Path(tb, "nope.json") }); !f.failed {
		t.Error("missing vector file under KYCKIT_REQUIRE_VECTORS=1 did not fail")
	}
}

func TestBinary(t *testing.T) {
	const env = "KYCKIT_REQUIRE_TESTVECTORS_SELFTEST"
	t.Setenv(env, "")
	if f := (&fakeTB{}).run(func(tb testing.TB) { Binary(tb, "kyckit-no-such-binary", env) }); !f.skipped {
		t.Error("absent binary did not skip")
	}
	t.Setenv(env, "1")
	if f := (&fakeTB{}).run(func(tb testing.TB) { Binary(tb, "kyckit-no-such-binary", env) }); !f.failed {
		t.Error("absent required binary did not fail")
	}
	f := (&fakeTB{}).run(func(tb testing.TB) {
		if p := Binary(tb, "go", env); filepath.Base(p) != "go" {
			t.Errorf("Binary(go) = %q", p)
		}
	})
	if f.skipped || f.failed {
		t.Error("present binary skipped or failed")
	}
}

// TestSharedVectorsPresent is the one test that proves the vectors are where
// CI puts them; under KYCKIT_REQUIRE_VECTORS=1 their absence fails the run.
func TestSharedVectorsPresent(t *testing.T) {
	dir := Dir(t)
	for _, sub := range []string{"sdjwt", "aadhaar", "redact"} {
		if fi, err := os.Stat(filepath.Join(dir, sub)); err != nil || !fi.IsDir() {
			t.Errorf("vectors/%s missing", sub)
		}
	}
}
