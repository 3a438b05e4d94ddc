package data

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Purge deletes, as DeleteMember does, every member whose status has been
// Pending delete for the retention period (the RetentionDays setting) or
// longer as of now: set at T with 30 days, the member goes from T + 30 days
// on, to the microsecond. Each member goes in a transaction of its own with
// a "member.purge" audit entry, so that a cancelled ctx stops between two
// members. It returns the ids removed, even with an error: ctx's error,
// ErrLogBusy, or an internal error.
func (s *Store) Purge(ctx context.Context, now time.Time) ([]int64, error) {
	set, err := s.Settings(ctx)
	if err != nil {
		return nil, err
	}
	cutoff := formatTime(now.UTC().AddDate(0, 0, -set.RetentionDays))
	due, err := s.duePurge(ctx, cutoff)
	if err != nil || len(due) == 0 {
		return nil, err
	}

	var done []int64
	for _, id := range due {
		if err := ctx.Err(); err != nil {
			return done, err
		}
		gone, err := s.purgeOne(ctx, id, cutoff)
		if err != nil {
			return done, err
		}
		if gone {
			done = append(done, id)
		}
	}
	return done, s.checkpoint(ctx)
}

// dueWhere chooses the members due for the purge, by the (status,
// status_since) index.
const dueWhere = ` WHERE status = 'pending_delete' AND status_since <= ?`

// duePurge lists the ids of the members due at cutoff.
func (s *Store) duePurge(ctx context.Context, cutoff string) ([]int64, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT id FROM members"+dueWhere+" ORDER BY id",
		cutoff)
	if err != nil {
		return nil, fmt.Errorf("list members due for purge: %w", err)
	}
	defer rows.Close()

	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("list members due for purge: %w", err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list members due for purge: %w", err)
	}
	return ids, nil
}

// purgeOne deletes member id if it is still due: its status may have
// changed since the list was read.
func (s *Store) purgeOne(ctx context.Context, id int64, cutoff string) (bool, error) {
	var gone bool
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		due, err := exists(ctx, tx, "SELECT 1 FROM members"+dueWhere+" AND id = ?",
			cutoff, id)
		if err != nil || !due {
			return err
		}
		_, err = s.deleteMember(ctx, tx, id, actMemberPurge)
		gone = err == nil
		return err
	})
	return gone, err
}
