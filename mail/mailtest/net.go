package mailtest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"sync"
	"testing"
	"time"
)

// StartSilent starts a listener on 127.0.0.1 that accepts connections and
// never writes a byte, like a hung server, and returns its port. It stops
// when the test ends.
func StartSilent(tb testing.TB) int {
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

// ClosedPort returns a port on 127.0.0.1 that nothing listens on, so that
// connecting to it is refused.
func ClosedPort(tb testing.TB) int {
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

// certFor returns the certificate opts ask for: the shared one, or a new
// one for opts.CertIP that the client will find names another server.
func certFor(tb testing.TB, opts Options) *certPair {
	tb.Helper()
	if opts.CertIP == nil {
		return mustCert(tb)
	}
	pair, err := newCert(opts.CertIP)
	if err != nil {
		tb.Fatal(err)
	}
	return pair
}

// mustCert returns the certificate for 127.0.0.1, ::1 and localhost, made
// once per test binary.
func mustCert(tb testing.TB) *certPair {
	tb.Helper()
	certOnce.Do(func() { certTest, certErr = newCert(net.IPv4(127, 0, 0, 1)) })
	if certErr != nil {
		tb.Fatal(certErr)
	}
	return certTest
}

// newCert makes a self-signed certificate for ip, ::1 and localhost.
func newCert(ip net.IP) (*certPair, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(time.Now().UnixNano()),
		Subject:               pkix.Name{CommonName: "clinicadmin mailtest"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses:           []net.IP{ip, net.IPv6loopback},
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
