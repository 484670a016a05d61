// What student objects define (nm --defined-only, readelf -S): their own symbols, and the definitions
// that would act before or instead of the harness.
#include "object_definitions.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <sstream>
#include <string_view>

#include "tool_output.hpp"

namespace grader {

namespace {

// One line of `nm --defined-only -g`: "0000000000000000 T name" -> {type, name}.
struct DefinedSymbol {
  char type = 0;
  std::string name;
};

std::vector<DefinedSymbol> global_definitions(const std::filesystem::path& object, const std::string& nm,
                                              bool demangled) {
  std::vector<std::string> args = {"--defined-only", "-g", object.string()};
  if (demangled) args.insert(args.begin(), "-C");
  std::istringstream lines(tool_output(nm, args, "list defined symbols"));
  std::vector<DefinedSymbol> out;
  for (std::string line; std::getline(lines, line);) {
    const std::size_t type_at = line.find(' ');
    if (type_at == std::string::npos || type_at + 3 > line.size()) continue;
    out.push_back({line[type_at + 1], line.substr(type_at + 3)});
  }
  return out;
}

// Names the compilers and sanitizers define in instrumented objects (ASan's ODR indicators, TSan's and
// GCC's helpers): not something a student names.
bool instrumentation_name(std::string_view name) {
  for (std::string_view prefix : {"__odr_asan", "__asan", "___asan", "__tsan", "__ubsan", "__sancov", "__gcov"}) {
    if (name.starts_with(prefix)) return true;
  }
  return false;
}

std::string definition_problem(const LabSpec& lab, const DefinedSymbol& symbol) {
  if (symbol.type == 'i') {
    return fmt::format("your code defines {} as an IFUNC, whose resolver runs while the program is loaded, "
                       "before the harness: write an ordinary function",
                       symbol.name);
  }
  // Names with a '.' are the compiler's own (DW.ref.__gxx_personality_v0): no C function is called so.
  if (symbol.name.find('.') != std::string::npos) return "";
  const bool mangled = symbol.name.starts_with("_Z");
  const bool exported = std::find(lab.exports.begin(), lab.exports.end(), symbol.name) != lab.exports.end();
  if (mangled || exported || instrumentation_name(symbol.name)) return "";
  return fmt::format("your code defines the C symbol {}, which could replace a C library function the harness "
                     "uses: give it a C++ name (inside namespace lab, or static)",
                     symbol.name);
}

bool has_preinit_section(const std::filesystem::path& object, const std::string& readelf) {
  const std::string sections = tool_output(readelf, {"-S", "-W", object.string()}, "list sections");
  return sections.find(".preinit_array") != std::string::npos;
}

}  // namespace

std::set<std::string> defined_symbols(const std::vector<std::filesystem::path>& object_files, const std::string& nm) {
  std::set<std::string> out;
  for (const auto& object : object_files) {
    for (DefinedSymbol& symbol : global_definitions(object, nm, true)) out.insert(std::move(symbol.name));
  }
  return out;
}

std::vector<Violation> check_definitions(const LabSpec& lab, const std::vector<std::filesystem::path>& object_files,
                                         const std::map<std::filesystem::path, std::string>& source_of,
                                         const std::string& nm, const std::string& readelf) {
  std::vector<Violation> out;
  for (const auto& object : object_files) {
    auto mapped = source_of.find(object);
    const std::string source = mapped == source_of.end() ? object.filename().string() : mapped->second;
    if (has_preinit_section(object, readelf)) {
      out.push_back({source, 0, 0,
                     "your code puts a function in .preinit_array, which runs before the harness starts: use an "
                     "ordinary constructor or initialise on first use"});
      continue;
    }
    for (const DefinedSymbol& symbol : global_definitions(object, nm, false)) {
      if (std::string problem = definition_problem(lab, symbol); !problem.empty()) {
        out.push_back({source, 0, 0, std::move(problem)});
        break;
      }
    }
  }
  return out;
}

}  // namespace grader
