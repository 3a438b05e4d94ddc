package data_test

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"clinicadmin/data"
)

// MustOpen opens a new store on a file in a fresh temporary folder and
// closes it when the test ends.
func MustOpen(tb testing.TB) *data.Store {
	tb.Helper()
	s, err := data.Open(context.Background(), filepath.Join(tb.TempDir(), "clinic.db"))
	if err != nil {
		tb.Fatal(err)
	}
	s.SetActor("tester")
	tb.Cleanup(func() {
		if err := s.Close(); err != nil {
			tb.Error(err)
		}
	})
	return s
}

// testClock is a settable clock for Store.SetClock.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock(s *data.Store, t time.Time) *testClock {
	c := &testClock{t: t}
	s.SetClock(c.now)
	return c
}

func (c *testClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// mainRoom returns the id of the room every new file has.
func mainRoom(tb testing.TB, s *data.Store) int64 {
	tb.Helper()
	rooms, err := s.ListRooms(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	for _, r := range rooms {
		if r.Code == "MAIN" {
			return r.ID
		}
	}
	tb.Fatalf("got rooms %v, want one coded MAIN", rooms)
	return 0
}

// input returns a valid registered member's input, unique by n.
func input(tb testing.TB, s *data.Store, n string) data.MemberInput {
	tb.Helper()
	return data.MemberInput{
		RoomID:    mainRoom(tb, s),
		Username:  "user" + n,
		Email:     "user" + n + "@example.org",
		FirstName: "Ann" + n,
		LastName:  "Lee",
	}
}

// mustCreate creates a member from in or fails the test.
func mustCreate(tb testing.TB, s *data.Store, in data.MemberInput) data.Member {
	tb.Helper()
	m, err := s.CreateMember(context.Background(), in)
	if err != nil {
		tb.Fatalf("create member: %v", err)
	}
	return m
}
