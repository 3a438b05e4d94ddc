package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"clinicadmin/data"
)

func TestBackupView(t *testing.T) {
	u := newTestUI(t)
	u.addMember("Ann", "Lee", "ann", "ann@example.org")
	v := newBackupView(u.m.env)
	var staged *data.StagedRestore
	v.onRestore = func(r *data.StagedRestore, _ data.BackupFile) { staged = r }
	v.load()
	u.m.show(v.dlg)
	u.settle()
	if !strings.Contains(v.intro.Text, backupDir(u.store)) || len(v.entries) != 0 {
		t.Fatalf("intro %q, %d backups", v.intro.Text, len(v.entries))
	}

	test.Tap(v.backupBtn)
	u.settle()
	if len(v.entries) != 1 {
		t.Fatalf("backups after Back up now: got %d, want 1", len(v.entries))
	}
	if !showsPart(v.list, "14 March 2025, 10:30:00") {
		t.Errorf("the list shows %q", texts(v.list))
	}
	u.m.closeTop() // the message that the backup was written

	v.list.Select(0)
	test.Tap(v.restoreBtn)
	test.Tap(button(t, u.topDialog(), "Restore"))
	u.settle()
	if staged == nil {
		t.Fatal("the checked backup was not handed over")
	}
	staged.Discard()
}

func TestBackupViewDamaged(t *testing.T) {
	u := newTestUI(t)
	dir := backupDir(u.store)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "clinic-20250101-000000.db")
	if err := os.WriteFile(bad, []byte("not a database"), 0o600); err != nil {
		t.Fatal(err)
	}
	v := newBackupView(u.m.env)
	v.onRestore = func(*data.StagedRestore, data.BackupFile) { t.Error("restored a bad file") }
	v.load()
	u.m.show(v.dlg)
	u.settle()

	v.list.Select(0)
	test.Tap(v.restoreBtn)
	test.Tap(button(t, u.topDialog(), "Restore"))
	u.settle()
	if !showsPart(u.topDialog(), "is not a Clinic Admin database or is damaged") {
		t.Errorf("the dialog says %q", texts(u.topDialog()))
	}
}

func TestRestoreBackup(t *testing.T) {
	u := newTestUI(t)
	u.addMember("Ann", "Lee", "ann", "ann@example.org")
	backup, err := u.store.Backup(context.Background(), backupDir(u.store), nil)
	if err != nil {
		t.Fatal(err)
	}
	u.addMember("Bob", "Ray", "bob", "bob@example.org") // not in the backup

	r, err := data.StageRestore(context.Background(), backup, u.store.Path())
	if err != nil {
		t.Fatal(err)
	}
	u.m.restoreBackup(r, data.BackupFile{Path: backup, At: testNow})
	if !showsPart(u.topDialog(), "The backup of 14 March 2025, 10:30 was restored.") {
		t.Errorf("the dialog says %q", texts(u.topDialog()))
	}

	s, err := data.Open(context.Background(), u.store.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if c, err := s.Counts(context.Background()); err != nil || c.Members != 1 {
		t.Errorf("members after restore: got %d, %v, want 1", c.Members, err)
	}
}
