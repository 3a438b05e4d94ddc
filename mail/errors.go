package mail

import (
	"errors"
	"strings"
)

// fieldLabels are the names the admin sees for Config and Message fields.
var fieldLabels = map[string]string{
	"Host":        "Server",
	"Port":        "Port",
	"Security":    "Security",
	"Username":    "User name",
	"Password":    "Password",
	"FromName":    "Sender name",
	"FromAddress": "Sender address",
	"Timeout":     "Timeout",
	"To":          "Recipient address",
	"ToName":      "Recipient name",
	"Subject":     "Subject",

	"ResetURLTemplate": "Reset link",
}

func label(field string) string {
	if l, ok := fieldLabels[field]; ok {
		return l
	}
	return field
}

// ConfigError reports a Config field that breaks a rule. Field is the Go
// name of the field ("Port", "FromAddress"); Rule is what it must be.
type ConfigError struct {
	Field string
	Rule  string
	err   error
}

// Error returns a sentence such as "Port must be a number from 1 to 65535."
func (e *ConfigError) Error() string {
	return label(e.Field) + " " + e.Rule + "."
}

// Unwrap returns the *HeaderError behind a refused sender name or address,
// or nil.
func (e *ConfigError) Unwrap() error {
	return e.err
}

// HeaderError reports a field that cannot go into a mail header as it is.
// Field is the Go name of the Message or Config field ("Subject", "ToName").
type HeaderError struct {
	Field string
	Rule  string
}

// Error returns a sentence such as "Subject must not contain a line break."
func (e *HeaderError) Error() string {
	return label(e.Field) + " " + e.Rule + "."
}

// Kinds of failure on the wire. SendError.Err wraps one of them (or a
// context error for a cancelled send), so callers can branch with errors.Is.
var (
	// ErrConnect: no connection (refused, unreachable, name not found).
	ErrConnect = errors.New("could not connect to the mail server")
	// ErrTimeout: the server did not answer within Config.Timeout.
	ErrTimeout = errors.New("the mail server did not answer in time")
	// ErrNoSTARTTLS: SecuritySTARTTLS, and the server does not offer it.
	ErrNoSTARTTLS = errors.New("the mail server does not offer STARTTLS")
	// ErrTLS: the TLS handshake or the STARTTLS command failed.
	ErrTLS = errors.New("could not set up TLS with the mail server")
	// ErrAuth: the server refused the user name and password.
	ErrAuth = errors.New("the mail server refused the sign-in")
	// ErrRejected: the server refused the connection or the message.
	ErrRejected = errors.New("the mail server refused")
	// ErrDropped: the connection broke in the middle of the exchange.
	ErrDropped = errors.New("the connection to the mail server broke")
)

// SendError reports what went wrong between this PC and the mail server.
// Temporary says whether the same message may go through later; Code and
// Reason are the server's reply ("550 5.1.1 mailbox unavailable") when
// there was one, safe to show and never holding the password. Err wraps
// one of the Err kinds above and the underlying cause.
type SendError struct {
	Temporary bool
	Code      int
	Reason    string
	Err       error

	msg string
}

// Error returns one sentence for the admin, such as "The mail server
// refused the message: 550 mailbox unavailable."
func (e *SendError) Error() string {
	if e.msg != "" {
		return e.msg
	}
	if e.Reason != "" {
		return sentence("The email could not be sent", e.Reason)
	}
	return "The email could not be sent."
}

// Unwrap returns Err.
func (e *SendError) Unwrap() error {
	return e.Err
}

// IsTemporary reports whether err is a *SendError (anywhere in its chain)
// that may clear up by itself, so that sending again later makes sense:
// a refused or timed-out connection, a failed DNS lookup, a 4xx reply or a
// cancelled send. It is false for nil, for config and header errors, and
// for 5xx replies, missing STARTTLS and TLS certificate failures.
func IsTemporary(err error) bool {
	var se *SendError
	return errors.As(err, &se) && se.Temporary
}

// sentence joins a lead and a detail into "Lead: detail." without
// doubling the final full stop.
func sentence(lead, detail string) string {
	detail = strings.TrimRight(strings.TrimSpace(detail), ".")
	if detail == "" {
		return lead + "."
	}
	return lead + ": " + detail + "."
}
