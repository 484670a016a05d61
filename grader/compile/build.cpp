// Per-submission builds with ninja and the extraction of the first error a student should fix.
#include "build.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <regex>
#include <sstream>

#include "ninja_file.hpp"
#include "object_cache.hpp"
#include "runner.hpp"
#include "staging.hpp"
#include "text_files.hpp"
#include "tool_output.hpp"

namespace grader {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kLogCap = 48 * 1024;
constexpr std::chrono::minutes kBuildTimeout{10};
constexpr std::chrono::seconds kCompilerCpu{120};          // per compiler process (a template bomb)
constexpr std::size_t kCompilerAddressSpace = std::size_t{2} << 30;  // a test TU needs ~0.5 GB

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
    // The same object for every submission with the same files (ObjectCache): no path of this one in it.
    plan.configs.back().compile_flags.push_back(fmt::format("-ffile-prefix-map={}={}", req.stage_root.string(), kObjectStageRoot));
    plan.configs.back().compile_flags.push_back(fmt::format("-ffile-prefix-map={}={}", req.build_dir.string(), kObjectBuildRoot));
  }
  return plan;
}

std::vector<std::string> ninja_args(const BuildRequest& req) {
  std::vector<std::string> args{"-C", req.build_dir.string(), "-k", "0"};
  if (req.jobs > 0) args.push_back("-j" + std::to_string(req.jobs));
  for (const auto& config : req.configs) args.push_back(test_binary(config));
  return args;
}

// Absolute directories of -I/-isystem flags (the harness headers): the compiler must see them.
void add_flag_dirs(const std::vector<std::string>& flags, std::set<fs::path>& dirs) {
  for (std::size_t i = 0; i < flags.size(); ++i) {
    for (const std::string prefix : {"-I", "-isystem"}) {
      if (flags[i].rfind(prefix, 0) != 0) continue;
      std::string dir = flags[i].substr(prefix.size());
      if (dir.empty() && i + 1 < flags.size()) dir = flags[i + 1];
      if (!dir.empty() && dir.front() == '/') dirs.insert(dir);
    }
  }
}

// The headers beside the adapter (its "lock_api.hpp"), but not the graded tests' sources in that directory.
void add_adapter_headers(const fs::path& dir, std::set<fs::path>& paths) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const auto ext = entry.path().extension();
    if (ext == ".hpp" || ext == ".h") paths.insert(entry.path());
  }
}

std::string exhausted_message() {
  return fmt::format("the compiler ran out of time/memory (limits: {} s CPU and {} MB per compiler process); "
                     "look for recursive includes or templates that instantiate without end",
                     kCompilerCpu.count(), kCompilerAddressSpace >> 20);
}

std::string rewrite_paths(std::string log, const BuildRequest& req) {
  log = StageMap(req.stage_root).rewrite(std::move(log));
  const std::string source_dir = req.info->source_dir.string() + "/";
  for (std::size_t pos; (pos = log.find(source_dir)) != std::string::npos;) log.erase(pos, source_dir.size());
  return log;
}

// The student-facing text of a linker error line, in GNU ld's words whichever linker ran: mold's
// "undefined symbol: f()" and "duplicate symbol: a.o: b.o: f()" read as ld's "undefined reference to
// `f()'" and "multiple definition of `f()'". Empty when the line is no such error.
std::string link_error_text(const std::string& line) {
  static const std::regex gnu(R"((undefined reference to .*|multiple definition of .*))");
  static const std::regex undefined(R"((?:mold|ld\.lld): error: undefined symbol: (.*)$)");
  static const std::regex duplicate(R"((?:mold|ld\.lld): error: duplicate symbol: (?:\S+: )*(.*)$)");
  std::smatch m;
  if (std::regex_search(line, m, gnu)) return m[1].str();
  if (std::regex_search(line, m, undefined)) return fmt::format("undefined reference to `{}'", m[1].str());
  if (std::regex_search(line, m, duplicate)) return fmt::format("multiple definition of `{}'", m[1].str());
  return "";
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
  std::istringstream in{std::string(log)};
  BuildError first, first_student, first_link;
  std::smatch m;
  for (std::string line; std::getline(in, line);) {
    if (std::regex_match(line, m, compile_error)) {
      BuildError e{fmt::format("{}:{}: error: {}", m[1].str(), m[2].str(), m[3].str()), m[1], std::stoi(m[2])};
      if (student_files.count(e.file) && first_student.message.empty()) first_student = e;
      if (first.message.empty()) first = e;
    } else if (first_link.message.empty()) {
      if (std::string text = link_error_text(line); !text.empty()) first_link.message = "link error: " + text;
    }
  }
  if (!first_student.message.empty()) return first_student;
  if (!first.message.empty()) {
    if (!student_files.count(first.file)) first.file.clear(), first.line = 0;
    return first;
  }
  return first_link;
}

