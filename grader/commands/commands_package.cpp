// The package command: the Gradescope autograder zip (build inputs and scripts) and the Classroom workflow.
#include "commands_package.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <boost/process/search_path.hpp>
#include <iostream>

#include "classroom_workflow.hpp"
#include "export_formats.hpp"
#include "runner.hpp"
#include "staging.hpp"
#include "text_files.hpp"

namespace grader {

namespace fs = std::filesystem;

namespace {

// What building the grader and the harness needs, relative to the course root.
const std::vector<std::string> kSources{"CMakeLists.txt", "CMakePresets.json", "cmake", "grader", "harness",
                                        "course.yaml", "labs", "exercises", "tests/CMakeLists.txt"};

bool skipped(const fs::path& p) {
  const std::string name = p.filename().string();
  return name == "build" || name == ".git" || name.ends_with(".swp");
}

void copy_tree(const fs::path& from, const fs::path& to) {
  if (skipped(from)) return;
  if (fs::is_directory(from)) {
    fs::create_directories(to);
    for (const auto& entry : fs::directory_iterator(from)) copy_tree(entry.path(), to / entry.path().filename());
    return;
  }
  fs::create_directories(to.parent_path());
  fs::copy_file(from, to, fs::copy_options::overwrite_existing);
}

const LabSpec& package_lab(const Course& course, const std::string& id) {
  if (!id.empty()) return require_lab(course, id);
  if (course.labs.size() == 1) return course.labs.front();
  throw UsageError("the course has several labs: name the assignment's lab with --lab");
}

// The CMake targets grading `lab` needs: the grader, and the harness and the lab's graded tests in each of
// the lab's configurations (a one-lab assignment must not build the other labs).
std::vector<std::string> build_targets(const LabSpec& lab) {
  std::vector<std::string> targets{"labs-grader"};
  for (const auto& config : lab.configs) {
    targets.push_back("harness_" + config);
    targets.push_back(fmt::format("labtests_{}_{}", lab.id, config));
  }
  return targets;
}

void stage_package(const Course& course, const LabSpec& lab, const fs::path& stage) {
  for (const auto& item : kSources) {
    if (fs::exists(course.root / item)) copy_tree(course.root / item, stage / item);
  }
  for (const auto& dep : lab.depends_on) {
    if (dep.from != LabSpec::Dependency::From::solutions) continue;
    copy_tree(course.root / "solutions" / dep.lab, stage / "solutions" / dep.lab);
  }
  const fs::path templates = course.root / "templates" / "gradescope";
  for (const char* script : {"setup.sh", "run_autograder"}) {
    fs::copy_file(templates / script, stage / script, fs::copy_options::overwrite_existing);
    fs::permissions(stage / script, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                        fs::perms::others_read | fs::perms::others_exec);
  }
  write_if_changed(stage / "autograder.conf",
                   fmt::format("# Written by ./labs package gradescope.\nLAB={}\n"
                               "# What setup.sh builds: the grader and this lab's configurations, nothing else.\n"
                               "LABS_BUILD_TARGETS=\"{}\"\n",
                               lab.id, fmt::join(build_targets(lab), " ")));
}

void zip_directory(const fs::path& stage, const fs::path& zip_file) {
  const auto zip = boost::process::search_path("zip");
  if (zip.empty()) throw std::runtime_error("zip is not installed (Debian package zip)");
  fs::remove(zip_file);
  RunRequest run;
  run.program = zip.string();
  run.args = {"-q", "-r", "-X", zip_file.string(), "."};
  run.cwd = stage;
  run.env = base_environment();
  run.timeout = std::chrono::minutes(5);
  const RunOutcome done = run_process(run);
  if (!done.exited_ok()) throw std::runtime_error("zip failed: " + done.output);
}

// `package classroom OUT --lab LAB`: the assignment's .github/workflows/classroom.yml.
int write_classroom_workflow(const LabSpec& lab, const fs::path& out) {
  if (out.has_parent_path()) fs::create_directories(out.parent_path());
  write_file_atomically(out, classroom_workflow(lab));
  std::cout << fmt::format("Wrote {} (lab {}): commit it as .github/workflows/classroom.yml of the assignment's "
                           "template repository; see docs/platforms/github-classroom.md\n",
                           out.string(), lab.id);
  return kExitPassed;
}

}  // namespace

int run_package(const AppContext& context, const PackageOptions& options) {
  if (options.platform != "gradescope" && options.platform != "classroom") {
    throw UsageError(fmt::format("cannot package for '{}' (platforms: gradescope, classroom)", options.platform));
  }
  const LabSpec& lab = package_lab(context.course, options.lab);
  if (options.platform == "classroom") return write_classroom_workflow(lab, fs::absolute(options.out));
  const fs::path stage = context.work_dir / "package-gradescope";
  fs::remove_all(stage);
  stage_package(context.course, lab, stage);
  const fs::path out = fs::absolute(options.out);
  if (out.has_parent_path()) fs::create_directories(out.parent_path());
  zip_directory(stage, out);
  std::cout << fmt::format("Wrote {} (lab {}): upload it as the assignment's autograder; see docs/platforms/gradescope.md\n",
                           out.string(), lab.id);
  return kExitPassed;
}

int run_lab_files(const AppContext& context, const std::string& lab) {
  for (const auto& file : require_lab(context.course, lab).files) std::cout << file << "\n";
  return kExitPassed;
}

}  // namespace grader
