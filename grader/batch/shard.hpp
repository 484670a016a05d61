// Shards of a class: which of N disjoint slices a submission belongs to, decided by its name alone.
#pragma once

#include <string>
#include <vector>

namespace grader {

// "--shard I/N": the I-th (1-based) of N slices. A default-constructed spec (1/1) is the whole class.
struct ShardSpec {
  int index = 1;
  int count = 1;

  std::string text() const;  // "2/3"
};

// Parses "I/N" with 1 <= I <= N. Throws UsageError that quotes the text and the expected form.
ShardSpec parse_shard(const std::string& text);

// The 1-based slice of `count` that owns the submission called `name`: a stable 64-bit hash of the name
// (the same on every machine, run and directory listing order) modulo `count`. Adding or removing a
// submission never moves another one to a different slice. Precondition: count >= 1.
int shard_of(const std::string& name, int count);

// The names among `names` that `shard` owns, in the given order.
std::vector<std::string> owned_names(const std::vector<std::string>& names, const ShardSpec& shard);

}  // namespace grader
