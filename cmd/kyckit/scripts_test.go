package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEveryCommandHasScripts: every command "kyckit help" lists, down to
// the leaves, has at least one testscript line that runs it successfully
// ("exec kyckit …") and one that expects it to fail ("! exec kyckit …").
// Lines under a condition ("[vectors] exec …") do not count: they may be
// skipped.
func TestEveryCommandHasScripts(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.txtar"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no scripts: %v", err)
	}
	var ok, fail []string // "aadhaar verify -share-code …" without "kyckit "
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			line = strings.TrimSpace(line)
			if rest, found := strings.CutPrefix(line, "! exec kyckit "); found {
				fail = append(fail, rest+" ")
			} else if rest, found := strings.CutPrefix(line, "exec kyckit "); found {
				ok = append(ok, rest+" ")
			}
		}
	}
	has := func(lines []string, path string) bool {
		for _, l := range lines {
			if strings.HasPrefix(l, path+" ") {
				return true
			}
		}
		return false
	}
	var walk func(path string, cmds []*command)
	walk = func(path string, cmds []*command) {
		for _, c := range cmds {
			p := strings.TrimSpace(path + " " + c.name)
			if c.subs != nil {
				walk(p, c.subs)
				continue
			}
			if !has(ok, p) {
				t.Errorf("kyckit %s: no testscript runs it successfully", p)
			}
			if !has(fail, p) {
				t.Errorf("kyckit %s: no testscript expects it to fail", p)
			}
		}
	}
	walk("", commands)
}
