#!/usr/bin/env bash
# verify-mutant stops a test at its first catching configuration, and only there: the starter as a mutant
# (every configuration fails at once with "not implemented") is caught in plain, and tsan and perturb
# are neither built nor started; when no configuration gives the reason the mutant.yaml asks for, every
# one is built and runs.
# Usage: mutant_settles_test.sh GRADER SOURCE_DIR BUILD_DIR
set -euo pipefail
grader=$1
source_dir=$2
build_dir=$3
tmp=$(mktemp -d "$build_dir/mutant-settles.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# One mutant directory (its own lab's files and mutant.yaml); the grader's work directory is fresh.
make_mutant() {  # NAME REASON
  mkdir -p "$tmp/$1/mutex"
  cp "$source_dir"/exercises/mutex/locks.{hpp,cpp} "$tmp/$1/mutex/"
  cat >"$tmp/$1/mutant.yaml" <<YAML
lab: mutex
bug: "the starter: nothing is implemented"
caught_by: [spin_exclusion_2]
reason: "$2"
YAML
}
# The configurations spin_exclusion_2 ran in for mutant NAME (one runs/CONFIG/TEST directory each).
ran_configs() {
  (cd "$tmp/work" && ls -d "$1"-*/mutex/runs/*/spin_exclusion_2 2>/dev/null | awk -F/ '{print $4}' | sort | xargs)
}
# The configurations whose test binary was built for mutant NAME.
built_configs() {
  (cd "$tmp/work" && ls -d "$1"-*/mutex/*/tests 2>/dev/null | awk -F/ '{print $3}' | sort | xargs)
}
grade() {  # NAME: verify-mutant; its first build step holds plain alone, so plain runs (and settles) first
  "$grader" --course "$source_dir/course.yaml" --build-info "$build_dir/grader-build.json" \
    --work-dir "$tmp/work" --no-color verify-mutant "$tmp/$1" >"$tmp/$1.out" 2>&1
}

make_mutant settled "not implemented"
grade settled || { cat "$tmp/settled.out"; fail "the starter was not caught"; }
grep -q "CAUGHT  spin_exclusion_2" "$tmp/settled.out" || fail "no CAUGHT line: $(cat "$tmp/settled.out")"
[[ "$(ran_configs settled)" == "plain" ]] || fail "caught in plain, yet ran in: $(ran_configs settled)"
[[ "$(built_configs settled)" == "plain" ]] || fail "caught in plain, yet built: $(built_configs settled)"

make_mutant unsettled "words no failure gives"
if grade unsettled; then fail "caught for a reason no failure gives: $(cat "$tmp/unsettled.out")"; fi
grep -q "MISSED  spin_exclusion_2" "$tmp/unsettled.out" || fail "no MISSED line: $(cat "$tmp/unsettled.out")"
[[ "$(ran_configs unsettled)" == "perturb plain tsan" ]] || fail "not every configuration ran: $(ran_configs unsettled)"
[[ "$(built_configs unsettled)" == "perturb plain tsan" ]] || fail "not every configuration built: $(built_configs unsettled)"
echo "ok: a catching configuration settles the test; a non-catching one does not"
