package data_test

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"clinicadmin/data"
)

// TestNameOrder adds, renames and imports members where name ranks run out
// of room (one after another into the same gap, at the head of the list,
// with the same name), and checks that the list, a search and the
// full-text index all still agree with the names.
func TestNameOrder(t *testing.T) {
	ctx := context.Background()
	ss := openSearchStore(t)
	ss.insert(t, searchRow{first: "Zoe", last: "Zed"}, searchRow{first: "Al", last: "Able"})

	n := 0
	create := func(first, last string) data.Member {
		t.Helper()
		n++
		m, err := ss.CreateMember(ctx, data.MemberInput{RoomID: 1, FirstName: first,
			LastName: last, Email: fmt.Sprintf("rank%d@example.net", n)})
		if err != nil {
			t.Fatalf("create %s %s: %v", first, last, err)
		}
		return m
	}
	for i := range 80 {
		create(fmt.Sprintf("Ann%03d", i), "Middle")  // each after the one before
		create(fmt.Sprintf("Bo%03d", 99-i), "Aaron") // each before all others
	}
	for i := range 40 {
		create("Same", "Name"+strings.Repeat("x", i%3)) // ties keep their order
	}
	renamed := create("Zach", "Zulu")
	if _, err := ss.UpdateMember(ctx, renamed.ID, data.MemberInput{RoomID: 1,
		FirstName: "Ann040x", LastName: "middle", Email: renamed.Email}); err != nil {
		t.Fatal(err)
	}
	importMembers(t, ss.Store, 30, "Middle")

	checkNameOrder(t, ss, data.Query{})
	checkNameOrder(t, ss, data.Query{Desc: true})
	checkNameOrder(t, ss, data.Query{Text: "ann0"})
	checkNameOrder(t, ss, data.Query{Text: "mi", Desc: true})
	checkIndex(t, ss)
}

// importMembers imports n members of one last name, first names spread
// between those already there.
func importMembers(t *testing.T, s *data.Store, n int, last string) {
	t.Helper()
	var csv strings.Builder
	csv.WriteString("first_name,last_name,email\n")
	for i := range n {
		fmt.Fprintf(&csv, "Ann%03d5,%s,imported%d@example.net\n", i, last, i)
	}
	_, err := s.Import(context.Background(),
		data.ImportFiles{Members: strings.NewReader(csv.String())}, data.ImportOptions{}, nil)
	if err != nil {
		t.Fatalf("import: %v", err)
	}
}

// checkNameOrder pages through q in name order and compares it with the
// names sorted by their keys, ties by id.
func checkNameOrder(t *testing.T, ss *searchStore, q data.Query) {
	t.Helper()
	q.Limit = 7
	got := searchAll(t, ss.Store, q)
	want := slices.Clone(got)
	slices.SortStableFunc(want, func(a, b data.Member) int {
		c := cmp.Or(bytes.Compare(data.NameKey(a.LastName, a.FirstName),
			data.NameKey(b.LastName, b.FirstName)), cmp.Compare(a.ID, b.ID))
		if q.Desc {
			return -c
		}
		return c
	})
	if len(got) < 20 {
		t.Errorf("%q: found %d members, want more", q.Text, len(got))
	}
	for i := range got {
		if got[i].ID != want[i].ID {
			t.Fatalf("%q row %d: got %s %s, want %s %s", q.Text, i, got[i].FirstName,
				got[i].LastName, want[i].FirstName, want[i].LastName)
		}
	}
}

// checkIndex compares the full-text index with the members it indexes.
func checkIndex(t *testing.T, ss *searchStore) {
	t.Helper()
	_, err := ss.raw.Exec(`INSERT INTO members_fts (members_fts, rank)
		VALUES ('integrity-check', 1)`)
	if err != nil {
		t.Errorf("full-text index: %v", err)
	}
	var unranked int
	err = ss.raw.QueryRow("SELECT count(*) FROM members WHERE name_rank IS NULL").
		Scan(&unranked)
	if err != nil || unranked != 0 {
		t.Errorf("members without a rank: got %d, %v, want 0", unranked, err)
	}
}

