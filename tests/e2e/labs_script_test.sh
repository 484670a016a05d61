#!/usr/bin/env bash
# ./labs without compiling anything: help, install and unknown commands answer at once and build nothing, and two
# ./labs started together never run two builds in one build directory (the second waits, says so, and
# then proceeds). A copy of the script runs against fake ninja/cmake/dpkg-query, so this costs seconds.
# Usage: labs_script_test.sh SOURCE_DIR
set -euo pipefail
source_dir="$1"
root="$(mktemp -d "${TMPDIR:-/tmp}/labs-script-test.XXXXXX")"
trap 'rm -rf "$root"' EXIT
fail() { echo "labs_script_test: $*" >&2; exit 1; }

course="$root/course"
fake="$root/bin"
mkdir -p "$course" "$fake"
cp "$source_dir/labs" "$course/labs"
# Every package counts as installed; cmake must never run (the build dir below is configured already).
printf '#!/bin/sh\necho "install ok installed"\n' >"$fake/dpkg-query"
printf '#!/bin/sh\necho "cmake ran: $*" >>"%s/cmake.calls"\nexit 1\n' "$root" >"$fake/cmake"
# ninja: -n (the up-to-date probe) always finds work; a build marks itself running for 2 s, and records
# an overlap if another build is running in the same directory.
cat >"$fake/ninja" <<NINJA
#!/usr/bin/env bash
for arg in "\$@"; do [[ "\$arg" == -n ]] && { echo "[1/1] CXX x.o"; exit 0; }; done
if ! mkdir "$root/running" 2>/dev/null; then echo overlap >>"$root/overlaps"; fi
echo "build" >>"$root/builds"
sleep 2
rmdir "$root/running" 2>/dev/null || true
echo "[1/1 2] CXX x.o"
NINJA
chmod +x "$fake"/*
export PATH="$fake:$PATH"
unset LABS_PRESET CI LABS_BUILD_TARGETS

echo "== help and unknown commands build nothing"
for command in check grade sched paging replay verify-mutant ci test build install dist new-lab; do
  start=$(date +%s%N)
  out="$("$course/labs" "$command" --help 2>&1)" || fail "./labs $command --help failed: $out"
  ms=$((($(date +%s%N) - start) / 1000000))
  grep -q "\./labs $command" <<<"$out" || fail "./labs $command --help does not show its usage: $out"
  echo "./labs $command --help: ${ms} ms"
done
"$course/labs" help | grep -q "Usage: ./labs COMMAND" || fail "./labs help prints no usage"
if "$course/labs" bogus >"$root/bogus.out" 2>&1; then fail "./labs bogus exited 0"; fi
grep -q "unknown command 'bogus'" "$root/bogus.out" || fail "no 'unknown command' message"
"$course/labs" install >"$root/install.out" 2>&1 || fail "./labs install failed: $(cat "$root/install.out")"
grep -q "packages are installed" "$root/install.out" || fail "./labs install did not say so: $(cat "$root/install.out")"
# A mistyped install is a usage error before any package is looked at (dpkg-query is never asked).
rm -f "$root/dpkg.calls"
printf '#!/bin/sh\ntouch "%s/dpkg.calls"\necho "install ok installed"\n' "$root" >"$fake/dpkg-query"
status=0
"$course/labs" install --tset >"$root/install_bad.out" 2>&1 || status=$?
[[ $status == 2 ]] || fail "./labs install --tset exited $status, not 2: $(cat "$root/install_bad.out")"
grep -q "usage: ./labs install \[--test\]" "$root/install_bad.out" || fail "no usage line: $(cat "$root/install_bad.out")"
[[ ! -e "$root/dpkg.calls" ]] || fail "./labs install --tset looked at the packages before refusing"
printf '#!/bin/sh\necho "install ok installed"\n' >"$fake/dpkg-query"
[[ ! -e "$course/build" && ! -e "$root/cmake.calls" && ! -e "$root/builds" ]] || fail "help, install or an unknown command built something"

echo "== two ./labs build at once"
mkdir -p "$course/build/default"
touch "$course/build/default/build.ninja"
"$course/labs" build >"$root/first.out" 2>&1 &
first=$!
for _ in $(seq 100); do [[ -d "$root/running" ]] && break; sleep 0.1; done
[[ -d "$root/running" ]] || fail "the first build never started"
"$course/labs" build >"$root/second.out" 2>&1 || fail "the second ./labs failed: $(cat "$root/second.out")"
wait "$first" || fail "the first ./labs failed: $(cat "$root/first.out")"
grep -q "waiting for another ./labs to finish building" "$root/second.out" ||
  fail "the second ./labs did not say that it waits: $(cat "$root/second.out")"
[[ ! -e "$root/overlaps" ]] || fail "two builds ran at once in one build directory"
[[ "$(wc -l <"$root/builds")" == 2 ]] || fail "expected two builds, one after the other"
grep -q "build is up to date" "$root/second.out" || fail "the second ./labs did not proceed after waiting"
echo "labs_script_test: passed"
