#!/bin/sh
# The benchmark harness at a tiny size, so that `make bench` cannot rot:
# it must run end to end and write well-formed results.  No timing is
# judged here.
. "$LOFTE_TOP/tests/lib.sh"

BENCH_STRESS_SECONDS=1 run sh "$LOFTE_TOP/tests/bench/run-bench.sh" "$LOFTE_BUILD" tiny
expect_status 0 "the benchmark runs at a tiny size"
results="$LOFTE_BUILD/bench-results.json"
v=$(sqlite3 :memory: "SELECT json_valid(CAST(readfile('$results') AS TEXT))" 2>/dev/null)
[ "$v" = 1 ] && ok "the results are valid JSON" || not_ok "results JSON" "$(head -c 300 "$results")"
for key in interactive_demo interactive_tiny noninteractive; do
	n=$(sqlite3 :memory: "SELECT json_type(CAST(readfile('$results') AS TEXT), '\$.$key')")
	[ "$n" = object ] && ok "the results have $key" || not_ok "results key $key" "$n"
done
expect_out 'first-screen' "the table names the first screen"
