package normalize

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
)

// setuExamples are Setu's published Name Match examples
// (docs.setu.co/data/match-apis/name-match/examples). Where Setu printed
// only a percentage, its category is the band that percentage falls in.
var setuExamples = []struct {
	a, b                 string
	setuOpt, setuPes     float64
	optimistic, pessimis string
}{
	{"Mr. Rakesh Kumar Singh", "Rakesh Kumar Singh", 100, 100, CompleteMatch, CompleteMatch},
	{"Rakesh K Singh", "Rakesh Kumar Singh", 95, 90, HighPartialMatch, HighPartialMatch},
	{"Ashok Kumar Ganguly", "A K Ganguly", 95, 90, HighPartialMatch, HighPartialMatch},
	{"R K S", "Rakesh Kumar Singh", 43.48, 27.78, NoMatch, NoMatch},
	{"Anita Kumari", "Ankita Kumari", 90.91, 83.33, HighPartialMatch, ModeratePartialMatch},
	{"Prakash Kumar Chowdhury", "Prakash Chowdhury", 85, 73.71, HighPartialMatch, ModeratePartialMatch},
	{"Prakash Kumar Chowdhury", "Chowdhury Kumar Prakash", 100, 83.33, CompleteMatch, ModeratePartialMatch},
	{"Prakash Kumar Agarwal", "Amita Agarwal", 58.82, 47.62, LowPartialMatch, LowPartialMatch},
	{"Prakash Kumar Chowdhury", "Ram Prasad Singh", 35.9, 30.43, NoMatch, NoMatch},
}

func TestCompareNamesSetuExamples(t *testing.T) {
	for _, ex := range setuExamples {
		// Our bands give Setu's own percentages Setu's categories.
		if Category(ex.setuOpt) != ex.optimistic || Category(ex.setuPes) != ex.pessimis {
			t.Errorf("bands disagree with Setu on %q/%q", ex.a, ex.b)
		}
		for _, pair := range [][2]string{{ex.a, ex.b}, {ex.b, ex.a}} {
			got := CompareNames(pair[0], pair[1])
			if got.Optimistic.Category != ex.optimistic || got.Pessimistic.Category != ex.pessimis {
				t.Errorf("CompareNames(%q, %q) = %s %.2f / %s %.2f; Setu: %s / %s", pair[0], pair[1],
					got.Optimistic.Category, got.Optimistic.Percentage, got.Pessimistic.Category, got.Pessimistic.Percentage,
					ex.optimistic, ex.pessimis)
			}
			if got.Pessimistic.Percentage > got.Optimistic.Percentage {
				t.Errorf("pessimistic above optimistic for %q/%q", pair[0], pair[1])
			}
		}
	}
}

func TestSetuNameMatchSample(t *testing.T) {
	b, err := os.ReadFile("../testdata/normalize/samples/setu-name-match.json")
	if err != nil {
		t.Fatal(err)
	}
	var s struct {
		Name1, Name2 string
		Opt          struct {
			MatchType string `json:"match_type"`
		} `json:"optimistic_match_output"`
		Pes struct {
			MatchType string `json:"match_type"`
		} `json:"pessimistic_match_output"`
	}
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	got := CompareNames(s.Name1, s.Name2)
	if got.Optimistic.Category != s.Opt.MatchType || got.Pessimistic.Category != s.Pes.MatchType {
		t.Errorf("got %+v, Setu says %s/%s", got, s.Opt.MatchType, s.Pes.MatchType)
	}
}

func TestCompareNamesVariants(t *testing.T) {
	tests := []struct{ a, b, atLeast string }{
		{"Mohd Iqbal", "Mohammed Iqbal", CompleteMatch},
		{"Rajesh Kr Verma", "Rajesh Kumar Verma", CompleteMatch},
		{"Bharat Sheikh", "Bharat Shaikh", CompleteMatch},
		{"Subhash Chandra", "Subash Chandra", HighPartialMatch},
		{"Deepak Sharma", "Dipak Sharma", HighPartialMatch},
		{"R.K. Singh", "Rakesh Kumar Singh", HighPartialMatch},
		{"Smt. Kamla Devi", "Kamla Devi", CompleteMatch},
	}
	rank := map[string]int{NoMatch: 0, LowPartialMatch: 1, ModeratePartialMatch: 2, HighPartialMatch: 3, CompleteMatch: 4}
	for _, tt := range tests {
		got := CompareNames(tt.a, tt.b)
		if rank[got.Optimistic.Category] < rank[tt.atLeast] {
			t.Errorf("CompareNames(%q, %q) optimistic %s, want at least %s", tt.a, tt.b, got.Optimistic.Category, tt.atLeast)
		}
	}
	if got := CompareNames("", "Ravi"); got.Optimistic.Category != NoMatch || got.Optimistic.Percentage != 0 {
		t.Errorf("empty name: %+v", got)
	}
}

