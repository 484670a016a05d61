// Runs a binutils tool (nm, objdump, readelf) over an object file and returns what it printed.
#pragma once

#include <string>
#include <vector>

namespace grader {

// Runs `tool` (a name looked up in PATH, or a path) with `args` and returns its standard output.
// Throws StaticCheckError (a grader problem, never the student's) when the tool cannot be found or run,
// or exits with a non-zero status; `what` says what it was for ("list imported symbols").
std::string tool_output(const std::string& tool, const std::vector<std::string>& args, const std::string& what);

}  // namespace grader
