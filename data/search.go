package data

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"modernc.org/sqlite"
)

// Kind narrows a search to registered members, guests, or both.
type Kind int

const (
	KindAny        Kind = iota // registered members and guests
	KindRegistered             // members with a username
	KindGuest                  // members without one
)

// SortKey is the column a search is sorted by; ties go by member id.
type SortKey int

const (
	SortName      SortKey = iota // last name, then first name
	SortUsername                 // guests (no username) first
	SortEmail                    //
	SortRoom                     // room name
	SortStatus                   // status, then the day it was set
	SortVisits                   // number of visits
	SortLastVisit                // members never seen first
	SortCreated                  // when the member was created
)

// Query is one search of the member list.
type Query struct {
	Text   string  // words to find; "" finds everyone
	Status Status  // "" for any status
	RoomID int64   // 0 for any room
	Kind   Kind    //
	Sort   SortKey //
	Desc   bool    // sort descending
	After  *Cursor // continue after this row (Page.Next); nil for the first page
	Offset int     // rows to skip when After is nil
	Limit  int     // rows per page: 0 means DefaultLimit, at most MaxLimit
}

// Page sizes of Search.
const (
	DefaultLimit = 50
	MaxLimit     = 500
)

// Cursor marks the last row of a page: its sort values and id. It is only
// valid for a query with the same Sort and Desc.
type Cursor struct {
	sort SortKey
	desc bool
	keys []any
	id   int64
}

// fits reports whether c was made for q's sort (a zero Cursor fits none).
func (c *Cursor) fits(q Query) bool {
	return c.sort == q.Sort && c.desc == q.Desc && len(c.keys) == len(sortKeys[q.Sort])
}

// Page is one page of search results.
type Page struct {
	Members []Member
	Next    *Cursor // the cursor of the last row, nil when there are no more
}

// ErrCursorMismatch is returned by Search for a cursor that was made for a
// different Sort or Desc than the query's, or not made by Search at all.
var ErrCursorMismatch = errors.New("search cursor belongs to another sort")

// Plans of a text search. With few matches, Search gathers them all and
// sorts them (a few µs a match on a 1M file); with many (over 1% of the
// list), it walks the sort index from the cursor and tests each row, which
// ends within some 5,000 rows when matches are spread along the sort
// order. When they lie far down it instead (a surname, a script that sorts
// last), the walk runs out of time. A trigram search then walks again,
// looking each row up in the set of all its matches, which costs a
// fraction of a µs a match to build, and a tenth of a µs a row to walk.
// When that runs out of time too, Search gathers after all. Every plan
// finds the same rows.
const (
	gatherMin  = 100                   // matches always gathered
	gatherMax  = 10000                 // matches never gathered first
	walkBudget = 15 * time.Millisecond // then the walk gives up
	setBudget  = 40 * time.Millisecond // and then the walk by set
)

type plan int

const (
	planWalk    plan = iota // walk the sort index, test each row
	planWalkSet             // the same, looking rows up in the set of trigram matches
	planGather              // take every match, then sort
)

// Search returns one page of members matching q, sorted by q.Sort. Text
// of three or more characters is found anywhere in the first or last name,
// username, email or phone, without regard to case or accents; each word
// of the text must be found, in any of those fields. A word of one or two
// characters matches the start of one of those fields (in any case; accents
// count), or, beside longer words, any part of one. A text that reads as a
// date also finds the members born on any day it may mean (see
// BirthDateCandidates); and a text with no spaces also finds a member whose
// last name followed by their first name begins with it (王小明 for
// last name 王, first name 小明). Only the first eight words count. The
// members are complete records. Search returns ErrCursorMismatch for a
// cursor of another sort, or an internal error.
func (s *Store) Search(ctx context.Context, q Query) (Page, error) {
	if q.After != nil && !q.After.fits(q) {
		return Page{}, ErrCursorMismatch
	}
	limit := pageLimit(q.Limit)
	fold, err := trigramFolder()
	if err != nil {
		return Page{}, err
	}
	marks, err := s.findMarks(ctx, q, parseText(q.Text, fold), limit+1)
	if err != nil {
		return Page{}, err
	}

	var page Page
	if len(marks) > limit {
		marks = marks[:limit]
		page.Next = &marks[limit-1]
	}
	page.Members, err = s.membersByID(ctx, marks)
	return page, err
}

