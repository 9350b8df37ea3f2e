package retentiontest

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/kyckit/kyckit/retention"
)

// Environment variables of the child-process protocol of [RunProcesses].
const (
	envChild  = "KYCKIT_RETENTIONTEST_CHILD"
	envKeyset = "KYCKIT_RETENTIONTEST_KEYSET"
)

// InChild reports whether this test binary is running as a child process
// of [RunProcesses]. Tests use it to skip parent-only setup, such as
// starting a server the children only connect to.
func InChild() bool { return os.Getenv(envChild) != "" }

// RunProcesses runs the read-once race across processes. In each of rounds
// rounds the calling process stores and completes one ReadOnce record
// through its [retention.Vault], then procs child processes — this test
// binary re-executed to run only the calling test — poll it at the same
// moment through their own Vaults over the same store; exactly one must
// receive the data, intact, and the others ErrConsumed.
//
// open is called once in every process and must return a store over the
// same shared data (a file path or server address passed through the
// environment). The caller must be a top-level test that reaches
// RunProcesses in the children too; use [InChild] to skip parent-only
// setup.
func RunProcesses(t *testing.T, procs, rounds int, open func(t *testing.T) retention.Store) {
	t.Helper()
	if InChild() {
		runChild(t, open)
		return
	}
	kek, err := retention.GenerateKeyset()
	if err != nil {
		t.Fatal(err)
	}
	ks, err := kek.MarshalInsecureCleartext()
	if err != nil {
		t.Fatal(err)
	}
	store := open(t)
	v, err := retention.New(store, kek, nil)
	if err != nil {
		t.Fatal(err)
	}
	type child struct {
		cmd    *exec.Cmd
		in     io.WriteCloser
		out    *bufio.Scanner
		stderr bytes.Buffer
	}
	children := make([]*child, procs)
	for i := range children {
		c := &child{}
		c.cmd = exec.Command(os.Args[0], "-test.run=^"+regexp.QuoteMeta(t.Name())+"$", "-test.count=1")
		c.cmd.Env = append(os.Environ(), envChild+"=1", envKeyset+"="+base64.StdEncoding.EncodeToString(ks))
		c.cmd.Stderr = &c.stderr
		if c.in, err = c.cmd.StdinPipe(); err != nil {
			t.Fatal(err)
		}
		stdout, err := c.cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		c.out = bufio.NewScanner(stdout)
		if err := c.cmd.Start(); err != nil {
			t.Fatal(err)
		}
		children[i] = c
	}
	defer func() {
		for _, c := range children {
			c.in.Close()
			if err := c.cmd.Wait(); err != nil {
				t.Errorf("child %d: %v\n%s", c.cmd.Process.Pid, err, c.stderr.String())
			}
		}
	}()
	policy, _ := retention.PolicyFromKosmos(false, -1)
	ctx := context.Background()
	for round := range rounds {
		id := fmt.Sprintf("mp-%d-%d", os.Getpid(), round)
		pii := fmt.Appendf(nil, `{"round":%d,"name":"Invented Person"}`, round)
		sum := sha256.Sum256(pii)
		if err := v.Put(ctx, id, "ekyc", pii, policy); err != nil {
			t.Fatal(err)
		}
		if err := v.Complete(ctx, id); err != nil {
			t.Fatal(err)
		}
		for _, c := range children {
			if _, err := io.WriteString(c.in, id+"\n"); err != nil {
				t.Fatalf("writing to child: %v\n%s", err, c.stderr.String())
			}
		}
		wins := 0
		for _, c := range children {
			line, err := readReply(c.out)
			if err != nil {
				t.Fatalf("child %d: %v\n%s", c.cmd.Process.Pid, err, c.stderr.String())
			}
			switch {
			case line == "win "+hex.EncodeToString(sum[:]):
				wins++
			case line == "consumed":
			default:
				t.Fatalf("round %d: child %d replied %q", round, c.cmd.Process.Pid, line)
			}
		}
		if wins != 1 {
			t.Fatalf("round %d: %d processes received the read-once data, want exactly 1", round, wins)
		}
	}
}

const replyPrefix = "retentiontest: "

func readReply(s *bufio.Scanner) (string, error) {
	for s.Scan() {
		if line, ok := strings.CutPrefix(s.Text(), replyPrefix); ok {
			return line, nil
		}
	}
	if err := s.Err(); err != nil {
		return "", err
	}
	return "", io.ErrUnexpectedEOF
}

func runChild(t *testing.T, open func(t *testing.T) retention.Store) {
	ks, err := base64.StdEncoding.DecodeString(os.Getenv(envKeyset))
	if err != nil {
		t.Fatal(err)
	}
	kek, err := retention.ParseKeysetInsecureCleartext(ks)
	if err != nil {
		t.Fatal(err)
	}
	v, err := retention.New(open(t), kek, nil)
	if err != nil {
		t.Fatal(err)
	}
	in := bufio.NewScanner(os.Stdin)
	ctx := context.Background()
	for in.Scan() {
		id := in.Text()
		pii, err := v.Get(ctx, id)
		switch {
		case err == nil:
			sum := sha256.Sum256(pii)
			fmt.Println(replyPrefix + "win " + hex.EncodeToString(sum[:]))
		case errors.Is(err, retention.ErrConsumed):
			fmt.Println(replyPrefix + "consumed")
		default:
			fmt.Println(replyPrefix + "error " + err.Error())
		}
	}
}
