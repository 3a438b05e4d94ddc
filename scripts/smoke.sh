#!/usr/bin/env bash
# End-to-end smoke test: starts the real binary under Xvfb on a new database,
# waits for its window, takes a screenshot, checks that the Users view is
# drawn, stops the program the way a session end does, and checks the file.
set -euo pipefail

bin=$(realpath "${1:?usage: smoke.sh BINARY}")
work=$(mktemp -d)
shot=${SMOKE_SHOT:-$work/users.png}
db=$work/clinic.db
pids=()

cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	rm -rf "$work"
}
trap cleanup EXIT

fail() {
	echo "smoke: FAIL: $*" >&2
	[ -s "$work/app.log" ] && sed 's/^/  app: /' "$work/app.log" >&2
	exit 1
}

# A display of our own; -displayfd picks a free number.
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
[ -n "$win" ] || fail "no window titled 'Clinic Admin' appeared within 120 s"
sleep 3 # let the first frames settle
kill -0 "$app" 2>/dev/null || fail "the program exited early"

import -window root "$shot" || fail "could not take a screenshot"
scripts/check-shot.sh "$shot" || fail "the window does not show the Users view ($shot)"

kill -TERM "$app"
status=0
timeout 20 tail --pid="$app" -f /dev/null || fail "the program did not stop within 20 s"
wait "$app" || status=$?
[ "$status" -eq 0 ] || fail "the program exited with status $status"

result=$(sqlite3 "$db" 'PRAGMA integrity_check;' 2>&1) || fail "sqlite3: $result"
[ "$result" = "ok" ] || fail "integrity check: $result"
rooms=$(sqlite3 "$db" 'SELECT name FROM rooms;')
[ "$rooms" = "Main" ] || fail "want one room 'Main', got '$rooms'"

echo "smoke: ok (window $win, screenshot checked, database intact)"