// CountMatches returns how many members match q's text and filters, for
// the status line; q's sort, cursor, offset and limit do not matter. It
// reads every match, so it can take longer than a page. It returns an
// internal error only.
func (s *Store) CountMatches(ctx context.Context, q Query) (int, error) {
	fold, err := trigramFolder()
	if err != nil {
		return 0, err
	}
	match := parseText(q.Text, fold)
	if match == nil {
		var b builder
		b.add("SELECT count(*) FROM members m WHERE 1")
		b.addFilters(q)
		return s.count(ctx, b.clause)
	}

	// Each arm counts the members it matches that no arm before it does.
	total := 0
	for i, a := range match.arms {
		n, err := s.count(ctx, armCount(q, match.arms[:i], a))
		if err != nil {
			return 0, err
		}
		total += n
	}
	return total, nil
}

// armCount counts the members a matches and no arm of before does. The
// trigram arm, always the first, counts in the index alone when it can.
func armCount(q Query, before []arm, a arm) clause {
	q.Sort = SortName // no rooms joined
	var b builder
	b.add("SELECT count(*) FROM ")
	switch {
	case a.fts != "" && a.rest.sql == "" && !filtered(q):
		b.add("members_fts WHERE members_fts MATCH ?", a.fts)
		return b.clause
	case a.fts != "":
		b.add("members_fts CROSS JOIN members m ON m.name_rank = members_fts.rowid "+
			"WHERE members_fts MATCH ?", a.fts)
		b.add(a.rest.sql, a.rest.args...)
		b.addWalkFilters(q)
	default:
		b.add("members m WHERE m.id IN ("+a.source.sql+")", a.source.args...)
		b.addFilters(q)
	}
	for _, prev := range before {
		b.add(" AND NOT ("+prev.row.sql+")", prev.row.args...)
	}
	return b.clause
}

func (s *Store) count(ctx context.Context, stmt clause) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, stmt.sql, stmt.args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count members: %w", err)
	}
	return n, nil
}

func pageLimit(n int) int {
	switch {
	case n <= 0:
		return DefaultLimit
	case n > MaxLimit:
		return MaxLimit
	}
	return n
}

// findMarks returns the id and sort values of up to n rows, choosing the
// plan as the comment on gatherMin says. Filters are planned alike: a
// walk tests them row by row, which ends soon unless few rows pass (a
// small room); gathering reads those few through their own index.
func (s *Store) findMarks(ctx context.Context, q Query, match *textMatch,
	n int) ([]Cursor, error) {
	if match == nil && !filtered(q) {
		return s.queryMarks(ctx, q, pageQuery(q, nil, planWalk, n))
	}
	if match != nil && q.Sort == SortName {
		return s.queryMarks(ctx, q, rankedQuery(q, match, n))
	}
	if match != nil {
		many, err := s.manyMatches(ctx, match)
		if err != nil {
			return nil, err
		}
		if !many {
			return s.queryMarks(ctx, q, pageQuery(q, match, planGather, n))
		}
	}

	marks, done, err := s.tryWalk(ctx, q, pageQuery(q, match, planWalk, n), walkBudget)
	if done {
		return marks, err
	}
	if match != nil && match.arms[0].set.sql != "" {
		stmt := pageQuery(q, match, planWalkSet, n)
		if marks, done, err := s.tryWalk(ctx, q, stmt, setBudget); done {
			return marks, err
		}
	}
	return s.queryMarks(ctx, q, pageQuery(q, match, planGather, n))
}

// tryWalk runs a walk for at most budget; done is false when it ran out
// of time, and the page must be found another way.
func (s *Store) tryWalk(ctx context.Context, q Query, stmt clause,
	budget time.Duration) (marks []Cursor, done bool, err error) {
	walkCtx, cancel := context.WithTimeout(ctx, budget)
	defer cancel()
	marks, err = s.queryMarks(walkCtx, q, stmt)
	if err == nil || ctx.Err() != nil || walkCtx.Err() == nil {
		return marks, true, err
	}
	return nil, false, nil
}

func filtered(q Query) bool {
	return q.Status != "" || q.RoomID != 0 || q.Kind != KindAny
}

