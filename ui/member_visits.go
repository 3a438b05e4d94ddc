package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"clinicadmin/data"
)

// visitsTab is Edit's Visits tab: the member's visits, newest first, and a
// form to add one.
type visitsTab struct {
	*env
	member data.Member
	rooms  []data.Room // the active rooms the form offers
	visits []data.Visit

	list     *widget.List
	count    *widget.Label
	at       *entry
	room     *widget.Select
	provider *entry
	reason   *entry
	notes    *entry
	msg      *widget.Label
	addBtn   *widget.Button
	content  fyne.CanvasObject

	onAdded func() // a visit was added
}

// visitLayout is how a visit's time is typed: the date as for a date of
// birth, then the time on a 24-hour clock.
const visitTimeLayout = "15:04"

func newVisitsTab(e *env, m data.Member, rooms []data.Room) *visitsTab {
	v := &visitsTab{env: e, member: m}
	v.list = widget.NewList(func() int { return len(v.visits) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			o.(*widget.Label).SetText(visitLine(v.visits[i]))
		})
	v.count = widget.NewLabel("Reading visits…")
	v.makeForm(rooms)
	form := container.New(layout.NewFormLayout(),
		widget.NewLabel("When"), v.at,
		widget.NewLabel("Room"), v.room,
		widget.NewLabel("Provider"), v.provider,
		widget.NewLabel("Reason"), v.reason,
		widget.NewLabel("Notes"), v.notes,
	)
	add := container.NewVBox(widget.NewLabelWithStyle("Add visit", fyne.TextAlignLeading,
		fyne.TextStyle{Bold: true}), form,
		container.NewBorder(nil, nil, nil, v.addBtn, v.msg))
	v.content = container.NewBorder(v.count, add, nil, nil, v.list)
	return v
}

func (v *visitsTab) makeForm(rooms []data.Room) {
	v.at = newEntry(func() { v.closeTop() })
	v.at.SetPlaceHolder(visitPattern(v.order))
	v.at.SetText(v.now().Format(time.DateOnly + " " + visitTimeLayout))
	v.room = widget.NewSelect(nil, nil)
	v.provider = newEntry(func() { v.closeTop() })
	v.reason = newEntry(func() { v.closeTop() })
	v.notes = newMultiLineEntry(func() { v.closeTop() })
	v.notes.SetMinRowsVisible(2)
	v.msg = newFieldMessage()
	v.addBtn = widget.NewButtonWithIcon("Add visit", theme.ContentAddIcon(), v.onAdd)
	var names []string
	for _, r := range rooms {
		if r.Active {
			v.rooms = append(v.rooms, r)
			names = append(names, roomLabel(r))
		}
	}
	v.room.SetOptions(names)
	for i, r := range v.rooms {
		if r.ID == v.member.RoomID {
			v.room.SetSelectedIndex(i)
		}
	}
}

// visitLine is one visit in the list.
func visitLine(vis data.Visit) string {
	parts := []string{vis.At.Local().Format(time.DateOnly + " " + visitTimeLayout)}
	room := vis.RoomName
	if room == "" {
		room = "(room removed)"
	}
	parts = append(parts, room)
	for _, s := range []string{vis.Provider, vis.Reason, oneLine(vis.Notes)} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " · ")
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func (v *visitsTab) load() {
	id := v.member.ID
	v.async(func(ctx context.Context) func() {
		visits, err := v.store.ListVisits(ctx, id)
		return func() {
			if err != nil {
				v.count.SetText("The visits could not be read.")
				v.fail("read the visits", err)
				return
			}
			v.setVisits(visits)
		}
	})
}

func (v *visitsTab) setVisits(visits []data.Visit) {
	v.visits = visits
	switch len(visits) {
	case 0:
		v.count.SetText("No visits recorded.")
	case 1:
		v.count.SetText("1 visit, newest first.")
	default:
		v.count.SetText(fmt.Sprintf("%s visits, newest first.", count(len(visits))))
	}
	v.list.Refresh()
}

func (v *visitsTab) onAdd() {
	in, err := v.input()
	if err != nil {
		setMessage(v.msg, err.Error(), widget.DangerImportance)
		return
	}
	v.addBtn.Disable()
	v.async(func(ctx context.Context) func() {
		_, err := v.store.AddVisit(ctx, in)
		var visits []data.Visit
		if err == nil {
			visits, err = v.store.ListVisits(ctx, in.MemberID)
		}
		return func() { v.added(visits, err) }
	})
}

func (v *visitsTab) added(visits []data.Visit, err error) {
	v.addBtn.Enable()
	if err != nil {
		if s, ok := userSentence(err); ok {
			setMessage(v.msg, s, widget.DangerImportance)
			return
		}
		v.fail("add the visit", err)
		return
	}
	setMessage(v.msg, "Visit added.", widget.SuccessImportance)
	for _, e := range []*entry{v.provider, v.reason, v.notes} {
		e.SetText("")
	}
	v.setVisits(visits)
	if v.onAdded != nil {
		v.onAdded()
	}
}

// input reads the form; the store checks the rest.
func (v *visitsTab) input() (data.VisitInput, error) {
	at, err := parseVisitTime(v.at.Text, v.order)
	if err != nil {
		return data.VisitInput{}, err
	}
	in := data.VisitInput{
		MemberID: v.member.ID,
		At:       at,
		Provider: v.provider.Text,
		Reason:   v.reason.Text,
		Notes:    v.notes.Text,
	}
	if i := v.room.SelectedIndex(); i >= 0 && i < len(v.rooms) {
		in.RoomID = v.rooms[i].ID
	}
	return in, nil
}

// visitPattern shows how to type a visit's time in order.
func visitPattern(order data.DateOrder) string {
	date, _, _ := strings.Cut(datePattern(order), " or ")
	return "YYYY-MM-DD HH:MM or " + date + " HH:MM"
}

// parseVisitTime reads "date HH:MM" in local time, the date written
// year first or in the locale's order.
func parseVisitTime(s string, order data.DateOrder) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range visitLayouts(order) {
		if t, err := time.ParseInLocation(layout, s, time.Local); err == nil {
			return t, nil
		}
	}
	return time.Time{}, &data.FieldError{Field: data.FieldVisitAt,
		Rule: "must be a date and time written " + visitPattern(order)}
}

func visitLayouts(order data.DateOrder) []string {
	local := "2/1/2006"
	switch order {
	case data.OrderMDY:
		local = "1/2/2006"
	case data.OrderYMD:
		local = "2006/1/2"
	}
	return []string{"2006-01-02 15:04", "2006-1-2 15:04", local + " 15:04",
		strings.ReplaceAll(local, "/", ".") + " 15:04"}
}
