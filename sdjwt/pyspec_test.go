package sdjwt_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/kyckit/kyckit/internal/testvectors"
	"github.com/kyckit/kyckit/sdjwt"
)

// yamlClaims converts a sd-jwt-python specification node into a Go value,
// collecting the paths tagged !sd (on a mapping key or a sequence item).
func yamlClaims(n *yaml.Node, path sdjwt.Path, sd *[]sdjwt.Path) (any, error) {
	switch n.Kind {
	case yaml.MappingNode:
		m := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			p := append(append(sdjwt.Path(nil), path...), k.Value)
			if k.Tag == "!sd" {
				*sd = append(*sd, p)
			}
			val, err := yamlClaims(v, p, sd)
			if err != nil {
				return nil, err
			}
			m[k.Value] = val
		}
		return m, nil
	case yaml.SequenceNode:
		a := []any{}
		for i, item := range n.Content {
			p := append(append(sdjwt.Path(nil), path...), strconv.Itoa(i))
			if item.Tag == "!sd" {
				*sd = append(*sd, p)
			}
			val, err := yamlClaims(item, p, sd)
			if err != nil {
				return nil, err
			}
			a = append(a, val)
		}
		return a, nil
	case yaml.ScalarNode:
		c := *n
		if c.Tag == "!sd" {
			c.Tag = ""
		}
		var v any
		if err := c.Decode(&v); err != nil {
			return nil, err
		}
		return v, nil
	case yaml.AliasNode:
		return yamlClaims(n.Alias, path, sd)
	}
	return nil, fmt.Errorf("unsupported YAML node kind %d", n.Kind)
}

// holderPaths turns holder_disclosed_claims into the paths whose leaves
// are true (None and false are skipped).
func holderPaths(v any, path sdjwt.Path, out *[]sdjwt.Path) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			holderPaths(e, append(append(sdjwt.Path(nil), path...), k), out)
		}
	case []any:
		for i, e := range x {
			holderPaths(e, append(append(sdjwt.Path(nil), path...), strconv.Itoa(i)), out)
		}
	case bool:
		if x {
			*out = append(*out, path)
		}
	}
}

// TestPythonSpecifications re-issues every sd-jwt-python test case with
// our Issue (the !sd tags become disclosure paths), presents the holder's
// selection with our Present, verifies with our Verify, and compares with
// the case's expect_verified_user_claims.
func TestPythonSpecifications(t *testing.T) {
	dir := testvectors.Path(t, "sdjwt", "sd-jwt-python", "tests", "testcases")
	specs, err := filepath.Glob(filepath.Join(dir, "*", "specification.yml"))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(specs)
	issuer, holder := newP256(t), newP256(t)
	now := time.Unix(1750000100, 0)
	passed := 0
	for _, spec := range specs {
		name := filepath.Base(filepath.Dir(spec))
		ok := t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(spec)
			if err != nil {
				t.Fatal(err)
			}
			var doc yaml.Node
			if err := yaml.Unmarshal(b, &doc); err != nil {
				t.Fatal(err)
			}
			var claims, holderClaims, expect any
			var sd []sdjwt.Path
			var kb bool
			root := doc.Content[0]
			for i := 0; i+1 < len(root.Content); i += 2 {
				k, v := root.Content[i].Value, root.Content[i+1]
				switch k {
				case "user_claims":
					if claims, err = yamlClaims(v, nil, &sd); err != nil {
						t.Fatal(err)
					}
				case "holder_disclosed_claims":
					if err := v.Decode(&holderClaims); err != nil {
						t.Fatal(err)
					}
				case "expect_verified_user_claims":
					if err := v.Decode(&expect); err != nil {
						t.Fatal(err)
					}
				case "key_binding":
					_ = v.Decode(&kb)
				}
			}
			tok, err := sdjwt.Issue(issuer, claims.(map[string]any), sd, &sdjwt.IssueOptions{HolderKey: holder.Public(), Decoys: 1})
			if err != nil {
				t.Fatalf("Issue: %v", err)
			}
			var want []sdjwt.Path
			holderPaths(holderClaims, nil, &want)
			var paths []sdjwt.Path
			for _, p := range want {
				// Plaintext leaves select no disclosure; keep only the
				// paths that do.
				if _, err := sdjwt.Present(tok, []sdjwt.Path{p}, nil); err == nil {
					paths = append(paths, p)
				} else if !errors.Is(err, sdjwt.ErrOptions) {
					t.Fatalf("Present(%v): %v", p, err)
				}
			}
			po := &sdjwt.PresentOptions{}
			vo := &sdjwt.VerifyOptions{Now: func() time.Time { return now }}
			if kb {
				po = &sdjwt.PresentOptions{HolderKey: holder, Audience: "https://verifier.example", Nonce: "n", Now: func() time.Time { return now }}
				vo.RequireKeyBinding, vo.Audience, vo.Nonce = true, "https://verifier.example", "n"
			}
			pres, err := sdjwt.Present(tok, paths, po)
			if err != nil {
				t.Fatalf("Present: %v", err)
			}
			cred, err := sdjwt.Verify(pres, sdjwt.PublicKey(issuer.Public()), vo)
			if err != nil {
				t.Fatalf("Verify: %v", err)
			}
			delete(cred.Claims, "cnf")
			if !jsonEqual(t, cred.Claims, expect) {
				t.Fatalf("verified claims differ:\n got %v\nwant %v", cred.Claims, expect)
			}
		})
		if ok {
			passed++
		}
	}
	t.Logf("sd-jwt-python specifications re-issued by Issue/Present: %d/%d passed", passed, len(specs))
}
