package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"clinicadmin/data"
)

func TestExportSearch(t *testing.T) {
	u := newTestUI(t)
	u.addMember("Ann", "Lee", "ann", "ann@example.org")
	u.addMember("Bob", "Lee", "bob", "bob@example.org")
	u.addMember("Cy", "Ray", "cy1", "cy@example.org")

	path := filepath.Join(t.TempDir(), "lee.csv")
	v := newExportView(u.m.env, data.Query{Text: "lee", Sort: data.SortName})
	v.start(path)
	u.settle()
	u.wantDialog("Exported 2 members to " + path + ".")

	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(string(b), "\n"); got != 3 {
		t.Errorf("lines: got %d, want 3:\n%s", got, b)
	}
}
