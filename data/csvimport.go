package data

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Audit actions of an import: one entry per import and file, naming no
// member, with the number of rows added (and, for members, the range of
// their ids), so that a million rows do not make a million entries.
const (
	actMemberImport = "member.import"
	actVisitImport  = "visit.import"
)

// ImportFiles are the CSV files of one import; either may be nil. Members
// are imported first, so that the visits file can name them.
type ImportFiles struct {
	Members io.Reader
	Visits  io.Reader
}

// ImportOptions tune an import.
type ImportOptions struct {
	// DateOrder reads dates of birth not written YYYY-MM-DD.
	DateOrder DateOrder
	// SkipBad imports the good rows and reports the bad ones; without it,
	// one bad row means nothing is imported.
	SkipBad bool
}

// RowProblem is why one row of a CSV file is refused. It names the line and
// the rule, never the value.
type RowProblem struct {
	File   string // "members" or "visits"
	Line   int    // the line the row starts on; the header is line 1
	Field  Field  // "" when the row as a whole is refused
	Reason string // a sentence
}

// MaxProblems is how many problems an ImportReport lists; Bad counts them
// all.
const MaxProblems = 1000

// ImportReport tells what an import read, added and refused. Members and
// Visits count the good rows: added by Import, or that PlanImport would
// add; when Import returns an error, none of them was written.
type ImportReport struct {
	MemberRows, VisitRows int // data rows read
	Members, Visits       int // good rows
	Bad                   int // rows refused
	Problems              []RowProblem
}

// ErrRowsRefused is matched (errors.Is) by every *RefusedError.
var ErrRowsRefused = errors.New("rows refused")

// RefusedError reports an all-or-nothing import that wrote nothing
// because rows were refused; the report lists them.
type RefusedError struct{ Bad int }

func (e *RefusedError) Error() string {
	if e.Bad == 1 {
		return "1 row was refused; nothing was imported."
	}
	return fmt.Sprintf("%d rows were refused; nothing was imported.", e.Bad)
}

// Is makes errors.Is(err, ErrRowsRefused) true.
func (e *RefusedError) Is(target error) bool { return target == ErrRowsRefused }

// PlanImport reads the files as Import does, with every rule and duplicate
// check, and reports what would be added and refused, writing nothing.
// While it runs, other changes to the database wait. It returns a
// *CSVError for a file refused as a whole, ctx's error, or an internal
// error.
func (s *Store) PlanImport(ctx context.Context, files ImportFiles, opts ImportOptions,
	progress func(done, total int)) (ImportReport, error) {
	return s.runImport(ctx, files, opts, progress, false)
}

// Import adds the members and visits of the CSV files in one transaction.
// Members are checked with the rules of CreateMember, plus: a username or
// email used by another row of the file, or by a member already stored, is
// refused. Visits name their member by email or username. Without
// opts.SkipBad, any refused row means nothing is written: Import then
// returns the report and a *RefusedError. A cancelled ctx writes nothing
// and returns ctx's error. It also returns a *CSVError for a file refused
// as a whole, or an internal error. progress, when not nil, is called now
// and then with the bytes read and the files' total size (0 when unknown).
func (s *Store) Import(ctx context.Context, files ImportFiles, opts ImportOptions,
	progress func(done, total int)) (ImportReport, error) {
	return s.runImport(ctx, files, opts, progress, true)
}

// runImport reads the files inside one write transaction and commits it
// only when commit is set and the rows allow it.
func (s *Store) runImport(ctx context.Context, files ImportFiles, opts ImportOptions,
	progress func(done, total int), commit bool) (ImportReport, error) {
	conn, err := s.bulkConn(ctx)
	if err != nil {
		return ImportReport{}, err
	}
	defer s.releaseBulkConn(conn)

	im, err := s.newImporter(ctx, conn, files, opts, progress)
	if err != nil {
		return ImportReport{}, err
	}
	defer im.close()

	if err := im.run(ctx, files); err != nil {
		return im.report, cancelled(ctx, err)
	}
	if !commit {
		return im.report, nil
	}
	if im.report.Bad > 0 && !opts.SkipBad {
		return im.report, &RefusedError{Bad: im.report.Bad}
	}
	return im.report, cancelled(ctx, im.commit(ctx))
}

