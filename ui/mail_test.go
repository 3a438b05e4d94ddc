package ui

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"clinicadmin/data"
	"clinicadmin/mail"
	"clinicadmin/mail/mailtest"
)

const testResetLink = "https://portal.example.org/reset?token={token}"

// useMailServer saves settings that reach srv and gives the window an
// outbox that trusts srv's certificate, times out after a second and
// stamps mail at testNow.
func (u *testUI) useMailServer(srv *mailtest.Server) {
	u.t.Helper()
	set := data.DefaultSettings()
	set.ClinicName = "Sunny Clinic"
	set.SMTPHost, set.SMTPPort = "127.0.0.1", srv.Port
	set.SMTPSecurity = data.SecurityStartTLS
	set.SMTPUser, set.SMTPPassword = mailtest.User, mailtest.Password
	set.FromName, set.FromAddress = "Clinic Front Desk", "desk@clinic.example"
	set.ResetURLTemplate = testResetLink
	if err := u.store.SaveSettings(context.Background(), set); err != nil {
		u.t.Fatal(err)
	}
	u.m.outbox = mail.NewOutbox(u.store, mail.OutboxOptions{
		Now:       func() time.Time { return testNow },
		Timeout:   time.Second,
		TLSConfig: srv.TLSConfig(),
	})
}

// showOutbox brings the Outbox view to the front.
func (u *testUI) showOutbox() {
	u.t.Helper()
	for _, item := range u.m.tabs.Items {
		if item.Content == u.m.mails.content {
			u.m.tabs.Select(item)
		}
	}
	u.settle()
}

// openOther opens Edit's Other tab on the member in row.
func openOther(t *testing.T, u *testUI, row int) *otherTab {
	t.Helper()
	v := openEdit(t, u, row)
	v.tabs.SelectIndex(2)
	u.settle()
	return v.other
}

func TestSendResetEmail(t *testing.T) {
	u := newTestUI(t)
	srv := mailtest.Start(t, mailtest.Options{})
	u.useMailServer(srv)
	_, bob, _ := threeMembers(u)
	o := openOther(t, u, 0) // Bob Jones
	if o.resetBtn.Disabled() {
		t.Fatalf("Send Reset Password Email is disabled: %q", o.resetWhy.Text)
	}

	test.Tap(o.resetBtn)
	u.settle()

	u.wantDialog("Reset email sent to the member.")
	want := "Last sent 2025-03-14 10:30; its link expires 2025-03-15 10:30."
	if got := o.lastReset.Text; got != want {
		t.Errorf("last reset: got %q, want %q", got, want)
	}
	msgs := srv.Messages()
	if len(msgs) != 1 || msgs[0].To[0] != bob.Email {
		t.Fatalf("got %d messages, want one to %s", len(msgs), bob.Email)
	}
	p, err := msgs[0].Parse()
	if err != nil {
		t.Fatal(err)
	}
	token := regexp.MustCompile(`token=([A-Za-z0-9_-]+)`).FindStringSubmatch(p.Text)
	if token == nil {
		t.Fatalf("got text %q, want a link", p.Text)
	}
	id, err := u.store.RedeemToken(context.Background(), token[1], "a new long password 1")
	if err != nil || id != bob.ID {
		t.Errorf("redeem: got %v, %v, want %v, nil", id, err, bob.ID)
	}
}

func TestSendResetEmail_Waiting(t *testing.T) {
	u := newTestUI(t)
	srv := mailtest.Start(t, mailtest.Options{DataErr: mailtest.Reply(451, "try again later")})
	u.useMailServer(srv)
	threeMembers(u)
	o := openOther(t, u, 0)

	test.Tap(o.resetBtn)
	u.settle()

	got := strings.Join(texts(u.topDialog()), " ")
	for _, want := range []string{"could not be sent yet",
		"451 4.0.0 try again later", "tried again at 2025-03-14 10:31"} {
		if !strings.Contains(got, want) {
			t.Errorf("the dialog says %q, want %q in it", got, want)
		}
	}
	if want := "No reset email has been sent."; o.lastReset.Text != want {
		t.Errorf("last reset: got %q, want %q", o.lastReset.Text, want)
	}

	u.m.closeTop()
	u.m.closeTop()
	u.showOutbox()
	if got, want := u.m.mails.line.Text, "1 waiting, 0 failed."; got != want {
		t.Errorf("outbox: got %q, want %q", got, want)
	}
}

func TestSendResetEmail_NotSetUp(t *testing.T) {
	u := newTestUI(t)
	threeMembers(u)
	o := openOther(t, u, 0)
	if !o.resetBtn.Disabled() || o.resetWhy.Text != mailNotReady {
		t.Errorf("got enabled %v, reason %q, want disabled with %q",
			!o.resetBtn.Disabled(), o.resetWhy.Text, mailNotReady)
	}
}

func TestSendResetEmail_Suspended(t *testing.T) {
	u := newTestUI(t)
	u.useMailServer(mailtest.Start(t, mailtest.Options{}))
	_, bob, _ := threeMembers(u)
	if err := u.store.SetStatus(context.Background(), bob.ID, data.StatusSuspended); err != nil {
		t.Fatal(err)
	}
	o := openOther(t, u, 0)
	if want := "Suspended members get no reset emails."; !o.resetBtn.Disabled() ||
		o.resetWhy.Text != want {
		t.Errorf("got enabled %v, reason %q, want disabled with %q",
			!o.resetBtn.Disabled(), o.resetWhy.Text, want)
	}
}

