// Sanitizer log parsing: header line for the report kind, then the frames of TSan ("#N function file:line[:col]
// (module)") or ASan/UBSan ("#N 0xPC in function file:line[:col]").
#include "sanitizer_log.hpp"

#include <algorithm>
#include <regex>
#include <sstream>

namespace grader {

namespace fs = std::filesystem;

namespace {

// "WARNING: ThreadSanitizer: data race (pid=3994)" / "==7==ERROR: AddressSanitizer: SEGV on unknown address ..."
const std::regex kReportHeader(R"(^(?:==\d+==)?(?:WARNING|ERROR): (\w+Sanitizer): (.*?)(?: \(pid=\d+\))?\s*$)");
// UBSan has no header: "/abs/kernel.cpp:12:7: runtime error: signed integer overflow: ..."
const std::regex kUbsanHeader(R"(^(\S+?):(\d+):\d+: runtime error: (.*?)\s*$)");
// ASan/UBSan frames: "    #0 0x55a3ff6b4255 in f(int) /abs/kernel.cpp:12:7" or "... in _start (/bin/t+0x10f0)".
const std::regex kAsanFrame(R"(^\s*#(\d+) 0x[0-9a-fA-F]+ in (.*) (\S+?):(\d+)(?::\d+)?\s*$)");
const std::regex kAsanFrameNoLine(R"(^\s*#(\d+) 0x[0-9a-fA-F]+ in (.*?)(?: \(.*\))?\s*$)");
// "    #0 bump() /abs/locks.cpp:4:9 (racy+0x1237) (BuildId: ...)" — function names may contain spaces.
const std::regex kFrame(R"(^\s*#(\d+) (.*) (\S+?):(\d+)(?::\d+)? \(.*\)\s*$)");
const std::regex kFrameNoLine(R"(^\s*#(\d+) (.*) \(.*\)\s*$)");

// Strips details after the kind that vary between runs, e.g. "SEGV on unknown address 0x0000 (pc ...)".
std::string short_kind(std::string kind) {
  const auto pos = kind.find(" 0x");
  if (pos != std::string::npos) kind.erase(pos);
  return kind;
}

std::optional<SanitizerFrame> parse_frame(const std::string& line, bool& new_stack) {
  std::smatch m;
  if (std::regex_match(line, m, kAsanFrame)) {
    new_stack = m[1] == "0";
    return SanitizerFrame{m[2], m[3], std::stoi(m[4])};
  }
  if (std::regex_match(line, m, kAsanFrameNoLine)) {
    new_stack = m[1] == "0";
    return SanitizerFrame{m[2], "", 0};
  }
  if (std::regex_match(line, m, kFrame)) {
    new_stack = m[1] == "0";
    return SanitizerFrame{m[2], m[3], std::stoi(m[4])};
  }
  if (std::regex_match(line, m, kFrameNoLine)) {
    new_stack = m[1] == "0";
    std::string function = m[2];  // "<null> <null>": neither function nor file is known
    if (function.ends_with(" <null>")) function.resize(function.size() - 7);
    return SanitizerFrame{function, "", 0};
  }
  return std::nullopt;
}

}  // namespace

std::optional<SanitizerReport> parse_sanitizer_log(std::string_view text) {
  std::istringstream in{std::string(text)};
  std::optional<SanitizerReport> report;
  std::optional<SanitizerFrame> ubsan_site;  // where UBSan's header says it happened
  std::string line;
  std::smatch m;
  while (std::getline(in, line)) {
    if (!report) {
      if (std::regex_match(line, m, kReportHeader)) report = SanitizerReport{m[1], short_kind(m[2]), {}, {}};
      if (!report && std::regex_match(line, m, kUbsanHeader)) {
        report = SanitizerReport{"UndefinedBehaviorSanitizer", short_kind(m[3]), {}, {}};
        ubsan_site = SanitizerFrame{"", m[1], std::stoi(m[2])};
      }
      continue;
    }
    if (line.rfind("SUMMARY:", 0) == 0 || line.rfind("==================", 0) == 0) break;
    bool new_stack = false;
    if (auto frame = parse_frame(line, new_stack)) {
      if (new_stack || report->stacks.empty()) report->stacks.emplace_back();
      report->stacks.back().push_back(*frame);
    }
  }
  if (report && report->stacks.empty() && ubsan_site) report->stacks.push_back({*ubsan_site});  // no stack trace
  if (report) report->text = std::string(text);
  return report;
}

std::vector<fs::path> find_sanitizer_logs(const fs::path& run_dir, std::string_view prefix) {
  std::vector<fs::path> logs;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(run_dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.size() > prefix.size() && name.compare(0, prefix.size(), prefix) == 0 && name[prefix.size()] == '.') {
      logs.push_back(entry.path());
    }
  }
  std::sort(logs.begin(), logs.end());
  return logs;
}

}  // namespace grader
