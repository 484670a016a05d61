#!/usr/bin/env bash
# Checks ./labs without root and with packages missing: it must print the exact apt-get line and exit 2.
set -u
repo="$1"
fake_bin="$(mktemp -d)"
trap 'rm -rf "$fake_bin"' EXIT
# A dpkg-query that knows no package: every required package looks missing.
printf '#!/bin/sh\nexit 1\n' >"$fake_bin/dpkg-query"
chmod +x "$fake_bin/dpkg-query"
output="$(PATH="$fake_bin:$PATH" LABS_ASSUME_NOT_ROOT=1 "$repo/labs" build 2>&1)"
status=$?
printf '%s\n' "$output"
[[ $status == 2 ]] || { echo "expected exit status 2, got $status" >&2; exit 1; }
grep -q 'sudo apt-get install -y g++ cmake ninja-build' <<<"$output" || { echo "no apt-get line" >&2; exit 1; }
grep -q 'libyaml-cpp-dev' <<<"$output" || { echo "libyaml-cpp-dev not listed" >&2; exit 1; }
