// A fixture for course.yaml tests: writes the text into a fresh temporary directory, loads it, and
// formats the expected "FILE:LINE:COL: message" of a CourseError.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "course.hpp"

namespace grader::testing {

class CourseFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("course_test_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->test_suite_name()) +
            "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "course.yaml").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  void write(const std::string& text) const { std::ofstream(path_) << text; }

  // Loads `text` and returns the CourseError message ("" when it loads).
  std::string error_of(const std::string& text) {
    write(text);
    try {
      load_course(path_);
    } catch (const CourseError& e) {
      return e.what();
    }
    return "";
  }

  // "FILE:LINE:COL: message" for the file error_of wrote.
  std::string at(int line, int column, const std::string& message) const {
    return path_ + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message;
  }

  std::filesystem::path dir_;
  std::string path_;  // dir_/course.yaml, as given to load_course
};

}  // namespace grader::testing
