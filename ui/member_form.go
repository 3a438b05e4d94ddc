package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"clinicadmin/data"
)

// textField is one text field of the member form, with the message below
// it that says what is wrong with it.
type textField struct {
	field    data.Field
	entry    *entry
	msg      *widget.Label
	check    func(string) error
	required bool
	touched  bool // typed in since the form opened
}

// memberForm holds the fields of a member, shared by Create a Member and
// Edit's Profile tab. Each field checks itself as the admin types.
type memberForm struct {
	*env
	rooms   []data.Room // the rooms room offers, in order
	room    *widget.Select
	roomMsg *widget.Label
	sex     *widget.Select
	fields  []*textField

	username, email, first, last *textField
	phone, birth, address, notes *textField

	followEmail bool // the username follows the email until edited
	typing      bool // the form itself is setting a field
	onChange    func()
	content     fyne.CanvasObject
}

// Choices of the Sex drop-down, in the order of data.Sexes.
var sexChoices = []string{"Not given", "Female", "Male", "Other", "Unknown"}

func newMemberForm(e *env, usernameRequired bool) *memberForm {
	f := &memberForm{env: e}
	f.room = widget.NewSelect(nil, func(string) { f.changed() })
	f.room.PlaceHolder = "Choose a room"
	f.roomMsg = newFieldMessage()
	f.sex = widget.NewSelect(sexChoices, func(string) { f.changed() })
	f.sex.SetSelectedIndex(0)
	f.makeFields(usernameRequired)
	f.email.entry.OnChanged = f.onEmailChanged
	f.username.entry.OnChanged = f.onUsernameChanged
	f.content = f.layout()
	return f
}

func (f *memberForm) makeFields(usernameRequired bool) {
	username := func(s string) error {
		if s == "" && !usernameRequired {
			return nil
		}
		return data.ValidateUsername(s)
	}
	name := func(fl data.Field) func(string) error {
		return func(s string) error { return data.ValidateName(fl, s) }
	}
	birth := func(s string) error {
		_, err := data.ParseBirthDate(s, f.order, f.now())
		return err
	}
	f.username = f.add(data.FieldUsername, username, usernameRequired, false)
	f.email = f.add(data.FieldEmail, data.ValidateEmail, true, false)
	f.first = f.add(data.FieldFirstName, name(data.FieldFirstName), true, false)
	f.last = f.add(data.FieldLastName, name(data.FieldLastName), true, false)
	f.phone = f.add(data.FieldPhone, data.ValidatePhone, false, false)
	f.birth = f.add(data.FieldBirthDate, birth, false, false)
	f.address = f.add(data.FieldAddress, data.ValidateAddress, false, true)
	f.notes = f.add(data.FieldNotes, data.ValidateNotes, false, true)
	f.birth.entry.SetPlaceHolder(datePattern(f.order))
	f.address.entry.SetMinRowsVisible(2)
	f.notes.entry.SetMinRowsVisible(3)
}

func (f *memberForm) add(fl data.Field, check func(string) error,
	required, multiLine bool) *textField {
	t := &textField{field: fl, check: check, required: required, msg: newFieldMessage()}
	if multiLine {
		t.entry = newMultiLineEntry(f.escape)
	} else {
		t.entry = newEntry(f.escape)
	}
	t.entry.OnChanged = func(string) { f.typed(t) }
	if required {
		t.msg.SetText("Required.")
	}
	f.fields = append(f.fields, t)
	return t
}

func (f *memberForm) escape() { f.closeTop() }

// newFieldMessage is the small line below a field for what is wrong; it
// wraps, so it goes where its width is set by others (a form, a VBox).
func newFieldMessage() *widget.Label {
	l := newHint()
	l.Wrapping = fyne.TextWrapWord
	return l
}

// newHint is a small one-line remark, such as why a button is disabled.
func newHint() *widget.Label {
	l := widget.NewLabel("")
	l.SizeName = theme.SizeNameCaptionText
	return l
}

func (f *memberForm) layout() fyne.CanvasObject {
	left := container.New(layout.NewFormLayout(),
		widget.NewLabel("Room"), stacked(f.room, f.roomMsg),
		widget.NewLabel("Email"), f.email.box(),
		widget.NewLabel("Username"), f.username.box(),
		widget.NewLabel("First name"), f.first.box(),
		widget.NewLabel("Last name"), f.last.box(),
	)
	right := container.New(layout.NewFormLayout(),
		widget.NewLabel("Phone"), f.phone.box(),
		widget.NewLabel("Date of birth"), f.birth.box(),
		widget.NewLabel("Sex"), stacked(f.sex, newFieldMessage()),
		widget.NewLabel("Address"), f.address.box(),
		widget.NewLabel("Notes"), f.notes.box(),
	)
	return container.NewGridWithColumns(2, left, right)
}

func (t *textField) box() fyne.CanvasObject { return stacked(t.entry, t.msg) }

// fixedWidth gives o a width of its own, at its usual height.
func fixedWidth(width float32, o fyne.CanvasObject) fyne.CanvasObject {
	return container.NewGridWrap(fyne.NewSize(width, o.MinSize().Height), o)
}

