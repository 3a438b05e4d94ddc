package mail_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"io"
	"log"
	"math/big"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"clinicadmin/mail"
)

const (
	testUser     = "frontdesk"
	testPassword = "s3cret-Pa55word"
)

// serverOptions shape how the test server misbehaves.
type serverOptions struct {
	implicitTLS bool      // TLS from the first byte instead of STARTTLS
	noSTARTTLS  bool      // no STARTTLS offered, AUTH offered in clear text
	mechs       []string  // AUTH mechanisms offered; PLAIN and LOGIN if nil
	refuseAuth  bool      // every sign-in fails with 535
	authReply   string    // the text of the 535 reply, if set
	rcptErr     error     // returned from RCPT
	dataErr     error     // returned from DATA
	cert        *certPair // the server's certificate; the test CA's if nil
}

// received is one message the server accepted.
type received struct {
	From string
	To   []string
	Data []byte
}

// testServer is a go-smtp server on 127.0.0.1 that records what it gets.
type testServer struct {
	Port    int
	RootCAs *x509.CertPool
	backend *backend
}

// MustStartServer starts a server for the test and stops it at cleanup.
func MustStartServer(tb testing.TB, opts serverOptions) *testServer {
	tb.Helper()
	pair := opts.cert
	if pair == nil {
		pair = mustCert(tb)
	}
	tlsConf := &tls.Config{Certificates: []tls.Certificate{pair.cert}}

	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	if opts.implicitTLS {
		l = tls.NewListener(l, tlsConf)
	}

	be := &backend{opts: opts}
	srv := smtp.NewServer(be)
	srv.Domain = "localhost"
	srv.ErrorLog = log.New(io.Discard, "", 0)
	srv.ReadTimeout = 10 * time.Second
	srv.WriteTimeout = 10 * time.Second
	if !opts.implicitTLS && !opts.noSTARTTLS {
		srv.TLSConfig = tlsConf
	}
	// A server without STARTTLS offers AUTH in clear text, to tempt the client.
	srv.AllowInsecureAuth = opts.noSTARTTLS

	go srv.Serve(l)
	tb.Cleanup(func() { srv.Close() })

	return &testServer{
		Port:    l.Addr().(*net.TCPAddr).Port,
		RootCAs: pair.pool,
		backend: be,
	}
}

// Config returns settings that reach s with the test account.
func (s *testServer) Config(sec mail.Security) mail.Config {
	return mail.Config{
		Host:        "127.0.0.1",
		Port:        s.Port,
		Security:    sec,
		Username:    testUser,
		Password:    testPassword,
		FromName:    "Clinic Front Desk",
		FromAddress: "desk@clinic.example",
		Timeout:     5 * time.Second,
		TLSConfig:   &tls.Config{RootCAs: s.RootCAs},
	}
}

// Received returns the messages the server accepted so far.
func (s *testServer) Received() []received {
	s.backend.mu.Lock()
	defer s.backend.mu.Unlock()
	return append([]received(nil), s.backend.msgs...)
}

// AuthCalls returns how many AUTH commands the server got.
func (s *testServer) AuthCalls() int {
	s.backend.mu.Lock()
	defer s.backend.mu.Unlock()
	return s.backend.auths
}

// Sessions returns how many clients said EHLO or HELO.
func (s *testServer) Sessions() int {
	s.backend.mu.Lock()
	defer s.backend.mu.Unlock()
	return s.backend.sessions
}

type backend struct {
	opts serverOptions

	mu       sync.Mutex
	msgs     []received
	auths    int
	sessions int
}

func (b *backend) NewSession(*smtp.Conn) (smtp.Session, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.sessions++
	return &session{b: b}, nil
}

func (b *backend) check(user, pass string) error {
	if b.opts.refuseAuth || user != testUser || pass != testPassword {
		if b.opts.authReply != "" {
			return &smtp.SMTPError{Code: 535, Message: b.opts.authReply}
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
	if s.b.opts.mechs != nil {
		return s.b.opts.mechs
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
	if s.b.opts.rcptErr != nil {
		return s.b.opts.rcptErr
	}
	s.to = append(s.to, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if s.b.opts.dataErr != nil {
		return s.b.opts.dataErr
	}
	s.b.mu.Lock()
	defer s.b.mu.Unlock()
	s.b.msgs = append(s.b.msgs, received{From: s.from, To: s.to, Data: data})
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

// MustStartSilent starts a listener that accepts connections and never
// writes a byte, like a hung server. It returns its port.
func MustStartSilent(tb testing.TB) int {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}

	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()

	tb.Cleanup(func() {
		l.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return l.Addr().(*net.TCPAddr).Port
}

// MustClosedPort returns a port on 127.0.0.1 that nothing listens on.
func MustClosedPort(tb testing.TB) int {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	if err := l.Close(); err != nil {
		tb.Fatal(err)
	}
	return port
}

// certPair is a self-signed certificate and a pool that trusts it.
type certPair struct {
	cert tls.Certificate
	pool *x509.CertPool
}

var (
	certOnce sync.Once
	certTest *certPair
	certErr  error
)

// mustCert returns the test CA-and-server certificate for 127.0.0.1, ::1
// and localhost, made once per test binary.
func mustCert(tb testing.TB) *certPair {
	tb.Helper()
	certOnce.Do(func() { certTest, certErr = newCert("127.0.0.1") })
	if certErr != nil {
		tb.Fatal(certErr)
	}
	return certTest
}

// newCert makes a self-signed certificate valid for the given IP address,
// ::1 and localhost.
func newCert(ip string) (*certPair, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(time.Now().UnixNano()),
		Subject:               pkix.Name{CommonName: "clinicadmin test"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses:           []net.IP{net.ParseIP(ip), net.IPv6loopback},
		DNSNames:              []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, err
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}

	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	cert := tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}
	return &certPair{cert: cert, pool: pool}, nil
}
