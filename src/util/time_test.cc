#include "util/time.h"

#include <gtest/gtest.h>

namespace swell {
namespace {

TEST(Time, GoDurationFormat) {
  EXPECT_EQ(FormatGoDuration(Duration(0)), "0s");
  EXPECT_EQ(FormatGoDuration(Seconds(90)), "1m30s");
  EXPECT_EQ(FormatGoDuration(Hours(720)), "720h0m0s");
  EXPECT_EQ(FormatGoDuration(Milliseconds(250)), "250ms");
  EXPECT_EQ(FormatGoDuration(Milliseconds(1500)), "1.5s");
}

TEST(Time, Rfc3339) {
  TimePoint t;
  ASSERT_TRUE(ParseRfc3339("2026-11-27T02:00:00Z", &t));
  EXPECT_EQ(FormatRfc3339(t), "2026-11-27T02:00:00Z");
  EXPECT_FALSE(ParseRfc3339("2026-02-30T00:00:00Z", &t));
  EXPECT_FALSE(ParseRfc3339("yesterday", &t));
}

}  // namespace
}  // namespace swell
