#!/usr/bin/env bash
# Measures `./labs check LAB` (default mutex) from a warm framework build: a first check of a fresh copy of the
# reference, a re-check with nothing changed, and a re-check after editing one student file (what ninja
# recompiled and how long that build took, read from the submission's .ninja_log).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
LAB="${1:-mutex}"

./labs build >/dev/null
copy="$(mktemp -d "${TMPDIR:-/tmp}/bench-speed-XXXXXX")"
trap 'rm -rf "$copy"' EXIT
cp -r solutions/. "$copy/"  # every lab: a lab may also compile another lab's files (depends_on)

# Wall seconds of one check (its report goes to a log; a failing check is reported, not hidden).
timed_check() {
  local start end status=0
  start=$(date +%s%N)
  ./labs check "$LAB" --submission "$copy" >"$copy.log" 2>&1 || status=$?
  end=$(date +%s%N)
  [[ $status == 0 ]] || { echo "check failed (status $status):"; cat "$copy.log"; exit 1; }
  awk -v a="$start" -v b="$end" 'BEGIN {printf "%.1f", (b - a) / 1e9}' 
}

first=$(timed_check)
again=$(timed_check)
work_dir=$(ls -d build/*/work/"$(basename "$copy")"*/"$LAB" | head -n 1)
log="$work_dir/.ninja_log"
lines_before=$(wc -l <"$log")
edited_file=$(cd "$copy/$LAB" && ls ./*.cpp | head -n 1 | sed 's#^\./##')
echo "// edited by bench/check_speed.sh" >>"$copy/$LAB/$edited_file"
edited=$(timed_check)

# Ninja log v5 lines: start_ms end_ms mtime output hash. Rebuilt outputs are the lines appended.
rebuilt=$(tail -n +"$((lines_before + 1))" "$log")
objects=$(awk '$4 ~ /\.o$/ {print $4}' <<<"$rebuilt" | sort -u | tr '\n' ' ')
build_ms=$(awk 'NR==1 {lo=$1; hi=$2} {if ($1<lo) lo=$1; if ($2>hi) hi=$2} END {print hi-lo}' <<<"$rebuilt")

printf 'bench/check_speed.sh (%s lab, %s cores)\n' "$LAB" "$(nproc)"
printf '  first check of a fresh copy of solutions/   %6.1f s wall (compiles the student files for every configuration)\n' "$first"
printf '  re-check, nothing changed                    %6.1f s wall (target: <= 20 s)\n' "$again"
printf '  re-check after editing %-28s %6.1f s wall\n' "$LAB/$edited_file" "$edited"
printf '      build after the edit                     %6.2f s (target: <= 5 s)\n' "$(awk -v ms="$build_ms" 'BEGIN {print ms / 1000}')"
printf '      recompiled objects: %s\n' "$objects"
# Anything under harness/ but a lab's adapter (which is compiled with the student's files).
if grep -E 'harness/[a-z_]+/' <<<"$rebuilt" | grep -qv 'harness/labs/[a-z_]*/adapter\.'; then
  echo "  FAIL: harness or graded-test code was recompiled for a submission"; exit 1
fi
echo "  harness, GoogleTest and graded-test code: not recompiled (prebuilt per configuration)"
