package ui

import (
	"context"
	"testing"

	"fyne.io/fyne/v2/test"

	"clinicadmin/data"
)

// roomNamed reads room name back from the store.
func roomNamed(t *testing.T, u *testUI, name string) data.Room {
	t.Helper()
	rooms, err := u.store.ListRooms(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rooms {
		if r.Name == name {
			return r
		}
	}
	t.Fatalf("no room %q in %+v", name, rooms)
	return data.Room{}
}

func openRooms(u *testUI) *roomsView {
	u.m.tabs.SelectIndex(1)
	u.settle()
	return u.m.rooms
}

func TestRoomsAddAndDeactivate(t *testing.T) {
	u := newTestUI(t)
	v := openRooms(u)
	if !shows(v.content, "Main") || !shows(v.content, "MAIN") {
		t.Fatalf("the Main room is not listed: %q", texts(v.content))
	}

	test.Type(v.name, "Room 2")
	test.Type(v.code, "r2")
	test.Tap(v.addBtn)
	u.settle()
	if !shows(v.content, "Room 2") || !shows(v.content, "R2") {
		t.Fatalf("the new room is not listed: %q", texts(v.content))
	}
	if r := roomNamed(t, u, "Room 2"); !r.Active || r.Code != "R2" {
		t.Errorf("stored room: %+v", r)
	}
	if got := u.m.users.room.Options; len(got) != 3 {
		t.Errorf("room filter: got %q, want All rooms and two rooms", got)
	}

	test.Tap(buttons(v.rows, "Deactivate")[1])
	u.settle()
	if r := roomNamed(t, u, "Room 2"); r.Active {
		t.Error("the room is still active")
	}
	if !shows(v.rows, "Inactive") || !shows(v.rows, "Activate") {
		t.Errorf("the list does not show the room inactive: %q", texts(v.rows))
	}
}

func TestRoomsAddRefused(t *testing.T) {
	u := newTestUI(t)
	v := openRooms(u)
	test.Type(v.name, "Second main")
	test.Type(v.code, "main")
	test.Tap(v.addBtn)
	u.settle()
	u.wantDialog("Room code is already used by another room.")

	u.key("Escape")
	v.code.SetText("bad code!")
	test.Tap(v.addBtn)
	if got, want := v.msg.Text, "Room code must use only letters A-Z, digits and -."; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestRoomsRemoveInUse(t *testing.T) {
	u := newTestUI(t)
	threeMembers(u)
	v := openRooms(u)

	test.Tap(button(t, v.rows, "Remove"))
	u.settle()
	test.Tap(button(t, u.topDialog(), "Yes"))
	u.settle()
	u.wantDialog("The room has 3 members; move them to another room before removing it.")
	roomNamed(t, u, "Main")
}

func TestRoomsRenameAndRemove(t *testing.T) {
	u := newTestUI(t)
	if _, err := u.store.CreateRoom(context.Background(), "Spare", "SP"); err != nil {
		t.Fatal(err)
	}
	v := openRooms(u)

	test.Tap(buttons(v.rows, "Rename")[1])
	u.settle()
	d := u.topDialog()
	name := u.win.Canvas().Focused().(*entry)
	name.SetText("Spare room")
	test.Tap(button(t, d, "Rename"))
	u.settle()
	roomNamed(t, u, "Spare room")

	test.Tap(buttons(v.rows, "Remove")[1])
	u.settle()
	test.Tap(button(t, u.topDialog(), "Yes"))
	u.settle()
	if shows(v.rows, "Spare room") {
		t.Errorf("the removed room is still listed: %q", texts(v.rows))
	}
}
