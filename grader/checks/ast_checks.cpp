// Forbidden APIs at the level of resolved C++ names: libclang parses the student's file with the grader's
// flags, and every reference, builtin call, asm statement and function-pointer cast in the student's
// text is judged by what it resolves to, not by how it is spelled.
#include "ast_checks.hpp"

#include "cpp_tokens.hpp"
#include "tool_output.hpp"

#include <clang-c/Index.h>
#include <fmt/format.h>

#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string_view>

namespace grader {

namespace fs = std::filesystem;

namespace {

std::string take(CXString s) {
  const char* text = clang_getCString(s);
  std::string out = text ? text : "";
  clang_disposeString(s);
  return out;
}

// The file, line and column a cursor stands at in the text the student wrote: for code a macro produced,
// the place the macro was used.
struct Place {
  fs::path file;
  unsigned line = 0;
  unsigned column = 0;
};

Place place_of(CXCursor cursor) {
  CXFile file = nullptr;
  Place place;
  clang_getExpansionLocation(clang_getCursorLocation(cursor), &file, &place.line, &place.column, nullptr);
  if (file != nullptr) place.file = take(clang_getFileName(file));
  return place;
}

// "std::atomic", "lab::Mutex::lock", "__atomic_exchange_n": the declaration's name with its enclosing
// namespaces and classes, inline namespaces (std::__cxx11) and anonymous scopes left out.
std::string qualified_name(CXCursor decl) {
  std::string name = take(clang_getCursorSpelling(decl));
  for (CXCursor scope = clang_getCursorSemanticParent(decl); !clang_Cursor_isNull(scope);
       scope = clang_getCursorSemanticParent(scope)) {
    const CXCursorKind kind = clang_getCursorKind(scope);
    if (kind == CXCursor_TranslationUnit || clang_isInvalid(kind)) break;
    if (kind == CXCursor_Namespace && clang_Cursor_isInlineNamespace(scope)) continue;
    if (kind == CXCursor_LinkageSpec) continue;
    std::string part = take(clang_getCursorSpelling(scope));
    if (part.empty()) continue;
    name = part + "::" + name;
  }
  return name;
}

bool is_function_pointer(CXType type) {
  type = clang_getCanonicalType(type);
  if (type.kind != CXType_Pointer && type.kind != CXType_LValueReference && type.kind != CXType_RValueReference) {
    return false;
  }
  const CXType pointee = clang_getCanonicalType(clang_getPointeeType(type));
  return pointee.kind == CXType_FunctionProto || pointee.kind == CXType_FunctionNoProto;
}

// A cast's operand: its last expression child.
CXType operand_type(CXCursor cast) {
  CXType found{};
  found.kind = CXType_Invalid;
  clang_visitChildren(
      cast,
      [](CXCursor child, CXCursor, CXClientData data) {
        if (clang_isExpression(clang_getCursorKind(child))) *static_cast<CXType*>(data) = clang_getCursorType(child);
        return CXChildVisit_Continue;
      },
      &found);
  return found;
}

// Integers, data pointers and void* become function pointers only in code that calls what it found at
// run time; converting between function pointer types (a callback's signature) is left alone.
bool is_data_pointer_or_address(CXType type) {
  type = clang_getCanonicalType(type);
  if (type.kind == CXType_Pointer) return !is_function_pointer(type);
  return type.kind == CXType_Long || type.kind == CXType_ULong || type.kind == CXType_LongLong ||
         type.kind == CXType_ULongLong;
}

bool casts_data_to_function(CXCursor cast) {
  const CXType to = clang_getCanonicalType(clang_getCursorType(cast));
  // In a template, `reinterpret_cast<Fn>(address)` has a dependent target (a template parameter) whose
  // instantiations libclang does not show: a data pointer or an address-sized integer cast to a dependent
  // type is judged as if the type were a function pointer.
  if (to.kind == CXType_Unexposed && clang_getCursorKind(cast) != CXCursor_CXXStaticCastExpr &&
      clang_getCursorKind(cast) != CXCursor_CXXFunctionalCastExpr) {
    return is_data_pointer_or_address(operand_type(cast));
  }
  if (!is_function_pointer(to)) return false;
  const CXType from = clang_getCanonicalType(operand_type(cast));
  if (from.kind == CXType_Invalid || from.kind == CXType_NullPtr) return false;
  if (is_function_pointer(from)) return false;
  return from.kind != CXType_FunctionProto && from.kind != CXType_FunctionNoProto;
}

bool is_cast(CXCursorKind kind) {
  return kind == CXCursor_CStyleCastExpr || kind == CXCursor_CXXReinterpretCastExpr ||
         kind == CXCursor_CXXFunctionalCastExpr || kind == CXCursor_CXXStaticCastExpr;
}

bool is_reference(CXCursorKind kind) {
  return kind == CXCursor_DeclRefExpr || kind == CXCursor_MemberRefExpr || kind == CXCursor_TypeRef ||
         kind == CXCursor_TemplateRef || kind == CXCursor_OverloadedDeclRef || kind == CXCursor_CallExpr ||
         kind == CXCursor_MemberRef;
}

// What the lab's course.yaml says to use instead of `rule`, or `fallback` when it names no such rule.
std::string use_instead(const LabSpec& lab, const std::string& rule, const std::string& fallback) {
  for (const Forbidden& f : lab.forbidden_identifiers) {
    if (f.name == rule) return f.use;
  }
  return fallback;
}

// The findings both passes (resolved names, expanded text) report in the same words.
std::string inline_assembly_message(const LabSpec& lab) {
  return fmt::format("inline assembly is not allowed in this lab: use {}",
                     use_instead(lab, "asm", "the lab:: operations (lab::cpu_relax() for the pause instruction)"));
}

std::string builtin_message(const LabSpec& lab, const std::string& name) {
  return fmt::format("{} (a compiler builtin) is not allowed in this lab: use {}", name,
                     use_instead(lab, name, "lab::atomic (the harness watches it)"));
}

class Visitor {
 public:
  Visitor(const LabSpec& lab, const StudentFileLabel& label_of) : lab_(lab), label_of_(label_of) {}

