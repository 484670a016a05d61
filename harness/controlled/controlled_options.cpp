// The controlled mode's command-line options (--lab-strategy, --lab-schedules, ...; docs/controlled.md).
#include <charconv>

#include "controlled_runtime.hpp"

namespace harness::controlled {
namespace {

template <class Number>
bool parse_number(std::string_view text, Number& out) {
  auto [end, status] = std::from_chars(text.data(), text.data() + text.size(), out);
  return status == std::errc() && end == text.data() + text.size();
}

// Sets `value` to what follows `prefix` in `arg`, if `arg` starts with it.
bool take(std::string_view arg, std::string_view prefix, std::string_view& value) {
  if (!arg.starts_with(prefix)) return false;
  value = arg.substr(prefix.size());
  return true;
}

}  // namespace

Options& options() noexcept {
  static Options all;
  return all;
}

bool apply_option(const std::string& text, std::string& error) {
  const std::string_view arg = text;
  Options& o = options();
  std::string_view value;
  bool ok = true;
  if (take(arg, "--lab-strategy=", value)) {
    o.strategy = std::string(value);
    ok = value == "random" || value == "pct" || value == "bounded";
  } else if (take(arg, "--lab-schedules=", value)) {
    ok = parse_number(value, o.schedules) && o.schedules >= 1;
  } else if (take(arg, "--lab-budget-ms=", value)) {
    ok = parse_number(value, o.budget_ms) && o.budget_ms >= 1;
  } else if (take(arg, "--lab-pct-depth=", value)) {
    ok = parse_number(value, o.pct_depth) && o.pct_depth >= 1 && o.pct_depth <= 10;
  } else if (take(arg, "--lab-step-bound=", value)) {
    ok = parse_number(value, o.step_bound) && o.step_bound >= 10;
  } else if (take(arg, "--lab-cpus=", value)) {
    ok = value == "one" || value == "all";
    o.one_cpu = value == "one";
  } else if (take(arg, "--lab-schedule=", value)) {
    o.schedule = std::string(value);
    std::vector<Deviation> ignored;
    std::string why;
    ok = decode_schedule(o.schedule, ignored, why);
  } else {
    return false;
  }
  if (!ok) error = "bad value in " + text;
  return true;
}

}  // namespace harness::controlled
