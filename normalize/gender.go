package normalize

import (
	"fmt"
	"strings"
)

// Gender values in a record. OIDC defines "male" and "female" and allows
// others; UIDAI's third code T becomes "transgender".
const (
	Male        = "male"
	Female      = "female"
	Transgender = "transgender"
	Other       = "other"
)

// Gender maps a provider's gender code onto the OIDC value: M/MALE/Male →
// male, F/FEMALE → female, T/TG/TRANSGENDER/"third gender" → transgender,
// O/OTHER → other. Empty, U and N/A give [ErrEmpty]; anything else
// [ErrGender]. It is idempotent.
func Gender(s string) (string, error) {
	k := strings.ToLower(strings.Join(strings.Fields(s), " "))
	switch k {
	case "m", "male", "man":
		return Male, nil
	case "f", "female", "woman":
		return Female, nil
	case "t", "tg", "transgender", "third gender", "third", "trans":
		return Transgender, nil
	case "o", "other", "others":
		return Other, nil
	case "", "u", "n/a", "na", "unknown", "-":
		return "", ErrEmpty
	}
	return "", fmt.Errorf("%w: field %q", ErrGender, "gender")
}

// EUPIDSex maps a normalized gender onto the numeric EU PID / ISO 5218
// style sex code: male 1, female 2, transgender and other 3, unknown 0.
func EUPIDSex(gender string) int {
	switch gender {
	case Male:
		return 1
	case Female:
		return 2
	case Transgender, Other:
		return 3
	}
	return 0
}
