package mail_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"clinicadmin/data"
	"clinicadmin/mail"
)

func TestLifetimeWords(t *testing.T) {
	cases := map[time.Duration]string{
		15 * time.Minute:             "15 minutes",
		time.Minute:                  "1 minute",
		time.Hour:                    "1 hour",
		90 * time.Minute:             "1 hour and 30 minutes",
		24 * time.Hour:               "24 hours",
		36 * time.Hour:               "36 hours",
		48 * time.Hour:               "2 days",
		7 * 24 * time.Hour:           "7 days",
		49*time.Hour + 5*time.Minute: "49 hours and 5 minutes",
		2*time.Hour + 59*time.Second: "2 hours",
		3*24*time.Hour + time.Hour:   "73 hours",
		72 * time.Hour:               "3 days",
	}
	for d, want := range cases {
		if got := mail.LifetimeWords(d); got != want {
			t.Errorf("LifetimeWords(%v): got %q, want %q", d, got, want)
		}
	}
}

func TestBuildLink(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		got, err := mail.BuildLink("https://portal.example.org/reset?token={token}", "abc_-1")
		if want := "https://portal.example.org/reset?token=abc_-1"; err != nil || got != want {
			t.Errorf("got %q, %v, want %q, nil", got, err, want)
		}
	})
	t.Run("ErrNoResetLink", func(t *testing.T) {
		for _, tmpl := range []string{"", "https://portal.example.org/reset"} {
			_, err := mail.BuildLink(tmpl, "abc")
			if !errors.Is(err, mail.ErrNoResetLink) {
				t.Errorf("got %v, want ErrNoResetLink", err)
			}
		}
		want := "Reset link must be set in Settings, with {token} where the token goes."
		if got := mail.ErrNoResetLink.Error(); got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	})
}

func TestRender(t *testing.T) {
	letter := mail.Letter{
		Kind:       data.MailReset,
		To:         "ann@example.org",
		ToName:     "Ann Lee",
		FirstName:  "Ann",
		ClinicName: "Sun & <Moon> Clinic",
		Link:       "https://portal.example.org/reset?token=abc&x=1",
		Lifetime:   24 * time.Hour,
	}
	t.Run("OKReset", func(t *testing.T) {
		msg, err := mail.Render(letter)
		if err != nil {
			t.Fatal(err)
		}
		if want := "Reset your password for Sun & <Moon> Clinic"; msg.Subject != want {
			t.Errorf("got subject %q, want %q", msg.Subject, want)
		}
		if msg.To != letter.To || msg.ToName != letter.ToName {
			t.Errorf("got %q <%q>, want the letter's", msg.ToName, msg.To)
		}
		for _, want := range []string{"Hello Ann,", letter.Link + "\n", "expires in 24 hours",
			"Sun & <Moon> Clinic"} {
			if !strings.Contains(msg.Text, want) {
				t.Errorf("got text %q, want it to hold %q", msg.Text, want)
			}
		}
		for _, want := range []string{`href="https://portal.example.org/reset?token=abc&amp;x=1"`,
			"Sun &amp; &lt;Moon&gt; Clinic", "expires in 24 hours"} {
			if !strings.Contains(msg.HTML, want) {
				t.Errorf("got HTML %q, want it to hold %q", msg.HTML, want)
			}
		}
		if err := msg.Validate(); err != nil {
			t.Errorf("got %v, want a valid message", err)
		}
	})
	t.Run("OKWelcome", func(t *testing.T) {
		l := letter
		l.Kind, l.Lifetime = data.MailWelcome, 7*24*time.Hour
		msg, err := mail.Render(l)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(msg.Subject, "Welcome to Sun & <Moon> Clinic") {
			t.Errorf("got subject %q, want a welcome", msg.Subject)
		}
		if !strings.Contains(msg.Text, "expires in 7 days") || !strings.Contains(msg.Text, l.Link) {
			t.Errorf("got text %q, want the link and its lifetime", msg.Text)
		}
	})
	t.Run("ErrKind", func(t *testing.T) {
		l := letter
		l.Kind = data.MailTest
		if _, err := mail.Render(l); err == nil {
			t.Errorf("got nil, want an error for a kind without templates")
		}
	})
}

func TestSecurityOf(t *testing.T) {
	for _, sec := range []mail.Security{mail.SecurityTLS, mail.SecuritySTARTTLS, mail.SecurityNone} {
		if got := mail.SecurityOf(sec.Setting()); got != sec {
			t.Errorf("got %v, want %v", got, sec)
		}
	}
	if got := mail.SecurityOf("ssl"); got != 0 {
		t.Errorf("got %v, want 0", got)
	}
	if got, want := mail.SecuritySTARTTLS.Setting(), data.SecurityStartTLS; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestRetryDelay(t *testing.T) {
	cases := map[int]time.Duration{
		1: time.Minute, 2: 2 * time.Minute, 3: 4 * time.Minute, 6: 32 * time.Minute,
		7: time.Hour, 8: time.Hour, 100: time.Hour,
	}
	for n, want := range cases {
		if got := mail.RetryDelay(n); got != want {
			t.Errorf("RetryDelay(%d): got %v, want %v", n, got, want)
		}
	}
}
