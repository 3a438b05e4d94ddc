package data_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"clinicadmin/data"
)

// today is the fixed "now" of the date tests.
var today = time.Date(2024, time.May, 10, 15, 0, 0, 0, time.UTC)

// birthDateCases is shared by TestParseBirthDate and FuzzParseBirthDate.
var birthDateCases = []struct {
	name  string
	in    string
	order data.DateOrder
	want  string // the stored date, when accepted
	rule  string // the rule named, when refused
}{
	{"OK/Empty", "", data.OrderDMY, "", ""},
	{"OK/Blank", "   ", data.OrderDMY, "", ""},
	{"OK/ISO", "1980-03-07", data.OrderDMY, "1980-03-07", ""},
	{"OK/ISOInMDY", "1980-03-07", data.OrderMDY, "1980-03-07", ""},
	{"OK/ISOSpaces", " 1980-03-07 ", data.OrderDMY, "1980-03-07", ""},
	{"OK/ISOShort", "1980-3-7", data.OrderDMY, "1980-03-07", ""},
	{"OK/DMYSlash", "07/03/1980", data.OrderDMY, "1980-03-07", ""},
	{"OK/DMYDots", "7.3.1980", data.OrderDMY, "1980-03-07", ""},
	{"OK/DMYDotsSpaced", "7. 3. 1980", data.OrderDMY, "1980-03-07", ""},
	{"OK/DMYDash", "07-03-1980", data.OrderDMY, "1980-03-07", ""},
	{"OK/DMYSpace", "7 3 1980", data.OrderDMY, "1980-03-07", ""},
	{"OK/MDYSlash", "07/03/1980", data.OrderMDY, "1980-07-03", ""},
	{"OK/MDY", "3/7/1980", data.OrderMDY, "1980-03-07", ""},
	{"OK/YMDSlash", "1980/03/07", data.OrderYMD, "1980-03-07", ""},
	{"OK/YearFirstInDMY", "1980.03.07", data.OrderDMY, "1980-03-07", ""},
	{"OK/LeapDay", "29/02/2000", data.OrderDMY, "2000-02-29", ""},
	{"OK/Today", "2024-05-10", data.OrderDMY, "2024-05-10", ""},
	{"OK/DayAfterMin", "1900-01-02", data.OrderDMY, "1900-01-02", ""},
	{"ErrFormat/Word", "yesterday", data.OrderDMY, "",
		"must be a date written YYYY-MM-DD or DD/MM/YYYY"},
	{"ErrFormat/TwoParts", "07/1980", data.OrderDMY, "",
		"must be a date written YYYY-MM-DD or DD/MM/YYYY"},
	{"ErrFormat/MDYExample", "1980", data.OrderMDY, "",
		"must be a date written YYYY-MM-DD or MM/DD/YYYY"},
	{"ErrFormat/YMDExample", "x", data.OrderYMD, "",
		"must be a date written YYYY-MM-DD or YYYY/MM/DD"},
	{"ErrFormat/ThreeDigitDay", "007/03/1980", data.OrderDMY, "",
		"must be a date written YYYY-MM-DD or DD/MM/YYYY"},
	{"ErrFormat/FiveDigitYear", "07/03/19800", data.OrderDMY, "",
		"must be a date written YYYY-MM-DD or DD/MM/YYYY"},
	{"ErrFormat/Letters", "07/Mar/1980", data.OrderDMY, "",
		"must be a date written YYYY-MM-DD or DD/MM/YYYY"},
	{"ErrFormat/NonASCIIDigits", "٠٧/٠٣/١٩٨٠", data.OrderDMY, "",
		"must be a date written YYYY-MM-DD or DD/MM/YYYY"},
	{"ErrFormat/Time", "1980-03-07T10:00", data.OrderDMY, "",
		"must be a date written YYYY-MM-DD or DD/MM/YYYY"},
	{"ErrYear/TwoDigits", "07/03/80", data.OrderDMY, "", "must have a four-digit year"},
	{"ErrYear/TwoDigitsYMD", "80-03-07", data.OrderYMD, "", "must have a four-digit year"},
	{"ErrReal/Feb30", "30/02/1980", data.OrderDMY, "", "must be a real calendar date"},
	{"ErrReal/Month13", "1980-13-01", data.OrderDMY, "", "must be a real calendar date"},
	{"ErrReal/MDYMonth13", "13/07/1980", data.OrderMDY, "", "must be a real calendar date"},
	{"ErrReal/Day0", "0/3/1980", data.OrderDMY, "", "must be a real calendar date"},
	{"ErrReal/NotLeap", "29/02/1900", data.OrderDMY, "", "must be a real calendar date"},
	{"ErrFuture/Tomorrow", "2024-05-11", data.OrderDMY, "", "must not be in the future"},
	{"ErrFuture/NextYear", "01/01/2025", data.OrderDMY, "", "must not be in the future"},
	{"ErrMin/Min", "1900-01-01", data.OrderDMY, "", "must be after 1900-01-01"},
	{"ErrMin/Before", "31/12/1899", data.OrderDMY, "", "must be after 1900-01-01"},
	{"ErrMin/YearZero", "0000-01-01", data.OrderDMY, "", "must be after 1900-01-01"},
}

