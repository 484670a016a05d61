#!/usr/bin/env bash
# Opens a batch's report.html and one feedback.html in headless Chromium: the SVG charts are in the
# rendered DOM, the screenshot is not blank, and Chromium logs no console error (nothing blocked, no
# script error). Then, as rendered: with --only the histogram divides by the points graded (the
# reference is in the top bar) and tests not graded say so instead of 0%; a batch in which nothing ran
# is not green ("No test ran", never "No test failed"). Skips (exit 77) only when Chromium is not
# installed and cannot be.
# Usage: report_html_chromium_test.sh GRADER SOURCE_DIR BINARY_DIR
set -euo pipefail
grader="$1"; source_dir="$2"; binary_dir="$3"
root="$binary_dir/e2e-report-html"
fail() { echo "report_html_chromium_test: $*" >&2; exit 1; }

chromium_bin="$(command -v chromium || command -v chromium-browser || true)"
if [[ -z "$chromium_bin" && "$(id -u)" == 0 ]]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null 2>&1 || true
  chromium_bin="$(command -v chromium || true)"
fi
if [[ -z "$chromium_bin" ]]; then
  echo "report_html_chromium_test: SKIPPED: chromium is not installed and could not be (./labs test installs it)"
  exit 77
fi

rm -rf "$root"
mkdir -p "$root/class"
# The starter code of the mutex lab grades fast (every test is "not implemented yet") and fails every test: the report
# then has a histogram, pass-rate bars, findings and per-test failures with reasons.
ln -s "$source_dir/exercises" "$root/class/starter"
"$grader" --course "$source_dir/course.yaml" --build-info "$binary_dir/grader-build.json" \
  --work-dir "$binary_dir/e2e-report-work" --no-color grade "$root/class" --labs mutex --out "$root/out" >"$root/grade.log" 2>&1 \
  || [[ $? == 1 ]] || { cat "$root/grade.log"; fail "grading failed"; }
labs=$(grep -c '<section class="lab"' "$root/out/report.html") || fail "report.html has no lab section"

chromium_run() {
  # A fresh private profile per run, no sandbox (root in a container), nothing fetched in the background;
  # logging to stderr shows console messages.
  local profile
  profile="$(mktemp -d "$root/profile.XXXXXX")"
  timeout 120 "$chromium_bin" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --enable-logging=stderr --v=0 --window-size=1200,2400 "$@"
}

check_page() {
  local page="$1" name="$2" min_svg="$3"
  chromium_run --dump-dom "file://$page" >"$root/$name.dom" 2>"$root/$name.err" || { cat "$root/$name.err"; fail "$name: chromium failed"; }
  local svgs
  svgs=$(grep -o '<svg[^>]*class="chart' "$root/$name.dom" | wc -l || true)
  ((svgs >= min_svg)) || fail "$name: $svgs charts in the rendered DOM, expected at least $min_svg"
  if grep -E 'CONSOLE|Uncaught|Refused to|Failed to load' "$root/$name.err"; then fail "$name: console errors"; fi
  chromium_run --screenshot="$root/$name.png" "file://$page" >/dev/null 2>"$root/$name.shot.err" \
    || { cat "$root/$name.shot.err"; fail "$name: screenshot failed"; }
  # A blank page compresses to almost nothing; a page with charts and tables does not.
  local size blank
  size=$(stat -c %s "$root/$name.png")
  blank=$(stat -c %s "$root/blank.png")
  ((size > 3 * blank)) || fail "$name: screenshot looks blank ($size bytes; a blank page is $blank)"
  echo "$name: $svgs charts, screenshot $size bytes (blank: $blank), no console errors"
}

printf '<!DOCTYPE html><html><head><meta charset="utf-8"><title>blank</title></head><body></body></html>\n' >"$root/blank.html"
chromium_run --screenshot="$root/blank.png" "file://$root/blank.html" >/dev/null 2>&1 || fail "blank screenshot failed"
check_page "$root/out/report.html" report $((2 * labs))
check_page "$root/out/starter/feedback.html" feedback 0
grep -q 'Feedback for starter' "$root/feedback.dom" || fail "feedback.html did not render"

grade_class() {  # NAME [ARGS...]: grades $root/NAME into $root/NAME-out and renders its report.html
  local name="$1"; shift
  "$grader" --course "$source_dir/course.yaml" --build-info "$binary_dir/grader-build.json" \
    --work-dir "$binary_dir/e2e-report-work" --no-color grade "$root/$name" --labs mutex --out "$root/$name-out" "$@" \
    >"$root/$name.log" 2>&1 || [[ $? == 1 ]] || { cat "$root/$name.log"; fail "$name: grading failed"; }
  chromium_run --dump-dom "file://$root/$name-out/report.html" >"$root/$name.dom" 2>"$root/$name.err" \
    || { cat "$root/$name.err"; fail "$name: chromium failed"; }
}

echo "== --only: the reference graded on one test is in the top bar; the other tests are not graded, not 0%"
mkdir -p "$root/only"
ln -s "$source_dir/solutions" "$root/only/reference"
grade_class only --only spin_try_lock
grep -q '<title>90-100%: 1</title>' "$root/only.dom" || fail "--only: the reference is not in the 90-100% bar"
grep -q '<title>40-50%: 0</title>' "$root/only.dom" || fail "--only: a student sits in the 40-50% bar"
grep -q 'class="not-graded"[^>]*>not graded</text>' "$root/only.dom" || fail "--only: no test says 'not graded'"
if grep -q 'font-size="12">0%</text>' "$root/only.dom"; then fail "--only: a test nobody ran shows 0%"; fi

echo "== nothing ran: an empty batch is not green"
mkdir -p "$root/empty"
grade_class empty
grep -q 'No test ran: nothing was graded.' "$root/empty.dom" || fail "empty batch: no 'No test ran'"
if grep -q 'No test failed' "$root/empty.dom"; then fail "empty batch: says 'No test failed'"; fi
echo "report_html_chromium_test: passed"
