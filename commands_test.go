package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"clinicadmin/data"
)

// binary is the program built once for these tests.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "clinicadmin-cli-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "clinicadmin")
	build := exec.Command(goCommand(), "build", "-o", binary, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// goCommand finds the go command: on the PATH, or where make puts it.
func goCommand() string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return "/usr/local/go/bin/go"
}

// result is what one run of the program showed.
type result struct {
	code           int
	stdout, stderr string
}

// clinicadmin runs the built program with args, as a user would.
func clinicadmin(t *testing.T, args ...string) result {
	t.Helper()
	return clinicadminEnv(t, nil, args...)
}

// clinicadminEnv is clinicadmin with variables added to the environment.
func clinicadminEnv(t *testing.T, env []string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = append(append(os.Environ(), "CLINICADMIN_DB="), env...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatal(err)
	}
	return result{code: cmd.ProcessState.ExitCode(), stdout: out.String(),
		stderr: errOut.String()}
}

// wantFailure checks exit status 1 with one line on stderr holding words.
func wantFailure(t *testing.T, r result, words string) {
	t.Helper()
	if r.code != 1 || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, words) {
		t.Errorf("got exit %d, stderr %q, want 1 and one line with %q", r.code, r.stderr, words)
	}
}

func wantSuccess(t *testing.T, r result, words string) {
	t.Helper()
	if r.code != 0 || r.stderr != "" || !strings.Contains(r.stdout, words) {
		t.Errorf("got exit %d, stdout %q, stderr %q, want 0 and %q", r.code, r.stdout,
			r.stderr, words)
	}
}

// newDB makes a database file with n members and returns its path.
func newDB(t *testing.T, n int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "clinic.db")
	s, err := data.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rooms, err := s.ListRooms(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		_, err := s.CreateMember(context.Background(), data.MemberInput{RoomID: rooms[0].ID,
			Email: fmt.Sprintf("m%d@example.org", i), FirstName: "Ann", LastName: "Lee"})
		if err != nil {
			t.Fatal(err)
		}
	}
	return path
}

// members counts the members in the database at path.
func members(t *testing.T, path string) int {
	t.Helper()
	s, err := data.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c, err := s.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c.Members
}

func TestUsage(t *testing.T) {
	db := newDB(t, 0)
	cases := map[string][]string{
		"UnknownCommand": {"-db", db, "frobnicate"},
		"UnknownFlag":    {"-db", db, "import", "-fast", "x.csv"},
		"ImportNoFile":   {"-db", db, "import"},
		"ImportTwoFiles": {"-db", db, "import", "a.csv", "b.csv"},
		"BadDateOrder":   {"-db", db, "import", "-date-order", "ydm", "a.csv"},
		"BackupNoDir":    {"-db", db, "backup"},
		"PurgeExtra":     {"-db", db, "purge", "now"},
		"DemoNotNumber":  {"-db", db, "demo", "many"},
		"DemoZero":       {"-db", db, "demo", "0"},
		"GlobalFlag":     {"-verbose", "check"},
	}
	for name, args := range cases {
		t.Run(name, func(t *testing.T) {
			r := clinicadmin(t, args...)
			if r.code != 2 || !strings.HasPrefix(r.stderr, "usage:") || r.stdout != "" {
				t.Errorf("got exit %d, stderr %q, want 2 and the usage", r.code, r.stderr)
			}
		})
	}
}

// TestWindowNeedsDisplay: started where no window can be shown, the
// program says so in one line instead of crashing, and creates no file.
func TestWindowNeedsDisplay(t *testing.T) {
	db := filepath.Join(t.TempDir(), "clinic.db")
	env := []string{"DISPLAY=", "WAYLAND_DISPLAY=", "LANG=en_US.UTF-8"}
	r := clinicadminEnv(t, env, "-db", db)
	wantFailure(t, r, "there is no display to open the window on")
	if _, err := os.Stat(db); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("got %v, want no database file created", err)
	}
}

