#!/usr/bin/env bash
# ./labs new-lab in a copy of the course: bad names are refused and a failure midway leaves the tree as it
# was (refuse, seconds); or the scaffolded lab is configured, built and graded with the real commands
# in a fresh copy: reference 100/100, starter 0/100, its mutant caught (grade, minutes: a fresh build).
# `graded-by GRADER` does what `grade` does in the same fresh copy, but the copy builds only the lab's
# libraries and the harness for its configurations, and GRADER (labs-grader, built from this same source)
# grades them against the copy's course.yaml and build description: the scaffold is proved as much, in
# a third of the time, so it runs in every suite.
# Usage: new_lab_test.sh SOURCE_DIR refuse|grade|graded-by GRADER
set -euo pipefail
source_dir="$1"; mode="$2"; prebuilt_grader="${3:-}"
root="$(mktemp -d "${TMPDIR:-/tmp}/labs-new-lab-test.XXXXXX")"
trap 'rm -rf "$root"' EXIT
fail() { echo "new_lab_test: $*" >&2; exit 1; }
# The copy builds in its own build/ and never in the suite's (the caller's LABS_BUILD_DIR etc.).
unset LABS_BUILD_DIR LABS_WORK_DIR LABS_BUILD_TARGETS

course="$root/course"
mkdir -p "$course"
if [[ "$mode" == refuse ]]; then
  # What new-lab reads and writes: the script, its template, the course and the labs' directories.
  mkdir -p "$course/harness" "$course/tests"
  for item in labs tools templates course.yaml exercises solutions harness/labs tests/mutants; do
    cp -a "$source_dir/$item" "$course/$item"
  done
else
  # The source tree without build output (build/, editors' link, grades) or history.
  tar -C "$source_dir" --exclude=./build --exclude=./.git --exclude=./grades --exclude=./.labs \
    --exclude=./compile_commands.json -cf - . | tar -C "$course" -xf -
fi
cd "$course"
cp -p course.yaml "$root/course.yaml.orig"
tree_listing() { find . -path ./build -prune -o -print | LC_ALL=C sort; }
tree_listing >"$root/tree.orig"

# refused NAME PATTERN: exit 2, a message matching PATTERN, and the tree exactly as it was.
refused() {
  local name="$1" pattern="$2" status=0
  ./labs new-lab "$name" >"$root/out" 2>&1 || status=$?
  [[ $status == 2 ]] || fail "new-lab '$name' exited $status, not 2: $(cat "$root/out")"
  grep -qE -- "$pattern" "$root/out" || fail "new-lab '$name': no /$pattern/ in: $(cat "$root/out")"
  cmp -s course.yaml "$root/course.yaml.orig" || fail "new-lab '$name' changed course.yaml"
  tree_listing | cmp -s - "$root/tree.orig" || fail "new-lab '$name' left files behind: $(tree_listing | diff "$root/tree.orig" - || true)"
  echo "refused '$name': $(head -n 1 "$root/out")"
}

