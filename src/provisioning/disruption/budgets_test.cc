// Budgets in the disruption controller (karpenter.md §1.1 "Budget math", §3.5).
#include "provisioning/disruption/budgets.h"

#include <gtest/gtest.h>

#include "provisioning/disruption/test_env.h"

namespace swell::provisioning::disruption {
namespace {

using testing::Env;

BudgetMapping Budgets(Env& env, std::string_view reason) {
  ClusterView view = ClusterView::Build(env.cluster, env.marks, env.now);
  return BuildBudgetMapping(env.cluster, view, reason, env.now);
}

void AddNodes(Env& env, const std::string& pool, int n) {
  for (int i = 0; i < n; ++i) env.AddNode(pool + "-n" + std::to_string(i), pool, "small");
}

// Percentages round up (ceil(10% x 5) = 1, ceil(50% x 5) = 3); counts are taken as written.
TEST(BudgetsTest, PercentRoundsUpCountAsWritten) {
  Env env;
  env.AddPool("default");
  AddNodes(env, "default", 5);
  EXPECT_EQ(Budgets(env, "Empty").at("default"), 1);  // default budget 10%
  env.Pool("default").spec.disruption.budgets = std::vector<api::Budget>{{{}, "50%", {}, {}}};
  EXPECT_EQ(Budgets(env, "Empty").at("default"), 3);
  env.Pool("default").spec.disruption.budgets = std::vector<api::Budget>{{{}, "2", {}, {}}};
  EXPECT_EQ(Budgets(env, "Empty").at("default"), 2);
  env.Pool("default").spec.disruption.budgets = std::vector<api::Budget>{{{}, "0", {}, {}}};
  EXPECT_EQ(Budgets(env, "Empty").at("default"), 0);
}

// The minimum over the budgets that apply to the reason; a reasons list limits a budget.
TEST(BudgetsTest, MinimumOverApplicableBudgetsByReason) {
  Env env;
  env.AddPool("default");
  AddNodes(env, "default", 10);
  env.Pool("default").spec.disruption.budgets = std::vector<api::Budget>{
      {{}, "5", {}, {}}, {{"Drifted"}, "1", {}, {}}, {{"Empty", "Underutilized"}, "3", {}, {}}};
  EXPECT_EQ(Budgets(env, "Drifted").at("default"), 1);
  EXPECT_EQ(Budgets(env, "Empty").at("default"), 3);
  EXPECT_EQ(Budgets(env, "Underutilized").at("default"), 3);
}

// A scheduled budget only applies inside [fire, fire + duration) (cron in UTC).
TEST(BudgetsTest, ScheduleWindow) {
  Env env;  // starts 2026-11-27T02:00:00Z
  env.AddPool("default");
  AddNodes(env, "default", 10);
  api::Budget nightly{{}, "0", std::string("0 1 * * *"), api::GoDuration{"2h", Hours(2)}};
  env.Pool("default").spec.disruption.budgets =
      std::vector<api::Budget>{{{}, "100%", {}, {}}, nightly};
  EXPECT_EQ(Budgets(env, "Underutilized").at("default"), 0);  // 02:00 in [01:00, 03:00)
  env.Advance(Hours(1));
  EXPECT_EQ(Budgets(env, "Underutilized").at("default"), 10);  // 03:00: window closed
}

// Nodes already disrupting (marked for deletion, NotReady) use up the budget; uninitialized
// nodes are not counted in the total.
TEST(BudgetsTest, DisruptingNodesAreSubtracted) {
  Env env;
  env.AddPool("default");
  AddNodes(env, "default", 4);
  env.Pool("default").spec.disruption.budgets = std::vector<api::Budget>{{{}, "2", {}, {}}};
  env.marks.MarkForDeletion("fake:///default-n0");
  EXPECT_EQ(Budgets(env, "Empty").at("default"), 1);
  env.Node("default-n1").status.conditions[0].status = "False";  // NotReady
  EXPECT_EQ(Budgets(env, "Empty").at("default"), 0);
  env.Node("default-n2").metadata.labels.erase("karpenter.sh/initialized");
  env.Pool("default").spec.disruption.budgets = std::vector<api::Budget>{{{}, "100%", {}, {}}};
  ClusterView view = ClusterView::Build(env.cluster, env.marks, env.now);
  auto counts = CountPoolNodes(view);
  EXPECT_EQ(counts.at("default").nodes, 3);
  EXPECT_EQ(counts.at("default").disrupting, 2);
  EXPECT_EQ(Budgets(env, "Empty").at("default"), 1);
}

TEST(BudgetsTest, BlockingBudgetEventOnlyWithNodes) {
  Env env;
  env.AddPool("empty-pool").spec.disruption.budgets = std::vector<api::Budget>{{{}, "0", {}, {}}};
  env.AddPool("busy").spec.disruption.budgets = std::vector<api::Budget>{{{}, "0", {}, {}}};
  AddNodes(env, "busy", 1);
  ClusterView view = ClusterView::Build(env.cluster, env.marks, env.now);
  EventRecorder rec(env.act);
  BuildBudgetMapping(env.cluster, view, "Empty", env.now, &rec);
  EXPECT_EQ(env.act.CountEvents("DisruptionBlocked", "busy"), 1);
  EXPECT_EQ(env.act.CountEvents("DisruptionBlocked", "empty-pool"), 0);
}

}  // namespace
}  // namespace swell::provisioning::disruption
