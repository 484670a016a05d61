// Grades the hostile-submission corpus (tests/hostile/) beside a correct submission: every case gets its
// verdict with a clear reason, the grader survives, nothing is left running or written outside. A second
// batch turns the static checks off (LABS_TEST_ONLY_SKIP_STATIC_CHECKS=1) and grades the cases that have a
// `runtime_expect`: the sandbox, the limits and the verdict seal must hold on their own.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <boost/process.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;
namespace bp = boost::process;

namespace {

// The one test every case is graded on: it calls Mutex::lock, where the hooks run; plain build only.
constexpr const char* kOnlyTest = "mutex_no_futex_uncontended";
constexpr const char* kSentinel = "HOSTILE_SENTINEL";

std::string read_file(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

struct Case {
  std::string name;
  YAML::Node spec;
};

// Sorted by name. (YAML::Node assignment writes through to the node, so the cases are never sorted.)
std::vector<Case> corpus() {
  std::vector<fs::path> dirs;
  for (const auto& entry : fs::directory_iterator(fs::path(LABS_SOURCE_DIR) / "tests" / "hostile")) {
    if (fs::exists(entry.path() / "hostile.yaml")) dirs.push_back(entry.path());
  }
  std::sort(dirs.begin(), dirs.end());
  std::vector<Case> cases;
  for (const auto& dir : dirs) cases.push_back({dir.filename().string(), YAML::LoadFile((dir / "hostile.yaml").string())});
  return cases;
}

// locks.cpp of a case: [resolver] + payload + the base's locks.cpp, whose Mutex::lock first calls the hook.
std::string assemble_locks_cpp(const Case& c, const fs::path& case_dir, const fs::path& base_file) {
  std::string text;
  if (c.spec["resolver"] && c.spec["resolver"].as<bool>()) {
    text += read_file(fs::path(LABS_SOURCE_DIR) / "tests" / "hostile" / "common" / "resolve.inc");
  }
  text += read_file(case_dir / "payload.cpp");
  std::string base = read_file(base_file);
  if (c.spec["hook"] && c.spec["hook"].as<bool>()) {
    const std::string anchor = "void Mutex::lock() {";
    const auto at = base.find(anchor);
    if (at == std::string::npos) throw std::runtime_error("no Mutex::lock in " + base_file.string());
    base.insert(at + anchor.size(), " hostile_hook();");
  }
  return text + base;
}

// "@/x" is x in the source tree; anything else is an absolute path.
fs::path link_target(const std::string& text) {
  return text.rfind("@/", 0) == 0 ? fs::path(LABS_SOURCE_DIR) / text.substr(2) : fs::path(text);
}

// The case's `links`: entries that are not plain files, made in place of `path` (relative to the
// submission): a symbolic link, a hard link to a copy of a file kept outside the class, a FIFO, a device.
void make_links(const YAML::Node& links, const fs::path& submission, const fs::path& outside) {
  for (const auto& link : links) {
    const fs::path path = submission / link["path"].as<std::string>();
    fs::remove_all(path);
    if (link["symlink"]) {
      fs::create_symlink(link_target(link["symlink"].as<std::string>()), path);
    } else if (link["hardlink_to_copy_of"]) {
      const fs::path copy = outside / (submission.filename().string() + "-" + path.filename().string());
      fs::create_directories(outside);
      fs::copy_file(link_target(link["hardlink_to_copy_of"].as<std::string>()), copy,
                    fs::copy_options::overwrite_existing);
      fs::create_hard_link(copy, path);
    } else if (link["fifo"]) {
      if (::mkfifo(path.c_str(), 0644) != 0) throw std::runtime_error("mkfifo " + path.string());
    } else if (link["char_device"]) {
      const auto numbers = link["char_device"].as<std::vector<unsigned>>();
      if (::mknod(path.c_str(), S_IFCHR | 0644, makedev(numbers.at(0), numbers.at(1))) != 0) {
        throw std::runtime_error("mknod " + path.string() + " (the corpus runs as root)");
      }
    }
  }
}

// The class directory: one submission per case (mutex/ from the base, the case's files over it) + reference.
void make_class(const std::vector<Case>& cases, const fs::path& class_dir) {
  const fs::path source(LABS_SOURCE_DIR);
  for (const Case& c : cases) {
    const fs::path case_dir = source / "tests" / "hostile" / c.name;
    const fs::path base = source / c.spec["base"].as<std::string>() / "mutex";
    const fs::path lab = class_dir / c.name / "mutex";
    fs::create_directories(lab);
    const auto copy_options = fs::copy_options::overwrite_existing | fs::copy_options::recursive;
    fs::copy(base, lab, copy_options);
    if (fs::exists(case_dir / "mutex")) fs::copy(case_dir / "mutex", lab, copy_options);
    if (fs::exists(case_dir / "payload.cpp")) {
      std::ofstream(lab / "locks.cpp") << assemble_locks_cpp(c, case_dir, base / "locks.cpp");
    }
    if (c.spec["links"]) make_links(c.spec["links"], class_dir / c.name, class_dir.parent_path() / "outside");
  }
  fs::create_directories(class_dir / "reference" / "mutex");
  fs::copy(source / "solutions" / "mutex", class_dir / "reference" / "mutex");
}

struct Batch {
  int status = -1;
  std::string output;
  double seconds = 0;
};

std::vector<std::string> grade_args(const fs::path& root, const fs::path& class_dir, const fs::path& out) {
  const fs::path source(LABS_SOURCE_DIR), binary(LABS_BINARY_DIR);
  return {"--course", (source / "course.yaml").string(), "--build-info", (binary / "grader-build.json").string(),
          "--work-dir", (root / "work").string(), "--no-color", "-j", "2",
          "grade", class_dir.string(), "--labs", "mutex", "--only", kOnlyTest, "--out", out.string()};
}

// A started grader whose output is collected by a thread of its own (several may run at once).
class Grader {
 public:
  Grader(const std::vector<std::string>& args, const bp::environment& env)
      : start_(std::chrono::steady_clock::now()),
        child_(std::string(LABS_GRADER), bp::args(args), (bp::std_out & bp::std_err) > output_, env),
        reader_([this] {
          for (std::string line; std::getline(output_, line);) text_ += line + "\n";
        }) {}

  Batch finish() {
    reader_.join();
    child_.wait();
    return {child_.exit_code(), text_, std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count()};
  }

 private:
  std::chrono::steady_clock::time_point start_;
  bp::ipstream output_;
  bp::child child_;
  std::string text_;
  std::thread reader_;
};

Batch grade(const fs::path& root, const fs::path& class_dir, const bp::environment& env) {
  Batch batch = Grader(grade_args(root, class_dir, root / "out"), env).finish();
  std::cerr << "[hostile] graded " << class_dir << " in " << batch.seconds << " s\n";
  return batch;
}

// Processes whose command line mentions `path` (the test binaries live below it).
std::vector<std::string> processes_mentioning(const std::string& path) {
  std::vector<std::string> found;
  for (const auto& entry : fs::directory_iterator("/proc")) {
    const std::string pid = entry.path().filename().string();
    if (pid.find_first_not_of("0123456789") != std::string::npos) continue;
    std::string cmdline = read_file(entry.path() / "cmdline");
    std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
    if (cmdline.find(path) != std::string::npos) found.push_back(pid + ": " + cmdline);
  }
  return found;
}

// Sentinel files anywhere below `dir` (bounded walk) or directly in it.
std::vector<std::string> sentinels_below(const fs::path& dir, bool recursive) {
  std::vector<std::string> found;
  std::error_code ec;
  if (fs::exists(dir / kSentinel, ec)) found.push_back((dir / kSentinel).string());
  if (!recursive) return found;
  for (fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
       !ec && it != end; it.increment(ec)) {
    if (it->path().filename() == kSentinel) found.push_back(it->path().string());
  }
  return found;
}

nlohmann::json result_of(const fs::path& out, const std::string& name) {
  return nlohmann::json::parse(read_file(out / name / "results.json"));
}

// `key`: "expect" (the normal batch) or "runtime_expect" (static checks off).
void expect_verdicts(const std::vector<Case>& cases, const fs::path& out, const char* key = "expect") {
  for (const Case& c : cases) {
    SCOPED_TRACE("hostile case " + c.name);
    const auto result = result_of(out, c.name);
    const auto& lab = result.at("labs").at(0);
    const auto& run = lab.at("tests").at(0).at("configs").at(0);
    const YAML::Node expect = c.spec[key];
    EXPECT_EQ(run.at("verdict").get<std::string>(), expect["verdict"].as<std::string>()) << run.at("reason");
    if (expect["reason_contains"]) {
      EXPECT_NE(run.at("reason").get<std::string>().find(expect["reason_contains"].as<std::string>()), std::string::npos)
          << run.at("reason");
    }
    EXPECT_EQ(lab.at("score").get<double>(), expect["score"].as<double>());
    EXPECT_TRUE(result.at("error").get<std::string>().empty()) << result.at("error");
  }
}

class HostileCorpus : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    root_ = fs::path(LABS_BINARY_DIR) / "e2e-hostile";
    fs::remove_all(root_);
    cases_ = corpus();
    make_class(cases_, root_ / "class");
    batch_ = grade(root_, root_ / "class", boost::this_process::environment());
  }

