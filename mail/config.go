package mail

import (
	"crypto/tls"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"time"
	"unicode/utf8"
)

// Security is how the connection to the mail server is protected. The zero
// value is not a valid choice, so a Config that forgets it fails Validate.
type Security int

// The three ways to reach a mail server.
const (
	// SecurityTLS speaks TLS from the first byte (implicit TLS, usually
	// port 465).
	SecurityTLS Security = iota + 1
	// SecuritySTARTTLS connects in clear text and upgrades with STARTTLS
	// (usually port 587). A server that does not offer STARTTLS is an error,
	// never a clear-text fallback.
	SecuritySTARTTLS
	// SecurityNone sends in clear text. It is allowed only for a mail server
	// on this PC (localhost, 127.0.0.0/8 or ::1).
	SecurityNone
)

var securityNames = []struct {
	security Security
	name     string
	port     int
}{
	{SecurityTLS, "Implicit TLS", 465},
	{SecuritySTARTTLS, "STARTTLS", 587},
	{SecurityNone, "None (this PC only)", 25},
}

// String returns the name shown in Settings, such as "STARTTLS".
func (s Security) String() string {
	for _, n := range securityNames {
		if n.security == s {
			return n.name
		}
	}
	return fmt.Sprintf("Security(%d)", int(s))
}

// DefaultPort returns the usual port for s: 465, 587 or 25; 0 if s is not
// one of the three.
func (s Security) DefaultPort() int {
	for _, n := range securityNames {
		if n.security == s {
			return n.port
		}
	}
	return 0
}

// SecurityNames returns the names of the three choices in the order
// Settings shows them; ParseSecurity accepts each.
func SecurityNames() []string {
	names := make([]string, len(securityNames))
	for i, n := range securityNames {
		names[i] = n.name
	}
	return names
}

// ParseSecurity returns the Security whose String is name. It returns a
// *ConfigError for the field "Security" if name is none of them.
func ParseSecurity(name string) (Security, error) {
	for _, n := range securityNames {
		if n.name == name {
			return n.security, nil
		}
	}
	return 0, &ConfigError{Field: "Security", Rule: ruleSecurity}
}

// DefaultTimeout bounds a whole exchange with the mail server when
// Config.Timeout is zero.
const DefaultTimeout = 20 * time.Second

// Config says which mail server to use, how, and who the mail is from.
type Config struct {
	Host     string
	Port     int
	Security Security

	// Username and Password sign in to the server; both empty means no
	// sign-in. They are sent only over TLS, or to a server on this PC.
	Username string
	Password string

	FromName    string
	FromAddress string

	// Timeout bounds the whole exchange, from dialling to the server's
	// last answer; zero means DefaultTimeout.
	Timeout time.Duration

	// TLSConfig is optional; when set, it is cloned and its ServerName
	// filled from Host if empty. Tests use it to pass RootCAs.
	TLSConfig *tls.Config
}

const (
	ruleSecurity = "must be Implicit TLS, STARTTLS or None (this PC only)"
	ruleLocal    = "None (this PC only) is allowed only for a mail server on " +
		"this PC (localhost); choose Implicit TLS or STARTTLS"
	maxTimeout = 10 * time.Minute
)

// Validate checks every field of c. It returns a *ConfigError naming the
// first field that breaks a rule, or nil.
func (c Config) Validate() error {
	checks := []func() *ConfigError{
		c.checkHost,
		c.checkPort,
		c.checkSecurity,
		c.checkLogin,
		c.checkSender,
		c.checkTimeout,
	}
	for _, check := range checks {
		if err := check(); err != nil {
			return err
		}
	}
	return nil
}

func (c Config) checkHost() *ConfigError {
	rule := ""
	switch {
	case c.Host == "":
		rule = "is required"
	case strings.TrimSpace(c.Host) != c.Host:
		rule = "must not start or end with a space"
	case len(c.Host) > 253:
		rule = "must be at most 253 characters"
	case !validHost(c.Host):
		rule = "must be a host name such as smtp.example.org, or an IP address"
	default:
		return nil
	}
	return &ConfigError{Field: "Host", Rule: rule}
}

