// Multi-node consolidation (karpenter.md §3.4).
#include <gtest/gtest.h>

#include "provisioning/disruption/controller.h"
#include "provisioning/disruption/methods.h"
#include "provisioning/disruption/test_env.h"

namespace swell::provisioning::disruption {
namespace {

using testing::Env;
using testing::RunUntil;

StatusOr<std::vector<Command>> Compute(Env& env, Method& m, const DisruptionOptions& options = {}) {
  auto pass = env.MakePass();
  Context ctx = env.MakeContext(*pass, options);
  std::vector<Candidate> cs =
      GetCandidates(ctx, m.Class(), [&](const Candidate& c) { return m.ShouldDisrupt(ctx, c); });
  BudgetMapping budgets = BuildBudgetMapping(env.cluster, pass->view, m.Reason(), env.now);
  return m.ComputeCommands(ctx, budgets, cs);
}

// Two half-empty large nodes become one cheaper node: replace, pinned to spot (priced as spot,
// so even large stays an option: its spot price is below a candidate's on-demand price).
TEST(MultiNodeConsolidationTest, TwoUnderusedNodesIntoOneCheaper) {
  Env env;
  env.AddPool("default");
  env.AddNode("a", "default", "large");
  env.AddNode("b", "default", "large");
  env.AddPod("pa", "a", "1500m", "2Gi");
  env.AddPod("pb", "b", "1500m", "2Gi");
  env.SetClaimCondition("a-claim", "Consolidatable", "True");
  env.SetClaimCondition("b-claim", "Consolidatable", "True");
  env.Pool("default").spec.disruption.budgets = std::vector<api::Budget>{{{}, "100%", {}, {}}};
  MultiNodeConsolidation m;
  auto cmds = Compute(env, m);
  ASSERT_TRUE(cmds.ok()) << cmds.status().ToString();
  ASSERT_EQ(cmds->size(), 1u);
  const Command& cmd = cmds->front();
  EXPECT_EQ(cmd.decision(), Decision::kReplace);
  EXPECT_EQ(cmd.candidates.size(), 2u);
  ASSERT_EQ(cmd.replacements.size(), 1u);
  const NewNodeClaim& plan = cmd.replacements[0].plan;
  ASSERT_FALSE(plan.instance_types.empty());
  EXPECT_EQ(plan.instance_types[0]->name, "medium");
  EXPECT_EQ(plan.requirements.Get("karpenter.sh/capacity-type").Values(),
            std::vector<std::string>{"spot"});
  EXPECT_NEAR(cmd.EstimatedSavings(), 0.80 - 0.14, 1e-9);
}

// The whole flow: validation, taint, replacement launch, wait for it to initialize, delete.
TEST(MultiNodeConsolidationTest, ReplacementInitializedThenCandidatesDeleted) {
  Env env;
  env.AddPool("default").spec.disruption.budgets = std::vector<api::Budget>{{{}, "100%", {}, {}}};
  env.AddNode("a", "default", "large");
  env.AddNode("b", "default", "large");
  env.AddPod("pa", "a", "1500m", "2Gi");
  env.AddPod("pb", "b", "1500m", "2Gi");
  DisruptionController ctl(env.cluster, env.cloud, env.act, env.marks);
  RunUntil(env, ctl, env.now + Seconds(15));
  ASSERT_EQ(env.act.created.size(), 1u);
  const std::string replacement = env.act.created[0].metadata.name;
  EXPECT_EQ(env.act.created[0].metadata.annotations.at("karpenter.sh/nodepool-hash"),
            NodePoolHash(env.Pool("default")));
  EXPECT_TRUE(env.act.deleted_claims.empty());  // waits for the replacement
  EXPECT_TRUE(env.marks.IsMarkedForDeletion("fake:///a"));
  RunUntil(env, ctl, env.now + Seconds(30));
  EXPECT_TRUE(env.act.deleted_claims.empty());
  env.Initialize(replacement, "medium", "spot");
  RunUntil(env, ctl, env.now + Seconds(2));
  EXPECT_EQ(env.act.deleted_claims, (std::vector<std::string>{"a-claim", "b-claim"}));
  EXPECT_EQ(ctl.queue().stats().disrupted.at("Underutilized"), 2);
  EXPECT_EQ(ctl.stats().computed.at("multi-node"), 1);
}

// Three nodes whose pods need more than the largest type: the binary search settles on the two
// cheapest to disrupt (one pod fits on the third node, the other on a new small node).
TEST(MultiNodeConsolidationTest, BinarySearchFindsLongestPrefix) {
  Env env;
  env.AddPool("default").spec.disruption.budgets = std::vector<api::Budget>{{{}, "100%", {}, {}}};
  env.AddNode("a", "default", "medium");
  env.AddNode("b", "default", "medium");
  env.AddNode("c", "default", "large");
  env.AddPod("pa", "a", "1", "1Gi");
  env.AddPod("pb", "b", "1", "1Gi");
  // Expensive to move: sorts last.
  env.AddPod("pc", "c", "7", "10Gi").spec.priority = 100000000;
  for (const char* c : {"a-claim", "b-claim", "c-claim"}) {
    env.SetClaimCondition(c, "Consolidatable", "True");
  }
  MultiNodeConsolidation m;
  auto cmds = Compute(env, m);
  ASSERT_TRUE(cmds.ok());
  ASSERT_EQ(cmds->size(), 1u);
  EXPECT_EQ(cmds->front().decision(), Decision::kReplace);
  EXPECT_EQ(cmds->front().replacements[0].plan.instance_types[0]->name, "small");
  ASSERT_EQ(cmds->front().candidates.size(), 2u);
  EXPECT_EQ(cmds->front().candidates[0].node, "a");
  EXPECT_EQ(cmds->front().candidates[1].node, "b");
}

// Nothing to do is remembered until the cluster changes.
TEST(MultiNodeConsolidationTest, MemoizesNoOpUntilClusterChanges) {
  Env env;
  api::NodePool& pool = env.AddPool("default");
  pool.spec.disruption.budgets = std::vector<api::Budget>{{{}, "100%", {}, {}}};
  pool.spec.template_.spec.requirements = {{"karpenter.sh/capacity-type", "In", {"on-demand"}, {}}};
  env.AddNode("a", "default", "small");
  env.AddNode("b", "default", "small");
  env.AddPod("pa", "a", "1500m", "3Gi");
  env.AddPod("pb", "b", "1500m", "3Gi");
  env.SetClaimCondition("a-claim", "Consolidatable", "True");
  env.SetClaimCondition("b-claim", "Consolidatable", "True");
  MultiNodeConsolidation m;
  auto cmds = Compute(env, m);  // a medium on-demand costs what the two smalls cost
  ASSERT_TRUE(cmds.ok());
  EXPECT_TRUE(cmds->empty());
  // Spot allowed (a medium at $0.14): still memoized while the cluster version is unchanged...
  env.Pool("default").spec.template_.spec.requirements.clear();
  cmds = Compute(env, m);
  EXPECT_TRUE(cmds->empty());
  // ...and found once it changes.
  env.cluster.Touch();
  cmds = Compute(env, m);
  ASSERT_EQ(cmds->size(), 1u);
  EXPECT_EQ(cmds->front().decision(), Decision::kReplace);
}

// multi_node_timeout on the work clock stops the search with the best command so far.
TEST(MultiNodeConsolidationTest, TimeoutReturnsBestSoFar) {
  class Ticking : public Clock {  // 40 s of work per look at the clock
   public:
    TimePoint Now() const override { return t_ += Seconds(40); }

   private:
    mutable TimePoint t_{};
  };
  Env env;
  env.AddPool("default").spec.disruption.budgets = std::vector<api::Budget>{{{}, "100%", {}, {}}};
  for (const char* n : {"a", "b", "c"}) {
    env.AddNode(n, "default", "large");
    env.AddPod(std::string("p") + n, n, "1", "1Gi");
    env.SetClaimCondition(std::string(n) + "-claim", "Consolidatable", "True");
  }
  MultiNodeConsolidation unbounded;
  auto all = Compute(env, unbounded);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ(all->front().candidates.size(), 3u);  // all three into one small node
  Ticking clock;
  DisruptionOptions options;
  options.work_clock = &clock;
  MultiNodeConsolidation m;
  auto cmds = Compute(env, m, options);
  ASSERT_TRUE(cmds.ok());
  ASSERT_EQ(cmds->size(), 1u);
  EXPECT_EQ(cmds->front().candidates.size(), 2u);  // the first probe: delete two
  EXPECT_EQ(cmds->front().decision(), Decision::kDelete);
  EXPECT_EQ(m.timeouts(), 1);
}

}  // namespace
}  // namespace swell::provisioning::disruption
