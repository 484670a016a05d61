// Shard assignment by a stable hash of the submission's name, and the "--shard I/N" syntax.
#include "shard.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cstdint>

#include "app_context.hpp"
#include "paths.hpp"

namespace grader {

namespace {

// FNV-1a's low bits are weak for short, similar names ("s01", "s02"); a 64-bit finalizer (splitmix64)
// spreads every input bit over the bits the modulo keeps, so slices come out evenly sized.
std::uint64_t mixed(std::uint64_t x) {
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

bool parse_int(std::string_view text, int& value) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() && !text.empty();
}

}  // namespace

std::string ShardSpec::text() const { return fmt::format("{}/{}", index, count); }

ShardSpec parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  ShardSpec shard;
  if (slash == std::string::npos || !parse_int(std::string_view(text).substr(0, slash), shard.index) ||
      !parse_int(std::string_view(text).substr(slash + 1), shard.count) || shard.count < 1 || shard.index < 1 ||
      shard.index > shard.count) {
    throw UsageError(fmt::format("--shard '{}': expected I/N with 1 <= I <= N, e.g. --shard 2/3 grades the second "
                                 "of three slices", text));
  }
  return shard;
}

int shard_of(const std::string& name, int count) {
  return static_cast<int>(mixed(stable_hash(name)) % static_cast<std::uint64_t>(count)) + 1;
}

std::vector<std::string> owned_names(const std::vector<std::string>& names, const ShardSpec& shard) {
  std::vector<std::string> owned;
  for (const auto& name : names) {
    if (shard_of(name, shard.count) == shard.index) owned.push_back(name);
  }
  return owned;
}

}  // namespace grader
