// Per-submission builds with ninja and the extraction of the first error a student should fix.
#include "build.hpp"

#include <fmt/format.h>

#include <regex>
#include <sstream>

#include "ninja_file.hpp"
#include "runner.hpp"
#include "staging.hpp"

namespace grader {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kLogCap = 48 * 1024;
constexpr std::chrono::minutes kBuildTimeout{10};

NinjaPlan make_plan(const BuildRequest& req) {
  NinjaPlan plan;
  plan.compiler = req.info->compiler;
  plan.gtest_library = req.info->gtest_library;
  plan.include_dirs = req.include_dirs;
  for (const auto& src : req.student_sources) {
    plan.sources.push_back({req.stage_root / src, "obj/" + src + ".o"});
  }
  plan.sources.push_back({req.info->adapter(req.lab->id), "obj/adapter/adapter.cpp.o"});
  for (const auto& name : req.configs) {
    const ConfigBuild& config = req.info->config(name);
    auto lib = config.test_libraries.find(req.lab->id);
    if (lib == config.test_libraries.end()) {
      throw BuildInfoError(fmt::format("the build description has no test library for lab '{}' in '{}'", req.lab->id, name));
    }
    plan.configs.push_back({name, config.compile_flags, config.link_flags, lib->second, config.harness_library});
  }
  return plan;
}

std::vector<std::string> ninja_args(const BuildRequest& req) {
  std::vector<std::string> args{"-C", req.build_dir.string(), "-k", "0"};
  if (req.jobs > 0) args.push_back("-j" + std::to_string(req.jobs));
  for (const auto& config : req.configs) args.push_back(test_binary(config));
  return args;
}

std::string rewrite_paths(std::string log, const BuildRequest& req) {
  log = StageMap(req.stage_root).rewrite(std::move(log));
  const std::string source_dir = req.info->source_dir.string() + "/";
  for (std::size_t pos; (pos = log.find(source_dir)) != std::string::npos;) log.erase(pos, source_dir.size());
  return log;
}

}  // namespace

std::set<std::string> failed_configs(std::string_view ninja_log) {
  std::set<std::string> failed;
  std::istringstream in{std::string(ninja_log)};
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("FAILED: ", 0) != 0) continue;
    const std::string target = line.substr(8);
    failed.insert(target.substr(0, target.find('/')));
  }
  return failed;
}

std::string first_failure_output(std::string_view ninja_log) {
  std::istringstream in{std::string(ninja_log)};
  std::string out;
  bool inside = false;
  bool command_next = false;
  for (std::string line; std::getline(in, line);) {
    const bool progress = line.rfind("[", 0) == 0 || line.rfind("ninja: ", 0) == 0;
    if (line.rfind("FAILED: ", 0) == 0) {
      if (inside) break;
      inside = command_next = true;
      continue;
    }
    if (!inside) continue;
    if (progress) break;
    if (command_next) {
      command_next = false;  // the compiler command line: noise for a student
      continue;
    }
    out += line + "\n";
  }
  return out;
}

BuildError first_build_error(std::string_view log, const std::set<std::string>& student_files) {
  static const std::regex compile_error(R"(^(\S+?):(\d+):(?:\d+:)? (?:fatal )?error: (.*)$)");
  static const std::regex link_error(R"((undefined reference to .*|multiple definition of .*))");
  std::istringstream in{std::string(log)};
  BuildError first, first_student, first_link;
  std::smatch m;
  for (std::string line; std::getline(in, line);) {
    if (std::regex_match(line, m, compile_error)) {
      BuildError e{fmt::format("{}:{}: error: {}", m[1].str(), m[2].str(), m[3].str()), m[1], std::stoi(m[2])};
      if (student_files.count(e.file) && first_student.message.empty()) first_student = e;
      if (first.message.empty()) first = e;
    } else if (first_link.message.empty() && std::regex_search(line, m, link_error)) {
      first_link.message = "link error: " + m[1].str();
    }
  }
  if (!first_student.message.empty()) return first_student;
  if (!first.message.empty()) {
    if (!student_files.count(first.file)) first.file.clear(), first.line = 0;
    return first;
  }
  return first_link;
}

BuildOutcome build_lab(const BuildRequest& req) {
  fs::create_directories(req.build_dir);
  write_if_changed(req.build_dir / "build.ninja", make_build_ninja(make_plan(req)));
  auto env = inherited_environment();
  env["LC_ALL"] = "C";  // plain ASCII quotes in compiler messages, the same for every student
  RunRequest run{"/usr/bin/env", {"ninja"}, req.build_dir, std::move(env), kBuildTimeout, kLogCap, {}};
  const auto args = ninja_args(req);
  run.args.insert(run.args.end(), args.begin(), args.end());
  const RunOutcome ran = run_process(run);

  BuildOutcome outcome;
  outcome.log = rewrite_paths(ran.output, req);
  if (!ran.started || ran.timed_out || ran.signal != 0) {
    outcome.internal_error = ran.started ? "ninja did not finish" : ran.start_error;
  }
  const std::set<std::string> failed = failed_configs(ran.output);
  if (ran.exit_code != 0 && failed.empty() && outcome.internal_error.empty()) {
    outcome.internal_error = "ninja failed: " + outcome.log.substr(0, outcome.log.find('\n'));
  }
  std::set<std::string> student_files(req.student_sources.begin(), req.student_sources.end());
  for (const auto& f : req.lab->files) student_files.insert(req.lab->id + "/" + f);
  for (const auto& name : req.configs) {
    ConfigBinary& bin = outcome.configs[name];
    bin.binary = req.build_dir / test_binary(name);
    bin.ok = outcome.internal_error.empty() && !failed.count(name);
    for (const auto& src : req.student_sources) bin.student_objects.push_back(req.build_dir / name / ("obj/" + src + ".o"));
  }
  if (ran.exit_code != 0) outcome.first_error = first_build_error(outcome.log, student_files);
  return outcome;
}

}  // namespace grader
