#!/usr/bin/env bash
# Verdicts under load: every reference passes and every known-buggy submission is still caught while 4
# CPU-burning processes share the machine's 2 cores with the checks (the overloaded grader of issue 23).
# Usage: bench/load.sh [RUNS=100] [LAB...]   (default: every lab with mutants under tests/mutants/)
# Prints bench/detection.sh's figures per lab under load, then the false failures of the references
# (runs of a reference's test that did not pass) and the mutants missed. Exit status 1 if any.
# Environment: BURNERS (default 4) CPU burners; CORES (default 0,1) the cores they and the checks share;
# MUTANT_JOBS as for bench/detection.sh (default here 1: the burners already fill the machine).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
RUNS="${1:-100}"
shift || true
LABS=("$@")
if ((${#LABS[@]} == 0)); then
  mapfile -t LABS < <(ls tests/mutants)
fi
BURNERS="${BURNERS:-4}"
CORES="${CORES:-0,1}"
export MUTANT_JOBS="${MUTANT_JOBS:-1}"

./labs build >/dev/null
burners=()
stop_burners() {
  for pid in "${burners[@]}"; do kill "$pid" 2>/dev/null || true; done
}
trap stop_burners EXIT
for ((i = 0; i < BURNERS; i++)); do
  taskset -c "$CORES" sh -c 'while :; do :; done' &
  burners+=($!)
done

out="$(mktemp -d)"
trap 'stop_burners; rm -rf "$out"' EXIT
echo "bench/load.sh: $RUNS runs each; $BURNERS CPU burners on cores $CORES; labs: ${LABS[*]}"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
for lab in "${LABS[@]}"; do
  echo
  echo "=== $lab"
  taskset -c "$CORES" bench/detection.sh "$RUNS" "$lab" | tee "$out/$lab.log"
done
echo
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"

# "  spin_exclusion_2              97/100 runs passed": a false failure for each run short of RUNS.
false_failures=0
missed=0
for lab in "${LABS[@]}"; do
  while read -r test passed_of; do
    passed="${passed_of%%/*}"
    total="${passed_of##*/}"
    if ((passed < total)); then
      echo "FALSE FAILURE  $lab/$test: $passed_of runs passed"
      false_failures=$((false_failures + total - passed))
    fi
  done < <(grep -E '^  \S+ +[0-9]+/[0-9]+ runs passed' "$out/$lab.log" | awk '{print $1, $2}')
  while read -r line; do
    echo "MISSED  $lab: $line"
    missed=$((missed + 1))
  done < <(grep -E '^  MISSED' "$out/$lab.log" || true)
done
echo "false failures of the references: $false_failures; catching tests that missed a mutant in some run: $missed"
((false_failures == 0 && missed == 0))
