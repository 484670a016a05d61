// `--print-build-targets`: maps labs (given, or found in a class's submissions) to the libraries their tests link.
#include "commands_targets.hpp"

#include <algorithm>
#include <iostream>
#include <set>

#include "batch.hpp"

namespace grader {

namespace fs = std::filesystem;

namespace {

// The labs some submission of `class_dir` has a directory for (a lab nobody submitted needs no build:
// its tests are "not submitted").
std::vector<const LabSpec*> submitted_labs(const Course& course, const fs::path& class_dir) {
  std::vector<const LabSpec*> found;
  const auto submissions = submissions_in(class_dir);
  for (const auto& lab : course.labs) {
    for (const auto& submission : submissions) {
      std::error_code ec;
      if (!fs::is_directory(submission / lab.id, ec)) continue;
      found.push_back(&lab);
      break;
    }
  }
  return found;
}

std::vector<const LabSpec*> chosen_labs(const Course& course, const TargetsOptions& options) {
  std::vector<const LabSpec*> labs;
  for (const auto& id : options.labs) labs.push_back(&require_lab(course, id));
  if (!options.class_dir.empty()) labs = submitted_labs(course, options.class_dir);
  if (options.labs.empty() && options.class_dir.empty()) {
    for (const auto& lab : course.labs) labs.push_back(&lab);
  }
  if (options.only_labs.empty()) return labs;
  const auto only = split_list(options.only_labs);
  for (const auto& id : only) require_lab(course, id);
  std::erase_if(labs, [&](const LabSpec* lab) { return std::find(only.begin(), only.end(), lab->id) == only.end(); });
  return labs;
}

}  // namespace

std::vector<std::string> build_targets(const Course& course, const TargetsOptions& options) {
  std::vector<std::string> targets{"labs-grader"};
  std::set<std::string> seen(targets.begin(), targets.end());
  auto add = [&](std::string target) {
    if (seen.insert(target).second) targets.push_back(std::move(target));
  };
  for (const LabSpec* lab : chosen_labs(course, options)) {
    for (const auto& config : lab->configs) {
      add("harness_" + config);
      add("labtests_" + lab->id + "_" + config);
    }
  }
  return targets;
}

int run_build_targets(const AppContext& context, const std::optional<TargetsOptions>& options) {
  if (!options) {
    std::cout << "labs-grader\n";
    return kExitPassed;
  }
  for (const auto& target : build_targets(context.course, *options)) std::cout << target << "\n";
  return kExitPassed;
}

}  // namespace grader
