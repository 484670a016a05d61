// Internal: reads a /proc file whole, through a close-on-exec descriptor (a child forked meanwhile by
// another thread must not inherit it: the students' descriptor checks would see it).
#pragma once

#include <string>

namespace harness::processes {

// The file's text, or "" when it cannot be read.
std::string read_proc_text(const std::string& path);

}  // namespace harness::processes
