package main

import (
	"bytes"
	"context"
	"flag"
	"regexp"
	"strings"
	"testing"

	"github.com/kyckit/kyckit/internal/testvectors"
)

// TestCompletionShells: testdata/completion.txtar runs the scripts in bash,
// zsh and fish under [exec:SHELL] conditions; under KYCKIT_REQUIRE_SHELLS=1
// (CI) a missing shell fails here instead of those lines passing unrun.
func TestCompletionShells(t *testing.T) {
	for _, sh := range []string{"bash", "zsh", "fish"} {
		t.Run(sh, func(t *testing.T) {
			testvectors.Binary(t, sh, testvectors.EnvRequireShells)
		})
	}
}

// TestCompletionNames: the scripts put command and flag names in single
// quotes and shell words unescaped, which is right only for [a-z0-9-].
func TestCompletionNames(t *testing.T) {
	ok := regexp.MustCompile(`^-?[a-z0-9][a-z0-9-]*$`)
	for _, n := range completionNodes(commands) {
		for _, w := range append(append([]compWord(nil), n.words...), n.flags...) {
			if !ok.MatchString(w.name) {
				t.Errorf("%q: name %q is not safe in a completion script", n.path, w.name)
			}
		}
	}
}

// TestCompletionCoversTable: every command, subcommand and flag of the
// table is offered by each script.
func TestCompletionCoversTable(t *testing.T) {
	scripts := map[string]string{}
	for _, sh := range []string{"bash", "zsh", "fish"} {
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), []string{"completion", sh}, strings.NewReader(""), &stdout, &stderr); code != 0 {
			t.Fatalf("completion %s: exit %d: %s", sh, code, stderr.String())
		}
		scripts[sh] = stdout.String()
	}
	var walk func(path string, cmds []*command)
	walk = func(path string, cmds []*command) {
		for _, c := range cmds {
			p := strings.TrimSpace(path + " " + c.name)
			for sh, s := range scripts {
				if !strings.Contains(s, c.name) {
					t.Errorf("%s: command %q missing", sh, p)
				}
			}
			if c.subs != nil {
				walk(p, c.subs)
				continue
			}
			var bashArms []string // "-a -b -h" for p
			for _, l := range strings.Split(scripts["bash"], "\n") {
				if rest, ok := strings.CutPrefix(l, "\t'"+p+"') REPLY='"); ok {
					bashArms = append(bashArms, " "+strings.TrimSuffix(rest, "' ;;")+" ")
				}
			}
			if len(bashArms) == 0 {
				t.Errorf("bash: no flags arm for %q", p)
			}
			for _, f := range flagWords(func(fs *flag.FlagSet) { c.flags(fs) }) {
				inBash := false
				for _, a := range bashArms {
					inBash = inBash || strings.Contains(a, " "+f.name+" ")
				}
				fish := "-n '__kyckit_at \\'" + p + "\\'' -o " + strings.TrimPrefix(f.name, "-") + " "
				if !inBash || !strings.Contains(scripts["fish"], fish) {
					t.Errorf("flag %s of %q missing (bash %v, fish %v)", f.name, p, inBash, strings.Contains(scripts["fish"], fish))
				}
			}
		}
	}
	walk("", commands)
}
