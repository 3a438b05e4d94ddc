package ui

import (
	"context"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"clinicadmin/data"
)

// threeMembers adds Alice, Bob and Carol and shows them.
func threeMembers(u *testUI) (alice, bob, carol data.Member) {
	alice = u.addMember("Alice", "Smith", "alice", "alice@example.org")
	bob = u.addMember("Bob", "Jones", "bob", "bob@example.org")
	carol = u.addMember("Carol", "White", "carol", "carol@example.org")
	u.reloadUsers()
	return alice, bob, carol
}

func TestUsersSearch(t *testing.T) {
	u := newTestUI(t)
	threeMembers(u)
	v := u.m.users
	if got, want := v.line.Text, "Showing 3 of 3 members"; got != want {
		t.Fatalf("status line: got %q, want %q", got, want)
	}

	test.Type(v.search, "smi")
	u.waitFor("the search", func() bool { return v.line.Text == "Showing 1 of 3 members" })
	if !shows(v.table, "Alice Smith") || shows(v.table, "Bob Jones") {
		t.Errorf("got rows %q, want Alice Smith only", texts(v.table))
	}

	v.search.SetText("")
	u.waitFor("all members", func() bool { return v.line.Text == "Showing 3 of 3 members" })
	for _, name := range []string{"Alice Smith", "Bob Jones", "Carol White"} {
		if !shows(v.table, name) {
			t.Errorf("row %q missing: got %q", name, texts(v.table))
		}
	}
}

// TestUsersSearchNewest types faster than the debounce: only the last
// query's rows are shown.
func TestUsersSearchNewest(t *testing.T) {
	u := newTestUI(t)
	threeMembers(u)
	v := u.m.users
	for _, s := range []string{"b", "bo", "bob", "bob@", "c", "ca", "car"} {
		v.search.SetText(s)
	}
	u.settle()
	if got, want := v.line.Text, "Showing 1 of 3 members"; got != want {
		t.Fatalf("status line: got %q, want %q", got, want)
	}
	if !shows(v.table, "Carol White") || shows(v.table, "Bob Jones") {
		t.Errorf("got rows %q, want Carol White only", texts(v.table))
	}
}

func TestMemberPagesDropStale(t *testing.T) {
	p := newMemberPages()
	old := p.restart(data.Query{Text: "a"})
	cur := p.restart(data.Query{Text: "ab"})
	page := data.Page{Members: []data.Member{{ID: 1}}}
	if p.replace(old, map[int]data.Page{0: page}) {
		t.Error("an older generation replaced the pages")
	}
	if p.setTotal(old, 5) {
		t.Error("an older generation set the total")
	}
	if !p.replace(cur, map[int]data.Page{0: page}) {
		t.Error("the current generation was dropped")
	}
	if p.add(old, 1, page) {
		t.Error("an older generation added a page")
	}
}

func TestMemberPagesRequest(t *testing.T) {
	p := newMemberPages()
	gen := p.restart(data.Query{Text: "x"})
	if _, ok := p.request(1); ok {
		t.Error("a page was asked for before the first pages arrived")
	}
	next := &data.Cursor{}
	first := data.Page{Members: make([]data.Member, pageSize), Next: next}
	p.replace(gen, map[int]data.Page{0: first})
	if got, want := p.total, 2*pageSize; got != want || p.counted {
		t.Errorf("total before the count: got %d, want a guess of %d", got, want)
	}
	p.setTotal(gen, 1000)

	q, ok := p.request(1)
	if !ok || q.After != next || q.Offset != 0 || q.Text != "x" {
		t.Errorf("page 1: got %+v, %v, want the cursor of page 0", q, ok)
	}
	if _, again := p.request(1); again {
		t.Error("page 1 was asked for twice")
	}
	q, ok = p.request(7)
	if !ok || q.After != nil || q.Offset != 7*pageSize {
		t.Errorf("page 7: got %+v, %v, want offset %d", q, ok, 7*pageSize)
	}
	if _, ok := p.request(10); ok {
		t.Error("a page past the end was asked for")
	}
}

// TestMemberPagesCountFirst: a count that comes before the pages is kept,
// and a last page read ends the guessed length where the list ends.
func TestMemberPagesCountFirst(t *testing.T) {
	p := newMemberPages()
	gen := p.restart(data.Query{})
	p.setTotal(gen, 1000)
	full := data.Page{Members: make([]data.Member, pageSize), Next: &data.Cursor{}}
	p.replace(gen, map[int]data.Page{0: full})
	if p.total != 1000 {
		t.Errorf("total: got %d, want the count 1000", p.total)
	}

	gen = p.restart(data.Query{Text: "y"})
	p.replace(gen, map[int]data.Page{0: full})
	q, _ := p.request(1)
	last := data.Page{Members: make([]data.Member, 30)}
	p.add(gen, 1, last)
	if got, want := p.total, pageSize+30; got != want || q.After == nil {
		t.Errorf("total after the last page: got %d, want %d", got, want)
	}
}

