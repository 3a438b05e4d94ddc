package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"net/netip"
	"net/textproto"
	"strings"
	"time"

	simplemail "github.com/xhit/go-simple-mail/v2"
)

// Send delivers msg through the mail server cfg describes, within
// cfg.Timeout (20 seconds if zero) or until ctx is done, whichever comes
// first. It returns a *ConfigError if cfg breaks a rule, a *HeaderError if
// msg does, before any connection is made; a *SendError for any failure on
// the wire (see IsTemporary); nil once the server has accepted the message.
func Send(ctx context.Context, cfg Config, msg Message) error {
	_, err := deliver(ctx, cfg, msg)
	return err
}

// SendTest sends a short test email to cfg's own sender address, for the
// "Send test email" button. It returns the server's final answer (such as
// "250 2.0.0 Ok: queued as 4F2A1"), or "Accepted" if there was none to
// show, and the same errors as Send.
func SendTest(ctx context.Context, cfg Config) (string, error) {
	msg := Message{
		To:      cfg.FromAddress,
		ToName:  cfg.FromName,
		Subject: "Clinic Admin test email",
		Text: "This is a test email from Clinic Admin.\n\n" +
			"If you can read it, the mail settings work.\n",
	}
	reply, err := deliver(ctx, cfg, msg)
	if err != nil {
		return "", err
	}
	if reply == "" {
		reply = "Accepted"
	}
	return reply, nil
}

func deliver(ctx context.Context, cfg Config, msg Message) (string, error) {
	if err := cfg.Validate(); err != nil {
		return "", err
	}
	if err := msg.Validate(); err != nil {
		return "", err
	}
	email, err := build(cfg, msg)
	if err != nil {
		return "", err
	}

	s := &session{cfg: cfg, timeout: cfg.timeout()}
	reply, err := s.run(ctx, email)
	if err != nil {
		return "", s.explain(ctx, err)
	}
	return reply, nil
}

// stage is how far an exchange got; it decides what a server's refusal
// means (a refused AUTH is not a refused message).
type stage int

const (
	stageConnect stage = iota // dial, greeting, EHLO
	stageTLS                  // STARTTLS command and the handshake after it
	stageAuth                 // AUTH and its challenges
	stageMessage              // MAIL, RCPT, DATA and the message
)

// session is one exchange with the mail server.
type session struct {
	cfg     Config
	timeout time.Duration
	stage   stage
}

// run dials, secures the connection, and hands it to go-simple-mail to
// sign in and send email. It returns the server's last reply line.
func (s *session) run(ctx context.Context, email *simplemail.Email) (string, error) {
	deadline := time.Now().Add(s.timeout)
	dialer := net.Dialer{Deadline: deadline}
	raw, err := dialer.DialContext(ctx, "tcp", s.cfg.addr())
	if err != nil {
		return "", err
	}
	defer raw.Close()

	// Closing the connection is what interrupts a blocked read on cancel.
	stop := context.AfterFunc(ctx, func() { raw.Close() })
	defer stop()

	if err := raw.SetDeadline(deadline); err != nil {
		return "", err
	}
	if s.cfg.Security == SecurityNone && !isLoopback(raw.RemoteAddr()) {
		return "", &ConfigError{Field: "Security", Rule: ruleLocal}
	}
	return s.exchange(ctx, raw, email)
}

func (s *session) exchange(
	ctx context.Context, raw net.Conn, email *simplemail.Email,
) (string, error) {
	conn, err := s.secure(ctx, raw)
	if err != nil {
		return "", err
	}

	tap := &tapConn{Conn: conn, stage: &s.stage}
	if s.cfg.Security == SecuritySTARTTLS {
		// The server greeted us before STARTTLS and will not again, but
		// go-simple-mail waits for a greeting on a connection it is given.
		tap.prefix = []byte("220 TLS ready\r\n")
	}

	client, err := s.server(tap).Connect()
	if err != nil {
		return "", err
	}
	if err := email.Send(client); err != nil {
		return "", err
	}
	reply := tap.last
	client.Quit() // the message is accepted; a failed QUIT changes nothing
	return reply, nil
}

// server returns go-simple-mail settings for a connection that is already
// dialled, under its deadline, and encrypted if cfg asks for it, so that
// go-simple-mail neither dials, nor times out on its own, nor does TLS.
func (s *session) server(conn net.Conn) *simplemail.SMTPServer {
	server := simplemail.NewSMTPClient()
	server.Host = s.cfg.Host
	server.Port = s.cfg.Port
	server.Username = s.cfg.Username
	server.Password = s.cfg.Password
	server.Authentication = simplemail.AuthAuto
	server.Encryption = simplemail.EncryptionNone
	server.ConnectTimeout = 0
	server.SendTimeout = 0
	server.Helo = heloName(conn.LocalAddr())
	server.CustomConn = conn
	return server
}