if [[ "$mode" == refuse ]]; then
  echo "== bad names are refused, naming what is wrong, and change nothing"
  refused mutex "'mutex' is already a lab in course.yaml"
  refused Bad-Name "'Bad-Name' is not a valid lab name: 'B' is uppercase"
  refused bad-name "'bad-name' is not a valid lab name: '-' is not allowed"
  refused "" "the lab name is empty"
  refused 9lives "must start with a letter"
  refused true "reserved word"
  refused class "reserved word \(a C\+\+ keyword\)"
  refused "../x" "'/' is not allowed|'.' is not allowed"
  status=0; ./labs new-lab >"$root/out" 2>&1 || status=$?
  [[ $status == 2 ]] && grep -q "usage: ./labs new-lab NAME" "$root/out" || fail "new-lab without NAME: $status $(cat "$root/out")"

  echo "== a failure after some directories were moved into place rolls them back"
  mv tests/mutants "$root/mutants"
  touch tests/mutants  # a file where the mutant's directory must go: its move fails, the others are undone
  tree_listing >"$root/tree.orig"
  refused half "failed; removed what was created"
  rm tests/mutants && mv "$root/mutants" tests/mutants
  tree_listing >"$root/tree.orig"

  echo "== a course.yaml whose labs are not last is refused before anything is written"
  printf 'extra: 1\n' >>course.yaml && cp -p course.yaml "$root/course.yaml.orig"
  refused fresh "the labs: map must be its last top-level key"
  cp -p "$source_dir/course.yaml" course.yaml && cp -p course.yaml "$root/course.yaml.orig"

  echo "== a good name: the old course.yaml is a prefix of the new one, and the name is then taken"
  ./labs new-lab fresh >"$root/out" 2>&1 || fail "new-lab fresh failed: $(cat "$root/out")"
  size=$(stat -c %s "$root/course.yaml.orig")
  cmp -s -n "$size" course.yaml "$root/course.yaml.orig" || fail "new-lab changed the existing lines of course.yaml"
  grep -qE '^  fresh:$' course.yaml || fail "no lab 'fresh' in course.yaml"
  for file in exercises/fresh/README.md exercises/fresh/counter.cpp solutions/fresh/counter.cpp \
      harness/labs/fresh/adapter.cpp harness/labs/fresh/counter_test.cpp harness/labs/fresh/CMakeLists.txt \
      tests/mutants/fresh/unlock_relaxed/mutant.yaml tests/mutants/fresh/unlock_relaxed/fresh/counter.cpp; do
    [[ -f "$file" ]] || fail "$file was not created"
  done
  if grep -rl '@LAB@' exercises/fresh solutions/fresh harness/labs/fresh tests/mutants/fresh course.yaml; then
    fail "a placeholder was left in the files above"
  fi
  [[ -z "$(find . -maxdepth 1 -name '.new-lab.*' -o -maxdepth 1 -name '.course.yaml.*')" ]] || fail "staging files left behind"
  cp -p course.yaml "$root/course.yaml.orig"; tree_listing >"$root/tree.orig"
  refused fresh "'fresh' is already a lab in course.yaml"
  echo "new_lab_test: passed (refuse)"
  exit 0
fi

[[ "$mode" == grade || ( "$mode" == graded-by && -x "$prebuilt_grader" ) ]] ||
  fail "unknown mode '$mode' (refuse, grade, or graded-by an executable GRADER)"
# step NAME STATUS PATTERN... -- COMMAND...: runs COMMAND in the copy, prints its wall time, and checks
# its exit status and that its output matches every PATTERN.
step() {
  local name="$1" expected="$2" patterns=() status=0 start
  shift 2
  while [[ "$1" != -- ]]; do patterns+=("$1"); shift; done
  shift
  start=$(date +%s)
  "$@" >"$root/$name.log" 2>&1 || status=$?
  echo "$name: exit $status after $(($(date +%s) - start)) s"
  [[ $status == "$expected" ]] || { cat "$root/$name.log"; fail "$name: exit $status, expected $expected"; }
  for pattern in "${patterns[@]}"; do
    grep -qE -- "$pattern" "$root/$name.log" || { cat "$root/$name.log"; fail "$name: no /$pattern/ in its output"; }
  done
}
started=$(date +%s)
step new-lab 0 "created lab 'demo'" -- ./labs new-lab demo
if [[ "$mode" == grade ]]; then
  # The first check configures the copy from scratch and builds what the lab needs.
  labs() { ./labs "$@"; }
else
  grader_args=(--course "$course/course.yaml" --build-info "$course/build/default/grader-build.json"
               --work-dir "$course/work")
  labs() { "$prebuilt_grader" "${grader_args[@]}" "$@"; }
  step configure 0 -- cmake --preset default
  mapfile -t targets < <(labs --print-build-targets check demo | grep -vx labs-grader)
  echo "building ${targets[*]}"
  step build 0 -- cmake --build build/default --target "${targets[@]}"
fi
step reference 0 "Score: 100/100" -- labs check demo --submission solutions --no-color
step starter 1 "Score: 0/100" "Counter::increment is not implemented yet" -- labs check demo --no-color
step mutant 0 "CAUGHT +no_lost_increments" -- labs verify-mutant tests/mutants/demo/unlock_relaxed
if grep -q MISSED "$root/mutant.log"; then cat "$root/mutant.log"; fail "the mutant was missed"; fi
# Only what the lab needs was built: no other lab's test library, none of the project's tests.
built_other="$(find build -name 'liblabtests_*.a' ! -name 'liblabtests_demo_*')"
[[ -z "$built_other" ]] || fail "checking demo built other labs' libraries: $built_other"
grep -h "Score:" "$root/reference.log" "$root/starter.log"
cat "$root/mutant.log"
echo "new_lab_test: passed (grade) in $(($(date +%s) - started)) s"
