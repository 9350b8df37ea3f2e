package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	// Scripts (and the tests that exec "kyckit" from $PATH) run the real
	// main: signal handling and the go-redis logger included.
	testscript.Main(m, map[string]func(){"kyckit": main})
}

// TestScripts runs every cmd/kyckit/testdata/*.txtar script. Scripts can
// read the shared vectors through $VECTORS when they are present (the
// condition [vectors] tells), and use the fixtures under the repository's
// testdata/ through $TESTDATA.
func TestScripts(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir: "testdata",
		Setup: func(env *testscript.Env) error {
			env.Setenv("TESTDATA", filepath.Join(root, "testdata"))
			if dir, ok := vectorsDir(); ok {
				env.Setenv("VECTORS", dir)
			}
			return nil
		},
		Condition: func(cond string) (bool, error) {
			if cond == "vectors" {
				_, ok := vectorsDir()
				return ok, nil
			}
			return false, nil
		},
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
	})
}

func TestCommandsSorted(t *testing.T) {
	var check func(path string, cmds []*command)
	check = func(path string, cmds []*command) {
		for i, c := range cmds {
			if i > 0 && cmds[i-1].name >= c.name {
				t.Errorf("%s: command %q is not after %q", path, c.name, cmds[i-1].name)
			}
			if (c.subs == nil) == (c.flags == nil) {
				t.Errorf("%s %s: must have exactly one of flags and subs", path, c.name)
			}
			if c.summary == "" || c.usage == "" || strings.HasSuffix(c.summary, ".") {
				t.Errorf("%s %s: summary and usage required, summary without period", path, c.name)
			}
			check(path+" "+c.name, c.subs)
		}
	}
	check("kyckit", commands)
}

// TestRunExitCodes drives run directly, so the exit-status contract is
// checked without the testscript machinery.
func TestRunExitCodes(t *testing.T) {
	tests := []struct {
		args       []string
		stdin      string
		code       int
		stdoutPart string
		stderrPart string
	}{
		{[]string{"verhoeff", "check"}, "234123412346\n", 0, "valid\n", ""},
		{[]string{"verhoeff", "check"}, "234123412347\n", 1, "invalid\n", "kyckit: error: standard input line 1: check digit mismatch"},
		{[]string{"-json-errors", "verhoeff", "check"}, "234123412347\n", 1, "invalid\n", `{"level":"error","message":"standard input line 1: check digit mismatch","hints":[],"exit":1}`},
		{[]string{"nosuch"}, "", 2, "", "kyckit: hint: run \"kyckit help\""},
		{[]string{}, "", 2, "", "Commands:"},
		{[]string{"-version"}, "", 0, "", ""},
		{[]string{"-nosuchflag"}, "", 2, "", "kyckit: error: flag provided but not defined"},
		{[]string{"verhoeff", "check", "-nosuch"}, "", 2, "", "kyckit: hint: run \"kyckit help verhoeff check\" for usage"},
		{[]string{"verhoeff", "check", "-h"}, "", 0, "Usage: kyckit verhoeff check", ""},
		{[]string{"help", "verhoeff"}, "", 0, "Commands:", ""},
		{[]string{"-h"}, "", 0, "Usage:", ""},
		{[]string{"verhoeff", "check", "a", "b"}, "", 2, "", "too many arguments"},
		{[]string{"verhoeff", "check", "in.txt", "-o", "x"}, "", 2, "", "flags must come before the input file"},
		{[]string{"help", "nosuch"}, "", 2, "", "unknown command"},
		{[]string{"help", "verhoeff", "check", "extra"}, "", 2, "", "has no subcommands"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), tt.args, strings.NewReader(tt.stdin), &stdout, &stderr)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tt.code, stderr.String())
			}
			if !strings.Contains(stdout.String(), tt.stdoutPart) {
				t.Errorf("stdout %q does not contain %q", stdout.String(), tt.stdoutPart)
			}
			if !strings.Contains(stderr.String(), tt.stderrPart) {
				t.Errorf("stderr %q does not contain %q", stderr.String(), tt.stderrPart)
			}
			if tt.code == 0 && stderr.Len() > 0 {
				t.Errorf("success printed on stderr: %q", stderr.String())
			}
		})
	}
}

// TestOutputFileAtomic checks that -o never leaves a file behind on
// failure, never truncates an existing file on failure, and replaces it on
// success.
func TestOutputFileAtomic(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out.txt")
	runIt := func(stdin string) int {
		return run(context.Background(), []string{"verhoeff", "check", "-o", out}, strings.NewReader(stdin), &bytes.Buffer{}, &bytes.Buffer{})
	}
	if code := runIt("234123412346\n234123412347\n"); code != 1 {
		t.Fatalf("exit %d", code)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatalf("failed run left %s: %v", out, err)
	}
	if err := os.WriteFile(out, []byte("keep\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	runIt("234123412347\n")
	if b, _ := os.ReadFile(out); string(b) != "keep\n" {
		t.Fatalf("failed run changed existing output to %q", b)
	}
	if code := runIt("234123412346\n"); code != 0 {
		t.Fatalf("exit %d", code)
	}
	if b, _ := os.ReadFile(out); string(b) != "valid\n" {
		t.Fatalf("output %q", b)
	}
	fi, err := os.Stat(out)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("output mode %v, %v; want 0600", fi.Mode(), err)
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		t.Fatalf("temporary files left behind: %v", ents)
	}
}
