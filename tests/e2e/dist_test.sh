#!/usr/bin/env bash
# The student distribution: holds no hidden material (solutions, tests, mutants, hostile corpus, sample
# class, hidden tests, reference code), refuses a hidden test defined outside hidden_*.cpp, and
# `./labs check mutex` works inside it, building only what that check needs (the grader and the mutex
# lab's libraries, never another lab's).
# Usage: dist_test.sh SOURCE_DIR BINARY_DIR [--build]
# Without --build the check inside the dist is skipped: that part configures and builds a fresh copy (about
# 200 compiles), so ctest runs it as its own test, labelled slow (README, "What runs where").
set -euo pipefail
source_dir="$1"; binary_dir="$2"; build="${3:-}"
# Outside the course: dist refuses to write into the tree it copies. Kept on failure for a look.
root=$(mktemp -d "${TMPDIR:-/tmp}/labs-dist-test.XXXXXX")
out="$root/dist"
fail() { echo "dist_test: $* (files: $root)" >&2; exit 1; }

echo "== writing the dist"
# No build directory: building labs-sched here would run a second ninja in the suite's own build tree.
"$source_dir/tools/dist.sh" "$source_dir" "$root/no-build" "$out"
for absent in solutions tests examples bench grades build tools/dist.sh tools/new_lab.sh docs/grading.md docs/slurm.md; do
  [[ ! -e "$out/$absent" ]] || fail "$absent is in the dist"
done
for present in labs CMakeLists.txt CMakePresets.json course.yaml harness grader exercises/mutex README.md; do
  [[ -e "$out/$present" ]] || fail "$present is missing from the dist"
done
[[ -z "$(find "$out" -name mutant.yaml -o -name 'hidden_*' -o -path '*hostile*')" ]] || fail "mutant, hidden or hostile files"
if [[ -d "$source_dir/templates/github/workflows" ]]; then
  [[ -d "$out/.github/workflows" ]] || fail ".github/workflows is missing"
fi

echo "== workflows: no placeholder; --classroom ships one lab's Classroom workflow instead of the push one"
[[ ! -e "$out/.github/workflows/classroom.yml" ]] || fail "the dist ships a Classroom workflow for no lab in particular"
if grep -rqw LAB "$out/.github/workflows"; then fail "a workflow of the dist still says LAB"; fi
grader_only="$root/grader-only"  # the grader without a build tree: dist.sh then builds nothing
mkdir -p "$grader_only/grader"
ln -s "$binary_dir/grader/labs-grader" "$grader_only/grader/labs-grader"
ln -s "$binary_dir/grader-build.json" "$grader_only/grader-build.json"
"$source_dir/tools/dist.sh" "$source_dir" "$grader_only" "$root/classroom-dist" --classroom mutex >/dev/null
workflows="$root/classroom-dist/.github/workflows"
[[ "$(ls "$workflows")" == classroom.yml ]] || fail "the Classroom dist's workflows: $(ls "$workflows")"
grep -q '\./labs ci mutex --classroom' "$workflows/classroom.yml" || fail "the Classroom workflow does not grade mutex"
if grep -qw LAB "$workflows/classroom.yml"; then fail "the Classroom workflow still says LAB"; fi

