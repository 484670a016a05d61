// Static checks of a submission, run before anything of the student's runs: required files, includes,
// forbidden identifiers (token scan) and the symbols the student's object files import (nm).
#pragma once

#include <filesystem>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "course.hpp"

namespace grader {

// One problem found in a student's file. `file` is relative to the submission root ("mutex/locks.cpp").
// `line` and `column` are 1-based; both are 0 for findings about the whole file (missing file, imported
// symbol). `message` is one sentence for the student, without the location.
struct Violation {
  std::string file;
  int line = 0;
  int column = 0;
  std::string message;

  // "mutex/locks.cpp:12:5: message"; for whole-file findings "mutex/locks.cpp: message", or just the
  // message when it already starts with the file name ("mutex/locks.cpp is missing: ...").
  std::string to_string() const;
  bool operator==(const Violation&) const = default;
};

// The grader could not perform a check (nm missing or failing on an object file): a grader or setup
// problem, never the student's fault, so it is not a Violation.
class StaticCheckError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Checks 1-3 for one lab: required files, then includes and forbidden identifiers in every student file
// that exists. `lab_dir` holds the lab's student files (e.g. "<submission>/mutex"); violations name
// files as "<lab.id>/<file>". Findings come in file order (lab.files), then line order.
std::vector<Violation> check_sources(const LabSpec& lab, const std::filesystem::path& lab_dir);

// 1. Every entry of lab.files must be a regular file under `lab_dir`.
std::vector<Violation> check_required_files(const LabSpec& lab, const std::filesystem::path& lab_dir);

// 2. The #include directives of `source` (the text of lab file `file`, e.g. "locks.cpp"). Allowed:
// <name> without a slash (a standard header) unless forbidden, <lab/...>, <a/b> listed in
// kStandardSubpathHeaders, and "x" naming one of the lab's files. Rejected: forbidden headers, absolute
// paths, paths with "..", other "..." includes, other <a/b> headers, and #include MACRO.
std::vector<Violation> check_includes(const LabSpec& lab, const std::string& file, std::string_view source);

// 3. Forbidden identifiers in `source`, as whole tokens outside comments and literals ("std :: mutex"
// matches std::mutex; lab::atomic does not; my_atomic_flag does not match atomic_flag). When several
// rules match at one place the longest wins. Each identifier is reported once per file, at its first use.
std::vector<Violation> check_identifiers(const LabSpec& lab, const std::string& file, std::string_view source);

// 3b. An assembly file (`file` ends in .S) gets no C++ checks; instead it may not contain system-call
// or interrupt instructions (syscall, sysenter, int, int3, into) nor include other text (#include,
// .include, .incbin), outside comments. Lines and columns are 1-based.
std::vector<Violation> check_assembly(const LabSpec& lab, const std::string& file, std::string_view source);

// 4. Runs `nm -C -u` on each object file and matches every undefined symbol's name (demangled, without
// parameter list, see symbol_function_name) first against lab.forbidden_symbols globs (fnmatch; '*' also
// matches "::"; the rule's "use" message), then, unless the student's own objects define it
// (`defined_by_student`, demangled as nm -C prints them), against lab.allowed_imports: anything else is
// refused too. `source_of` maps each object file to the source it was compiled from, relative to the
// submission root ("mutex/locks.cpp"): violations name that file (the object's filename when unmapped).
// Each (source, symbol) is reported once. Throws StaticCheckError when nm cannot run or fails.
std::vector<Violation> check_imported_symbols(const LabSpec& lab,
                                              const std::vector<std::filesystem::path>& object_files,
                                              const std::map<std::filesystem::path, std::string>& source_of,
                                              const std::set<std::string>& defined_by_student = {},
                                              const std::string& nm = "nm");

// The demangled names of the symbols `object_file` imports (nm -C -u). Throws StaticCheckError.
std::vector<std::string> undefined_symbols(const std::filesystem::path& object_file, const std::string& nm = "nm");

// The entity a demangled symbol names, as the lab's globs see it: parameter list, cv/ref qualifiers,
// template return type and "vtable for "-style prefixes removed. "std::mutex::lock()" ->
// "std::mutex::lock"; "void std::__atomic_notify_address<int>(int const*, bool)" ->
// "std::__atomic_notify_address<int>"; "pthread_mutex_lock" is unchanged.
std::string symbol_function_name(std::string_view demangled);

// <a/b> headers accepted besides <lab/...>; empty for now (sys/, linux/ and bits/ stay out).
extern const std::vector<std::string> kStandardSubpathHeaders;

}  // namespace grader
