package data

import (
	"context"
	"database/sql"
	"fmt"
	"math"
)

// Name order is kept as a number: each member's name_rank orders the list
// exactly as the name keys do (namekey.go), members of the same name in
// the order they came. The full-text index is keyed by it, so that
// a search finds its matches already in name order (migrations/
// 0003_name_rank.sql). Ranks are spaced out, so a new member takes the
// number halfway between its neighbours; when two neighbours are adjacent
// numbers, the members around them are spaced out again first.
const (
	rankStep    = 1 << 32 // between neighbours after spacing out
	minRankStep = 1 << 10 // spacing out never leaves less than this
)

// rankAt returns a free rank for a member whose name has key: after every
// member of that name or an earlier one, before every later one. self is
// the member being renamed (0 for a new one), whose own rank does not
// count as a neighbour; current is its rank, kept when it still fits (0
// for a new member). It may renumber other members to make room.
func rankAt(ctx context.Context, tx *sql.Tx, key []byte, self, current int64) (int64, error) {
	lo, hi, err := rankNeighbours(ctx, tx, key, self)
	if err != nil {
		return 0, err
	}
	switch {
	case current > lo && (current < hi || hi == 0):
		return current, nil
	case hi == 0 && lo <= math.MaxInt64-rankStep:
		return lo + rankStep, nil
	case hi != 0 && hi-lo >= 2:
		return lo + (hi-lo)/2, nil
	}
	return spaceOut(ctx, tx, lo, hi)
}

// rankNeighbours returns the rank of the last member whose name key is key
// or before, and of the first one after; 0 where there is none.
func rankNeighbours(ctx context.Context, tx *sql.Tx, key []byte,
	self int64) (lo, hi int64, err error) {
	err = tx.QueryRowContext(ctx, `SELECT
		ifnull((SELECT name_rank FROM members
		        WHERE name_key <= ?1 AND name_rank > 0 AND id <> ?2
		        ORDER BY name_key DESC, name_rank DESC LIMIT 1), 0),
		ifnull((SELECT name_rank FROM members
		        WHERE name_key > ?1 AND name_rank > 0 AND id <> ?2
		        ORDER BY name_key, name_rank LIMIT 1), 0)`,
		key, self).Scan(&lo, &hi)
	if err != nil {
		return 0, 0, fmt.Errorf("find name neighbours: %w", err)
	}
	return lo, hi, nil
}

// rankedRow is a member's id and rank.
type rankedRow struct{ id, rank int64 }

// rankMove is a member's rank before and after spacing out.
type rankMove struct{ id, from, to int64 }

// spaceOut renumbers the members around the gap between ranks lo and hi
// (hi 0 for the end of the list), widening the stretch until it holds room
// for all of them and one more, and returns the free rank left in the gap.
// Members at either end of the stretch keep their ranks.
func spaceOut(ctx context.Context, tx *sql.Tx, lo, hi int64) (int64, error) {
	for width := 16; ; width *= 8 {
		below, err := rankRows(ctx, tx, `name_rank > 0 AND name_rank <= ?
			ORDER BY name_rank DESC LIMIT ?`, lo, width+1)
		if err != nil {
			return 0, err
		}
		above, err := rankRows(ctx, tx, `name_rank >= ? AND ? <> 0
			ORDER BY name_rank LIMIT ?`, hi, hi, width+1)
		if err != nil {
			return 0, err
		}
		plan, free, ok := planSpacing(below, above, width)
		if ok {
			return free, moveRanks(ctx, tx, plan)
		}
		if len(below) <= width && len(above) <= width {
			return 0, fmt.Errorf("space out name ranks: no room among %d members",
				len(below)+len(above))
		}
	}
}

