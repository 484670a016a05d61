// Static check 6: what the student's object files define. Definitions that would run before the harness
// or replace a function the harness calls are refused (docs/sandbox.md, "What a submission can do").
#pragma once

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "static_checks.hpp"

namespace grader {

// The demangled names (as `nm -C` prints them) of every global symbol the objects define: what the
// student's objects may import from each other. Throws StaticCheckError when nm fails.
std::set<std::string> defined_symbols(const std::vector<std::filesystem::path>& object_files,
                                      const std::string& nm = "nm");

// Refuses, once per source file: an IFUNC symbol (its resolver runs while the program is being loaded,
// before the harness); a `.preinit_array` section (runs before the harness reads its run's secret); a
// global symbol with a C (unmangled) name other than lab.exports and the compilers' own instrumentation
// names (a student `read`, `close` or `rename` would replace the C library's under the harness).
// `source_of` maps objects to submission-relative sources. Throws StaticCheckError when a tool fails.
std::vector<Violation> check_definitions(const LabSpec& lab, const std::vector<std::filesystem::path>& object_files,
                                         const std::map<std::filesystem::path, std::string>& source_of,
                                         const std::string& nm = "nm", const std::string& readelf = "readelf");

}  // namespace grader
