package ui

import (
	"context"
	"testing"

	"fyne.io/fyne/v2/test"

	"clinicadmin/data"
)

// openCreate opens Create a Member as New Member does.
func openCreate(t *testing.T, u *testUI) *createView {
	t.Helper()
	test.Tap(u.m.users.newBtn)
	u.settle()
	if u.m.creating == nil {
		t.Fatal("New Member did not open Create a Member")
	}
	return u.m.creating
}

// fillValid fills every required field with valid values.
func fillValid(v *createView, email, first, last string) {
	v.form.email.entry.SetText(email)
	v.form.first.entry.SetText(first)
	v.form.last.entry.SetText(last)
}

// fieldChecks are values typed into Create a Member and the message each
// field shows below it.
var fieldChecks = []struct {
	field func(f *memberForm) *textField
	typed string
	want  string
}{
	{emailField, "alice@", "Email must be one plain address like name@example.org."},
	{usernameField, "Alice",
		"Username must use only lower-case letters a-z, digits and . _ @ + -."},
	{firstField, "Al\tice", "First name must not contain control characters " +
		"such as tabs or carriage returns."},
	{lastField, " ", "Last name is required."},
	{phoneField, "call me", "Phone must use only digits, spaces and + - ( ) .."},
	{birthField, "31/02/1990", "Date of birth must be a real calendar date."},
	{birthField, "01/01/2030", "Date of birth must not be in the future."},
	{birthField, "1990", "Date of birth must be a date written YYYY-MM-DD or DD/MM/YYYY."},
}

func emailField(f *memberForm) *textField    { return f.email }
func usernameField(f *memberForm) *textField { return f.username }
func firstField(f *memberForm) *textField    { return f.first }
func lastField(f *memberForm) *textField     { return f.last }
func phoneField(f *memberForm) *textField    { return f.phone }
func birthField(f *memberForm) *textField    { return f.birth }

func TestCreateValidation(t *testing.T) {
	u := newTestUI(t)
	v := openCreate(t, u)
	if !v.createBtn.Disabled() {
		t.Fatal("Create is enabled on an empty form")
	}
	if got := v.form.first.msg.Text; got != "Required." {
		t.Errorf("untouched first name: got %q, want Required.", got)
	}
	for _, c := range fieldChecks {
		tf := c.field(v.form)
		tf.entry.SetText("")
		test.Type(tf.entry, c.typed)
		if got := tf.msg.Text; got != c.want {
			t.Errorf("%s %q: got message %q, want %q", tf.field, c.typed, got, c.want)
		}
		if !v.createBtn.Disabled() {
			t.Errorf("%s %q: Create is enabled", tf.field, c.typed)
		}
	}
}

func TestCreateMember(t *testing.T) {
	u := newTestUI(t)
	v := openCreate(t, u)
	f := v.form
	if got, want := f.room.Selected, "Main (MAIN)"; got != want {
		t.Errorf("room: got %q, want %q (the only room)", got, want)
	}

	// The username follows the email until edited, and again once cleared.
	test.Type(f.email.entry, "alice@example.org")
	test.Type(f.username.entry, "x")
	edited := f.username.entry.Text
	f.email.entry.SetText("al@example.org")
	if got := f.username.entry.Text; got != edited {
		t.Errorf("edited username: got %q, want %q kept", got, edited)
	}
	f.username.entry.SetText("")
	f.email.entry.SetText("alice@example.org")
	if got, want := f.username.entry.Text, "alice@example.org"; got != want {
		t.Errorf("username: got %q, want %q (from the email)", got, want)
	}

	fillValid(v, "alice@example.org", "Alice", "Smith")
	f.phone.entry.SetText("+44 20 7946 0000")
	f.birth.entry.SetText("07/03/1980")
	for _, tf := range f.fields {
		if tf.msg.Text != "" {
			t.Errorf("%s: message %q on a valid value", tf.field, tf.msg.Text)
		}
	}
	if v.createBtn.Disabled() {
		t.Fatal("Create is disabled on a valid form")
	}

	test.Tap(v.createBtn)
	u.settle()
	checkCreated(t, u)
}

// checkCreated checks that the dialog closed and the new member is stored
// and selected in the list.
func checkCreated(t *testing.T, u *testUI) {
	t.Helper()
	if u.m.creating != nil {
		t.Fatal("the dialog stayed open after Create")
	}
	m := u.m.users
	got, ok := m.memberAt(0)
	if !ok || got.Email != "alice@example.org" || m.table.selRow != 0 || m.selected != got.ID {
		t.Fatalf("the new member is not selected in the list: %+v, row %d",
			got, m.table.selRow)
	}
	if got.BirthDate != "1980-03-07" || got.Username != "alice@example.org" {
		t.Errorf("stored: got birth %q, username %q", got.BirthDate, got.Username)
	}
}

func TestCreateDuplicates(t *testing.T) {
	u := newTestUI(t)
	ctx := context.Background()
	_, err := u.store.CreateMember(ctx, data.MemberInput{RoomID: u.mainRoom(),
		Username: "alice", Email: "alice@example.org", FirstName: "Alice",
		LastName: "Smith", BirthDate: "1980-03-07"})
	if err != nil {
		t.Fatal(err)
	}
	u.reloadUsers()

	t.Run("ErrDuplicateEmail", func(t *testing.T) {
		v := openCreate(t, u)
		fillValid(v, "Alice@Example.org", "Alicia", "Smith")
		v.form.username.entry.SetText("alicia")
		test.Tap(v.createBtn)
		u.settle()
		want := "Email is already used by another member."
		if u.m.creating != v || v.msg.Text != want || v.form.email.msg.Text != want {
			t.Fatalf("got message %q, field %q, want %q with the dialog open",
				v.msg.Text, v.form.email.msg.Text, want)
		}
		v.dlg.Hide()
	})

	t.Run("PossibleDuplicate", func(t *testing.T) {
		v := openCreate(t, u)
		fillValid(v, "alice2@example.org", "Alice", "Smith")
		v.form.birth.entry.SetText("1980-03-07")
		test.Tap(v.createBtn)
		u.settle()
		d := u.topDialog()
		if !showsPart(d, "same name and date of birth") ||
			!showsPart(d, "Alice Smith, born 1980-03-07") {
			t.Fatalf("no duplicate warning: %q", texts(d))
		}
		button(t, d, "Open existing")
		test.Tap(button(t, d, "Create anyway"))
		u.settle()
		if u.m.creating != nil {
			t.Fatal("Create anyway did not create")
		}
		if n := u.m.users.counts.Members; n != 2 {
			t.Errorf("members: got %d, want 2", n)
		}
	})

	t.Run("OpenExisting", func(t *testing.T) {
		v := openCreate(t, u)
		fillValid(v, "alice3@example.org", "Alice", "Smith")
		v.form.birth.entry.SetText("7/3/1980")
		test.Tap(v.createBtn)
		u.settle()
		test.Tap(button(t, u.topDialog(), "Open existing"))
		u.settle()
		if u.m.creating != nil || u.m.editing == nil {
			t.Fatal("Open existing did not open Edit instead")
		}
		if got := u.m.editing.member.Email; got != "alice@example.org" {
			t.Errorf("opened %q, want alice@example.org", got)
		}
	})
}

func TestCreateGolden(t *testing.T) {
	u := newTestUI(t)
	v := openCreate(t, u)
	test.Type(v.form.email.entry, "alice@example")
	test.Type(v.form.first.entry, "Alice")
	test.AssertRendersToMarkup(t, "create_member.xml", u.win.Canvas())
}
