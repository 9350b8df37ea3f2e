// Command kyckit decodes, verifies, decrypts and redacts the identity data
// that Indian KYC services handle: UIDAI SD-JWT credentials, Offline e-KYC
// documents, 1Kosmos envelopes and the logs around them.
//
// Usage:
//
//	kyckit <command> [flags] [FILE]
//	kyckit help [command]
//	kyckit -version
//
// Every command reads FILE, or standard input when FILE is absent or "-",
// and writes its data to standard output, or to the file named by -o. That
// file is written to a temporary name and renamed into place only when the
// command succeeds, so a failed command never leaves a file behind (a
// device or FIFO is written in place; a symbolic link is followed).
// Diagnostics go to standard error as "kyckit: error: …" and
// "kyckit: hint: …", or as JSON lines with -json-errors. Help asked for
// (-h, "kyckit help") goes to standard output. The exit status is 0 on
// success, 1 on failure, 2 on a usage error, and 130 or 143 when SIGINT or
// SIGTERM stopped the command.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// A command is one entry of the command table. A command either runs
// itself (run) or dispatches to its own sorted table of subcommands (subs).
type command struct {
	name    string
	summary string // one line, lowercase, no period
	// usage is the synopsis and flag help printed by -h and "kyckit help".
	// The FlagSet's own defaults are appended to it.
	usage string
	// flags registers the command's flags on fs and returns the function
	// that runs it with the remaining arguments.
	flags func(fs *flag.FlagSet) func(e *env, args []string) error
	subs  []*command
	// args lists the values the positional argument takes, when it is one
	// of a few words (shell completion offers them).
	args []string
}

// commands is the top-level command table, sorted by name (checked by
// TestCommandsSorted so that help output is stable).
var commands = []*command{
	aadhaarCommand,
	completionCommand,
	demoCommand,
	ecdsaCommand,
	normalizeCommand,
	redactCommand,
	retentionCommand,
	sdjwtCommand,
	serveCommand,
	verhoeffCommand,
}

