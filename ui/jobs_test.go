package ui

import (
	"context"
	"testing"
	"time"

	"clinicadmin/data"
)

func TestJobs(t *testing.T) {
	u := newTestUI(t)
	m := u.addMember("Ann", "Lee", "ann", "ann@example.org")
	u.addMember("Bob", "Ray", "bob", "bob@example.org")
	u.store.SetClock(func() time.Time { return testNow.AddDate(0, 0, -40) })
	if err := u.store.SetStatus(context.Background(), m.ID, data.StatusPendingDelete); err != nil {
		t.Fatal(err)
	}
	u.store.SetClock(func() time.Time { return testNow })

	purged := 0
	j := &jobs{env: u.m.env, onPurged: func() { purged++ }}
	j.run()
	u.settle()
	if purged != 1 || u.memberCount() != 1 {
		t.Errorf("purge: got %d calls, %d members, want 1, 1", purged, u.memberCount())
	}
	files, err := data.ListBackups(backupDir(u.store))
	if err != nil || len(files) != 1 {
		t.Fatalf("backups: got %d, %v, want 1", len(files), err)
	}

	// The next look, within the day, has nothing to do.
	j.run()
	u.settle()
	files, _ = data.ListBackups(backupDir(u.store))
	if len(files) != 1 {
		t.Errorf("backups after a second look: got %d, want 1", len(files))
	}

	// A day later, there is a new backup.
	u.m.now = func() time.Time { return testNow.Add(25 * time.Hour) }
	u.store.SetClock(func() time.Time { return testNow.Add(25 * time.Hour) })
	j.run()
	u.settle()
	files, _ = data.ListBackups(backupDir(u.store))
	if len(files) != 2 {
		t.Errorf("backups a day later: got %d, want 2", len(files))
	}
}
