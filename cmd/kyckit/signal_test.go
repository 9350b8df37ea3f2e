package main

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// These tests run the real kyckit process: testscript.Main (TestMain)
// put a copy of this test binary named kyckit first on $PATH, and it runs
// main, signal handling included.

// deadline bounds every wait below. It is no timing assertion: a test
// fails on it only when kyckit hangs.
const deadline = 2 * time.Minute

// Syscall numbers of read(2) and openat(2), for spotting where the process
// blocks in /proc/PID/task/*/syscall.
var syscalls = map[string]struct{ read, openat int }{
	"amd64": {0, 257},
	"arm64": {63, 56},
}

type proc struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stdout io.ReadCloser
	stderr bytes.Buffer
	done   chan struct{} // closed when the process has exited
}

// startKyckit starts kyckit with args in dir, its stdin a pipe that stays
// open until the test ends.
func startKyckit(t *testing.T, dir string, args ...string) *proc {
	t.Helper()
	if runtime.GOOS != "linux" || syscalls[runtime.GOARCH] == (struct{ read, openat int }{}) {
		t.Skipf("needs /proc/PID/task/*/syscall (linux on amd64 or arm64), not %s/%s", runtime.GOOS, runtime.GOARCH)
	}
	bin, err := exec.LookPath("kyckit")
	if err != nil {
		t.Fatal(err)
	}
	p := &proc{cmd: exec.Command(bin, args...), done: make(chan struct{})}
	p.cmd.Dir = dir
	p.cmd.Stderr = &p.stderr
	if p.stdin, err = p.cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	if p.stdout, err = p.cmd.StdoutPipe(); err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		p.stdin.Close()
		p.cmd.Process.Kill()
		<-p.done
	})
	go func() {
		p.cmd.Wait()
		close(p.done)
	}()
	return p
}

// waitSyscall waits until a thread of p is blocked in syscall nr whose
// first argument is arg0 (any when arg0 < 0). kyckit installs its signal
// handlers before it runs a command, so a command blocked reading its
// input can be signalled without racing the set-up.
func (p *proc) waitSyscall(t *testing.T, nr int, arg0 int64) {
	t.Helper()
	end := time.Now().Add(deadline)
	for time.Now().Before(end) {
		tasks, _ := filepath.Glob(filepath.Join("/proc", strconv.Itoa(p.cmd.Process.Pid), "task", "*", "syscall"))
		for _, task := range tasks {
			b, err := os.ReadFile(task)
			if err != nil {
				continue
			}
			f := strings.Fields(string(b))
			if len(f) < 2 || f[0] != strconv.Itoa(nr) {
				continue
			}
			if a, err := strconv.ParseUint(strings.TrimPrefix(f[1], "0x"), 16, 64); arg0 < 0 || err == nil && int64(a) == arg0 {
				return
			}
		}
		select {
		case <-p.done:
			t.Fatalf("kyckit exited before blocking: %s", p.stderr.String())
		case <-time.After(5 * time.Millisecond):
		}
	}
	t.Fatalf("kyckit did not block in syscall %d within %v", nr, deadline)
}

// wait waits for p to exit and returns its exit status.
func (p *proc) wait(t *testing.T) int {
	t.Helper()
	select {
	case <-p.done:
	case <-time.After(deadline):
		t.Fatalf("kyckit did not exit within %v", deadline)
	}
	return p.cmd.ProcessState.ExitCode() // -1 when a signal killed it
}

