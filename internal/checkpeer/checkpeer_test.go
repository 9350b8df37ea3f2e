package checkpeer

import (
	"os/exec"
	"strings"
	"testing"
)

// TestVerhoeffPeerKnownAnswers holds the peer to published examples
// before any test trusts it: Wikipedia (236 → 3, 2363 and 1428570 valid),
// Rosetta Code (12345 → 1, 123456789012 → 0, the three with a check digit
// of 9 invalid), python-stdnum's tests/test_verhoeff.doctest (654 → 8,
// 1428570 → 8, 654 invalid).
func TestVerhoeffPeerKnownAnswers(t *testing.T) {
	computes := map[string]byte{"236": '3', "12345": '1', "123456789012": '0', "654": '8', "1428570": '8'}
	verdicts := map[string]bool{"2363": true, "1428570": true, "2369": false, "123459": false, "1234567890129": false, "654": false}
	var in []string
	for s := range computes {
		in = append(in, s)
	}
	for s := range verdicts {
		in = append(in, s)
	}
	got := Verhoeff(t, in)
	for i, s := range in {
		if c, ok := computes[s]; ok && got[i].Check != c {
			t.Errorf("peer check digit for %s = %c, want %c", s, got[i].Check, c)
		}
		if v, ok := verdicts[s]; ok && got[i].Valid != v {
			t.Errorf("peer verdict for %s = %v, want %v", s, got[i].Valid, v)
		}
	}
}

// TestLuhnPeerKnownAnswers: Wikipedia's "Luhn algorithm" example
// (7992739871 → 3), python-stdnum's in_/epic.py (WKH1186253 valid,
// WKH1186263 not) and in_/gstin.py (27AAPFU0939F1ZV valid,
// 27AAPFU0939F1ZO not).
func TestLuhnPeerKnownAnswers(t *testing.T) {
	got := Luhn(t, 10, []string{"7992739871", "79927398713", "1186253", "1186263"})
	if got[0].Check != '3' || !got[1].Valid || !got[2].Valid || got[3].Valid {
		t.Errorf("Luhn mod 10 peer: %+v", got)
	}
	got = Luhn(t, 36, []string{"27AAPFU0939F1Z", "27AAPFU0939F1ZV", "27AAPFU0939F1ZO"})
	if got[0].Check != 'V' || !got[1].Valid || got[2].Valid {
		t.Errorf("Luhn mod 36 peer: %+v", got)
	}
}

func TestVerhoeffSet(t *testing.T) {
	nums, v := VerhoeffSet(t, 1, 400)
	valid := 0
	for i, n := range nums {
		if len(n) != 12 && len(n) != 16 {
			t.Fatalf("number %d has %d digits", i, len(n))
		}
		if v[i].Valid {
			valid++
		}
	}
	if valid < 150 || valid > 300 {
		t.Errorf("%d of %d valid; the set should be about half valid", valid, len(nums))
	}
	again, _ := VerhoeffSet(t, 1, 400)
	if strings.Join(again, ",") != strings.Join(nums, ",") {
		t.Error("equal seeds gave different sets")
	}
}

// TestOnlyTestsImport keeps this package out of every build but tests: no
// non-test Go file of the module may import it.
func TestOnlyTestsImport(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go not on $PATH")
	}
	out, err := exec.Command(goBin, "list", "-f", `{{.ImportPath}}: {{join .Imports " "}}`, "github.com/kyckit/kyckit/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, line := range strings.Split(string(out), "\n") {
		pkg, imports, _ := strings.Cut(line, ": ")
		for _, imp := range strings.Fields(imports) {
			if imp == "github.com/kyckit/kyckit/internal/checkpeer" || imp == "github.com/kyckit/kyckit/internal/redactcorpus" || imp == "github.com/kyckit/kyckit/internal/logtest" || imp == "github.com/kyckit/kyckit/internal/cputime" {
				t.Errorf("%s imports %s outside its tests", pkg, imp)
			}
		}
	}
}
