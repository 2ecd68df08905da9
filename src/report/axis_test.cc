// Tick positions and the text of values and times on the report's axes.
#include "report/axis.h"

#include <gtest/gtest.h>

#include "report/charts.h"

namespace swell::report {
namespace {

using V = std::vector<double>;

TEST(ValueTicks, CountsStepOneTwoTwoAndAHalfFiveTimesAPowerOfTen) {
  EXPECT_EQ(ValueTicks(0, 101519, ValueFormat::kCount, 6), V({0, 25e3, 50e3, 75e3, 100e3, 125e3}));
  EXPECT_EQ(ValueTicks(0, 100, ValueFormat::kCount, 6), V({0, 20, 40, 60, 80, 100}));
  EXPECT_EQ(ValueTicks(0, 1000, ValueFormat::kCount, 6), V({0, 200, 400, 600, 800, 1000}));
}

TEST(ValueTicks, CountsNeverStepByFractions) {
  EXPECT_EQ(ValueTicks(0, 12, ValueFormat::kCount, 6), V({0, 5, 10, 15}));  // not 2.5
  EXPECT_EQ(ValueTicks(0, 3, ValueFormat::kCount, 6), V({0, 1, 2, 3}));
  EXPECT_EQ(ValueTicks(0, 0, ValueFormat::kCount, 6), V({0, 1}));  // all zero: one unit
}

TEST(ValueTicks, DollarsMayStepByFractions) {
  EXPECT_EQ(ValueTicks(0, 1.3, ValueFormat::kDollars, 6), V({0, 0.5, 1, 1.5}));
  EXPECT_EQ(ValueTicks(0, 0.9, ValueFormat::kDollars, 6), V({0, 0.2, 0.4, 0.6, 0.8, 1}));
}

TEST(ValueTicks, SecondsStepByClockUnits) {
  EXPECT_EQ(ValueTicks(0, 260, ValueFormat::kSeconds, 6), V({0, 60, 120, 180, 240, 300}));
  EXPECT_EQ(ValueTicks(0, 40, ValueFormat::kSeconds, 6), V({0, 10, 20, 30, 40}));
  EXPECT_EQ(ValueTicks(0, 5 * 3600, ValueFormat::kSeconds, 6),
            V({0, 3600, 7200, 10800, 14400, 18000}));
}

TEST(ValueTicks, NegativeValuesExtendTheAxisBelowZero) {
  EXPECT_EQ(ValueTicks(-30, 70, ValueFormat::kCount, 6), V({-40, -20, 0, 20, 40, 60, 80}));
}

TEST(ValueTicks, NeverMoreThanAskedForOnPositiveAxes) {
  for (double hi : {1.0, 7.0, 13.0, 99.0, 101.0, 4321.0, 2e5, 3.3e6}) {
    for (auto f : {ValueFormat::kCount, ValueFormat::kSeconds, ValueFormat::kDollars}) {
      auto t = ValueTicks(0, hi, f, 6);
      EXPECT_LE(t.size(), 6u) << hi;
      EXPECT_GE(t.back(), hi) << hi;
      EXPECT_EQ(t.front(), 0) << hi;
    }
  }
}

TEST(TimeTicks, SmallestClockStepGivingAtMostMaxTicks) {
  auto one_hour = TimeTicks(Hours(1), 9);
  ASSERT_EQ(one_hour.size(), 7u);  // every 10 minutes, 0:00 .. 1:00
  EXPECT_EQ(one_hour[1], Minutes(10));
  EXPECT_EQ(one_hour.back(), Hours(1));
  auto short_run = TimeTicks(Seconds(90), 9);
  ASSERT_EQ(short_run.size(), 7u);  // every 15 s
  EXPECT_EQ(short_run[1], Seconds(15));
  auto two_days = TimeTicks(Hours(48), 9);
  EXPECT_EQ(two_days[1], Hours(6));
  auto long_run = TimeTicks(Hours(24 * 30), 9);
  EXPECT_EQ(long_run[1], Hours(24 * 5));
  EXPECT_LE(long_run.size(), 9u);
}

TEST(FormatClock, MinutesAndSecondsUnderAnHourElseHoursAndMinutes) {
  EXPECT_EQ(FormatClock(Seconds(125), Minutes(30)), "02:05");
  EXPECT_EQ(FormatClock(Seconds(0), Minutes(30)), "00:00");
  EXPECT_EQ(FormatClock(Minutes(59) + Seconds(59), Minutes(59) + Seconds(59)), "59:59");
  EXPECT_EQ(FormatClock(Minutes(10), Hours(1)), "0:10");
  EXPECT_EQ(FormatClock(Minutes(90) + Seconds(59), Hours(2)), "1:30");
  EXPECT_EQ(FormatClock(Hours(27), Hours(48)), "27:00");
  EXPECT_EQ(FormatClock(Seconds(-5), Minutes(10)), "-00:05");
}

TEST(FormatSi, ThreeSignificantDigitsWithSuffix) {
  EXPECT_EQ(FormatSi(0), "0");
  EXPECT_EQ(FormatSi(950), "950");
  EXPECT_EQ(FormatSi(1000), "1k");
  EXPECT_EQ(FormatSi(1500), "1.5k");
  EXPECT_EQ(FormatSi(25000), "25k");
  EXPECT_EQ(FormatSi(101519), "102k");
  EXPECT_EQ(FormatSi(999999), "1M");  // rounds up into the next suffix, not "1e+03k"
  EXPECT_EQ(FormatSi(1.2e6), "1.2M");
  EXPECT_EQ(FormatSi(3e9), "3G");
  EXPECT_EQ(FormatSi(0.25), "0.25");
  EXPECT_EQ(FormatSi(12.345), "12.3");
  EXPECT_EQ(FormatSi(-2000), "-2k");
}

TEST(FormatSeconds, TheTwoLargestUnits) {
  EXPECT_EQ(FormatSeconds(0), "0s");
  EXPECT_EQ(FormatSeconds(45), "45s");
  EXPECT_EQ(FormatSeconds(60), "1m");
  EXPECT_EQ(FormatSeconds(90), "1m30s");
  EXPECT_EQ(FormatSeconds(260), "4m20s");
  EXPECT_EQ(FormatSeconds(3600), "1h");
  EXPECT_EQ(FormatSeconds(7500), "2h05m");
  EXPECT_EQ(FormatSeconds(90000), "1d1h");
  EXPECT_EQ(FormatSeconds(0.5), "0.5s");
}

TEST(FormatValue, Dollars) {
  EXPECT_EQ(FormatValue(0, ValueFormat::kDollars), "$0");
  EXPECT_EQ(FormatValue(0.5, ValueFormat::kDollars), "$0.50");
  EXPECT_EQ(FormatValue(12, ValueFormat::kDollars), "$12");
  EXPECT_EQ(FormatValue(12.345, ValueFormat::kDollars), "$12.35");
  EXPECT_EQ(FormatValue(1234, ValueFormat::kDollars), "$1.23k");
  EXPECT_EQ(FormatValue(240, ValueFormat::kSeconds), "4m");
  EXPECT_EQ(FormatValue(240, ValueFormat::kCount), "240");
}

TEST(GlobMatch, StarMatchesAnyRun) {
  EXPECT_TRUE(GlobMatch("*.visible", "orders.visible"));
  EXPECT_TRUE(GlobMatch("*.visible", ".visible"));
  EXPECT_FALSE(GlobMatch("*.visible", "orders.visible_total"));
  EXPECT_TRUE(GlobMatch("nodes.*", "nodes.spot.arm64"));
  EXPECT_FALSE(GlobMatch("nodes.*", "nodes"));
  EXPECT_TRUE(GlobMatch("nodes", "nodes"));
  EXPECT_TRUE(GlobMatch("*a*b*", "xxaxxbxx"));
  EXPECT_FALSE(GlobMatch("*a*b", "xxaxxbxx"));
  EXPECT_TRUE(GlobMatch("*", ""));
  EXPECT_FALSE(GlobMatch("", "x"));
}

TEST(MatchColumns, PatternOrderThenColumnOrderEachOnceMinusExcluded) {
  ChartSpec spec{"x", "X", "", ValueFormat::kCount, {"*.ready", "*.replicas", "*"}, {"node*"}};
  std::vector<std::string> cols = {"a.replicas", "a.ready", "b.ready", "nodes.ready", "z"};
  EXPECT_EQ(MatchColumns(spec, cols), (std::vector<size_t>{1, 2, 0, 4}));
}

TEST(DefaultCharts, NodeColumnsStayOutOfPodCharts) {
  const std::vector<std::string> cols = {"w.replicas",      "w.ready",       "w.pending",
                                         "nodes.ready",     "nodes.pending", "nodes",
                                         "nodes.spot.arm64"};
  for (const ChartSpec& c : DefaultCharts()) {
    for (size_t i : MatchColumns(c, cols)) {
      if (cols[i].rfind("nodes", 0) == 0) {
        EXPECT_EQ(c.id, "nodes") << cols[i];
      }
    }
  }
}

}  // namespace
}  // namespace swell::report
