package data

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// Restore replaces the database file at dbPath by a copy of the backup at
// backupPath: StageRestore, then Apply. Every store on dbPath must be
// closed first, in this program and in any other: Restore cannot tell. It
// returns where the file it replaced was kept ("" when there was none) and
// the errors of StageRestore and Apply; on any error the file at dbPath is
// as it was.
func Restore(ctx context.Context, backupPath, dbPath string) (string, error) {
	r, err := StageRestore(ctx, backupPath, dbPath)
	if err != nil {
		return "", err
	}
	return r.Apply()
}

// StagedRestore is a checked copy of a backup beside the database file,
// ready to replace it.
type StagedRestore struct {
	staged, dbPath string
}

// StageRestore copies the backup at backupPath beside dbPath and checks the
// copy: it must be a Clinic Admin database of a schema version this program
// knows, and pass SQLite's integrity check. The database in use is not
// touched, and may stay open meanwhile. The backup itself is not changed.
// It returns a *FileError for a backup that cannot be used, an
// *IntegrityError for a damaged one, ctx's error, or an error from the file
// system.
func StageRestore(ctx context.Context, backupPath, dbPath string) (*StagedRestore, error) {
	if err := checkBackupFile(backupPath); err != nil {
		return nil, err
	}
	staged := dbPath + ".restore-tmp"
	removeDBFiles(staged)
	if err := copyFile(backupPath, staged); err != nil {
		removeDBFiles(staged)
		return nil, fmt.Errorf("restore: copy backup: %w", err)
	}
	if err := checkRestored(ctx, backupPath, staged); err != nil {
		removeDBFiles(staged)
		return nil, err
	}
	return &StagedRestore{staged: staged, dbPath: dbPath}, nil
}

// Apply keeps the current database file, with its write-ahead log, as
// dbPath.before-restore-YYYYMMDD-HHMMSS and moves the checked copy in its
// place. Every store on the database must be closed first. It returns
// where the file was kept ("" when there was none), or an error from the
// file system, the database file then being as it was.
func (r *StagedRestore) Apply() (string, error) {
	kept, err := swapIn(r.staged, r.dbPath, time.Now())
	if err != nil {
		r.Discard()
	}
	return kept, err
}

// Discard removes the checked copy, when the restore is not wanted.
func (r *StagedRestore) Discard() {
	removeDBFiles(r.staged)
}

// checkBackupFile refuses a missing, empty or foreign file, or one written
// by a newer version, before anything is copied.
func checkBackupFile(path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return &FileError{Path: path, Reason: ReasonUnreadable, Err: err}
	}
	if fi.Size() == 0 || !fi.Mode().IsRegular() {
		return &FileError{Path: path, Reason: ReasonNotDatabase}
	}
	return checkFile(path)
}

// checkRestored opens the staged copy: it must pass the integrity check and
// hold our schema. It leaves the copy as one file in rollback-journal mode.
func checkRestored(ctx context.Context, backupPath, staged string) error {
	db, err := openCheck(staged)
	if err != nil {
		return err
	}
	defer db.Close()

	var version int
	var result string
	err = db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version)
	if err == nil {
		err = db.QueryRowContext(ctx, "PRAGMA integrity_check(1)").Scan(&result)
	}
	if err != nil {
		return classifyFileError(backupPath, err)
	}
	switch {
	case version < 1 || !hasTable(ctx, db, "members"):
		return &FileError{Path: backupPath, Reason: ReasonNotDatabase}
	case version > SchemaVersion:
		return &FileError{Path: backupPath, Reason: ReasonNewer}
	case result != "ok":
		return &IntegrityError{Problem: result}
	}
	if _, err := db.ExecContext(ctx, "PRAGMA journal_mode = DELETE"); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	return nil
}

func hasTable(ctx context.Context, q querier, name string) bool {
	ok, err := exists(ctx, q, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
		name)
	return err == nil && ok
}

// dbSuffixes are the files SQLite keeps beside a database.
var dbSuffixes = []string{"", "-wal", "-shm", "-journal"}

// swapIn moves the current database files aside and the staged file in.
func swapIn(staged, dbPath string, now time.Time) (string, error) {
	kept := ""
	if _, err := os.Stat(dbPath); err == nil {
		kept = dbPath + ".before-restore-" + now.Local().Format(backupStamp)
		if err := moveDBFiles(dbPath, kept); err != nil {
			return "", err
		}
	}
	if err := os.Rename(staged, dbPath); err != nil {
		if kept != "" {
			moveDBFiles(kept, dbPath)
		}
		return "", fmt.Errorf("restore: %w", err)
	}
	syncDir(filepath.Dir(dbPath))
	return kept, nil
}

// moveDBFiles renames a database and the files beside it; on failure it
// moves back what it moved.
func moveDBFiles(from, to string) error {
	var moved []string
	for _, suffix := range dbSuffixes {
		err := os.Rename(from+suffix, to+suffix)
		if errors.Is(err, fs.ErrNotExist) && suffix != "" {
			continue
		}
		if err != nil {
			for _, m := range moved {
				os.Rename(to+m, from+m)
			}
			return fmt.Errorf("restore: keep current file: %w", err)
		}
		moved = append(moved, suffix)
	}
	return nil
}

func removeDBFiles(path string) {
	for _, suffix := range dbSuffixes {
		os.Remove(path + suffix)
	}
}
