// Runs the student's replacement policy against the oracle or a published trace; explains differences.
#include "policy_check.hpp"

#include <algorithm>
#include <cctype>

#include <harness/findings.hpp>

#include "policy_oracle.hpp"
#include "policy_sim.hpp"

namespace paging_lab {
namespace {

std::string lower(const char* name) {
  std::string s(name);
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string outcome(bool hit, const std::optional<std::uint64_t>& victim) {
  if (hit) return "HIT";
  return victim ? "MISS replacing page " + std::to_string(*victim) : "MISS into an empty frame";
}

std::string memory_before(const Trace& t, std::size_t i, PolicyKind kind) {
  const std::vector<std::uint64_t> none;
  return std::string(left_label(kind)) + " -> " + memory_text(i == 0 ? none : t.steps[i - 1].memory) + " <- " +
         right_label(kind);
}

std::string title(PolicyKind kind, std::size_t frames, const std::vector<Ref>& refs) {
  return std::string(policy_name(kind)) + " with " + std::to_string(frames) + " frame" + (frames == 1 ? "" : "s") +
         " on " + refs_text(refs);
}

}  // namespace

Trace run_student(PolicyKind kind, std::size_t frames, const std::vector<Ref>& refs) {
  const std::unique_ptr<SlotPolicy> policy = make_student_policy(kind, frames, accesses_of(refs));
  if (!policy) {
    Trace t;
    t.error = "make_policy returned no policy";
    return t;
  }
  return simulate(kind, *policy, frames, refs);
}

std::string replay_command(PolicyKind kind, std::size_t frames, const std::vector<Ref>& refs) {
  return "./labs paging --policy " + lower(policy_name(kind)) + " --addresses " + refs_text(refs) + " --cachesize " +
         std::to_string(frames) + " -c";
}

bool expect_oracle(PolicyKind kind, std::size_t frames, const std::vector<Ref>& refs) {
  const Trace yours = run_student(kind, frames, refs);
  const Trace expected = oracle_trace(kind, frames, refs);
  for (std::size_t i = 0; i < expected.steps.size(); ++i) {
    const Step& e = expected.steps[i];
    if (e.ref.unmap) continue;
    if (i >= yours.steps.size()) {  // the student's trace stopped: the policy broke its contract here
      harness::fail_check(title(kind, frames, refs) + ": at access #" + std::to_string(i) + " (page " +
                          std::to_string(e.ref.page) + ") your policy broke its contract: " + yours.error +
                          "\nexpected: " + outcome(e.hit, e.victim) + "; memory before: " +
                          memory_before(expected, i, kind) + "\nthe expected trace: " + replay_command(kind, frames, refs));
      return false;
    }
    const Step& y = yours.steps[i];
    if (y.hit == e.hit && y.victim == e.victim) continue;
    std::string got = outcome(y.hit, y.victim);
    if (y.victim_slot) got += " (slot " + std::to_string(*y.victim_slot) + ")";
    harness::fail_check(title(kind, frames, refs) + ": first difference at access #" + std::to_string(i) +
                        " (page " + std::to_string(e.ref.page) + "): expected " + outcome(e.hit, e.victim) +
                        ", your policy: " + got + "\nmemory before the access: " + memory_before(expected, i, kind) +
                        "\nthe expected trace: " + replay_command(kind, frames, refs) + " (yours: add --mine)");
    return false;
  }
  return true;
}

bool expect_published(const Published& p) {
  const std::vector<Ref> refs = refs_of(p.pages);
  const Trace yours = run_student(p.kind, p.frames, refs);
  const std::string where = title(p.kind, p.frames, refs) + " (" + p.source + ")";
  for (std::size_t i = 0; i < p.pages.size(); ++i) {
    if (i >= yours.steps.size()) {
      harness::fail_check(where + ": at access #" + std::to_string(i) + " (page " + std::to_string(p.pages[i]) +
                          ") your policy broke its contract: " + yours.error);
      return false;
    }
    const Step& y = yours.steps[i];
    const long long victim = p.victims[i];  // -1: none
    const long long got = y.victim ? static_cast<long long>(*y.victim) : -1;
    const std::string memory = memory_text(y.memory);
    if (got == victim && (p.memory.empty() || p.memory[i] == memory)) continue;
    const auto replaced = [](long long page) { return page < 0 ? std::string("-") : std::to_string(page); };
    harness::fail_check(where + ": first difference at access #" + std::to_string(i) + " (page " +
                        std::to_string(p.pages[i]) + "): expected Replaced:" + replaced(victim) +
                        (p.memory.empty() ? "" : " memory " + p.memory[i]) + ", your policy: Replaced:" +
                        replaced(got) + " memory " + memory + "\nthe expected trace: " +
                        replay_command(p.kind, p.frames, refs) + " (yours: add --mine)");
    return false;
  }
  if (yours.hits != p.hits || yours.misses != p.misses) {
    harness::fail_check(where + ": expected hits " + std::to_string(p.hits) + " misses " + std::to_string(p.misses) +
                        ", your policy: hits " + std::to_string(yours.hits) + " misses " + std::to_string(yours.misses));
    return false;
  }
  return true;
}

}  // namespace paging_lab
