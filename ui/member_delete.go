package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"clinicadmin/data"
)

// deleteView is the confirmation of Delete and of Disable and Remove Log
// In Detail: the admin types the member's username (or email, for a guest)
// before Delete enables.
type deleteView struct {
	*env
	member  data.Member
	typed   *entry
	delBtn  *widget.Button
	dlg     *dialog.CustomDialog
	onGone  func() // the member was deleted
	deleted bool
}

// confirmDelete asks to delete member mem, from the Action column.
func (m *mainWindow) confirmDelete(mem data.Member) { m.askDelete(mem, nil) }

// askDelete reads member mem again, for an exact visit count, and asks to
// delete them; done runs after the delete, as does a reload of the list.
func (m *mainWindow) askDelete(mem data.Member, done func()) {
	m.async(func(ctx context.Context) func() {
		fresh, err := m.store.GetMember(ctx, mem.ID)
		return func() {
			if err != nil {
				m.fail("open the member", err)
				m.users.reload()
				return
			}
			v := newDeleteView(m.env, fresh)
			v.onGone = func() {
				if done != nil {
					done()
				}
				m.users.reload()
			}
			m.deleting = v
			v.show()
			v.dlg.SetOnClosed(func() {
				if m.deleting == v {
					m.deleting = nil
				}
			})
		}
	})
}

func newDeleteView(e *env, m data.Member) *deleteView {
	v := &deleteView{env: e, member: m}
	v.typed = newEntry(func() { v.closeTop() })
	v.typed.OnChanged = func(string) { v.refresh() }
	v.typed.OnSubmitted = func(string) { v.onDelete() }
	v.delBtn = widget.NewButtonWithIcon("Delete", theme.DeleteIcon(), v.onDelete)
	v.delBtn.Importance = widget.DangerImportance
	v.delBtn.Disable()
	cancel := widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), func() { v.dlg.Hide() })

	text := widget.NewLabel(deleteText(m))
	text.Wrapping = fyne.TextWrapWord
	content := container.NewVBox(text, v.typed)
	v.dlg = dialog.NewCustomWithoutButtons("Delete "+m.Name(), content, e.win)
	v.dlg.SetButtons([]fyne.CanvasObject{cancel, v.delBtn})
	v.dlg.Resize(fyne.NewSize(560, content.MinSize().Height+140))
	return v
}

// deleteText names the member, what goes, and what to type.
func deleteText(m data.Member) string {
	visits := fmt.Sprintf("%s visit records", count(m.Visits))
	if m.Visits == 1 {
		visits = "1 visit record"
	}
	return fmt.Sprintf("Delete %s (%s) for good, with their login detail and all "+
		"their data?\n\n%s will be deleted. This cannot be undone and nothing can "+
		"be retrieved.\n\nType the member's %s, %s, to confirm:",
		m.Name(), confirmKey(m), visits, confirmWhat(m), confirmKey(m))
}

// confirmKey is what the admin types: the username, or a guest's email.
func confirmKey(m data.Member) string {
	if m.Registered() {
		return m.Username
	}
	return m.Email
}

func confirmWhat(m data.Member) string {
	if m.Registered() {
		return "username"
	}
	return "email"
}

func (v *deleteView) show() {
	v.env.show(v.dlg)
	v.win.Canvas().Focus(v.typed)
}

func (v *deleteView) matches() bool {
	return strings.EqualFold(strings.TrimSpace(v.typed.Text), confirmKey(v.member))
}

func (v *deleteView) refresh() {
	if v.matches() && !v.deleted {
		v.delBtn.Enable()
	} else {
		v.delBtn.Disable()
	}
}

func (v *deleteView) onDelete() {
	if !v.matches() || v.deleted {
		return
	}
	v.deleted = true
	v.refresh()
	id := v.member.ID
	v.async(func(ctx context.Context) func() {
		_, err := v.store.DeleteMember(ctx, id)
		return func() { v.done(err) }
	})
}

// done closes the confirmation; a delete whose log could not be cleared
// yet still removed the member, and says so.
func (v *deleteView) done(err error) {
	gone := err == nil || errors.Is(err, data.ErrLogBusy)
	if !gone {
		v.deleted = false
		v.refresh()
		v.fail("delete the member", err)
		return
	}
	v.dlg.Hide()
	v.onGone()
	if err != nil {
		v.info("Member deleted", err.Error())
	}
}
