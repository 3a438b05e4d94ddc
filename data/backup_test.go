package data_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"clinicadmin/data"
)

// openFile opens the database at path and closes it when the test ends.
func openFile(t *testing.T, path string) *data.Store {
	t.Helper()
	s, err := data.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// addMembers creates members from number start on until stop is closed or
// n are made, and returns how many it made.
func addMembers(t *testing.T, s *data.Store, start, n int, stop <-chan struct{}) int {
	t.Helper()
	for i := 0; i < n; i++ {
		select {
		case <-stop:
			return i
		default:
		}
		mustCreate(t, s, input(t, s, fmt.Sprint(start+i)))
	}
	return n
}

func TestBackupWhileWriting(t *testing.T) {
	ctx := context.Background()
	dbPath := filepath.Join(t.TempDir(), "clinic.db")
	s := openFile(t, dbPath)
	before := addMembers(t, s, 0, 150, nil)

	// Another goroutine writes all through the backup.
	stop := make(chan struct{})
	var during atomic.Int64
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		during.Store(int64(addMembers(t, s, 1000, 1<<30, stop)))
	}()
	time.Sleep(20 * time.Millisecond)

	var calls int
	path, err := s.Backup(ctx, filepath.Join(t.TempDir(), "backups"),
		func(done, total int) { calls++ })
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if calls < 10 || during.Load() == 0 {
		t.Errorf("progress calls, members written during: got %d, %d, want >= 10, > 0",
			calls, during.Load())
	}

	// The copy is one snapshot: every member committed before, and then
	// members 1000, 1001... up to some point, with no gap.
	copied := openFile(t, copyOf(t, path))
	if err := copied.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
	for i := range before {
		checkHas(t, copied, int64(i+1), fmt.Sprintf("user%d@example.org", i))
	}
	n := memberCount(t, copied)
	t.Logf("the copy holds %d members: %d before, %d of %d written meanwhile", n, before,
		n-before, during.Load())
	for id := before + 1; id <= n; id++ {
		checkHas(t, copied, int64(id), fmt.Sprintf("user%d@example.org", 1000+id-before-1))
	}

	t.Run("Restore", func(t *testing.T) {
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		kept, err := data.Restore(ctx, path, dbPath)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(kept); err != nil {
			t.Errorf("kept file: %v", err)
		}
		restored := openFile(t, dbPath)
		want := memberCount(t, copied)
		if got := memberCount(t, restored); got != want {
			t.Errorf("members after restore: got %d, want %d", got, want)
		}
		old := openFile(t, kept)
		if got, want := memberCount(t, old), before+int(during.Load()); got != want {
			t.Errorf("members in the kept file: got %d, want %d", got, want)
		}
	})
}

// copyOf copies a file into a new folder, so that opening it changes
// nothing of the original.
func copyOf(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(t.TempDir(), filepath.Base(path))
	if err := os.WriteFile(dst, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return dst
}

func checkHas(t *testing.T, s *data.Store, id int64, email string) {
	t.Helper()
	m, err := s.GetMember(context.Background(), id)
	if err != nil || m.Email != email {
		t.Fatalf("member %d: got %q, %v, want %s", id, m.Email, err, email)
	}
}

func TestBackupRotation(t *testing.T) {
	s := MustOpen(t)
	dir := t.TempDir()
	others := []string{"notes.txt", "clinic.db", "clinic-2024.db", "clinic-20240101-000000.db.bak"}
	for _, name := range others {
		writeFile(t, filepath.Join(dir, name), "keep me")
	}
	for day := 1; day <= 20; day++ {
		writeFile(t, filepath.Join(dir, fmt.Sprintf("clinic-202401%02d-120000.db", day)), "")
	}

	path, err := s.Backup(context.Background(), dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	files, err := data.ListBackups(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 14 || files[0].Path != path {
		t.Fatalf("backups: got %d, newest %v, want 14, newest %s", len(files), files[0], path)
	}
	if got := filepath.Base(files[13].Path); got != "clinic-20240108-120000.db" {
		t.Errorf("oldest kept: got %s, want clinic-20240108-120000.db", got)
	}
	for _, name := range others {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestBackupSameSecond(t *testing.T) {
	s := MustOpen(t)
	newClock(s, time.Date(2024, 5, 6, 7, 8, 9, 0, time.Local))
	dir := t.TempDir()
	var names []string
	for range 3 {
		path, err := s.Backup(context.Background(), dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, filepath.Base(path))
	}
	want := "[clinic-20240506-070809.db clinic-20240506-070809-2.db clinic-20240506-070809-3.db]"
	if got := fmt.Sprint(names); got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestRestoreRefused(t *testing.T) {
	ctx := context.Background()
	s := MustOpen(t)
	good, err := s.Backup(ctx, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}

	cases := []struct {
		name   string
		make   func(path string)
		reason data.FileReason
	}{
		{"ErrNotDatabase", func(p string) { writeFile(t, p, "name,email\n") },
			data.ReasonNotDatabase},
		{"ErrEmpty", func(p string) { writeFile(t, p, "") }, data.ReasonNotDatabase},
		{"ErrNewer", func(p string) { patch(t, good, p, 60, []byte{0, 0, 0, 99}) },
			data.ReasonNewer},
		{"ErrMissing", func(string) {}, data.ReasonUnreadable},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			backup := filepath.Join(dir, "clinic-20240101-000000.db")
			c.make(backup)
			dbPath := filepath.Join(dir, "clinic.db")
			writeFile(t, dbPath, "current")

			_, err := data.Restore(ctx, backup, dbPath)
			var fe *data.FileError
			if !errors.As(err, &fe) || fe.Reason != c.reason {
				t.Fatalf("got %v, want a FileError with reason %d", err, c.reason)
			}
			checkUntouched(t, dir, dbPath)
		})
	}

	t.Run("ErrDamaged", func(t *testing.T) {
		dir := t.TempDir()
		backup := filepath.Join(dir, "damaged.db")
		damage(t, good, backup)
		dbPath := filepath.Join(dir, "clinic.db")
		writeFile(t, dbPath, "current")
		_, err := data.Restore(ctx, backup, dbPath)
		var ie *data.IntegrityError
		var fe *data.FileError
		if !errors.As(err, &ie) && !errors.As(err, &fe) {
			t.Fatalf("got %v, want an IntegrityError or FileError", err)
		}
		checkUntouched(t, dir, dbPath)
	})
}

// patch copies src to dst with bytes b written at offset off.
func patch(t *testing.T, src, dst string, off int, b []byte) {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	copy(data[off:], b)
	if err := os.WriteFile(dst, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// damage copies src to dst with every page after the first overwritten.
func damage(t *testing.T, src, dst string) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	for i := 4096; i < len(b); i++ {
		b[i] = byte(i * 7)
	}
	if err := os.WriteFile(dst, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// checkUntouched checks that the database file still says "current" and
// that nothing but it and the backup is in dir.
func checkUntouched(t *testing.T, dir, dbPath string) {
	t.Helper()
	b, err := os.ReadFile(dbPath)
	if err != nil || string(b) != "current" {
		t.Errorf("database file: got %q, %v, want it untouched", b, err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) > 2 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("files left: %v", names)
	}
}

func TestBackupPrivate(t *testing.T) {
	s := MustOpen(t)
	path, err := s.Backup(context.Background(), t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != 0o600 {
		t.Errorf("permissions: got %v, want -rw-------", got)
	}
}
