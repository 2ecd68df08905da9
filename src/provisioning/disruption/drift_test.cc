// Drift (karpenter.md §3.4).
#include <gtest/gtest.h>

#include "provisioning/disruption/controller.h"
#include "provisioning/disruption/methods.h"
#include "provisioning/disruption/test_env.h"

namespace swell::provisioning::disruption {
namespace {

using testing::Env;
using testing::RunUntil;

std::vector<Command> Compute(Env& env, Method& m) {
  DisruptionOptions options;
  auto pass = env.MakePass();
  Context ctx = env.MakeContext(*pass, options);
  std::vector<Candidate> cs =
      GetCandidates(ctx, m.Class(), [&](const Candidate& c) { return m.ShouldDisrupt(ctx, c); });
  BudgetMapping budgets = BuildBudgetMapping(env.cluster, pass->view, m.Reason(), env.now);
  auto out = m.ComputeCommands(ctx, budgets, cs);
  EXPECT_TRUE(out.ok());
  return out.ok() ? *out : std::vector<Command>{};
}

// One drifted node per command: empty ones first, then the oldest drift; replacements for
// the pods that have nowhere else to go.
TEST(DriftTest, EmptyFirstThenOldestWithReplacement) {
  Env env;
  env.AddPool("default").spec.disruption.budgets = std::vector<api::Budget>{{{}, "100%", {}, {}}};
  env.AddNode("old", "default", "medium");
  env.AddNode("new", "default", "medium");
  env.AddNode("empty", "default", "medium");
  env.AddPod("p1", "old", "3", "6Gi");
  env.AddPod("p2", "new", "3", "6Gi");
  env.SetClaimCondition("old-claim", "Drifted", "True", "NodePoolDrifted");
  env.Advance(Minutes(1));
  env.SetClaimCondition("new-claim", "Drifted", "True", "NodePoolDrifted");
  env.SetClaimCondition("empty-claim", "Drifted", "True", "NodePoolDrifted");
  Drift m;
  std::vector<Command> cmds = Compute(env, m);
  ASSERT_EQ(cmds.size(), 1u);
  EXPECT_EQ(cmds[0].candidates[0].node, "empty");
  EXPECT_EQ(cmds[0].decision(), Decision::kDelete);
  env.marks.MarkForDeletion("fake:///empty");
  cmds = Compute(env, m);
  ASSERT_EQ(cmds.size(), 1u);
  EXPECT_EQ(cmds[0].candidates[0].node, "old");
  EXPECT_EQ(cmds[0].reason, "Drifted");
  EXPECT_EQ(cmds[0].decision(), Decision::kReplace);
  EXPECT_EQ(cmds[0].replacements.size(), 1u);
}

// Drift starts without a validation delay and honours the Drifted budget.
TEST(DriftTest, StartsAtOnceWithinBudget) {
  Env env;
  env.AddPool("default").spec.disruption.budgets = std::vector<api::Budget>{
      {{"Drifted"}, "1", {}, {}}, {{"Empty", "Underutilized"}, "0", {}, {}}};
  for (const char* n : {"a", "b"}) {
    env.AddNode(n, "default", "medium");
    env.AddPod(std::string("p") + n, n, "3", "6Gi");
  }
  // The template changes: both NodeClaims' hash stamps are stale.
  env.Pool("default").spec.template_.metadata.labels["team"] = "b";
  DisruptionController ctl(env.cluster, env.cloud, env.act, env.marks);
  TimePoint next = ctl.Reconcile(env.now);
  EXPECT_EQ(next, env.now);  // started: look again at once
  EXPECT_FALSE(ctl.has_pending());
  ASSERT_EQ(env.act.created.size(), 1u);
  EXPECT_EQ(env.act.created[0].metadata.labels.at("team"), "b");
  RunUntil(env, ctl, env.now + Minutes(1));
  EXPECT_EQ(env.act.created.size(), 1u);  // the second waits for the budget
  EXPECT_EQ(ctl.queue().commands().size(), 1u);
  EXPECT_EQ(ctl.stats().budget_exceeded, 0);
}

// Drift is eventual: a do-not-disrupt pod does not stop a NodeClaim with a
// terminationGracePeriod, but does stop one without.
TEST(DriftTest, TerminationGracePeriodOverridesBlockingPods) {
  Env env;
  env.AddPool("default");
  env.AddNode("n", "default", "medium");
  env.AddPod("p", "n", "1", "1Gi").metadata.annotations["karpenter.sh/do-not-disrupt"] = "true";
  env.SetClaimCondition("n-claim", "Drifted", "True", "NodePoolDrifted");
  Drift m;
  EXPECT_TRUE(Compute(env, m).empty());
  env.Claim("n-claim").spec.termination_grace_period = api::GoDuration{"10m", Minutes(10)};
  EXPECT_EQ(Compute(env, m).size(), 1u);
}

// Pods that cannot go anywhere block the drift (with an event).
TEST(DriftTest, UnschedulablePodsBlock) {
  Env env;
  env.AddPool("default").spec.limits["cpu"] = api::Quantity::FromInt(8);
  env.AddNode("n", "default", "large");
  env.AddPod("p", "n", "7", "8Gi");
  env.SetClaimCondition("n-claim", "Drifted", "True", "NodePoolDrifted");
  Drift m;
  EXPECT_TRUE(Compute(env, m).empty());
  EXPECT_EQ(env.act.CountEvents("DisruptionBlocked", "n"), 1);
}

}  // namespace
}  // namespace swell::provisioning::disruption
