// Unit tests of the test binary's --lab-* option parsing.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "controlled_runtime.hpp"
#include "test_main.hpp"

namespace {

struct Args {
  std::vector<std::string> storage;
  std::vector<char*> argv;
  int argc = 0;
  explicit Args(std::vector<std::string> words) : storage(std::move(words)) {
    for (auto& word : storage) argv.push_back(word.data());
    argv.push_back(nullptr);
    argc = static_cast<int>(storage.size());
  }
};

TEST(LabOptions, ParsesAndRemovesLabArguments) {
  Args args({"tests", "--gtest_filter=A.B", "--lab-results=/tmp/r.json", "--lab-seed=42", "--lab-repeat=3",
             "--lab-watchdog-ms=1500"});
  std::string error;
  auto options = harness::take_lab_options(args.argc, args.argv.data(), error);
  ASSERT_TRUE(options) << error;
  EXPECT_EQ(options->results_path, "/tmp/r.json");
  EXPECT_EQ(options->seed, 42u);
  EXPECT_EQ(options->repeat, 3);
  EXPECT_EQ(options->watchdog.count(), 1500);
  ASSERT_EQ(args.argc, 2);
  EXPECT_STREQ(args.argv[1], "--gtest_filter=A.B");
  EXPECT_EQ(args.argv[2], nullptr);
}

TEST(LabOptions, DefaultsWithoutArguments) {
  Args args({"tests"});
  std::string error;
  auto options = harness::take_lab_options(args.argc, args.argv.data(), error);
  ASSERT_TRUE(options);
  EXPECT_EQ(options->seed, 1u);
  EXPECT_EQ(options->repeat, 1);
  EXPECT_EQ(options->watchdog.count(), 5000);
  EXPECT_TRUE(options->results_path.empty());
}

TEST(LabOptions, RejectsMalformedValues) {
  for (const char* bad : {"--lab-seed=x", "--lab-repeat=0", "--lab-watchdog-ms=", "--lab-bogus=1", "--lab-cpus=two"}) {
    Args args({"tests", bad});
    std::string error;
    EXPECT_FALSE(harness::take_lab_options(args.argc, args.argv.data(), error)) << bad;
    EXPECT_FALSE(error.empty()) << bad;
  }
}

// The controlled search runs on one CPU unless a bench asks for all (cpu_pin.hpp).
TEST(LabOptions, ControlledSearchCpus) {
  auto& controlled = harness::controlled::options();
  EXPECT_TRUE(controlled.one_cpu);
  for (const auto& [arg, one] : {std::pair{"--lab-cpus=all", false}, std::pair{"--lab-cpus=one", true}}) {
    Args args({"tests", arg});
    std::string error;
    ASSERT_TRUE(harness::take_lab_options(args.argc, args.argv.data(), error)) << error;
    EXPECT_EQ(controlled.one_cpu, one) << arg;
  }
}

}  // namespace
