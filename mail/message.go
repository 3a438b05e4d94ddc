package mail

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	netmail "net/mail"
	"strings"
	"unicode"
	"unicode/utf8"

	simplemail "github.com/xhit/go-simple-mail/v2"
)

// Message is one email to one person. Text and HTML are alternative forms
// of the same body; either may be empty.
type Message struct {
	To      string // one plain address, such as name@example.org
	ToName  string // optional
	Subject string
	Text    string
	HTML    string
}

const (
	maxAddress = 254
	maxName    = 200
	maxSubject = 250
)

// Validate checks the fields of m that go into headers. It returns a
// *HeaderError naming the first field that breaks a rule, or nil. A
// control character (CR, LF, tab and the like) is refused, never stripped.
func (m Message) Validate() error {
	if err := checkAddress("To", m.To); err != nil {
		return err
	}
	if err := checkName("ToName", m.ToName); err != nil {
		return err
	}
	if err := checkText("Subject", m.Subject, maxSubject); err != nil {
		return err
	}
	return nil
}

// checkAddress wants exactly one plain address: no display name, no
// comment, no surrounding spaces or angle brackets.
func checkAddress(field, value string) *HeaderError {
	if value == "" {
		return &HeaderError{Field: field, Rule: "is required"}
	}
	if err := checkText(field, value, maxAddress); err != nil {
		return err
	}
	addr, err := netmail.ParseAddress(value)
	if err != nil || addr.Name != "" || addr.Address != value {
		return &HeaderError{
			Field: field,
			Rule:  "must be one plain email address, such as name@example.org",
		}
	}
	return nil
}

func checkName(field, value string) *HeaderError {
	if err := checkText(field, value, maxName); err != nil {
		return err
	}
	if strings.TrimSpace(value) != value {
		return &HeaderError{Field: field, Rule: "must not start or end with a space"}
	}
	return nil
}

func checkText(field, value string, max int) *HeaderError {
	if rule := textRule(value); rule != "" {
		return &HeaderError{Field: field, Rule: rule}
	}
	if utf8.RuneCountInString(value) > max {
		return &HeaderError{Field: field, Rule: fmt.Sprintf("must be at most %d characters", max)}
	}
	return nil
}

// textRule returns the rule value breaks, or "" if it is one clean line.
func textRule(value string) string {
	if !utf8.ValidString(value) {
		return "must be valid text (UTF-8)"
	}
	for _, r := range value {
		switch {
		case r == '\r' || r == '\n' || r == '\u0085' || r == '\u2028' || r == '\u2029':
			return "must not contain a line break"
		case r == '\t':
			return "must not contain a tab"
		case unicode.IsControl(r):
			return "must not contain control characters"
		}
	}
	return ""
}

// build turns a validated msg into a go-simple-mail email from cfg's sender.
// It returns an error only if go-simple-mail refuses what Validate passed.
func build(cfg Config, msg Message) (*simplemail.Email, error) {
	from := netmail.Address{Name: cfg.FromName, Address: cfg.FromAddress}
	to := netmail.Address{Name: msg.ToName, Address: msg.To}

	email := simplemail.NewMSG()
	email.SetFrom(from.String()).AddTo(to.String()).SetSubject(msg.Subject)
	email.AddHeader("Message-ID", messageID(cfg.FromAddress))
	setBody(email, msg)

	if email.Error != nil {
		return nil, fmt.Errorf("build message: %w", email.Error)
	}
	return email, nil
}

func setBody(email *simplemail.Email, msg Message) {
	switch {
	case msg.HTML == "":
		email.SetBody(simplemail.TextPlain, msg.Text)
	case msg.Text == "":
		email.SetBody(simplemail.TextHTML, msg.HTML)
	default:
		email.SetBody(simplemail.TextPlain, msg.Text)
		email.AddAlternative(simplemail.TextHTML, msg.HTML)
	}
}

// messageID returns a random Message-ID in the sender's domain; many spam
// filters frown on mail without one, and go-simple-mail adds none.
func messageID(from string) string {
	b := make([]byte, 16)
	rand.Read(b) // never fails (crypto/rand)
	domain := from[strings.LastIndexByte(from, '@')+1:]
	return "<" + hex.EncodeToString(b) + "@" + domain + ">"
}
