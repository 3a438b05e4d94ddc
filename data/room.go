package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// Room is a clinic room members are assigned to.
type Room struct {
	ID      int64
	Name    string
	Code    string
	Active  bool
	Members int // members assigned to it
}

const (
	maxRoomName = 60
	maxRoomCode = 12
)

// RoomInUseError refuses to delete a room that members are assigned to.
type RoomInUseError struct{ Members int }

func (e *RoomInUseError) Error() string {
	if e.Members == 1 {
		return "The room has 1 member; move them to another room before removing it."
	}
	return fmt.Sprintf("The room has %d members; move them to another room "+
		"before removing it.", e.Members)
}

// ValidateRoomName checks a room name: 1 to 60 characters once surrounding
// spaces are trimmed, no control characters. It returns nil or a
// *FieldError for FieldRoomName.
func ValidateRoomName(s string) error {
	return checkRequiredLine(FieldRoomName, s, maxRoomName)
}

// ValidateRoomCode checks a room code: 1 to 12 of A-Z, 0-9 and -, typed in
// either case (it is stored in upper case). It returns nil or a
// *FieldError for FieldRoomCode.
func ValidateRoomCode(s string) error {
	s = normalRoomCode(s)
	if s == "" {
		return &FieldError{Field: FieldRoomCode, Rule: ruleRequired}
	}
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
			return &FieldError{Field: FieldRoomCode,
				Rule: "must use only letters A-Z, digits and -"}
		}
	}
	if len(s) > maxRoomCode {
		return &FieldError{Field: FieldRoomCode, Rule: "must be 1 to 12 characters"}
	}
	return nil
}

// normalRoomCode is the code as stored: trimmed, ASCII letters upper-cased.
func normalRoomCode(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' {
			return r - 'a' + 'A'
		}
		return r
	}, trimSpaces(s))
}

// ListRooms returns every room with its member count, by name. It returns
// only internal errors.
func (s *Store) ListRooms(ctx context.Context) ([]Room, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT r.id, r.name, r.code, r.active,
		(SELECT count(*) FROM members m WHERE m.room_id = r.id)
		FROM rooms r ORDER BY r.name COLLATE NOCASE, r.id`)
	if err != nil {
		return nil, fmt.Errorf("list rooms: %w", err)
	}
	defer rows.Close()

	var rooms []Room
	for rows.Next() {
		var r Room
		if err := rows.Scan(&r.ID, &r.Name, &r.Code, &r.Active, &r.Members); err != nil {
			return nil, fmt.Errorf("list rooms: %w", err)
		}
		rooms = append(rooms, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list rooms: %w", err)
	}
	return rooms, nil
}

// CreateRoom adds an active room. It returns the room, the joined
// *FieldError of a refused name or code, a *DuplicateError for a name or
// code in use (without regard to case), or an internal error.
func (s *Store) CreateRoom(ctx context.Context, name, code string) (Room, error) {
	if err := errors.Join(ValidateRoomName(name), ValidateRoomCode(code)); err != nil {
		return Room{}, err
	}
	r := Room{Name: trimSpaces(name), Code: normalRoomCode(code), Active: true}

	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO rooms (name, code, active, created_at)
			VALUES (?, ?, 1, ?)`, r.Name, r.Code, formatTime(s.now()))
		if isUnique(err) {
			return roomDuplicate(ctx, tx, r, err)
		}
		if err != nil {
			return fmt.Errorf("insert room: %w", err)
		}
		if r.ID, err = res.LastInsertId(); err != nil {
			return fmt.Errorf("insert room: %w", err)
		}
		return s.auditRoom(ctx, tx, actRoomCreate, r.ID,
			[]string{string(FieldRoomName), string(FieldRoomCode)})
	})
	if err != nil {
		return Room{}, err
	}
	return r, nil
}

