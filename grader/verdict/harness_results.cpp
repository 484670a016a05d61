// Parsing of the harness results file (schema 1, docs/architecture.md).
#include "harness_results.hpp"

#include <nlohmann/json.hpp>

#include "submission_files.hpp"

namespace grader {

namespace {

using nlohmann::json;

std::string str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

int integer(const json& j, const char* key, int fallback = 0) {
  auto it = j.find(key);
  return it != j.end() && it->is_number_integer() ? it->get<int>() : fallback;
}

std::vector<HarnessFinding> findings(const json& j) {
  std::vector<HarnessFinding> result;
  if (auto it = j.find("findings"); it != j.end() && it->is_array()) {
    for (const auto& f : *it) result.push_back({str(f, "kind"), str(f, "message"), str(f, "file"), integer(f, "line")});
  }
  return result;
}

std::vector<HarnessEvidence> evidence(const json& j) {
  std::vector<HarnessEvidence> result;
  if (auto it = j.find("evidence"); it != j.end() && it->is_array()) {
    for (const auto& e : *it) {
      result.push_back({str(e, "role"), str(e, "op"), str(e, "order"), str(e, "file"), integer(e, "line")});
    }
  }
  return result;
}

std::vector<HarnessArtifact> artifacts(const json& j) {
  std::vector<HarnessArtifact> result;
  if (auto it = j.find("artifacts"); it != j.end() && it->is_array()) {
    for (const auto& a : *it) result.push_back({str(a, "name"), str(a, "media_type"), str(a, "content")});
  }
  return result;
}

std::optional<HarnessSeal> seal(const json& j) {
  auto it = j.find("seal");
  if (it == j.end() || !it->is_object()) return std::nullopt;
  return HarnessSeal{str(*it, "token"), str(*it, "test"), integer(*it, "passed_runs")};
}

}  // namespace

std::optional<HarnessResults> parse_harness_results(const std::string& text, std::string* error) {
  try {
    const json j = json::parse(text);
    HarnessResults r;
    r.test = str(j, "test");
    r.config = str(j, "config");
    r.seed = j.value("seed", std::uint64_t{0});
    r.repeat = integer(j, "repeat", 1);
    r.iterations_run = integer(j, "iterations_run");
    r.passed = str(j, "verdict") == "pass";
    if (auto it = j.find("failed_seed"); it != j.end() && it->is_number_unsigned()) r.failed_seed = it->get<std::uint64_t>();
    r.findings = findings(j);
    r.evidence = evidence(j);
    r.artifacts = artifacts(j);
    if (auto it = j.find("controlled"); it != j.end()) r.controlled = controlled_from_json(*it);
    r.seal = seal(j);
    if (str(j, "verdict").empty()) throw std::runtime_error("no verdict");
    return r;
  } catch (const std::exception& e) {
    if (error) *error = e.what();
    return std::nullopt;
  }
}

std::optional<HarnessResults> read_harness_results(const std::filesystem::path& file, std::string* error) {
  std::error_code ec;
  // Written by the test process: never read through a link it may have put there (the grader may be root).
  if (!std::filesystem::is_regular_file(std::filesystem::symlink_status(file, ec))) {
    if (error) *error = "missing";
    return std::nullopt;
  }
  return parse_harness_results(read_regular_file_nofollow(file), error);
}

}  // namespace grader
