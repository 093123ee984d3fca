# tests/lib.sh - helpers for the command-line tests (sourced, POSIX sh).
# Each check prints one TAP line: "ok N - what" or "not ok N - what".

: "${LOFTE:?run through tests/run-tests.sh}"
T_N=0
T_TMP=$(mktemp -d "${TMPDIR:-/tmp}/t.XXXXXX")
trap 'rm -rf "$T_TMP"' EXIT

ok()     { T_N=$((T_N + 1)); echo "ok $T_N - $1"; }
not_ok() { T_N=$((T_N + 1)); echo "not ok $T_N - $1"; shift; for l in "$@"; do echo "# $l"; done; }

# run CMD...: runs lofte-like commands, keeping stdout, stderr and status.
run() {
	"$@" >"$T_TMP/out" 2>"$T_TMP/err"
	T_STATUS=$?
	T_OUT=$(cat "$T_TMP/out")
	T_ERR=$(cat "$T_TMP/err")
}

# expect_status N what
expect_status() {
	if [ "$T_STATUS" -eq "$1" ]; then ok "$2 (exit $1)"
	else not_ok "$2 (exit $1)" "got exit $T_STATUS" "stderr: $T_ERR" "stdout: $(echo "$T_OUT" | head -n 5)"; fi
}

# expect_err_line PATTERN what: stderr is one line starting "lofte: " matching PATTERN (grep -E)
expect_err_line() {
	lines=$(printf '%s\n' "$T_ERR" | grep -c .)
	if [ "$lines" -eq 1 ] && printf '%s\n' "$T_ERR" | grep -Eq "^lofte: .*$1"; then ok "$2"
	else not_ok "$2" "expected one line 'lofte: ...$1'" "got: $T_ERR"; fi
}

# expect_out PATTERN what: stdout matches PATTERN (grep -E)
expect_out() {
	if printf '%s\n' "$T_OUT" | grep -Eq -- "$1"; then ok "$2"
	else not_ok "$2" "expected stdout to match: $1" "got: $(echo "$T_OUT" | head -n 10)"; fi
}

# expect_same FILE1 FILE2 what
expect_same() {
	if cmp -s "$1" "$2"; then ok "$3"
	else not_ok "$3" "$(diff "$1" "$2" | head -n 10)"; fi
}

# scaled SECONDS: a run time within which a program must get some work
# done, stretched by $VTDRIVE_TIMEOUT_SCALE like every deadline of the
# terminal tests (slow builds: the sanitizers, valgrind).
scaled() { awk -v s="$1" -v k="${VTDRIVE_TIMEOUT_SCALE:-1}" 'BEGIN { print s * k }'; }

# sql DB SQL: one value from the database
sql() { sqlite3 "$1" "$2"; }

# vt WHAT SIZE SCRIPT_FILE -- CMD...: runs a program in the vtdrive
# terminal emulator (tests/tui/README.md) with the script; one TAP line.
vt() {
	what=$1 size=$2 script=$3
	shift 3
	[ "$1" = "--" ] && shift
	"$LOFTE_BUILD/vtdrive" -s "$size" "$script" -- "$@" >"$T_TMP/vt.out" 2>"$T_TMP/vt.err"
	T_STATUS=$?
	if [ "$T_STATUS" -eq 0 ]; then
		ok "$what"
	else
		not_ok "$what" "$(head -n 60 "$T_TMP/vt.err")"
	fi
}
