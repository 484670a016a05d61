// Autolab: feedback lines for the student and the {"scores": ..., "scoreboard": ...} last line.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "export_model.hpp"

namespace grader {

inline constexpr std::size_t kAutolabTestCap = 2 * 1024;

// The autograder's whole stdout for Autolab: one block per test (hidden tests: status hidden, no
// details), the score line, and as the very last line {"scores": {KEY: points, ...}, "scoreboard":
// [total, tests passed]}. KEY is the test id, or "lab.id" when several labs are graded; the Autolab
// assessment's problems must carry these names. Hidden tests' points count (Autolab's problems are the
// grade; release them with Autolab's own controls).
std::string autolab_output(const SubmissionResult& result, const ExportContext& context);

// The last line's object alone.
nlohmann::json autolab_scores(const SubmissionResult& result, const ExportContext& context);

// Every way `output`'s last line breaks Autolab's rules; empty when valid.
std::vector<std::string> autolab_problems(const std::string& output);

}  // namespace grader