// TestNameOrderStray opens a file where another program added members
// without a rank: they are ranked and found.
func TestNameOrderStray(t *testing.T) {
	ctx := context.Background()
	ss := openSearchStore(t)
	ss.insert(t, searchRow{first: "Ada", last: "Byron"})
	_, err := ss.raw.Exec(`INSERT INTO members (room_id, email, first_name, last_name,
		created_at, updated_at) VALUES (1, 'stray@example.net', 'Stray', 'Cat', '', '')`)
	if err != nil {
		t.Fatal(err)
	}
	if page, _ := ss.Search(ctx, data.Query{Text: "stray"}); len(page.Members) != 0 {
		t.Fatalf("before reopening: found %d, want 0 (not yet indexed)", len(page.Members))
	}

	again, err := data.Open(ctx, ss.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	page, err := again.Search(ctx, data.Query{Text: "stray"})
	if err != nil || len(page.Members) != 1 {
		t.Fatalf("after reopening: found %d, %v, want 1", len(page.Members), err)
	}
	checkIndex(t, ss)
}

// accentedNames are last names in the order the list shows them: letters
// with accents or strokes among their plain neighbours, case aside, other
// scripts after Latin.
var accentedNames = []string{"Ángel", "Çelik", "Czarnecki", "Dąbrowski", "de la Cruz",
	"Dubois", "lopez", "Łukasiewicz", "Müller", "Nowak", "Öztürk", "Zimmer",
	"Иванов", "王"}

// TestNameOrderAccents adds the names out of order, one by one and by
// import, and finds them in name order either way.
func TestNameOrderAccents(t *testing.T) {
	shuffled := slices.Clone(accentedNames)
	slices.Reverse(shuffled)
	shuffled[0], shuffled[7] = shuffled[7], shuffled[0]

	t.Run("Created", func(t *testing.T) {
		ss := openSearchStore(t)
		for i, last := range shuffled {
			_, err := ss.CreateMember(context.Background(), data.MemberInput{RoomID: 1,
				FirstName: "Ana", LastName: last, Email: fmt.Sprintf("a%d@example.net", i)})
			if err != nil {
				t.Fatal(err)
			}
		}
		checkLastNames(t, ss.Store)
	})
	t.Run("Imported", func(t *testing.T) {
		ss := openSearchStore(t)
		var csv strings.Builder
		csv.WriteString("first_name,last_name,email\n")
		for i, last := range shuffled {
			fmt.Fprintf(&csv, "Ana,%s,a%d@example.net\n", last, i)
		}
		_, err := ss.Import(context.Background(),
			data.ImportFiles{Members: strings.NewReader(csv.String())}, data.ImportOptions{}, nil)
		if err != nil {
			t.Fatal(err)
		}
		checkLastNames(t, ss.Store)
	})
}

// TestNameOrderUnkeyed opens a file whose members have ranks but no name
// keys, in byte order as SQLite's NOCASE gives it: they are put in name
// order.
func TestNameOrderUnkeyed(t *testing.T) {
	ss := openSearchStore(t)
	for i, last := range accentedNames {
		_, err := ss.raw.Exec(`INSERT INTO members (room_id, email, first_name, last_name,
			created_at, updated_at) VALUES (1, ?, 'Ana', ?, '', '')`,
			fmt.Sprintf("a%d@example.net", i), last)
		if err != nil {
			t.Fatal(err)
		}
	}
	_, err := ss.raw.Exec(`UPDATE members SET name_rank = r.n * 1000 FROM (SELECT id,
		row_number() OVER (ORDER BY last_name, first_name) AS n FROM members) AS r
		WHERE members.id = r.id`)
	if err != nil {
		t.Fatal(err)
	}

	again, err := data.Open(context.Background(), ss.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	checkLastNames(t, again)
	checkIndex(t, ss)
	page, err := again.Search(context.Background(), data.Query{Text: "dabr"})
	if err != nil || len(page.Members) != 1 {
		t.Errorf("search dabr: found %d, %v, want Dąbrowski", len(page.Members), err)
	}
}

// checkLastNames lists every member in name order and compares their last
// names with accentedNames.
func checkLastNames(t *testing.T, s *data.Store) {
	t.Helper()
	page, err := s.Search(context.Background(), data.Query{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range page.Members {
		got = append(got, m.LastName)
	}
	if !slices.Equal(got, accentedNames) {
		t.Errorf("name order:\n got %q\nwant %q", got, accentedNames)
	}
}
