package ui

import (
	"context"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"clinicadmin/data"
)

// otherTab is Edit's Other tab: Send Reset Password Email, the status, and
// Disable and Remove Log In Detail.
type otherTab struct {
	*env
	member  data.Member
	canMail bool

	resetBtn   *widget.Button
	resetWhy   *widget.Label // why the button is disabled
	lastReset  *widget.Label
	status     *widget.Select
	statusBtn  *widget.Button
	statusNote *widget.Label
	removeBtn  *widget.Button
	content    fyne.CanvasObject

	onStatus func(m data.Member) // the status was saved
	onRemove func()
}

func newOtherTab(e *env, m data.Member) *otherTab {
	v := &otherTab{env: e, member: m}
	v.resetBtn = widget.NewButtonWithIcon("Send Reset Password Email",
		theme.MailSendIcon(), v.onSendReset)
	v.resetWhy = newHint()
	v.lastReset = widget.NewLabel("")
	v.status = widget.NewSelect(statusLabels(), func(string) { v.refresh() })
	v.statusBtn = widget.NewButtonWithIcon("Save User Status",
		theme.DocumentSaveIcon(), v.onSaveStatus)
	v.statusNote = newFieldMessage()
	v.removeBtn = widget.NewButtonWithIcon("Disable and Remove Log In Detail",
		theme.DeleteIcon(), func() { v.onRemove() })
	v.removeBtn.Importance = widget.DangerImportance
	v.content = v.layout()
	v.setMember(m)
	return v
}

func (v *otherTab) layout() fyne.CanvasObject {
	bold := fyne.TextStyle{Bold: true}
	return container.NewVScroll(container.NewVBox(
		widget.NewLabelWithStyle("Password reset", fyne.TextAlignLeading, bold),
		container.NewHBox(v.resetBtn, v.resetWhy),
		v.lastReset,
		widget.NewSeparator(),
		widget.NewLabelWithStyle("Status", fyne.TextAlignLeading, bold),
		container.NewHBox(fixedWidth(180, v.status), v.statusBtn),
		v.statusNote,
		widget.NewSeparator(),
		widget.NewLabelWithStyle("Remove", fyne.TextAlignLeading, bold),
		widget.NewLabel("Deletes this member for good, with their login detail, "+
			"every visit record and all other data; nothing can be retrieved."),
		container.NewHBox(v.removeBtn),
	))
}

func statusLabels() []string {
	out := make([]string, len(data.Statuses))
	for i, s := range data.Statuses {
		out[i] = s.Label()
	}
	return out
}

// setMember shows member m's status and what it allows.
func (v *otherTab) setMember(m data.Member) {
	v.member = m
	for i, s := range data.Statuses {
		if s == m.Status {
			v.status.SetSelectedIndex(i)
		}
	}
	v.refresh()
}

// load reads the last reset link and whether email can be sent.
func (v *otherTab) load() {
	id := v.member.ID
	v.async(func(ctx context.Context) func() {
		info, err := v.store.LastReset(ctx, id)
		ready := v.mailReady(ctx)
		return func() {
			if err != nil {
				v.lastReset.SetText("The last reset email could not be read.")
				v.fail("read the last reset email", err)
			} else {
				v.lastReset.SetText(resetLine(info, v.now()))
			}
			v.canMail = ready
			v.refresh()
		}
	})
}

// resetLine says when the last link was sent and when it expires.
func resetLine(info data.ResetInfo, now time.Time) string {
	if info.SentAt.IsZero() {
		return "No reset email has been sent."
	}
	line := "Last sent " + stamp(info.SentAt) + "; "
	switch {
	case info.Used:
		return line + "its link has been used."
	case now.After(info.ExpiresAt):
		return line + "its link expired " + stamp(info.ExpiresAt) + "."
	}
	return line + "its link expires " + stamp(info.ExpiresAt) + "."
}

// stamp shows a moment in local time to the minute.
func stamp(t time.Time) string {
	return t.Local().Format("2006-01-02 15:04")
}

// refresh enables what the member's state allows and says why not.
func (v *otherTab) refresh() {
	why := v.resetBlocked()
	setMessage(v.resetWhy, why, widget.MediumImportance)
	if why == "" {
		v.resetBtn.Enable()
	} else {
		v.resetBtn.Disable()
	}

	chosen := v.chosenStatus()
	if chosen == v.member.Status {
		v.statusBtn.Disable()
	} else {
		v.statusBtn.Enable()
	}
	setMessage(v.statusNote, statusNote(v.member), widget.MediumImportance)
}

// resetBlocked is why no reset email can be sent now, or "".
func (v *otherTab) resetBlocked() string {
	switch {
	case !v.member.Registered():
		return "Guests have no login detail, so they get no reset email."
	case v.member.Status != data.StatusActive:
		return v.member.Status.Label() + " members get no reset emails."
	case !v.canMail:
		return mailNotReady
	}
	return ""
}

func statusNote(m data.Member) string {
	if m.StatusSince.IsZero() {
		return ""
	}
	return fmt.Sprintf("%s since %s.", m.Status.Label(), day(m.StatusSince))
}

func (v *otherTab) chosenStatus() data.Status {
	i := v.status.SelectedIndex()
	if i < 0 || i >= len(data.Statuses) {
		return v.member.Status
	}
	return data.Statuses[i]
}

func (v *otherTab) onSaveStatus() {
	id, st := v.member.ID, v.chosenStatus()
	v.statusBtn.Disable()
	v.async(func(ctx context.Context) func() {
		err := v.store.SetStatus(ctx, id, st)
		var m data.Member
		if err == nil {
			m, err = v.store.GetMember(ctx, id)
		}
		return func() {
			if err != nil {
				v.refresh()
				v.fail("save the status", err)
				return
			}
			v.setMember(m)
			v.onStatus(m)
		}
	})
}

// onSendReset sends a password-reset email through sendReset.
func (v *otherTab) onSendReset() {
	m := v.member
	v.resetBtn.Disable()
	done := v.showProgress("Reset email", "Sending the reset email to "+m.Email+"…")
	v.async(func(ctx context.Context) func() {
		err := v.sendReset(ctx, m)
		info, ierr := v.store.LastReset(ctx, m.ID)
		return func() {
			done()
			v.refresh()
			if err != nil {
				v.fail("send the reset email", err)
				return
			}
			if ierr == nil {
				v.lastReset.SetText(resetLine(info, v.now()))
			}
			v.info("Reset email", "Reset email sent to the member.")
		}
	})
}
