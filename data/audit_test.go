package data_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"

	"clinicadmin/data"
)

// someChanges makes audit entries 1 to 5 in a new store.
func someChanges(t *testing.T) (*data.Store, data.Member) {
	t.Helper()
	s := MustOpen(t)
	m := mustCreate(t, s, input(t, s, "1"))
	mustCreate(t, s, input(t, s, "2"))
	setStatus(t, s, m.ID, data.StatusSuspended)
	if _, err := s.CreateRoom(context.Background(), "Other", "OTH"); err != nil {
		t.Fatal(err)
	}
	setStatus(t, s, m.ID, data.StatusActive)
	return s, m
}

func TestVerifyAudit(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		s, _ := someChanges(t)
		if err := s.VerifyAudit(ctx); err != nil {
			t.Fatal(err)
		}
		es, err := s.AuditEntries(ctx, data.AuditFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(es) != 5 || es[4].PrevHash != strings.Repeat("0", 64) {
			t.Fatalf("got %d entries, first prev %q, want 5 from the genesis", len(es),
				es[len(es)-1].PrevHash)
		}
		for i := 0; i+1 < len(es); i++ {
			if es[i].PrevHash != es[i+1].Hash || es[i].Actor != "tester" {
				t.Errorf("entry %d: got prev %s by %q, want %s by tester", es[i].ID,
					es[i].PrevHash, es[i].Actor, es[i+1].Hash)
			}
		}
	})
	t.Run("ErrEdited", func(t *testing.T) {
		s, _ := someChanges(t)
		rawExec(t, s, "DROP TRIGGER audit_no_update",
			"UPDATE audit SET fields = 'notes' WHERE id = 3")
		assertChainError(t, s, 3, "its content does not match its hash")
	})
	t.Run("ErrRelinked", func(t *testing.T) {
		s, _ := someChanges(t)
		rawExec(t, s, "DROP TRIGGER audit_no_update",
			"UPDATE audit SET hash = (SELECT hash FROM audit WHERE id = 1) WHERE id = 2")
		assertChainError(t, s, 2, "its content does not match its hash")
	})
	t.Run("ErrRemoved", func(t *testing.T) {
		s, _ := someChanges(t)
		rawExec(t, s, "DROP TRIGGER audit_no_delete", "DELETE FROM audit WHERE id = 2")
		assertChainError(t, s, 3, "the entries before it, from 2, are missing")
	})
	t.Run("ErrRemovedAndRenumbered", func(t *testing.T) {
		s, _ := someChanges(t)
		rawExec(t, s, "DROP TRIGGER audit_no_delete", "DROP TRIGGER audit_no_update",
			"DELETE FROM audit WHERE id = 1", "UPDATE audit SET id = id - 1")
		assertChainError(t, s, 1, "it does not follow the entry before it")
	})
	t.Run("AppendOnly", func(t *testing.T) {
		s, _ := someChanges(t)
		for _, q := range []string{"UPDATE audit SET actor = 'x'", "DELETE FROM audit"} {
			if _, err := rawDB(t, s.Path()).Exec(q); err == nil {
				t.Errorf("%s: got nil, want refused", q)
			}
		}
		if err := s.VerifyAudit(ctx); err != nil {
			t.Fatal(err)
		}
	})
}

// rawExec runs statements on the file as another program would.
func rawExec(t *testing.T, s *data.Store, queries ...string) {
	t.Helper()
	db := rawDB(t, s.Path())
	for _, q := range queries {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

func assertChainError(t *testing.T, s *data.Store, id int64, reason string) {
	t.Helper()
	err := s.VerifyAudit(context.Background())
	var ce *data.AuditChainError
	if !errors.As(err, &ce) {
		t.Fatalf("got %v, want *AuditChainError", err)
	}
	if ce.ID != id || ce.Reason != reason {
		t.Errorf("got entry %d %q, want %d %q", ce.ID, ce.Reason, id, reason)
	}
}

func TestAuditEntries(t *testing.T) {
	ctx := context.Background()
	s, m := someChanges(t)
	for _, tc := range []struct {
		name string
		f    data.AuditFilter
		want []int64
	}{
		{"All", data.AuditFilter{}, []int64{5, 4, 3, 2, 1}},
		{"Action", data.AuditFilter{Action: "member.status"}, []int64{5, 3}},
		{"Member", data.AuditFilter{MemberID: m.ID}, []int64{5, 3, 1}},
		{"Page", data.AuditFilter{BeforeID: 4, Limit: 2}, []int64{3, 2}},
		{"Combined", data.AuditFilter{Action: "member.create", MemberID: m.ID}, []int64{1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			es, err := s.AuditEntries(ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for _, e := range es {
				got = append(got, e.ID)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
	for _, action := range []string{"member.create", "member.status", "room.create"} {
		if !contains(data.AuditActions, action) {
			t.Errorf("AuditActions: %q missing", action)
		}
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// TestAudit_NoPersonalValues creates, edits and deletes a member, then reads
// every column of every audit row: none of the member's values is there.
func TestAudit_NoPersonalValues(t *testing.T) {
	ctx := context.Background()
	s := MustOpen(t)
	in := input(t, s, "1")
	in.Username, in.Email, in.FirstName, in.LastName = "qzuser", "qzmail@example.org",
		"Qzfirst", "Qzlast"
	in.Phone, in.Address, in.Notes = "+44 7788 99", "Qz Street", "Qz notes"
	m := mustCreate(t, s, in)
	in.Notes, in.LastName = "Qz other notes", "Qzchanged"
	if _, err := s.UpdateMember(ctx, m.ID, in); err != nil {
		t.Fatal(err)
	}
	addVisit(t, s, m.ID, "Qz visit")
	if _, err := s.DeleteMember(ctx, m.ID); err != nil {
		t.Fatal(err)
	}

	rows := queryStrings(t, s.Path(), `SELECT at || '|' || actor || '|' || action || '|' ||
		coalesce(member_id, '') || '|' || fields FROM audit`)
	all := strings.ToLower(strings.Join(rows, "\n"))
	for _, v := range []string{"qz", "7788", "example.org"} {
		if strings.Contains(all, v) {
			t.Errorf("audit holds %q:\n%s", v, all)
		}
	}
	if len(rows) != 4 {
		t.Errorf("got %d audit rows, want 4:\n%s", len(rows), all)
	}
}

// TestAudit_Concurrent writes from several goroutines at once: the chain
// stays whole and gapless.
func TestAudit_Concurrent(t *testing.T) {
	s := MustOpen(t)
	room := mainRoom(t, s)
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 5 {
				n := fmt.Sprintf("%d_%d", g, i)
				_, err := s.CreateMember(context.Background(), data.MemberInput{RoomID: room,
					Email: "c" + n + "@example.org", FirstName: "C", LastName: n})
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := s.VerifyAudit(context.Background()); err != nil {
		t.Fatal(err)
	}
	assertCounts(t, s, data.Counts{Members: 20})
}
