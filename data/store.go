// Package data is the domain of Clinic Admin and its store: members, rooms,
// visits, login detail, email outbox and the audit log, kept in one local
// SQLite file. It never imports the user interface.
package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"os/user"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// DefaultPath returns the default database file, clinic.db in the user's
// configuration folder. It returns an error when that folder is unknown.
func DefaultPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("find configuration folder: %w", err)
	}
	return filepath.Join(dir, "clinicadmin", "clinic.db"), nil
}

// Store is an open clinic database.
type Store struct {
	db    *sql.DB
	path  string
	actor string
	now   func() time.Time
}

// maxConns bounds the pool: each connection has its own page cache.
const maxConns = 4

// Open opens the database file at path, creating it and its folder when it
// does not exist, and brings its schema up to date. A new file gets one room,
// "Main". Open returns *FileError when the file is not a Clinic Admin
// database or was written by a newer version; such a file is left untouched.
func Open(ctx context.Context, path string) (*Store, error) {
	if err := checkFile(path); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, &FileError{Path: path, Reason: ReasonFolder, Err: err}
	}
	// A new file is readable by its owner only: it holds patients' data,
	// and SQLite gives its -wal and -shm files the same permissions.
	if err := createPrivate(path); err != nil && !errors.Is(err, fs.ErrExist) {
		return nil, &FileError{Path: path, Reason: ReasonReadOnly, Err: err}
	}

	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	db.SetMaxOpenConns(maxConns)
	s := &Store{db: db, path: path, actor: osUser(), now: time.Now}

	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, classifyFileError(path, err)
	}
	if err := s.rankStray(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// dsn carries every pragma, so that each pooled connection gets them.
func dsn(path string) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "secure_delete(1)")
	q.Set("_txlock", "immediate")
	u := url.URL{Scheme: "file", Path: uriPath(path), RawQuery: q.Encode()}
	return u.String()
}

// uriPath makes path absolute for a file: URI, where a relative path would
// read as a host name ("file://folder/clinic.db") and a Windows drive needs
// a slash in front ("file:///C:/...").
func uriPath(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return p
}

// osUser names the person at the keyboard for the audit log.
func osUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "admin"
}

// Close checkpoints the write-ahead log into the main file and closes it.
func (s *Store) Close() error {
	_, cpErr := s.db.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("close database: %w", err)
	}
	if cpErr != nil {
		return fmt.Errorf("checkpoint on close: %w", cpErr)
	}
	return nil
}

// Path returns the file the store was opened on.
func (s *Store) Path() string { return s.path }

// SetActor sets the name recorded as the actor of later audit rows.
func (s *Store) SetActor(name string) { s.actor = name }

// SetClock replaces the clock used to stamp changes; tests use it.
func (s *Store) SetClock(now func() time.Time) { s.now = now }

// IntegrityCheck runs SQLite's integrity check and returns nil when the file
// is sound, or an *IntegrityError with the first problem found.
func (s *Store) IntegrityCheck(ctx context.Context) error {
	var result string
	err := s.db.QueryRowContext(ctx, "PRAGMA integrity_check(1)").Scan(&result)
	if err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	if result != "ok" {
		return &IntegrityError{Problem: result}
	}
	return nil
}

// IntegrityError reports the first problem SQLite's integrity check found.
type IntegrityError struct{ Problem string }

func (e *IntegrityError) Error() string {
	return "The database failed its integrity check: " + e.Problem
}

// inTx runs fn in one write transaction, committing when fn returns nil.
// A full disk or a read-only file comes back as a *FileError, since the
// administrator must act on the file, not on the input.
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return classifyFileError(s.path, fmt.Errorf("begin: %w", err))
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return classifyFileError(s.path, err)
	}
	if err := tx.Commit(); err != nil {
		return classifyFileError(s.path, fmt.Errorf("commit: %w", err))
	}
	return nil
}

// timeLayout is how every time is stored: UTC with a fixed width, so that the
// text order of two stamps is their time order.
const timeLayout = "2006-01-02T15:04:05.000000Z"

// formatTime renders t for storage; the zero time is stored as "".
func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeLayout)
}

// parseTime reads a stored time; "" is the zero time.
func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("read stored time: %w", err)
	}
	return t.UTC(), nil
}

// clock returns the store's present moment in UTC, at the stored precision.
func (s *Store) clock() time.Time {
	return s.now().UTC().Truncate(time.Microsecond)
}

// querier is what reads need: the pool or a transaction.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// exists runs a query selecting at most one row and reports whether it did.
func exists(ctx context.Context, q querier, query string, args ...any) (bool, error) {
	var one int
	err := q.QueryRowContext(ctx, query, args...).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// checkpoint copies the write-ahead log into the main file and truncates it,
// so that pages a delete overwrote live on nowhere.
func (s *Store) checkpoint(ctx context.Context) error {
	var busy, logFrames, copied int
	err := s.db.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").
		Scan(&busy, &logFrames, &copied)
	if err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	if busy != 0 {
		return ErrLogBusy
	}
	return nil
}
