// symbolize_trace: the student's file and line of each plain access in a trace, from its code address (addr2line);
// accesses of our lab:: header code compiled into the student's objects (a source location read) are left out.
#include <dlfcn.h>
#include <elf.h>
#include <link.h>
#include <unistd.h>

#include <cstdio>
#include <map>
#include <set>

#include "controlled_runtime.hpp"
#include "evidence.hpp"

namespace harness::controlled {
namespace {

struct Where {
  std::string file;
  std::uint32_t line = 0;
  // Our lab:: header code, inlined into the student's, reading a std::source_location (a lab::atomic
  // member building its call site, a lab::Pte method): the innermost frame is <source_location> and the
  // next one outside the system headers a lab:: header. Not the student's access, racing with nothing;
  // the trace showed it as "L46 plain read (4 bytes) → 18", a line number.
  int frames = 0;               // frames of the inline chain seen so far, innermost first
  bool reads_location = false;  // the innermost frame is <source_location>
  bool decided = false;         // a frame outside the system headers was seen
  bool internal = false;
  bool harness_internal() const { return internal; }
};

// The lab:: headers as addr2line names them: absolute, or relative to the directory they were compiled in.
bool lab_header(const std::string& file) {
  return is_harness_file(file.c_str()) || file.find("harness/include/lab/") != std::string::npos;
}

// The object file holding `pc` and the address addr2line expects for it (position-independent objects are
// looked up relative to their load address).
bool locate(std::uintptr_t pc, std::string& object, std::uintptr_t& address) {
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(pc), &info) == 0 || info.dli_fbase == nullptr) return false;
  const auto* header = static_cast<const ElfW(Ehdr)*>(info.dli_fbase);
  address = header->e_type == ET_EXEC ? pc : pc - reinterpret_cast<std::uintptr_t>(info.dli_fbase);
  object = info.dli_fname != nullptr ? info.dli_fname : "";
  if (object.empty() || object.find('/') == std::string::npos) {  // the main program
    char path[4096];
    const ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
    if (n <= 0) return false;
    object.assign(path, static_cast<std::size_t>(n));
  }
  return true;
}

std::string quoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Code the student did not write: the system headers and the harness's (lab::Pte's inline methods).
bool foreign(const std::string& file) { return file.rfind("/usr/", 0) == 0 || is_harness_file(file.c_str()); }

// The innermost frame of the student's own code: for a plain access inside an inlined std::vector or
// lab::Pte method, the student's line that called it.
bool better(const Where& candidate, const Where& chosen) {
  return chosen.file.empty() || (!foreign(candidate.file) && foreign(chosen.file));
}

// Runs `addr2line -i -a` once for all `addresses` of `object`; the result is keyed by address.
std::map<std::uintptr_t, Where> addr2line(const std::string& object, const std::set<std::uintptr_t>& addresses) {
  std::string command = "addr2line -i -a -e " + quoted(object);
  for (std::uintptr_t a : addresses) {
    char hex[32];
    std::snprintf(hex, sizeof hex, " %#lx", static_cast<unsigned long>(a - 1));  // the call, not the return
    command += hex;
  }
  std::map<std::uintptr_t, Where> found;
  FILE* out = popen((command + " 2>/dev/null").c_str(), "r");
  if (out == nullptr) return found;
  char buffer[4096];
  std::uintptr_t current = 0;
  while (std::fgets(buffer, sizeof buffer, out) != nullptr) {
    std::string text(buffer);
    if (text.rfind("0x", 0) == 0) {
      current = static_cast<std::uintptr_t>(std::stoull(text, nullptr, 16)) + 1;
      continue;
    }
    const auto colon = text.rfind(':');
    if (colon == std::string::npos || text.rfind("??", 0) == 0) continue;
    Where where{text.substr(0, colon), static_cast<std::uint32_t>(std::strtoul(text.c_str() + colon + 1, nullptr, 10))};
    if (where.line == 0) continue;
    Where& chosen = found[current];
    // addr2line -i prints the innermost inlined frame first.
    if (chosen.frames++ == 0) chosen.reads_location = where.file.ends_with("/source_location");
    if (!chosen.decided && where.file.rfind("/usr/", 0) != 0) {
      chosen.decided = true;
      chosen.internal = chosen.reads_location && lab_header(where.file);
    }
    if (better(where, chosen)) {
      chosen.file = where.file;
      chosen.line = where.line;
    }
  }
  pclose(out);
  return found;
}

}  // namespace

void symbolize_trace(std::vector<TraceStep>& trace) {
  std::map<std::string, std::set<std::uintptr_t>> wanted;  // object -> addresses in it
  std::map<std::uintptr_t, std::pair<std::string, std::uintptr_t>> where_is;  // pc -> (object, address)
  for (const TraceStep& t : trace) {
    if (t.pc == 0 || !t.file.empty() || where_is.count(t.pc) != 0) continue;
    std::string object;
    std::uintptr_t address = 0;
    if (!locate(t.pc, object, address)) continue;
    wanted[object].insert(address);
    where_is[t.pc] = {object, address};
  }
  std::map<std::string, std::map<std::uintptr_t, Where>> lines;
  for (const auto& [object, addresses] : wanted) lines[object] = addr2line(object, addresses);
  std::vector<TraceStep> kept;
  bool carry_preemption = false;  // a dropped step's preemption mark moves to the next step shown
  for (TraceStep& t : trace) {
    const auto at = where_is.find(t.pc);
    const Where* where = nullptr;
    if (at != where_is.end()) {
      const auto& by_address = lines[at->second.first];
      const auto hit = by_address.find(at->second.second);
      if (hit != by_address.end()) where = &hit->second;
    }
    if (where != nullptr && where->harness_internal()) {
      carry_preemption = carry_preemption || t.preempted;
      continue;
    }
    if (where != nullptr) {
      t.file = where->file;
      t.line = where->line;
    }
    t.preempted = t.preempted || carry_preemption;
    carry_preemption = false;
    kept.push_back(std::move(t));
  }
  trace = std::move(kept);
}

}  // namespace harness::controlled
