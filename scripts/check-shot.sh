#!/usr/bin/env bash
# Checks that a screenshot of the main window shows the Users view rather
# than a blank or half-drawn frame: the top bar holds the blue New Member
# button, and the window shows text and lines (many distinct colours).
set -euo pipefail

shot=${1:?usage: check-shot.sh SCREENSHOT.png}
primary='srgb(41,111,246)' # the theme's primary colour, New Member's fill

# Pixels of the primary colour in the top 100 pixels of the screen: the
# menu bar and, below it, the Users view's top bar with New Member at its
# right end, across the whole width.
width=$(identify -format '%w' "$shot")
blue=$(convert "$shot" -crop "${width}x100+0+0" +repage -fuzz 3% \
	-fill black +opaque "$primary" -fill white -opaque "$primary" \
	-colorspace gray -format '%[fx:round(mean*w*h)]' info:)
colours=$(convert "$shot" -crop "${width}x700+0+0" +repage -format '%k' info:)

echo "check-shot: $blue primary pixels in the top bar, $colours colours"
[ "$blue" -ge 1500 ] || { echo "check-shot: no New Member button" >&2; exit 1; }
[ "$colours" -ge 100 ] || { echo "check-shot: the window looks blank" >&2; exit 1; }
