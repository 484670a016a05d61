#!/usr/bin/env bash
# Scaffolds a new lab from templates/new-lab/ (`./labs new-lab NAME`): text files only, nothing is built.
# Usage: tools/new_lab.sh ROOT NAME
#
# All or nothing: NAME is checked first; the files are written into a staging directory inside ROOT, then
# moved into place, and course.yaml is replaced last by a rename of a complete copy (the old file plus
# the lab's entry). Any failure or interruption before that rename removes what was moved, so the tree
# is left as it was; course.yaml is never half written.
set -euo pipefail

die() { echo "labs new-lab: $*" >&2; exit 2; }
(($# == 2)) || die "usage: ./labs new-lab NAME (a lowercase identifier, e.g. ./labs new-lab barrier)"
ROOT="$1"; NAME="$2"
TEMPLATE="$ROOT/templates/new-lab"
COURSE="$ROOT/course.yaml"

# --- NAME: it becomes a directory in four places, a course.yaml key, CMake target names
# (labtests_NAME_plain) and a C++ namespace (NAME_lab), so only what is safe in all of them.
hint="a lab name is a lowercase identifier: a letter, then letters, digits and single '_' between words (e.g. ./labs new-lab barrier)"
[[ -n "$NAME" ]] || die "the lab name is empty; $hint"
if [[ ! "$NAME" =~ ^[a-z][a-z0-9]*(_[a-z0-9]+)*$ ]]; then
  if [[ "$NAME" =~ [^a-z0-9_] ]]; then
    bad="${NAME//[a-z0-9_]/}"; bad="${bad:0:1}"
    [[ "$bad" =~ [A-Z] ]] && die "'$NAME' is not a valid lab name: '$bad' is uppercase; $hint"
    die "'$NAME' is not a valid lab name: '$bad' is not allowed; $hint"
  elif [[ ! "$NAME" =~ ^[a-z] ]]; then die "'$NAME' is not a valid lab name: it must start with a letter; $hint"
  else die "'$NAME' is not a valid lab name: '_' only between words (no '__', none at the end); $hint"
  fi
fi
((${#NAME} <= 32)) || die "'$NAME' is too long (${#NAME} characters); a lab name has at most 32"
# YAML 1.1 reads these keys as booleans or null; C++ keywords cannot name the lab's namespace or types;
# the rest name the framework's own namespaces, directories and build targets.
reserved_yaml=" y n yes no on off true false null "
reserved_cpp=" alignas alignof and and_eq asm auto bitand bitor bool break case catch char char8_t char16_t
  char32_t class compl concept const consteval constexpr constinit const_cast continue co_await co_return
  co_yield decltype default delete do double dynamic_cast else enum explicit export extern float for friend
  goto if inline int long mutable namespace new noexcept not not_eq nullptr operator or or_eq private
  protected public register reinterpret_cast requires return short signed sizeof static static_assert
  static_cast struct switch template this thread_local throw try typedef typeid typename union unsigned
  using virtual void volatile wchar_t while xor xor_eq "
reserved_framework=" lab labs harness grader std all common include src templates tests solutions exercises build "
if [[ "$reserved_yaml" == *" $NAME "* ]]; then die "'$NAME' is a reserved word (YAML reads it as a boolean or null); choose another name"; fi
if [[ "$(tr -s ' \n' '  ' <<<"$reserved_cpp")" == *" $NAME "* ]]; then die "'$NAME' is a reserved word (a C++ keyword); choose another name"; fi
if [[ "$reserved_framework" == *" $NAME "* ]]; then
  die "'$NAME' is a reserved word (the framework uses it for a namespace, a directory or a build target); choose another name"
fi

# --- The tree: a course whose labs come last (the entry is appended to them), the template, no lab NAME.
[[ -d "$TEMPLATE" ]] || die "no templates/new-lab/ here: new-lab works in the instructor's repository only"
[[ -f "$COURSE" && -w "$COURSE" ]] || die "cannot write $COURSE"
last_key="$(grep -E '^[A-Za-z_][A-Za-z0-9_-]*:' "$COURSE" | tail -n 1 | cut -d: -f1)"
[[ "$last_key" == labs ]] || die "course.yaml: the labs: map must be its last top-level key (found '$last_key' after it), so that the new lab can be appended"
# The entry is indented like the bundled course's labs: two spaces.
first_lab="$(awk '/^labs:/ { in_labs = 1; next } in_labs && /^ *[^ #]/ { print; exit }' "$COURSE")"
[[ "$first_lab" =~ ^\ \ [a-z] ]] || die "course.yaml: the labs under labs: must be indented by two spaces, like the entry new-lab appends"
if awk -v name="$NAME" '/^labs:/ { in_labs = 1; next } /^[^ #]/ { in_labs = 0 }
                       in_labs && $0 ~ "^  " name ":" { found = 1 } END { exit !found }' "$COURSE"; then
  die "'$NAME' is already a lab in course.yaml; choose another name"
fi
targets=("exercises/$NAME" "solutions/$NAME" "harness/labs/$NAME" "tests/mutants/$NAME")
for target in "${targets[@]}"; do
  [[ ! -e "$ROOT/$target" ]] || die "$target already exists; remove it or choose another name"
done

# --- Write everything aside, then move it into place.
stage=""; course_tmp=""; moved=(); finished=0
rollback() {
  if ((finished == 0)); then
    local target
    for target in "${moved[@]}"; do rm -rf "${ROOT:?}/$target"; done
    ((${#moved[@]} == 0)) || echo "labs new-lab: failed; removed what was created, course.yaml is unchanged" >&2
  fi
  [[ -z "$stage" ]] || rm -rf "$stage"
  [[ -z "$course_tmp" ]] || rm -f "$course_tmp"
}
trap rollback EXIT
trap 'exit 130' INT TERM HUP
# Inside ROOT, so that the moves below are renames on one file system.
stage="$(mktemp -d "$ROOT/.new-lab.XXXXXX")" || die "cannot write in $ROOT"
while IFS= read -r -d '' file; do
  relative="${file#"$TEMPLATE/"}"
  [[ "$relative" != README.md && "$relative" != course.yaml ]] || continue
  out="$stage/${relative//@LAB@/$NAME}"
  { mkdir -p "$(dirname "$out")" && sed "s/@LAB@/$NAME/g" "$file" >"$out"; } || die "could not write $out"
done < <(find "$TEMPLATE" -type f -print0)
for target in "${targets[@]}"; do
  [[ -d "$stage/$target" ]] || die "templates/new-lab/ has no ${target%"$NAME"}@LAB@/"
done

# The new course file: the old bytes, a newline if the last line lacked one, a blank line, the entry.
course_tmp="$(mktemp "$ROOT/.course.yaml.XXXXXX")" || die "cannot write in $ROOT"
cp -p "$COURSE" "$course_tmp" || die "could not copy course.yaml"
if [[ -s "$COURSE" && "$(tail -c 1 "$COURSE" | od -An -c | tr -d ' ')" != '\n' ]]; then echo >>"$course_tmp"; fi
{ echo; sed "s/@LAB@/$NAME/g" "$TEMPLATE/course.yaml"; } >>"$course_tmp" || die "could not write the new course.yaml"
cmp -s -n "$(stat -c %s "$COURSE")" "$COURSE" "$course_tmp" || die "could not copy course.yaml"

for target in "${targets[@]}"; do
  mv -T "$stage/$target" "$ROOT/$target" || die "could not move $target into place"
  moved+=("$target")
done
mv -f "$course_tmp" "$COURSE" || die "could not replace course.yaml"
course_tmp=""
finished=1

echo "labs new-lab: created lab '$NAME' (a counter behind a spinlock; replace it with your exercise):"
for target in "${targets[@]}"; do
  (cd "$ROOT" && find "$target" -type f | sort | sed 's/^/  /')
done
echo "  course.yaml (the lab's entry, appended)"
cat <<EOF
Check it (the first check builds the grader and the lab's libraries: a few minutes):
  ./labs check $NAME --submission solutions                    # the reference: Score: 100/100
  ./labs check $NAME                                           # the starter: Score: 0/100
  ./labs verify-mutant tests/mutants/$NAME/unlock_relaxed      # the known bug: CAUGHT
How to make it your own lab: docs/adding-a-lab.md
EOF
