#!/usr/bin/env bash
# Grades the sample class (every lab in course.yaml) with -j 2 from a warm framework build and prints:
# wall time, per submission and per lab the build and run seconds (build_s/run_s of results.json), and the
# grader's peak memory. Peak memory is the grader process's own high-water mark (VmHWM from
# /proc/PID/status, polled until it exits: the labs-grader process alone, not the compilers or test
# processes it starts); the largest process of the whole tree is printed as well when /usr/bin/time exists.
# Usage: bench/grade_class.sh [CLASS_DIR]   (LABS_BUILD_DIR=DIR uses that build instead of ./labs build;
#        LABS_GRADER=FILE another labs-grader executable)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CLASS="${1:-examples/class}"
JOBS=2

if [[ -n "${LABS_BUILD_DIR:-}" ]]; then
  BUILD_DIR="$LABS_BUILD_DIR"
else
  ./labs build >/dev/null
  BUILD_DIR="$ROOT/build/${LABS_PRESET:-default}"
fi
out="$(mktemp -d "${TMPDIR:-/tmp}/bench-grade-XXXXXX")"
work="$out.work"
trap 'rm -rf "$out" "$work"' EXIT
rmdir "$out"

# A fresh work directory: every submission is built from scratch (the framework libraries are prebuilt).
timer=()
[[ -x /usr/bin/time ]] && timer=(/usr/bin/time -f "%M" -o "$out.tree-rss")
grader="${LABS_GRADER:-$BUILD_DIR/grader/labs-grader}"
start=$(date +%s%N)
"${timer[@]}" "$grader" --course "$ROOT/course.yaml" --build-info "$BUILD_DIR/grader-build.json" \
  --work-dir "$work" --no-color -j "$JOBS" grade "$CLASS" --out "$out" >"$out.log" 2>&1 &
pid=$!
grader_pid=""
hwm=0
while kill -0 "$pid" 2>/dev/null; do
  # With /usr/bin/time in front, the grader is its child.
  [[ -z "$grader_pid" ]] && grader_pid=$(pgrep -P "$pid" -x labs-grader || true)
  [[ ${#timer[@]} == 0 ]] && grader_pid=$pid
  if [[ -n "$grader_pid" && -r /proc/$grader_pid/status ]]; then
    now=$(awk '/^VmHWM:/ {print $2}' "/proc/$grader_pid/status" 2>/dev/null || echo 0)
    ((${now:-0} > hwm)) && hwm=$now
  fi
  sleep 0.2
done
status=0
wait "$pid" || status=$?
end=$(date +%s%N)
[[ $status -le 1 ]] || { cat "$out.log"; echo "grade failed with status $status" >&2; exit 1; }

echo "bench/grade_class.sh: $CLASS, -j $JOBS, $(nproc) cores, fresh work directory"
awk -v a="$start" -v b="$end" 'BEGIN {printf "  wall time                 %.1f s\n", (b - a) / 1e9}'
printf "  grader peak memory        %.1f MB (VmHWM of labs-grader itself)\n" "$(awk -v k="$hwm" 'BEGIN {print k / 1024}')"
[[ -f "$out.tree-rss" ]] && printf "  largest process of tree   %.1f MB (/usr/bin/time max RSS: a compiler or test)\n" \
  "$(tail -n 1 "$out.tree-rss" | awk '{print $1 / 1024}')"  # time -o writes "Command exited with ..." first
rm -f "$out.tree-rss"
echo
printf "  %-12s %9s %9s %9s\n" submission build_s run_s score
for results in "$out"/*/results.json; do
  jq -r '[.submission.name, ([.labs[].build_s] | add), ([.labs[].run_s] | add), "\(.score)/\(.max)"] | @tsv' "$results"
done | awk -F'\t' '{printf "  %-12s %9.1f %9.1f %9s\n", $1, $2, $3, $4}'
echo
printf "  %-12s %9s %9s   (mean over the submissions that handed the lab in)\n" lab build_s run_s
jq -rs '[.[].labs[] | select(.submitted)] | group_by(.id)[] |
        [.[0].id, (map(.build_s) | add / length), (map(.run_s) | add / length)] | @tsv' "$out"/*/results.json \
  | awk -F'\t' '{printf "  %-12s %9.1f %9.1f\n", $1, $2, $3}'
rm -f "$out.log"
