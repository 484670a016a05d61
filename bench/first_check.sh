#!/usr/bin/env bash
# A new user's first minutes: in a fresh clone (Debian packages present, no build, no compiler cache),
# how long `./labs X --help` takes for every command (target <= 1 s, building nothing), and how long the
# first `./labs check mutex --submission solutions` takes in all (target <= 4 min on 2 cores), with the
# number of ninja steps it ran against the full build's.
# Usage: bench/first_check.sh [LAB]   (LABS_BENCH_CCACHE=1 keeps the compiler cache on: a warm-cache figure)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LAB="${1:-mutex}"
clone="$(mktemp -d "${TMPDIR:-/tmp}/bench-first-check-XXXXXX")"
trap 'rm -rf "$clone"' EXIT
git clone -q "$ROOT" "$clone/labs"
cd "$clone/labs"
if [[ "${LABS_BENCH_CCACHE:-0}" != 1 ]]; then
  export CCACHE_DISABLE=1
  unset CMAKE_CXX_COMPILER_LAUNCHER
fi

seconds_since() { awk -v a="$1" -v b="$(date +%s%N)" 'BEGIN {printf "%.2f", (b - a) / 1e9}'; }

echo "bench/first_check.sh: fresh clone, $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg) at start"
for command in check replay grade merge verify-mutant ci package sched test build dist; do
  start=$(date +%s%N)
  ./labs "$command" --help >/dev/null 2>&1
  printf "  ./labs %-14s --help  %6s s\n" "$command" "$(seconds_since "$start")"
done
[[ ! -d build/default ]] && echo "  (no build directory after every --help: nothing was built)"

start=$(date +%s%N)
status=0
./labs check "$LAB" --submission solutions >"$clone/check.log" 2>&1 || status=$?
elapsed=$(seconds_since "$start")
[[ $status == 0 ]] || { cat "$clone/check.log"; echo "first check failed with status $status" >&2; exit 1; }
# .ninja_log: one line per output built (after its header line); the rest of the full build by a dry run
# that reads build.ninja by absolute path (else CMake's glob check hides the steps).
steps=$(($(wc -l <build/default/.ninja_log) - 1))
rest=$(ninja -C build/default -f "$PWD/build/default/build.ninja" -n all 2>/dev/null | grep -c '^\[' || true)
echo "  first ./labs check $LAB --submission solutions: $elapsed s in all (target: <= 240 s)"
echo "      ninja built $steps outputs; a full build would have built $rest more"
tail -n 1 "$clone/check.log" | sed 's/^/      /'
