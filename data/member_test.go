package data_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"clinicadmin/data"
)

func TestCreateMember(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		s := MustOpen(t)
		in := input(t, s, "1")
		in.FirstName, in.Phone, in.BirthDate = "  José ", "+1 555 0100", "7.3.1980"
		m := mustCreate(t, s, in)

		got, err := s.GetMember(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.FirstName != "José" || got.BirthDate != "1980-03-07" || got.RoomName != "Main" {
			t.Errorf("got %q %q %q, want José 1980-03-07 Main",
				got.FirstName, got.BirthDate, got.RoomName)
		}
		if got.Status != data.StatusActive || !got.StatusSince.Equal(got.CreatedAt) {
			t.Errorf("got %s since %v, want active since %v", got.Status, got.StatusSince,
				got.CreatedAt)
		}
		if !got.Registered() || got.HasPassword || got.Visits != 0 || !got.LastVisit.IsZero() {
			t.Errorf("got %+v, want registered, no password, no visits", got)
		}
		if !reflect.DeepEqual(got, m) {
			t.Errorf("got %+v, want %+v", got, m)
		}
	})
	t.Run("GuestOK", func(t *testing.T) {
		s := MustOpen(t)
		for _, n := range []string{"1", "2"} {
			in := input(t, s, n)
			in.Username = ""
			if m := mustCreate(t, s, in); m.Registered() {
				t.Errorf("got username %q, want a guest", m.Username)
			}
		}
	})
	t.Run("ErrFields", func(t *testing.T) {
		s := MustOpen(t)
		in := input(t, s, "1")
		in.FirstName, in.LastName = "Ann\nLee", ""
		_, err := s.CreateMember(ctx, in)
		want := "First name must not contain a line break.\nLast name is required."
		if err == nil || err.Error() != want {
			t.Fatalf("got %v, want %q", err, want)
		}
		var fe *data.FieldError
		if !errors.As(err, &fe) || fe.Field != data.FieldFirstName {
			t.Errorf("got %v, want a *FieldError for the first name", err)
		}
		assertCounts(t, s, data.Counts{})
	})
	t.Run("ErrRoom", func(t *testing.T) {
		s := MustOpen(t)
		in := input(t, s, "1")
		in.RoomID = 999
		assertFieldError(t, createErr(s, in), data.FieldRoom, "must be one of the clinic's rooms")

		in.RoomID = mainRoom(t, s)
		if err := s.SetRoomActive(ctx, in.RoomID, false); err != nil {
			t.Fatal(err)
		}
		assertFieldError(t, createErr(s, in), data.FieldRoom, "is inactive; choose an active room")
		assertCounts(t, s, data.Counts{})
	})
	t.Run("ErrDuplicate", func(t *testing.T) {
		s := MustOpen(t)
		first := mustCreate(t, s, input(t, s, "1"))

		in := input(t, s, "2")
		in.Username = first.Username
		assertDuplicate(t, createErr(s, in), data.FieldUsername)

		in = input(t, s, "2")
		in.Email = "USER1@Example.ORG"
		assertDuplicate(t, createErr(s, in), data.FieldEmail)

		in.Username = first.Username
		err := createErr(s, in)
		assertDuplicate(t, err, data.FieldUsername)
		if want := "Username is already used by another member.\n" +
			"Email is already used by another member."; err.Error() != want {
			t.Errorf("got %q, want %q", err.Error(), want)
		}
		assertCounts(t, s, data.Counts{Members: 1})
	})
}

func createErr(s *data.Store, in data.MemberInput) error {
	_, err := s.CreateMember(context.Background(), in)
	return err
}

func assertFieldError(t *testing.T, err error, f data.Field, rule string) {
	t.Helper()
	var fe *data.FieldError
	if !errors.As(err, &fe) {
		t.Fatalf("got %v, want a *FieldError", err)
	}
	if fe.Field != f || fe.Rule != rule {
		t.Errorf("got %s %q, want %s %q", fe.Field, fe.Rule, f, rule)
	}
}

func assertDuplicate(t *testing.T, err error, f data.Field) {
	t.Helper()
	var de *data.DuplicateError
	if !errors.Is(err, data.ErrDuplicate) || !errors.As(err, &de) {
		t.Fatalf("got %v, want a *DuplicateError", err)
	}
	if de.Field != f {
		t.Errorf("got duplicate %s, want %s", de.Field, f)
	}
}

