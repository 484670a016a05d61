// ProcessMonitor: the student's processes' progress for the watchdog, and what they do when it stalls.
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include <unistd.h>

#include "call_log.hpp"
#include "harness/processes.hpp"
#include "proc_text.hpp"
#include "harness/test_thread.hpp"
#include "stall_explainer.hpp"

namespace harness::processes {
namespace {

std::mutex stages_mutex;
std::vector<std::vector<std::string>> watched_stages;  // guarded by stages_mutex
std::string (*test_note)() = nullptr;                  // guarded by stages_mutex

std::string joined(const std::vector<std::string>& words) {
  std::string text;
  for (const std::string& word : words) text += (text.empty() ? "" : " ") + word;
  return text;
}

// Bytes the process has read and written so far (/proc/PID/io), 0 when it is gone.
std::uint64_t io_bytes(pid_t pid) {
  std::istringstream in(read_proc_text("/proc/" + std::to_string(pid) + "/io"));
  std::string key;
  std::uint64_t value = 0, total = 0;
  while (in >> key >> value) {
    if (key == "rchar:" || key == "wchar:") total += value;
  }
  return total;
}

// The student's processes that may still run: those lab::sys::fork made, and children of the test.
std::set<pid_t> tracked_pids() {
  std::set<pid_t> pids;
  for (const ForkRecord& fork : CallLog::forks()) pids.insert(fork.child);
  for (const ChildProcess& child : children()) pids.insert(child.pid);
  return pids;
}

// A number that changes whenever the processes make progress; a running or uninterruptible process
// counts as progress (it may be starved of CPU or disk on a loaded machine, never judged stuck).
std::uint64_t activity() {
  std::uint64_t total = CallLog::calls();
  for (const pid_t pid : tracked_pids()) {
    total += io_bytes(pid);
    const std::string text = read_proc_text("/proc/" + std::to_string(pid) + "/stat");
    const auto close = text.rfind(')');
    // R: running or waiting for a CPU; D: in the kernel (loading its program from disk under load).
    const char state = close != std::string::npos && close + 2 < text.size() ? text[close + 2] : '?';
    if (state == 'R' || state == 'D') total += 1 + (total << 1);
  }
  return total;
}

const ExecRecord* exec_of(const std::vector<ExecRecord>& execs, const std::vector<std::string>& stage) {
  for (const ExecRecord& exec : execs) {
    if (exec.error == 0 && exec.argv == stage) return &exec;
  }
  return nullptr;
}

std::string pipe_name(unsigned long inode, const std::vector<PipeRecord>& pipes) {
  const PipeRecord* made = CallLog::pipe_named(pipes, inode);
  return made == nullptr ? "pipe:[" + std::to_string(inode) + "]"
                         : "the pipe made at " + made->site.text() + " (pipe:[" + std::to_string(inode) + "])";
}

// Who holds the write end of `inode` open: while anyone does, its reader never sees end of file.
std::string write_end_holders(unsigned long inode, const std::vector<std::pair<pid_t, std::string>>& processes) {
  std::string holders;
  for (const auto& [pid, name] : processes) {
    for (const OpenFd& fd : open_fds(pid)) {
      if (fd.pipe == inode && fd.writes) holders += (holders.empty() ? "" : ", ") + name + " (fd " + std::to_string(fd.fd) + ")";
    }
  }
  return holders;
}

StallExplanation explain_now() {
  std::vector<std::vector<std::string>> stages;
  std::string (*note)() = nullptr;
  {
    std::lock_guard guard(stages_mutex);
    stages = watched_stages;
    note = test_note;
  }
  const std::vector<ExecRecord> execs = CallLog::execs();
  const std::vector<PipeRecord> pipes = CallLog::pipes();
  std::vector<std::pair<pid_t, std::string>> processes{{0, "the test process (your code)"}};
  std::string text = "\nWhat the processes do:";
  std::string headline;
  std::vector<std::pair<unsigned long, std::string>> awaited;  // pipe inode, the stage reading it
  for (std::size_t i = 0; i < stages.size(); ++i) {
    const std::string name = "stage " + std::to_string(i + 1) + " (" + joined(stages[i]) + ")";
    const ExecRecord* exec = exec_of(execs, stages[i]);
    if (exec == nullptr) {
      text += "\n  " + name + ": has not started";
      if (headline.empty() && i > 0) headline = name + " has not started while the stages before it wait: start every stage before you wait for any";
      continue;
    }
    const std::string activity_text = describe_activity(exec->pid);
    text += "\n  " + name + ": pid " + std::to_string(exec->pid) + ", " + activity_text;
    processes.emplace_back(exec->pid, name);
    const auto at = activity_text.find("pipe:[");
    if (activity_text.find("waits to read") != std::string::npos && at != std::string::npos)
      awaited.emplace_back(std::strtoul(activity_text.c_str() + at + 6, nullptr, 10), name);
  }
  const RawSite last = child_facts().last_site();
  text += "\n  the test process: " + describe_activity(test_pid());
  if (last.file != nullptr) text += ", after lab::sys call at " + CallSite{last.file, last.line}.text();
  for (const auto& [inode, reader] : awaited) {
    const std::string holders = write_end_holders(inode, processes);
    if (holders.empty()) continue;
    const std::string open = "the write end of " + pipe_name(inode, pipes) + " is still open in " + holders;
    text += "\n  " + open + ": its reader sees end of file only when every copy is closed";
    headline = reader + " waits to read, and " + open;
  }
  if (note != nullptr) {
    const std::string words = note();
    text += "\n  " + words;
    if (headline.empty()) headline = words;
  }
  if (headline.empty() && !stages.empty()) headline = "the processes of the pipeline all wait (see what each does below)";
  return {headline, text};
}

}  // namespace

struct ProcessMonitor::Impl {
  std::mutex mutex;
  std::condition_variable wake;
  bool stop = false;
  std::thread thread;

  void watch() {
    std::uint64_t last = 0;
    std::unique_lock lock(mutex);
    while (!wake.wait_for(lock, std::chrono::milliseconds(50), [this] { return stop; })) {
      lock.unlock();
      const std::uint64_t now = activity();
      if (now != last) harness::progress();
      last = now;
      lock.lock();
    }
  }
};

ProcessMonitor::ProcessMonitor(std::vector<std::vector<std::string>> stages, std::string (*note)())
    : impl_(std::make_unique<Impl>()) {
  {
    std::lock_guard guard(stages_mutex);
    watched_stages = std::move(stages);
    test_note = note;
  }
  set_stall_explainer(&explain_now);
  impl_->thread = std::thread([impl = impl_.get()] { impl->watch(); });
}

ProcessMonitor::~ProcessMonitor() {
  {
    std::lock_guard guard(impl_->mutex);
    impl_->stop = true;
  }
  impl_->wake.notify_all();
  impl_->thread.join();
  set_stall_explainer(nullptr);
}

std::string ProcessMonitor::describe() { return explain_now().details; }

}  // namespace harness::processes
