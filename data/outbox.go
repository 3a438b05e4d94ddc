package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// MailKind says what an email in the outbox is.
type MailKind string

const (
	MailReset   MailKind = "reset"   // Send Reset Password Email
	MailWelcome MailKind = "welcome" // the welcome email of a new member
	MailTest    MailKind = "test"    // Send test email, to the sender address
)

// Label is the kind as the Outbox view shows it.
func (k MailKind) Label() string {
	switch k {
	case MailReset:
		return "Reset password"
	case MailWelcome:
		return "Welcome"
	case MailTest:
		return "Test email"
	}
	return string(k)
}

// Purpose is the purpose of the link a reset or welcome email carries.
func (k MailKind) Purpose() TokenPurpose {
	if k == MailWelcome {
		return PurposeWelcome
	}
	return PurposeReset
}

// MailState is where an email in the outbox stands.
type MailState string

const (
	MailQueued    MailState = "queued"    // waiting for its first or next try
	MailSent      MailState = "sent"      // the mail server accepted it
	MailFailed    MailState = "failed"    // refused for good; Retry queues it again
	MailCancelled MailState = "cancelled" // the admin cancelled it
)

// Label is the state as the Outbox view shows it.
func (s MailState) Label() string {
	switch s {
	case MailQueued:
		return "Waiting"
	case MailSent:
		return "Sent"
	case MailFailed:
		return "Failed"
	case MailCancelled:
		return "Cancelled"
	}
	return string(s)
}

// Mail is one email in the outbox. Its body is rendered when it is sent,
// so no link secret is ever stored; a reset or welcome email keeps no
// address either, since it goes to the member's email of the moment.
type Mail struct {
	ID            int64
	MemberID      int64  // 0 for a test email
	MemberName    string // the member's name, "" for a test email
	Kind          MailKind
	ToAddress     string // test email only
	State         MailState
	Attempts      int
	NextAttemptAt time.Time
	LastError     string // a sentence for the admin, "" when none
	CreatedAt     time.Time
	SentAt        time.Time // zero until sent
}

// ErrMailDone refuses to retry or cancel an email that has already gone
// out or was cancelled.
var ErrMailDone error = sentence("This email has already been sent or cancelled.")

// EnqueueMail puts a reset or welcome email to member memberID in the
// outbox, due now, and returns its id. A reset or welcome email already
// waiting for the member is made due now instead of queued twice. It
// returns ErrNotFound, ErrGuest, a *StatusError for a Suspended or Pending
// delete member, or an internal error.
func (s *Store) EnqueueMail(ctx context.Context, memberID int64, kind MailKind) (int64, error) {
	if kind != MailReset && kind != MailWelcome {
		return 0, fmt.Errorf("enqueue mail: unknown kind %q", kind)
	}
	now := formatTime(s.clock())
	var id int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := checkLinkAllowed(ctx, tx, memberID); err != nil {
			return err
		}
		var err error
		if id, err = queueMail(ctx, tx, memberID, kind, now); err != nil {
			return err
		}
		return s.audit(ctx, tx, actMailQueue, memberID, []string{string(kind)})
	})
	return id, err
}

// queueMail makes the member's waiting email of kind due at now, or
// inserts one, and returns its id.
func queueMail(ctx context.Context, tx *sql.Tx, memberID int64, kind MailKind,
	now string) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `UPDATE outbox SET next_attempt_at = ?
		WHERE id = (SELECT id FROM outbox WHERE member_id = ? AND kind = ?
		AND state = 'queued' ORDER BY id DESC LIMIT 1) RETURNING id`,
		now, memberID, kind).Scan(&id)
	if err == nil {
		return id, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("queue mail: %w", err)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO outbox
		(member_id, kind, next_attempt_at, created_at) VALUES (?, ?, ?, ?)`,
		memberID, kind, now, now)
	if err != nil {
		return 0, fmt.Errorf("queue mail: %w", err)
	}
	return res.LastInsertId()
}

// EnqueueTestMail puts a test email to address to in the outbox and
// returns its id. It returns a *FieldError for the sender address when to
// is not one plain address, or an internal error.
func (s *Store) EnqueueTestMail(ctx context.Context, to string) (int64, error) {
	if err := checkEmail(FieldFromAddress, to); err != nil {
		return 0, err
	}
	now := formatTime(s.clock())
	var id int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO outbox
			(kind, to_address, next_attempt_at, created_at) VALUES ('test', ?, ?, ?)`,
			to, now, now)
		if err != nil {
			return fmt.Errorf("queue test mail: %w", err)
		}
		if id, err = res.LastInsertId(); err != nil {
			return fmt.Errorf("queue test mail: %w", err)
		}
		return s.audit(ctx, tx, actMailQueue, 0, []string{string(MailTest)})
	})
	return id, err
}

