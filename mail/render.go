package mail

import (
	"bytes"
	"fmt"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"
	"time"

	"clinicadmin/assets"
	"clinicadmin/data"
)

// Letter is what a reset or welcome email says, and to whom.
type Letter struct {
	Kind       data.MailKind // MailReset or MailWelcome
	To         string        // the member's address
	ToName     string        // the member's full name
	FirstName  string        // the name the greeting uses
	ClinicName string
	Link       string // the link with the token, from BuildLink
	Lifetime   time.Duration
}

// letterTemplates are the text and HTML forms of one kind of email.
type letterTemplates struct {
	text *texttemplate.Template
	html *htmltemplate.Template
}

var templates = map[data.MailKind]letterTemplates{
	data.MailReset:   mustParse("reset"),
	data.MailWelcome: mustParse("welcome"),
}

func mustParse(kind string) letterTemplates {
	dir := assets.EmailTemplates
	return letterTemplates{
		text: texttemplate.Must(texttemplate.ParseFS(dir, "email/"+kind+".txt.tmpl")),
		html: htmltemplate.Must(htmltemplate.ParseFS(dir, "email/"+kind+".html.tmpl")),
	}
}

// Render fills the templates of l.Kind in with l. It returns an error only
// for a kind that has no templates, or a template that fails; headers are
// checked by Send, which refuses a line break in a name.
func Render(l Letter) (Message, error) {
	t, ok := templates[l.Kind]
	if !ok {
		return Message{}, fmt.Errorf("render email: no template for %q", l.Kind)
	}
	fields := struct {
		ClinicName, FirstName, Link, Lifetime string
	}{l.ClinicName, l.FirstName, l.Link, LifetimeWords(l.Lifetime)}

	var subject, text, html bytes.Buffer
	if err := t.text.ExecuteTemplate(&subject, "subject", fields); err != nil {
		return Message{}, fmt.Errorf("render subject: %w", err)
	}
	if err := t.text.ExecuteTemplate(&text, "body", fields); err != nil {
		return Message{}, fmt.Errorf("render text: %w", err)
	}
	if err := t.html.ExecuteTemplate(&html, "body", fields); err != nil {
		return Message{}, fmt.Errorf("render html: %w", err)
	}
	return Message{
		To:      l.To,
		ToName:  l.ToName,
		Subject: subject.String(),
		Text:    text.String(),
		HTML:    html.String(),
	}, nil
}

// TokenPlaceholder is what the reset-link template holds where the token
// goes.
const TokenPlaceholder = "{token}"

// ErrNoResetLink is returned by BuildLink when Settings hold no reset-link
// template with {token}: the email cannot be written until they do.
var ErrNoResetLink = &ConfigError{
	Field: "ResetURLTemplate",
	Rule:  "must be set in Settings, with {token} where the token goes",
}

// BuildLink puts secret (base64url, safe in a URL as it is) in place of
// {token} in tmpl. It returns ErrNoResetLink if tmpl has no {token}.
func BuildLink(tmpl, secret string) (string, error) {
	if !strings.Contains(tmpl, TokenPlaceholder) {
		return "", ErrNoResetLink
	}
	return strings.ReplaceAll(tmpl, TokenPlaceholder, secret), nil
}

// LifetimeWords says d in words, such as "24 hours", "7 days" or "1 hour
// and 30 minutes"; whole days from two days on, hours and minutes below.
func LifetimeWords(d time.Duration) string {
	const day = 24 * time.Hour
	if d >= 2*day && d%day == 0 {
		return plural(int(d/day), "day")
	}
	hours, minutes := int(d/time.Hour), int(d%time.Hour/time.Minute)
	switch {
	case hours == 0:
		return plural(minutes, "minute")
	case minutes == 0:
		return plural(hours, "hour")
	}
	return plural(hours, "hour") + " and " + plural(minutes, "minute")
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}
