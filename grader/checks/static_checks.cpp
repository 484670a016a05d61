// Static checks of a student's source files: required files, #include directives, forbidden identifiers.
#include "static_checks.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "cpp_tokens.hpp"
#include "text_files.hpp"

namespace grader {

const std::vector<std::string> kStandardSubpathHeaders = {};

std::string Violation::to_string() const {
  if (line > 0) return fmt::format("{}:{}:{}: {}", file, line, column, message);
  if (message.starts_with(file + " ")) return message;
  return fmt::format("{}: {}", file, message);
}

namespace {

namespace fs = std::filesystem;

std::string lab_file_label(const LabSpec& lab, const std::string& file) { return lab.id + "/" + file; }

// "locks.hpp, locks.cpp": the lab's files as messages list them.
std::string file_list(const LabSpec& lab) { return fmt::format("{}", fmt::join(lab.files, ", ")); }

// "<mutex>" or "\"locks.hpp\"": the header as the student wrote it.
std::string as_written(const IncludeDirective& include) {
  return include.angled ? "<" + include.header + ">" : "\"" + include.header + "\"";
}

bool has_dotdot(const fs::path& path) {
  return std::any_of(path.begin(), path.end(), [](const fs::path& part) { return part == ".."; });
}

// True when a "..." include names one of the lab's files, looked up from the including file's
// directory or from the lab directory (the build passes -I<lab dir>).
bool is_student_file(const LabSpec& lab, const std::string& includer, const std::string& header) {
  fs::path from_includer = (fs::path(includer).parent_path() / header).lexically_normal();
  fs::path from_root = fs::path(header).lexically_normal();
  return std::any_of(lab.files.begin(), lab.files.end(), [&](const std::string& file) {
    fs::path normal = fs::path(file).lexically_normal();
    return normal == from_includer || normal == from_root;
  });
}

const Forbidden* find_forbidden_header(const LabSpec& lab, const std::string& header) {
  auto it = std::find_if(lab.forbidden_headers.begin(), lab.forbidden_headers.end(),
                         [&](const Forbidden& f) { return f.name == header; });
  return it == lab.forbidden_headers.end() ? nullptr : &*it;
}

// Why an include is rejected, or "" when it is allowed. Order matters: path escapes first, then the
// lab's own list (its message is the most helpful), then the general rules.
std::string include_problem(const LabSpec& lab, const std::string& file, const IncludeDirective& include) {
  const std::string allowed = fmt::format("include only this lab's files ({}), <lab/...> and standard headers",
                                          file_list(lab));
  if (include.computed) {
    return "#include with a macro instead of a header name: write the header name, e.g. #include <lab/lab.hpp>";
  }
  fs::path path(include.header);
  if (path.is_absolute()) return fmt::format("includes {} by absolute path: {}", as_written(include), allowed);
  if (has_dotdot(path)) {
    return fmt::format("includes {}, which is outside this lab's directory: {}", as_written(include), allowed);
  }
  if (const Forbidden* forbidden = find_forbidden_header(lab, include.header)) {
    return fmt::format("includes {}, which this lab forbids: use {}", as_written(include), forbidden->use);
  }
  if (!include.angled) {
    if (is_student_file(lab, file, include.header)) return "";
    return fmt::format("includes {}, which is not one of this lab's files ({}): put your code in those files",
                       as_written(include), file_list(lab));
  }
  const std::string& h = include.header;
  bool standard_subpath = std::find(kStandardSubpathHeaders.begin(), kStandardSubpathHeaders.end(), h) !=
                          kStandardSubpathHeaders.end();
  if (h.find('/') == std::string::npos || h.starts_with("lab/") || standard_subpath) return "";
  return fmt::format("includes {}, which is not a standard C++ header: {}", as_written(include), allowed);
}

// A forbidden identifier split into the tokens it must match: "std::mutex" -> {"std", "mutex"}.
struct IdentifierRule {
  std::vector<std::string> parts;
  const Forbidden* forbidden;
};

std::vector<IdentifierRule> identifier_rules(const LabSpec& lab) {
  std::vector<IdentifierRule> rules;
  for (const Forbidden& forbidden : lab.forbidden_identifiers) {
    IdentifierRule rule{{}, &forbidden};
    std::string_view name = forbidden.name;
    for (std::size_t sep; (sep = name.find("::")) != std::string_view::npos; name.remove_prefix(sep + 2)) {
      rule.parts.emplace_back(name.substr(0, sep));
    }
    rule.parts.emplace_back(name);
    rules.push_back(std::move(rule));
  }
  return rules;
}

// Number of tokens `rule` covers when it matches at tokens[i] (identifier, "::", identifier, ...), else 0.
std::size_t match_length(const std::vector<CppToken>& tokens, std::size_t i, const IdentifierRule& rule) {
  std::size_t length = 2 * rule.parts.size() - 1;
  if (i + length > tokens.size()) return 0;
  for (std::size_t k = 0; k < rule.parts.size(); ++k) {
    const CppToken& word = tokens[i + 2 * k];
    if (word.kind != CppToken::Kind::identifier || word.text != rule.parts[k]) return 0;
    if (k > 0 && tokens[i + 2 * k - 1].kind != CppToken::Kind::scope) return 0;
  }
  return length;
}

}  // namespace

std::vector<Violation> check_required_files(const LabSpec& lab, const fs::path& lab_dir) {
  std::vector<Violation> out;
  for (const std::string& file : lab.files) {
    if (fs::is_regular_file(lab_dir / file)) continue;
    std::string from = (fs::path("exercises") / lab.id / fs::path(file).parent_path()).string();
    if (!from.ends_with('/')) from += '/';
    std::string label = lab_file_label(lab, file);
    out.push_back({label, 0, 0, fmt::format("{} is missing: copy it from {} and fill in the TODOs", label, from)});
  }
  return out;
}

std::vector<Violation> check_includes(const LabSpec& lab, const std::string& file, std::string_view source) {
  std::vector<Violation> out;
  for (const IncludeDirective& include : find_includes(tokenize_cpp(source))) {
    std::string problem = include_problem(lab, file, include);
    if (!problem.empty()) out.push_back({lab_file_label(lab, file), include.line, include.column, problem});
  }
  return out;
}

std::vector<Violation> check_identifiers(const LabSpec& lab, const std::string& file, std::string_view source) {
  const std::vector<IdentifierRule> rules = identifier_rules(lab);
  const std::vector<CppToken> tokens = tokenize_cpp(source);
  std::vector<Violation> out;
  std::set<std::string> reported;
  for (std::size_t i = 0; i < tokens.size();) {
    const IdentifierRule* best = nullptr;
    std::size_t best_length = 0;
    for (const IdentifierRule& rule : rules) {
      std::size_t length = match_length(tokens, i, rule);
      if (length > best_length) best = &rule, best_length = length;
    }
    if (best == nullptr) {
      ++i;
      continue;
    }
    // Tokens inside a match are consumed, so "std::atomic_flag" is not also reported as "atomic_flag".
    if (reported.insert(best->forbidden->name).second) {
      out.push_back({lab_file_label(lab, file), tokens[i].line, tokens[i].column,
                     fmt::format("{} is not allowed in this lab: use {}", best->forbidden->name, best->forbidden->use)});
    }
    i += best_length;
  }
  return out;
}

std::vector<Violation> check_assembly(const LabSpec& lab, const std::string& file, std::string_view source) {
  // Words that would let an assembly file do more than switch stacks: system calls, and pulling in text
  // the other checks never saw.
  static const std::vector<std::pair<std::string, std::string>> forbidden = {
      {"syscall", "a system call"},   {"sysenter", "a system call"}, {"int", "a software interrupt"},
      {"int3", "a breakpoint"},       {"into", "a software interrupt"}, {"include", "an include"},
      {".include", "an include"},     {".incbin", "an included binary"}};
  std::vector<Violation> out;
  int line_number = 0;
  for (std::size_t start = 0; start <= source.size(); ++line_number) {
    std::size_t end = source.find('\n', start);
    if (end == std::string_view::npos) end = source.size();
    std::string_view line = source.substr(start, end - start);
    start = end + 1;
    // A line starting with '#' is a comment unless it is a preprocessor #include or #define; elsewhere a
    // '#' or "//" starts a comment.
    const std::size_t first = std::min(line.find_first_not_of(" \t"), line.size());
    std::size_t code_begin = first;
    if (line.substr(first).starts_with('#')) {
      code_begin = std::min(line.find_first_not_of(" \t", first + 1), line.size());
      const std::string_view directive = line.substr(code_begin);
      if (!directive.starts_with("include") && !directive.starts_with("define")) continue;
    }
    const std::size_t code_end = std::min({line.find("//"), line.find('#', code_begin), line.size()});
    std::string_view code = line.substr(0, std::max(code_end, code_begin));
    for (const auto& [word, what] : forbidden) {
      for (std::size_t at = code.find(word); at != std::string_view::npos; at = code.find(word, at + 1)) {
        const std::size_t after = at + word.size();
        auto is_word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.'; };
        const bool whole = (at == 0 || !is_word(code[at - 1])) && (after == code.size() || !is_word(code[after]));
        if (!whole) continue;
        out.push_back({lab_file_label(lab, file), line_number + 1, static_cast<int>(at) + 1,
                       fmt::format("`{}` ({}) is not allowed in an assembly file: it may only switch contexts "
                                   "(mov, push, pop, ret)",
                                   word, what)});
        break;
      }
    }
  }
  return out;
}

std::vector<Violation> check_sources(const LabSpec& lab, const fs::path& lab_dir) {
  std::vector<Violation> out = check_required_files(lab, lab_dir);
  for (const std::string& file : lab.files) {
    if (!fs::is_regular_file(lab_dir / file)) continue;
    std::string source = read_file_text(lab_dir / file);
    if (fs::path(file).extension() == ".S") {
      // Forbidden C++ identifiers (asm, syscall) mean nothing in assembly: it gets its own check.
      std::vector<Violation> found = check_assembly(lab, file, source);
      out.insert(out.end(), found.begin(), found.end());
      continue;
    }
    std::vector<Violation> found = check_includes(lab, file, source);
    std::vector<Violation> identifiers = check_identifiers(lab, file, source);
    found.insert(found.end(), identifiers.begin(), identifiers.end());
    std::stable_sort(found.begin(), found.end(), [](const Violation& a, const Violation& b) {
      return std::tie(a.line, a.column) < std::tie(b.line, b.column);
    });
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

}  // namespace grader