// manyMatches reports whether the main arm matches over 1% of the list,
// counting no further. The highest id stands for the size of the list.
func (s *Store) manyMatches(ctx context.Context, match *textMatch) (bool, error) {
	var top int
	err := s.db.QueryRowContext(ctx, "SELECT ifnull(max(id), 0) FROM members").Scan(&top)
	if err != nil {
		return false, fmt.Errorf("probe search: %w", err)
	}
	limit := min(max(top/100, gatherMin), gatherMax)

	probe := match.arms[0].ids
	stmt := "SELECT count(*) FROM (" + probe.sql + " LIMIT ?)"
	args := append(append([]any{}, probe.args...), limit+1)
	var n int
	if err := s.db.QueryRowContext(ctx, stmt, args...).Scan(&n); err != nil {
		return false, fmt.Errorf("probe search: %w", err)
	}
	return n > limit, nil
}

// pageQuery selects the id and sort values of up to limit rows.
func pageQuery(q Query, match *textMatch, p plan, limit int) clause {
	keys := sortKeys[q.Sort]
	var b builder
	b.add("SELECT m.id")
	for _, k := range keys {
		b.add(", " + k)
	}

	b.addFrom(q, match, p)
	b.add(" WHERE 1")
	if p != planGather {
		b.addWalkFilters(q)
	} else {
		b.addFilters(q)
	}
	if match != nil && p != planGather {
		b.addWalkMatch(match, p)
	}
	if q.After != nil {
		b.addKeyset(q.Sort, q.Desc, q.After)
	}
	b.addOrder(q.Sort, q.Desc)

	b.add(" LIMIT ?", limit)
	if q.After == nil && q.Offset > 0 {
		b.add(" OFFSET ?", q.Offset)
	}
	return b.clause
}

// rankedQuery selects the id and name rank of up to limit rows in name
// order. The trigram index gives its matches in that order, so it reads
// only as many as the page needs, and those the filters refuse; the few
// matches of the other arms are sorted and merged with them.
func rankedQuery(q Query, match *textMatch, limit int) clause {
	skip := 0
	if q.After == nil {
		skip = q.Offset
	}
	dir := ""
	if q.Desc {
		dir = " DESC"
	}

	var b builder
	for i, a := range match.arms {
		if i > 0 {
			b.add(" UNION ")
		}
		if i == 0 {
			b.add("SELECT * FROM (SELECT m.id, m.name_rank FROM members_fts CROSS JOIN "+
				"members m ON m.name_rank = members_fts.rowid WHERE members_fts MATCH ?", a.fts)
			b.add(a.rest.sql, a.rest.args...)
			b.addWalkFilters(q)
			if q.After != nil {
				op := map[bool]string{false: ">", true: "<"}[q.Desc]
				b.add(" AND members_fts.rowid "+op+" ?", q.After.keys[0])
			}
			b.add(" ORDER BY members_fts.rowid"+dir+" LIMIT ?)", limit+skip)
			continue
		}
		b.add("SELECT * FROM (SELECT m.id, m.name_rank FROM members m WHERE m.id IN ("+
			a.source.sql+")", a.source.args...)
		b.addFilters(q)
		if q.After != nil {
			b.addKeyset(SortName, q.Desc, q.After)
		}
		b.addOrder(SortName, q.Desc)
		b.add(" LIMIT ?)", limit+skip)
	}
	b.add(" ORDER BY 2"+dir+" LIMIT ?", limit)
	if skip > 0 {
		b.add(" OFFSET ?", skip)
	}
	return b.clause
}

// addWalkMatch tests each row of a walk for any arm of match.
func (b *builder) addWalkMatch(match *textMatch, p plan) {
	b.add(" AND (")
	for i, a := range match.arms {
		if i > 0 {
			b.add(" OR ")
		}
		row := a.row
		if p == planWalkSet && a.set.sql != "" {
			row = a.set
		}
		b.add("("+row.sql+")", row.args...)
	}
	b.add(")")
}

