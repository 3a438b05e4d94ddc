package ui

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"clinicadmin/data"
)

// testNow is the moment every test runs at, so that golden markup holds.
var testNow = time.Date(2025, 3, 14, 10, 30, 0, 0, time.UTC)

func TestMain(m *testing.M) {
	time.Local = time.UTC // dates in golden markup do not depend on the machine
	os.Exit(m.Run())
}

// testUI is the main window on a real store, with a queue standing in for
// fyne.Do: results of background work wait there until the test goroutine
// runs them, so that every widget is touched on the test goroutine.
type testUI struct {
	t     *testing.T
	m     *mainWindow
	win   fyne.Window
	store *data.Store

	mu    sync.Mutex
	queue []func()
}

func newTestUI(t *testing.T) *testUI {
	t.Helper()
	return newTestUIOn(t, openStore(t))
}

// newTestUIOn is newTestUI on a store the caller opened.
func newTestUIOn(t *testing.T, store *data.Store) *testUI {
	t.Helper()
	u := &testUI{t: t, store: store}
	a := test.NewTempApp(t)
	u.win = test.NewTempWindow(t, nil)
	u.m = newMainWindow(a, u.win, u.store, u.post)
	u.m.order = data.OrderDMY
	u.m.now = func() time.Time { return testNow }
	u.win.Resize(fyne.NewSize(1180, 720))
	t.Cleanup(u.m.stop) // runs before the store closes
	u.m.start()
	u.settle()
	return u
}

// openStore opens a new database in a temporary folder, with the clock at
// testNow.
func openStore(t *testing.T) *data.Store {
	t.Helper()
	path := filepath.Join(t.TempDir(), "clinic.db")
	s, err := data.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	s.SetClock(func() time.Time { return testNow })
	t.Cleanup(func() { s.Close() })
	return s
}

func (u *testUI) post(fn func()) {
	u.mu.Lock()
	u.queue = append(u.queue, fn)
	u.mu.Unlock()
}

// drain runs what background work handed back and reports whether there
// was anything.
func (u *testUI) drain() bool {
	u.mu.Lock()
	q := u.queue
	u.queue = nil
	u.mu.Unlock()
	for _, fn := range q {
		fn()
	}
	return len(q) > 0
}

// settle waits until no work or timer is in flight and all results are
// shown.
func (u *testUI) settle() {
	u.t.Helper()
	u.waitFor("the window to settle", func() bool {
		return u.m.inflight.Load() == 0 && u.queueLen() == 0
	})
}

func (u *testUI) queueLen() int {
	u.mu.Lock()
	defer u.mu.Unlock()
	return len(u.queue)
}

// waitFor runs handed-back results until cond holds, failing at a deadline.
func (u *testUI) waitFor(what string, cond func() bool) {
	u.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if u.drain() {
			continue
		}
		if time.Now().After(deadline) {
			u.t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// addMember stores a member directly.
func (u *testUI) addMember(first, last, username, email string) data.Member {
	u.t.Helper()
	m, err := u.store.CreateMember(context.Background(), data.MemberInput{
		RoomID: u.mainRoom(), Username: username, Email: email,
		FirstName: first, LastName: last,
	})
	if err != nil {
		u.t.Fatal(err)
	}
	return m
}

func (u *testUI) mainRoom() int64 {
	u.t.Helper()
	rooms, err := u.store.ListRooms(context.Background())
	if err != nil || len(rooms) == 0 {
		u.t.Fatalf("rooms: %v, %v", rooms, err)
	}
	return rooms[0].ID
}

// addVisits records n visits of member id.
func (u *testUI) addVisits(id int64, n int) {
	u.t.Helper()
	for i := range n {
		_, err := u.store.AddVisit(context.Background(), data.VisitInput{
			MemberID: id, RoomID: u.mainRoom(),
			At:       testNow.Add(-time.Duration(i+1) * 24 * time.Hour),
			Provider: "Dr Who", Reason: "Check-up",
		})
		if err != nil {
			u.t.Fatal(err)
		}
	}
}

// reloadUsers reads the list again, as after a change.
func (u *testUI) reloadUsers() {
	u.m.users.reload()
	u.settle()
}

// walk visits o and everything visible in it, through the renderers the
// window uses (test.LaidOutObjects would build new ones).
func walk(o fyne.CanvasObject, visit func(fyne.CanvasObject)) {
	if o == nil || !o.Visible() {
		return
	}
	visit(o)
	switch c := o.(type) {
	case fyne.Widget:
		for _, child := range test.WidgetRenderer(c).Objects() {
			walk(child, visit)
		}
	case *fyne.Container:
		for _, child := range c.Objects {
			walk(child, visit)
		}
	}
}

// texts returns the text of every visible label and button in o.
func texts(o fyne.CanvasObject) []string {
	var out []string
	walk(o, func(obj fyne.CanvasObject) {
		switch w := obj.(type) {
		case *widget.Label:
			out = append(out, w.Text)
		case *widget.Button:
			out = append(out, w.Text)
		}
	})
	return out
}

// buttons returns the visible buttons reading text in o.
func buttons(o fyne.CanvasObject, text string) []*widget.Button {
	var out []*widget.Button
	walk(o, func(obj fyne.CanvasObject) {
		if b, ok := obj.(*widget.Button); ok && b.Text == text {
			out = append(out, b)
		}
	})
	return out
}

// shows reports whether a visible label or button of o reads s.
func shows(o fyne.CanvasObject, s string) bool {
	for _, t := range texts(o) {
		if t == s {
			return true
		}
	}
	return false
}

// showsPart reports whether a visible label or button of o contains s.
func showsPart(o fyne.CanvasObject, s string) bool {
	for _, t := range texts(o) {
		if strings.Contains(t, s) {
			return true
		}
	}
	return false
}

// topDialog is the content of the dialog on top of the window.
func (u *testUI) topDialog() fyne.CanvasObject {
	u.t.Helper()
	top := u.win.Canvas().Overlays().Top()
	if top == nil {
		u.t.Fatal("no dialog is open")
	}
	return top
}

// button finds the visible button reading text in o.
func button(t *testing.T, o fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	found := buttons(o, text)
	if len(found) == 0 {
		t.Fatalf("no button %q in %q", text, texts(o))
	}
	return found[0]
}

// key sends a key to the window as if nothing had the focus.
func (u *testUI) key(name fyne.KeyName) {
	u.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: name})
}

// rowButton finds the button reading text in the Action column of a row
// of the table (scrolled to the top): the buttons, top to bottom, are the
// rows in order.
func rowButton(t *testing.T, tbl *memberTable, row int, text string) *widget.Button {
	t.Helper()
	found := buttons(tbl, text)
	d := fyne.CurrentApp().Driver()
	sort.Slice(found, func(i, j int) bool {
		return d.AbsolutePositionForObject(found[i]).Y < d.AbsolutePositionForObject(found[j]).Y
	})
	if row >= len(found) {
		t.Fatalf("no %q button in row %d (%d found)", text, row, len(found))
	}
	return found[row]
}

// wantDialog checks that the dialog on top says want.
func (u *testUI) wantDialog(want string) {
	u.t.Helper()
	if got := texts(u.topDialog()); !slices.Contains(got, want) {
		u.t.Errorf("the dialog says %q, want %q", got, want)
	}
}