func assertCounts(t *testing.T, s *data.Store, want data.Counts) {
	t.Helper()
	got, err := s.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("counts: got %+v, want %+v", got, want)
	}
}

// lastAudit returns the newest audit entry.
func lastAudit(t *testing.T, s *data.Store) data.AuditEntry {
	t.Helper()
	es, err := s.AuditEntries(context.Background(), data.AuditFilter{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 1 {
		t.Fatalf("audit entries: got %d, want 1", len(es))
	}
	return es[0]
}

func TestGetMember(t *testing.T) {
	t.Run("ErrNotFound", func(t *testing.T) {
		_, err := MustOpen(t).GetMember(context.Background(), 42)
		if !errors.Is(err, data.ErrNotFound) {
			t.Fatalf("got %v, want ErrNotFound", err)
		}
	})
}

func TestUpdateMember(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		s := MustOpen(t)
		clock := newClock(s, time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC))
		m := mustCreate(t, s, input(t, s, "1"))
		clock.set(clock.now().Add(time.Hour))

		in := input(t, s, "1")
		in.Email, in.Notes = "new@example.org", "first line\nsecond"
		got, err := s.UpdateMember(ctx, m.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		if got.Email != in.Email || got.Notes != in.Notes || !got.UpdatedAt.Equal(clock.now()) {
			t.Errorf("got %+v, want the new email and notes, updated now", got)
		}
		e := lastAudit(t, s)
		if e.Action != "member.update" || e.MemberID != m.ID ||
			!reflect.DeepEqual(e.Fields, []string{"email", "notes"}) {
			t.Errorf("got audit %+v, want member.update of email and notes", e)
		}
	})
	t.Run("NoChangeOK", func(t *testing.T) {
		s := MustOpen(t)
		m := mustCreate(t, s, input(t, s, "1"))
		before := lastAudit(t, s)
		in := input(t, s, "1")
		in.FirstName = " " + in.FirstName + " "
		if _, err := s.UpdateMember(ctx, m.ID, in); err != nil {
			t.Fatal(err)
		}
		if after := lastAudit(t, s); after.ID != before.ID {
			t.Errorf("got audit entry %+v, want none for no change", after)
		}
	})
	t.Run("GuestRegisteredOK", func(t *testing.T) {
		s := MustOpen(t)
		in := input(t, s, "1")
		in.Username = ""
		m := mustCreate(t, s, in)
		in.Username = "ann"
		got, err := s.UpdateMember(ctx, m.ID, in)
		if err != nil || !got.Registered() {
			t.Fatalf("got %+v, %v, want a registered member", got, err)
		}
	})
	t.Run("ErrUsernameBlanked", func(t *testing.T) {
		s := MustOpen(t)
		m := mustCreate(t, s, input(t, s, "1"))
		in := input(t, s, "1")
		in.Username = ""
		_, err := s.UpdateMember(ctx, m.ID, in)
		assertFieldError(t, err, data.FieldUsername, "is required for a registered member")
	})
	t.Run("ErrDuplicate", func(t *testing.T) {
		s := MustOpen(t)
		mustCreate(t, s, input(t, s, "1"))
		m := mustCreate(t, s, input(t, s, "2"))
		in := input(t, s, "2")
		in.Email = "User1@EXAMPLE.org"
		_, err := s.UpdateMember(ctx, m.ID, in)
		assertDuplicate(t, err, data.FieldEmail)
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		s := MustOpen(t)
		_, err := s.UpdateMember(ctx, 42, input(t, s, "1"))
		if !errors.Is(err, data.ErrNotFound) {
			t.Fatalf("got %v, want ErrNotFound", err)
		}
	})
	t.Run("InactiveRoom", func(t *testing.T) {
		s := MustOpen(t)
		m := mustCreate(t, s, input(t, s, "1"))
		other, err := s.CreateRoom(ctx, "Other", "OTH")
		if err != nil {
			t.Fatal(err)
		}
		if err := s.SetRoomActive(ctx, m.RoomID, false); err != nil {
			t.Fatal(err)
		}
		if err := s.SetRoomActive(ctx, other.ID, false); err != nil {
			t.Fatal(err)
		}
		in := input(t, s, "1")
		in.Phone = "555 0100"
		if _, err := s.UpdateMember(ctx, m.ID, in); err != nil {
			t.Fatalf("staying in an inactive room: got %v, want nil", err)
		}
		in.RoomID = other.ID
		_, err = s.UpdateMember(ctx, m.ID, in)
		assertFieldError(t, err, data.FieldRoom, "is inactive; choose an active room")
	})
}