std::string our_link_failure(std::string_view log) {
  static const std::regex unusable_input(
      R"(^\S*ld(?:\.\w+)?: (?:cannot find .*|.*: (?:file format not recognized|file truncated|archive has no index|malformed archive|error adding symbols|could not read symbols).*)$)");
  static const std::regex in_function(R"(^\S*ld(?:\.\w+)?: (\S+): in function)");
  static const std::regex ours_undefined(R"(undefined reference to `(?:harness|testing)::)");
  // mold's words for the same: "mold: fatal: cannot open X", an archive it reads as a broken linker script
  // ("mold: fatal: X.a:1: ..."), and an undefined symbol followed by ">>> ... lib.a(member.o)" lines.
  static const std::regex mold_unusable_input(R"(^mold: fatal: (?:cannot open .*|\S+\.a:\d+: .*)$)");
  static const std::regex mold_ours_undefined(R"(^mold: error: undefined symbol: (?:harness|testing)::)");
  std::istringstream in{std::string(log)};
  bool in_our_archive = false;  // the object of the latest "in function" line is a member of one of our .a
  std::string mold_undefined;   // the latest mold "undefined symbol" line naming one of our namespaces
  std::smatch m;
  for (std::string line; std::getline(in, line);) {
    if (std::regex_match(line, unusable_input) || std::regex_match(line, mold_unusable_input)) return line;
    if (std::regex_search(line, m, in_function)) {
      in_our_archive = m[1].str().find(".a(") != std::string::npos;
    } else if (in_our_archive && std::regex_search(line, ours_undefined)) {
      return line;
    } else if (std::regex_search(line, mold_ours_undefined)) {
      mold_undefined = line;
    } else if (!mold_undefined.empty() && line.starts_with(">>>")) {
      if (line.find(".a(") != std::string::npos) return mold_undefined;
    } else {
      mold_undefined.clear();
    }
  }
  return {};
}

std::string disk_full_failure(std::string_view log, std::string_view submission_text) {
  // ENOSPC and EDQUOT in each tool's words (LC_ALL=C). The compiler's line starts with the student's file,
  // but only a real write failure ends in the errno text: an #include of such a name ends in "No such file".
  static const std::regex full(
      R"(^(?:)"
      R"((?:\S*/)?(?:ld(?:\.\w+)?|ar|ranlib|as|ninja|collect2|cc1plus|cc1|g\+\+(?:-\d+)?|clang\+\+(?:-\d+)?): .*|)"
      R"(\S+\.s: Fatal error: can't write .*|\{standard input\}: Fatal error: can't write .*|)"
      R"(\S+:\d+:\d+: fatal error: error (?:writing to|closing) \S+: .*)"
      R"()(?:No space left on device|Disk quota exceeded)'?$)");
  static const std::regex mold_full(R"(^mold: (?:fatal: )?failed to write to an output file\. Disk full\?$)");
  std::istringstream in{std::string(log)};
  for (std::string line; std::getline(in, line);) {
    if (!std::regex_match(line, full) && !std::regex_match(line, mold_full)) continue;
    // Clang quotes the offending source line as it is: a line of the submission is not a tool's word.
    if (!submission_text.empty() && submission_text.find(line) != std::string_view::npos) continue;
    return line;
  }
  return {};
}

Isolation build_isolation(const BuildRequest& req) {
  Isolation isolation;
  isolation.sandbox = true;
  std::set<fs::path> read_only{req.stage_root, req.info->adapter(req.lab->id)};
  add_adapter_headers(req.info->adapter(req.lab->id).parent_path(), read_only);
  for (const auto& name : req.configs) {
    const ConfigBuild& config = req.info->config(name);
    add_flag_dirs(config.compile_flags, read_only);
    read_only.insert(config.harness_library);
    if (auto lib = config.test_libraries.find(req.lab->id); lib != config.test_libraries.end()) read_only.insert(lib->second);
  }
  read_only.insert(req.info->gtest_library);
  isolation.mounts.read_only.assign(read_only.begin(), read_only.end());
  isolation.mounts.writable = {req.build_dir};
  isolation.mounts.tmp_size = std::size_t{512} << 20;  // the compiler's temporary files
  ResourceLimits& limits = isolation.limits;
  limits.cpu = kCompilerCpu;
  limits.address_space = kCompilerAddressSpace;
  limits.file_size = std::size_t{1} << 30;  // test binaries of sanitizer builds are large
  limits.memory = std::size_t{6} << 30;     // the whole build (ninja runs several compilers)
  limits.tasks = 256;
  return isolation;
}