// addFrom adds the rows a page is read from: the text matches when they
// are gathered, or the whole list in sort order.
func (b *builder) addFrom(q Query, match *textMatch, p plan) {
	b.add(" FROM ")
	switch {
	case match != nil && p == planGather:
		b.addGathered(match)
		if q.Sort == SortRoom {
			b.add(" JOIN rooms r ON r.id = m.room_id")
		}
	case q.Sort == SortRoom:
		// Rooms in name order, each one's members in id order: no sorting.
		b.add("rooms r CROSS JOIN members m ON m.room_id = r.id")
	default:
		b.add("members m")
	}
}

// sortKeys are the expressions each sort orders by before the member id;
// each matches an index (members_name_rank, members_username_key, ...).
// Name ranks are unique, so the name sort needs no id after them.
var sortKeys = map[SortKey][]string{
	SortName:      {"m.name_rank"}, // last name, then first name (rank.go)
	SortUsername:  {"ifnull(m.username, '') COLLATE NOCASE"},
	SortEmail:     {"m.email"},
	SortRoom:      {"r.name COLLATE NOCASE"},
	SortStatus:    {"m.status", "m.status_since"},
	SortVisits:    {"m.visit_count"},
	SortLastVisit: {"m.last_visit"},
	SortCreated:   {"m.created_at"},
}

