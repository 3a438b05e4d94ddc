package mail_test

import (
	"context"
	"encoding/base64"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	netmail "net/mail"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"clinicadmin/mail"
	"clinicadmin/mail/mailtest"
)

// testMessage has a non-ASCII name and subject and both body forms.
var testMessage = mail.Message{
	To:      "patient@example.org",
	ToName:  "Zoë Patient",
	Subject: "Réinitialiser votre mot de passe",
	Text:    "Hello Zoë,\nopen the link to set a new password.\n",
	HTML:    "<p>Hello Zoë,</p><p>open the link to set a new password.</p>",
}

func TestSend(t *testing.T) {
	for _, sec := range []mail.Security{mail.SecurityTLS, mail.SecuritySTARTTLS} {
		t.Run("OK/"+sec.String(), func(t *testing.T) {
			srv := mailtest.Start(t, mailtest.Options{ImplicitTLS: sec == mail.SecurityTLS})
			if err := mail.Send(context.Background(), config(srv, sec), testMessage); err != nil {
				t.Fatalf("got %v, want nil", err)
			}
			assertDelivered(t, srv, testMessage)
			if got, want := srv.AuthCalls(), 1; got != want {
				t.Errorf("got %v AUTH, want %v", got, want)
			}
		})
	}

	t.Run("OKLogin", func(t *testing.T) {
		srv := mailtest.Start(t, mailtest.Options{Mechanisms: []string{"LOGIN"}})
		err := mail.Send(context.Background(), config(srv, mail.SecuritySTARTTLS), testMessage)
		if err != nil {
			t.Fatalf("got %v, want nil", err)
		}
		assertDelivered(t, srv, testMessage)
	})

	t.Run("OKNoneOnThisPC", func(t *testing.T) {
		srv := mailtest.Start(t, mailtest.Options{NoSTARTTLS: true})
		err := mail.Send(context.Background(), config(srv, mail.SecurityNone), testMessage)
		if err != nil {
			t.Fatalf("got %v, want nil", err)
		}
		assertDelivered(t, srv, testMessage)
	})

	t.Run("OKWithoutSignIn", func(t *testing.T) {
		srv := mailtest.Start(t, mailtest.Options{})
		cfg := config(srv, mail.SecuritySTARTTLS)
		cfg.Username, cfg.Password = "", ""
		if err := mail.Send(context.Background(), cfg, testMessage); err != nil {
			t.Fatalf("got %v, want nil", err)
		}
		if got, want := srv.AuthCalls(), 0; got != want {
			t.Errorf("got %v AUTH, want %v", got, want)
		}
		assertDelivered(t, srv, testMessage)
	})

	t.Run("OKTextOnly", func(t *testing.T) {
		srv := mailtest.Start(t, mailtest.Options{})
		msg := testMessage
		msg.HTML = ""
		if err := mail.Send(context.Background(), config(srv, mail.SecuritySTARTTLS), msg); err != nil {
			t.Fatalf("got %v, want nil", err)
		}
		assertDelivered(t, srv, msg)
	})
}

func TestSend_STARTTLS(t *testing.T) {
	t.Run("ErrNoSTARTTLS", func(t *testing.T) {
		srv := mailtest.Start(t, mailtest.Options{NoSTARTTLS: true})
		err := mail.Send(context.Background(), config(srv, mail.SecuritySTARTTLS), testMessage)

		se := mustSendError(t, err)
		if !errors.Is(err, mail.ErrNoSTARTTLS) {
			t.Errorf("got %v, want ErrNoSTARTTLS", se.Err)
		}
		want := "The mail server does not offer STARTTLS; the password was not sent."
		if got := err.Error(); got != want {
			t.Errorf("got %q, want %q", got, want)
		}
		if mail.IsTemporary(err) {
			t.Errorf("got temporary, want permanent")
		}
		assertNothingSent(t, srv)
	})
}