func TestCompareBirthdates(t *testing.T) {
	tests := []struct{ a, b, want string }{
		{"1990-08-31", "1990-08-31", DOBExact},
		{"1958", "1958", DOBExact},
		{"1958", "1958-04-12", DOBYearOnlyMatch},
		{"1958-04-12", "1958", DOBYearOnlyMatch},
		{"1959", "1958-04-12", DOBMismatch},
		{"1990-04-05", "1990-05-04", DOBDayMonthSwapped},
		{"1990-04-05", "1990-04-06", DOBMismatch},
		{"1990-04-05", "1991-05-04", DOBMismatch},
		{"", "1990-04-05", Unavailable},
	}
	for _, tt := range tests {
		if got := CompareBirthdates(tt.a, tt.b); got != tt.want {
			t.Errorf("CompareBirthdates(%q, %q) = %q, want %q", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestCompareRecords(t *testing.T) {
	load := func(file string) *Record {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		r, err := Auto(b, testOpts)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	a := load("../testdata/normalize/samples/cashfree-offline-aadhaar-verify.json")
	b := load("../testdata/normalize/samples/cashfree-digilocker-document-aadhaar.json")
	c := Compare(a, b)
	if c.Name.Optimistic.Category != CompleteMatch || c.Birthdate != DOBExact || c.Gender != Equal ||
		c.PostalCode != Equal || c.State != Equal || c.Last4 != Unavailable || c.AddressSimilarity < 0.8 {
		t.Errorf("same person, two Cashfree products: %+v", c)
	}
	d := load("../testdata/normalize/seeds/ovse-completed.json")
	c = Compare(a, d)
	if c.Name.Optimistic.Category != NoMatch || c.Birthdate != DOBMismatch || c.Gender != Mismatch ||
		c.PostalCode != Mismatch || c.State != Mismatch || c.AddressSimilarity > 0.2 || c.PhotoB != MediaJPEG {
		t.Errorf("different people: %+v", c)
	}
	e := load("../testdata/normalize/seeds/accuauth-ok.json")
	if c := Compare(d, e); c.Last4 != Equal {
		t.Errorf("last4 5678 vs 5678: %+v", c.Last4)
	}
	if got := compareGender(Transgender, Other); got != Compatible {
		t.Errorf("transgender vs other = %q", got)
	}
	out, _ := json.Marshal(Compare(a, d))
	for _, v := range []string{"Mallesh", "Meera", "581115", "1995"} {
		if json.Valid(out) && containsStr(string(out), v) {
			t.Errorf("comparison carries the value %q", v)
		}
	}
}

// TestCompareNamesCaps: pairing is quadratic in tokens and similarity in
// token length, so hostile names past the caps score 0 instead of pinning a
// CPU (400 distinct tokens took seconds before the caps).
func TestCompareNamesCaps(t *testing.T) {
	many := func(n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "ramesh%c%c ", 'a'+i%26, 'a'+(i/26)%26)
		}
		return b.String()
	}
	long := strings.Repeat("a", MaxNameTokenRunes)
	for _, tc := range []struct {
		name string
		a, b string
		want string // optimistic category
	}{
		{"at token cap", many(MaxNameTokens), many(MaxNameTokens), CompleteMatch},
		{"over token cap", many(MaxNameTokens + 1), many(MaxNameTokens + 1), NoMatch},
		{"over token cap, one side", many(MaxNameTokens + 1), "Ramesh", NoMatch},
		{"long tokens at cap", long + "b", long + "c", NoMatch},
		{"long tokens under cap", long[1:] + "b", long[1:] + "c", HighPartialMatch},
		{"long token equal", long + long, long + long, CompleteMatch},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := CompareNames(tc.a, tc.b)
			if got.Optimistic.Category != tc.want {
				t.Errorf("optimistic = %+v, want %s", got.Optimistic, tc.want)
			}
		})
	}
	// An initial still matches a long token as it matches a short one.
	if got, want := CompareNames("R Singh", "R"+long+" Singh"), CompareNames("R Singh", "Rakesh Singh"); got != want {
		t.Errorf("initial against a long token = %+v, want %+v", got, want)
	}
}
