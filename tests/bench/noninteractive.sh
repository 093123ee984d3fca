#!/bin/sh
# noninteractive.sh - the non-interactive figures of `make bench`.
#
#   noninteractive.sh BUILD_DIR DB_NATIONAL DB_DEMO OUT_JSON [SIZE_LABEL]
#
# Times, each BENCH_REPEAT (5) times, min/median/max in ms:
#   - lofte export -f md|html|json of one promise (the newest year of the
#     first municipality of DB_NATIONAL) and of the demo promise (DB_DEMO);
#   - lofte export -f json and -f md of every promise of DB_NATIONAL;
#   - lofte import of one promise's md, and of the demo md, into a fresh db;
#   - lofte import of the whole national md export into a fresh db (once
#     only when the first run takes more than 30 s);
#   - a full-text search over DB_NATIONAL with the sqlite3 shell: the FTS5
#     query the interface's search runs (store_search: followup_fts and
#     commitment_fts, every word a quoted prefix term), both as a bare
#     count and as store_search's exact statement (snippets, ordering,
#     LIMIT 500).  Timed inside sqlite3 (.timer), so without the start of
#     a process; the process's whole time is reported beside it;
#   - concurrent saves: lofte-stress -w 8 -s BENCH_STRESS_SECONDS (5) on a
#     copy of DB_NATIONAL; its JSON is included as it is.
# Writes one JSON object to OUT_JSON and a table to standard output.
# Needs: date +%s%N, awk, sort, sqlite3 (search only; left out without).
set -u

if [ $# -lt 4 ] || [ $# -gt 5 ]; then
	echo "usage: $0 BUILD_DIR DB_NATIONAL DB_DEMO OUT_JSON [SIZE_LABEL]" >&2
	exit 2
fi
BUILD=$1
NAT=$2
DEMO=$3
OUT=$4
LABEL=${5:-national}
N=${BENCH_REPEAT:-5}
STRESS_S=${BENCH_STRESS_SECONDS:-5}
SEARCH_WORD=${BENCH_SEARCH_WORD:-lägesbild}
LOFTE=$BUILD/lofte
STRESS=$BUILD/lofte-stress

for f in "$LOFTE" "$STRESS"; do
	[ -x "$f" ] || { echo "$0: $f: not built" >&2; exit 1; }
done
for f in "$NAT" "$DEMO"; do
	[ -f "$f" ] || { echo "$0: $f: no such database" >&2; exit 1; }
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/lofte-bench.XXXXXX") || exit 1
trap 'rm -rf "$WORK"' EXIT
trap 'exit 1' HUP INT TERM
RES=$WORK/results      # key n min median max
: >"$RES"
FAILED=0
# Nothing from the user's own setup: no INI file, no LOFTE_DB.
unset LOFTE_DB
export XDG_CONFIG_HOME="$WORK/config" XDG_DATA_HOME="$WORK/data" HOME="$WORK"

now_ns() { date +%s%N; }

# stats KEY FILE: min/median/max of the ms values in FILE into $RES.
stats() {
	sort -n "$2" | awk -v key="$1" '
		{ v[NR] = $1 }
		END {
			if (NR == 0) exit
			m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			printf "%s %d %.1f %.1f %.1f\n", key, NR, v[1], m, v[NR]
		}' >>"$RES"
}

# run KEY MAX_FIRST_MS PREP CMD...: times CMD (after running the shell
# command PREP, untimed) N times; only once when the first run took more
# than MAX_FIRST_MS (0: no limit).  A failing CMD is reported and ends
# that measurement.
run() {
	key=$1 limit=$2 prep=$3
	shift 3
	: >"$WORK/t.$key"
	i=0
	while [ "$i" -lt "$N" ]; do
		eval "$prep"
		t0=$(now_ns)
		if ! "$@" >"$WORK/out.$key" 2>"$WORK/err.$key"; then
			echo "$0: $key: failed: $*" >&2
			sed 's/^/  /' "$WORK/err.$key" >&2
			FAILED=1
			break
		fi
		t1=$(now_ns)
		ms=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) / 1e6 }')
		echo "$ms" >>"$WORK/t.$key"
		i=$((i + 1))
		if [ "$i" -eq 1 ] && [ "$limit" -gt 0 ] &&
		   awk -v m="$ms" -v l="$limit" 'BEGIN { exit !(m > l) }'; then
			break
		fi
	done
	stats "$key" "$WORK/t.$key"
}

sql() { sqlite3 -batch -bail "$@"; }
HAVE_SQLITE3=1
command -v sqlite3 >/dev/null 2>&1 || HAVE_SQLITE3=0

