// Grades the bundled sample class with the real grader and checks the gradebook and feedback against
// examples/class/expected.yaml (who loses which tests, and what their feedback must say).
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <boost/process.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace fs = std::filesystem;
namespace bp = boost::process;

namespace {

std::string read_file(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> cells;
  std::string cell;
  bool quoted = false;
  for (char c : line) {
    if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      cells.push_back(cell);
      cell.clear();
    } else {
      cell += c;
    }
  }
  cells.push_back(cell);
  return cells;
}

// gradebook.csv as student -> column -> cell.
std::map<std::string, std::map<std::string, std::string>> read_gradebook(const fs::path& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  const auto header = split_csv_line(line);
  std::map<std::string, std::map<std::string, std::string>> rows;
  while (std::getline(in, line)) {
    const auto cells = split_csv_line(line);
    for (size_t i = 1; i < cells.size() && i < header.size(); ++i) rows[cells[0]][header[i]] = cells[i];
  }
  return rows;
}

class SampleClass : public ::testing::Test {
 protected:
  // LABS_SAMPLE_CLASS_LABS=mutex,scheduler grades only those labs (the expectations of the others are not
  // checked); unset, every lab. Each selection has its own output and work directories.
  static void SetUpTestSuite() {
    const char* only_labs = std::getenv("LABS_SAMPLE_CLASS_LABS");
    std::string suffix = only_labs != nullptr && *only_labs != '\0' ? std::string("-") + only_labs : "";
    std::replace(suffix.begin(), suffix.end(), ',', '-');
    out_ = fs::path(LABS_BINARY_DIR) / ("e2e-sample-class" + suffix);
    fs::remove_all(out_);
    const fs::path source(LABS_SOURCE_DIR), binary(LABS_BINARY_DIR);
    std::vector<std::string> args{"--course", (source / "course.yaml").string(),
                                  "--build-info", (binary / "grader-build.json").string(),
                                  "--work-dir", (binary / ("e2e-work" + suffix)).string(),
                                  "--no-color", "grade", (source / "examples" / "class").string(),
                                  "--out", out_.string()};
    if (!suffix.empty()) args.insert(args.end(), {"--labs", only_labs});
    bp::ipstream output;
    bp::child grader(std::string(LABS_GRADER), bp::args(args), (bp::std_out & bp::std_err) > output);
    std::string line;
    while (std::getline(output, line)) terminal_ += line + "\n";
    grader.wait();
    status_ = grader.exit_code();
  }

  static inline fs::path out_;
  static inline int status_ = -1;
  static inline std::string terminal_;
};

TEST_F(SampleClass, GradesEveryStudentAndExitsOneBecauseSomeLostPoints) {
  EXPECT_EQ(status_, 1) << terminal_;
  const YAML::Node expected = YAML::LoadFile(std::string(LABS_SOURCE_DIR) + "/examples/class/expected.yaml");
  const auto gradebook = read_gradebook(out_ / "gradebook.csv");
  EXPECT_EQ(gradebook.size(), expected.size()) << terminal_;
  for (const auto& entry : expected) {
    const auto student = entry.first.as<std::string>();
    ASSERT_TRUE(gradebook.count(student)) << student << " missing from gradebook.csv\n" << terminal_;
    EXPECT_TRUE(fs::exists(out_ / student / "results.json")) << student;
    EXPECT_TRUE(fs::exists(out_ / student / "feedback.md")) << student;
  }
}

// The tests of LAB (gradebook columns "LAB:test") that scored 0 in ROW, and all of LAB's test ids.
std::pair<std::set<std::string>, std::set<std::string>> lost_and_all_tests(
    const std::map<std::string, std::string>& row, const std::string& lab) {
  std::set<std::string> lost, all;
  const std::string prefix = lab + ":";
  for (const auto& [column, cell] : row) {
    if (column.rfind(prefix, 0) != 0) continue;
    all.insert(column.substr(prefix.size()));
    if (std::stod(cell) == 0) lost.insert(column.substr(prefix.size()));
  }
  return {lost, all};
}

// The labs that have columns in the gradebook.
std::set<std::string> graded_labs(const std::map<std::string, std::string>& row) {
  std::set<std::string> labs;
  for (const auto& [column, cell] : row) {
    if (const auto colon = column.find(':'); colon != std::string::npos) labs.insert(column.substr(0, colon));
  }
  return labs;
}

void expect_lab_outcome(const std::string& student, const std::string& lab, const YAML::Node& spec,
                        const std::map<std::string, std::string>& row, const std::string& terminal) {
  const auto [lost, all] = lost_and_all_tests(row, lab);
  if (!spec || (spec["lost"] && !spec["lost"].IsSequence())) {
    if (spec) {
      EXPECT_EQ(spec["lost"].as<std::string>(), "all") << student << " " << lab;
    }
    EXPECT_EQ(lost, all) << student << " should lose every " << lab << " test\n" << terminal;
    return;
  }
  // Every test in `lost` must be lost; a test in `may_lose` (caught by chance as well) may be; every
  // other test must be kept.
  std::set<std::string> must, may;
  for (const auto& id : spec["lost"]) must.insert(id.as<std::string>());
  for (const auto& id : spec["may_lose"]) may.insert(id.as<std::string>());
  for (const auto& id : must) {
    EXPECT_TRUE(lost.count(id)) << student << " should lose " << lab << ":" << id << "\n" << terminal;
  }
  for (const auto& id : lost) {
    EXPECT_TRUE(must.count(id) || may.count(id)) << student << " should not lose " << lab << ":" << id << "\n"
                                                 << terminal;
  }
}

TEST_F(SampleClass, EachStudentLosesExactlyTheExpectedTestsWithTheExpectedReason) {
  const YAML::Node expected = YAML::LoadFile(std::string(LABS_SOURCE_DIR) + "/examples/class/expected.yaml");
  const auto gradebook = read_gradebook(out_ / "gradebook.csv");
  for (const auto& entry : expected) {
    const auto student = entry.first.as<std::string>();
    if (!gradebook.count(student)) continue;  // reported by the test above
    const auto& row = gradebook.at(student);
    const std::string feedback = read_file(out_ / student / "feedback.md");
    for (const auto& lab : graded_labs(row)) {
      const YAML::Node spec = entry.second[lab];
      expect_lab_outcome(student, lab, spec, row, terminal_);
      if (!spec) continue;
      for (const auto& phrase : spec["feedback"]) {
        EXPECT_NE(feedback.find(phrase.as<std::string>()), std::string::npos)
            << student << "'s feedback.md lacks \"" << phrase.as<std::string>() << "\":\n" << feedback;
      }
    }
  }
}

TEST_F(SampleClass, TerminalGradebookShowsEveryStudentAndTheOutputDirectory) {
  const YAML::Node expected = YAML::LoadFile(std::string(LABS_SOURCE_DIR) + "/examples/class/expected.yaml");
  for (const auto& entry : expected) {
    const auto student = entry.first.as<std::string>();
    EXPECT_NE(terminal_.find(student), std::string::npos) << student << "\n" << terminal_;
  }
  EXPECT_NE(terminal_.find(out_.string()), std::string::npos) << terminal_;
}

}  // namespace
