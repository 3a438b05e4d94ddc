package ui

import (
	"context"
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"clinicadmin/data"
)

// checkGone checks that member m and their visits are gone, from the store
// and from the list.
func checkGone(t *testing.T, u *testUI, m data.Member, members int) {
	t.Helper()
	ctx := context.Background()
	if _, err := u.store.GetMember(ctx, m.ID); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("GetMember after delete: got %v, want ErrNotFound", err)
	}
	if _, err := u.store.ListVisits(ctx, m.ID); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("ListVisits after delete: got %v, want ErrNotFound", err)
	}
	if shows(u.m.users.table, m.Name()) {
		t.Errorf("the list still shows %s", m.Name())
	}
	want := "Showing " + count(members) + " of " + count(members) + " members"
	if members == 0 {
		want = "No members yet. Add one with New Member, or try Load sample data " +
			"in the Help menu."
	}
	if got := u.m.users.line.Text; got != want {
		t.Errorf("status line: got %q, want %q", got, want)
	}
}

// confirmByTyping checks the confirmation and types key into it.
func confirmByTyping(t *testing.T, u *testUI, m data.Member, visits, key string) {
	t.Helper()
	v := u.m.deleting
	if v == nil {
		t.Fatal("no delete confirmation")
	}
	text := strings.Join(texts(u.topDialog()), "\n")
	for _, want := range []string{m.Name(), visits + " will be deleted. This cannot be " +
		"undone and nothing can be retrieved.", key} {
		if !strings.Contains(text, want) {
			t.Errorf("confirmation %q does not say %q", text, want)
		}
	}
	if !v.delBtn.Disabled() {
		t.Fatal("Delete is enabled before the admin typed anything")
	}
	test.Type(v.typed, key[:len(key)-1])
	if !v.delBtn.Disabled() {
		t.Fatal("Delete is enabled on a partial match")
	}
	test.Type(v.typed, key[len(key)-1:])
	if v.delBtn.Disabled() {
		t.Fatal("Delete is disabled after typing the right text")
	}
	test.Tap(v.delBtn)
	u.settle()
}

func TestDeleteFromActionColumn(t *testing.T) {
	u := newTestUI(t)
	alice, _, _ := threeMembers(u)
	u.addVisits(alice.ID, 3)
	u.reloadUsers()

	test.Tap(rowButton(t, u.m.users.table, 1, "Delete"))
	u.settle()
	confirmByTyping(t, u, alice, "3 visit records", "alice")
	if u.m.deleting != nil {
		t.Error("the confirmation stayed open")
	}
	checkGone(t, u, alice, 2)
}

func TestDeleteGuestByEmail(t *testing.T) {
	u := newTestUI(t)
	guest, err := u.store.CreateMember(context.Background(), data.MemberInput{
		RoomID: u.mainRoom(), Email: "guest@example.org", FirstName: "Gus", LastName: "Guest"})
	if err != nil {
		t.Fatal(err)
	}
	u.addVisits(guest.ID, 1)
	u.reloadUsers()

	test.Tap(rowButton(t, u.m.users.table, 0, "Delete"))
	u.settle()
	confirmByTyping(t, u, guest, "1 visit record", "guest@example.org")
	checkGone(t, u, guest, 0)
}

func TestDeleteFromOtherTab(t *testing.T) {
	u := newTestUI(t)
	alice, _, _ := threeMembers(u)
	u.addVisits(alice.ID, 2)
	u.reloadUsers()

	v := openEdit(t, u, 1)
	v.tabs.SelectIndex(2)
	test.Tap(v.other.removeBtn)
	u.settle()
	confirmByTyping(t, u, alice, "2 visit records", "alice")
	if u.m.editing != nil || len(u.m.dialogs) != 0 {
		t.Errorf("dialogs left open: %d", len(u.m.dialogs))
	}
	checkGone(t, u, alice, 2)
}

func TestDeleteCancel(t *testing.T) {
	u := newTestUI(t)
	alice, _, _ := threeMembers(u)
	test.Tap(rowButton(t, u.m.users.table, 1, "Delete"))
	u.settle()
	test.Type(u.m.deleting.typed, "alice")
	// Escape in the focused entry closes the dialog.
	u.m.deleting.typed.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	u.settle()
	if u.m.deleting != nil {
		t.Fatal("Escape did not close the confirmation")
	}
	if _, err := u.store.GetMember(context.Background(), alice.ID); err != nil {
		t.Errorf("the member is gone after Cancel: %v", err)
	}
}
