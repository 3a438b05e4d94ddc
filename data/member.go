package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// Status is a member's account status.
type Status string

const (
	StatusActive        Status = "active"
	StatusSuspended     Status = "suspended"
	StatusPendingDelete Status = "pending_delete"
)

// Statuses lists every status in the order the window offers them.
var Statuses = []Status{StatusActive, StatusSuspended, StatusPendingDelete}

// Label is the status as the window shows it.
func (s Status) Label() string {
	switch s {
	case StatusActive:
		return "Active"
	case StatusSuspended:
		return "Suspended"
	case StatusPendingDelete:
		return "Pending delete"
	}
	return string(s)
}

// Member is a patient account. A guest has no Username.
type Member struct {
	ID          int64
	RoomID      int64
	RoomName    string
	Username    string
	Email       string
	FirstName   string
	LastName    string
	Phone       string
	BirthDate   string // YYYY-MM-DD, or "" when unknown
	Sex         string
	Address     string
	Notes       string
	Status      Status
	StatusSince time.Time // when the status was last set (the day of Pending delete)
	Visits      int
	LastVisit   time.Time // zero when there are none
	HasPassword bool
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Registered reports whether the member has login detail (a username).
func (m Member) Registered() bool { return m.Username != "" }

// Name is the member's full name, first name first.
func (m Member) Name() string { return m.FirstName + " " + m.LastName }

// MemberInput is what the administrator typed for a new or edited member.
// BirthDate may be YYYY-MM-DD or in DateOrder; an empty Username makes a
// guest.
type MemberInput struct {
	RoomID    int64
	Username  string
	Email     string
	FirstName string
	LastName  string
	Phone     string
	BirthDate string
	Sex       string
	Address   string
	Notes     string
	DateOrder DateOrder
}

// DateOrder is the order of day, month and year in a locale's dates.
type DateOrder int

const (
	OrderDMY DateOrder = iota // 07/03/1980 is 7 March (most of the world)
	OrderMDY                  // 07/03/1980 is 3 July (United States)
	OrderYMD                  // 1980/03/07
)

// memberColumns and memberFrom select what scanMember reads, for any query
// over members m.
const memberColumns = `m.id, m.room_id, r.name, coalesce(m.username, ''), m.email,
	m.first_name, m.last_name, m.phone, m.birth_date, m.sex, m.address, m.notes,
	m.status, m.status_since, m.visit_count, m.last_visit,
	EXISTS (SELECT 1 FROM credentials c WHERE c.member_id = m.id),
	m.created_at, m.updated_at`

const memberFrom = ` FROM members m JOIN rooms r ON r.id = m.room_id`

// scanner is a *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

// scanMember reads one row of memberColumns.
func scanMember(sc scanner) (Member, error) {
	var m Member
	var since, last, created, updated string
	err := sc.Scan(&m.ID, &m.RoomID, &m.RoomName, &m.Username, &m.Email,
		&m.FirstName, &m.LastName, &m.Phone, &m.BirthDate, &m.Sex, &m.Address, &m.Notes,
		&m.Status, &since, &m.Visits, &last, &m.HasPassword, &created, &updated)
	if err != nil {
		return Member{}, err
	}
	times := []*time.Time{&m.StatusSince, &m.LastVisit, &m.CreatedAt, &m.UpdatedAt}
	for i, text := range []string{since, last, created, updated} {
		if *times[i], err = parseTime(text); err != nil {
			return Member{}, fmt.Errorf("member %d: %w", m.ID, err)
		}
	}
	return m, nil
}

// getMember reads one member through q; ErrNotFound when there is none.
func getMember(ctx context.Context, q querier, id int64) (Member, error) {
	row := q.QueryRowContext(ctx, "SELECT "+memberColumns+memberFrom+" WHERE m.id = ?", id)
	m, err := scanMember(row)
	if errors.Is(err, sql.ErrNoRows) {
		return Member{}, ErrNotFound
	}
	if err != nil {
		return Member{}, fmt.Errorf("get member: %w", err)
	}
	return m, nil
}

// GetMember returns the member with id, ErrNotFound, or an internal error.
func (s *Store) GetMember(ctx context.Context, id int64) (Member, error) {
	return getMember(ctx, s.db, id)
}

// memberExists returns nil when member id exists, else ErrNotFound.
func (s *Store) memberExists(ctx context.Context, id int64) error {
	ok, err := exists(ctx, s.db, "SELECT 1 FROM members WHERE id = ?", id)
	if err != nil {
		return fmt.Errorf("find member: %w", err)
	}
	if !ok {
		return ErrNotFound
	}
	return nil
}

// CreateMember validates in and stores a new member, Active, in an active
// room; an empty username makes a guest. It returns the stored member, or
// the *FieldError of every refused field (joined; find them with errors.As),
// a *DuplicateError for a username or email already in use (errors.Is
// ErrDuplicate), or an internal error.
func (s *Store) CreateMember(ctx context.Context, in MemberInput) (Member, error) {
	now := s.now()
	v, errs := prepareMember(in, now)
	if len(errs) > 0 {
		return Member{}, errors.Join(errs...)
	}

	var m Member
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := checkRoom(ctx, tx, v.RoomID); err != nil {
			return err
		}
		id, err := insertMember(ctx, tx, v, formatTime(now))
		if err != nil {
			return err
		}
		if err := s.audit(ctx, tx, actMemberCreate, id, filledFields(v)); err != nil {
			return err
		}
		m, err = getMember(ctx, tx, id)
		return err
	})
	return m, err
}

