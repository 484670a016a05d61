// The controlled scheduler's trace: each step as the student wrote it, one column per thread.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>

#include "controlled_runtime.hpp"
#include "evidence.hpp"
#include "source_files.hpp"

namespace harness::controlled {
namespace {

using lab::detail::OpKind;

// Line `line` of `file`, trimmed; cached because a trace names the same lines many times.
std::string source_line(const std::string& file, std::uint32_t line) {
  static std::map<std::pair<std::string, std::uint32_t>, std::string> cache;
  const auto key = std::make_pair(file, line);
  if (const auto hit = cache.find(key); hit != cache.end()) return hit->second;
  std::ifstream in(readable_source_path(file));
  std::string text;
  for (std::uint32_t n = 1; n <= line && std::getline(in, text); ++n) {
  }
  if (!in) text.clear();
  const auto first = text.find_first_not_of(" \t");
  text = first == std::string::npos ? "" : text.substr(first);
  return cache[key] = text;
}

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// The identifier right before `pos` in `text` ("state_" in "state_.exchange(").
std::string identifier_before(const std::string& text, std::size_t pos) {
  std::size_t begin = pos;
  while (begin > 0 && is_word_char(text[begin - 1])) --begin;
  return text.substr(begin, pos - begin);
}

// The first identifier after `pos` ("state_" in "futex_wait(state_, 2)").
std::string identifier_after(const std::string& text, std::size_t pos) {
  while (pos < text.size() && !is_word_char(text[pos])) ++pos;
  std::size_t end = pos;
  while (end < text.size() && is_word_char(text[end])) ++end;
  return text.substr(pos, end - pos);
}

const char* method_of(OpKind kind) {
  switch (kind) {
    case OpKind::load: return ".load";
    case OpKind::store: return ".store";
    case OpKind::exchange: return ".exchange";
    case OpKind::compare_exchange: return ".compare_exchange";
    case OpKind::fetch_modify: return ".fetch_";
    case OpKind::futex_wait: return "futex_wait";
    case OpKind::futex_wake: return "futex_wake";
    default: return nullptr;
  }
}

// What the student calls the word an operation works on, read from their source line; else its address.
std::string word_name(OpKind kind, const std::string& file, std::uint32_t line, std::uintptr_t address) {
  const char* method = method_of(kind);
  if (method != nullptr && !file.empty()) {
    const std::string text = source_line(file, line);
    const std::size_t at = text.find(method);
    if (at != std::string::npos) {
      const std::size_t after = at + std::string(method).size();
      std::string name = method[0] == '.' ? identifier_before(text, at) : identifier_after(text, after);
      if (!name.empty()) return name;
    }
  }
  char hex[32];
  std::snprintf(hex, sizeof hex, "%#lx", static_cast<unsigned long>(address));
  return hex;
}

// "fetch_add" etc. from the source line; fetch_modify covers all of them.
std::string fetch_name(const std::string& file, std::uint32_t line) {
  const std::string text = file.empty() ? "" : source_line(file, line);
  for (const char* name : {"fetch_add", "fetch_sub", "fetch_and", "fetch_or", "fetch_xor"}) {
    if (text.find(name) != std::string::npos) return name;
  }
  return "fetch_modify";
}

std::string num(std::uint64_t value) { return std::to_string(value); }

// A plain access's value. Pointers are left out: they change from run to run (address-space layout
// randomization), and a replay must print the same trace.
std::string plain_value(std::uint64_t value) {
  constexpr std::uint64_t kLikelyPointer = std::uint64_t{1} << 40;
  return value >= kLikelyPointer ? "an address" : num(value);
}

std::string futex_wait_text(const TraceStep& t, const std::string& word) {
  const std::string call = "futex_wait(" + word + ", " + num(t.value) + ")";
  switch (t.note) {
    case Note::sleeps: return call + " sleeps";
    case Note::value_changed: return call + " returns at once (value changed)";
    case Note::woken: return "wakes up: " + call + " returns";
    case Note::spurious: return "spurious wake-up: " + call + " returns";
    case Note::timed_out: return call + " times out";
    default: return call;
  }
}

std::string op_text(const TraceStep& t) {
  const std::string word = word_name(t.kind, t.file, t.line, t.address);
  switch (t.kind) {
    case OpKind::load: return word + ".load() → " + num(t.after);
    case OpKind::store: return word + ".store(" + num(t.value) + ")" + (t.has_result ? " was " + plain_value(t.before) : "");
    case OpKind::exchange: return word + ".exchange(" + num(t.value) + ") → " + num(t.before);
    case OpKind::compare_exchange:
      if (!t.has_result) return word + ".compare_exchange(→" + num(t.value) + ")";
      return word + ".compare_exchange(" + num(t.expected) + "→" + num(t.value) + ")" +
             (t.ok ? " ok" : " fails: is " + num(t.before));
    case OpKind::fetch_modify:
      return word + "." + fetch_name(t.file, t.line) + "(" + num(t.value) + "): " + num(t.before) + "→" +
             num(t.after);
    case OpKind::futex_wait: return futex_wait_text(t, word);
    case OpKind::futex_wake: return "futex_wake(" + word + ", " + num(t.value) + ") woke " + num(t.after);
    case OpKind::cpu_relax: return "cpu_relax()";
    case OpKind::yield: return "yield()";
    case OpKind::plain_read:
      return "plain read (" + num(t.value) + " bytes)" + (t.has_result ? " → " + plain_value(t.after) : "");
    case OpKind::plain_write:
      return "plain write (" + num(t.value) + " bytes)" + (t.has_result ? " was " + plain_value(t.before) : "");
    case OpKind::none: return t.note == Note::joined ? "join returns" : "starts";
  }
  return "?";
}

std::string base_name(const std::string& path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Display width of UTF-8 text (the arrows are one column, three bytes).
std::size_t width(const std::string& text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

std::string pad(const std::string& text, std::size_t columns) {
  const std::size_t w = width(text);
  return w >= columns ? text : text + std::string(columns - w, ' ');
}

constexpr std::size_t kMaxRows = 300;

}  // namespace

std::string step_text(const TraceStep& step) {
  const bool student = !step.file.empty() && !is_harness_file(step.file.c_str());
  const std::string where = step.file.empty() ? "" : student ? "L" + std::to_string(step.line) + " " : "test: ";
  return where + op_text(step);
}

std::string site_text(const lab::detail::OpSite& site) {
  TraceStep step;
  step.kind = site.kind;
  step.file = site.file ? site.file : "";
  step.line = site.line;
  step.address = reinterpret_cast<std::uintptr_t>(site.address);
  step.value = site.value;
  std::string text = op_text(step);
  if (!step.file.empty()) text += " at " + base_name(step.file) + ":" + std::to_string(step.line);
  return text;
}

std::string format_trace(const RunOutcome& outcome) {
  auto name_of = [&](int id) {
    return id < static_cast<int>(outcome.thread_names.size()) ? outcome.thread_names[static_cast<std::size_t>(id)]
                                                              : std::string("?");
  };
  std::vector<int> columns;  // threads that made at least one step, in id order
  for (const TraceStep& t : outcome.trace) columns.push_back(t.thread);
  std::sort(columns.begin(), columns.end());
  columns.erase(std::unique(columns.begin(), columns.end()), columns.end());
  std::map<int, std::size_t> column_of;
  std::vector<std::size_t> widths;
  for (int id : columns) {
    column_of[id] = widths.size();
    widths.push_back(width(name_of(id)));
  }
  std::vector<std::string> cells;
  for (const TraceStep& t : outcome.trace) {
    cells.push_back(step_text(t));
    std::size_t& w = widths[column_of[t.thread]];
    w = std::max(w, std::min<std::size_t>(width(cells.back()), 48));
  }
  std::string out = " step  ";
  for (int id : columns) {
    out += pad(std::string(1, thread_letter(id)) + ": " + name_of(id), widths[column_of[id]] + 3) + " ";
  }
  out += "\n";
  // One row per run of identical steps of one thread (a loop over a table reads the same line 500
  // times): the row says how many, so the steps that matter stay within the rows shown.
  struct Row {
    std::size_t first, last;
  };
  std::vector<Row> rows;
  for (std::size_t i = 0; i < outcome.trace.size(); ++i) {
    const TraceStep& t = outcome.trace[i];
    if (!rows.empty() && !t.preempted && outcome.trace[rows.back().last].thread == t.thread &&
        cells[rows.back().last] == cells[i]) {
      rows.back().last = i;
    } else {
      rows.push_back({i, i});
    }
  }
  const std::size_t first = rows.size() > kMaxRows ? rows.size() - kMaxRows : 0;
  if (first > 0) out += "  ... " + std::to_string(rows[first].first) + " earlier steps left out\n";
  for (std::size_t r = first; r < rows.size(); ++r) {
    const TraceStep& t = outcome.trace[rows[r].first];
    char number[32];
    std::snprintf(number, sizeof number, "%5ld", t.step + 1);
    std::string row = std::string(number) + (t.preempted ? " » " : "   ");
    for (std::size_t c = 0; c < column_of[t.thread]; ++c) row += std::string(widths[c] + 4, ' ');
    row += cells[rows[r].first];
    if (rows[r].last > rows[r].first) {
      row += "  (" + std::to_string(rows[r].last - rows[r].first + 1) + " times, to step " +
             std::to_string(outcome.trace[rows[r].last].step + 1) + ")";
    }
    out += row + "\n";
  }
  std::set<std::pair<std::string, std::uint32_t>> seen;
  std::string legend;
  for (const TraceStep& t : outcome.trace) {
    if (t.file.empty() || is_harness_file(t.file.c_str()) || !seen.insert({t.file, t.line}).second) continue;
    legend += "  L" + std::to_string(t.line) + "  " + base_name(t.file) + ": " + source_line(t.file, t.line) + "\n";
  }
  if (outcome.failed && !outcome.findings.empty()) {
    const std::string& message = outcome.findings.front().message;
    out += "✗ " + message.substr(0, message.find('\n')) + "\n";
  }
  if (!legend.empty()) out += "Lines:\n" + legend;
  out += "» = preemption: the scheduler switched away from a thread that could have continued.\n";
  return out;
}

}  // namespace harness::controlled
