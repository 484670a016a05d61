#!/usr/bin/env bash
# check --format/--output for every platform on a quick selection, validated by each format's rules;
# --budget too small for anything, and SIGTERM in the middle of a run, still leave valid files; a controlled
# failure's trace appears once per test.
# Usage: export_formats_test.sh GRADER SOURCE_DIR BUILD_DIR
set -u
# Its own work directory: ctest -j runs other end-to-end tests on the same submissions at the same time.
grader="$1"; src="$2"; build="$3"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail() { echo "export_formats_test: $*" >&2; exit 1; }
check() {  # FORMAT OUTPUT [ARGS...]
  local format="$1" out="$2"; shift 2
  "$grader" --course "$src/course.yaml" --build-info "$build/grader-build.json" --work-dir "$build/e2e-platforms-formats" \
    --no-color --format "$format" check mutex --submission "$src/solutions" --output "$out" "$@"
}

for format in gradescope classroom prairielearn autolab; do
  check "$format" "$tmp/$format.out" --only spin_try_lock >/dev/null || fail "$format: check failed"
  "$grader" validate "$format" "$tmp/$format.out" || fail "$format: invalid output"
done
check junit "$tmp/junit.xml" --only spin_try_lock >/dev/null || fail "junit: check failed"
xmllint --noout --schema "$src/tests/grader/data/junit.xsd" "$tmp/junit.xml" || fail "junit: invalid"
[[ -s "$tmp/gradescope.full.json" ]] || fail "no uncapped results beside the platform file"

# A controlled failure's trace appears once in a test's output (not again inside the test's own output).
for format in gradescope prairielearn; do
  "$grader" --course "$src/course.yaml" --build-info "$build/grader-build.json" --work-dir "$build/e2e-platforms-formats" \
    --no-color --format "$format" check mutex --submission "$src/tests/mutants/mutex/mutex_unlock_lost_wakeup" \
    --only controlled_no_lost_wakeup --output "$tmp/controlled-$format.json" >/dev/null 2>&1
  output="$(jq -r '(.tests // .gradingResult.tests)[] | (.output // .message // "")' "$tmp/controlled-$format.json")"
  count="$(grep -c 'step  a: main thread' <<<"$output")"
  [[ "$count" == 1 ]] || { echo "$output" | head -60; fail "$format: the controlled trace appears $count times, expected once"; }
done

# Autolab reads stdout: without --output the scores are its last line.
"$grader" --course "$src/course.yaml" --build-info "$build/grader-build.json" --work-dir "$build/e2e-platforms-formats" \
  --format autolab check mutex --submission "$src/solutions" --only spin_try_lock >"$tmp/autolab.stdout" 2>/dev/null
tail -n 1 "$tmp/autolab.stdout" | grep -q '"scores":{"spin_try_lock":5' || fail "autolab stdout: no scores line"

# A budget too small for any test: all "not run", exit 1, the file valid.
check gradescope "$tmp/budget.json" --budget 1s >/dev/null 2>&1
[[ $? == 1 ]] || fail "a run with nothing run must exit 1"
"$grader" validate gradescope "$tmp/budget.json" || fail "budget: invalid"
[[ "$(jq '[.tests[] | select(.output | startswith("not run"))] | length' "$tmp/budget.json")" == \
   "$(jq '.tests | length' "$tmp/budget.json")" ]] || fail "budget: some test ran"

# SIGTERM once the first test has finished: the running test completes, the rest are "not run".
"$grader" --course "$src/course.yaml" --build-info "$build/grader-build.json" --work-dir "$build/e2e-platforms-formats" \
  --format gradescope check mutex --submission "$src/solutions" --output "$tmp/term.json" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1200); do
  [[ -s "$tmp/term.json" ]] && [[ "$(jq '[.tests[] | select(.output | startswith("not run") | not)] | length' \
                                       "$tmp/term.json" 2>/dev/null)" -ge 1 ]] && break
  sleep 0.25
done
kill -TERM "$pid"
wait "$pid"
status=$?
[[ $status == 1 ]] || fail "SIGTERM: exit status $status, expected 1"
"$grader" validate gradescope "$tmp/term.json" || fail "SIGTERM: invalid"
jq -r '.tests[].output' "$tmp/term.json" | grep -q 'not run: the grader was stopped' || fail "SIGTERM: no test marked stopped"
echo "export_formats_test: ok"
