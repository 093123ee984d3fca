#!/bin/sh
# make bench: measures lofte against a floor program at the size of its
# largest use (290 municipalities x 10 years), and on the demo.
#   tests/bench/run-bench.sh BUILD_DIR [national|tiny]
# Prints tables and writes BUILD_DIR/bench-results.json.  Timings are
# for reading, never for passing or failing: these machines are shared.
set -eu

build=${1:?usage: run-bench.sh BUILD_DIR [national|tiny]}
size=${2:-national}
top=$(cd "$(dirname "$0")/../.." && pwd)
case $build in /*) ;; *) build="$top/$build" ;; esac
case $size in
national) gen_args="" repeat=${BENCH_REPEAT:-5} ;;
tiny) gen_args="-m 3 -y 2 -a 4" repeat=1 ;;
*) echo "run-bench.sh: size is national or tiny" >&2; exit 2 ;;
esac

work="$build/bench"
mkdir -p "$work"
scratch=$(mktemp -d "${TMPDIR:-/tmp}/lofte-bench.XXXXXX")
trap 'rm -rf "$scratch"' EXIT INT TERM
export HOME="$scratch/home" XDG_CONFIG_HOME="$scratch/home/.config"
export XDG_DATA_HOME="$scratch/home/.local/share" LANG=C.UTF-8 LC_ALL=C.UTF-8
export TERM=xterm-256color TZ=UTC LOFTE_TODAY=2024-05-15 BENCH_REPEAT="$repeat"
unset LOFTE_DB LOFTE_CONFIG NO_COLOR
mkdir -p "$HOME"

# The generated database is kept between runs: it takes a while to make
# and is the same every time (a fixed seed).
db="$work/$size.db"
if [ ! -s "$db" ] || [ "$build/lofte-gen" -nt "$db" ]; then
	rm -f "$db" "$db-wal" "$db-shm"
	echo "== generating the $size database"
	# shellcheck disable=SC2086
	"$build/lofte-gen" -d "$db" $gen_args
fi
demo="$scratch/demo.db"
"$build/lofte" import -d "$demo" "$top/share/lofte/demo/jonkoping-2024.md" > /dev/null

echo "== interactive: the demo (lofte and the floor, 120x40, $repeat runs)"
sh "$top/tests/bench/interactive.sh" "$build" "$demo" "$scratch/demo.json" "$repeat"
echo "== interactive: the $size database"
sh "$top/tests/bench/interactive.sh" "$build" "$db" "$scratch/big.json" "$repeat"
echo "== non-interactive: import, export, search, concurrent saves"
sh "$top/tests/bench/noninteractive.sh" "$build" "$db" "$demo" "$scratch/non.json" "$size"

out="$build/bench-results.json"
{
	printf '{"size":"%s","repeat":%s,"date":"%s",\n' "$size" "$repeat" "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
	printf '"interactive_demo":'; cat "$scratch/demo.json"; printf ',\n'
	printf '"interactive_%s":' "$size"; cat "$scratch/big.json"; printf ',\n'
	printf '"noninteractive":'; cat "$scratch/non.json"; printf '}\n'
} > "$out.tmp"
mv "$out.tmp" "$out"
echo "== results: $out"
