#!/usr/bin/env bash
# Measures what the sandbox (bubblewrap + cgroup + limits, docs/sandbox.md) adds per test process: the
# same quick test of the reference mutex is checked N times with --sandbox and N times with --no-sandbox
# from a warm build; each run starts two processes (a no-op ninja and the test), both sandboxed or not.
# Usage: bench/sandbox_overhead.sh [N] (default 20). LABS_GRADER_BUILD=DIR uses that build directory.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
N="${1:-20}"
TEST=mutex_no_futex_uncontended

if [[ -n "${LABS_GRADER_BUILD:-}" ]]; then
  build="$LABS_GRADER_BUILD"
else
  ./labs build >/dev/null
  build="$(ls -d build/*/grader-build.json | head -n 1 | xargs dirname)"
fi
grader=("$build/grader/labs-grader" --course course.yaml --build-info "$build/grader-build.json"
        --work-dir "$build/work" --no-color)

# Wall seconds of `check mutex --runs N` of one test in one configuration, sandboxed or not.
timed_runs() {
  local mode="$1" runs="$2" start end
  start=$(date +%s%N)
  "${grader[@]}" check mutex --submission solutions --only "$TEST" --config plain --runs "$runs" "$mode" \
    >/tmp/sandbox-overhead.log 2>&1 || { echo "check $mode failed:"; cat /tmp/sandbox-overhead.log; exit 1; }
  end=$(date +%s%N)
  echo $(((end - start) / 1000000))
}

timed_runs --sandbox 1 >/dev/null  # warm: build the submission once in each mode
timed_runs --no-sandbox 1 >/dev/null
with=$(timed_runs --sandbox "$N")
without=$(timed_runs --no-sandbox "$N")
isolation=$("${grader[@]}" --format json check mutex --submission solutions --only "$TEST" --config plain --sandbox \
  2>&1 >/dev/null | grep -c 'not isolated' || true)

printf 'bench/sandbox_overhead.sh (%s runs of %s, plain, %s cores)\n' "$N" "$TEST" "$(nproc)"
printf '  --no-sandbox  %6d ms total  %6.1f ms per run\n' "$without" "$(awk -v t="$without" -v n="$N" 'BEGIN {print t / n}')"
printf '  --sandbox     %6d ms total  %6.1f ms per run\n' "$with" "$(awk -v t="$with" -v n="$N" 'BEGIN {print t / n}')"
awk -v a="$with" -v b="$without" -v n="$N" 'BEGIN {
  printf "  overhead per sandboxed process: %.1f ms (2 processes per run; target: under 50 ms)\n", (a - b) / n / 2 }'
[[ "$isolation" == 0 ]] || echo "  note: bubblewrap is not available here: only limits were measured"