// stacked puts a field's message right below it.
func stacked(field fyne.CanvasObject, msg *widget.Label) fyne.CanvasObject {
	return container.New(layout.NewCustomPaddedVBoxLayout(0), field, msg)
}

// typed checks a field the admin typed in and tells the owner.
func (f *memberForm) typed(t *textField) {
	if !f.typing {
		t.touched = true
	}
	f.show(t)
	f.changed()
}

// show puts a field's message below it: its error, "Required." while an
// untouched required field is empty, or nothing.
func (f *memberForm) show(t *textField) {
	err := t.check(t.entry.Text)
	switch {
	case err != nil && (t.touched || t.entry.Text != ""):
		setMessage(t.msg, err.Error(), widget.DangerImportance)
	case err != nil:
		setMessage(t.msg, "Required.", widget.MediumImportance)
	default:
		setMessage(t.msg, "", widget.MediumImportance)
	}
}

func setMessage(l *widget.Label, text string, imp widget.Importance) {
	if l.Text == text && l.Importance == imp {
		return
	}
	l.Importance = imp
	l.SetText(text)
}

func (f *memberForm) changed() {
	if f.room.SelectedIndex() >= 0 {
		setMessage(f.roomMsg, "", widget.MediumImportance)
	} else {
		setMessage(f.roomMsg, "Required.", widget.MediumImportance)
	}
	if f.onChange != nil {
		f.onChange()
	}
}

// onEmailChanged lets the username follow the email until it is edited.
func (f *memberForm) onEmailChanged(s string) {
	f.typed(f.email)
	if f.followEmail {
		f.typing = true
		f.username.entry.SetText(data.UsernameFromEmail(s))
		f.typing = false
	}
}

// onUsernameChanged stops the following once the admin edits the
// username, and restarts it when they clear it.
func (f *memberForm) onUsernameChanged(string) {
	if !f.typing {
		f.followEmail = f.username.entry.Text == ""
	}
	f.typed(f.username)
}

// valid reports whether every field is acceptable.
func (f *memberForm) valid() bool {
	if f.room.SelectedIndex() < 0 {
		return false
	}
	for _, t := range f.fields {
		if t.check(t.entry.Text) != nil {
			return false
		}
	}
	return true
}

// input is what the form holds, as the store takes it.
func (f *memberForm) input() data.MemberInput {
	in := data.MemberInput{
		Username:  f.username.entry.Text,
		Email:     f.email.entry.Text,
		FirstName: f.first.entry.Text,
		LastName:  f.last.entry.Text,
		Phone:     f.phone.entry.Text,
		BirthDate: f.birth.entry.Text,
		Address:   f.address.entry.Text,
		Notes:     f.notes.entry.Text,
		DateOrder: f.order,
	}
	if i := f.room.SelectedIndex(); i >= 0 && i < len(f.rooms) {
		in.RoomID = f.rooms[i].ID
	}
	if i := f.sex.SelectedIndex(); i > 0 && i < len(data.Sexes) {
		in.Sex = data.Sexes[i]
	}
	return in
}

// refuse shows errors the store returned below their fields and reports
// whether there was any.
func (f *memberForm) refuse(err error) bool {
	shown := false
	for _, fe := range fieldErrors(err) {
		for _, t := range f.fields {
			if t.field == fe.Field {
				setMessage(t.msg, fe.Error(), widget.DangerImportance)
				shown = true
			}
		}
	}
	return shown
}

// refuseDuplicate shows a username or email in use below its field.
func (f *memberForm) refuseDuplicate(dup *data.DuplicateError) {
	f.refuse(&data.FieldError{Field: dup.Field, Rule: "is already used by another member"})
}

// setRooms offers the active rooms, and the room keep even if inactive,
// and selects keep (0 selects the only active room, if there is one).
func (f *memberForm) setRooms(all []data.Room, keep int64) {
	f.rooms = f.rooms[:0]
	var names []string
	selected := -1
	for _, r := range all {
		if !r.Active && r.ID != keep {
			continue
		}
		if r.ID == keep {
			selected = len(f.rooms)
		}
		f.rooms = append(f.rooms, r)
		names = append(names, roomChoice(r))
	}
	if keep == 0 && len(f.rooms) == 1 {
		selected = 0
	}
	f.room.SetOptions(names)
	if selected >= 0 {
		f.room.SetSelectedIndex(selected)
	}
	f.changed()
}

// roomChoice names a room in the form's drop-down.
func roomChoice(r data.Room) string {
	if !r.Active {
		return roomLabel(r) + " – inactive"
	}
	return roomLabel(r)
}

// fill shows member m in the form, every field checked.
func (f *memberForm) fill(m data.Member) {
	f.typing = true
	values := map[*textField]string{
		f.username: m.Username, f.email: m.Email, f.first: m.FirstName,
		f.last: m.LastName, f.phone: m.Phone, f.birth: m.BirthDate,
		f.address: m.Address, f.notes: m.Notes,
	}
	for t, v := range values {
		t.entry.SetText(v)
	}
	f.sex.SetSelectedIndex(sexIndex(m.Sex))
	f.typing = false
	for _, t := range f.fields {
		t.touched = false
		f.show(t)
	}
	f.changed()
}

func sexIndex(s string) int {
	for i, v := range data.Sexes {
		if v == s {
			return i
		}
	}
	return 0
}
