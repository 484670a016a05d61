// Tests of the libclang forbidden-API check: names are judged as the compiler resolves them, however the
// student spelled them (aliases, using, typedefs, templates, macros, token pasting).
#include "ast_checks.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace grader {
namespace {

namespace fs = std::filesystem;

LabSpec lab_with_rules() {
  LabSpec lab;
  lab.id = "mutex";
  lab.files = {"locks.hpp", "locks.cpp"};
  lab.forbidden_identifiers = {{"std::atomic", "lab::atomic"},
                               {"std::mutex", "your own lab::Mutex"},
                               {"notify_one", "lab::futex_wake(word, 1)"},
                               {"syscall", "lab::futex_wait and lab::futex_wake"},
                               {"asm", "lab::cpu_relax() for the pause instruction"}};
  return lab;
}

class AstChecks : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("ast_checks_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name())) / "mutex";
    fs::remove_all(dir_.parent_path());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_.parent_path()); }

  // The findings for `source` as mutex/locks.cpp (with `header` as mutex/locks.hpp), as "line:col: message".
  std::vector<std::string> check(const std::string& source, const std::string& header = "#pragma once\n") const {
    std::ofstream(dir_ / "locks.cpp") << source;
    std::ofstream(dir_ / "locks.hpp") << header;
    const StudentFileLabel label_of = [&](const fs::path& file) -> std::optional<std::string> {
      if (file.parent_path() == dir_) return "mutex/" + file.filename().string();
      return std::nullopt;
    };
    const auto args = parse_arguments({"-std=c++20", "-O2", "-fsanitize=thread", "-DLAB_X=1", "-I" + dir_.string()});
    std::vector<std::string> out;
    for (const Violation& v : check_resolved_names(lab_with_rules(), dir_ / "locks.cpp", args, label_of)) {
      out.push_back(v.to_string());
    }
    return out;
  }

  fs::path dir_;
};

using Strings = std::vector<std::string>;

TEST_F(AstChecks, PlainCodePasses) {
  EXPECT_EQ(check("#include <vector>\n#include \"locks.hpp\"\n"
                  "struct Lock { void notify_one() {} };\n"  // the student's own notify_one
                  "int f() { std::vector<int> v{1, 2}; Lock l; l.notify_one(); return v[0]; }\n"
                  "using callback = void (*)(int);\n"
                  "void g(int) {}\ncallback h() { return reinterpret_cast<callback>(&g); }\n"),
            Strings{});
}

TEST_F(AstChecks, NamespaceAliasUsingAndTypedefStillNameStdAtomic) {
  EXPECT_EQ(check("#include <atomic>\nnamespace s_t_d = std;\ns_t_d::atomic<bool> flag;\n"),
            Strings{"mutex/locks.cpp:3:8: std::atomic is not allowed in this lab: use lab::atomic"});
  EXPECT_EQ(check("#include <atomic>\nusing namespace std;\nint f() { atomic<int> a{0}; return a.load(); }\n"),
            Strings{"mutex/locks.cpp:3:11: std::atomic is not allowed in this lab: use lab::atomic"});
  EXPECT_EQ(check("#include <atomic>\n\ntypedef std::atomic<int> counter;\n"),
            Strings{"mutex/locks.cpp:3:14: std::atomic is not allowed in this lab: use lab::atomic"});
}

TEST_F(AstChecks, TemplatesAndMacrosFromTheStudentsHeaderAreFound) {
  EXPECT_EQ(check("#include \"locks.hpp\"\nHIDE(bool) flag;\n", "#pragma once\n#include <atomic>\n"
                                                               "#define HIDE(T) std::atomic<T>\n"),
            Strings{"mutex/locks.cpp:2:1: std::atomic is not allowed in this lab: use lab::atomic"});
  EXPECT_EQ(check("#include <atomic>\ntemplate <template <class> class A> struct Box { A<int> a; };\n"
                  "Box<std::atomic> box;\n"),
            Strings{"mutex/locks.cpp:3:10: std::atomic is not allowed in this lab: use lab::atomic"});
}

