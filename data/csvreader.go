package data

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strings"
	"unicode/utf8"
)

// CSVError refuses a CSV file as a whole: it is empty, or its header names
// an unknown, repeated or missing column. Its message is a sentence.
type CSVError struct {
	File   string // "members" or "visits"
	Reason string // a sentence
}

func (e *CSVError) Error() string {
	return fmt.Sprintf("The %s file cannot be imported: %s", e.File, e.Reason)
}

// Columns of the members and visits files, in the order export writes them.
var (
	MemberColumns = []Field{FieldRoom, FieldUsername, FieldEmail, FieldFirstName,
		FieldLastName, FieldPhone, FieldBirthDate, FieldSex, FieldAddress, FieldNotes,
		FieldStatus}
	VisitColumns = []Field{FieldMember, FieldVisitAt, FieldRoom, FieldProvider,
		FieldReason, FieldNotes}
)

// FieldMember is the column of a visits file that names the member by email
// or username.
const FieldMember Field = "member"

// The label of the visits file's member column, kept with the column; the
// other labels live with their fields.
func init() { fieldLabels[FieldMember] = "Member" }

// columnAliases are other header names accepted for a column: the labels
// the window shows that do not reduce to the column name.
var columnAliases = map[string]Field{
	"date_of_birth": FieldBirthDate,
	"visit_time":    FieldVisitAt,
}

// csvTable reads the rows of one CSV file whose header maps columns to
// fields.
type csvTable struct {
	file  string
	r     *csv.Reader
	cols  map[Field]int
	width int
}

// openTable reads the header of src: a UTF-8 byte order mark is skipped, and
// the separator is a semicolon when the header holds more semicolons than
// commas. It returns a *CSVError for an empty file or a header that does not
// name the columns (known, each once, required ones present).
func openTable(file string, src io.Reader, known, required []Field) (*csvTable, error) {
	br := bufio.NewReaderSize(src, 64<<10)
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	head, _ := br.Peek(br.Size())

	r := csv.NewReader(br)
	r.Comma = separator(head)
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	t := &csvTable{file: file, r: r}

	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return nil, &CSVError{File: file,
			Reason: "it is empty; the first line must name the columns."}
	}
	if err != nil {
		return nil, t.readError(err)
	}
	return t, t.mapHeader(header, known, required)
}

// separator guesses the separator from the first line of the file.
func separator(head []byte) rune {
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		head = head[:i]
	}
	if bytes.Count(head, []byte(";")) > bytes.Count(head, []byte(",")) {
		return ';'
	}
	return ','
}

// readError turns an error of the csv package or of the reader underneath
// into what Import returns.
func (t *csvTable) readError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &CSVError{File: t.file, Reason: fmt.Sprintf(
			"line %d is not valid CSV (%v).", pe.StartLine, pe.Err)}
	}
	return fmt.Errorf("read %s file: %w", t.file, err)
}

// mapHeader finds the column of each field named in header.
func (t *csvTable) mapHeader(header []string, known, required []Field) error {
	t.width = len(header)
	t.cols = make(map[Field]int, len(header))
	for i, name := range header {
		f, ok := columnField(name, known)
		if !ok {
			return &CSVError{File: t.file, Reason: fmt.Sprintf(
				"the column %q is not known; the columns are %s.", name, fieldList(known))}
		}
		if _, dup := t.cols[f]; dup {
			return &CSVError{File: t.file, Reason: fmt.Sprintf(
				"the column %s appears twice.", f)}
		}
		t.cols[f] = i
	}
	var missing []Field
	for _, f := range required {
		if _, ok := t.cols[f]; !ok {
			missing = append(missing, f)
		}
	}
	if len(missing) > 0 {
		return &CSVError{File: t.file, Reason: fmt.Sprintf(
			"it has no column %s; the first line must name the columns.", fieldList(missing))}
	}
	return nil
}

