// Schedule strings: encoding and decoding round-trip, and malformed strings are refused with a reason.
#include <gtest/gtest.h>

#include "controlled_runtime.hpp"

namespace harness::controlled {
namespace {

TEST(ScheduleString, RoundTrips) {
  const std::vector<Deviation> deviations = {{0, 1}, {3, 0}, {120, 2}, {121, 30}};
  const std::string text = encode_schedule(deviations);
  EXPECT_EQ(text, "1:0b3a117c1E");
  std::vector<Deviation> decoded;
  std::string error;
  ASSERT_TRUE(decode_schedule(text, decoded, error)) << error;
  ASSERT_EQ(decoded.size(), deviations.size());
  for (std::size_t i = 0; i < decoded.size(); ++i) {
    EXPECT_EQ(decoded[i].step, deviations[i].step);
    EXPECT_EQ(decoded[i].thread, deviations[i].thread);
  }
}

TEST(ScheduleString, EmptyIsTheDefaultSchedule) {
  std::vector<Deviation> decoded{{1, 1}};
  std::string error;
  ASSERT_TRUE(decode_schedule("1:", decoded, error));
  EXPECT_TRUE(decoded.empty());
}

TEST(ScheduleString, RefusesMalformed) {
  for (const char* bad : {"", "2:1a", "1:b", "1:12", "1:3-a", "banana"}) {
    std::vector<Deviation> decoded;
    std::string error;
    EXPECT_FALSE(decode_schedule(bad, decoded, error)) << bad;
    EXPECT_FALSE(error.empty()) << bad;
  }
}

}  // namespace
}  // namespace harness::controlled
