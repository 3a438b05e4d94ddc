package mail_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"clinicadmin/mail"
)

// validConfig is a Config that passes Validate.
func validConfig() mail.Config {
	return mail.Config{
		Host:        "smtp.example.org",
		Port:        587,
		Security:    mail.SecuritySTARTTLS,
		Username:    "desk@clinic.example",
		Password:    "secret",
		FromName:    "Clinic Front Desk",
		FromAddress: "desk@clinic.example",
	}
}

var configCases = []struct {
	name  string
	edit  func(*mail.Config)
	field string // "" when the config is valid
	want  string
}{
	{"OK", func(*mail.Config) {}, "", ""},
	{"OKImplicitTLS", func(c *mail.Config) { c.Security, c.Port = mail.SecurityTLS, 465 }, "", ""},
	{"OKNoneOnLocalhost", func(c *mail.Config) {
		c.Host, c.Security = "localhost", mail.SecurityNone
	}, "", ""},
	{"OKNoneOnLoopback", func(c *mail.Config) {
		c.Host, c.Security = "127.0.0.2", mail.SecurityNone
	}, "", ""},
	{"OKNoneOnIPv6Loopback", func(c *mail.Config) {
		c.Host, c.Security = "::1", mail.SecurityNone
	}, "", ""},
	{"OKNoSignIn", func(c *mail.Config) { c.Username, c.Password = "", "" }, "", ""},
	{"OKIPAddress", func(c *mail.Config) { c.Host = "192.0.2.10" }, "", ""},
	{"OKTimeout", func(c *mail.Config) { c.Timeout = time.Minute }, "", ""},
	{"ErrHostRequired", func(c *mail.Config) { c.Host = "" }, "Host",
		"Server is required."},
	{"ErrHostSpace", func(c *mail.Config) { c.Host = " smtp.example.org" }, "Host",
		"Server must not start or end with a space."},
	{"ErrHostInvalid", func(c *mail.Config) { c.Host = "smtp.example.org/x" }, "Host",
		"Server must be a host name such as smtp.example.org, or an IP address."},
	{"ErrHostEmptyLabel", func(c *mail.Config) { c.Host = "smtp..example.org" }, "Host", ""},
	{"ErrPortZero", func(c *mail.Config) { c.Port = 0 }, "Port",
		"Port must be a number from 1 to 65535."},
	{"ErrPortTooBig", func(c *mail.Config) { c.Port = 65536 }, "Port", ""},
	{"ErrSecurityUnset", func(c *mail.Config) { c.Security = 0 }, "Security",
		"Security must be Implicit TLS, STARTTLS or None (this PC only)."},
	{"ErrNoneToOtherHost", func(c *mail.Config) { c.Security = mail.SecurityNone }, "Security",
		"Security None (this PC only) is allowed only for a mail server on this PC " +
			"(localhost); choose Implicit TLS or STARTTLS."},
	{"ErrNoneToOtherHostWithoutPassword", func(c *mail.Config) {
		c.Security, c.Username, c.Password = mail.SecurityNone, "", ""
	}, "Security", ""},
	{"ErrNoneToLocalhostLookalike", func(c *mail.Config) {
		c.Host, c.Security = "localhost.example.org", mail.SecurityNone
	}, "Security", ""},
	{"ErrUsernameRequired", func(c *mail.Config) { c.Username = "" }, "Username",
		"User name is required when a password is given."},
	{"ErrPasswordRequired", func(c *mail.Config) { c.Password = "" }, "Password",
		"Password is required when a user name is given."},
	{"ErrUsernameLineBreak", func(c *mail.Config) { c.Username = "desk\r\n" }, "Username", ""},
	{"ErrFromAddressRequired", func(c *mail.Config) { c.FromAddress = "" }, "FromAddress",
		"Sender address is required."},
	{"ErrFromAddressWithName", func(c *mail.Config) {
		c.FromAddress = "Desk <desk@clinic.example>"
	}, "FromAddress",
		"Sender address must be one plain email address, such as name@example.org."},
	{"ErrFromAddressLineBreak", func(c *mail.Config) {
		c.FromAddress = "desk@clinic.example\r\nBcc: x@example.org"
	}, "FromAddress", "Sender address must not contain a line break."},
	{"ErrFromNameLineBreak", func(c *mail.Config) { c.FromName = "Desk\nBcc: x" }, "FromName",
		"Sender name must not contain a line break."},
	{"ErrFromNameTab", func(c *mail.Config) { c.FromName = "Desk\tA" }, "FromName",
		"Sender name must not contain a tab."},
	{"ErrTimeoutNegative", func(c *mail.Config) { c.Timeout = -time.Second }, "Timeout", ""},
	{"ErrTimeoutTooShort", func(c *mail.Config) { c.Timeout = time.Millisecond }, "Timeout", ""},
	{"ErrTimeoutTooLong", func(c *mail.Config) { c.Timeout = time.Hour }, "Timeout", ""},
}