// insertMember stores v as a new Active member and returns its id.
func insertMember(ctx context.Context, tx *sql.Tx, v MemberInput, now string) (int64, error) {
	key := NameKey(v.LastName, v.FirstName)
	rank, err := rankAt(ctx, tx, key, 0, 0)
	if err != nil {
		return 0, err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO members (room_id, username, email,
		first_name, last_name, phone, birth_date, sex, address, notes,
		status, status_since, created_at, updated_at, name_key, name_rank)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?, ?, ?)`,
		v.RoomID, nullIfEmpty(v.Username), v.Email, v.FirstName, v.LastName, v.Phone,
		v.BirthDate, v.Sex, v.Address, v.Notes, now, now, now, key, rank)
	if isUnique(err) {
		return 0, duplicateOf(ctx, tx, v, 0, err)
	}
	if err != nil {
		return 0, fmt.Errorf("insert member: %w", err)
	}
	return res.LastInsertId()
}

// nullIfEmpty stores "" as NULL, so that guests do not collide on username.
func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// duplicateOf tells which of v's unique fields another member (not self)
// already uses, after SQLite refused a write with a UNIQUE constraint error.
func duplicateOf(ctx context.Context, tx *sql.Tx, v MemberInput, self int64, cause error) error {
	var errs []error
	for _, f := range []fieldValue{{FieldUsername, v.Username}, {FieldEmail, v.Email}} {
		q := "SELECT 1 FROM members WHERE " + string(f.field) + " = ? AND id <> ?"
		taken, err := exists(ctx, tx, q, f.value, self)
		if err != nil {
			return fmt.Errorf("find duplicate %s: %w", f.field, err)
		}
		if taken {
			errs = append(errs, &DuplicateError{Field: f.field})
		}
	}
	if len(errs) == 0 {
		return fmt.Errorf("store member: %w", cause)
	}
	return errors.Join(errs...)
}

// checkRoom refuses a room that does not exist or is inactive.
func checkRoom(ctx context.Context, q querier, id int64) error {
	var active bool
	err := q.QueryRowContext(ctx, "SELECT active FROM rooms WHERE id = ?", id).Scan(&active)
	if errors.Is(err, sql.ErrNoRows) {
		return &FieldError{Field: FieldRoom, Rule: "must be one of the clinic's rooms"}
	}
	if err != nil {
		return fmt.Errorf("check room: %w", err)
	}
	if !active {
		return &FieldError{Field: FieldRoom, Rule: "is inactive; choose an active room"}
	}
	return nil
}

// fieldValue is one field's value, for comparing and auditing.
type fieldValue struct {
	field Field
	value string
}

// memberFields pairs each profile field with its value in v, in form order.
func memberFields(v MemberInput) []fieldValue {
	return []fieldValue{
		{FieldRoom, strconv.FormatInt(v.RoomID, 10)}, {FieldUsername, v.Username},
		{FieldEmail, v.Email}, {FieldFirstName, v.FirstName}, {FieldLastName, v.LastName},
		{FieldPhone, v.Phone}, {FieldBirthDate, v.BirthDate}, {FieldSex, v.Sex},
		{FieldAddress, v.Address}, {FieldNotes, v.Notes},
	}
}

// filledFields names the fields of v that hold a value.
func filledFields(v MemberInput) []string {
	var names []string
	for _, f := range memberFields(v) {
		if f.value != "" {
			names = append(names, string(f.field))
		}
	}
	return names
}

// changedFields names the fields whose value in v differs from m's.
func changedFields(m Member, v MemberInput) []string {
	old := memberFields(m.input())
	var names []string
	for i, f := range memberFields(v) {
		if f.value != old[i].value {
			names = append(names, string(f.field))
		}
	}
	return names
}

// input is the member's profile as a MemberInput.
func (m Member) input() MemberInput {
	return MemberInput{RoomID: m.RoomID, Username: m.Username, Email: m.Email,
		FirstName: m.FirstName, LastName: m.LastName, Phone: m.Phone,
		BirthDate: m.BirthDate, Sex: m.Sex, Address: m.Address, Notes: m.Notes}
}

// UpdateMember validates in and stores it as the profile of member id.
// Giving a guest a username registers them; a registered member's username
// cannot be blanked. Moving to another room needs an active room. It returns
// the stored member, ErrNotFound, the joined *FieldError of every refused
// field, a *DuplicateError, or an internal error. Nothing changed, nothing
// is written.
func (s *Store) UpdateMember(ctx context.Context, id int64, in MemberInput) (Member, error) {
	now := s.now()
	v, errs := prepareMember(in, now)
	if len(errs) > 0 {
		return Member{}, errors.Join(errs...)
	}

	var m Member
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		old, err := getMember(ctx, tx, id)
		if err != nil {
			return err
		}
		changed, err := checkUpdate(ctx, tx, old, v)
		if err != nil || len(changed) == 0 {
			m = old
			return err
		}
		if err := updateMember(ctx, tx, id, v, formatTime(now)); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, actMemberUpdate, id, changed); err != nil {
			return err
		}
		m, err = getMember(ctx, tx, id)
		return err
	})
	return m, err
}

// checkUpdate applies the rules that depend on the stored member and
// returns the names of the fields that change.
func checkUpdate(ctx context.Context, tx *sql.Tx, old Member, v MemberInput) ([]string, error) {
	if old.Username != "" && v.Username == "" {
		return nil, &FieldError{Field: FieldUsername, Rule: "is required for a registered member"}
	}
	if v.RoomID != old.RoomID {
		if err := checkRoom(ctx, tx, v.RoomID); err != nil {
			return nil, err
		}
	}
	return changedFields(old, v), nil
}

// updateMember writes v over member id's profile, and moves the member in
// name order when the name changed.
func updateMember(ctx context.Context, tx *sql.Tx, id int64, v MemberInput, now string) error {
	key := NameKey(v.LastName, v.FirstName)
	_, err := tx.ExecContext(ctx, `UPDATE members SET room_id = ?, username = ?, email = ?,
		first_name = ?, last_name = ?, phone = ?, birth_date = ?, sex = ?, address = ?,
		notes = ?, updated_at = ?, name_key = ? WHERE id = ?`,
		v.RoomID, nullIfEmpty(v.Username), v.Email, v.FirstName, v.LastName, v.Phone,
		v.BirthDate, v.Sex, v.Address, v.Notes, now, key, id)
	if isUnique(err) {
		return duplicateOf(ctx, tx, v, id, err)
	}
	if err != nil {
		return fmt.Errorf("update member: %w", err)
	}

	var rank int64
	err = tx.QueryRowContext(ctx, "SELECT name_rank FROM members WHERE id = ?", id).Scan(&rank)
	if err != nil {
		return fmt.Errorf("update member: %w", err)
	}
	return setRank(ctx, tx, id, key, rank)
}

// SetStatus sets member id's status and stamps when it was set; the stamp of
// Pending delete starts the retention period. Setting the status a member
// already has changes nothing. Leaving Active voids the member's unused
// reset links. It returns ErrNotFound, a *FieldError for an unknown status,
// or an internal error.
func (s *Store) SetStatus(ctx context.Context, id int64, st Status) error {
	if !st.valid() {
		return &FieldError{Field: FieldStatus, Rule: "must be Active, Suspended or Pending delete"}
	}
	now := formatTime(s.now())
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var cur Status
		err := tx.QueryRowContext(ctx, "SELECT status FROM members WHERE id = ?", id).Scan(&cur)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil || cur == st {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE members SET status = ?, status_since = ?,
			updated_at = ? WHERE id = ?`, st, now, now, id); err != nil {
			return fmt.Errorf("set status: %w", err)
		}
		if st != StatusActive {
			if err := voidTokens(ctx, tx, id, now); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, actMemberStatus, id, []string{string(FieldStatus)})
	})
}

