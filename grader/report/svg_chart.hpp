// Inline SVG charts for report.html: a score histogram and horizontal pass-rate bars.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace grader {

// A histogram of `fractions` (each a score divided by the points it was graded out of, in [0, 1]) in ten
// bins of 10% (the last bin includes 100%), each bar labelled with its count. Returns one
// <svg class="chart histogram" role="img"> element with a <title>.
std::string histogram_svg(const std::vector<double>& fractions, const std::string& title);

// A pass rate in [0, 1], or nullopt for a test that was never graded (drawn as "not graded", not 0%).
using PassRate = std::optional<double>;

// One horizontal bar per (label, rate) with the percentage, or "not graded", written next to it.
// Returns one <svg class="chart pass-rate" role="img"> element with a <title>. Labels are escaped.
std::string pass_rate_svg(const std::vector<std::pair<std::string, PassRate>>& rates, const std::string& title);

// Counts of `fractions` per 10% bin (10 bins; values outside [0, 1] go to the first or last bin).
std::vector<int> histogram_bins(const std::vector<double>& fractions);

}  // namespace grader
