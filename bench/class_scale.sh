#!/usr/bin/env bash
# A class of N submissions (default 100) made by copying examples/class's students in turn, graded with
# -j 2 from a warm framework build and a fresh work directory: wall time (target for 100 x 6 labs:
# <= 30 min on 2 cores) and per lab the build and run seconds summed over the class (results.json).
# Usage: bench/class_scale.sh [N [LABS]]   (LABS: comma-separated, default every lab; LABS_BUILD_DIR=DIR:
#        that build instead of build/<preset>)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
N="${1:-100}"
LABS="${2:-}"
BUILD_DIR="${LABS_BUILD_DIR:-$ROOT/build/${LABS_PRESET:-default}}"
[[ -n "${LABS_BUILD_DIR:-}" ]] || ./labs build >/dev/null
tmp="$(mktemp -d "${TMPDIR:-/tmp}/bench-class-XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

mapfile -t students < <(find examples/class -mindepth 1 -maxdepth 1 -type d | sort)
((${#students[@]} > 0)) || { echo "no students in examples/class" >&2; exit 2; }
mkdir -p "$tmp/class"
for ((i = 0; i < N; ++i)); do
  source="${students[i % ${#students[@]}]}"
  cp -r "$source" "$tmp/class/$(printf 's%03d_%s' "$i" "$(basename "$source")")"
done

start=$(date +%s%N)
status=0
"$BUILD_DIR/grader/labs-grader" --course course.yaml --build-info "$BUILD_DIR/grader-build.json" \
  --work-dir "$tmp/work" --no-color -j 2 grade "$tmp/class" --out "$tmp/out" ${LABS:+--labs "$LABS"} \
  >"$tmp/grade.log" 2>&1 || status=$?
end=$(date +%s%N)
[[ $status -le 1 ]] || { tail -n 30 "$tmp/grade.log"; echo "grade failed with status $status" >&2; exit 1; }

echo "bench/class_scale.sh: $N submissions (copies of ${#students[@]} sample students), labs: ${LABS:-all}, -j 2, $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg) at the end"
awk -v a="$start" -v b="$end" -v n="$N" 'BEGIN {printf "  wall time   %.1f s (%.1f s per submission)\n", (b - a) / 1e9, (b - a) / 1e9 / n}'
printf "  %-12s %12s %12s %8s\n" lab build_s_sum run_s_sum graded
jq -r '.labs[] | [.id, .build_s, .run_s] | @tsv' "$tmp"/out/*/results.json |
  awk -F'\t' '{b[$1] += $2; r[$1] += $3; n[$1]++} END {for (l in b) printf "  %-12s %12.1f %12.1f %8d\n", l, b[l], r[l], n[l]}' | sort
