// Tests of the static checks: the tokenizer, include rules, forbidden identifiers, missing files, nm symbols.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "cpp_tokens.hpp"
#include "static_checks.hpp"

namespace grader {
namespace {

namespace fs = std::filesystem;

// A lab like the real mutex lab, trimmed to what the tests need.
LabSpec mutex_lab() {
  LabSpec lab;
  lab.id = "mutex";
  lab.files = {"locks.hpp", "locks.cpp"};
  lab.forbidden_headers = {{"mutex", "lab::futex_wait"}, {"sys/syscall.h", "lab::futex_wake"}};
  lab.forbidden_identifiers = {{"std::mutex", "your own lab::Mutex"},
                               {"std::atomic", "lab::atomic"},
                               {"std::atomic_flag", "lab::atomic<bool>"},
                               {"atomic_flag", "lab::atomic<bool>"},
                               {"syscall", "lab::futex_wait"},
                               {"asm", "lab::cpu_relax()"}};
  lab.forbidden_symbols = {{"pthread_*", "lab::atomic"}, {"ns::Widget::*", "something else"}};
  return lab;
}

std::vector<std::string> identifiers(std::string_view source) {
  std::vector<std::string> out;
  for (const CppToken& token : tokenize_cpp(source)) {
    if (token.kind == CppToken::Kind::identifier) out.push_back(token.text);
  }
  return out;
}

std::vector<std::string> strings(const std::vector<Violation>& violations) {
  std::vector<std::string> out;
  for (const Violation& v : violations) out.push_back(v.to_string());
  return out;
}

using Strings = std::vector<std::string>;

// ---- tokenizer ------------------------------------------------------------------------------------

TEST(Tokenizer, SkipsCommentsAndLiterals) {
  EXPECT_EQ(identifiers("a // b c\nd /* e\n f */ g"), (Strings{"a", "d", "g"}));
  EXPECT_EQ(identifiers(R"(x = "std::mutex \" y"; z = 'q'; w = '\''; v = L"k" u8"m";)"),
            (Strings{"x", "z", "w", "v"}));
  EXPECT_EQ(identifiers("s = \"abc\"sv; t"), (Strings{"s", "t"}));
}

TEST(Tokenizer, RawStrings) {
  EXPECT_EQ(identifiers("a = R\"(std::mutex \" still )\"; b"), (Strings{"a", "b"}));
  EXPECT_EQ(identifiers("a = R\"x(one )\" two\n three)x\"; b"), (Strings{"a", "b"}));
  EXPECT_EQ(identifiers("a = u8R\"(x)\" LR\"--(y)--\"; c"), (Strings{"a", "c"}));
  // R alone, or R followed by something else, is an ordinary identifier.
  EXPECT_EQ(identifiers("R + Rx(\"s\")"), (Strings{"R", "Rx"}));
}

TEST(Tokenizer, LineContinuationsJoinTokensAndKeepPositions) {
  std::vector<CppToken> tokens = tokenize_cpp("int a;\nstd::mu\\\ntex m;");
  ASSERT_GE(tokens.size(), 6u);
  EXPECT_EQ(tokens[3].text, "std");
  EXPECT_EQ(tokens[5].text, "mutex");
  EXPECT_EQ(tokens[5].line, 2);
  EXPECT_EQ(tokens[5].column, 6);
  EXPECT_EQ(tokens[6].text, "m");
  EXPECT_EQ(tokens[6].line, 3);
  EXPECT_EQ(tokens[6].column, 5);
  // A // comment continued by a backslash swallows the next line, as the preprocessor does.
  EXPECT_EQ(identifiers("a // b \\\n c\nd"), (Strings{"a", "d"}));
}

TEST(Tokenizer, NumbersWithDigitSeparatorsAreNotCharLiterals) {
  EXPECT_EQ(identifiers("x = 1'000'000; y = 0x1p-3 + 1e+5; z"), (Strings{"x", "y", "z"}));
}

TEST(Tokenizer, ScopeIsOneToken) {
  std::vector<CppToken> tokens = tokenize_cpp("a::b :c");
  ASSERT_EQ(tokens.size(), 5u);
  EXPECT_EQ(tokens[1].kind, CppToken::Kind::scope);
  EXPECT_EQ(tokens[3].kind, CppToken::Kind::punctuator);
}

TEST(Tokenizer, FindsIncludes) {
  std::vector<IncludeDirective> includes = find_includes(tokenize_cpp(
      "#include <mutex>\n  #  include \"locks.hpp\"\n// #include <thread>\n#define X \"#include <atomic>\"\n"
      "#include HEADER\nx #include <y>\n%:include <z>\n"));
  ASSERT_EQ(includes.size(), 4u);
  EXPECT_EQ(includes[0].header, "mutex");
  EXPECT_TRUE(includes[0].angled);
  EXPECT_EQ(includes[1].header, "locks.hpp");
  EXPECT_FALSE(includes[1].angled);
  EXPECT_EQ(includes[1].line, 2);
  EXPECT_EQ(includes[1].column, 3);
  EXPECT_TRUE(includes[2].computed);
  EXPECT_EQ(includes[3].header, "z");
}

// ---- includes -------------------------------------------------------------------------------------

TEST(Includes, AllowsStandardLabAndStudentHeaders) {
  EXPECT_EQ(strings(check_includes(mutex_lab(), "locks.cpp",
                                   "#include <vector>\n#include <cstdint>\n#include <lab/lab.hpp>\n"
                                   "#include \"locks.hpp\"\n#include \"./locks.hpp\"\n")),
            Strings{});
}

TEST(Includes, RejectsEachForbiddenForm) {
  std::string source =
      "#include <mutex>\n"            // 1 forbidden
      "#include \"mutex\"\n"          // 2 forbidden, quoted
      "#include <sys/syscall.h>\n"    // 3 forbidden with a slash
      "#include <sys/mman.h>\n"       // 4 not standard
      "#include \"/etc/locks.hpp\"\n" // 5 absolute
      "#include \"../other/x.hpp\"\n" // 6 outside
      "#include <lab/../x.hpp>\n"     // 7 outside, via lab/
      "#include \"helpers.hpp\"\n"    // 8 not a lab file
      "#include SNEAKY\n";            // 9 computed
  const std::string allowed = "include only this lab's files (locks.hpp, locks.cpp), <lab/...> and standard headers";
  EXPECT_EQ(strings(check_includes(mutex_lab(), "locks.cpp", source)),
            (Strings{
                "mutex/locks.cpp:1:1: includes <mutex>, which this lab forbids: use lab::futex_wait",
                "mutex/locks.cpp:2:1: includes \"mutex\", which this lab forbids: use lab::futex_wait",
                "mutex/locks.cpp:3:1: includes <sys/syscall.h>, which this lab forbids: use lab::futex_wake",
                "mutex/locks.cpp:4:1: includes <sys/mman.h>, which is not a standard C++ header: " + allowed,
                "mutex/locks.cpp:5:1: includes \"/etc/locks.hpp\" by absolute path: " + allowed,
                "mutex/locks.cpp:6:1: includes \"../other/x.hpp\", which is outside this lab's directory: " + allowed,
                "mutex/locks.cpp:7:1: includes <lab/../x.hpp>, which is outside this lab's directory: " + allowed,
                "mutex/locks.cpp:8:1: includes \"helpers.hpp\", which is not one of this lab's files "
                "(locks.hpp, locks.cpp): put your code in those files",
                "mutex/locks.cpp:9:1: #include with a macro instead of a header name: write the header name, "
                "e.g. #include <lab/lab.hpp>",
            }));
}

TEST(Includes, IgnoresCommentsAndStrings) {
  EXPECT_EQ(strings(check_includes(mutex_lab(), "locks.cpp",
                                   "// #include <mutex>\n/* #include <mutex> */\nconst char* s = \"#include <mutex>\";\n")),
            Strings{});
}

TEST(Includes, StudentFilesInSubdirectories) {
  LabSpec lab = mutex_lab();
  lab.files = {"src/a.cpp", "src/a.hpp", "include/b.hpp"};
  EXPECT_EQ(strings(check_includes(lab, "src/a.cpp", "#include \"a.hpp\"\n#include \"include/b.hpp\"\n")), Strings{});
  EXPECT_EQ(check_includes(lab, "src/a.cpp", "#include \"b.hpp\"\n").size(), 1u);
}

// ---- identifiers ----------------------------------------------------------------------------------

TEST(Identifiers, MatchesQualifiedNamesAsTokenSequences) {
  std::string source =
      "// std::mutex in a comment\n"
      "lab::atomic<int> ok;\n"
      "std :: mutex m;\n"
      "  std::atomic<int> x;\n";
  EXPECT_EQ(strings(check_identifiers(mutex_lab(), "locks.cpp", source)),
            (Strings{"mutex/locks.cpp:3:1: std::mutex is not allowed in this lab: use your own lab::Mutex",
                     "mutex/locks.cpp:4:3: std::atomic is not allowed in this lab: use lab::atomic"}));
}

TEST(Identifiers, WholeTokensOnly) {
  EXPECT_EQ(strings(check_identifiers(mutex_lab(), "locks.cpp",
                                      "int my_atomic_flag_x; int syscalls; mutex m; atomic a; std::atomic_ref<int> r;")),
            Strings{});
}

TEST(Identifiers, LongestMatchWinsAndEachIsReportedOnce) {
  std::string source = "std::atomic_flag f;\nstd::atomic_flag g;\natomic_flag h;\nasm(\"pause\"); asm(\"nop\");\n";
  EXPECT_EQ(strings(check_identifiers(mutex_lab(), "locks.hpp", source)),
            (Strings{"mutex/locks.hpp:1:1: std::atomic_flag is not allowed in this lab: use lab::atomic<bool>",
                     "mutex/locks.hpp:3:1: atomic_flag is not allowed in this lab: use lab::atomic<bool>",
                     "mutex/locks.hpp:4:1: asm is not allowed in this lab: use lab::cpu_relax()"}));
}

TEST(Identifiers, IgnoresStringsAndRawStrings) {
  EXPECT_EQ(strings(check_identifiers(mutex_lab(), "locks.cpp",
                                      "auto a = \"syscall\"; auto b = R\"(std::mutex)\"; char c = 'a';")),
            Strings{});
}

TEST(Identifiers, SeesThroughLineContinuations) {
  EXPECT_EQ(strings(check_identifiers(mutex_lab(), "locks.cpp", "long r = sys\\\ncall(1);")),
            (Strings{"mutex/locks.cpp:1:10: syscall is not allowed in this lab: use lab::futex_wait"}));
}

TEST(Identifiers, TrickyFile) {
  LabSpec lab = mutex_lab();
  lab.forbidden_identifiers.push_back({"__asm__", "lab::cpu_relax()"});
  std::ifstream in(fs::path(GRADER_TEST_DATA_DIR) / "tricky_locks.cpp");
  std::string source((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_FALSE(source.empty());
  EXPECT_EQ(strings(check_includes(lab, "locks.cpp", source)), Strings{});
  EXPECT_EQ(strings(check_identifiers(lab, "locks.cpp", source)),
            (Strings{"mutex/locks.cpp:18:3: std::mutex is not allowed in this lab: use your own lab::Mutex",
                     "mutex/locks.cpp:24:26: syscall is not allowed in this lab: use lab::futex_wait",
                     "mutex/locks.cpp:27:17: __asm__ is not allowed in this lab: use lab::cpu_relax()"}));
}

// ---- files on disk --------------------------------------------------------------------------------

class SubmissionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("static_checks_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(root_);
    fs::create_directories(root_ / "mutex");
  }
  void TearDown() override { fs::remove_all(root_); }

  void write(const std::string& relative, const std::string& text) const {
    fs::create_directories((root_ / relative).parent_path());
    std::ofstream(root_ / relative) << text;
  }

  fs::path root_;
};

TEST_F(SubmissionTest, MissingFiles) {
  write("mutex/locks.hpp", "#pragma once\n");
  EXPECT_EQ(strings(check_sources(mutex_lab(), root_ / "mutex")),
            (Strings{"mutex/locks.cpp is missing: copy it from exercises/mutex/ and fill in the TODOs"}));
  std::vector<Violation> violations = check_required_files(mutex_lab(), root_ / "mutex");
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].file, "mutex/locks.cpp");
  EXPECT_EQ(violations[0].line, 0);
}

TEST_F(SubmissionTest, CheckSourcesOrdersByFileThenLine) {
  write("mutex/locks.hpp", "#pragma once\n#include <mutex>\nstd::mutex m;\n");
  write("mutex/locks.cpp", "#include \"locks.hpp\"\nlong f() { return syscall(1); }\n");
  EXPECT_EQ(strings(check_sources(mutex_lab(), root_ / "mutex")),
            (Strings{"mutex/locks.hpp:2:1: includes <mutex>, which this lab forbids: use lab::futex_wait",
                     "mutex/locks.hpp:3:1: std::mutex is not allowed in this lab: use your own lab::Mutex",
                     "mutex/locks.cpp:2:19: syscall is not allowed in this lab: use lab::futex_wait"}));
}

TEST_F(SubmissionTest, TheStarterAndReferenceFilesPass) {
  LabSpec lab = mutex_lab();
  for (const char* dir : {"exercises/mutex", "solutions/mutex"}) {
    EXPECT_EQ(strings(check_sources(lab, fs::path(LABS_SOURCE_DIR) / dir)), Strings{}) << dir;
  }
}

// The same with the real course's rules: a forbidden list that rejects the reference solution is a bug.
TEST_F(SubmissionTest, TheStarterAndReferenceFilesPassTheRealCourse) {
  Course course = load_course(fs::path(LABS_SOURCE_DIR) / "course.yaml");
  const LabSpec& lab = *course.find_lab("mutex");
  for (const char* dir : {"exercises/mutex", "solutions/mutex"}) {
    EXPECT_EQ(strings(check_sources(lab, fs::path(LABS_SOURCE_DIR) / dir)), Strings{}) << dir;
  }
}

// ---- imported symbols -----------------------------------------------------------------------------

TEST(SymbolNames, StripParametersQualifiersAndReturnTypes) {
  EXPECT_EQ(symbol_function_name("pthread_mutex_lock"), "pthread_mutex_lock");
  EXPECT_EQ(symbol_function_name("pthread_mutex_lock@GLIBC_2.2.5"), "pthread_mutex_lock");
  EXPECT_EQ(symbol_function_name("std::mutex::lock()"), "std::mutex::lock");
  EXPECT_EQ(symbol_function_name("ns::Widget::poke(int) const"), "ns::Widget::poke");
  EXPECT_EQ(symbol_function_name("void std::__atomic_notify_address<int>(int const*, bool)"),
            "std::__atomic_notify_address<int>");
  EXPECT_EQ(symbol_function_name("std::function<void ()>::operator()() const"), "std::function<void ()>::operator()");
  EXPECT_EQ(symbol_function_name("operator new(unsigned long)"), "operator new");
  EXPECT_EQ(symbol_function_name("std::basic_ostream<char, std::char_traits<char> >& std::operator<< "
                                 "<std::char_traits<char> >(std::basic_ostream<char, std::char_traits<char> >&, "
                                 "char const*)"),
            "std::operator<< <std::char_traits<char> >");
  EXPECT_EQ(symbol_function_name("vtable for std::mutex"), "std::mutex");
  EXPECT_EQ(symbol_function_name("(anonymous namespace)::counter"), "(anonymous namespace)::counter");
}

// Compiles `source` with the project's compiler into `dir`/`name`.o.
fs::path compile(const fs::path& dir, const std::string& name, const std::string& source) {
  fs::path cpp = dir / (name + ".cpp"), object = dir / (name + ".o");
  std::ofstream(cpp) << source;
  std::string command = std::string(GRADER_TEST_CXX) + " -std=c++20 -c " + cpp.string() + " -o " + object.string();
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
  return object;
}

TEST_F(SubmissionTest, ImportedSymbols) {
  fs::path bad = compile(root_, "bad",
                         "#include <pthread.h>\n"
                         "void f(pthread_mutex_t* m) { pthread_mutex_lock(m); pthread_mutex_lock(m); }\n"
                         "namespace ns { struct Widget { void poke(int) const; }; }\n"
                         "void g(const ns::Widget& w) { w.poke(1); }\n");
  fs::path clean = compile(root_, "clean", "int h(int x) { return x + 1; }\n");
  std::vector<Violation> violations =
      check_imported_symbols(mutex_lab(), {bad, clean}, {{bad, "mutex/locks.cpp"}, {clean, "mutex/other.cpp"}});
  EXPECT_EQ(strings(violations),
            (Strings{"mutex/locks.cpp: your code calls ns::Widget::poke, which this lab forbids: use something else",
                     "mutex/locks.cpp: your code calls pthread_mutex_lock, which this lab forbids: use lab::atomic"}));
  EXPECT_TRUE(check_imported_symbols(mutex_lab(), {clean}, {}).empty());
}

TEST_F(SubmissionTest, ImportedSymbolsFailLoudlyWhenNmCannot) {
  EXPECT_THROW(undefined_symbols(root_ / "no_such.o"), StaticCheckError);
  EXPECT_THROW(undefined_symbols(root_ / "no_such.o", "no-such-nm-program"), StaticCheckError);
}

// ---- assembly files (the uthreads lab's switch.S) -------------------------------------------------------

TEST(Assembly, RejectsSystemCallsAndIncludesOutsideComments) {
  LabSpec lab = mutex_lab();
  const std::string source =
      "# syscall in a comment is fine\n"
      "#include <sys/syscall.h>\n"
      "#define CALL syscall\n"
      "  .globl uthread_switch\n"
      "uthread_switch:  // int 0x80 in a comment\n"
      "  pushq %rbx\n"
      "  int $0x80\n"
      "  .int 5\n"
      "  sysenter # and a comment\n"
      "  .incbin \"/etc/passwd\"\n"
      "interrupt_me: ret\n";
  EXPECT_EQ(strings(check_assembly(lab, "switch.S", source)),
            (Strings{"mutex/switch.S:2:2: `include` (an include) is not allowed in an assembly file: it may only "
                     "switch contexts (mov, push, pop, ret)",
                     "mutex/switch.S:3:14: `syscall` (a system call) is not allowed in an assembly file: it may "
                     "only switch contexts (mov, push, pop, ret)",
                     "mutex/switch.S:7:3: `int` (a software interrupt) is not allowed in an assembly file: it may "
                     "only switch contexts (mov, push, pop, ret)",
                     "mutex/switch.S:9:3: `sysenter` (a system call) is not allowed in an assembly file: it may "
                     "only switch contexts (mov, push, pop, ret)",
                     "mutex/switch.S:10:3: `.incbin` (an included binary) is not allowed in an assembly file: it "
                     "may only switch contexts (mov, push, pop, ret)"}));
}

// Forbidden C++ identifiers (asm, syscall as a C++ name) are not applied to a .S file.
TEST_F(SubmissionTest, AssemblyFilesSkipTheCppChecks) {
  LabSpec lab = mutex_lab();
  lab.files = {"switch.S"};
  write("mutex/switch.S", "  .text\n# uses asm, std::mutex and <mutex> only in comments\nf:\n  movq %rsp, (%rdi)\n  ret\n");
  EXPECT_EQ(strings(check_sources(lab, root_ / "mutex")), Strings{});
}

TEST_F(SubmissionTest, TheUthreadsStarterAndReferencePassTheRealCourse) {
  Course course = load_course(fs::path(LABS_SOURCE_DIR) / "course.yaml");
  const LabSpec* lab = course.find_lab("uthreads");
  ASSERT_NE(lab, nullptr);
  for (const char* dir : {"exercises/uthreads", "solutions/uthreads"}) {
    EXPECT_EQ(strings(check_sources(*lab, fs::path(LABS_SOURCE_DIR) / dir)), Strings{}) << dir;
  }
}

}  // namespace
}  // namespace grader
