#!/bin/sh
# interactive.sh BUILD_DIR DB OUT_JSON [REPEAT=5]
#
# The interactive benchmark (issue 6): runs lofte and lofte-floor (the
# least a program can do to show the same screen, tests/bench/floor.c)
# REPEAT times each under vtdrive at 120x40 and measures the first
# complete screen (time from the start to the last byte before the
# output went quiet, bytes, reads as a proxy for write() calls), the
# latency and the bytes of each keystroke, and the peak memory (VmHWM).
# Prints min/median/max per figure and the ratio of the medians
# lofte/floor, and writes the same to OUT_JSON.
#
# Times are vtdrive's: from the mark just before the key is written to
# the pty to the last byte read back, so they include the pty round trip
# (a few tens of microseconds); both programs pay it.
set -eu

if [ $# -lt 3 ] || [ $# -gt 4 ]; then
	echo "usage: interactive.sh BUILD_DIR DB OUT_JSON [REPEAT=5]" >&2
	exit 2
fi
BUILD=$1 DB=$2 OUT=$3 REPEAT=${4:-5}
case $REPEAT in '' | *[!0-9]* | 0) echo "interactive.sh: REPEAT must be a number above 0" >&2; exit 2 ;; esac
for f in "$BUILD/vtdrive" "$BUILD/lofte" "$BUILD/lofte-floor"; do
	[ -x "$f" ] || { echo "interactive.sh: missing $f" >&2; exit 1; }
