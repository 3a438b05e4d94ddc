package data_test

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"clinicadmin/data"
)

// validateCases is shared by TestValidate and FuzzValidate. rule is the
// refusal's rule, "" when the value is accepted.
var validateCases = []struct {
	name  string
	field data.Field
	value string
	rule  string
}{
	{"UsernameOK", data.FieldUsername, "ann.lee_1+x@clinic-1", ""},
	{"UsernameTrimmed", data.FieldUsername, "  ann  ", ""},
	{"UsernameShortest", data.FieldUsername, "abc", ""},
	{"UsernameLongest", data.FieldUsername, strings.Repeat("a", 64), ""},
	{"ErrUsernameRequired", data.FieldUsername, "   ", "is required"},
	{"ErrUsernameShort", data.FieldUsername, "ab", "must be 3 to 64 characters"},
	{"ErrUsernameLong", data.FieldUsername, strings.Repeat("a", 65),
		"must be 3 to 64 characters"},
	{"ErrUsernameUpper", data.FieldUsername, "Ann", ruleUsername},
	{"ErrUsernameSpace", data.FieldUsername, "ann lee", ruleUsername},
	{"ErrUsernameAccent", data.FieldUsername, "josé", ruleUsername},
	{"ErrUsernameLF", data.FieldUsername, "ann\n", ruleUsername},

	{"EmailOK", data.FieldEmail, "ann.lee+tag@example.org", ""},
	{"EmailUpperOK", data.FieldEmail, "Ann.Lee@Example.ORG", ""},
	{"EmailIDNOK", data.FieldEmail, "ann@bücher.example", ""},
	{"ErrEmailRequired", data.FieldEmail, "", "is required"},
	{"ErrEmailDisplayName", data.FieldEmail, "Ann <ann@example.org>", ruleEmail},
	{"ErrEmailAngle", data.FieldEmail, "<ann@example.org>", ruleEmail},
	{"ErrEmailTwo", data.FieldEmail, "a@example.org, b@example.org", ruleEmail},
	{"ErrEmailNoAt", data.FieldEmail, "ann.example.org", ruleEmail},
	{"ErrEmailNoDot", data.FieldEmail, "ann@localhost", ruleEmail},
	{"ErrEmailQuoted", data.FieldEmail, `"ann lee"@example.org`, ruleEmail},
	{"ErrEmailComment", data.FieldEmail, "ann@example.org (Ann)", ruleEmail},
	{"ErrEmailBadDomain", data.FieldEmail, "ann@-example.org", ruleEmail},
	{"ErrEmailLF", data.FieldEmail, "ann@example.org\nBcc: x@y.org",
		"must not contain a line break"},
	{"ErrEmailCRLF", data.FieldEmail, "ann@example.org\r\n", "must not contain a line break"},
	{"ErrEmailLong", data.FieldEmail, strings.Repeat("a", 60) + "@" +
		strings.Repeat("b", 60) + "." + strings.Repeat("c", 60) + "." +
		strings.Repeat("d", 60) + "." + strings.Repeat("e", 60) + ".org",
		"must be at most 254 characters"},

	{"NameOK", data.FieldFirstName, "José", ""},
	{"NameCyrillicOK", data.FieldLastName, "Иванова", ""},
	{"NameCJKOK", data.FieldLastName, "山田", ""},
	{"NameArabicOK", data.FieldFirstName, "فاطمة", ""},
	{"NameHyphenApostropheOK", data.FieldLastName, "O'Brien-Smith", ""},
	{"NameLongestOK", data.FieldFirstName, strings.Repeat("é", 100), ""},
	{"NameTrimmedOK", data.FieldFirstName, "\u00a0 Ann \u3000", ""},
	{"ErrNameRequired", data.FieldFirstName, "  ", "is required"},
	{"ErrNameLong", data.FieldLastName, strings.Repeat("é", 101),
		"must be at most 100 characters"},
	{"ErrNameLF", data.FieldFirstName, "Ann\nLee", "must not contain a line break"},
	{"ErrNameTrailingLF", data.FieldFirstName, "Ann\n", "must not contain a line break"},
	{"ErrNameCR", data.FieldLastName, "\rLee", "must not contain a line break"},
	{"ErrNameLineSeparator", data.FieldLastName, "Lee\u2028", "must not contain a line break"},
	{"ErrNameTab", data.FieldLastName, "Lee\tx", ruleControl},
	{"ErrNameNUL", data.FieldLastName, "Lee\x00", ruleControl},
	{"ErrNameUTF8", data.FieldLastName, "Lee\xff", "must be valid text"},

	{"PhoneOK", data.FieldPhone, "+1 (555) 010-0199", ""},
	{"PhoneEmptyOK", data.FieldPhone, "", ""},
	{"ErrPhoneLetters", data.FieldPhone, "555-CALL", rulePhone},
	{"ErrPhoneLF", data.FieldPhone, "555\n0199", "must not contain a line break"},
	{"ErrPhoneLong", data.FieldPhone, strings.Repeat("1", 33), "must be at most 32 characters"},
	{"ErrPhoneNoDigit", data.FieldPhone, "+()", "must contain a digit"},

	{"SexOK", data.FieldSex, "female", ""},
	{"SexEmptyOK", data.FieldSex, "", ""},
	{"ErrSex", data.FieldSex, "Female", "must be female, male, other or unknown"},

	{"AddressOK", data.FieldAddress, "1 Main St\nSpringfield", ""},
	{"ErrAddressCR", data.FieldAddress, "1 Main St\r\nSpringfield", ruleControl},
	{"ErrAddressLong", data.FieldAddress, strings.Repeat("x", 501),
		"must be at most 500 characters"},

	{"NotesOK", data.FieldNotes, "line one\nline two\n", ""},
	{"NotesLongestOK", data.FieldNotes, strings.Repeat("ж", 10000), ""},
	{"ErrNotesLong", data.FieldNotes, strings.Repeat("x", 10001),
		"must be at most 10,000 characters"},
	{"ErrNotesTab", data.FieldNotes, "a\tb", ruleControl},

	{"PasswordOK", data.FieldPassword, "correct horse", ""},
	{"PasswordSpacesKeptOK", data.FieldPassword, "  ten chars", ""},
	{"ErrPasswordShort", data.FieldPassword, "123456789", "must be 10 to 128 characters"},
	{"ErrPasswordLong", data.FieldPassword, strings.Repeat("p", 129),
		"must be 10 to 128 characters"},

	{"RoomNameOK", data.FieldRoomName, "Room 2 – Pädiatrie", ""},
	{"ErrRoomNameRequired", data.FieldRoomName, "", "is required"},
	{"ErrRoomNameLong", data.FieldRoomName, strings.Repeat("r", 61),
		"must be at most 60 characters"},
	{"ErrRoomNameLF", data.FieldRoomName, "A\nB", "must not contain a line break"},
	{"RoomCodeOK", data.FieldRoomCode, "ped-2", ""},
	{"ErrRoomCodeRequired", data.FieldRoomCode, " ", "is required"},
	{"ErrRoomCodeChars", data.FieldRoomCode, "PED_2", "must use only letters A-Z, digits and -"},
	{"ErrRoomCodeLong", data.FieldRoomCode, "ABCDEFGHIJKLM", "must be 1 to 12 characters"},
}

