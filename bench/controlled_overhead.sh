#!/bin/sh
# Prints the controlled scheduler's cost per scheduling point on this machine (target: under 1 µs), and
# the cost of the mutex lab's controlled tests per schedule; each figure is the median of REPEATS runs.
#
# Per point: one schedule of 2 threads x 50 000 fetch_add (tests/harness/controlled/overhead_bench.cpp),
# so the fork and thread start-up of the schedule are negligible. PCT switches threads rarely, random walk
# at about every other point (each switch hands the baton from one OS thread to another).
# Per schedule: the reference solution's controlled tests, 2000 schedules each; this is dominated by the
# fork and the thread start-ups of every schedule.
# Usage: bench/controlled_overhead.sh [BUILD_DIR [REPEATS]]   (default: build/release, 3)
#   cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release
#   ninja -C build/release controlled_overhead_bench controlled_mutex_reference
set -eu
build=${1:-build/release}
repeats=${2:-3}
dir=$build/tests/harness/controlled
for binary in "$dir/controlled_overhead_bench" "$dir/controlled_mutex_reference"; do
  [ -x "$binary" ] || { echo "missing $binary: build it first (ninja -C $build $(basename "$binary"))" >&2; exit 2; }
done

# Reads the "controlled: pct: 2000 schedules, 95685 scheduling steps in 3.18 s, no failure." lines of
# REPEATS runs on stdin; prints the run of median seconds.
summary() {
  awk -v label="$1" '/^controlled:/ {
      for (i = 1; i <= NF; i++) { if ($(i+1) == "schedules,") n[++runs] = $i; if ($(i+1) == "scheduling") k[runs] = $i; if ($(i+1) == "s,") sec[runs] = $i }
    }
    END {
      for (i = 1; i <= runs; i++) order[i] = i
      for (i = 1; i <= runs; i++) for (j = i + 1; j <= runs; j++) if (sec[order[j]] < sec[order[i]]) { t = order[i]; order[i] = order[j]; order[j] = t }
      m = order[int((runs + 1) / 2)]
      printf "%-34s %10d %10d %8.3f %11.3f %12.2f\n", label, n[m], k[m], sec[m], sec[m] * 1e6 / k[m], sec[m] * 1e3 / n[m] }'
}

# The results files go to a scratch file, never to /dev/null.
results=$(mktemp)
trap 'rm -f "$results"' EXIT

repeat() { i=0; while [ "$i" -lt "$repeats" ]; do "$@"; i=$((i + 1)); done; }

echo "bench/controlled_overhead.sh: median of $repeats runs, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-34s %10s %10s %8s %11s %12s\n' "workload / strategy" schedules steps seconds "µs/point" "ms/schedule"
for strategy in pct random bounded; do
  repeat "$dir/controlled_overhead_bench" --lab-strategy=$strategy --lab-schedules=1 --lab-step-bound=1000000 \
    --lab-results="$results" | summary "2 threads x 50000 fetch_add, $strategy"
done
for test in SpinLockExclusion TicketLockExclusion MutexNoLostWakeup; do
  for strategy in pct random bounded; do
    repeat "$dir/controlled_mutex_reference" --gtest_filter=Controlled.$test --lab-strategy=$strategy \
      --lab-schedules=2000 --lab-budget-ms=60000 --lab-results="$results" | summary "$test, $strategy"
  done
done
echo "load average afterwards: $(cut -d' ' -f1-3 /proc/loadavg)"
