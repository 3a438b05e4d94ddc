package data_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"clinicadmin/data"
)

func TestPurge(t *testing.T) {
	ctx := context.Background()
	t0 := time.Date(2025, 3, 10, 15, 4, 5, 123456000, time.UTC)
	t.Run("BoundaryDay", func(t *testing.T) {
		s := MustOpen(t)
		clock := newClock(s, t0)
		due := mustCreate(t, s, input(t, s, "1"))
		addVisit(t, s, due.ID, "gone with the member")
		setStatus(t, s, due.ID, data.StatusPendingDelete)
		suspended := mustCreate(t, s, input(t, s, "2"))
		setStatus(t, s, suspended.ID, data.StatusSuspended)
		mustCreate(t, s, input(t, s, "3"))
		clock.set(t0.Add(time.Hour))
		later := mustCreate(t, s, input(t, s, "4"))
		setStatus(t, s, later.ID, data.StatusPendingDelete)

		boundary := t0.AddDate(0, 0, 30)
		assertPurged(t, s, boundary.Add(-time.Microsecond), nil)
		assertPurged(t, s, boundary, []int64{due.ID})
		assertPurged(t, s, boundary.Add(59*time.Minute), nil)
		assertPurged(t, s, boundary.Add(time.Hour), []int64{later.ID})
		assertCounts(t, s, data.Counts{Members: 2})
		assertRows(t, s, "SELECT count(*) FROM visits WHERE member_id = ?", due.ID, 0)

		e := lastAudit(t, s)
		if e.Action != "member.purge" || e.MemberID != later.ID || len(e.Fields) != 0 {
			t.Errorf("got audit %+v, want member.purge of %d", e, later.ID)
		}
	})
	t.Run("RetentionSetting", func(t *testing.T) {
		s := MustOpen(t)
		newClock(s, t0)
		set, err := s.Settings(ctx)
		if err != nil {
			t.Fatal(err)
		}
		set.RetentionDays = 1
		if err := s.SaveSettings(ctx, set); err != nil {
			t.Fatal(err)
		}
		m := mustCreate(t, s, input(t, s, "1"))
		setStatus(t, s, m.ID, data.StatusPendingDelete)
		assertPurged(t, s, t0.Add(24*time.Hour-time.Microsecond), nil)
		assertPurged(t, s, t0.Add(24*time.Hour), []int64{m.ID})
	})
	t.Run("ReactivatedKept", func(t *testing.T) {
		s := MustOpen(t)
		newClock(s, t0)
		m := mustCreate(t, s, input(t, s, "1"))
		setStatus(t, s, m.ID, data.StatusPendingDelete)
		setStatus(t, s, m.ID, data.StatusActive)
		assertPurged(t, s, t0.AddDate(1, 0, 0), nil)
	})
	t.Run("ErrCancelled", func(t *testing.T) {
		s := MustOpen(t)
		cancelled, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := s.Purge(cancelled, t0); !errors.Is(err, context.Canceled) {
			t.Fatalf("got %v, want context.Canceled", err)
		}
	})
}

func assertPurged(t *testing.T, s *data.Store, now time.Time, want []int64) {
	t.Helper()
	got, err := s.Purge(context.Background(), now)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("purge at %v: got %v, want %v", now, got, want)
	}
}
