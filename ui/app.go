// Package ui builds the Clinic Admin window from the data and mail packages.
// It holds no SQL; everything that may block runs off the UI goroutine and
// comes back through fyne.Do, one call per batch of results.
package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"

	"clinicadmin/data"
)

// Title is the main window's title.
const Title = "Clinic Admin"

// Preference keys of the window size.
const (
	prefWidth  = "window.width"
	prefHeight = "window.height"
)

// defaultSize is the window's size on first start.
var defaultSize = fyne.NewSize(1180, 720)

// mainWindow is the whole window: the views in tabs, the menu and the keys.
type mainWindow struct {
	*env
	app   fyne.App
	tabs  *container.AppTabs
	users *usersView
	rooms *roomsView
	audit *auditView
	mails *outboxView

	// The member dialogs open now, nil when closed.
	creating *createView
	editing  *editView
	deleting *deleteView
}

// Run builds the main window on an open store, shows it and returns when
// the program quits, however it quits, once the work in flight (searches,
// the outbox, scheduled jobs) has stopped, so that the caller can close the
// store behind it.
func Run(a fyne.App, store *data.Store) {
	w := a.NewWindow(Title)
	m := newMainWindow(a, w, store, fyne.Do)
	a.Lifecycle().SetOnStarted(func() {
		m.start()
		m.runOutbox()
		m.startJobs()
	})
	w.ShowAndRun()
	m.stop()
}

func newMainWindow(a fyne.App, w fyne.Window, store *data.Store,
	do func(func())) *mainWindow {
	m := &mainWindow{env: newEnv(store, w, do), app: a}
	m.users = newUsersView(m.env)
	m.rooms = newRoomsView(m.env)
	m.audit = newAuditView(m.env)
	m.mails = newOutboxView(m.env)
	m.connect()

	m.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon("Users", theme.AccountIcon(), m.users.content),
		container.NewTabItemWithIcon("Rooms", theme.HomeIcon(), m.rooms.content),
		container.NewTabItemWithIcon("Audit log", theme.HistoryIcon(), m.audit.content),
		container.NewTabItemWithIcon("Outbox", theme.MailComposeIcon(), m.mails.content),
	)
	m.tabs.SetTabLocation(container.TabLocationLeading)
	m.tabs.OnSelected = m.onTab
	w.SetContent(m.tabs)
	w.SetMainMenu(m.makeMenu())
	m.addKeys()
	m.restoreSize()
	w.SetCloseIntercept(m.onClose)
	return m
}

// connect lets the views reach each other through the window.
func (m *mainWindow) connect() {
	m.users.onNew = m.onNewMember
	m.users.onEdit = m.openMember
	m.users.onDelete = m.confirmDelete
	m.rooms.onChanged = func() {
		m.users.loadRooms()
		m.users.reload() // room names in the list
	}
}

func (m *mainWindow) start() {
	m.users.start()
}

func (m *mainWindow) onTab(t *container.TabItem) {
	switch t.Content {
	case m.rooms.content:
		m.rooms.load()
	case m.audit.content:
		m.audit.load()
	case m.mails.content:
		m.mails.load()
	}
}

// showUsers brings the Users view to the front.
func (m *mainWindow) showUsers() {
	m.tabs.SelectIndex(0)
}

func (m *mainWindow) restoreSize() {
	p := m.app.Preferences()
	w := p.FloatWithFallback(prefWidth, float64(defaultSize.Width))
	h := p.FloatWithFallback(prefHeight, float64(defaultSize.Height))
	m.win.Resize(fyne.NewSize(float32(max(w, 640)), float32(max(h, 400))))
}

func (m *mainWindow) saveSize() {
	size := m.win.Canvas().Size()
	if size.Width <= 0 || size.Height <= 0 {
		return
	}
	p := m.app.Preferences()
	p.SetFloat(prefWidth, float64(size.Width))
	p.SetFloat(prefHeight, float64(size.Height))
}

// onClose remembers the size and stops the reads in flight.
func (m *mainWindow) onClose() {
	m.saveSize()
	m.stop()
	m.win.Close()
}

func (m *mainWindow) onQuit() {
	m.saveSize()
	m.stop()
	m.app.Quit()
}

// onNewMember opens Create a Member over the Users view.
func (m *mainWindow) onNewMember() {
	m.showUsers()
	m.createMember()
}

func (m *mainWindow) onFind() {
	m.showUsers()
	m.users.focusSearch()
}

// The shortcuts of the menu; Ctrl on Linux and Windows, Cmd on macOS.
var (
	keyNew  = shortcut(fyne.KeyN)
	keyFind = shortcut(fyne.KeyF)
)

func shortcut(k fyne.KeyName) *desktop.CustomShortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault}
}

func (m *mainWindow) makeMenu() *fyne.MainMenu {
	newItem := fyne.NewMenuItem("New Member", m.onNewMember)
	newItem.Shortcut = keyNew
	findItem := fyne.NewMenuItem("Find Member", m.onFind)
	findItem.Shortcut = keyFind
	quit := fyne.NewMenuItem("Quit", m.onQuit)
	quit.IsQuit = true
	file := fyne.NewMenu("File",
		newItem, findItem, fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Import…", m.onImport),
		fyne.NewMenuItem("Export…", m.onExport),
		fyne.NewMenuItem("Backup…", m.onBackup), fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Settings…", m.onSettings), fyne.NewMenuItemSeparator(),
		quit,
	)
	help := fyne.NewMenu("Help",
		fyne.NewMenuItem("Load sample data", m.onLoadSample),
		fyne.NewMenuItem("About", m.onAbout),
	)
	return fyne.NewMainMenu(file, help)
}

// addKeys adds the keys that work wherever the focus is not: the menu's
// shortcuts (for a window without a menu bar, such as in tests), Enter to
// open the selected member and Escape to close the dialog on top.
func (m *mainWindow) addKeys() {
	c := m.win.Canvas()
	c.AddShortcut(keyNew, func(fyne.Shortcut) { m.onNewMember() })
	c.AddShortcut(keyFind, func(fyne.Shortcut) { m.onFind() })
	c.SetOnTypedKey(m.onTypedKey)
}

func (m *mainWindow) onTypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyEscape:
		m.closeTop()
	case fyne.KeyReturn, fyne.KeyEnter:
		if len(m.dialogs) == 0 && m.tabs.SelectedIndex() == 0 {
			m.users.table.open()
		}
	}
}

func (m *mainWindow) onAbout() {
	meta := m.app.Metadata()
	version := meta.Version
	if version == "" {
		version = "development build"
	}
	m.info("About Clinic Admin", "Clinic Admin "+version+
		"\nPatient accounts of a small clinic, kept in one local database file:\n"+
		m.store.Path())
}
