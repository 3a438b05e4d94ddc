package mail

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"net/textproto"
	"os"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// explain turns an error from an exchange into the error Send returns:
// errors already explained pass through, anything else becomes a
// *SendError.
func (s *session) explain(ctx context.Context, err error) error {
	var se *SendError
	var ce *ConfigError
	switch {
	case errors.As(err, &se), errors.As(err, &ce):
		return err
	case ctx.Err() != nil:
		return cancelled(context.Cause(ctx))
	}
	return s.classify(err)
}

func (s *session) classify(err error) *SendError {
	var reply *textproto.Error
	var op *net.OpError
	switch {
	case errors.As(err, &reply):
		return s.refused(reply)
	case isTimeout(err):
		return timedOut(err, s.timeout)
	case errors.Is(err, errEarlyData):
		return tlsFailed(err, "it sent data before encryption began")
	}
	if reason, ok := tlsReason(err); ok {
		return tlsFailed(err, reason)
	}
	if errors.As(err, &op) && op.Op == "dial" {
		return s.unreachable(err)
	}
	if errors.As(err, &op) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return &SendError{
			Temporary: true,
			Err:       fmt.Errorf("%w: %w", ErrDropped, err),
			msg:       "The mail server closed the connection unexpectedly.",
		}
	}
	return &SendError{Err: err, msg: sentence("The email could not be sent", s.clean(err.Error()))}
}

// refused explains a reply code the client did not expect. What it means
// depends on the stage: a 535 to AUTH is a wrong password, a 550 to RCPT
// a refused message.
func (s *session) refused(reply *textproto.Error) *SendError {
	safe := &textproto.Error{Code: reply.Code, Msg: s.clean(reply.Msg)}
	e := &SendError{
		Temporary: reply.Code >= 400 && reply.Code < 500,
		Code:      reply.Code,
		Reason:    fmt.Sprintf("%03d %s", safe.Code, safe.Msg),
	}
	lead, kind := s.refusal(e.Temporary)
	e.Err = fmt.Errorf("%w: %w", kind, safe)
	e.msg = sentence(lead, e.Reason)
	if kind == ErrAuth && reply.Code == 535 {
		e.msg = "The mail server refused the user name or password."
	}
	return e
}

// refusal returns the lead of the sentence for a refusal at s.stage, and
// the kind of error it is.
func (s *session) refusal(temporary bool) (string, error) {
	switch {
	case s.stage == stageAuth:
		return "The mail server refused the sign-in", ErrAuth
	case s.stage == stageTLS:
		return "The mail server could not start TLS", ErrTLS
	case s.stage == stageMessage && temporary:
		return "The mail server refused the message for now", ErrRejected
	case s.stage == stageMessage:
		return "The mail server refused the message", ErrRejected
	}
	return "The mail server refused the connection", ErrRejected
}

func (s *session) unreachable(err error) *SendError {
	lead := "Could not connect to the mail server at " + s.cfg.addr()
	return &SendError{
		Temporary: true,
		Err:       fmt.Errorf("%w: %w", ErrConnect, err),
		msg:       sentence(lead, dialReason(err)),
	}
}

func cancelled(cause error) *SendError {
	return &SendError{
		Temporary: true,
		Err:       fmt.Errorf("send cancelled: %w", cause),
		msg:       "Sending the email was stopped before it finished.",
	}
}

func noSTARTTLS(withPassword bool) *SendError {
	msg := "The mail server does not offer STARTTLS; nothing was sent."
	if withPassword {
		msg = "The mail server does not offer STARTTLS; the password was not sent."
	}
	return &SendError{Err: ErrNoSTARTTLS, msg: msg}
}

func timedOut(err error, timeout time.Duration) *SendError {
	return &SendError{
		Temporary: true,
		Err:       fmt.Errorf("%w: %w", ErrTimeout, err),
		msg:       fmt.Sprintf("The mail server did not answer within %s.", timeout),
	}
}

func tlsFailed(err error, reason string) *SendError {
	lead := "Could not set up a secure connection with the mail server"
	return &SendError{
		Err: fmt.Errorf("%w: %w", ErrTLS, err),
		msg: sentence(lead, reason),
	}
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, os.ErrDeadlineExceeded) || errors.As(err, &ne) && ne.Timeout()
}

// tlsReason says in words why a TLS handshake failed, if it did.
func tlsReason(err error) (string, bool) {
	var (
		header   tls.RecordHeaderError
		unknown  x509.UnknownAuthorityError
		hostname x509.HostnameError
		invalid  x509.CertificateInvalidError
		verify   *tls.CertificateVerificationError
		alert    tls.AlertError
	)
	switch {
	case errors.As(err, &header):
		return "it did not answer with TLS; check the port and the security setting", true
	case errors.As(err, &unknown):
		return "its certificate is not signed by an authority this PC trusts", true
	case errors.As(err, &hostname):
		return "its certificate is for another server name", true
	case errors.As(err, &invalid):
		return "its certificate is expired or not valid", true
	case errors.As(err, &verify):
		return "its certificate could not be verified", true
	case errors.As(err, &alert):
		return "it refused the TLS handshake", true
	}
	return "", false
}

// dialReason says in words why dialling failed: the DNS cases in our
// words, anything else in the system's ("connection refused").
func dialReason(err error) string {
	var dns *net.DNSError
	switch {
	case errors.As(err, &dns) && dns.IsNotFound:
		return "the server name was not found"
	case errors.As(err, &dns):
		return "the server name could not be looked up"
	}
	for next := errors.Unwrap(err); next != nil; next = errors.Unwrap(err) {
		err = next
	}
	return err.Error()
}

const maxReason = 300

// clean makes server text safe to show: one line, no control characters,
// at most maxReason characters, and never the password, should a server
// echo it back.
func (s *session) clean(text string) string {
	text = s.redact(text)
	text = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return ' '
		}
		return r
	}, text)
	text = s.redact(strings.Join(strings.Fields(text), " "))

	if utf8.RuneCountInString(text) > maxReason {
		text = string([]rune(text)[:maxReason]) + "…"
	}
	return text
}

func (s *session) redact(text string) string {
	pass := s.cfg.Password
	if pass == "" {
		return text
	}
	b64 := base64.StdEncoding.EncodeToString
	secrets := []string{
		b64([]byte("\x00" + s.cfg.Username + "\x00" + pass)),
		b64([]byte(pass)),
		pass,
	}
	for _, secret := range secrets {
		text = strings.ReplaceAll(text, secret, "[hidden]")
	}
	return text
}
