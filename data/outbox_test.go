package data_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"clinicadmin/data"
)

var t0 = time.Date(2025, 3, 4, 9, 0, 0, 0, time.UTC)

func TestEnqueueMail(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		s := MustOpen(t)
		newClock(s, t0)
		m := mustCreate(t, s, input(t, s, "1"))

		id, err := s.EnqueueMail(ctx, m.ID, data.MailReset)
		if err != nil {
			t.Fatal(err)
		}
		got := mustGetMail(t, s, id)
		if got.State != data.MailQueued || got.Kind != data.MailReset ||
			got.MemberID != m.ID || got.MemberName != "Ann1 Lee" {
			t.Errorf("got %+v, want a waiting reset email to member %d", got, m.ID)
		}
		if got.ToAddress != "" || !got.NextAttemptAt.Equal(t0) || got.Attempts != 0 {
			t.Errorf("got %+v, want no address, due at %v, no attempts", got, t0)
		}
		assertLastAudit(t, s, "mail.queue", m.ID, "reset")
	})
	t.Run("OKNotTwice", func(t *testing.T) {
		s := MustOpen(t)
		clock := newClock(s, t0)
		m := mustCreate(t, s, input(t, s, "1"))
		first, _ := s.EnqueueMail(ctx, m.ID, data.MailReset)
		if err := s.MarkMailRetry(ctx, first, "later", t0.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}

		clock.set(t0.Add(time.Minute))
		second, err := s.EnqueueMail(ctx, m.ID, data.MailReset)
		if err != nil || second != first {
			t.Fatalf("got %v, %v, want %v, nil", second, err, first)
		}
		if got := mustGetMail(t, s, first); !got.NextAttemptAt.Equal(t0.Add(time.Minute)) {
			t.Errorf("got due %v, want %v", got.NextAttemptAt, t0.Add(time.Minute))
		}
		welcome, _ := s.EnqueueMail(ctx, m.ID, data.MailWelcome)
		if welcome == first {
			t.Errorf("got the reset email's id for a welcome email")
		}
	})
	t.Run("ErrRefused", func(t *testing.T) {
		s := MustOpen(t)
		guestIn := input(t, s, "g")
		guestIn.Username = ""
		guest := mustCreate(t, s, guestIn)
		suspended := mustCreate(t, s, input(t, s, "s"))
		pending := mustCreate(t, s, input(t, s, "p"))
		mustSetStatus(t, s, suspended.ID, data.StatusSuspended)
		mustSetStatus(t, s, pending.ID, data.StatusPendingDelete)

		cases := []struct {
			id   int64
			want string
		}{
			{guest.ID, data.ErrGuest.Error()},
			{suspended.ID, "Suspended members get no reset emails."},
			{pending.ID, "Pending delete members get no reset emails."},
		}
		for _, c := range cases {
			_, err := s.EnqueueMail(ctx, c.id, data.MailReset)
			if err == nil || err.Error() != c.want {
				t.Errorf("got %v, want %q", err, c.want)
			}
		}
		if _, err := s.EnqueueMail(ctx, 999, data.MailWelcome); !errors.Is(err, data.ErrNotFound) {
			t.Errorf("got %v, want ErrNotFound", err)
		}
		if got := mustList(t, s); len(got) != 0 {
			t.Errorf("got %d emails, want none", len(got))
		}
	})
}

func TestEnqueueTestMail(t *testing.T) {
	ctx := context.Background()
	s := MustOpen(t)
	id, err := s.EnqueueTestMail(ctx, "desk@clinic.example")
	if err != nil {
		t.Fatal(err)
	}
	got := mustGetMail(t, s, id)
	if got.Kind != data.MailTest || got.ToAddress != "desk@clinic.example" || got.MemberID != 0 {
		t.Errorf("got %+v, want a test email to desk@clinic.example", got)
	}

	_, err = s.EnqueueTestMail(ctx, "desk@clinic.example\r\nBcc: x@example.org")
	var fe *data.FieldError
	if !errors.As(err, &fe) || fe.Field != data.FieldFromAddress {
		t.Errorf("got %v, want a FieldError for the sender address", err)
	}
}

