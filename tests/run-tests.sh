#!/bin/sh
# Runs every test of lofte: the cmocka unit tests and the command-line
# and terminal tests, each speaking TAP, and ends with one summary line.
#   tests/run-tests.sh BUILD_DIR [PATTERN]
# LOFTE_TEST_JOBS=N runs N test files at a time (default: the processors).
# With LOFTE_VALGRIND=1 every program lofte builds (lofte, lofte-stress,
# lofte-gen, lofte-floor, the unit tests) runs under valgrind memcheck,
# and a test file fails when one of its processes had an error or a
# definite leak (the log is shown).
set -u

build=${1:?usage: tests/run-tests.sh BUILD_DIR [PATTERN]}
pattern=${2:-}
top=$(cd "$(dirname "$0")/.." && pwd)
case $build in /*) ;; *) build="$top/$build" ;; esac

# A hermetic environment: the tests must not see the developer's files.
scratch=$(mktemp -d "${TMPDIR:-/tmp}/lofte-tests.XXXXXX")
trap 'rm -rf "$scratch"' EXIT INT TERM
export LOFTE="$build/lofte" LOFTE_TOP="$top" LOFTE_BUILD="$build"
export HOME="$scratch/home" XDG_CONFIG_HOME="$scratch/home/.config"
export XDG_DATA_HOME="$scratch/home/.local/share" TMPDIR="$scratch"
export TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color
export CMOCKA_MESSAGE_OUTPUT=TAP
unset LOFTE_DB LOFTE_CONFIG NO_COLOR VISUAL EDITOR
mkdir -p "$HOME"

# Under valgrind the tests see a build folder of wrappers: every
# executable of the real one (but vtdrive, the terminal emulator, which is
# not lofte's program under test) becomes a script that execs it under
# memcheck, so no test can start a program around it.  Each process writes
# its own log into the current test file's folder ($LOFTE_VG_LOGS).
vg_logs=""
if [ "${LOFTE_VALGRIND:-0}" = 1 ]; then
	command -v valgrind >/dev/null 2>&1 || { echo "run-tests.sh: valgrind is not installed" >&2; exit 1; }
	# Deadlines in the terminal tests: memcheck is 20-50 times slower.
	export VTDRIVE_TIMEOUT_SCALE="${VTDRIVE_TIMEOUT_SCALE:-10}"
	# LOFTE_VALGRIND_LOGS=DIR keeps the logs in a new folder inside DIR.
	if [ -n "${LOFTE_VALGRIND_LOGS:-}" ]; then
		vg_logs=$(mktemp -d "$LOFTE_VALGRIND_LOGS/vg.XXXXXX") || exit 1
	else
		vg_logs="$scratch/vg-logs"
	fi
	real=$build
	build="$scratch/vg-build"
	export LOFTE="$build/lofte" LOFTE_BUILD="$build"
	# World-writable: a test may run the wrapper as another user (nobody).
	mkdir -p "$vg_logs" "$build/tests" && chmod 1777 "$vg_logs"
	ln -s "$real/vtdrive" "$build/vtdrive"
	# 97: an exit status no lofte program uses (0, 1, 2, or 128+signal).
	vg_opts="--tool=memcheck --error-exitcode=97 --leak-check=full"
	vg_opts="$vg_opts --errors-for-leak-kinds=definite --show-leak-kinds=definite"
	vg_opts="$vg_opts --track-fds=no --num-callers=30"
	for prog in "$real"/* "$real"/tests/test_*; do
		[ -f "$prog" ] && [ -x "$prog" ] || continue
		name=${prog#"$real"/}
		[ "$name" != vtdrive ] || continue
		# valgrind cannot start without a writable TMPDIR (it keeps its
		# /proc emulation files there): the tests of a read-only TMPDIR
		# run the program itself, and say so in the log folder.
		printf '#!/bin/sh\nif [ -n "${TMPDIR:-}" ] && ! [ -w "$TMPDIR" ]; then\n\techo "not under valgrind: TMPDIR $TMPDIR is not writable" > "${LOFTE_VG_LOGS:?}/%s.$$.skipped"\n\texec "%s" "$@"\nfi\nexec valgrind %s --suppressions="%s" --log-file="${LOFTE_VG_LOGS:?}/%s.%%p" -- "%s" "$@"\n' \
			"$(basename "$name")" "$prog" "$vg_opts" "$top/.ci/valgrind.supp" "$(basename "$name")" "$prog" > "$build/$name"
		chmod +x "$build/$name"
	done
fi

# Test files run side by side, LOFTE_TEST_JOBS at a time (default: one
# per processor), each with a HOME and a TMPDIR of its own; most of a
# terminal test is waiting for the program, so this roughly halves the
# run on two cores.  tests/run-one.sh runs one file and reports it.
jobs=${LOFTE_TEST_JOBS:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)}
case $jobs in ''|*[!0-9]*|0) echo "run-tests.sh: LOFTE_TEST_JOBS must be a number above 0" >&2; exit 2 ;; esac
results="$scratch/results"
mkdir -p "$results"
# Other users (the tests run some programs as nobody) must reach their
# files below it.
chmod 711 "$scratch"
export LOFTE_TEST_SCRATCH="$scratch" LOFTE_TEST_RESULTS="$results" LOFTE_VG_ROOT="$vg_logs"

list="$scratch/list"
: > "$list"
for t in "$top"/tests/tui/test_*.sh "$top"/tests/cli/test_*.sh; do
	[ -f "$t" ] || continue
	case $t in *"$pattern"*) ;; *) continue ;; esac
	printf '%s\n%s\n' "$(basename "$(dirname "$t")")/$(basename "$t" .sh)" "$t" >> "$list"
done
# The unit tests last: they are short, and the longest files should start
# first so that the run ends soon after them.
for t in "$build"/tests/test_*; do
	[ -x "$t" ] || continue
	case $t in *"$pattern"*) ;; *) continue ;; esac
	printf '%s\n%s\n' "unit/$(basename "$t")" "$t" >> "$list"
done
# Two lines a test, name and file: no quoting for xargs to get wrong.
tr '\n' '\0' < "$list" | xargs -0 -n 2 -P "$jobs" sh "$top/tests/run-one.sh"

passed=0 failed=0 skipped=0 failures=""
while read -r name && read -r file; do
	r="$results/$(echo "$name" | tr / _)"
	if [ -f "$r" ]; then
		read -r p s f < "$r"
	else
		p=0 s=0 f=1   # the runner itself did not finish
		echo "--- $name: no result"
	fi
	passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
	[ "$f" -eq 0 ] || failures="$failures $name"
done < "$list"

if [ -n "$vg_logs" ]; then
	n=$(find "$vg_logs" -type f ! -name '*.skipped' | wc -l)
	c=$(grep -rl 'ERROR SUMMARY:' "$vg_logs" | wc -l)
	s=$(find "$vg_logs" -type f -name '*.skipped' | wc -l)
	echo "valgrind: $n processes, $c checked to the end (the rest killed by SIGKILL or exec'd);" \
		"$s run without valgrind (a read-only TMPDIR)"
	[ -z "${LOFTE_VALGRIND_LOGS:-}" ] || echo "valgrind: the logs are in $vg_logs"
fi
[ -z "$failures" ] || echo "failed:$failures"
echo "check: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
