package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"clinicadmin/data"
)

// backupDir is where Backup and the daily backup write: a folder "backups"
// beside the database file.
func backupDir(store *data.Store) string {
	return filepath.Join(filepath.Dir(store.Path()), "backups")
}

// backupEntry is one backup as the list shows it.
type backupEntry struct {
	data.BackupFile
	size int64
}

// backupView is File > Backup: the backups kept, Back up now with a
// progress bar and Cancel, and Restore of the one selected.
type backupView struct {
	*env
	dir      string
	entries  []backupEntry
	selected int

	intro      *widget.Label
	list       *widget.List
	bar        *widget.ProgressBar
	backupBtn  *widget.Button
	restoreBtn *widget.Button
	closeBtn   *widget.Button
	dlg        *dialog.CustomDialog
	cancel     context.CancelFunc

	// onRestore replaces the database by a checked backup; the window
	// closes the store first.
	onRestore func(r *data.StagedRestore, from data.BackupFile)
}

func newBackupView(e *env) *backupView {
	v := &backupView{env: e, dir: backupDir(e.store), selected: -1}
	v.intro = widget.NewLabel("")
	v.intro.Wrapping = fyne.TextWrapWord
	v.list = widget.NewList(v.length, func() fyne.CanvasObject { return widget.NewLabel("") },
		v.updateItem)
	v.list.OnSelected = v.onSelected
	v.bar = widget.NewProgressBar()
	v.bar.Hide()
	v.backupBtn = widget.NewButton("Back up now", v.onBackupNow)
	v.backupBtn.Importance = widget.HighImportance
	v.restoreBtn = widget.NewButton("Restore…", v.onRestoreSelected)
	v.restoreBtn.Disable()
	v.closeBtn = widget.NewButton("Close", v.onClose)

	content := container.NewBorder(container.NewVBox(v.intro, v.bar), nil, nil, nil, v.list)
	v.dlg = dialog.NewCustomWithoutButtons("Backup", content, e.win)
	v.dlg.SetButtons([]fyne.CanvasObject{v.closeBtn, v.restoreBtn, v.backupBtn})
	v.dlg.Resize(fyne.NewSize(560, 440))
	return v
}

func (v *backupView) length() int { return len(v.entries) }

func (v *backupView) updateItem(i widget.ListItemID, o fyne.CanvasObject) {
	e := v.entries[i]
	o.(*widget.Label).SetText(fmt.Sprintf("%s   %s", e.At.Format("2 January 2006, 15:04:05"),
		sizeText(e.size)))
}

// sizeText is a file size as the admin reads it.
func sizeText(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d KB", (n+1023)/1024)
}

// load reads the backups kept and the number the settings keep.
func (v *backupView) load() {
	v.async(func(ctx context.Context) func() {
		files, err := data.ListBackups(v.dir)
		entries := make([]backupEntry, len(files))
		for i, f := range files {
			entries[i] = backupEntry{BackupFile: f}
			if fi, err := os.Stat(f.Path); err == nil {
				entries[i].size = fi.Size()
			}
		}
		set, serr := v.store.Settings(ctx)
		return func() { v.loaded(entries, set.BackupKeep, errors.Join(err, serr)) }
	})
}

func (v *backupView) loaded(entries []backupEntry, keep int, err error) {
	if err != nil {
		v.fail("list the backups", err)
	}
	v.entries = entries
	v.selected = -1
	v.list.UnselectAll()
	v.list.Refresh()
	v.restoreBtn.Disable()
	v.setIntro(fmt.Sprintf("Backups are written to %s, and one is made each day while "+
		"Clinic Admin is open. The newest %d are kept. A backup still holds the members "+
		"deleted after it was made, until it is removed.", v.dir, keep))
}

// setIntro changes the text above the list; the dialog lays out again, as a
// wrapped label may need more lines.
func (v *backupView) setIntro(text string) {
	v.intro.SetText(text)
	v.dlg.Refresh()
}

func (v *backupView) onSelected(i widget.ListItemID) {
	v.selected = i
	if v.cancel == nil {
		v.restoreBtn.Enable()
	}
}

// onBackupNow makes a backup off the UI goroutine, showing its progress.
func (v *backupView) onBackupNow() {
	ctx, cancel := context.WithCancel(v.ctx)
	v.busy(cancel)
	progress := throttled(v.env, v.bar)
	v.async(func(context.Context) func() {
		path, err := v.store.Backup(ctx, v.dir, progress)
		return func() { v.backedUp(path, err) }
	})
}

