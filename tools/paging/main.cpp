// labs-paging: prints a reference string and asks what each access does (OSTEP's paging-policy.py
// style); -c prints the answers; --belady prints the faults of every policy for 1..N frames.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>
#include <string>

#include "ostep_random.hpp"
#include "policy_adapter.hpp"  // the student's (or the answer key's) policies behind policy_api.hpp
#include "policy_api.hpp"
#include "policy_sim.hpp"
#include "policy_trace.hpp"
#include "run_state.hpp"

namespace {

using namespace paging_lab;

struct Options {
  std::string policy = "fifo";
  std::string addresses;
  std::uint32_t seed = 0;
  std::size_t numaddrs = 10;
  std::uint64_t maxpage = 10;
  std::size_t cachesize = 3;
  bool answers = false;
  bool belady = false;
  bool mine = false;
};

const std::vector<Ref> kBeladyString = refs_of({1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5});

Trace run(PolicyKind kind, std::size_t frames, const std::vector<Ref>& refs) {
  const std::unique_ptr<SlotPolicy> policy = make_student_policy(kind, frames, accesses_of(refs));
  return simulate(kind, *policy, frames, refs);
}

// OSTEP's answer line: "Access: 8  MISS FirstIn ->          [8] <- Lastin  Replaced:- [Hits:0 Misses:1]".
void print_step(PolicyKind kind, const Step& step, std::size_t hits, std::size_t misses) {
  const std::string memory = memory_text(step.memory);
  const std::string left = left_label(kind), right = right_label(kind);
  if (step.ref.unmap) {
    std::printf("Unmap:  %llu       %s -> %12s <- %s (page %llu leaves memory)\n",
                static_cast<unsigned long long>(step.ref.page), left.c_str(), memory.c_str(), right.c_str(),
                static_cast<unsigned long long>(step.ref.page));
    return;
  }
  std::printf("Access: %llu  %s %s -> %12s <- %s Replaced:%s [Hits:%zu Misses:%zu]\n",
              static_cast<unsigned long long>(step.ref.page), step.hit ? "HIT " : "MISS", left.c_str(),
              memory.c_str(), right.c_str(), step.victim ? std::to_string(*step.victim).c_str() : "-", hits, misses);
}

int print_trace(PolicyKind kind, const Options& o, const std::vector<Ref>& refs) {
  if (!o.answers) {
    std::printf("Assuming a replacement policy of %s and a cache of %zu pages, figure out whether each of\n"
                "the following page references hits or misses, and what memory holds after it.\n\n",
                policy_name(kind), o.cachesize);
    for (const Ref& r : refs) {
      if (r.unmap) std::printf("Unmap:  %llu  (the page leaves memory)\n", static_cast<unsigned long long>(r.page));
      else std::printf("Access: %llu  Hit/Miss?  State of Memory?\n", static_cast<unsigned long long>(r.page));
    }
    std::printf("\nCheck your answers: add -c.\n");
    return 0;
  }
  const Trace trace = run(kind, o.cachesize, refs);
  std::size_t hits = 0, misses = 0;
  for (const Step& step : trace.steps) {
    if (!step.ref.unmap) ++(step.hit ? hits : misses);
    print_step(kind, step, hits, misses);
  }
  if (!trace.error.empty()) {
    std::printf("\nthe policy broke its contract at event #%zu: %s\n", trace.steps.size(), trace.error.c_str());
    return 1;
  }
  const double total = static_cast<double>(trace.hits + trace.misses);
  std::printf("\nFINALSTATS hits %zu   misses %zu   hitrate %.2f\n", trace.hits, trace.misses,
              total == 0 ? 0.0 : 100.0 * static_cast<double>(trace.hits) / total);
  return 0;
}

// Misses of every policy for 1..cachesize frames; a count above the one for a frame less is marked.
int print_belady(const Options& o, const std::vector<Ref>& refs) {
  const PolicyKind kinds[] = {PolicyKind::fifo, PolicyKind::lru, PolicyKind::clock, PolicyKind::opt};
  std::printf("Misses (page faults) by number of frames on %s:\n\n%6s", refs_text(refs).c_str(), "frames");
  for (PolicyKind k : kinds) std::printf("  %6s", policy_name(k));
  std::printf("\n");
  std::vector<std::size_t> previous(4, 0);
  std::vector<std::string> anomalies;
  for (std::size_t frames = 1; frames <= o.cachesize; ++frames) {
    std::printf("%6zu", frames);
    for (std::size_t k = 0; k < 4; ++k) {
      const Trace t = run(kinds[k], frames, refs);
      if (!t.error.empty()) {
        std::printf("\n%s with %zu frames broke its contract: %s\n", policy_name(kinds[k]), frames, t.error.c_str());
        return 1;
      }
      const bool anomaly = frames > 1 && t.misses > previous[k];
      std::printf("  %5zu%s", t.misses, anomaly ? "*" : " ");
      if (anomaly) {
        anomalies.push_back(std::string(policy_name(kinds[k])) + " faults " + std::to_string(t.misses) + " times with " +
                            std::to_string(frames) + " frames, " + std::to_string(previous[k]) + " with " +
                            std::to_string(frames - 1));
      }
      previous[k] = t.misses;
    }
    std::printf("\n");
  }
  std::printf("\n");
  if (anomalies.empty()) std::printf("No anomaly: no policy faults more with more frames on this string.\n");
  for (const std::string& a : anomalies) std::printf("* Belady's anomaly: %s.\n", a.c_str());
  return 0;
}

int run_tool(const Options& o, bool addresses_given, bool cachesize_given) {
  const std::optional<PolicyKind> kind = parse_policy(o.policy);
  if (!kind) {
    std::fprintf(stderr, "labs paging: unknown policy '%s' (fifo, lru, clock, opt)\n", o.policy.c_str());
    return 2;
  }
  std::vector<Ref> refs;
  if (addresses_given) {
    try {
      refs = parse_refs(o.addresses);
    } catch (const std::invalid_argument& e) {
      std::fprintf(stderr, "labs paging: --addresses: %s\n", e.what());
      return 2;
    }
  } else if (o.belady) {
    refs = kBeladyString;
  } else {
    refs = refs_of(ostep_addresses(o.seed, o.numaddrs, o.maxpage));
  }
  Options options = o;
  if (o.belady && !cachesize_given) options.cachesize = 5;
  std::printf("ARG policy %s\nARG cachesize %zu\nARG addresses %s", policy_name(*kind), options.cachesize,
              refs_text(refs).c_str());
  if (!addresses_given && !o.belady) {
    std::printf(" (--seed %u --numaddrs %zu --maxpage %llu: the pages paging-policy.py -s %u -n %zu -m %llu draws)",
                o.seed, o.numaddrs, static_cast<unsigned long long>(o.maxpage), o.seed, o.numaddrs,
                static_cast<unsigned long long>(o.maxpage));
  }
  std::printf("\nARG policies %s\n\n", o.mine ? "yours (exercises/paging)" : "the reference (answer key)");
  return o.belady ? print_belady(options, refs) : print_trace(*kind, options, refs);
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  CLI::App app{"The paging lab's replacement simulator: a reference string, a policy, and what each access does."};
  app.add_option("-p,--policy", o.policy, "fifo, lru, clock or opt");
  auto* addresses = app.add_option("-a,--addresses", o.addresses,
                                   "the pages accessed, e.g. 1,2,3,1 (uN: page N is unmapped, leaves memory)");
  app.add_option("-s,--seed", o.seed, "seed of the random reference string (the same pages as OSTEP's -s)");
  app.add_option("-n,--numaddrs", o.numaddrs, "length of the random reference string")->check(CLI::Range(1, 100000));
  app.add_option("-m,--maxpage", o.maxpage, "random pages are 0..maxpage-1")->check(CLI::Range(1, 1000000));
  auto* cachesize = app.add_option("-C,--cachesize", o.cachesize, "frames of memory (pages it holds)")
                        ->check(CLI::Range(1, 4096));
  app.add_flag("-c", o.answers, "print the answers: hit or miss, memory, the page replaced, FINALSTATS");
  app.add_flag("--belady", o.belady,
               "faults of every policy for 1..cachesize frames (default cache size 5; default string "
               "1,2,3,4,1,2,5,1,2,3,4,5): Belady's anomaly");
  app.add_flag("--mine", o.mine, "use your exercises/paging policies (./labs paging picks the binary)");
  CLI11_PARSE(app, argc, argv);
  // Unfinished starter code (lab::todo) prints its one line on stderr; its results file is of no use here.
  harness::set_run_parameters(1, 1, (std::filesystem::temp_directory_path() / "labs-paging-todo.json").string());
  return run_tool(o, addresses->count() > 0, cachesize->count() > 0);
}
