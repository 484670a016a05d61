// The harness's results file (the only verdict channel from a test process), parsed.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "controlled_outcome.hpp"

namespace grader {

struct HarnessFinding {
  std::string kind;  // "check", "usage", "watchdog", "sanitizer", "todo", "exception"
  std::string message;
  std::string file;  // absolute staged path, or empty
  int line = 0;
};

// A student lab::atomic call site observed around critical sections (instrumented builds only).
struct HarnessEvidence {
  std::string role;   // "acquire", "release", "last"
  std::string op;     // "exchange", "store", ...
  std::string order;  // "relaxed", "acquire", "release", "acq_rel", "seq_cst"
  std::string file;
  int line = 0;
};

// A file the test attached to its run (harness/include/harness/artifacts.hpp).
struct HarnessArtifact {
  std::string name;  // a plain file name
  std::string media_type;
  std::string content;
};

// The completion seal a passing run's results file carries (harness/run/completion_seal.hpp): the
// grader's per-run secret, the test GoogleTest ran and how many times it ended passing.
struct HarnessSeal {
  std::string token;
  std::string test;
  int passed_runs = 0;
};

struct HarnessResults {
  std::string test;
  std::string config;
  std::uint64_t seed = 0;
  int repeat = 1;
  int iterations_run = 0;
  bool passed = false;  // "verdict": "pass"
  std::optional<std::uint64_t> failed_seed;
  std::vector<HarnessFinding> findings;
  std::vector<HarnessEvidence> evidence;
  std::vector<HarnessArtifact> artifacts;  // harness::attach_artifact
  std::optional<ControlledRun> controlled; // controlled builds (docs/controlled.md)
  std::optional<HarnessSeal> seal;          // only in a pass written at the end of a complete run
};

// Parses a results file's text; nullopt (with *error set) when it is not valid results JSON.
// Unknown keys are ignored so the harness may add fields.
std::optional<HarnessResults> parse_harness_results(const std::string& text, std::string* error = nullptr);

// Reads and parses `file`; nullopt when missing or invalid.
std::optional<HarnessResults> read_harness_results(const std::filesystem::path& file, std::string* error = nullptr);

}  // namespace grader