const (
	ruleUsername = "must use only lower-case letters a-z, digits and . _ @ + -"
	ruleEmail    = "must be one plain address like name@example.org"
	ruleControl  = "must not contain control characters such as tabs or carriage returns"
	rulePhone    = "must use only digits, spaces and + - ( ) ."
)

// validate runs the validator of field f on v.
func validate(f data.Field, v string) error {
	switch f {
	case data.FieldUsername:
		return data.ValidateUsername(v)
	case data.FieldEmail:
		return data.ValidateEmail(v)
	case data.FieldPhone:
		return data.ValidatePhone(v)
	case data.FieldSex:
		return data.ValidateSex(v)
	case data.FieldAddress:
		return data.ValidateAddress(v)
	case data.FieldNotes:
		return data.ValidateNotes(v)
	case data.FieldPassword:
		return data.ValidatePassword(v)
	case data.FieldRoomName:
		return data.ValidateRoomName(v)
	case data.FieldRoomCode:
		return data.ValidateRoomCode(v)
	}
	return data.ValidateName(f, v)
}

func TestValidate(t *testing.T) {
	for _, tc := range validateCases {
		t.Run(tc.name, func(t *testing.T) {
			err := validate(tc.field, tc.value)
			if tc.rule == "" {
				if err != nil {
					t.Fatalf("got %v, want nil", err)
				}
				return
			}
			var fe *data.FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("got %v, want a *FieldError", err)
			}
			if fe.Field != tc.field || fe.Rule != tc.rule {
				t.Errorf("got %s %q, want %s %q", fe.Field, fe.Rule, tc.field, tc.rule)
			}
			want := tc.field.Label() + " " + tc.rule + "."
			if err.Error() != want {
				t.Errorf("got %q, want %q", err.Error(), want)
			}
		})
	}
}