// secure returns conn encrypted as cfg.Security asks.
func (s *session) secure(ctx context.Context, conn net.Conn) (net.Conn, error) {
	switch s.cfg.Security {
	case SecurityTLS:
		return s.handshake(ctx, conn)
	case SecuritySTARTTLS:
		return s.startTLS(ctx, conn)
	}
	return conn, nil
}

func (s *session) handshake(ctx context.Context, conn net.Conn) (net.Conn, error) {
	tc := tls.Client(conn, s.cfg.tlsConfig())
	if err := tc.HandshakeContext(ctx); err != nil {
		return nil, err
	}
	return tc, nil
}

// startTLS reads the greeting, checks that EHLO lists STARTTLS and
// upgrades the connection, all before go-simple-mail (which would carry on
// in clear text without STARTTLS) sees it.
func (s *session) startTLS(ctx context.Context, conn net.Conn) (net.Conn, error) {
	text := textproto.NewConn(conn)
	if _, _, err := text.ReadResponse(220); err != nil {
		return nil, err
	}
	ext, err := ehlo(text, heloName(conn.LocalAddr()))
	if err != nil {
		return nil, err
	}
	if !ext["STARTTLS"] {
		return nil, noSTARTTLS(s.cfg.Password != "")
	}

	s.stage = stageTLS
	if err := text.PrintfLine("STARTTLS"); err != nil {
		return nil, err
	}
	if _, _, err := text.ReadResponse(220); err != nil {
		return nil, err
	}
	if text.R.Buffered() > 0 {
		// Bytes that arrive before the handshake were never encrypted;
		// taking them as replies would let a forger speak for the server.
		return nil, errEarlyData
	}
	tc, err := s.handshake(ctx, conn)
	if err != nil {
		return nil, err
	}
	s.stage = stageConnect // go-simple-mail greets again over TLS
	return tc, nil
}

var errEarlyData = errors.New("mail server sent data before the TLS handshake")

// ehlo greets the server and returns the extensions it lists, upper case.
func ehlo(text *textproto.Conn, name string) (map[string]bool, error) {
	if err := text.PrintfLine("EHLO %s", name); err != nil {
		return nil, err
	}
	_, msg, err := text.ReadResponse(250)
	if err != nil {
		return nil, err
	}

	ext := map[string]bool{}
	lines := strings.Split(msg, "\n")
	for _, line := range lines[1:] {
		if fields := strings.Fields(line); len(fields) > 0 {
			ext[strings.ToUpper(fields[0])] = true
		}
	}
	return ext, nil
}

// heloName is this end's address as an RFC 5321 address literal; it names
// no one, unlike the PC's host name.
func heloName(local net.Addr) string {
	ap, err := netip.ParseAddrPort(local.String())
	switch {
	case err != nil:
		return "localhost"
	case ap.Addr().Unmap().Is4():
		return "[" + ap.Addr().Unmap().String() + "]"
	}
	return "[IPv6:" + ap.Addr().WithZone("").String() + "]"
}

func isLoopback(remote net.Addr) bool {
	ap, err := netip.ParseAddrPort(remote.String())
	return err == nil && ap.Addr().Unmap().IsLoopback()
}

// tapConn sits between go-simple-mail and the (encrypted) connection. It
// serves a prefix before the first real byte, notes from the commands
// written how far the exchange got, and keeps the last reply line read.
//
// NOTE: go-simple-mail flushes each command in one write, so a command
// always starts a write; message lines after DATA cannot move the stage
// back, since it only moves forward.
type tapConn struct {
	net.Conn
	prefix []byte
	stage  *stage
	line   []byte
	last   string
}

const maxReplyLine = 512

func (t *tapConn) Read(p []byte) (int, error) {
	if len(t.prefix) > 0 {
		n := copy(p, t.prefix)
		t.prefix = t.prefix[n:]
		return n, nil
	}
	n, err := t.Conn.Read(p)
	t.record(p[:n])
	return n, err
}

func (t *tapConn) record(p []byte) {
	for _, b := range p {
		if b == '\n' {
			t.last = strings.TrimRight(string(t.line), "\r")
			t.line = t.line[:0]
		} else if len(t.line) < maxReplyLine {
			t.line = append(t.line, b)
		}
	}
}

func (t *tapConn) Write(p []byte) (int, error) {
	t.advance(p)
	return t.Conn.Write(p)
}

func (t *tapConn) advance(p []byte) {
	switch {
	case *t.stage >= stageMessage:
	case hasPrefixFold(p, "MAIL FROM:"):
		*t.stage = stageMessage
	case hasPrefixFold(p, "AUTH "):
		*t.stage = stageAuth
	}
}

func hasPrefixFold(p []byte, prefix string) bool {
	return len(p) >= len(prefix) && strings.EqualFold(string(p[:len(prefix)]), prefix)
}
