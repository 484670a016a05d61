// Small helpers of the results model: verdict names and first failures.
#include "results.hpp"

#include <array>
#include <utility>

namespace grader {

namespace {
constexpr std::array<std::pair<Verdict, const char*>, 8> kVerdictNames{{
    {Verdict::pass, "pass"},
    {Verdict::fail, "fail"},
    {Verdict::timeout, "timeout"},
    {Verdict::crash, "crash"},
    {Verdict::not_compiled, "not_compiled"},
    {Verdict::forbidden, "forbidden"},
    {Verdict::not_submitted, "not_submitted"},
    {Verdict::error, "error"},
}};
}  // namespace

const char* verdict_name(Verdict verdict) noexcept {
  for (const auto& [v, name] : kVerdictNames) {
    if (v == verdict) return name;
  }
  return "error";
}

std::optional<Verdict> verdict_from_name(const std::string& name) noexcept {
  for (const auto& [v, n] : kVerdictNames) {
    if (name == n) return v;
  }
  return std::nullopt;
}

const ConfigOutcome* TestResult::first_failure() const {
  for (const auto& outcome : configs) {
    if (outcome.verdict != Verdict::pass) return &outcome;
  }
  return nullptr;
}

}  // namespace grader
