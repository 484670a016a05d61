// The run's attached files, kept in memory until the results file is written.
#include "harness/artifacts.hpp"

#include <algorithm>
#include <mutex>

namespace harness {
namespace {

std::mutex artifacts_mutex;
std::vector<Artifact>& artifacts() {
  static std::vector<Artifact> all;
  return all;
}

}  // namespace

void attach_artifact(std::string name, std::string media_type, std::string content) {
  std::lock_guard guard(artifacts_mutex);
  auto& all = artifacts();
  all.erase(std::remove_if(all.begin(), all.end(), [&](const Artifact& a) { return a.name == name; }), all.end());
  all.push_back({std::move(name), std::move(media_type), std::move(content)});
}

std::vector<Artifact> artifacts_snapshot() {
  std::lock_guard guard(artifacts_mutex);
  return artifacts();
}

}  // namespace harness