// queryMarks runs stmt and reads the id and sort values of each row as a
// cursor.
func (s *Store) queryMarks(ctx context.Context, q Query, stmt clause) ([]Cursor, error) {
	rows, err := s.db.QueryContext(ctx, stmt.sql, stmt.args...)
	if err != nil {
		return nil, fmt.Errorf("search members: %w", err)
	}
	defer rows.Close()
	n := len(sortKeys[q.Sort])
	var marks []Cursor
	for rows.Next() {
		c := Cursor{sort: q.Sort, desc: q.Desc, keys: make([]any, n)}
		dest := []any{&c.id}
		for i := range c.keys {
			dest = append(dest, &c.keys[i])
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("search members: %w", err)
		}
		marks = append(marks, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search members: %w", err)
	}
	return marks, nil
}

// membersByID reads the members marked, in the order of marks. A member
// deleted in between is left out.
func (s *Store) membersByID(ctx context.Context, marks []Cursor) ([]Member, error) {
	if len(marks) == 0 {
		return nil, nil
	}
	ids := make([]int64, len(marks))
	for i, m := range marks {
		ids[i] = m.id
	}
	list, _ := json.Marshal(ids)

	rows, err := s.db.QueryContext(ctx, "SELECT "+memberColumns+memberFrom+
		" WHERE m.id IN (SELECT value FROM json_each(?))", string(list))
	if err != nil {
		return nil, fmt.Errorf("read found members: %w", err)
	}
	defer rows.Close()
	byID := make(map[int64]Member, len(ids))
	for rows.Next() {
		m, err := scanMember(rows)
		if err != nil {
			return nil, fmt.Errorf("read found members: %w", err)
		}
		byID[m.ID] = m
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read found members: %w", err)
	}

	members := make([]Member, 0, len(ids))
	for _, id := range ids {
		if m, ok := byID[id]; ok {
			members = append(members, m)
		}
	}
	return members, nil
}

// clause is a piece of SQL and the values of its parameters.
type clause struct {
	sql  string
	args []any
}

// builder assembles a statement with its parameters in order.
type builder struct{ clause }

func (b *builder) add(sql string, args ...any) {
	b.sql += sql
	b.args = append(b.args, args...)
}

// addGathered adds the ids of every text match joined to their members,
// as the source of a FROM clause.
func (b *builder) addGathered(match *textMatch) {
	b.add("(SELECT DISTINCT id FROM (")
	b.addUnion(match)
	b.add(")) AS hit CROSS JOIN members m ON m.id = hit.id")
}

// addUnion adds the ids each arm matches. UNION ALL leaves each arm free
// to use its own indexes; UNION would have each deliver its ids in order.
func (b *builder) addUnion(match *textMatch) {
	for i, a := range match.arms {
		if i > 0 {
			b.add(" UNION ALL ")
		}
		b.add(a.source.sql, a.source.args...)
	}
}

func (b *builder) addFilters(q Query) {
	if q.Status != "" {
		b.add(" AND m.status = ?", string(q.Status))
	}
	if q.RoomID != 0 {
		b.add(" AND m.room_id = ?", q.RoomID)
	}
	switch q.Kind {
	case KindRegistered:
		b.add(" AND m.username IS NOT NULL")
	case KindGuest:
		b.add(" AND m.username IS NULL")
	}
}

// addWalkFilters tests the filters on each row of a walk: the unary +
// keep SQLite from reading them through their indexes and sorting.
func (b *builder) addWalkFilters(q Query) {
	if q.Status != "" {
		b.add(" AND +m.status = ?", string(q.Status))
	}
	if q.RoomID != 0 && q.Sort == SortRoom {
		b.add(" AND r.id = ?", q.RoomID) // only that room's members are walked
	} else if q.RoomID != 0 {
		b.add(" AND +m.room_id = ?", q.RoomID)
	}
	switch q.Kind {
	case KindRegistered:
		b.add(" AND +m.username IS NOT NULL")
	case KindGuest:
		b.add(" AND +m.username IS NULL")
	}
}

// addKeyset keeps the rows after c. The first sort value is also bounded
// alone, which lets SQLite seek the index instead of scanning to c.
func (b *builder) addKeyset(sort SortKey, desc bool, c *Cursor) {
	op, bound, lastID := ">", ">=", int64(-1)
	if desc {
		op, bound, lastID = "<", "<=", int64(1)<<62
	}
	keys := sortKeys[sort]

	if sort == SortName {
		b.add(" AND m.name_rank "+op+" ?", c.keys[0])
		return
	}
	if sort == SortRoom {
		// Bounds the inner loop (a room's members by id) too.
		b.add(fmt.Sprintf(" AND %s %s ? AND m.id %s CASE WHEN %s = ? THEN ? ELSE ? END",
			keys[0], bound, op, keys[0]), c.keys[0], c.keys[0], c.id, lastID)
		return
	}
	b.add(fmt.Sprintf(" AND %s %s ?", keys[0], bound), c.keys[0])
	b.add(fmt.Sprintf(" AND (%s, m.id) %s (%s?)", strings.Join(keys, ", "), op,
		strings.Repeat("?, ", len(keys))), append(append([]any{}, c.keys...), c.id)...)
}

func (b *builder) addOrder(sort SortKey, desc bool) {
	dir := ""
	if desc {
		dir = " DESC"
	}
	b.add(" ORDER BY ")
	if sort == SortName {
		b.add("m.name_rank" + dir)
		return
	}
	for _, k := range sortKeys[sort] {
		b.add(k + dir + ", ")
	}
	b.add("m.id" + dir)
}

// textMatch is a search text as the alternatives that can match a row;
// the first is the main one, the one that decides the plan.
type textMatch struct {
	arms []arm
}

// arm is one way for a row to match: ids selects the members it matches
// (perhaps more, cheaply, to count them), source exactly those, and row
// tests one row m of a walk; set does too, through the set of trigram
// matches, for the trigram arm. Their unary + keep SQLite from reading the
// matches through other indexes and sorting them: the walk is the point.
// The trigram arm also has its full-text query, fts, and the test rest
// that each of its rows must pass too.
type arm struct {
	ids    clause
	source clause
	row    clause
	set    clause
	fts    string
	rest   clause
}

// maxWords bounds the words of a search text that count; the rest are
// ignored, which keeps the statement within SQLite's parameter limit.
const maxWords = 8

// maxSplit bounds the length of a text tried as last name + first name.
const maxSplit = 16

// parseText reads a search text; nil means it matches everyone. Control
// characters, which no field holds, separate words like spaces (FTS5 would
// take a NUL for the end of the query).
func parseText(text string, fold *folder) *textMatch {
	text = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, text)
	words := strings.Fields(text)
	if len(words) == 0 {
		return nil
	}
	if len(words) > maxWords {
		words = words[:maxWords]
	}
	long, short := splitWords(words, fold)
	if len(long)+len(short) == 0 {
		return nil
	}

	var m textMatch
	if len(long) > 0 {
		m.arms = append(m.arms, wordsArm(long, short, fold))
	} else {
		m.arms = append(m.arms, prefixArm(short, fold))
	}
	if dates := BirthDateCandidates(text); len(dates) > 0 {
		m.arms = append(m.arms, datesArm(dates))
	}
	if n := utf8.RuneCountInString(words[0]); len(words) == 1 && n >= 2 && n <= maxSplit {
		m.arms = append(m.arms, splitArm(words[0]))
	}
	return &m
}

