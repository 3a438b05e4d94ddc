// Package mailtest runs a real SMTP server inside a test process, for the
// tests of packages that send email through package mail. Only tests
// import it.
//
// The server is github.com/emersion/go-smtp on 127.0.0.1 with a random
// port and a self-signed certificate, offering AUTH PLAIN and LOGIN; its
// Options make it misbehave the ways a real server does.
package mailtest

import (
	"crypto/tls"
	"crypto/x509"
	"io"
	"log"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"clinicadmin/mail"
)

// The account the server accepts.
const (
	User     = "frontdesk"
	Password = "s3cret-Pa55word"
)

// Options shape how the server behaves; the zero value offers STARTTLS
// and accepts every message from User.
type Options struct {
	ImplicitTLS bool     // TLS from the first byte instead of STARTTLS
	NoSTARTTLS  bool     // no STARTTLS offered, AUTH offered in clear text
	Mechanisms  []string // AUTH mechanisms offered; PLAIN and LOGIN if nil
	RefuseAuth  bool     // every sign-in fails with 535
	AuthReply   string   // the text of that 535 reply; go-smtp's own if empty
	RcptErr     error    // returned from RCPT, such as Reply(550, "...")
	DataErr     error    // returned once the message is read, such as Reply(451, "...")
	OnData      func()   // called as a message arrives, before it is accepted
	CertIP      net.IP   // the address the certificate names, not 127.0.0.1
}

// Reply returns an SMTP reply with code and text, for Options.RcptErr and
// Options.DataErr.
func Reply(code int, text string) error {
	return &smtp.SMTPError{
		Code:         code,
		EnhancedCode: smtp.EnhancedCode{code / 100, 0, 0},
		Message:      text,
	}
}

// Message is one message the server accepted.
type Message struct {
	From string
	To   []string
	Data []byte
}

// Server is a running test server.
type Server struct {
	Port    int
	RootCAs *x509.CertPool // trusts the server's certificate
	backend *backend
}

// Start starts a server with opts and stops it when the test ends. The
// options that decide the listener (ImplicitTLS, NoSTARTTLS, CertIP) are
// fixed; the others may change later through Update.
func Start(tb testing.TB, opts Options) *Server {
	tb.Helper()
	pair := certFor(tb, opts)
	tlsConf := &tls.Config{Certificates: []tls.Certificate{pair.cert}}

	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	if opts.ImplicitTLS {
		l = tls.NewListener(l, tlsConf)
	}

	be := &backend{opts: opts}
	srv := smtp.NewServer(be)
	srv.Domain = "localhost"
	srv.ErrorLog = log.New(io.Discard, "", 0)
	srv.ReadTimeout = 10 * time.Second
	srv.WriteTimeout = 10 * time.Second
	if !opts.ImplicitTLS && !opts.NoSTARTTLS {
		srv.TLSConfig = tlsConf
	}
	// Without STARTTLS, AUTH is offered in clear text to tempt the client.
	srv.AllowInsecureAuth = opts.NoSTARTTLS

	go srv.Serve(l)
	tb.Cleanup(func() { srv.Close() })

	return &Server{Port: l.Addr().(*net.TCPAddr).Port, RootCAs: pair.pool, backend: be}
}

// Config returns mail settings that reach s with the test account, with
// a timeout of one second.
func (s *Server) Config(sec mail.Security) mail.Config {
	return mail.Config{
		Host:        "127.0.0.1",
		Port:        s.Port,
		Security:    sec,
		Username:    User,
		Password:    Password,
		FromName:    "Clinic Front Desk",
		FromAddress: "desk@clinic.example",
		Timeout:     time.Second,
		TLSConfig:   s.TLSConfig(),
	}
}

// TLSConfig returns client TLS settings that trust the server.
func (s *Server) TLSConfig() *tls.Config {
	return &tls.Config{RootCAs: s.RootCAs}
}

// Update changes the options of s for the sessions to come.
func (s *Server) Update(change func(*Options)) {
	s.backend.mu.Lock()
	defer s.backend.mu.Unlock()
	change(&s.backend.opts)
}

// Messages returns the messages the server accepted so far.
func (s *Server) Messages() []Message {
	s.backend.mu.Lock()
	defer s.backend.mu.Unlock()
	return append([]Message(nil), s.backend.msgs...)
}

// AuthCalls returns how many AUTH commands the server got.
func (s *Server) AuthCalls() int {
	s.backend.mu.Lock()
	defer s.backend.mu.Unlock()
	return s.backend.auths
}

// Sessions returns how many clients said EHLO or HELO.
func (s *Server) Sessions() int {
	s.backend.mu.Lock()
	defer s.backend.mu.Unlock()
	return s.backend.sessions
}

type backend struct {
	mu       sync.Mutex
	opts     Options
	msgs     []Message
	auths    int
	sessions int
}

func (b *backend) NewSession(*smtp.Conn) (smtp.Session, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.sessions++
	return &session{b: b}, nil
}

func (b *backend) options() Options {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.opts
}

func (b *backend) check(user, pass string) error {
	opts := b.options()
	if opts.RefuseAuth || user != User || pass != Password {
		if opts.AuthReply != "" {
			return &smtp.SMTPError{Code: 535, Message: opts.AuthReply}
		}
		return smtp.ErrAuthFailed
	}
	return nil
}

type session struct {
	b    *backend
	from string
	to   []string
}

func (s *session) AuthMechanisms() []string {
	if m := s.b.options().Mechanisms; m != nil {
		return m
	}
	return []string{sasl.Plain, sasl.Login}
}

func (s *session) Auth(mech string) (sasl.Server, error) {
	s.b.mu.Lock()
	s.b.auths++
	s.b.mu.Unlock()

	switch mech {
	case sasl.Plain:
		return sasl.NewPlainServer(func(_, user, pass string) error {
			return s.b.check(user, pass)
		}), nil
	case sasl.Login:
		return &loginServer{check: s.b.check}, nil
	}
	return nil, smtp.ErrAuthUnknownMechanism
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	s.from = from
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if err := s.b.options().RcptErr; err != nil {
		return err
	}
	s.to = append(s.to, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	opts := s.b.options()
	if opts.OnData != nil {
		opts.OnData()
	}
	if opts.DataErr != nil {
		return opts.DataErr
	}
	s.b.mu.Lock()
	defer s.b.mu.Unlock()
	s.b.msgs = append(s.b.msgs, Message{From: s.from, To: s.to, Data: data})
	return nil
}

func (s *session) Reset()        { s.from, s.to = "", nil }
func (s *session) Logout() error { return nil }

// loginServer is the server side of AUTH LOGIN, which go-sasl lacks. The
// user name may come with the command or after a "Username:" challenge.
type loginServer struct {
	check func(user, pass string) error
	user  string
	step  int
}

func (l *loginServer) Next(response []byte) ([]byte, bool, error) {
	l.step++
	switch {
	case l.step == 1 && response == nil:
		return []byte("Username:"), false, nil
	case l.user == "":
		l.user = string(response)
		return []byte("Password:"), false, nil
	}
	return nil, true, l.check(l.user, string(response))
}