func main() {
	// go-redis logs pool events (failed dials, …) on standard error with its
	// own logger; kyckit reports the error itself, once, as "kyckit: error:".
	redis.SetLogger(discardLogger{})
	ctx, stop := notifySignals()
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// discardLogger drops go-redis's log lines.
type discardLogger struct{}

func (discardLogger) Printf(context.Context, string, ...any) {}

// Exit statuses. A command stopped by a signal exits 128 plus the signal
// number (see [signalError]).
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

// env is what a running command sees of the world.
type env struct {
	ctx    context.Context
	stdin  *stream
	stdout io.Writer
	stderr io.Writer

	jsonErrors bool       // diagnostics as JSON lines (-json-errors)
	root       []*command // the command table, for shell completion

	mu      sync.Mutex
	outputs []*outputFile // opened by output, committed or removed by run
}

const topUsage = `kyckit is a toolkit for Indian KYC identity data.

Usage:
	kyckit [-json-errors] <command> [flags] [FILE]
	kyckit help [command]
	kyckit -version

Commands:
%s
Every command reads FILE, or standard input when FILE is absent or "-", and
writes to standard output or to -o FILE, which is created only when the
command succeeds. Exit status: 0 success, 1 failure, 2 usage error, 130 or
143 when interrupted by SIGINT or SIGTERM (no -o file is left).

-json-errors (or KYCKIT_JSON_ERRORS=1) prints errors, hints and warnings on
standard error as JSON lines: {"level":"error","message":…,"hints":[…],
"exit":N}.`

// globalFlags registers the flags that come before the command.
func globalFlags(fs *flag.FlagSet, e *env) (version *bool) {
	version = fs.Bool("version", false, "print the version and exit")
	fs.BoolVar(&e.jsonErrors, "json-errors", e.jsonErrors,
		"print errors, hints and warnings as JSON lines on standard error (or set $"+envJSONErrors+"=1)")
	return version
}

// run is main without the process: it parses args, runs one command and
// returns the exit status. When ctx is done (main cancels it on SIGINT and
// SIGTERM with a *signalError cause) the command stops, its -o files are
// removed, and run returns 128 plus the signal number.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{ctx: ctx, stdin: newStream(ctx, stdin, nil), stdout: stdout, stderr: stderr, root: commands}
	defer e.stdin.Close()
	switch os.Getenv(envJSONErrors) {
	case "", "0", "false":
	default:
		e.jsonErrors = true
	}
	fs := flag.NewFlagSet("kyckit", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	version := globalFlags(fs, e)
	perr := fs.Parse(args)
	if e.jsonErrors {
		jw := &jsonDiagWriter{w: stderr}
		e.stderr = jw
		defer jw.flush()
	}
	switch args = fs.Args(); {
	case errors.Is(perr, flag.ErrHelp):
		printTopUsage(stdout)
		return exitOK
	case perr != nil:
		return e.report(usagef("%v", perr).(*cliError).withHints(`run "kyckit help" for usage`))
	case *version:
		fmt.Fprintln(stdout, buildVersion())
		return exitOK
	case len(args) == 0:
		if e.jsonErrors {
			return e.report(usagef("no command given").(*cliError).withHints(`run "kyckit help" for the list of commands`))
		}
		printTopUsage(e.stderr)
		return exitUsage
	case args[0] == "help":
		return e.report(help(e, args[1:]))
	}
	return e.report(e.runCommand(args))
}

// stopGrace is how long an interrupted command may take to stop on its own
// (kyckit redact writes out what it has read) before run gives up on it.
const stopGrace = time.Second

// runCommand runs the command args name, then commits its -o files if it
// succeeded and removes them otherwise. The command runs on its own
// goroutine so that an interrupt is answered promptly even by a command
// blocked where the context cannot reach (opening a FIFO, say).
func (e *env) runCommand(args []string) error {
	if args[0] == serveCommand.name {
		// serve stops itself on a signal, gracefully (exit 0), and may
		// need longer than stopGrace to let requests finish.
		return e.finishOutputs(dispatch(e, "kyckit", commands, args))
	}
	done := make(chan error, 1)
	go func() { done <- dispatch(e, "kyckit", commands, args) }()
	var err error
	select {
	case err = <-done:
	case <-e.ctx.Done():
		timer := time.NewTimer(stopGrace)
		select {
		case err = <-done:
		case <-timer.C:
		}
		timer.Stop()
	}
	if e.ctx.Err() != nil {
		// Interrupted: whatever the command returned, its output is not
		// complete.
		err = context.Cause(e.ctx)
	}
	return e.finishOutputs(err)
}

func printTopUsage(w io.Writer) {
	fmt.Fprintf(w, topUsage+"\n", commandList(commands))
}

func commandList(cmds []*command) string {
	var b strings.Builder
	for _, c := range cmds {
		fmt.Fprintf(&b, "\t%-12s %s\n", c.name, c.summary)
	}
	return b.String()
}

// lookup finds name in a sorted command table.
func lookup(cmds []*command, name string) *command {
	i := sort.Search(len(cmds), func(i int) bool { return cmds[i].name >= name })
	if i < len(cmds) && cmds[i].name == name {
		return cmds[i]
	}
	return nil
}

// unknown is the usage error for a command name not in cmds, with a
// suggestion when one name is close.
func unknown(path, name string, cmds []*command) error {
	hints := []string{fmt.Sprintf("run %q for the list of commands", "kyckit help"+strings.TrimPrefix(path, "kyckit"))}
	if s := suggest(name, cmds); s != "" {
		hints = append([]string{fmt.Sprintf("did you mean %q?", path+" "+s)}, hints...)
	}
	return usagef("unknown command %q", name).(*cliError).withHints(hints...)
}

// suggest returns the command whose name is within edit distance 2 of name,
// or a name that name is a prefix of.
func suggest(name string, cmds []*command) string {
	for _, c := range cmds {
		if strings.HasPrefix(c.name, name) && name != "" || editDistance(name, c.name) <= 2 {
			return c.name
		}
	}
	return ""
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// dispatch runs the command named by args[0] from cmds. path is the command
// line so far ("kyckit", "kyckit verhoeff"), for messages.
func dispatch(e *env, path string, cmds []*command, args []string) error {
	if len(args) == 0 {
		return usagef("%s needs a command", path).(*cliError).withHints(
			fmt.Sprintf("run %q for the list of commands", "kyckit help"+strings.TrimPrefix(path, "kyckit")))
	}
	c := lookup(cmds, args[0])
	if c == nil {
		return unknown(path, args[0], cmds)
	}
	path += " " + c.name
	if c.subs != nil {
		if len(args) > 1 && (args[1] == "-h" || args[1] == "-help" || args[1] == "--help") {
			printUsage(e.stdout, path, c, nil)
			return nil
		}
		return dispatch(e, path, c.subs, args[1:])
	}
	fs := flag.NewFlagSet(path, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	runFn := c.flags(fs)
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printUsage(e.stdout, path, c, fs)
			return nil
		}
		return usagef("%v", err).(*cliError).withHints(fmt.Sprintf("run %q for usage", "kyckit help "+strings.TrimPrefix(path, "kyckit ")))
	}
	// The flag package stops at the first non-flag argument, so a flag after
	// the input file would be taken as a second file name.
	rest := fs.Args()
	for _, a := range rest[min(1, len(rest)):] {
		if len(a) > 1 && a[0] == '-' {
			return usagef("flag %q after the input file", a).(*cliError).withHints("flags must come before the input file")
		}
	}
	return runFn(e, rest)
}

func printUsage(w io.Writer, path string, c *command, fs *flag.FlagSet) {
	fmt.Fprintf(w, "%s: %s\n\n%s\n", path, c.summary, strings.TrimRight(c.usage, "\n"))
	if c.subs != nil {
		fmt.Fprintf(w, "\nCommands:\n%s", commandList(c.subs))
		return
	}
	if fs != nil {
		n := 0
		fs.VisitAll(func(*flag.Flag) { n++ })
		if n > 0 {
			fmt.Fprintln(w, "\nFlags:")
			fs.SetOutput(w)
			fs.PrintDefaults()
			fs.SetOutput(io.Discard)
		}
	}
}

// help implements "kyckit help [command [subcommand]]". Help asked for goes
// to standard output, so that it can be paged or searched; only a usage
// error prints usage on standard error. (The house style, Part 5, sent all
// help to stderr after age; issue 17 asked for stdout, as git and go do.)
func help(e *env, args []string) error {
	if len(args) == 0 {
		printTopUsage(e.stdout)
		return nil
	}
	path, cmds := "kyckit", commands
	var c *command
	for _, name := range args {
		if cmds == nil {
			return usagef("%s has no subcommands", path)
		}
		if c = lookup(cmds, name); c == nil {
			return unknown(path, name, cmds)
		}
		path += " " + c.name
		cmds = c.subs
	}
	var fs *flag.FlagSet
	if c.flags != nil {
		fs = flag.NewFlagSet(path, flag.ContinueOnError)
		c.flags(fs)
	}
	printUsage(e.stdout, path, c, fs)
	return nil
}
