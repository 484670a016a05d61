// Loading the command context: course, build description, work directory, style.
#include "app_context.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <sstream>

#include "gtest_names.hpp"
#include "parallel.hpp"
#include "paths.hpp"
#include "replay.hpp"

namespace grader {

namespace fs = std::filesystem;

AppContext load_context(const GlobalOptions& options) {
  AppContext context;
  context.course = load_course(options.course);
  const fs::path build_info = options.build_info.empty()
                                  ? context.course.root / "build" / "default" / "grader-build.json"
                                  : options.build_info;
  context.build = load_build_info(build_info);
  context.course_file = fs::absolute(options.course).lexically_normal();
  context.build_info_file = fs::absolute(build_info).lexically_normal();
  const fs::path work = options.work_dir.empty() ? absolute_dir(build_info).parent_path() / "work" : options.work_dir;
  fs::create_directories(work);
  // Canonical: the paths compiled into binaries must match the paths the grader maps back.
  context.work_dir = fs::canonical(work);
  context.style.color = want_color(options.no_color) && options.format == "text";
  context.style.cwd = fs::current_path();
  context.invoker = invoker_from_environment();
  context.jobs = options.jobs > 0 ? options.jobs : hardware_jobs();
  context.json = options.format == "json";
  context.format = options.format;
  return context;
}

const LabSpec& require_lab(const Course& course, const std::string& id) {
  if (const LabSpec* lab = course.find_lab(id)) return *lab;
  std::string known;
  for (const auto& lab : course.labs) known += (known.empty() ? "" : ", ") + lab.id;
  throw UsageError(fmt::format("unknown lab '{}' (labs: {})", id, known));
}

PipelineOptions base_pipeline_options(const AppContext& context) {
  PipelineOptions options;
  options.course = &context.course;
  options.build = &context.build;
  options.work_dir = context.work_dir;
  options.invoker = context.invoker;
  return options;
}

void require_test_ids(const std::vector<const LabSpec*>& labs, const std::set<std::string>& only) {
  for (const std::string& id : only) {
    const bool known = std::any_of(labs.begin(), labs.end(), [&](const LabSpec* lab) { return lab->find_test(id); });
    if (known) continue;
    std::string valid;
    for (const LabSpec* lab : labs) {
      std::vector<std::string> ids;
      for (const auto& test : lab->tests) ids.push_back(test.id);
      valid += fmt::format("\n  {}: {}", lab->id, fmt::join(ids, ", "));
    }
    throw UsageError(fmt::format("--only: no test '{}' in {} (valid ids:{})", id,
                                 labs.size() == 1 ? "lab " + labs.front()->id : std::string("the selected labs"), valid));
  }
}

void check_selection(const AppContext& context, const std::vector<const LabSpec*>& labs,
                     const std::set<std::string>& only) {
  require_test_ids(labs, only);
  check_gtest_names(labs, context.build, display_dir(context.course_file, context.style.cwd));
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> items;
  std::istringstream in(text);
  for (std::string item; std::getline(in, item, ',');) {
    if (!item.empty()) items.push_back(item);
  }
  return items;
}

}  // namespace grader
