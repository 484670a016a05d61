// Static check 4: the symbols a student's object files import (nm -C -u): the lab's denylist (with its
// "use X instead" messages), then its allowlist (course.yaml `imports:`); nothing else may be imported.
#include <fnmatch.h>
#include <fmt/format.h>

#include <cctype>
#include <algorithm>
#include <set>
#include <sstream>
#include <string_view>

#include "static_checks.hpp"
#include "tool_output.hpp"

namespace grader {
namespace {

bool is_symbol_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// At s[i] starts the keyword "operator" (as a whole word)?
bool operator_at(std::string_view s, std::size_t i) {
  if (s.substr(i, 8) != "operator") return false;
  bool starts = i == 0 || !is_symbol_char(s[i - 1]);
  bool ends = i + 8 >= s.size() || !is_symbol_char(s[i + 8]);
  return starts && ends;
}

// Index just past the symbol of an operator name starting at s[i] ("operator<<", "operator()"), so
// that its '<' and '(' are not taken for brackets.
std::size_t skip_operator(std::string_view s, std::size_t i) {
  i += 8;
  if (s.substr(i, 2) == "()") return i + 2;
  while (i < s.size() && std::string_view("<>=!+-*/%^&|~[],").find(s[i]) != std::string_view::npos) ++i;
  return i;
}

// Top-level structure of a demangled name: where the last bracket group at depth 0 opens and closes,
// and where the last space at depth 0 before any operator keyword is (the end of a return type).
struct Shape {
  std::size_t last_group_open = std::string_view::npos;
  std::size_t last_group_close = std::string_view::npos;
  std::size_t return_type_end = std::string_view::npos;
};

Shape shape_of(std::string_view s) {
  Shape shape;
  int depth = 0;
  bool seen_operator = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (depth == 0 && operator_at(s, i)) {
      seen_operator = true;
      i = skip_operator(s, i) - 1;
      continue;
    }
    char c = s[i];
    if (c == '(' || c == '<') {
      if (depth++ == 0 && c == '(') shape.last_group_open = i;
    } else if ((c == ')' || c == '>') && depth > 0) {
      if (--depth == 0 && c == ')') shape.last_group_close = i;
    } else if (c == ' ' && depth == 0 && !seen_operator) {
      shape.return_type_end = i;
    }
  }
  return shape;
}

// After a parameter list only qualifiers may follow: " const", " volatile", " &", " &&", " noexcept".
bool only_qualifiers(std::string_view rest) {
  static const std::set<std::string_view> words = {"const", "volatile", "&", "&&", "noexcept"};
  std::size_t i = 0;
  while (i < rest.size()) {
    while (i < rest.size() && rest[i] == ' ') ++i;
    std::size_t end = rest.find(' ', i);
    std::string_view word = rest.substr(i, end == std::string_view::npos ? rest.size() - i : end - i);
    if (!word.empty() && !words.count(word)) return false;
    i += word.size();
  }
  return true;
}

std::string_view strip_special_prefix(std::string_view s) {
  static const std::vector<std::string_view> prefixes = {
      "vtable for ",          "VTT for ",         "typeinfo name for ",          "typeinfo for ",
      "guard variable for ", "non-virtual thunk to ", "virtual thunk to ", "covariant return thunk to ",
      "TLS init function for ", "TLS wrapper function for ", "construction vtable for "};
  for (std::string_view prefix : prefixes) {
    if (s.starts_with(prefix)) return s.substr(prefix.size());
  }
  return s;
}

std::string trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return std::string(s);
}

// One line of `nm -u` (BSD format): "                 U name" or "                 w name".
std::string parse_nm_line(std::string_view line) {
  while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
  if (line.size() < 3 || line[1] != ' ') return "";
  return std::string(line.substr(2));
}

const Forbidden* matching_rule(const LabSpec& lab, const std::string& name) {
  for (const Forbidden& rule : lab.forbidden_symbols) {
    if (fnmatch(rule.name.c_str(), name.c_str(), 0) == 0) return &rule;
  }
  return nullptr;
}

bool allowed_import(const LabSpec& lab, const std::string& name) {
  if (!lab.allowed_imports) return true;
  return std::any_of(lab.allowed_imports->begin(), lab.allowed_imports->end(),
                     [&](const std::string& glob) { return fnmatch(glob.c_str(), name.c_str(), 0) == 0; });
}

// Why importing `symbol` (demangled) is refused, or "" when it is allowed: the student's own definitions
// first (the adapter calling the student's lab::Kernel::fork is no process API, whatever `*fork` denies;
// C-named student definitions are refused elsewhere), then the denylist (its message names the
// replacement), then the allowlist.
std::string import_problem(const LabSpec& lab, const std::string& symbol, const std::string& name,
                           const std::set<std::string>& defined_by_student) {
  if (defined_by_student.count(symbol)) return "";
  if (const Forbidden* rule = matching_rule(lab, name)) {
    return fmt::format("your code calls {}, which this lab forbids: use {}", name, rule->use);
  }
  if (allowed_import(lab, name)) return "";
  return fmt::format("your code calls {}, which is not among what this lab allows (course.yaml imports of lab "
                     "'{}'): use the lab:: operations of <lab/lab.hpp> and plain C++ (containers, algorithms, "
                     "std::printf/std::cout for debug output)",
                     name, lab.id);
}

}  // namespace

std::string symbol_function_name(std::string_view demangled) {
  std::string_view s = strip_special_prefix(demangled);
  if (std::size_t at = s.find('@'); at != std::string_view::npos) s = s.substr(0, at);  // version: @GLIBC_2.2.5
  Shape shape = shape_of(s);
  if (shape.last_group_open != std::string_view::npos && shape.last_group_close != std::string_view::npos &&
      only_qualifiers(s.substr(shape.last_group_close + 1))) {
    s = s.substr(0, shape.last_group_open);
    shape = shape_of(s);
  }
  if (shape.return_type_end != std::string_view::npos) s = s.substr(shape.return_type_end + 1);
  return trim(s);
}

std::vector<std::string> undefined_symbols(const std::filesystem::path& object_file, const std::string& nm) {
  const std::string listing = tool_output(nm, {"-C", "-u", object_file.string()}, "list imported symbols");
  std::vector<std::string> symbols;
  std::istringstream lines(listing);
  for (std::string line; std::getline(lines, line);) {
    if (std::string name = parse_nm_line(line); !name.empty()) symbols.push_back(std::move(name));
  }
  return symbols;
}

std::vector<Violation> check_imported_symbols(const LabSpec& lab, const std::vector<std::filesystem::path>& object_files,
                                              const std::map<std::filesystem::path, std::string>& source_of,
                                              const std::set<std::string>& defined_by_student, const std::string& nm) {
  std::vector<Violation> out;
  std::set<std::pair<std::string, std::string>> reported;  // (source, symbol)
  for (const std::filesystem::path& object : object_files) {
    auto mapped = source_of.find(object);
    std::string source = mapped == source_of.end() ? object.filename().string() : mapped->second;
    for (const std::string& symbol : undefined_symbols(object, nm)) {
      std::string name = symbol_function_name(symbol);
      std::string problem = import_problem(lab, symbol, name, defined_by_student);
      if (problem.empty() || !reported.insert({source, name}).second) continue;
      out.push_back({source, 0, 0, std::move(problem)});
    }
  }
  return out;
}

}  // namespace grader