  std::vector<Violation> take_violations() { return std::move(out_); }

  CXChildVisitResult visit(CXCursor cursor) {
    const Place place = place_of(cursor);
    const std::optional<std::string> label = place.file.empty() ? std::nullopt : student_label(place.file);
    // Only the student's text is judged; the headers it includes (std, lab) are not the student's code.
    if (!label) return CXChildVisit_Continue;
    judge(cursor, *label, place);
    return CXChildVisit_Recurse;
  }

 private:
  std::optional<std::string> student_label(const fs::path& file) {
    auto cached = labels_.find(file);
    if (cached == labels_.end()) cached = labels_.emplace(file, label_of_(file)).first;
    return cached->second;
  }

  void report(const std::string& key, const std::string& label, const Place& place, std::string message) {
    if (!reported_.insert({key, label}).second) return;
    out_.push_back({label, static_cast<int>(place.line), static_cast<int>(place.column), std::move(message)});
  }

  void judge(CXCursor cursor, const std::string& label, const Place& place) {
    const CXCursorKind kind = clang_getCursorKind(cursor);
    if (kind == CXCursor_GCCAsmStmt || kind == CXCursor_MSAsmStmt || kind == CXCursor_AsmLabelAttr) {
      report("asm", label, place, inline_assembly_message(lab_));
      return;
    }
    if (is_cast(kind) && casts_data_to_function(cursor)) {
      report("cast", label, place,
             fmt::format("a cast of an integer or a data pointer to the function pointer type {} is not allowed: "
                         "call functions by name (code that calls what it found at run time gets around the "
                         "lab's rules)",
                         take(clang_getTypeSpelling(clang_getCursorType(cursor)))));
      return;
    }
    if (is_reference(kind)) judge_reference(cursor, label, place);
  }

  // The declaration a reference resolves to is judged unless the student defined it.
  void judge_reference(CXCursor cursor, const std::string& label, const Place& place) {
    const CXCursor decl = clang_getCursorReferenced(cursor);
    if (clang_Cursor_isNull(decl) || clang_isInvalid(clang_getCursorKind(decl))) return;
    const CXCursor definition = clang_getCursorDefinition(decl);
    if (!clang_Cursor_isNull(definition)) {
      const Place defined_at = place_of(definition);
      if (!defined_at.file.empty() && student_label(defined_at.file)) return;
    }
    const std::string name = qualified_name(decl);
    const std::string last = name.substr(name.rfind("::") == std::string::npos ? 0 : name.rfind("::") + 2);
    const bool global = name.find("::") == std::string::npos;
    if (global && (name.starts_with("__atomic_") || name.starts_with("__sync_"))) {
      report(name, label, place, builtin_message(lab_, name));
      return;
    }
    if (name.starts_with("harness::") || name.starts_with("testing::")) {
      report(name, label, place,
             fmt::format("{} belongs to the test harness, which your code may not call: use the lab:: "
                         "operations of <lab/lab.hpp>",
                         name));
      return;
    }
    for (const Forbidden& rule : lab_.forbidden_identifiers) {
      const bool qualified_rule = rule.name.find("::") != std::string::npos;
      if (qualified_rule ? rule.name != name : rule.name != last) continue;
      report(rule.name, label, place, fmt::format("{} is not allowed in this lab: use {}", rule.name, rule.use));
      return;
    }
  }

