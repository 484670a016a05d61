// Schedule strings: "1:" then, per deviation from the default choice, the step delta and the thread letter.
#include <cctype>

#include "controlled_runtime.hpp"

namespace harness::controlled {
namespace {

constexpr const char* kVersion = "1:";

int letter_id(char c) {
  if (c >= 'a' && c <= 'z') return c - 'a';
  if (c >= 'A' && c <= 'Z') return 26 + (c - 'A');
  return -1;
}

}  // namespace

char thread_letter(int id) noexcept {
  if (id >= 0 && id < 26) return static_cast<char>('a' + id);
  if (id >= 26 && id < kMaxThreads) return static_cast<char>('A' + (id - 26));
  return '?';
}

std::string encode_schedule(const std::vector<Deviation>& deviations) {
  std::string text = kVersion;
  long previous = 0;
  for (const Deviation& d : deviations) {
    text += std::to_string(d.step - previous);
    text += thread_letter(d.thread);
    previous = d.step;
  }
  return text;
}

bool decode_schedule(const std::string& text, std::vector<Deviation>& deviations, std::string& error) {
  deviations.clear();
  if (!text.starts_with(kVersion)) {
    error = "a schedule string starts with \"1:\"";
    return false;
  }
  long step = 0;
  long delta = -1;
  for (std::size_t i = 2; i < text.size(); ++i) {
    const char c = text[i];
    if (std::isdigit(static_cast<unsigned char>(c))) {
      delta = (delta < 0 ? 0 : delta) * 10 + (c - '0');
      if (delta > 1'000'000'000) break;
    } else if (letter_id(c) >= 0 && delta >= 0) {
      step += delta;
      deviations.push_back({step, letter_id(c)});
      delta = -1;
    } else {
      error = std::string("unexpected '") + c + "' at position " + std::to_string(i + 1) + " of the schedule string";
      return false;
    }
  }
  if (delta >= 0) {
    error = "the schedule string ends with a number but no thread letter";
    return false;
  }
  return true;
}

}  // namespace harness::controlled
