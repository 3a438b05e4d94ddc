package data

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Audit actions, one per kind of change the store makes.
const (
	actMemberCreate = "member.create"
	actMemberUpdate = "member.update"
	actMemberStatus = "member.status"
	actMemberDelete = "member.delete"
	actMemberPurge  = "member.purge"
	actVisitAdd     = "visit.add"
	actTokenIssue   = "token.issue"
	actTokenSend    = "token.send"
	actTokenVoid    = "token.void"
	actTokenRedeem  = "token.redeem"
	actRoomCreate   = "room.create"
	actRoomRename   = "room.rename"
	actRoomActive   = "room.active"
	actRoomDelete   = "room.delete"
	actSettings     = "settings.update"
	actMailQueue    = "mail.queue"
	actMailRetry    = "mail.retry"
	actMailCancel   = "mail.cancel"
)

// AuditActions lists every action an audit entry can name, for a filter.
var AuditActions = []string{
	actMemberCreate, actMemberUpdate, actMemberStatus, actMemberDelete, actMemberPurge,
	actVisitAdd, actTokenIssue, actTokenSend, actTokenVoid, actTokenRedeem,
	actRoomCreate, actRoomRename, actRoomActive, actRoomDelete, actSettings,
	actMailQueue, actMailRetry, actMailCancel,
	actMemberImport, actVisitImport, actSample, // in csvimport.go and demo.go
}

// genesisHash is the previous hash of the first entry.
var genesisHash = strings.Repeat("0", 64)

// AuditEntry is one row of the audit log. It names members and rooms by id
// and lists the fields changed, never their values.
type AuditEntry struct {
	ID       int64
	At       time.Time
	Actor    string
	Action   string
	MemberID int64 // 0 when the change concerns no member
	RoomID   int64 // 0 when the change concerns no room
	Fields   []string
	PrevHash string
	Hash     string
}

// auditRow is an entry as stored, every value as the hash covers it.
type auditRow struct {
	id               int64
	at, actor        string
	action, fields   string
	memberID, roomID int64
	prevHash, hash   string
}