var mixedCSV = "room,username,email,first_name,last_name,phone,birth_date,sex," +
	"address,notes,status\n" +
	"Main,ann,ann@example.org,Ann,Lee,,1980-03-07,female,,,\n" +
	"Main,bob,bob-at-example.org,Bob,Ray,,,,,,\n" +
	"Main,cyd,cy@example.org,Cy,,,,,,,\n" +
	"Main,carla,carla@example.org,\"Car\rla\",Diaz,,,,,,\n" +
	"Main,ann2,ANN@example.org,Anne,Lee,,,,,,\n" +
	"Main,old,m0@example.org,Olga,Old,,,,,,\n" +
	"Main,long,long@example.org," + strings.Repeat("x", 10000) + ",Long,,,,,,\n" +
	"Main,few,few@example.org,Few\n" +
	"MAIN,dan,dan@example.org,Dan,Öztürk,,1980-03-07,,\"1 High St\nLeeds\",,suspended\n"

// wantListed is what the program lists for mixedCSV: no value of a row.
var wantListed = []string{
	"members.csv:3: Email must be one plain address",
	"members.csv:4: Last name is required.",
	"members.csv:5: First name must not contain a line break.",
	"members.csv:6: Email is the same as on line 2.",
	"members.csv:7: Email is already used by another member.",
	"members.csv:8: First name must be at most 100 characters.",
	"members.csv:9: The row has 4 columns; the header has 11.",
}

func writeCSV(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "members.csv")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestImportCommand(t *testing.T) {
	t.Run("DryRunListsBadRows", func(t *testing.T) {
		db := newDB(t, 1)
		r := clinicadmin(t, "-db", db, "import", "-dry-run", writeCSV(t, mixedCSV))
		wantFailure(t, r, "7 of 9 rows would be refused; nothing was written")
		checkListed(t, r.stdout)
		if got := members(t, db); got != 1 {
			t.Errorf("members: got %d, want 1", got)
		}
	})

	t.Run("ErrRowsRefused", func(t *testing.T) {
		db := newDB(t, 1)
		r := clinicadmin(t, "-db", db, "import", writeCSV(t, mixedCSV))
		wantFailure(t, r, "7 rows were refused; nothing was imported.")
		checkListed(t, r.stdout)
		if got := members(t, db); got != 1 {
			t.Errorf("members: got %d, want 1", got)
		}
	})

	t.Run("OK", func(t *testing.T) {
		db := newDB(t, 1)
		lines := strings.SplitAfter(mixedCSV, "\n")
		clean := lines[0] + lines[1] + lines[9] + lines[10]
		r := clinicadmin(t, "-db", db, "import", writeCSV(t, clean))
		wantSuccess(t, r, "Imported 2 members and 0 visits.")
		if got := members(t, db); got != 3 {
			t.Errorf("members: got %d, want 3", got)
		}
	})

	t.Run("ErrNoFile", func(t *testing.T) {
		r := clinicadmin(t, "-db", newDB(t, 0), "import", "/nonexistent/members.csv")
		wantFailure(t, r, "cannot read /nonexistent/members.csv")
	})

	t.Run("ErrHeader", func(t *testing.T) {
		r := clinicadmin(t, "-db", newDB(t, 0), "import", writeCSV(t, "name;mail\nA;b\n"))
		wantFailure(t, r, `the column "name" is not known`)
	})
}

// checkListed checks the list of refused rows, and that no value of a row
// was printed.
func checkListed(t *testing.T, stdout string) {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != len(wantListed) {
		t.Fatalf("listed: got %q, want %d lines", stdout, len(wantListed))
	}
	for i, want := range wantListed {
		if !strings.HasPrefix(lines[i], want) {
			t.Errorf("line %d: got %q, want %q", i, lines[i], want)
		}
	}
	for _, value := range []string{"bob-at-example", "Carla", "xxxxxxxx", "Olga", "ANN@"} {
		if strings.Contains(stdout, value) {
			t.Errorf("listed %q: a value of a row", value)
		}
	}
}