func TestValidateMember(t *testing.T) {
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	t.Run("OK", func(t *testing.T) {
		in := data.MemberInput{RoomID: 1, Email: "a@example.org", FirstName: "A",
			LastName: "B", BirthDate: "07/03/1980", DateOrder: data.OrderDMY}
		if errs := data.ValidateMember(in, now); errs != nil {
			t.Fatalf("got %v, want nil", errs)
		}
	})
	t.Run("ErrEveryField", func(t *testing.T) {
		in := data.MemberInput{Username: "A", Email: "x", FirstName: "a\nb",
			Phone: "x", BirthDate: "2030-01-01", Sex: "f", Address: "\t",
			Notes: strings.Repeat("n", 10001)}
		want := []data.Field{data.FieldRoom, data.FieldUsername, data.FieldEmail,
			data.FieldFirstName, data.FieldLastName, data.FieldPhone, data.FieldBirthDate,
			data.FieldSex, data.FieldAddress, data.FieldNotes}
		errs := data.ValidateMember(in, now)
		if len(errs) != len(want) {
			t.Fatalf("got %d errors %v, want %d", len(errs), errs, len(want))
		}
		for i, err := range errs {
			var fe *data.FieldError
			if !errors.As(err, &fe) || fe.Field != want[i] {
				t.Errorf("error %d: got %v, want one for %s", i, err, want[i])
			}
		}
	})
	t.Run("ErrFutureBirthDate", func(t *testing.T) {
		in := data.MemberInput{RoomID: 1, Email: "a@example.org", FirstName: "A",
			LastName: "B", BirthDate: "2025-06-02"}
		errs := data.ValidateMember(in, now)
		if len(errs) != 1 || errs[0].Error() != "Date of birth must not be in the future." {
			t.Fatalf("got %v, want the future date refused", errs)
		}
	})
	t.Run("GuestOK", func(t *testing.T) {
		in := data.MemberInput{RoomID: 1, Email: "a@example.org", FirstName: "A", LastName: "B"}
		if errs := data.ValidateMember(in, now); errs != nil {
			t.Fatalf("got %v, want nil", errs)
		}
	})
}

func TestNormalized(t *testing.T) {
	in := data.MemberInput{Username: " ann ", FirstName: "\u00a0Ann\u3000", Notes: " x\n "}
	got := in.Normalized()
	if got.Username != "ann" || got.FirstName != "Ann" || got.Notes != "x\n" {
		t.Errorf("got %+v, want trimmed spaces, line feed kept", got)
	}
}

func TestUsernameFromEmail(t *testing.T) {
	for _, tc := range []struct{ email, want string }{
		{"Ann.Lee@Example.org", "ann.lee@example.org"},
		{"josé.núñez@example.org", "jos.nez@example.org"},
		{strings.Repeat("a", 40) + "@" + strings.Repeat("b", 40) + ".org",
			strings.Repeat("a", 40)},
		{strings.Repeat("a", 70) + "@b.org", strings.Repeat("a", 64)},
		{"é@b", ""},
		{"", ""},
	} {
		if got := data.UsernameFromEmail(tc.email); got != tc.want {
			t.Errorf("UsernameFromEmail(%q): got %q, want %q", tc.email, got, tc.want)
		}
	}
}

// FuzzValidate feeds every validator the same text and checks what no
// input may break: no panic, every refusal a *FieldError sentence, and no
// accepted name, username or email holding a line break.
func FuzzValidate(f *testing.F) {
	for _, tc := range validateCases {
		f.Add(tc.value)
	}
	fields := []data.Field{data.FieldUsername, data.FieldEmail, data.FieldFirstName,
		data.FieldLastName, data.FieldPhone, data.FieldSex, data.FieldAddress,
		data.FieldNotes, data.FieldPassword, data.FieldRoomName, data.FieldRoomCode}
	f.Fuzz(func(t *testing.T, v string) {
		for _, field := range fields {
			checkVerdict(t, field, v, validate(field, v))
		}
		if u := data.UsernameFromEmail(v); u != "" && data.ValidateUsername(u) != nil {
			t.Errorf("UsernameFromEmail(%q): got invalid %q", v, u)
		}
		in := data.MemberInput{RoomID: 1, Username: v, Email: v, FirstName: v,
			LastName: v, Phone: v, BirthDate: v, Sex: v, Address: v, Notes: v}
		for _, err := range data.ValidateMember(in, time.Now()) {
			var fe *data.FieldError
			if !errors.As(err, &fe) {
				t.Errorf("ValidateMember(%q): got %v, want *FieldError", v, err)
			}
		}
	})
}

// checkVerdict checks one validator's verdict on v against the invariants.
func checkVerdict(t *testing.T, field data.Field, v string, err error) {
	t.Helper()
	if err != nil {
		var fe *data.FieldError
		if !errors.As(err, &fe) || fe.Field != field || !strings.HasSuffix(err.Error(), ".") {
			t.Errorf("%s(%q): got %v, want a *FieldError sentence", field, v, err)
		}
		return
	}
	oneLine := field != data.FieldAddress && field != data.FieldNotes &&
		field != data.FieldPassword
	if oneLine && strings.ContainsAny(v, "\r\n") {
		t.Errorf("%s(%q): line break accepted", field, v)
	}
	if field != data.FieldPassword && !utf8.ValidString(v) {
		t.Errorf("%s(%q): invalid UTF-8 accepted", field, v)
	}
	if field == data.FieldFirstName && utf8.RuneCountInString(strings.TrimSpace(v)) > 100 {
		t.Errorf("%s(%q): over 100 characters accepted", field, v)
	}
}
