#!/bin/sh
# Several writers on one database (tests/tools/README.md): lofte-stress
# with 8 workers, then with workers killed mid-save, then the command line
# on the result, and a write lock held past the busy timeout.
. "$LOFTE_TOP/tests/lib.sh"

DEMO="$LOFTE_TOP/share/lofte/demo/jonkoping-2024.md"
STRESS="$LOFTE_BUILD/lofte-stress"
cd "$T_TMP" || exit 1

# now_ms: the time in milliseconds (GNU date has %N).
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# json FILE PATH: one value of the results file, read with SQLite's JSON functions.
json() { sqlite3 :memory: "SELECT json_extract(readfile('$1'), '$2')"; }

# stress WHAT ARGS...: runs lofte-stress on db; its table becomes "# " lines.
stress() {
	what=$1
	shift
	run "$STRESS" -d stress.db "$@"
	printf '%s\n' "$T_OUT" | sed 's/^/# /'
	if [ "$T_STATUS" -eq 0 ]; then ok "$what"
	else not_ok "$what" "exit $T_STATUS" "stderr: $T_ERR"; fi
}

# expect_json FILE PATH VALUE what
expect_json() {
	v=$(json "$1" "$2")
	if [ "$v" = "$3" ]; then ok "$4"; else not_ok "$4" "$2 is '$v', expected '$3'"; fi
}

if [ ! -x "$STRESS" ]; then
	echo "ok 1 # SKIP $STRESS is not built (make $STRESS)"
	exit 0
fi

run "$LOFTE" import -d stress.db "$DEMO"
expect_status 0 "a fresh demo database"

# --- (1) 8 writers, 3 hot follow-ups, conflicts retried -------------------------
stress "8 workers for 2 s: no error, nothing lost, integrity ok" -w 8 -s 2 -o run.json
expect_json run.json '$.errors' 0 "no worker saw an error"
expect_json run.json '$.lost_versions' 0 "every acknowledged save is in the history"
expect_json run.json '$.unlogged_versions' 0 "every new version was acknowledged to someone"
n=$(json run.json '$.saves_acked')
if [ "${n:-0}" -gt 0 ]; then ok "saves were made ($n)"; else not_ok "saves were made" "saves_acked: $n"; fi
v=$(sql stress.db "SELECT max(version) FROM followup")
if [ "${v:-0}" -gt 1 ]; then ok "follow-ups have new versions (up to $v)"; else not_ok "new versions" "max version $v"; fi

# --- (2) workers killed with SIGKILL in the middle of saving ----------------------
stress "8 workers for 3 s, 10 killed: every acknowledged save survived" -w 8 -s 3 -k 10 -o kill.json
expect_json kill.json '$.kills' 10 "10 workers were killed and replaced"
expect_json kill.json '$.lost_versions' 0 "no acknowledged save was lost to a kill"
expect_json kill.json '$.integrity_check' ok "integrity_check after the kills"

# The check itself finds a lost save: -X adds one that was never made.
run "$STRESS" -d stress.db -w 2 -s 0.2 -X
if [ "$T_STATUS" -eq 1 ] && printf '%s\n' "$T_ERR" | grep -q '1 acknowledged save(s) lost'; then
	ok "a save that is not in the database is reported lost"
else
	not_ok "a save that is not in the database is reported lost" "exit $T_STATUS" "$T_ERR"
fi

# --- (3) the command line on what the workers wrote -------------------------------
run "$LOFTE" export -d stress.db -f json
expect_status 0 "export -f json after the stress runs"
printf '%s\n' "$T_OUT" > export.json
expect_json export.json '$.promises[0].municipality' "Jönköpings kommun" "the export is JSON"
case $T_OUT in *"Stress "*"å"*) ok "the export holds the workers' texts" ;; *) not_ok "workers' texts exported" "$(echo "$T_OUT" | head -c 300)" ;; esac
run "$LOFTE" summary -d stress.db
expect_status 0 "summary after the stress runs"