// columnField reads a header cell: a column name or the window's label for
// it, in any case, with spaces or hyphens for underscores.
func columnField(name string, known []Field) (Field, bool) {
	key := strings.ToLower(trimSpaces(name))
	key = strings.NewReplacer(" ", "_", "-", "_").Replace(key)
	if f, ok := columnAliases[key]; ok {
		key = string(f)
	}
	for _, f := range known {
		if string(f) == key {
			return f, true
		}
	}
	return "", false
}

func fieldList(fs []Field) string {
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = string(f)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// csvRow is one data row: the line it starts on and its cells, or the
// problem that makes it unreadable.
type csvRow struct {
	line    int
	cells   []string
	problem *RowProblem
}

// next reads the next row. It returns io.EOF at the end, and an error only
// when the reader underneath fails; a malformed row comes back with its
// problem set, and reading can go on.
func (t *csvTable) next() (csvRow, error) {
	cells, err := t.r.Read()
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return csvRow{line: pe.StartLine, problem: &RowProblem{File: t.file,
			Line: pe.StartLine, Reason: "The row is not valid CSV: " + pe.Err.Error() + "."}}, nil
	}
	if err != nil {
		if errors.Is(err, io.EOF) {
			return csvRow{}, io.EOF
		}
		return csvRow{}, t.readError(err)
	}

	line, _ := t.r.FieldPos(0)
	row := csvRow{line: line, cells: cells}
	row.problem = t.checkRow(row)
	return row, nil
}

// checkRow refuses a row whose cells do not match the header or are not
// UTF-8 text.
func (t *csvTable) checkRow(row csvRow) *RowProblem {
	if len(row.cells) != t.width {
		return &RowProblem{File: t.file, Line: row.line, Reason: fmt.Sprintf(
			"The row has %d columns; the header has %d.", len(row.cells), t.width)}
	}
	for f, i := range t.cols {
		if !utf8.ValidString(row.cells[i]) {
			return &RowProblem{File: t.file, Line: row.line, Field: f, Reason: fmt.Sprintf(
				"%s is not UTF-8 text; save the file as CSV UTF-8.", f.Label())}
		}
	}
	return nil
}

// cell returns the row's value for f, "" when the file has no such column.
// A spreadsheet's text marker (an apostrophe before = + - or @, as export
// writes it) is removed.
func (t *csvTable) cell(row csvRow, f Field) string {
	i, ok := t.cols[f]
	if !ok {
		return ""
	}
	return unescapeCell(row.cells[i])
}

// escapeCell protects a value that a spreadsheet would run as a formula:
// one starting, after any apostrophes, with = + - or @ gets an apostrophe in
// front, unless it is a plain number such as a phone number.
// unescapeCell undoes it exactly.
func escapeCell(v string) string {
	if formulaLike(v) && !phoneLike(v) {
		return "'" + v
	}
	return v
}

func unescapeCell(v string) string {
	if strings.HasPrefix(v, "'") && formulaLike(v) {
		return v[1:]
	}
	return v
}

// formulaLike reports a value whose first character after any apostrophes
// starts a formula.
func formulaLike(v string) bool {
	rest := strings.TrimLeft(v, "'")
	return rest != "" && strings.ContainsRune("=+-@", rune(rest[0]))
}

// phoneLike reports a value made only of what a phone number holds.
func phoneLike(v string) bool {
	return strings.IndexFunc(v, notPhoneRune) < 0
}

// countingReader counts the bytes read through it, for progress.
type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

// sizeOf returns the size of r when it knows it (a file, bytes.Reader,
// strings.Reader), else 0.
func sizeOf(r io.Reader) int {
	switch v := r.(type) {
	case interface{ Size() int64 }:
		return int(v.Size())
	case interface{ Stat() (fs.FileInfo, error) }:
		if fi, err := v.Stat(); err == nil {
			return int(fi.Size())
		}
	}
	return 0
}
