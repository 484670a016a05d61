#!/usr/bin/env bash
# The Autolab recipe of docs/platforms/autolab.md run the way Tango runs it: the autograde-Makefile
# copied from the docs (only /course replaced by this checkout), `make` run by an unprivileged user in a
# job directory it owns, in a root-owned course tree it cannot write, under autodriver's default process
# and file-size limits; the last line of the output is parsed as Autolab does (JSON, "scores"), for a
# passing and a failing submission (two tests of different weights, scheduler lab).
# Usage: autolab_make_test.sh GRADER SOURCE_DIR BUILD_DIR
# Exit 77 (skipped) where it cannot run as Tango does: not root (needed to become another user), no make.
set -u
grader="$1"; src="$2"; build="$3"
fail() { echo "autolab_make_test: $*" >&2; exit 1; }
if [[ "$(id -u)" != 0 ]] || ! command -v make >/dev/null || ! command -v setpriv >/dev/null; then
  echo "autolab_make_test: SKIPPED: needs root (to run make as another user), make and setpriv" >&2
  exit 77
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
# Tango's grading user; a uid of its own, so that the process limit counts only this job's processes.
uid=64021
lab=scheduler
only=mlfq_golden,lottery_golden  # 6 and 5 points (course.yaml)
# The course is this checkout, owned by root; ./labs finds its build as it would find /course's.
case "$build" in
  "$src/build/"*) course_env=(LABS_PRESET="${build#"$src/build/"}") ;;
  *) course_env=(LABS_BUILD_DIR="$build") ;;
esac

# The recipe, exactly as documented (the ```make block of autolab.md).
awk '/^ *```make$/ {on = 1; next} on && /^ *```$/ {exit} on {sub(/^   /, ""); print}' "$src/docs/platforms/autolab.md" \
  | sed "s|/course/|$src/|g; s|^LAB = .*|LAB = $lab|" >"$tmp/autograde-Makefile"
grep -q "check \$(LAB) --format autolab" "$tmp/autograde-Makefile" || fail "no recipe in docs/platforms/autolab.md"

run_job() {  # NAME FILES_DIR -> the job's output in $tmp/NAME/output
  local job="$tmp/$1/job"
  mkdir -p "$job" "$tmp/$1/handin"
  cp "$2"/policies.* "$tmp/$1/handin/"
  tar -cf "$job/handin.tar" -C "$tmp/$1/handin" .
  cp "$tmp/autograde-Makefile" "$job/Makefile"
  chown -R "$uid:$uid" "$job"
  # autodriver: limits, then drop to the grading user, stdout and stderr into one file, `make` in the job.
  (cd "$job" && prlimit --nproc=100 --fsize=104857600 \
     setpriv --reuid="$uid" --regid="$uid" --clear-groups \
     env -i PATH=/usr/local/bin:/usr/bin:/bin HOME="$job" LANG=C.UTF-8 "${course_env[@]}" \
     make "LABS_ARGS=--only $only") >"$tmp/$1/output" 2>&1
  echo "make exited with status $? ($1)"
  cat "$tmp/$1/output"
  local size; size=$(stat -c %s "$tmp/$1/output")
  ((size < 1000 * 1024)) || fail "$1: $size bytes of output, above Tango's default limit"
}
# Autolab: the last line of the feedback, parsed as JSON; its "scores" are the problems' points.
scores_of() { tail -n 1 "$tmp/$1/output" | jq -e '.scores' || fail "$1: the last line is not Autolab's scores object"; }
total_of() { scores_of "$1" | jq '[.[]] | add'; }

echo "== passing: the reference"
run_job passing "$src/solutions/$lab"
[[ "$(total_of passing)" == 11 ]] || fail "passing: total $(total_of passing), expected 11"
[[ "$(scores_of passing | jq -c 'keys')" == '["lottery_golden","mlfq_golden"]' ]] || fail "passing: wrong problems"

echo "== failing: the starter code (./labs exits 1: make must not add a line after the scores)"
run_job failing "$src/exercises/$lab"
[[ "$(total_of failing)" == 0 ]] || fail "failing: total $(total_of failing), expected 0"
grep -q '^FAIL ' "$tmp/failing/output" || fail "failing: no FAIL block in the feedback"

# Nothing was written into the course: the job ran in a tree it cannot write.
[[ -z "$(find "$src" "$build" -user "$uid" -print -quit 2>/dev/null)" ]] || fail "the job wrote into the course tree"
echo "autolab_make_test: ok"
