// PrairieLearn external grader: results.json with a score in 0..1 and per-test points.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "export_model.hpp"

namespace grader {

inline constexpr std::size_t kPrairieLearnOutputCap = 8 * 1024;
inline constexpr std::size_t kPrairieLearnMessageCap = 1024;

// {"gradable": bool, "score": earned/max in [0,1], "message": the score line, "output": capped,
// "tests": [{"name","description","points","max_points","message","output"}]}. gradable is false only
// when the grader itself failed (then PrairieLearn does not count the attempt). Hidden tests count in
// the score; their message and output are withheld.
nlohmann::json prairielearn_results(const SubmissionResult& result, const ExportContext& context);

// Every way `results` breaks PrairieLearn's format; empty when valid.
std::vector<std::string> prairielearn_problems(const nlohmann::json& results);

}  // namespace grader