func TestParseBirthDate(t *testing.T) {
	for _, tc := range birthDateCases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := data.ParseBirthDate(tc.in, tc.order, today)
			if tc.rule == "" {
				if err != nil || got != tc.want {
					t.Fatalf("got %q, %v, want %q, nil", got, err, tc.want)
				}
				return
			}

			var fe *data.FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("got %q, %v, want a *FieldError", got, err)
			}
			if fe.Field != data.FieldBirthDate || fe.Rule != tc.rule {
				t.Errorf("got %v %q, want %v %q", fe.Field, fe.Rule, data.FieldBirthDate, tc.rule)
			}
			if got != "" {
				t.Errorf("got %q with an error, want \"\"", got)
			}
		})
	}
}

func TestParseBirthDateMessage(t *testing.T) {
	_, err := data.ParseBirthDate("31/02/1980", data.OrderDMY, today)
	want := "Date of birth must be a real calendar date."
	if err == nil || err.Error() != want {
		t.Fatalf("got %v, want %q", err, want)
	}
}

// TestParseBirthDateLocalDay checks that "the future" is judged by the day
// of now in now's own location.
func TestParseBirthDateLocalDay(t *testing.T) {
	east := time.FixedZone("UTC+10", 10*3600)
	now := time.Date(2024, time.May, 11, 1, 0, 0, 0, east) // 10 May in UTC

	got, err := data.ParseBirthDate("2024-05-11", data.OrderDMY, now)
	if err != nil || got != "2024-05-11" {
		t.Fatalf("got %q, %v, want %q, nil", got, err, "2024-05-11")
	}
}

func TestBirthDateCandidates(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"ISO", "1980-03-07", []string{"1980-03-07"}},
		{"YearFirstSlash", "1980/3/7", []string{"1980-03-07"}},
		{"TwoReadings", "07/03/1980", []string{"1980-03-07", "1980-07-03"}},
		{"TwoReadingsDots", "7.3.1980", []string{"1980-03-07", "1980-07-03"}},
		{"TwoReadingsDash", "07-03-1980", []string{"1980-03-07", "1980-07-03"}},
		{"SameBothWays", "03/03/1980", []string{"1980-03-03"}},
		{"DayFirstOnly", "13/03/1980", []string{"1980-03-13"}},
		{"MonthFirstOnly", "03/13/1980", []string{"1980-03-13"}},
		{"Spaces", "  7 3 1980 ", []string{"1980-03-07", "1980-07-03"}},
		{"NotReal", "31/31/1980", nil},
		{"TwoDigitYear", "07/03/80", nil},
		{"Name", "Smith", nil},
		{"Phone", "555-0123", nil},
		{"LongPhone", "555-0123-4567", nil},
		{"Empty", "", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := data.BirthDateCandidates(tc.in)
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func FuzzParseBirthDate(f *testing.F) {
	for _, tc := range birthDateCases {
		f.Add(tc.in, int(tc.order))
	}

	f.Fuzz(func(t *testing.T, in string, order int) {
		o := data.DateOrder(uint(order) % 3)
		got, err := data.ParseBirthDate(in, o, today)
		if err != nil {
			var fe *data.FieldError
			if !errors.As(err, &fe) || fe.Field != data.FieldBirthDate {
				t.Fatalf("%q: got %v, want a *FieldError for the date of birth", in, err)
			}
			return
		}
		if got == "" {
			return
		}

		// An accepted date reads back as itself, and is a day not in the future.
		again, err := data.ParseBirthDate(got, o, today)
		if err != nil || again != got {
			t.Fatalf("%q: round trip got %q, %v, want %q", in, again, err, got)
		}
		day, err := time.Parse(time.DateOnly, got)
		if err != nil || day.After(today) {
			t.Fatalf("%q: got %q (%v), want a past date", in, got, err)
		}
		if cands := data.BirthDateCandidates(got); !slices.Equal(cands, []string{got}) {
			t.Fatalf("%q: candidates of %q got %v, want just it", in, got, cands)
		}
	})
}
