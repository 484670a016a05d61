// What the controlled search adds to the results file ("controlled": strategy, schedule string, trace).
#pragma once

#include <nlohmann/json.hpp>

namespace harness::controlled {

// The "controlled" object of the results file; null when no controlled search ran in this process.
nlohmann::json results_json();

}  // namespace harness::controlled
