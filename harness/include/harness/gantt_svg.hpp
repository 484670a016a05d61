// A Gantt chart as a standalone SVG image: one row per job, a time axis, run and I/O slices, a legend.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace harness {

// One bar of a chart: row `row` is busy with `kind` during [start, end).
struct GanttSlice {
  enum class Kind { run, io, ready };
  std::size_t row = 0;
  std::int64_t start = 0;
  std::int64_t end = 0;
  Kind kind = Kind::run;
};

struct GanttChart {
  std::string title;
  std::vector<std::string> rows;  // row labels, top to bottom
  std::vector<GanttSlice> slices;
  std::int64_t end = 0;           // the time axis runs from 0 to end
};

// The chart as a well-formed SVG document: exactly one <rect> per slice (plus the legend's swatches,
// which carry class="legend"); text is XML-escaped.
std::string gantt_svg(const GanttChart& chart);

}  // namespace harness
