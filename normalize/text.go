package normalize

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text cleans one free-text value as issued: it drops control, format and
// zero-width characters and invalid UTF-8, turns every run of white space
// into one space and trims the ends. Case is kept. It does not apply Unicode
// NFC (the standard library has no normalizer), so values that differ only
// in composition stay different. Text is idempotent.
func Text(s string) string {
	// Fast path: already clean ASCII.
	clean := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || c < 0x20 || c == 0x7f || (c == ' ' && (i == 0 || i == len(s)-1 || s[i+1] == ' ')) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r == utf8.RuneError:
			continue
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case unicode.Is(unicode.Cf, r), unicode.IsControl(r), r == '\u200b':
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Name cleans a person's name for display: [Text] rules, case as issued,
// honorifics kept (they are dropped only for comparison, see [NameTokens]).
// A single token is a valid name; Name never splits given and family names.
func Name(s string) string { return Text(s) }

// honorifics are dropped from names before comparison (never from the
// stored name).
var honorifics = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "miss": true, "master": true, "dr": true, "prof": true,
	"shri": true, "sri": true, "shree": true, "smt": true, "shrimati": true, "kumari": true,
	"km": true, "kum": true, "sushri": true, "late": true, "capt": true, "col": true, "adv": true,
	"er": true, "ca": true, "bhai": true, "ji": true, "mx": true,
}

// tokenAliases maps common Indian spelling variants and abbreviations onto
// one comparison key.
var tokenAliases = map[string]string{
	"mohammad": "mohammad", "mohammed": "mohammad", "muhammad": "mohammad", "mohamed": "mohammad",
	"mohd": "mohammad", "md": "mohammad", "mahammad": "mohammad",
	"kumar": "kumar", "kr": "kumar",
	"shaikh": "shaikh", "sheikh": "shaikh", "sk": "shaikh", "shaik": "shaikh",
	"devi": "devi", "debi": "devi",
}

// NameTokens returns the comparison tokens of a name: lower case, dots and
// other punctuation turned into separators (so "R.K. Singh" gives r, k,
// singh), honorifics and relation markers (S/O, D/O …) removed, and common
// variants (Mohd → mohammad, Kr → kumar, Sk → shaikh) folded together.
func NameTokens(s string) []string {
	s = strings.ToLower(Text(s))
	if co := ParseCareOf(s); co.Relation != "" {
		s = co.Name
	}
	f := strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r) && !unicode.Is(unicode.Mn, r) && !unicode.Is(unicode.Mc, r)
	})
	out := f[:0]
	for _, t := range f {
		if honorifics[t] {
			continue
		}
		if a, ok := tokenAliases[t]; ok {
			t = a
		}
		out = append(out, t)
	}
	return out
}

// Relations of a care-of value.
const (
	SonOf      = "son_of"
	DaughterOf = "daughter_of"
	WifeOf     = "wife_of"
	HusbandOf  = "husband_of"
	CareOfRel  = "care_of"
)

// CareOf is a parsed care-of value ("S/O: Ram Prasad"). It names a second
// person, so it lives in the India extension and never in the formatted
// address.
type CareOf struct {
	Raw      string `json:"raw,omitempty"`      // the value as issued, cleaned
	Relation string `json:"relation,omitempty"` // son_of|daughter_of|wife_of|husband_of|care_of, "" if none found
	Name     string `json:"name,omitempty"`     // the care-of person's name
}

// ParseCareOf parses a care-of value. It recognises S/O, D/O, W/O, H/O, C/O and
// M/O in any spacing or punctuation ("S / O :", "S/o", "S.O.", "SO"), and
// the words "son of", "daughter of", "wife of", "husband of", "care of".
// Without a marker, Relation is "" and Name is the cleaned value.
func ParseCareOf(s string) CareOf {
	raw := Text(s)
	c := CareOf{Raw: raw}
	rel, rest := splitRelation(raw)
	c.Relation = rel
	c.Name = strings.Trim(Text(rest), " ,:;-")
	return c
}

func splitRelation(s string) (rel, rest string) {
	lower := strings.ToLower(s)
	for _, w := range [...]struct{ word, rel string }{
		{"son of", SonOf}, {"daughter of", DaughterOf}, {"wife of", WifeOf},
		{"husband of", HusbandOf}, {"care of", CareOfRel},
	} {
		if strings.HasPrefix(lower, w.word) && (len(lower) == len(w.word) || !isLetter(lower[len(w.word)])) {
			return w.rel, s[len(w.word):]
		}
	}
	if len(s) < 2 {
		return "", s
	}
	var r string
	switch lower[0] {
	case 's':
		r = SonOf
	case 'd':
		r = DaughterOf
	case 'w':
		r = WifeOf
	case 'h':
		r = HusbandOf
	case 'c', 'm':
		r = CareOfRel
	default:
		return "", s
	}
	i := 1
	sep := false
	for i < len(s) && (s[i] == ' ' || s[i] == '/' || s[i] == '.') {
		sep = true
		i++
	}
	if i >= len(s) || (s[i] != 'o' && s[i] != 'O') {
		return "", s
	}
	i++
	if i < len(s) && s[i] == '.' {
		i++
	}
	if i < len(s) && isLetter(lower[i]) {
		return "", s // "Sonia", "Som"
	}
	if !sep && !(s[0] >= 'A' && s[0] <= 'Z' && s[1] == 'O') {
		return "", s // bare "so"/"co" only in upper case ("SO RAM")
	}
	return r, s[i:]
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80 }
