package data

import (
	"fmt"
	"strings"
	"time"
)

// minBirthDate is the day every date of birth must come after.
const minBirthDate = "1900-01-01"

// Rules of a refused date of birth; each completes "Date of birth ...".
const (
	ruleFourDigitYear = "must have a four-digit year"
	ruleRealDate      = "must be a real calendar date"
	ruleNotFuture     = "must not be in the future"
	ruleAfterMin      = "must be after " + minBirthDate
)

// ParseBirthDate reads a date of birth as the administrator typed it and
// returns it as YYYY-MM-DD, or "" for an empty (blank) input. It accepts
// YYYY-MM-DD whatever the order (any of the separators below, one- or
// two-digit month and day), and day, month and year in order, separated by
// "/", ".", "-" or spaces, with a one- or two-digit day and month and a
// four-digit year. The date must be a real calendar day after 1900-01-01
// and not after the day of now, in now's location. A refused date returns a
// *FieldError for FieldBirthDate naming the rule that was broken.
func ParseBirthDate(s string, order DateOrder, now time.Time) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}

	y, m, d, rule := readDateParts(s, order)
	if rule != "" {
		return "", birthDateError(rule)
	}
	date, ok := calendarDate(y, m, d)
	if !ok {
		return "", birthDateError(ruleRealDate)
	}
	if date > now.Format(time.DateOnly) {
		return "", birthDateError(ruleNotFuture)
	}
	if date <= minBirthDate {
		return "", birthDateError(ruleAfterMin)
	}
	return date, nil
}

// BirthDateCandidates returns every YYYY-MM-DD date that the search text q
// could mean, in ascending order: one for a year-first date ("1980-03-07"),
// two for a day and month that read both ways ("07/03/1980", "7.3.1980"),
// one when only one reading is a real date ("13/03/1980"), and none when q
// is not a date with a four-digit year.
func BirthDateCandidates(q string) []string {
	parts := splitDate(strings.TrimSpace(q))
	if len(parts) != 3 || !allDigits(parts) {
		return nil
	}

	var readings [][3]string
	switch {
	case isYear(parts[0]) && isDayMonth(parts[1]) && isDayMonth(parts[2]):
		readings = [][3]string{{parts[0], parts[1], parts[2]}}
	case isYear(parts[2]) && isDayMonth(parts[0]) && isDayMonth(parts[1]):
		readings = [][3]string{
			{parts[2], parts[1], parts[0]}, // day first
			{parts[2], parts[0], parts[1]}, // month first
		}
	}

	var dates []string
	for _, r := range readings {
		date, ok := calendarDate(r[0], r[1], r[2])
		if ok && (len(dates) == 0 || dates[0] != date) {
			dates = append(dates, date)
		}
	}
	if len(dates) == 2 && dates[1] < dates[0] {
		dates[0], dates[1] = dates[1], dates[0]
	}
	return dates
}

// readDateParts splits s into year, month and day as written in order, or
// returns the rule that s breaks.
func readDateParts(s string, order DateOrder) (y, m, d, rule string) {
	parts := splitDate(s)
	if len(parts) != 3 || !allDigits(parts) {
		return "", "", "", formatRule(order)
	}

	// A four-digit first part is year first, whatever the locale.
	if isYear(parts[0]) {
		y, m, d = parts[0], parts[1], parts[2]
	} else {
		switch order {
		case OrderMDY:
			m, d, y = parts[0], parts[1], parts[2]
		case OrderYMD:
			y, m, d = parts[0], parts[1], parts[2]
		default:
			d, m, y = parts[0], parts[1], parts[2]
		}
	}

	if !isDayMonth(m) || !isDayMonth(d) || len(y) > 4 {
		return "", "", "", formatRule(order)
	}
	if !isYear(y) {
		return "", "", "", ruleFourDigitYear
	}
	return y, m, d, ""
}

// formatRule names the accepted ways of writing a date, the locale's last.
func formatRule(order DateOrder) string {
	example := "DD/MM/YYYY"
	switch order {
	case OrderMDY:
		example = "MM/DD/YYYY"
	case OrderYMD:
		example = "YYYY/MM/DD"
	}
	return "must be a date written YYYY-MM-DD or " + example
}

// splitDate cuts s at every run of separators: "/", ".", "-" and spaces.
func splitDate(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return r == '/' || r == '.' || r == '-' || r == ' '
	})
}

// calendarDate returns y-m-d as YYYY-MM-DD when it is a real calendar day.
func calendarDate(y, m, d string) (string, bool) {
	year, month, day := atoi(y), atoi(m), atoi(d)
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if month < 1 || month > 12 || t.Day() != day || t.Year() != year {
		return "", false
	}
	return fmt.Sprintf("%04d-%02d-%02d", year, month, day), true
}

func birthDateError(rule string) error {
	return &FieldError{Field: FieldBirthDate, Rule: rule}
}

func isYear(s string) bool     { return len(s) == 4 }
func isDayMonth(s string) bool { return len(s) == 1 || len(s) == 2 }

// allDigits reports whether every part is made of ASCII digits only.
func allDigits(parts []string) bool {
	for _, p := range parts {
		for i := 0; i < len(p); i++ {
			if p[i] < '0' || p[i] > '9' {
				return false
			}
		}
	}
	return true
}

// atoi reads a string of at most four ASCII digits.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
