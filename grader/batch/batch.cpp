// The class-level end of a batch (gradebook, class report, terminal summary, exit status).
#include "batch.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iostream>

#include "commands_grade.hpp"
#include "gradebook.hpp"
#include "report_html.hpp"
#include "report_json.hpp"
#include "scoring.hpp"
#include "staging.hpp"
#include "text_files.hpp"

namespace grader {

namespace fs = std::filesystem;

namespace {

// Names the submissions the grader failed on and how to grade only them again.
void print_error_summary(std::ostream& out, const std::vector<SubmissionResult>& results) {
  std::vector<std::string> names;
  for (const auto& r : results) {
    if (has_grader_error(r)) names.push_back(r.name);
  }
  out << fmt::format("\nGrader error in {} submission(s): {}. Their gradebook cells say ERROR (not 0); run the same "
                     "command with --resume to grade only them again.\n",
                     names.size(), fmt::join(names, ", "));
}

// Machine output of a batch: where its files are, and every submission's results.json content.
void print_class_json(std::ostream& out, const fs::path& dir, const std::vector<SubmissionResult>& results) {
  nlohmann::json submissions = nlohmann::json::array();
  for (const auto& r : results) submissions.push_back(to_json(r));
  out << nlohmann::json{{"output_dir", dir.string()}, {"submissions", submissions}}.dump(2) << "\n";
}

}  // namespace

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

int finish_batch(const AppContext& context, const fs::path& out, const std::vector<SubmissionResult>& results,
                 const std::vector<const LabSpec*>& labs) {
  const auto columns = gradebook_columns(labs);
  write_if_changed(out / "gradebook.csv", gradebook_csv(results, columns));
  write_if_changed(out / "report.html", class_report_html(context.course.title, results, labs));
  if (context.json) {
    print_class_json(std::cout, out, results);
  } else {
    print_gradebook(std::cout, results, columns, context.style);
    std::cout << "\nResults: " << out.string() << " (gradebook.csv, report.html, <student>/feedback.html)\n";
  }
  if (std::any_of(results.begin(), results.end(), has_grader_error)) {
    print_error_summary(std::cerr, results);
    return kExitGraderError;
  }
  const bool full = std::all_of(results.begin(), results.end(), [](const auto& r) { return r.score == r.max; });
  return full ? kExitPassed : kExitFailed;
}

}  // namespace grader
