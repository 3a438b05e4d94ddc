package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
)

const importHeader = "room,username,email,first_name,last_name,birth_date,status\n"

// importCSV has two good rows and two bad ones.
const importCSV = importHeader +
	"Main,ann,ann@example.org,Ann,Lee,1980-03-07,\n" +
	"Main,bob,bob-at-example.org,Bob,Ray,,\n" + // 3: bad email
	"Main,stored,stored@example.org,Sam,Stored,,\n" + // 4: a stored member's
	"Main,dan,dan@example.org,Dan,Öztürk,07/03/1980,suspended\n"

func writeTemp(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// openImport opens File > Import on the test window.
func openImport(u *testUI) *importView {
	v := newImportView(u.m.env)
	v.onDone = func() {}
	u.m.show(v.dlg)
	return v
}

func (u *testUI) memberCount() int {
	u.t.Helper()
	c, err := u.store.Counts(context.Background())
	if err != nil {
		u.t.Fatal(err)
	}
	return c.Members
}

func TestImportPreview(t *testing.T) {
	u := newTestUI(t)
	u.addMember("Sam", "Stored", "stored", "stored@example.org")
	v := openImport(u)

	v.setMembers(writeTemp(t, "members.csv", importCSV))
	u.settle()
	if want := "2 members and 0 visits would be imported. 2 rows would be refused"; !strings.
		HasPrefix(v.summary.Text, want) {
		t.Errorf("summary: got %q, want %q...", v.summary.Text, want)
	}
	for _, want := range []string{
		"members.csv, line 3: Email must be one plain address like name@example.org.",
		"members.csv, line 4: Email is already used by another member.",
	} {
		if !showsPart(v.list, want) {
			t.Errorf("the preview lacks %q: %q", want, texts(v.list))
		}
	}
	if !v.importBtn.Disabled() || u.memberCount() != 1 {
		t.Fatalf("before Import: button disabled %v, members %d, want true, 1",
			v.importBtn.Disabled(), u.memberCount())
	}

	test.Tap(v.skipBad)
	if v.importBtn.Disabled() {
		t.Fatal("Import stays disabled with the refused rows skipped")
	}
	test.Tap(v.importBtn)
	u.settle()
	u.wantDialog("Imported 2 members and 0 visits.")
	if got := u.memberCount(); got != 3 {
		t.Errorf("members: got %d, want 3", got)
	}
}

func TestImportClean(t *testing.T) {
	u := newTestUI(t)
	v := openImport(u)
	lines := strings.SplitAfter(importCSV, "\n")
	v.setMembers(writeTemp(t, "members.csv", lines[0]+lines[1]+lines[4]))
	v.setVisits(writeTemp(t, "visits.csv", "member,visited_at\ndan,2025-03-01 10:00\n"))
	u.settle()
	if want := "2 members and 1 visit would be imported."; v.summary.Text != want {
		t.Errorf("summary: got %q, want %q", v.summary.Text, want)
	}
	test.Tap(v.importBtn)
	u.settle()
	u.wantDialog("Imported 2 members and 1 visit.")
}

func TestImportBadHeader(t *testing.T) {
	u := newTestUI(t)
	v := openImport(u)
	v.setMembers(writeTemp(t, "members.csv", "name,mail\nAnn,a@example.org\n"))
	u.settle()
	if !strings.Contains(v.summary.Text, `the column "name" is not known`) ||
		!v.importBtn.Disabled() {
		t.Errorf("got %q, Import disabled %v", v.summary.Text, v.importBtn.Disabled())
	}
}
