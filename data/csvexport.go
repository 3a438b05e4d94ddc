package data

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// exportPage is how many members Export reads at a time.
const exportPage = MaxLimit

// Export writes every member matching q's text and filters, in q's sort,
// to w as CSV: UTF-8 with a byte order mark (so that spreadsheets read the
// accents right), a header row and the columns of MemberColumns, so that
// Import reads the file back. q's cursor, offset and limit do not matter:
// Export pages through all matches. A value that a spreadsheet would run as
// a formula (starting with = + - or @, other than a plain number) gets an
// apostrophe in front, which Import removes. progress, when not nil, gets
// the members written and the number matching. It returns how many members
// were written, ctx's error, or an error from w or the database; on error
// w holds a part of the file.
func (s *Store) Export(ctx context.Context, w io.Writer, q Query,
	progress func(done, total int)) (int, error) {
	total, err := s.CountMatches(ctx, q)
	if err != nil {
		return 0, err
	}
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return 0, fmt.Errorf("write export: %w", err)
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(columnNames(MemberColumns)); err != nil {
		return 0, fmt.Errorf("write export: %w", err)
	}

	q.After, q.Offset, q.Limit = nil, 0, exportPage
	done := 0
	for {
		page, err := s.Search(ctx, q)
		if err != nil {
			return done, err
		}
		for _, m := range page.Members {
			if err := cw.Write(memberRecord(m)); err != nil {
				return done, fmt.Errorf("write export: %w", err)
			}
		}
		done += len(page.Members)
		if progress != nil {
			progress(done, max(total, done))
		}
		if page.Next == nil {
			break
		}
		q.After = page.Next
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return done, fmt.Errorf("write export: %w", err)
	}
	return done, nil
}

// ExportFile writes Export's CSV to the file at path, through a temporary
// file beside it that replaces path only once complete: a failed or
// cancelled export leaves no partial file, and an existing file at path as
// it was. The file is readable by its owner only. It returns what Export
// returns, or an error from the file system.
func (s *Store) ExportFile(ctx context.Context, path string, q Query,
	progress func(done, total int)) (int, error) {
	var n int
	err := writeWhole(path, func(w io.Writer) error {
		var err error
		n, err = s.Export(ctx, w, q, progress)
		return err
	})
	return n, err
}

// writeWhole writes a file through a temporary one beside it, renamed into
// place only when write succeeds.
func writeWhole(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.partial")
	if err != nil {
		return fmt.Errorf("write %s: %w", filepath.Base(path), err)
	}
	defer os.Remove(tmp.Name())
	bw := bufio.NewWriter(tmp)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("write %s: %w", filepath.Base(path), cerr)
	}
	if err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", filepath.Base(path), err)
	}
	return nil
}

func columnNames(fs []Field) []string {
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = string(f)
	}
	return names
}

// memberRecord is m's row of an export, in the order of MemberColumns.
func memberRecord(m Member) []string {
	rec := []string{m.RoomName, m.Username, m.Email, m.FirstName, m.LastName, m.Phone,
		m.BirthDate, m.Sex, m.Address, m.Notes, string(m.Status)}
	for i, v := range rec {
		rec[i] = escapeCell(v)
	}
	return rec
}
