package data_test

import (
	"bytes"
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"clinicadmin/data"
)

// searchRow is a member as the search tests insert it, straight into the table.
type searchRow struct {
	first, last, user, email, phone, birth string // user "" makes a guest
	status                                 data.Status
	room                                   int64 // 0 means room 1, "Main"
	visits                                 int
	day                                    int // created (and last seen) on day 1 + day
}

// searchStore is a store and a plain connection to its file.
type searchStore struct {
	*data.Store
	raw   *sql.DB
	rooms map[string]int64
}

// openSearchStore opens a store on a new file with the rooms named, as
// well as "Main".
func openSearchStore(tb testing.TB, rooms ...string) *searchStore {
	tb.Helper()
	ctx := context.Background()
	path := filepath.Join(tb.TempDir(), "clinic.db")
	s, err := data.Open(ctx, path)
	if err != nil {
		tb.Fatal(err)
	}
	raw, err := sql.Open("sqlite",
		"file:"+path+"?_pragma=foreign_keys(1)&_pragma=busy_timeout(5000)")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		raw.Close()
		if err := s.Close(); err != nil {
			tb.Error(err)
		}
	})

	ss := &searchStore{Store: s, raw: raw, rooms: map[string]int64{"Main": 1}}
	for i, name := range rooms {
		res, err := raw.Exec(`INSERT INTO rooms (name, code, created_at)
			VALUES (?, ?, '2024-01-01T00:00:00.000000Z')`, name, fmt.Sprint("R", i))
		if err != nil {
			tb.Fatal(err)
		}
		ss.rooms[name], _ = res.LastInsertId()
	}
	return ss
}