bool compiler_exhausted(std::string_view log) {
  for (std::string_view marker : {"Killed signal terminated program", "virtual memory exhausted",
                                  "out of memory allocating", "CPU time limit exceeded", "Cannot allocate memory",
                                  "std::bad_alloc"}) {
    if (log.find(marker) != std::string_view::npos) return true;
  }
  return false;
}

namespace {

// One object of this build as the cache sees it: "plain/obj/mutex/locks.cpp.o" -> its base key.
using ObjectBases = std::map<std::string, std::string>;

// digest_tree() of a harness header directory, once per grader process: a batch builds hundreds of
// submissions against the same headers, which cannot change while it runs (./labs holds the build
// directory's shared lock, so nobody rebuilds the framework under a running grader).
std::string memoized_digest_tree(const fs::path& dir) {
  static std::mutex mutex;
  static std::map<fs::path, std::string> digests;
  const std::lock_guard lock(mutex);
  if (auto known = digests.find(dir); known != digests.end()) return known->second;
  return digests.emplace(dir, digest_tree(dir)).first->second;  // (nothing stored if it throws)
}

// What every object of this build includes besides the submission: the harness headers of the flags and
// the headers beside the adapter.
std::string harness_digest(const NinjaPlan& plan) {
  std::set<fs::path> dirs{plan.sources.back().source.parent_path()};
  for (const auto& config : plan.configs) add_flag_dirs(config.compile_flags, dirs);
  std::string digests;
  for (const auto& dir : dirs) digests += dir.string() + "=" + memoized_digest_tree(dir) + "\n";
  return digests;
}

ObjectBases object_bases(const BuildRequest& req, const NinjaPlan& plan) {
  ObjectBases bases;
  const std::string harness = harness_digest(plan);
  const std::string compiler = compiler_identity(req.info->compiler);
  const StageMap stage(req.stage_root);
  for (const auto& config : plan.configs) {
    for (const auto& src : plan.sources) {
      const ObjectKeyInputs in{compiler, config.name, req.info->config(config.name).compile_flags,
                               stage.to_submission(src.source.string()).value_or(src.source.string()), src.source,
                               req.include_dirs, harness};
      bases[config.name + "/" + src.object] = base_key(in);
    }
  }
  return bases;
}

// Copies in what the cache holds (prebuilt) and removes the rest, so that ninja compiles every object the
// cache did not supply, whatever this build directory held before.
void fetch_objects(const BuildRequest& req, const ObjectBases& bases, NinjaPlan& plan) {
  const ObjectCache cache(req.object_cache);
  for (const auto& [object, base] : bases) {
    const auto reads = cache.reads_of(base);
    if (reads && cache.fetch(object_key(base, req.stage_root, *reads), req.build_dir / object)) {
      plan.prebuilt.insert(object);
    } else {
      fs::remove(req.build_dir / object);
    }
  }
}

// The submission files each object's compile read ("mutex/locks.hpp"), from ninja's record of the
// depfiles: `ninja -t deps` prints "OBJECT: #deps N, ..." and then one indented path per line.
std::map<std::string, std::vector<std::string>> submission_reads(const BuildRequest& req,
                                                                 const std::vector<std::string>& objects) {
  std::vector<std::string> args{"-C", req.build_dir.string(), "-t", "deps"};
  args.insert(args.end(), objects.begin(), objects.end());
  std::istringstream out(tool_output("ninja", args, "read which files each object was compiled from"));
  const StageMap stage(req.stage_root);
  std::map<std::string, std::vector<std::string>> reads;
  std::vector<std::string>* current = nullptr;
  for (std::string line; std::getline(out, line);) {
    if (line.empty()) continue;
    if (line.front() != ' ') {
      current = &reads[line.substr(0, line.find(": #deps"))];
    } else if (current != nullptr) {
      if (auto rel = stage.to_submission(line.substr(line.find_first_not_of(' ')))) current->push_back(*rel);
    }
  }
  for (auto& [object, files] : reads) std::sort(files.begin(), files.end());
  return reads;
}

// Stores every object compiled in a configuration that built, with the files its compile read.
void store_objects(const BuildRequest& req, const ObjectBases& bases, const NinjaPlan& plan, const BuildOutcome& built) {
  std::vector<std::string> compiled;
  for (const auto& [object, base] : bases) {
    const auto bin = built.configs.find(object.substr(0, object.find('/')));
    if (bin != built.configs.end() && bin->second.ok && !plan.prebuilt.count(object)) compiled.push_back(object);
  }
  if (compiled.empty()) return;
  std::map<std::string, std::vector<std::string>> reads;
  try {
    reads = submission_reads(req, compiled);
  } catch (const std::exception&) {
    return;  // nothing stored: the next build compiles again
  }
  const ObjectCache cache(req.object_cache);
  for (const auto& object : compiled) {
    const auto read = reads.find(object);
    if (read == reads.end()) continue;
    const std::string& base = bases.at(object);
    cache.store(object_key(base, req.stage_root, read->second), req.build_dir / object);
    cache.store_reads(base, read->second);
  }
}

// Every staged file of the submission, concatenated (up to a few MiB): what a compiler could quote.
std::string submission_text(const fs::path& stage_root) {
  constexpr std::size_t kCap = std::size_t{4} << 20;
  std::string text;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(stage_root, ec), end; !ec && it != end && text.size() < kCap; it.increment(ec)) {
    if (it->is_regular_file(ec) && !it->is_symlink(ec)) text += read_file_text(it->path()) + "\n";
  }
  return text;
}