// roomDuplicate tells whether r's name or code is taken by another room,
// after SQLite refused a write with a UNIQUE constraint error.
func roomDuplicate(ctx context.Context, tx *sql.Tx, r Room, cause error) error {
	for _, f := range []fieldValue{{FieldRoomName, r.Name}, {FieldRoomCode, r.Code}} {
		column := strings.TrimPrefix(string(f.field), "room_")
		taken, err := exists(ctx, tx,
			"SELECT 1 FROM rooms WHERE "+column+" = ? COLLATE NOCASE AND id <> ?",
			f.value, r.ID)
		if err != nil {
			return fmt.Errorf("find duplicate room: %w", err)
		}
		if taken {
			return &DuplicateError{Field: f.field}
		}
	}
	return fmt.Errorf("store room: %w", cause)
}

// RenameRoom gives room id a new name; the same name changes nothing. It
// returns ErrNotFound, a
// *FieldError, a *DuplicateError, or an internal error.
func (s *Store) RenameRoom(ctx context.Context, id int64, name string) error {
	if err := ValidateRoomName(name); err != nil {
		return err
	}
	r := Room{ID: id, Name: trimSpaces(name)}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		old, err := getRoom(ctx, tx, id)
		if err != nil || old.Name == r.Name {
			return err
		}
		_, err = tx.ExecContext(ctx, "UPDATE rooms SET name = ? WHERE id = ?", r.Name, id)
		if isUnique(err) {
			return roomDuplicate(ctx, tx, r, err)
		}
		if err != nil {
			return fmt.Errorf("rename room: %w", err)
		}
		return s.auditRoom(ctx, tx, actRoomRename, id, []string{string(FieldRoomName)})
	})
}

// SetRoomActive activates or deactivates room id; an inactive room keeps
// its members but takes no new ones. Setting the state it has changes
// nothing. It returns ErrNotFound or an internal error.
func (s *Store) SetRoomActive(ctx context.Context, id int64, active bool) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		old, err := getRoom(ctx, tx, id)
		if err != nil || old.Active == active {
			return err
		}
		_, err = tx.ExecContext(ctx, "UPDATE rooms SET active = ? WHERE id = ?", active, id)
		if err != nil {
			return fmt.Errorf("set room active: %w", err)
		}
		return s.auditRoom(ctx, tx, actRoomActive, id, []string{string(FieldRoomState)})
	})
}

// getRoom reads room id without its member count; ErrNotFound when there
// is none.
func getRoom(ctx context.Context, q querier, id int64) (Room, error) {
	r := Room{ID: id}
	err := q.QueryRowContext(ctx, "SELECT name, code, active FROM rooms WHERE id = ?", id).
		Scan(&r.Name, &r.Code, &r.Active)
	if errors.Is(err, sql.ErrNoRows) {
		return Room{}, ErrNotFound
	}
	if err != nil {
		return Room{}, fmt.Errorf("get room: %w", err)
	}
	return r, nil
}

// DeleteRoom removes room id; visit records that name it keep no room. It
// returns a *RoomInUseError while members are assigned to it, ErrNotFound,
// or an internal error.
func (s *Store) DeleteRoom(ctx context.Context, id int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		err := tx.QueryRowContext(ctx, "SELECT count(*) FROM members WHERE room_id = ?", id).
			Scan(&n)
		if err != nil {
			return fmt.Errorf("count room members: %w", err)
		}
		if n > 0 {
			return &RoomInUseError{Members: n}
		}
		res, err := tx.ExecContext(ctx, "DELETE FROM rooms WHERE id = ?", id)
		if err := changedOne(res, err, "delete room"); err != nil {
			return err
		}
		return s.auditRoom(ctx, tx, actRoomDelete, id, nil)
	})
}

// changedOne turns the result of a write by id into ErrNotFound when no row
// matched, wrapping any error as what.
func changedOne(res sql.Result, err error, what string) error {
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if n == 0 {
		return ErrNotFound
	}
	return nil
}