// planSpacing spreads the members of a stretch evenly between its two end
// members (or 0, and as far as needed past the end of the list), leaving a
// free rank where below meets above. below runs downwards from the gap,
// above upwards; each holds up to width members and, beyond them, the end
// member that stays. ok is false when the stretch is too crowded.
func planSpacing(below, above []rankedRow, width int) (moves []rankMove, free int64,
	ok bool) {
	var floor int64
	if len(below) > width {
		floor, below = below[width].rank, below[:width]
	}
	ceiling := int64(0)
	if len(above) > width {
		ceiling, above = above[width].rank, above[:width]
	}

	slots := len(below) + 1 + len(above)
	step := int64(rankStep)
	if ceiling != 0 {
		step = (ceiling - floor) / int64(slots+1)
	} else if floor > math.MaxInt64-int64(slots+1)*rankStep {
		return nil, 0, false
	}
	if step < minRankStep {
		return nil, 0, false
	}

	rank := floor
	for i := len(below) - 1; i >= 0; i-- {
		rank += step
		moves = append(moves, rankMove{below[i].id, below[i].rank, rank})
	}
	rank += step
	free = rank
	for _, r := range above {
		rank += step
		moves = append(moves, rankMove{r.id, r.rank, rank})
	}
	return moves, free, true
}

// moveRanks gives each member its new rank without two ever sharing one:
// those moving down go first, lowest first, then those moving up, highest
// first. The full-text trigger re-indexes each.
func moveRanks(ctx context.Context, tx *sql.Tx, moves []rankMove) error {
	stmt, err := tx.PrepareContext(ctx, "UPDATE members SET name_rank = ? WHERE id = ?")
	if err != nil {
		return fmt.Errorf("space out name ranks: %w", err)
	}
	defer stmt.Close()

	var order []rankMove
	for _, m := range moves {
		if m.to < m.from {
			order = append(order, m)
		}
	}
	for i := len(moves) - 1; i >= 0; i-- {
		if m := moves[i]; m.to > m.from {
			order = append(order, m)
		}
	}
	for _, m := range order {
		if _, err := stmt.ExecContext(ctx, m.to, m.id); err != nil {
			return fmt.Errorf("space out name ranks: %w", err)
		}
	}
	return nil
}

func rankRows(ctx context.Context, tx *sql.Tx, where string, args ...any) ([]rankedRow, error) {
	rows, err := tx.QueryContext(ctx, "SELECT id, name_rank FROM members WHERE "+where,
		args...)
	if err != nil {
		return nil, fmt.Errorf("read name ranks: %w", err)
	}
	defer rows.Close()
	var list []rankedRow
	for rows.Next() {
		var r rankedRow
		if err := rows.Scan(&r.id, &r.rank); err != nil {
			return nil, fmt.Errorf("read name ranks: %w", err)
		}
		list = append(list, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read name ranks: %w", err)
	}
	return list, nil
}

// rankAll numbers every member afresh in name order and rebuilds the
// full-text index: for a bulk write that added many members beside those
// there, it is quicker than ranking them one by one.
func rankAll(ctx context.Context, tx *sql.Tx) error {
	for _, stmt := range []string{
		"UPDATE members SET name_rank = NULL WHERE name_rank IS NOT NULL",
		`UPDATE members SET name_rank = r.n * ` + fmt.Sprint(rankStep) + `
		 FROM (SELECT id, row_number() OVER (ORDER BY name_key, id) AS n
		       FROM members) AS r
		 WHERE members.id = r.id`,
		// In rank order: FTS5 writes its pending terms out whenever a
		// rowid is lower than the last, which a rebuild (in id order)
		// would make it do for almost every member.
		"INSERT INTO members_fts (members_fts) VALUES ('delete-all')",
		`INSERT INTO members_fts (rowid, first_name, last_name, username, email, phone,
			starts)
		 SELECT name_rank, first_name, last_name, username, email, phone, starts
		 FROM members_search ORDER BY name_rank`,
	} {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("rank members: %w", err)
		}
	}
	return nil
}

