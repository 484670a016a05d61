// Bubblewrap: probing it once, building its command line, and the process-wide --sandbox choice.
#include "sandbox.hpp"

#include <boost/process/search_path.hpp>
#include <cstdlib>
#include <iostream>
#include <mutex>

#include "runner.hpp"

namespace grader {

namespace fs = std::filesystem;

namespace {

constexpr const char* kInstallHint = "not isolated: bubblewrap is not installed (apt-get install bubblewrap)";

// Files of /etc that compilers and the dynamic loader read; the rest of /etc (secrets, configuration)
// stays out of the sandbox.
const std::vector<std::string> kEtcFiles = {"/etc/alternatives", "/etc/ld.so.cache", "/etc/ld.so.conf",
                                            "/etc/ld.so.conf.d", "/etc/localtime",   "/etc/passwd",
                                            "/etc/group"};

// /usr read-only, and the top-level links or directories that lead into it on this machine.
void add_system(std::vector<std::string>& a) {
  a.insert(a.end(), {"--ro-bind", "/usr", "/usr"});
  for (const char* top : {"/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"}) {
    std::error_code ec;
    const auto status = fs::symlink_status(top, ec);
    if (ec || !fs::exists(status)) continue;
    if (fs::is_symlink(status)) {
      a.insert(a.end(), {"--symlink", fs::read_symlink(top, ec).string(), top});
    } else {
      a.insert(a.end(), {"--ro-bind", top, top});
    }
  }
  for (const auto& file : kEtcFiles) a.insert(a.end(), {"--ro-bind-try", file, file});
}

fs::path find_bwrap() {
  if (const char* forced = std::getenv("LABS_BWRAP")) {
    const std::string value(forced);
    if (value.empty() || value == "none") return {};
    return value;
  }
  return boost::process::search_path("bwrap").string();
}

SandboxSupport probe() {
  SandboxSupport s;
  s.bwrap = find_bwrap();
  if (s.bwrap.empty() || !fs::exists(s.bwrap)) {
    s.warning = kInstallHint;
    return s;
  }
  RunRequest r;
  r.program = s.bwrap;
  r.args = bwrap_arguments({}, "/bin/true", {}, {}, "/");
  r.cwd = "/";
  r.timeout = std::chrono::seconds(20);
  const RunOutcome ran = run_process(r);
  s.available = ran.exited_ok();
  if (!s.available) {
    std::string why = ran.output.substr(0, ran.output.find('\n'));
    s.warning = "not isolated: bubblewrap cannot create its namespaces on this machine (" +
                (why.empty() ? ran.start_error : why) + ")";
  }
  return s;
}

std::mutex choice_mutex;
std::optional<bool> choice;

}  // namespace

const SandboxSupport& sandbox_support() {
  static const SandboxSupport support = probe();
  return support;
}

void warn_once_if_not_isolated() {
  static std::once_flag once;
  if (sandbox_support().available) return;
  std::call_once(once, [] { std::cerr << sandbox_support().warning << "\n"; });
}

std::vector<std::string> bwrap_arguments(const SandboxSpec& spec, const fs::path& program,
                                         const std::vector<std::string>& args,
                                         const std::map<std::string, std::string>& env, const fs::path& cwd) {
  std::vector<std::string> a = {"--unshare-all", "--die-with-parent", "--new-session", "--uid", "65534",
                                "--gid",         "65534",             "--hostname",    "sandbox"};
  a.insert(a.end(), {"--proc", "/proc", "--dev", "/dev", "--size", std::to_string(spec.tmp_size), "--tmpfs", "/tmp"});
  add_system(a);
  for (const auto& path : spec.read_only) a.insert(a.end(), {"--ro-bind", path.string(), path.string()});
  for (const auto& path : spec.writable) a.insert(a.end(), {"--bind", path.string(), path.string()});
  a.insert(a.end(), {"--remount-ro", "/"});  // the root tmpfs has no size cap: nothing may be written there
  a.push_back("--clearenv");
  for (const auto& [key, value] : env) a.insert(a.end(), {"--setenv", key, value});
  a.insert(a.end(), {"--chdir", cwd.string(), "--", program.string()});
  a.insert(a.end(), args.begin(), args.end());
  return a;
}

int signal_from_bwrap_status(int exit_code) { return exit_code > 128 && exit_code < 128 + 65 ? exit_code - 128 : 0; }

void set_sandbox_choice(std::optional<bool> value) {
  std::lock_guard lock(choice_mutex);
  choice = value;
}

std::optional<bool> sandbox_choice() {
  std::lock_guard lock(choice_mutex);
  return choice;
}

}  // namespace grader
