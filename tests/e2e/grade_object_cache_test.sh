#!/usr/bin/env bash
# The object cache of `grade`: a student whose files equal an earlier student's compiles nothing (every
# object comes from the cache) and gets exactly the earlier student's verdicts, reasons, files and lines
# (the objects name no stage directory); a student who changed one header compiles everything again.
# Usage: grade_object_cache_test.sh GRADER SOURCE_DIR BINARY_DIR
set -euo pipefail
grader="$1"; source_dir="$2"; binary_dir="$3"
root="$binary_dir/e2e-object-cache"
rm -rf "$root"
mkdir -p "$root/class"
fail() { echo "grade_object_cache_test: $*" >&2; exit 1; }
# -j 1 grades in name order: a_bug compiles and fills the cache, b_same_bug finds everything there.
mutant="$source_dir/tests/mutants/mutex/ticket_increment_race"
cp -r "$mutant" "$root/class/a_bug"
cp -r "$mutant" "$root/class/b_same_bug"
cp -r "$mutant" "$root/class/c_changed_header"
echo "// a comment: the header changed, so every object that could include it is compiled again" \
  >>"$root/class/c_changed_header/mutex/locks.hpp"
# The starter names each unfinished function's file and line (std::source_location in the objects).
mkdir -p "$root/class/d_starter" "$root/class/e_same_starter"
cp -r "$source_dir/exercises/mutex" "$root/class/d_starter/"
cp -r "$source_dir/exercises/mutex" "$root/class/e_same_starter/"
"$grader" --course "$source_dir/course.yaml" --build-info "$binary_dir/grader-build.json" --work-dir "$root/work" \
  --no-color -j 1 grade "$root/class" --labs mutex --only spin_exclusion_2,controlled_ticket_exclusion \
  --out "$root/out" >"$root/grade.log" 2>&1 || [[ $? == 1 ]] || { cat "$root/grade.log"; fail "grade failed"; }

compile_edges() {  # STUDENT -> number of compile edges in its build.ninja
  local ninja
  ninja="$(echo "$root/work/$1"-*/mutex/build.ninja)"
  [[ -f "$ninja" ]] || fail "no build.ninja for $1"
  grep -c ': cxx ' "$ninja" || true
}
[[ "$(compile_edges a_bug)" -gt 0 ]] || fail "a_bug compiled nothing"
[[ "$(compile_edges b_same_bug)" == 0 ]] || fail "b_same_bug compiled $(compile_edges b_same_bug) objects that a_bug's build had made"
[[ "$(compile_edges c_changed_header)" == "$(compile_edges a_bug)" ]] || fail "c_changed_header reused objects built from another header"
[[ "$(compile_edges e_same_starter)" == 0 ]] || fail "e_same_starter compiled objects that d_starter's build had made"

# The verdicts a student sees, without what names the submission (paths, replay commands, timings).
verdicts() {
  jq -S '[.labs[].tests[] | {id, passed, points, configs: [.configs[] | {config, verdict, reason, file, line}]}]' \
    "$root/out/$1/results.json"
}
[[ "$(verdicts a_bug | jq '[.[] | select(.passed == false)] | length')" -ge 1 ]] || fail "the bug was not caught"
verdicts e_same_starter | jq -e '[.[].configs[] | select(.file == "mutex/locks.cpp" and .line > 0)] | length > 0' \
  >/dev/null || fail "no failure of the cached starter names mutex/locks.cpp and a line: $(verdicts e_same_starter)"
diff <(verdicts a_bug) <(verdicts b_same_bug) || fail "the cached objects changed the verdicts"
diff <(verdicts a_bug) <(verdicts c_changed_header) || fail "a comment in a header changed the verdicts"
diff <(verdicts d_starter) <(verdicts e_same_starter) || fail "the cached objects changed the starter's verdicts"
# The controlled trace quotes the student's lines (the harness finds the files the objects name).
legend() { jq -r '.labs[].tests[].configs[].controlled.trace // empty' "$root/out/$1/results.json" | grep -E '^ +L[0-9]+ '; }
legend b_same_bug | grep -qE 'locks\.cpp: .*[a-z]' || fail "the cached bug's trace quotes no line: $(legend b_same_bug)"
diff <(legend a_bug) <(legend b_same_bug) || fail "the cached objects changed the trace's lines"
if grep -rq -- "$root/work" "$root/out"/*/feedback.md; then fail "feedback names the grader's work directory"; fi
if grep -rqa "labs-submission" "$root/out"/*/feedback.md; then fail "feedback shows the objects' name for the stage"; fi
echo "grade_object_cache_test: passed"
