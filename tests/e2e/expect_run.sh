#!/usr/bin/env bash
# Runs a command and checks its exit status and that its combined output matches each given pattern.
# Usage: expect_run.sh STATUS [PATTERN...] -- COMMAND [ARGS...]
set -u
expected_status="$1"; shift
patterns=()
while [[ $# -gt 0 && "$1" != "--" ]]; do patterns+=("$1"); shift; done
shift
output="$("$@" 2>&1)"
status=$?
printf '%s\n' "$output"
if [[ "$status" != "$expected_status" ]]; then
  echo "expect_run: exit status $status, expected $expected_status" >&2
  exit 1
fi
for pattern in "${patterns[@]}"; do
  if ! grep -qE -- "$pattern" <<<"$output"; then
    echo "expect_run: output does not match /$pattern/" >&2
    exit 1
  fi
done
