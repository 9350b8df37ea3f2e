package normalize

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// PIN normalizes an Indian postal index number: surrounding space and one
// inner space ("560 001") are removed, and the result must be exactly six
// digits with a first digit from 1 to 9. Nothing is padded: a number that
// lost a leading digit stays invalid. It is idempotent.
func PIN(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", ErrEmpty
	}
	if len(s) == 7 && s[3] == ' ' {
		s = s[:3] + s[4:]
	}
	if len(s) != 6 || !allDigits(s) || s[0] == '0' {
		return "", fmt.Errorf("%w: field %q", ErrPIN, "pincode")
	}
	return s, nil
}

// pinZones lists, per first PIN digit, the ISO codes of the states and
// union territories of that postal zone.
var pinZones = [10][]string{
	1: {"IN-DL", "IN-HR", "IN-PB", "IN-HP", "IN-JK", "IN-CH", "IN-LA"},
	2: {"IN-UP", "IN-UK"},
	3: {"IN-RJ", "IN-GJ", "IN-DH"},
	4: {"IN-MH", "IN-MP", "IN-CG", "IN-GA"},
	5: {"IN-AP", "IN-TS", "IN-KA", "IN-PY"}, // PY: Yanam
	6: {"IN-TN", "IN-KL", "IN-PY", "IN-LD"},
	7: {"IN-WB", "IN-OD", "IN-AS", "IN-AR", "IN-MN", "IN-ML", "IN-MZ", "IN-NL", "IN-TR", "IN-SK", "IN-AN"},
	8: {"IN-BR", "IN-JH"},
}

// PINMatchesState reports whether a valid PIN lies in the postal zone of
// the state with ISO code stateCode. Zone 9 (army and field post offices)
// matches every state. It is a plausibility check only: records whose state
// is "Andhra Pradesh" with a Telangana PIN are often genuine pre-2014
// addresses, which is why adapters only warn.
func PINMatchesState(pin, stateCode string) bool {
	if len(pin) != 6 || pin[0] < '1' || pin[0] > '9' {
		return false
	}
	if pin[0] == '9' {
		return true
	}
	return slices.Contains(pinZones[pin[0]-'0'], stateCode)
}

// trailingPIN matches a PIN code at the very end of an address: six
// digits, or "NNN NNN", not glued to a digit before it.
var trailingPIN = regexp.MustCompile(`(?:^|[^0-9])([1-9][0-9]{2} ?[0-9]{3})$`)

// AddressPIN reads the PIN code at the end of a formatted Indian address
// ("House 1, Street 2, City, State - 400001", "12 MG ROAD, PATNA, BIHAR
// 800001", "…, Mumbai 400 050, India"), and the state or union territory
// named just before it, when there is one. A trailing ", India" and
// punctuation are skipped. The state is taken only when unambiguous: the
// whole segment before the PIN (after the last comma or " - ") names a
// state by [State], or its last words spell a state's name or old name
// (never a two-letter code inside a longer segment). ok is false when the
// address does not end in a PIN; state is then the zero value.
func AddressPIN(s string) (pin string, state Subdivision, ok bool) {
	t := strings.TrimRight(Text(s), " .;,")
	if i := strings.LastIndexByte(t, ','); i >= 0 && strings.EqualFold(strings.TrimSpace(t[i+1:]), "india") {
		t = strings.TrimRight(t[:i], " .;,")
	}
	m := trailingPIN.FindStringSubmatchIndex(t)
	if m == nil {
		return "", Subdivision{}, false
	}
	pin = strings.ReplaceAll(t[m[2]:m[3]], " ", "")
	rest := strings.TrimRight(t[:m[2]], " -–—:,")
	seg := rest
	if i := strings.LastIndexByte(seg, ','); i >= 0 {
		seg = seg[i+1:]
	}
	if i := strings.LastIndex(seg, " - "); i >= 0 {
		seg = seg[i+3:]
	}
	seg = strings.TrimSpace(seg)
	if seg == "" {
		return pin, Subdivision{}, true
	}
	if sd, err := State(seg); err == nil {
		return pin, sd, true
	}
	words := strings.Fields(seg)
	for n := min(len(words)-1, 6); n >= 1; n-- {
		tail := strings.Join(words[len(words)-n:], " ")
		if len(tail) <= 2 {
			continue
		}
		if sd, err := State(tail); err == nil {
			return pin, sd, true
		}
	}
	return pin, Subdivision{}, true
}
