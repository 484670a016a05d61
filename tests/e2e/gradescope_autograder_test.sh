#!/usr/bin/env bash
# The Gradescope autograder zip as Gradescope uses it: packaged for one lab (scheduler: two
# configurations, the cheapest to build), unpacked into a temporary /autograder-shaped root, set up by its
# own setup.sh (configured and built from the zip alone; nothing of this checkout's build is reused; the
# compiler cache may make it quick), then run_autograder, which drops to `nobody`, for a submission that
# does not compile, a failing and a passing one (two tests of different weights), a run cut short, and a
# missing build. Every results.json must be valid, its score the sum of its tests' scores.
# Usage: gradescope_autograder_test.sh GRADER SOURCE_DIR BUILD_DIR
# Exit 77 (skipped) where it cannot run as Gradescope does: not root, or no user `nobody`.
set -u
grader="$1"; src="$2"; build="$3"
fail() { echo "gradescope_autograder_test: $*" >&2; exit 1; }
if [[ "$(id -u)" != 0 ]] || ! id nobody >/dev/null 2>&1; then
  echo "gradescope_autograder_test: SKIPPED: setup.sh runs as root and run_autograder drops to nobody" >&2
  exit 77
fi
# Under the build directory: a path the compiler cache (CCACHE_BASEDIR) maps to the same relative paths as
# the suite's own build; removed afterwards like any temporary directory.
tmp="$(mktemp -d "$build/gradescope-test.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"  # nobody must reach the temporary /autograder below it
lab=scheduler
only=mlfq_golden,lottery_golden  # 6 and 5 points (course.yaml)

"$grader" --course "$src/course.yaml" --build-info "$build/grader-build.json" --work-dir "$tmp/package-work" \
  package gradescope "$tmp/autograder.zip" --lab "$lab" || fail "package failed"
listing="$(unzip -Z1 "$tmp/autograder.zip")"
for required in setup.sh run_autograder autograder.conf course.yaml labs CMakeLists.txt grader/CMakeLists.txt; do
  grep -qx "$required" <<<"$listing" || fail "$required is not at the root of the zip"
done
grep -q '^solutions/' <<<"$listing" && fail "the zip must not carry the reference solutions"

# Gradescope's image: /autograder/source holds the zip, setup.sh runs once as root.
image="$tmp/image"
mkdir -p "$image/source"
unzip -q "$tmp/autograder.zip" -d "$image/source"
echo "== setup.sh (configures and builds from the zip)"
start=$(date +%s)
(cd "$image/source" && ./setup.sh) >"$tmp/setup.log" 2>&1 || { cat "$tmp/setup.log"; fail "setup.sh failed"; }
echo "setup.sh took $(($(date +%s) - start)) s"
built_tests="$(cd "$image/source/build/default" && find . -name 'liblabtests_*.a' | sed 's|.*/liblabtests_||; s|\.a$||' | sort | tr '\n' ' ')"
[[ "$built_tests" == "${lab}_asan ${lab}_plain " ]] || fail "setup.sh built the tests of other labs or configurations: $built_tests"

# One submission: the image's source (shared, as every container starts from the same image) with its
# own /autograder/submission and an empty results/.
make_root() {  # NAME -> prints the root
  local root="$tmp/$1"
  mkdir -p "$root/submission" "$root/results"
  ln -s "$image/source" "$root/source"
  echo "$root"
}
run_autograder() {  # ROOT LIMIT [BUILD]
  env LABS_AUTOGRADER_ROOT="$1" LABS_TIME_LIMIT="$2" ${3:+LABS_AUTOGRADER_BUILD="$3"} \
    "$1/source/run_autograder" >"$1/stdout" 2>&1
  local status=$?
  cat "$1/stdout"
  [[ $status == 0 ]] || fail "run_autograder exited $status"
  "$grader" validate gradescope "$1/results/results.json" || fail "invalid results.json in $1"
}
json() { jq -r "$1" "$2"; }
# Gradescope shows `score` and records it; the tests' scores must add up to it.
expect_total() {  # ROOT SCORE TESTS
  local file="$1/results/results.json"
  [[ "$(json '.score' "$file")" == "$2" ]] || fail "$1: score $(json '.score' "$file"), expected $2"
  [[ "$(json '[.tests[].score] | add // 0' "$file")" == "$2" ]] || fail "$1: the tests' scores do not add up to $2"
  [[ "$(json '.tests | length' "$file")" == "$3" ]] || fail "$1: $(json '.tests | length' "$file") tests, expected $3"
}

echo "== does not compile (files at the top of the upload)"
root="$(make_root broken)"
cp "$src/solutions/$lab/policies.hpp" "$root/submission/"
printf 'this is not C++\n' >"$root/submission/policies.cpp"
LABS_ONLY="$only" run_autograder "$root" 120
expect_total "$root" 0 2
json '.tests[0].output' "$root/results/results.json" | grep -q 'does not compile' || fail "no compiler message"
# The student's code was built by nobody, not root.
[[ "$(stat -c %U "$root/labs-work/build")" == nobody ]] || fail "the grader did not run as nobody"
grep -q 'complete results (uncapped)' "$root/stdout" || fail "the instructor's log lacks the full results"

echo "== failing: the starter code, uploaded as a repository (exercises/$lab/)"
root="$(make_root failing)"
mkdir -p "$root/submission/exercises/$lab"
cp "$src/exercises/$lab/"policies.* "$root/submission/exercises/$lab/"
LABS_ONLY="$only" run_autograder "$root" 300
expect_total "$root" 0 2
[[ "$(json '[.tests[] | select(.status == "failed")] | length' "$root/results/results.json")" == 2 ]] || fail "the starter passed a test"

echo "== passing: the reference in $lab/"
root="$(make_root passing)"
mkdir -p "$root/submission/$lab"
cp "$src/solutions/$lab/"policies.* "$root/submission/$lab/"
LABS_ONLY="$only" run_autograder "$root" 300
expect_total "$root" 11 2
[[ "$(json '[.tests[] | select(.status == "passed")] | length' "$root/results/results.json")" == 2 ]] || fail "the reference failed"

echo "== cut short: a 25 s limit leaves a 5 s budget for every test of the lab"
root="$(make_root short)"
cp "$src/solutions/$lab/"policies.* "$root/submission/"
run_autograder "$root" 25
json '.tests[].output' "$root/results/results.json" | grep -q '^not run' || fail "no test was cut off"

echo "== the grader is missing (setup.sh failed): the fallback says the score is not final"
root="$(make_root nobuild)"
run_autograder "$root" 60 "$tmp/no-such-build"
json '.output' "$root/results/results.json" | grep -q 'could not grade' || fail "no fallback message"
json '.output' "$root/results/results.json" | grep -q 'not final' || fail "the fallback does not say the score is not final"
echo "gradescope_autograder_test: ok"
