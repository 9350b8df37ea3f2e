package redisstore_test

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/kyckit/kyckit/internal/testvectors"
	"github.com/redis/go-redis/v9"
)

// server is a redis-server started for one test, on a random loopback
// port, with its files in a temporary directory.
type server struct {
	bin, dir string
	port     int
	mode     persistence
	extra    []string
	cmd      *exec.Cmd
	exited   chan struct{}
	log      bytes.Buffer
}

// persistence is how a test server persists.
type persistence int

const (
	noPersistence persistence = iota // appendonly no, save ""
	aofAlways                        // appendonly yes, appendfsync always: what the store needs
	rdbOnly                          // save "3600 1", appendonly no
	aofEverysec                      // appendonly yes, appendfsync everysec
)

// startRedis starts a private redis-server (skipping the test when the
// binary is absent, failing it under KYCKIT_REQUIRE_REDIS=1) and stops it
// when the test ends. extra arguments go to redis-server.
func startRedis(t testing.TB, mode persistence, extra ...string) *server {
	t.Helper()
	s := launch(t, t.TempDir(), mode, extra...)
	t.Cleanup(s.stop)
	return s
}

func launch(t testing.TB, dir string, mode persistence, extra ...string) *server {
	t.Helper()
	s := &server{bin: testvectors.Redis(t), dir: dir, mode: mode, extra: extra}
	var err error
	for range 5 {
		if s.port, err = freePort(); err != nil {
			t.Fatal(err)
		}
		if err = s.start(); err == nil {
			return s
		}
	}
	t.Fatalf("starting redis-server: %v\n%s", err, s.log.String())
	return nil
}

// benchServer is one server shared by all benchmarks of a run, so the
// vault and the raw baseline talk to the same server; TestMain stops it.
var (
	benchServer    *server
	benchServerDir string
)

func sharedRedis(b *testing.B) *server {
	b.Helper()
	if benchServer == nil {
		dir, err := os.MkdirTemp("", "redisstore-bench")
		if err != nil {
			b.Fatal(err)
		}
		benchServerDir = dir
		benchServer = launch(b, dir, noPersistence)
	}
	return benchServer
}

func TestMain(m *testing.M) {
	code := m.Run()
	if benchServer != nil {
		benchServer.stop()
		os.RemoveAll(benchServerDir)
	}
	os.Exit(code)
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func (s *server) start() error {
	args := []string{
		"--port", strconv.Itoa(s.port), "--bind", "127.0.0.1", "--dir", s.dir,
		"--daemonize", "no", "--logfile", "",
	}
	switch s.mode {
	case aofAlways:
		args = append(args, "--save", "", "--appendonly", "yes", "--appendfsync", "always")
	case aofEverysec:
		args = append(args, "--save", "", "--appendonly", "yes", "--appendfsync", "everysec")
	case rdbOnly:
		args = append(args, "--save", "3600 1", "--appendonly", "no")
	default:
		args = append(args, "--save", "", "--appendonly", "no")
	}
	args = append(args, s.extra...)
	s.log.Reset()
	s.cmd = exec.Command(s.bin, args...)
	s.cmd.Stdout, s.cmd.Stderr = &s.log, &s.log
	s.cmd.Dir = s.dir
	if err := s.cmd.Start(); err != nil {
		return err
	}
	s.exited = make(chan struct{})
	var werr error
	go func() { werr = s.cmd.Wait(); close(s.exited) }()
	c := redis.NewClient(&redis.Options{Addr: s.addr(), MaxRetries: -1, Password: s.password()})
	defer c.Close()
	for {
		select {
		case <-s.exited:
			s.cmd = nil
			return fmt.Errorf("redis-server exited: %v", werr)
		default:
		}
		if err := c.Ping(context.Background()).Err(); err == nil {
			return nil
		}
		time.Sleep(10 * time.Millisecond) // readiness poll, not an assertion
	}
}

func (s *server) addr() string { return "127.0.0.1:" + strconv.Itoa(s.port) }

// password returns the --requirepass of the server, if any.
func (s *server) password() string {
	for i, a := range s.extra {
		if a == "--requirepass" && i+1 < len(s.extra) {
			return s.extra[i+1]
		}
	}
	return ""
}

func (s *server) url() string { return "redis://" + s.addr() + "/0" }

// stop shuts the server down (SHUTDOWN persists the AOF) and waits for it.
func (s *server) stop() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	c := redis.NewClient(&redis.Options{Addr: s.addr(), MaxRetries: -1, Password: s.password()})
	_ = c.Shutdown(context.Background()).Err()
	c.Close()
	select {
	case <-s.exited:
	case <-time.After(10 * time.Second):
		s.cmd.Process.Kill()
		<-s.exited
	}
	s.cmd = nil
}

// kill stops the server with SIGKILL: no shutdown save, no flush.
func (s *server) kill() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	s.cmd.Process.Kill()
	<-s.exited
	s.cmd = nil
}

// start again after kill or stop, on the same port and directory.
func (s *server) startAgain(t testing.TB) {
	t.Helper()
	if err := s.start(); err != nil {
		t.Fatalf("restarting redis-server: %v\n%s", err, s.log.String())
	}
}

// restart stops the server and starts it again on the same port and
// directory.
func (s *server) restart(t testing.TB) {
	t.Helper()
	s.stop()
	if err := s.start(); err != nil {
		t.Fatalf("restarting redis-server: %v\n%s", err, s.log.String())
	}
}

func (s *server) client(t testing.TB) *redis.Client {
	t.Helper()
	c := redis.NewClient(&redis.Options{Addr: s.addr(), Password: s.password()})
	t.Cleanup(func() { c.Close() })
	return c
}
