// Parsing of sanitizer reports (ThreadSanitizer's log_path files) into report type and stack frames.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace grader {

struct SanitizerFrame {
  std::string function;  // "bump()" or "<null>"
  std::string file;      // as printed: absolute or relative path, "<null>" stripped to ""
  int line = 0;
};

// The first report of a log. Stacks in report order: the access, the previous access, thread creation...
// (UBSan: the stack of the undefined operation, or just its file:line when no stack was printed.)
struct SanitizerReport {
  std::string tool;  // "ThreadSanitizer", "AddressSanitizer", "UndefinedBehaviorSanitizer"
  std::string kind;  // "data race", "lock-order-inversion (potential deadlock)", "SEGV on unknown address"
  std::vector<std::vector<SanitizerFrame>> stacks;
  std::string text;  // the report as logged (for feedback)

  // The first frame (in report order) whose file satisfies `accept`.
  template <class Pred>
  const SanitizerFrame* first_frame(Pred accept) const {
    for (const auto& stack : stacks)
      for (const auto& frame : stack)
        if (!frame.file.empty() && accept(frame.file)) return &frame;
    return nullptr;
  }
};

// Parses a sanitizer log ("WARNING: ThreadSanitizer: data race (pid=...)", "==7==ERROR: AddressSanitizer:
// ...", or UBSan's "file:line:col: runtime error: ..."). Returns nullopt when `text` holds no report.
std::optional<SanitizerReport> parse_sanitizer_log(std::string_view text);

// The sanitizer log files a test run left in `run_dir` (a sanitizer writes "<log_path>.<pid>").
std::vector<std::filesystem::path> find_sanitizer_logs(const std::filesystem::path& run_dir,
                                                       std::string_view prefix = "tsan");

}  // namespace grader
