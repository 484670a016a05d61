#!/usr/bin/env bash
# Students' editors: every exercises/ file in compile_commands.json compiles with the flags it lists.
# Usage: editor_flags_test.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
source_dir=$1
build_dir=$2
db="$build_dir/compile_commands.json"
[[ -f "$db" ]] || { echo "no $db"; exit 1; }
failed=0
checked=0
# One line per entry: directory, file, command (separated by \x01, which no path or flag holds; jq's
# @tsv would double the command's backslashes); only the student's exercises.
while IFS=$'\x01' read -r directory file command; do
  checked=$((checked + 1))
  syntax_only=$(sed -E 's/ -o [^ ]+ -c / -fsyntax-only /' <<<"$command")
  if ! output=$(cd "$directory" && sh -c "$syntax_only" 2>&1); then
    echo "FAIL: $file does not compile with its compile_commands.json flags (what clangd would show):"
    echo "$output" | head -20
    failed=1
  fi
done < <(jq -r --arg dir "$source_dir/exercises/" \
  '.[] | select(.file | startswith($dir)) | [.directory, .file, .command] | join("\u0001")' "$db")
# Every lab with a starter .cpp has an entry (a lab that lost its editor target would pass vacuously).
expected=$(find "$source_dir/exercises" -mindepth 2 -maxdepth 2 -name '*.cpp' | wc -l)
if (( checked != expected )); then
  echo "FAIL: compile_commands.json has $checked exercises/ entries, exercises/ has $expected .cpp files"
  failed=1
fi
(( failed == 0 )) && echo "ok: $checked exercises/ files compile with their editor flags"
exit "$failed"
