package mail_test

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"clinicadmin/data"
	"clinicadmin/mail"
	"clinicadmin/mail/mailtest"
)

var t0 = time.Date(2025, 3, 4, 9, 0, 0, 0, time.UTC)

const resetTemplate = "https://portal.example.org/reset?token={token}"

// clock is a settable clock for the store and the outbox.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// fixture is a store on a fresh file, a clock at t0 and an outbox whose
// exchanges time out after one second.
type fixture struct {
	store  *data.Store
	clock  *clock
	outbox *mail.Outbox
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	s, err := data.Open(ctx, filepath.Join(t.TempDir(), "clinic.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	s.SetActor("tester")
	c := &clock{t: t0}
	s.SetClock(c.Now)
	return &fixture{store: s, clock: c}
}

// useServer saves settings that reach srv with sec and makes the outbox.
func (f *fixture) useServer(t *testing.T, srv *mailtest.Server, sec mail.Security) {
	t.Helper()
	set := data.DefaultSettings()
	set.ClinicName = "Sunny Clinic"
	set.SMTPHost, set.SMTPPort, set.SMTPSecurity = "127.0.0.1", srv.Port, sec.Setting()
	set.SMTPUser, set.SMTPPassword = mailtest.User, mailtest.Password
	set.FromName, set.FromAddress = "Clinic Front Desk", "desk@clinic.example"
	set.ResetURLTemplate = resetTemplate
	if err := f.store.SaveSettings(context.Background(), set); err != nil {
		t.Fatal(err)
	}
	f.outbox = mail.NewOutbox(f.store, mail.OutboxOptions{
		Now:       f.clock.Now,
		Timeout:   time.Second,
		TLSConfig: srv.TLSConfig(),
	})
}

// usePort is useServer for a port with no real server behind it.
func (f *fixture) usePort(t *testing.T, port int) {
	t.Helper()
	f.useServer(t, &mailtest.Server{Port: port}, mail.SecuritySTARTTLS)
}

func (f *fixture) member(t *testing.T, n string) data.Member {
	t.Helper()
	ctx := context.Background()
	rooms, err := f.store.ListRooms(ctx)
	if err != nil {
		t.Fatal(err)
	}
	m, err := f.store.CreateMember(ctx, data.MemberInput{
		RoomID:    rooms[0].ID,
		Username:  "ann" + n,
		Email:     "ann" + n + "@example.org",
		FirstName: "Ann" + n,
		LastName:  "Lee",
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func (f *fixture) enqueue(t *testing.T, m data.Member, kind data.MailKind) int64 {
	t.Helper()
	id, err := f.store.EnqueueMail(context.Background(), m.ID, kind)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func (f *fixture) runOnce(t *testing.T, want mail.Tally) {
	t.Helper()
	got, err := f.outbox.RunOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

func (f *fixture) mail(t *testing.T, id int64) data.Mail {
	t.Helper()
	m, err := f.store.GetMail(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// assertWaiting checks that email id waits with a reason holding reason,
// after attempts tries, until next.
func (f *fixture) assertWaiting(t *testing.T, id int64, reason string, attempts int,
	next time.Time) {
	t.Helper()
	m := f.mail(t, id)
	if m.State != data.MailQueued || m.Attempts != attempts || !m.NextAttemptAt.Equal(next) {
		t.Errorf("got %s after %d tries, next %v, want waiting after %d, next %v",
			m.State, m.Attempts, m.NextAttemptAt, attempts, next)
	}
	if !strings.Contains(m.LastError, reason) {
		t.Errorf("got reason %q, want it to hold %q", m.LastError, reason)
	}
	f.assertListed(t, id)
}

// assertFailed checks that email id failed with exactly reason.
func (f *fixture) assertFailed(t *testing.T, id int64, reason string) {
	t.Helper()
	m := f.mail(t, id)
	if m.State != data.MailFailed || m.LastError != reason {
		t.Errorf("got %s %q, want failed %q", m.State, m.LastError, reason)
	}
	f.assertListed(t, id)
}

// assertListed checks that the Outbox view would show email id.
func (f *fixture) assertListed(t *testing.T, id int64) {
	t.Helper()
	list, err := f.store.ListOutbox(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range list {
		if m.ID == id {
			return
		}
	}
	t.Errorf("got email %d missing from the outbox list, want it there", id)
}

// assertNoLinkSent checks that member m has no link that went out.
func (f *fixture) assertNoLinkSent(t *testing.T, m data.Member) {
	t.Helper()
	info, err := f.store.LastReset(context.Background(), m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !info.SentAt.IsZero() {
		t.Errorf("got a link sent at %v, want none", info.SentAt)
	}
}

var linkPattern = regexp.MustCompile(`https://portal\.example\.org/reset\?token=([A-Za-z0-9_-]+)`)

// receivedLink returns the one message srv got, parsed, and the token of the
// link in its text part.
func receivedLink(t *testing.T, srv *mailtest.Server) (mailtest.Message, mailtest.Parsed, string) {
	t.Helper()
	msgs := srv.Messages()
	if len(msgs) != 1 {
		t.Fatalf("got %d messages, want 1", len(msgs))
	}
	p, err := msgs[0].Parse()
	if err != nil {
		t.Fatal(err)
	}
	match := linkPattern.FindStringSubmatch(p.Text)
	if match == nil {
		t.Fatalf("got text %q, want a reset link in it", p.Text)
	}
	return msgs[0], p, match[1]
}

func TestOutbox_Reset(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name string
		opts mailtest.Options
		sec  mail.Security
	}{
		{"OK/ImplicitTLS", mailtest.Options{ImplicitTLS: true}, mail.SecurityTLS},
		{"OK/STARTTLS", mailtest.Options{}, mail.SecuritySTARTTLS},
		{"OK/AuthLogin", mailtest.Options{Mechanisms: []string{"LOGIN"}}, mail.SecuritySTARTTLS},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t)
			srv := mailtest.Start(t, c.opts)
			f.useServer(t, srv, c.sec)
			m := f.member(t, "1")
			id := f.enqueue(t, m, data.MailReset)

			f.runOnce(t, mail.Tally{Sent: 1})

			raw, p, token := receivedLink(t, srv)
			if len(raw.To) != 1 || raw.To[0] != m.Email {
				t.Errorf("got envelope to %v, want [%v]", raw.To, m.Email)
			}
			if len(p.To) != 1 || p.To[0].Address != m.Email || p.To[0].Name != "Ann1 Lee" {
				t.Errorf("got To %v, want Ann1 Lee <%v>", p.To, m.Email)
			}
			if want := "Reset your password for Sunny Clinic"; p.Subject != want {
				t.Errorf("got subject %q, want %q", p.Subject, want)
			}
			if !strings.Contains(p.Text, "expires in 24 hours") ||
				!strings.Contains(p.HTML, token) {
				t.Errorf("got text %q and HTML %q, want the lifetime and the link", p.Text, p.HTML)
			}
			if got := srv.AuthCalls(); got != 1 {
				t.Errorf("got %d AUTH, want 1", got)
			}

			got, err := f.store.RedeemToken(ctx, token, "a new long password 1")
			if err != nil || got != m.ID {
				t.Fatalf("got %v, %v, want %v, nil", got, err, m.ID)
			}
			_, err = f.store.RedeemToken(ctx, token, "another long password 2")
			if !errors.Is(err, data.ErrTokenUsed) {
				t.Errorf("got %v, want ErrTokenUsed", err)
			}

			sent := f.mail(t, id)
			if sent.State != data.MailSent || !sent.SentAt.Equal(t0) || sent.ToAddress != "" {
				t.Errorf("got %+v, want sent at %v with no address kept", sent, t0)
			}
		})
	}
}

func TestOutbox_Welcome(t *testing.T) {
	f := newFixture(t)
	srv := mailtest.Start(t, mailtest.Options{})
	f.useServer(t, srv, mail.SecuritySTARTTLS)
	m := f.member(t, "1")
	f.enqueue(t, m, data.MailWelcome)

	f.runOnce(t, mail.Tally{Sent: 1})

	_, p, token := receivedLink(t, srv)
	if want := "Welcome to Sunny Clinic: set your password"; p.Subject != want {
		t.Errorf("got subject %q, want %q", p.Subject, want)
	}
	_, err := f.store.RedeemToken(context.Background(), token, "a new long password 1")
	if err != nil {
		t.Errorf("got %v, want the welcome link to set the password", err)
	}
}

// TestOutbox_LifetimeFromSend holds the server for two hours of the
// clock between the link's issue and the server's acceptance.
func TestOutbox_LifetimeFromSend(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	srv := mailtest.Start(t, mailtest.Options{OnData: func() { f.clock.Add(2 * time.Hour) }})
	f.useServer(t, srv, mail.SecuritySTARTTLS)
	m := f.member(t, "1")
	f.enqueue(t, m, data.MailReset)

	f.runOnce(t, mail.Tally{Sent: 1})
	_, _, token := receivedLink(t, srv)

	info, err := f.store.LastReset(ctx, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	sentAt := t0.Add(2 * time.Hour)
	if !info.SentAt.Equal(sentAt) || !info.ExpiresAt.Equal(sentAt.Add(24*time.Hour)) {
		t.Errorf("got sent %v, expires %v, want %v, %v", info.SentAt, info.ExpiresAt,
			sentAt, sentAt.Add(24*time.Hour))
	}

	// 25 hours after the issue, 23 after the send: still good.
	f.clock.Set(t0.Add(25 * time.Hour))
	if _, err := f.store.RedeemToken(ctx, token, "a new long password 1"); err != nil {
		t.Errorf("got %v, want the link good for 24 hours from the send", err)
	}
}

func TestOutbox_Expired(t *testing.T) {
	f := newFixture(t)
	srv := mailtest.Start(t, mailtest.Options{})
	f.useServer(t, srv, mail.SecuritySTARTTLS)
	f.enqueue(t, f.member(t, "1"), data.MailReset)
	f.runOnce(t, mail.Tally{Sent: 1})
	_, _, token := receivedLink(t, srv)

	f.clock.Set(t0.Add(24 * time.Hour))
	_, err := f.store.RedeemToken(context.Background(), token, "a new long password 1")
	if !errors.Is(err, data.ErrTokenExpired) {
		t.Errorf("got %v, want ErrTokenExpired", err)
	}
}

func TestOutbox_Permanent(t *testing.T) {
	cases := []struct {
		name   string
		opts   mailtest.Options
		sec    mail.Security
		reason string
		auth   int
	}{
		{"ErrNoSTARTTLS", mailtest.Options{NoSTARTTLS: true}, mail.SecuritySTARTTLS,
			"The mail server does not offer STARTTLS; the password was not sent.", 0},
		{"ErrAuth", mailtest.Options{RefuseAuth: true}, mail.SecuritySTARTTLS,
			"The mail server refused the user name or password.", 1},
		{"Err550", mailtest.Options{RcptErr: mailtest.Reply(550, "mailbox unavailable")},
			mail.SecurityTLS, "The mail server refused the message: 550 5.0.0 mailbox unavailable.", 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t)
			c.opts.ImplicitTLS = c.sec == mail.SecurityTLS
			srv := mailtest.Start(t, c.opts)
			f.useServer(t, srv, c.sec)
			m := f.member(t, "1")
			id := f.enqueue(t, m, data.MailReset)

			f.runOnce(t, mail.Tally{Failed: 1})

			f.assertFailed(t, id, c.reason)
			f.assertNoLinkSent(t, m)
			if got := srv.AuthCalls(); got != c.auth {
				t.Errorf("got %d AUTH, want %d", got, c.auth)
			}
			if got := len(srv.Messages()); got != 0 {
				t.Errorf("got %d messages, want 0", got)
			}
			f.clock.Add(2 * time.Hour)
			f.runOnce(t, mail.Tally{}) // failed for good: not tried again
		})
	}
}

func TestOutbox_Temporary(t *testing.T) {
	t.Run("Err451ThenOK", func(t *testing.T) {
		f := newFixture(t)
		srv := mailtest.Start(t, mailtest.Options{DataErr: mailtest.Reply(451, "try again later")})
		f.useServer(t, srv, mail.SecuritySTARTTLS)
		m := f.member(t, "1")
		id := f.enqueue(t, m, data.MailReset)

		f.runOnce(t, mail.Tally{Waiting: 1})
		reason := "The mail server refused the message for now: 451 4.0.0 try again later."
		f.assertWaiting(t, id, reason, 1, t0.Add(time.Minute))
		f.assertNoLinkSent(t, m)

		f.clock.Set(t0.Add(59 * time.Second))
		f.runOnce(t, mail.Tally{}) // not due yet
		f.clock.Set(t0.Add(time.Minute))
		f.runOnce(t, mail.Tally{Waiting: 1})
		f.assertWaiting(t, id, reason, 2, t0.Add(3*time.Minute))

		srv.Update(func(o *mailtest.Options) { o.DataErr = nil })
		f.clock.Set(t0.Add(3 * time.Minute))
		f.runOnce(t, mail.Tally{Sent: 1})
		_, _, token := receivedLink(t, srv)
		if _, err := f.store.RedeemToken(context.Background(), token, "a long password 1"); err != nil {
			t.Errorf("got %v, want the link of the third try to work", err)
		}
	})

	t.Run("ErrConnect", func(t *testing.T) {
		f := newFixture(t)
		f.usePort(t, mailtest.ClosedPort(t))
		id := f.enqueue(t, f.member(t, "1"), data.MailReset)

		f.runOnce(t, mail.Tally{Waiting: 1})
		f.assertWaiting(t, id, "Could not connect to the mail server at 127.0.0.1:", 1,
			t0.Add(time.Minute))
	})

	t.Run("ErrTimeout", func(t *testing.T) {
		f := newFixture(t)
		f.usePort(t, mailtest.StartSilent(t))
		id := f.enqueue(t, f.member(t, "1"), data.MailReset)

		start := time.Now()
		f.runOnce(t, mail.Tally{Waiting: 1})
		if elapsed := time.Since(start); elapsed > 3*time.Second {
			t.Errorf("got %v, want at most 3s", elapsed)
		}
		f.assertWaiting(t, id, "The mail server did not answer within 1s.", 1,
			t0.Add(time.Minute))
	})

	t.Run("ErrSettingsIncomplete", func(t *testing.T) {
		f := newFixture(t)
		f.outbox = mail.NewOutbox(f.store, mail.OutboxOptions{Now: f.clock.Now})
		m := f.member(t, "1")
		id := f.enqueue(t, m, data.MailReset)

		f.runOnce(t, mail.Tally{Waiting: 1})
		f.assertWaiting(t, id, "The mail settings need attention: Server is required.", 1,
			t0.Add(time.Minute))
		entries, err := f.store.AuditEntries(context.Background(),
			data.AuditFilter{Action: "token.issue"})
		if err != nil || len(entries) != 0 {
			t.Errorf("got %d links issued (%v), want none", len(entries), err)
		}
	})
}

func TestOutbox_Refused(t *testing.T) {
	ctx := context.Background()
	t.Run("ErrLineBreakInName", func(t *testing.T) {
		f := newFixture(t)
		srv := mailtest.Start(t, mailtest.Options{})
		f.useServer(t, srv, mail.SecuritySTARTTLS)
		m := f.member(t, "1")

		// The store refuses the name ...
		in := data.MemberInput{RoomID: m.RoomID, Username: m.Username, Email: m.Email,
			FirstName: "Ann\r\nBcc: eve@example.org", LastName: "Lee"}
		var fe *data.FieldError
		if _, err := f.store.UpdateMember(ctx, m.ID, in); !errors.As(err, &fe) {
			t.Fatalf("got %v, want a FieldError", err)
		}

		// ... and a name written behind its back is refused again.
		mustExec(t, f.store.Path(), "UPDATE members SET first_name = ? WHERE id = ?",
			in.FirstName, m.ID)
		id := f.enqueue(t, m, data.MailReset)
		f.runOnce(t, mail.Tally{Failed: 1})

		f.assertFailed(t, id, "Recipient name must not contain a line break.")
		if len(srv.Messages()) != 0 || srv.AuthCalls() != 0 {
			t.Errorf("got a session with the server, want none")
		}
	})

	t.Run("ErrSenderLineBreak", func(t *testing.T) {
		f := newFixture(t)
		set := data.DefaultSettings()
		set.FromName = "Front Desk\r\nBcc: eve@example.org"
		var fe *data.FieldError
		err := f.store.SaveSettings(ctx, set)
		if !errors.As(err, &fe) || fe.Field != data.FieldFromName {
			t.Errorf("got %v, want a FieldError for the sender name", err)
		}
	})

	t.Run("ErrSuspendedSinceQueued", func(t *testing.T) {
		f := newFixture(t)
		srv := mailtest.Start(t, mailtest.Options{})
		f.useServer(t, srv, mail.SecuritySTARTTLS)
		m := f.member(t, "1")
		id := f.enqueue(t, m, data.MailReset)
		if err := f.store.SetStatus(ctx, m.ID, data.StatusSuspended); err != nil {
			t.Fatal(err)
		}

		f.runOnce(t, mail.Tally{Failed: 1})
		f.assertFailed(t, id, "Suspended members get no reset emails.")
	})
}

// mustExec changes the database file at path directly, as another
// program could.
func mustExec(t *testing.T, path, query string, args ...any) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(query, args...); err != nil {
		t.Fatal(err)
	}
}

func TestOutbox_Deliver(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	srv := mailtest.Start(t, mailtest.Options{DataErr: mailtest.Reply(452, "mailbox full")})
	f.useServer(t, srv, mail.SecuritySTARTTLS)
	m := f.member(t, "1")
	id := f.enqueue(t, m, data.MailReset)

	got, err := f.outbox.Deliver(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if got.State != data.MailQueued || !strings.Contains(got.LastError, "452") {
		t.Errorf("got %s %q, want waiting with the 452", got.State, got.LastError)
	}

	// Deliver tries at once, even before the retry time.
	srv.Update(func(o *mailtest.Options) { o.DataErr = nil })
	if got, err = f.outbox.Deliver(ctx, id); err != nil || got.State != data.MailSent {
		t.Fatalf("got %s, %v, want sent", got.State, err)
	}
	if got, err = f.outbox.Deliver(ctx, id); err != nil || got.State != data.MailSent {
		t.Errorf("got %s, %v, want it left sent", got.State, err)
	}
	if n := len(srv.Messages()); n != 1 {
		t.Errorf("got %d messages, want 1", n)
	}
}

func TestOutbox_Run(t *testing.T) {
	t.Run("OKWake", func(t *testing.T) {
		f := newFixture(t)
		srv := mailtest.Start(t, mailtest.Options{})
		f.useServer(t, srv, mail.SecuritySTARTTLS)
		changed := make(chan struct{}, 10)
		f.outbox.Subscribe(func() { changed <- struct{}{} })
		stop := runOutbox(t, f.outbox)
		defer stop()

		id := f.enqueue(t, f.member(t, "1"), data.MailReset)
		f.outbox.Wake()
		waitFor(t, changed)
		if m := f.mail(t, id); m.State != data.MailSent {
			t.Errorf("got %s, want sent", m.State)
		}
	})

	t.Run("OKAtStart", func(t *testing.T) {
		f := newFixture(t)
		srv := mailtest.Start(t, mailtest.Options{})
		f.useServer(t, srv, mail.SecuritySTARTTLS)
		id := f.enqueue(t, f.member(t, "1"), data.MailReset)
		// The last try, before a restart, set the next one an hour away.
		err := f.store.MarkMailRetry(context.Background(), id, "busy", t0.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		changed := make(chan struct{}, 10)
		f.outbox.Subscribe(func() { changed <- struct{}{} })

		stop := runOutbox(t, f.outbox)
		defer stop()
		waitFor(t, changed)
		if m := f.mail(t, id); m.State != data.MailSent {
			t.Errorf("got %s, want sent at start", m.State)
		}
	})

	t.Run("ErrStopWhileHung", func(t *testing.T) {
		f := newFixture(t)
		f.usePort(t, mailtest.StartSilent(t))
		f.outbox = mail.NewOutbox(f.store, mail.OutboxOptions{Now: f.clock.Now,
			Timeout: time.Minute})
		id := f.enqueue(t, f.member(t, "1"), data.MailReset)

		stop := runOutbox(t, f.outbox)
		time.Sleep(200 * time.Millisecond)
		start := time.Now()
		stop()
		if elapsed := time.Since(start); elapsed > 2*time.Second {
			t.Errorf("got %v to stop, want at most 2s", elapsed)
		}
		f.assertWaiting(t, id, "Sending the email was stopped before it finished.", 1,
			t0.Add(time.Minute))
	})
}

// runOutbox runs o in the background; the function it returns stops it
// and waits until it has.
func runOutbox(t *testing.T, o *mail.Outbox) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		o.Run(ctx)
	}()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			<-done
		})
	}
	t.Cleanup(stop)
	return stop
}

func waitFor(t *testing.T, ch <-chan struct{}) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(5 * time.Second):
		t.Fatal("got nothing after 5s, want a change")
	}
}

