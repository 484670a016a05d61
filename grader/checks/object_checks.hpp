// Static check 5: machine instructions in the student's object files that bypass the lab:: layer.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "static_checks.hpp"

namespace grader {

// Runs `objdump -d` on each object file and reports every system-call instruction (syscall, sysenter,
// int $0x80) once per source file, with the function it is in. `source_of` maps each object to its
// submission-relative source ("mutex/locks.cpp"). Throws StaticCheckError when objdump cannot run.
std::vector<Violation> check_instructions(const std::vector<std::filesystem::path>& object_files,
                                          const std::map<std::filesystem::path, std::string>& source_of,
                                          const std::string& objdump = "objdump");

// The system-call instructions of an `objdump -d` listing as (function, instruction) pairs, in order.
std::vector<std::pair<std::string, std::string>> system_call_instructions(std::string_view listing);

}  // namespace grader
