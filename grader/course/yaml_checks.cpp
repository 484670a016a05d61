// Typed reading of course.yaml nodes: every failure is a CourseError pointing at FILE:LINE:COL.
#include "yaml_checks.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <optional>
#include <set>

#include "course.hpp"

namespace grader::yaml_checks {
namespace {

// yaml-cpp marks plain (unquoted) scalars with the non-specific tag "?"; quoted ones with "!".
bool is_plain(const YAML::Node& node) { return node.Tag() == "?" || node.Tag().empty(); }

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// Optimal string alignment distance: Levenshtein plus adjacent transpositions ("ponits" is one edit).
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

std::optional<long long> parse_integer(std::string_view s) {
  long long value = 0;
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return value;
}

std::optional<double> parse_real(std::string_view s) {
  double value = 0;
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

bool is_boolean_word(std::string_view s) {
  static const std::set<std::string> words = {"true", "false", "yes", "no", "on", "off"};
  return words.count(lower(s)) > 0;
}

[[noreturn]] void type_error(const Reporter& reporter, const Field& field, const Context& context,
                             std::string_view expected) {
  reporter.fail(field.mark(), fmt::format("{} must be {}, got {}{}", field.label(), expected,
                                          describe(field.value), context.suffix()));
}

// Splits "30s" into (30, "s"); nullopt when not digits followed by letters.
std::optional<std::pair<long long, std::string>> split_duration(std::string_view text) {
  std::size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
  auto number = parse_integer(text.substr(0, digits));
  if (!number) return std::nullopt;
  return std::make_pair(*number, std::string(text.substr(digits)));
}

}  // namespace

std::string Context::suffix() const { return tag.empty() ? "" : " (" + tag + ")"; }

void Reporter::fail(const YAML::Mark& at, const std::string& message) const {
  // A null mark (-1) still has to name the file: point at its start.
  int line = at.line < 0 ? 1 : at.line + 1;
  int column = at.column < 0 ? 1 : at.column + 1;
  throw CourseError(file_, line, column, message);
}

YAML::Mark Field::mark() const {
  if (!value.IsDefined() || value.IsNull() || value.Mark().line < 0) return key_node.Mark();
  return value.Mark();
}

YAML::Mark mark_of(const YAML::Node& node, const YAML::Mark& fallback) {
  if (!node.IsDefined() || node.Mark().line < 0) return fallback;
  return node.Mark();
}

std::string describe(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return "nothing";
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a map";
  if (!is_plain(node)) return "a string";
  const std::string& s = node.Scalar();
  if (parse_real(s) || parse_integer(s)) return "a number";
  if (is_boolean_word(s)) return "a boolean";
  return "a string";
}

std::string closest_match(std::string_view word, const std::vector<std::string>& candidates) {
  std::string w = lower(word);
  std::string best;
  std::size_t best_distance = std::string::npos;
  for (const std::string& candidate : candidates) {
    std::string c = lower(candidate);
    std::size_t distance = edit_distance(w, c);
    bool prefix = w.size() >= 3 && (c.starts_with(w) || w.starts_with(c));
    std::size_t allowed = w.size() >= 5 ? 2 : 1;
    if ((distance <= allowed || prefix) && distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

MapReader::MapReader(const Reporter& reporter, const YAML::Node& map, const YAML::Mark& where,
                     const std::string& label, Context context, std::vector<std::string> allowed)
    : reporter_(reporter), where_(mark_of(map, where)), context_(std::move(context)),
      allowed_(std::move(allowed)) {
  if (!map.IsMap()) {
    std::string suffix = label == context_.tag ? "" : context_.suffix();
    reporter_.fail(where_, fmt::format("{} must be a map, got {}{}", label, describe(map), suffix));
  }
  for (auto it = map.begin(); it != map.end(); ++it) {
    Field field{it->first.IsScalar() ? it->first.Scalar() : std::string(), it->first, it->second};
    check_key(field);
    fields_.push_back(std::move(field));
  }
}

void MapReader::check_key(const Field& field) const {
  if (!field.key_node.IsScalar()) {
    reporter_.fail(field.key_node.Mark(), fmt::format("keys must be plain words, got {} in {}",
                                                      describe(field.key_node), context_.in));
  }
  if (std::find(allowed_.begin(), allowed_.end(), field.key) == allowed_.end()) {
    std::string guess = closest_match(field.key, allowed_);
    std::string hint = guess.empty() ? fmt::format("; allowed keys: {}", fmt::join(allowed_, ", "))
                                     : fmt::format(" (did you mean '{}'?)", guess);
    reporter_.fail(field.key_node.Mark(), fmt::format("unknown key '{}' in {}{}", field.key, context_.in, hint));
  }
  if (find(field.key) != nullptr) {
    reporter_.fail(field.key_node.Mark(), fmt::format("duplicate key '{}' in {}", field.key, context_.in));
  }
}

const Field* MapReader::find(std::string_view key) const {
  auto it = std::find_if(fields_.begin(), fields_.end(), [&](const Field& f) { return f.key == key; });
  return it == fields_.end() ? nullptr : &*it;
}

const Field& MapReader::require(std::string_view key) const {
  const Field* field = find(key);
  if (field == nullptr) reporter_.fail(where_, fmt::format("missing required key '{}' in {}", key, context_.in));
  return *field;
}

std::vector<Field> read_free_map(const Reporter& reporter, const Field& field, const Context& context,
                                 const std::string& what) {
  if (!field.value.IsMap()) type_error(reporter, field, context, "a map");
  std::vector<Field> fields;
  for (auto it = field.value.begin(); it != field.value.end(); ++it) {
    if (!it->first.IsScalar() || it->first.Scalar().empty()) {
      reporter.fail(mark_of(it->first, field.mark()),
                    fmt::format("each {} in {} must be a plain word, got {}", what, field.label(),
                                describe(it->first)));
    }
    for (const Field& seen : fields) {
      if (seen.key == it->first.Scalar()) {
        reporter.fail(it->first.Mark(), fmt::format("duplicate {} '{}' in {}", what, seen.key, field.label()));
      }
    }
    fields.push_back(Field{it->first.Scalar(), it->first, it->second});
  }
  return fields;
}

std::string read_string(const Reporter& reporter, const Field& field, const Context& context) {
  if (!field.value.IsScalar()) type_error(reporter, field, context, "a string");
  if (field.value.Scalar().empty()) {
    reporter.fail(field.mark(), fmt::format("{} must not be empty{}", field.label(), context.suffix()));
  }
  return field.value.Scalar();
}

long long read_int(const Reporter& reporter, const Field& field, const Context& context) {
  if (!field.value.IsScalar() || !is_plain(field.value)) type_error(reporter, field, context, "a whole number");
  auto value = parse_integer(field.value.Scalar());
  if (!value) type_error(reporter, field, context, "a whole number");
  return *value;
}

double read_number(const Reporter& reporter, const Field& field, const Context& context) {
  if (!field.value.IsScalar() || !is_plain(field.value)) type_error(reporter, field, context, "a number");
  auto value = parse_real(field.value.Scalar());
  if (!value) type_error(reporter, field, context, "a number");
  return *value;
}

std::vector<YAML::Node> read_list(const Reporter& reporter, const Field& field, const Context& context) {
  if (!field.value.IsSequence()) type_error(reporter, field, context, "a list");
  std::vector<YAML::Node> items;
  for (const YAML::Node& item : field.value) items.push_back(item);
  return items;
}

std::vector<std::string> read_string_list(const Reporter& reporter, const Field& field,
                                          const Context& context) {
  std::vector<std::string> out;
  for (const YAML::Node& item : read_list(reporter, field, context)) {
    YAML::Mark at = mark_of(item, field.mark());
    if (!item.IsScalar() || item.Scalar().empty()) {
      reporter.fail(at, fmt::format("each entry of {} must be a non-empty string, got {}{}", field.label(),
                                    describe(item), context.suffix()));
    }
    if (std::find(out.begin(), out.end(), item.Scalar()) != out.end()) {
      reporter.fail(at, fmt::format("'{}' is listed twice in {}{}", item.Scalar(), field.label(), context.suffix()));
    }
    out.push_back(item.Scalar());
  }
  return out;
}

std::chrono::milliseconds read_duration(const Reporter& reporter, const Field& field, const Context& context) {
  const std::string expected = R"(a duration like 30, "30s", "2m" or "500ms")";
  if (!field.value.IsScalar()) type_error(reporter, field, context, expected);
  auto parts = split_duration(field.value.Scalar());
  static const std::vector<std::pair<std::string, long long>> units = {
      {"", 1000}, {"ms", 1}, {"s", 1000}, {"m", 60'000}, {"h", 3'600'000}};
  auto unit = parts ? std::find_if(units.begin(), units.end(), [&](auto& u) { return u.first == parts->second; })
                    : units.end();
  if (unit == units.end()) {
    reporter.fail(field.mark(), fmt::format("{} must be {}, got \"{}\"{}", field.label(), expected,
                                            field.value.Scalar(), context.suffix()));
  }
  if (parts->first <= 0) {
    reporter.fail(field.mark(), fmt::format("{} must be greater than 0{}", field.label(), context.suffix()));
  }
  return std::chrono::milliseconds(parts->first * unit->second);
}

std::string format_duration(std::chrono::milliseconds d) {
  long long ms = d.count();
  if (ms % 60'000 == 0) return fmt::format("{}m", ms / 60'000);
  if (ms % 1000 == 0) return fmt::format("{}s", ms / 1000);
  return fmt::format("{}ms", ms);
}

}  // namespace grader::yaml_checks
