package data_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"clinicadmin/data"
)

// BenchmarkDeleteMember measures P6: deleting a member with 1,000 visit
// records, secure delete and log truncation included.
func BenchmarkDeleteMember(b *testing.B) {
	ctx := context.Background()
	s := MustOpen(b)
	room := mainRoom(b, s)
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		tag := strconv.Itoa(i)
		m := mustCreate(b, s, data.MemberInput{
			RoomID:    room,
			Username:  "bench" + tag,
			Email:     "bench" + tag + "@example.org",
			FirstName: "Bench",
			LastName:  "Mark",
			Notes:     strings.Repeat("note ", 200),
		})
		addVisitsRaw(b, s, m.ID, 1000)
		b.StartTimer()

		n, err := s.DeleteMember(ctx, m.ID)
		if err != nil || n != 1000 {
			b.Fatalf("got %d, %v, want 1000 visits", n, err)
		}
	}
}

// addVisitsRaw inserts n visits in one transaction, through the triggers.
func addVisitsRaw(tb testing.TB, s *data.Store, memberID int64, n int) {
	tb.Helper()
	db := rawDB(tb, s.Path())
	_, err := db.Exec(`WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k
		WHERE i < ?)
		INSERT INTO visits (member_id, room_id, visited_at, provider, reason, notes, created_at)
		SELECT ?, NULL, printf('2024-01-01T00:00:%02d.%06dZ', i % 60, i), 'Dr Who',
		'Check-up', 'Visit notes that are some eighty characters long, as real ones are.',
		'2024-01-01T00:00:00.000000Z' FROM k`, n, memberID)
	if err != nil {
		tb.Fatal(err)
	}
}
