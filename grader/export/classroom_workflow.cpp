// The GitHub Classroom workflow for one lab, generated so that its runners match the lab's tests.
#include "classroom_workflow.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cctype>
#include <nlohmann/json.hpp>
#include <vector>

#include "export_classroom.hpp"
#include "text_encoding.hpp"

namespace grader {

namespace {

using nlohmann::json;

// The result a runner gets when the grader did not write one: the test was not graded.
std::string not_graded_result(const LabSpec& lab, const TestSpec& test) {
  const json entry{{"name", fmt::format("{}/{}: {}", lab.id, test.id, test.name)},
                   {"status", "error"},
                   {"score", 0},
                   {"message", "Not graded: ./labs ci stopped before this test (see the Grade step's log, e.g. the "
                               "build failed). This score is not final."},
                   {"test_code", ""},
                   {"filename", ""},
                   {"line_no", 0},
                   {"duration", 0}};
  const json result{{"version", 1}, {"status", "error"}, {"max_score", test.points}, {"tests", json::array({entry})}};
  return base64_encode(result.dump());
}

constexpr const char* kWorkflowHeader = R"(# GitHub Classroom autograding for the {lab} lab, written by `./labs package classroom --lab {lab}`.
# Classroom records the points the grading reporter prints: one runner per test, so that the total
# it shows (passed/total x max_score per runner) and the total it records (sum of scores) agree.
name: Autograding Tests
on:
  push:
  workflow_dispatch:
  repository_dispatch:
permissions:
  checks: write
  actions: read
  contents: read
jobs:
  run-autograding-tests:
    runs-on: ubuntu-24.04
    if: github.actor != 'github-classroom[bot]'
    timeout-minutes: 30
    env:
      LABS_PRESET: default   # not the warnings-as-errors preset that CI=true selects
      LABS_USE_SUDO: "1"     # ./labs installs the Debian packages it needs with sudo
    steps:
      - uses: actions/checkout@v4
      # ThreadSanitizer needs the classic 28-bit mmap randomisation (newer runner kernels use 32).
      - name: Let ThreadSanitizer run
        run: sudo sysctl -w vm.mmap_rnd_bits=28
      # ./labs ci builds, grades and writes one step output per test; a test it did not grade (the build
      # failed) gets a readable "not graded" result instead.
      - name: Grade
        id: labs
        run: |
          status=0
          ./labs ci {lab} --classroom --budget 20m || status=$?
          while read -r runner result; do
            grep -q "^$runner=" "$GITHUB_OUTPUT" || echo "$runner=$result" >>"$GITHUB_OUTPUT"
          done <<'RUNNERS'
)";

constexpr const char* kReporter = R"(          RUNNERS
          exit "$status"
      - name: Autograding Reporter
        if: always()
        uses: classroom-resources/autograding-grading-reporter@v1
        env:
)";

}  // namespace

std::string classroom_workflow(const LabSpec& lab) {
  std::string yaml = fmt::format(fmt::runtime(kWorkflowHeader), fmt::arg("lab", lab.id));
  std::vector<std::string> runners;
  for (const auto& test : lab.tests) {
    const std::string runner = classroom_runner_name(lab.id, test.id);
    runners.push_back(runner);
    yaml += fmt::format("          {} {}\n", runner, not_graded_result(lab, test));
  }
  yaml += kReporter;
  for (const auto& runner : runners) {
    std::string upper;
    for (char c : runner) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    yaml += fmt::format("          {}_RESULTS: \"${{{{ steps.labs.outputs.{} }}}}\"\n", upper, runner);
  }
  yaml += fmt::format("        with:\n          runners: {}\n", fmt::join(runners, ","));
  return yaml;
}

}  // namespace grader
