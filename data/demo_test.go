package data_test

import (
	"context"
	"errors"
	"testing"
	"time"
	"unicode"

	"clinicadmin/data"
)

func TestLoadSample(t *testing.T) {
	ctx := context.Background()

	t.Run("OK", func(t *testing.T) {
		s := MustOpen(t)
		var last int
		if err := s.LoadSample(ctx, 300, func(done, _ int) { last = done }); err != nil {
			t.Fatal(err)
		}
		if got := memberCount(t, s); got != 300 || last != 300 {
			t.Fatalf("members, progress: got %d, %d, want 300, 300", got, last)
		}
		checkSample(t, s, 300)
		if err := s.IntegrityCheck(ctx); err != nil {
			t.Error(err)
		}
		if err := s.VerifyAudit(ctx); err != nil {
			t.Error(err)
		}
	})

	t.Run("ErrNotEmpty", func(t *testing.T) {
		s := storeWithMember(t)
		if err := s.LoadSample(ctx, 10, nil); !errors.Is(err, data.ErrNotEmpty) {
			t.Fatalf("got %v, want ErrNotEmpty", err)
		}
		if got := memberCount(t, s); got != 1 {
			t.Errorf("members: got %d, want 1", got)
		}
	})

	t.Run("ErrCanceled", func(t *testing.T) {
		s := MustOpen(t)
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		err := s.LoadSample(ctx, 5000, func(int, int) { cancel() })
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("got %v, want context.Canceled", err)
		}
		if got := memberCount(t, s); got != 0 {
			t.Errorf("members: got %d, want 0", got)
		}
	})
}

// checkSample checks that members 1..n pass the rules of Create a Member
// and come in several scripts and statuses, some with visits.
func checkSample(t *testing.T, s *data.Store, n int) {
	t.Helper()
	scripts := map[string]bool{}
	statuses := map[data.Status]bool{}
	visits := 0
	for id := int64(1); id <= int64(n); id++ {
		m, err := s.GetMember(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		in := data.MemberInput{RoomID: m.RoomID, Username: m.Username, Email: m.Email,
			FirstName: m.FirstName, LastName: m.LastName, Phone: m.Phone,
			BirthDate: m.BirthDate, Sex: m.Sex, Address: m.Address, Notes: m.Notes}
		if errs := data.ValidateMember(in, m.CreatedAt.AddDate(1, 0, 0)); errs != nil {
			t.Errorf("member %d: %v", id, errs)
		}
		checkVisitCount(t, s, m)
		scripts[script(m.LastName)] = true
		statuses[m.Status] = true
		visits += m.Visits
	}
	if len(scripts) < 6 || len(statuses) != 3 || visits == 0 {
		t.Errorf("scripts, statuses, visits: got %d, %d, %d, want >= 6, 3, > 0",
			len(scripts), len(statuses), visits)
	}
}

// script names the writing system of s's first letter.
func script(s string) string {
	for _, r := range s {
		for name, table := range unicode.Scripts {
			if unicode.Is(table, r) {
				return name
			}
		}
	}
	return ""
}

// checkVisitCount compares a member's visit count and last visit, which a
// bulk write sets once for all rows, with their visit records.
func checkVisitCount(t *testing.T, s *data.Store, m data.Member) {
	t.Helper()
	visits, err := s.ListVisits(context.Background(), m.ID)
	if err != nil {
		t.Fatal(err)
	}
	var last time.Time
	if len(visits) > 0 {
		last = visits[0].At
	}
	if len(visits) != m.Visits || !last.Equal(m.LastVisit) {
		t.Errorf("member %d: got %d visits, last %v, want %d, %v", m.ID, m.Visits,
			m.LastVisit, len(visits), last)
	}
}