func TestSend_Auth(t *testing.T) {
	t.Run("ErrAuth", func(t *testing.T) {
		srv := mailtest.Start(t, mailtest.Options{RefuseAuth: true, ImplicitTLS: true})
		err := mail.Send(context.Background(), config(srv, mail.SecurityTLS), testMessage)

		se := mustSendError(t, err)
		if !errors.Is(err, mail.ErrAuth) {
			t.Errorf("got %v, want ErrAuth", se.Err)
		}
		if got, want := se.Code, 535; got != want {
			t.Errorf("got code %v, want %v", got, want)
		}
		want := "The mail server refused the user name or password."
		if got := err.Error(); got != want {
			t.Errorf("got %q, want %q", got, want)
		}
		if mail.IsTemporary(err) {
			t.Errorf("got temporary, want permanent")
		}
		if got := len(srv.Messages()); got != 0 {
			t.Errorf("got %v messages, want 0", got)
		}
	})

	t.Run("ErrAuthPasswordEchoed", func(t *testing.T) {
		plain := base64.StdEncoding.EncodeToString(
			[]byte("\x00" + mailtest.User + "\x00" + mailtest.Password))
		srv := mailtest.Start(t, mailtest.Options{
			RefuseAuth:  true,
			ImplicitTLS: true,
			AuthReply:   "bad credentials " + mailtest.Password + " " + plain,
		})
		err := mail.Send(context.Background(), config(srv, mail.SecurityTLS), testMessage)

		se := mustSendError(t, err)
		for _, text := range []string{err.Error(), se.Reason, se.Err.Error()} {
			if strings.Contains(text, mailtest.Password) || strings.Contains(text, plain) {
				t.Errorf("got %q, want no password", text)
			}
		}
		reason := se.Reason
		if !strings.HasPrefix(reason, "535 ") || !strings.Contains(reason, "credentials [hidden]") {
			t.Errorf("got reason %q, want the server's text, redacted", se.Reason)
		}
	})
}

func TestSend_Refused(t *testing.T) {
	t.Run("ErrRejected550", func(t *testing.T) {
		srv := mailtest.Start(t, mailtest.Options{RcptErr: &smtp.SMTPError{
			Code:         550,
			EnhancedCode: smtp.EnhancedCode{5, 1, 1},
			Message:      "mailbox unavailable",
		}})
		err := mail.Send(context.Background(), config(srv, mail.SecuritySTARTTLS), testMessage)

		se := mustSendError(t, err)
		if !errors.Is(err, mail.ErrRejected) || se.Code != 550 {
			t.Errorf("got %v (code %v), want ErrRejected 550", se.Err, se.Code)
		}
		if got, want := se.Reason, "550 5.1.1 mailbox unavailable"; got != want {
			t.Errorf("got reason %q, want %q", got, want)
		}
		want := "The mail server refused the message: 550 5.1.1 mailbox unavailable."
		if got := err.Error(); got != want {
			t.Errorf("got %q, want %q", got, want)
		}
		if mail.IsTemporary(err) {
			t.Errorf("got temporary, want permanent")
		}
	})

	t.Run("ErrRejected451", func(t *testing.T) {
		srv := mailtest.Start(t, mailtest.Options{DataErr: &smtp.SMTPError{
			Code:         451,
			EnhancedCode: smtp.EnhancedCode{4, 3, 0},
			Message:      "try again later",
		}})
		err := mail.Send(context.Background(), config(srv, mail.SecuritySTARTTLS), testMessage)

		se := mustSendError(t, err)
		if got, want := se.Code, 451; got != want {
			t.Errorf("got code %v, want %v", got, want)
		}
		if !mail.IsTemporary(err) {
			t.Errorf("got permanent, want temporary: %v", err)
		}
		if !strings.Contains(err.Error(), "451 4.3.0 try again later") {
			t.Errorf("got %q, want the server's reply in it", err.Error())
		}
	})
}

func TestSend_TLS(t *testing.T) {
	t.Run("ErrTLSUntrusted", func(t *testing.T) {
		for _, sec := range []mail.Security{mail.SecurityTLS, mail.SecuritySTARTTLS} {
			srv := mailtest.Start(t, mailtest.Options{ImplicitTLS: sec == mail.SecurityTLS})
			cfg := config(srv, sec)
			cfg.TLSConfig = nil // the system's roots do not know the test CA
			err := mail.Send(context.Background(), cfg, testMessage)

			assertTLSError(t, err, "not signed by an authority this PC trusts")
			assertNothingSent(t, srv)
		}
	})

	t.Run("ErrTLSOtherName", func(t *testing.T) {
		srv := mailtest.Start(t, mailtest.Options{CertIP: net.ParseIP("10.9.8.7")})
		err := mail.Send(context.Background(), config(srv, mail.SecuritySTARTTLS), testMessage)

		assertTLSError(t, err, "for another server name")
		assertNothingSent(t, srv)
	})

	t.Run("ErrTLSWrongPort", func(t *testing.T) {
		srv := mailtest.Start(t, mailtest.Options{}) // STARTTLS, not implicit TLS
		err := mail.Send(context.Background(), config(srv, mail.SecurityTLS), testMessage)

		assertTLSError(t, err, "did not answer with TLS")
	})
}

