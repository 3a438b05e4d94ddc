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
work=$(mktemp -d)
db=$work/clinic.db
pids=()

cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	rm -rf "$work"
}
trap cleanup EXIT

fail() {
	echo "screenshots: FAIL: $*" >&2
	[ -s "$work/app.log" ] && sed 's/^/  app: /' "$work/app.log" >&2
	exit 1
}

# Sample members; seed prints the username of one with visits and a
# reset link, whom Edit is opened on.
who=$(go run ./scripts/seed -db "$db" -n 80) || fail "could not seed the database"

Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$work/display" \
	>"$work/xvfb.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
	[ -s "$work/display" ] && break
	sleep 0.2
done
[ -s "$work/display" ] || fail "Xvfb did not start"
export DISPLAY=":$(cat "$work/display")"

HOME=$work LANG=en_US.UTF-8 "$bin" -db "$db" >"$work/app.log" 2>&1 &
app=$!
pids+=("$app")

win=""
for _ in $(seq 240); do
	kill -0 "$app" 2>/dev/null || fail "the program exited before showing its window"
	win=$(xdotool search --onlyvisible --name '^Clinic Admin$' 2>/dev/null | head -n 1) || true
	[ -n "$win" ] && break
	sleep 0.5
done
[ -n "$win" ] || fail "no window titled 'Clinic Admin' appeared"
sleep 3

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
