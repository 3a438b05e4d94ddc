package ui

import (
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"clinicadmin/data"
)

// column is one column of the Users table.
type column struct {
	title string
	width float32
	sort  data.SortKey
	text  func(m data.Member) string // nil for the Action column
}

var userColumns = []column{
	{"Name", 160, data.SortName, data.Member.Name},
	{"Username", 120, data.SortUsername, func(m data.Member) string { return m.Username }},
	{"Email", 165, data.SortEmail, func(m data.Member) string { return m.Email }},
	{"Room", 90, data.SortRoom, func(m data.Member) string { return m.RoomName }},
	{"Status", 118, data.SortStatus, func(m data.Member) string { return m.Status.Label() }},
	{"Visits", 62, data.SortVisits, func(m data.Member) string { return strconv.Itoa(m.Visits) }},
	{"Last visit", 90, data.SortLastVisit, func(m data.Member) string { return day(m.LastVisit) }},
	{"Created", 90, data.SortCreated, func(m data.Member) string { return day(m.CreatedAt) }},
	{"Action", 165, 0, nil},
}

// actionCol is the column of the Edit and Delete buttons.
var actionCol = len(userColumns) - 1

// day shows a time as the local date, YYYY-MM-DD; "" for the zero time.
func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format(time.DateOnly)
}

func (v *usersView) makeTable() *memberTable {
	t := newMemberTable()
	t.Length = func() (int, int) { return v.pages.total, len(userColumns) }
	t.CreateCell = newMemberCell
	t.UpdateCell = v.updateCell
	t.CreateHeader = newHeaderCell
	t.UpdateHeader = v.updateHeader
	t.onSelect = v.onRowSelected
	t.onOpen = v.onOpenRow
	for i, c := range userColumns {
		t.SetColumnWidth(i, c.width)
	}
	return t
}

// A cell is a stack of a row highlight, a label and the action buttons;
// the Action column shows the buttons, every other column the label.
func newMemberCell() fyne.CanvasObject {
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameSelection))
	bg.Hide()
	label := widget.NewLabel("")
	label.Truncation = fyne.TextTruncateClip // setCellText puts in the ellipsis
	edit := widget.NewButtonWithIcon("Edit", theme.DocumentCreateIcon(), nil)
	del := widget.NewButtonWithIcon("Delete", theme.DeleteIcon(), nil)
	edit.Importance, del.Importance = widget.LowImportance, widget.LowImportance
	actions := container.NewHBox(edit, del)
	return container.NewStack(bg, label, actions)
}

// memberCell names the parts of a cell made by newMemberCell.
type memberCell struct {
	bg        *canvas.Rectangle
	label     *widget.Label
	actions   *fyne.Container
	edit, del *widget.Button
}

func cellParts(o fyne.CanvasObject) memberCell {
	objs := o.(*fyne.Container).Objects
	actions := objs[2].(*fyne.Container)
	return memberCell{
		bg:      objs[0].(*canvas.Rectangle),
		label:   objs[1].(*widget.Label),
		actions: actions,
		edit:    actions.Objects[0].(*widget.Button),
		del:     actions.Objects[1].(*widget.Button),
	}
}

func (v *usersView) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	c := cellParts(o)
	m, ok := v.memberAt(id.Row)
	if !ok {
		c.bg.Hide()
		c.actions.Hide()
		c.label.Show()
		setCellText(c.label, placeholder(id.Col))
		v.fetch(id.Row / pageSize)
		return
	}
	c.bg.Hidden = id.Row != v.table.selRow
	c.bg.Refresh()
	if id.Col == actionCol {
		c.label.Hide()
		c.actions.Show()
		c.edit.OnTapped = func() { v.onEdit(m.ID) }
		c.del.OnTapped = func() { v.onDelete(m) }
		return
	}
	c.actions.Hide()
	c.label.Show()
	setCellText(c.label, userColumns[id.Col].text(m))
}

// placeholder is what a cell shows while its page is being read.
func placeholder(col int) string {
	if col == 0 {
		return "…"
	}
	return ""
}

// A header cell is a button that sorts, or a plain label for Action.
func newHeaderCell() fyne.CanvasObject {
	b := widget.NewButton("", nil)
	b.Importance = widget.LowImportance
	b.Alignment = widget.ButtonAlignLeading
	b.IconPlacement = widget.ButtonIconTrailingText
	l := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	return container.NewStack(b, l)
}

func (v *usersView) updateHeader(id widget.TableCellID, o fyne.CanvasObject) {
	if id.Col < 0 {
		return
	}
	objs := o.(*fyne.Container).Objects
	b, l := objs[0].(*widget.Button), objs[1].(*widget.Label)
	c := userColumns[id.Col]
	if c.text == nil {
		b.Hide()
		l.Show()
		l.SetText(c.title)
		return
	}
	l.Hide()
	b.Show()
	b.Text, b.Icon = c.title, v.sortIcon(c.sort)
	b.OnTapped = func() { v.onSort(c.sort) }
	b.Refresh()
}

// sortIcon is the arrow of the column the list is sorted by.
func (v *usersView) sortIcon(s data.SortKey) fyne.Resource {
	switch {
	case s != v.sort:
		return nil
	case v.desc:
		return theme.MenuDropDownIcon()
	}
	return theme.MenuDropUpIcon()
}