echo "== no reference code: lines found only in solutions/ must not be in the dist"
checked=0
while IFS= read -r file; do
  while IFS= read -r line; do
    # Distinctive: long, and found nowhere in what the dist legitimately holds.
    ((${#line} >= 30)) || continue
    if grep -rqF -- "$line" "$source_dir/exercises" "$source_dir/harness" "$source_dir/grader" "$source_dir/docs" \
         "$source_dir/course.yaml" 2>/dev/null; then continue; fi
    checked=$((checked + 1))
    if grep -rqF -- "$line" "$out"; then fail "reference code in the dist: '$line' (from $file)"; fi
  done < <(sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' "$file" | grep -vE '^(//|#include|\}|\{)' | sort -u)
done < <(find "$source_dir/solutions" -type f \( -name '*.cpp' -o -name '*.hpp' -o -name '*.S' -o -name '*.c' \))
((checked > 0)) || fail "found no distinctive solution lines to look for"
echo "checked $checked distinctive solution lines"

echo "== hidden tests are left out, and one defined outside hidden_*.cpp is refused"
course="$root/course-copy"
mkdir -p "$course"
for item in labs CMakeLists.txt CMakePresets.json cmake harness grader exercises docs tools course.yaml; do
  [[ -e "$source_dir/$item" ]] && cp -a "$source_dir/$item" "$course/$item"
done
# Mark the mutex lab's misuse test hidden (and every test of misuse_test.cpp with it).
hidden_gtests=$(grep -ohE 'TEST(_F)?\( *[A-Za-z0-9_]+ *, *[A-Za-z0-9_]+ *\)' "$course/harness/labs/mutex/misuse_test.cpp" \
  | sed -E 's/TEST(_F)?\( *([A-Za-z0-9_]+) *, *([A-Za-z0-9_]+) *\)/\2.\3/' | sort -u)
[[ -n "$hidden_gtests" ]] || fail "no TEST in harness/labs/mutex/misuse_test.cpp"
hidden_ids=()
for gtest in $hidden_gtests; do
  line=$(grep -nE "^ *gtest: *$gtest *$" "$course/course.yaml" | cut -d: -f1) || continue
  indent=$(sed -n "${line}p" "$course/course.yaml" | sed -E 's/^( *).*/\1/')
  sed -i "${line}a\\${indent}visibility: hidden" "$course/course.yaml"
  hidden_ids+=("$(sed -n "$((line - 2))p" "$course/course.yaml" | sed -E 's/^ *- id: *//')")
done
((${#hidden_ids[@]} > 0)) || fail "none of misuse_test.cpp's tests is in course.yaml"
if "$course/tools/dist.sh" "$course" "$root/no-build" "$root/refused" 2>"$root/refused.err"; then
  fail "a hidden test defined outside hidden_*.cpp was shipped"
fi
grep -q "hidden_" "$root/refused.err" || { cat "$root/refused.err"; fail "the refusal does not say where hidden tests go"; }
mv "$course/harness/labs/mutex/misuse_test.cpp" "$course/harness/labs/mutex/hidden_misuse_test.cpp"
sed -i 's/\bmisuse_test\.cpp\b/hidden_misuse_test.cpp/' "$course/harness/labs/mutex/CMakeLists.txt"
"$course/tools/dist.sh" "$course" "$root/no-build" "$root/hidden-dist" >/dev/null
for id in "${hidden_ids[@]}"; do
  if grep -qE "^ *- id: *$id *$" "$root/hidden-dist/course.yaml"; then fail "hidden test $id is in the dist's course.yaml"; fi
done
for gtest in $hidden_gtests; do
  if grep -rqF "${gtest#*.}" "$root/hidden-dist/harness" "$root/hidden-dist/course.yaml"; then fail "hidden test $gtest is in the dist"; fi
done
[[ ! -e "$root/hidden-dist/harness/labs/mutex/hidden_misuse_test.cpp" ]] || fail "hidden_misuse_test.cpp shipped"
grep -q "hidden_misuse_test" "$root/hidden-dist/harness/labs/mutex/CMakeLists.txt" && fail "CMakeLists.txt still lists it"
echo "hidden: ${hidden_ids[*]} left out"

if [[ "$build" != --build ]]; then
  rm -rf "$root"
  echo "dist_test: passed (without the build inside the dist: dist_test.sh ... --build)"
  exit 0
fi

echo "== ./labs check mutex inside the dist"
start=$(date +%s)
set +e
(cd "$out" && ./labs check mutex --no-color) >"$root/check.log" 2>&1
status=$?
set -e
echo "check mutex in the dist: exit $status after $(($(date +%s) - start)) s"
[[ $status == 1 ]] || { cat "$root/check.log"; fail "expected exit 1 (the starter code fails), got $status"; }
grep -q "Score: 0/100" "$root/check.log" || { cat "$root/check.log"; fail "no score line"; }
grep -q "is not implemented yet" "$root/check.log" || { cat "$root/check.log"; fail "no 'not implemented yet' reason"; }
# Only what check mutex needs was built: no other lab's test library, no project test.
built_other="$(find "$out/build" -name 'liblabtests_*.a' ! -name 'liblabtests_mutex_*')"
[[ -z "$built_other" ]] || fail "check mutex built other labs' libraries: $built_other"
rm -rf "$root"
echo "dist_test: passed"
