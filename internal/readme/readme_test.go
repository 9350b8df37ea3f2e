// Package readme_test keeps the README's code snippets identical to the
// packages' Example tests, so that every snippet a reader copies is code that
// compiles and whose output is checked. Run with -update to rewrite the
// README from the examples.
package readme_test

import (
	"bytes"
	"flag"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite README.md snippets from the Example tests")

// marker introduces a snippet: <!-- example: PKG ExampleName --> followed by
// a ```go fenced block.
var marker = regexp.MustCompile("(?m)^<!-- example: ([a-z0-9/]+) (Example[A-Za-z0-9_]*) -->\n```go\n((?s:.*?))```\n")

func TestREADMESnippets(t *testing.T) {
	root := filepath.Join("..", "..")
	path := filepath.Join(root, "README.md")
	readme, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	matches := marker.FindAllSubmatchIndex(readme, -1)
	if len(matches) < 6 {
		t.Fatalf("README has %d example snippets, want one per package (6)", len(matches))
	}
	var out bytes.Buffer
	last := 0
	for _, m := range matches {
		pkg, name := string(readme[m[2]:m[3]]), string(readme[m[4]:m[5]])
		got := string(readme[m[6]:m[7]])
		want, err := exampleBody(filepath.Join(root, pkg, "example_test.go"), name)
		if err != nil {
			t.Errorf("%s %s: %v", pkg, name, err)
			continue
		}
		if got != want && !*update {
			t.Errorf("README snippet for %s.%s differs from the example; run go test ./internal/readme -update\n--- README\n%s--- example\n%s", pkg, name, got, want)
		}
		out.Write(readme[last:m[6]])
		out.WriteString(want)
		last = m[7]
	}
	out.Write(readme[last:])
	if *update {
		if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// exampleBody returns the body of func name in file, without its braces and
// with one level of indentation removed.
func exampleBody(file, name string) (string, error) {
	src, err := os.ReadFile(file)
	if err != nil {
		return "", err
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, src, parser.ParseComments)
	if err != nil {
		return "", err
	}
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || fn.Name.Name != name || fn.Body == nil {
			continue
		}
		body := src[fset.Position(fn.Body.Lbrace).Offset+1 : fset.Position(fn.Body.Rbrace).Offset]
		var b strings.Builder
		for _, line := range strings.Split(strings.Trim(string(body), "\n"), "\n") {
			b.WriteString(strings.TrimPrefix(line, "\t"))
			b.WriteByte('\n')
		}
		return b.String(), nil
	}
	return "", os.ErrNotExist
}
