package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// entry is a widget.Entry that hands Escape to onEscape, so that Escape
// closes the dialog the entry is in even while the entry has the focus.
type entry struct {
	widget.Entry
	onEscape func()
}

func newEntry(onEscape func()) *entry {
	e := &entry{onEscape: onEscape}
	e.ExtendBaseWidget(e)
	return e
}

func newMultiLineEntry(onEscape func()) *entry {
	e := newEntry(onEscape)
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapWord
	return e
}

// TypedKey closes the dialog on Escape and leaves every other key to Entry.
func (e *entry) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape && e.onEscape != nil {
		e.onEscape()
		return
	}
	e.Entry.TypedKey(k)
}

// TypedShortcut hands the window's own shortcuts (tabShortcut) to the
// window, which an entry with the focus would otherwise swallow.
func (e *entry) TypedShortcut(s fyne.Shortcut) {
	c := fyne.CurrentApp().Driver().CanvasForObject(e)
	if sc, ok := c.(fyne.Shortcutable); ok && isTabShortcut(s) {
		sc.TypedShortcut(s)
		return
	}
	e.Entry.TypedShortcut(s)
}
