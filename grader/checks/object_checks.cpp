// Object-file instruction check: objdump -d over the student's objects, looking for system calls.
#include "object_checks.hpp"

#include "tool_output.hpp"

#include <fmt/format.h>

#include <regex>
#include <set>
#include <sstream>

namespace grader {

namespace {

std::string listing_of(const std::filesystem::path& object, const std::string& objdump) {
  return tool_output(objdump, {"-d", "-C", "--no-show-raw-insn", object.string()}, "check instructions");
}

}  // namespace

std::vector<std::pair<std::string, std::string>> system_call_instructions(std::string_view listing) {
  // "0000000000000000 <lab::Mutex::lock()>:" opens a function; "  1f:\tsyscall" is an instruction.
  static const std::regex function(R"(^[0-9a-f]+ <(.*)>:$)");
  static const std::regex instruction(R"(^\s*[0-9a-f]+:\s+(syscall|sysenter|int\s+\$0x80)\b.*$)");
  std::vector<std::pair<std::string, std::string>> found;
  std::istringstream in{std::string(listing)};
  std::string current;
  std::smatch m;
  for (std::string line; std::getline(in, line);) {
    if (std::regex_match(line, m, function)) {
      current = m[1];
    } else if (std::regex_match(line, m, instruction)) {
      std::string insn = m[1];
      if (insn.rfind("int", 0) == 0) insn = "int $0x80";
      found.emplace_back(current, insn);
    }
  }
  return found;
}

std::vector<Violation> check_instructions(const std::vector<std::filesystem::path>& object_files,
                                          const std::map<std::filesystem::path, std::string>& source_of,
                                          const std::string& objdump) {
  std::vector<Violation> out;
  std::set<std::string> reported;
  for (const auto& object : object_files) {
    auto mapped = source_of.find(object);
    const std::string source = mapped == source_of.end() ? object.filename().string() : mapped->second;
    for (const auto& [function, insn] : system_call_instructions(listing_of(object, objdump))) {
      if (!reported.insert(source).second) break;
      out.push_back({source, 0, 0,
                     fmt::format("your code executes the `{}` instruction in {}, a direct system call, which no lab "
                                 "allows: use the lab:: functions (lab::futex_wait, lab::futex_wake, lab::yield)",
                                 insn, function.empty() ? "a function" : function)});
    }
  }
  return out;
}

}  // namespace grader
