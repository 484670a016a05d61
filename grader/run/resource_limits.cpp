// Resource limits: rlimits in the child, a per-run memory+pids cgroup, and the /proc watch as fallback.
#include "resource_limits.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

namespace grader {

namespace fs = std::filesystem;

namespace {

constexpr const char* kCgroupRoot = "/sys/fs/cgroup";

bool set_limit(int resource, rlim_t value) noexcept {
  const rlimit limit{value, value};
  return ::setrlimit(resource, &limit) == 0;
}

// Writes `text` to `path` with open/write/close only (usable between fork and exec).
bool write_raw(const char* path, const char* text, std::size_t size) noexcept {
  const int fd = ::open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok = ::write(fd, text, size) == static_cast<ssize_t>(size);
  ::close(fd);
  return ok;
}

bool write_text(const fs::path& path, const std::string& text) { return write_raw(path.c_str(), text.data(), text.size()); }

std::string read_control_file(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The value after "key " in a "key value" per line file (memory.oom_control, pids.events), else 0.
long keyed_value(const std::string& text, const std::string& key) {
  std::istringstream in(text);
  for (std::string k; in >> k;) {
    long v = 0;
    if (!(in >> v)) return 0;
    if (k == key) return v;
  }
  return 0;
}

// This process's cgroup path for `controller` (v1 "4:memory:/a/b" -> "/a/b"; v2 "0::/a" for "").
std::optional<std::string> own_cgroup(const std::string& controller) {
  std::istringstream in(read_control_file("/proc/self/cgroup"));
  for (std::string line; std::getline(in, line);) {
    const auto first = line.find(':');
    const auto second = line.find(':', first + 1);
    if (first == std::string::npos || second == std::string::npos) continue;
    std::istringstream names(line.substr(first + 1, second - first - 1));
    for (std::string name; std::getline(names, name, ',');) {
      if (name == controller) return line.substr(second + 1);
    }
    if (controller.empty() && second == first + 1) return line.substr(second + 1);
  }
  return std::nullopt;
}

std::string unique_name() {
  static std::atomic<unsigned> counter{0};
  return fmt::format("labs-grader-{}-{}", ::getpid(), counter.fetch_add(1));
}

// A child directory of this process's v1 `controller` cgroup, or empty when it cannot be created.
fs::path make_v1_group(const std::string& controller, const std::string& name) {
  const auto own = own_cgroup(controller);
  if (!own) return {};
  const fs::path dir = fs::path(kCgroupRoot) / controller / fs::path(*own).relative_path() / name;
  std::error_code ec;
  if (!fs::create_directory(dir, ec) || ec) return {};
  return dir;
}

// Stat fields of /proc/<pid>/stat after the command name: state is field 3, ppid 4, threads 20, rss 24.
struct ProcStat {
  pid_t ppid = 0;
  long threads = 0;
  long rss_pages = 0;
};

std::optional<ProcStat> proc_stat(pid_t pid) {
  const std::string stat = read_control_file(fmt::format("/proc/{}/stat", pid));
  const auto close = stat.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::istringstream in(stat.substr(close + 2));
  std::vector<std::string> fields;
  for (std::string f; in >> f && fields.size() < 22;) fields.push_back(f);
  if (fields.size() < 22) return std::nullopt;
  // fields[0] is field 3 (state), so field N is fields[N - 3].
  return ProcStat{static_cast<pid_t>(std::stol(fields[1])), std::stol(fields[17]), std::stol(fields[21])};
}

std::map<pid_t, ProcStat> all_processes() {
  std::map<pid_t, ProcStat> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/proc", ec)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    try {
      if (auto s = proc_stat(static_cast<pid_t>(std::stol(name)))) out[static_cast<pid_t>(std::stol(name))] = *s;
    } catch (const std::exception&) {
      // the process ended while we read it
    }
  }
  return out;
}

std::vector<pid_t> tree_of(pid_t root, const std::map<pid_t, ProcStat>& procs) {
  std::multimap<pid_t, pid_t> children;
  for (const auto& [pid, stat] : procs) children.emplace(stat.ppid, pid);
  std::vector<pid_t> tree{root};
  for (std::size_t i = 0; i < tree.size(); ++i) {
    auto [begin, end] = children.equal_range(tree[i]);
    for (auto it = begin; it != end; ++it) tree.push_back(it->second);
  }
  return tree;
}

std::string megabytes(std::size_t bytes) { return fmt::format("{} MB", bytes >> 20); }

}  // namespace

bool ChildLimits::apply_in_child() const noexcept {
  bool ok = set_limit(RLIMIT_CORE, 0);
  if (limits.cpu.count() > 0) ok = set_limit(RLIMIT_CPU, static_cast<rlim_t>(limits.cpu.count())) && ok;
  if (limits.address_space) ok = set_limit(RLIMIT_AS, *limits.address_space) && ok;
  ok = set_limit(RLIMIT_FSIZE, limits.file_size) && ok;
  ok = set_limit(RLIMIT_NOFILE, static_cast<rlim_t>(limits.open_files)) && ok;
  if (set_nproc) ok = set_limit(RLIMIT_NPROC, static_cast<rlim_t>(nproc)) && ok;
  char pid[24];
  const int n = ::snprintf(pid, sizeof pid, "%d", static_cast<int>(::getpid()));
  for (const auto& file : cgroup_procs_files) ok = write_raw(file.c_str(), pid, static_cast<std::size_t>(n)) && ok;
  return ok;
}

