// The grade command: a class of submissions graded in parallel into results, feedback and a gradebook.
#include "commands_grade.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <ctime>
#include <iostream>
#include <mutex>

#include "gradebook.hpp"
#include "parallel.hpp"
#include "paths.hpp"
#include "report_json.hpp"
#include "report_markdown.hpp"
#include "scoring.hpp"
#include "staging.hpp"

namespace grader {

namespace fs = std::filesystem;

namespace {

constexpr const char* kBatchMarker = ".labs-batch";

std::vector<fs::path> submissions_in(const fs::path& dir) {
  std::vector<fs::path> found;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.is_directory() && entry.path().filename().string().front() != '.') found.push_back(entry.path());
  }
  std::sort(found.begin(), found.end());
  return found;
}

std::vector<const LabSpec*> selected_labs(const Course& course, const std::string& list) {
  std::vector<const LabSpec*> labs;
  if (list.empty()) {
    for (const auto& lab : course.labs) labs.push_back(&lab);
    return labs;
  }
  for (const auto& id : split_list(list)) labs.push_back(&require_lab(course, id));
  return labs;
}

// The output directory must be new, empty, or hold this same batch (then it is resumed).
void claim_output(const fs::path& out, const std::string& batch_id) {
  const fs::path marker = out / kBatchMarker;
  if (fs::exists(out) && !fs::is_empty(out) && read_file_text(marker) != batch_id) {
    throw UsageError(fmt::format("{} already holds other results; choose another --out", out.string()));
  }
  fs::create_directories(out);
  write_if_changed(marker, batch_id);
}

// True when `lab` was graded with exactly the tests and points `spec` has now.
bool same_tests(const LabResult& lab, const LabSpec& spec) {
  if (lab.id != spec.id || lab.tests.size() != spec.tests.size()) return false;
  for (std::size_t i = 0; i < lab.tests.size(); ++i) {
    if (lab.tests[i].id != spec.tests[i].id || lab.tests[i].max != spec.tests[i].points) return false;
  }
  return true;
}

// A previous run's results for this student, when complete for the requested labs (resuming a batch).
std::optional<SubmissionResult> previous_result(const fs::path& file, const std::vector<const LabSpec*>& labs) {
  try {
    if (!fs::exists(file)) return std::nullopt;
    SubmissionResult r = submission_from_json(nlohmann::json::parse(read_file_text(file)));
    if (r.labs.size() != labs.size() || !r.error.empty()) return std::nullopt;
    for (std::size_t i = 0; i < labs.size(); ++i) {
      if (!same_tests(r.labs[i], *labs[i])) return std::nullopt;  // course.yaml changed since: grade again
    }
    return r;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

SubmissionResult grade_one(const fs::path& dir, const std::vector<const LabSpec*>& labs, const PipelineOptions& base) {
  PipelineOptions options = base;
  options.display = display_dir(dir, fs::current_path());
  try {
    return grade_submission(dir, labs, options);
  } catch (const std::exception& e) {
    SubmissionResult r;
    r.name = dir.filename().string();
    r.path = absolute_dir(dir).string();
    r.error = e.what();
    for (const LabSpec* lab : labs) r.max += lab->max_points();
    return r;
  }
}

void write_outputs(const fs::path& out, const SubmissionResult& r, const std::string& invoker) {
  const fs::path dir = out / r.name;
  fs::create_directories(dir);
  write_if_changed(dir / "results.json", results_json_text(r));
  write_if_changed(dir / "feedback.md", feedback_markdown(r, invoker));
}

// Machine output of a batch: where its files are, and every submission's results.json content.
void print_class_json(std::ostream& out, const fs::path& dir, const std::vector<SubmissionResult>& results) {
  nlohmann::json submissions = nlohmann::json::array();
  for (const auto& r : results) submissions.push_back(to_json(r));
  out << nlohmann::json{{"output_dir", dir.string()}, {"submissions", submissions}}.dump(2) << "\n";
}

}  // namespace

std::string batch_dir_name(const fs::path& class_dir) {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  ::localtime_r(&now, &local);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &local);
  return absolute_dir(class_dir).filename().string() + "-" + stamp;
}

int run_grade(const AppContext& context, const GradeOptions& options) {
  const fs::path dir = options.dir.empty() ? context.course.root / "examples" / "class" : options.dir;
  if (!fs::is_directory(dir)) throw UsageError(fmt::format("no such directory: {}", dir.string()));
  const auto labs = selected_labs(context.course, options.labs);
  const fs::path out = options.out.empty() ? context.course.root / "grades" / batch_dir_name(dir) : options.out;
  claim_output(out, absolute_dir(dir).string() + "\n" + options.labs + "\n");
  std::cerr << "Grading " << display_dir(dir, fs::current_path()) << " into " << out.string() << "\n";

  const auto students = submissions_in(dir);
  std::vector<SubmissionResult> results(students.size());
  PipelineOptions base = base_pipeline_options(context);
  base.purpose = Purpose::grade;  // a broken mutex is charged once, in the mutex lab (depends_on)
  base.test_jobs = 1;  // parallel across submissions; one submission's tests run one after another
  base.build_jobs = context.jobs > 1 ? 1 : 0;
  std::mutex progress;
  parallel_for(students.size(), context.jobs, [&](std::size_t i) {
    const auto previous = previous_result(out / students[i].filename() / "results.json", labs);
    results[i] = previous ? *previous : grade_one(students[i], labs, base);
    std::string written;
    try {
      write_outputs(out, results[i], context.invoker);
    } catch (const std::exception& e) {
      written = fmt::format(" (could not write its results: {})", e.what());
    }
    std::lock_guard lock(progress);
    std::cerr << fmt::format("  {} {}/{}{}{}\n", results[i].name, format_points(results[i].score),
                             format_points(results[i].max), previous ? " (from the previous run)" : "", written);
  });
  const auto columns = gradebook_columns(labs);
  write_if_changed(out / "gradebook.csv", gradebook_csv(results, columns));
  if (context.json) {
    print_class_json(std::cout, out, results);
  } else {
    print_gradebook(std::cout, results, columns, context.style);
    std::cout << "\nResults: " << out.string() << "\n";
  }
  const bool full = std::all_of(results.begin(), results.end(), [](const auto& r) { return r.score == r.max && r.error.empty(); });
  return full ? kExitPassed : kExitFailed;
}

}  // namespace grader