done
[ -r "$DB" ] || { echo "interactive.sh: cannot read $DB" >&2; exit 1; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/lofte-ibench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
trap 'exit 1' HUP INT TERM
mkdir -p "$TMP/home/config" "$TMP/home/data" "$TMP/home/state" "$TMP/home/cache"

# The same keys for both programs.  Only what lies between a mark and
# its reports is measured; the keys that lead there (Tab Tab, e) and
# out again (Esc k: leave the editor and throw the change away) are not.
QUIET=150
cat > "$TMP/script.vt" <<EOF
timeout 20000
wait Aktiviteter (
wait_quiet 200
report_time first-screen
report_bytes first-screen
report_change first-screen
report_hwm first-screen
mark
send <Down>
wait_quiet $QUIET
report_time down
report_bytes down
report_change down
mark
send 3
wait_quiet $QUIET
report_time tertial
report_bytes tertial
report_change tertial
send <Tab><Tab>
wait_quiet $QUIET
mark
send <Down>
wait_quiet $QUIET
report_time scroll
report_bytes scroll
report_change scroll
send e
wait_quiet $QUIET
mark
send x
wait_quiet $QUIET
report_time type
report_bytes type
report_change type
send <Esc>
wait_quiet $QUIET
send k
wait_quiet $QUIET
mark
send o
wait_quiet $QUIET
report_time overview
report_bytes overview
report_change overview
report_hwm end
send <Esc>
wait_quiet $QUIET
send q
wait_exit 0
EOF

# run NAME PROGRAM...: REPEAT runs, "NAME FIGURE VALUE" lines to data
run() {
	name=$1
	shift
	i=0
	while [ "$i" -lt "$REPEAT" ]; do
		i=$((i + 1))
		if ! env HOME="$TMP/home" XDG_CONFIG_HOME="$TMP/home/config" \
			XDG_DATA_HOME="$TMP/home/data" XDG_STATE_HOME="$TMP/home/state" \
			XDG_CACHE_HOME="$TMP/home/cache" LANG=C.UTF-8 LC_ALL= \
			TERM=xterm-256color LOFTE_TODAY=2024-05-15 \
			"$BUILD/vtdrive" -s 120x40 "$TMP/script.vt" -- "$@" \
			> "$TMP/out" 2> "$TMP/err"; then
			echo "interactive.sh: $name run $i failed:" >&2
			cat "$TMP/err" >&2
			exit 1
		fi
		awk -v n="$name" '
			/^# time / { sub(/:$/, "", $3); print n, $3 ".ms", $4; next }
			/^# hwm / { sub(/:$/, "", $3); print n, "hwm-" $3 ".kB", $4; next }
			/^# [^ ]+: [0-9]+ bytes in [0-9]+ reads$/ {
				sub(/:$/, "", $2); print n, $2 ".bytes", $3; print n, $2 ".reads", $6; next
			}
			/^# change / { sub(/:$/, "", $3); print n, $3 ".cells", $4; print n, $3 ".needed", $6 }
			' "$TMP/out" >> "$TMP/data"
	done
}

# writes NAME PROGRAM...: the write() calls to the terminal of the first
# screen, counted once under strace (if there is one); the reads above
# are only a proxy, as the kernel joins and splits the writes.
writes() {
	name=$1
	shift
	command -v strace > /dev/null 2>&1 || return 0
	printf 'timeout 20000\nwait Aktiviteter (\nwait_quiet 200\nkill KILL\n' > "$TMP/writes.vt"
	if env HOME="$TMP/home" XDG_CONFIG_HOME="$TMP/home/config" \
		XDG_DATA_HOME="$TMP/home/data" XDG_STATE_HOME="$TMP/home/state" \
		XDG_CACHE_HOME="$TMP/home/cache" LANG=C.UTF-8 LC_ALL= \
		TERM=xterm-256color LOFTE_TODAY=2024-05-15 \
		"$BUILD/vtdrive" -s 120x40 "$TMP/writes.vt" -- \
		strace -qq -e trace=write -e signal=none -o "$TMP/strace" "$@" \
		> /dev/null 2>&1; then
		printf '%s first-screen.writes %s\n' "$name" "$(grep -c '^write(1,' "$TMP/strace")" >> "$TMP/data"
	fi
}

# A copy of the database: lofte writes to it (who is here, drafts).
cp "$DB" "$TMP/db"
# Both programs show the same promise: the floor's first one, which lofte
# is told as a user's INI file would (municipality and year).
promise=$(sqlite3 "$TMP/db" 'SELECT id FROM promise ORDER BY id LIMIT 1')
municipality=$(sqlite3 "$TMP/db" "SELECT municipality FROM promise WHERE id = $promise")
year=$(sqlite3 "$TMP/db" "SELECT year FROM promise WHERE id = $promise")
# The text scrolled (activity 2, tertial 3) is made longer than any
# pane: its paragraphs repeated to some 5,000 characters, a long report,
# saved as a new version.
sqlite3 "$TMP/db" "PRAGMA busy_timeout = 5000; BEGIN IMMEDIATE;
UPDATE followup SET text = rtrim(replace(hex(zeroblob(5000 / max(length(text), 1) + 1)), '00',
    text || char(10) || char(10)), char(10)), version = version + 1
  WHERE tertial = 3 AND commitment_id =
    (SELECT id FROM commitment WHERE promise_id = $promise ORDER BY position LIMIT 1 OFFSET 1);
COMMIT;" > /dev/null
: > "$TMP/data"
run lofte "$BUILD/lofte" -d "$TMP/db" -m "$municipality" -y "$year"
run floor "$BUILD/lofte-floor" "$TMP/db"
writes lofte "$BUILD/lofte" -d "$TMP/db" -m "$municipality" -y "$year"
writes floor "$BUILD/lofte-floor" "$TMP/db"

# The figures in the order they were measured, then min/median/max.
awk '!seen[$2]++ { print $2 }' "$TMP/data" > "$TMP/order"
sort -k1,1 -k2,2 -k3,3g "$TMP/data" | awk -v repeat="$REPEAT" -v db="$DB" -v out="$OUT" '
	function flush() {
		if (key == "") return
		lo[key] = v[1]; hi[key] = v[cnt]
		med[key] = cnt % 2 ? v[(cnt + 1) / 2] : (v[cnt / 2] + v[cnt / 2 + 1]) / 2
		cnt = 0
	}
	FILENAME != "-" { order[++nf] = $1; next }
	{
		k = $1 SUBSEP $2
		if (k != key) { flush(); key = k }
		v[++cnt] = $3
	}
	function num(x) { return x == int(x) ? sprintf("%d", x) : sprintf("%.3f", x) }
	function ratio(f,   a, b) {
		a = (("lofte" SUBSEP f) in med) ? med["lofte" SUBSEP f] : ""
		b = (("floor" SUBSEP f) in med) ? med["floor" SUBSEP f] : ""
		return (a == "" || b == "" || b == 0) ? "" : sprintf("%.2f", a / b)
	}
	function per(a, b) { return b == 0 ? (a == 0 ? "1.00" : "-") : sprintf("%.2f", a / b) }
	function jsper(a, b,   r) { r = per(a, b); return r == "-" ? "null" : r }
	function three(p, f,   k) {
		k = p SUBSEP f
		if (!(k in med)) return sprintf("%26s", "-")
		return sprintf("%8s %8s %8s", num(lo[k]), num(med[k]), num(hi[k]))
	}
	function js(p, f,   k) {
		k = p SUBSEP f
		if (!(k in med)) return "null"
		return sprintf("{\"min\": %s, \"median\": %s, \"max\": %s}", num(lo[k]), num(med[k]), num(hi[k]))
	}
	END {
		flush()
		printf "interactive benchmark: %s, 120x40, %d runs each (min median max)\n", db, repeat
		printf "%-22s %26s   %26s  %6s\n", "figure", "lofte", "floor", "ratio"
		for (i = 1; i <= nf; i++) {
			f = order[i]; r = ratio(f)
			printf "%-22s %s   %s  %6s\n", f, three("lofte", f), three("floor", f), r == "" ? "-" : r
		}
		printf "\nbytes written / bytes an ideal update of the changed cells needs (medians)\n"
		printf "%-22s %8s %8s %8s   %8s %8s %8s\n", "keystroke", "lofte", "needed", "ratio", "floor", "needed", "ratio"
		for (i = 1; i <= nf; i++) {
			f = order[i]
			if (f !~ /\.needed$/) continue
			k = f; sub(/\.needed$/, "", k)
			printf "%-22s %8s %8s %8s   %8s %8s %8s\n", k,
				num(med["lofte" SUBSEP k ".bytes"]), num(med["lofte" SUBSEP f]),
				per(med["lofte" SUBSEP k ".bytes"], med["lofte" SUBSEP f]),
				num(med["floor" SUBSEP k ".bytes"]), num(med["floor" SUBSEP f]),
				per(med["floor" SUBSEP k ".bytes"], med["floor" SUBSEP f])
		}
		printf "{\n  \"db\": \"%s\",\n  \"size\": \"120x40\",\n  \"repeat\": %d,\n  \"figures\": {\n", db, repeat > out
		for (i = 1; i <= nf; i++) {
			f = order[i]; r = ratio(f)
			printf "    \"%s\": {\"lofte\": %s, \"floor\": %s, \"ratio\": %s}%s\n", f,
				js("lofte", f), js("floor", f), r == "" ? "null" : r, i < nf ? "," : "" > out
		}
		printf "  },\n  \"bytes_per_needed\": {\n" > out
		sep = ""
		for (i = 1; i <= nf; i++) {
			f = order[i]
			if (f !~ /\.needed$/) continue
			k = f; sub(/\.needed$/, "", k)
			printf "%s    \"%s\": {\"lofte\": %s, \"floor\": %s}", sep, k,
				jsper(med["lofte" SUBSEP k ".bytes"], med["lofte" SUBSEP f]),
				jsper(med["floor" SUBSEP k ".bytes"], med["floor" SUBSEP f]) > out
			sep = ",\n"
		}
		printf "\n  }\n}\n" > out
	}' "$TMP/order" -
