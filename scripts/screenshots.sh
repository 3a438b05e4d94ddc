#!/usr/bin/env bash
# Retakes the README's screenshots from the real program under Xvfb: the
# Users view, Create a Member and Edit's Other tab, on a temporary database
# of sample members. Writes docs/users.png, docs/create-member.png and
# docs/edit-other.png, each cropped to the window.
#
#   scripts/screenshots.sh [BINARY]     (default bin/clinicadmin)
set -euo pipefail

bin=$(realpath "${1:-bin/clinicadmin}")
out=docs
script_name=screenshots
source "$(dirname "${BASH_SOURCE[0]}")/xvfb.sh"
db=$work/clinic.db

# Sample members; seed prints the username of one with visits and a
# reset link, whom Edit is opened on.
who=$(go run ./scripts/seed -db "$db" -n 80) || fail "could not seed the database"

start_xvfb
start_app "$bin" "$db"
wait_window

# shot NAME saves the window's area of the screen as docs/NAME.png.
shot() {
	eval "$(xdotool getwindowgeometry --shell "$win")"
	import -window root -crop "${WIDTH}x${HEIGHT}+${X}+${Y}" +repage "$out/$1.png" ||
		fail "could not take $1"
	echo "screenshots: $out/$1.png (${WIDTH}x${HEIGHT})"
}

keys() {
	xdotool key --window "$win" --delay 80 "$@"
	sleep 1
}

type_text() {
	xdotool type --window "$win" --delay 40 "$1"
	sleep 1
}

mkdir -p "$out"
shot users

# Create a Member, half filled: the username follows the email, and the
# empty last name says it is required.
keys ctrl+n
type_text "maria.garcia@example.org"
keys Tab Tab
type_text "Maria"
keys Tab
shot create-member
keys Escape

# Edit on the seeded member, found by search; Enter opens the only match,
# Ctrl+3 shows the Other tab.
keys ctrl+f
type_text "$who"
keys Return
sleep 1
keys ctrl+3
shot edit-other
keys Escape

kill -TERM "$app"
timeout 20 tail --pid="$app" -f /dev/null || fail "the program did not stop"
echo "screenshots: done"
