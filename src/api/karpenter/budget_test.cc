// Budget math with fixed times (karpenter.md §1.1 "Budget math", §3.5).
#include "api/karpenter/budget.h"

#include <gtest/gtest.h>

#include "api/karpenter/test_util.h"

namespace swell::api::karpenter {
namespace {

TimePoint At(std::string_view rfc3339) {
  TimePoint t;
  EXPECT_TRUE(ParseRfc3339(rfc3339, &t)) << rfc3339;
  return t;
}

Budget Make(std::string nodes, std::optional<std::string> schedule = std::nullopt,
            std::optional<Duration> duration = std::nullopt,
            std::vector<std::string> reasons = {}) {
  Budget b;
  b.nodes = std::move(nodes);
  b.schedule = std::move(schedule);
  if (duration) b.duration = GoDuration{FormatGoDuration(*duration), *duration};
  b.reasons = std::move(reasons);
  return b;
}

NodePool PoolWith(std::optional<std::vector<Budget>> budgets) {
  NodePool np;
  np.spec.disruption.budgets = std::move(budgets);
  return np;
}

TEST(BudgetIsActive, WithoutScheduleAlwaysActive) {
  auto active = IsActive(Make("10%"), At("2026-11-27T03:00:00Z"));
  ASSERT_TRUE(active.ok());
  EXPECT_TRUE(*active);
}

// "0 9 * * *" for 8h: active from 09:00 up to, not including, 17:00 UTC.
TEST(BudgetIsActive, WindowIsHalfOpenAfterEachFiring) {
  Budget b = Make("0", "0 9 * * *", Hours(8));
  auto check = [&](std::string_view t, bool want) {
    auto active = IsActive(b, At(t));
    ASSERT_TRUE(active.ok()) << active.status().ToString();
    EXPECT_EQ(*active, want) << t;
  };
  check("2026-11-27T08:59:59Z", false);
  check("2026-11-27T09:00:00Z", true);
  check("2026-11-27T12:30:00Z", true);
  check("2026-11-27T16:59:59Z", true);
  check("2026-11-27T17:00:00Z", false);
  check("2026-11-27T23:00:00Z", false);
}

TEST(BudgetIsActive, WeekdayScheduleSkipsTheWeekend) {
  Budget b = Make("0", "0 9 * * mon-fri", Hours(8));
  EXPECT_TRUE(*IsActive(b, At("2026-11-27T10:00:00Z")));   // Friday
  EXPECT_FALSE(*IsActive(b, At("2026-11-28T10:00:00Z")));  // Saturday
}

TEST(BudgetIsActive, WindowSpanningMidnight) {
  Budget b = Make("0", "@daily", Hours(2));  // 00:00-02:00
  EXPECT_TRUE(*IsActive(b, At("2026-11-27T01:59:00Z")));
  EXPECT_FALSE(*IsActive(b, At("2026-11-27T02:00:00Z")));
  Budget late = Make("0", "0 23 * * *", Hours(3));  // 23:00-02:00
  EXPECT_TRUE(*IsActive(late, At("2026-11-28T01:00:00Z")));
  EXPECT_FALSE(*IsActive(late, At("2026-11-28T02:00:00Z")));
}

TEST(BudgetIsActive, MisconfiguredIsAnError) {
  EXPECT_FALSE(IsActive(Make("0", "not a cron", Hours(1)), At("2026-11-27T00:00:00Z")).ok());
  // A duration without a schedule parses "TZ=UTC " upstream: an empty cron spec.
  EXPECT_FALSE(IsActive(Make("0", std::nullopt, Hours(1)), At("2026-11-27T00:00:00Z")).ok());
}

// Go reads a missing duration as 0: the window [fire, fire) is empty.
TEST(BudgetIsActive, ScheduleWithoutDurationIsNeverActive) {
  auto active = IsActive(Make("0", "@hourly"), At("2026-11-27T00:00:00Z"));
  ASSERT_TRUE(active.ok());
  EXPECT_FALSE(*active);
  EXPECT_FALSE(IsActive(Make("0", std::nullopt, Hours(1)), At("2026-11-27T00:00:00Z")).ok());
}

TEST(BudgetAllowed, PercentRoundsUpAndIntegersAreLiteral) {
  TimePoint now = At("2026-11-27T00:00:00Z");
  EXPECT_EQ(*AllowedDisruptions(Make("10%"), 25, now), 3);  // ceil(2.5)
  EXPECT_EQ(*AllowedDisruptions(Make("10%"), 10, now), 1);
  EXPECT_EQ(*AllowedDisruptions(Make("10%"), 1, now), 1);
  EXPECT_EQ(*AllowedDisruptions(Make("10%"), 0, now), 0);
  EXPECT_EQ(*AllowedDisruptions(Make("0%"), 100, now), 0);
  EXPECT_EQ(*AllowedDisruptions(Make("100%"), 7, now), 7);
  EXPECT_EQ(*AllowedDisruptions(Make("5"), 3, now), 5);
  EXPECT_EQ(*AllowedDisruptions(Make("0"), 3, now), 0);
  EXPECT_EQ(*AllowedDisruptions(Make(""), 25, now), 3);  // CRD default 10%
  EXPECT_FALSE(AllowedDisruptions(Make("ten"), 3, now).ok());
  EXPECT_FALSE(AllowedDisruptions(Make("x%"), 3, now).ok());
}

TEST(BudgetAllowed, InactiveBudgetIsUnlimited) {
  Budget b = Make("0", "0 9 * * *", Hours(1));
  EXPECT_EQ(*AllowedDisruptions(b, 10, At("2026-11-27T12:00:00Z")), kUnlimitedDisruptions);
  EXPECT_EQ(*AllowedDisruptions(b, 10, At("2026-11-27T09:30:00Z")), 0);
}

TEST(NodePoolAllowed, MinimumOverBudgetsThatApplyToTheReason) {
  NodePool np = PoolWith(
      std::vector<Budget>{Make("20%"), Make("0", std::nullopt, std::nullopt, {"Drifted"}),
                          Make("1", std::nullopt, std::nullopt, {"Empty", "Underutilized"})});
  TimePoint now = At("2026-11-27T00:00:00Z");
  EXPECT_EQ(AllowedDisruptions(np, 50, "Drifted", now), 0);
  EXPECT_EQ(AllowedDisruptions(np, 50, "Empty", now), 1);
  EXPECT_EQ(AllowedDisruptions(np, 50, "Underutilized", now), 1);
  NodePool only_drift =
      PoolWith(std::vector<Budget>{Make("0", std::nullopt, std::nullopt, {"Drifted"})});
  EXPECT_EQ(AllowedDisruptions(only_drift, 50, "Empty", now), kUnlimitedDisruptions);
}

// The disruption-budget docs' example: no disruption 09:00-17:00 on weekdays, else 10%.
TEST(NodePoolAllowed, ScheduledBlackout) {
  NodePool np = PoolWith(std::vector<Budget>{Make("10%"), Make("0", "0 9 * * mon-fri", Hours(8))});
  EXPECT_EQ(AllowedDisruptions(np, 30, "Empty", At("2026-11-27T10:00:00Z")), 0);  // Friday
  EXPECT_EQ(AllowedDisruptions(np, 30, "Empty", At("2026-11-27T18:00:00Z")), 3);
  EXPECT_EQ(AllowedDisruptions(np, 30, "Empty", At("2026-11-28T10:00:00Z")), 3);  // Saturday
}

TEST(NodePoolAllowed, DefaultsAndEmptyList) {
  TimePoint now = At("2026-11-27T00:00:00Z");
  EXPECT_EQ(AllowedDisruptions(PoolWith(std::nullopt), 25, "Drifted", now), 3);
  EXPECT_EQ(AllowedDisruptions(PoolWith(std::vector<Budget>{}), 25, "Drifted", now),
            kUnlimitedDisruptions);
}

TEST(NodePoolAllowed, AnyMisconfiguredBudgetFailsClosed) {
  TimePoint now = At("2026-11-27T00:00:00Z");
  NodePool np =
      PoolWith(std::vector<Budget>{Make("10%"), Make("0", "bogus", Hours(1), {"Drifted"})});
  EXPECT_EQ(AllowedDisruptions(np, 100, "Drifted", now), 0);
  EXPECT_EQ(AllowedDisruptions(np, 100, "Empty", now), 0);
}

}  // namespace
}  // namespace swell::api::karpenter