  static inline fs::path root_;
  static inline std::vector<Case> cases_;
  static inline Batch batch_;
};

TEST_F(HostileCorpus, HasAtLeastSixteenCases) { EXPECT_GE(cases_.size(), 16u); }

// Every case of the corpus scores 0: the forgeries (forge_*) and the aliasing tricks included.
TEST_F(HostileCorpus, EveryCaseScoresZeroOrIsContained) {
  for (const Case& c : cases_) {
    if (c.name.starts_with("forge_") || c.name.starts_with("alias_") || c.name.find("pasted") != std::string::npos) {
      EXPECT_EQ(c.spec["expect"]["score"].as<double>(), 0) << c.name;
      if (c.name.starts_with("forge_")) {
        EXPECT_EQ(c.spec["runtime_expect"]["score"].as<double>(), 0) << c.name;
      }
    }
  }
}

TEST_F(HostileCorpus, GraderSurvivesAndFinishes) {
  EXPECT_EQ(batch_.status, 1) << batch_.output;  // 1: some submissions lost points; not a grader failure
  EXPECT_NE(batch_.output.find("Results: "), std::string::npos) << batch_.output;
  EXPECT_EQ(batch_.output.find("not isolated"), std::string::npos) << batch_.output;
  // grade's default, with no --sandbox flag given
  EXPECT_NE(batch_.output.find("each submission in the sandbox (bubblewrap)"), std::string::npos) << batch_.output;
}

