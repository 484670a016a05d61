// Tests of the object checks: the imports allowlist, the student's own symbols, and definitions that
// would act before or instead of the harness (IFUNC, .preinit_array, C names).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "object_definitions.hpp"
#include "static_checks.hpp"

namespace grader {
namespace {

namespace fs = std::filesystem;

class ObjectAllowlist : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("object_allowlist_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    lab_.id = "mutex";
    lab_.files = {"locks.hpp", "locks.cpp"};
    lab_.forbidden_symbols = {{"freopen*", "nothing: a lab works in memory"}};
    lab_.allowed_imports = std::vector<std::string>{"operator new*", "operator delete*", "lab::yield", "printf"};
    lab_.exports = {"uthread_switch"};
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path compile(const std::string& name, const std::string& source) const {
    fs::path cpp = dir_ / (name + ".cpp"), object = dir_ / (name + ".o");
    std::ofstream(cpp) << source;
    std::string command = std::string(GRADER_TEST_CXX) + " -std=c++20 -O2 -c " + cpp.string() + " -o " + object.string();
    EXPECT_EQ(std::system(command.c_str()), 0) << command;
    return object;
  }

  std::vector<std::string> imports(const fs::path& object, const std::set<std::string>& own = {}) const {
    std::vector<std::string> out;
    for (const Violation& v : check_imported_symbols(lab_, {object}, {{object, "mutex/locks.cpp"}}, own)) {
      out.push_back(v.to_string());
    }
    return out;
  }

  std::vector<std::string> definitions(const fs::path& object) const {
    std::vector<std::string> out;
    for (const Violation& v : check_definitions(lab_, {object}, {{object, "mutex/locks.cpp"}})) out.push_back(v.to_string());
    return out;
  }

  fs::path dir_;
  LabSpec lab_;
};

TEST_F(ObjectAllowlist, AllowedImportsPass) {
  const fs::path ok = compile("ok", "#include <cstdio>\nnamespace lab { void yield(); }\n"
                                    "int* f() { lab::yield(); std::printf(\"%d\\n\", 1); return new int(1); }\n");
  EXPECT_TRUE(imports(ok).empty());
}

TEST_F(ObjectAllowlist, AnythingElseIsRefusedWithTheDenylistMessageFirst) {
  const fs::path bad = compile("bad", "#include <cstdio>\n#include <unistd.h>\n"
                                      "void f() { std::freopen(\"r\", \"w\", stdout); ::write(1, \"x\", 1); }\n");
  const auto found = imports(bad);
  ASSERT_EQ(found.size(), 3u);  // freopen, write, stdout
  EXPECT_NE(found[0].find("freopen, which this lab forbids: use nothing: a lab works in memory"), std::string::npos)
      << found[0];
  EXPECT_NE(found[2].find("your code calls write, which is not among what this lab allows"), std::string::npos)
      << found[2];
}

// The student's own method whose name a deny glob happens to match (the cow lab's lab::Kernel::fork
// against `*fork`), called from the adapter that inlines their header: their code, not a process API.
TEST_F(ObjectAllowlist, TheStudentsOwnSymbolBeatsADenyGlob) {
  lab_.forbidden_symbols.push_back({"*fork", "the threads the harness gives you"});
  const fs::path caller = compile("caller", "namespace lab { struct Kernel { int fork(); }; }\n"
                                            "int f(lab::Kernel& k) { return k.fork(); }\n");
  EXPECT_TRUE(imports(caller, {"lab::Kernel::fork()"}).empty());
  const auto found = imports(caller);  // not the student's: the deny rule's message
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0].find("lab::Kernel::fork, which this lab forbids"), std::string::npos) << found[0];
}

// The results writer of the harness, declared by hand: the allowlist refuses it whatever the student declares.
TEST_F(ObjectAllowlist, HandDeclaredHarnessFunctionIsRefused) {
  const fs::path forged = compile("forged", "namespace harness { enum class Verdict { pass, fail };\n"
                                            "bool write_results_file(Verdict, bool); }\n"
                                            "void f() { harness::write_results_file(harness::Verdict::pass, false); }\n");
  const auto found = imports(forged);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0].find("your code calls harness::write_results_file, which is not among"), std::string::npos)
      << found[0];
}

TEST_F(ObjectAllowlist, SymbolsTheStudentDefinesMayBeImported) {
  const fs::path user = compile("user", "namespace lab { struct Mutex { void lock(); }; }\n"
                                        "void f(lab::Mutex& m) { m.lock(); }\n");
  EXPECT_EQ(imports(user).size(), 1u);
  EXPECT_TRUE(imports(user, {"lab::Mutex::lock()"}).empty());
}

TEST_F(ObjectAllowlist, NoAllowlistMeansOnlyTheDenylist) {
  lab_.allowed_imports.reset();
  const fs::path other = compile("other", "#include <unistd.h>\nvoid f() { ::write(1, \"x\", 1); }\n");
  EXPECT_TRUE(imports(other).empty());
}

TEST_F(ObjectAllowlist, OrdinaryDefinitionsPass) {
  const fs::path ok = compile("ok", "namespace lab { void helper() {} }\nstatic int local() { return 1; }\n"
                                    "int global_helper() { return local(); }\n"
                                    "extern \"C\" void uthread_switch() {}\n");
  EXPECT_TRUE(definitions(ok).empty());
  EXPECT_EQ(defined_symbols({ok}).count("lab::helper()"), 1u);
}

TEST_F(ObjectAllowlist, CFunctionThatWouldReplaceTheLibrarysIsRefused) {
  const fs::path read = compile("read", "extern \"C\" long read(int, void*, unsigned long) { return 0; }\n");
  const auto found = definitions(read);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0].find("defines the C symbol read"), std::string::npos) << found[0];
  // However it is spelled: an asm label gives a C++ function the C name.
  const fs::path label = compile("label", "long my_close(int) asm(\"close\");\nlong my_close(int) { return 0; }\n");
  EXPECT_EQ(definitions(label).size(), 1u);
}

TEST_F(ObjectAllowlist, CodeThatRunsBeforeTheHarnessIsRefused) {
  const fs::path preinit = compile("preinit", "static void early(int, char**, char**) {}\n"
                                              "[[gnu::used, gnu::section(\".preinit_array\")]] "
                                              "static void (*run_early)(int, char**, char**) = early;\n");
  const auto found = definitions(preinit);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0].find(".preinit_array"), std::string::npos) << found[0];
  const fs::path ifunc = compile("ifunc", "static int impl() { return 1; }\n"
                                          "extern \"C\" { static void* pick() { return (void*)impl; } }\n"
                                          "int chosen() __attribute__((ifunc(\"pick\")));\n");
  const auto ifuncs = definitions(ifunc);
  ASSERT_EQ(ifuncs.size(), 1u);
  EXPECT_NE(ifuncs[0].find("IFUNC"), std::string::npos) << ifuncs[0];
}

}  // namespace
}  // namespace grader