// TestSendResetEmail_SuspendedMeanwhile suspends the member behind the
// open Edit's back: the store still refuses.
func TestSendResetEmail_SuspendedMeanwhile(t *testing.T) {
	u := newTestUI(t)
	u.useMailServer(mailtest.Start(t, mailtest.Options{}))
	_, bob, _ := threeMembers(u)
	o := openOther(t, u, 0)
	if err := u.store.SetStatus(context.Background(), bob.ID, data.StatusSuspended); err != nil {
		t.Fatal(err)
	}

	test.Tap(o.resetBtn)
	u.settle()
	u.wantDialog("Suspended members get no reset emails.")
}

func TestCreateWithWelcome(t *testing.T) {
	u := newTestUI(t)
	u.useMailServer(mailtest.Start(t, mailtest.Options{}))
	v := openCreate(t, u)
	if v.welcome.Disabled() {
		t.Fatalf("the welcome check box is disabled: %q", v.hint.Text)
	}
	fillValid(v, "dora@example.org", "Dora", "Diaz")
	v.welcome.SetChecked(true)
	test.Tap(v.createBtn)
	u.settle()

	list, err := u.store.ListOutbox(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Kind != data.MailWelcome || list[0].MemberName != "Dora Diaz" {
		t.Errorf("got %+v, want one welcome email to Dora Diaz", list)
	}
}

func TestSettings(t *testing.T) {
	u := newTestUI(t)
	srv := mailtest.Start(t, mailtest.Options{})
	u.useMailServer(srv)
	v := newSettingsView(u.m.env)
	v.open()
	u.settle()
	if got := v.host.Text; got != "127.0.0.1" || v.security.Selected != "STARTTLS" ||
		v.lifetime.Selected != "24 hours" {
		t.Fatalf("got %q, %q, %q, want the saved settings", got, v.security.Selected,
			v.lifetime.Selected)
	}

	t.Run("SendTest", func(t *testing.T) {
		test.Tap(v.testBtn)
		u.settle()
		if !strings.Contains(v.answer.Text, "It answered: 250 ") {
			t.Errorf("got %q, want the server's answer", v.answer.Text)
		}
		if n := len(srv.Messages()); n != 1 {
			t.Errorf("got %d messages, want 1", n)
		}
	})
	t.Run("ErrSendTest", func(t *testing.T) {
		v.password.SetText("wrong")
		test.Tap(v.testBtn)
		u.settle()
		if want := "The mail server refused the user name or password."; v.answer.Text != want {
			t.Errorf("got %q, want %q", v.answer.Text, want)
		}
	})
	t.Run("ErrFields", func(t *testing.T) {
		v.resetURL.SetText("http://portal.example.org/reset")
		v.port.SetText("many")
		test.Tap(v.saveBtn)
		u.settle()
		want := "SMTP port must be a whole number.\nReset link must contain {token}."
		if v.msg.Text != want {
			t.Errorf("got %q, want %q", v.msg.Text, want)
		}
	})
	t.Run("Save", func(t *testing.T) {
		v.resetURL.SetText("https://portal.example.org/set?t={token}")
		v.port.SetText("2525")
		v.lifetime.SetSelected("7 days")
		test.Tap(v.saveBtn)
		u.settle()
		if v.msg.Text != "Saved." {
			t.Fatalf("got %q, want Saved.", v.msg.Text)
		}
		set, err := u.store.Settings(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if set.SMTPPort != 2525 || set.LinkLifetime != 7*24*time.Hour ||
			set.SMTPPassword != "wrong" || set.ResetURLTemplate != v.resetURL.Text {
			t.Errorf("got %+v, want the form's values", set)
		}
	})
}

func TestOutboxView(t *testing.T) {
	u := newTestUI(t)
	u.useMailServer(mailtest.Start(t, mailtest.Options{RefuseAuth: true}))
	_, bob, _ := threeMembers(u)
	ctx := context.Background()
	id, err := u.store.EnqueueMail(ctx, bob.ID, data.MailReset)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := u.m.outbox.RunOnce(ctx); err != nil {
		t.Fatal(err)
	}

	u.showOutbox()
	v := u.m.mails
	if got, want := v.line.Text, "0 waiting, 1 failed."; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
	for _, want := range []string{"Bob Jones", "Reset password", "Failed",
		"The mail server refused the user name or password."} {
		if !shows(v.list, want) {
			t.Errorf("got %q, want %q shown", texts(v.list), want)
		}
	}

	v.list.Select(0)
	want := "Last error: The mail server refused the user name or password."
	if got := strings.Join(texts(u.topDialog()), " "); !strings.Contains(got, want) {
		t.Errorf("the dialog says %q, want %q in it", got, want)
	}
	u.m.closeTop()

	test.Tap(button(t, v.list, "Cancel"))
	test.Tap(button(t, u.topDialog(), "Yes"))
	u.settle()
	if m, _ := u.store.GetMail(ctx, id); m.State != data.MailCancelled {
		t.Errorf("got %s, want cancelled", m.State)
	}
	if got, want := v.line.Text, "No email is waiting or failed."; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
