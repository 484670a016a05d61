#!/usr/bin/env bash
# Detection figures: how many of N runs of its catching tests catch each known-buggy submission, and how
# many of N runs of the whole lab the reference solution passes. Usage: bench/detection.sh [N] [LAB]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
RUNS="${1:-100}"
LAB="${2:-mutex}"

./labs build >/dev/null
echo "bench/detection.sh: $RUNS runs each, $LAB lab, $(nproc) cores"
echo
echo "known-buggy submissions: runs of each catching test that caught the bug"
for mutant in tests/mutants/"$LAB"/*/; do
  echo "$(basename "$mutant")"
  ./labs verify-mutant "$mutant" --runs "$RUNS" --no-color | grep -E 'CAUGHT|MISSED' || true
done
echo
echo "reference solution (solutions/), passed runs of each test:"
./labs check "$LAB" --submission solutions --runs "$RUNS" --format text || true