# --- the promise to export: the newest year of the first municipality --
# lofte summary would do, but its table is for people; sqlite3 is simpler.
if [ "$HAVE_SQLITE3" -eq 1 ]; then
	ONE_M=$(sql "$NAT" "SELECT municipality FROM promise ORDER BY municipality, year DESC LIMIT 1")
	ONE_Y=$(sql "$NAT" "SELECT max(year) FROM promise WHERE municipality = (SELECT municipality FROM promise ORDER BY municipality LIMIT 1)")
	N_PROMISES=$(sql "$NAT" "SELECT count(*) FROM promise")
	N_FOLLOWUPS=$(sql "$NAT" "SELECT count(*) FROM followup")
	N_VERSIONS=$(sql "$NAT" "SELECT count(*) FROM followup_history")
else
	ONE_M='' ONE_Y='' N_PROMISES=null N_FOLLOWUPS=null N_VERSIONS=null
fi
NAT_BYTES=$(wc -c <"$NAT" | tr -d ' ')
DEMO_BYTES=$(wc -c <"$DEMO" | tr -d ' ')

# --- exports -------------------------------------------------------------
for f in md html json; do
	if [ -n "$ONE_M" ]; then
		run "export_one_$f" 0 : "$LOFTE" export -d "$NAT" -f "$f" -y "$ONE_Y" -m "$ONE_M" \
			-o "$WORK/one.$f"
	fi
	run "export_demo_$f" 0 : "$LOFTE" export -d "$DEMO" -f "$f" -o "$WORK/demo.$f"
done
run export_all_json 0 : "$LOFTE" export -d "$NAT" -f json -o "$WORK/all.json"
run export_all_md 0 : "$LOFTE" export -d "$NAT" -f md -o "$WORK/all.md"
ALL_JSON_BYTES=$(wc -c <"$WORK/all.json" 2>/dev/null | tr -d ' ')
ALL_MD_BYTES=$(wc -c <"$WORK/all.md" 2>/dev/null | tr -d ' ')

# --- imports into a fresh database ------------------------------------------
FRESH=$WORK/fresh.db
# shellcheck disable=SC2016 # expanded by eval in run
CLEAN='rm -f "$FRESH" "$FRESH-wal" "$FRESH-shm" "$FRESH-journal"'
if [ -f "$WORK/one.md" ]; then
	run import_one 0 "$CLEAN" "$LOFTE" import -d "$FRESH" "$WORK/one.md"
fi
run import_demo 0 "$CLEAN" "$LOFTE" import -d "$FRESH" "$WORK/demo.md"
if [ -f "$WORK/all.md" ]; then
	run import_all 30000 "$CLEAN" "$LOFTE" import -d "$FRESH" "$WORK/all.md"
fi
eval "$CLEAN"

# --- full-text search ------------------------------------------------------
SEARCH_HITS=null SEARCH_ROWS=null
if [ "$HAVE_SQLITE3" -eq 1 ]; then
	# fts_query() of store.c: every word a quoted prefix term.
	Q="\"$SEARCH_WORD\"*"
	COUNT_SQL="SELECT count(*) FROM followup_fts WHERE followup_fts MATCH '$Q';"
	SEARCH_HITS=$(sql "$NAT" "$COUNT_SQL")
	SEARCH_ROWS=$("$LOFTE" search -d "$NAT" "$SEARCH_WORD" | wc -l)
	# In-process query time from .timer ("Run Time: real 0.012 ...").
	for k in count; do
		q=$COUNT_SQL
		: >"$WORK/t.search_$k"
		i=0
		while [ "$i" -lt "$N" ]; do
			printf '.timer on\n%s\n' "$q" | sql -readonly "$NAT" 2>&1 |
				awk '/^Run Time:/ { printf "%.1f\n", $4 * 1000 }' >>"$WORK/t.search_$k"
			i=$((i + 1))
		done
		stats "search_$k" "$WORK/t.search_$k"
	done
	# The interface's search itself (store_search), as `lofte search`
	# runs it, process start included: everything, and one promise.
	run search_store 0 : "$LOFTE" search -d "$NAT" "$SEARCH_WORD"
	run search_store_promise 0 : "$LOFTE" search -d "$NAT" -y "$ONE_Y" -m "$ONE_M" "$SEARCH_WORD"
fi

# --- concurrent saves --------------------------------------------------------
cp "$NAT" "$WORK/stress.db"
[ -f "$NAT-wal" ] && cp "$NAT-wal" "$WORK/stress.db-wal"
STRESS_JSON=null
echo "lofte-stress: 8 workers, $STRESS_S s on a copy of $NAT ..." >&2
if "$STRESS" -d "$WORK/stress.db" -w 8 -s "$STRESS_S" -r 1 -o "$WORK/stress.json" \
	>"$WORK/stress.out" 2>"$WORK/stress.err"; then
	STRESS_OK=true
