#!/bin/sh
# Runs libFuzzer targets for a set time each, some at once, and prints per
# target the executions, executions per second, coverage and crashes.
#   tests/fuzz/run-fuzz.sh FUZZ_BUILD SECONDS JOBS TARGET...
# The corpus of each target grows in FUZZ_BUILD/corpus/TARGET, seeded from
# tests/fuzz/seeds, tests/fuzz/regress and the demo; a crashing input is
# kept in FUZZ_BUILD/crashes/TARGET/ and makes the exit status 1.
set -u

if [ "${1:-}" = --one ]; then   # internal: one target, from xargs
	build=$2 seconds=$3 t=$4
	top=$(cd "$(dirname "$0")/../.." && pwd)
	corpus="$build/corpus/$t" crashes="$build/crashes/$t"
	mkdir -p "$corpus" "$crashes"
	for f in "$top/tests/fuzz/seeds/$t"/* "$top/tests/fuzz/regress/$t"/*; do
		[ -f "$f" ] && cp "$f" "$corpus/"
	done
	case $t in
	docformat)
		cp "$top"/share/lofte/demo/*.md "$corpus/" ;;
	textbuf)
		# The demo's first lines typed as keys into an empty text.
		{ printf '\000'; head -c 600 "$top"/share/lofte/demo/*.md; } >"$corpus/demo-typed" ;;
	esac
	dict=""
	[ -f "$top/tests/fuzz/$t.dict" ] && dict="-dict=$top/tests/fuzz/$t.dict"
	# shellcheck disable=SC2086
	"$build/fuzz-$t" -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
		-artifact_prefix="$crashes/" $dict "$corpus" >"$build/fuzz-$t.log" 2>&1
	status=$?
	log="$build/fuzz-$t.log"
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
	last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -n 1)
	cov=$(echo "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
	ft=$(echo "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
	corp=$(echo "$last" | sed -n 's/.* corp: \([0-9]*\).*/\1/p')
	found=$(grep -E '^artifact_prefix=.*Test unit written to ' "$log" | sed 's/.*written to //')
	n=0
	[ -n "$found" ] && n=$(echo "$found" | wc -l)
	[ "$status" -ne 0 ] && [ "$n" -eq 0 ] && n=1
	echo "fuzz $t: ${runs:-0} executions, ${speed:-0} exec/s, cov: ${cov:-?} ft: ${ft:-?}, corpus ${corp:-?}, crashes $n"
	if [ "$n" -ne 0 ]; then
		grep -E 'ERROR|invariant broken|SUMMARY' "$log" | head -n 5 | sed 's/^/  /'
		for f in $found; do
			echo "  crashing input kept: $f"
		done
		echo "  log: $log; minimise with $build/fuzz-$t -minimize_crash=1 -runs=20000 FILE"
		echo "  and add it to tests/fuzz/regress/$t/ with the fix"
		exit 1
	fi
	exit 0
fi

build=${1:?usage: run-fuzz.sh FUZZ_BUILD SECONDS JOBS TARGET...}
seconds=${2:?} jobs=${3:?}
shift 3
case $build in /*) ;; *) build="$(pwd)/$build" ;; esac
echo "fuzzing $* for $seconds s each, $jobs at a time"
printf '%s\n' "$@" | xargs -P "$jobs" -I{} sh "$0" --one "$build" "$seconds" {}
status=$?
[ "$status" -eq 0 ] || echo "fuzz: a target crashed (see above)"
[ "$status" -eq 0 ]
