// Tests of the sandbox: the bwrap command line, what a sandboxed process can see and do, and the limits.
#include "sandbox.hpp"

#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "object_checks.hpp"
#include "runner.hpp"
#include "staging.hpp"
#include "text_files.hpp"

namespace grader {
namespace {

namespace fs = std::filesystem;

// A fresh directory below the system's temporary directory (removed by the destructor).
struct TempDir {
  fs::path path;
  // The pid keeps ctest's parallel processes (one per parameter) out of each other's directories.
  explicit TempDir(const std::string& name)
      : path(fs::temp_directory_path() / ("labs-sandbox-test-" + name + "-" + std::to_string(::getpid()))) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
};

Isolation sandboxed(const fs::path& run_dir) {
  Isolation i;
  i.sandbox = true;
  i.mounts.writable = {run_dir};
  i.limits.cpu = std::chrono::seconds(60);
  i.limits.watched_dirs = {run_dir};
  return i;
}

RunRequest sh(const std::string& script, const fs::path& cwd, std::optional<Isolation> isolation,
              std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
  RunRequest r;
  r.program = "/bin/sh";
  r.args = {"-c", script};
  r.cwd = cwd;
  r.env = base_environment();
  r.timeout = timeout;
  r.isolation = std::move(isolation);
  return r;
}

bool has_sequence(const std::vector<std::string>& args, const std::vector<std::string>& seq) {
  return std::search(args.begin(), args.end(), seq.begin(), seq.end()) != args.end();
}

// Processes whose command line contains `marker` (other than this test process).
int processes_with(const std::string& marker) {
  int found = 0;
  for (const auto& entry : fs::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::string cmdline = read_file_text(entry.path() / "cmdline");
    std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
    if (cmdline.find(marker) != std::string::npos && std::stoi(name) != ::getpid()) ++found;
  }
  return found;
}

#define REQUIRE_BWRAP()                                                                    \
  if (!sandbox_support().available) GTEST_SKIP() << sandbox_support().warning

TEST(Sandbox, CommandLineIsolatesEverything) {
  SandboxSpec spec;
  spec.read_only = {"/w/build/plain/tests"};
  spec.writable = {"/w/runs/t1"};
  spec.tmp_size = 1024;
  const auto a = bwrap_arguments(spec, "/w/build/plain/tests", {"--gtest_filter=X"}, {{"A", "1"}}, "/w/runs/t1");
  for (const char* flag : {"--unshare-all", "--die-with-parent", "--new-session", "--clearenv"}) {
    EXPECT_NE(std::find(a.begin(), a.end(), flag), a.end()) << flag;
  }
  EXPECT_TRUE(has_sequence(a, {"--uid", "65534", "--gid", "65534"}));
  EXPECT_TRUE(has_sequence(a, {"--size", "1024", "--tmpfs", "/tmp"}));
  EXPECT_TRUE(has_sequence(a, {"--ro-bind", "/usr", "/usr"}));
  EXPECT_TRUE(has_sequence(a, {"--ro-bind", "/w/build/plain/tests", "/w/build/plain/tests"}));
  EXPECT_TRUE(has_sequence(a, {"--bind", "/w/runs/t1", "/w/runs/t1"}));
  EXPECT_TRUE(has_sequence(a, {"--setenv", "A", "1"}));
  EXPECT_TRUE(has_sequence(a, {"--chdir", "/w/runs/t1", "--", "/w/build/plain/tests", "--gtest_filter=X"}));
  // The repository itself is never bound: only the system and what the spec names.
  EXPECT_FALSE(has_sequence(a, {"--ro-bind", "/", "/"}));
}

TEST(Sandbox, BwrapSignalStatus) {
  EXPECT_EQ(signal_from_bwrap_status(139), SIGSEGV);
  EXPECT_EQ(signal_from_bwrap_status(137), SIGKILL);
  EXPECT_EQ(signal_from_bwrap_status(1), 0);
  EXPECT_EQ(signal_from_bwrap_status(66), 0);
}

TEST(Sandbox, HidesTheRepositoryAndOtherDirectories) {
  REQUIRE_BWRAP();
  TempDir run("hide");
  TempDir outside("outside");
  const std::string solution = std::string(LABS_SOURCE_DIR) + "/solutions/mutex/locks.cpp";
  const RunOutcome r = run_process(sh("cat " + solution + " && echo READ-SOLUTION; ls " + std::string(LABS_SOURCE_DIR) +
                                          "/tests && echo LISTED-TESTS; echo x > " + (outside.path / "sentinel").string() +
                                          "; echo data > result.txt; echo t > /tmp/t; id -u; cat /proc/self/net/dev | wc -l",
                                      run.path, sandboxed(run.path)));
  ASSERT_TRUE(r.started) << r.start_error;
  EXPECT_EQ(r.output.find("READ-SOLUTION"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("LISTED-TESTS"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(outside.path / "sentinel"));
  EXPECT_TRUE(fs::exists(run.path / "result.txt"));  // the run directory is the one writable place
  EXPECT_FALSE(fs::exists("/tmp/t") && read_file_text("/tmp/t") == "t\n");
  EXPECT_NE(r.output.find("65534\n"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("\n3\n"), std::string::npos) << "only the loopback interface: " << r.output;
  EXPECT_EQ(r.isolation, "sandbox, cgroup");
}

TEST(Sandbox, EnvironmentIsExactlyTheRequested) {
  REQUIRE_BWRAP();
  TempDir run("env");
  RunRequest req = sh("env", run.path, sandboxed(run.path));
  req.env = {{"PATH", "/usr/bin:/bin"}, {"ONLY_THIS", "yes"}};
  const RunOutcome r = run_process(req);
  EXPECT_NE(r.output.find("ONLY_THIS=yes"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("HOME="), std::string::npos) << r.output;
}

TEST(Sandbox, CrashKeepsItsSignal) {
  REQUIRE_BWRAP();
  TempDir run("crash");
  const RunOutcome r = run_process(sh("kill -SEGV $$", run.path, sandboxed(run.path)));
  EXPECT_EQ(r.signal, SIGSEGV);
  EXPECT_EQ(r.exit_code, -1);
}

TEST(Sandbox, NothingOutlivesTheRun) {
  REQUIRE_BWRAP();
  TempDir run("detached");
  const std::string marker = "4242.17";
  const RunOutcome r = run_process(sh("setsid sleep " + marker + " & (sleep " + marker + " &) ; echo started",
                                      run.path, sandboxed(run.path)));
  EXPECT_NE(r.output.find("started"), std::string::npos);
  EXPECT_EQ(processes_with("sleep " + marker), 0);
}

TEST(Sandbox, TimeoutKillsTheWholeSandbox) {
  REQUIRE_BWRAP();
  TempDir run("timeout");
  const std::string marker = "4243.17";
  const RunOutcome r = run_process(sh("setsid sleep " + marker + " & sleep " + marker, run.path, sandboxed(run.path),
                                      std::chrono::milliseconds(500)));
  EXPECT_TRUE(r.timed_out);
  EXPECT_EQ(processes_with("sleep " + marker), 0);
}

// The limits hold with and without bubblewrap (sandbox false: limits and process group only). Each test
// gets its own run directory, named after it, and the isolation of its parameter.
class Limits : public ::testing::TestWithParam<bool> {
 protected:
  Limits() : run(run_dir_name()), isolation(sandboxed(run.path)) { isolation.sandbox = GetParam(); }

  TempDir run;
  Isolation isolation;

 private:
  static std::string run_dir_name() {
    std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::replace(name.begin(), name.end(), '/', '-');
    return name;
  }
};

TEST_P(Limits, MemoryOfAllProcessesTogether) {
  isolation.limits.memory = 64u << 20;
  // tail keeps a line without end in memory: it grows until something stops it.
  const RunOutcome r = run_process(sh("head -c 1000000000 /dev/zero | tail -n 1 >/dev/null", run.path, isolation));
  EXPECT_FALSE(r.timed_out);
  EXPECT_NE(r.limit_reason.find("more than 64 MB of memory"), std::string::npos) << r.limit_reason << r.output;
}

TEST_P(Limits, ProcessesAndThreads) {
  isolation.limits.tasks = 16;
  const std::string marker = GetParam() ? "4244.17" : "4244.18";  // each parameter runs in its own process
  const RunOutcome r = run_process(
      sh("i=0; while [ $i -lt 40 ]; do sleep " + marker + " & i=$((i+1)); done; wait", run.path, isolation));
  EXPECT_FALSE(r.timed_out);
  EXPECT_NE(r.limit_reason.find("more than 16 processes"), std::string::npos) << r.limit_reason << r.output;
  EXPECT_EQ(processes_with("sleep " + marker), 0);
}

TEST_P(Limits, DiskOfTheRunDirectory) {
  isolation.limits.disk = 1u << 20;
  const RunOutcome r = run_process(sh("head -c 3000000 /dev/zero > big; sleep 20", run.path, isolation));
  EXPECT_FALSE(r.timed_out);
  EXPECT_NE(r.limit_reason.find("wrote more than 1 MB"), std::string::npos) << r.limit_reason << r.output;
}

TEST_P(Limits, FileSizeAndNoCoreFiles) {
  isolation.limits.file_size = 4096;
  const RunOutcome r = run_process(sh("ulimit -c; head -c 10000 /dev/zero > big", run.path, isolation));
  EXPECT_EQ(r.output.rfind("0\n", 0), 0u) << r.output;
  EXPECT_LE(fs::file_size(run.path / "big"), 4096u);
}

INSTANTIATE_TEST_SUITE_P(SandboxedOrNot, Limits, ::testing::Values(true, false),
                         [](const auto& info) { return info.param ? "bwrap" : "limits_only"; });

TEST(ObjectChecks, FindsSystemCallInstructions) {
  const std::string listing =
      "0000000000000000 <lab::Mutex::lock()>:\n"
      "   0:\tmov    $0xca,%eax\n"
      "   5:\tsyscall\n"
      "0000000000000010 <evil()>:\n"
      "  10:\tint    $0x80\n"
      "  12:\tsysenter\n";
  const auto found = system_call_instructions(listing);
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[0], std::make_pair(std::string("lab::Mutex::lock()"), std::string("syscall")));
  EXPECT_EQ(found[1].second, "int $0x80");
  EXPECT_EQ(found[2].second, "sysenter");
}

TEST(ObjectChecks, RejectsAnObjectWithInlineSyscall) {
  TempDir dir("objdump");
  std::ofstream(dir.path / "evil.cpp") << "long evil() { long r; asm volatile(\"syscall\" : \"=a\"(r) : \"a\"(39)); return r; }\n"
                                          "int fine(int x) { return x + 1; }\n";
  const std::string cmd = std::string(GRADER_TEST_CXX) + " -c -O2 " + (dir.path / "evil.cpp").string() + " -o " +
                          (dir.path / "evil.o").string();
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  const auto found = check_instructions({dir.path / "evil.o"}, {{dir.path / "evil.o", "mutex/locks.cpp"}});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].file, "mutex/locks.cpp");
  EXPECT_NE(found[0].message.find("`syscall` instruction in evil()"), std::string::npos) << found[0].message;
}

}  // namespace
}  // namespace grader