func TestSetStatus(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		s := MustOpen(t)
		clock := newClock(s, time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC))
		m := mustCreate(t, s, input(t, s, "1"))
		for _, from := range data.Statuses {
			for _, to := range data.Statuses {
				if from == to {
					continue
				}
				setStatus(t, s, m.ID, from)
				clock.set(clock.now().Add(time.Hour))
				setStatus(t, s, m.ID, to)
				got, err := s.GetMember(ctx, m.ID)
				if err != nil {
					t.Fatal(err)
				}
				if got.Status != to || !got.StatusSince.Equal(clock.now()) {
					t.Errorf("%s to %s: got %s since %v, want %s since %v",
						from, to, got.Status, got.StatusSince, to, clock.now())
				}
			}
		}
		if e := lastAudit(t, s); e.Action != "member.status" || e.Fields[0] != "status" {
			t.Errorf("got audit %+v, want member.status", e)
		}
	})
	t.Run("SameStatusKeepsDay", func(t *testing.T) {
		s := MustOpen(t)
		clock := newClock(s, time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC))
		m := mustCreate(t, s, input(t, s, "1"))
		setStatus(t, s, m.ID, data.StatusPendingDelete)
		day := clock.now()
		clock.set(day.Add(48 * time.Hour))
		setStatus(t, s, m.ID, data.StatusPendingDelete)
		got, err := s.GetMember(ctx, m.ID)
		if err != nil || !got.StatusSince.Equal(day) {
			t.Fatalf("got %v, %v, want since %v", got.StatusSince, err, day)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		err := MustOpen(t).SetStatus(ctx, 42, data.StatusSuspended)
		if !errors.Is(err, data.ErrNotFound) {
			t.Fatalf("got %v, want ErrNotFound", err)
		}
	})
	t.Run("ErrUnknownStatus", func(t *testing.T) {
		s := MustOpen(t)
		m := mustCreate(t, s, input(t, s, "1"))
		err := s.SetStatus(ctx, m.ID, "deleted")
		assertFieldError(t, err, data.FieldStatus, "must be Active, Suspended or Pending delete")
	})
}

func setStatus(t *testing.T, s *data.Store, id int64, st data.Status) {
	t.Helper()
	if err := s.SetStatus(context.Background(), id, st); err != nil {
		t.Fatal(err)
	}
}

func TestPossibleDuplicates(t *testing.T) {
	ctx := context.Background()
	s := MustOpen(t)
	in := input(t, s, "1")
	in.FirstName, in.LastName, in.BirthDate = "Ann", "Lee", "1980-03-07"
	m := mustCreate(t, s, in)
	in = input(t, s, "2")
	in.FirstName, in.LastName, in.BirthDate = "Ann", "Lee", "1981-03-07"
	mustCreate(t, s, in)

	t.Run("OK", func(t *testing.T) {
		got, err := s.PossibleDuplicates(ctx, " ANN", "lee ", "1980-03-07")
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].ID != m.ID {
			t.Errorf("got %v, want member %d", got, m.ID)
		}
	})
	t.Run("NoBirthDate", func(t *testing.T) {
		got, err := s.PossibleDuplicates(ctx, "Ann", "Lee", "")
		if err != nil || len(got) != 0 {
			t.Errorf("got %v, %v, want none", got, err)
		}
	})
}

func TestCounts(t *testing.T) {
	s := MustOpen(t)
	for _, n := range []string{"1", "2", "3"} {
		mustCreate(t, s, input(t, s, n))
	}
	setStatus(t, s, 2, data.StatusPendingDelete)
	setStatus(t, s, 3, data.StatusSuspended)
	assertCounts(t, s, data.Counts{Members: 3, PendingDelete: 1})
}