func TestSend_Deadlines(t *testing.T) {
	secs := []mail.Security{mail.SecurityTLS, mail.SecuritySTARTTLS, mail.SecurityNone}
	for _, sec := range secs {
		t.Run("ErrTimeout/"+sec.String(), func(t *testing.T) {
			t.Parallel()
			cfg := silentConfig(t, sec)
			cfg.Timeout = time.Second

			start := time.Now()
			err := mail.Send(context.Background(), cfg, testMessage)
			elapsed := time.Since(start)

			if elapsed > 3*time.Second {
				t.Errorf("got %v, want at most 3s", elapsed)
			}
			if !errors.Is(err, mail.ErrTimeout) || !mail.IsTemporary(err) {
				t.Errorf("got %v, want a temporary ErrTimeout", err)
			}
			want := "The mail server did not answer within 1s."
			if got := err.Error(); got != want {
				t.Errorf("got %q, want %q", got, want)
			}
		})
	}

	t.Run("ErrCancelled", func(t *testing.T) {
		t.Parallel()
		cfg := silentConfig(t, mail.SecuritySTARTTLS)
		cfg.Timeout = time.Minute
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(100*time.Millisecond, cancel)

		start := time.Now()
		err := mail.Send(ctx, cfg, testMessage)
		elapsed := time.Since(start)

		if elapsed > 2*time.Second {
			t.Errorf("got %v, want at most 2s", elapsed)
		}
		if !errors.Is(err, context.Canceled) || !mail.IsTemporary(err) {
			t.Errorf("got %v, want a temporary context.Canceled", err)
		}
	})
}

func TestSend_Connect(t *testing.T) {
	t.Run("ErrConnect", func(t *testing.T) {
		cfg := config(&mailtest.Server{Port: mailtest.ClosedPort(t)}, mail.SecurityTLS)
		err := mail.Send(context.Background(), cfg, testMessage)

		if !errors.Is(err, mail.ErrConnect) || !mail.IsTemporary(err) {
			t.Fatalf("got %v, want a temporary ErrConnect", err)
		}
		want := "Could not connect to the mail server at " + cfgAddr(cfg) + ": "
		if got := err.Error(); !strings.HasPrefix(got, want) {
			t.Errorf("got %q, want it to start with %q", got, want)
		}
	})
}

func TestSend_Refuses(t *testing.T) {
	t.Run("ErrHeader", func(t *testing.T) {
		srv := mailtest.Start(t, mailtest.Options{})
		cases := []struct {
			field string
			edit  func(*mail.Message)
			want  string
		}{
			{"ToName", func(m *mail.Message) { m.ToName = "Zoë\r\nBcc: x@example.org" },
				"Recipient name must not contain a line break."},
			{"Subject", func(m *mail.Message) { m.Subject = "Hello\nBcc: x@example.org" },
				"Subject must not contain a line break."},
		}
		for _, c := range cases {
			msg := testMessage
			c.edit(&msg)
			err := mail.Send(context.Background(), config(srv, mail.SecurityTLS), msg)

			var he *mail.HeaderError
			if !errors.As(err, &he) || he.Field != c.field {
				t.Fatalf("got %v, want a HeaderError for %v", err, c.field)
			}
			if got := err.Error(); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		}
		if got := srv.Sessions(); got != 0 {
			t.Errorf("got %v sessions, want 0", got)
		}
	})

	t.Run("ErrNoneToOtherHost", func(t *testing.T) {
		cfg := config(&mailtest.Server{Port: 25}, mail.SecurityNone)
		cfg.Host = "smtp.example.org"
		err := mail.Send(context.Background(), cfg, testMessage)

		var ce *mail.ConfigError
		if !errors.As(err, &ce) || ce.Field != "Security" {
			t.Errorf("got %v, want a ConfigError for Security", err)
		}
	})
}

func TestSendTest(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		srv := mailtest.Start(t, mailtest.Options{})
		cfg := config(srv, mail.SecuritySTARTTLS)
		reply, err := mail.SendTest(context.Background(), cfg)
		if err != nil {
			t.Fatalf("got %v, want nil", err)
		}
		if !strings.HasPrefix(reply, "250 ") {
			t.Errorf("got %q, want the server's 250 reply", reply)
		}

		got := srv.Messages()
		if len(got) != 1 || got[0].To[0] != cfg.FromAddress {
			t.Errorf("got %v, want one message to %v", got, cfg.FromAddress)
		}
	})
}

// config returns settings that reach srv, with five seconds for each step
// rather than mailtest's one, for slow runs under the race detector.
func config(srv *mailtest.Server, sec mail.Security) mail.Config {
	cfg := srv.Config(sec)
	cfg.Timeout = 5 * time.Second
	return cfg
}

