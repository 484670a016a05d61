#!/usr/bin/env bash
# The Gradescope autograder zip end to end: package it, lay out a temporary /autograder, run
# run_autograder (it drops to `nobody`) on a submission that does not compile, on a run cut short by
# the time limit, on the reference, and with the grader missing; every results.json must be valid.
# Usage: gradescope_autograder_test.sh GRADER SOURCE_DIR BUILD_DIR
set -u
grader="$1"; src="$2"; build="$3"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"  # nobody must reach the temporary /autograder below it
fail() { echo "gradescope_autograder_test: $*" >&2; exit 1; }

"$grader" --course "$src/course.yaml" --build-info "$build/grader-build.json" --work-dir "$build/e2e-platforms-gradescope" \
  package gradescope "$tmp/autograder.zip" --lab mutex || fail "package failed"
listing="$(unzip -Z1 "$tmp/autograder.zip")"
for required in setup.sh run_autograder autograder.conf course.yaml labs CMakeLists.txt grader/CMakeLists.txt; do
  grep -qx "$required" <<<"$listing" || fail "$required is not at the root of the zip"
done
grep -q '^solutions/' <<<"$listing" && fail "the zip must not carry the reference solutions"

# A fresh /autograder: source/ from the zip, submission/ from the student, results/ empty.
make_root() {  # NAME -> prints the root
  local root="$tmp/$1"
  mkdir -p "$root/source" "$root/submission" "$root/results"
  unzip -q "$tmp/autograder.zip" -d "$root/source"
  echo "$root"
}
run_autograder() {  # ROOT LIMIT [BUILD]
  LABS_AUTOGRADER_ROOT="$1" LABS_TIME_LIMIT="$2" LABS_AUTOGRADER_BUILD="${3:-$build}" \
    "$1/source/run_autograder" >"$1/stdout" 2>&1
  local status=$?
  cat "$1/stdout"
  [[ $status == 0 ]] || fail "run_autograder exited $status"
  "$grader" validate gradescope "$1/results/results.json" || fail "invalid results.json in $1"
}
json() { jq -r "$1" "$2"; }

# 1. Does not compile (files at the top of the upload): every test 0 with the compiler's message.
root="$(make_root broken)"
cp "$src/solutions/mutex/locks.hpp" "$root/submission/"
printf 'this is not C++\n' >"$root/submission/locks.cpp"
run_autograder "$root" 120
[[ "$(json '.score' "$root/results/results.json")" == 0 ]] || fail "a broken submission scored"
json '.tests[0].output' "$root/results/results.json" | grep -q 'does not compile' || fail "no compiler message"
# The student's code was built by nobody, not root.
[[ "$(stat -c %U "$root/labs-work/build")" == nobody ]] || fail "the grader did not run as nobody"
grep -q 'complete results (uncapped)' "$root/stdout" || fail "the instructor's log lacks the full results"

# 2. Cut short: a 25 s limit leaves a 5 s budget, less than building the three configurations takes:
#    the first test runs, the others are "not run" (or, if the build outlasts timeout, all of them).
root="$(make_root short)"
mkdir -p "$root/submission/exercises/mutex"
cp "$src/solutions/mutex/"locks.* "$root/submission/exercises/mutex/"
run_autograder "$root" 25
json '.tests[].output' "$root/results/results.json" | grep -q '^not run' || fail "no test was cut off"

# 3. The reference in mutex/: every test that ran passed, nothing failed for a wrong reason.
root="$(make_root reference)"
mkdir -p "$root/submission/mutex"
cp "$src/solutions/mutex/"locks.* "$root/submission/mutex/"
run_autograder "$root" 300
failed="$(jq '[.tests[] | select(.status == "failed" and (.output | startswith("not run") | not))] | length' \
  "$root/results/results.json")"
[[ "$failed" == 0 ]] || fail "the reference failed $failed tests"

# 4. The grader is missing (setup.sh failed): the fallback results.json is still valid.
root="$(make_root nobuild)"
run_autograder "$root" 60 "$tmp/no-such-build"
json '.output' "$root/results/results.json" | grep -q 'could not grade' || fail "no fallback message"
echo "gradescope_autograder_test: ok"
