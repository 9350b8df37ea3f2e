package normalize

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"unicode/utf8"
)

// Name-match categories, Setu's vocabulary.
const (
	CompleteMatch        = "COMPLETE_MATCH"
	HighPartialMatch     = "HIGH_PARTIAL_MATCH"
	ModeratePartialMatch = "MODERATE_PARTIAL_MATCH"
	LowPartialMatch      = "LOW_PARTIAL_MATCH"
	NoMatch              = "NO_MATCH"
)

// Category maps a name-match percentage onto a category: 100 complete,
// ≥85 high, ≥65 moderate, ≥45 low, else none.
func Category(pct float64) string {
	switch {
	case pct >= 99.995:
		return CompleteMatch
	case pct >= 85:
		return HighPartialMatch
	case pct >= 65:
		return ModeratePartialMatch
	case pct >= 45:
		return LowPartialMatch
	}
	return NoMatch
}

// Caps of [CompareNames].
const (
	// MaxNameTokens is the most tokens a compared name may have.
	MaxNameTokens = 32
	// MaxNameTokenRunes is the longest token scored by similarity; longer
	// tokens only match when equal.
	MaxNameTokenRunes = 64
)

// NameScore is one side of a name match.
type NameScore struct {
	Percentage float64 `json:"match_percentage"` // 0–100, two decimals
	Category   string  `json:"match_type"`       // CompleteMatch … NoMatch
}

// NameMatch is the evidence of a name comparison: an optimistic and a
// pessimistic score, as Setu's Name Match API returns them.
type NameMatch struct {
	Optimistic  NameScore `json:"optimistic"`  // lenient with missing tokens and order
	Pessimistic NameScore `json:"pessimistic"` // strict with missing tokens and order
}

// CompareNames scores two names. Both are reduced to [NameTokens]
// (honorifics and relation markers dropped, spelling variants folded),
// then tokens are paired regardless of order: equal tokens score 1, an
// initial against a name starting with it 0.95 (optimistic) or 0.9
// (pessimistic), other pairs by Jaro-Winkler (optimistic) or edit-distance
// ratio (pessimistic), or 0.97 when their phonetic keys agree (bh/b, ee/i,
// oo/u, w/v, sh/s …). Pairs under 0.75 do not match. The optimistic score
// averages the pairs and penalises unmatched tokens lightly; the
// pessimistic score takes the weakest pair, scales it by the share of
// tokens matched, and by 5/6 when the order differs. A match made of
// initials only is capped. The result is evidence, not a verdict.
//
// Pairing costs the product of the token counts and each pair costs the
// product of the token lengths, so the work is capped: a name of more than
// [MaxNameTokens] tokens scores 0 (NoMatch), and two different tokens of
// more than [MaxNameTokenRunes] runes each score 0 as a pair. No real name
// comes near either cap.
func CompareNames(a, b string) NameMatch {
	ta, tb := NameTokens(a), NameTokens(b)
	if len(ta) > MaxNameTokens || len(tb) > MaxNameTokens {
		ta, tb = nil, nil
	}
	opt := nameScore(ta, tb, true)
	pes := nameScore(ta, tb, false)
	return NameMatch{
		Optimistic:  NameScore{Percentage: opt, Category: Category(opt)},
		Pessimistic: NameScore{Percentage: pes, Category: Category(pes)},
	}
}

func nameScore(ta, tb []string, optimistic bool) float64 {
	if len(ta) == 0 || len(tb) == 0 {
		return 0
	}
	if len(ta) > len(tb) {
		ta, tb = tb, ta
	}
	type pair struct {
		i, j int
		s    float64
	}
	var pairs []pair
	for i, x := range ta {
		for j, y := range tb {
			if s := tokenScore(x, y, optimistic); s >= 0.75 {
				pairs = append(pairs, pair{i, j, s})
			}
		}
	}
	// Greedy assignment, best pairs first (stable for equal scores).
	slices.SortStableFunc(pairs, func(p, q pair) int { return cmp.Compare(q.s, p.s) })
	usedA := make([]bool, len(ta))
	usedB := make([]bool, len(tb))
	matchB := make([]int, len(ta))
	sum, minS, matched, anchor := 0.0, 1.0, 0, false
	for _, p := range pairs {
		if usedA[p.i] || usedB[p.j] {
			continue
		}
		usedA[p.i], usedB[p.j] = true, true
		matchB[p.i] = p.j
		sum += p.s
		minS = math.Min(minS, p.s)
		matched++
		if utf8.RuneCountInString(ta[p.i]) > 1 && utf8.RuneCountInString(tb[p.j]) > 1 {
			anchor = true
		}
	}
	if matched == 0 {
		return 0
	}
	var score float64
	if optimistic {
		unmatchedShort := float64(len(ta) - matched)
		extraLong := float64(len(tb) - len(ta))
		score = sum / (float64(matched) + 0.6*unmatchedShort + 0.25*extraLong)
		if !anchor {
			score *= 0.45
		}
	} else {
		coverage := float64(matched) / float64(len(tb))
		score = minS * math.Pow(coverage, 0.65)
		// Order: matched tokens of the shorter name must map to
		// increasing positions in the longer one.
		last := -1
		for i := range ta {
			if !usedA[i] {
				continue
			}
			if matchB[i] < last {
				score *= 5.0 / 6
				break
			}
			last = matchB[i]
		}
		if !anchor {
			score *= 0.3
		}
	}
	return math.Round(score*10000) / 100
}

