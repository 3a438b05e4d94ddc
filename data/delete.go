package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// ErrLogBusy is returned by DeleteMember and Purge when the member is gone
// but the write-ahead log, which still holds the old pages, could not be
// cleared because another connection was reading the file.
var ErrLogBusy error = sentence("The member was deleted, but another program is reading " +
	"the database, so its old copy could not be cleared yet; it is cleared when " +
	"Clinic Admin closes.")

// DeleteMember removes member id for good, in one transaction: the member,
// their login detail, visit records, reset links, queued email and search
// index entries (by ON DELETE CASCADE and triggers), leaving one audit entry
// with the id only. secure_delete overwrites the freed bytes, and the
// write-ahead log is truncated afterwards, so the member's data is no longer
// in the database files. It returns the number of visit records removed,
// ErrNotFound, ErrLogBusy (the member is deleted), or an internal error.
func (s *Store) DeleteMember(ctx context.Context, id int64) (visits int, err error) {
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		visits, err = s.deleteMember(ctx, tx, id, actMemberDelete)
		return err
	})
	if err != nil {
		return 0, err
	}
	return visits, s.checkpoint(ctx)
}

// deleteMember removes member id inside tx and audits it as action.
func (s *Store) deleteMember(ctx context.Context, tx *sql.Tx, id int64,
	action string) (int, error) {
	var visits int
	err := tx.QueryRowContext(ctx, "SELECT visit_count FROM members WHERE id = ?", id).
		Scan(&visits)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ErrNotFound
	}
	if err != nil {
		return 0, fmt.Errorf("delete member: %w", err)
	}

	if _, err := tx.ExecContext(ctx, "DELETE FROM members WHERE id = ?", id); err != nil {
		return 0, fmt.Errorf("delete member: %w", err)
	}
	return visits, s.audit(ctx, tx, action, id, nil)
}
