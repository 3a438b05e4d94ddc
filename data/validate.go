package data

import (
	"net/mail"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Limits of the member rules in DESIGN.md.
const (
	maxName     = 100
	maxEmail    = 254
	maxPhone    = 32
	maxAddress  = 500
	maxNotes    = 10000
	minUsername = 3
	maxUsername = 64
)

// Sexes lists the accepted values of Member.Sex, "" (not given) first.
var Sexes = []string{"", "female", "male", "other", "unknown"}

// Rules that several validators share, each completing "<Label> ...".
const (
	ruleRequired  = "is required"
	ruleLineBreak = "must not contain a line break"
	ruleControl   = "must not contain control characters such as tabs or carriage returns"
	ruleUTF8      = "must be valid text"
	ruleUsername  = "must use only lower-case letters a-z, digits and . _ @ + -"
	ruleEmail     = "must be one plain address like name@example.org"
	rulePhone     = "must use only digits, spaces and + - ( ) ."
)

// trimSpaces removes space separators at both ends. Control characters are
// left in place, so that a line break is refused, never stripped.
func trimSpaces(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return unicode.Is(unicode.Zs, r) })
}

// isLineBreak reports the characters that start a new line somewhere.
func isLineBreak(r rune) bool {
	switch r {
	case '\n', '\r', '\v', '\f', 0x85, 0x2028, 0x2029:
		return true
	}
	return false
}

// textKind says which control characters a free-text field allows.
type textKind int

const (
	oneLine   textKind = iota // no control character at all
	multiLine                 // line feeds allowed, nothing else
)

// checkText checks trimmed free text: valid UTF-8, no forbidden control
// character, at most max characters.
func checkText(f Field, s string, max int, kind textKind) error {
	if !utf8.ValidString(s) {
		return &FieldError{Field: f, Rule: ruleUTF8}
	}
	for _, r := range s {
		if kind == multiLine && r == '\n' {
			continue
		}
		if kind == oneLine && isLineBreak(r) {
			return &FieldError{Field: f, Rule: ruleLineBreak}
		}
		if unicode.IsControl(r) {
			return &FieldError{Field: f, Rule: ruleControl}
		}
	}
	if utf8.RuneCountInString(s) > max {
		return &FieldError{Field: f, Rule: atMost(max)}
	}
	return nil
}

// atMost is the length rule, with thousands grouped as the window shows them.
func atMost(n int) string {
	digits := strconv.Itoa(n)
	if n >= 1000 {
		digits = digits[:len(digits)-3] + "," + digits[len(digits)-3:]
	}
	return "must be at most " + digits + " characters"
}

// ValidateName checks a first or last name, as f: surrounding spaces are
// trimmed; 1 to 100 characters of any script; no control characters. It
// returns nil or a *FieldError for f.
func ValidateName(f Field, s string) error {
	return checkRequiredLine(f, s, maxName)
}

// checkRequiredLine checks one line of text that must not be empty once
// surrounding spaces are trimmed, then as checkText.
func checkRequiredLine(f Field, s string, max int) error {
	s = trimSpaces(s)
	if s == "" {
		return &FieldError{Field: f, Rule: ruleRequired}
	}
	return checkText(f, s, max, oneLine)
}

// ValidateUsername checks a username: 3 to 64 characters of a-z, 0-9 and
// . _ @ + - once surrounding spaces are trimmed. Upper case is refused
// rather than folded, so that what is stored is what was typed. It returns
// nil or a *FieldError for FieldUsername.
func ValidateUsername(s string) error {
	s = trimSpaces(s)
	if s == "" {
		return &FieldError{Field: FieldUsername, Rule: ruleRequired}
	}
	for _, r := range s {
		if !usernameRune(r) {
			return &FieldError{Field: FieldUsername, Rule: ruleUsername}
		}
	}
	if len(s) < minUsername || len(s) > maxUsername {
		return &FieldError{Field: FieldUsername, Rule: "must be 3 to 64 characters"}
	}
	return nil
}

func usernameRune(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || strings.ContainsRune("._@+-", r)
}

// UsernameFromEmail suggests a username for an email address: the whole
// address in lower case when it fits the username rule, else its local part,
// with characters outside the rule dropped. It returns "" when neither makes
// a valid username.
func UsernameFromEmail(email string) string {
	whole := usernameChars(email)
	if ValidateUsername(whole) == nil {
		return whole
	}
	local := usernameChars(email[:max(strings.LastIndexByte(email, '@'), 0)])
	if len(local) > maxUsername {
		local = local[:maxUsername]
	}
	if ValidateUsername(local) == nil {
		return local
	}
	return ""
}

