# tests/cli/test_fuzz_replay.sh - every input the fuzzers ever crashed on
# (tests/fuzz/regress/TARGET/) and every seed, replayed through the fuzz
# targets by the plain driver (tests/fuzz/driver.c, built with the normal
# compiler as $LOFTE_BUILD/fuzz-replay-TARGET), so that a fixed crash stays
# fixed on every build, with or without libFuzzer and the sanitizers.
. "$LOFTE_TOP/tests/lib.sh"

fuzz="$LOFTE_TOP/tests/fuzz"

# replay TARGET WHAT FILE...: one TAP line; all files must run clean.
replay() {
	t=$1 what=$2
	shift 2
	bin="$LOFTE_BUILD/fuzz-replay-$t"
	n=0
	for f in "$@"; do [ -f "$f" ] && n=$((n + 1)); done
	if [ "$n" -eq 0 ]; then
		not_ok "$t: $what" "no inputs found"
		return
	fi
	run "$bin" "$@"
	if [ "$T_STATUS" -eq 0 ] && [ "$T_OUT" = "replayed $n inputs" ]; then
		ok "$t: $what ($n inputs)"
	else
		not_ok "$t: $what" "exit $T_STATUS, stdout: $T_OUT" "$(echo "$T_ERR" | tail -n 20)"
	fi
}

for t in config docformat textbuf; do
	if [ ! -x "$LOFTE_BUILD/fuzz-replay-$t" ]; then
		not_ok "$t: replay driver built" "missing $LOFTE_BUILD/fuzz-replay-$t"
		continue
	fi
	set -- "$fuzz/regress/$t"/*
	if [ -f "$1" ]; then
		replay "$t" "the regression inputs" "$@"
	else
		ok "$t: no regression inputs yet"
	fi
	replay "$t" "the seeds" "$fuzz/seeds/$t"/*
done

# The demo is the docformat target's largest seed and a full round trip.
replay docformat "the demo document" "$LOFTE_TOP"/share/lofte/demo/*.md

# A missing input is a failure of the driver, not a silent pass.
run "$LOFTE_BUILD/fuzz-replay-textbuf" "$T_TMP/no-such-input"
if [ "$T_STATUS" -ne 0 ] && echo "$T_ERR" | grep -q 'no-such-input: cannot read'; then
	ok "the driver fails on an input it cannot read"
else
	not_ok "the driver fails on an input it cannot read" "exit $T_STATUS: $T_ERR"
fi