# --- (4) a write lock held longer than the busy timeout ---------------------------
# An idle reader is open too (a TUI left running): the message must name
# the writer, not the reader.
mkfifo readfifo
sqlite3 stress.db < readfifo > read.out 2>&1 &
reader=$!
exec 4>readfifo
printf 'BEGIN;\nSELECT count(*) FROM promise;\nSELECT %s;\n' "'reading'" >&4
i=0; until grep -q reading read.out 2>/dev/null || [ $i -ge 500 ]; do i=$((i + 1)); sleep 0.01; done
mkfifo lockfifo
sqlite3 stress.db < lockfifo > lock.out 2>&1 &
holder=$!
exec 3>lockfifo
printf 'BEGIN IMMEDIATE;\nUPDATE promise SET title = title;\nSELECT %s;\n' "'locked'" >&3
i=0; until grep -q locked lock.out 2>/dev/null || [ $i -ge 500 ]; do i=$((i + 1)); sleep 0.01; done
before=$(sql stress.db "SELECT count(*) FROM followup_history")
t0=$(now_ms)
run env LOFTE_BUSY_TIMEOUT=300 "$LOFTE" import -d stress.db "$DEMO"
t1=$(now_ms)
expect_status 1 "import while another program holds the write lock"
expect_err_line "locked by another program \\(held by sqlite3, pid $holder[,)].* for 0\\.3 s" \
	"one line that names the lock holder"
waited=$((t1 - t0))
if [ "$waited" -ge 250 ] && [ "$waited" -lt 5000 ]; then ok "it waited for the busy timeout (${waited} ms)"
else not_ok "it waited for the busy timeout" "waited ${waited} ms for LOFTE_BUSY_TIMEOUT=300"; fi
printf 'ROLLBACK;\n.quit\n' >&3; exec 3>&-
printf 'COMMIT;\n.quit\n' >&4; exec 4>&-; wait
after=$(sql stress.db "SELECT count(*) FROM followup_history")
if [ "$before" = "$after" ]; then ok "the failed import changed nothing"; else not_ok "the failed import changed nothing" "history $before -> $after"; fi

run "$LOFTE" import -d stress.db "$DEMO"
expect_status 0 "the same import once the lock is released"
# The demo texts are back as the newest version of every follow-up.
n=$(sql stress.db "SELECT count(*) FROM followup WHERE login LIKE 'stress%'")
if [ "$n" = 0 ]; then ok "the import saved over the workers' texts"; else not_ok "import over the workers' texts" "$n follow-ups still by a worker"; fi
g=$(sql stress.db "SELECT count(*) FROM (SELECT followup_id FROM followup_history GROUP BY followup_id HAVING min(version) <> 1 OR max(version) <> count(*))")
if [ "$g" = 0 ]; then ok "no gaps in any history after the import"; else not_ok "no gaps in any history" "$g follow-ups with gaps"; fi
run sqlite3 stress.db "PRAGMA integrity_check"
if [ "$T_OUT" = ok ]; then ok "integrity_check at the end"; else not_ok "integrity_check at the end" "$T_OUT"; fi

# --- (5) first to open, last to close, and creating at the same moment ----------
# The busy timeout holds from the first read on, so a process that opens
# while another creates, checkpoints or closes the database waits.
cp stress.db quick.db
rm -f quick.db-wal quick.db-shm
f=0
# Each round must see at least one save acknowledged.
quick=$(scaled 0.05)
for round in 1 2 3 4 5 6 7 8 9 10; do
	"$LOFTE_BUILD/lofte-stress" -d quick.db -w 8 -s "$quick" -C > quick.out 2>&1 || f=$((f + 1))
done
if [ "$f" = 0 ]; then ok "short runs with no connection kept open: no error (10 rounds)"
else not_ok "short runs with no connection kept open" "$f of 10 failed: $(tail -n 3 quick.out)"; fi
f=0
for round in 1 2 3 4 5; do
	rm -f fresh.db fresh.db-wal fresh.db-shm
	for p in 1 2 3 4 5 6 7 8 9 10 11 12; do
		"$LOFTE" init -d fresh.db > /dev/null 2>> fresh.err &
	done
	wait
done
if [ ! -s fresh.err ]; then ok "12 processes creating one database at once: none refused (5 rounds)"
else not_ok "creating one database at once" "$(sort fresh.err | uniq -c | head -n 3)"; fi
