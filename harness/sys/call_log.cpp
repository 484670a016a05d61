// The processes lab's shared call log: forks, pipes, execs and violations of every process of a test.
#include "call_log.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "harness/processes.hpp"

namespace harness::processes {
namespace {

const pid_t test_process = ::getpid();

SharedLog* map_log() {
  void* memory = ::mmap(nullptr, sizeof(SharedLog), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (memory == MAP_FAILED) std::abort();  // nothing of the lab can be checked without it
  return new (memory) SharedLog{};
}

// Reserves slot `index` of `table` or returns null when the table is full.
template <typename Slot, std::size_t N>
Slot* reserve(std::atomic<int>& count, Slot (&table)[N]) noexcept {
  const int index = count.fetch_add(1, std::memory_order_relaxed);
  return index < static_cast<int>(N) ? &table[index] : nullptr;
}

void copy_text(char* destination, std::size_t size, const char* text) noexcept {
  std::size_t i = 0;
  for (; text != nullptr && text[i] != '\0' && i + 1 < size; ++i) destination[i] = text[i];
  destination[i] = '\0';
}

CallSite site_of(const RawSite& raw) { return {raw.file ? raw.file : "", raw.line}; }

template <typename Slot, std::size_t N, typename Convert>
auto published(const std::atomic<int>& count, const Slot (&table)[N], Convert convert) {
  std::vector<decltype(convert(table[0]))> out;
  const int n = std::min<int>(count.load(std::memory_order_acquire), static_cast<int>(N));
  for (int i = 0; i < n; ++i) {
    if (table[i].ready.load(std::memory_order_acquire)) out.push_back(convert(table[i]));
  }
  return out;
}

}  // namespace

SharedLog& shared_log() noexcept {
  static SharedLog* const log = map_log();
  return *log;
}

ChildFacts& child_facts() noexcept {
  static ChildFacts facts;
  return facts;
}

pid_t test_pid() noexcept { return test_process; }

int thread_count() noexcept {
  const int fd = ::open("/proc/self/stat", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 1;
  char text[1024];
  const ssize_t n = ::read(fd, text, sizeof text - 1);
  ::close(fd);
  if (n <= 0) return 1;
  text[n] = '\0';
  // Field 20 is num_threads; fields after the ")" that ends the command name are separated by spaces.
  const char* p = std::strrchr(text, ')');
  for (int field = 2; p != nullptr && field < 20; ++field) p = std::strchr(p + 1, ' ');
  return p == nullptr ? 1 : std::atoi(p + 1);
}

void log_fork(pid_t parent, pid_t child, RawSite site) noexcept {
  SharedLog& log = shared_log();
  if (RawFork* slot = reserve(log.fork_count, log.forks)) {
    slot->parent = parent, slot->child = child, slot->site = site;
    slot->ready.store(true, std::memory_order_release);
  }
}

void log_pipe(unsigned long inode, int read_fd, int write_fd, RawSite site) noexcept {
  SharedLog& log = shared_log();
  if (RawPipe* slot = reserve(log.pipe_count, log.pipes)) {
    slot->inode = inode, slot->maker = ::getpid(), slot->read_fd = read_fd, slot->write_fd = write_fd;
    slot->site = site;
    slot->ready.store(true, std::memory_order_release);
  }
}

RawExec* begin_exec_record(RawSite site) noexcept {
  SharedLog& log = shared_log();
  RawExec* slot = reserve(log.exec_count, log.execs);
  if (slot != nullptr) slot->pid = ::getpid(), slot->site = site, slot->nargs = 0, slot->nfds = 0, slot->error = 0;
  return slot;
}

void log_violation(const char* what, RawSite site) noexcept {
  SharedLog& log = shared_log();
  if (RawViolation* slot = reserve(log.violation_count, log.violations)) {
    copy_text(slot->what, sizeof slot->what, what);
    slot->pid = ::getpid(), slot->fork_site = child_facts().fork_site, slot->site = site;
    slot->threads_in_parent = child_facts().threads_in_parent;
    slot->ready.store(true, std::memory_order_release);
  }
}

void note_call_after_fork(const char* what) noexcept {
  ChildFacts& facts = child_facts();
  if (!facts.exec_pending) return;
  facts.exec_pending = false;  // one report per child: the first unsafe call is the one to fix
  log_violation(what, facts.last_site());
}

void end_escaped_child(const char* call) noexcept {
  char what[112] = "returned from ";
  copy_text(what + 14, sizeof what - 30, call);
  std::size_t end = 0;
  while (what[end] != '\0') ++end;
  copy_text(what + end, sizeof what - end, " into the test");
  log_violation(what, child_facts().last_site());
  ::_exit(kEscapedChildStatus);
}

bool in_child_of_threaded_parent() noexcept { return child_facts().exec_pending; }

std::string CallSite::text() const {
  const auto slash = file.find_last_of('/');
  return (slash == std::string::npos ? file : file.substr(slash + 1)) + ":" + std::to_string(line);
}

void CallLog::reset() {
  SharedLog& log = shared_log();
  for (auto* count : {&log.exec_count, &log.pipe_count, &log.fork_count, &log.violation_count}) count->store(0);
  for (auto& e : log.execs) e.ready.store(false);
  for (auto& p : log.pipes) p.ready.store(false);
  for (auto& f : log.forks) f.ready.store(false);
  for (auto& v : log.violations) v.ready.store(false);
}

std::vector<ExecRecord> CallLog::execs() {
  const SharedLog& log = shared_log();
  return published(log.exec_count, log.execs, [](const RawExec& raw) {
    ExecRecord record{raw.pid, {}, {}, site_of(raw.site), raw.error};
    for (int i = 0; i < raw.nargs; ++i) record.argv.emplace_back(raw.argv[i]);
    for (int i = 0; i < raw.nfds; ++i) record.fds.push_back({raw.fds[i].fd, raw.fds[i].pipe, raw.fds[i].writes, raw.fds[i].cloexec});
    return record;
  });
}

std::vector<PipeRecord> CallLog::pipes() {
  const SharedLog& log = shared_log();
  auto pipes = published(log.pipe_count, log.pipes, [](const RawPipe& raw) {
    return PipeRecord{raw.inode, raw.maker, raw.read_fd, raw.write_fd, site_of(raw.site), 0};
  });
  for (std::size_t i = 0; i < pipes.size(); ++i) pipes[i].number = static_cast<int>(i) + 1;
  return pipes;
}

std::vector<ForkRecord> CallLog::forks() {
  const SharedLog& log = shared_log();
  return published(log.fork_count, log.forks, [](const RawFork& raw) { return ForkRecord{raw.parent, raw.child, site_of(raw.site)}; });
}

std::vector<Violation> CallLog::violations() {
  const SharedLog& log = shared_log();
  return published(log.violation_count, log.violations, [](const RawViolation& raw) {
    return Violation{raw.what, raw.pid, site_of(raw.fork_site), site_of(raw.site), raw.threads_in_parent};
  });
}

std::uint64_t CallLog::calls() { return shared_log().calls.load(std::memory_order_relaxed); }

const PipeRecord* CallLog::pipe_named(const std::vector<PipeRecord>& pipes, unsigned long inode) {
  for (const PipeRecord& p : pipes) {
    if (p.inode == inode) return &p;
  }
  return nullptr;
}

}  // namespace harness::processes
