#!/usr/bin/env bash
# A controlled-mode mutant graded as a student: its feedback.md shows the interleaving trace and a
# `labs replay` command, and that command, run 100 times, prints the identical trace every time; replaying
# the default schedule on the reference passes (exit 0) and still prints its trace.
# Usage: controlled_replay_test.sh GRADER SOURCE_DIR BINARY_DIR [RUNS]
set -euo pipefail
grader="$1"; source_dir="$2"; binary_dir="$3"; runs="${4:-100}"
root="$binary_dir/e2e-controlled-replay-$runs"  # the 5- and 100-replay tests may run at once
mutant="$source_dir/tests/mutants/mutex/mutex_unlock_lost_wakeup"
rm -rf "$root"
mkdir -p "$root/class"
ln -s "$mutant" "$root/class/lost_wakeup"
grader_cmd=("$grader" --course "$source_dir/course.yaml" --build-info "$binary_dir/grader-build.json"
            --work-dir "$root/work" --no-color)
fail() { echo "controlled_replay_test: $*" >&2; exit 1; }
# The trace in the feedback is the trace the replay prints (the rows between the header and "Lines:").
trace_of() { sed -n '/^ *step  a: main thread/,/^ *Lines:/p' "$1" | sed 's/^ *//; s/ *$//'; }

echo "== grade the mutant"
LABS_COMMAND=./labs "${grader_cmd[@]}" grade "$root/class" --labs mutex --only controlled_no_lost_wakeup \
  --out "$root/out" >/dev/null || true
feedback="$root/out/lost_wakeup/feedback.md"
[[ -f "$feedback" ]] || fail "no $feedback"
grep -qF "FAIL controlled_no_lost_wakeup" "$feedback" || fail "the controlled test did not fail"
grep -qF "**Interleaving**: Found by the controlled scheduler" "$feedback" || fail "no interleaving in feedback.md"
grep -qF "futex_wait(state_, 2) sleeps" "$feedback" || fail "the trace does not show the sleeper"
grep -qF "futex_wait(state_, 2) sleeps" "$root/out/lost_wakeup/feedback.html" || fail "no trace in feedback.html"
# The student's command: "./labs replay mutex controlled_no_lost_wakeup --schedule S".
replay="$(grep -oE '`\./labs replay mutex controlled_no_lost_wakeup --schedule 1:[0-9a-zA-Z]*`' "$feedback" | tr -d '`')"
[[ -n "$replay" ]] || fail "no replay command in feedback.md"
schedule="${replay##* }"
echo "replay command: $replay"

echo "== a schedule that passes still shows its interleaving"
"${grader_cmd[@]}" replay mutex controlled_no_lost_wakeup --schedule 1: --submission "$source_dir/solutions" \
  >"$root/passing.txt" || { cat "$root/passing.txt"; fail "the reference's replay of the default schedule 1: did not exit 0"; }
grep -qF "This schedule passes: test controlled_no_lost_wakeup finds no failure" "$root/passing.txt" ||
  { cat "$root/passing.txt"; fail "the passing replay does not say that the schedule passes"; }
trace_of "$root/passing.txt" | grep -qE "^[0-9]+ +L[0-9]+ state_" ||
  { cat "$root/passing.txt"; fail "the passing replay printed no trace"; }

echo "== replay it $runs times"
"${grader_cmd[@]}" replay mutex controlled_no_lost_wakeup --schedule "$schedule" --submission "$mutant" \
  >"$root/first.txt" && fail "the replayed schedule passed"
trace_of "$root/first.txt" >"$root/first.trace"
[[ -s "$root/first.trace" ]] || fail "the replay printed no trace"
trace_of "$feedback" | diff -q - "$root/first.trace" >/dev/null || fail "the replay's trace differs from the feedback's"
for ((i = 2; i <= runs; ++i)); do
  "${grader_cmd[@]}" replay mutex controlled_no_lost_wakeup --schedule "$schedule" --submission "$mutant" \
    >"$root/again.txt" || true
  cmp -s "$root/first.txt" "$root/again.txt" || { diff "$root/first.txt" "$root/again.txt" | head; fail "run $i differs"; }
done
echo "controlled_replay_test: $runs identical replays of $schedule"
