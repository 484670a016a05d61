// Tests of grader::load_course: the real course.yaml, defaults, and the exact message of every error class.
#include <gtest/gtest.h>

#include <algorithm>

#include <fstream>
#include <string>

#include "course.hpp"
#include "course_file_fixture.hpp"

namespace grader {
namespace {

namespace fs = std::filesystem;

// A small valid course; error tests edit one line of it. Line numbers matter: see the comments.
const std::string kBase = R"(course: Test course
configs:
  plain: Plain build.
  tsan: TSan build.
labs:
  mutex:
    title: Locks
    files: [locks.hpp, locks.cpp]
    configs: [plain, tsan]
    tests:
      - id: spin_try_lock
        name: try lock
        gtest: SpinLock.TryLock
        points: 4
        configs: [plain]
)";
// Line 11 is "      - id: spin_try_lock" (the test map starts at column 9), line 14 is "        points: 4".

// The shared course-file fixture, with kBase edits.
class CourseTest : public testing::CourseFileTest {
 protected:
  // The course text with the first occurrence of `from` replaced by `to`.
  static std::string edit(const std::string& from, const std::string& to) {
    std::string text = kBase;
    std::size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return text.replace(at, from.size(), to);
  }
};

TEST(RealCourse, LoadsWithTheMutexLab) {
  Course course = load_course(fs::path(LABS_SOURCE_DIR) / "course.yaml");
  EXPECT_EQ(course.title, "Concurrency Labs");
  EXPECT_EQ(course.version, 1);
  for (const char* config : {"plain", "tsan", "perturb", "controlled"}) EXPECT_TRUE(course.configs.count(config)) << config;
  const LabSpec* mutex = course.find_lab("mutex");
  ASSERT_NE(mutex, nullptr);
  EXPECT_EQ(mutex->files, (std::vector<std::string>{"locks.hpp", "locks.cpp"}));
  EXPECT_EQ(mutex->configs, (std::vector<std::string>{"plain", "tsan", "perturb", "controlled"}));
  EXPECT_EQ(mutex->handout, fs::path("exercises/mutex/README.md"));
  EXPECT_DOUBLE_EQ(mutex->max_points(), 100.0);
  EXPECT_EQ(mutex->tests.size(), 22u);
  EXPECT_FALSE(mutex->forbidden_headers.empty());
  EXPECT_FALSE(mutex->forbidden_identifiers.empty());
  EXPECT_FALSE(mutex->forbidden_symbols.empty());
  EXPECT_EQ(mutex->forbidden_symbols.front().name, "pthread_*");
}

// Every lab of the bundled course has an imports allowlist; the uthreads lab exports its switch routine and the starter's placeholder.
TEST(RealCourse, EveryLabHasAnImportsAllowlist) {
  Course course = load_course(fs::path(LABS_SOURCE_DIR) / "course.yaml");
  for (const LabSpec& lab : course.labs) {
    ASSERT_TRUE(lab.allowed_imports.has_value()) << lab.id;
    const auto& globs = *lab.allowed_imports;
    EXPECT_NE(std::find(globs.begin(), globs.end(), "operator new*"), globs.end()) << lab.id;
    EXPECT_NE(std::find(globs.begin(), globs.end(), "lab::detail::futex_wait"), globs.end()) << lab.id;
    for (const std::string& glob : globs) EXPECT_FALSE(glob.starts_with("harness::")) << lab.id << ": " << glob;
  }
  EXPECT_EQ(course.find_lab("uthreads")->exports, (std::vector<std::string>{"uthread_switch", "uthread_switch_todo"}));
}

TEST_F(CourseTest, ImportsNameOnlyDefinedLists) {
  EXPECT_EQ(error_of(edit("labs:", "imports:\n  core: [\"lab::yield\"]\nlabs:")), "");
  const std::string unknown = error_of(edit("labs:\n  mutex:\n", "labs:\n  mutex:\n    imports: {lists: [nope]}\n"));
  EXPECT_NE(unknown.find("'nope' is not a list of the top-level 'imports'"), std::string::npos) << unknown;
}

TEST(RealCourse, EveryLabTotalsOneHundredPointsInDeclaredConfigs) {
  Course course = load_course(fs::path(LABS_SOURCE_DIR) / "course.yaml");
  for (const LabSpec& lab : course.labs) {
    EXPECT_DOUBLE_EQ(lab.max_points(), 100.0) << lab.id;
    for (const auto& config : lab.configs) EXPECT_TRUE(course.configs.count(config)) << lab.id << ": " << config;
  }
}

TEST(RealCourse, TestsCarryTheirSettingsAndDefaults) {
  Course course = load_course(fs::path(LABS_SOURCE_DIR) / "course.yaml");
  const LabSpec& mutex = *course.find_lab("mutex");
  const TestSpec* fifo = mutex.find_test("ticket_fifo");
  ASSERT_NE(fifo, nullptr);
  EXPECT_EQ(fifo->gtest, "TicketLock.FifoOrder");
  EXPECT_EQ(fifo->points, 8);
  EXPECT_EQ(fifo->repetitions, 3);
  EXPECT_EQ(fifo->configs, (std::vector<std::string>{"plain", "perturb"}));
  EXPECT_EQ(fifo->time_limit, std::chrono::seconds(60));
  EXPECT_EQ(fifo->watchdog, std::chrono::milliseconds(5000));
  EXPECT_EQ(fifo->visibility, Visibility::visible);
  EXPECT_GT(fifo->line, 0);
  EXPECT_EQ(mutex.find_test("no_such_test"), nullptr);
}

// The processes lab bounds its runs' tasks; every other lab keeps the default, and so do its tests.
TEST(RealCourse, SandboxTasksReachEveryTestOfTheLab) {
  Course course = load_course(fs::path(LABS_SOURCE_DIR) / "course.yaml");
  const LabSpec& process = *course.find_lab("process");
  EXPECT_EQ(process.sandbox_tasks, 64);
  for (const TestSpec& test : process.tests) EXPECT_EQ(test.tasks, 64) << test.id;
  EXPECT_EQ(course.find_lab("mutex")->sandbox_tasks, 512);
  EXPECT_EQ(course.find_lab("mutex")->tests.front().tasks, 512);
}

TEST_F(CourseTest, SandboxTasksOutOfRange) {
  EXPECT_EQ(error_of(edit("    tests:", "    sandbox: {tasks: 8}\n    tests:")),
            at(10, 22, "'tasks' must be between 16 and 512, got 8 (lab 'mutex')"));
  const std::string unknown = error_of(edit("    tests:", "    sandbox: {processes: 8}\n    tests:"));
  EXPECT_EQ(unknown.rfind(at(10, 15, ""), 0), 0u) << unknown;
}

TEST_F(CourseTest, BaseCourseLoads) {
  EXPECT_EQ(error_of(kBase), "");
  Course course = load_course(path_);
  ASSERT_EQ(course.labs.size(), 1u);
  EXPECT_EQ(course.root, fs::absolute(dir_));
  EXPECT_EQ(course.labs[0].tests[0].line, 11);
}

TEST_F(CourseTest, UnknownKeySuggestsTheClosest) {
  EXPECT_EQ(error_of(edit("points: 4", "point: 4")),
            at(14, 9, "unknown key 'point' in test 'spin_try_lock' of lab 'mutex' (did you mean 'points'?)"));
}

TEST_F(CourseTest, UnknownKeyWithoutLikelyTypoListsAllowedKeys) {
  EXPECT_EQ(error_of(edit("    title: Locks", "    title: Locks\n    colour: red")),
            at(8, 5, "unknown key 'colour' in lab 'mutex'; allowed keys: title, handout, files, configs, "
                     "forbidden, imports, defaults, depends_on, sandbox, deterministic, tests"));
}

TEST_F(CourseTest, UnknownTopLevelKey) {
  EXPECT_EQ(error_of(edit("labs:", "lab:")), at(5, 1, "unknown key 'lab' in the course file (did you mean 'labs'?)"));
}

TEST_F(CourseTest, WrongTypeNamesTheTypes) {
  EXPECT_EQ(error_of(edit("points: 4", "points: \"4\"")),
            at(14, 17, "'points' must be a number, got a string (test 'spin_try_lock' of lab 'mutex')"));
  EXPECT_EQ(error_of(edit("points: 4", "points: [4]")),
            at(14, 17, "'points' must be a number, got a list (test 'spin_try_lock' of lab 'mutex')"));
  EXPECT_EQ(error_of(edit("title: Locks", "title: [a, b]")), at(7, 12, "'title' must be a string, got a list (lab 'mutex')"));
}

TEST_F(CourseTest, MissingFieldPointsAtTheParentMap) {
  EXPECT_EQ(error_of(edit("        gtest: SpinLock.TryLock\n", "")),
            at(11, 9, "missing required key 'gtest' in test 'spin_try_lock' of lab 'mutex'"));
  EXPECT_EQ(error_of(edit("course: Test course\n", "")), at(1, 1, "missing required key 'course' in the course file"));
}

TEST_F(CourseTest, YamlSyntaxError) {
  std::string message = error_of(edit("files: [locks.hpp, locks.cpp]", "files: [locks.hpp, locks.cpp"));
  EXPECT_EQ(message, at(9, 12, "invalid YAML: end of sequence flow not found"));
}

TEST_F(CourseTest, EmptyAndUnreadableFiles) {
  EXPECT_EQ(error_of(""), at(1, 1, "the file is empty; it needs the keys course, configs and labs"));
  std::string missing = (dir_ / "nope.yaml").string();
  try {
    load_course(missing);
    FAIL() << "loaded a missing file";
  } catch (const CourseError& e) {
    EXPECT_EQ(std::string(e.what()), missing + ": cannot read the course file: No such file or directory");
  }
}

TEST_F(CourseTest, DuplicateIds) {
  std::string second = "      - id: spin_try_lock\n        name: again\n        gtest: A.B\n        points: 1\n"
                       "        configs: [plain]\n";
  EXPECT_EQ(error_of(kBase + second), at(16, 13, "duplicate test id 'spin_try_lock' in lab 'mutex'"));
  std::string lab = "  mutex:\n    title: Again\n";
  EXPECT_EQ(error_of(kBase + lab), at(16, 3, "duplicate lab id 'mutex' in 'labs'"));
  EXPECT_EQ(error_of(edit("points: 4", "points: 4\n        points: 5")),
            at(15, 9, "duplicate key 'points' in test 'spin_try_lock' of lab 'mutex'"));
}

TEST_F(CourseTest, BadValues) {
  EXPECT_EQ(error_of(edit("points: 4", "points: 0")),
            at(14, 17, "'points' must be greater than 0, got 0 (test 'spin_try_lock' of lab 'mutex')"));
  EXPECT_EQ(error_of(edit("id: spin_try_lock", "id: Spin-Lock")),
            at(11, 13, "test id 'Spin-Lock' may only use a-z, 0-9 and _ (test #1 of lab 'mutex')"));
  EXPECT_EQ(error_of(edit("gtest: SpinLock.TryLock", "gtest: SpinLock")),
            at(13, 16, "'gtest' must name one GoogleTest test as Suite.Name, got 'SpinLock' "
                       "(test 'spin_try_lock' of lab 'mutex')"));
  EXPECT_EQ(error_of(edit("points: 4", "points: 4\n        repetitions: 0")),
            at(15, 22, "'repetitions' must be between 1 and 1000000, got 0 (test 'spin_try_lock' of lab 'mutex')"));
  EXPECT_EQ(error_of(edit("points: 4", "points: 4\n        repetitions: 1.5")),
            at(15, 22, "'repetitions' must be a whole number, got a number (test 'spin_try_lock' of lab 'mutex')"));
  EXPECT_EQ(error_of(edit("points: 4", "points: 4\n        visibility: hiden")),
            at(15, 21, "'visibility' must be visible or hidden, got 'hiden' (test 'spin_try_lock' of lab 'mutex') "
                       "(did you mean 'hidden'?)"));
}

TEST_F(CourseTest, ConfigsMustBeKnown) {
  EXPECT_EQ(error_of(edit("configs: [plain]\n", "configs: [plian]\n")),
            at(15, 19, "config 'plian' is not one of lab 'mutex' configs (test 'spin_try_lock' of lab 'mutex') "
                       "(did you mean 'plain'?)"));
  EXPECT_EQ(error_of(edit("configs: [plain, tsan]", "configs: [plain, asan]")),
            at(9, 22, "config 'asan' is not defined in the top-level 'configs' (lab 'mutex') (did you mean 'tsan'?)"));
  EXPECT_EQ(error_of(edit("configs: [plain, tsan]", "configs: [plain, gpu]")),
            at(9, 22, "config 'gpu' is not defined in the top-level 'configs' (lab 'mutex'); expected one of: "
                      "plain, tsan"));
  EXPECT_EQ(error_of(edit("configs: [plain]\n", "configs: []\n")),
            at(15, 18, "'configs' must name at least one configuration (test 'spin_try_lock' of lab 'mutex')"));
}

TEST_F(CourseTest, Durations) {
  EXPECT_EQ(error_of(edit("points: 4", "points: 4\n        time_limit: 3s")),
            at(15, 21, "'watchdog' (5s) must be shorter than 'time_limit' (3s) (test 'spin_try_lock' of lab 'mutex')"));
  EXPECT_EQ(error_of(edit("points: 4", "points: 4\n        watchdog: soon")),
            at(15, 19, "'watchdog' must be a duration like 30, \"30s\", \"2m\" or \"500ms\", got \"soon\" "
                       "(test 'spin_try_lock' of lab 'mutex')"));
  EXPECT_EQ(error_of(edit("points: 4", "points: 4\n        time_limit: 1500ms")),
            at(15, 21, "'time_limit' must be a whole number of seconds, got 1500ms (test 'spin_try_lock' of lab 'mutex')"));
  EXPECT_EQ(error_of(edit("points: 4", "points: 4\n        time_limit: 2m\n        watchdog: 750ms")), "");
  Course course = load_course(path_);
  const TestSpec& test = course.labs[0].tests[0];
  EXPECT_EQ(test.time_limit, std::chrono::seconds(120));
  EXPECT_EQ(test.watchdog, std::chrono::milliseconds(750));
}

TEST_F(CourseTest, LabDefaultsApplyUnlessTheTestSetsItsOwn) {
  std::string text = edit("    tests:", "    defaults: {time_limit: 90, repetitions: 3, visibility: hidden}\n    tests:");
  text += "      - id: own\n        name: own\n        gtest: A.B\n        points: 1\n        configs: [tsan]\n"
          "        repetitions: 1\n        visibility: visible\n        time_limit: 10\n";
  ASSERT_EQ(error_of(text), "");
  Course course = load_course(path_);
  const TestSpec& inherited = course.labs[0].tests[0];
  EXPECT_EQ(inherited.time_limit, std::chrono::seconds(90));
  EXPECT_EQ(inherited.repetitions, 3);
  EXPECT_EQ(inherited.visibility, Visibility::hidden);
  const TestSpec& own = course.labs[0].tests[1];
  EXPECT_EQ(own.time_limit, std::chrono::seconds(10));
  EXPECT_EQ(own.repetitions, 1);
  EXPECT_EQ(own.visibility, Visibility::visible);
}

TEST_F(CourseTest, FilesAndHandoutPaths) {
  EXPECT_EQ(error_of(edit("files: [locks.hpp, locks.cpp]", "files: [../locks.hpp]")),
            at(8, 13, "file '../locks.hpp' must not contain '..' (lab 'mutex')"));
  EXPECT_EQ(error_of(edit("files: [locks.hpp, locks.cpp]", "files: [/etc/passwd]")),
            at(8, 13, "file '/etc/passwd' must be a relative path (lab 'mutex')"));
  EXPECT_EQ(error_of(edit("files: [locks.hpp, locks.cpp]", "files: []")),
            at(8, 12, "'files' must list at least one student file (lab 'mutex')"));
  EXPECT_EQ(error_of(edit("    title: Locks", "    title: Locks\n    handout: README.md")),
            at(8, 14, "handout 'README.md' does not exist in " + fs::absolute(dir_).string() + " (lab 'mutex')"));
  std::ofstream(dir_ / "README.md") << "# Locks\n";
  EXPECT_EQ(error_of(edit("    title: Locks", "    title: Locks\n    handout: README.md")), "");
}

TEST_F(CourseTest, Forbidden) {
  std::string forbidden = "    forbidden:\n      headers:\n        - name: mutex\n      symbols:\n"
                          "        - pattern: \"pthread_*\"\n          use: lab::atomic\n    tests:";
  EXPECT_EQ(error_of(edit("    tests:", forbidden)),
            at(12, 11, "missing required key 'use' in forbidden.headers of lab 'mutex'"));
  std::string wrong = "    forbidden:\n      identifiers:\n        - name: \"std::\"\n          use: x\n    tests:";
  EXPECT_EQ(error_of(edit("    tests:", wrong)),
            at(12, 17, "'std::' is not an identifier like syscall or std::mutex (forbidden.identifiers of lab 'mutex')"));
  std::string ok = "    forbidden:\n      headers:\n        - {name: mutex, use: lab::futex_wait}\n"
                   "      identifiers:\n        - {name: std::mutex, use: your own lock}\n    tests:";
  ASSERT_EQ(error_of(edit("    tests:", ok)), "");
  Course course = load_course(path_);
  const LabSpec& lab = course.labs[0];
  ASSERT_EQ(lab.forbidden_headers.size(), 1u);
  EXPECT_EQ(lab.forbidden_headers[0].use, "lab::futex_wait");
  EXPECT_EQ(lab.forbidden_identifiers[0].name, "std::mutex");
}

TEST_F(CourseTest, DependsOn) {
  EXPECT_EQ(error_of(edit("    tests:", "    depends_on: [{lab: mutex}]\n    tests:")),
            at(10, 24, "lab 'mutex' cannot depend on itself"));
  EXPECT_EQ(error_of(edit("    tests:", "    depends_on: [{lab: mutx}]\n    tests:")),
            at(10, 24, "lab 'mutex' depends on 'mutx', which is not a lab of this course (did you mean 'mutex'?)"));
  EXPECT_EQ(error_of(edit("    tests:", "    depends_on: [{lab: x, from: elsewhere}]\n    tests:")),
            at(10, 33, "'from' must be submission or solutions, got 'elsewhere' (lab 'mutex'); expected one of: "
                       "submission, solutions"));
  std::string second_lab = "  cv:\n    title: CV\n    files: [cv.cpp]\n    configs: [plain]\n"
                           "    depends_on:\n      - lab: mutex\n        from: solutions\n"
                           "    tests:\n      - {id: t, name: t, gtest: A.B, points: 1, configs: [plain]}\n";
  ASSERT_EQ(error_of(kBase + second_lab), "");
  Course course = load_course(path_);
  const LabSpec& cv = course.labs[1];
  ASSERT_EQ(cv.depends_on.size(), 1u);
  EXPECT_EQ(cv.depends_on[0].lab, "mutex");
  EXPECT_EQ(cv.depends_on[0].from, LabSpec::Dependency::From::solutions);
}

TEST_F(CourseTest, VersionMustBeOne) {
  EXPECT_EQ(error_of("version: 2\n" + kBase), at(1, 10, "unsupported version 2; this grader reads version 1"));
}

}  // namespace
}  // namespace grader
