package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// doubleTapTime is how close two taps on one row must be to open it.
const doubleTapTime = 500 * time.Millisecond

// memberTable is a widget.Table that selects whole rows: Up and Down move
// the selection, and Enter or a double-click opens the selected row. A
// real DoubleTapped would delay every single tap by the double-tap wait,
// so two taps on the same row are timed here instead.
type memberTable struct {
	widget.Table

	selRow   int // -1 when no row is selected
	lastTap  time.Time
	onSelect func(row int)
	onOpen   func(row int)
}

func newMemberTable() *memberTable {
	t := &memberTable{selRow: -1}
	t.ShowHeaderRow = true
	t.OnSelected = t.selected
	t.ExtendBaseWidget(t)
	return t
}

func (t *memberTable) selected(id widget.TableCellID) {
	t.selRow = id.Row
	if t.onSelect != nil {
		t.onSelect(id.Row)
	}
}

// selectRow selects row, scrolled into view; -1 clears the selection.
func (t *memberTable) selectRow(row int) {
	if row < 0 {
		t.UnselectAll()
		t.selRow = -1
		return
	}
	t.Select(widget.TableCellID{Row: row, Col: 0})
}

// Tapped selects the row under the pointer and opens it on a second tap.
func (t *memberTable) Tapped(e *fyne.PointEvent) {
	before := t.selRow
	t.Table.Tapped(e)

	now := time.Now()
	if t.selRow >= 0 && t.selRow == before && now.Sub(t.lastTap) < doubleTapTime {
		t.lastTap = time.Time{}
		t.open()
		return
	}
	t.lastTap = now
}

// TypedKey opens the selected row on Enter and moves the selection with
// Up and Down; other keys go to the table.
func (t *memberTable) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		t.open()
	case fyne.KeyDown:
		t.step(1)
	case fyne.KeyUp:
		t.step(-1)
	default:
		t.Table.TypedKey(k)
	}
}

func (t *memberTable) step(by int) {
	rows, _ := t.Length()
	row := max(t.selRow+by, 0)
	if row < rows {
		t.selectRow(row)
	}
}

func (t *memberTable) open() {
	if t.selRow >= 0 && t.onOpen != nil {
		t.onOpen(t.selRow)
	}
}
