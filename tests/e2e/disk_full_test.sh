#!/usr/bin/env bash
# A batch whose work directory is on a full disk: the submission's build fails for want of space, which is
# the machine's failure, so the student gets a grader error (never "does not compile", never 0 points) and
# `grade --resume` with room to build grades it in full. The disk is a real, tiny tmpfs (root only).
# Usage: disk_full_test.sh GRADER SOURCE_DIR BINARY_DIR
set -euo pipefail
grader="$1"; source_dir="$2"; binary_dir="$3"
root="$binary_dir/e2e-disk-full"
tiny="$root/tiny"
fail() { echo "disk_full_test: $*" >&2; exit 1; }
[[ "$(id -u)" == 0 ]] || { echo "disk_full_test: skipped (mounting a tmpfs needs root)"; exit 77; }
umount "$tiny" 2>/dev/null || true
rm -rf "$root"
mkdir -p "$root/class" "$tiny"
# Room for the staged files and the grader's bookkeeping, not for one configuration's objects and binary.
mount -t tmpfs -o size=384k tmpfs "$tiny" || { echo "disk_full_test: skipped (cannot mount a tmpfs here)"; exit 77; }
trap 'umount "$tiny" 2>/dev/null || true' EXIT
mkdir -p "$root/class/reference"
cp -r "$source_dir/solutions/mutex" "$root/class/reference/"
run_grader() {  # WORK_DIR [ARGS...]
  local work="$1"; shift
  "$grader" --course "$source_dir/course.yaml" --build-info "$binary_dir/grader-build.json" --work-dir "$work" \
    --no-color -j 1 grade "$root/class" --labs mutex --only spin_exclusion_2 --out "$root/out" "$@"
}

echo "== on a full disk"
set +e
run_grader "$tiny" >"$root/full.log" 2>&1
status=$?
set -e
cat "$root/full.log"
[[ $status == 3 ]] || fail "expected exit 3 (a grader error), got $status"
feedback="$root/out/reference/feedback.md"
[[ -s "$feedback" ]] || fail "no feedback for the student"
grep -q "the disk is full" "$feedback" || { cat "$feedback"; fail "the feedback does not say the disk is full"; }
if grep -qi "does not compile" "$root/full.log" "$feedback"; then fail "a full disk was blamed on the student's code"; fi
grep -q "^reference,.*ERROR" "$root/out/gradebook.csv" || { cat "$root/out/gradebook.csv"; fail "the gradebook does not mark the grader error"; }

echo "== --resume with room to build"
umount "$tiny"
trap - EXIT
run_grader "$root/work" --resume >"$root/resumed.log" 2>&1 || { cat "$root/resumed.log"; fail "the resumed batch failed"; }
cat "$root/resumed.log"
if grep -q "ERROR" "$root/out/gradebook.csv"; then cat "$root/out/gradebook.csv"; fail "the resumed batch kept the grader error"; fi
echo "disk_full_test: passed"
