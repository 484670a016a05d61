// labs-grader: the command line (CLI11) over the grading pipeline: check, grade, merge, verify-mutant, ci, package, validate.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <fcntl.h>

#include <cstdlib>
#include <iostream>

#include "app_context.hpp"
#include "commands_check.hpp"
#include "commands_ci.hpp"
#include "commands_grade.hpp"
#include "commands_merge.hpp"
#include "commands_mutant.hpp"
#include "commands_package.hpp"
#include "commands_upload.hpp"
#include "commands_replay.hpp"
#include "commands_targets.hpp"
#include "commands_validate.hpp"
#include "export_formats.hpp"
#include "mutant_spec.hpp"
#include "sandbox.hpp"

namespace {

using namespace grader;

struct Commands {
  GlobalOptions global;
  CheckOptions check;
  GradeOptions grade;
  MergeOptions merge;
  MutantOptions mutant;
  CiOptions ci;
  PackageOptions package;
  ValidateOptions validate;
  ReplayOptions replay;
  std::string lab_files;
  StageUploadOptions stage_upload;
  std::uint64_t seed = 0;
  int repeat = 0;
  std::optional<bool> sandbox;  // --sandbox / --no-sandbox
  bool print_build_targets = false;
};

void add_global_options(CLI::App& app, Commands& c) {
  app.add_option("--course", c.global.course, "course.yaml (default ./course.yaml)");
  app.add_option("--build-info", c.global.build_info, "grader-build.json written by CMake");
  app.add_option("--work-dir", c.global.work_dir, "where per-submission builds go (default: next to --build-info)");
  app.add_option("--format", c.global.format, "output format: text, json, or a platform's (check)")
      ->check(CLI::IsMember(export_format_names()));
  app.add_flag("--no-color", c.global.no_color, "never colour the output");
  app.add_option("--jobs,-j", c.global.jobs, "parallel jobs (default: hardware threads)")->check(CLI::NonNegativeNumber);
  // For ./labs (hidden): parse the command line as usual, then print the CMake targets that command
  // needs instead of running it. The command's own parser reads its options, so ./labs never keeps a
  // second list of which options take a value.
  app.add_flag("--print-build-targets", c.print_build_targets, "print the CMake targets the command needs")->group("");
}

// --sandbox / --no-sandbox: run untrusted code in bubblewrap with limits (default: grade yes, check no).
void add_sandbox_flags(CLI::App* cmd, Commands& c) {
  // Callbacks, not add_flag on the optional: CLI11 assigns false to an absent "--x,!--no-x" flag, which
  // would turn grade's default (sandboxed) off.
  cmd->add_flag_callback("--sandbox", [&c] { c.sandbox = true; },
                         "build and run in the sandbox (docs/sandbox.md); default: on for grade, off for check");
  cmd->add_flag_callback("--no-sandbox", [&c] { c.sandbox = false; }, "build and run without the sandbox");
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
  cmd->add_option("--output", c.check.output, "write the result in --format to FILE, rewritten after every test");
  cmd->add_option("--budget", c.check.budget, "fit the whole run in DURATION (600, 90s, 10m): fewer repetitions, "
                  "and tests that no longer fit are reported as not run");
  cmd->add_flag("--grading", c.check.grading, "take the files of labs this lab depends on from where `grade` "
                "does (course.yaml depends_on), e.g. the reference mutex on an autograder");
  add_sandbox_flags(cmd, c);
  return cmd;
}

CLI::App* add_replay(CLI::App& app, Commands& c) {
  CLI::App* cmd = app.add_subcommand("replay", "replay one controlled-mode schedule exactly and print its trace");
  cmd->add_option("lab", c.replay.lab, "lab id, e.g. mutex")->required();
  cmd->add_option("test", c.replay.test, "test id, e.g. controlled_mutex_no_lost_wakeup")->required();
  cmd->add_option("--schedule", c.replay.schedule, "the schedule string a controlled failure printed")->required();
  cmd->add_option("--submission", c.replay.submission, "submission directory (default: exercises/)");
  add_sandbox_flags(cmd, c);
  return cmd;
}

CLI::App* add_grade(CLI::App& app, Commands& c) {
  CLI::App* cmd = app.add_subcommand("grade", "grade every submission (subdirectory) of a class");
  cmd->add_option("dir", c.grade.dir, "class directory (default: examples/class)");
  cmd->add_option("--out", c.grade.out, "output directory (default: grades/<DIR>-<time>)");
  cmd->add_option("--labs", c.grade.labs, "labs to grade, comma-separated (default: all)");
  cmd->add_flag("--resume", c.grade.resume, "continue the batch in --out: grade only submissions whose result is "
                "missing, changed (content hash) or a grader error");
  cmd->add_option("--runs", c.grade.runs, "grade each submission N times (seeds base + k*1000); a test keeps its "
                  "points only if every run passed, and feedback says \"failed K of N runs\"");
  cmd->add_option("--only", c.grade.only, "test ids to grade, comma-separated (default: every test)");
  cmd->add_option("--time-budget", c.grade.time_budget, "at most DURATION per submission and graded lab (default "
                  "30m); later tests are not run, with that reason")->capture_default_str();
  cmd->add_option("--shard", c.grade.shard, "I/N: grade only the I-th of N slices of the class (by a hash of each "
                  "submission's name); merge the shards with 'merge' (docs/slurm.md)");
  cmd->add_flag("--slurm", c.grade.slurm.enabled, "submit the class to Slurm as a job array of shards plus a merge "
                "job, and return (docs/slurm.md)");
  cmd->add_option("--array-size", c.grade.slurm.array_size, "--slurm: number of tasks (shards) (default: one per 10 "
                  "submissions)");
  cmd->add_option("--cpus-per-task", c.grade.slurm.cpus_per_task, "--slurm: CPUs per task; each task grades that "
                  "many submissions at once (default 1)");
  cmd->add_option("--partition", c.grade.slurm.partition, "--slurm: the partition to run in");
  cmd->add_option("--time", c.grade.slurm.time, "--slurm: time limit per task, as sbatch --time takes it (2:00:00)");
  add_sandbox_flags(cmd, c);
  return cmd;
}

CLI::App* add_merge(CLI::App& app, Commands& c) {
  CLI::App* cmd = app.add_subcommand("merge", "merge the outputs of 'grade --shard I/N' into one gradebook and report");
  cmd->add_option("shards", c.merge.shards, "each shard's --out directory")->required();
  cmd->add_option("--out", c.merge.out, "where the gradebook, report and student files go (default: grades/<class>-<time>)");
  return cmd;
}

CLI::App* add_mutant(CLI::App& app, Commands& c) {
  CLI::App* cmd = app.add_subcommand("verify-mutant", "check that the tests catch a known-buggy submission");
  cmd->add_option("dir", c.mutant.dir, "directory holding mutant.yaml")->required();
  cmd->add_option("--runs", c.mutant.runs, "repeat N times and count the runs that caught it");
  return cmd;
}

CLI::App* add_ci(CLI::App& app, Commands& c) {
  CLI::App* cmd = app.add_subcommand("ci", "grade a student repository in CI: JUnit, GitHub annotations and summary");
  cmd->add_option("labs", c.ci.labs, "labs to grade (default: all)");
  cmd->add_option("--submission", c.ci.submission, "submission directory (default: exercises/)");
  cmd->add_option("--junit", c.ci.junit, "JUnit XML file (default: build/ci/junit.xml)");
  cmd->add_flag("--classroom", c.ci.classroom, "also write classroom.json and the step output 'result' for GitHub Classroom");
  cmd->add_option("--budget", c.ci.budget, "fit the whole run in DURATION");
  cmd->add_option("--only", c.ci.only, "test ids to run, comma-separated");
  return cmd;
}

CLI::App* add_package(CLI::App& app, Commands& c) {
  CLI::App* cmd = app.add_subcommand("package", "build a platform's autograder archive");
  cmd->add_option("platform", c.package.platform, "gradescope (the autograder zip) or classroom (the workflow)")->required();
  cmd->add_option("out", c.package.out, "the file to write")->required();
  cmd->add_option("--lab", c.package.lab, "the lab the assignment grades (default: the course's only lab)");
  return cmd;
}

CLI::App* add_validate(CLI::App& app, Commands& c) {
  CLI::App* cmd = app.add_subcommand("validate", "check a results file against its platform's rules, or the course "
                                                  "(validate course: course.yaml against the compiled tests)");
  cmd->add_option("format", c.validate.format, "gradescope, classroom, prairielearn, autolab, or course")->required();
  cmd->add_option("file", c.validate.file, "the results file (not for course: use --course)");
  return cmd;
}

CLI::App* add_lab_files(CLI::App& app, Commands& c) {
  CLI::App* cmd = app.add_subcommand("lab-files", "print a lab's student files, one per line");
  cmd->add_option("lab", c.lab_files, "lab id")->required();
  return cmd;
}

CLI::App* add_stage_upload(CLI::App& app, Commands& c) {
  CLI::App* cmd = app.add_subcommand("stage-upload", "copy a lab's files from a platform's upload into a submission");
  cmd->add_option("lab", c.stage_upload.lab, "lab id")->required();
  cmd->add_option("from", c.stage_upload.from, "the upload (files at its top, in LAB/ or in exercises/LAB/)")->required();
  cmd->add_option("to", c.stage_upload.to, "the submission directory to write (TO/LAB/...)")->required();
  return cmd;
}

struct Subcommands {
  CLI::App* check;
  CLI::App* grade;
  CLI::App* mutant;
  CLI::App* ci;
  CLI::App* package;
  CLI::App* validate;
  CLI::App* lab_files;
  CLI::App* stage_upload;
  CLI::App* replay;
  CLI::App* merge;
};

// --print-build-targets: the labs the parsed command works on, as build_targets() takes them; nullopt for a
// command that needs only the grader (merge, validate, package, ...).
std::optional<TargetsOptions> command_labs(const Subcommands& s, const Commands& c, const AppContext& context) {
  TargetsOptions targets;
  if (s.check->parsed()) {
    targets.labs = {c.check.lab};
  } else if (s.replay->parsed()) {
    targets.labs = {c.replay.lab};
  } else if (s.mutant->parsed()) {
    targets.labs = {load_mutant_spec(c.mutant.dir / "mutant.yaml", context.course).lab};
  } else if (s.ci->parsed()) {
    targets.labs = c.ci.labs;
  } else if (s.grade->parsed()) {
    targets.class_dir = c.grade.dir.empty() ? default_class_dir(context.course) : c.grade.dir;
    targets.only_labs = c.grade.labs;
  } else {
    return std::nullopt;
  }
  return targets;
}

int dispatch(const Subcommands& s, Commands& c) {
  // A results file needs no course: it is checked where the course may be broken.
  if (s.validate->parsed() && c.validate.format != "course" && !c.print_build_targets) return run_validate(c.validate);
  const AppContext context = load_context(c.global);
  if (c.print_build_targets) return run_build_targets(context, command_labs(s, c, context));
  if (s.validate->parsed()) return run_validate_course(context);
  set_sandbox_choice(c.sandbox);
  if (s.ci->parsed()) return run_ci(context, c.ci);
  if (s.package->parsed()) return run_package(context, c.package);
  if (s.lab_files->parsed()) return run_lab_files(context, c.lab_files);
  if (s.stage_upload->parsed()) return run_stage_upload(context, c.stage_upload);
  if (s.check->parsed()) {
    if (s.check->count("--seed")) c.check.seed = c.seed;
    if (s.check->count("--repeat")) c.check.repeat = c.repeat;
    return run_check(context, c.check);
  }
  if (context.format != "text" && context.format != "json") {
    throw UsageError(fmt::format("--format {} applies to check (use ci for GitHub Actions)", context.format));
  }
  if (s.replay->parsed()) return run_replay(context, c.replay);
  if (s.grade->parsed()) return run_grade(context, c.grade);
  if (s.merge->parsed()) return run_merge(context, c.merge);
  if (s.mutant->parsed()) return run_verify_mutant(context, c.mutant);
  return kExitUsage;
}

// ./labs holds its build-directory lock (shared) on the descriptor LABS_LOCK_FD for as long as the grader
// runs; the lock must end with the grader, not live on in a test process a submission left behind.
void keep_lock_from_children() {
  const char* fd = std::getenv("LABS_LOCK_FD");
  if (fd == nullptr || *fd == '\0') return;
  char* end = nullptr;
  const long n = std::strtol(fd, &end, 10);
  if (*end == '\0' && n > 2) ::fcntl(static_cast<int>(n), F_SETFD, FD_CLOEXEC);
}

}  // namespace

int main(int argc, char** argv) {
  keep_lock_from_children();
  CLI::App app{"labs-grader: builds, runs and grades concurrency-lab submissions"};
  // Through ./labs, usage lines name the command the user typed ("./labs check [OPTIONS] lab").
  if (const char* invoker = std::getenv("LABS_COMMAND"); invoker != nullptr && *invoker != '\0') app.name(invoker);
  Commands c;
  add_global_options(app, c);
  app.fallthrough();  // global options may also follow the command: "check mutex --no-color"
  const Subcommands subcommands{add_check(app, c), add_grade(app, c), add_mutant(app, c),
                                add_ci(app, c),    add_package(app, c), add_validate(app, c), add_lab_files(app, c),
                                add_stage_upload(app, c), add_replay(app, c), add_merge(app, c)};
  app.require_subcommand(1);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int status = app.exit(e);
    return status == 0 ? 0 : kExitUsage;
  }
  try {
    return dispatch(subcommands, c);
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
