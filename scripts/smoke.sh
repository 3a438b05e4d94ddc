#!/usr/bin/env bash
# End-to-end smoke test: starts the real binary under Xvfb on a new database,
# waits for its window, takes a screenshot, checks that the Users view is
# drawn, stops the program the way a session end does, and checks the file.
set -euo pipefail

bin=$(realpath "${1:?usage: smoke.sh BINARY}")
script_name=smoke
source "$(dirname "${BASH_SOURCE[0]}")/xvfb.sh"
shot=${SMOKE_SHOT:-$work/users.png}
db=$work/clinic.db

start_xvfb
start_app "$bin" "$db"
wait_window
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
