// Command import measures P5: the rate of importing members from CSV
// (indexes and full-text index included) against the sqlite3 shell loading
// the same CSV file into the same schema, in one run. It also times the
// sample data generator that makes the file's members.
//
// Fairness: Debian's sqlite3 shell (3.40) does not know the trigram
// tokenizer's remove_diacritics option, so its copy of the schema has the
// same full-text table and triggers with plain "trigram". The shell gets the
// same page cache, foreign keys and journal mode as the program. It loads
// the file with .import into a temporary table (no checks at all) and then
// one INSERT ... SELECT into members, the fastest the shell can fill the
// schema; the program checks every row with the rules of Create a Member.
package main

import (
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"time"

	_ "modernc.org/sqlite"

	"clinicadmin/data"
)

// target is P5: at least this share of the shell's rate.
const target = 0.40

func main() {
	n := flag.Int("n", 1_000_000, "members")
	dir := flag.String("dir", "", "work folder (default: a new temporary one)")
	prof := flag.String("cpuprofile", "", "write a CPU profile of the import here")
	flag.Parse()
	cpuProfile = *prof
	if err := run(*n, *dir); err != nil {
		fmt.Fprintln(os.Stderr, "bench/import:", err)
		os.Exit(1)
	}
}

func run(n int, dir string) error {
	if dir == "" {
		d, err := os.MkdirTemp("", "bench-import-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		dir = d
	}
	csvPath := filepath.Join(dir, "members.csv")
	rooms, err := makeCSV(filepath.Join(dir, "sample.db"), csvPath, n)
	if err != nil {
		return err
	}
	ours, err := timeImport(filepath.Join(dir, "ours.db"), csvPath, n, rooms)
	if err != nil {
		return err
	}
	shell, err := timeShell(filepath.Join(dir, "shell.db"), csvPath, n, rooms)
	if err != nil {
		return err
	}
	report(n, ours, shell)
	return nil
}

// makeCSV fills a database with n sample members (timed: the demo
// command's speed) and writes them out as an import file. It returns the
// rooms the file names.
// A work folder given with -dir keeps both for the next run, which reuses
// them when they hold n members.
func makeCSV(dbPath, csvPath string, n int) ([]data.Room, error) {
	ctx := context.Background()
	s, err := data.Open(ctx, dbPath)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	c, err := s.Counts(ctx)
	if err != nil {
		return nil, err
	}
	_, csvErr := os.Stat(csvPath)
	if c.Members != n || csvErr != nil {
		if err := loadSample(ctx, s, n); err != nil {
			return nil, err
		}
	}
	rooms, err := s.ListRooms(ctx)
	if err != nil {
		return nil, err
	}
	return rooms, dumpMembers(dbPath, csvPath)
}

func loadSample(ctx context.Context, s *data.Store, n int) error {
	start := time.Now()
	if err := s.LoadSample(ctx, n, nil); err != nil {
		return err
	}
	fmt.Printf("demo: %d sample members with visits in %.1f s\n", n,
		time.Since(start).Seconds())
	return nil
}

// newDB makes a new database with the rooms.
func newDB(path string, rooms []data.Room) (*data.Store, error) {
	ctx := context.Background()
	s, err := data.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	for _, r := range rooms {
		if _, err := s.CreateRoom(ctx, r.Name, r.Code); err != nil &&
			!errors.Is(err, data.ErrDuplicate) {
			s.Close()
			return nil, err
		}
	}
	return s, nil
}

// memberSelect reads the members in the import file's column order.
const memberSelect = `SELECT r.name, coalesce(m.username, ''), m.email, m.first_name,
	m.last_name, m.phone, m.birth_date, m.sex, m.address, m.notes, m.status
	FROM members m JOIN rooms r ON r.id = m.room_id ORDER BY m.id`

func dumpMembers(dbPath, csvPath string) error {
	db, err := sql.Open("sqlite", "file:"+dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	rows, err := db.Query(memberSelect)
	if err != nil {
		return err
	}
	defer rows.Close()
	f, err := os.Create(csvPath)
	if err != nil {
		return err
	}
	defer f.Close()

	w := csv.NewWriter(f)
	header := make([]string, len(data.MemberColumns))
	for i, c := range data.MemberColumns {
		header[i] = string(c)
	}
	w.Write(header)
	rec := make([]string, len(header))
	ptrs := make([]any, len(rec))
	for i := range rec {
		ptrs[i] = &rec[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		w.Write(rec)
	}
	w.Flush()
	return w.Error()
}

// timeImport imports the file into a new database the way the program does.
func timeImport(dbPath, csvPath string, n int, rooms []data.Room) (time.Duration, error) {
	ctx := context.Background()
	if err := removeDB(dbPath); err != nil {
		return 0, err
	}
	s, err := newDB(dbPath, rooms)
	if err != nil {
		return 0, err
	}
	defer s.Close()
	f, err := os.Open(csvPath)
	if err != nil {
		return 0, err
	}
	defer f.Close()

	stop, err := startProfile()
	if err != nil {
		return 0, err
	}
	start := time.Now()
	rep, err := s.Import(ctx, data.ImportFiles{Members: f}, data.ImportOptions{}, nil)
	took := time.Since(start)
	stop()
	if err != nil {
		return 0, fmt.Errorf("import: %w (%v)", err, first(rep.Problems))
	}
	if rep.Members != n {
		return 0, fmt.Errorf("import added %d members, want %d", rep.Members, n)
	}
	return took, nil
}

var cpuProfile string

// startProfile starts the CPU profile that -cpuprofile asks for.
func startProfile() (stop func(), err error) {
	if cpuProfile == "" {
		return func() {}, nil
	}
	f, err := os.Create(cpuProfile)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

func first(ps []data.RowProblem) any {
	if len(ps) == 0 {
		return "no problem listed"
	}
	return ps[0]
}

// shellSchema replaces the full-text table by one the 3.40 shell can load;
// the triggers that keep it stay as the migrations made them.
var shellSchema = []string{
	"DROP TABLE members_fts",
	`CREATE VIRTUAL TABLE members_fts USING fts5 (first_name, last_name, username,
		email, phone, starts, content = 'members_search', content_rowid = 'name_rank',
		tokenize = 'trigram')`,
	"INSERT INTO members_fts (members_fts, rank) VALUES ('secure-delete', 1)",
}

// shellScript loads the file into a temporary table, then into members.
const shellScript = `PRAGMA cache_size = -262144;
PRAGMA foreign_keys = 1;
.import --csv --schema temp %s staging
INSERT INTO members (room_id, username, email, first_name, last_name, phone,
	birth_date, sex, address, notes, status, status_since, created_at, updated_at,
	name_rank)
SELECT (SELECT id FROM rooms WHERE name = s.room), nullif(s.username, ''), s.email,
	s.first_name, s.last_name, s.phone, s.birth_date, s.sex, s.address, s.notes,
	s.status, '%[2]s', '%[2]s', '%[2]s',
	row_number() OVER (ORDER BY s.last_name COLLATE NOCASE, s.first_name COLLATE NOCASE)
	* 4294967296 FROM temp.staging s;
SELECT count(*) FROM members;
`

// timeShell times the sqlite3 shell loading the file into our schema.
func timeShell(dbPath, csvPath string, n int, rooms []data.Room) (time.Duration, error) {
	if _, err := exec.LookPath("sqlite3"); err != nil {
		return 0, fmt.Errorf("the sqlite3 shell is needed: %w", err)
	}
	if err := prepareShellDB(dbPath, rooms); err != nil {
		return 0, err
	}
	stamp := time.Now().UTC().Format("2006-01-02T15:04:05.000000Z")
	cmd := exec.Command("sqlite3", "-bail", dbPath)
	cmd.Stdin = strings.NewReader(fmt.Sprintf(shellScript, csvPath, stamp))
	start := time.Now()
	out, err := cmd.CombinedOutput()
	took := time.Since(start)
	if err != nil {
		return 0, fmt.Errorf("sqlite3: %v: %s", err, out)
	}
	if got := strings.TrimSpace(string(out)); got != fmt.Sprint(n) {
		return 0, fmt.Errorf("sqlite3 loaded %q members, want %d", got, n)
	}
	return took, nil
}

func prepareShellDB(path string, rooms []data.Room) error {
	if err := removeDB(path); err != nil {
		return err
	}
	s, err := newDB(path, rooms)
	if err != nil {
		return err
	}
	if err := s.Close(); err != nil {
		return err
	}
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		return err
	}
	defer db.Close()
	for _, q := range shellSchema {
		if _, err := db.Exec(q); err != nil {
			return fmt.Errorf("shell schema: %w", err)
		}
	}
	return nil
}

// removeDB removes a database file left by an earlier run.
func removeDB(path string) error {
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Remove(path + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return nil
}

func report(n int, ours, shell time.Duration) {
	rate := func(d time.Duration) float64 { return float64(n) / d.Seconds() }
	ratio := rate(ours) / rate(shell)
	verdict := "PASS"
	if ratio < target {
		verdict = "FAIL"
	}
	fmt.Printf("P5 import %d members: clinicadmin %.1f s (%.0f rows/s), "+
		"sqlite3 shell %.1f s (%.0f rows/s): %.0f%% of the shell's rate "+
		"(target >= %.0f%%) %s\n", n, ours.Seconds(), rate(ours), shell.Seconds(),
		rate(shell), 100*ratio, 100*target, verdict)
}
