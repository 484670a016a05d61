// symbolize_trace: the student's file and line of each plain access in a trace, from its code address (addr2line).
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
};

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
    if (better(where, chosen)) chosen = where;
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
  for (TraceStep& t : trace) {
    const auto at = where_is.find(t.pc);
    if (at == where_is.end()) continue;
    const auto& by_address = lines[at->second.first];
    const auto hit = by_address.find(at->second.second);
    if (hit == by_address.end()) continue;
    t.file = hit->second.file;
    t.line = hit->second.line;
  }
}

}  // namespace harness::controlled