func silentConfig(t *testing.T, sec mail.Security) mail.Config {
	t.Helper()
	return config(&mailtest.Server{Port: mailtest.StartSilent(t)}, sec)
}

func cfgAddr(cfg mail.Config) string {
	return net.JoinHostPort(cfg.Host, strconv.Itoa(cfg.Port))
}

func mustSendError(t *testing.T, err error) *mail.SendError {
	t.Helper()
	var se *mail.SendError
	if !errors.As(err, &se) {
		t.Fatalf("got %v (%T), want a *mail.SendError", err, err)
	}
	return se
}

func assertTLSError(t *testing.T, err error, want string) {
	t.Helper()
	if !errors.Is(err, mail.ErrTLS) || mail.IsTemporary(err) {
		t.Fatalf("got %v, want a permanent ErrTLS", err)
	}
	if !strings.Contains(err.Error(), want) {
		t.Errorf("got %q, want it to say %q", err.Error(), want)
	}
}

func assertNothingSent(t *testing.T, srv *mailtest.Server) {
	t.Helper()
	if got := srv.AuthCalls(); got != 0 {
		t.Errorf("got %v AUTH, want 0", got)
	}
	if got := len(srv.Messages()); got != 0 {
		t.Errorf("got %v messages, want 0", got)
	}
}

// assertDelivered checks that srv got exactly msg, from the test sender.
func assertDelivered(t *testing.T, srv *mailtest.Server, msg mail.Message) {
	t.Helper()
	got := srv.Messages()
	if len(got) != 1 {
		t.Fatalf("got %v messages, want 1", len(got))
	}
	if got[0].From != "desk@clinic.example" {
		t.Errorf("got envelope from %v, want desk@clinic.example", got[0].From)
	}
	if len(got[0].To) != 1 || got[0].To[0] != msg.To {
		t.Errorf("got envelope to %v, want [%v]", got[0].To, msg.To)
	}

	parsed, err := netmail.ReadMessage(strings.NewReader(string(got[0].Data)))
	if err != nil {
		t.Fatal(err)
	}
	assertHeaders(t, parsed.Header, msg)
	text, html := readBody(t, parsed)
	if text != msg.Text {
		t.Errorf("got text %q, want %q", text, msg.Text)
	}
	if html != msg.HTML {
		t.Errorf("got HTML %q, want %q", html, msg.HTML)
	}
}

func assertHeaders(t *testing.T, h netmail.Header, msg mail.Message) {
	t.Helper()
	subject, err := new(mime.WordDecoder).DecodeHeader(h.Get("Subject"))
	if err != nil || subject != msg.Subject {
		t.Errorf("got subject %q (%v), want %q", subject, err, msg.Subject)
	}
	to, err := h.AddressList("To")
	if err != nil || len(to) != 1 || to[0].Address != msg.To || to[0].Name != msg.ToName {
		t.Errorf("got To %v (%v), want %v <%v>", to, err, msg.ToName, msg.To)
	}
	from, err := h.AddressList("From")
	if err != nil || len(from) != 1 || from[0].Name != "Clinic Front Desk" {
		t.Errorf("got From %v (%v), want Clinic Front Desk", from, err)
	}
	for _, name := range []string{"Date", "Message-Id"} {
		if h.Get(name) == "" {
			t.Errorf("got no %v header, want one", name)
		}
	}
}

// readBody returns the text and HTML forms of a message, either alone or
// as the parts of a multipart/alternative body.
func readBody(t *testing.T, m *netmail.Message) (text, html string) {
	t.Helper()
	mediaType, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(mediaType, "multipart/") {
		return readPart(t, m.Header.Get("Content-Transfer-Encoding"), m.Body), ""
	}
	if mediaType != "multipart/alternative" {
		t.Fatalf("got %v, want multipart/alternative", mediaType)
	}

	parts := multipart.NewReader(m.Body, params["boundary"])
	for {
		p, err := parts.NextPart()
		if err == io.EOF {
			return text, html
		}
		if err != nil {
			t.Fatal(err)
		}
		partType, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		body := readPart(t, "", p) // NextPart undoes quoted-printable
		switch partType {
		case "text/plain":
			text = body
		case "text/html":
			html = body
		}
	}
}

func readPart(t *testing.T, encoding string, r io.Reader) string {
	t.Helper()
	if encoding == "quoted-printable" {
		r = quotedprintable.NewReader(r)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return strings.ReplaceAll(string(b), "\r\n", "\n")
}