std::unique_ptr<RunCgroup> RunCgroup::create(const ResourceLimits& limits) {
  std::unique_ptr<RunCgroup> group(new RunCgroup);
  const std::string name = unique_name();
  group->memory_dir_ = make_v1_group("memory", name);
  if (!group->memory_dir_.empty()) group->dirs_.push_back(group->memory_dir_);
  group->pids_dir_ = make_v1_group("pids", name);
  if (!group->pids_dir_.empty()) group->dirs_.push_back(group->pids_dir_);
  const bool ok = !group->memory_dir_.empty() && !group->pids_dir_.empty() &&
                  write_text(group->memory_dir_ / "memory.limit_in_bytes", std::to_string(limits.memory)) &&
                  write_text(group->pids_dir_ / "pids.max", std::to_string(limits.tasks));
  // Without swap accounting memsw may be absent: the memory limit alone still bounds resident memory.
  if (ok) write_text(group->memory_dir_ / "memory.memsw.limit_in_bytes", std::to_string(limits.memory));
  if (!ok) return nullptr;  // the destructor removes what was created
  for (const auto& dir : group->dirs_) group->procs_files_.push_back((dir / "cgroup.procs").string());
  return group;
}

RunCgroup::~RunCgroup() {
  kill_all();
  for (const auto& dir : dirs_) {
    for (int attempt = 0; attempt < 100; ++attempt) {
      if (::rmdir(dir.c_str()) == 0 || errno == ENOENT) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));  // zombies still leaving the group
    }
  }
}

int RunCgroup::kill_all() {
  int killed = 0;
  for (int round = 0; round < 200; ++round) {
    bool any = false;
    for (const auto& dir : dirs_) {
      std::istringstream in(read_control_file(dir / "cgroup.procs"));
      for (pid_t pid; in >> pid;) {
        any = true;
        if (::kill(pid, SIGKILL) == 0) ++killed;
      }
    }
    if (!any) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return killed;
}

LimitBreach RunCgroup::breach(const ResourceLimits& limits) const {
  if (keyed_value(read_control_file(memory_dir_ / "memory.oom_control"), "oom_kill") > 0) {
    return {"memory", fmt::format("used more than {} of memory (all its processes together) and was killed",
                                  megabytes(limits.memory))};
  }
  if (keyed_value(read_control_file(pids_dir_ / "pids.events"), "max") > 0) {
    return {"tasks", fmt::format("tried to run more than {} processes and threads at once", limits.tasks)};
  }
  return {};
}

std::string cgroup_support() {
  ResourceLimits probe;
  if (RunCgroup::create(probe)) return "per-test cgroups (memory + pids)";
  return "no writable cgroups: memory and tasks are watched in /proc instead";
}

TreeWatch::TreeWatch(pid_t root, const ResourceLimits& limits, bool check_memory_and_tasks)
    : root_(root), limits_(limits), tree_(check_memory_and_tasks) {}

LimitBreach TreeWatch::check() {
  if (tree_) {
    const auto procs = all_processes();
    std::size_t rss = 0;
    long tasks = 0;
    for (pid_t pid : tree_of(root_, procs)) {
      if (pid != root_) seen_.insert(pid);
      auto it = procs.find(pid);
      if (it == procs.end()) continue;
      rss += static_cast<std::size_t>(it->second.rss_pages) * static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
      tasks += it->second.threads;
    }
    if (rss > limits_.memory) {
      return {"memory", fmt::format("used more than {} of memory (all its processes together) and was killed",
                                    megabytes(limits_.memory))};
    }
    if (tasks > limits_.tasks) {
      return {"tasks", fmt::format("ran more than {} processes and threads at once and was killed", limits_.tasks)};
    }
  }
  if (calls_++ % 4 == 0) {
    std::size_t bytes = 0;
    for (const auto& dir : limits_.watched_dirs) bytes += directory_bytes(dir);
    if (bytes > limits_.disk) {
      return {"disk", fmt::format("wrote more than {} of files and was killed", megabytes(limits_.disk))};
    }
  }
  return {};
}

void TreeWatch::kill_seen() const {
  for (pid_t pid : seen_) ::kill(pid, SIGKILL);
}

long nproc_bound(int tasks) {
  // /proc/loadavg: "0.00 0.01 0.05 1/123 4567": the fourth field is running/total tasks.
  std::istringstream in(read_control_file("/proc/loadavg"));
  std::string load1, load5, load15, counts;
  in >> load1 >> load5 >> load15 >> counts;
  const auto slash = counts.find('/');
  long total = 0;
  try {
    total = slash == std::string::npos ? 0 : std::stol(counts.substr(slash + 1));
  } catch (const std::exception&) {
    total = 0;
  }
  return total + tasks;
}

std::vector<pid_t> process_tree(pid_t root) { return tree_of(root, all_processes()); }

std::size_t directory_bytes(const fs::path& dir, std::size_t cap_entries) {
  std::size_t bytes = 0, seen = 0;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
       !ec && it != end && seen < cap_entries; it.increment(ec), ++seen) {
    // A file can vanish between the listing and its size (the harness renames its temporary results
    // file): file_size then fails and returns (uintmax_t)-1, which must not count as a huge file.
    std::error_code size_ec;
    if (!it->is_regular_file(size_ec)) continue;
    const std::uintmax_t size = it->file_size(size_ec);
    if (!size_ec) bytes += static_cast<std::size_t>(size);
  }
  return bytes;
}

}  // namespace grader
