#!/bin/sh
# Runs every test of lofte: the cmocka unit tests and the command-line
# and terminal tests, each speaking TAP, and ends with one summary line.
#   tests/run-tests.sh BUILD_DIR [PATTERN]
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

passed=0 failed=0 skipped=0 failures=""
run_one() { # name command...
	name=$1; shift
	log="$scratch/log"
	"$@" >"$log" 2>&1
	status=$?
	p=$(grep '^ok ' "$log" | grep -vc '# SKIP')
	# cmocka 1.1.5 writes a skipped test as "not ok N # SKIP".
	s=$(grep -E '^(not )?ok ' "$log" | grep -c '# SKIP')
	f=$(grep '^not ok ' "$log" | grep -vc '# SKIP')
	if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1   # crashed or failed outside a test case
	fi
	passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
	if [ "$f" -ne 0 ]; then
		failures="$failures $name"
		echo "--- $name (exit $status)"
		grep -v '^ok ' "$log" | head -n 60
	else
		if [ "$s" -gt 0 ]; then echo "$name: $p passed, $s skipped"; else echo "$name: $p passed"; fi
	fi
}

for t in "$build"/tests/test_*; do
	[ -x "$t" ] || continue
	case $t in *"$pattern"*) ;; *) continue ;; esac
	run_one "unit/$(basename "$t")" "$t"
done
for t in "$top"/tests/cli/test_*.sh "$top"/tests/tui/test_*.sh; do
	[ -f "$t" ] || continue
	case $t in *"$pattern"*) ;; *) continue ;; esac
	rm -rf "$HOME" && mkdir -p "$HOME"
	run_one "$(basename "$(dirname "$t")")/$(basename "$t" .sh)" sh "$t"
done

[ -z "$failures" ] || echo "failed:$failures"
echo "check: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
