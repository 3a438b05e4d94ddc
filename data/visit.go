package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Visit is one visit record of a member.
type Visit struct {
	ID       int64
	MemberID int64
	RoomID   int64  // 0 when the room was removed since
	RoomName string // "" when the room was removed since
	At       time.Time
	Provider string
	Reason   string
	Notes    string
}

// VisitInput is what the administrator typed for a new visit. RoomID 0
// means the member's own room.
type VisitInput struct {
	MemberID int64
	RoomID   int64
	At       time.Time
	Provider string
	Reason   string
	Notes    string
}

const (
	maxProvider = 200
	maxReason   = 200
	// maxVisitAhead is how far in the future a visit may be booked.
	maxVisitAhead = 24 * time.Hour
)

// ValidateVisit checks every field of in as of now and returns one
// *FieldError per refused field, or nil: At is required and at most a day
// ahead of now; provider and reason at most 200 characters on one line;
// notes as in ValidateNotes.
func ValidateVisit(in VisitInput, now time.Time) []error {
	var errs []error
	add := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	if in.At.IsZero() {
		add(&FieldError{Field: FieldVisitAt, Rule: ruleRequired})
	} else if in.At.After(now.Add(maxVisitAhead)) {
		add(&FieldError{Field: FieldVisitAt, Rule: "must not be more than a day in the future"})
	}
	add(checkText(FieldProvider, trimSpaces(in.Provider), maxProvider, oneLine))
	add(checkText(FieldReason, trimSpaces(in.Reason), maxReason, oneLine))
	add(ValidateNotes(in.Notes))
	return errs
}

// AddVisit records a visit of member in.MemberID. It returns the stored
// visit, ErrNotFound for an unknown member, the joined *FieldError of every
// refused field (a room that does not exist is refused as FieldRoom), or an
// internal error.
func (s *Store) AddVisit(ctx context.Context, in VisitInput) (Visit, error) {
	if errs := ValidateVisit(in, s.now()); len(errs) > 0 {
		return Visit{}, errors.Join(errs...)
	}
	v := Visit{
		MemberID: in.MemberID,
		RoomID:   in.RoomID,
		At:       in.At.UTC().Truncate(time.Microsecond),
		Provider: trimSpaces(in.Provider),
		Reason:   trimSpaces(in.Reason),
		Notes:    trimSpaces(in.Notes),
	}

	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := visitRoom(ctx, tx, &v); err != nil {
			return err
		}
		if err := insertVisit(ctx, tx, &v, formatTime(s.now())); err != nil {
			return err
		}
		return s.audit(ctx, tx, actVisitAdd, v.MemberID, visitFields(v))
	})
	if err != nil {
		return Visit{}, err
	}
	return v, nil
}

// visitRoom fills in the visit's room: the member's own when none is given.
func visitRoom(ctx context.Context, tx *sql.Tx, v *Visit) error {
	var own int64
	err := tx.QueryRowContext(ctx, "SELECT room_id FROM members WHERE id = ?", v.MemberID).
		Scan(&own)
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("find visit member: %w", err)
	}
	if v.RoomID == 0 {
		v.RoomID = own
	}
	r, err := getRoom(ctx, tx, v.RoomID)
	if errors.Is(err, ErrNotFound) {
		return &FieldError{Field: FieldRoom, Rule: "must be one of the clinic's rooms"}
	}
	v.RoomName = r.Name
	return err
}

func insertVisit(ctx context.Context, tx *sql.Tx, v *Visit, now string) error {
	res, err := tx.ExecContext(ctx, `INSERT INTO visits
		(member_id, room_id, visited_at, provider, reason, notes, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`,
		v.MemberID, v.RoomID, formatTime(v.At), v.Provider, v.Reason, v.Notes, now)
	if err != nil {
		return fmt.Errorf("insert visit: %w", err)
	}
	if v.ID, err = res.LastInsertId(); err != nil {
		return fmt.Errorf("insert visit: %w", err)
	}
	return nil
}

// visitFields names the fields of v that hold a value, for the audit log.
func visitFields(v Visit) []string {
	names := []string{string(FieldVisitAt), string(FieldRoom)}
	for _, f := range []fieldValue{{FieldProvider, v.Provider}, {FieldReason, v.Reason},
		{FieldNotes, v.Notes}} {
		if f.value != "" {
			names = append(names, string(f.field))
		}
	}
	return names
}

// ListVisits returns member memberID's visits, newest first. It returns
// ErrNotFound for an unknown member, or an internal error.
func (s *Store) ListVisits(ctx context.Context, memberID int64) ([]Visit, error) {
	if err := s.memberExists(ctx, memberID); err != nil {
		return nil, err
	}

	rows, err := s.db.QueryContext(ctx, `SELECT v.id, coalesce(v.room_id, 0),
		coalesce(r.name, ''), v.visited_at, v.provider, v.reason, v.notes
		FROM visits v LEFT JOIN rooms r ON r.id = v.room_id
		WHERE v.member_id = ? ORDER BY v.visited_at DESC, v.id DESC`, memberID)
	if err != nil {
		return nil, fmt.Errorf("list visits: %w", err)
	}
	defer rows.Close()
	return scanVisits(rows, memberID)
}

func scanVisits(rows *sql.Rows, memberID int64) ([]Visit, error) {
	var out []Visit
	for rows.Next() {
		v := Visit{MemberID: memberID}
		var at string
		err := rows.Scan(&v.ID, &v.RoomID, &v.RoomName, &at, &v.Provider, &v.Reason, &v.Notes)
		if err != nil {
			return nil, fmt.Errorf("read visit: %w", err)
		}
		if v.At, err = parseTime(at); err != nil {
			return nil, fmt.Errorf("visit %d: %w", v.ID, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list visits: %w", err)
	}
	return out, nil
}
