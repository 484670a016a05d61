// Tests of the process runner: exit statuses, signals, output capping, and the group kill at the time limit.
#include "runner.hpp"

#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "staging.hpp"
#include "text_files.hpp"

namespace grader {
namespace {

namespace fs = std::filesystem;

RunRequest sh(const std::string& script, std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
  RunRequest r;
  r.program = "/bin/sh";
  r.args = {"-c", script};
  r.cwd = fs::temp_directory_path();
  r.env = base_environment();
  r.timeout = timeout;
  return r;
}

// Running (a zombie waiting for an orphan reaper does not count).
bool alive(pid_t pid) {
  if (::kill(pid, 0) != 0) return false;
  const std::string stat = read_file_text("/proc/" + std::to_string(pid) + "/stat");
  const auto close = stat.rfind(')');
  return close != std::string::npos && close + 2 < stat.size() && stat[close + 2] != 'Z';
}

// A program whose verdict is final (its results file exists) but which does not end is stopped after a
// short grace, not at the time limit, and the outcome says so; one that ends in time is left alone.
TEST(Runner, StopsAProgramThatHangsAfterItsResultsAreFinal) {
  const fs::path done = fs::temp_directory_path() / ("runner-finished-" + std::to_string(::getpid()));
  fs::remove(done);
  RunRequest hang = sh("echo pass > '" + done.string() + "'; exec sleep 120", std::chrono::seconds(120));
  hang.finished_file = done;
  hang.exit_grace = std::chrono::milliseconds(200);
  const RunOutcome hung = run_process(hang);
  EXPECT_TRUE(hung.hung_after_finish);
  EXPECT_FALSE(hung.timed_out);
  EXPECT_FALSE(hung.exited_ok());

  fs::remove(done);
  RunRequest quick = sh("echo pass > '" + done.string() + "'; exit 0");
  quick.finished_file = done;
  quick.exit_grace = std::chrono::seconds(20);
  const RunOutcome ended = run_process(quick);
  EXPECT_FALSE(ended.hung_after_finish);
  EXPECT_TRUE(ended.exited_ok());

  fs::remove(done);
  RunRequest never = sh("exec sleep 120", std::chrono::milliseconds(300));  // no results: the time limit
  never.finished_file = done;
  const RunOutcome timed_out = run_process(never);
  EXPECT_TRUE(timed_out.timed_out);
  EXPECT_FALSE(timed_out.hung_after_finish);
  fs::remove(done);
}

TEST(Runner, ExitStatusAndOutput) {
  const RunOutcome r = run_process(sh("echo out; echo err >&2; exit 3"));
  EXPECT_TRUE(r.started);
  EXPECT_FALSE(r.timed_out);
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.signal, 0);
  EXPECT_NE(r.output.find("out\n"), std::string::npos);
  EXPECT_NE(r.output.find("err\n"), std::string::npos);
}

TEST(Runner, ReportsTheKillingSignal) {
  const RunOutcome r = run_process(sh("kill -SEGV $$"));
  EXPECT_EQ(r.signal, SIGSEGV);
  EXPECT_EQ(r.exit_code, -1);
  EXPECT_EQ(signal_name(r.signal), "SIGSEGV");
}

TEST(Runner, CapsOutputKeepingHeadAndTail) {
  RunRequest req = sh("echo FIRST; yes 0123456789 | head -c 1000000; echo; echo LAST");
  req.output_cap = 4096;
  const RunOutcome r = run_process(req);
  EXPECT_LT(r.output.size(), 4096u + 200);
  EXPECT_GT(r.output_bytes, 1000000u);
  EXPECT_EQ(r.output.rfind("FIRST", 0), 0u);
  EXPECT_NE(r.output.find("LAST"), std::string::npos);
  EXPECT_NE(r.output.find("bytes of output not kept"), std::string::npos);
}

TEST(Runner, TimeoutKillsTheWholeProcessGroup) {
  const fs::path pids = fs::temp_directory_path() / ("grader_runner_pids_" + std::to_string(::getpid()));
  fs::remove(pids);
  const auto r = run_process(sh("sleep 100 & echo $! > " + pids.string() + "; sleep 100 & echo $! >> " +
                                    pids.string() + "; wait", std::chrono::seconds(1)));
  EXPECT_TRUE(r.timed_out);
  EXPECT_LT(r.seconds, 10);
  std::ifstream in(pids);
  std::vector<pid_t> children;
  for (pid_t pid; in >> pid;) children.push_back(pid);
  ASSERT_EQ(children.size(), 2u);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // let init reap the orphans
  for (pid_t pid : children) EXPECT_FALSE(alive(pid)) << "sleep " << pid << " survived";
  fs::remove(pids);
}

TEST(Runner, LeftoverChildrenDieWhenTheMainProcessExits) {
  const auto r = run_process(sh("sleep 100 & echo $!"));
  EXPECT_EQ(r.exit_code, 0);
  const pid_t pid = std::stoi(r.output);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_FALSE(alive(pid));
}

TEST(Runner, MissingProgramIsNotStarted) {
  RunRequest req = sh("true");
  req.program = "/nonexistent/program";
  const RunOutcome r = run_process(req);
  EXPECT_FALSE(r.started);
  EXPECT_FALSE(r.start_error.empty());
}

TEST(Runner, WritesTheOutputFile) {
  RunRequest req = sh("echo hello");
  req.output_file = fs::temp_directory_path() / ("grader_runner_out_" + std::to_string(::getpid()));
  run_process(req);
  EXPECT_EQ(read_file_text(req.output_file), "hello\n");
  fs::remove(req.output_file);
}

}  // namespace
}  // namespace grader
