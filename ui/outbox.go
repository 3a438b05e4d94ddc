package ui

import (
	"context"
	"fmt"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"clinicadmin/data"
)

// outboxView is the Outbox view: the email waiting or failed, with its
// last error, and Retry and Cancel for each.
type outboxView struct {
	*env
	mails       []data.Mail
	rows        map[fyne.CanvasObject]*outboxRow
	unsubscribe func()

	list    *widget.List
	line    *widget.Label
	content fyne.CanvasObject
}

// Widths of the fixed columns: created, member, email, state, tries, next
// try; the last error takes the rest.
var outboxColumns = []float32{130, 170, 120, 80, 50, 130}

// outboxRow holds the widgets of one row of the list.
type outboxRow struct {
	cells    []*widget.Label
	reason   *widget.Label
	retryBtn *widget.Button
	stopBtn  *widget.Button
}

func newOutboxView(e *env) *outboxView {
	v := &outboxView{env: e, rows: map[fyne.CanvasObject]*outboxRow{}}
	v.list = widget.NewList(func() int { return len(v.mails) }, v.makeRow, v.updateRow)
	v.list.OnSelected = v.onSelected
	v.line = widget.NewLabel("")

	header := outboxLine([]fyne.CanvasObject{bold("Created"), bold("Member"), bold("Email"),
		bold("State"), bold("Tries"), bold("Next try")}, bold("Last error"), nil)
	top := container.NewVBox(bold("Outbox"), header)
	v.content = container.NewBorder(top, v.line, nil, nil, v.list)
	return v
}

// outboxLine lays out one line: fixed-width cells, the rest, the buttons.
func outboxLine(cells []fyne.CanvasObject, rest, buttons fyne.CanvasObject) *fyne.Container {
	left := container.NewHBox()
	for i, c := range cells {
		left.Add(container.NewGridWrap(fyne.NewSize(outboxColumns[i], c.MinSize().Height), c))
	}
	return container.NewBorder(nil, nil, left, buttons, rest)
}

func (v *outboxView) makeRow() fyne.CanvasObject {
	r := &outboxRow{reason: widget.NewLabel("")}
	r.reason.Truncation = fyne.TextTruncateEllipsis
	cells := make([]fyne.CanvasObject, len(outboxColumns))
	for i := range cells {
		l := widget.NewLabel("")
		l.Truncation = fyne.TextTruncateEllipsis
		r.cells = append(r.cells, l)
		cells[i] = l
	}
	r.retryBtn = widget.NewButtonWithIcon("Retry", theme.ViewRefreshIcon(), nil)
	r.stopBtn = widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), nil)
	line := outboxLine(cells, r.reason, container.NewHBox(r.retryBtn, r.stopBtn))
	v.rows[line] = r
	return line
}

func (v *outboxView) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	r, ok := v.rows[o]
	if !ok || i >= len(v.mails) {
		return
	}
	m := v.mails[i]
	for j, text := range mailCells(m) {
		r.cells[j].SetText(text)
	}
	r.reason.SetText(m.LastError)
	r.retryBtn.OnTapped = func() { v.onRetry(m.ID) }
	r.stopBtn.OnTapped = func() { v.onCancel(m.ID) }
}

// mailCells are the texts of the fixed columns for m.
func mailCells(m data.Mail) []string {
	who := m.MemberName
	if m.Kind == data.MailTest {
		who = m.ToAddress
	}
	next := ""
	if m.State == data.MailQueued {
		next = stamp(m.NextAttemptAt)
	}
	return []string{stamp(m.CreatedAt), who, m.Kind.Label(), m.State.Label(),
		strconv.Itoa(m.Attempts), next}
}

// load reads the outbox, and follows the worker's changes from then on.
func (v *outboxView) load() {
	if v.unsubscribe == nil {
		v.unsubscribe = v.outbox.Subscribe(v.reload)
	}
	v.reload()
}

// reload reads the outbox; it may be called from any goroutine.
func (v *outboxView) reload() {
	v.async(func(ctx context.Context) func() {
		mails, err := v.store.ListOutbox(ctx)
		return func() {
			if err != nil {
				v.line.SetText("The outbox could not be read.")
				v.fail("read the outbox", err)
				return
			}
			v.mails = mails
			v.list.Refresh()
			v.line.SetText(outboxLineText(mails))
		}
	})
}

// outboxLineText counts what the list shows.
func outboxLineText(mails []data.Mail) string {
	waiting, failed := 0, 0
	for _, m := range mails {
		if m.State == data.MailFailed {
			failed++
		} else {
			waiting++
		}
	}
	if waiting+failed == 0 {
		return "No email is waiting or failed."
	}
	return fmt.Sprintf("%d waiting, %d failed.", waiting, failed)
}

// onSelected shows the whole of a row, whose last error the list may cut.
func (v *outboxView) onSelected(i widget.ListItemID) {
	v.list.UnselectAll()
	if i < 0 || i >= len(v.mails) {
		return
	}
	m := v.mails[i]
	cells := mailCells(m)
	text := fmt.Sprintf("%s email to %s, created %s.\n%s after %d tries.",
		cells[2], cells[1], cells[0], cells[3], m.Attempts)
	if m.State == data.MailQueued {
		text += " Next try: " + cells[5] + "."
	}
	if m.LastError != "" {
		text += "\n\nLast error: " + m.LastError
	}
	v.info("Email", text)
}

// onRetry makes email id due now and wakes the worker.
func (v *outboxView) onRetry(id int64) {
	v.async(func(ctx context.Context) func() {
		err := v.store.RetryMail(ctx, id)
		if err == nil {
			v.outbox.Wake()
		}
		return func() { v.changed("retry the email", err) }
	})
}

// onCancel asks, then cancels email id for good.
func (v *outboxView) onCancel(id int64) {
	v.show(dialog.NewConfirm("Cancel email", "Cancel this email? It will not be sent.",
		func(ok bool) {
			if ok {
				v.cancelMail(id)
			}
		}, v.win))
}

func (v *outboxView) cancelMail(id int64) {
	v.async(func(ctx context.Context) func() {
		err := v.store.CancelMail(ctx, id)
		return func() { v.changed("cancel the email", err) }
	})
}

func (v *outboxView) changed(doing string, err error) {
	if err != nil {
		v.fail(doing, err)
	}
	v.reload()
}