// validHost accepts an IP address or a DNS name made of letters, digits,
// hyphens and underscores, with an optional final dot.
func validHost(host string) bool {
	if _, err := netip.ParseAddr(host); err == nil {
		return true
	}
	for _, label := range strings.Split(strings.TrimSuffix(host, "."), ".") {
		if label == "" || len(label) > 63 {
			return false
		}
		for _, r := range label {
			if !isHostRune(r) {
				return false
			}
		}
	}
	return true
}

func isHostRune(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' ||
		r >= '0' && r <= '9' || r == '-' || r == '_'
}

func (c Config) checkPort() *ConfigError {
	if c.Port < 1 || c.Port > 65535 {
		return &ConfigError{Field: "Port", Rule: "must be a number from 1 to 65535"}
	}
	return nil
}

func (c Config) checkSecurity() *ConfigError {
	switch c.Security {
	case SecurityTLS, SecuritySTARTTLS:
		return nil
	case SecurityNone:
		if IsLocalHost(c.Host) {
			return nil
		}
		return &ConfigError{Field: "Security", Rule: ruleLocal}
	}
	return &ConfigError{Field: "Security", Rule: ruleSecurity}
}

// checkLogin wants both halves of a sign-in or neither. Where the password
// may travel is checkSecurity's business: clear text only reaches this PC.
func (c Config) checkLogin() *ConfigError {
	switch {
	case c.Username == "" && c.Password != "":
		return &ConfigError{Field: "Username", Rule: "is required when a password is given"}
	case c.Username != "" && c.Password == "":
		return &ConfigError{Field: "Password", Rule: "is required when a user name is given"}
	case utf8.RuneCountInString(c.Username) > 254:
		return &ConfigError{Field: "Username", Rule: "must be at most 254 characters"}
	}
	if rule := textRule(c.Username); rule != "" {
		return &ConfigError{Field: "Username", Rule: rule}
	}
	return nil
}

func (c Config) checkSender() *ConfigError {
	if err := checkAddress("FromAddress", c.FromAddress); err != nil {
		return &ConfigError{Field: err.Field, Rule: err.Rule, err: err}
	}
	if err := checkName("FromName", c.FromName); err != nil {
		return &ConfigError{Field: err.Field, Rule: err.Rule, err: err}
	}
	return nil
}

func (c Config) checkTimeout() *ConfigError {
	if c.Timeout == 0 {
		return nil
	}
	if c.Timeout < time.Second || c.Timeout > maxTimeout {
		return &ConfigError{
			Field: "Timeout",
			Rule:  "must be from 1 second to 10 minutes, or 0 for the default of 20 seconds",
		}
	}
	return nil
}

func (c Config) timeout() time.Duration {
	if c.Timeout == 0 {
		return DefaultTimeout
	}
	return c.Timeout
}

func (c Config) addr() string {
	return net.JoinHostPort(c.Host, fmt.Sprint(c.Port))
}

// tlsConfig returns the TLS settings for a connection to c.Host.
func (c Config) tlsConfig() *tls.Config {
	conf := &tls.Config{}
	if c.TLSConfig != nil {
		conf = c.TLSConfig.Clone()
	}
	if conf.ServerName == "" {
		conf.ServerName = c.Host
	}
	if conf.MinVersion == 0 {
		conf.MinVersion = tls.VersionTLS12
	}
	return conf
}

// IsLocalHost reports whether host names this PC: "localhost", an address
// in 127.0.0.0/8, or ::1. It does no DNS lookup.
func IsLocalHost(host string) bool {
	if strings.EqualFold(strings.TrimSuffix(host, "."), "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.Unmap().IsLoopback()
}
