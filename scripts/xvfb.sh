# Sourced by smoke.sh and screenshots.sh, which run the real program under
# a display of their own. The sourcing script sets script_name, the prefix
# of its messages, and then calls, in order:
#
#   start_xvfb          starts Xvfb and sets DISPLAY
#   start_app BIN DB    starts BIN on the database DB and sets app, its pid
#   wait_window         waits for the window and sets win, its id
#
# Sourcing makes the scratch directory $work; when the script exits,
# whatever it started is killed and $work removed. fail MESSAGE reports a
# failure with the program's output and exits.

work=$(mktemp -d)
pids=()

cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	rm -rf "$work"
}
trap cleanup EXIT

fail() {
	echo "$script_name: FAIL: $*" >&2
	[ -s "$work/app.log" ] && sed 's/^/  app: /' "$work/app.log" >&2
	exit 1
}

start_xvfb() {
	# -displayfd picks a free display number and writes it to fd 3.
	Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$work/display" \
		>"$work/xvfb.log" 2>&1 &
	pids+=($!)
	for _ in $(seq 100); do
		[ -s "$work/display" ] && break
		sleep 0.2
	done
	[ -s "$work/display" ] || fail "Xvfb did not start"
	export DISPLAY=":$(cat "$work/display")"
}

start_app() {
	HOME=$work LANG=en_US.UTF-8 "$1" -db "$2" >"$work/app.log" 2>&1 &
	app=$!
	pids+=("$app")
}

wait_window() {
	win=""
	for _ in $(seq 240); do
		kill -0 "$app" 2>/dev/null || fail "the program exited before showing its window"
		win=$(xdotool search --onlyvisible --name '^Clinic Admin$' 2>/dev/null |
			head -n 1) || true
		[ -n "$win" ] && break
		sleep 0.5
	done
	[ -n "$win" ] || fail "no window titled 'Clinic Admin' appeared within 120 s"
	sleep 3 # let the first frames settle
}
