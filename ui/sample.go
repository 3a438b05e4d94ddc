package ui

import (
	"context"
	"errors"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"clinicadmin/data"
)

// sampleSizes are the choices of Load sample data.
var (
	sampleSizes  = []int{100, 1000, 10000, 100000}
	sampleLabels = []string{"100 members", "1,000 members", "10,000 members",
		"100,000 members"}
)

// progressEvery is how often progress goes back to the UI goroutine.
const progressEvery = 100 * time.Millisecond

// sampleView is Load sample data: how many, a progress bar, and Cancel.
type sampleView struct {
	*env
	size    *widget.Select
	bar     *widget.ProgressBar
	loadBtn *widget.Button
	dlg     *dialog.CustomDialog
	cancel  context.CancelFunc
	onDone  func()
}

func newSampleView(e *env) *sampleView {
	v := &sampleView{env: e}
	v.size = widget.NewSelect(sampleLabels, nil)
	v.size.SetSelectedIndex(1)
	v.bar = widget.NewProgressBar()
	v.bar.Hide()
	v.loadBtn = widget.NewButton("Load", v.onLoad)
	v.loadBtn.Importance = widget.HighImportance
	cancel := widget.NewButton("Cancel", v.onCancel)
	text := widget.NewLabel("Sample members with visits, to try Clinic Admin. " +
		"They go only into a database without members.")
	text.Wrapping = fyne.TextWrapWord
	v.dlg = dialog.NewCustomWithoutButtons("Load sample data",
		container.NewVBox(text, v.size, v.bar), e.win)
	v.dlg.SetButtons([]fyne.CanvasObject{cancel, v.loadBtn})
	v.dlg.Resize(fyne.NewSize(460, 240))
	return v
}

func (v *sampleView) onCancel() {
	if v.cancel != nil {
		v.cancel()
		return
	}
	v.dlg.Hide()
}

// onLoad adds the members off the UI goroutine, showing progress at most
// every progressEvery.
func (v *sampleView) onLoad() {
	n := sampleSizes[max(v.size.SelectedIndex(), 0)]
	ctx, cancel := context.WithCancel(v.ctx)
	v.cancel = cancel
	v.loadBtn.Disable()
	v.size.Disable()
	v.bar.Show()
	progress := throttled(v.env, v.bar)
	v.async(func(context.Context) func() {
		err := v.store.LoadSample(ctx, n, progress)
		return func() { v.loaded(err) }
	})
}

func (v *sampleView) loaded(err error) {
	v.cancel()
	v.cancel = nil
	v.dlg.Hide()
	switch {
	case errors.Is(err, context.Canceled):
		v.info("Load sample data", "Cancelled; no sample members were added.")
	case errors.Is(err, data.ErrNotEmpty):
		v.info("Load sample data", err.Error())
	case err != nil:
		v.fail("load the sample data", err)
	default:
		v.onDone()
	}
}
