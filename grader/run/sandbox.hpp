// The sandbox of untrusted processes: the bubblewrap command line, its availability, and the choice to use it.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "resource_limits.hpp"

namespace grader {

// What a sandboxed process sees besides the system directories (/usr and its /bin, /lib... links, a few
// files of /etc). Everything else of the host — the repository, solutions/, tests/, other submissions,
// the grades directory — does not exist inside. Paths are bound at the same path inside.
struct SandboxSpec {
  std::vector<std::filesystem::path> read_only;  // files or directories, read-only
  std::vector<std::filesystem::path> writable;   // directories the process may write (run or build dir)
  std::size_t tmp_size = 64u << 20;              // the private /tmp (tmpfs) in bytes
};

// How the runner confines one process tree. `sandbox` false (or bubblewrap missing) leaves only the
// limits and the process group: the process then sees the whole machine as the grader's user.
struct Isolation {
  bool sandbox = false;
  SandboxSpec mounts;
  ResourceLimits limits;
};

// Whether bubblewrap can be used on this machine; probed once per process (thread-safe).
struct SandboxSupport {
  bool available = false;
  std::filesystem::path bwrap;  // the bwrap executable
  std::string warning;          // when not available: the one line to print ("not isolated: ...")
};
const SandboxSupport& sandbox_support();

// Prints sandbox_support().warning to stderr, once per process, when a sandboxed run falls back.
void warn_once_if_not_isolated();

// The bwrap arguments (without the bwrap program itself) that run `program args` in `cwd` under
// `spec` with exactly the environment `env`: no network, new PID/IPC/UTS/user/cgroup namespaces, a new
// session, killed with the grader, uid/gid 65534, read-only system, private size-capped /tmp.
std::vector<std::string> bwrap_arguments(const SandboxSpec& spec, const std::filesystem::path& program,
                                         const std::vector<std::string>& args,
                                         const std::map<std::string, std::string>& env,
                                         const std::filesystem::path& cwd);

// bwrap reports a child killed by signal S as exit status 128+S; returns S for such a status, else 0.
int signal_from_bwrap_status(int exit_code);

// The --sandbox / --no-sandbox choice of the command line for this process (unset: by purpose, see
// use_sandbox in pipeline.cpp).
void set_sandbox_choice(std::optional<bool> choice);
std::optional<bool> sandbox_choice();

}  // namespace grader
