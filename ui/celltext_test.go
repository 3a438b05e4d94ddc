package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

func TestFitText(t *testing.T) {
	test.NewTempApp(t)
	size := theme.TextSize()
	width := fyne.MeasureText("Katarzyna", size, fyne.TextStyle{}).Width

	t.Run("Fits", func(t *testing.T) {
		if got := fitText("Anna", width, fyne.TextStyle{}); got != "Anna" {
			t.Errorf("got %q, want %q", got, "Anna")
		}
	})
	t.Run("NotLaidOut", func(t *testing.T) {
		long := "katarzyna.dabrowski@example.org"
		if got := fitText(long, 0, fyne.TextStyle{}); got != long {
			t.Errorf("got %q, want it whole", got)
		}
	})
	t.Run("Shortened", func(t *testing.T) {
		for _, s := range []string{
			"katarzyna.dabrowski@example.org", "Żaneta Wiśniewska-Kołodziej",
			"王小明王小明王小明王小明", "x",
		} {
			narrow := width
			if s == "x" {
				narrow = 1 // not even one letter fits
			}
			got := fitText(s, narrow, fyne.TextStyle{})
			if !strings.HasSuffix(got, ellipsis) ||
				!strings.HasPrefix(s, strings.TrimSuffix(got, ellipsis)) {
				t.Errorf("%q: got %q, want a beginning of it and an ellipsis", s, got)
			}
			w := fyne.MeasureText(got, size, fyne.TextStyle{}).Width
			if w > narrow && got != ellipsis {
				t.Errorf("%q: got %q, %v wide, want at most %v", s, got, w, narrow)
			}
			n := len([]rune(strings.TrimSuffix(got, ellipsis)))
			next := string([]rune(s)[:n+1]) + ellipsis
			if w := fyne.MeasureText(next, size, fyne.TextStyle{}).Width; w <= narrow {
				t.Errorf("%q: got %q, but %q fits too", s, got, next)
			}
		}
	})
}

// TestUsersLongText shows a text too long for its column shortened with an
// ellipsis, and the shortened text within the column.
func TestUsersLongText(t *testing.T) {
	u := newTestUI(t)
	email := "katarzyna.wisniewska-kolodziejczyk@przychodnia.example.org"
	u.addMember("Katarzyna", "Wiśniewska", "kasia", email)
	u.reloadUsers()

	v := u.m.users
	var shown string
	for _, s := range texts(v.table) {
		kept := strings.TrimSuffix(s, ellipsis)
		if strings.HasPrefix(s, "kat") && strings.HasPrefix(email, kept) {
			shown = s
		}
	}
	if !strings.HasSuffix(shown, ellipsis) {
		t.Fatalf("email cell: got %q, want the email shortened with %q", shown, ellipsis)
	}
	width := userColumns[2].width - 2*theme.InnerPadding()
	if w := fyne.MeasureText(shown, theme.TextSize(), fyne.TextStyle{}).Width; w > width {
		t.Errorf("email cell %q: %v wide, want at most %v", shown, w, width)
	}

	// As when the admin drags the column's edge: the whole email fits.
	v.table.SetColumnWidth(2, 600)
	if !shows(v.table, email) {
		t.Errorf("email column widened: got %q, want the whole email", texts(v.table))
	}
}
