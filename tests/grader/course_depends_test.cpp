// Tests of depends_on's `from`: one source for check and grade, or a map {check, grade}; and which applies.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "course.hpp"
#include "pipeline.hpp"

namespace grader {
namespace {

namespace fs = std::filesystem;
using From = LabSpec::Dependency::From;

// A course of two labs; `from` is the text after "from: " in the second lab's depends_on entry.
std::string course_with_from(const std::string& from) {
  return "course: Test\nconfigs:\n  plain: Plain.\nlabs:\n"
         "  mutex:\n    title: Locks\n    files: [locks.cpp]\n    configs: [plain]\n"
         "    tests:\n      - {id: t, name: t, gtest: A.B, points: 1, configs: [plain]}\n"
         "  monitor:\n    title: Monitors\n    files: [monitor.cpp]\n    configs: [plain]\n"
         "    depends_on:\n      - lab: mutex\n        from: " + from + "\n"
         "    tests:\n      - {id: t, name: t, gtest: A.B, points: 1, configs: [plain]}\n";
}

class DependsOnFrom : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("course_depends_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // The monitor lab's dependency as loaded from `from`; fails the test on a course error.
  LabSpec::Dependency load(const std::string& from) {
    const fs::path path = dir_ / "course.yaml";
    std::ofstream(path) << course_with_from(from);
    const Course course = load_course(path.string());
    EXPECT_EQ(course.labs.size(), 2u);
    EXPECT_EQ(course.labs[1].depends_on.size(), 1u);
    return course.labs[1].depends_on.at(0);
  }

  // The CourseError message for `from`, or "" when the course loads.
  std::string error_of(const std::string& from) {
    const fs::path path = dir_ / "course.yaml";
    std::ofstream(path) << course_with_from(from);
    try {
      load_course(path.string());
    } catch (const CourseError& e) {
      return e.what();
    }
    return {};
  }

  fs::path dir_;
};

TEST_F(DependsOnFrom, OneValueAppliesToCheckAndGrade) {
  const auto dep = load("solutions");
  EXPECT_EQ(dep.from, From::solutions);
  EXPECT_EQ(dep.check_from, From::solutions);
  EXPECT_EQ(dependency_source(dep, Purpose::check), From::solutions);
  EXPECT_EQ(dependency_source(dep, Purpose::grade), From::solutions);
}

TEST_F(DependsOnFrom, MapSetsCheckAndGradeApart) {
  const auto dep = load("{check: submission, grade: solutions}");
  EXPECT_EQ(dependency_source(dep, Purpose::check), From::submission);
  EXPECT_EQ(dependency_source(dep, Purpose::grade), From::solutions);
}

TEST_F(DependsOnFrom, MissingKeyOfTheMapMeansSubmission) {
  const auto dep = load("{grade: solutions}");
  EXPECT_EQ(dependency_source(dep, Purpose::check), From::submission);
  EXPECT_EQ(dependency_source(dep, Purpose::grade), From::solutions);
}

TEST_F(DependsOnFrom, MapErrorsNameTheKey) {
  const std::string unknown = error_of("{chek: submission}");
  EXPECT_NE(unknown.find("unknown key 'chek'"), std::string::npos) << unknown;
  const std::string bad = error_of("{check: mine}");
  EXPECT_NE(bad.find("'check' must be submission or solutions, got 'mine'"), std::string::npos) << bad;
}

TEST(CourseMonitorLab, ChecksWithTheStudentsMutexAndGradesWithTheReference) {
  const Course course = load_course(std::string(LABS_SOURCE_DIR) + "/course.yaml");
  const LabSpec* monitor = course.find_lab("monitor");
  ASSERT_NE(monitor, nullptr);
  ASSERT_EQ(monitor->depends_on.size(), 1u);
  EXPECT_EQ(monitor->depends_on[0].lab, "mutex");
  EXPECT_EQ(dependency_source(monitor->depends_on[0], Purpose::check), From::submission);
  EXPECT_EQ(dependency_source(monitor->depends_on[0], Purpose::grade), From::solutions);
  EXPECT_DOUBLE_EQ(monitor->max_points(), 100.0);
}

}  // namespace
}  // namespace grader
