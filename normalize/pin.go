package normalize

import (
	"fmt"
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
