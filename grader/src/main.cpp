// labs-grader: the command line (CLI11) over the grading pipeline: check, grade, verify-mutant.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <iostream>

#include "app_context.hpp"
#include "commands_check.hpp"
#include "commands_grade.hpp"
#include "commands_mutant.hpp"

namespace {

using namespace grader;

struct Commands {
  GlobalOptions global;
  CheckOptions check;
  GradeOptions grade;
  MutantOptions mutant;
  std::uint64_t seed = 0;
  int repeat = 0;
};

void add_global_options(CLI::App& app, Commands& c) {
  app.add_option("--course", c.global.course, "course.yaml (default ./course.yaml)");
  app.add_option("--build-info", c.global.build_info, "grader-build.json written by CMake");
  app.add_option("--work-dir", c.global.work_dir, "where per-submission builds go (default: next to --build-info)");
  app.add_option("--format", c.global.format, "output format")->check(CLI::IsMember({"text", "json"}));
  app.add_flag("--no-color", c.global.no_color, "never colour the output");
  app.add_option("--jobs,-j", c.global.jobs, "parallel jobs (default: hardware threads)")->check(CLI::NonNegativeNumber);
}

CLI::App* add_check(CLI::App& app, Commands& c) {
  CLI::App* cmd = app.add_subcommand("check", "check one submission's lab");
  cmd->add_option("lab", c.check.lab, "lab id, e.g. mutex")->required();
  cmd->add_option("--submission", c.check.submission, "submission directory (default: exercises/)");
  cmd->add_option("--only", c.check.only, "test ids to run, comma-separated");
  cmd->add_option("--config", c.check.config, "run only this build configuration");
  cmd->add_option("--seed", c.seed, "base seed (default: fixed per test)");
  cmd->add_option("--repeat", c.repeat, "iterations per test run (default: the test's repetitions)");
  cmd->add_option("--runs", c.check.runs, "run the selection N times (seeds base + k*1000) and count passes");
  return cmd;
}

CLI::App* add_grade(CLI::App& app, Commands& c) {
  CLI::App* cmd = app.add_subcommand("grade", "grade every submission (subdirectory) of a class");
  cmd->add_option("dir", c.grade.dir, "class directory (default: examples/class)");
  cmd->add_option("--out", c.grade.out, "output directory (default: grades/<DIR>-<time>)");
  cmd->add_option("--labs", c.grade.labs, "labs to grade, comma-separated (default: all)");
  return cmd;
}

CLI::App* add_mutant(CLI::App& app, Commands& c) {
  CLI::App* cmd = app.add_subcommand("verify-mutant", "check that the tests catch a known-buggy submission");
  cmd->add_option("dir", c.mutant.dir, "directory holding mutant.yaml")->required();
  cmd->add_option("--runs", c.mutant.runs, "repeat N times and count the runs that caught it");
  return cmd;
}

int dispatch(CLI::App* check, CLI::App* grade, CLI::App* mutant, Commands& c) {
  const AppContext context = load_context(c.global);
  if (check->parsed()) {
    if (check->count("--seed")) c.check.seed = c.seed;
    if (check->count("--repeat")) c.check.repeat = c.repeat;
    return run_check(context, c.check);
  }
  if (grade->parsed()) return run_grade(context, c.grade);
  if (mutant->parsed()) return run_verify_mutant(context, c.mutant);
  return kExitUsage;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"labs-grader: builds, runs and grades concurrency-lab submissions"};
  Commands c;
  add_global_options(app, c);
  app.fallthrough();  // global options may also follow the command: "check mutex --no-color"
  CLI::App* check = add_check(app, c);
  CLI::App* grade = add_grade(app, c);
  CLI::App* mutant = add_mutant(app, c);
  app.require_subcommand(1);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int status = app.exit(e);
    return status == 0 ? 0 : kExitUsage;
  }
  try {
    return dispatch(check, grade, mutant, c);
  } catch (const CourseError& e) {
    std::cerr << e.what() << "\n";
  } catch (const UsageError& e) {
    std::cerr << "error: " << e.what() << "\n";
  } catch (const BuildInfoError& e) {
    std::cerr << "error: " << e.what() << "\n";
  } catch (const std::exception& e) {
    std::cerr << "grader error: " << e.what() << "\n";
    return kExitFailed;
  }
  return kExitUsage;
}
