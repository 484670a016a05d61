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

# Classroom's reporter, per runner <name>=<base64> of the step outputs: it shows (tests passed / tests) x
# max_score and records the sum of the tests' scores. The two must agree (the tests weigh 6 and 4).
shown=0; recorded=0; runners=0
while IFS= read -r line; do
  runner="${line%%=*}"; value="${line#*=}"
  [[ "$runner" == result ]] && continue
  base64 -d <<<"$value" >"$tmp/runner.json" || fail "runner $runner: not base64"
  "$grader" validate classroom "$tmp/runner.json" || fail "runner $runner: invalid result"
  shown=$(jq -n --argjson s "$shown" --slurpfile r "$tmp/runner.json" \
    '$s + ([$r[0].tests[] | select(.status == "pass")] | length) / ($r[0].tests | length) * $r[0].max_score')
  recorded=$(jq -n --argjson s "$recorded" --slurpfile r "$tmp/runner.json" '$s + ([$r[0].tests[].score] | add)')
  runners=$((runners + 1))
done < <(grep -E '^[a-z0-9]+=' "$tmp/output")
((runners == 2)) || fail "$runners Classroom runners, expected one per test (2)"
[[ "$shown" == "$recorded" ]] || fail "the reporter would show $shown points but record $recorded"
[[ "$recorded" == "$(jq '[.tests[].score] | add' "$tmp/classroom.json")" ]] || fail "the runners' total differs from the result's"

# GitHub's JUnit reporters (mikepenz/action-junit-report): the file from the testcase, its failure or the
# enclosing testsuite, the line from the last " FILE...:N" of the failure's body. Both must be real.
python3 - "$tmp/junit.xml" "$src" >"$tmp/junit-read" <<'PY' || fail "a JUnit reader finds no file and line of the failure"
import os, re, sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
found = 0
for suite in root.iter("testsuite"):
    for case in suite.findall("testcase"):
        failure = case.find("failure")
        if failure is None:
            continue
        name = case.get("file") or failure.get("file") or suite.get("file") or case.get("classname").split(".")[-1]
        lines = re.findall(" [^ ]*" + re.escape(name) + r".*?:(\d+)", failure.text or "")
        print(f"{case.get('name')}: {name}:{lines[-1] if lines else 1}")
        if not os.path.isfile(os.path.join(sys.argv[2], name)) or not lines or int(lines[-1]) < 1:
            sys.exit(1)
        found += 1
sys.exit(0 if found else 1)
PY
cat "$tmp/junit-read"
# ... and the same file and line as the workflow annotation of that test.
while IFS= read -r read_line; do
  test_id="${read_line%%:*}"; place="${read_line##*: }"
  grep -qF "::error file=${place%:*},line=${place##*:},title=mutex/$test_id failed::" "$tmp/stdout" \
    || fail "JUnit readers place $test_id at $place, the annotation elsewhere"
done <"$tmp/junit-read"

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
