#!/bin/sh
# Runs one test file for tests/run-tests.sh, which sets the environment
# (LOFTE, LOFTE_BUILD, LOFTE_TEST_SCRATCH, LOFTE_TEST_RESULTS and, under
# valgrind, LOFTE_VG_ROOT) and runs several of these at once.
#   tests/run-one.sh NAME FILE
# FILE is a unit test program or a shell test script; both speak TAP.
# The file gets a HOME and a TMPDIR of its own.  Writes "passed skipped
# failed" to $LOFTE_TEST_RESULTS/NAME (with / as _) and prints one line,
# or on a failure what the file said, in one write so that files running
# side by side do not mix their reports.
set -u
name=${1:?usage: run-one.sh NAME FILE}
file=${2:?usage: run-one.sh NAME FILE}
id=$(echo "$name" | tr / _)
dir="$LOFTE_TEST_SCRATCH/$id"
mkdir -p "$dir/home" "$dir/tmp" && chmod 711 "$dir"
export HOME="$dir/home" XDG_CONFIG_HOME="$dir/home/.config"
export XDG_DATA_HOME="$dir/home/.local/share" TMPDIR="$dir/tmp"

vg=${LOFTE_VG_ROOT:-}
if [ -n "$vg" ]; then
	LOFTE_VG_LOGS="$vg/$id"
	export LOFTE_VG_LOGS
	mkdir -p "$LOFTE_VG_LOGS" && chmod 1777 "$LOFTE_VG_LOGS"
fi

# vg_check: fails (1) when a process of this file had a memcheck error or
# a definite leak, and shows its log.  A log without a summary is a
# process killed by SIGKILL or a child that exec'd another program (the
# external editor): valgrind had nothing more to say.
vg_check() {
	bad=0
	for l in "$LOFTE_VG_LOGS"/*; do
		[ -f "$l" ] || continue
		grep -q 'ERROR SUMMARY: [1-9]' "$l" || continue
		bad=1
		echo "# valgrind: $(basename "$l") of $name:"
		sed 's/^/# /' "$l" | head -n 80
	done
	return $bad
}

log="$dir/log"
case $file in
*.sh) sh "$file" >"$log" 2>&1 ;;
*) "$file" >"$log" 2>&1 ;;
esac
status=$?
vg_bad=0
if [ -n "$vg" ] && ! vg_check >"$dir/vg.out"; then
	vg_bad=1
fi
p=$(grep '^ok ' "$log" | grep -vc '# SKIP')
# cmocka 1.1.5 writes a skipped test as "not ok N # SKIP".
s=$(grep -E '^(not )?ok ' "$log" | grep -c '# SKIP')
f=$(grep '^not ok ' "$log" | grep -vc '# SKIP')
if [ "$vg_bad" -ne 0 ]; then
	f=$((f + 1))   # one more failure: valgrind's
elif [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
	f=1   # crashed or failed outside a test case
fi

report="$dir/report"
if [ "$f" -ne 0 ]; then
	{
		echo "--- $name (exit $status)"
		grep -v '^ok ' "$log" | head -n 60
		[ "$vg_bad" -eq 0 ] || cat "$dir/vg.out"
	} > "$report"
elif [ "$s" -gt 0 ]; then
	echo "$name: $p passed, $s skipped" > "$report"
else
	echo "$name: $p passed" > "$report"
fi
cat "$report"
echo "$p $s $f" > "$LOFTE_TEST_RESULTS/$id"