// busy shows the progress bar and turns Close into Cancel.
func (v *backupView) busy(cancel context.CancelFunc) {
	v.cancel = cancel
	v.bar.SetValue(0)
	v.bar.Show()
	v.backupBtn.Disable()
	v.restoreBtn.Disable()
	v.closeBtn.SetText("Cancel")
}

func (v *backupView) idle() {
	if v.cancel != nil {
		v.cancel()
	}
	v.cancel = nil
	v.bar.Hide()
	v.backupBtn.Enable()
	v.closeBtn.SetText("Close")
}

func (v *backupView) backedUp(path string, err error) {
	v.idle()
	switch {
	case errors.Is(err, context.Canceled):
		v.info("Backup", "Cancelled; no backup was made.")
	case err != nil && path != "":
		v.fail("remove the oldest backups", err)
	case err != nil:
		v.fail("make the backup", err)
	default:
		v.info("Backup", "The backup was written to "+path+".")
	}
	v.load()
}

func (v *backupView) onClose() {
	if v.cancel != nil {
		v.cancel()
		return
	}
	v.dlg.Hide()
}

// onRestoreSelected asks before restoring the selected backup.
func (v *backupView) onRestoreSelected() {
	if v.selected < 0 || v.selected >= len(v.entries) {
		return
	}
	from := v.entries[v.selected].BackupFile
	msg := fmt.Sprintf("Restore the backup of %s?\n\nEvery change made since then will be "+
		"gone from the database in use. The current file is kept beside it, named "+
		"%s.before-restore-….\nClinic Admin closes afterwards; start it again.",
		from.At.Format("2 January 2006, 15:04"), filepath.Base(v.store.Path()))
	confirm := dialog.NewConfirm("Restore backup", msg, func(ok bool) {
		if ok {
			v.stage(from)
		}
	}, v.win)
	confirm.SetConfirmText("Restore")
	v.show(confirm)
}

// stage checks the backup on a copy while the database stays in use; only
// a backup that passes is handed to onRestore.
func (v *backupView) stage(from data.BackupFile) {
	ctx, cancel := context.WithCancel(v.ctx)
	v.busy(cancel)
	v.bar.Hide()
	v.setIntro("Checking the backup…")
	v.async(func(context.Context) func() {
		r, err := data.StageRestore(ctx, from.Path, v.store.Path())
		return func() { v.staged(r, from, err) }
	})
}

func (v *backupView) staged(r *data.StagedRestore, from data.BackupFile, err error) {
	v.idle()
	switch {
	case errors.Is(err, context.Canceled):
		v.load()
	case errors.As(err, new(*data.IntegrityError)):
		v.load()
		v.info("Restore backup", "This backup is damaged and cannot be restored; "+
			"nothing was changed.")
	case err != nil:
		v.load()
		v.fail("use this backup; nothing was changed", err)
	default:
		v.dlg.Hide()
		v.onRestore(r, from)
	}
}

// throttled returns a progress callback that moves bar at most every
// progressEvery, from any goroutine.
func throttled(e *env, bar *widget.ProgressBar) func(done, total int) {
	var last atomic.Int64
	return func(done, total int) {
		now := time.Now().UnixNano()
		if total <= 0 || now-last.Load() < int64(progressEvery) {
			return
		}
		last.Store(now)
		e.do(func() { bar.SetValue(float64(done) / float64(total)) })
	}
}

// restoreBackup stops all work, closes the store, puts the checked backup in
// place of the database file and quits once the admin has read the result:
// the program starts again on the restored file.
func (m *mainWindow) restoreBackup(r *data.StagedRestore, from data.BackupFile) {
	m.stop()
	kept, err := "", m.store.Close()
	if err == nil {
		kept, err = r.Apply()
	} else {
		r.Discard()
	}

	msg := "The backup of " + from.At.Format("2 January 2006, 15:04") + " was restored."
	if kept != "" {
		msg += " The file it replaced was kept as " + kept + "."
	}
	if err != nil {
		msg = m.sentence("restore the backup", err) + " The database was not changed."
	}
	d := dialog.NewInformation("Restore backup", msg+"\nClinic Admin closes now; "+
		"start it again.", m.win)
	d.SetOnClosed(m.app.Quit)
	d.Show()
}
