#!/usr/bin/env bash
# Detection figures: how many of N runs of its catching tests catch each known-buggy submission, and how
# many of N runs of the whole lab the reference solution passes.
# Usage: bench/detection.sh [N=100] [LAB=mutex]; MUTANT_JOBS (default 4) mutants are verified at once:
# most catches end in the watchdog's 5 s wait on a deadlocked, idle process. MUTANTS=0: the reference only.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
RUNS="${1:-100}"
LAB="${2:-mutex}"
JOBS="${MUTANT_JOBS:-4}"

./labs build >/dev/null
preset_dir=$(ls -td build/*/grader/labs-grader | head -n 1 | xargs dirname | xargs dirname)
[[ -n "${LABS_PRESET:-}" ]] && preset_dir="build/$LABS_PRESET"
grader=("$preset_dir/grader/labs-grader" --course course.yaml --build-info "$preset_dir/grader-build.json"
        --work-dir "$preset_dir/work" --no-color)
logs="$(mktemp -d)"
trap 'rm -rf "$logs"' EXIT

echo "bench/detection.sh: $RUNS runs each, $LAB lab, $(nproc) cores, $JOBS mutants at a time"
echo
if [[ "${MUTANTS:-1}" != 0 ]]; then
  echo "known-buggy submissions: runs of each catching test that caught the bug"
  ls -d tests/mutants/"$LAB"/*/ | xargs -P "$JOBS" -I{} sh -c \
    '"$@" verify-mutant "{}" --runs '"$RUNS"' > "'"$logs"'/$(basename "{}").log" 2>&1 || true' sh "${grader[@]}"
  for log in "$logs"/*.log; do
    echo "$(basename "$log" .log)"
    grep -E 'CAUGHT|MISSED' "$log" || { echo "  (no result)"; cat "$log"; }
  done
  echo
fi
echo "reference solution (solutions/), passed runs of each test:"
"${grader[@]}" check "$LAB" --submission solutions --runs "$RUNS" || true
