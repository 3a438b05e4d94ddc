package ui

import (
	"context"
	"testing"

	"fyne.io/fyne/v2/test"

	"clinicadmin/data"
)

// openEdit opens Edit on the member in row with its pen button.
func openEdit(t *testing.T, u *testUI, row int) *editView {
	t.Helper()
	test.Tap(rowButton(t, u.m.users.table, row, "Edit"))
	u.settle()
	if u.m.editing == nil {
		t.Fatal("Edit did not open")
	}
	return u.m.editing
}

func TestEditProfile(t *testing.T) {
	u := newTestUI(t)
	alice, _, _ := threeMembers(u)
	v := openEdit(t, u, 1) // rows by last name: Jones, Smith, White
	if v.member.ID != alice.ID {
		t.Fatalf("opened %s, want Alice Smith", v.member.Name())
	}
	if got := v.form.last.entry.Text; got != "Smith" {
		t.Fatalf("last name field: got %q, want Smith", got)
	}

	v.form.last.entry.SetText("")
	if !v.saveBtn.Disabled() || v.form.last.msg.Text != "Last name is required." {
		t.Fatalf("empty last name: Save enabled or message %q", v.form.last.msg.Text)
	}
	test.Type(v.form.last.entry, "Smythe")
	test.Tap(v.saveBtn)
	u.settle()
	if got := v.msg.Text; got != "Saved." {
		t.Errorf("after Save: got %q, want Saved.", got)
	}
	got, err := u.store.GetMember(context.Background(), alice.ID)
	if err != nil || got.LastName != "Smythe" {
		t.Fatalf("stored: got %q, %v, want Smythe", got.LastName, err)
	}
	if !shows(u.m.users.table, "Alice Smythe") || shows(u.m.users.table, "Alice Smith") {
		t.Errorf("the list still shows the old name: %q", texts(u.m.users.table))
	}
}

func TestEditDuplicateUsername(t *testing.T) {
	u := newTestUI(t)
	threeMembers(u)
	v := openEdit(t, u, 0) // Bob
	v.form.username.entry.SetText("alice")
	test.Tap(v.saveBtn)
	u.settle()
	if want := "Username is already used by another member."; v.msg.Text != want {
		t.Errorf("got %q, want %q", v.msg.Text, want)
	}
}

func TestEditStatus(t *testing.T) {
	u := newTestUI(t)
	alice, _, _ := threeMembers(u)
	v := openEdit(t, u, 1)
	v.tabs.SelectIndex(2)
	o := v.other
	if !o.statusBtn.Disabled() {
		t.Error("Save User Status is enabled with the status unchanged")
	}

	for _, st := range []data.Status{data.StatusSuspended, data.StatusPendingDelete,
		data.StatusActive} {
		o.status.SetSelected(st.Label())
		test.Tap(o.statusBtn)
		u.settle()
		got, err := u.store.GetMember(context.Background(), alice.ID)
		if err != nil || got.Status != st {
			t.Errorf("stored status: got %q, %v, want %q", got.Status, err, st)
		}
		if !shows(u.m.users.table, st.Label()) {
			t.Errorf("the list does not show %q: %q", st.Label(), texts(u.m.users.table))
		}
	}
	if o.status.Selected != "Active" || !o.statusBtn.Disabled() {
		t.Errorf("after saving: selected %q, button enabled %v", o.status.Selected,
			!o.statusBtn.Disabled())
	}
}

func TestEditOtherReset(t *testing.T) {
	u := newTestUI(t)
	threeMembers(u)
	v := openEdit(t, u, 0)
	v.tabs.SelectIndex(2)
	if !v.other.resetBtn.Disabled() || v.other.resetWhy.Text != mailNotReady {
		t.Errorf("Send Reset Password Email: disabled %v, reason %q",
			v.other.resetBtn.Disabled(), v.other.resetWhy.Text)
	}
	if got, want := v.other.lastReset.Text, "No reset email has been sent."; got != want {
		t.Errorf("last reset: got %q, want %q", got, want)
	}
}

func TestEditVisits(t *testing.T) {
	u := newTestUI(t)
	alice, _, _ := threeMembers(u)
	u.addVisits(alice.ID, 2)
	u.reloadUsers()
	v := openEdit(t, u, 1)
	v.tabs.SelectIndex(1)
	vt := v.visits
	if got, want := vt.count.Text, "2 visits, newest first."; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}

	vt.at.SetText("14/03/2025 09:15")
	vt.provider.SetText("Dr Grey")
	vt.reason.SetText("Flu")
	test.Tap(vt.addBtn)
	u.settle()
	if got, want := vt.count.Text, "3 visits, newest first."; got != want {
		t.Fatalf("after adding: got %q, want %q", got, want)
	}
	if got := visitLine(vt.visits[0]); got != "2025-03-14 09:15 · Main · Dr Grey · Flu" {
		t.Errorf("newest visit: got %q", got)
	}
	m, _ := u.m.users.memberAt(1)
	if m.Visits != 3 {
		t.Errorf("the list shows %d visits, want 3", m.Visits)
	}

	vt.at.SetText("tomorrow")
	test.Tap(vt.addBtn)
	want := "Visit time must be a date and time written YYYY-MM-DD HH:MM or DD/MM/YYYY HH:MM."
	if got := vt.msg.Text; got != want {
		t.Errorf("bad time: got %q, want %q", got, want)
	}
}

func TestEditOtherGolden(t *testing.T) {
	u := newTestUI(t)
	threeMembers(u)
	v := openEdit(t, u, 0)
	v.tabs.SelectIndex(2)
	u.settle()
	test.AssertRendersToMarkup(t, "edit_other.xml", u.win.Canvas())
}