TEST_F(HostileCorpus, EveryCaseGetsItsVerdict) { expect_verdicts(cases_, root_ / "out"); }

TEST_F(HostileCorpus, CorrectSubmissionInTheSameBatchGetsFullMarks) {
  const auto result = result_of(root_ / "out", "reference");
  EXPECT_GT(result.at("max").get<double>(), 0);
  EXPECT_EQ(result.at("score").get<double>(), result.at("max").get<double>());
}

TEST_F(HostileCorpus, NothingIsLeftRunning) {
  EXPECT_EQ(processes_mentioning((root_ / "work").string()), std::vector<std::string>{});
}

TEST_F(HostileCorpus, NothingIsWrittenOutsideTheSandbox) {
  std::vector<std::string> found = sentinels_below(root_, true);
  for (fs::path dir = root_; dir.has_relative_path(); dir = dir.parent_path()) {
    for (auto& s : sentinels_below(dir, false)) found.push_back(s);
  }
  for (auto& s : sentinels_below(LABS_SOURCE_DIR, false)) found.push_back(s);
  for (auto& s : sentinels_below(fs::temp_directory_path(), false)) found.push_back(s);
  EXPECT_EQ(found, std::vector<std::string>{});
}

TEST_F(HostileCorpus, LeaksNothingIntoResults) {
  // The first line of /etc/shadow (the link_to_shadow case): readable here, since the suite runs as root.
  std::string shadow = read_file("/etc/shadow");
  shadow = shadow.substr(0, shadow.find('\n'));
  for (const Case& c : cases_) {
    for (const char* file : {"results.json", "feedback.md", "feedback.html"}) {
      const std::string text = read_file(root_ / "out" / c.name / file);
      EXPECT_EQ(text.find("Reference solution of the mutex lab"), std::string::npos) << c.name << " " << file;
      if (!shadow.empty()) {
        EXPECT_EQ(text.find(shadow), std::string::npos) << c.name << " " << file;
      }
    }
  }
}

// The cases that say what happens when code gets past every static check, in the default sandbox with
// the static checks off: the forgeries score 0 through the verdict seal alone, the escapes stay inside.
class HostileCorpusRuntime : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    root_ = fs::path(LABS_BINARY_DIR) / "e2e-hostile-runtime";
    fs::remove_all(root_);
    for (const Case& c : corpus()) {
      if (c.spec["runtime_expect"]) cases_.push_back(c);
    }
    make_class(cases_, root_ / "class");
    bp::environment env = boost::this_process::environment();
    env["LABS_TEST_ONLY_SKIP_STATIC_CHECKS"] = "1";
    batch_ = grade(root_, root_ / "class", env);
  }

  static inline fs::path root_;
  static inline std::vector<Case> cases_;
  static inline Batch batch_;
};

TEST_F(HostileCorpusRuntime, TheThreeForgeriesOfTheIssueAndTheirVariantsAreThere) {
  std::size_t forgeries = 0;
  for (const Case& c : cases_) forgeries += c.name.starts_with("forge_");
  EXPECT_GE(forgeries, 7u);
  EXPECT_NE(batch_.output.find("static checks are OFF"), std::string::npos) << batch_.output;
}