// A builtin whose name only exists after token pasting is an expression libclang does not expose: the
// compiler's own preprocessed text shows it.
TEST_F(AstChecks, TokenPastedBuiltinAndAsmKeywordAreFoundAfterExpansion) {
  std::ofstream(dir_ / "locks.cpp") << "#define CAT(a, b) a##b\nint word;\n"
                                       "int f() { return CAT(__atomic_exchange, _n)(&word, 1, 2); }\n"
                                       "void g() { CAT(__as, m__)(\"pause\"); }\n";
  const StudentFileLabel label_of = [&](const fs::path& file) -> std::optional<std::string> {
    if (fs::path(file).parent_path() == dir_) return "mutex/" + fs::path(file).filename().string();
    return std::nullopt;
  };
  std::vector<std::string> out;
  for (const Violation& v : check_expanded_names(lab_with_rules(), GRADER_TEST_CXX, {"-std=c++20"}, dir_ / "locks.cpp",
                                                 label_of)) {
    out.push_back(v.to_string());
  }
  EXPECT_EQ(out, (Strings{"mutex/locks.cpp:3:1: __atomic_exchange_n (a compiler builtin) is not allowed in this lab: "
                          "use lab::atomic (the harness watches it)",
                          "mutex/locks.cpp:4:1: inline assembly is not allowed in this lab: use lab::cpu_relax() for "
                          "the pause instruction"}));
  // Builtins called by their own name are references libclang resolves.
  EXPECT_EQ(check("int word;\nint f() { return __sync_lock_test_and_set(&word, 1); }\n").size(), 1u);
}

TEST_F(AstChecks, InlineAssemblyAndRawSystemCallsAreFound) {
  EXPECT_EQ(check("#define PAUSE __asm__ __volatile__(\"pause\")\nvoid f() { PAUSE; }\n"),
            Strings{"mutex/locks.cpp:2:12: inline assembly is not allowed in this lab: use lab::cpu_relax() for "
                    "the pause instruction"});
  EXPECT_EQ(check("extern \"C\" long syscall(long, ...);\nlong f() { return syscall(202, 0); }\n"),
            Strings{"mutex/locks.cpp:2:19: syscall is not allowed in this lab: use lab::futex_wait and lab::futex_wake"});
}

TEST_F(AstChecks, IntegerOrDataPointerToFunctionPointerIsFound) {
  const auto found = check("using fn = int (*)(int);\n"
                           "int call(unsigned long address) { return reinterpret_cast<fn>(address)(1); }\n"
                           "int call2(void* p) { return ((fn)p)(2); }\n");
  ASSERT_EQ(found.size(), 1u);  // once per file
  EXPECT_NE(found[0].find("mutex/locks.cpp:2:42: a cast of an integer or a data pointer to the function pointer"),
            std::string::npos)
      << found[0];
}

// The resolver of tests/hostile/common/resolve.inc: the cast happens in a template whose target type is
// a parameter; its instantiations are not in the student's text.
TEST_F(AstChecks, CastToATemplateParameterFromAnAddressIsFound) {
  const auto found = check("void* find(const char*);\n"
                           "template <class Fn> Fn libc(const char* name) { return reinterpret_cast<Fn>(find(name)); }\n"
                           "int use() { return libc<int (*)()>(\"getpid\")(); }\n");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0].find("mutex/locks.cpp:2:56: a cast of an integer or a data pointer"), std::string::npos)
      << found[0];
  // Generic code that converts numbers is left alone.
  EXPECT_EQ(check("template <class T> T half(long x) { return static_cast<T>(x / 2); }\nint h() { return half<int>(4); }\n"),
            Strings{});
}

TEST_F(AstChecks, HarnessInternalsDeclaredByHandAreFound) {
  const auto found = check("namespace harness { void write_results_file(int); }\n"
                           "void f() { harness::write_results_file(0); }\n");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0].find("harness::write_results_file belongs to the test harness"), std::string::npos) << found[0];
}

TEST_F(AstChecks, ArgumentsKeepWhatParsingNeedsAndParseAsGcc) {
  const auto args = parse_arguments({"-std=c++20", "-pthread", "-O2", "-g", "-fsanitize=thread", "-DLAB_X=1", "-I/x",
                                     "-isystem", "/y"});
  EXPECT_EQ(args, (Strings{"-x", "c++", "-std=c++20", "-D__SANITIZE_THREAD__=1", "-DLAB_X=1", "-I/x", "-isystem", "/y",
                           "-U__clang__", "-Wno-builtin-macro-redefined"}));
}

}  // namespace
}  // namespace grader
