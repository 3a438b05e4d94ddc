package main

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"clinicadmin/data"
)

// timeLayout is the store's fixed-width UTC layout for stamps.
const timeLayout = "2006-01-02T15:04:05.000000Z"

var roomNames = []string{
	"Cardiology", "Dermatology", "Family Medicine", "Oncology", "Pediatrics",
	"Physiotherapy", "Radiology",
}

var domains = []string{
	"example.org", "example.com", "mail.example.net", "clinic.test", "post.example",
	"correo.example.es", "почта.example", "example.co.uk",
}

var phoneFormats = []func(r *rand.Rand) string{
	func(r *rand.Rand) string {
		return fmt.Sprintf("+1 555-%04d", r.IntN(10000))
	},
	func(r *rand.Rand) string {
		return fmt.Sprintf("(%03d) %03d-%04d", 200+r.IntN(800), r.IntN(1000), r.IntN(10000))
	},
	func(r *rand.Rand) string {
		return fmt.Sprintf("+44 20 %04d %04d", r.IntN(10000), r.IntN(10000))
	},
	func(r *rand.Rand) string {
		return fmt.Sprintf("+49 30 %08d", r.IntN(100000000))
	},
	func(r *rand.Rand) string {
		return fmt.Sprintf("06%08d", r.IntN(100000000))
	},
	func(r *rand.Rand) string { return "" },
}

// buildDB makes path hold n generated members, reusing a file that already
// has exactly n. It returns how long the build took (zero when reused).
func buildDB(ctx context.Context, path string, n int) (time.Duration, error) {
	if count, err := countMembers(ctx, path); err == nil && count == n {
		return 0, nil
	}
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Remove(path + suffix); err != nil && !os.IsNotExist(err) {
			return 0, fmt.Errorf("remove old file: %w", err)
		}
	}

	start := time.Now()
	store, err := data.Open(ctx, path)
	if err != nil {
		return 0, fmt.Errorf("create schema: %w", err)
	}
	if err := store.Close(); err != nil {
		return 0, err
	}

	db, err := sql.Open("sqlite", bulkDSN(path))
	if err != nil {
		return 0, fmt.Errorf("open for loading: %w", err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if err := load(ctx, db, n); err != nil {
		return 0, err
	}
	if err := db.Close(); err != nil {
		return 0, err
	}

	if store, err = data.Open(ctx, path); err != nil {
		return 0, fmt.Errorf("index: %w", err)
	}
	if err := store.Close(); err != nil {
		return 0, err
	}
	return time.Since(start), nil
}

// bulkDSN trades durability for speed: a half-built file is simply rebuilt.
func bulkDSN(path string) string {
	q := url.Values{}
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "busy_timeout(5000)")
	q.Add("_pragma", "synchronous(OFF)")
	q.Add("_pragma", "cache_size(-262144)")
	q.Add("_pragma", "journal_mode(OFF)")
	if abs, err := filepath.Abs(path); err == nil {
		path = abs // a relative path would read as the URI's host
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(path), RawQuery: q.Encode()}
	return u.String()
}

func countMembers(ctx context.Context, path string) (int, error) {
	if _, err := os.Stat(path); err != nil {
		return 0, err
	}
	db, err := sql.Open("sqlite", bulkDSN(path))
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var n int
	err = db.QueryRowContext(ctx, "SELECT count(*) FROM members").Scan(&n)
	return n, err
}

// load inserts the rooms and n members in one transaction, without name
// ranks: the members are neither in name order nor indexed until the store
// opens the file, and ranks and indexes them all in one pass.
func load(ctx context.Context, db *sql.DB, n int) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()

	rooms, err := insertRooms(ctx, tx)
	if err != nil {
		return err
	}
	ins, err := tx.PrepareContext(ctx, `INSERT INTO members (id, room_id, username,
		email, first_name, last_name, phone, birth_date, status, status_since,
		visit_count, last_visit, created_at, updated_at, name_key)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("prepare insert: %w", err)
	}
	defer ins.Close()

	r := rand.New(rand.NewPCG(1, 2))
	for id := 1; id <= n; id++ {
		if _, err := ins.ExecContext(ctx, memberRow(r, id, rooms)...); err != nil {
			return fmt.Errorf("insert member %d: %w", id, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

func insertRooms(ctx context.Context, tx *sql.Tx) ([]int64, error) {
	rooms := []int64{1}
	now := time.Now().UTC().Format(timeLayout)
	for i, name := range roomNames {
		res, err := tx.ExecContext(ctx, `INSERT INTO rooms (name, code, active, created_at)
			VALUES (?, ?, 1, ?)`, name, fmt.Sprintf("R%d", i+1), now)
		if err != nil {
			return nil, fmt.Errorf("insert room: %w", err)
		}
		id, err := res.LastInsertId()
		if err != nil {
			return nil, fmt.Errorf("room id: %w", err)
		}
		rooms = append(rooms, id)
	}
	return rooms, nil
}

// memberRow makes the column values of one generated member.
func memberRow(r *rand.Rand, id int, rooms []int64) []any {
	sc := pickScript(r)
	first, firstLatin := splitName(sc.first[r.IntN(len(sc.first))])
	last, lastLatin := splitName(sc.last[r.IntN(len(sc.last))])
	local := fmt.Sprintf("%s.%s%d", firstLatin, lastLatin, id)

	var username any
	if r.IntN(5) != 0 { // one in five is a guest
		username = local
	}
	email := local + "@" + domains[r.IntN(len(domains))]
	birth := time.Date(1930, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(33000))
	created := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC).
		Add(time.Duration(r.Int64N(int64(10 * 365 * 24 * time.Hour))))
	visits, lastVisit := 0, ""
	if r.IntN(4) != 0 {
		visits = 1 + r.IntN(60)
		lastVisit = created.Add(time.Duration(r.Int64N(int64(400 * 24 * time.Hour)))).
			Format(timeLayout)
	}
	stamp := created.Format(timeLayout)

	return []any{id, rooms[r.IntN(len(rooms))], username, email, first, last,
		phoneFormats[r.IntN(len(phoneFormats))](r), birth.Format(time.DateOnly),
		pickStatus(r), stamp, visits, lastVisit, stamp, stamp, data.NameKey(last, first)}
}

func pickScript(r *rand.Rand) script {
	n := r.IntN(100)
	for _, sc := range scripts {
		if n < sc.weight {
			return sc
		}
		n -= sc.weight
	}
	return scripts[0]
}

func pickStatus(r *rand.Rand) string {
	switch n := r.IntN(100); {
	case n < 90:
		return "active"
	case n < 97:
		return "suspended"
	}
	return "pending_delete"
}