TEST_F(HostileCorpusRuntime, EveryCaseGetsItsRunTimeVerdict) { expect_verdicts(cases_, root_ / "out", "runtime_expect"); }

TEST_F(HostileCorpusRuntime, CorrectSubmissionKeepsFullMarks) {
  const auto result = result_of(root_ / "out", "reference");
  EXPECT_EQ(result.at("score").get<double>(), result.at("max").get<double>());
}

TEST_F(HostileCorpusRuntime, NothingIsLeftRunningOrWrittenOutside) {
  EXPECT_EQ(processes_mentioning((root_ / "work").string()), std::vector<std::string>{});
  std::vector<std::string> found = sentinels_below(root_, true);
  for (fs::path dir = root_; dir.has_relative_path(); dir = dir.parent_path()) {
    for (auto& s : sentinels_below(dir, false)) found.push_back(s);
  }
  EXPECT_EQ(found, std::vector<std::string>{});
  for (const Case& c : cases_) {
    const std::string text = read_file(root_ / "out" / c.name / "results.json");
    EXPECT_EQ(text.find("Reference solution of the mutex lab"), std::string::npos) << c.name;
  }
}

// Without bubblewrap (LABS_BWRAP=none) the grader says the run is not isolated and still applies the
// limits and kills what is left. Only the cases that neither read nor write outside run here: without
// the sandbox those would succeed, which is exactly what the warning says. Static checks are off, as they
// would stop these cases before they run.
TEST(HostileCorpusFallback, LimitsHoldAndTheWarningIsPrinted) {
  const fs::path root = fs::path(LABS_BINARY_DIR) / "e2e-hostile-fallback";
  fs::remove_all(root);
  std::vector<Case> cases;
  for (const Case& c : corpus()) {
    if (c.spec["fallback"] && c.spec["fallback"].as<bool>()) cases.push_back(c);
  }
  ASSERT_GE(cases.size(), 3u);
  make_class(cases, root / "class");
  bp::environment env = boost::this_process::environment();
  env["LABS_BWRAP"] = "none";
  env["LABS_TEST_ONLY_SKIP_STATIC_CHECKS"] = "1";
  const Batch batch = grade(root, root / "class", env);
  EXPECT_EQ(batch.status, 1) << batch.output;
  EXPECT_NE(batch.output.find("not isolated: bubblewrap is not installed (apt-get install bubblewrap)"),
            std::string::npos)
      << batch.output;
  expect_verdicts(cases, root / "out", "runtime_expect");
  const auto reference = result_of(root / "out", "reference");
  EXPECT_EQ(reference.at("score").get<double>(), reference.at("max").get<double>());
  EXPECT_EQ(processes_mentioning((root / "work").string()), std::vector<std::string>{});
}

// Two `grade --resume` of one class into one --out at once, and a third into another --out over the same
// work directory: each waits for the other where they would share files, and every verdict is right
// (this once gave a correct submission "ended without a result").
TEST(HostileCorpusConcurrency, ConcurrentGradesOfOneClassAgree) {
  const fs::path root = fs::path(LABS_BINARY_DIR) / "e2e-hostile-concurrent";
  fs::remove_all(root);
  const fs::path source(LABS_SOURCE_DIR);
  for (const char* who : {"reference", "starter"}) fs::create_directories(root / "class" / who / "mutex");
  fs::copy(source / "solutions" / "mutex", root / "class" / "reference" / "mutex");
  fs::copy(source / "exercises" / "mutex", root / "class" / "starter" / "mutex");
  const auto env = boost::this_process::environment();
  std::vector<std::string> resume = grade_args(root, root / "class", root / "out");
  resume.push_back("--resume");
  Grader first(resume, env), second(resume, env), other(grade_args(root, root / "class", root / "out2"), env);
  for (Batch batch : {first.finish(), second.finish(), other.finish()}) {
    EXPECT_EQ(batch.status, 1) << batch.output;  // the starter loses points; nobody hits a grader error
  }
  for (const char* out : {"out", "out2"}) {
    SCOPED_TRACE(out);
    const auto reference = result_of(root / out, "reference");
    EXPECT_EQ(reference.at("score").get<double>(), reference.at("max").get<double>());
    const auto starter = result_of(root / out, "starter");
    EXPECT_EQ(starter.at("score").get<double>(), 0);
    const std::string reason =
        starter.at("labs").at(0).at("tests").at(0).at("configs").at(0).at("reason").get<std::string>();
    EXPECT_NE(reason.find("not implemented yet"), std::string::npos) << reason;
  }
}

}  // namespace
