package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
)

// readme returns the repository's README.md.
func readme(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// section returns the text of the README section "## title" up to the next
// "## " heading.
func section(t *testing.T, md, title string) string {
	t.Helper()
	_, s, ok := strings.Cut(md, "\n## "+title+"\n")
	if !ok {
		t.Fatalf("README has no section %q", title)
	}
	if i := strings.Index(s, "\n## "); i >= 0 {
		s = s[:i]
	}
	return s
}

// firstBlock returns the lines of the first fenced code block in s.
func firstBlock(t *testing.T, s string) []string {
	t.Helper()
	_, s, ok := strings.Cut(s, "```")
	if !ok {
		t.Fatal("no code block")
	}
	_, s, _ = strings.Cut(s, "\n") // the fence's info string
	s, _, ok = strings.Cut(s, "```")
	if !ok {
		t.Fatal("unterminated code block")
	}
	return strings.Split(strings.TrimRight(s, "\n"), "\n")
}

var flagToken = regexp.MustCompile(`(?:^|[\s\[(|])(-[a-z][a-z0-9-]*)`)

// TestREADMESynopsis: the README's command-line synopsis names every command
// of the table, and for each command exactly the flags it has.
func TestREADMESynopsis(t *testing.T) {
	lines := firstBlock(t, section(t, readme(t), "Command line"))
	// Join continuation lines (indented) to their command, drop comments.
	var entries []string
	for _, l := range lines {
		l, _, _ = strings.Cut(l, "#")
		switch {
		case strings.TrimSpace(l) == "":
		case strings.HasPrefix(l, "kyckit "):
			entries = append(entries, l)
		case len(entries) > 0 && (l[0] == ' ' || l[0] == '\t'):
			entries[len(entries)-1] += " " + l
		default:
			t.Errorf("synopsis line %q does not start with kyckit", l)
		}
	}
	readmeFlags := map[string]map[string]bool{} // command path → flags shown
	for _, e := range entries {
		words := strings.Fields(e)[1:]
		path, cmds := "", commands
		var leaf *command
		for len(words) > 0 && cmds != nil {
			c := lookup(cmds, words[0])
			if c == nil {
				break
			}
			path = strings.TrimSpace(path + " " + c.name)
			words, cmds, leaf = words[1:], c.subs, c
		}
		if leaf == nil {
			if len(words) > 0 && (words[0] == "<command>" || words[0] == "help" || strings.HasPrefix(words[0], "-") || strings.HasPrefix(words[0], "[-")) {
				path = "" // the general lines: kyckit [-json-errors] <command>, help, -version
			} else {
				t.Errorf("synopsis %q: no such command", e)
				continue
			}
		} else if leaf.subs != nil {
			t.Errorf("synopsis %q: %q needs a subcommand", e, path)
			continue
		}
		if readmeFlags[path] == nil {
			readmeFlags[path] = map[string]bool{}
		}
		for _, m := range flagToken.FindAllStringSubmatch(strings.Join(words, " "), -1) {
			readmeFlags[path][m[1]] = true
		}
	}
	check := func(path string, register func(fs *flag.FlagSet)) {
		fs := flag.NewFlagSet(path, flag.ContinueOnError)
		register(fs)
		has := map[string]bool{}
		fs.VisitAll(func(f *flag.Flag) { has["-"+f.Name] = true })
		shown, ok := readmeFlags[path]
		if !ok {
			t.Errorf("kyckit %s is not in the README synopsis", path)
			return
		}
		for f := range has {
			if !shown[f] {
				t.Errorf("kyckit %s: flag %s missing from the README synopsis", path, f)
			}
		}
		for f := range shown {
			if !has[f] {
				t.Errorf("kyckit %s: the README synopsis shows %s, which it does not have", path, f)
			}
		}
	}
	check("", func(fs *flag.FlagSet) { globalFlags(fs, &env{}) })
	var walk func(prefix string, cmds []*command)
	walk = func(prefix string, cmds []*command) {
		for _, c := range cmds {
			p := strings.TrimSpace(prefix + " " + c.name)
			if c.subs != nil {
				walk(p, c.subs)
				continue
			}
			check(p, func(fs *flag.FlagSet) { c.flags(fs) })
		}
	}
	walk("", commands)
}

// TestREADMETop: the two set-up commands at the top (GUIDE), the module
// path and Go version against go.mod, and the install and packaging lines
// against what the tests build.
func TestREADMETop(t *testing.T) {
	md := readme(t)
	top := firstBlock(t, md)
	var cmds []string
	for _, l := range top {
		c, _, _ := strings.Cut(l, "#")
		cmds = append(cmds, strings.TrimSpace(c))
	}
	if want := []string{"go run ./cmd/kyckit demo", "go test ./..."}; strings.Join(cmds, "\n") != strings.Join(want, "\n") {
		t.Errorf("README's first block runs %q, want %q", cmds, want)
	}
	gomod, err := os.ReadFile(filepath.Join("..", "..", "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	module := regexp.MustCompile(`(?m)^module (\S+)$`).FindStringSubmatch(string(gomod))
	goVer := regexp.MustCompile(`(?m)^go (\d+\.\d+)`).FindStringSubmatch(string(gomod))
	if module == nil || goVer == nil {
		t.Fatal("go.mod without module or go line")
	}
	if want := "Module `" + module[1] + "`, Go " + goVer[1] + " or later."; !strings.Contains(md, want) {
		t.Errorf("README does not say %q", want)
	}
	install := section(t, md, "Install")
	for _, want := range []string{
		"go install " + module[1] + "/cmd/kyckit@latest",
		`go build -ldflags "-X main.Version=v0.1.0" ./cmd/kyckit`, // what TestVersionLdflags does
		"source <(kyckit completion bash)",                        // completion.txtar
		"go get " + module[1] + "@latest",
	} {
		if !strings.Contains(install, want) {
			t.Errorf("README Install does not say %q", want)
		}
	}
}

// TestREADMEExitStatuses: the statuses the README lists are the ones run
// returns (signal_test.go checks them on a real process).
func TestREADMEExitStatuses(t *testing.T) {
	cl := strings.Join(strings.Fields(section(t, readme(t), "Command line")), " ")
	want := "Exit status: 0 success, 1 failure, 2 usage error, 130 after SIGINT and 143 after SIGTERM"
	if !strings.Contains(cl, want) {
		t.Errorf("README Command line does not say %q", want)
	}
	got := []int{exitOK, exitFailure, exitUsage, (&signalError{os.Interrupt}).exitCode(), (&signalError{syscall.SIGTERM}).exitCode()}
	if fmt.Sprint(got) != "[0 1 2 130 143]" {
		t.Errorf("exit statuses %v, the README says 0 1 2 130 143", got)
	}
}

// TestREADMEDemoTempDir: "the store lives in a temporary directory that is
// removed afterwards".
func TestREADMEDemoTempDir(t *testing.T) {
	if !strings.Contains(strings.Join(strings.Fields(section(t, readme(t), "The demo")), " "),
		"the store lives in a temporary directory that is removed afterwards") {
		t.Fatal("the README no longer says where the demo's store lives; update this test")
	}
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	var stdout, stderr strings.Builder
	if code := run(t.Context(), []string{"demo"}, strings.NewReader(""), &stdout, &stderr); code != 0 {
		t.Fatalf("demo: exit %d: %s", code, stderr.String())
	}
	if ents, _ := os.ReadDir(tmp); len(ents) != 0 {
		t.Errorf("the demo left %d entries in $TMPDIR, first %s", len(ents), ents[0].Name())
	}
	// The store really is made under $TMPDIR: without one the demo fails.
	t.Setenv("TMPDIR", filepath.Join(tmp, "absent"))
	if code := run(t.Context(), []string{"demo"}, strings.NewReader(""), &stdout, &stderr); code == 0 {
		t.Error("the demo passed without a usable $TMPDIR: this test no longer watches its store")
	}
}
