// What every batch over a class shares, whether graded on one machine (grade) or merged from shards (merge).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "app_context.hpp"
#include "results.hpp"

namespace grader {

// The class's submissions: every non-hidden subdirectory of `dir`, sorted by path (so by name).
std::vector<std::filesystem::path> submissions_in(const std::filesystem::path& dir);

// The labs "a,b" names (course order kept as listed); every lab of the course when `list` is empty.
// Throws UsageError for an unknown lab.
std::vector<const LabSpec*> selected_labs(const Course& course, const std::string& list);

// The end of a batch: writes gradebook.csv and report.html for `results` (in gradebook order) into
// `out`, prints the gradebook (or the JSON of every result with --format json) and, when some submission
// hit a grader error, which ones and how to grade them again. Returns the batch's exit status: 0 full
// marks everywhere, 1 some lost points, kExitGraderError for a grader error.
int finish_batch(const AppContext& context, const std::filesystem::path& out,
                 const std::vector<SubmissionResult>& results, const std::vector<const LabSpec*>& labs);

}  // namespace grader
