#!/usr/bin/env bash
# Grades four sample-class students on one machine and again as three shards (one killed midway and resumed),
# merges the shards and checks that the merged gradebook and report are byte-identical to the single run's;
# also that merge lists what a missing shard would have graded and refuses a shard of another grader build.
# Usage: grade_shards_test.sh GRADER SOURCE_DIR BINARY_DIR
set -euo pipefail
grader="$1"; source_dir="$2"; binary_dir="$3"
root="$binary_dir/e2e-grade-shards"
work="$root/work"
rm -rf "$root"
mkdir -p "$root/class"
# Four students whose verdicts on these tests are certain (examples/class/expected.yaml: lost or kept, no
# may_lose): alice keeps all, dave loses mutex_sleeps, erin ticket_fifo, grace does not compile.
for student in alice dave erin grace; do ln -s "$source_dir/examples/class/$student" "$root/class/$student"; done
only=mutex_sleeps,ticket_fifo,unlock_misuse
run_grader() {
  "$grader" --course "$source_dir/course.yaml" --build-info "$binary_dir/grader-build.json" --work-dir "$work" \
    --no-color "$@"
}
grade() { run_grader -j 1 grade "$root/class" --labs mutex --only "$only" "$@"; }
# shellcheck source=batch_kill.sh
source "$(dirname "$0")/batch_kill.sh"
fail() { echo "grade_shards_test: $*" >&2; exit 1; }
# Exit status 1 only says that some students lost points.
ok_or_lost() { local status=0; "$@" || status=$?; [[ $status -le 1 ]] || return "$status"; }

echo "== a malformed --shard is a usage error"
status=0; grade --shard 4/3 --out "$root/bad" >"$root/bad.log" 2>&1 || status=$?
[[ $status == 2 ]] && grep -q "expected I/N" "$root/bad.log" || { cat "$root/bad.log"; fail "--shard 4/3: status $status"; }

echo "== single machine"
ok_or_lost grade --out "$root/single" >"$root/single.log" 2>&1 || { cat "$root/single.log"; fail "single run failed"; }

echo "== shard 1/3 killed after its first result, then resumed"
grade --shard 1/3 --out "$root/shard1" >"$root/killed.log" 2>&1 &
grader_pid=$!
kill_after_first_result "$grader_pid" "$root/shard1/alice/results.json" "$root/killed.log" "$work" \
  || fail "could not kill the batch midway"
[[ ! -f "$root/shard1/gradebook.csv" ]] || fail "shard 1 finished before it was killed; nothing was resumed"
[[ -f "$root/shard1/shard.json" ]] || fail "the killed shard left no manifest"
# A hash of the name decides: alice, dave -> 1; erin, grace -> 2; none -> 3 (an empty shard is fine).
owned1="$(jq -r '.owned | join(",")' "$root/shard1/shard.json")"
[[ "$owned1" == alice,dave ]] || fail "shard 1/3 owns '$owned1', expected alice,dave (the assignment changed)"
[[ "$(jq -r '.submissions | join(",")' "$root/shard1/shard.json")" == alice,dave,erin,grace ]] || fail "class list"

echo "== shards 2/3 and 3/3"
for i in 2 3; do
  ok_or_lost grade --shard "$i/3" --out "$root/shard$i" >"$root/shard$i.log" 2>&1 || { cat "$root/shard$i.log"; fail "shard $i"; }
done

echo "== merging while shard 1 lacks dave and shard 2 is not given: all listed, no gradebook"
status=0; run_grader merge "$root/shard1" "$root/shard3" --out "$root/partial" >"$root/partial.log" 2>&1 || status=$?
cat "$root/partial.log"
[[ $status == 3 ]] || fail "merge of incomplete shards: status $status, expected 3"
grep -q "dave (shard 1/3: no result yet" "$root/partial.log" || fail "dave not listed as missing"
grep -q "erin (shard 2/3: not given)" "$root/partial.log" || fail "erin not listed as missing"
grep -q -- "--shard 1/3 --resume --out $root/shard1" "$root/partial.log" || fail "no command to finish shard 1"
[[ ! -f "$root/partial/gradebook.csv" ]] || fail "an incomplete merge wrote a gradebook"

echo "== shard 1/3 resumed"
ok_or_lost grade --shard 1/3 --out "$root/shard1" --resume >"$root/resumed.log" 2>&1 || { cat "$root/resumed.log"; fail "resume"; }
grep -q "alice .*(from the previous run)" "$root/resumed.log" || { cat "$root/resumed.log"; fail "alice was graded again"; }
grep -q "dave " "$root/resumed.log" || fail "dave was not graded"
if grep -q "dave .*(from the previous run)" "$root/resumed.log"; then fail "dave cannot be from the killed run"; fi

echo "== merge of the three shards equals the single run"
status=0
run_grader merge "$root/shard1" "$root/shard2" "$root/shard3" --out "$root/merged" >"$root/merged.log" 2>&1 || status=$?
[[ $status == 1 ]] || { cat "$root/merged.log"; fail "merge: status $status, expected 1 (some lost points)"; }
# gradebook.csv holds no times; report.html neither, so both must be byte-identical.
cmp "$root/single/gradebook.csv" "$root/merged/gradebook.csv" || fail "merged gradebook differs from the single run's"
cmp "$root/single/report.html" "$root/merged/report.html" || fail "merged report.html differs from the single run's"
for student in alice dave erin grace; do
  for file in results.json feedback.md feedback.html; do
    [[ -s "$root/merged/$student/$file" ]] || fail "merged output lacks $student/$file"
  done
done

echo "== a shard of another grader build is refused"
cp -r "$root/shard3" "$root/foreign"
jq '.grader_build = "0000000000000000"' "$root/shard3/shard.json" >"$root/foreign/shard.json"
status=0; run_grader merge "$root/shard1" "$root/shard2" "$root/foreign" --out "$root/refused" >"$root/refused.log" 2>&1 \
  || status=$?
[[ $status == 2 ]] && grep -q "grader build" "$root/refused.log" || { cat "$root/refused.log"; fail "status $status"; }
echo "grade_shards_test: passed"