const mailColumns = `o.id, coalesce(o.member_id, 0),
	coalesce(m.first_name || ' ' || m.last_name, ''), o.kind, o.to_address, o.state,
	o.attempts, o.next_attempt_at, o.last_error, o.created_at, o.sent_at
	FROM outbox o LEFT JOIN members m ON m.id = o.member_id`

func scanMail(sc scanner) (Mail, error) {
	var m Mail
	var next, created, sent string
	err := sc.Scan(&m.ID, &m.MemberID, &m.MemberName, &m.Kind, &m.ToAddress, &m.State,
		&m.Attempts, &next, &m.LastError, &created, &sent)
	if err != nil {
		return Mail{}, err
	}
	for _, t := range []struct {
		dst *time.Time
		src string
	}{{&m.NextAttemptAt, next}, {&m.CreatedAt, created}, {&m.SentAt, sent}} {
		if *t.dst, err = parseTime(t.src); err != nil {
			return Mail{}, err
		}
	}
	return m, nil
}

// GetMail returns email id of the outbox. It returns ErrNotFound or an
// internal error.
func (s *Store) GetMail(ctx context.Context, id int64) (Mail, error) {
	row := s.db.QueryRowContext(ctx, "SELECT "+mailColumns+" WHERE o.id = ?", id)
	m, err := scanMail(row)
	if errors.Is(err, sql.ErrNoRows) {
		return Mail{}, ErrNotFound
	}
	if err != nil {
		return Mail{}, fmt.Errorf("get mail: %w", err)
	}
	return m, nil
}

// maxListed bounds ListOutbox; an outbox holding more is broken anyway.
const maxListed = 1000

// ListOutbox returns the email waiting or failed, newest first. It
// returns only internal errors.
func (s *Store) ListOutbox(ctx context.Context) ([]Mail, error) {
	return s.listMail(ctx, "list outbox", `SELECT `+mailColumns+`
		WHERE o.state IN ('queued', 'failed')
		ORDER BY o.created_at DESC, o.id DESC LIMIT ?`, maxListed)
}

// DueMail returns up to limit emails waiting whose next try is due at now,
// the oldest due first. It returns only internal errors.
func (s *Store) DueMail(ctx context.Context, now time.Time, limit int) ([]Mail, error) {
	return s.listMail(ctx, "list due mail", `SELECT `+mailColumns+`
		WHERE o.state = 'queued' AND o.next_attempt_at <= ?
		ORDER BY o.next_attempt_at, o.id LIMIT ?`, formatTime(now), limit)
}

func (s *Store) listMail(ctx context.Context, doing, query string, args ...any) ([]Mail, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", doing, err)
	}
	defer rows.Close()

	var out []Mail
	for rows.Next() {
		m, err := scanMail(rows)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", doing, err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", doing, err)
	}
	return out, nil
}

// NextMailDue returns when the next waiting email is due, and false when
// none is waiting. It returns only internal errors.
func (s *Store) NextMailDue(ctx context.Context) (time.Time, bool, error) {
	var next sql.NullString
	err := s.db.QueryRowContext(ctx, `SELECT min(next_attempt_at) FROM outbox
		WHERE state = 'queued'`).Scan(&next)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("next mail due: %w", err)
	}
	if !next.Valid {
		return time.Time{}, false, nil
	}
	t, err := parseTime(next.String)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("next mail due: %w", err)
	}
	return t, true, nil
}

