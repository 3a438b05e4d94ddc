package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// importStmts are the statements an import runs for each row.
type importStmts struct {
	insertMember *sql.Stmt
	emailID      *sql.Stmt
	usernameID   *sql.Stmt
	insertVisit  *sql.Stmt
}

func (st *importStmts) prepare(ctx context.Context, tx *sql.Tx) error {
	queries := []struct {
		dst   **sql.Stmt
		query string
	}{
		{&st.insertMember, memberInsertHead + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"},
		{&st.emailID, "SELECT id, room_id FROM members WHERE email = ?"},
		{&st.usernameID, "SELECT id, room_id FROM members WHERE username = ?"},
		{&st.insertVisit, `INSERT INTO visits (member_id, room_id, visited_at, provider,
			reason, notes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`},
	}
	for _, q := range queries {
		stmt, err := tx.PrepareContext(ctx, q.query)
		if err != nil {
			return fmt.Errorf("prepare import: %w", err)
		}
		*q.dst = stmt
	}
	return nil
}

// memberInsertHead starts an INSERT of members.
const memberInsertHead = `INSERT INTO members (room_id, username, email, first_name,
	last_name, phone, birth_date, sex, address, notes, status, status_since,
	created_at, updated_at, name_key) VALUES `

func (st *importStmts) close() {
	for _, stmt := range []*sql.Stmt{st.insertMember, st.emailID, st.usernameID,
		st.insertVisit} {
		if stmt != nil {
			stmt.Close()
		}
	}
}

// requiredMemberColumns must be in every members file; a file without a
// room column puts everyone in the first active room.
var requiredMemberColumns = []Field{FieldEmail, FieldFirstName, FieldLastName}

// members reads the rows of the members file and adds the good ones.
func (im *importer) members(ctx context.Context) error {
	t, err := openTable("members", im.read, MemberColumns, requiredMemberColumns)
	if err != nil {
		return err
	}
	return im.eachRow(ctx, t, &im.report.MemberRows, func(row csvRow) error {
		return im.memberRow(t, row)
	})
}

// memberRow checks one row and adds it when it breaks no rule.
func (im *importer) memberRow(t *csvTable, row csvRow) error {
	if row.problem != nil {
		im.refuse([]RowProblem{*row.problem})
		return nil
	}
	in, status, errs := im.memberInput(t, row)
	v, more := prepareMember(in, im.now)
	errs = append(errs, dropField(more, FieldRoom, in.RoomID == 0)...)
	probs := problems("members", row.line, errs)

	dups, err := im.duplicates(v, row.line, errs)
	if err != nil {
		return err
	}
	if len(probs) == 0 && len(dups) == 0 {
		dups, err = im.insertMember(v, status, row.line)
		if err != nil || len(dups) == 0 {
			return err
		}
	}
	im.reject(v, row.line)
	im.refuse(append(probs, dups...))
	return nil
}

// memberInput reads a row into a MemberInput, resolving the room and the
// status; their refusals come back as errors.
func (im *importer) memberInput(t *csvTable, row csvRow) (MemberInput, Status, []error) {
	in := MemberInput{
		Username:  t.cell(row, FieldUsername),
		Email:     t.cell(row, FieldEmail),
		FirstName: t.cell(row, FieldFirstName),
		LastName:  t.cell(row, FieldLastName),
		Phone:     t.cell(row, FieldPhone),
		BirthDate: t.cell(row, FieldBirthDate),
		Sex:       strings.ToLower(trimSpaces(t.cell(row, FieldSex))),
		Address:   t.cell(row, FieldAddress),
		Notes:     t.cell(row, FieldNotes),
		DateOrder: im.opts.DateOrder,
	}
	var errs []error
	room, err := im.memberRoom(t.cell(row, FieldRoom))
	if err != nil {
		errs = append(errs, err)
	}
	in.RoomID = room.ID
	status, err := parseStatus(t.cell(row, FieldStatus))
	if err != nil {
		errs = append(errs, err)
	}
	return in, status, errs
}

// memberRoom finds a member's room: the one named, or the first active room
// when none is; it must be active.
func (im *importer) memberRoom(key string) (Room, error) {
	if trimSpaces(key) == "" {
		if im.rooms.first.ID == 0 {
			return Room{}, &FieldError{Field: FieldRoom, Rule: "is required; the clinic has " +
				"no active room"}
		}
		return im.rooms.first, nil
	}
	r, err := im.rooms.find(key)
	if err == nil && !r.Active {
		err = &FieldError{Field: FieldRoom, Rule: "is inactive; choose an active room"}
	}
	return r, err
}

// parseStatus reads a status by its stored value or its label, in any case;
// empty means Active.
func parseStatus(s string) (Status, error) {
	key := strings.ReplaceAll(strings.ToLower(trimSpaces(s)), " ", "_")
	if key == "" {
		return StatusActive, nil
	}
	if st := Status(key); st.valid() {
		return st, nil
	}
	return "", &FieldError{Field: FieldStatus, Rule: "must be Active, Suspended or Pending delete"}
}

// dropField removes the refusals of field f when drop is set: a room that
// could not be found is already reported, not also as missing.
func dropField(errs []error, f Field, drop bool) []error {
	if !drop {
		return errs
	}
	kept := errs[:0]
	for _, err := range errs {
		var fe *FieldError
		if errors.As(err, &fe) && fe.Field == f {
			continue
		}
		kept = append(kept, err)
	}
	return kept
}

// uniqueFields are a member's fields that no two members share.
func uniqueFields(v MemberInput) []fieldValue {
	fs := []fieldValue{{FieldUsername, v.Username}, {FieldEmail, v.Email}}
	if v.Username == "" {
		fs = fs[1:]
	}
	return fs
}

// duplicates reports v's username and email when a refused row of the file
// used them; for a row refused anyway, also when a stored member or an
// added row does (a good row learns that from its insert). Fields with a
// refusal of their own in errs are not compared.
func (im *importer) duplicates(v MemberInput, line int, errs []error) ([]RowProblem,
	error) {
	var out []RowProblem
	for _, f := range uniqueFields(v) {
		if hasField(errs, f.field) {
			continue
		}
		if first, ok := im.rejectedLine(f); ok {
			out = append(out, sameAs("members", line, f.field, first))
			continue
		}
		if len(errs) == 0 {
			continue
		}
		p, err := im.storedDuplicate(f, line)
		if err != nil {
			return nil, err
		}
		out = appendProblem(out, p)
	}
	return out, nil
}

func appendProblem(out []RowProblem, p *RowProblem) []RowProblem {
	if p == nil {
		return out
	}
	return append(out, *p)
}

func hasField(errs []error, f Field) bool {
	for _, err := range errs {
		var fe *FieldError
		if errors.As(err, &fe) && fe.Field == f {
			return true
		}
	}
	return false
}

// insertMember adds v. When a unique index refuses it, it returns the
// duplicates found instead; nothing of v was written then.
func (im *importer) insertMember(v MemberInput, st Status, line int) ([]RowProblem, error) {
	res, err := im.stmts.insertMember.Exec(v.RoomID, nullIfEmpty(v.Username), v.Email,
		v.FirstName, v.LastName, v.Phone, v.BirthDate, v.Sex, v.Address, v.Notes,
		st, im.stamp, im.stamp, im.stamp, NameKey(v.LastName, v.FirstName))
	if isUnique(err) {
		return im.insertDuplicates(v, line, err)
	}
	if err != nil {
		return nil, fmt.Errorf("import member: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return nil, fmt.Errorf("import member: %w", err)
	}
	if id == im.baseID+int64(len(im.lines))+1 {
		im.lines = append(im.lines, int32(line))
	}
	im.report.Members++
	return nil, nil
}

// insertDuplicates finds which unique field of v made its insert fail.
func (im *importer) insertDuplicates(v MemberInput, line int, cause error) ([]RowProblem,
	error) {
	var out []RowProblem
	for _, f := range uniqueFields(v) {
		p, err := im.storedDuplicate(f, line)
		if err != nil {
			return nil, err
		}
		out = appendProblem(out, p)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("import member: %w", cause)
	}
	return out, nil
}

// storedDuplicate reports f when a member in the database has it: one
// stored before the import, or a row of this file already added. Like every
// per-row statement, it runs without ctx, which tick checks instead: a
// context on each call costs a goroutine.
func (im *importer) storedDuplicate(f fieldValue, line int) (*RowProblem, error) {
	stmt := im.stmts.emailID
	if f.field == FieldUsername {
		stmt = im.stmts.usernameID
	}
	var id, room int64
	err := stmt.QueryRow(f.value).Scan(&id, &room)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("import: find duplicate: %w", err)
	}
	if n := id - im.baseID; n > 0 && n <= int64(len(im.lines)) {
		p := sameAs("members", line, f.field, int(im.lines[n-1]))
		return &p, nil
	}
	return &RowProblem{File: "members", Line: line, Field: f.field,
		Reason: (&DuplicateError{Field: f.field}).Error()}, nil
}

// sameAs is the problem of a value already used on line first.
func sameAs(file string, line int, f Field, first int) RowProblem {
	return RowProblem{File: file, Line: line, Field: f,
		Reason: fmt.Sprintf("%s is the same as on line %d.", f.Label(), first)}
}

// reject remembers the username and email of a refused row, so that a later
// row using them is refused too.
func (im *importer) reject(v MemberInput, line int) {
	for _, f := range uniqueFields(v) {
		if f.value == "" {
			continue
		}
		if _, ok := im.rejected[rejectKey(f)]; !ok {
			im.rejected[rejectKey(f)] = line
		}
	}
}

// rejectedLine returns the line of the refused row that used f's value.
func (im *importer) rejectedLine(f fieldValue) (int, bool) {
	if len(im.rejected) == 0 {
		return 0, false
	}
	line, ok := im.rejected[rejectKey(f)]
	return line, ok
}

func rejectKey(f fieldValue) string {
	return string(f.field) + ":" + foldASCII(f.value)
}
