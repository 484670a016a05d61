// labs-sched: prints a workload and asks for its schedule (OSTEP style); -c prints the answers.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <harness/gantt_svg.hpp>
#include <harness/sched_report.hpp>

#include "policy_api.hpp"
#include "run_state.hpp"

namespace {

using lab::sched::Tick;

struct Options {
  std::string policy = "fifo";
  std::uint64_t seed = 0;
  int jobs = 3;
  std::string workload;
  Tick quantum = 2;
  int levels = 0;
  std::vector<Tick> quanta;
  std::vector<Tick> allotments;
  Tick boost = 20;
  bool answers = false;
  std::string gantt;
  bool mine = false;
};

// MLFQ levels: explicit lists win; --levels N alone means quanta 1, 2, 4 ... and allotments twice those.
bool mlfq_params(const Options& o, lab::sched::Params& params) {
  if (o.levels > 0 && o.quanta.empty()) {
    params.mlfq_quanta.clear();
    for (int l = 0; l < o.levels; ++l) params.mlfq_quanta.push_back(Tick{1} << l);
  }
  if (!o.quanta.empty()) params.mlfq_quanta = o.quanta;
  if (o.allotments.empty() && (o.levels > 0 || !o.quanta.empty())) {
    params.mlfq_allotments.clear();
    for (Tick q : params.mlfq_quanta) params.mlfq_allotments.push_back(2 * q);
  }
  if (!o.allotments.empty()) params.mlfq_allotments = o.allotments;
  params.mlfq_boost = o.boost;
  return params.mlfq_quanta.size() == params.mlfq_allotments.size() && !params.mlfq_quanta.empty();
}

void print_params(harness::sched::PolicyKind kind, const lab::sched::Params& p, std::uint64_t seed) {
  std::printf("policy %s", harness::sched::policy_name(kind));
  using harness::sched::PolicyKind;
  if (kind == PolicyKind::rr || kind == PolicyKind::lottery || kind == PolicyKind::stride) {
    std::printf(", quantum %lld", static_cast<long long>(p.quantum));
  }
  if (kind == PolicyKind::mlfq) {
    std::printf(", %zu levels (level: quantum/allotment", p.mlfq_quanta.size());
    for (std::size_t l = 0; l < p.mlfq_quanta.size(); ++l) {
      std::printf(" %zu: %lld/%lld", l, static_cast<long long>(p.mlfq_quanta[l]), static_cast<long long>(p.mlfq_allotments[l]));
    }
    std::printf("), boost every %lld ticks%s", static_cast<long long>(p.mlfq_boost), p.mlfq_boost == 0 ? " (never)" : "");
  }
  if (kind == PolicyKind::lottery) std::printf(", random seed %llu", static_cast<unsigned long long>(seed));
  std::printf("\n\n");
}

int run(const Options& o) {
  const auto kind = harness::sched::parse_policy(o.policy);
  if (!kind) {
    std::fprintf(stderr, "labs sched: unknown policy '%s' (fifo, stcf, rr, priority, mlfq, lottery, stride)\n", o.policy.c_str());
    return 2;
  }
  lab::sched::Params params;
  params.quantum = o.quantum;
  if (o.quantum <= 0 || !mlfq_params(o, params)) {
    std::fprintf(stderr, "labs sched: the quantum must be > 0 and --quanta/--allotments need one value per level\n");
    return 2;
  }
  std::vector<lab::sched::Job> jobs;
  try {
    jobs = o.workload.empty() ? lab::sched::random_workload(o.seed, o.jobs) : lab::sched::parse_workload(o.workload);
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "labs sched: --workload: %s\n", e.what());
    return 2;
  }
  print_params(*kind, params, o.seed);
  std::printf("workload (--workload '%s'):\n%s\n", harness::sched::workload_spec(jobs).c_str(),
              harness::sched::workload_table(jobs).c_str());
  auto policy = scheduler_lab::make_policy(*kind, params);
  const lab::sched::Schedule schedule = lab::sched::simulate(jobs, *policy, o.seed);
  if (!o.answers) {
    std::printf("Compute the trace (which job runs at each tick) and each job's response, turnaround and wait\n"
                "time. Check your answers: add -c.\n");
  } else {
    std::printf("trace:\n%s\n%s", harness::sched::trace_text(schedule).c_str(),
                harness::sched::stats_table(jobs, schedule).c_str());
  }
  if (!schedule.error.empty()) std::printf("\nthe policy broke its contract: %s\n", schedule.error.c_str());
  if (!o.gantt.empty()) {
    std::ofstream out(o.gantt);
    out << harness::gantt_svg(harness::sched::gantt_chart(jobs, schedule, harness::sched::policy_name(*kind)));
    if (!out) {
      std::fprintf(stderr, "labs sched: cannot write %s\n", o.gantt.c_str());
      return 1;
    }
    std::printf("\nGantt chart: %s\n", o.gantt.c_str());
  }
  return schedule.error.empty() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  CLI::App app{"The scheduler lab's simulator: a workload, a policy, and its schedule."};
  app.add_option("-p,--policy", o.policy, "fifo, stcf, rr, priority, mlfq, lottery or stride");
  app.add_option("-s,--seed", o.seed, "seed of the random workload and of lottery's draws");
  app.add_option("-j,--jobs", o.jobs, "number of random jobs")->check(CLI::Range(1, 26));
  app.add_option("-w,--workload", o.workload, "explicit jobs: 'ARRIVAL:CPU,IO,CPU...[:pPRIO][:tTICKETS] ...'");
  app.add_option("-q,--quantum", o.quantum, "quantum of rr, lottery and stride");
  app.add_option("--levels", o.levels, "MLFQ levels (quanta 1, 2, 4 ...; allotments twice the quanta)");
  app.add_option("--quanta", o.quanta, "MLFQ quantum per level, top first (e.g. 1,2,4)")->delimiter(',');
  app.add_option("--allotments", o.allotments, "MLFQ allotment per level (e.g. 2,4,8)")->delimiter(',');
  app.add_option("--boost", o.boost, "MLFQ boost period in ticks (0: never)");
  app.add_flag("-c", o.answers, "print the trace and the answers");
  app.add_option("--gantt", o.gantt, "write a Gantt chart of the schedule to this SVG file");
  app.add_flag("--mine", o.mine, "use your exercises/scheduler policies (./labs sched picks the binary)");
  CLI11_PARSE(app, argc, argv);
  // Unfinished starter code (lab::todo) prints its one line on stderr; its results file is of no use here.
  harness::set_run_parameters(1, 1, (std::filesystem::temp_directory_path() / "labs-sched-todo.json").string());
  return run(o);
}
