#!/usr/bin/env bash
# The folders of grader/ and harness/ are layers: a source may include the headers of its own layer and
# of the layers below it, never of a layer above. For every layer, with the exact flags its sources
# compile with (compile_commands.json), including one of its own headers must work and including any
# header of a later layer must fail, so an upward include can never build.
# Usage: layer_includes_test.sh SOURCE_DIR BUILD_DIR LAYERS_FILE
#   LAYERS_FILE: one line per layer, bottom first: COMPONENT TARGET FOLDER (written by tests/e2e/CMakeLists.txt).
set -euo pipefail
source_dir=$1
build_dir=$2
layers_file=$3
db="$build_dir/compile_commands.json"
[[ -f "$db" ]] || { echo "no $db"; exit 1; }
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# The compile command of TARGET's sources, with the source and output cut off: "CXX FLAGS...".
flags_of() {
  jq -r --arg dir "/$1.dir/" '[.[] | select(.command | contains($dir))][0].command // ""' "$db" |
    sed -E 's/ -o [^ ]+ -c [^ ]+$//'
}

# Preprocesses a file holding only `#include "HEADER"` with FLAGS; succeeds when the header was found.
includes() {
  local flags=$1 header=$2
  printf '#include "%s"\n' "$header" >"$scratch/probe.cpp"
  (cd "$build_dir" && sh -c "$flags -E -o /dev/null $scratch/probe.cpp") >"$scratch/out" 2>&1
}

mapfile -t layers <"$layers_file"
failed=0
probes=0
for ((i = 0; i < ${#layers[@]}; i++)); do
  read -r component target folder <<<"${layers[i]}"
  flags=$(flags_of "$target")
  if [[ -z "$flags" ]]; then
    echo "FAIL: no compile command for $target in $db"
    failed=1
    continue
  fi
  own=$(find "$source_dir/$folder" -maxdepth 1 -name '*.hpp' -printf '%f\n' | sort | head -1)
  if [[ -n "$own" ]] && ! includes "$flags" "$own"; then
    echo "FAIL: $folder cannot include its own $own:"
    head -5 "$scratch/out"
    failed=1
  fi
  for ((j = i + 1; j < ${#layers[@]}; j++)); do
    read -r other_component _ other_folder <<<"${layers[j]}"
    [[ "$other_component" == "$component" ]] || continue
    while IFS= read -r header; do
      probes=$((probes + 1))
      if includes "$flags" "$header"; then
        echo "FAIL: $folder/ can include $other_folder/$header, a layer above it"
        failed=1
      fi
    done < <(find "$source_dir/$other_folder" -maxdepth 1 -name '*.hpp' -printf '%f\n' | sort)
  done
done
# A layers file that lost its layers would pass vacuously.
if (( probes < 100 )); then
  echo "FAIL: only $probes upward includes probed; $layers_file lists ${#layers[@]} layers"
  failed=1
fi
(( failed == 0 )) && echo "ok: ${#layers[@]} layers; none of $probes upward includes compiles"
exit "$failed"
