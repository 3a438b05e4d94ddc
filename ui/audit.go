package ui

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"clinicadmin/data"
)

// auditPage is how many entries one read of the audit log brings.
const auditPage = 200

// auditView is the Audit log view: entries newest first, filtered by
// action and member, and whether the hash chain verifies.
type auditView struct {
	*env
	entries []data.AuditEntry
	gen     int
	more    bool // older entries may follow

	action  *widget.Select
	member  *widget.Entry
	table   *widget.Table
	chain   *widget.Label
	hint    *widget.Label
	moreBtn *widget.Button
	content fyne.CanvasObject
}

var auditColumns = []column{
	{title: "#", width: 70}, {title: "When", width: 150}, {title: "Actor", width: 110},
	{title: "Action", width: 140}, {title: "Member", width: 80}, {title: "Room", width: 60},
	{title: "Fields", width: 360},
}

func newAuditView(e *env) *auditView {
	v := &auditView{env: e}
	v.action = widget.NewSelect(append([]string{"All actions"}, data.AuditActions...),
		nil)
	v.action.SetSelectedIndex(0)
	v.action.OnChanged = func(string) { v.readEntries() }
	v.member = widget.NewEntry()
	v.member.SetPlaceHolder("Member id")
	v.member.OnChanged = func(string) { v.readEntries() }
	v.hint = newFieldMessage()
	v.chain = widget.NewLabel("")
	v.chain.Wrapping = fyne.TextWrapWord
	v.moreBtn = widget.NewButton("Load older entries", v.onMore)
	v.moreBtn.Hide()
	v.table = v.makeTable()

	title := widget.NewLabelWithStyle("Audit log", fyne.TextAlignLeading,
		fyne.TextStyle{Bold: true})
	refresh := widget.NewButtonWithIcon("Refresh", theme.ViewRefreshIcon(), v.load)
	filters := container.NewBorder(nil, nil, v.action, refresh, v.member)
	top := container.NewVBox(container.NewBorder(nil, nil, title, nil, v.chain),
		filters, v.hint)
	v.content = container.NewBorder(top, container.NewHBox(v.moreBtn), nil, nil, v.table)
	return v
}

func (v *auditView) makeTable() *widget.Table {
	t := widget.NewTableWithHeaders(
		func() (int, int) { return len(v.entries), len(auditColumns) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateClip // setCellText puts in the ellipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			setCellText(o.(*widget.Label), auditCell(v.entries[id.Row], id.Col))
		})
	t.ShowHeaderColumn = false
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 {
			o.(*widget.Label).SetText(auditColumns[id.Col].title)
		}
	}
	for i, c := range auditColumns {
		t.SetColumnWidth(i, c.width)
	}
	return t
}

func auditCell(e data.AuditEntry, col int) string {
	switch col {
	case 0:
		return strconv.FormatInt(e.ID, 10)
	case 1:
		return e.At.Local().Format("2006-01-02 15:04:05")
	case 2:
		return e.Actor
	case 3:
		return e.Action
	case 4:
		return idText(e.MemberID)
	case 5:
		return idText(e.RoomID)
	}
	return strings.Join(e.Fields, ", ")
}

func idText(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

// filter is what the action and member choices select.
func (v *auditView) filter() (data.AuditFilter, bool) {
	f := data.AuditFilter{Limit: auditPage}
	if i := v.action.SelectedIndex(); i > 0 {
		f.Action = data.AuditActions[i-1]
	}
	text := strings.TrimSpace(v.member.Text)
	if text == "" {
		return f, true
	}
	id, err := strconv.ParseInt(text, 10, 64)
	f.MemberID = id
	return f, err == nil && id > 0
}

// load reads the newest entries and verifies the chain.
func (v *auditView) load() {
	v.readEntries()
	v.verifyChain()
}

// readEntries reads the newest entries the filters choose.
func (v *auditView) readEntries() {
	f, ok := v.filter()
	v.gen++
	if !ok {
		v.entries = nil
		v.setMore(false)
		v.table.Refresh()
		setMessage(v.hint, "A member id is a whole number, such as 42.",
			widget.DangerImportance)
		return
	}
	setMessage(v.hint, "", widget.MediumImportance)
	gen := v.gen
	v.async(func(ctx context.Context) func() {
		entries, err := v.store.AuditEntries(ctx, f)
		return func() { v.loaded(gen, entries, err) }
	})
}

// verifyChain walks the whole chain, which may take a while on a long log.
func (v *auditView) verifyChain() {
	v.chain.SetText("Checking the audit chain…")
	v.async(func(ctx context.Context) func() {
		line := v.verify(ctx)
		return func() { v.chain.SetText(line) }
	})
}

// verify checks the chain and says what it found.
func (v *auditView) verify(ctx context.Context) string {
	err := v.store.VerifyAudit(ctx)
	var broken *data.AuditChainError
	switch {
	case errors.As(err, &broken):
		return "Audit chain broken: " + broken.Error()
	case err != nil:
		return v.sentence("verify the audit chain", err)
	}
	newest, err := v.store.AuditEntries(ctx, data.AuditFilter{Limit: 1})
	if err != nil {
		return v.sentence("verify the audit chain", err)
	}
	n := 0
	if len(newest) > 0 {
		n = int(newest[0].ID) // the chain runs from 1 without a gap
	}
	return fmt.Sprintf("Audit chain verified: %s entries, intact.", count(n))
}

func (v *auditView) loaded(gen int, entries []data.AuditEntry, err error) {
	if gen != v.gen {
		return
	}
	if err != nil {
		v.fail("read the audit log", err)
		return
	}
	v.entries = entries
	v.setMore(len(entries) == auditPage)
	v.table.ScrollToTop()
	v.table.Refresh()
}

func (v *auditView) setMore(more bool) {
	v.more = more
	if more {
		v.moreBtn.Show()
	} else {
		v.moreBtn.Hide()
	}
}

// onMore reads the next older page and appends it.
func (v *auditView) onMore() {
	f, ok := v.filter()
	if !ok || len(v.entries) == 0 {
		return
	}
	f.BeforeID = v.entries[len(v.entries)-1].ID
	gen := v.gen
	v.async(func(ctx context.Context) func() {
		older, err := v.store.AuditEntries(ctx, f)
		return func() {
			if gen != v.gen {
				return
			}
			if err != nil {
				v.fail("read the audit log", err)
				return
			}
			v.entries = append(v.entries, older...)
			v.setMore(len(older) == auditPage)
			v.table.Refresh()
		}
	})
}
