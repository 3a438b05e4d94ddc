package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"clinicadmin/data"
)

// dateOrderLabels name the orders a date of birth may be written in.
var dateOrderLabels = []string{"Day/month/year", "Month/day/year", "Year/month/day"}

var dateOrderValues = []data.DateOrder{data.OrderDMY, data.OrderMDY, data.OrderYMD}

// importView is File > Import: the files to read, a preview of the rows
// that would be refused and why, then the import with a progress bar and
// Cancel. Nothing is written before Import is pressed.
type importView struct {
	*env
	members, visits string // the files chosen, "" for none
	problems        []data.RowProblem
	checked         bool // the preview shown is of the files and options chosen
	gen             int  // counts checks; only the newest one's result is shown

	membersLabel, visitsLabel *widget.Label
	order                     *widget.Select
	skipBad                   *widget.Check
	summary                   *widget.Label
	list                      *widget.List
	bar                       *widget.ProgressBar
	importBtn, closeBtn       *widget.Button
	chooseBtns                []*widget.Button
	dlg                       *dialog.CustomDialog
	cancel                    context.CancelFunc

	onDone func() // the member list shows what was imported
}

func newImportView(e *env) *importView {
	v := &importView{env: e}
	v.membersLabel = widget.NewLabel("No file chosen")
	v.visitsLabel = widget.NewLabel("No file chosen")
	v.order = widget.NewSelect(dateOrderLabels, nil)
	for i, o := range dateOrderValues {
		if o == e.order {
			v.order.SetSelectedIndex(i)
		}
	}
	v.order.OnChanged = func(string) { v.changed() }
	v.skipBad = widget.NewCheck("Import the good rows and skip the refused ones",
		func(bool) { v.showAllowed() })
	v.summary = widget.NewLabel("Choose a members file, a visits file, or both. " +
		"The columns are named in the first line; see the README.")
	v.summary.Wrapping = fyne.TextWrapWord
	v.list = widget.NewList(func() int { return len(v.problems) },
		func() fyne.CanvasObject { return widget.NewLabel("") }, v.updateProblem)
	v.bar = widget.NewProgressBar()
	v.bar.Hide()
	v.importBtn = widget.NewButton("Import", v.onImport)
	v.importBtn.Importance = widget.HighImportance
	v.importBtn.Disable()
	v.closeBtn = widget.NewButton("Close", v.onClose)

	v.dlg = dialog.NewCustomWithoutButtons("Import", v.layout(), e.win)
	v.dlg.SetButtons([]fyne.CanvasObject{v.closeBtn, v.importBtn})
	v.dlg.Resize(fyne.NewSize(720, 520))
	return v
}

func (v *importView) layout() fyne.CanvasObject {
	v.chooseBtns = []*widget.Button{
		widget.NewButton("Choose…", func() { v.choose(v.setMembers) }),
		widget.NewButton("Choose…", func() { v.choose(v.setVisits) }),
	}
	form := widget.NewForm(
		widget.NewFormItem("Members file", container.NewBorder(nil, nil, nil,
			v.chooseBtns[0], v.membersLabel)),
		widget.NewFormItem("Visits file", container.NewBorder(nil, nil, nil,
			v.chooseBtns[1], v.visitsLabel)),
		widget.NewFormItem("Dates of birth", v.order),
	)
	top := container.NewVBox(form, v.skipBad, v.bar, v.summary)
	return container.NewBorder(top, nil, nil, nil, v.list)
}

func (v *importView) updateProblem(i widget.ListItemID, o fyne.CanvasObject) {
	p := v.problems[i]
	name := v.members
	if p.File == "visits" {
		name = v.visits
	}
	o.(*widget.Label).SetText(fmt.Sprintf("%s, line %d: %s", filepath.Base(name), p.Line,
		p.Reason))
}

// choose asks for a CSV file and hands its path to set.
func (v *importView) choose(set func(path string)) {
	d := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil {
			v.fail("open the file", err)
			return
		}
		if rc == nil {
			return
		}
		rc.Close()
		set(rc.URI().Path())
	}, v.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".csv", ".CSV", ".txt"}))
	d.Show()
}

func (v *importView) setMembers(path string) {
	v.members = path
	v.membersLabel.SetText(filepath.Base(path))
	v.changed()
}

func (v *importView) setVisits(path string) {
	v.visits = path
	v.visitsLabel.SetText(filepath.Base(path))
	v.changed()
}

// changed checks the files again after any choice, cancelling a check
// still running.
func (v *importView) changed() {
	v.checked = false
	if v.cancel != nil {
		v.cancel()
	}
	v.showAllowed()
	if v.members+v.visits != "" {
		v.check()
	}
}

func (v *importView) options() data.ImportOptions {
	return data.ImportOptions{
		DateOrder: dateOrderValues[max(v.order.SelectedIndex(), 0)],
		SkipBad:   v.skipBad.Checked,
	}
}

