// Inline SVG charts for report.html: a score histogram and horizontal pass-rate bars.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace grader {

// A histogram of `scores` out of `max` in ten bins of 10% (the last bin includes 100%), each bar
// labelled with its count. Returns one <svg class="chart histogram" role="img"> element with a <title>.
std::string histogram_svg(const std::vector<double>& scores, double max, const std::string& title);

// One horizontal bar per (label, rate in [0, 1]) with the percentage written next to it. Returns one
// <svg class="chart pass-rate" role="img"> element with a <title>. Labels are escaped.
std::string pass_rate_svg(const std::vector<std::pair<std::string, double>>& rates, const std::string& title);

// Counts of `scores` per 10% bin of `max` (10 bins; max <= 0 puts everything in the last).
std::vector<int> histogram_bins(const std::vector<double>& scores, double max);

}  // namespace grader
