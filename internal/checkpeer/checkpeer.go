// Package checkpeer runs independent implementations of the check
// algorithms kyckit ships, for differential tests. Test only: nothing but
// _test.go files may import it (TestOnlyTestsImport enforces that).
//
// Each peer is a small Node.js program embedded here, written from the
// algorithm's published definition and sharing no code with kyckit's Go
// implementation, so the two can disagree. The peers need node on $PATH;
// without it a test is skipped with a message, or fails when
// KYCKIT_REQUIRE_NODE is set (as in CI).
package checkpeer

import (
	"bytes"
	_ "embed"
	"math/rand/v2"
	"os/exec"
	"strings"
	"testing"

	"github.com/kyckit/kyckit/internal/testvectors"
)

//go:embed verhoeff.js
var verhoeffJS string

// run runs the peer program src under node with lines on standard input
// and returns its output lines, one per input line.
func run(t testing.TB, src string, lines []string) []string {
	t.Helper()
	node := testvectors.Node(t)
	cmd := exec.Command(node, "-e", src)
	cmd.Stdin = strings.NewReader(strings.Join(lines, "\n") + "\n")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node peer: %v\n%s", err, stderr.Bytes())
	}
	got := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(got) != len(lines) {
		t.Fatalf("node peer answered %d lines for %d", len(got), len(lines))
	}
	return got
}

// Verdict is the peer's answer for one digit string.
type Verdict struct {
	Valid bool // the string ends in a correct Verhoeff check digit
	Check byte // the check digit to append to the string, '0'..'9'
}

// Verhoeff asks the peer about each digit string in numbers.
func Verhoeff(t testing.TB, numbers []string) []Verdict {
	t.Helper()
	out := run(t, verhoeffJS, numbers)
	v := make([]Verdict, len(out))
	for i, l := range out {
		if len(l) != 3 || (l[0] != '0' && l[0] != '1') || l[1] != ' ' || l[2] < '0' || l[2] > '9' {
			t.Fatalf("node peer: line %d: unexpected answer %q", i+1, l)
		}
		v[i] = Verdict{Valid: l[0] == '1', Check: l[2]}
	}
	return v
}

// VerhoeffSet returns n random 12- and 16-digit numbers (half of each
// length), with the peer's verdict for each: about half end in the check
// digit the peer computes for them, a quarter in another digit, and a
// quarter are random digits throughout. Equal seeds give equal sets.
func VerhoeffSet(t testing.TB, seed uint64, n int) (numbers []string, verdicts []Verdict) {
	t.Helper()
	rnd := rand.New(rand.NewPCG(seed, seed^0x5851f42d4c957f2d))
	digits := func(k int) string {
		b := make([]byte, k)
		for i := range b {
			b[i] = byte('0' + rnd.IntN(10))
		}
		return string(b)
	}
	bodies := make([]string, n)
	for i := range bodies {
		if i%2 == 0 {
			bodies[i] = digits(11)
		} else {
			bodies[i] = digits(15)
		}
	}
	checks := Verhoeff(t, bodies)
	numbers = make([]string, n)
	for i, b := range bodies {
		switch i % 4 {
		case 0, 1: // the peer's check digit
			numbers[i] = b + string(checks[i].Check)
		case 2: // any other digit
			numbers[i] = b + string('0'+(checks[i].Check-'0'+1+byte(rnd.IntN(9)))%10)
		default: // random
			numbers[i] = b + digits(1)
		}
	}
	return numbers, Verhoeff(t, numbers)
}
