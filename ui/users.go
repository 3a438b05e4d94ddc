package ui

import (
	"context"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"clinicadmin/data"
)

// searchDelay is how long typing must pause before the search runs.
const searchDelay = 150 * time.Millisecond

// usersView is the main view: search, filters, New Member, the members
// table and a status line. The table reads its rows a page at a time.
type usersView struct {
	*env
	pages    *memberPages
	sort     data.SortKey
	desc     bool
	debounce func() // stops the search that waits for typing to pause
	counts   data.Counts
	rooms    []data.Room
	selected int64  // the selected member's id, 0 for none
	failedAt int    // generation whose read failure was already shown
	stopRead func() // cancels the reads of the generation before

	search  *widget.Entry
	status  *widget.Select
	room    *widget.Select
	kind    *widget.Select
	newBtn  *widget.Button
	table   *memberTable
	line    *widget.Label
	content fyne.CanvasObject

	onNew    func()
	onEdit   func(id int64)
	onDelete func(m data.Member)
}

func newUsersView(e *env) *usersView {
	v := &usersView{env: e, pages: newMemberPages(), sort: data.SortName}
	v.search = widget.NewEntry()
	v.search.SetPlaceHolder("Search name, username, email, phone or date of birth")
	v.search.OnChanged = func(string) { v.schedule(searchDelay) }
	v.search.OnSubmitted = func(string) { v.onSubmitSearch() }
	v.newBtn = widget.NewButtonWithIcon("New Member", theme.ContentAddIcon(), v.onNewMember)
	v.newBtn.Importance = widget.HighImportance
	v.makeFilters()
	v.table = v.makeTable()
	v.line = widget.NewLabel("Loading members…")

	title := widget.NewLabelWithStyle("Users", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	top := container.NewBorder(nil, nil, title, v.newBtn, v.search)
	v.content = container.NewBorder(container.NewVBox(top, v.filterBar()), v.line,
		nil, nil, v.table)
	return v
}

// start reads the rooms and the first page.
func (v *usersView) start() {
	v.loadRooms()
	v.schedule(0)
}

// query is the search the bar, the filters and the sort describe.
func (v *usersView) query() data.Query {
	return data.Query{
		Text:   v.search.Text,
		Status: statusFilter(v.status.SelectedIndex()),
		RoomID: v.roomFilter(),
		Kind:   kindFilter(v.kind.SelectedIndex()),
		Sort:   v.sort,
		Desc:   v.desc,
	}
}

// schedule runs the query after delay, as a new generation: whatever an
// older query still brings back is dropped, and its reads are cancelled.
func (v *usersView) schedule(delay time.Duration) {
	gen, ctx := v.restart(v.query())
	q := v.pages.query
	if v.debounce != nil {
		v.debounce()
		v.debounce = nil
	}
	run := func() { v.readGeneration(ctx, gen, q, []int{0}, false) }
	if delay == 0 {
		run()
		return
	}
	v.debounce = v.later(delay, run)
}

// reload reads the current query again after a change to the data,
// keeping the pages the admin looks at and the selection.
func (v *usersView) reload() {
	gen, ctx := v.restart(v.pages.query)
	want := v.pages.held()
	if len(want) > 3 {
		want = want[:3]
	}
	if len(want) == 0 {
		want = []int{0}
	}
	v.readGeneration(ctx, gen, v.pages.query, want, true)
}

// restart begins a generation for q, cancelling the reads of the one
// before, and returns it with the context its reads run under.
func (v *usersView) restart(q data.Query) (int, context.Context) {
	if v.stopRead != nil {
		v.stopRead()
	}
	ctx, cancel := context.WithCancel(v.ctx)
	v.stopRead = cancel
	return v.pages.restart(q), ctx
}

// readGeneration reads a generation in two parts at once: the pages, which the
// table shows as soon as they come, and the count of matches, which over a
// million members can take far longer and fills in the status line.
func (v *usersView) readGeneration(ctx context.Context, gen int, q data.Query,
	want []int, keep bool) {
	v.async(v.load(ctx, gen, q, want, keep))
	v.async(v.count(ctx, gen, q))
}

// loaded is what one read of the list's pages brings back.
type loaded struct {
	gen   int
	pages map[int]data.Page
	keep  bool // keep the scroll position and the selection
}

func (v *usersView) load(ctx context.Context, gen int, q data.Query, want []int,
	keep bool) func(context.Context) func() {
	return func(context.Context) func() {
		r := loaded{gen: gen, keep: keep, pages: map[int]data.Page{}}
		err := v.read(ctx, q, want, &r)
		return func() {
			if err != nil {
				v.readFailed(gen, err)
				return
			}
			v.apply(r)
		}
	}
}

// read reads the pages of one load, off the UI goroutine.
func (v *usersView) read(ctx context.Context, q data.Query, want []int, r *loaded) error {
	for _, n := range want {
		pq := q
		pq.Limit, pq.Offset = pageSize, n*pageSize
		page, err := v.store.Search(ctx, pq)
		if err != nil {
			return err
		}
		r.pages[n] = page
	}
	return nil
}

// apply shows a load's pages, if they are still the newest.
func (v *usersView) apply(r loaded) {
	if !v.pages.replace(r.gen, r.pages) {
		return
	}
	if !r.keep {
		v.table.ScrollToTop()
	}
	v.table.Refresh()
	v.reselect()
	v.showCounts()
}

// count reads how many members match and how many the clinic has.
func (v *usersView) count(ctx context.Context, gen int,
	q data.Query) func(context.Context) func() {
	return func(context.Context) func() {
		total, err := v.store.CountMatches(ctx, q)
		var counts data.Counts
		if err == nil {
			counts, err = v.store.Counts(ctx)
		}
		return func() {
			if err != nil {
				v.readFailed(gen, err)
				return
			}
			if !v.pages.setTotal(gen, total) {
				return
			}
			v.counts = counts
			if v.pages.settled { // else the pages show it when they come
				v.table.Refresh()
				v.showCounts()
			}
		}
	}
}

// reselect selects the selected member again in the new rows, or clears
// the selection when they are not among them.
func (v *usersView) reselect() {
	row := -1
	if v.selected != 0 {
		row = v.pages.find(v.selected)
	}
	if row < 0 {
		v.selected = 0
	}
	if row != v.table.selRow {
		v.table.selectRow(row)
	}
}

func (v *usersView) readFailed(gen int, err error) {
	if gen != v.pages.gen || v.failedAt == gen {
		return
	}
	v.failedAt = gen
	v.line.SetText("The member list could not be read.")
	v.fail("read the member list", err)
}

// fetch reads page n when a row of it is about to be shown.
func (v *usersView) fetch(n int) {
	q, ok := v.pages.request(n)
	if !ok {
		return
	}
	gen := v.pages.gen
	v.async(func(ctx context.Context) func() {
		page, err := v.store.Search(ctx, q)
		return func() {
			if err != nil {
				v.pages.failed(gen, n)
				v.readFailed(gen, err)
				return
			}
			if v.pages.add(gen, n, page) {
				v.table.Refresh()
			}
		}
	})
}

func (v *usersView) showCounts() {
	if v.counts.Members == 0 {
		v.line.SetText("No members yet. Add one with New Member, or try Load " +
			"sample data in the Help menu.")
		return
	}
	shown := count(v.pages.total)
	if !v.pages.counted {
		shown = "counting…"
	}
	text := fmt.Sprintf("Showing %s of %s members", shown, count(v.counts.Members))
	if v.counts.PendingDelete > 0 {
		text += fmt.Sprintf(" · %s pending delete", count(v.counts.PendingDelete))
	}
	v.line.SetText(text)
}

// memberAt returns the member in row, when its page is loaded.
func (v *usersView) memberAt(row int) (data.Member, bool) {
	return v.pages.member(row)
}

func (v *usersView) onRowSelected(row int) {
	if m, ok := v.memberAt(row); ok {
		v.selected = m.ID
	}
	v.table.Refresh()
}

func (v *usersView) onOpenRow(row int) {
	if m, ok := v.memberAt(row); ok && v.onEdit != nil {
		v.onEdit(m.ID)
	}
}

// onSubmitSearch opens the selected member, or the only one found.
func (v *usersView) onSubmitSearch() {
	switch {
	case v.table.selRow >= 0:
		v.onOpenRow(v.table.selRow)
	case v.pages.total == 1:
		v.onOpenRow(0)
	}
}

func (v *usersView) onNewMember() {
	if v.onNew != nil {
		v.onNew()
	}
}

func (v *usersView) onSort(s data.SortKey) {
	if v.sort == s {
		v.desc = !v.desc
	} else {
		v.sort, v.desc = s, false
	}
	v.table.Refresh()
	v.schedule(0)
}

// reveal shows member m alone in the list, selected: the search becomes
// their username (or email) and the filters are cleared.
func (v *usersView) reveal(m data.Member) {
	v.selected = m.ID
	key := m.Username
	if key == "" {
		key = m.Email
	}
	v.search.OnChanged = nil
	v.search.SetText(key)
	v.search.OnChanged = func(string) { v.schedule(searchDelay) }
	v.resetFilters()
	v.schedule(0)
}

// focusSearch puts the cursor in the search bar, as Ctrl+F does.
func (v *usersView) focusSearch() {
	v.win.Canvas().Focus(v.search)
}

// count formats n with thousands grouped: 1,000,000.
func count(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