// TestInterruptWhileReading: SIGINT and SIGTERM stop every kind of command
// while it waits on a standard input that is never closed: exit 130 or
// 143, "interrupted"/"terminated" on stderr, no -o file and no temporary
// file left behind, even when part of the output was already written.
func TestInterruptWhileReading(t *testing.T) {
	tests := []struct {
		name string
		args []string
		feed string // written before the signal
		sig  syscall.Signal
		code int
		msg  string
	}{
		{"redact SIGTERM", []string{"redact", "-o", "out.txt"}, "uid 2341 2341 2346\n", syscall.SIGTERM, 143, "terminated"},
		{"redact SIGINT", []string{"redact", "-o", "out.txt"}, "uid 2341 2341 2346\npartial", syscall.SIGINT, 130, "interrupted"},
		{"verhoeff check", []string{"verhoeff", "check", "-o", "out.txt"}, "234123412346\n", syscall.SIGTERM, 143, "terminated"},
		{"sdjwt decode", []string{"sdjwt", "decode", "-o", "out.txt"}, "eyJhbGciOi", syscall.SIGINT, 130, "interrupted"},
		{"normalize", []string{"normalize", "-o", "out.txt"}, `{"name":`, syscall.SIGTERM, 143, "terminated"},
		{"aadhaar qr", []string{"aadhaar", "qr", "-o", "out.txt"}, "1234", syscall.SIGINT, 130, "interrupted"},
		{"ecdsa decrypt", []string{"ecdsa", "decrypt", "-key", "key.txt", "-o", "out.txt"}, `{"data":`, syscall.SIGTERM, 143, "terminated"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "key.txt"), []byte("j0tcbpYGUYFOalpO/GM+x3aTWQL4V/eg1BNQi0JytMg=\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			p := startKyckit(t, dir, tt.args...)
			nr := syscalls[runtime.GOARCH].read
			p.waitSyscall(t, nr, 0)
			if _, err := io.WriteString(p.stdin, tt.feed); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(tt.feed, "\n") && (tt.args[0] == "redact" || tt.args[0] == "verhoeff") {
				// A filter writes each line as it comes: wait for the
				// temporary -o file, the partial output the signal must
				// remove.
				waitFor(t, p, func() bool {
					m, _ := filepath.Glob(filepath.Join(dir, ".out.txt.kyckit-*"))
					return len(m) == 1
				})
			}
			p.waitSyscall(t, nr, 0)
			if err := p.cmd.Process.Signal(tt.sig); err != nil {
				t.Fatal(err)
			}
			if code := p.wait(t); code != tt.code {
				t.Errorf("exit status %d, want %d; stderr: %s", code, tt.code, p.stderr.String())
			}
			if got := p.stderr.String(); got != "kyckit: error: "+tt.msg+"\n" {
				t.Errorf("stderr %q, want the %q error line", got, tt.msg)
			}
			ents, _ := os.ReadDir(dir)
			for _, e := range ents {
				if e.Name() != "key.txt" {
					t.Errorf("left behind: %s", e.Name())
				}
			}
		})
	}
}

// TestInterruptBlockedOpen: a command blocked where no context reaches,
// here opening a FIFO nobody writes to, still stops on SIGINT (after the
// short grace run gives a command to stop on its own).
func TestInterruptBlockedOpen(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo"), 0o600); err != nil {
		t.Fatal(err)
	}
	p := startKyckit(t, dir, "redact", "-o", "out.txt", "fifo")
	p.waitSyscall(t, syscalls[runtime.GOARCH].openat, -1)
	p.cmd.Process.Signal(syscall.SIGINT)
	if code := p.wait(t); code != 130 {
		t.Errorf("exit status %d, want 130; stderr: %s", code, p.stderr.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "out.txt")); !os.IsNotExist(err) {
		t.Errorf("out.txt exists: %v", err)
	}
}

// TestRedactLiveProcess: the real kyckit redact is a live filter. Each line
// written to its standard input comes back redacted while the input stays
// open, and SIGTERM makes it exit 143 after writing out what it read.
func TestRedactLiveProcess(t *testing.T) {
	p := startKyckit(t, t.TempDir(), "redact")
	out := lineReader(p.stdout)
	for _, l := range []struct{ in, want string }{
		{"uid 2341 2341 2346\n", "uid [AADHAAR]\n"},
		{"call +91 98765 43210\n", "call [MOBILE]\n"},
	} {
		io.WriteString(p.stdin, l.in)
		if got := out.next(t); got != l.want {
			t.Fatalf("got %q, want %q", got, l.want)
		}
	}
	p.waitSyscall(t, syscalls[runtime.GOARCH].read, 0)
	p.cmd.Process.Signal(syscall.SIGTERM)
	if got := out.next(t); got != "" {
		t.Errorf("after SIGTERM: %q, want EOF", got)
	}
	if code := p.wait(t); code != 143 {
		t.Errorf("exit status %d, want 143; stderr: %s", code, p.stderr.String())
	}
}

// waitFor polls cond until it holds.
func waitFor(t *testing.T, p *proc, cond func() bool) {
	t.Helper()
	end := time.Now().Add(deadline)
	for !cond() {
		if time.Now().After(end) {
			t.Fatalf("condition not met within %v; stderr: %s", deadline, p.stderr.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// lines reads lines on a goroutine, so that a test can wait for the next
// one with a deadline.
type lines chan string

func lineReader(r io.Reader) lines {
	c := make(lines)
	go func() {
		br := bufio.NewReader(r)
		for {
			l, err := br.ReadString('\n')
			c <- l
			if err != nil {
				close(c)
				return
			}
		}
	}()
	return c
}

// next returns the next line with its newline, what came before EOF
// without one, or "" at EOF.
func (c lines) next(t *testing.T) string {
	t.Helper()
	select {
	case l := <-c:
		return l
	case <-time.After(deadline):
		t.Fatalf("no output within %v", deadline)
		return ""
	}
}