// rankEach gives a rank to each member without one, in name order; the
// full-text trigger indexes each.
func rankEach(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, name_key FROM members
		WHERE name_rank IS NULL ORDER BY name_key, id`)
	if err != nil {
		return fmt.Errorf("rank members: %w", err)
	}
	type named struct {
		id  int64
		key []byte
	}
	var list []named
	for rows.Next() {
		var n named
		if err := rows.Scan(&n.id, &n.key); err != nil {
			rows.Close()
			return fmt.Errorf("rank members: %w", err)
		}
		list = append(list, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("rank members: %w", err)
	}

	for _, n := range list {
		if err := setRank(ctx, tx, n.id, n.key, 0); err != nil {
			return err
		}
	}
	return nil
}

// setRank gives member id, whose name has key, the rank its name calls for;
// current is its rank now (0 for none).
func setRank(ctx context.Context, tx *sql.Tx, id int64, key []byte, current int64) error {
	rank, err := rankAt(ctx, tx, key, id, current)
	if err != nil || rank == current {
		return err
	}
	_, err = tx.ExecContext(ctx, "UPDATE members SET name_rank = ? WHERE id = ?", rank, id)
	if err != nil {
		return fmt.Errorf("rank member: %w", err)
	}
	return nil
}

// rankStray gives a name key and a rank to the members another program
// added to the file without them, which search would not find, and once
// to every member of a file from before name keys; it looks through the
// indexes, so a file without any costs nothing.
func (s *Store) rankStray(ctx context.Context) error {
	var stray bool
	err := s.db.QueryRowContext(ctx, `SELECT
		EXISTS (SELECT 1 FROM members WHERE name_rank IS NULL) OR
		EXISTS (SELECT 1 FROM members WHERE name_key IS NULL)`).Scan(&stray)
	if err != nil {
		return fmt.Errorf("find unranked members: %w", err)
	}
	if !stray {
		return nil
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		reorder, err := keyStray(ctx, tx)
		if err != nil {
			return err
		}
		b, err := suspendBulkTriggers(ctx, tx)
		if err != nil {
			return err
		}
		// A ranked member that had no key may stand anywhere in key order.
		if reorder {
			if err := rankAll(ctx, tx); err != nil {
				return err
			}
		}
		return b.resume(ctx, tx)
	})
}

// keyBatch is how many members keyStray reads at a time.
const keyBatch = 10000

// keyStray gives a name key to each member without one, and reports
// whether any of them had a rank already.
func keyStray(ctx context.Context, tx *sql.Tx) (reorder bool, err error) {
	set, err := tx.PrepareContext(ctx, "UPDATE members SET name_key = ? WHERE id = ?")
	if err != nil {
		return false, fmt.Errorf("key names: %w", err)
	}
	defer set.Close()
	for {
		batch, ranked, err := unkeyed(ctx, tx)
		if err != nil || len(batch) == 0 {
			return reorder, err
		}
		reorder = reorder || ranked
		for _, m := range batch {
			if _, err := set.ExecContext(ctx, NameKey(m.last, m.first), m.id); err != nil {
				return false, fmt.Errorf("key names: %w", err)
			}
		}
	}
}

// namedRow is a member's id and name.
type namedRow struct {
	id          int64
	last, first string
}

// unkeyed reads up to keyBatch members without a name key, and reports
// whether any of them has a rank.
func unkeyed(ctx context.Context, tx *sql.Tx) (batch []namedRow, ranked bool, err error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, last_name, first_name,
		name_rank IS NOT NULL FROM members WHERE name_key IS NULL LIMIT ?`, keyBatch)
	if err != nil {
		return nil, false, fmt.Errorf("read names to key: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var m namedRow
		var hasRank bool
		if err := rows.Scan(&m.id, &m.last, &m.first, &hasRank); err != nil {
			return nil, false, fmt.Errorf("read names to key: %w", err)
		}
		batch = append(batch, m)
		ranked = ranked || hasRank
	}
	if err := rows.Err(); err != nil {
		return nil, false, fmt.Errorf("read names to key: %w", err)
	}
	return batch, ranked, nil
}

// unranked counts the members without a rank, and those with one.
func unranked(ctx context.Context, tx *sql.Tx) (without, with int, err error) {
	err = tx.QueryRowContext(ctx, `SELECT count(*) - count(name_rank), count(name_rank)
		FROM members`).Scan(&without, &with)
	if err != nil {
		return 0, 0, fmt.Errorf("count unranked members: %w", err)
	}
	return without, with, nil
}
