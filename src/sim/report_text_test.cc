// The terminal summary's milestone section: the article's flow table 01-06 (../shared/seed/
// article.txt, "End-to-End Architecture Flow"), with "—" for the steps a run does not have.
#include <gtest/gtest.h>

#include <regex>

#include "sim/test_util.h"
#include "sim/world.h"

namespace swell::sim {
namespace {

using testing::T0;

Summary Base() {
  Summary s;
  s.start = T0();
  s.end = T0() + Hours(1);
  s.burst_start = T0() + Minutes(2);
  return s;
}

TEST(FlowMilestones, NineStepsInTheArticlesOrder) {
  const auto m = FlowMilestones(Base());
  ASSERT_EQ(m.size(), 9u);
  const std::vector<std::string> names = {
      "burst start",          "first scale-up decision", "first pod pending", "first node launched",
      "first node ready",     "all pods running",        "queue drained",     "pods at zero",
      "last worker node gone"};
  for (size_t i = 0; i < m.size(); i++) EXPECT_EQ(m[i].name, names[i]);
  EXPECT_EQ(m[0].step, "01");
  EXPECT_EQ(m[2].step, "03");
  EXPECT_EQ(m[8].step, "06");
  EXPECT_EQ(m[0].at, T0() + Minutes(2));
  for (size_t i = 1; i < m.size(); i++) EXPECT_FALSE(m[i].at.has_value()) << m[i].name;
}

TEST(FlowMilestones, NodeStepsComeFromTheSummaryWhenSet) {
  Summary s = Base();
  s.flow.first_node_launched = T0() + Minutes(3);
  s.flow.first_node_ready = T0() + Minutes(4);
  s.flow.last_worker_node_gone = T0() + Minutes(30);
  const auto m = FlowMilestones(s);
  EXPECT_EQ(m[3].at, T0() + Minutes(3));
  EXPECT_EQ(m[4].at, T0() + Minutes(4));
  EXPECT_EQ(m[8].at, T0() + Minutes(30));
}

TEST(FlowMilestones, QueueDrainedWhenEveryBurstQueueDrained) {
  Summary s = Base();
  QueueSummary a, b, idle;  // idle never held a message: no say
  a.peak_depth = 100;
  a.depth_before_burst = 5;
  a.drained_at = T0() + Minutes(8);
  b.peak_depth = 50;
  b.drained_at = T0() + Minutes(9);
  s.queues = {a, b, idle};
  EXPECT_EQ(FlowMilestones(s)[6].at, T0() + Minutes(9));
  s.queues[1].drained_at.reset();
  EXPECT_FALSE(FlowMilestones(s)[6].at.has_value());
}

TEST(FlowMilestones, PodsAtZeroWhenEveryScaledWorkloadIsBack) {
  Summary s = Base();
  WorkloadSummary a, never;  // `never` never scaled: no say
  a.max_desired = 10;
  a.back_to_zero = T0() + Minutes(20);
  s.workloads = {a, never};
  EXPECT_EQ(FlowMilestones(s)[7].at, T0() + Minutes(20));
  s.workloads[0].back_to_zero.reset();
  EXPECT_FALSE(FlowMilestones(s)[7].at.has_value());
}

std::unique_ptr<World> PlaySeed(WorldOptions options = {}) {
  auto scenario = LoadScenario("examples/order-burst/scenario.yaml");
  EXPECT_TRUE(scenario.ok()) << scenario.status().message();
  if (!scenario.ok()) return nullptr;
  auto world = World::Create(*scenario, options);
  EXPECT_TRUE(world.ok()) << world.status().message();
  if (!world.ok()) return nullptr;
  (*world)->Run();
  return std::move(world).value();
}

class SeedFlow : public ::testing::TestWithParam<Mode> {};

TEST_P(SeedFlow, StepsAreInOrderAfterTheBurst) {
  auto w = PlaySeed({GetParam()});
  ASSERT_NE(w, nullptr);
  const auto m = FlowMilestones(w->summary());
  ASSERT_TRUE(m[0].at.has_value());
  std::optional<TimePoint> last;
  for (const Milestone& x : m) {
    if (!x.at) continue;
    EXPECT_GE(*x.at, *m[0].at) << x.name;
    if (last) {
      EXPECT_GE(*x.at, *last) << x.name;
    }
    last = x.at;
  }
  // KEDA scales, nodes come, pods run, the queue drains, pods go to zero, nodes go away: every
  // step of the article's table, in both modes.
  for (const Milestone& x : m) EXPECT_TRUE(x.at.has_value()) << x.name;
  // Peak replicas are 100 (maxReplicaCount) and were all Ready at once.
  EXPECT_EQ(w->summary().workloads[0].max_ready, 100);
}
INSTANTIATE_TEST_SUITE_P(BothModes, SeedFlow,
                         ::testing::Values(Mode::kKedaKarpenter, Mode::kSwell));

TEST(FormatSummary, FlowSectionWithDashesForMissingSteps) {
  auto w = PlaySeed();
  ASSERT_NE(w, nullptr);
  const std::string out = FormatSummary(*w);
  EXPECT_NE(out.find("flow (the article's steps 01-06)\n  01 burst start"), std::string::npos)
      << out;
  // Nodes launched for the baseline before the burst do not count as step 04 (seconds after
  // the burst, not minutes before it).
  EXPECT_TRUE(std::regex_search(out, std::regex("\n  04 first node launched      \\+2m0\\ds  "
                                                "\\(burst \\+\\ds\\)\n")))
      << out;
  EXPECT_TRUE(std::regex_search(out, std::regex("\n  06 queue drained            \\+\\d+m\\d\\ds  "
                                                "\\(burst \\+\\d+m\\d\\ds\\)\n")))
      << out;
}

}  // namespace
}  // namespace swell::sim