func tokenScore(x, y string, optimistic bool) float64 {
	if x == y {
		return 1
	}
	rx, ry := utf8.RuneCountInString(x), utf8.RuneCountInString(y)
	if rx == 1 || ry == 1 {
		fx, _ := utf8.DecodeRuneInString(x)
		fy, _ := utf8.DecodeRuneInString(y)
		if fx == fy {
			if optimistic {
				return 0.95
			}
			return 0.9
		}
		return 0
	}
	if rx > MaxNameTokenRunes || ry > MaxNameTokenRunes {
		return 0 // similarity is quadratic in the lengths
	}
	if phoneticKey(x) == phoneticKey(y) {
		return 0.97
	}
	if optimistic {
		return jaroWinkler(x, y)
	}
	return editRatio(x, y)
}

var phoneticReplacer = strings.NewReplacer(
	"bh", "b", "ph", "f", "th", "t", "dh", "d", "kh", "k", "gh", "g", "ch", "c", "sh", "s", "jh", "j",
	"ee", "i", "oo", "u", "aa", "a", "ks", "x", "w", "v", "z", "j", "q", "k", "y", "i",
)

// phoneticKey folds common Indian transliteration variants together.
func phoneticKey(s string) string {
	k := phoneticReplacer.Replace(s)
	var b strings.Builder
	var prev rune
	for i, r := range k {
		if r == prev {
			continue
		}
		if r == 'h' && i > 0 {
			prev = r
			continue
		}
		b.WriteRune(r)
		prev = r
	}
	return b.String()
}

func jaroWinkler(a, b string) float64 {
	ra, rb := []rune(a), []rune(b)
	la, lb := len(ra), len(rb)
	if la == 0 || lb == 0 {
		return 0
	}
	win := max(la, lb)/2 - 1
	if win < 0 {
		win = 0
	}
	ma := make([]bool, la)
	mb := make([]bool, lb)
	m := 0
	for i := range ra {
		lo, hi := max(0, i-win), min(lb-1, i+win)
		for j := lo; j <= hi; j++ {
			if !mb[j] && ra[i] == rb[j] {
				ma[i], mb[j] = true, true
				m++
				break
			}
		}
	}
	if m == 0 {
		return 0
	}
	t, j := 0, 0
	for i := range ra {
		if !ma[i] {
			continue
		}
		for !mb[j] {
			j++
		}
		if ra[i] != rb[j] {
			t++
		}
		j++
	}
	fm := float64(m)
	jaro := (fm/float64(la) + fm/float64(lb) + (fm-float64(t)/2)/fm) / 3
	p := 0
	for p < min(4, la, lb) && ra[p] == rb[p] {
		p++
	}
	return jaro + float64(p)*0.1*(1-jaro)
}

func editRatio(a, b string) float64 {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			c := 1
			if ra[i-1] == rb[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev, cur = cur, prev
	}
	return 1 - float64(prev[len(rb)])/float64(max(len(ra), len(rb)))
}

// Date-of-birth comparison results.
const (
	DOBExact           = "exact"
	DOBYearOnlyMatch   = "year_only_match"
	DOBDayMonthSwapped = "day_month_swapped"
	DOBMismatch        = "mismatch"
	Unavailable        = "unavailable" // one side lacks the value
)

// CompareBirthdates compares two OIDC birthdates ("YYYY-MM-DD" or
// "YYYY"): exact; year_only_match when one side is a bare year equal to
// the other's year; day_month_swapped when day and month are exchanged
// (a month-first source); mismatch; or unavailable.
func CompareBirthdates(a, b string) string {
	da, ea := ParseDate(a)
	db, eb := ParseDate(b)
	switch {
	case ea != nil || eb != nil:
		return Unavailable
	case da == db:
		return DOBExact
	case (da.YearOnly() || db.YearOnly()) && da.Year == db.Year:
		return DOBYearOnlyMatch
	case da.Year == db.Year && da.Day == db.Month && da.Month == db.Day:
		return DOBDayMonthSwapped
	}
	return DOBMismatch
}

// Comparison results for gender, identifiers and address parts.
const (
	Equal      = "equal"
	Compatible = "compatible" // transgender vs other
	Mismatch   = "mismatch"
)

