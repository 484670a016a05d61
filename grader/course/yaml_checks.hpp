// Typed reading of course.yaml nodes: every failure is a CourseError pointing at FILE:LINE:COL.
#pragma once

#include <yaml-cpp/yaml.h>

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace grader::yaml_checks {

// Names the map being read, for messages: `in` completes "unknown key 'x' in ..." ("test 'a' of lab
// 'mutex'"); `tag` is appended to value errors in parentheses (empty at the top level).
struct Context {
  std::string in;
  std::string tag;

  // " (test 'a' of lab 'mutex')" or "" — ready to append to a message.
  std::string suffix() const;
};

// Raises CourseError for one file. Marks are yaml-cpp's (0-based); messages come out 1-based.
class Reporter {
 public:
  explicit Reporter(std::string file) : file_(std::move(file)) {}

  [[noreturn]] void fail(const YAML::Mark& at, const std::string& message) const;
  const std::string& file() const { return file_; }

 private:
  std::string file_;
};

// One key of a map, with both nodes (the key's mark is where errors about the entry point).
struct Field {
  std::string key;
  YAML::Node key_node;
  YAML::Node value;

  // Where to point at this field's value; the key when the value is empty (yaml-cpp gives an empty
  // value the mark of whatever follows it, often on the next line).
  YAML::Mark mark() const;
  // "'points'": how messages name the field.
  std::string label() const { return "'" + key + "'"; }
};

// "a string", "a number", "a boolean", "a list", "a map" or "nothing": what a node is, for messages.
std::string describe(const YAML::Node& node);

// The closest candidate to `word` when it is likely a typo of it (small edit distance, or one is a
// prefix of the other), else "". Case-insensitive.
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

// Reads a map whose keys must come from `allowed`: rejects non-maps, unknown keys (with a suggestion)
// and duplicate keys on construction. `label` names the node in the type error ("lab 'mutex'").
class MapReader {
 public:
  MapReader(const Reporter& reporter, const YAML::Node& map, const YAML::Mark& where,
            const std::string& label, Context context, std::vector<std::string> allowed);

  // The field, or nullptr when absent.
  const Field* find(std::string_view key) const;
  // The field; fails "missing required key 'k' in ..." pointing at the map when absent.
  const Field& require(std::string_view key) const;

  const Context& context() const { return context_; }
  const Reporter& reporter() const { return reporter_; }
  YAML::Mark mark() const { return where_; }

 private:
  void check_key(const Field& field) const;

  const Reporter& reporter_;
  YAML::Mark where_;
  Context context_;
  std::vector<std::string> allowed_;
  std::vector<Field> fields_;
};

// Fails unless `node` is a map, listing every entry (duplicate keys rejected, `what` names the key
// kind in that message, e.g. "lab id"). Used for maps with free-form keys (labs, configs).
std::vector<Field> read_free_map(const Reporter& reporter, const Field& field, const Context& context,
                                 const std::string& what);

// Typed values of a field. Each fails with "'key' must be ..., got ..." plus the context suffix.
std::string read_string(const Reporter& reporter, const Field& field, const Context& context);
long long read_int(const Reporter& reporter, const Field& field, const Context& context);
double read_number(const Reporter& reporter, const Field& field, const Context& context);
// A list (possibly empty) whose elements are returned as nodes; fails when not a list.
std::vector<YAML::Node> read_list(const Reporter& reporter, const Field& field, const Context& context);
// A list of non-empty strings with no duplicates.
std::vector<std::string> read_string_list(const Reporter& reporter, const Field& field,
                                          const Context& context);
// A duration: an integer (seconds) or a string "<n>ms", "<n>s", "<n>m", "<n>h"; must be > 0.
std::chrono::milliseconds read_duration(const Reporter& reporter, const Field& field, const Context& context);

// Mark of any node, falling back to `fallback` when yaml-cpp has none (null marks are -1).
YAML::Mark mark_of(const YAML::Node& node, const YAML::Mark& fallback);

// "30s", "2m", "1500ms": how a duration is shown in messages.
std::string format_duration(std::chrono::milliseconds d);

}  // namespace grader::yaml_checks
