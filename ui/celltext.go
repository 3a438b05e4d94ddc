package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// ellipsis ends a text shortened to fit its cell.
const ellipsis = "…"

// setCellText shows s in a table cell's label, shortened with an ellipsis
// to the label's width. The label itself only clips: its own ellipsis
// shapes the text afresh on every refresh, which made one refresh of the
// Users table take some 50 ms, while a measured width is cached.
func setCellText(l *widget.Label, s string) {
	width := l.Size().Width - 2*theme.InnerPadding()
	l.SetText(fitText(s, width, l.TextStyle))
}

// fitText returns s when it is at most width wide, else its longest
// beginning that fits with an ellipsis after it. A width of zero or less
// (a cell not laid out yet) leaves s whole.
func fitText(s string, width float32, style fyne.TextStyle) string {
	size := theme.TextSize()
	if width <= 0 || fyne.MeasureText(s, size, style).Width <= width {
		return s
	}

	runes := []rune(s)
	fits := func(n int) bool {
		return fyne.MeasureText(string(runes[:n])+ellipsis, size, style).Width <= width
	}
	lo, hi := 0, len(runes)-1 // the answer is in [lo, hi]; fits(lo) or lo == 0
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if fits(mid) {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return string(runes[:lo]) + ellipsis
}
