package ui

import (
	"context"
	"errors"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"clinicadmin/data"
)

// editView is the Edit dialog of one member: Profile, Visits and Other.
type editView struct {
	*env
	member  data.Member
	form    *memberForm
	saveBtn *widget.Button
	msg     *widget.Label
	visits  *visitsTab
	other   *otherTab
	tabs    *container.AppTabs
	dlg     *dialog.CustomDialog
	busy    bool

	onChanged func()              // the member was saved or their status set
	onDelete  func(m data.Member) // Disable and Remove Log In Detail
}

// openMember reads member id and opens Edit on it.
func (m *mainWindow) openMember(id int64) {
	m.async(func(ctx context.Context) func() {
		mem, err := m.store.GetMember(ctx, id)
		rooms, rerr := m.store.ListRooms(ctx)
		return func() {
			if err = errors.Join(err, rerr); err != nil {
				m.fail("open the member", err)
				m.users.reload()
				return
			}
			if m.editing != nil {
				m.editing.dlg.Hide()
			}
			v := newEditView(m.env, mem, rooms)
			v.onChanged = m.users.reload
			v.onDelete = func(mem data.Member) { m.askDelete(mem, v.dlg.Hide) }
			m.editing = v
			v.show()
			v.dlg.SetOnClosed(func() {
				if m.editing == v {
					m.editing = nil
				}
			})
		}
	})
}

func newEditView(e *env, m data.Member, rooms []data.Room) *editView {
	v := &editView{env: e, member: m}
	v.form = newMemberForm(e, m.Registered())
	v.form.setRooms(rooms, m.RoomID)
	v.form.fill(m)
	v.form.onChange = v.refresh
	v.msg = newFieldMessage()
	v.saveBtn = widget.NewButtonWithIcon("Save", theme.DocumentSaveIcon(), v.onSave)
	v.saveBtn.Importance = widget.HighImportance
	v.visits = newVisitsTab(e, m, rooms)
	v.visits.onAdded = v.changed
	v.other = newOtherTab(e, m)
	v.other.onStatus = v.statusSaved
	v.other.onRemove = func() { v.onDelete(v.member) }

	profile := container.NewBorder(nil,
		container.NewBorder(nil, nil, nil, v.saveBtn, v.msg), nil, nil,
		container.NewVScroll(v.form.content))
	v.tabs = container.NewAppTabs(
		container.NewTabItem("Profile", profile),
		container.NewTabItem("Visits", v.visits.content),
		container.NewTabItem("Other", v.other.content),
	)
	v.dlg = dialog.NewCustom("Edit – "+m.Name(), "Close", v.tabs, e.win)
	v.refresh()
	return v
}

func (v *editView) show() {
	v.env.show(v.dlg)
	size := v.win.Canvas().Size()
	v.dlg.Resize(fyne.NewSize(max(size.Width*0.9, 900), max(size.Height*0.9, 600)))
	v.addTabKeys()
	v.dlg.SetOnClosed(v.removeTabKeys)
	v.visits.load()
	v.other.load()
}

// addTabKeys lets Ctrl+1, Ctrl+2 and Ctrl+3 choose the tab.
func (v *editView) addTabKeys() {
	for i := range v.tabs.Items {
		v.win.Canvas().AddShortcut(tabShortcut(i), func(fyne.Shortcut) {
			v.tabs.SelectIndex(i)
		})
	}
}

func (v *editView) removeTabKeys() {
	for i := range v.tabs.Items {
		v.win.Canvas().RemoveShortcut(tabShortcut(i))
	}
}

// tabShortcut is Ctrl (Cmd on macOS) and the tab's number, from 1.
func tabShortcut(i int) *desktop.CustomShortcut {
	return shortcut(fyne.KeyName(strconv.Itoa(i + 1)))
}

func isTabShortcut(s fyne.Shortcut) bool {
	c, ok := s.(*desktop.CustomShortcut)
	return ok && c.Modifier == fyne.KeyModifierShortcutDefault &&
		len(c.KeyName) == 1 && c.KeyName[0] >= '1' && c.KeyName[0] <= '9'
}

// refresh enables Save while every field is valid.
func (v *editView) refresh() {
	setMessage(v.msg, "", widget.MediumImportance)
	if v.form.valid() && !v.busy {
		v.saveBtn.Enable()
	} else {
		v.saveBtn.Disable()
	}
}

func (v *editView) onSave() {
	in := v.form.input()
	id := v.member.ID
	v.busy = true
	v.refresh()
	v.async(func(ctx context.Context) func() {
		m, err := v.store.UpdateMember(ctx, id, in)
		return func() { v.saved(m, err) }
	})
}

func (v *editView) saved(m data.Member, err error) {
	v.busy = false
	v.refresh()
	if err != nil {
		v.refusedSave(err)
		return
	}
	v.member = m
	v.form.fill(m)
	v.other.setMember(m)
	setMessage(v.msg, "Saved.", widget.SuccessImportance)
	v.changed()
}

func (v *editView) refusedSave(err error) {
	var dup *data.DuplicateError
	switch {
	case errors.As(err, &dup):
		v.form.refuseDuplicate(dup)
		setMessage(v.msg, dup.Error(), widget.DangerImportance)
	case v.form.refuse(err):
		setMessage(v.msg, "Some fields were refused; see the messages below them.",
			widget.DangerImportance)
	default:
		v.fail("save the member", err)
	}
}

// changed tells the list that the member changed.
func (v *editView) changed() {
	if v.onChanged != nil {
		v.onChanged()
	}
}

// statusSaved follows a status change made on the Other tab.
func (v *editView) statusSaved(m data.Member) {
	v.member = m
	v.changed()
}