func TestOutboxStates(t *testing.T) {
	ctx := context.Background()
	s := MustOpen(t)
	clock := newClock(s, t0)
	a := mustCreate(t, s, input(t, s, "a"))
	b := mustCreate(t, s, input(t, s, "b"))
	ida, _ := s.EnqueueMail(ctx, a.ID, data.MailReset)
	clock.set(t0.Add(time.Second))
	idb, _ := s.EnqueueMail(ctx, b.ID, data.MailWelcome)

	t.Run("DueMail", func(t *testing.T) {
		if err := s.MarkMailRetry(ctx, ida, "The server is busy.", t0.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		assertIDs(t, mustDue(t, s, t0.Add(30*time.Second)), idb)
		assertIDs(t, mustDue(t, s, t0.Add(time.Minute)), idb, ida)
		next, ok, err := s.NextMailDue(ctx)
		if err != nil || !ok || !next.Equal(t0.Add(time.Second)) {
			t.Errorf("got %v, %v, %v, want %v, true, nil", next, ok, err, t0.Add(time.Second))
		}
		got := mustGetMail(t, s, ida)
		if got.Attempts != 1 || got.LastError != "The server is busy." {
			t.Errorf("got %d attempts, %q, want 1, the reason", got.Attempts, got.LastError)
		}
	})
	t.Run("ListOutbox", func(t *testing.T) {
		if err := s.MarkMailFailed(ctx, ida, "550 no such user"); err != nil {
			t.Fatal(err)
		}
		assertIDs(t, mustList(t, s), idb, ida)
		if got := mustGetMail(t, s, ida); got.State != data.MailFailed || got.Attempts != 2 {
			t.Errorf("got %s after %d attempts, want failed after 2", got.State, got.Attempts)
		}
	})
	t.Run("RetryMail", func(t *testing.T) {
		clock.set(t0.Add(time.Hour))
		if err := s.RetryMail(ctx, ida); err != nil {
			t.Fatal(err)
		}
		got := mustGetMail(t, s, ida)
		if got.State != data.MailQueued || !got.NextAttemptAt.Equal(t0.Add(time.Hour)) {
			t.Errorf("got %s due %v, want queued due %v", got.State, got.NextAttemptAt,
				t0.Add(time.Hour))
		}
		assertLastAudit(t, s, "mail.retry", a.ID, "")
	})
	t.Run("MarkMailSent", func(t *testing.T) {
		if err := s.MarkMailSent(ctx, idb, t0.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		got := mustGetMail(t, s, idb)
		if got.State != data.MailSent || !got.SentAt.Equal(t0.Add(time.Hour)) {
			t.Errorf("got %s at %v, want sent at %v", got.State, got.SentAt, t0.Add(time.Hour))
		}
		assertIDs(t, mustList(t, s), ida)
		if err := s.CancelMail(ctx, idb); !errors.Is(err, data.ErrMailDone) {
			t.Errorf("got %v, want ErrMailDone", err)
		}
	})
	t.Run("CancelMail", func(t *testing.T) {
		if err := s.CancelMail(ctx, ida); err != nil {
			t.Fatal(err)
		}
		assertIDs(t, mustList(t, s))
		assertLastAudit(t, s, "mail.cancel", a.ID, "")

		// A send that ends after the cancel leaves it cancelled.
		if err := s.MarkMailRetry(ctx, ida, "busy", t0); err != nil {
			t.Fatal(err)
		}
		if got := mustGetMail(t, s, ida); got.State != data.MailCancelled {
			t.Errorf("got %s, want cancelled", got.State)
		}
		if err := s.RetryMail(ctx, ida); !errors.Is(err, data.ErrMailDone) {
			t.Errorf("got %v, want ErrMailDone", err)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		for _, err := range []error{
			s.RetryMail(ctx, 999), s.CancelMail(ctx, 999),
			s.MarkMailSent(ctx, 999, t0), s.MarkMailFailed(ctx, 999, "x"),
		} {
			if !errors.Is(err, data.ErrNotFound) {
				t.Errorf("got %v, want ErrNotFound", err)
			}
		}
	})
	t.Run("PruneOutbox", func(t *testing.T) {
		n, err := s.PruneOutbox(ctx, t0.Add(time.Hour))
		if err != nil || n != 2 {
			t.Fatalf("got %v, %v, want 2, nil", n, err)
		}
	})
}

func TestOutbox_DeleteMember(t *testing.T) {
	ctx := context.Background()
	s := MustOpen(t)
	m := mustCreate(t, s, input(t, s, "1"))
	id, _ := s.EnqueueMail(ctx, m.ID, data.MailReset)
	if _, err := s.DeleteMember(ctx, m.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.GetMail(ctx, id); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("got %v, want ErrNotFound: the email goes with the member", err)
	}
}

func mustGetMail(tb testing.TB, s *data.Store, id int64) data.Mail {
	tb.Helper()
	m, err := s.GetMail(context.Background(), id)
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

func mustList(tb testing.TB, s *data.Store) []data.Mail {
	tb.Helper()
	list, err := s.ListOutbox(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	return list
}

func mustDue(tb testing.TB, s *data.Store, now time.Time) []data.Mail {
	tb.Helper()
	list, err := s.DueMail(context.Background(), now, 10)
	if err != nil {
		tb.Fatal(err)
	}
	return list
}

func mustSetStatus(tb testing.TB, s *data.Store, id int64, st data.Status) {
	tb.Helper()
	if err := s.SetStatus(context.Background(), id, st); err != nil {
		tb.Fatal(err)
	}
}

func assertIDs(tb testing.TB, list []data.Mail, want ...int64) {
	tb.Helper()
	var got []int64
	for _, m := range list {
		got = append(got, m.ID)
	}
	if len(got) != len(want) {
		tb.Errorf("got ids %v, want %v", got, want)
		return
	}
	for i := range got {
		if got[i] != want[i] {
			tb.Errorf("got ids %v, want %v", got, want)
			return
		}
	}
}

func assertLastAudit(tb testing.TB, s *data.Store, action string, memberID int64,
	fields string) {
	tb.Helper()
	list, err := s.AuditEntries(context.Background(), data.AuditFilter{Limit: 1})
	if err != nil {
		tb.Fatal(err)
	}
	e := list[0]
	got := ""
	if len(e.Fields) > 0 {
		got = e.Fields[0]
	}
	if e.Action != action || e.MemberID != memberID || got != fields {
		tb.Errorf("got %s %d %v, want %s %d %q", e.Action, e.MemberID, e.Fields,
			action, memberID, fields)
	}
}
