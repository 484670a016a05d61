// Writes the results file exactly once per process, atomically, whichever path ends the run.
#include "results_file.hpp"

#include <cstdio>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include "controlled_results.hpp"
#include "evidence.hpp"
#include "harness/artifacts.hpp"
#include "findings_store.hpp"
#include "harness/run_context.hpp"
#include "run_state.hpp"

namespace harness {
namespace {

std::mutex write_mutex;
bool written = false;  // guarded by write_mutex

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

std::string results_json(Verdict verdict, bool with_last_sites) {
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
  return json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

bool write_results_file(Verdict verdict, bool with_last_sites) {
  std::lock_guard guard(write_mutex);
  if (written) return false;
  written = true;
  std::string text = results_json(verdict, with_last_sites);
  std::string path = run_snapshot().results_path;
  if (path.empty()) {
    std::fputs(text.c_str(), stdout);
    std::fflush(stdout);
    return true;
  }
  if (!write_atomically(path, text)) std::fprintf(stderr, "lab harness: cannot write results file %s\n", path.c_str());
  return true;
}

}  // namespace harness
