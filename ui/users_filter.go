package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"clinicadmin/data"
)

// Choices of the filters of the Users view; the first of each is "any".
var (
	statusChoices = []string{"All statuses", "Active", "Suspended", "Pending delete"}
	kindChoices   = []string{"Registered and guests", "Registered only", "Guests only"}
)

func (v *usersView) makeFilters() {
	v.status = widget.NewSelect(statusChoices, nil)
	v.status.SetSelectedIndex(0)
	v.status.OnChanged = func(string) { v.schedule(0) }

	v.room = widget.NewSelect([]string{"All rooms"}, nil)
	v.room.SetSelectedIndex(0)
	v.room.OnChanged = func(string) { v.schedule(0) }

	v.kind = widget.NewSelect(kindChoices, nil)
	v.kind.SetSelectedIndex(0)
	v.kind.OnChanged = func(string) { v.schedule(0) }
}

// filterBar lays the filters out at widths that fit their longest choice.
func (v *usersView) filterBar() fyne.CanvasObject {
	return container.NewHBox(fixedWidth(170, v.status), fixedWidth(220, v.room),
		fixedWidth(220, v.kind))
}

// statusFilter maps the status filter's choice to the query's status.
func statusFilter(i int) data.Status {
	if i <= 0 || i > len(data.Statuses) {
		return ""
	}
	return data.Statuses[i-1]
}

func kindFilter(i int) data.Kind {
	switch i {
	case 1:
		return data.KindRegistered
	case 2:
		return data.KindGuest
	}
	return data.KindAny
}

// roomFilter is the id of the room chosen in the filter, 0 for any.
func (v *usersView) roomFilter() int64 {
	i := v.room.SelectedIndex()
	if i <= 0 || i > len(v.rooms) {
		return 0
	}
	return v.rooms[i-1].ID
}

// resetFilters sets every filter back to "any" without running a query.
func (v *usersView) resetFilters() {
	for _, s := range []*widget.Select{v.status, v.room, v.kind} {
		changed := s.OnChanged
		s.OnChanged = nil
		s.SetSelectedIndex(0)
		s.OnChanged = changed
	}
}

// loadRooms reads the rooms for the room filter.
func (v *usersView) loadRooms() { v.readRooms(v.setRooms) }

// setRooms refreshes the room filter, keeping the chosen room if it is
// still there.
func (v *usersView) setRooms(rooms []data.Room) {
	chosen := v.roomFilter()
	v.rooms = rooms
	options := []string{"All rooms"}
	selected := 0
	for i, r := range rooms {
		options = append(options, roomLabel(r))
		if r.ID == chosen {
			selected = i + 1
		}
	}
	changed := v.room.OnChanged
	v.room.OnChanged = nil
	v.room.SetOptions(options)
	v.room.SetSelectedIndex(selected)
	v.room.OnChanged = changed
	if chosen != 0 && selected == 0 {
		v.schedule(0)
	}
}

// roomLabel names a room in choices: "Main (MAIN)".
func roomLabel(r data.Room) string {
	return fmt.Sprintf("%s (%s)", r.Name, r.Code)
}
