package data

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"time"

	"modernc.org/sqlite"
)

// backupPattern matches the names Backup gives: clinic-YYYYMMDD-HHMMSS.db,
// with -N before .db for a second backup within the same second. Rotation
// removes no other file.
var backupPattern = regexp.MustCompile(`^clinic-(\d{8}-\d{6})(?:-(\d+))?\.db$`)

const backupStamp = "20060102-150405"

// backupStepPages is how many pages one backup step copies: 4 MiB of 4 KiB
// pages between two progress reports. Tests make it small.
var backupStepPages int32 = 1024

// BackupFile is one backup in a folder.
type BackupFile struct {
	Path string
	At   time.Time // when it was taken, from its name, in local time
}

// Backup writes a consistent copy of the database into dir while the
// program goes on being used, named clinic-YYYYMMDD-HHMMSS.db after the
// local time, then removes the oldest backups in dir beyond the BackupKeep
// setting; no other file is touched. Changes committed before Backup was
// called are in the copy, later ones are not. progress, when not nil, gets
// the pages copied and the total. It returns the copy's path. On error no
// copy is left, except when only the rotation failed: the path is returned
// with that error. It returns ctx's error, or an error from the file
// system or the database.
//
// NOTE: a backup keeps members deleted after it was taken until rotation
// removes it.
func (s *Store) Backup(ctx context.Context, dir string, progress func(done, total int)) (string,
	error) {
	set, err := s.Settings(ctx)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("backup folder: %w", err)
	}
	path, err := freeBackupName(dir, s.now())
	if err != nil {
		return "", err
	}
	partial := filepath.Join(dir, "."+filepath.Base(path)+".partial")
	if err := createPrivate(partial); err != nil {
		return "", fmt.Errorf("backup: %w", err)
	}
	if err := s.copyTo(ctx, partial, progress); err != nil {
		os.Remove(partial)
		os.Remove(partial + "-journal")
		return "", err
	}
	if err := os.Rename(partial, path); err != nil {
		os.Remove(partial)
		return "", fmt.Errorf("backup: %w", err)
	}
	syncDir(dir)
	return path, rotateBackups(dir, set.BackupKeep)
}

// createPrivate creates an empty file that only its owner can read: the
// backup written into it holds patients' data, whatever folder it is in.
func createPrivate(path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	return f.Close()
}

// freeBackupName picks the name for a backup taken at t.
func freeBackupName(dir string, t time.Time) (string, error) {
	base := "clinic-" + t.Local().Format(backupStamp)
	for n := 1; n < 1000; n++ {
		name := base + ".db"
		if n > 1 {
			name = base + "-" + strconv.Itoa(n) + ".db"
		}
		path := filepath.Join(dir, name)
		if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) {
			return path, nil
		}
	}
	return "", fmt.Errorf("backup: no free name for %s in %s", base, dir)
}

// backuper is what the driver's connection offers for an online backup.
type backuper interface {
	NewBackup(dstURI string) (*sqlite.Backup, error)
}

// copyTo copies the database into a new file at dst with SQLite's online
// backup. One read transaction spans every step, so the copy is one
// snapshot and writers on other connections neither wait nor restart it.
func (s *Store) copyTo(ctx context.Context, dst string, progress func(done, total int)) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN DEFERRED"); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	var n int
	err = conn.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master").Scan(&n)
	if err == nil {
		err = conn.Raw(func(dc any) error { return stepBackup(ctx, dc, dst, progress) })
	}
	if _, endErr := conn.ExecContext(context.Background(), "COMMIT"); endErr != nil {
		conn.Raw(func(any) error { return driver.ErrBadConn })
		err = errors.Join(err, fmt.Errorf("backup: end read: %w", endErr))
	}
	return err
}

// stepBackup runs the backup on the driver connection dc.
func stepBackup(ctx context.Context, dc any, dst string, progress func(done, total int)) error {
	b, ok := dc.(backuper)
	if !ok {
		return errors.New("backup: the SQLite driver offers no online backup")
	}
	bk, err := b.NewBackup(dst)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	for more := true; more; {
		if err := ctx.Err(); err != nil {
			bk.Finish()
			return err
		}
		if more, err = bk.Step(backupStepPages); err != nil {
			bk.Finish()
			return fmt.Errorf("backup: %w", err)
		}
		if progress != nil {
			progress(bk.PageCount()-bk.Remaining(), bk.PageCount())
		}
	}
	if err := bk.Finish(); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

// ListBackups returns the backups in dir, newest first; none when dir does
// not exist. It returns an error when dir cannot be read.
func ListBackups(dir string) ([]BackupFile, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("list backups: %w", err)
	}
	type named struct {
		BackupFile
		seq int
	}
	var found []named
	for _, e := range entries {
		m := backupPattern.FindStringSubmatch(e.Name())
		if m == nil || !e.Type().IsRegular() {
			continue
		}
		at, err := time.ParseInLocation(backupStamp, m[1], time.Local)
		if err != nil {
			continue
		}
		seq, _ := strconv.Atoi(m[2])
		found = append(found, named{BackupFile{filepath.Join(dir, e.Name()), at}, seq})
	}
	sort.Slice(found, func(i, j int) bool {
		if !found[i].At.Equal(found[j].At) {
			return found[i].At.After(found[j].At)
		}
		return found[i].seq > found[j].seq
	})
	out := make([]BackupFile, len(found))
	for i, f := range found {
		out[i] = f.BackupFile
	}
	return out, nil
}

// rotateBackups removes the backups in dir beyond the newest keep, and
// what backups cut short by a crash left behind a day ago or more.
func rotateBackups(dir string, keep int) error {
	removeStalePartials(dir)
	files, err := ListBackups(dir)
	if err != nil || len(files) <= keep {
		return err
	}
	var errs []error
	for _, f := range files[max(keep, 1):] {
		if err := os.Remove(f.Path); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("remove old backups: %w", errors.Join(errs...))
	}
	return nil
}

func removeStalePartials(dir string) {
	partials, _ := filepath.Glob(filepath.Join(dir, ".clinic-*.db.partial"))
	for _, p := range partials {
		if fi, err := os.Stat(p); err == nil && time.Since(fi.ModTime()) > 24*time.Hour {
			os.Remove(p)
			os.Remove(p + "-journal")
		}
	}
}

// syncDir makes a rename in dir durable, where the system allows it.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// copyFile copies src to a new file dst and syncs it.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// openCheck opens a database file with the store's pragmas on one
// connection, for checking it.
func openCheck(path string) (*sql.DB, error) {
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", filepath.Base(path), err)
	}
	db.SetMaxOpenConns(1)
	return db, nil
}
