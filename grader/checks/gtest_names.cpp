// The tests a lab's compiled test library defines, and course.yaml's gtest names checked against them.
#include "gtest_names.hpp"

#include <fmt/format.h>

#include <map>
#include <sstream>

#include "tool_output.hpp"
#include "yaml_checks.hpp"

namespace grader {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kTestBody = "::TestBody()";

// "SpinLock_TryLock_Test" -> "SpinLock.TryLock" when the split is unambiguous (one '_' before _Test).
std::string readable(const std::string& class_name) {
  const std::string base = class_name.substr(0, class_name.size() - 5);
  const auto underscore = base.find('_');
  if (underscore == std::string::npos || base.find('_', underscore + 1) != std::string::npos) return {};
  return base.substr(0, underscore) + "." + base.substr(underscore + 1);
}

std::string suggestion(const std::string& gtest, const std::set<std::string>& classes) {
  std::vector<std::string> names;
  for (const auto& c : classes) {
    if (std::string name = readable(c); !name.empty()) names.push_back(name);
  }
  const std::string close = yaml_checks::closest_match(gtest, names);
  return close.empty() ? "" : fmt::format(" (did you mean '{}'?)", close);
}

}  // namespace

std::string gtest_class_name(const std::string& gtest) {
  // A value-parameterized instance "Prefix/Suite.Name/3" belongs to the class of TEST_P(Suite, Name).
  const auto dot = gtest.find('.');
  if (dot == std::string::npos) return gtest + "_Test";
  std::string suite = gtest.substr(0, dot);
  std::string name = gtest.substr(dot + 1);
  if (const auto slash = suite.rfind('/'); slash != std::string::npos) suite = suite.substr(slash + 1);
  if (const auto slash = name.find('/'); slash != std::string::npos) name = name.substr(0, slash);
  return suite + "_" + name + "_Test";
}

std::set<std::string> gtest_classes(const fs::path& library, const std::string& nm) {
  std::istringstream out(tool_output(nm, {"-C", "--defined-only", library.string()}, "list the tests of a lab"));
  std::set<std::string> classes;
  for (std::string line; std::getline(out, line);) {
    // "... t mutex_lab::(anonymous namespace)::SpinLock_TryLock_Test::TestBody()": the class's own name.
    if (!line.ends_with(kTestBody)) continue;
    const std::string qualified = line.substr(0, line.size() - kTestBody.size());
    const std::string name = qualified.substr(qualified.find_last_of(": ") + 1);
    if (name.ends_with("_Test")) classes.insert(name);
  }
  return classes;
}

void check_gtest_names(const std::vector<const LabSpec*>& labs, const BuildInfo& build, const std::string& file) {
  std::map<fs::path, std::set<std::string>> listed;
  for (const LabSpec* lab : labs) {
    for (const TestSpec& test : lab->tests) {
      for (const std::string& config : test.configs) {
        const auto built = build.configs.find(config);
        if (built == build.configs.end()) continue;  // the build description's own check reports it
        const auto library = built->second.test_libraries.find(lab->id);
        std::error_code ec;
        // Not built (yet): the build of a submission reports a missing library itself.
        if (library == built->second.test_libraries.end() || !fs::exists(library->second, ec)) continue;
        auto [entry, fresh] = listed.try_emplace(library->second);
        if (fresh) entry->second = gtest_classes(library->second);
        if (entry->second.count(gtest_class_name(test.gtest))) continue;
        throw CourseError(file, test.gtest_line, test.gtest_column,
                          fmt::format("gtest '{}' of test '{}' is not a test of lab '{}' (not in its {} test "
                                      "binary){}",
                                      test.gtest, test.id, lab->id, config, suggestion(test.gtest, entry->second)));
      }
    }
  }
}

}  // namespace grader
