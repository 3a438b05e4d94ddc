// Package ui builds the Clinic Admin window from the data and mail packages.
// It holds no SQL; everything that may block runs off the UI goroutine and
// comes back through fyne.Do.
package ui

import (
	"fyne.io/fyne/v2"

	"clinicadmin/data"
)

// Title is the main window's title.
const Title = "Clinic Admin"

// NewWindow builds the main window on an open store. The caller shows it.
func NewWindow(a fyne.App, store *data.Store) fyne.Window {
	w := a.NewWindow(Title)
	users := newUsersView(store, w)
	w.SetContent(users.content)
	w.Resize(fyne.NewSize(1100, 700))
	return w
}