func TestBackupCommand(t *testing.T) {
	db := newDB(t, 3)
	dir := filepath.Join(t.TempDir(), "backups")
	r := clinicadmin(t, "-db", db, "backup", dir)
	wantSuccess(t, r, "Backup written to "+dir)
	backup := strings.TrimSpace(strings.TrimPrefix(r.stdout, "Backup written to "))

	t.Run("Restore", func(t *testing.T) {
		newDB := filepath.Join(t.TempDir(), "clinic.db")
		r := clinicadmin(t, "-db", newDB, "restore", backup)
		wantSuccess(t, r, "Restored "+newDB)
		if got := members(t, newDB); got != 3 {
			t.Errorf("members: got %d, want 3", got)
		}
	})

	t.Run("ErrRestoreNotDatabase", func(t *testing.T) {
		r := clinicadmin(t, "-db", db, "restore", writeCSV(t, "a,b\n"))
		wantFailure(t, r, "is not a Clinic Admin database or is damaged")
	})

	t.Run("ErrNoDatabase", func(t *testing.T) {
		missing := filepath.Join(t.TempDir(), "none.db")
		r := clinicadmin(t, "-db", missing, "backup", dir)
		wantFailure(t, r, "does not exist")
		if _, err := os.Stat(missing); err == nil {
			t.Error("backup created the missing database")
		}
	})
}

func TestPurgeCommand(t *testing.T) {
	db := newDB(t, 2)
	s, err := data.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	s.SetClock(func() time.Time { return time.Now().AddDate(0, 0, -40) })
	if err := s.SetStatus(context.Background(), 1, data.StatusPendingDelete); err != nil {
		t.Fatal(err)
	}
	s.Close()

	wantSuccess(t, clinicadmin(t, "-db", db, "purge"), "Removed 1 member whose")
	wantSuccess(t, clinicadmin(t, "-db", db, "purge"), "Removed 0 members whose")
	if got := members(t, db); got != 1 {
		t.Errorf("members: got %d, want 1", got)
	}
}

func TestCheckCommand(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		wantSuccess(t, clinicadmin(t, "-db", newDB(t, 3), "check"), "The database is sound")
	})

	t.Run("ErrDamaged", func(t *testing.T) {
		db := newDB(t, 200)
		b, err := os.ReadFile(db)
		if err != nil {
			t.Fatal(err)
		}
		for i := len(b) / 2; i < len(b)/2+8192; i++ {
			b[i] = 0xA5
		}
		if err := os.WriteFile(db, b, 0o600); err != nil {
			t.Fatal(err)
		}
		r := clinicadmin(t, "-db", db, "check")
		if r.code != 1 || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("got exit %d, stderr %q, want 1 and one line", r.code, r.stderr)
		}
	})

	t.Run("ErrAuditAltered", func(t *testing.T) {
		db := newDB(t, 3)
		tamper(t, db, "DROP TRIGGER audit_no_update",
			"UPDATE audit SET fields = 'notes' WHERE id = 2")
		wantFailure(t, clinicadmin(t, "-db", db, "check"), "The audit log was altered at entry 2")
	})
}

// tamper runs statements on the file behind the program's back.
func tamper(t *testing.T, path string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

func TestDemoCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "clinic.db")
	wantSuccess(t, clinicadmin(t, "-db", db, "demo", "40"), "Added 40 sample members")
	wantFailure(t, clinicadmin(t, "-db", db, "demo", "40"), "The database already has members")
	if got := members(t, db); got != 40 {
		t.Errorf("members: got %d, want 40", got)
	}
}

func TestExportCommand(t *testing.T) {
	db := newDB(t, 12)
	out := filepath.Join(t.TempDir(), "export.csv")

	t.Run("OK", func(t *testing.T) {
		r := clinicadmin(t, "-db", db, "export", "-search", "m1", "-status", "active",
			"-room", "main", out)
		wantSuccess(t, r, "Exported 3 members to "+out) // m1, m10, m11
		fresh := filepath.Join(t.TempDir(), "clinic.db")
		wantSuccess(t, clinicadmin(t, "-db", fresh, "import", out), "Imported 3 members")
	})

	t.Run("Stdout", func(t *testing.T) {
		r := clinicadmin(t, "-db", db, "export", "-")
		if r.code != 0 || !strings.HasPrefix(r.stdout, "\ufeffroom,username,email,") ||
			strings.Count(r.stdout, "\n") != 13 {
			t.Errorf("got exit %d, stdout %q", r.code, r.stdout)
		}
	})

	t.Run("ErrUnknownRoom", func(t *testing.T) {
		wantFailure(t, clinicadmin(t, "-db", db, "export", "-room", "Attic", out),
			`there is no room named or coded "Attic"`)
	})

	t.Run("ErrBadStatus", func(t *testing.T) {
		r := clinicadmin(t, "-db", db, "export", "-status", "gone", out)
		if r.code != 2 {
			t.Errorf("got exit %d, want 2", r.code)
		}
	})
}
