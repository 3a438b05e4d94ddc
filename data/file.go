package data

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// FileReason says why a database file cannot be used.
type FileReason int

const (
	ReasonNotDatabase FileReason = iota + 1 // not a SQLite file, or corrupt
	ReasonNewer                             // written by a newer version
	ReasonReadOnly                          // file or folder cannot be written
	ReasonFolder                            // folder cannot be created
	ReasonDiskFull                          // no space left
	ReasonUnreadable                        // cannot be read at all
)

// FileError reports a database file that cannot be opened or written; its
// message is a sentence for the administrator. A file refused this way has
// not been changed.
type FileError struct {
	Path   string
	Reason FileReason
	Err    error
}

func (e *FileError) Error() string {
	switch e.Reason {
	case ReasonNotDatabase:
		return fmt.Sprintf("%s is not a Clinic Admin database or is damaged; "+
			"it was left untouched.", e.Path)
	case ReasonNewer:
		return fmt.Sprintf("%s was written by a newer version of Clinic Admin; "+
			"it was left untouched. Install the newer version to open it.", e.Path)
	case ReasonReadOnly:
		return fmt.Sprintf("%s cannot be written: the file or its folder is "+
			"read-only. Clinic Admin needs to write beside the file.", e.Path)
	case ReasonFolder:
		return fmt.Sprintf("The folder for %s cannot be created.", e.Path)
	case ReasonDiskFull:
		return fmt.Sprintf("The disk holding %s is full; nothing was written.", e.Path)
	default:
		return fmt.Sprintf("%s cannot be read.", e.Path)
	}
}

func (e *FileError) Unwrap() error { return e.Err }

var sqliteMagic = []byte("SQLite format 3\x00")

// checkFile looks at an existing file's header without opening it through
// SQLite, so that a file we must refuse is never touched: not a database,
// or a schema version (user_version, header offset 60) newer than ours.
func checkFile(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return &FileError{Path: path, Reason: ReasonUnreadable, Err: err}
	}
	defer f.Close()

	header := make([]byte, 100)
	n, err := io.ReadFull(f, header)
	if n == 0 && (err == io.EOF) {
		return nil // an empty file becomes a new database
	}
	if err != nil || !bytes.HasPrefix(header, sqliteMagic) {
		return &FileError{Path: path, Reason: ReasonNotDatabase, Err: err}
	}
	if int(binary.BigEndian.Uint32(header[60:64])) > SchemaVersion {
		return &FileError{Path: path, Reason: ReasonNewer}
	}
	return nil
}

// classifyFileError turns SQLite's result codes into a FileError where the
// file itself is the problem; other errors come back as they are.
func classifyFileError(path string, err error) error {
	var fe *FileError
	if errors.As(err, &fe) {
		return err
	}
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return err
	}
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT:
		return &FileError{Path: path, Reason: ReasonNotDatabase, Err: err}
	case sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM:
		return &FileError{Path: path, Reason: ReasonReadOnly, Err: err}
	case sqlite3.SQLITE_FULL:
		return &FileError{Path: path, Reason: ReasonDiskFull, Err: err}
	}
	return err
}