// splitWords parts the words the trigram index can find, three letters or
// more once folded, from the shorter ones; a word that folds to nothing (a
// lone accent) finds nothing and is left out.
func splitWords(words []string, fold *folder) (long, short []string) {
	for _, w := range words {
		switch n := utf8.RuneCountInString(fold.fold(w)); {
		case n >= 3:
			long = append(long, w)
		case n > 0:
			short = append(short, w)
		}
	}
	return long, short
}

// wordsArm finds every long word through the trigram index, and each short
// word anywhere in a field of the rows found.
func wordsArm(long, short []string, fold *folder) arm {
	quoted := make([]string, len(long))
	folded := make([]string, len(long))
	for i, w := range long {
		quoted[i] = ftsPhrase(w)
		folded[i] = fold.fold(w)
	}
	row := clause{matchFunc + "(?, +m.first_name, +m.last_name, +m.username, " +
		"+m.email, +m.phone)", []any{strings.Join(folded, "\x00")}}

	var rest builder
	for _, w := range short {
		rest.add(" AND ")
		rest.addContains(w)
	}
	return ftsArm(strings.Join(quoted, " "), row, rest.clause)
}

// prefixArm matches rows where some field begins with each word, through
// the marked first letters of each field in the trigram index (migrations/
// 0003_name_rank.sql): case and accents do not count.
func prefixArm(words []string, fold *folder) arm {
	phrases := make([]string, len(words))
	folded := make([]string, len(words))
	for i, w := range words {
		folded[i] = fold.fold(w)
		phrases[i] = "starts : " + ftsPhrase(startMark+folded[i])
	}
	row := clause{startsFunc + "(?, +m.first_name, +m.last_name, +m.username, " +
		"+m.email, +m.phone)", []any{strings.Join(folded, "\x00")}}
	return ftsArm(strings.Join(phrases, " "), row, clause{})
}

// startMark goes before the first letters of each field in the index.
const startMark = "\x01\x01"

// ftsPhrase quotes w as one FTS5 phrase.
func ftsPhrase(w string) string {
	return `"` + strings.ReplaceAll(w, `"`, `""`) + `"`
}

// ftsArm is the arm of the full-text query expr, each row also passing
// rest; row tests one row of a walk alike.
func ftsArm(expr string, row, rest clause) arm {
	const hits = "SELECT rowid FROM members_fts WHERE members_fts MATCH ?"
	return arm{
		ids: clause{hits, []any{expr}},
		source: clause{"SELECT m.id FROM members_fts CROSS JOIN members m " +
			"ON m.name_rank = members_fts.rowid WHERE members_fts MATCH ?" + rest.sql,
			append([]any{expr}, rest.args...)},
		row: clause{row.sql + rest.sql, append(slices.Clone(row.args), rest.args...)},
		set: clause{"+m.name_rank IN (" + hits + ")" + rest.sql,
			append([]any{expr}, rest.args...)},
		fts:  expr,
		rest: rest,
	}
}

func datesArm(dates []string) arm {
	in := "m.birth_date IN (?" + strings.Repeat(", ?", len(dates)-1) + ")"
	args := make([]any, len(dates))
	for i, d := range dates {
		args[i] = d
	}
	src := clause{"SELECT m.id FROM members m WHERE " + in, args}
	return arm{ids: src, source: src, row: clause{"+" + in, args}}
}

// splitArm reads a word as a last name followed by the start of a first
// name, as a full name is written family name first without a space.
func splitArm(word string) arm {
	var b, row builder
	runes := []rune(word)
	for k := 1; k < len(runes); k++ {
		if k > 1 {
			b.add(" OR ")
			row.add(" OR ")
		}
		last, rest := string(runes[:k]), string(runes[k:])
		const test = "(%[1]slast_name = ? AND %[1]sfirst_name >= ? AND %[1]sfirst_name < ?)"
		b.add(fmt.Sprintf(test, "m."), last, rest, rest+prefixEnd)
		row.add(fmt.Sprintf(test, "+m."), last, rest, rest+prefixEnd)
	}
	src := clause{"SELECT m.id FROM members m WHERE " + b.sql, b.args}
	return arm{ids: src, source: src, row: row.clause}
}