// digest is the hex SHA-256 over the previous hash and a length-prefixed
// encoding of the row, so that no two rows encode alike.
func (r auditRow) digest() string {
	h := sha256.New()
	h.Write([]byte(r.prevHash))
	for _, v := range []string{strconv.FormatInt(r.id, 10), r.at, r.actor, r.action,
		strconv.FormatInt(r.memberID, 10), strconv.FormatInt(r.roomID, 10), r.fields} {
		fmt.Fprintf(h, "%d:%s;", len(v), v)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// audit appends an entry about member memberID (0 for none) inside tx.
func (s *Store) audit(ctx context.Context, tx *sql.Tx, action string, memberID int64,
	fields []string) error {
	return s.appendAudit(ctx, tx, auditRow{action: action, memberID: memberID,
		fields: strings.Join(fields, ",")})
}

// auditRoom appends an entry about room roomID inside tx.
func (s *Store) auditRoom(ctx context.Context, tx *sql.Tx, action string, roomID int64,
	fields []string) error {
	return s.appendAudit(ctx, tx, auditRow{action: action, roomID: roomID,
		fields: strings.Join(fields, ",")})
}

// appendAudit chains r to the last entry. The write transaction holds the
// database's write lock from BEGIN (_txlock=immediate), so no other entry
// can slip in between reading the last one and inserting.
func (s *Store) appendAudit(ctx context.Context, tx *sql.Tx, r auditRow) error {
	err := tx.QueryRowContext(ctx, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1").
		Scan(&r.id, &r.prevHash)
	if errors.Is(err, sql.ErrNoRows) {
		r.id, r.prevHash = 0, genesisHash
	} else if err != nil {
		return fmt.Errorf("read last audit entry: %w", err)
	}
	r.id++
	r.at, r.actor = formatTime(s.now()), s.actor
	r.hash = r.digest()

	_, err = tx.ExecContext(ctx, `INSERT INTO audit
		(id, at, actor, action, member_id, room_id, fields, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.id, r.at, r.actor, r.action,
		nullIfZero(r.memberID), nullIfZero(r.roomID), r.fields, r.prevHash, r.hash)
	if err != nil {
		return fmt.Errorf("append audit entry: %w", err)
	}
	return nil
}

func nullIfZero(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

const auditColumns = `id, at, actor, action, coalesce(member_id, 0),
	coalesce(room_id, 0), fields, prev_hash, hash FROM audit`

func scanAudit(sc scanner) (auditRow, error) {
	var r auditRow
	err := sc.Scan(&r.id, &r.at, &r.actor, &r.action, &r.memberID, &r.roomID,
		&r.fields, &r.prevHash, &r.hash)
	return r, err
}

// entry turns a stored row into an AuditEntry.
func (r auditRow) entry() (AuditEntry, error) {
	at, err := parseTime(r.at)
	if err != nil {
		return AuditEntry{}, err
	}
	var fields []string
	if r.fields != "" {
		fields = strings.Split(r.fields, ",")
	}
	return AuditEntry{ID: r.id, At: at, Actor: r.actor, Action: r.action,
		MemberID: r.memberID, RoomID: r.roomID, Fields: fields,
		PrevHash: r.prevHash, Hash: r.hash}, nil
}

// AuditFilter chooses audit entries; zero values choose all.
type AuditFilter struct {
	Action   string // one of AuditActions, or "" for any
	MemberID int64
	BeforeID int64 // entries older than this id, for the next page
	Limit    int   // at most this many; 0 means 100
}

// AuditEntries returns the entries f chooses, newest first. It returns only
// internal errors.
func (s *Store) AuditEntries(ctx context.Context, f AuditFilter) ([]AuditEntry, error) {
	where, args := f.where()
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	rows, err := s.db.QueryContext(ctx, "SELECT "+auditColumns+where+
		" ORDER BY id DESC LIMIT ?", append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("list audit entries: %w", err)
	}
	defer rows.Close()

	var out []AuditEntry
	for rows.Next() {
		r, err := scanAudit(rows)
		if err != nil {
			return nil, fmt.Errorf("read audit entry: %w", err)
		}
		e, err := r.entry()
		if err != nil {
			return nil, fmt.Errorf("audit entry %d: %w", r.id, err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list audit entries: %w", err)
	}
	return out, nil
}

// where builds the WHERE clause of f, using the indexes on (action, id)
// and (member_id, id).
func (f AuditFilter) where() (string, []any) {
	var conds []string
	var args []any
	if f.Action != "" {
		conds, args = append(conds, "action = ?"), append(args, f.Action)
	}
	if f.MemberID != 0 {
		conds, args = append(conds, "member_id = ?"), append(args, f.MemberID)
	}
	if f.BeforeID != 0 {
		conds, args = append(conds, "id < ?"), append(args, f.BeforeID)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// AuditChainError reports the first audit entry that does not fit the chain:
// it, or the entry before it, was changed or removed.
type AuditChainError struct {
	ID     int64
	Reason string
}

func (e *AuditChainError) Error() string {
	return fmt.Sprintf("The audit log was altered at entry %d: %s.", e.ID, e.Reason)
}

// VerifyAudit walks the whole audit log in order and checks each entry's
// hash and its link to the one before. It returns nil, an *AuditChainError
// for the first broken entry, or an internal error.
//
// NOTE: removing the newest entries leaves a shorter chain that still
// verifies; only a copy of the last hash kept elsewhere would show it.
func (s *Store) VerifyAudit(ctx context.Context) error {
	rows, err := s.db.QueryContext(ctx, "SELECT "+auditColumns+" ORDER BY id")
	if err != nil {
		return fmt.Errorf("verify audit: %w", err)
	}
	defer rows.Close()

	prev := auditRow{hash: genesisHash}
	for rows.Next() {
		r, err := scanAudit(rows)
		if err != nil {
			return fmt.Errorf("verify audit: %w", err)
		}
		if err := checkLink(prev, r); err != nil {
			return err
		}
		prev = r
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("verify audit: %w", err)
	}
	return nil
}

// checkLink checks that r follows prev and that its own hash is right.
func checkLink(prev, r auditRow) error {
	switch {
	case r.id != prev.id+1:
		return &AuditChainError{ID: r.id, Reason: fmt.Sprintf(
			"the entries before it, from %d, are missing", prev.id+1)}
	case r.prevHash != prev.hash:
		return &AuditChainError{ID: r.id, Reason: "it does not follow the entry before it"}
	case r.digest() != r.hash:
		return &AuditChainError{ID: r.id, Reason: "its content does not match its hash"}
	}
	return nil
}