else
	STRESS_OK=false
	FAILED=1
	echo "$0: lofte-stress failed:" >&2
	sed 's/^/  /' "$WORK/stress.err" >&2
fi
[ -s "$WORK/stress.json" ] && STRESS_JSON=$(cat "$WORK/stress.json")
# A few figures out of its JSON for the table (flat keys, numbers).
jnum() {
	# shellcheck disable=SC2020
	printf '%s' "$STRESS_JSON" | tr ',{}' '\n\n\n' | awk -F: -v k="\"$1\"" '$1 == k { print $2; exit }'
}

# --- output ---------------------------------------------------------------------
js() { printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g'; }
nz() { if [ -n "$1" ]; then printf '%s' "$1"; else printf null; fi; }
{
	printf '{\n  "label": "%s",\n' "$(js "$LABEL")"
	printf '  "repeat": %s,\n' "$N"
	printf '  "national": {"bytes": %s, "promises": %s, "followups": %s, "versions": %s},\n' \
		"$NAT_BYTES" "$(nz "$N_PROMISES")" "$(nz "$N_FOLLOWUPS")" "$(nz "$N_VERSIONS")"
	printf '  "demo_bytes": %s,\n' "$DEMO_BYTES"
	printf '  "one_promise": {"municipality": "%s", "year": %s},\n' "$(js "$ONE_M")" "$(nz "$ONE_Y")"
	printf '  "export_all_json_bytes": %s,\n  "export_all_md_bytes": %s,\n' \
		"$(nz "$ALL_JSON_BYTES")" "$(nz "$ALL_MD_BYTES")"
	printf '  "search_word": "%s",\n  "search_matches": %s,\n  "search_rows": %s,\n' \
		"$(js "$SEARCH_WORD")" "$(nz "$SEARCH_HITS")" "$(nz "$SEARCH_ROWS")"
	while read -r key n min med max; do
		printf '  "%s_ms": {"min": %s, "median": %s, "max": %s, "n": %s},\n' \
			"$key" "$min" "$med" "$max" "$n"
	done <"$RES"
	printf '  "targets": {"search_ms": 50, "export_json_all_ms": 3000, "save_p99_ms": 100, "errors": 0, "lost": 0},\n'
	printf '  "stress_seconds": %s,\n  "stress_ok": %s,\n  "stress": %s,\n' \
		"$STRESS_S" "$STRESS_OK" "$STRESS_JSON"
	printf '  "ok": %s\n}\n' "$([ "$FAILED" -eq 0 ] && echo true || echo false)"
} >"$OUT"

verdict() { # VALUE TARGET
	if [ -z "$1" ] || [ "$1" = null ]; then echo "-"
	elif awk -v v="$1" -v t="$2" 'BEGIN { exit !(v <= t) }'; then echo "ok"
	else echo "MISSED"; fi
}
printf '\nlofte bench (%s): %s bytes, %s promises, %s follow-ups, %s versions; %s runs each\n' \
	"$LABEL" "$NAT_BYTES" "$N_PROMISES" "$N_FOLLOWUPS" "$N_VERSIONS" "$N"
printf '%-24s %6s %10s %10s %10s  %s\n' measurement runs min_ms median_ms max_ms target
while read -r key n min med max; do
	case $key in
	export_all_json) tgt="<= 3000 $(verdict "$med" 3000)" ;;
	search_store|search_store_promise|search_count) tgt="<= 50 $(verdict "$med" 50)" ;;
	*) tgt= ;;
	esac
	printf '%-24s %6s %10s %10s %10s  %s\n' "$key" "$n" "$min" "$med" "$max" "$tgt"
done <"$RES"
if [ "$STRESS_JSON" != null ]; then
	p99=$(jnum p99)
	printf '%-24s %s\n' "saves/s" "$(jnum saves_per_second)"
	printf '%-24s %s\n' "save latency p50 ms" "$(jnum p50)"
	printf '%-24s %s  <= 100 %s\n' "save latency p99 ms" "$p99" "$(verdict "$p99" 100)"
	printf '%-24s %s  0 %s\n' "save errors" "$(jnum errors)" "$(verdict "$(jnum errors)" 0)"
	printf '%-24s %s  0 %s\n' "lost versions" "$(jnum lost_versions)" "$(verdict "$(jnum lost_versions)" 0)"
fi
printf 'search: "%s"* matches %s follow-ups; store_search rows %s\n' \
	"$SEARCH_WORD" "$SEARCH_HITS" "$SEARCH_ROWS"
printf 'JSON: %s\n' "$OUT"
exit "$FAILED"
