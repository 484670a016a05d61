#!/bin/sh
# Prints the controlled scheduler's cost per scheduling point on this machine (target: under 1 µs), and
# the cost of the mutex lab's controlled tests per schedule.
#
# Per point: one schedule of 2 threads x 50 000 fetch_add (tests/harness/controlled/overhead_bench.cpp),
# so the fork and thread start-up of the schedule are negligible. PCT switches threads rarely, random walk
# at about every other point (each switch is a futex hand-over between two OS threads).
# Per schedule: the reference solution's controlled tests, 2000 schedules each; this is dominated by the
# fork and the thread start-ups of every schedule.
# Usage: bench/controlled_overhead.sh [BUILD_DIR]   (default: build/release)
set -eu
build=${1:-build/release}
dir=$build/tests/harness/controlled
for binary in "$dir/controlled_overhead_bench" "$dir/controlled_mutex_reference"; do
  [ -x "$binary" ] || { echo "missing $binary: build it first (ninja -C $build $(basename "$binary"))" >&2; exit 2; }
done

# Reads "controlled: pct: 2000 schedules, 95685 scheduling steps in 3.18 s, no failure." on stdin.
summary() {
  awk -v label="$1" '/^controlled:/ {
    for (i = 1; i <= NF; i++) { if ($(i+1) == "schedules,") n = $i; if ($(i+1) == "scheduling") k = $i; if ($(i+1) == "s,") sec = $i }
    printf "%-34s %10d %10d %8.2f %11.3f %12.1f\n", label, n, k, sec, sec * 1e6 / k, sec * 1e3 / n }'
}

printf '%-34s %10s %10s %8s %11s %12s\n' "workload / strategy" schedules steps seconds "µs/point" "ms/schedule"
for strategy in pct random; do
  "$dir/controlled_overhead_bench" --lab-strategy=$strategy --lab-schedules=1 --lab-step-bound=1000000 \
    --lab-results=/dev/null | summary "2 threads x 50000 fetch_add, $strategy"
done
for test in SpinLockExclusion TicketLockExclusion MutexNoLostWakeup; do
  for strategy in pct random bounded; do
    "$dir/controlled_mutex_reference" --gtest_filter=Controlled.$test --lab-strategy=$strategy \
      --lab-schedules=2000 --lab-budget-ms=60000 --lab-results=/dev/null | summary "$test, $strategy"
  done
done