// check reads the files as Import would, writing nothing, and shows the
// rows that would be refused.
func (v *importView) check() {
	ctx, cancel := context.WithCancel(v.ctx)
	v.busy(cancel)
	v.setSummary("Checking…")
	v.gen++
	gen, members, visits, opts := v.gen, v.members, v.visits, v.options()
	progress := throttled(v.env, v.bar)
	v.async(func(context.Context) func() {
		rep, err := readImport(members, visits, func(files data.ImportFiles) (
			data.ImportReport, error) {
			return v.store.PlanImport(ctx, files, opts, progress)
		})
		return func() {
			if gen == v.gen {
				v.checkedFiles(rep, err)
			}
		}
	})
}

// readImport opens the files for run and closes them after.
func readImport(members, visits string,
	run func(data.ImportFiles) (data.ImportReport, error)) (data.ImportReport, error) {
	var files data.ImportFiles
	if members != "" {
		f, err := openImportFile(members)
		if err != nil {
			return data.ImportReport{}, err
		}
		defer f.Close()
		files.Members = f
	}
	if visits != "" {
		f, err := openImportFile(visits)
		if err != nil {
			return data.ImportReport{}, err
		}
		defer f.Close()
		files.Visits = f
	}
	return run(files)
}

func openImportFile(path string) (*os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, sentenceError("The file " + filepath.Base(path) + " cannot be read.")
	}
	return f, nil
}

func (v *importView) checkedFiles(rep data.ImportReport, err error) {
	v.idle()
	v.problems = rep.Problems
	v.list.Refresh()
	var ce *data.CSVError
	switch {
	case errors.Is(err, context.Canceled):
		v.setSummary("Check cancelled.")
		return
	case errors.As(err, &ce):
		v.setSummary(ce.Error())
		return
	case err != nil:
		v.setSummary(v.sentence("check the import files", err))
		return
	}
	v.checked = true
	text := counted(rep.Members, "member") + " and " + counted(rep.Visits, "visit") +
		" would be imported."
	if rep.Bad > 0 {
		text += fmt.Sprintf(" %s would be refused, for the reasons below. Correct the "+
			"file and choose it again, or skip them.", counted(rep.Bad, "row"))
	}
	v.setSummary(text)
	v.showAllowed()
}

// setSummary changes the text above the list; the dialog lays out again,
// as a wrapped label may need more lines.
func (v *importView) setSummary(text string) {
	v.summary.SetText(text)
	v.dlg.Refresh()
}

// showAllowed enables Import after a check that allows it.
func (v *importView) showAllowed() {
	if v.checked && v.cancel == nil && (len(v.problems) == 0 || v.skipBad.Checked) {
		v.importBtn.Enable()
		return
	}
	v.importBtn.Disable()
}

// onImport imports off the UI goroutine, with progress and Cancel. The
// files and options cannot change meanwhile.
func (v *importView) onImport() {
	ctx, cancel := context.WithCancel(v.ctx)
	v.busy(cancel)
	v.freeze(true)
	v.setSummary("Importing…")
	members, visits, opts := v.members, v.visits, v.options()
	progress := throttled(v.env, v.bar)
	v.async(func(context.Context) func() {
		rep, err := readImport(members, visits, func(files data.ImportFiles) (
			data.ImportReport, error) {
			return v.store.Import(ctx, files, opts, progress)
		})
		return func() { v.imported(rep, err) }
	})
}

func (v *importView) imported(rep data.ImportReport, err error) {
	v.idle()
	v.freeze(false)
	switch {
	case errors.Is(err, context.Canceled):
		v.setSummary("Import cancelled; nothing was imported.")
	case errors.Is(err, data.ErrRowsRefused):
		v.checkedFiles(rep, nil) // the file changed since it was checked
	case err != nil:
		v.setSummary(v.sentence("import the files", err))
	default:
		v.dlg.Hide()
		v.info("Import", "Imported "+counted(rep.Members, "member")+" and "+
			counted(rep.Visits, "visit")+".")
		v.onDone()
	}
}

// busy shows the progress bar and turns Close into Cancel.
func (v *importView) busy(cancel context.CancelFunc) {
	v.cancel = cancel
	v.bar.SetValue(0)
	v.bar.Show()
	v.importBtn.Disable()
	v.closeBtn.SetText("Cancel")
}

func (v *importView) idle() {
	if v.cancel != nil {
		v.cancel()
	}
	v.cancel = nil
	v.bar.Hide()
	v.closeBtn.SetText("Close")
	v.showAllowed()
}

// freeze disables the choices while an import runs.
func (v *importView) freeze(on bool) {
	for _, w := range []fyne.Disableable{v.chooseBtns[0], v.chooseBtns[1], v.order, v.skipBad} {
		if on {
			w.Disable()
		} else {
			w.Enable()
		}
	}
}

func (v *importView) onClose() {
	if v.cancel != nil {
		v.cancel()
		return
	}
	v.dlg.Hide()
}

// counted is "1 member", "2 members", "1,000 members".
func counted(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return grouped(n) + " " + noun + "s"
}

// grouped writes n with its thousands separated by commas.
func grouped(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
