#!/usr/bin/env bash
# PrairieLearn's external grader reproduced: the student's files in /grade/student (a temporary /grade),
# the entrypoint of docs/platforms/prairielearn.md (templates/prairielearn/run_grader LAB BUDGET) run as
# PrairieLearn runs it (root in the grader container: run_grader drops to `nobody`), results read from
# /grade/results/results.json: a passing and a failing submission are gradable with score = points /
# max points, an upload without the lab's files is gradable: false with a message.
# Usage: prairielearn_grader_test.sh GRADER SOURCE_DIR BUILD_DIR
# Exit 77 (skipped) when not root or without a user `nobody`.
set -u
grader="$1"; src="$2"; build="$3"
fail() { echo "prairielearn_grader_test: $*" >&2; exit 1; }
if [[ "$(id -u)" != 0 ]] || ! id nobody >/dev/null 2>&1; then
  echo "prairielearn_grader_test: SKIPPED: the grader container runs as root and drops to nobody" >&2
  exit 77
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
lab=scheduler
only=mlfq_golden,lottery_golden  # 6 and 5 points (course.yaml)

# The entrypoint as documented, with /course replaced by this checkout.
entrypoint="$(grep -o '"entrypoint": "[^"]*"' "$src/docs/platforms/prairielearn.md" | head -1 | sed 's/.*: "//; s/"$//')"
[[ "$entrypoint" == /course/templates/prairielearn/run_grader\ * ]] || fail "no run_grader entrypoint in the docs: $entrypoint"
read -r -a command <<<"${entrypoint//\/course\//$src/}"
command[1]="$lab"

grade() {  # NAME FILES... -> /grade of that submission in $tmp/NAME
  local root="$tmp/$1"; shift
  mkdir -p "$root/student" "$root/data"
  [[ $# == 0 ]] || cp "$@" "$root/student/"
  LABS_GRADE_ROOT="$root" LABS_BUILD_DIR="$build" LABS_ONLY="$only" "${command[@]}" >"$root/log" 2>&1
  local status=$?
  cat "$root/log"
  [[ $status == 0 ]] || fail "$1: run_grader exited $status"
  "$grader" validate prairielearn "$root/results/results.json" || fail "$1: invalid results.json"
}
field() { jq -r "$1" "$tmp/$2/results/results.json"; }

echo "== passing"
grade passing "$src/solutions/$lab/"policies.*
[[ "$(field .gradable passing)" == true && "$(field .score passing)" == 1 ]] || fail "passing: not gradable with score 1"
[[ "$(field '[.tests[].points] | add' passing)" == 11 ]] || fail "passing: the tests' points do not add up to 11"

echo "== failing"
grade failing "$src/exercises/$lab/"policies.*
[[ "$(field .gradable failing)" == true && "$(field .score failing)" == 0 ]] || fail "failing: not gradable with score 0"
[[ "$(field '[.tests[].max_points] | add' failing)" == 11 ]] || fail "failing: max points do not add up to 11"
# A stress failure's command is a re-run (it may not reproduce), never called a replay.
field '.tests[0].output' failing | grep -q '^re-run (may not reproduce): \./labs check scheduler --only mlfq_golden' \
  || fail "failing: no re-run command for the student's own checkout"
if grep -q 'labs-grade\.' "$tmp/failing/results/results.json"; then fail "failing: the grader's scratch path is shown"; fi

echo "== nothing to grade: no file of the lab in the upload"
grade empty
[[ "$(field .gradable empty)" == false ]] || fail "an empty upload was gradable"
field .message empty | grep -q 'policies.cpp' || fail "the message does not name the lab's files"
echo "== an upload is data: a symbolic link is not followed"
mkdir -p "$tmp/linked/student"
cp "$src/solutions/$lab/policies.hpp" "$tmp/linked/student/"
ln -s "$src/solutions/$lab/policies.cpp" "$tmp/linked/student/policies.cpp"
grade linked
grep -q 'policies.cpp is not in the upload' "$tmp/linked/log" || fail "the link was followed"
[[ "$(field .score linked)" == 0 ]] || fail "a linked file was graded"
echo "prairielearn_grader_test: ok"
