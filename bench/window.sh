#!/usr/bin/env bash
# P3 and P4: start-up time to a visible window and peak memory of Clinic
# Admin on a large database, against a bare Fyne window measured in the same
# run under the same Xvfb. Prints a table with ratios and PASS or FAIL.
set -euo pipefail

app=$(realpath "${1:?usage: window.sh CLINICADMIN BARE DB}")
bare=$(realpath "${2:?usage: window.sh CLINICADMIN BARE DB}")
db=$(realpath "${3:?usage: window.sh CLINICADMIN BARE DB}")
runs=${RUNS:-5}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$work/display" \
	>/dev/null 2>&1 &
for _ in $(seq 100); do [ -s "$work/display" ] && break; sleep 0.1; done
export DISPLAY=":$(cat "$work/display")" HOME=$work LANG=en_US.UTF-8

# start_ms TITLE CMD...: milliseconds from exec to a visible window; leaves
# the process running and its pid in $pid.
start_ms() {
	local title=$1
	shift
	local t0
	t0=$(date +%s%N)
	"$@" >>"$work/$title.log" 2>&1 &
	pid=$!
	until xdotool search --onlyvisible --name "^$title\$" >/dev/null 2>&1; do
		if ! kill -0 "$pid" 2>/dev/null; then
			echo "bench: $title exited:" >&2
			tail -n 5 "$work/$title.log" >&2
			exit 1
		fi
		sleep 0.01
	done
	echo $((($(date +%s%N) - t0) / 1000000))
}

# peak_kb: the high-water mark of resident memory of $pid.
peak_kb() { awk '/VmHWM/ { print $2 }' "/proc/$pid/status"; }

stop() { kill -TERM "$pid"; wait "$pid" 2>/dev/null || true; }

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# type_search: type into the search field and wait for the answer to land.
type_search() {
	xdotool key --clearmodifiers ctrl+f
	xdotool type --delay 60 "$1"
	sleep 2
}

for _ in $(seq "$runs"); do
	start_ms Bare "$bare" >>"$work/bare.ms"
	peak_kb >>"$work/bare.kb"
	stop
	start_ms "Clinic Admin" "$app" -db "$db" >>"$work/app.ms"
	type_search "mar"
	type_search "ia"
	peak_kb >>"$work/app.kb"
	stop
done

bare_ms=$(median <"$work/bare.ms")
app_ms=$(median <"$work/app.ms")
bare_kb=$(sort -n "$work/bare.kb" | tail -n 1)
app_kb=$(sort -n "$work/app.kb" | tail -n 1)

verdict() { if [ "$1" -eq 1 ]; then echo PASS; else echo FAIL; fi; }
p3=$(awk -v a="$app_ms" -v b="$bare_ms" 'BEGIN { print (a <= 1.25 * b) ? 1 : 0 }')
p4=$(((app_kb - bare_kb) <= 60 * 1024 ? 1 : 0))

printf '%-4s %-38s %12s %12s %10s %s\n' id what "Clinic Admin" bare ratio verdict
printf '%-4s %-38s %10s ms %10s ms %10s %s\n' P3 "start to visible window (median of $runs)" \
	"$app_ms" "$bare_ms" "$(awk -v a="$app_ms" -v b="$bare_ms" 'BEGIN { printf "%.2fx", a / b }')" \
	"$(verdict "$p3")"
printf '%-4s %-38s %10s MB %10s MB %+9s %s\n' P4 "peak memory, searched" \
	$((app_kb / 1024)) $((bare_kb / 1024)) "$(((app_kb - bare_kb) / 1024))MB" "$(verdict "$p4")"