func (st Status) valid() bool {
	for _, ok := range Statuses {
		if st == ok {
			return true
		}
	}
	return false
}

// PossibleDuplicates returns the members whose first and last name equal
// first and last (ASCII case ignored, surrounding spaces trimmed) and whose
// date of birth is birthDate (YYYY-MM-DD). Without a date of birth there is
// no basis for a match and it returns none. It returns only internal errors.
func (s *Store) PossibleDuplicates(ctx context.Context, first, last, birthDate string) (
	[]Member, error) {
	if birthDate == "" {
		return nil, nil
	}
	rows, err := s.db.QueryContext(ctx, "SELECT "+memberColumns+memberFrom+
		` WHERE m.last_name = ? AND m.first_name = ? AND m.birth_date = ? ORDER BY m.id`,
		trimSpaces(last), trimSpaces(first), birthDate)
	if err != nil {
		return nil, fmt.Errorf("find possible duplicates: %w", err)
	}
	return collectMembers(rows)
}

// collectMembers reads and closes rows of memberColumns.
func collectMembers(rows *sql.Rows) ([]Member, error) {
	defer rows.Close()
	var ms []Member
	for rows.Next() {
		m, err := scanMember(rows)
		if err != nil {
			return nil, fmt.Errorf("read members: %w", err)
		}
		ms = append(ms, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read members: %w", err)
	}
	return ms, nil
}

// Counts are the clinic's totals for the status line.
type Counts struct {
	Members       int // every member
	PendingDelete int // members waiting for the purge
}

// Counts returns the clinic's totals. It returns only internal errors.
func (s *Store) Counts(ctx context.Context) (Counts, error) {
	var c Counts
	err := s.db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM members),
		(SELECT count(*) FROM members WHERE status = 'pending_delete')`).
		Scan(&c.Members, &c.PendingDelete)
	if err != nil {
		return Counts{}, fmt.Errorf("count members: %w", err)
	}
	return c, nil
}
