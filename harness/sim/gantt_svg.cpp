// Draws a GanttChart as SVG: fixed-size cells per tick, rows per job, ticks labelled every few steps.
#include "harness/gantt_svg.hpp"

#include <algorithm>
#include <sstream>

namespace harness {
namespace {

constexpr int kLabelWidth = 60;
constexpr int kRowHeight = 22;
constexpr int kTop = 34;
constexpr int kAxisHeight = 24;
constexpr int kLegendHeight = 26;

struct Style {
  const char* name;
  const char* fill;
  const char* extra;
};

Style style(GanttSlice::Kind kind) {
  switch (kind) {
    case GanttSlice::Kind::run: return {"running", "#3b7dd8", ""};
    case GanttSlice::Kind::io: return {"I/O", "#f0a030", " fill-opacity=\"0.6\" stroke-dasharray=\"3,2\""};
    case GanttSlice::Kind::ready: return {"ready, waiting", "#d0d0d0", ""};
  }
  return {"?", "#000", ""};
}

std::string escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

// Wide enough to read small schedules, narrow enough that long ones stay on a screen.
int cell_width(std::int64_t end) { return end <= 40 ? 16 : end <= 120 ? 8 : end <= 400 ? 3 : 1; }

void axis(std::ostringstream& svg, const GanttChart& chart, int cell, int y) {
  const std::int64_t step = chart.end <= 40 ? 5 : chart.end <= 120 ? 10 : chart.end <= 400 ? 50 : 200;
  svg << "<line x1=\"" << kLabelWidth << "\" y1=\"" << y << "\" x2=\"" << kLabelWidth + chart.end * cell << "\" y2=\"" << y
      << "\" stroke=\"#444\"/>\n";
  for (std::int64_t t = 0; t <= chart.end; t += step) {
    const std::int64_t x = kLabelWidth + t * cell;
    svg << "<line x1=\"" << x << "\" y1=\"" << y << "\" x2=\"" << x << "\" y2=\"" << y + 4 << "\" stroke=\"#444\"/>"
        << "<text x=\"" << x << "\" y=\"" << y + 16 << "\" font-size=\"10\" text-anchor=\"middle\">" << t << "</text>\n";
  }
}

void legend(std::ostringstream& svg, int y) {
  int x = kLabelWidth;
  for (GanttSlice::Kind kind : {GanttSlice::Kind::run, GanttSlice::Kind::io, GanttSlice::Kind::ready}) {
    const Style s = style(kind);
    svg << "<rect class=\"legend\" x=\"" << x << "\" y=\"" << y << "\" width=\"12\" height=\"12\" fill=\"" << s.fill << "\""
        << s.extra << " stroke=\"#333\"/><text x=\"" << x + 16 << "\" y=\"" << y + 10 << "\" font-size=\"11\">" << s.name
        << "</text>\n";
    x += 110;
  }
}

}  // namespace

std::string gantt_svg(const GanttChart& chart) {
  const int cell = cell_width(chart.end);
  const int rows = static_cast<int>(chart.rows.size());
  const std::int64_t width = std::max<std::int64_t>(kLabelWidth + chart.end * cell + 20, kLabelWidth + 340);
  const int height = kTop + rows * kRowHeight + kAxisHeight + kLegendHeight;
  std::ostringstream svg;
  svg << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width << "\" height=\"" << height << "\" viewBox=\"0 0 "
      << width << " " << height << "\" font-family=\"sans-serif\">\n"
      << "<rect class=\"background\" x=\"0\" y=\"0\" width=\"" << width << "\" height=\"" << height << "\" fill=\"white\"/>\n"
      << "<text x=\"8\" y=\"20\" font-size=\"14\" font-weight=\"bold\">" << escape(chart.title) << "</text>\n";
  for (int row = 0; row < rows; ++row) {
    svg << "<text x=\"8\" y=\"" << kTop + row * kRowHeight + 15 << "\" font-size=\"12\">"
        << escape(chart.rows[static_cast<std::size_t>(row)]) << "</text>\n";
  }
  for (const GanttSlice& slice : chart.slices) {
    const Style s = style(slice.kind);
    svg << "<rect x=\"" << kLabelWidth + slice.start * cell << "\" y=\"" << kTop + static_cast<int>(slice.row) * kRowHeight + 3
        << "\" width=\"" << (slice.end - slice.start) * cell << "\" height=\"" << kRowHeight - 6 << "\" fill=\"" << s.fill
        << "\"" << s.extra << " stroke=\"#333\" stroke-width=\"0.5\"><title>" << escape(chart.rows[slice.row]) << " "
        << s.name << " " << slice.start << "-" << slice.end << "</title></rect>\n";
  }
  axis(svg, chart, cell, kTop + rows * kRowHeight + 2);
  legend(svg, kTop + rows * kRowHeight + kAxisHeight + 4);
  svg << "</svg>\n";
  return svg.str();
}

}  // namespace harness