// bulkCacheKiB is the page cache of a connection doing bulk writes: the
// indexes of a million members fit, so that inserting does not reread them.
const bulkCacheKiB = 256 << 10

// bulkConn takes a connection of its own for a bulk write and enlarges its
// page cache; releaseBulkConn gives the memory back.
func (s *Store) bulkConn(ctx context.Context) (*sql.Conn, error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("bulk connection: %w", err)
	}
	pragma := fmt.Sprintf("PRAGMA cache_size = -%d", bulkCacheKiB)
	if _, err := conn.ExecContext(ctx, pragma); err != nil {
		conn.Close()
		return nil, fmt.Errorf("bulk connection: %w", err)
	}
	return conn, nil
}

func (s *Store) releaseBulkConn(conn *sql.Conn) {
	if _, err := conn.ExecContext(context.Background(), "PRAGMA cache_size = -2000"); err != nil {
		// A connection left with a big cache is dropped from the pool.
		conn.Raw(func(any) error { return driver.ErrBadConn })
	}
	conn.Close()
}

// importer holds the state of one import transaction.
type importer struct {
	s        *Store
	opts     ImportOptions
	now      time.Time
	stamp    string
	tx       *sql.Tx
	rooms    roomIndex
	report   ImportReport
	progress func(done, total int)
	read     *countingReader
	total    int

	// Members added so far: ids follow baseID in insert order, and lines
	// holds the line of each, to name the first row of a duplicate.
	baseID int64
	lines  []int32
	// rejected holds the folded email and username of refused rows.
	rejected map[string]int

	triggers bulkTriggers

	stmts importStmts
}

func (s *Store) newImporter(ctx context.Context, conn *sql.Conn, files ImportFiles,
	opts ImportOptions, progress func(done, total int)) (*importer, error) {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("begin import: %w", err)
	}
	now := s.clock()
	im := &importer{s: s, opts: opts, now: now, stamp: formatTime(now), tx: tx,
		progress: progress, rejected: map[string]int{}}
	for _, r := range []io.Reader{files.Members, files.Visits} {
		if r != nil {
			im.total += sizeOf(r)
		}
	}
	if err := im.prepare(ctx); err != nil {
		tx.Rollback()
		return nil, err
	}
	return im, nil
}

// prepare reads the rooms and the highest member id, and prepares the
// statements.
func (im *importer) prepare(ctx context.Context) error {
	var err error
	if im.rooms, err = loadRooms(ctx, im.tx); err != nil {
		return err
	}
	err = im.tx.QueryRowContext(ctx, "SELECT coalesce(max(id), 0) FROM members").
		Scan(&im.baseID)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	if im.triggers, err = suspendBulkTriggers(ctx, im.tx); err != nil {
		return err
	}
	return im.stmts.prepare(ctx, im.tx)
}

// close rolls back whatever was not committed.
func (im *importer) close() {
	im.stmts.close()
	im.tx.Rollback()
}

// run reads the members file, then the visits file.
func (im *importer) run(ctx context.Context, files ImportFiles) error {
	im.read = &countingReader{}
	if files.Members != nil {
		im.read.r = files.Members
		if err := im.members(ctx); err != nil {
			return err
		}
	}
	if files.Visits != nil {
		base := im.read.n
		im.read = &countingReader{r: files.Visits, n: base}
		if err := im.visits(ctx); err != nil {
			return err
		}
	}
	sortProblems(im.report.Problems)
	return ctx.Err()
}

// eachRow calls handle on each row of t in turn, counting the rows in
// *rows, until the table ends or handle or tick fails.
func (im *importer) eachRow(ctx context.Context, t *csvTable, rows *int,
	handle func(csvRow) error) error {
	for {
		row, err := t.next()
		if err != nil {
			return endOfTable(err)
		}
		*rows++
		if err := handle(row); err != nil {
			return err
		}
		if err := im.tick(ctx, *rows); err != nil {
			return err
		}
	}
}

