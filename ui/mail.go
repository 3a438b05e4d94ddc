package ui

import (
	"context"
	"errors"
	"strings"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"clinicadmin/data"
	"clinicadmin/mail"
)

// This file brings email to the hooks of hooks.go: whether mail is set up,
// the reset and welcome emails, and the outbox worker's life.

// runOutbox starts the worker that sends queued email; it stops with the
// window (env.stop), which waits for it.
func (e *env) runOutbox() {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.stopped {
		return
	}
	e.work.Add(1)
	go func() {
		defer e.work.Done()
		e.outbox.Run(e.ctx)
	}()
}

// mailSetUp reports whether the saved settings are complete enough to
// send a reset or welcome email. It runs off the UI goroutine.
func (e *env) mailSetUp(ctx context.Context) bool {
	set, err := e.store.Settings(ctx)
	if err != nil {
		return false
	}
	return mail.ConfigFromSettings(set).Validate() == nil &&
		strings.Contains(set.ResetURLTemplate, mail.TokenPlaceholder)
}

// queueWelcome puts the welcome email of member m in the outbox and wakes
// the worker; how it went shows in the Outbox view.
func (e *env) queueWelcome(ctx context.Context, m data.Member) error {
	if _, err := e.store.EnqueueMail(ctx, m.ID, data.MailWelcome); err != nil {
		return err
	}
	e.outbox.Wake()
	return nil
}

// deliverReset puts a reset email to member m in the outbox and sends it
// now. It returns nil once the mail server accepted it, or an error whose
// message says for the admin why not, and what becomes of the email.
func (e *env) deliverReset(ctx context.Context, m data.Member) error {
	id, err := e.store.EnqueueMail(ctx, m.ID, data.MailReset)
	if err != nil {
		return err
	}
	got, err := e.outbox.Deliver(ctx, id)
	if err != nil {
		return err
	}
	return mailOutcome(got)
}

// mailOutcome is nil for an email sent, else a sentence saying why not
// and what becomes of it.
func mailOutcome(m data.Mail) error {
	switch m.State {
	case data.MailSent:
		return nil
	case data.MailQueued:
		return sentenceError("The email could not be sent yet. " + m.LastError +
			" It waits in the Outbox and is tried again at " + stamp(m.NextAttemptAt) + ".")
	case data.MailCancelled:
		return sentenceError("The email was cancelled in the Outbox.")
	}
	return sentenceError("The email was not sent. " + m.LastError +
		" It stays in the Outbox, where it can be retried or cancelled.")
}

// mailError turns an error of the mail package, which reads as one sentence
// for the admin, into one the window shows as it is.
func mailError(err error) error {
	var (
		ce *mail.ConfigError
		he *mail.HeaderError
		se *mail.SendError
	)
	if errors.As(err, &ce) || errors.As(err, &he) || errors.As(err, &se) {
		return sentenceError(err.Error())
	}
	return err
}

// showProgress shows a dialog with a moving bar and message while work
// runs; the function it returns closes it.
func (e *env) showProgress(title, message string) (hide func()) {
	bar := widget.NewProgressBarInfinite()
	d := dialog.NewCustomWithoutButtons(title,
		container.NewVBox(widget.NewLabel(message), bar), e.win)
	e.show(d)
	return func() {
		bar.Stop()
		d.Hide()
	}
}
