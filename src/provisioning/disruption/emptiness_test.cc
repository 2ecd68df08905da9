// Emptiness through the controller (karpenter.md §3.1, §3.4, §3.5, §3.6).
#include <gtest/gtest.h>

#include "provisioning/disruption/controller.h"
#include "provisioning/disruption/test_env.h"

namespace swell::provisioning::disruption {
namespace {

using testing::Env;
using testing::RunUntil;

bool Deleting(Env& env, const std::string& claim) {
  const api::NodeClaim* c = env.cluster.store<api::NodeClaim>().Get("", claim);
  return c == nullptr || c->metadata.deletion_timestamp.has_value();
}

bool Tainted(Env& env, const std::string& node) {
  for (const api::Taint& t : env.Node(node).spec.taints) {
    if (t.key == "karpenter.sh/disrupted" && t.effect == "NoSchedule") return true;
  }
  return false;
}

// An empty node goes after consolidateAfter plus the 15 s validation; a busy one stays.
TEST(EmptinessTest, EmptyNodeRemovedAfterConsolidateAfterAndValidation) {
  Env env;
  env.AddPool("default").spec.disruption.consolidate_after = api::NillableDuration::Of(Minutes(1));
  const std::string empty = env.AddNode("empty", "default", "small");
  const std::string busy = env.AddNode("busy", "default", "large");
  env.AddPod("p", "busy", "6", "12Gi");
  DisruptionController ctl(env.cluster, env.cloud, env.act, env.marks);
  const TimePoint start = env.now;
  TimePoint next = ctl.Reconcile(env.now);
  EXPECT_FALSE(ctl.has_pending());
  EXPECT_EQ(next, start + Seconds(10));
  RunUntil(env, ctl, start + Minutes(1) + Seconds(14));
  EXPECT_FALSE(Deleting(env, empty));
  ASSERT_TRUE(ctl.has_pending());
  EXPECT_EQ(ctl.pending().reason, "Empty");
  RunUntil(env, ctl, start + Minutes(1) + Seconds(15));
  EXPECT_TRUE(Deleting(env, empty));
  EXPECT_TRUE(Tainted(env, "empty"));
  EXPECT_FALSE(Deleting(env, busy));
  EXPECT_EQ(ctl.queue().stats().disrupted.at("Empty"), 1);
  EXPECT_EQ(env.act.CountEvents("DisruptionTerminating", "empty"), 1);
  const api::Condition* reason = api::FindCondition(
      env.cluster.store<api::NodeClaim>().Get("", empty)->status.conditions, "DisruptionReason");
  ASSERT_NE(reason, nullptr);
  EXPECT_EQ(reason->reason, "Empty");
  EXPECT_EQ(ctl.stats().budget_exceeded, 0);
}

// The Empty budget caps one command: 10% of 10 nodes is 1.
TEST(EmptinessTest, BudgetCapsTheCommand) {
  Env env;
  env.AddPool("default");
  for (int i = 0; i < 10; ++i) env.AddNode("n" + std::to_string(i), "default", "small");
  DisruptionController ctl(env.cluster, env.cloud, env.act, env.marks);
  ctl.Reconcile(env.now);
  ASSERT_TRUE(ctl.has_pending());
  EXPECT_EQ(ctl.pending().candidates.size(), 1u);
  RunUntil(env, ctl, env.now + Seconds(15));
  EXPECT_EQ(env.act.deleted_claims.size(), 1u);
  // The deleting node uses the budget until it is gone: nothing more meanwhile.
  RunUntil(env, ctl, env.now + Minutes(2));
  EXPECT_EQ(env.act.deleted_claims.size(), 1u);
  EXPECT_EQ(ctl.stats().budget_exceeded, 0);
}

// budgets: nodes "0" blocks all voluntary disruption.
TEST(EmptinessTest, ZeroBudgetBlocks) {
  Env env;
  env.AddPool("default").spec.disruption.budgets = std::vector<api::Budget>{{{}, "0", {}, {}}};
  env.AddNode("n", "default", "small");
  DisruptionController ctl(env.cluster, env.cloud, env.act, env.marks);
  RunUntil(env, ctl, env.now + Minutes(5));
  EXPECT_TRUE(env.act.deleted_claims.empty());
  EXPECT_GE(env.act.CountEvents("DisruptionBlocked", "default"), 1);
}

// A pod that lands during validation makes the node non-empty: the command is dropped.
TEST(EmptinessTest, ValidationDropsCommandWhenPodArrives) {
  Env env;
  env.AddPool("default");
  env.AddNode("n", "default", "small");
  DisruptionController ctl(env.cluster, env.cloud, env.act, env.marks);
  ctl.Reconcile(env.now);
  ASSERT_TRUE(ctl.has_pending());
  env.Advance(Seconds(5));
  env.AddPod("p", "n");
  RunUntil(env, ctl, env.now + Seconds(10));
  EXPECT_TRUE(env.act.deleted_claims.empty());
  EXPECT_EQ(ctl.stats().validation_failed.at("churn"), 1);
}

TEST(EmptinessTest, ConsolidateAfterNeverDisables) {
  Env env;
  env.AddPool("default").spec.disruption.consolidate_after = api::NillableDuration::Never();
  env.AddNode("n", "default", "small");
  DisruptionController ctl(env.cluster, env.cloud, env.act, env.marks);
  RunUntil(env, ctl, env.now + Minutes(5));
  EXPECT_TRUE(env.act.deleted_claims.empty());
}

// WhenEmpty pools still lose their empty nodes.
TEST(EmptinessTest, WhenEmptyPolicyDeletesEmptyNodes) {
  Env env;
  env.AddPool("default").spec.disruption.consolidation_policy = "WhenEmpty";
  env.AddNode("n", "default", "small");
  DisruptionController ctl(env.cluster, env.cloud, env.act, env.marks);
  RunUntil(env, ctl, env.now + Seconds(15));
  EXPECT_EQ(env.act.deleted_claims, std::vector<std::string>{"n-claim"});
}

}  // namespace
}  // namespace swell::provisioning::disruption
