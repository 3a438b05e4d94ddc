package ui

import (
	"context"

	"clinicadmin/data"
)

// This file holds the wiring points for features that other files of this
// package bring: each menu item and email control of the window calls one
// of these methods, and each method opens its feature from its own file
// (ui/import.go, ui/export.go, ui/backup.go, ui/settings.go, ui/sample.go,
// ui/mail.go). A new feature adds its method here and its menu item in
// makeMenu (ui/app.go).

// onImport opens Import (members and visits from a CSV file).
func (m *mainWindow) onImport() {
	v := newImportView(m.env)
	v.onDone = func() {
		m.users.loadRooms()
		m.users.reload()
	}
	m.show(v.dlg)
}

// onExport opens Export (the members the list shows, to a CSV file).
func (m *mainWindow) onExport() {
	newExportView(m.env, m.users.query()).choose()
}

// onBackup opens Backup (a consistent copy of the database, rotated).
func (m *mainWindow) onBackup() {
	v := newBackupView(m.env)
	v.onRestore = m.restoreBackup
	v.load()
	m.show(v.dlg)
}

// onSettings opens Settings (SMTP, reset link, retention, backups).
func (m *mainWindow) onSettings() { newSettingsView(m.env).open() }

// onLoadSample loads sample members into an empty database (ui/sample.go).
func (m *mainWindow) onLoadSample() {
	v := newSampleView(m.env)
	v.onDone = func() {
		m.users.loadRooms()
		m.users.reload()
		m.rooms.load()
	}
	m.show(v.dlg)
}

// mailReady reports whether email can be sent: whether Create a Member may
// offer the welcome email and Edit may offer Send Reset Password Email.
// It runs off the UI goroutine (ui/mail.go).
func (e *env) mailReady(ctx context.Context) bool { return e.mailSetUp(ctx) }

// mailNotReady is the reason shown beside the email controls while
// mailReady reports false.
const mailNotReady = "Email is not set up yet; see File > Settings."

// sendWelcome queues the welcome email with a set-password link for a
// member just created; the outbox sends it. It runs off the UI goroutine
// and returns an error whose message is a sentence for the admin.
func (e *env) sendWelcome(ctx context.Context, m data.Member) error {
	return e.queueWelcome(ctx, m)
}

// sendReset sends a password-reset email to member m now, as Send Reset
// Password Email does. It runs off the UI goroutine and returns nil once
// the mail server accepted it, or an error whose message is a sentence for
// the admin (a suspended member, a guest, mail kept in the Outbox).
func (e *env) sendReset(ctx context.Context, m data.Member) error {
	return e.deliverReset(ctx, m)
}

// sentenceError is an error whose message is already a sentence for the
// admin.
type sentenceError string

func (e sentenceError) Error() string { return string(e) }
