// The scheduler lab's workloads (seeded random, or parsed from a spec), job names and the lottery's random source.
#include <sstream>

#include "lab/sched.hpp"
#include "splitmix.hpp"

namespace lab::sched {
namespace {

// One sequence per thread: simulations on different threads (none today) would not disturb each other.
thread_local harness::SplitMix random_source;

Tick parse_tick(const std::string& text, const std::string& job) {
  std::size_t used = 0;
  long long value = -1;
  try {
    value = std::stoll(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || value < 0) throw std::invalid_argument("bad number '" + text + "' in job '" + job + "'");
  return value;
}

Job parse_job(const std::string& text, JobId id) {
  Job job;
  job.id = id;
  std::vector<std::string> fields;
  std::stringstream in(text);
  for (std::string field; std::getline(in, field, ':');) fields.push_back(field);
  if (fields.size() < 2) throw std::invalid_argument("job '" + text + "' needs ARRIVAL:BURSTS");
  job.arrival = parse_tick(fields[0], text);
  std::stringstream bursts(fields[1]);
  for (std::string burst; std::getline(bursts, burst, ',');) job.bursts.push_back(parse_tick(burst, text));
  for (std::size_t i = 2; i < fields.size(); ++i) {
    const std::string& f = fields[i];
    if (f.size() < 2 || (f[0] != 'p' && f[0] != 't')) throw std::invalid_argument("unknown field '" + f + "' in job '" + text + "'");
    (f[0] == 'p' ? job.priority : job.tickets) = static_cast<int>(parse_tick(f.substr(1), text));
  }
  if (job.bursts.size() % 2 == 0) throw std::invalid_argument("job '" + text + "' must start and end with a CPU burst");
  for (Tick burst : job.bursts) {
    if (burst <= 0) throw std::invalid_argument("every burst of job '" + text + "' must be at least 1 tick");
  }
  if (job.tickets <= 0) throw std::invalid_argument("job '" + text + "' needs at least one ticket");
  return job;
}

}  // namespace

std::string job_name(JobId id) {
  if (id >= 0 && id < 26) return std::string(1, static_cast<char>('A' + id));
  return "J" + std::to_string(id);
}

void reset_random(std::uint64_t seed) noexcept { random_source.state = seed; }

std::uint32_t random() { return static_cast<std::uint32_t>(random_source.next() >> 32); }

std::vector<Job> random_workload(std::uint64_t seed, int count) {
  harness::SplitMix source{harness::splitmix64(seed)};
  auto below = [&source](std::uint64_t bound) { return static_cast<Tick>(source.next() % bound); };
  std::vector<Job> jobs;
  for (JobId id = 0; id < count; ++id) {
    Job job;
    job.id = id;
    job.arrival = below(static_cast<std::uint64_t>(2 * count + 1));
    const Tick cpu_bursts = 1 + below(3);
    for (Tick i = 0; i < cpu_bursts; ++i) {
      if (i > 0) job.bursts.push_back(1 + below(5));
      job.bursts.push_back(1 + below(8));
    }
    job.priority = static_cast<int>(below(4));
    job.tickets = static_cast<int>(10 + below(91));
    jobs.push_back(std::move(job));
  }
  return jobs;
}

std::vector<Job> parse_workload(const std::string& spec) {
  std::vector<Job> jobs;
  std::string normalized = spec;
  for (char& c : normalized) {
    if (c == ';') c = ' ';
  }
  std::stringstream in(normalized);
  for (std::string item; in >> item;) jobs.push_back(parse_job(item, static_cast<JobId>(jobs.size())));
  if (jobs.empty()) throw std::invalid_argument("the workload has no jobs");
  return jobs;
}

}  // namespace lab::sched
