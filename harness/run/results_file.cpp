// Writes the results file exactly once per process, atomically, whichever path ends the run.
#include "results_file.hpp"

#include <atomic>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <optional>
#include <nlohmann/json.hpp>

#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include "completion_seal.hpp"
#include "controlled_results.hpp"
#include "evidence.hpp"
#include "harness/artifacts.hpp"
#include "findings_store.hpp"
#include "harness/run_context.hpp"
#include "run_state.hpp"

namespace harness {
namespace {

std::mutex write_mutex;
std::optional<Verdict> written;  // guarded by write_mutex: what the file says once written

nlohmann::json findings_json() {
  nlohmann::json array = nlohmann::json::array();
  for (const Finding& finding : findings_snapshot()) {
    nlohmann::json item = {{"kind", finding.kind}, {"message", finding.message}};
    if (!finding.file.empty()) {
      item["file"] = finding.file;
      item["line"] = finding.line;
    }
    array.push_back(std::move(item));
  }
  return array;
}

nlohmann::json evidence_json(bool with_last_sites) {
  nlohmann::json array = nlohmann::json::array();
  for (const EvidenceEntry& entry : evidence_snapshot(with_last_sites)) {
    array.push_back({{"role", entry.role}, {"op", entry.op}, {"order", entry.order}, {"file", entry.file},
                     {"line", entry.line}});
  }
  return array;
}

bool write_directly(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  return static_cast<bool>(out.flush());
}

// Renaming over a device or a FIFO (--lab-results=/dev/null) would replace it with a regular file.
bool is_special_file(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 && !S_ISREG(info.st_mode) && !S_ISDIR(info.st_mode);
}

bool write_atomically(const std::string& path, const std::string& text) {
  if (is_special_file(path)) return write_directly(path, text);
  std::string temp = path + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) return false;
  }
  return std::rename(temp.c_str(), path.c_str()) == 0;
}

}  // namespace

std::string results_json(Verdict verdict, bool with_last_sites, bool sealed) {
  RunSnapshot run = run_snapshot();
  nlohmann::json json = {
      {"schema", 1},
      {"test", run.test},
      {"config", std::string(config_name())},
      {"seed", run.seed},
      {"repeat", run.repeat},
      {"iterations_run", run.iterations_run},
      {"verdict", verdict == Verdict::pass ? "pass" : "fail"},
  };
  if (verdict == Verdict::fail) json["failed_seed"] = run.failed_seed.value_or(seed());
  json["findings"] = findings_json();
  json["evidence"] = evidence_json(with_last_sites);
  const std::vector<Artifact> artifacts = artifacts_snapshot();
  for (const Artifact& a : artifacts) {
    json["artifacts"].push_back({{"name", a.name}, {"media_type", a.media_type}, {"content", a.content}});
  }
  if (nlohmann::json controlled = controlled::results_json(); !controlled.is_null()) {
    json["controlled"] = std::move(controlled);  // schedule string and trace (docs/controlled.md)
  }
  if (sealed && verdict == Verdict::pass) {
    if (std::optional<Seal> seal = completion_seal(run.repeat)) {
      json["seal"] = {{"token", seal->token}, {"test", seal->test}, {"passed_runs", seal->passed_runs}};
    }
  }
  return json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

namespace {

// Cleared in a child forked by student code (the processes lab's lab::sys::fork): it shares the harness's
// memory but never speaks for the run, since its verdict would race the real one.
std::atomic<bool> may_write_results{true};
bool may_write() noexcept { return may_write_results.load(std::memory_order_relaxed); }

// Writes `text` where the run's results go. Caller holds write_mutex.
void put_results(const std::string& text) {
  std::string path = run_snapshot().results_path;
  if (path.empty()) {
    std::fputs(text.c_str(), stdout);
    std::fflush(stdout);
    return;
  }
  if (!write_atomically(path, text)) std::fprintf(stderr, "lab harness: cannot write results file %s\n", path.c_str());
}

// Holds write_mutex with every signal blocked on this thread: a handler that reports (lab::todo from a
// uthreads timer tick) must not interrupt the writer and wait for the lock the writer holds.
class WriteLock {
 public:
  WriteLock() {
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &saved_);
    write_mutex.lock();
  }
  ~WriteLock() {
    write_mutex.unlock();
    pthread_sigmask(SIG_SETMASK, &saved_, nullptr);
  }
  WriteLock(const WriteLock&) = delete;
  WriteLock& operator=(const WriteLock&) = delete;

 private:
  sigset_t saved_;
};

}  // namespace

void never_write_results_in_this_process() noexcept { may_write_results.store(false, std::memory_order_relaxed); }

bool write_results_file(Verdict verdict, bool with_last_sites) {
  if (!may_write()) return false;
  WriteLock guard;
  if (written) return false;
  written = verdict;
  put_results(results_json(verdict, with_last_sites));
  return true;
}

void write_final_results_file(Verdict verdict) {
  if (!may_write()) return;
  WriteLock guard;
  // A failing file the watchdog or a sanitizer wrote first stays; a pass written before the end (only
  // code that called write_results_file out of turn does that) is replaced by the run's real verdict.
  if (written == Verdict::fail) return;
  written = verdict;
  put_results(results_json(verdict, false, true));
}

}  // namespace harness
