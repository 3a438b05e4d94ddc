package data_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"clinicadmin/data"
)

func TestOpen(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "nested", "clinic.db")
		s, err := data.Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}

		if got := userVersion(t, path); got != data.SchemaVersion {
			t.Errorf("user_version: got %d, want %d", got, data.SchemaVersion)
		}
		if got := header(t, path)[18]; got != 2 {
			t.Errorf("file format write version: got %d, want 2 (WAL)", got)
		}
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := st.Mode().Perm(); got != 0o600 {
			t.Errorf("permissions: got %v, want -rw------- (patients' data)", got)
		}
	})

	t.Run("ReopenKeepsOneRoom", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "clinic.db")
		for range 2 {
			s, err := data.Open(context.Background(), path)
			if err != nil {
				t.Fatal(err)
			}
			s.Close()
		}
		if got := queryStrings(t, path, "SELECT name FROM rooms"); len(got) != 1 ||
			got[0] != "Main" {
			t.Errorf("rooms: got %q, want [Main]", got)
		}
	})

	t.Run("RelativePath", func(t *testing.T) {
		dir := t.TempDir()
		t.Chdir(dir)
		s, err := data.Open(context.Background(), filepath.Join("sub", "clinic.db"))
		if err != nil {
			t.Fatalf("got %v, want the file opened below the working folder", err)
		}
		s.Close()
		got := userVersion(t, filepath.Join(dir, "sub", "clinic.db"))
		if got != data.SchemaVersion {
			t.Errorf("user_version: got %d, want %d", got, data.SchemaVersion)
		}
	})

	t.Run("EmptyFile", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "clinic.db")
		if err := os.WriteFile(path, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		s, err := data.Open(context.Background(), path)
		if err != nil {
			t.Fatalf("got %v, want a new database in the empty file", err)
		}
		s.Close()
	})
}

func TestOpen_Refused(t *testing.T) {
	tests := []struct {
		name   string
		make   func(t *testing.T, path string)
		reason data.FileReason
	}{
		{"ErrNotDatabase", writeText, data.ReasonNotDatabase},
		{"ErrShortFile", writeShortHeader, data.ReasonNotDatabase},
		{"ErrNewerVersion", writeNewerVersion, data.ReasonNewer},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "clinic.db")
			tt.make(t, path)
			before := readFile(t, path)

			_, err := data.Open(context.Background(), path)
			var fe *data.FileError
			if !errors.As(err, &fe) || fe.Reason != tt.reason {
				t.Fatalf("got %v, want a FileError with reason %d", err, tt.reason)
			}
			if fe.Error() == "" || !bytes.Contains([]byte(fe.Error()), []byte(path)) {
				t.Errorf("message %q does not name the file", fe.Error())
			}
			if !bytes.Equal(readFile(t, path), before) {
				t.Error("the refused file was changed")
			}
			for _, suffix := range []string{"-wal", "-shm", "-journal"} {
				if _, err := os.Stat(path + suffix); err == nil {
					t.Errorf("%s was created beside the refused file", suffix)
				}
			}
		})
	}
}

func writeText(t *testing.T, path string) {
	t.Helper()
	text := bytes.Repeat([]byte("name,email\nAda,ada@example.org\n"), 50)
	if err := os.WriteFile(path, text, 0o600); err != nil {
		t.Fatal(err)
	}
}

func writeShortHeader(t *testing.T, path string) {
	t.Helper()
	if err := os.WriteFile(path, []byte("SQLite format 3\x00"), 0o600); err != nil {
		t.Fatal(err)
	}
}

// writeNewerVersion makes a file as a later release would leave it.
func writeNewerVersion(t *testing.T, path string) {
	t.Helper()
	s, err := data.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	db := rawDB(t, path)
	if _, err := db.Exec("PRAGMA user_version = 9999"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	os.Remove(path + "-wal")
	os.Remove(path + "-shm")
}

// rawDB opens the file without the store, as another program would.
func rawDB(t testing.TB, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func userVersion(t *testing.T, path string) int {
	t.Helper()
	var v int
	if err := rawDB(t, path).QueryRow("PRAGMA user_version").Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func queryStrings(t *testing.T, path, query string) []string {
	t.Helper()
	rows, err := rawDB(t, path).Query(query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func header(t *testing.T, path string) []byte {
	t.Helper()
	b := readFile(t, path)
	if len(b) < 100 {
		t.Fatalf("file is %d bytes, shorter than a header", len(b))
	}
	return b[:100]
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
