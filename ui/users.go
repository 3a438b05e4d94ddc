package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"clinicadmin/data"
)

// column is one column of the Users table.
type column struct {
	title string
	width float32
}

var userColumns = []column{
	{"Name", 200},
	{"Username", 140},
	{"Email", 220},
	{"Room", 100},
	{"Status", 110},
	{"Visits", 60},
	{"Last visit", 100},
	{"Created", 100},
	{"Action", 130},
}

// usersView is the main view: search, New Member and the members table.
type usersView struct {
	store  *data.Store
	win    fyne.Window
	search *widget.Entry
	newBtn *widget.Button
	table  *widget.Table
	status *widget.Label

	content fyne.CanvasObject
}

func newUsersView(store *data.Store, win fyne.Window) *usersView {
	v := &usersView{store: store, win: win}
	v.search = widget.NewEntry()
	v.search.SetPlaceHolder("Search name, username, email, phone or date of birth")
	v.newBtn = widget.NewButtonWithIcon("New Member", theme.ContentAddIcon(), nil)
	v.newBtn.Importance = widget.HighImportance
	v.table = v.makeTable()
	v.status = widget.NewLabel("No members")

	top := container.NewBorder(nil, nil, widget.NewLabel("Users"), v.newBtn, v.search)
	v.content = container.NewBorder(top, v.status, nil, nil, v.table)
	return v
}

func (v *usersView) makeTable() *widget.Table {
	t := widget.NewTableWithHeaders(
		func() (int, int) { return 0, len(userColumns) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(widget.TableCellID, fyne.CanvasObject) {},
	)
	t.ShowHeaderColumn = false
	t.CreateHeader = func() fyne.CanvasObject { return widget.NewLabel("") }
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Row < 0 && id.Col >= 0 {
			o.(*widget.Label).SetText(userColumns[id.Col].title)
		}
	}
	for i, c := range userColumns {
		t.SetColumnWidth(i, c.width)
	}
	return t
}
