package ui

import (
	"context"
	"errors"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"clinicadmin/data"
)

// createView is the Create a Member dialog.
type createView struct {
	*env
	form      *memberForm
	welcome   *widget.Check
	hint      *widget.Label
	msg       *widget.Label
	createBtn *widget.Button
	dlg       *dialog.CustomDialog
	busy      bool

	onCreated func(m data.Member)
	onOpen    func(id int64)
}

func newCreateView(e *env) *createView {
	v := &createView{env: e, form: newMemberForm(e, true)}
	v.form.followEmail = true
	v.form.onChange = v.refresh
	v.welcome = widget.NewCheck("Send a welcome email with a set-password link", nil)
	v.welcome.Disable()
	v.hint = newHint()
	v.hint.SetText(mailNotReady)
	v.msg = newFieldMessage()
	v.msg.Importance = widget.DangerImportance
	v.createBtn = widget.NewButtonWithIcon("Create", theme.ConfirmIcon(), v.onCreate)
	v.createBtn.Importance = widget.HighImportance
	v.createBtn.Disable()
	cancel := widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), func() { v.dlg.Hide() })

	content := container.NewVBox(v.form.content,
		container.NewHBox(v.welcome, v.hint), v.msg)
	v.dlg = dialog.NewCustomWithoutButtons("Create a Member", content, e.win)
	v.dlg.SetButtons([]fyne.CanvasObject{cancel, v.createBtn})
	v.dlg.Resize(fyne.NewSize(920, content.MinSize().Height+120))
	return v
}

// createMember opens Create a Member; the new member is then selected in
// the Users view.
func (m *mainWindow) createMember() {
	if m.creating != nil {
		return
	}
	v := newCreateView(m.env)
	v.onCreated = func(nm data.Member) { m.users.reveal(nm) }
	v.onOpen = m.openMember
	m.creating = v
	v.show()
	v.dlg.SetOnClosed(func() { m.creating = nil })
}

// show opens the dialog and reads the rooms and the mail state.
func (v *createView) show() {
	v.env.show(v.dlg)
	v.win.Canvas().Focus(v.form.email.entry)
	v.async(func(ctx context.Context) func() {
		rooms, err := v.store.ListRooms(ctx)
		ready := err == nil && v.mailReady(ctx)
		return func() {
			if err != nil {
				v.fail("read the rooms", err)
				return
			}
			v.form.setRooms(rooms, 0)
			v.setMailReady(ready)
		}
	})
}

func (v *createView) setMailReady(ready bool) {
	if ready {
		v.welcome.Enable()
		v.hint.SetText("")
		return
	}
	v.welcome.Disable()
	v.hint.SetText(mailNotReady)
}

// refresh enables Create once every field is valid.
func (v *createView) refresh() {
	if v.msg.Text != "" {
		v.msg.SetText("")
	}
	if v.form.valid() && !v.busy {
		v.createBtn.Enable()
	} else {
		v.createBtn.Disable()
	}
}

func (v *createView) setBusy(busy bool) {
	v.busy = busy
	v.refresh()
}

// onCreate looks for possible duplicates first, then creates.
func (v *createView) onCreate() {
	in := v.form.input()
	v.setBusy(true)
	v.async(func(ctx context.Context) func() {
		birth, _ := data.ParseBirthDate(in.BirthDate, in.DateOrder, v.now())
		dups, err := v.store.PossibleDuplicates(ctx, in.FirstName, in.LastName, birth)
		return func() {
			switch {
			case err != nil:
				v.setBusy(false)
				v.fail("look for possible duplicates", err)
			case len(dups) > 0:
				v.askDuplicates(in, dups)
			default:
				v.create(in)
			}
		}
	})
}

// create stores the member, then sends the welcome email if asked.
func (v *createView) create(in data.MemberInput) {
	welcome := v.welcome.Checked && !v.welcome.Disabled()
	v.setBusy(true)
	v.async(func(ctx context.Context) func() {
		m, err := v.store.CreateMember(ctx, in)
		var mailErr error
		if err == nil && welcome {
			mailErr = v.sendWelcome(ctx, m)
		}
		return func() { v.created(m, err, mailErr) }
	})
}

func (v *createView) created(m data.Member, err, mailErr error) {
	v.setBusy(false)
	if err != nil {
		v.refused(err)
		return
	}
	v.dlg.Hide()
	if v.onCreated != nil {
		v.onCreated(m)
	}
	if mailErr != nil {
		v.info("Welcome email", "The member was created, but the welcome email "+
			"was not sent: "+v.sentence("send the welcome email", mailErr))
	}
}

// refused shows why the store refused the member: below the field when it
// names one, in a dialog otherwise.
func (v *createView) refused(err error) {
	var dup *data.DuplicateError
	if errors.As(err, &dup) {
		v.msg.SetText(dup.Error())
		v.form.refuseDuplicate(dup)
		return
	}
	if v.form.refuse(err) {
		v.msg.SetText("Some fields were refused; see the messages below them.")
		return
	}
	v.fail("create the member", err)
}

// askDuplicates shows the members that may be the same person, to open one
// of them instead or to create anyway.
func (v *createView) askDuplicates(in data.MemberInput, dups []data.Member) {
	list := container.NewVBox(widget.NewLabel(
		"A member with the same name and date of birth already exists:"))
	var d *dialog.CustomDialog
	for _, m := range dups {
		open := widget.NewButton("Open existing", func() {
			d.Hide()
			v.dlg.Hide()
			v.onOpen(m.ID)
		})
		list.Add(container.NewBorder(nil, nil, nil, open, widget.NewLabel(duplicateLine(m))))
	}
	d = dialog.NewCustomWithoutButtons("Possible duplicate", list, v.win)
	cancel := widget.NewButton("Cancel", func() { d.Hide() })
	anyway := widget.NewButton("Create anyway", func() { d.Hide(); v.create(in) })
	anyway.Importance = widget.HighImportance
	d.SetButtons([]fyne.CanvasObject{cancel, anyway})
	d.SetOnClosed(func() { v.setBusy(false) })
	v.env.show(d)
}

// duplicateLine describes a possible duplicate without opening it.
func duplicateLine(m data.Member) string {
	who := m.Username
	if who == "" {
		who = m.Email + " (guest)"
	}
	return fmt.Sprintf("%s, born %s: %s, %s, %s", m.Name(), m.BirthDate, who,
		m.RoomName, m.Status.Label())
}
