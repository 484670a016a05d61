// check's live progress on a terminal: a line when the build starts and one per finished test run.
#include "check_progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

namespace grader {

PipelineProgress terminal_progress(std::ostream& out, const TerminalStyle& style) {
  PipelineProgress progress;
  progress.on_build = [&out](const LabSpec& lab, const std::vector<std::string>& configs) {
    out << fmt::format("building {}: {}\n", lab.id, fmt::join(configs, ", ")) << std::flush;
  };
  progress.on_run = [&out, style](const TestSpec& test, const ConfigOutcome& outcome, std::size_t done,
                                  std::size_t total) {
    const bool passed = outcome.verdict == Verdict::pass;
    const std::string word = passed ? style.paint("passed", "32") : style.paint(verdict_name(outcome.verdict), "1;31");
    const int width = static_cast<int>(fmt::formatted_size("{}", total));
    out << fmt::format("[{:>{}}/{}] {:<7} {} ({}, {:.1f} s)\n", done, width, total, word, test.id, outcome.config,
                       outcome.duration_s)
        << std::flush;
  };
  return progress;
}

bool progress_wanted() { return ::isatty(STDERR_FILENO) == 1; }

}  // namespace grader
