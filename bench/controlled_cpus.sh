#!/usr/bin/env bash
# Seconds per controlled search on one CPU (the default) and on all of them (--lab-cpus=all): the reference
# LAB's (default mutex) controlled test binary, each way RUNS times (default 3): alone, two searches at
# once (what `check` runs with -j 2), and beside two CPU burners (a loaded grader).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
LAB="${1:-mutex}"
RUNS="${2:-3}"

./labs check "$LAB" --submission solutions --config controlled >/dev/null
binary=$(ls -d build/*/work/solutions-*/"$LAB"/controlled/tests | head -n 1)
tests=($("$binary" --gtest_list_tests | awk '/^Controlled\./ {suite=1; next} /^[^ ]/ {suite=0} suite {print "Controlled." $1}'))
(( ${#tests[@]} >= 2 )) || { echo "need two controlled tests in $binary"; exit 1; }
out=$(mktemp -d "${TMPDIR:-/tmp}/bench-cpus-XXXXXX")
burners=()
trap 'rm -rf "$out"; kill "${burners[@]}" 2>/dev/null || true' EXIT

# The search's own "in X s" for TEST with CPUS (one|all).
search_seconds() {
  "$binary" --gtest_filter="$1" --lab-cpus="$2" --lab-results="$out/$RANDOM.json" | sed -nE 's/.* in ([0-9.]+) s.*/\1/p'
}
row() {  # LABEL CPUS TWO_AT_ONCE
  local times=()
  for ((k = 0; k < RUNS; ++k)); do
    if [[ $3 == yes ]]; then
      search_seconds "${tests[1]}" "$2" >"$out/other" &
      local first
      first=$(search_seconds "${tests[0]}" "$2")
      wait $!
      times+=("$first" "$(cat "$out/other")")
    else
      times+=("$(search_seconds "${tests[0]}" "$2")")
    fi
  done
  printf '%-28s %-4s %s\n' "$1" "$2" "${times[*]}"
}

echo "bench/controlled_cpus.sh: $LAB, ${tests[0]} (and ${tests[1]} beside it), $(nproc) CPUs, seconds per search"
for cpus in one all; do row "alone" "$cpus" no; done
for cpus in one all; do row "two at once" "$cpus" yes; done
for _ in 1 2; do sh -c 'while :; do :; done' & burners+=($!); done
for cpus in one all; do row "beside 2 CPU burners" "$cpus" no; done
