// Package testvectors locates the shared third-party test vectors and the
// external programs that interoperability tests run, for tests only.
//
// Vectors are third-party and generated data that the repository does not
// carry (see the README's "Tests" section for what they are and where they
// come from). They live in shared/vectors beside the checkout
// (../shared/vectors from the module root), or wherever $KYCKIT_VECTORS
// points. When they are absent a test is skipped with a message that says
// so, unless KYCKIT_REQUIRE_VECTORS=1, in which case it fails: CI sets that
// variable so a missing vector never passes silently as a skip. External
// programs (xmlsec1, redis-server, node, the shells of kyckit completion)
// follow the same rule with their own KYCKIT_REQUIRE_* variable.
package testvectors

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Environment variables read by this package.
const (
	EnvVectors        = "KYCKIT_VECTORS"
	EnvRequireVectors = "KYCKIT_REQUIRE_VECTORS"
	EnvRequireXMLSec  = "KYCKIT_REQUIRE_XMLSEC"
	EnvRequireRedis   = "KYCKIT_REQUIRE_REDIS"
	EnvRequireNode    = "KYCKIT_REQUIRE_NODE"
	EnvRequireShells  = "KYCKIT_REQUIRE_SHELLS"
)

// required reports whether the environment variable env demands the
// resource (any value other than "", "0" or "false").
func required(env string) bool {
	v := os.Getenv(env)
	return v != "" && v != "0" && v != "false"
}

// missing skips t, or fails it when env demands the resource.
func missing(t testing.TB, env, msg string) {
	t.Helper()
	if required(env) {
		t.Fatalf("%s (required because %s is set)", msg, env)
	}
	t.Skipf("%s; set %s=1 to make this a failure", msg, env)
}

// moduleRoot walks up from the working directory to the directory holding
// go.mod. Tests run in their package directory, so this finds the checkout.
func moduleRoot() (string, bool) {
	dir, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

// Locate returns the vectors directory without touching a test: the value of
// $KYCKIT_VECTORS, or ../shared/vectors beside the module root. ok is false
// when that directory does not exist.
func Locate() (dir string, ok bool) {
	if d := os.Getenv(EnvVectors); d != "" {
		dir = d
	} else if root, found := moduleRoot(); found {
		dir = filepath.Join(root, "..", "shared", "vectors")
	} else {
		return "", false
	}
	fi, err := os.Stat(dir)
	if err != nil || !fi.IsDir() {
		return dir, false
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return dir, false
	}
	return abs, true
}

// Dir returns the vectors directory, skipping t (or failing it under
// KYCKIT_REQUIRE_VECTORS=1) when it is absent.
func Dir(t testing.TB) string {
	t.Helper()
	dir, ok := Locate()
	if !ok {
		missing(t, EnvRequireVectors, notFound(dir))
	}
	return dir
}

// notFound is the skip message for absent vectors: where kyckit looked,
// that the repository does not carry them, and how to point at them.
func notFound(dir string) string {
	where := dir
	if where == "" {
		where = "../shared/vectors beside the module root"
	}
	return "test vectors not found at " + where + " (third-party data kept outside the repository; " +
		"see README.md, Tests); set " + EnvVectors + "=DIR to run with them"
}

// Path returns the path of one vector file or directory under the vectors
// directory, skipping or failing t as [Dir] does when it does not exist.
func Path(t testing.TB, elem ...string) string {
	t.Helper()
	p := filepath.Join(append([]string{Dir(t)}, elem...)...)
	if _, err := os.Stat(p); err != nil {
		missing(t, EnvRequireVectors, "test vector "+filepath.Join(elem...)+" not found under "+Dir(t)+
			" (an older copy of the vectors?)")
	}
	return p
}

// Read returns the contents of one vector file, as [Path] finds it.
func Read(t testing.TB, elem ...string) []byte {
	t.Helper()
	b, err := os.ReadFile(Path(t, elem...))
	if err != nil {
		t.Fatalf("reading vector: %v", err)
	}
	return b
}

// Binary returns the path of the program name on $PATH. When it is absent
// the test is skipped with a message, or fails when the environment
// variable env is set, for example
//
//	xmlsec := testvectors.Binary(t, "xmlsec1", testvectors.EnvRequireXMLSec)
func Binary(t testing.TB, name, env string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		missing(t, env, name+" not found on $PATH")
	}
	return p
}

// XMLSec returns the path of xmlsec1, as [Binary] finds it.
func XMLSec(t testing.TB) string { t.Helper(); return Binary(t, "xmlsec1", EnvRequireXMLSec) }

// Redis returns the path of redis-server, as [Binary] finds it.
func Redis(t testing.TB) string { t.Helper(); return Binary(t, "redis-server", EnvRequireRedis) }

// Node returns the path of node, as [Binary] finds it.
func Node(t testing.TB) string { t.Helper(); return Binary(t, "node", EnvRequireNode) }
