#!/usr/bin/env bash
# Writes the student distribution: what a student needs to build and `./labs check` locally, without
# solutions, hidden tests, mutants, the hostile corpus, the project's tests, the sample class or benches.
# Usage: tools/dist.sh ROOT BUILD_DIR OUT [--classroom LAB]
#   (called by `./labs dist OUT [--classroom LAB]`; BUILD_DIR may hold labs-sched, labs-paging and the grader)
# --classroom LAB: a GitHub Classroom template repository for one lab: .github/workflows/ holds the
# Classroom workflow of LAB (`labs-grader package classroom`) instead of the push workflow, so that a
# student's push builds and grades once.
#
# Hidden tests: a test with `visibility: hidden` in course.yaml is removed from the dist's course.yaml,
# and its GoogleTest code must live in harness/labs/<lab>/hidden_*.cpp (one or more files holding only
# hidden tests): those files are left out and their lines removed from the lab's CMakeLists.txt. The
# script refuses to write a dist in which a hidden test's TEST(Suite, Name) is still defined.
set -euo pipefail

ROOT="$1"; BUILD_DIR="$2"; OUT="$3"
die() { echo "labs dist: $*" >&2; exit 2; }
CLASSROOM_LAB=""
if (($# == 5)) && [[ "$4" == --classroom ]]; then CLASSROOM_LAB="$5"
elif (($# != 3)); then die "usage: ./labs dist OUT [--classroom LAB]"
fi

[[ -f "$ROOT/course.yaml" ]] || die "no course.yaml in $ROOT"
if [[ -e "$OUT" && -n "$(ls -A "$OUT" 2>/dev/null)" ]]; then die "$OUT is not empty; choose a new directory"; fi
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
case "$OUT/" in "$ROOT"/*) die "$OUT is inside the course ($ROOT); choose a directory outside it" ;; esac

# Top-level files and directories a student needs (solutions/, tests/, examples/, bench/, grades/, build/
# and tools/dist.sh stay behind).
copy() { [[ -e "$ROOT/$1" ]] && { mkdir -p "$(dirname "$OUT/$1")"; cp -a "$ROOT/$1" "$OUT/$1"; }; return 0; }
for item in labs CMakeLists.txt CMakePresets.json cmake harness grader exercises docs tools .gitignore .clang-format; do
  copy "$item"
done
rm -f "$OUT/tools/dist.sh" "$OUT/tools/new_lab.sh" "$OUT/docs/grading.md" "$OUT/docs/slurm.md"
find "$OUT" -name '__pycache__' -prune -exec rm -rf {} +
if [[ -n "$CLASSROOM_LAB" ]]; then
  mkdir -p "$OUT/.github/workflows"
  "$BUILD_DIR/grader/labs-grader" --course "$ROOT/course.yaml" --build-info "$BUILD_DIR/grader-build.json" \
    --work-dir "$BUILD_DIR/work" package classroom "$OUT/.github/workflows/classroom.yml" --lab "$CLASSROOM_LAB" \
    >/dev/null || die "could not write the Classroom workflow of lab '$CLASSROOM_LAB'"
elif [[ -d "$ROOT/templates/github/workflows" ]]; then
  mkdir -p "$OUT/.github"
  cp -a "$ROOT/templates/github/workflows" "$OUT/.github/workflows"
fi

# course.yaml without hidden tests; their ids and gtest names go to $hidden.
hidden="$(mktemp)"
trap 'rm -f "$hidden"' EXIT
awk -v hidden="$hidden" '
  function indent(s) { match(s, /^ */); return RLENGTH }
  function flush() {
    if (n == 0) return
    if (drop) { print id "\t" gtest >> hidden } else { for (i = 1; i <= n; i++) print buf[i] }
    n = 0; drop = 0; id = ""; gtest = ""
  }
  /^ *defaults:/ { in_defaults = 1; defaults_indent = indent($0); flush(); print; next }
  in_defaults && indent($0) > defaults_indent && /visibility: *hidden/ {
    print "labs dist: course.yaml line " NR ": a lab default of visibility: hidden is not supported; mark each hidden test" > "/dev/stderr"
    exit 3
  }
  in_defaults && /[^ ]/ && indent($0) <= defaults_indent { in_defaults = 0 }
  /^ *- id:/ { flush(); entry_indent = indent($0); n = 1; buf[1] = $0; id = $0; sub(/^ *- id: */, "", id); next }
  n > 0 && (/^ *$/ || indent($0) > entry_indent) {
    buf[++n] = $0
    if ($0 ~ /^ *visibility: *hidden *$/) drop = 1
    if ($0 ~ /^ *gtest:/) { gtest = $0; sub(/^ *gtest: */, "", gtest) }
    next
  }
  { flush(); print }
  END { flush() }
' "$ROOT/course.yaml" >"$OUT/course.yaml" || die "could not strip hidden tests from course.yaml"

# Hidden test sources.
while IFS= read -r file; do
  lab_dir="$(dirname "$file")"
  rm -f "$file"
  sed -i "/\b$(basename "$file")\b/d" "$lab_dir/CMakeLists.txt"
done < <(find "$OUT/harness/labs" -name 'hidden_*.cpp')
while IFS=$'\t' read -r id gtest; do
  suite="${gtest%%.*}"; name="${gtest#*.}"
  if grep -rqE "TEST(_F|_P)?\( *$suite *, *$name *\)" "$OUT/harness"; then
    die "hidden test '$id' ($gtest) is defined outside harness/labs/*/hidden_*.cpp; move it there"
  fi
done <"$hidden"

# The simulators of the scheduler and paging labs are built from the reference solutions: ship the
# binaries, not the sources.
for tool in labs-sched labs-paging; do
  if [[ -f "$BUILD_DIR/build.ninja" ]] && ninja -C "$BUILD_DIR" -t targets all 2>/dev/null | grep -q "^$tool:"; then
    cmake --build "$BUILD_DIR" --target "$tool" >/dev/null
    binary="$(find "$BUILD_DIR" -name "$tool" -type f -perm -u+x | head -1)"
    if [[ -n "$binary" ]]; then mkdir -p "$OUT/bin"; cp "$binary" "$OUT/bin/$tool"; fi
  fi
done

cat >"$OUT/README.md" <<'README'
# Concurrency labs: your copy

Your files are in `exercises/<lab>/`; each lab's handout is `exercises/<lab>/README.md`.

```sh
./labs check mutex                        # every graded test of the mutex lab on your exercises/mutex/
./labs check mutex --only spin_exclusion_2  # one test (ids are in the report and in course.yaml)
```

The first run installs the Debian packages it needs (as root; otherwise it prints the `apt-get` line)
and builds the harness, which takes a few minutes. Each failed test shows why, the line of your file,
and the exact command that replays the failure with the same seed.

Some tests the instructor grades with are not in this copy; passing every test here is necessary, not
sufficient. `.github/workflows/` runs `./labs ci` on every push when this is a GitHub repository.
README
echo "labs dist: wrote $OUT ($(find "$OUT" -type f | wc -l) files; hidden tests left out: $(wc -l <"$hidden"))"