// MarkMailSent records that email id went out at at. Only the member id
// and the kind remain of it (and the address of a test email). It returns
// ErrNotFound or an internal error.
func (s *Store) MarkMailSent(ctx context.Context, id int64, at time.Time) error {
	res, err := s.db.ExecContext(ctx, `UPDATE outbox SET state = 'sent',
		attempts = attempts + 1, last_error = '', sent_at = ? WHERE id = ?`,
		formatTime(at), id)
	return changedOne(res, err, "mark mail sent")
}

// MarkMailRetry records a try of email id that failed for now with reason
// (a sentence for the admin) and keeps it waiting until next. An email
// cancelled in the meantime stays cancelled. It returns ErrNotFound or an
// internal error.
func (s *Store) MarkMailRetry(ctx context.Context, id int64, reason string,
	next time.Time) error {
	return s.markMail(ctx, id, MailQueued, reason, formatTime(next))
}

// MarkMailFailed records that email id was refused for good with reason
// (a sentence for the admin). An email cancelled in the meantime stays
// cancelled. It returns ErrNotFound or an internal error.
func (s *Store) MarkMailFailed(ctx context.Context, id int64, reason string) error {
	return s.markMail(ctx, id, MailFailed, reason, "")
}

func (s *Store) markMail(ctx context.Context, id int64, st MailState, reason,
	next string) error {
	res, err := s.db.ExecContext(ctx, `UPDATE outbox SET state = ?,
		attempts = attempts + 1, last_error = ?,
		next_attempt_at = CASE WHEN ? = '' THEN next_attempt_at ELSE ? END
		WHERE id = ? AND state = 'queued'`, st, reason, next, next, id)
	if err := changedOne(res, err, "mark mail"); !errors.Is(err, ErrNotFound) {
		return err
	}
	if _, err := s.GetMail(ctx, id); err != nil {
		return err
	}
	return nil // no longer queued: cancelled while it was being sent
}

// RetryMail makes email id, waiting or failed, due now. It returns
// ErrNotFound, ErrMailDone for an email sent or cancelled, or an internal
// error.
func (s *Store) RetryMail(ctx context.Context, id int64) error {
	return s.changeMail(ctx, id, actMailRetry, `UPDATE outbox
		SET state = 'queued', next_attempt_at = ? WHERE id = ?`, formatTime(s.clock()), id)
}

// CancelMail cancels email id, waiting or failed, so that it is never
// sent. It returns ErrNotFound, ErrMailDone for an email sent or already
// cancelled, or an internal error.
func (s *Store) CancelMail(ctx context.Context, id int64) error {
	return s.changeMail(ctx, id, actMailCancel, `UPDATE outbox
		SET state = 'cancelled' WHERE id = ?`, id)
}

// changeMail runs update on email id if it is waiting or failed, with an
// audit entry of action.
func (s *Store) changeMail(ctx context.Context, id int64, action, update string,
	args ...any) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var memberID int64
		var st MailState
		err := tx.QueryRowContext(ctx, `SELECT coalesce(member_id, 0), state FROM outbox
			WHERE id = ?`, id).Scan(&memberID, &st)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return ErrNotFound
		case err != nil:
			return fmt.Errorf("%s: %w", action, err)
		case st != MailQueued && st != MailFailed:
			return ErrMailDone
		}
		if _, err := tx.ExecContext(ctx, update, args...); err != nil {
			return fmt.Errorf("%s: %w", action, err)
		}
		return s.audit(ctx, tx, action, memberID, nil)
	})
}

// PruneOutbox deletes the emails sent or cancelled before before, and
// returns how many went. It returns only internal errors.
func (s *Store) PruneOutbox(ctx context.Context, before time.Time) (int, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM outbox
		WHERE state IN ('sent', 'cancelled') AND created_at < ?`, formatTime(before))
	if err != nil {
		return 0, fmt.Errorf("prune outbox: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}
