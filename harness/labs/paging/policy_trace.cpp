// Reference strings, traces and the names of the paging lab's policies.
#include "policy_trace.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace paging_lab {

const char* policy_name(PolicyKind kind) {
  switch (kind) {
    case PolicyKind::fifo: return "FIFO";
    case PolicyKind::lru: return "LRU";
    case PolicyKind::clock: return "CLOCK";
    case PolicyKind::opt: return "OPT";
  }
  return "?";
}

std::optional<PolicyKind> parse_policy(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (lower == "fifo") return PolicyKind::fifo;
  if (lower == "lru") return PolicyKind::lru;
  if (lower == "clock") return PolicyKind::clock;
  if (lower == "opt") return PolicyKind::opt;
  return std::nullopt;
}

std::vector<std::uint64_t> accesses_of(const std::vector<Ref>& refs) {
  std::vector<std::uint64_t> pages;
  for (const Ref& r : refs) {
    if (!r.unmap) pages.push_back(r.page);
  }
  return pages;
}

std::vector<Ref> refs_of(const std::vector<std::uint64_t>& pages) {
  std::vector<Ref> refs;
  for (std::uint64_t p : pages) refs.push_back(Ref{p, false});
  return refs;
}

std::string refs_text(const std::vector<Ref>& refs) {
  std::string out;
  for (std::size_t i = 0; i < refs.size(); ++i) {
    out += (i ? "," : "") + std::string(refs[i].unmap ? "u" : "") + std::to_string(refs[i].page);
  }
  return out;
}

std::vector<Ref> parse_refs(const std::string& text) {
  std::vector<Ref> refs;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    std::string item;
    for (std::size_t i = start; i < comma; ++i) {
      if (!std::isspace(static_cast<unsigned char>(text[i]))) item += text[i];
    }
    Ref ref;
    std::string digits = item;
    if (!digits.empty() && (digits[0] == 'u' || digits[0] == 'U')) {
      ref.unmap = true;
      digits.erase(0, 1);
    }
    if (digits.empty() || digits.size() > 18 ||
        !std::all_of(digits.begin(), digits.end(), [](unsigned char c) { return std::isdigit(c); })) {
      throw std::invalid_argument("'" + item + "' is not a page number (or uN, an unmap of page N)");
    }
    ref.page = std::stoull(digits);
    refs.push_back(ref);
    start = comma + 1;
  }
  return refs;
}

std::string pages_text(const std::vector<std::uint64_t>& pages) {
  std::string out;
  for (std::size_t i = 0; i < pages.size(); ++i) out += (i ? "," : "") + std::to_string(pages[i]);
  return out;
}

std::string memory_text(const std::vector<std::uint64_t>& memory) {
  std::string out = "[";
  for (std::size_t i = 0; i < memory.size(); ++i) out += (i ? ", " : "") + std::to_string(memory[i]);
  return out + "]";
}

const char* left_label(PolicyKind kind) {
  switch (kind) {
    case PolicyKind::fifo: return "FirstIn";
    case PolicyKind::lru: return "LRU";
    default: return "Left ";
  }
}

const char* right_label(PolicyKind kind) {
  switch (kind) {
    case PolicyKind::fifo: return "Lastin ";
    case PolicyKind::lru: return "MRU";
    default: return "Right";
  }
}

}  // namespace paging_lab
