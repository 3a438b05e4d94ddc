package data_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"clinicadmin/data"
)

// visitDay is a past moment every visit test can use.
var visitDay = time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)

func TestAddVisit(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		s := MustOpen(t)
		m := mustCreate(t, s, input(t, s, "1"))
		in := data.VisitInput{MemberID: m.ID, At: visitDay.In(time.FixedZone("X", 3600)),
			Provider: " Dr Ruiz ", Reason: "Check-up", Notes: "BP fine\nweight fine"}
		v, err := s.AddVisit(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		want := data.Visit{ID: v.ID, MemberID: m.ID, RoomID: m.RoomID, RoomName: "Main",
			At: visitDay, Provider: "Dr Ruiz", Reason: "Check-up", Notes: in.Notes}
		if v != want {
			t.Errorf("got %+v, want %+v", v, want)
		}
		e := lastAudit(t, s)
		if e.Action != "visit.add" || e.MemberID != m.ID ||
			!reflect.DeepEqual(e.Fields, []string{"visited_at", "room", "provider", "reason",
				"notes"}) {
			t.Errorf("got audit %+v, want visit.add with its fields", e)
		}
	})
	t.Run("ErrFields", func(t *testing.T) {
		s := MustOpen(t)
		now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
		newClock(s, now)
		m := mustCreate(t, s, input(t, s, "1"))
		in := data.VisitInput{MemberID: m.ID, At: now.Add(24*time.Hour + time.Second),
			Provider: "Dr\nWho", Reason: strings.Repeat("r", 201), Notes: "a\r\nb"}
		_, err := s.AddVisit(ctx, in)
		want := "Visit time must not be more than a day in the future.\n" +
			"Provider must not contain a line break.\n" +
			"Reason must be at most 200 characters.\n" +
			"Notes must not contain control characters such as tabs or carriage returns."
		if err == nil || err.Error() != want {
			t.Fatalf("got %v, want %q", err, want)
		}
		in = data.VisitInput{MemberID: m.ID, At: now.Add(24 * time.Hour)}
		if _, err := s.AddVisit(ctx, in); err != nil {
			t.Errorf("a day ahead: got %v, want nil", err)
		}
		_, err = s.AddVisit(ctx, data.VisitInput{MemberID: m.ID})
		assertFieldError(t, err, data.FieldVisitAt, "is required")
	})
	t.Run("ErrRoom", func(t *testing.T) {
		s := MustOpen(t)
		m := mustCreate(t, s, input(t, s, "1"))
		_, err := s.AddVisit(ctx, data.VisitInput{MemberID: m.ID, RoomID: 99, At: visitDay})
		assertFieldError(t, err, data.FieldRoom, "must be one of the clinic's rooms")
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		_, err := MustOpen(t).AddVisit(ctx, data.VisitInput{MemberID: 42, At: visitDay})
		if !errors.Is(err, data.ErrNotFound) {
			t.Fatalf("got %v, want ErrNotFound", err)
		}
	})
}

func TestListVisits(t *testing.T) {
	ctx := context.Background()
	t.Run("NewestFirst", func(t *testing.T) {
		s := MustOpen(t)
		m := mustCreate(t, s, input(t, s, "1"))
		var want []int64
		for _, days := range []int{3, 1, 2} {
			v, err := s.AddVisit(ctx, data.VisitInput{MemberID: m.ID,
				At: visitDay.AddDate(0, 0, days)})
			if err != nil {
				t.Fatal(err)
			}
			want = append(want, v.ID)
		}
		got, err := s.ListVisits(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, v := range got {
			ids = append(ids, v.ID)
		}
		if !reflect.DeepEqual(ids, []int64{want[0], want[2], want[1]}) {
			t.Errorf("got %v, want visits of days 3, 2, 1", ids)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		if _, err := MustOpen(t).ListVisits(ctx, 42); !errors.Is(err, data.ErrNotFound) {
			t.Fatalf("got %v, want ErrNotFound", err)
		}
	})
}

// TestVisitCount checks the triggers that keep visit_count and last_visit.
func TestVisitCount(t *testing.T) {
	ctx := context.Background()
	s := MustOpen(t)
	m := mustCreate(t, s, input(t, s, "1"))
	late, early := visitDay.AddDate(0, 0, 5), visitDay
	for _, at := range []time.Time{late, early} {
		if _, err := s.AddVisit(ctx, data.VisitInput{MemberID: m.ID, At: at}); err != nil {
			t.Fatal(err)
		}
	}
	assertVisits(t, s, m.ID, 2, late)

	if _, err := rawDB(t, s.Path()).Exec(
		"DELETE FROM visits WHERE visited_at > '2024-05-02'"); err != nil {
		t.Fatal(err)
	}
	assertVisits(t, s, m.ID, 1, early)
}

func assertVisits(t *testing.T, s *data.Store, id int64, n int, last time.Time) {
	t.Helper()
	m, err := s.GetMember(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if m.Visits != n || !m.LastVisit.Equal(last) {
		t.Errorf("got %d visits, last %v, want %d, last %v", m.Visits, m.LastVisit, n, last)
	}
}