// usernameChars lower-cases s and keeps only the characters a username allows.
func usernameChars(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if usernameRune(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// ValidateEmail checks a member's email: one plain address such as
// name@example.org, with no display name or angle brackets, at most 254
// characters. It returns nil or a *FieldError for FieldEmail.
func ValidateEmail(s string) error {
	s = trimSpaces(s)
	if s == "" {
		return &FieldError{Field: FieldEmail, Rule: ruleRequired}
	}
	return checkEmail(FieldEmail, s)
}

// checkEmail applies the address rule to a non-empty, trimmed value.
func checkEmail(f Field, s string) error {
	if strings.IndexFunc(s, isLineBreak) >= 0 {
		return &FieldError{Field: f, Rule: ruleLineBreak}
	}
	if len(s) > maxEmail {
		return &FieldError{Field: f, Rule: atMost(maxEmail)}
	}
	if !plainAddress(s) {
		return &FieldError{Field: f, Rule: ruleEmail}
	}
	return nil
}

// plainAddress reports whether s is exactly one bare address: net/mail must
// read it back unchanged, and the domain must be a dotted host name.
func plainAddress(s string) bool {
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	local, domain := s[:at], s[at+1:]
	return len(local) <= 64 && strings.Contains(domain, ".") && validHostname(domain)
}

// validHostname checks dot-separated labels of letters (any script), digits
// and inner hyphens, 1 to 63 bytes each, 253 bytes in all.
func validHostname(h string) bool {
	if h == "" || len(h) > 253 {
		return false
	}
	for _, label := range strings.Split(h, ".") {
		if !validLabel(label) {
			return false
		}
	}
	return true
}

func validLabel(l string) bool {
	if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
		return false
	}
	for _, r := range l {
		if r != '-' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// ValidatePhone checks an optional phone number: digits, spaces and
// + - ( ) . only, at least one digit, at most 32 characters. It returns nil
// or a *FieldError for FieldPhone.
func ValidatePhone(s string) error {
	s = trimSpaces(s)
	if s == "" {
		return nil
	}
	if strings.IndexFunc(s, isLineBreak) >= 0 {
		return &FieldError{Field: FieldPhone, Rule: ruleLineBreak}
	}
	if strings.IndexFunc(s, notPhoneRune) >= 0 {
		return &FieldError{Field: FieldPhone, Rule: rulePhone}
	}
	if len(s) > maxPhone {
		return &FieldError{Field: FieldPhone, Rule: atMost(maxPhone)}
	}
	if !strings.ContainsAny(s, "0123456789") {
		return &FieldError{Field: FieldPhone, Rule: "must contain a digit"}
	}
	return nil
}

func notPhoneRune(r rune) bool { return !strings.ContainsRune("0123456789 +-().", r) }

// ValidateSex checks that s is one of Sexes. It returns nil or a
// *FieldError for FieldSex.
func ValidateSex(s string) error {
	for _, ok := range Sexes {
		if s == ok {
			return nil
		}
	}
	return &FieldError{Field: FieldSex, Rule: "must be female, male, other or unknown"}
}

// ValidateAddress checks an optional postal address: at most 500
// characters, several lines allowed, no other control character. It returns
// nil or a *FieldError for FieldAddress.
func ValidateAddress(s string) error {
	return checkText(FieldAddress, trimSpaces(s), maxAddress, multiLine)
}

// ValidateNotes checks optional notes: at most 10,000 characters, several
// lines allowed, no other control character. It returns nil or a
// *FieldError for FieldNotes.
func ValidateNotes(s string) error {
	return checkText(FieldNotes, trimSpaces(s), maxNotes, multiLine)
}

// Normalized returns the input as it would be stored, with surrounding
// spaces trimmed from every text field; the date of birth is left as typed.
func (in MemberInput) Normalized() MemberInput {
	for _, p := range []*string{&in.Username, &in.Email, &in.FirstName, &in.LastName,
		&in.Phone, &in.BirthDate, &in.Sex, &in.Address, &in.Notes} {
		*p = trimSpaces(*p)
	}
	return in
}

// ValidateMember checks every field of in as of now and returns one
// *FieldError per refused field, in the order the form shows them, or nil.
// An empty username is accepted: it makes a guest. Whether the room exists
// and is active is checked when the member is stored.
func ValidateMember(in MemberInput, now time.Time) []error {
	_, errs := prepareMember(in, now)
	return errs
}

// prepareMember normalizes in, with the date of birth as YYYY-MM-DD, and
// collects the refusals of its fields.
func prepareMember(in MemberInput, now time.Time) (MemberInput, []error) {
	in = in.Normalized()
	var errs []error
	add := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}

	if in.RoomID <= 0 {
		add(&FieldError{Field: FieldRoom, Rule: ruleRequired})
	}
	if in.Username != "" {
		add(ValidateUsername(in.Username))
	}
	add(ValidateEmail(in.Email))
	add(ValidateName(FieldFirstName, in.FirstName))
	add(ValidateName(FieldLastName, in.LastName))
	add(ValidatePhone(in.Phone))
	birth, err := ParseBirthDate(in.BirthDate, in.DateOrder, now)
	add(err)
	in.BirthDate = birth
	add(ValidateSex(in.Sex))
	add(ValidateAddress(in.Address))
	add(ValidateNotes(in.Notes))
	return in, errs
}
