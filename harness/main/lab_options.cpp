// Parses the test binary's --lab-* options.
#include <charconv>
#include <string_view>

#include "controlled_runtime.hpp"
#include "test_main.hpp"

namespace harness {
namespace {

template <class Number>
bool parse_number(std::string_view text, Number& out) {
  auto [end, status] = std::from_chars(text.data(), text.data() + text.size(), out);
  return status == std::errc() && end == text.data() + text.size();
}

// Applies one "--lab-..." argument; returns false with `error` set when it is unknown or malformed.
bool apply_option(std::string_view arg, LabOptions& options, std::string& error) {
  auto value_of = [&](std::string_view prefix, std::string_view& value) {
    if (!arg.starts_with(prefix)) return false;
    value = arg.substr(prefix.size());
    return true;
  };
  std::string_view value;
  long long millis = 0;
  bool ok = true;
  if (value_of("--lab-results=", value)) {
    options.results_path = std::string(value);
    ok = !value.empty();
  } else if (value_of("--lab-seed=", value)) {
    ok = parse_number(value, options.seed);
  } else if (value_of("--lab-repeat=", value)) {
    ok = parse_number(value, options.repeat) && options.repeat >= 1;
  } else if (value_of("--lab-watchdog-ms=", value)) {
    ok = parse_number(value, millis) && millis >= 1;
    options.watchdog = std::chrono::milliseconds(millis);
  } else if (value_of("--lab-source-root=", value)) {
    options.source_root = std::string(value);
  } else if (arg == "--lab-list") {
    options.list = true;
  } else if (controlled::apply_option(std::string(arg), error)) {
    return error.empty();  // --lab-strategy, --lab-schedule, ... (controlled builds, docs/controlled.md)
  } else {
    error = "unknown option " + std::string(arg);
    return false;
  }
  if (!ok) error = "bad value in " + std::string(arg);
  return ok;
}

}  // namespace

std::optional<LabOptions> take_lab_options(int& argc, char** argv, std::string& error) {
  LabOptions options;
  int kept = 1;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (!arg.starts_with("--lab-")) {
      argv[kept++] = argv[i];
    } else if (!apply_option(arg, options, error)) {
      return std::nullopt;
    }
  }
  argc = kept;
  argv[argc] = nullptr;
  return options;
}

}  // namespace harness