func TestConfig_Validate(t *testing.T) {
	for _, c := range configCases {
		t.Run(c.name, func(t *testing.T) {
			cfg := validConfig()
			c.edit(&cfg)
			err := cfg.Validate()

			if c.field == "" {
				if err != nil {
					t.Fatalf("got %v, want nil", err)
				}
				return
			}
			var ce *mail.ConfigError
			if !errors.As(err, &ce) || ce.Field != c.field {
				t.Fatalf("got %v, want a ConfigError for %v", err, c.field)
			}
			if c.want != "" && err.Error() != c.want {
				t.Errorf("got %q, want %q", err.Error(), c.want)
			}
		})
	}
}

func TestConfig_ValidateHeaderError(t *testing.T) {
	t.Run("ErrFromNameLineBreak", func(t *testing.T) {
		cfg := validConfig()
		cfg.FromName = "Desk\r\nBcc: x@example.org"
		err := cfg.Validate()

		var he *mail.HeaderError
		if !errors.As(err, &he) || he.Field != "FromName" {
			t.Errorf("got %v, want a HeaderError for FromName", err)
		}
	})
}

func TestParseSecurity(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		for _, want := range []mail.Security{
			mail.SecurityTLS, mail.SecuritySTARTTLS, mail.SecurityNone,
		} {
			got, err := mail.ParseSecurity(want.String())
			if err != nil || got != want {
				t.Errorf("got %v, %v, want %v, nil", got, err, want)
			}
		}
		names := strings.Join(mail.SecurityNames(), ", ")
		if want := "Implicit TLS, STARTTLS, None (this PC only)"; names != want {
			t.Errorf("got %q, want %q", names, want)
		}
	})

	t.Run("OKDefaultPort", func(t *testing.T) {
		got := []int{
			mail.SecurityTLS.DefaultPort(),
			mail.SecuritySTARTTLS.DefaultPort(),
			mail.SecurityNone.DefaultPort(),
		}
		if got[0] != 465 || got[1] != 587 || got[2] != 25 {
			t.Errorf("got %v, want [465 587 25]", got)
		}
	})

	t.Run("ErrUnknown", func(t *testing.T) {
		_, err := mail.ParseSecurity("SSL")
		var ce *mail.ConfigError
		if !errors.As(err, &ce) || ce.Field != "Security" {
			t.Errorf("got %v, want a ConfigError for Security", err)
		}
	})
}

func TestIsLocalHost(t *testing.T) {
	cases := map[string]bool{
		"localhost":        true,
		"LOCALHOST.":       true,
		"127.0.0.1":        true,
		"127.255.0.9":      true,
		"::1":              true,
		"::ffff:127.0.0.1": true,
		"10.0.0.1":         false,
		"localhost.evil":   false,
		"smtp.local":       false,
		"":                 false,
	}
	for host, want := range cases {
		if got := mail.IsLocalHost(host); got != want {
			t.Errorf("IsLocalHost(%q): got %v, want %v", host, got, want)
		}
	}
}
