package normalize

import (
	"fmt"
	"strings"
)

// A Subdivision is an Indian state or union territory with its current
// ISO 3166-2:IN code.
type Subdivision struct {
	Code string // "IN-KA"
	Name string // canonical English name, "Karnataka"
	// Alias is the matched old or variant name when the input was one
	// ("Orissa"), else "".
	Alias string
}

// subdivisions lists the 36 states and union territories with their codes
// after the ISO 3166-2 changes of 2019 (IN-LA), 2020 (IN-DH) and the
// November 2023 update (IN-CT→IN-CG, IN-OR→IN-OD, IN-TG→IN-TS,
// IN-UT→IN-UK).
var subdivisions = [...]Subdivision{
	{Code: "IN-AN", Name: "Andaman and Nicobar Islands"},
	{Code: "IN-AP", Name: "Andhra Pradesh"},
	{Code: "IN-AR", Name: "Arunachal Pradesh"},
	{Code: "IN-AS", Name: "Assam"},
	{Code: "IN-BR", Name: "Bihar"},
	{Code: "IN-CH", Name: "Chandigarh"},
	{Code: "IN-CG", Name: "Chhattisgarh"},
	{Code: "IN-DH", Name: "Dadra and Nagar Haveli and Daman and Diu"},
	{Code: "IN-DL", Name: "Delhi"},
	{Code: "IN-GA", Name: "Goa"},
	{Code: "IN-GJ", Name: "Gujarat"},
	{Code: "IN-HR", Name: "Haryana"},
	{Code: "IN-HP", Name: "Himachal Pradesh"},
	{Code: "IN-JK", Name: "Jammu and Kashmir"},
	{Code: "IN-JH", Name: "Jharkhand"},
	{Code: "IN-KA", Name: "Karnataka"},
	{Code: "IN-KL", Name: "Kerala"},
	{Code: "IN-LA", Name: "Ladakh"},
	{Code: "IN-LD", Name: "Lakshadweep"},
	{Code: "IN-MP", Name: "Madhya Pradesh"},
	{Code: "IN-MH", Name: "Maharashtra"},
	{Code: "IN-MN", Name: "Manipur"},
	{Code: "IN-ML", Name: "Meghalaya"},
	{Code: "IN-MZ", Name: "Mizoram"},
	{Code: "IN-NL", Name: "Nagaland"},
	{Code: "IN-OD", Name: "Odisha"},
	{Code: "IN-PY", Name: "Puducherry"},
	{Code: "IN-PB", Name: "Punjab"},
	{Code: "IN-RJ", Name: "Rajasthan"},
	{Code: "IN-SK", Name: "Sikkim"},
	{Code: "IN-TN", Name: "Tamil Nadu"},
	{Code: "IN-TS", Name: "Telangana"},
	{Code: "IN-TR", Name: "Tripura"},
	{Code: "IN-UK", Name: "Uttarakhand"},
	{Code: "IN-UP", Name: "Uttar Pradesh"},
	{Code: "IN-WB", Name: "West Bengal"},
}

// stateAliases maps old and variant names (already keyed, see stateKey)
// to a current code.
var stateAliases = map[string]string{
	"orissa": "IN-OD", "uttaranchal": "IN-UK", "pondicherry": "IN-PY", "pondichery": "IN-PY",
	"chattisgarh": "IN-CG", "chhatisgarh": "IN-CG", "chattisgadh": "IN-CG", "chhattisgadh": "IN-CG",
	"nct of delhi": "IN-DL", "new delhi": "IN-DL", "national capital territory of delhi": "IN-DL",
	"delhi nct": "IN-DL", "andaman and nicobar": "IN-AN", "andaman nicobar": "IN-AN",
	"andaman and nicobar island": "IN-AN",
	"dadra and nagar haveli":     "IN-DH", "daman and diu": "IN-DH", "dadra nagar haveli": "IN-DH",
	"dadra and nagar haveli and daman and diu": "IN-DH", "dnh and dd": "IN-DH",
	"jammu kashmir": "IN-JK", "tamilnadu": "IN-TN", "telengana": "IN-TS", "west bangal": "IN-WB",
	"maharastra": "IN-MH", "karnatka": "IN-KA", "uttrakhand": "IN-UK", "uttarkhand": "IN-UK",
	"pudducherry": "IN-PY", "laccadives": "IN-LD",
}

// stateCodes maps bare codes (ISO old and new, and vehicle-plate codes
// seen in vendor output) to a current code.
var stateCodes = map[string]string{
	"ct": "IN-CG", "or": "IN-OD", "tg": "IN-TS", "ut": "IN-UK", "ul": "IN-UK", "ua": "IN-UK",
	"dn": "IN-DH", "dd": "IN-DH",
}

// State resolves a state or union territory name, an old name (Orissa,
// Uttaranchal, Pondicherry …), an ISO 3166-2:IN code with or without the
// "IN-" prefix (old codes such as IN-OR and IN-UT included) or a vehicle
// plate code (UP, TS, UK, CG, OD …) to its current [Subdivision]. Case,
// "&" for "and", dots and extra spaces do not matter. State(sd.Name) and
// State(sd.Code) give sd back (without Alias): it is idempotent.
func State(s string) (Subdivision, error) {
	k := stateKey(s)
	if k == "" {
		return Subdivision{}, ErrEmpty
	}
	if i, ok := stateIndex[k]; ok {
		return subdivisions[i], nil
	}
	code := strings.TrimPrefix(k, "in-")
	code = strings.TrimPrefix(code, "in ")
	if len(code) == 2 {
		want := "IN-" + strings.ToUpper(code)
		if c, ok := stateCodes[code]; ok {
			want = c
		}
		for _, sd := range subdivisions {
			if sd.Code == want {
				return sd, nil
			}
		}
	}
	if c, ok := stateAliases[k]; ok {
		for _, sd := range subdivisions {
			if sd.Code == c {
				sd.Alias = Text(s)
				return sd, nil
			}
		}
	}
	return Subdivision{}, fmt.Errorf("%w: field %q", ErrState, "state")
}

// stateIndex maps the key of each canonical name to its index. It is
// built once and never written afterwards.
var stateIndex = func() map[string]int {
	m := make(map[string]int, len(subdivisions))
	for i, sd := range subdivisions {
		m[stateKey(sd.Name)] = i
	}
	return m
}()

func stateKey(s string) string {
	s = strings.ToLower(Text(s))
	s = strings.ReplaceAll(s, "&", " and ")
	s = strings.Map(func(r rune) rune {
		if r == '.' || r == ',' || r == '(' || r == ')' {
			return ' '
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	s = strings.TrimSuffix(s, " islands")
	if s == "andaman and nicobar" {
		return s
	}
	s = strings.TrimPrefix(s, "state of ")
	s = strings.TrimPrefix(s, "ut of ")
	return s
}
