#!/usr/bin/env bash
# `ci` as GitHub Actions runs it: JUnit valid per the XSD, annotations at the student's line, the step
# summary and the Classroom output appended to their files, exit statuses 1 (a failure), 0, and 2.
# Usage: ci_github_test.sh GRADER SOURCE_DIR BUILD_DIR
set -u
# Its own work directory: ctest -j runs other end-to-end tests on the same submissions at the same time.
grader="$1"; src="$2"; build="$3"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail() { echo "ci_github_test: $*" >&2; exit 1; }
run_ci() {
  (cd "$src" && GITHUB_STEP_SUMMARY="$tmp/summary.md" GITHUB_OUTPUT="$tmp/output" \
     "$grader" --course "$src/course.yaml" --build-info "$build/grader-build.json" --work-dir "$build/e2e-platforms-ci" \
     --no-color ci "$@")
}

# A spinlock with relaxed orders: ThreadSanitizer reports a race that the grader places in locks.cpp.
run_ci mutex --submission tests/mutants/mutex/spin_relaxed_order --only spin_exclusion_2,spin_try_lock \
  --junit "$tmp/junit.xml" --classroom >"$tmp/stdout" 2>&1
status=$?
cat "$tmp/stdout"
[[ $status == 1 ]] || fail "exit status $status for a failing submission, expected 1"
grep -qE '^::error file=tests/mutants/mutex/spin_relaxed_order/mutex/locks\.cpp,line=[0-9]+,title=mutex/spin_exclusion_2 failed::' \
  "$tmp/stdout" || fail "no annotation at the student's file and line"
grep -q '^::notice title=Score::' "$tmp/stdout" || fail "no score notice"
xmllint --noout --schema "$src/tests/grader/data/junit.xsd" "$tmp/junit.xml" || fail "JUnit does not match the XSD"
grep -q '<failure message=' "$tmp/junit.xml" || fail "JUnit has no failure"
grep -q '| `mutex/spin_exclusion_2`' "$tmp/summary.md" || fail "step summary has no table row"
grep -q '^result=' "$tmp/output" || fail "no Classroom step output"
sed -n 's/^result=//p' "$tmp/output" | base64 -d >"$tmp/classroom.json" || fail "Classroom output is not base64"
"$grader" validate classroom "$tmp/classroom.json" || fail "Classroom result invalid"
"$grader" validate classroom "$tmp/classroom.json.missing" >/dev/null && fail "validate accepted a missing file"

# The reference passes: exit 0, and the summary is appended (two runs, two headings).
run_ci mutex --submission solutions --only spin_try_lock --junit "$tmp/junit2.xml" >"$tmp/stdout2" 2>&1
status=$?
cat "$tmp/stdout2"
[[ $status == 0 ]] || fail "exit status $status for the reference, expected 0"
xmllint --noout --schema "$src/tests/grader/data/junit.xsd" "$tmp/junit2.xml" || fail "JUnit (pass) does not match the XSD"
[[ "$(grep -c '^## Concurrency labs' "$tmp/summary.md")" == 2 ]] || fail "the summary was not appended"

# A usage error: exit 2.
run_ci nosuchlab >/dev/null 2>&1
status=$?
[[ $status == 2 ]] || fail "exit status $status for an unknown lab, expected 2"
echo "ci_github_test: ok"
