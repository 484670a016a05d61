// Loads course.yaml into the course model, rejecting anything the schema (docs/course-yaml.md) does not allow.
#include "course.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <numeric>
#include <optional>
#include <regex>
#include <sstream>

#include "controlled_spec.hpp"
#include "yaml_checks.hpp"

namespace grader {

using namespace yaml_checks;

CourseError::CourseError(const std::string& file, int line, int column, const std::string& message)
    : std::runtime_error(line > 0 ? fmt::format("{}:{}:{}: {}", file, line, column, message)
                                  : fmt::format("{}: {}", file, message)),
      line_(line), column_(column) {}

double LabSpec::max_points() const {
  return std::accumulate(tests.begin(), tests.end(), 0.0, [](double sum, const TestSpec& t) { return sum + t.points; });
}

bool TestSpec::deterministic_in(const std::string& config) const {
  return std::find(deterministic.begin(), deterministic.end(), config) != deterministic.end();
}

const TestSpec* LabSpec::find_test(const std::string& test_id) const {
  auto it = std::find_if(tests.begin(), tests.end(), [&](const TestSpec& t) { return t.id == test_id; });
  return it == tests.end() ? nullptr : &*it;
}

const LabSpec* Course::find_lab(const std::string& lab_id) const {
  auto it = std::find_if(labs.begin(), labs.end(), [&](const LabSpec& l) { return l.id == lab_id; });
  return it == labs.end() ? nullptr : &*it;
}

namespace {

const std::regex kWord("[a-z0-9_]+");
const std::regex kGtestName("[A-Za-z0-9_/]+\\.[A-Za-z0-9_/]+");
// An identifier or a qualified name: "syscall", "std::mutex", "__asm__".
const std::regex kQualifiedName("[A-Za-z_][A-Za-z0-9_]*(::[A-Za-z_][A-Za-z0-9_]*)*");

// Test settings a lab's `defaults` gives to every test that does not set them itself. The marks say
// where a value came from, so a conflict is reported where the instructor wrote it.
struct TestDefaults {
  std::optional<std::chrono::milliseconds> time_limit, watchdog;
  YAML::Mark time_limit_mark, watchdog_mark;
  std::optional<int> repetitions;
  std::optional<Visibility> visibility;
};

// A depends_on entry, checked once every lab is known.
struct PendingDependency {
  std::string from_lab;
  std::string lab;
  YAML::Mark mark;
};

void require_word(const Reporter& reporter, const YAML::Mark& at, const std::string& what,
                  const std::string& value, const Context& context) {
  if (!std::regex_match(value, kWord)) {
    reporter.fail(at, fmt::format("{} '{}' may only use a-z, 0-9 and _{}", what, value, context.suffix()));
  }
}

// A relative path inside the course or lab directory: not absolute, no "..".
void require_inner_path(const Reporter& reporter, const YAML::Mark& at, const std::string& what,
                        const std::string& path, const Context& context) {
  std::filesystem::path p(path);
  if (p.is_absolute()) {
    reporter.fail(at, fmt::format("{} '{}' must be a relative path{}", what, path, context.suffix()));
  }
  for (const auto& part : p) {
    if (part == "..") {
      reporter.fail(at, fmt::format("{} '{}' must not contain '..'{}", what, path, context.suffix()));
    }
  }
}

// Fails unless `value` is one of `allowed`, suggesting the closest on a likely typo.
void require_one_of(const Reporter& reporter, const YAML::Mark& at, const std::string& message,
                    const std::string& value, const std::vector<std::string>& allowed,
                    const Context& context) {
  if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) return;
  std::string guess = closest_match(value, allowed);
  std::string hint = guess.empty() ? fmt::format("; expected one of: {}", fmt::join(allowed, ", "))
                                   : fmt::format(" (did you mean '{}'?)", guess);
  reporter.fail(at, fmt::format("{}{}{}", message, context.suffix(), hint));
}

Visibility read_visibility(const Reporter& reporter, const Field& field, const Context& context) {
  std::string value = read_string(reporter, field, context);
  require_one_of(reporter, field.mark(), fmt::format("'visibility' must be visible or hidden, got '{}'", value),
                 value, {"visible", "hidden"}, context);
  return value == "hidden" ? Visibility::hidden : Visibility::visible;
}

int read_repetitions(const Reporter& reporter, const Field& field, const Context& context) {
  long long value = read_int(reporter, field, context);
  if (value < 1 || value > 1'000'000) {
    reporter.fail(field.mark(), fmt::format("'repetitions' must be between 1 and 1000000, got {}{}", value,
                                            context.suffix()));
  }
  return static_cast<int>(value);
}

std::map<std::string, std::string> read_configs(const Reporter& reporter, const Field& field) {
  const Context context{"'configs'", ""};
  std::map<std::string, std::string> configs;
  for (const Field& config : read_free_map(reporter, field, context, "config name")) {
    require_word(reporter, config.key_node.Mark(), "config name", config.key, context);
    if (!config.value.IsScalar() || config.value.Scalar().empty()) {
      reporter.fail(config.mark(), fmt::format("config '{}' needs a one-line description, got {}", config.key,
                                               describe(config.value)));
    }
    configs[config.key] = config.value.Scalar();
  }
  if (configs.empty()) reporter.fail(field.mark(), "'configs' must name at least one build configuration");
  return configs;
}

// One list of `forbidden`: entries {name|pattern, use}.
std::vector<Forbidden> read_forbidden_list(const Reporter& reporter, const Field& field, const std::string& lab,
                                           const std::string& key) {
  const Context context{fmt::format("forbidden.{} of lab '{}'", field.key, lab),
                        fmt::format("forbidden.{} of lab '{}'", field.key, lab)};
  std::vector<Forbidden> out;
  for (const YAML::Node& item : read_list(reporter, field, context)) {
    MapReader entry(reporter, item, field.mark(), fmt::format("each entry of 'forbidden.{}'", field.key), context,
                    {key, "use"});
    const Field& name = entry.require(key);
    Forbidden forbidden{read_string(reporter, name, context), read_string(reporter, entry.require("use"), context)};
    if (field.key == "identifiers" && !std::regex_match(forbidden.name, kQualifiedName)) {
      reporter.fail(name.mark(), fmt::format("'{}' is not an identifier like syscall or std::mutex{}",
                                             forbidden.name, context.suffix()));
    }
    if (field.key == "headers" && forbidden.name.find_first_of("<>\" ") != std::string::npos) {
      reporter.fail(name.mark(), fmt::format("header '{}' must be written without <>, quotes or spaces, "
                                             "e.g. mutex or sys/syscall.h{}", forbidden.name, context.suffix()));
    }
    out.push_back(std::move(forbidden));
  }
  return out;
}

void read_forbidden(const Reporter& reporter, const Field& field, LabSpec& lab) {
  const Context context{fmt::format("'forbidden' of lab '{}'", lab.id), fmt::format("lab '{}'", lab.id)};
  MapReader forbidden(reporter, field.value, field.mark(), "'forbidden'", context,
                      {"headers", "identifiers", "symbols"});
  if (const Field* f = forbidden.find("headers")) lab.forbidden_headers = read_forbidden_list(reporter, *f, lab.id, "name");
  if (const Field* f = forbidden.find("identifiers")) {
    lab.forbidden_identifiers = read_forbidden_list(reporter, *f, lab.id, "name");
  }
  if (const Field* f = forbidden.find("symbols")) lab.forbidden_symbols = read_forbidden_list(reporter, *f, lab.id, "pattern");
}

// Top-level `imports:`: named lists of symbol globs.
std::map<std::string, std::vector<std::string>> read_import_lists(const Reporter& reporter, const Field& field) {
  const Context context{"'imports'", ""};
  std::map<std::string, std::vector<std::string>> lists;
  for (const Field& list : read_free_map(reporter, field, context, "list name")) {
    require_word(reporter, list.key_node.Mark(), "list name", list.key, context);
    lists[list.key] = read_string_list(reporter, list, Context{fmt::format("import list '{}'", list.key),
                                                               fmt::format("import list '{}'", list.key)});
  }
  return lists;
}

// A lab's `imports: {lists: [...], symbols: [...], exports: [...]}`.
void read_lab_imports(const Reporter& reporter, const Field& field, const Course& course, LabSpec& lab) {
  const Context context{fmt::format("'imports' of lab '{}'", lab.id), fmt::format("lab '{}'", lab.id)};
  MapReader map(reporter, field.value, field.mark(), "'imports'", context, {"lists", "symbols", "exports"});
  std::vector<std::string> globs;
  if (const Field* f = map.find("lists")) {
    std::vector<std::string> names;
    for (const auto& [name, list] : course.import_lists) names.push_back(name);
    for (const std::string& name : read_string_list(reporter, *f, context)) {
      require_one_of(reporter, f->mark(), fmt::format("'{}' is not a list of the top-level 'imports'", name), name,
                     names, context);
      const auto& list = course.import_lists.at(name);
      globs.insert(globs.end(), list.begin(), list.end());
    }
  }
  if (const Field* f = map.find("symbols")) {
    for (std::string& glob : read_string_list(reporter, *f, context)) globs.push_back(std::move(glob));
  }
  if (const Field* f = map.find("exports")) lab.exports = read_string_list(reporter, *f, context);
  lab.allowed_imports = std::move(globs);
}

TestDefaults read_defaults(const Reporter& reporter, const Field& field, const std::string& lab) {
  const Context context{fmt::format("'defaults' of lab '{}'", lab), fmt::format("defaults of lab '{}'", lab)};
  MapReader map(reporter, field.value, field.mark(), "'defaults'", context,
                {"time_limit", "watchdog", "repetitions", "visibility"});
  TestDefaults defaults;
  if (const Field* f = map.find("time_limit")) {
    defaults.time_limit = read_duration(reporter, *f, context);
    defaults.time_limit_mark = f->mark();
  }
  if (const Field* f = map.find("watchdog")) {
    defaults.watchdog = read_duration(reporter, *f, context);
    defaults.watchdog_mark = f->mark();
  }
  if (const Field* f = map.find("repetitions")) defaults.repetitions = read_repetitions(reporter, *f, context);
  if (const Field* f = map.find("visibility")) defaults.visibility = read_visibility(reporter, *f, context);
  return defaults;
}

LabSpec::Dependency::From read_dependency_source(const Reporter& reporter, const Field& field, const Context& context) {
  std::string value = read_string(reporter, field, context);
  require_one_of(reporter, field.mark(), fmt::format("'{}' must be submission or solutions, got '{}'", field.key, value),
                 value, {"submission", "solutions"}, context);
  return value == "solutions" ? LabSpec::Dependency::From::solutions : LabSpec::Dependency::From::submission;
}

// `from: solutions` (both check and grade) or `from: {check: submission, grade: solutions}` (either key
// may be left out: it then means submission).
void read_dependency_from(const Reporter& reporter, const Field& from, const Context& context,
                          LabSpec::Dependency& dependency) {
  if (!from.value.IsMap()) {
    dependency.from = dependency.check_from = read_dependency_source(reporter, from, context);
    return;
  }
  MapReader sources(reporter, from.value, from.mark(), "'from'", context, {"check", "grade"});
  if (const Field* check = sources.find("check")) dependency.check_from = read_dependency_source(reporter, *check, context);
  if (const Field* grade = sources.find("grade")) dependency.from = read_dependency_source(reporter, *grade, context);
}

std::vector<PendingDependency> read_depends_on(const Reporter& reporter, const Field& field, LabSpec& lab) {
  const Context context{fmt::format("depends_on of lab '{}'", lab.id), fmt::format("lab '{}'", lab.id)};
  std::vector<PendingDependency> pending;
  for (const YAML::Node& item : read_list(reporter, field, context)) {
    MapReader entry(reporter, item, field.mark(), "each entry of 'depends_on'", context, {"lab", "from"});
    const Field& other = entry.require("lab");
    LabSpec::Dependency dependency{read_string(reporter, other, context)};
    if (const Field* from = entry.find("from")) read_dependency_from(reporter, *from, context, dependency);
    if (dependency.lab == lab.id) {
      reporter.fail(other.mark(), fmt::format("lab '{}' cannot depend on itself", lab.id));
    }
    for (const auto& seen : lab.depends_on) {
      if (seen.lab == dependency.lab) {
        reporter.fail(other.mark(), fmt::format("lab '{}' is listed twice in depends_on{}", seen.lab, context.suffix()));
      }
    }
    pending.push_back({lab.id, dependency.lab, other.mark()});
    lab.depends_on.push_back(dependency);
  }
  return pending;
}

// The test's watchdog must fire before the wall-clock limit kills the process, or it never explains a hang.
void check_watchdog_below_limit(const Reporter& reporter, const TestSpec& test, const YAML::Mark& at,
                                const Context& context) {
  if (test.watchdog < test.time_limit) return;
  reporter.fail(at, fmt::format("'watchdog' ({}) must be shorter than 'time_limit' ({}){}",
                                format_duration(test.watchdog), format_duration(test.time_limit),
                                context.suffix()));
}

// Reads time_limit and watchdog (own value, else the lab default, else the built-in default).
void read_test_timing(const Reporter& reporter, const MapReader& map, const TestDefaults& defaults, TestSpec& test) {
  const Context& context = map.context();
  std::chrono::milliseconds limit = defaults.time_limit.value_or(std::chrono::seconds(60));
  YAML::Mark at = defaults.time_limit ? defaults.time_limit_mark : map.mark();
  if (const Field* f = map.find("time_limit")) {
    limit = read_duration(reporter, *f, context);
    at = f->mark();
  }
  if (limit.count() % 1000 != 0) {
    reporter.fail(at, fmt::format("'time_limit' must be a whole number of seconds, got {}{}",
                                  format_duration(limit), context.suffix()));
  }
  test.time_limit = std::chrono::duration_cast<std::chrono::seconds>(limit);
  test.watchdog = defaults.watchdog.value_or(std::chrono::seconds(5));
  if (defaults.watchdog) at = defaults.watchdog_mark;
  if (const Field* f = map.find("watchdog")) {
    test.watchdog = read_duration(reporter, *f, context);
    at = f->mark();
  }
  check_watchdog_below_limit(reporter, test, at, context);
}

std::vector<std::string> read_test_configs(const Reporter& reporter, const Field& field, const LabSpec& lab,
                                           const Context& context) {
  std::vector<std::string> configs = read_string_list(reporter, field, context);
  if (configs.empty()) {
    reporter.fail(field.mark(), fmt::format("'configs' must name at least one configuration{}", context.suffix()));
  }
  std::size_t index = 0;
  for (const std::string& config : configs) {
    YAML::Mark at = mark_of(field.value[index++], field.mark());
    require_one_of(reporter, at, fmt::format("config '{}' is not one of lab '{}' configs", config, lab.id), config,
                   lab.configs, context);
  }
  return configs;
}

// The test's id, checked first so that every later message can name the test.
std::string read_test_id(const Reporter& reporter, const MapReader& map, const LabSpec& lab) {
  const Field& field = map.require("id");
  std::string id = read_string(reporter, field, map.context());
  require_word(reporter, field.mark(), "test id", id, map.context());
  if (lab.find_test(id) != nullptr) {
    reporter.fail(field.mark(), fmt::format("duplicate test id '{}' in lab '{}'", id, lab.id));
  }
  return id;
}

const std::vector<std::string> kTestKeys = {"id",         "name",     "gtest",       "points",    "configs",
                                            "time_limit", "watchdog", "repetitions", "visibility",
                                            "controlled", "covers"};

TestSpec read_test(const Reporter& reporter, const YAML::Node& node, std::size_t index, const LabSpec& lab,
                   const TestDefaults& defaults, const YAML::Mark& list_mark) {
  // Until the id is known, messages name the test by its position.
  Context context{fmt::format("test #{} of lab '{}'", index + 1, lab.id), ""};
  context.tag = context.in;
  {
    // Key checks need the id for context: peek at it before the full read.
    if (node.IsMap() && node["id"].IsScalar() && std::regex_match(node["id"].Scalar(), kWord)) {
      context.in = fmt::format("test '{}' of lab '{}'", node["id"].Scalar(), lab.id);
      context.tag = context.in;
    }
  }
  MapReader map(reporter, node, list_mark, "each test", context, kTestKeys);
  TestSpec test;
  test.line = map.mark().line + 1;
  test.id = read_test_id(reporter, map, lab);
  test.name = read_string(reporter, map.require("name"), context);
  const Field& gtest = map.require("gtest");
  test.gtest = read_string(reporter, gtest, context);
  test.gtest_line = gtest.mark().line + 1;
  test.gtest_column = gtest.mark().column + 1;
  if (!std::regex_match(test.gtest, kGtestName)) {
    reporter.fail(gtest.mark(), fmt::format("'gtest' must name one GoogleTest test as Suite.Name, got '{}'{}",
                                            test.gtest, context.suffix()));
  }
  const Field& points = map.require("points");
  test.points = read_number(reporter, points, context);
  if (test.points <= 0) {
    reporter.fail(points.mark(), fmt::format("'points' must be greater than 0, got {}{}", points.value.Scalar(),
                                             context.suffix()));
  }
  test.configs = read_test_configs(reporter, map.require("configs"), lab, context);
  read_test_timing(reporter, map, defaults, test);
  test.repetitions = defaults.repetitions.value_or(1);
  if (const Field* f = map.find("repetitions")) test.repetitions = read_repetitions(reporter, *f, context);
  test.visibility = defaults.visibility.value_or(Visibility::visible);
  if (const Field* f = map.find("visibility")) test.visibility = read_visibility(reporter, *f, context);
  if (const Field* f = map.find("controlled")) test.controlled = read_controlled_spec(reporter, *f, test, context);
  if (const Field* f = map.find("covers")) {
    if (std::find(test.configs.begin(), test.configs.end(), "controlled") == test.configs.end()) {
      reporter.fail(f->mark(), fmt::format("'covers' needs 'controlled' among the test's 'configs'{}", context.suffix()));
    }
    test.covers = read_string_list(reporter, *f, context);
  }
  return test;
}

// Every id a test `covers` names another test of the same lab (checked once all of them are read).
void check_covers(const Reporter& reporter, const std::vector<YAML::Node>& nodes, const LabSpec& lab) {
  std::vector<std::string> ids;
  for (const TestSpec& test : lab.tests) ids.push_back(test.id);
  for (std::size_t i = 0; i < lab.tests.size(); ++i) {
    const TestSpec& test = lab.tests[i];
    const std::string where = fmt::format("test '{}' of lab '{}'", test.id, lab.id);
    const Context context{where, where};
    for (std::size_t j = 0; j < test.covers.size(); ++j) {
      const YAML::Mark at = nodes[i]["covers"][j].Mark();
      require_one_of(reporter, at, fmt::format("'covers' names '{}', which is not a test of this lab", test.covers[j]),
                     test.covers[j], ids, context);
      if (test.covers[j] == test.id) reporter.fail(at, fmt::format("a test cannot cover itself{}", context.suffix()));
    }
  }
}

void read_lab_files(const Reporter& reporter, const Field& field, LabSpec& lab, const Context& context) {
  lab.files = read_string_list(reporter, field, context);
  if (lab.files.empty()) {
    reporter.fail(field.mark(), fmt::format("'files' must list at least one student file{}", context.suffix()));
  }
  std::size_t index = 0;
  for (const std::string& file : lab.files) {
    require_inner_path(reporter, mark_of(field.value[index++], field.mark()), "file", file, context);
  }
}

void read_lab_configs(const Reporter& reporter, const Field& field, const Course& course, LabSpec& lab,
                      const Context& context) {
  lab.configs = read_string_list(reporter, field, context);
  if (lab.configs.empty()) {
    reporter.fail(field.mark(), fmt::format("'configs' must name at least one configuration{}", context.suffix()));
  }
  std::vector<std::string> known;
  for (const auto& [name, description] : course.configs) known.push_back(name);
  std::size_t index = 0;
  for (const std::string& config : lab.configs) {
    YAML::Mark at = mark_of(field.value[index++], field.mark());
    require_one_of(reporter, at, fmt::format("config '{}' is not defined in the top-level 'configs'", config),
                   config, known, context);
  }
}

void read_handout(const Reporter& reporter, const Field& field, const Course& course, LabSpec& lab,
                  const Context& context) {
  std::string handout = read_string(reporter, field, context);
  require_inner_path(reporter, field.mark(), "handout", handout, context);
  if (!std::filesystem::is_regular_file(course.root / handout)) {
    reporter.fail(field.mark(), fmt::format("handout '{}' does not exist in {}{}", handout, course.root.string(),
                                            context.suffix()));
  }
  lab.handout = handout;
}

void read_tests(const Reporter& reporter, const Field& field, const TestDefaults& defaults, LabSpec& lab,
                const Context& context) {
  std::vector<YAML::Node> tests = read_list(reporter, field, context);
  if (tests.empty()) reporter.fail(field.mark(), fmt::format("'tests' must list at least one test{}", context.suffix()));
  for (std::size_t i = 0; i < tests.size(); ++i) {
    lab.tests.push_back(read_test(reporter, tests[i], i, lab, defaults, field.mark()));
  }
  check_covers(reporter, tests, lab);
}

const std::vector<std::string> kLabKeys = {"title",    "handout",    "files", "configs", "forbidden", "imports",
                                           "defaults", "depends_on", "sandbox", "deterministic", "tests"};

// `sandbox: {tasks: N}`: the processes and threads a test run may have at once, 16..512 (a lab that
// forks needs room for its children; a small bound stops a fork bomb early).
int read_sandbox_tasks(const Reporter& reporter, const Field& field, const Context& context) {
  MapReader map(reporter, field.value, field.mark(), "'sandbox'", context, {"tasks"});
  const Field& tasks = map.require("tasks");
  const long long value = read_int(reporter, tasks, context);
  if (value < 16 || value > 512)
    reporter.fail(tasks.mark(), fmt::format("'tasks' must be between 16 and 512, got {}{}", value, context.suffix()));
  return static_cast<int>(value);
}

// `deterministic: [configs]`: some of the lab's own configurations (read after `configs`).
std::vector<std::string> read_deterministic(const Reporter& reporter, const Field& field, const LabSpec& lab,
                                            const Context& context) {
  std::vector<std::string> configs = read_string_list(reporter, field, context);
  for (std::size_t i = 0; i < configs.size(); ++i) {
    require_one_of(reporter, mark_of(field.value[i], field.mark()),
                   fmt::format("'deterministic' names '{}', which is not one of the lab's 'configs'", configs[i]),
                   configs[i], lab.configs, context);
  }
  return configs;
}

LabSpec read_lab(const Reporter& reporter, const Field& field, const Course& course,
                 std::vector<PendingDependency>& pending) {
  LabSpec lab;
  lab.id = field.key;
  const Context context{fmt::format("lab '{}'", lab.id), fmt::format("lab '{}'", lab.id)};
  require_word(reporter, field.key_node.Mark(), "lab id", lab.id, Context{});
  MapReader map(reporter, field.value, field.mark(), context.in, context, kLabKeys);
  lab.title = read_string(reporter, map.require("title"), context);
  if (const Field* f = map.find("handout")) read_handout(reporter, *f, course, lab, context);
  read_lab_files(reporter, map.require("files"), lab, context);
  read_lab_configs(reporter, map.require("configs"), course, lab, context);
  if (const Field* f = map.find("forbidden")) read_forbidden(reporter, *f, lab);
  if (const Field* f = map.find("imports")) read_lab_imports(reporter, *f, course, lab);
  TestDefaults defaults;
  if (const Field* f = map.find("defaults")) defaults = read_defaults(reporter, *f, lab.id);
  if (const Field* f = map.find("depends_on")) {
    std::vector<PendingDependency> mine = read_depends_on(reporter, *f, lab);
    pending.insert(pending.end(), mine.begin(), mine.end());
  }
  if (const Field* f = map.find("sandbox")) lab.sandbox_tasks = read_sandbox_tasks(reporter, *f, context);
  if (const Field* f = map.find("deterministic")) lab.deterministic = read_deterministic(reporter, *f, lab, context);
  read_tests(reporter, map.require("tests"), defaults, lab, context);
  for (TestSpec& test : lab.tests) {
    test.tasks = lab.sandbox_tasks;
    test.deterministic = lab.deterministic;
  }
  return lab;
}

// True when following depends_on from `lab` comes back to `target`.
bool reaches(const Course& course, const std::string& lab, const std::string& target, std::vector<std::string>& seen) {
  if (std::find(seen.begin(), seen.end(), lab) != seen.end()) return false;
  seen.push_back(lab);
  const LabSpec* spec = course.find_lab(lab);
  if (spec == nullptr) return false;
  for (const auto& dependency : spec->depends_on) {
    if (dependency.lab == target || reaches(course, dependency.lab, target, seen)) return true;
  }
  return false;
}

void check_dependencies(const Reporter& reporter, const Course& course, const std::vector<PendingDependency>& pending) {
  std::vector<std::string> ids;
  for (const LabSpec& lab : course.labs) ids.push_back(lab.id);
  for (const PendingDependency& dependency : pending) {
    require_one_of(reporter, dependency.mark,
                   fmt::format("lab '{}' depends on '{}', which is not a lab of this course", dependency.from_lab,
                               dependency.lab),
                   dependency.lab, ids, Context{});
    std::vector<std::string> seen;
    if (reaches(course, dependency.lab, dependency.from_lab, seen)) {
      reporter.fail(dependency.mark, fmt::format("depends_on forms a cycle: lab '{}' depends on '{}', which depends "
                                                 "back on '{}'", dependency.from_lab, dependency.lab,
                                                 dependency.from_lab));
    }
  }
}

const std::vector<std::string> kTopKeys = {"course", "version", "configs", "imports", "labs"};

Course read_course(const Reporter& reporter, const YAML::Node& root, const std::filesystem::path& course_root) {
  if (!root.IsDefined() || root.IsNull()) {
    reporter.fail(YAML::Mark(), "the file is empty; it needs the keys course, configs and labs");
  }
  Course course;
  course.root = course_root;
  MapReader map(reporter, root, YAML::Mark(), "the course file", Context{"the course file", ""}, kTopKeys);
  course.title = read_string(reporter, map.require("course"), map.context());
  if (const Field* f = map.find("version")) {
    course.version = static_cast<int>(read_int(reporter, *f, map.context()));
    if (course.version != 1) {
      reporter.fail(f->mark(), fmt::format("unsupported version {}; this grader reads version 1", f->value.Scalar()));
    }
  }
  course.configs = read_configs(reporter, map.require("configs"));
  if (const Field* f = map.find("imports")) course.import_lists = read_import_lists(reporter, *f);
  const Field& labs = map.require("labs");
  std::vector<PendingDependency> pending;
  for (const Field& lab : read_free_map(reporter, labs, map.context(), "lab id")) {
    course.labs.push_back(read_lab(reporter, lab, course, pending));
  }
  if (course.labs.empty()) reporter.fail(labs.mark(), "'labs' must define at least one lab");
  check_dependencies(reporter, course, pending);
  return course;
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw CourseError(path.string(), 0, 0, fmt::format("cannot read the course file: {}", std::strerror(errno)));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

Course load_course(const std::filesystem::path& course_yaml) {
  const Reporter reporter(course_yaml.string());
  std::string text = read_text(course_yaml);
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    reporter.fail(e.mark, fmt::format("invalid YAML: {}", e.msg));
  }
  std::filesystem::path course_root = std::filesystem::absolute(course_yaml).parent_path();
  try {
    return read_course(reporter, root, course_root);
  } catch (const YAML::Exception& e) {
    // Conversions are checked before use; this only catches what yaml-cpp itself refuses.
    reporter.fail(e.mark, e.msg);
  }
}

}  // namespace grader
