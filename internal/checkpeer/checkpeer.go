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
	"strconv"
	"strings"
	"testing"

	"github.com/kyckit/kyckit/internal/testvectors"
)

var (
	//go:embed verhoeff.js
	verhoeffJS string
	//go:embed luhn.js
	luhnJS string
	//go:embed uidaihash.js
	uidaiHashJS string
)

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

// Verdict is a peer's answer for one string.
type Verdict struct {
	Valid bool // the string ends in a correct check digit or character
	Check byte // the check digit or character to append to the string
}

// verdicts parses the "V C" lines the peers print.
func verdicts(t testing.TB, out []string) []Verdict {
	t.Helper()
	v := make([]Verdict, len(out))
	for i, l := range out {
		if len(l) != 3 || (l[0] != '0' && l[0] != '1') || l[1] != ' ' {
			t.Fatalf("node peer: line %d: unexpected answer %q", i+1, l)
		}
		v[i] = Verdict{Valid: l[0] == '1', Check: l[2]}
	}
	return v
}

// Verhoeff asks the Verhoeff peer (verhoeff.js, written from Wikipedia's
// tables) about each digit string in numbers.
func Verhoeff(t testing.TB, numbers []string) []Verdict {
	t.Helper()
	v := verdicts(t, run(t, verhoeffJS, numbers))
	for i, x := range v {
		if x.Check < '0' || x.Check > '9' {
			t.Fatalf("node peer: line %d: check digit %q", i+1, x.Check)
		}
	}
	return v
}

// Luhn asks the Luhn mod N peer (luhn.js, written from Wikipedia's "Luhn
// mod N algorithm") about each string in s: n is 10 for digit strings (the
// voter-id check digit) or 36 for strings over 0-9A-Z (the GSTIN check
// character).
func Luhn(t testing.TB, n int, s []string) []Verdict {
	t.Helper()
	if n != 10 && n != 36 {
		t.Fatalf("checkpeer.Luhn: base %d", n)
	}
	lines := make([]string, len(s))
	for i, x := range s {
		lines[i] = strconv.Itoa(n) + " " + x
	}
	return verdicts(t, run(t, luhnJS, lines))
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

// Hash is one input of [UIDAIHash].
type Hash struct {
	Digit int    // last digit of the Aadhaar number, 0-9
	Input string // mobile or e-mail followed by the share code; no tab or newline
}

// UIDAIHash asks the UIDAI hash peer (uidaihash.js, written from UIDAI's
// Offline e-KYC description, on Node's crypto) for the lowercase-hex digest
// of each input.
func UIDAIHash(t testing.TB, in []Hash) []string {
	t.Helper()
	lines := make([]string, len(in))
	for i, h := range in {
		if h.Digit < 0 || h.Digit > 9 || strings.ContainsAny(h.Input, "\t\n") {
			t.Fatalf("checkpeer.UIDAIHash: bad input %d", i)
		}
		lines[i] = strconv.Itoa(h.Digit) + "\t" + h.Input
	}
	out := run(t, uidaiHashJS, lines)
	for i, l := range out {
		if len(l) != 64 {
			t.Fatalf("node peer: line %d: unexpected answer %q", i+1, l)
		}
	}
	return out
}