// The test binary each configuration would have: a build that ends early still names them.
void name_binaries(const BuildRequest& req, BuildOutcome& outcome) {
  for (const auto& name : req.configs) outcome.configs[name].binary = req.build_dir / test_binary(name);
}

// Runs ninja (in the sandbox when asked) and reads what it printed.
BuildOutcome run_build(const BuildRequest& req) {
  // In the sandbox the compiler gets a small fixed environment; else the grader's (ccache and the like).
  auto env = req.sandbox ? base_environment() : inherited_environment();
  env["LC_ALL"] = "C";  // plain ASCII quotes in compiler messages, the same for every student
  RunRequest run;
  run.program = "/usr/bin/env";
  run.args = {"ninja"};
  run.cwd = req.build_dir;
  run.env = std::move(env);
  run.timeout = kBuildTimeout;
  run.output_cap = kLogCap;
  const auto args = ninja_args(req);
  run.args.insert(run.args.end(), args.begin(), args.end());
  if (req.sandbox) run.isolation = build_isolation(req);
  const RunOutcome ran = run_process(run);

  BuildOutcome outcome;
  outcome.log = rewrite_paths(ran.output, req);
  // A full disk is the machine's, whatever else the log shows: a grader error that `grade --resume` retries.
  // (The submission is read only when the log already names a full disk: the check is on every build.)
  std::string full = disk_full_failure(ran.output);
  if (!full.empty()) full = disk_full_failure(ran.output, submission_text(req.stage_root));
  if (!full.empty()) {
    outcome.internal_error = "the disk is full (free some space and run again): " + full;
    name_binaries(req, outcome);
    return outcome;
  }
  // In the sandbox, a build killed at its limits is the submission's doing (a compile-time bomb).
  const bool bomb = req.sandbox && (compiler_exhausted(ran.output) || !ran.limit_reason.empty() || ran.timed_out);
  if (bomb) {
    outcome.first_error.message = exhausted_message();
    name_binaries(req, outcome);
    return outcome;
  }
  if (!ran.started || ran.timed_out || ran.signal != 0) {
    outcome.internal_error = ran.started ? "ninja did not finish" : ran.start_error;
  }
  const std::set<std::string> failed = failed_configs(ran.output);
  if (ran.exit_code != 0 && failed.empty() && outcome.internal_error.empty()) {
    outcome.internal_error = "ninja failed: " + outcome.log.substr(0, outcome.log.find('\n'));
  }
  std::set<std::string> student_files(req.student_sources.begin(), req.student_sources.end());
  for (const auto& f : req.lab->files) student_files.insert(req.lab->id + "/" + f);
  if (ran.exit_code != 0 && outcome.internal_error.empty() && first_build_error(outcome.log, student_files).file.empty()) {
    if (const std::string ours = our_link_failure(outcome.log); !ours.empty()) outcome.internal_error = "link failed on our side: " + ours;
  }
  for (const auto& name : req.configs) {
    ConfigBinary& bin = outcome.configs[name];
    bin.binary = req.build_dir / test_binary(name);
    bin.ok = outcome.internal_error.empty() && !failed.count(name);
    for (const auto& src : req.student_sources) bin.student_objects.push_back(req.build_dir / name / ("obj/" + src + ".o"));
  }
  if (ran.exit_code != 0) outcome.first_error = first_build_error(outcome.log, student_files);
  return outcome;
}

}  // namespace

BuildOutcome build_lab(const BuildRequest& req) {
  fs::create_directories(req.build_dir);
  NinjaPlan plan = make_plan(req);
  ObjectBases bases;
  if (!req.object_cache.empty()) {
    bases = object_bases(req, plan);
    fetch_objects(req, bases, plan);
  }
  write_if_changed(req.build_dir / "build.ninja", make_build_ninja(plan));
  BuildOutcome outcome = run_build(req);
  if (!req.object_cache.empty() && outcome.internal_error.empty() && outcome.first_error.message.empty()) {
    store_objects(req, bases, plan, outcome);
  }
  return outcome;
}

}  // namespace grader
