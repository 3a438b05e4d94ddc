package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// A bulk write (import, sample data) suspends three triggers inside its
// transaction and does their work once, for all its rows, before it
// commits. Row by row, the full-text trigger makes every insert open a
// statement savepoint, at which FTS5 writes its pending terms to disk: an
// import of a million members would be several times slower. The members
// added have no name rank until then (rank.go).
//
// A trigger is suspended only when the schema holds it exactly as written
// below; otherwise it stays and does its work row by row, slower but right.
// TestBulkTriggersKnown fails when a migration changes one of them.

// triggerSwap is a trigger and the statement that does its work for the
// rows a bulk write added: those with an id above the one given.
type triggerSwap struct {
	name string
	body string // the CREATE TRIGGER statement, any spacing
	bulk string // one ? for the last id before the bulk write; "" for none
}

// The full-text triggers' work is done by ranking the members added.
var ftsInsertSwap = triggerSwap{
	name: "members_fts_insert",
	body: `CREATE TRIGGER members_fts_insert AFTER INSERT ON members
		WHEN NEW.name_rank IS NOT NULL BEGIN
		INSERT INTO members_fts (rowid, first_name, last_name, username, email, phone, starts)
		SELECT name_rank, first_name, last_name, username, email, phone, starts
		FROM members_search WHERE name_rank = NEW.name_rank;
		END`,
}

var ftsUpdateSwap = triggerSwap{
	name: "members_fts_update",
	body: `CREATE TRIGGER members_fts_update AFTER UPDATE OF first_name, last_name, username,
		email, phone, name_rank ON members BEGIN
		INSERT INTO members_fts (members_fts, rowid, first_name, last_name, username,
		email, phone, starts)
		SELECT 'delete', OLD.name_rank, OLD.first_name, OLD.last_name, OLD.username,
		OLD.email, OLD.phone,
		char(1, 1) || substr(OLD.first_name, 1, 2) || char(1, 1) ||
		substr(OLD.last_name, 1, 2) || char(1, 1) ||
		substr(ifnull(OLD.username, ''), 1, 2) || char(1, 1) ||
		substr(OLD.email, 1, 2) || char(1, 1) || substr(OLD.phone, 1, 2)
		WHERE OLD.name_rank IS NOT NULL;
		INSERT INTO members_fts (rowid, first_name, last_name, username, email, phone, starts)
		SELECT name_rank, first_name, last_name, username, email, phone, starts
		FROM members_search WHERE name_rank = NEW.name_rank;
		END`,
}

var visitCountSwap = triggerSwap{
	name: "visits_count_insert",
	body: `CREATE TRIGGER visits_count_insert AFTER INSERT ON visits BEGIN
		UPDATE members SET visit_count = visit_count + 1,
		last_visit = max(last_visit, NEW.visited_at) WHERE id = NEW.member_id;
		END`,
	bulk: `UPDATE members SET visit_count = visit_count + v.n,
		last_visit = max(last_visit, v.last)
		FROM (SELECT member_id, count(*) AS n, max(visited_at) AS last
		      FROM visits WHERE id > ? GROUP BY member_id) AS v
		WHERE members.id = v.member_id`,
}

// suspendedTrigger is a trigger dropped for a bulk write.
type suspendedTrigger struct {
	swap   triggerSwap
	stored string // its CREATE statement as the schema had it
	since  int64  // the highest id before the bulk write
}

// suspend drops sw's trigger when the schema holds it as sw knows it, and
// returns what resume needs; nil when the trigger stays.
func (sw triggerSwap) suspend(ctx context.Context, tx *sql.Tx,
	since int64) (*suspendedTrigger, error) {
	var stored string
	err := tx.QueryRowContext(ctx, "SELECT sql FROM sqlite_master "+
		"WHERE type = 'trigger' AND name = ?", sw.name).Scan(&stored)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read trigger %s: %w", sw.name, err)
	}
	if !sameSQL(stored, sw.body) {
		return nil, nil
	}
	if _, err := tx.ExecContext(ctx, "DROP TRIGGER "+sw.name); err != nil {
		return nil, fmt.Errorf("suspend trigger %s: %w", sw.name, err)
	}
	return &suspendedTrigger{swap: sw, stored: stored, since: since}, nil
}

// resume does the trigger's work for the rows added and creates it again.
func (st *suspendedTrigger) resume(ctx context.Context, tx *sql.Tx) error {
	if st == nil {
		return nil
	}
	if st.swap.bulk != "" {
		if _, err := tx.ExecContext(ctx, st.swap.bulk, st.since); err != nil {
			return fmt.Errorf("bulk %s: %w", st.swap.name, err)
		}
	}
	if _, err := tx.ExecContext(ctx, st.stored); err != nil {
		return fmt.Errorf("restore trigger %s: %w", st.swap.name, err)
	}
	return nil
}

// sameSQL compares two statements token by token, ignoring spacing and a
// final semicolon.
func sameSQL(a, b string) bool {
	norm := func(s string) string {
		s = strings.NewReplacer("(", " ( ", ")", " ) ", ",", " , ", ";", " ; ").Replace(s)
		return strings.TrimSuffix(strings.Join(strings.Fields(s), " "), " ;")
	}
	return norm(a) == norm(b)
}

// bulkTriggers suspends the triggers for a bulk write into members and
// visits inside tx.
type bulkTriggers struct {
	ftsInsert, ftsUpdate, visits *suspendedTrigger
}

func suspendBulkTriggers(ctx context.Context, tx *sql.Tx) (bulkTriggers, error) {
	var b bulkTriggers
	var lastVisit int64
	err := tx.QueryRowContext(ctx, "SELECT coalesce(max(id), 0) FROM visits").Scan(&lastVisit)
	if err != nil {
		return b, fmt.Errorf("bulk write: %w", err)
	}
	if b.ftsInsert, err = ftsInsertSwap.suspend(ctx, tx, 0); err != nil {
		return b, err
	}
	if b.ftsUpdate, err = ftsUpdateSwap.suspend(ctx, tx, 0); err != nil {
		return b, err
	}
	b.visits, err = visitCountSwap.suspend(ctx, tx, lastVisit)
	return b, err
}

// resume ranks and indexes the members added, does the visit trigger's
// work and restores the triggers. Many members added beside those there
// (a quarter as many or more) are ranked with all the others in one pass;
// fewer are ranked one by one, between the others.
func (b bulkTriggers) resume(ctx context.Context, tx *sql.Tx) error {
	added, kept, err := unranked(ctx, tx)
	if err != nil {
		return err
	}
	together := added > 0 && added >= kept/4
	if together {
		if err := rankAll(ctx, tx); err != nil {
			return err
		}
	}
	for _, st := range []*suspendedTrigger{b.ftsInsert, b.ftsUpdate, b.visits} {
		if err := st.resume(ctx, tx); err != nil {
			return err
		}
	}
	if added > 0 && !together {
		return rankEach(ctx, tx)
	}
	return nil
}
