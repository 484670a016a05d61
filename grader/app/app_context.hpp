// What every command needs: the loaded course and build description, directories, output style.
#pragma once

#include <filesystem>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "build_info.hpp"
#include "course.hpp"
#include "pipeline.hpp"
#include "report_terminal.hpp"

namespace grader {

// Exit statuses (docs/architecture.md).
inline constexpr int kExitPassed = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitUsage = 2;

// The global command-line options, as given.
struct GlobalOptions {
  std::filesystem::path course = "course.yaml";
  std::filesystem::path build_info;  // default: <course root>/build/default/grader-build.json
  std::filesystem::path work_dir;    // default: <dir of build info>/work
  std::string format = "text";       // one of export_format_names(): text, json, gradescope, junit, ...
  bool no_color = false;
  int jobs = 0;                      // 0: hardware threads
};

struct AppContext {
  Course course;
  std::filesystem::path course_file;      // absolute path of course.yaml as loaded
  std::filesystem::path build_info_file;  // absolute path of grader-build.json as loaded
  BuildInfo build;
  std::filesystem::path work_dir;  // absolute, canonical
  TerminalStyle style;
  std::string invoker;             // $LABS_COMMAND or "labs-grader"
  int jobs = 1;
  bool json = false;
  std::string format = "text";     // as given with --format
};

// A wrong command line or argument (unknown lab, test or configuration): exit status 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Loads course.yaml and the build description. Throws CourseError, BuildInfoError.
AppContext load_context(const GlobalOptions& options);

// The lab named `id`; throws UsageError listing the course's labs.
const LabSpec& require_lab(const Course& course, const std::string& id);

// Pipeline options common to every command (course, build, work dir, invoker).
PipelineOptions base_pipeline_options(const AppContext& context);

// Every id of `only` names a test of one of `labs`; else UsageError "no test 'x' in lab mutex (its tests:
// a, b, c)", so that a typo never grades nothing and exits 0.
void require_test_ids(const std::vector<const LabSpec*>& labs, const std::set<std::string>& only);

// What must hold before a check or batch starts: the --only ids exist (require_test_ids) and every gtest
// `labs` name exists in their compiled test libraries (check_gtest_names: a CourseError at course.yaml's
// line and column, exit status 2, instead of 0 points for everybody).
void check_selection(const AppContext& context, const std::vector<const LabSpec*>& labs,
                     const std::set<std::string>& only);

// Splits "a,b,,c" into {"a","b","c"}.
std::vector<std::string> split_list(const std::string& text);

}  // namespace grader
