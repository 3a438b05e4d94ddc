package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// requiredVisitColumns must be in every visits file; without a room column,
// each visit is in its member's room.
var requiredVisitColumns = []Field{FieldMember, FieldVisitAt}

// visitLayouts are the ways a visit time may be written, in the clinic's
// time zone unless the text names one.
var visitLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04",
	time.DateOnly,
}

// visits reads and adds the rows of the visits file.
func (im *importer) visits(ctx context.Context) error {
	t, err := openTable("visits", im.read, VisitColumns, requiredVisitColumns)
	if err != nil {
		return err
	}
	return im.eachRow(ctx, t, &im.report.VisitRows, func(row csvRow) error {
		return im.visitRow(ctx, t, row)
	})
}

// visitRow checks one row and adds it when it breaks no rule.
func (im *importer) visitRow(ctx context.Context, t *csvTable, row csvRow) error {
	if row.problem != nil {
		im.refuse([]RowProblem{*row.problem})
		return nil
	}
	in, errs, err := im.visitInput(t, row)
	if err != nil {
		return err
	}
	errs = append(errs, ValidateVisit(in, im.now)...)
	if len(errs) > 0 {
		im.refuse(problems("visits", row.line, errs))
		return nil
	}

	_, err = im.stmts.insertVisit.Exec(in.MemberID, in.RoomID, formatTime(in.At),
		trimSpaces(in.Provider), trimSpaces(in.Reason), trimSpaces(in.Notes), im.stamp)
	if err != nil {
		return fmt.Errorf("import visit: %w", err)
	}
	im.report.Visits++
	return nil
}

// visitInput reads a row into a VisitInput, finding its member, time and
// room; their refusals come back as errors.
func (im *importer) visitInput(t *csvTable, row csvRow) (VisitInput, []error, error) {
	in := VisitInput{Provider: t.cell(row, FieldProvider), Reason: t.cell(row, FieldReason),
		Notes: t.cell(row, FieldNotes)}
	var errs []error
	add := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}

	id, room, err := im.findMember(t.cell(row, FieldMember))
	var fe *FieldError
	if errors.As(err, &fe) {
		add(err)
	} else if err != nil {
		return in, nil, err
	}
	in.MemberID, in.RoomID = id, room

	in.At, err = parseVisitTime(t.cell(row, FieldVisitAt))
	add(err)
	if key := t.cell(row, FieldRoom); trimSpaces(key) != "" {
		r, err := im.rooms.find(key)
		add(err)
		in.RoomID = r.ID
	}
	return in, errs, nil
}

// findMember finds the member whose email or username is key, and their
// room. A key that is one member's email and another's username is refused
// as ambiguous.
func (im *importer) findMember(key string) (int64, int64, error) {
	key = trimSpaces(key)
	if key == "" {
		return 0, 0, &FieldError{Field: FieldMember, Rule: ruleRequired}
	}
	byEmail, roomE, err := lookupMember(im.stmts.emailID, key)
	if err != nil {
		return 0, 0, err
	}
	byName, roomU, err := lookupMember(im.stmts.usernameID, key)
	switch {
	case err != nil:
		return 0, 0, err
	case byEmail != 0 && byName != 0 && byEmail != byName:
		return 0, 0, &FieldError{Field: FieldMember, Rule: "is the email of one member and " +
			"the username of another; use the other one's email"}
	case byEmail != 0:
		return byEmail, roomE, nil
	case byName != 0:
		return byName, roomU, nil
	}
	return 0, 0, &FieldError{Field: FieldMember, Rule: "must be the email or username " +
		"of a member"}
}

func lookupMember(stmt *sql.Stmt, key string) (int64, int64, error) {
	var id, room int64
	err := stmt.QueryRow(key).Scan(&id, &room)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, 0, nil
	}
	if err != nil {
		return 0, 0, fmt.Errorf("import visit: find member: %w", err)
	}
	return id, room, nil
}

// parseVisitTime reads a visit time written as in visitLayouts.
func parseVisitTime(s string) (time.Time, error) {
	s = trimSpaces(s)
	if s == "" {
		return time.Time{}, &FieldError{Field: FieldVisitAt, Rule: ruleRequired}
	}
	for _, layout := range visitLayouts {
		if t, err := time.ParseInLocation(layout, s, time.Local); err == nil {
			return t.UTC().Truncate(time.Microsecond), nil
		}
	}
	return time.Time{}, &FieldError{Field: FieldVisitAt, Rule: "must be a date and time " +
		"written like 2024-03-07 14:30"}
}