// insert adds rows in one transaction and returns their ids.
func (ss *searchStore) insert(tb testing.TB, rows ...searchRow) []int64 {
	tb.Helper()
	tx, err := ss.raw.Begin()
	if err != nil {
		tb.Fatal(err)
	}
	defer tx.Rollback()
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = insertRow(tb, tx, r)
	}
	// Rows written past the store have no place in name order: key the
	// names not keyed yet and number them all afresh, as a bulk write does
	// (the trigger indexes each).
	keyNames(tb, tx)
	for _, stmt := range []string{
		"UPDATE members SET name_rank = NULL",
		`UPDATE members SET name_rank = r.n * 1000 FROM (SELECT id,
			row_number() OVER (ORDER BY name_key, id) AS n FROM members) AS r
		 WHERE members.id = r.id`,
	} {
		if _, err := tx.Exec(stmt); err != nil {
			tb.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
	return ids
}

// keyNames stores the name key of every member without one.
func keyNames(tb testing.TB, tx *sql.Tx) {
	tb.Helper()
	rows, err := tx.Query("SELECT id, last_name, first_name FROM members WHERE name_key IS NULL")
	if err != nil {
		tb.Fatal(err)
	}
	keys := map[int64][]byte{}
	for rows.Next() {
		var id int64
		var last, first string
		if err := rows.Scan(&id, &last, &first); err != nil {
			tb.Fatal(err)
		}
		keys[id] = data.NameKey(last, first)
	}
	rows.Close()
	for id, key := range keys {
		if _, err := tx.Exec("UPDATE members SET name_key = ? WHERE id = ?", key, id); err != nil {
			tb.Fatal(err)
		}
	}
}

func insertRow(tb testing.TB, tx *sql.Tx, r searchRow) int64 {
	tb.Helper()
	var user any
	if r.user != "" {
		user = r.user
	}
	if r.status == "" {
		r.status = data.StatusActive
	}
	if r.room == 0 {
		r.room = 1
	}
	if r.email == "" {
		r.email = fmt.Sprintf("m%d@example.net", emailSeq.Add(1))
	}
	stamp := time.Date(2020, 1, 1, 9, 0, 0, 0, time.UTC).AddDate(0, 0, r.day).
		Format("2006-01-02T15:04:05.000000Z")
	last := ""
	if r.visits > 0 {
		last = stamp
	}
	res, err := tx.Exec(`INSERT INTO members (room_id, username, email, first_name,
		last_name, phone, birth_date, status, status_since, visit_count, last_visit,
		created_at, updated_at, name_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.room, user, r.email, r.first, r.last, r.phone, r.birth, string(r.status), stamp,
		r.visits, last, stamp, stamp, data.NameKey(r.last, r.first))
	if err != nil {
		tb.Fatal(err)
	}
	id, _ := res.LastInsertId()
	return id
}

// emailSeq numbers the emails made up for rows that have none.
var emailSeq atomic.Int64

// searchAll follows a search page by page to its end.
func searchAll(tb testing.TB, s *data.Store, q data.Query) []data.Member {
	tb.Helper()
	var all []data.Member
	for range 10000 {
		page, err := s.Search(context.Background(), q)
		if err != nil {
			tb.Fatalf("search %+v: %v", q, err)
		}
		all = append(all, page.Members...)
		if page.Next == nil {
			return all
		}
		q.After = page.Next
	}
	tb.Fatalf("search %+v: the pages never end", q)
	return nil
}

func fullNames(ms []data.Member) []string {
	names := make([]string, len(ms))
	for i, m := range ms {
		names[i] = m.FirstName + " " + m.LastName
	}
	return names
}

func memberIDs(ms []data.Member) []int64 {
	ids := make([]int64, len(ms))
	for i, m := range ms {
		ids[i] = m.ID
	}
	return ids
}

// searchPeople are members with names in several scripts, emails and phones.
var searchPeople = []searchRow{
	{first: "José", last: "García", user: "jgarcia", email: "jose.garcia@example.org",
		phone: "+1 555-0123", birth: "1980-03-07"},
	{first: "Jürgen", last: "Müller", user: "jmueller", email: "jm@post.example",
		phone: "+49 30 1234567", birth: "1980-07-03"},
	{first: "John", last: "Smith", email: "john.smith@example.com", phone: "(555) 010-9999",
		birth: "1975-12-31"},
	{first: "Joan", last: "Jones", user: "jjones", email: "joan@mail.example",
		birth: "1980-03-08"},
	{first: "Иван", last: "Петров", user: "ipetrov", email: "ivan@example.ru",
		phone: "+7 495 123-45-67"},
	{first: "小明", last: "王", user: "wangxm", email: "wang@example.cn"},
	{first: "محمد", last: "العلي", user: "malali", email: "m.alali@example.sa"},
	{first: "Ольга", last: "Иванова", email: "olga@example.ru"},
	{first: "Émile", last: "Zola", user: "ezola", email: "emile@example.fr"},
}

// textCase is a search text and the members it must find, by full name.
type textCase struct {
	name, text string
	want       []string
}

// runTextCases searches for each case's text and compares the names found,
// in sorted order.
func runTextCases(t *testing.T, s *data.Store, tests []textCase) {
	t.Helper()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := fullNames(searchAll(t, s, data.Query{Text: tc.text}))
			slices.Sort(got)
			if !slices.Equal(got, tc.want) {
				t.Errorf("%q: got %q, want %q", tc.text, got, tc.want)
			}
		})
	}
}

func TestSearchText(t *testing.T) {
	ss := openSearchStore(t)
	ss.insert(t, searchPeople...)

	tests := []textCase{
		{"Accent/Jose", "Jose", []string{"José García"}},
		{"Accent/Lower", "josé", []string{"José García"}},
		{"Accent/Muller", "muller", []string{"Jürgen Müller"}},
		{"Accent/MULLER", "MÜLLER", []string{"Jürgen Müller"}},
		{"Accent/Emile", "emile", []string{"Émile Zola"}},
		{"Trigram/Jos", "Jos", []string{"José García"}},
		{"Prefix/Jo", "Jo", []string{"Joan Jones", "John Smith", "José García"}},
		{"Prefix/jo", "jo", []string{"Joan Jones", "John Smith", "José García"}},
		{"Prefix/J", "j", []string{"Joan Jones", "John Smith", "José García",
			"Jürgen Müller"}},
		{"Prefix/LastName", "Zo", []string{"Émile Zola"}},
		{"Prefix/Username", "jm", []string{"Jürgen Müller"}},
		{"Prefix/AccentTyped", "Ém", []string{"Émile Zola"}},
		{"Cyrillic/Middle", "ван", []string{"Иван Петров", "Ольга Иванова"}},
		{"Cyrillic/Upper", "ИВАН", []string{"Иван Петров", "Ольга Иванова"}},
		{"Cyrillic/PrefixLower", "ив", []string{"Иван Петров", "Ольга Иванова"}},
		{"CJK/GivenName", "小明", []string{"小明 王"}},
		{"CJK/FullNameStart", "王小", []string{"小明 王"}},
		{"CJK/FullName", "王小明", []string{"小明 王"}},
		{"CJK/FamilyName", "王", []string{"小明 王"}},
		{"Arabic", "محمد", []string{"محمد العلي"}},
		{"Arabic/Prefix", "مح", []string{"محمد العلي"}},
		{"Words/FullName", "john smith", []string{"John Smith"}},
		{"Words/Reversed", "Smith John", []string{"John Smith"}},
		{"Words/ShortBeside", "garcia jo", []string{"José García"}},
		{"Email/Domain", "@example.o", []string{"José García"}},
		{"Email/Local", "smith@", []string{"John Smith"}},
		{"Email/Whole", "ivan@example.ru", []string{"Иван Петров"}},
		{"Phone/AsStored", "555-01", []string{"José García"}},
		{"Phone/Digits", "0123", []string{"José García"}},
		{"Phone/Spaced", "555 01", []string{"John Smith", "José García"}},
		{"Phone/Parens", "(555)", []string{"John Smith"}},
		{"None", "nobody", nil},
	}
	runTextCases(t, ss.Store, tests)
}

func TestSearchBirthDate(t *testing.T) {
	ss := openSearchStore(t)
	ss.insert(t, searchPeople...)

	tests := []textCase{
		{"ISO", "1980-03-07", []string{"José García"}},
		{"DayFirst", "07/03/1980", []string{"José García", "Jürgen Müller"}},
		{"Dots", "7.3.1980", []string{"José García", "Jürgen Müller"}},
		{"OneReading", "31/12/1975", []string{"John Smith"}},
		{"NotADate", "31/31/1975", nil},
	}
	runTextCases(t, ss.Store, tests)
}

func TestSearchFilters(t *testing.T) {
	ss := openSearchStore(t, "Oncology")
	onc := ss.rooms["Oncology"]
	ss.insert(t,
		searchRow{first: "Anna", last: "Berg", user: "aberg", status: data.StatusActive},
		searchRow{first: "Anna", last: "Lind", user: "alind", status: data.StatusSuspended,
			room: onc},
		searchRow{first: "Anna", last: "Holm", status: data.StatusSuspended},
		searchRow{first: "Annika", last: "Sand", status: data.StatusPendingDelete, room: onc},
		searchRow{first: "Karl", last: "Berg", user: "kberg", status: data.StatusSuspended,
			room: onc},
	)

	tests := []struct {
		name string
		q    data.Query
		want []string
	}{
		{"Status", data.Query{Text: "anna", Status: data.StatusSuspended},
			[]string{"Anna Holm", "Anna Lind"}},
		{"Room", data.Query{Text: "ann", RoomID: onc}, []string{"Anna Lind", "Annika Sand"}},
		{"RoomSorted", data.Query{Text: "ann", RoomID: onc, Sort: data.SortRoom},
			[]string{"Anna Lind", "Annika Sand"}},
		{"Registered", data.Query{Text: "anna", Kind: data.KindRegistered},
			[]string{"Anna Berg", "Anna Lind"}},
		{"Guest", data.Query{Text: "an", Kind: data.KindGuest},
			[]string{"Anna Holm", "Annika Sand"}},
		{"All", data.Query{Text: "berg", Status: data.StatusSuspended, RoomID: onc,
			Kind: data.KindRegistered}, []string{"Karl Berg"}},
		{"NoText", data.Query{Status: data.StatusSuspended, RoomID: onc},
			[]string{"Anna Lind", "Karl Berg"}},
		{"NoMatch", data.Query{Text: "karl", Kind: data.KindGuest}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := fullNames(searchAll(t, ss.Store, tc.q))
			slices.Sort(got)
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
			n, err := ss.CountMatches(context.Background(), tc.q)
			if err != nil || n != len(tc.want) {
				t.Errorf("count: got %d, %v, want %d", n, err, len(tc.want))
			}
		})
	}
}

// sortCases are every sort key, with the order it must give.
var sortCases = []struct {
	name string
	key  data.SortKey
	cmp  func(a, b data.Member) int
}{
	{"Name", data.SortName, func(a, b data.Member) int {
		return bytes.Compare(data.NameKey(a.LastName, a.FirstName),
			data.NameKey(b.LastName, b.FirstName))
	}},
	{"Username", data.SortUsername, func(a, b data.Member) int {
		return nocase(a.Username, b.Username)
	}},
	{"Email", data.SortEmail, func(a, b data.Member) int { return nocase(a.Email, b.Email) }},
	{"Room", data.SortRoom, func(a, b data.Member) int {
		return nocase(a.RoomName, b.RoomName)
	}},
	{"Status", data.SortStatus, func(a, b data.Member) int {
		return cmp.Or(cmp.Compare(a.Status, b.Status), a.StatusSince.Compare(b.StatusSince))
	}},
	{"Visits", data.SortVisits, func(a, b data.Member) int {
		return cmp.Compare(a.Visits, b.Visits)
	}},
	{"LastVisit", data.SortLastVisit, func(a, b data.Member) int {
		return a.LastVisit.Compare(b.LastVisit)
	}},
	{"Created", data.SortCreated, func(a, b data.Member) int {
		return a.CreatedAt.Compare(b.CreatedAt)
	}},
}

// nocase compares as SQLite's NOCASE: ASCII letters folded, bytes after.
func nocase(a, b string) int {
	return strings.Compare(asciiLower(a), asciiLower(b))
}

func asciiLower(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}

// sortFixture is a store with 2,000 members named "walker" in several
// spellings (upper case, a precomposed or a combining diaeresis): more
// than Search gathers at once (1% of the list, at least 100), so that a
// search for them walks the sort index. The searchPeople come beside them.
func sortFixture(t *testing.T) *searchStore {
	t.Helper()
	ss := openSearchStore(t, "Oncology", "cardiology", "Zeta")
	_, err := ss.raw.Exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL
		SELECT i + 1 FROM n WHERE i < 2000)
		INSERT INTO members (room_id, username, email, first_name, last_name, phone,
			status, status_since, visit_count, last_visit, created_at, updated_at)
		SELECT 1 + i % 4, CASE WHEN i % 5 = 0 THEN NULL ELSE 'user' || (i * 7919 % 2000) END,
			'w' || i || '@example.org', char(65 + i % 26) || 'nn',
			CASE i % 7 WHEN 0 THEN 'Wälker' WHEN 1 THEN 'WALKER'
			WHEN 2 THEN 'Wa' || char(776) || 'lker' ELSE 'Walker' END || (i % 37),
			'', CASE i % 3 WHEN 0 THEN 'active' WHEN 1 THEN 'suspended'
			ELSE 'pending_delete' END,
			printf('2021-01-%02dT00:00:00.000000Z', 1 + i % 28), i % 9,
			CASE WHEN i % 9 = 0 THEN '' ELSE printf('2022-%02d-01T00:00:00.000000Z',
			1 + i % 12) END, printf('2020-01-01T00:%02d:00.000000Z', i % 60),
			'2020-01-01T00:00:00.000000Z'
		FROM n`)
	if err != nil {
		t.Fatal(err)
	}
	ss.insert(t, searchPeople...)
	return ss
}

// TestSearchList runs the tests of a long list on one file.
func TestSearchList(t *testing.T) {
	ss := sortFixture(t)
	t.Run("Sort", func(t *testing.T) { testSort(t, ss) })
	t.Run("Everyone", func(t *testing.T) { testEveryone(t, ss) })
	t.Run("PageSize", func(t *testing.T) { testPageSize(t, ss) })
	t.Run("CursorMismatch", func(t *testing.T) { testCursorMismatch(t, ss) })
}

func testSort(t *testing.T, ss *searchStore) {
	queries := []struct {
		name string
		q    data.Query
	}{
		{"Everyone", data.Query{}},
		{"Few", data.Query{Text: "jo"}},    // prefix path, gathered and sorted
		{"Some", data.Query{Text: "ann"}},  // trigram, gathered and sorted
		{"Many", data.Query{Text: "walk"}}, // trigram, walking the sort index
		{"Prefix", data.Query{Text: "wa"}}, // prefix path, walking the sort index
		{"Filtered", data.Query{Text: "walk", Status: data.StatusSuspended,
			RoomID: ss.rooms["cardiology"], Kind: data.KindRegistered}},
	}
	for _, sc := range sortCases {
		for _, desc := range []bool{false, true} {
			for _, tc := range queries {
				name := fmt.Sprintf("%s/Desc=%v/%s", sc.name, desc, tc.name)
				t.Run(name, func(t *testing.T) {
					t.Parallel()
					q := tc.q
					q.Sort, q.Desc = sc.key, desc
					checkPaging(t, ss.Store, q, sc.cmp)
				})
			}
		}
	}
}

// checkPaging checks that three pages of 7 read by cursor, and by offset,
// are the first 21 rows of one big page, and that the big page is sorted.
func checkPaging(t *testing.T, s *data.Store, q data.Query, order func(a, b data.Member) int) {
	t.Helper()
	ctx := context.Background()
	big := q
	big.Limit = 60
	all, err := s.Search(ctx, big)
	if err != nil {
		t.Fatal(err)
	}
	checkSorted(t, all.Members, order, q.Desc)

	var paged, offset []data.Member
	q.Limit = 7
	for i := range 3 {
		page, err := s.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		paged = append(paged, page.Members...)
		if page.Next == nil {
			break
		}
		q.After = page.Next

		byOffset := q
		byOffset.After, byOffset.Offset = nil, 7*i
		page, err = s.Search(ctx, byOffset)
		if err != nil {
			t.Fatal(err)
		}
		offset = append(offset, page.Members...)
	}

	want := memberIDs(all.Members[:min(21, len(all.Members))])
	if got := memberIDs(paged); !slices.Equal(got, want) {
		t.Errorf("pages by cursor: got %v, want %v", got, want)
	}
	if got := memberIDs(offset); len(paged) == 21 && !slices.Equal(got, want) {
		t.Errorf("pages by offset: got %v, want %v", got, want)
	}
}

// checkSorted checks that ms is in order, ties by id, in the direction.
func checkSorted(t *testing.T, ms []data.Member, order func(a, b data.Member) int, desc bool) {
	t.Helper()
	for i := 1; i < len(ms); i++ {
		c := cmp.Or(order(ms[i-1], ms[i]), cmp.Compare(ms[i-1].ID, ms[i].ID))
		if desc {
			c = -c
		}
		if c >= 0 {
			t.Fatalf("row %d (id %d) is not after row %d (id %d)", i, ms[i].ID, i-1, ms[i-1].ID)
		}
	}
}

func testEveryone(t *testing.T, ss *searchStore) {
	ctx := context.Background()
	all := searchAll(t, ss.Store, data.Query{Limit: data.MaxLimit})
	if len(all) != 2000+len(searchPeople) {
		t.Fatalf("got %d members, want %d", len(all), 2000+len(searchPeople))
	}
	checkSorted(t, all, sortCases[0].cmp, false)

	texts := []string{"", "walk", "WÄLK", "wälk", "ann", "wa", "j", "7.3.1980", "王小"}
	for _, text := range texts {
		q := data.Query{Text: text, Limit: data.MaxLimit}
		n, err := ss.CountMatches(ctx, q)
		if got := len(searchAll(t, ss.Store, q)); err != nil || n != got {
			t.Errorf("%q: count got %d, %v, want %d", text, n, err, got)
		}
	}
}

func testPageSize(t *testing.T, ss *searchStore) {
	ctx := context.Background()
	for _, tc := range []struct{ limit, want int }{{0, 50}, {-3, 50}, {10, 10}, {9999, 500}} {
		page, err := ss.Search(ctx, data.Query{Limit: tc.limit})
		if err != nil || len(page.Members) != tc.want || page.Next == nil {
			t.Errorf("limit %d: got %d members, %v, want %d", tc.limit, len(page.Members),
				err, tc.want)
		}
	}

	page, err := ss.Search(ctx, data.Query{Text: "müller"})
	if err != nil || len(page.Members) != 1 || page.Next != nil {
		t.Fatalf("got %d members, next %v, %v, want 1 and no next", len(page.Members),
			page.Next, err)
	}
	m := page.Members[0]
	if m.RoomName != "Main" || m.Email != "jm@post.example" || m.BirthDate != "1980-07-03" {
		t.Errorf("got %+v, want the whole record", m)
	}
}

func testCursorMismatch(t *testing.T, ss *searchStore) {
	ctx := context.Background()
	page, err := ss.Search(ctx, data.Query{Sort: data.SortEmail})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []data.Query{
		{Sort: data.SortName, After: page.Next},
		{Sort: data.SortEmail, Desc: true, After: page.Next},
		{After: &data.Cursor{}},
	} {
		_, err := ss.Search(ctx, q)
		if !errors.Is(err, data.ErrCursorMismatch) {
			t.Errorf("got %v, want ErrCursorMismatch", err)
		}
	}
}

// hostileTexts are search texts full of FTS5 query syntax and oddities.
var hostileTexts = []string{
	`"`, `""`, `"jo`, `jo"`, `*`, `jo*`, `-`, `-john`, `OR`, `john OR smith`,
	`NEAR(john smith)`, `NEAR(`, `(`, `)`, `^`, `^smi`, `:`, `email:john`,
	`{first_name}: jo`, `john AND NOT`, `'`, `%`, `_`, `\`, `%_%`, "\x00",
	"jo\x00hn", "\u0301\u0301\u0301", "💥💥💥", "a\tb", `""""""`, `+`, `[a-z]`,
	`'); DROP TABLE members; --`, strings.Repeat("x", 2000),
}

func TestSearchHostileText(t *testing.T) {
	ss := openSearchStore(t)
	ss.insert(t, searchPeople...)
	for i, text := range hostileTexts {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			checkSearchText(t, ss.Store, text)
		})
	}
}

// checkSearchText checks that text searches without error, with a count
// that agrees with the pages.
func checkSearchText(t *testing.T, s *data.Store, text string) {
	t.Helper()
	q := data.Query{Text: text, Limit: 3}
	got := searchAll(t, s, q)
	n, err := s.CountMatches(context.Background(), q)
	if err != nil || n != len(got) {
		t.Fatalf("%q: count got %d, %v, want %d", text, n, err, len(got))
	}
}

func FuzzSearch(f *testing.F) {
	for _, text := range hostileTexts {
		f.Add(text)
	}
	for _, p := range searchPeople {
		f.Add(p.first)
		f.Add(p.email)
	}
	ss := openSearchStore(f)
	ss.insert(f, searchPeople...)

	f.Fuzz(func(t *testing.T, text string) {
		checkSearchText(t, ss.Store, text)
	})
}
