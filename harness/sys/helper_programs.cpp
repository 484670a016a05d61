// The helper programs students exec: lab-gen, lab-xform, lab-count, lab-head, lab-sleep, lab-exit.
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "harness/processes.hpp"

namespace harness::processes {
namespace {

constexpr std::size_t kChunk = 16 * 1024;

bool write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n, size -= static_cast<std::size_t>(n);
  }
  return true;
}

// Reads a chunk of standard input; 0 at end of file or on error.
std::size_t read_chunk(char* buffer) {
  for (;;) {
    const ssize_t n = ::read(0, buffer, kChunk);
    if (n < 0 && errno == EINTR) continue;
    return n < 0 ? 0 : static_cast<std::size_t>(n);
  }
}

std::size_t number(const char* text) { return text == nullptr ? 0 : std::strtoull(text, nullptr, 10); }

int gen(std::size_t bytes) {
  std::size_t offset = 0;
  while (offset < bytes) {
    const std::string chunk = generated_text(offset, std::min(kChunk, bytes - offset));
    if (!write_all(1, chunk.data(), chunk.size())) return 1;
    offset += chunk.size();
  }
  return 0;
}

int xform() {
  char buffer[kChunk];
  while (const std::size_t n = read_chunk(buffer)) {
    for (std::size_t i = 0; i < n; ++i) buffer[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(buffer[i])));
    if (!write_all(1, buffer, n)) return 1;
  }
  return 0;
}

int count() {
  char buffer[kChunk];
  CountState state;
  while (const std::size_t n = read_chunk(buffer)) state.add(std::string_view(buffer, n));
  const std::string line = state.line();
  return write_all(1, line.data(), line.size()) ? 0 : 1;
}

int head(std::size_t bytes) {
  char buffer[kChunk];
  while (bytes > 0) {
    const std::size_t n = read_chunk(buffer);
    if (n == 0) break;
    const std::size_t keep = std::min(n, bytes);
    if (!write_all(1, buffer, keep)) return 1;
    bytes -= keep;
  }
  return 0;
}

void sleep_ms(std::size_t ms) {
  timespec left{static_cast<time_t>(ms / 1000), static_cast<long>(ms % 1000) * 1'000'000};
  while (::nanosleep(&left, &left) != 0 && errno == EINTR) {
  }
}

// Sleeps `ms`, after starting `children` processes of its own (in its process group) that sleep too.
int sleeper(std::size_t ms, std::size_t children) {
  for (std::size_t i = 0; i < children; ++i) {
    const pid_t pid = ::fork();
    if (pid == 0) {
      ::prctl(PR_SET_NAME, "lab-sleep-kid");
      sleep_ms(ms);
      ::_exit(0);
    }
  }
  sleep_ms(ms);
  return 0;
}

int exit_with(int code, bool drain) {
  char buffer[kChunk];
  while (drain && read_chunk(buffer) > 0) {
  }
  return code;
}

}  // namespace

std::string generated_text(std::size_t offset, std::size_t bytes) {
  constexpr std::size_t kLine = 24;  // "line 0000042 of lab-gen\n"
  std::string text;
  text.reserve(bytes + kLine);
  for (std::size_t line = offset / kLine; text.size() < bytes + offset % kLine; ++line) {
    char buffer[kLine + 1];
    std::snprintf(buffer, sizeof buffer, "line %07zu of lab-gen\n", line % 10'000'000);
    text.append(buffer, kLine);
  }
  return text.substr(offset % kLine, bytes);
}

void CountState::add(std::string_view data) {
  for (const char c : data) hash = (hash ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
  bytes += data.size();
}

std::string CountState::line() const {
  char text[64];
  std::snprintf(text, sizeof text, "%zu %016llx\n", bytes, static_cast<unsigned long long>(hash));
  return text;
}

bool is_helper_program(const char* name) noexcept {
  for (const char* helper : {"lab-gen", "lab-xform", "lab-count", "lab-head", "lab-sleep", "lab-exit"}) {
    if (std::strcmp(name, helper) == 0) return true;
  }
  return false;
}

int run_helper_program(int argc, char** argv) {
  if (argc < 2 || !is_helper_program(argv[1])) {
    std::fprintf(stderr, "%s: no such helper program\n", argc < 2 ? "" : argv[1]);
    return 127;
  }
  const std::string_view name = argv[1];
  ::prctl(PR_SET_NAME, argv[1]);
  ::signal(SIGPIPE, SIG_DFL);
  const char* arg = argc > 2 ? argv[2] : nullptr;
  if (name == "lab-gen") return gen(number(arg));
  if (name == "lab-xform") return xform();
  if (name == "lab-count") return count();
  if (name == "lab-head") return head(number(arg));
  if (name == "lab-sleep") return sleeper(number(arg), number(argc > 3 ? argv[3] : nullptr));
  return exit_with(static_cast<int>(number(arg)), argc > 3 && std::strcmp(argv[3], "--drain") == 0);
}

}  // namespace harness::processes
