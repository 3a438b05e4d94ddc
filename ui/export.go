package ui

import (
	"context"
	"errors"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"clinicadmin/data"
)

// exportView is File > Export: every member the list's search, filters and
// sort find, not only the rows loaded, to a CSV file that Import reads
// back; with a progress bar and Cancel.
type exportView struct {
	*env
	query  data.Query
	label  *widget.Label
	bar    *widget.ProgressBar
	dlg    *dialog.CustomDialog
	cancel context.CancelFunc
}

func newExportView(e *env, q data.Query) *exportView {
	v := &exportView{env: e, query: q}
	v.label = widget.NewLabel("Exporting the members the list shows…")
	v.label.Wrapping = fyne.TextWrapWord
	v.bar = widget.NewProgressBar()
	cancel := widget.NewButton("Cancel", v.onCancel)
	v.dlg = dialog.NewCustomWithoutButtons("Export", container.NewVBox(v.label, v.bar), e.win)
	v.dlg.SetButtons([]fyne.CanvasObject{cancel})
	v.dlg.Resize(fyne.NewSize(460, 180))
	return v
}

// choose asks where to save, then exports there.
func (v *exportView) choose() {
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil {
			v.fail("choose the export file", err)
			return
		}
		if wc == nil {
			return
		}
		wc.Close()
		v.start(wc.URI().Path())
	}, v.win)
	d.SetFileName("members-" + v.now().Format("2006-01-02") + ".csv")
	d.Show()
}

// start writes the file off the UI goroutine. The save dialog has already
// created it empty; a failed or cancelled export removes it again.
func (v *exportView) start(path string) {
	ctx, cancel := context.WithCancel(v.ctx)
	v.cancel = cancel
	v.show(v.dlg)
	progress := throttled(v.env, v.bar)
	q := v.query
	v.async(func(context.Context) func() {
		n, err := v.store.ExportFile(ctx, path, q, progress)
		if err != nil {
			removeIfEmpty(path)
		}
		return func() { v.done(path, n, err) }
	})
}

func removeIfEmpty(path string) {
	if fi, err := os.Stat(path); err == nil && fi.Size() == 0 {
		os.Remove(path)
	}
}

func (v *exportView) done(path string, n int, err error) {
	v.cancel()
	v.dlg.Hide()
	switch {
	case errors.Is(err, context.Canceled):
		v.info("Export", "Cancelled; no file was written.")
	case err != nil:
		v.fail("export the members", err)
	default:
		v.info("Export", "Exported "+counted(n, "member")+" to "+path+".")
	}
}

func (v *exportView) onCancel() {
	if v.cancel != nil {
		v.cancel()
	}
}
