// Unit tests of the Gantt SVG writer: well-formed XML (xmllint), one <rect> per slice, escaped text.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>

#include "harness/gantt_svg.hpp"
#include "harness/sched_report.hpp"

namespace {

namespace fs = std::filesystem;

// Rectangles that draw slices: everything but the background and the legend's swatches.
std::size_t slice_rects(const std::string& svg) {
  const std::regex rect("<rect ");
  const std::regex other("<rect class=\"(background|legend)\"");
  const auto count = [&svg](const std::regex& re) {
    return static_cast<std::size_t>(std::distance(std::sregex_iterator(svg.begin(), svg.end(), re), std::sregex_iterator()));
  };
  return count(rect) - count(other);
}

bool xmllint_accepts(const std::string& svg) {
  const fs::path path = fs::temp_directory_path() / ("gantt-test-" + std::to_string(::getpid()) + ".svg");
  std::ofstream(path) << svg;
  const std::string command = "xmllint --noout '" + path.string() + "' 2>/dev/null";
  const int status = std::system(command.c_str());
  fs::remove(path);
  return status == 0;
}

TEST(gantt_svg, WellFormedWithOneRectPerSlice) {
  harness::GanttChart chart;
  chart.title = "rr <quantum 2> & \"friends\"";
  chart.rows = {"A", "B<", "C"};
  chart.end = 12;
  chart.slices = {{0, 0, 2, harness::GanttSlice::Kind::run},
                  {1, 2, 4, harness::GanttSlice::Kind::run},
                  {1, 4, 7, harness::GanttSlice::Kind::io},
                  {2, 1, 4, harness::GanttSlice::Kind::ready},
                  {0, 4, 12, harness::GanttSlice::Kind::run}};
  const std::string svg = harness::gantt_svg(chart);
  EXPECT_EQ(slice_rects(svg), 5u);
  EXPECT_NE(svg.find("&lt;quantum 2&gt; &amp; &quot;friends&quot;"), std::string::npos);
  EXPECT_TRUE(xmllint_accepts(svg)) << svg;
}

TEST(gantt_svg, ScheduleChartHasARunSlicePerDispatch) {
  const auto jobs = lab::sched::parse_workload("0:2,3,1 1:4");
  // A runs 0-2, does I/O 2-5, B runs 2-6, A runs 6-7.
  lab::sched::Schedule schedule;
  schedule.running = {0, 0, 1, 1, 1, 1, 0};
  schedule.events = {{0, lab::sched::EventKind::arrive, 0}, {0, lab::sched::EventKind::dispatch, 0},
                     {1, lab::sched::EventKind::arrive, 1}, {2, lab::sched::EventKind::block, 0},
                     {2, lab::sched::EventKind::dispatch, 1}, {5, lab::sched::EventKind::wake, 0},
                     {6, lab::sched::EventKind::exit, 1},     {6, lab::sched::EventKind::dispatch, 0},
                     {7, lab::sched::EventKind::exit, 0}};
  const harness::GanttChart chart = harness::sched::gantt_chart(jobs, schedule, "fifo");
  int runs = 0, io = 0, ready = 0;
  for (const auto& s : chart.slices) {
    runs += s.kind == harness::GanttSlice::Kind::run;
    io += s.kind == harness::GanttSlice::Kind::io;
    ready += s.kind == harness::GanttSlice::Kind::ready;
  }
  EXPECT_EQ(runs, 3);   // A 0-2, B 2-6, A 6-7
  EXPECT_EQ(io, 1);     // A 2-5
  EXPECT_EQ(ready, 2);  // B 1-2, A 5-6
  const std::string svg = harness::gantt_svg(chart);
  EXPECT_EQ(slice_rects(svg), chart.slices.size());
  EXPECT_TRUE(xmllint_accepts(svg));
}

}  // namespace
