package mail_test

import (
	"errors"
	"strings"
	"testing"
	"unicode"

	"clinicadmin/mail"
)

var messageCases = []struct {
	name  string
	msg   mail.Message
	field string // "" when the message is valid
	want  string
}{
	{"OK", mail.Message{To: "a@example.org", ToName: "Zoë Ó", Subject: "Hi"}, "", ""},
	{"OKNoName", mail.Message{To: "a@example.org"}, "", ""},
	{"ErrToRequired", mail.Message{}, "To", "Recipient address is required."},
	{"ErrToWithName", mail.Message{To: "Ann <a@example.org>"}, "To",
		"Recipient address must be one plain email address, such as name@example.org."},
	{"ErrToTwo", mail.Message{To: "a@example.org, b@example.org"}, "To", ""},
	{"ErrToAngle", mail.Message{To: "<a@example.org>"}, "To", ""},
	{"ErrToSpace", mail.Message{To: " a@example.org"}, "To", ""},
	{"ErrToLineBreak", mail.Message{To: "a@example.org\r\nBcc: b@example.org"}, "To",
		"Recipient address must not contain a line break."},
	{"ErrToLong", mail.Message{To: strings.Repeat("a", 250) + "@example.org"}, "To",
		"Recipient address must be at most 254 characters."},
	{"ErrToNameCR", mail.Message{To: "a@example.org", ToName: "Ann\rB"}, "ToName",
		"Recipient name must not contain a line break."},
	{"ErrToNameLineSeparator", mail.Message{To: "a@example.org", ToName: "Ann\u2028B"},
		"ToName", ""},
	{"ErrToNameTab", mail.Message{To: "a@example.org", ToName: "Ann\tB"}, "ToName",
		"Recipient name must not contain a tab."},
	{"ErrToNameControl", mail.Message{To: "a@example.org", ToName: "Ann\x1bB"}, "ToName",
		"Recipient name must not contain control characters."},
	{"ErrToNameInvalidUTF8", mail.Message{To: "a@example.org", ToName: "Ann\xff"}, "ToName",
		"Recipient name must be valid text (UTF-8)."},
	{"ErrSubjectLF", mail.Message{To: "a@example.org", Subject: "Hi\nBcc: b@example.org"},
		"Subject", "Subject must not contain a line break."},
	{"ErrSubjectLong", mail.Message{To: "a@example.org", Subject: strings.Repeat("é", 251)},
		"Subject", "Subject must be at most 250 characters."},
}

func TestMessage_Validate(t *testing.T) {
	for _, c := range messageCases {
		t.Run(c.name, func(t *testing.T) {
			err := c.msg.Validate()
			if c.field == "" {
				if err != nil {
					t.Fatalf("got %v, want nil", err)
				}
				return
			}
			var he *mail.HeaderError
			if !errors.As(err, &he) || he.Field != c.field {
				t.Fatalf("got %v, want a HeaderError for %v", err, c.field)
			}
			if c.want != "" && err.Error() != c.want {
				t.Errorf("got %q, want %q", err.Error(), c.want)
			}
		})
	}
}

// FuzzMessage_Validate checks that whatever Validate lets through can go
// into a header line as it is.
func FuzzMessage_Validate(f *testing.F) {
	for _, c := range messageCases {
		f.Add(c.msg.To, c.msg.ToName, c.msg.Subject)
	}
	f.Fuzz(func(t *testing.T, to, name, subject string) {
		msg := mail.Message{To: to, ToName: name, Subject: subject}
		if msg.Validate() != nil {
			return
		}
		for _, s := range []string{to, name, subject} {
			if strings.ContainsFunc(s, unicode.IsControl) {
				t.Errorf("got %q accepted, want control characters refused", s)
			}
		}
	})
}
