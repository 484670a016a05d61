// Tests of the course check that every gtest named in course.yaml exists in its lab's compiled tests.
#include "gtest_names.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <fstream>

namespace grader {
namespace {

namespace fs = std::filesystem;

class GtestNames : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("gtest-names-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    // Real GoogleTest macros, compiled like a lab's test library: what nm sees is what the build makes.
    const fs::path cpp = dir_ / "lab_tests.cpp";
    std::ofstream(cpp) << "#include <gtest/gtest.h>\n"
                          "TEST(SpinLock, TryLock) {}\n"
                          "TEST(SpinLock, MutualExclusion2Threads) {}\n"
                          "namespace mutex_lab { namespace {\n"
                          "TEST(TicketLock, Fifo) {}\n"  // the labs' tests live in namespaces like this
                          "} }\n";
    library_ = dir_ / "lab_tests.o";
    const std::string command = std::string(GRADER_TEST_CXX) + " -std=c++20 -c " + cpp.string() + " -o " + library_.string();
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }

  static LabSpec lab(const std::string& gtest) {
    LabSpec lab;
    lab.id = "mutex";
    TestSpec test{"spin_try", "try_lock", gtest, 5, {"plain"}};
    test.gtest_line = 12;
    test.gtest_column = 16;
    lab.tests.push_back(test);
    return lab;
  }
  static BuildInfo build() {
    BuildInfo info;
    info.configs["plain"].test_libraries["mutex"] = library_;
    return info;
  }

  static inline fs::path dir_;
  static inline fs::path library_;
};

TEST_F(GtestNames, ListsTheTestsALibraryDefines) {
  EXPECT_EQ(gtest_classes(library_),
            (std::set<std::string>{"SpinLock_MutualExclusion2Threads_Test", "SpinLock_TryLock_Test", "TicketLock_Fifo_Test"}));
  EXPECT_EQ(gtest_class_name("SpinLock.TryLock"), "SpinLock_TryLock_Test");
  EXPECT_EQ(gtest_class_name("Sizes/Queue.Holds/3"), "Queue_Holds_Test");
}

TEST_F(GtestNames, AnExistingTestPasses) {
  const LabSpec ok = lab("SpinLock.TryLock");
  EXPECT_NO_THROW(check_gtest_names({&ok}, build(), "course.yaml"));
}

TEST_F(GtestNames, AMissingTestIsACourseErrorAtItsLineAndColumn) {
  const LabSpec typo = lab("SpinLock.TryLok");
  try {
    check_gtest_names({&typo}, build(), "course.yaml");
    FAIL() << "no error";
  } catch (const CourseError& e) {
    EXPECT_STREQ(e.what(),
                 "course.yaml:12:16: gtest 'SpinLock.TryLok' of test 'spin_try' is not a test of lab 'mutex' (not in "
                 "its plain test binary) (did you mean 'SpinLock.TryLock'?)");
  }
}

}  // namespace
}  // namespace grader
