#!/usr/bin/env bash
# Kills a batch with SIGKILL after its first result appears, resumes it with --resume, and checks that the
# gradebook equals a clean run's and that the submission finished before the kill was not graded again.
# Usage: grade_resume_test.sh GRADER SOURCE_DIR BINARY_DIR
set -euo pipefail
grader="$1"; source_dir="$2"; binary_dir="$3"
root="$binary_dir/e2e-grade-resume"
work="$root/work"
rm -rf "$root"
mkdir -p "$root/class"
# -j 1 grades in name order: the starter code (fast: every test is "not implemented yet") finishes first.
ln -s "$source_dir/exercises" "$root/class/a_starter"
ln -s "$source_dir/solutions" "$root/class/b_reference"
ln -s "$source_dir/tests/mutants/mutex/misuse_undetected" "$root/class/c_misuse"
# Two tests are enough to show what resuming keeps: the misuse mutant fails one and passes the other.
run_grader() {
  "$grader" --course "$source_dir/course.yaml" --build-info "$binary_dir/grader-build.json" --work-dir "$work" \
    --no-color -j 1 grade "$root/class" --labs mutex --only spin_exclusion_2,unlock_misuse "$@"
}
# shellcheck source=batch_kill.sh
source "$(dirname "$0")/batch_kill.sh"
fail() { echo "grade_resume_test: $*" >&2; exit 1; }

echo "== clean run"
run_grader --out "$root/clean" >"$root/clean.log" 2>&1 || [[ $? == 1 ]] || { cat "$root/clean.log"; fail "clean run failed"; }

echo "== killed run"
run_grader --out "$root/resumed" >"$root/killed.log" 2>&1 &
grader_pid=$!
kill_after_first_result "$grader_pid" "$root/resumed/a_starter/results.json" "$root/killed.log" "$work" \
  || fail "could not kill the batch midway"
[[ ! -f "$root/resumed/gradebook.csv" ]] || fail "the batch finished before it was killed; nothing was resumed"
stamp_before="$(stat -c '%i %Y.%y' "$root/resumed/a_starter/results.json")"

echo "== without --resume the non-empty output directory is refused"
set +e
run_grader --out "$root/resumed" >"$root/refused.log" 2>&1
status=$?
set -e
[[ $status == 2 ]] || { cat "$root/refused.log"; fail "expected exit 2, got $status"; }
grep -q -- "--resume" "$root/refused.log" || fail "the refusal does not mention --resume"

echo "== resumed run"
run_grader --out "$root/resumed" --resume >"$root/resumed.log" 2>&1 || [[ $? == 1 ]] || { cat "$root/resumed.log"; fail "resumed run failed"; }
cat "$root/resumed.log"
grep -q "a_starter .*(from the previous run)" "$root/resumed.log" || fail "a_starter was graded again"
if grep -q "b_reference .*(from the previous run)" "$root/resumed.log"; then fail "b_reference cannot be from the killed run"; fi
[[ "$(stat -c '%i %Y.%y' "$root/resumed/a_starter/results.json")" == "$stamp_before" ]] \
  || fail "a_starter/results.json was rewritten"
diff "$root/clean/gradebook.csv" "$root/resumed/gradebook.csv" || fail "the resumed gradebook differs from the clean run's"
for student in a_starter b_reference c_misuse; do
  for file in results.json feedback.md feedback.html; do
    [[ -s "$root/resumed/$student/$file" ]] || fail "missing $student/$file"
  done
done
[[ -s "$root/resumed/report.html" ]] || fail "missing report.html"

echo "== a second --resume grades nothing again"
run_grader --out "$root/resumed" --resume >"$root/again.log" 2>&1 || [[ $? == 1 ]] || fail "second resume failed"
[[ "$(grep -c "(from the previous run)" "$root/again.log")" == 3 ]] || { cat "$root/again.log"; fail "something was graded again"; }
echo "grade_resume_test: passed"
