package normalize

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// A Date is a date of birth as issued: a full calendar date, or a year
// alone when that is all the source knows (UIDAI stores a bare year for
// many elderly holders). Month and Day are 0 for a year-only date.
type Date struct {
	// Year has four digits; Month (1–12) and Day (1–31) are 0 when only
	// the year is known.
	Year, Month, Day int
}

// YearOnly reports whether only the year is known.
func (d Date) YearOnly() bool { return d.Month == 0 }

// IsZero reports whether d is the zero Date: no date at all.
func (d Date) IsZero() bool { return d == Date{} }

// valid reports whether [ParseDate] could have returned d: a year from
// 1800 to 2999, and either no month and day or a real calendar date.
func (d Date) valid() bool {
	if d.Year < 1800 || d.Year > 2999 {
		return false
	}
	if d.Month == 0 {
		return d.Day == 0
	}
	if d.Month < 1 || d.Month > 12 || d.Day < 1 || d.Day > 31 {
		return false
	}
	return time.Date(d.Year, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC).Day() == d.Day
}

// OIDC renders the OIDC birthdate form: "YYYY-MM-DD", or "YYYY" alone.
func (d Date) OIDC() string {
	if d.YearOnly() {
		return fmt.Sprintf("%04d", d.Year)
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// ParseDate reads a date of birth. Accepted forms: DD-MM-YYYY, DD/MM/YYYY,
// DD.MM.YYYY, DDMMYYYY (DigiLocker), YYYY-MM-DD, YYYY/MM/DD, YYYY alone, and
// an ISO date-time whose date part is then used. Indian sources are always
// day-first: month-first is never tried, so "02/13/1990" is rejected rather
// than read as 13 February. The calendar date is validated (no 31-04, no
// 29-02 outside leap years) and no day or month is ever invented.
// ParseDate(d.OIDC()) == d for every result d.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Date{}, ErrEmpty
	}
	if i := strings.IndexAny(s, "T "); i == 10 {
		s = s[:10] // ISO date-time: keep the date
	}
	var y, m, d string
	switch {
	case len(s) == 4:
		y = s
	case len(s) == 8 && allDigits(s):
		d, m, y = s[:2], s[2:4], s[4:]
	case len(s) == 10 && isSep(s[2]) && s[5] == s[2]:
		d, m, y = s[:2], s[3:5], s[6:]
	case len(s) == 10 && isSep(s[4]) && s[7] == s[4]:
		y, m, d = s[:4], s[5:7], s[8:]
	default:
		return Date{}, fmt.Errorf("%w: unsupported layout", ErrDate)
	}
	if !allDigits(y) || !allDigits(m) || !allDigits(d) {
		return Date{}, fmt.Errorf("%w: not digits", ErrDate)
	}
	yy, _ := strconv.Atoi(y)
	if yy < 1800 || yy > 2999 {
		return Date{}, fmt.Errorf("%w: year out of range", ErrDate)
	}
	if m == "" {
		return Date{Year: yy}, nil
	}
	mm, _ := strconv.Atoi(m)
	dd, _ := strconv.Atoi(d)
	if mm < 1 || mm > 12 || dd < 1 || dd > 31 {
		return Date{}, fmt.Errorf("%w: month or day out of range", ErrDate)
	}
	if t := time.Date(yy, time.Month(mm), dd, 0, 0, 0, 0, time.UTC); t.Day() != dd {
		return Date{}, fmt.Errorf("%w: no such day", ErrDate)
	}
	return Date{Year: yy, Month: mm, Day: dd}, nil
}

// Birthdate normalizes a date of birth to the OIDC form ("YYYY-MM-DD" or
// "YYYY"); see [ParseDate]. It is idempotent.
func Birthdate(s string) (string, error) {
	d, err := ParseDate(s)
	if err != nil {
		return "", err
	}
	return d.OIDC(), nil
}

func isSep(c byte) bool { return c == '-' || c == '/' || c == '.' }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// ist is India Standard Time. It is a fixed zone so that no time zone
// database is needed.
var ist = time.FixedZone("IST", 5*3600+1800)

// Timestamp normalizes a provider timestamp to RFC 3339 with its offset
// kept. Accepted: RFC 3339 with or without fractional seconds or seconds
// ("2021-03-03T09:42Z"), ISO date-times without an offset (read as IST),
// UIDAI's YYYYMMDDHHMMSSsss (the Offline e-KYC reference id tail, IST),
// YYYYMMDDHHmmss and YYYYMMDDHHmm (Setu OKYC, IST). It is idempotent.
func Timestamp(s string) (string, error) {
	t, err := parseTimestamp(strings.TrimSpace(s))
	if err != nil {
		return "", err
	}
	return t.Format(time.RFC3339Nano), nil
}

func parseTimestamp(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, ErrEmpty
	}
	if allDigits(s) {
		var layout string
		switch len(s) {
		case 17:
			layout = "20060102150405.000"
			s = s[:14] + "." + s[14:]
		case 14:
			layout = "20060102150405"
		case 12:
			layout = "200601021504"
		default:
			return time.Time{}, fmt.Errorf("%w: unsupported layout", ErrTimestamp)
		}
		t, err := time.ParseInLocation(layout, s, ist)
		if err != nil {
			return time.Time{}, fmt.Errorf("%w: out of range", ErrTimestamp)
		}
		return t, nil
	}
	for _, l := range [...]string{time.RFC3339Nano, "2006-01-02T15:04Z07:00"} {
		if t, err := time.Parse(l, s); err == nil {
			return t, nil
		}
	}
	for _, l := range [...]string{"2006-01-02T15:04:05.999999999", "2006-01-02T15:04:05", "2006-01-02 15:04:05"} {
		if t, err := time.ParseInLocation(l, s, ist); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%w: unsupported layout", ErrTimestamp)
}
