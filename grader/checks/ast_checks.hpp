// Static check 3c: forbidden APIs found in the student's C++ as the compiler resolves it (libclang), so
// macros, namespace aliases, using-declarations, typedefs and templates cannot hide them.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "course.hpp"
#include "static_checks.hpp"

namespace grader {

// Where a location belongs: the submission-relative label of a student file ("mutex/locks.cpp"), or
// nullopt for every other file (system and harness headers are not the student's code).
using StudentFileLabel = std::function<std::optional<std::string>(const std::filesystem::path&)>;

// Parses `source` (a staged student .cpp) with `compile_args` (the compile flags the grader builds it with:
// -std, -D, -I, ...; flags libclang does not know are dropped) and reports, at file:line:col of the
// student's text (the macro's use when a macro expands to it):
//  * a reference to a declaration outside the student's files whose qualified name is a forbidden
//    identifier of the lab (`s_t_d::atomic<bool>` after `namespace s_t_d = std;` is std::atomic; an
//    unqualified rule such as notify_one matches the last name component);
//  * a call of an __atomic_* / __sync_* builtin (use lab::atomic), however the name was produced;
//  * inline assembly (asm statements, asm labels on declarations);
//  * a cast to a function pointer from an integer or a data pointer (how functions found at run time,
//    such as a C library function the objects do not import, are called).
// Each (rule, file) is reported once, at its first place. A file that does not parse yields no finding:
// the compiler reports it. Throws StaticCheckError when libclang cannot be used at all.
std::vector<Violation> check_resolved_names(const LabSpec& lab, const std::filesystem::path& source,
                                            const std::vector<std::string>& compile_args,
                                            const StudentFileLabel& label_of);

// The same file as the compiler preprocesses it (`compiler compile_flags -E`): identifiers that only exist
// after macro expansion, such as a builtin whose name is made by token pasting (CAT(__atomic_exchange,_n))
// or an `__as##m__` keyword, are reported at the student's line (column 1: the expanded line has no
// column of its own): __atomic_*/__sync_*/__c11_atomic_* builtins and asm keywords. Throws
// StaticCheckError when the compiler cannot run.
std::vector<Violation> check_expanded_names(const LabSpec& lab, const std::string& compiler,
                                            const std::vector<std::string>& compile_flags,
                                            const std::filesystem::path& source, const StudentFileLabel& label_of);

// The arguments of `compile_flags` libclang understands for parsing (-std=, -D, -U, -I, -isystem, -include
// and their values); code generation and sanitizer flags are left out.
std::vector<std::string> parse_arguments(const std::vector<std::string>& compile_flags);

}  // namespace grader