// searchFields are the columns a short word beside long ones is looked
// for in.
var searchFields = []string{"first_name", "last_name", "username", "email", "phone"}

// prefixEnd follows every string that begins with a given prefix: the
// largest code point.
const prefixEnd = "\U0010FFFF"

// addContains matches a row with a field that contains w anywhere.
func (b *builder) addContains(w string) {
	b.add("(")
	for i, v := range caseVariants(w) {
		pattern := "%" + likeEscaper.Replace(v) + "%"
		for j, f := range searchFields {
			if i > 0 || j > 0 {
				b.add(" OR ")
			}
			b.add("m."+f+` LIKE ? ESCAPE '\'`, pattern)
		}
	}
	b.add(")")
}

var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// caseVariants spells a short word with each of its non-ASCII letters in
// lower and upper case; ASCII letters are left to NOCASE and LIKE.
func caseVariants(w string) []string {
	variants := []string{""}
	for _, r := range w {
		forms := []rune{r}
		if r >= utf8.RuneSelf {
			forms = appendNew(forms, unicode.ToLower(r))
			forms = appendNew(forms, unicode.ToUpper(r))
			forms = appendNew(forms, unicode.ToTitle(r))
		}
		next := make([]string, 0, len(variants)*len(forms))
		for _, v := range variants {
			for _, f := range forms {
				next = append(next, v+string(f))
			}
		}
		variants = next
	}
	return variants
}

func appendNew(rs []rune, r rune) []rune {
	for _, have := range rs {
		if have == r {
			return rs
		}
	}
	return append(rs, r)
}

// matchFunc tests one row of a walk exactly as the trigram index would: each
// folded word (separated by NUL) is found in one of the five fields, folded.
// startsFunc does the same for the marked first letters in the index: each
// word begins the first two letters of a field, folded. They exist in this
// process only, for queries; the schema never uses them.
const (
	matchFunc  = "clinicadmin_search_match"
	startsFunc = "clinicadmin_search_starts"
)

func init() {
	sqlite.MustRegisterDeterministicScalarFunction(matchFunc, 6,
		rowTest(func(s string) string { return s }, strings.Contains))
	sqlite.MustRegisterDeterministicScalarFunction(startsFunc, 6,
		rowTest(firstTwo, strings.HasPrefix))
}

// rowTest returns a function of the words and the five fields that tests
// whether each word is found, by found, in one field, cut by cut and
// folded.
func rowTest(cut func(string) string,
	found func(field, word string) bool) func(*sqlite.FunctionContext,
	[]driver.Value) (driver.Value, error) {
	return func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		words, _ := args[0].(string)
		fold := loadedFolder()
		if fold == nil {
			return nil, errors.New("search: folding table not loaded")
		}
		var fields [5]string
		for i, v := range args[1:] {
			if text, ok := v.(string); ok {
				fields[i] = fold.fold(cut(text))
			}
		}
		for _, w := range strings.Split(words, "\x00") {
			if !slices.ContainsFunc(fields[:], func(f string) bool { return found(f, w) }) {
				return int64(0), nil
			}
		}
		return int64(1), nil
	}
}

// firstTwo cuts s to its first two characters, as substr(s, 1, 2) does.
func firstTwo(s string) string {
	n := 0
	for i := range s {
		if n == 2 {
			return s[:i]
		}
		n++
	}
	return s
}

// folder folds text as the trigram tokenizer (remove_diacritics 1) does,
// code point by code point: lower case, marks removed from letters, some
// combining marks dropped. Its table is read from SQLite's own tokenizer,
// so that a walk and the index never disagree.
type folder struct {
	bmp  []rune        // what each code point below 0x10000 becomes; -1: dropped
	more map[rune]rune // the same beyond
}

func (f *folder) fold(s string) string {
	b := make([]byte, 0, len(s))
	for _, r := range s {
		switch {
		case r >= 'A' && r <= 'Z':
			r += 'a' - 'A'
		case r < utf8.RuneSelf:
		case r < 0x10000:
			r = f.bmp[r]
		default:
			if to, ok := f.more[r]; ok {
				r = to
			}
		}
		if r >= 0 {
			b = utf8.AppendRune(b, r)
		}
	}
	return string(b)
}

