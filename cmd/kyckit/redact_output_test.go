//go:build unix

package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The -o target when it is not a regular file: a FIFO stands in for a
// device such as /dev/null (which a test must never point -o at: before the
// fix, kyckit replaced it with a regular file), and symbolic links are
// followed to their target.

const (
	outputIn   = "uid 2341 2341 2346\n"
	outputWant = "uid [AADHAAR]\n"
)

// runRedactOutput runs "kyckit redact -o out [args…]" with outputIn on
// standard input.
func runRedactOutput(t *testing.T, out string, args ...string) (int, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), append([]string{"redact", "-o", out}, args...), strings.NewReader(outputIn), &stdout, &stderr)
	if stdout.Len() != 0 {
		t.Errorf("stdout %q, want nothing: the data goes to -o", stdout.String())
	}
	return code, stderr.String()
}

// readFIFO reads the FIFO at path until its writer closes it.
func readFIFO(t *testing.T, path string) <-chan string {
	t.Helper()
	got := make(chan string, 1)
	go func() {
		f, err := os.Open(path) // blocks until a writer opens it
		if err != nil {
			got <- "open: " + err.Error()
			return
		}
		defer f.Close()
		b, err := io.ReadAll(f)
		if err != nil {
			got <- "read: " + err.Error()
			return
		}
		got <- string(b)
	}()
	return got
}

func mkfifo(t *testing.T, path string) {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Fatalf("mkfifo: %v", err)
	}
}

func isFIFO(t *testing.T, path string) bool {
	t.Helper()
	fi, err := os.Lstat(path)
	return err == nil && fi.Mode()&os.ModeNamedPipe != 0
}

// assertNoTemp fails when a temporary output file was left in dir.
func assertNoTemp(t *testing.T, dir string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if strings.Contains(e.Name(), ".kyckit-") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

func waitFIFO(t *testing.T, got <-chan string) string {
	t.Helper()
	select {
	case s := <-got:
		return s
	case <-time.After(deadline):
		t.Fatal("the FIFO reader got no EOF")
		return ""
	}
}

// TestRedactOutputFIFO: -o naming a FIFO writes into it; the FIFO stays a
// FIFO (it used to be replaced by a regular file).
func TestRedactOutputFIFO(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe")
	mkfifo(t, fifo)
	got := readFIFO(t, fifo)
	if code, stderr := runRedactOutput(t, fifo); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if s := waitFIFO(t, got); s != outputWant {
		t.Errorf("reader got %q, want %q", s, outputWant)
	}
	if !isFIFO(t, fifo) {
		t.Error("the FIFO was replaced")
	}
	assertNoTemp(t, dir)
}

// TestRedactOutputFIFOFailure: a command that fails before writing does
// not open the FIFO (a reader would see EOF) nor replace it.
func TestRedactOutputFIFOFailure(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe")
	mkfifo(t, fifo)
	code, stderr := runRedactOutput(t, fifo, filepath.Join(dir, "nosuch.log"))
	if code != 1 || !strings.Contains(stderr, "cannot open input") {
		t.Fatalf("exit %d, stderr %q; want 1 and the input error", code, stderr)
	}
	if !isFIFO(t, fifo) {
		t.Error("the FIFO was replaced")
	}
	// Nobody opened it for writing: a non-blocking read-side open works,
	// and a read finds no writer (EOF), no data.
	f, err := os.OpenFile(fifo, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if n, _ := f.Read(make([]byte, 16)); n != 0 {
		t.Errorf("%d bytes in the FIFO after a failed command", n)
	}
	assertNoTemp(t, dir)
}

// TestRedactOutputSymlink: -o naming a symbolic link to a regular file
// replaces the target's contents atomically and keeps the link a link,
// through a chain of relative links and to a target not yet created.
func TestRedactOutputSymlink(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "sub")
	if err := os.Mkdir(sub, 0o700); err != nil {
		t.Fatal(err)
	}
	real := filepath.Join(sub, "real.log")
	if err := os.WriteFile(real, []byte("old contents\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// out.log -> hop -> sub/real.log, both relative.
	if err := os.Symlink("sub/real.log", filepath.Join(dir, "hop")); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "out.log")
	if err := os.Symlink("hop", link); err != nil {
		t.Fatal(err)
	}
	if code, stderr := runRedactOutput(t, link); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v %v", fi.Mode(), err)
	}
	if b, _ := os.ReadFile(real); string(b) != outputWant {
		t.Errorf("target holds %q, want %q", b, outputWant)
	}
	assertNoTemp(t, dir)
	assertNoTemp(t, sub)

	// A dangling link: its target is created, the link kept.
	dangling := filepath.Join(dir, "new.log")
	if err := os.Symlink("sub/created.log", dangling); err != nil {
		t.Fatal(err)
	}
	if code, stderr := runRedactOutput(t, dangling); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if b, _ := os.ReadFile(filepath.Join(sub, "created.log")); string(b) != outputWant {
		t.Errorf("created target holds %q", b)
	}
	if fi, err := os.Lstat(dangling); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Error("the dangling link was replaced")
	}

	// A failing command leaves the target untouched.
	if err := os.WriteFile(real, []byte("old contents\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _ := runRedactOutput(t, link, filepath.Join(dir, "nosuch.log")); code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if b, _ := os.ReadFile(real); string(b) != "old contents\n" {
		t.Errorf("a failed command changed the target: %q", b)
	}
	assertNoTemp(t, sub)
}

// TestRedactOutputSymlinkToFIFO: a link to a FIFO writes into the FIFO.
func TestRedactOutputSymlinkToFIFO(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe")
	mkfifo(t, fifo)
	link := filepath.Join(dir, "out")
	if err := os.Symlink(fifo, link); err != nil {
		t.Fatal(err)
	}
	got := readFIFO(t, fifo)
	if code, stderr := runRedactOutput(t, link); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if s := waitFIFO(t, got); s != outputWant {
		t.Errorf("reader got %q", s)
	}
	if !isFIFO(t, fifo) {
		t.Error("the FIFO was replaced")
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Error("the link was replaced")
	}
}

// TestRedactOutputBadTargets: a directory, and a loop of links, are
// errors that leave everything as it was.
func TestRedactOutputBadTargets(t *testing.T) {
	dir := t.TempDir()
	if code, stderr := runRedactOutput(t, dir); code != 1 || !strings.Contains(stderr, "is a directory") {
		t.Errorf("directory: exit %d, stderr %q", code, stderr)
	}
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	os.Symlink(b, a)
	os.Symlink(a, b)
	if code, stderr := runRedactOutput(t, a); code != 1 || !strings.Contains(stderr, "too many levels of symbolic links") {
		t.Errorf("link loop: exit %d, stderr %q", code, stderr)
	}
	assertNoTemp(t, dir)
}