func TestUsersSortByHeader(t *testing.T) {
	u := newTestUI(t)
	threeMembers(u)
	v := u.m.users
	first := func() string { m, _ := v.memberAt(0); return m.Name() }
	if got, want := first(), "Bob Jones"; got != want {
		t.Fatalf("first by last name: got %q, want %q", got, want)
	}

	test.Tap(headerButton(t, v, "Name"))
	u.settle()
	if got, want := first(), "Carol White"; got != want {
		t.Errorf("first by last name, descending: got %q, want %q", got, want)
	}

	test.Tap(headerButton(t, v, "Email"))
	u.settle()
	if got, want := first(), "Alice Smith"; got != want {
		t.Errorf("first by email: got %q, want %q", got, want)
	}
}

// headerButton finds the sort button of a column header.
func headerButton(t *testing.T, v *usersView, title string) *widget.Button {
	t.Helper()
	return button(t, v.table, title)
}

func TestUsersFilters(t *testing.T) {
	u := newTestUI(t)
	alice, _, _ := threeMembers(u)
	ctx := context.Background()
	if err := u.store.SetStatus(ctx, alice.ID, data.StatusSuspended); err != nil {
		t.Fatal(err)
	}
	guest, err := u.store.CreateMember(ctx, data.MemberInput{RoomID: u.mainRoom(),
		Email: "dave@example.org", FirstName: "Dave", LastName: "Guest"})
	if err != nil {
		t.Fatal(err)
	}
	u.reloadUsers()
	v := u.m.users

	v.status.SetSelected("Suspended")
	u.settle()
	if !shows(v.table, "Alice Smith") || v.pages.total != 1 {
		t.Errorf("Suspended: got %d rows %q, want Alice Smith", v.pages.total, texts(v.table))
	}

	v.status.SetSelectedIndex(0)
	v.kind.SetSelected("Guests only")
	u.settle()
	if !shows(v.table, guest.Name()) || v.pages.total != 1 {
		t.Errorf("guests: got %d rows %q, want %s", v.pages.total, texts(v.table), guest.Name())
	}
}

// TestUsersPaging scrolls a list longer than a page: rows are read as they
// come into view.
func TestUsersPaging(t *testing.T) {
	u := newTestUI(t)
	if err := u.store.LoadSample(context.Background(), 250, nil); err != nil {
		t.Fatal(err)
	}
	u.reloadUsers()
	v := u.m.users
	if v.pages.total != 250 {
		t.Fatalf("total: got %d, want 250", v.pages.total)
	}
	if _, ok := v.memberAt(240); ok {
		t.Fatal("row 240 was read before it was shown")
	}

	v.table.ScrollTo(widget.TableCellID{Row: 240, Col: 0})
	u.waitFor("row 240", func() bool { _, ok := v.memberAt(240); return ok })
	m, _ := v.memberAt(240)
	u.settle()
	if !shows(v.table, m.Name()) {
		t.Errorf("row 240 (%s) not shown: %q", m.Name(), texts(v.table))
	}
}

func TestUsersGolden(t *testing.T) {
	u := newTestUI(t)
	threeMembers(u)
	u.m.users.table.selectRow(1)
	test.AssertRendersToMarkup(t, "users.xml", u.win.Canvas())
}

func TestKeys(t *testing.T) {
	u := newTestUI(t)
	threeMembers(u)
	c := u.win.Canvas()

	c.(fyne.Shortcutable).TypedShortcut(keyNew)
	u.settle()
	if u.m.creating == nil {
		t.Fatal("Ctrl+N did not open Create a Member")
	}
	u.key(fyne.KeyEscape)
	if u.m.creating != nil || len(u.m.dialogs) != 0 {
		t.Fatal("Escape did not close Create a Member")
	}

	c.(fyne.Shortcutable).TypedShortcut(keyFind)
	if c.Focused() != u.m.users.search {
		t.Errorf("Ctrl+F: got focus on %T, want the search bar", c.Focused())
	}

	c.Unfocus()
	u.m.users.table.selectRow(0)
	u.key(fyne.KeyReturn)
	u.settle()
	if u.m.editing == nil || u.m.editing.member.LastName != "Jones" {
		t.Fatal("Enter did not open the selected member")
	}
	u.key(fyne.KeyEscape)

	// In the focused table, Down moves the selection and Enter opens it.
	tbl := u.m.users.table
	tbl.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	tbl.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	u.settle()
	if u.m.editing == nil || u.m.editing.member.LastName != "Smith" {
		t.Fatal("Down and Enter in the table did not open the next member")
	}
}

func TestDoubleTapOpens(t *testing.T) {
	u := newTestUI(t)
	threeMembers(u)
	tbl := u.m.users.table
	row := fyne.NewPos(40, 60) // below the header row, in row 0 or 1
	test.TapAt(tbl, row)
	if u.m.editing != nil || len(u.m.dialogs) != 0 {
		t.Fatal("a single tap opened the member")
	}
	test.TapAt(tbl, row)
	u.settle()
	if u.m.editing == nil {
		t.Fatalf("a double-click on row %d did not open it", tbl.selRow)
	}
}

func TestWindowSize(t *testing.T) {
	u := newTestUI(t)
	u.win.Resize(fyne.NewSize(900, 650))
	u.m.saveSize()

	w2 := test.NewTempWindow(t, nil)
	m2 := newMainWindow(u.m.app, w2, u.store, u.post)
	t.Cleanup(m2.stop)
	if got := w2.Canvas().Size(); got.Width != 900 || got.Height != 650 {
		t.Errorf("restored size: got %v, want 900x650", got)
	}
}
