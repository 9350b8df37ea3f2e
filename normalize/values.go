// Small value helpers shared by several adapters: HTTP-like status codes,
// masked document numbers, compact dates.

package normalize

import (
	"regexp"
	"strings"
)

// httpError reports whether an HTTP-like status code is a request,
// credential, rate or server fault (as opposed to a business failure).
func httpError(code string) bool {
	switch {
	case code == "400", code == "401", code == "402", code == "403", code == "404", code == "429":
		return true
	case len(code) == 3 && code[0] == '5':
		return true
	}
	return false
}

// maskPAN keeps the first five and the last character of a PAN.
func maskPAN(p string) string {
	p = strings.ToUpper(strings.TrimSpace(p))
	if len(p) != 10 {
		return maskDocNumber(p)
	}
	return p[:5] + "****" + p[9:]
}

// passportNumber matches an Indian passport number in free text: one
// capital letter and seven digits, standing alone.
var passportNumber = regexp.MustCompile(`\b[A-Z][0-9]{7}\b`)

// maskPassportNumbers masks every passport number in s to its last four
// characters.
func maskPassportNumbers(s string) string {
	return passportNumber.ReplaceAllStringFunc(s, maskDocNumber)
}

// withoutQuery cuts the query and fragment off a URL; cut reports that
// there was one.
func withoutQuery(u string) (string, bool) {
	u = strings.TrimSpace(u)
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		return u[:i], true
	}
	return u, false
}

// maskDocNumber keeps the last 4 characters of a document number.
func maskDocNumber(s string) string {
	s = strings.TrimSpace(s)
	if len(s) <= 4 {
		return strings.Repeat("X", len(s))
	}
	return strings.Repeat("X", len(s)-4) + s[len(s)-4:]
}

func joinSpace(s ...string) string {
	var out []string
	for _, x := range s {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return strings.Join(out, " ")
}

// ymdToISO turns a compact YYYYMMDD (as 1Kosmos writes dates) into
// YYYY-MM-DD so that the day-first date rule does not misread it; other
// values pass unchanged.
func ymdToISO(s string) string {
	s = strings.TrimSpace(s)
	if len(s) == 8 && allDigits(s) && (s[:2] == "19" || s[:2] == "20") {
		iso := s[:4] + "-" + s[4:6] + "-" + s[6:]
		if _, err := ParseDate(iso); err == nil {
			return iso
		}
	}
	return s
}

func isoOrEmpty(s string) string {
	d, err := ParseDate(ymdToISO(s))
	if err != nil {
		return ""
	}
	return d.OIDC()
}