func TestOutbox_SendTest(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		f := newFixture(t)
		srv := mailtest.Start(t, mailtest.Options{})
		f.useServer(t, srv, mail.SecuritySTARTTLS)

		reply, err := f.outbox.SendTest(ctx, srv.Config(mail.SecuritySTARTTLS))
		if err != nil || !strings.HasPrefix(reply, "250 ") {
			t.Fatalf("got %q, %v, want the server's 250", reply, err)
		}
		msgs := srv.Messages()
		if len(msgs) != 1 || msgs[0].To[0] != "desk@clinic.example" {
			t.Errorf("got %v, want one message to the sender address", msgs)
		}
		list, _ := f.store.ListOutbox(ctx)
		if len(list) != 0 {
			t.Errorf("got %d emails listed, want none", len(list))
		}
	})

	t.Run("ErrRefused", func(t *testing.T) {
		f := newFixture(t)
		srv := mailtest.Start(t, mailtest.Options{RefuseAuth: true})
		f.useServer(t, srv, mail.SecuritySTARTTLS)

		_, err := f.outbox.SendTest(ctx, srv.Config(mail.SecuritySTARTTLS))
		if !errors.Is(err, mail.ErrAuth) {
			t.Fatalf("got %v, want ErrAuth", err)
		}
		list, _ := f.store.ListOutbox(ctx)
		if len(list) != 1 || list[0].Kind != data.MailTest || list[0].State != data.MailFailed ||
			list[0].LastError != err.Error() {
			t.Errorf("got %+v, want the test email failed with %q", list, err)
		}
	})

	t.Run("ErrConfig", func(t *testing.T) {
		f := newFixture(t)
		f.usePort(t, mailtest.ClosedPort(t))
		cfg := mail.Config{Host: "", Port: 25, Security: mail.SecuritySTARTTLS}
		var ce *mail.ConfigError
		if _, err := f.outbox.SendTest(ctx, cfg); !errors.As(err, &ce) {
			t.Errorf("got %v, want a ConfigError", err)
		}
		if list, _ := f.store.ListOutbox(ctx); len(list) != 0 {
			t.Errorf("got %d emails, want none written", len(list))
		}
	})
}