// Comparison is the evidence of comparing two records. It holds scores and
// categories only, never a compared value. It is not a verdict: never merge
// or reject on one score alone.
type Comparison struct {
	Name      NameMatch `json:"name"`      // name match scores
	Birthdate string    `json:"birthdate"` // DOBExact, DOBYearOnlyMatch, DOBDayMonthSwapped, DOBMismatch or Unavailable
	Gender    string    `json:"gender"`    // Equal, Compatible, Mismatch or Unavailable
	// PostalCode, State and Last4 are equal, mismatch or unavailable.
	PostalCode string `json:"postal_code"`
	State      string `json:"state"` // ISO code equality
	// AddressSimilarity is a weighted token-set similarity of the two
	// addresses in [0, 1] (house and street tokens count half), or -1 when
	// a side has no address.
	AddressSimilarity float64 `json:"address_similarity"`
	Last4             string  `json:"aadhaar_last4"` // Aadhaar last-4 equality
	// PhotoA and PhotoB give each side's photo media type, "url", or "".
	PhotoA string `json:"photo_a,omitempty"`
	PhotoB string `json:"photo_b,omitempty"` // see PhotoA
}

// Compare compares two records field by field and returns the evidence.
func Compare(a, b *Record) Comparison {
	var c Comparison
	c.Name = CompareNames(a.Claims.Name, b.Claims.Name)
	c.Birthdate = CompareBirthdates(a.Claims.Birthdate, b.Claims.Birthdate)
	c.Gender = compareGender(a.Claims.Gender, b.Claims.Gender)
	aa, ab := a.Claims.Address, b.Claims.Address
	c.PostalCode, c.State, c.AddressSimilarity = Unavailable, Unavailable, -1
	if aa != nil && ab != nil {
		c.PostalCode = eqOrMismatch(aa.PostalCode, ab.PostalCode)
		c.State = eqOrMismatch(stateCode(aa), stateCode(ab))
		c.AddressSimilarity = addressSimilarity(aa, ab)
	}
	c.Last4 = eqOrMismatch(last4(a), last4(b))
	c.PhotoA, c.PhotoB = photoKind(a), photoKind(b)
	return c
}

func compareGender(a, b string) string {
	switch {
	case a == "" || b == "":
		return Unavailable
	case a == b:
		return Equal
	case (a == Transgender || a == Other) && (b == Transgender || b == Other):
		return Compatible
	}
	return Mismatch
}

func eqOrMismatch(a, b string) string {
	switch {
	case a == "" || b == "":
		return Unavailable
	case strings.EqualFold(a, b):
		return Equal
	}
	return Mismatch
}

func stateCode(a *Address) string {
	if a.IN != nil && a.IN.StateCode != "" {
		return a.IN.StateCode
	}
	if sd, err := State(a.Region); err == nil {
		return sd.Code
	}
	return ""
}

func last4(r *Record) string {
	if r.IN == nil || r.IN.Aadhaar == nil {
		return ""
	}
	return r.IN.Aadhaar.Last4
}

func photoKind(r *Record) string {
	if p := r.Claims.Picture; p != "" {
		if i := strings.IndexByte(p, ';'); i > 5 {
			return p[5:i]
		}
		return "unknown"
	}
	if r.IN != nil && r.IN.PhotoURL != "" {
		return "url"
	}
	return ""
}

// addressSimilarity is a weighted Jaccard similarity over address tokens.
func addressSimilarity(a, b *Address) float64 {
	wa, wb := addressTokens(a), addressTokens(b)
	if len(wa) == 0 || len(wb) == 0 {
		return -1
	}
	inter, union := 0.0, 0.0
	for t, w := range wa {
		if w2, ok := wb[t]; ok {
			inter += math.Min(w, w2)
			union += math.Max(w, w2)
		} else {
			union += w
		}
	}
	for t, w := range wb {
		if _, ok := wa[t]; !ok {
			union += w
		}
	}
	return math.Round(inter/union*1000) / 1000
}

func addressTokens(a *Address) map[string]float64 {
	m := map[string]float64{}
	add := func(s string, w float64) {
		for _, t := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
			return r == ' ' || r == ',' || r == '-' || r == '/' || r == '.' || r == '#' || r == '(' || r == ')'
		}) {
			if m[t] < w {
				m[t] = w
			}
		}
	}
	if in := a.IN; in != nil && (in.House != "" || in.Street != "" || in.VTC != "" || in.District != "") {
		add(in.House, 0.5)
		add(in.Street, 0.5)
		for _, s := range []string{in.Landmark, in.Locality, in.VTC, in.SubDistrict, in.District, in.PostOffice} {
			add(s, 1)
		}
		add(a.Region, 1)
		add(a.PostalCode, 1)
		return m
	}
	add(a.Formatted, 1)
	return m
}