  const LabSpec& lab_;
  const StudentFileLabel& label_of_;
  std::map<fs::path, std::optional<std::string>> labels_;
  std::set<std::pair<std::string, std::string>> reported_;  // (rule, file)
  std::vector<Violation> out_;
};

struct IndexDeleter {
  void operator()(void* index) const { clang_disposeIndex(index); }
};
struct UnitDeleter {
  void operator()(CXTranslationUnitImpl* unit) const { clang_disposeTranslationUnit(unit); }
};

// What an identifier of the expanded text is, when forbidden: "" when allowed.
std::string expanded_problem(const LabSpec& lab, const std::string& word) {
  if (word == "asm" || word == "__asm" || word == "__asm__") return inline_assembly_message(lab);
  for (std::string_view prefix : {"__atomic_", "__sync_", "__c11_atomic_"}) {
    if (word.starts_with(prefix)) return builtin_message(lab, word);
  }
  return "";
}

// `# 12 "/path/locks.cpp" 2` -> (12, "/path/locks.cpp"); false for other lines.
bool linemarker(const std::string& line, int& number, std::string& file) {
  if (line.size() < 4 || line[0] != '#' || line[1] != ' ') return false;
  const std::size_t quote = line.find('"');
  const std::size_t end = line.rfind('"');
  if (quote == std::string::npos || end <= quote) return false;
  number = std::atoi(line.c_str() + 2);
  file = line.substr(quote + 1, end - quote - 1);
  return true;
}

}  // namespace

std::vector<Violation> check_expanded_names(const LabSpec& lab, const std::string& compiler,
                                            const std::vector<std::string>& compile_flags, const fs::path& source,
                                            const StudentFileLabel& label_of) {
  std::vector<std::string> args = compile_flags;
  args.insert(args.end(), {"-E", source.string()});
  std::istringstream lines(tool_output(compiler, args, "preprocess the student's file"));
  std::vector<Violation> out;
  std::set<std::string> reported;
  std::map<std::string, std::optional<std::string>> labels;
  std::optional<std::string> label;
  int number = 0;
  for (std::string line; std::getline(lines, line); ++number) {
    std::string file;
    if (linemarker(line, number, file)) {
      auto cached = labels.find(file);
      if (cached == labels.end()) cached = labels.emplace(file, label_of(file)).first;
      label = cached->second;
      --number;  // the next line is line `number`
      continue;
    }
    if (!label) continue;
    for (const CppToken& token : tokenize_cpp(line)) {
      if (token.kind != CppToken::Kind::identifier) continue;
      std::string problem = expanded_problem(lab, token.text);
      if (problem.empty() || !reported.insert(token.text).second) continue;
      out.push_back({*label, number, 1, std::move(problem)});
    }
  }
  return out;
}

std::vector<std::string> parse_arguments(const std::vector<std::string>& compile_flags) {
  std::vector<std::string> out = {"-x", "c++"};
  bool take_next = false;
  for (const std::string& flag : compile_flags) {
    if (take_next) {
      out.push_back(flag);
      take_next = false;
      continue;
    }
    if (flag == "-isystem" || flag == "-include" || flag == "-I" || flag == "-D" || flag == "-U") {
      out.push_back(flag);
      take_next = true;
    } else if (flag.starts_with("-std=") || flag.starts_with("-D") || flag.starts_with("-U") ||
               flag.starts_with("-I") || flag.starts_with("-isystem")) {
      out.push_back(flag);
    } else if (flag.starts_with("-fsanitize=")) {
      // GCC announces its sanitizers with these macros; clang does not: code hidden behind them is parsed.
      if (flag.find("thread") != std::string::npos) out.push_back("-D__SANITIZE_THREAD__=1");
      if (flag.find("address") != std::string::npos) out.push_back("-D__SANITIZE_ADDRESS__=1");
    }
  }
  // The grader compiles with GCC: code under #ifdef __clang__ is not what runs, and code under
  // #ifndef __clang__ is. Parse it as GCC sees it.
  out.insert(out.end(), {"-U__clang__", "-Wno-builtin-macro-redefined"});
  return out;
}

std::vector<Violation> check_resolved_names(const LabSpec& lab, const fs::path& source,
                                            const std::vector<std::string>& compile_args,
                                            const StudentFileLabel& label_of) {
  std::unique_ptr<void, IndexDeleter> index(clang_createIndex(0, 0));
  if (!index) throw StaticCheckError("libclang: cannot create an index");
  std::vector<const char*> argv;
  for (const std::string& arg : compile_args) argv.push_back(arg.c_str());
  CXTranslationUnit raw = nullptr;
  const CXErrorCode status = clang_parseTranslationUnit2(index.get(), source.c_str(), argv.data(),
                                                         static_cast<int>(argv.size()), nullptr, 0,
                                                         CXTranslationUnit_None, &raw);
  if (status != CXError_Success || raw == nullptr) {
    throw StaticCheckError(fmt::format("libclang cannot parse {} (error {})", source.string(), static_cast<int>(status)));
  }
  std::unique_ptr<CXTranslationUnitImpl, UnitDeleter> unit(raw);
  Visitor visitor(lab, label_of);
  clang_visitChildren(
      clang_getTranslationUnitCursor(unit.get()),
      [](CXCursor cursor, CXCursor, CXClientData data) { return static_cast<Visitor*>(data)->visit(cursor); },
      &visitor);
  return visitor.take_violations();
}

}  // namespace grader