// tick checks for cancellation and reports progress every 1024 rows.
func (im *importer) tick(ctx context.Context, rows int) error {
	if rows%1024 != 0 {
		return nil
	}
	if im.progress != nil {
		im.progress(im.read.n, im.total)
	}
	return ctx.Err()
}

// cancelled returns ctx's error when ctx is done: database/sql then rolls
// the transaction back on its own, and the statement that failed on that
// says less.
func cancelled(ctx context.Context, err error) error {
	if err != nil && ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}

// endOfTable turns the end of a file into success.
func endOfTable(err error) error {
	if errors.Is(err, io.EOF) {
		return nil
	}
	return err
}

// refuse records the problems of one refused row.
func (im *importer) refuse(probs []RowProblem) {
	im.report.Bad++
	if room := MaxProblems - len(im.report.Problems); room > 0 {
		im.report.Problems = append(im.report.Problems, probs[:min(len(probs), room)]...)
	}
}

// sortProblems puts problems in file order: a row refused when its batch
// was written comes after rows read later.
func sortProblems(ps []RowProblem) {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].File != ps[j].File {
			return ps[i].File == "members"
		}
		return ps[i].Line < ps[j].Line
	})
}

// commit indexes the rows added, writes the audit entries and commits.
func (im *importer) commit(ctx context.Context) error {
	if err := im.triggers.resume(ctx, im.tx); err != nil {
		return err
	}
	if n := im.report.Members; n > 0 {
		fields := []string{"count=" + strconv.Itoa(n),
			fmt.Sprintf("ids=%d-%d", im.baseID+1, im.baseID+int64(n))}
		if err := im.s.audit(ctx, im.tx, actMemberImport, 0, fields); err != nil {
			return err
		}
	}
	if n := im.report.Visits; n > 0 {
		fields := []string{"count=" + strconv.Itoa(n)}
		if err := im.s.audit(ctx, im.tx, actVisitImport, 0, fields); err != nil {
			return err
		}
	}
	if err := im.tx.Commit(); err != nil {
		return fmt.Errorf("commit import: %w", err)
	}
	if im.progress != nil {
		im.progress(im.total, im.total)
	}
	return nil
}

// problems turns field errors into the problems of the row at line.
func problems(file string, line int, errs []error) []RowProblem {
	out := make([]RowProblem, 0, len(errs))
	for _, err := range errs {
		p := RowProblem{File: file, Line: line, Reason: err.Error()}
		var fe *FieldError
		if errors.As(err, &fe) {
			p.Field = fe.Field
		}
		out = append(out, p)
	}
	return out
}

// roomIndex finds rooms by name, then by code, without regard to case.
type roomIndex struct {
	byName, byCode map[string]Room
	first          Room // the first active room, by id: the default
}

func loadRooms(ctx context.Context, q querier) (roomIndex, error) {
	idx := roomIndex{byName: map[string]Room{}, byCode: map[string]Room{}}
	rows, err := q.QueryContext(ctx, "SELECT id, name, code, active FROM rooms ORDER BY id")
	if err != nil {
		return idx, fmt.Errorf("read rooms: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r Room
		if err := rows.Scan(&r.ID, &r.Name, &r.Code, &r.Active); err != nil {
			return idx, fmt.Errorf("read rooms: %w", err)
		}
		idx.byName[strings.ToLower(r.Name)] = r
		idx.byCode[strings.ToLower(r.Code)] = r
		if r.Active && idx.first.ID == 0 {
			idx.first = r
		}
	}
	if err := rows.Err(); err != nil {
		return idx, fmt.Errorf("read rooms: %w", err)
	}
	return idx, nil
}

// find returns the room named or coded key, or a *FieldError.
func (idx roomIndex) find(key string) (Room, error) {
	key = strings.ToLower(trimSpaces(key))
	if r, ok := idx.byName[key]; ok {
		return r, nil
	}
	if r, ok := idx.byCode[key]; ok {
		return r, nil
	}
	return Room{}, &FieldError{Field: FieldRoom, Rule: "must be the name or code of one " +
		"of the clinic's rooms"}
}

// foldASCII lower-cases ASCII letters only, as SQLite's NOCASE compares.
func foldASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if b[j] >= 'A' && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}
