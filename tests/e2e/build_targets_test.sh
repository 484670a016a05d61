#!/usr/bin/env bash
# ./labs builds what a command needs by asking the grader, which parses the command line with the
# command's own parser: options before or after the lab, options with values (including ones ./labs has
# never heard of), a mutant's lab from its mutant.yaml, a class's submitted labs, --labs.
# Usage: build_targets_test.sh GRADER SOURCE_DIR BINARY_DIR
set -euo pipefail
grader="$1"; source_dir="$2"; binary_dir="$3"
root="$binary_dir/e2e-build-targets"
rm -rf "$root"
mkdir -p "$root/class/alice/mutex" "$root/class/bob/cow"
fail() { echo "build_targets_test: $*" >&2; exit 1; }
targets() {  # COMMAND ARGS... -> the targets, sorted, on one line
  "$grader" --course "$source_dir/course.yaml" --build-info "$binary_dir/grader-build.json" \
    --print-build-targets "$@" | sort | tr '\n' ' '
}
labs_of() {  # TARGETS -> the labs whose test libraries they name, sorted, on one line
  grep -oE 'labtests_[a-z]+' <<<"$1" | sed 's/labtests_//' | sort -u | tr '\n' ' '
}
expect_labs() {  # EXPECTED -- COMMAND ARGS...
  local expected="$1" got
  shift 2
  got="$(targets "$@")" || fail "$* exited $?"
  [[ "$(labs_of "$got")" == "$expected" ]] || fail "$*: built the labs '$(labs_of "$got")', expected '$expected'"
  grep -q "labs-grader" <<<"$got" || fail "$*: the grader itself is not among the targets"
  echo "ok: $* -> $expected"
}

mutex="$(targets check mutex)"
[[ "$mutex" == *harness_* ]] || fail "check mutex needs no harness library: $mutex"
[[ "$(targets check --only spin_exclusion_2 --seed 7 mutex --config plain --submission "$source_dir/solutions" --no-color)" == "$mutex" ]] \
  || fail "options around the lab changed check's targets"
expect_labs "mutex " -- check --budget=90s mutex --runs 3
expect_labs "semaphore " -- replay semaphore controlled_sem_exclusion --schedule 1.2.3
expect_labs "cow " -- verify-mutant "$source_dir/tests/mutants/cow/refcount_not_atomic" --runs 3
expect_labs "mutex semaphore " -- ci --only spin_exclusion_2 mutex semaphore --budget 10m
# grade: the labs the class's submissions hand in, whatever options come before the directory.
expect_labs "cow mutex " -- grade --time-budget 10m --runs 2 "$root/class" --out "$root/out"
expect_labs "mutex " -- grade "$root/class" --labs mutex -j 1
[[ "$(targets merge "$root/a" "$root/b" --out "$root/o")" == "labs-grader " ]] || fail "merge needs more than the grader"
# A command line the grader cannot parse prints nothing and fails: ./labs then builds only the grader,
# and the command explains the mistake.
if targets check mutex --no-such-option >/dev/null 2>&1; then fail "an unknown option was accepted"; fi
echo "build_targets_test: passed"