var trigramFold struct {
	once sync.Once
	f    *folder
	err  error
}

// trigramFolder returns the folder, reading its table on first use (a
// quarter of a second, once per process; not cut short by a caller's
// context, so that no caller leaves it half read for the others).
func trigramFolder() (*folder, error) {
	trigramFold.once.Do(func() {
		trigramFold.f, trigramFold.err = readFoldTable(context.Background())
	})
	return trigramFold.f, trigramFold.err
}

// loadedFolder is the folder for matchRow, which only runs in a walk,
// after Search has loaded it.
func loadedFolder() *folder {
	f, _ := trigramFolder()
	return f
}

// readFoldTable tokenizes each code point the tokenizer may change, three
// times over, in a private in-memory database, and reads back the trigram
// it became. Every other code point stays as it is.
func readFoldTable(ctx context.Context) (*folder, error) {
	db, err := sql.Open("sqlite", "file::memory:")
	if err != nil {
		return nil, fmt.Errorf("open folding table: %w", err)
	}
	defer db.Close()
	conn, err := db.Conn(ctx) // one connection: one in-memory database
	if err != nil {
		return nil, fmt.Errorf("open folding table: %w", err)
	}
	defer conn.Close()
	codes := foldCandidates()
	terms, err := tokenizeCodes(ctx, conn, codes)
	if err != nil {
		return nil, err
	}

	f := &folder{bmp: make([]rune, 0x10000), more: make(map[rune]rune)}
	for r := range f.bmp {
		f.bmp[r] = rune(r)
	}
	for _, r := range codes {
		to, ok := terms[r]
		if !ok {
			to = -1 // tokenized to nothing
		}
		if r < 0x10000 {
			f.bmp[r] = to
		} else {
			f.more[r] = to
		}
	}
	return f, nil
}

// foldCandidates are the code points FTS5's fold may change: letters with
// other cases, Latin letters (which may carry marks), combining marks,
// noncharacters and Deseret. Against SQLite 3.54, the whole BMP tokenized
// the same way changes no other code point.
func foldCandidates() []rune {
	var codes []rune
	for r := rune(0x80); r <= 0x1044F; r++ {
		if isFoldCandidate(r) {
			codes = append(codes, r)
		}
	}
	return codes
}

func isFoldCandidate(r rune) bool {
	switch {
	case r >= 0xD800 && r <= 0xDFFF:
		return false
	case r <= 0x24F, r >= 0x300 && r <= 0x36F, r >= 0x1E00 && r <= 0x1EFF:
		return true
	case r >= 0xFFF0 && r <= 0xFFFF, r >= 0x10400:
		return true
	}
	return unicode.SimpleFold(r) != r
}

// tokenizeCodes returns the first code point of the trigram each code
// point, written three times, became.
func tokenizeCodes(ctx context.Context, db *sql.Conn, codes []rune) (map[rune]rune, error) {
	list, _ := json.Marshal(codes)
	for i, stmt := range foldStatements {
		var args []any
		if i == 1 {
			args = []any{string(list)}
		}
		if _, err := db.ExecContext(ctx, stmt, args...); err != nil {
			return nil, fmt.Errorf("build folding table: %w", err)
		}
	}

	rows, err := db.QueryContext(ctx, "SELECT doc, term FROM fold_terms")
	if err != nil {
		return nil, fmt.Errorf("read folding table: %w", err)
	}
	defer rows.Close()
	terms := make(map[rune]rune)
	for rows.Next() {
		var doc int64
		var term string
		if err := rows.Scan(&doc, &term); err != nil {
			return nil, fmt.Errorf("read folding table: %w", err)
		}
		terms[rune(doc)], _ = utf8.DecodeRuneInString(term)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read folding table: %w", err)
	}
	return terms, nil
}

// foldStatements build the folding table; the tokenizer is the one of
// members_fts in migrations/0001_init.sql.
var foldStatements = []string{
	`CREATE VIRTUAL TABLE fold USING fts5 (x, tokenize = 'trigram remove_diacritics 1')`,
	`INSERT INTO fold (rowid, x) SELECT value, char(value, value, value)
	 FROM json_each(?)`,
	`CREATE VIRTUAL TABLE fold_terms USING fts5vocab (fold, 'instance')`,
}
