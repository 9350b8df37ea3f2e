package workspace

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// root is the repository root, where go.work lives.
var root = filepath.Join("..", "..")

// modules returns the directories of go.work's use directives other than
// the root module itself.
func modules(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, "go.work"))
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	inUse := false
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if i := strings.Index(line, "//"); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		switch {
		case line == "use (":
			inUse = true
			continue
		case inUse && line == ")":
			inUse = false
			continue
		case strings.HasPrefix(line, "use "):
			line = strings.TrimSpace(strings.TrimPrefix(line, "use "))
		case !inUse:
			continue
		}
		if d := filepath.Clean(line); line != "" && d != "." {
			dirs = append(dirs, d)
		}
	}
	return dirs
}

// TestGoWork: go.work uses every module of the repository, so that a new
// module cannot be left out of the tests and of CI. A module with a go.work
// of its own (otelcol: the collector's dependency graph must not join the
// toolkit's workspace) is a workspace apart; .ci/run must then test it
// itself, which the test checks by looking for "cd DIR" in .ci/run.
func TestGoWork(t *testing.T) {
	ci, err := os.ReadFile(filepath.Join(root, ".ci", "run"))
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{}
	for _, d := range modules(t) {
		used[filepath.ToSlash(d)] = true
	}
	var found []string
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		// The go command ignores directories starting with '.' or '_' (as
		// otelcol/_build, the collector the builder generates, gitignored).
		if d.IsDir() && path != root && (strings.HasPrefix(d.Name(), ".") || strings.HasPrefix(d.Name(), "_") || d.Name() == "node_modules" || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.Name() == "go.mod" {
			rel, err := filepath.Rel(root, filepath.Dir(path))
			if err != nil {
				return err
			}
			if _, err := os.Stat(filepath.Join(filepath.Dir(path), "go.work")); err == nil && rel != "." {
				if !bytes.Contains(ci, []byte("cd "+filepath.ToSlash(rel))) {
					t.Errorf("module %s has its own go.work but .ci/run never runs in it", rel)
				}
				return nil
			}
			if rel != "." {
				found = append(found, filepath.ToSlash(rel))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range found {
		if !used[d] {
			t.Errorf("module %s is not in go.work", d)
		}
		delete(used, d)
	}
	for d := range used {
		t.Errorf("go.work uses %s, which has no go.mod", d)
	}
	if len(found) == 0 {
		t.Error("no nested modules found")
	}
}

// TestModules runs each nested module's tests.
func TestModules(t *testing.T) {
	track(t)
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to test the nested modules: %v", err)
	}
	args := []string{"test"}
	if raceEnabled {
		args = append(args, "-race")
	}
	if testing.Short() {
		args = append(args, "-short")
	}
	if testing.Verbose() {
		args = append(args, "-v")
	}
	flag.Visit(func(f *flag.Flag) { // only flags given on the command line
		if f.Name == "test.count" {
			args = append(args, "-count="+f.Value.String())
		}
	})
	args = append(args, "./...")
	ctx := context.Background()
	if d, ok := t.Deadline(); ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, d)
		defer cancel()
	}
	for _, dir := range modules(t) {
		t.Run(filepath.ToSlash(dir), func(t *testing.T) {
			cmd := exec.CommandContext(ctx, goBin, args...)
			cmd.Dir = filepath.Join(root, dir)
			var out bytes.Buffer
			if testing.Verbose() {
				// Streamed, so that the nested tests' PASS, FAIL and SKIP
				// lines show in the verbose log as the root module's do.
				cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
			} else {
				cmd.Stdout, cmd.Stderr = &out, &out
			}
			if err := cmd.Run(); err != nil {
				t.Errorf("go %s in %s: %v\n%s", strings.Join(args, " "), dir, err, out.Bytes())
			}
		})
	}
}

// track makes go test's cache depend on what the nested tests see: every
// file of the repository (go test records the files a test stats) and the
// environment variables that steer them (it records those a test reads).
func track(t *testing.T) {
	t.Helper()
	for _, kv := range os.Environ() {
		if name, _, _ := strings.Cut(kv, "="); strings.HasPrefix(name, "KYCKIT_") {
			os.Getenv(name)
		}
	}
	for _, name := range []string{"PATH", "GOFLAGS", "GOWORK", "GOEXPERIMENT", "GODEBUG", "CGO_ENABLED"} {
		os.Getenv(name)
	}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); n == ".git" || n == "node_modules" {
				return filepath.SkipDir
			}
			return nil
		}
		_, err = os.Stat(path)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
