package ui

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"clinicadmin/data"
)

// roomsView is the Rooms view: the clinic's rooms, with add, rename,
// deactivate and remove.
type roomsView struct {
	*env
	rooms   []data.Room
	rows    *fyne.Container
	name    *widget.Entry
	code    *widget.Entry
	addBtn  *widget.Button
	msg     *widget.Label
	content fyne.CanvasObject

	onChanged func() // the rooms changed
}

// Widths of the columns of the room rows.
var roomColumns = []float32{220, 90, 90, 90}

func newRoomsView(e *env) *roomsView {
	v := &roomsView{env: e, rows: container.NewVBox()}
	v.name = widget.NewEntry()
	v.name.SetPlaceHolder("Room name")
	v.code = widget.NewEntry()
	v.code.SetPlaceHolder("Code, e.g. R2")
	v.addBtn = widget.NewButtonWithIcon("Add room", theme.ContentAddIcon(), v.onAdd)
	v.code.OnSubmitted = func(string) { v.onAdd() }
	v.msg = newFieldMessage()

	title := widget.NewLabelWithStyle("Rooms", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	add := container.NewBorder(nil, nil, nil, v.addBtn,
		container.NewGridWithColumns(2, v.name, v.code))
	header := roomRow(bold("Name"), bold("Code"), bold("Members"), bold("State"),
		layout.NewSpacer())
	top := container.NewVBox(title, add, v.msg, widget.NewSeparator(), header)
	v.content = container.NewBorder(top, nil, nil, nil, container.NewVScroll(v.rows))
	return v
}

func bold(s string) *widget.Label {
	return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// roomRow lays out one row: fixed-width cells, then the buttons.
func roomRow(cells ...fyne.CanvasObject) *fyne.Container {
	row := container.NewHBox()
	for i, c := range cells {
		if i < len(roomColumns) {
			c = container.NewGridWrap(fyne.NewSize(roomColumns[i], c.MinSize().Height), c)
		}
		row.Add(c)
	}
	return row
}

// load reads the rooms.
func (v *roomsView) load() { v.readRooms(v.show) }

func (v *roomsView) show(rooms []data.Room) {
	v.rooms = rooms
	v.rows.RemoveAll()
	for _, r := range rooms {
		v.rows.Add(v.makeRow(r))
	}
	v.rows.Refresh()
}

func (v *roomsView) makeRow(r data.Room) fyne.CanvasObject {
	state, toggle := "Active", "Deactivate"
	if !r.Active {
		state, toggle = "Inactive", "Activate"
	}
	name := widget.NewLabel(r.Name)
	name.Truncation = fyne.TextTruncateEllipsis
	buttons := container.NewHBox(
		widget.NewButtonWithIcon("Rename", theme.DocumentCreateIcon(), func() { v.onRename(r) }),
		widget.NewButton(toggle, func() { v.onToggle(r) }),
		widget.NewButtonWithIcon("Remove", theme.DeleteIcon(), func() { v.onRemove(r) }),
	)
	return roomRow(name, widget.NewLabel(r.Code), widget.NewLabel(count(r.Members)),
		widget.NewLabel(state), buttons)
}

// change runs one change to the rooms, then reads them again.
func (v *roomsView) change(doing string, fn func(ctx context.Context) error,
	after func()) {
	v.async(func(ctx context.Context) func() {
		err := fn(ctx)
		rooms, lerr := v.store.ListRooms(ctx)
		return func() {
			if err != nil {
				v.fail(doing, err)
			} else if after != nil {
				after()
			}
			if lerr == nil {
				v.show(rooms)
			}
			if err == nil && v.onChanged != nil {
				v.onChanged()
			}
		}
	})
}

func (v *roomsView) onAdd() {
	name, code := v.name.Text, v.code.Text
	if err := firstError(data.ValidateRoomName(name), data.ValidateRoomCode(code)); err != nil {
		setMessage(v.msg, err.Error(), widget.DangerImportance)
		return
	}
	setMessage(v.msg, "", widget.MediumImportance)
	v.change("add the room", func(ctx context.Context) error {
		_, err := v.store.CreateRoom(ctx, name, code)
		return err
	}, func() {
		v.name.SetText("")
		v.code.SetText("")
		setMessage(v.msg, fmt.Sprintf("Room %s added.", name), widget.SuccessImportance)
	})
}

func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func (v *roomsView) onToggle(r data.Room) {
	v.change("change the room", func(ctx context.Context) error {
		return v.store.SetRoomActive(ctx, r.ID, !r.Active)
	}, nil)
}

func (v *roomsView) onRename(r data.Room) {
	name := newEntry(func() { v.closeTop() })
	name.SetText(r.Name)
	name.Validator = data.ValidateRoomName
	item := widget.NewFormItem("Name", name)
	d := dialog.NewForm("Rename room "+r.Code, "Rename", "Cancel",
		[]*widget.FormItem{item}, func(ok bool) {
			if ok {
				v.change("rename the room", func(ctx context.Context) error {
					return v.store.RenameRoom(ctx, r.ID, name.Text)
				}, nil)
			}
		}, v.win)
	d.Resize(fyne.NewSize(420, d.MinSize().Height))
	v.env.show(d)
	v.win.Canvas().Focus(name)
}

func (v *roomsView) onRemove(r data.Room) {
	d := dialog.NewConfirm("Remove room", fmt.Sprintf("Remove the room %s (%s)?",
		r.Name, r.Code), func(ok bool) {
		if ok {
			v.change("remove the room", func(ctx context.Context) error {
				return v.store.DeleteRoom(ctx, r.ID)
			}, nil)
		}
	}, v.win)
	v.env.show(d)
}
