// Single-node consolidation (karpenter.md §3.4).
#include <gtest/gtest.h>

#include "provisioning/disruption/controller.h"
#include "provisioning/disruption/methods.h"
#include "provisioning/disruption/test_env.h"

namespace swell::provisioning::disruption {
namespace {

using provisioning::testing::MakeType;
using testing::Env;

std::vector<Command> Compute(Env& env, Method& m, const DisruptionOptions& options = {}) {
  auto pass = env.MakePass();
  Context ctx = env.MakeContext(*pass, options);
  std::vector<Candidate> cs =
      GetCandidates(ctx, m.Class(), [&](const Candidate& c) { return m.ShouldDisrupt(ctx, c); });
  BudgetMapping budgets = BuildBudgetMapping(env.cluster, pass->view, m.Reason(), env.now);
  auto out = m.ComputeCommands(ctx, budgets, cs);
  EXPECT_TRUE(out.ok());
  return out.ok() ? *out : std::vector<Command>{};
}

void Consolidatable(Env& env, const std::string& claim) {
  env.SetClaimCondition(claim, "Consolidatable", "True");
}

// An underused on-demand node is replaced by a cheaper one; on-demand -> [on-demand, spot] is
// priced and pinned as spot.
TEST(SingleNodeConsolidationTest, ReplaceWithCheaperNode) {
  Env env;
  env.AddPool("default");
  env.AddNode("n", "default", "large");
  env.AddPod("p", "n", "1", "1Gi");
  Consolidatable(env, "n-claim");
  SingleNodeConsolidation m;
  std::vector<Command> cmds = Compute(env, m);
  ASSERT_EQ(cmds.size(), 1u);
  EXPECT_EQ(cmds[0].decision(), Decision::kReplace);
  EXPECT_EQ(cmds[0].reason, "Underutilized");
  const NewNodeClaim& plan = cmds[0].replacements[0].plan;
  EXPECT_EQ(plan.instance_types[0]->name, "small");
  EXPECT_EQ(plan.requirements.Get("karpenter.sh/capacity-type").Values(),
            std::vector<std::string>{"spot"});
  // The instance-type requirement follows the price filter (every type's spot price is below
  // the node's on-demand $0.40, large's own $0.28 included).
  std::vector<std::string> names;
  for (const cloud::InstanceType* t : plan.instance_types) names.push_back(t->name);
  std::sort(names.begin(), names.end());
  EXPECT_EQ(plan.requirements.Get("node.kubernetes.io/instance-type").Values(), names);
  EXPECT_EQ(names.size(), 3u);
}

// Never replace with a node that is not strictly cheaper (same type, same price).
TEST(SingleNodeConsolidationTest, NoReplacementAtTheSamePrice) {
  Env env;
  env.AddPool("default").spec.template_.spec.requirements = {
      {"karpenter.sh/capacity-type", "In", {"on-demand"}, {}}};
  env.AddNode("n", "default", "small");
  env.AddPod("p", "n", "1500m", "1Gi");
  Consolidatable(env, "n-claim");
  SingleNodeConsolidation m;
  EXPECT_TRUE(Compute(env, m).empty());
  EXPECT_EQ(env.act.CountEvents("Unconsolidatable", "n"), 1);
  EXPECT_EQ(env.act.events.back().message, "Can't replace with a cheaper node");
}

// A node whose pods fit on others is deleted outright.
TEST(SingleNodeConsolidationTest, DeleteWhenPodsFitElsewhere) {
  Env env;
  env.AddPool("default");
  env.AddNode("big", "default", "large");
  env.AddNode("n", "default", "small");
  env.AddPod("keep", "big", "6", "8Gi").spec.priority = 100000000;  // costly to move
  env.AddPod("p", "n", "1", "1Gi");
  Consolidatable(env, "big-claim");
  Consolidatable(env, "n-claim");
  SingleNodeConsolidation m;
  std::vector<Command> cmds = Compute(env, m);
  ASSERT_EQ(cmds.size(), 1u);
  EXPECT_EQ(cmds[0].decision(), Decision::kDelete);
  EXPECT_EQ(cmds[0].candidates[0].node, "n");
}

// WhenEmpty pools never consolidate a node with pods.
TEST(SingleNodeConsolidationTest, WhenEmptyPolicyLeavesBusyNodes) {
  Env env;
  env.AddPool("default").spec.disruption.consolidation_policy = "WhenEmpty";
  env.AddNode("n", "default", "large");
  env.AddPod("p", "n", "1", "1Gi");
  Consolidatable(env, "n-claim");
  SingleNodeConsolidation m;
  EXPECT_TRUE(Compute(env, m).empty());
}

// Not Consolidatable (inside consolidateAfter): not a candidate.
TEST(SingleNodeConsolidationTest, RequiresConsolidatable) {
  Env env;
  env.AddPool("default");
  env.AddNode("n", "default", "large");
  env.AddPod("p", "n", "1", "1Gi");
  SingleNodeConsolidation m;
  EXPECT_TRUE(Compute(env, m).empty());
}

// Spot -> spot needs the feature gate, and then at least 15 cheaper spot types; the launch is
// limited to the cheapest 15.
TEST(SingleNodeConsolidationTest, SpotToSpot) {
  std::vector<cloud::InstanceType> types;
  for (int i = 0; i < 20; ++i) {
    types.push_back(MakeType(
        {"t" + std::to_string(100 + i), 2 + i, 4 + 2 * i, 0.10 + 0.01 * i, "amd64", {"zone-a"}}));
  }
  Env env(types);
  env.AddPool("default");
  env.AddNode("n", "default", "t119", "spot");
  env.AddPod("p", "n", "1", "1Gi");
  Consolidatable(env, "n-claim");
  SingleNodeConsolidation off;
  EXPECT_TRUE(Compute(env, off).empty());
  EXPECT_NE(env.act.events.back().message.find("SpotToSpotConsolidation is disabled"),
            std::string::npos);

  DisruptionOptions gate;
  gate.spot_to_spot_consolidation = true;
  SingleNodeConsolidation on;
  std::vector<Command> cmds = Compute(env, on, gate);
  ASSERT_EQ(cmds.size(), 1u);
  const NewNodeClaim& plan = cmds[0].replacements[0].plan;
  EXPECT_EQ(plan.instance_types.size(), 15u);
  EXPECT_EQ(plan.instance_types.front()->name, "t100");
  EXPECT_EQ(plan.requirements.Get("node.kubernetes.io/instance-type").Values().size(), 15u);

  // On a node only 10 types undercut, there are too few cheaper options.
  Env small(types);
  small.AddPool("default");
  small.AddNode("n", "default", "t110", "spot");
  small.AddPod("p", "n", "1", "1Gi");
  Consolidatable(small, "n-claim");
  SingleNodeConsolidation again;
  EXPECT_TRUE(Compute(small, again, gate).empty());
  EXPECT_NE(small.act.events.back().message.find("requires 15 cheaper instance type options"),
            std::string::npos);
}

// Candidates alternate between NodePools; pools a timeout skipped go first.
TEST(SingleNodeConsolidationTest, InterleavesNodePools) {
  Env env;
  env.AddPool("a");
  env.AddPool("b");
  env.AddNode("a1", "a", "small");
  env.AddNode("a2", "a", "small");
  env.AddNode("a3", "a", "small");
  env.AddNode("b1", "b", "small");
  DisruptionOptions options;
  auto pass = env.MakePass();
  Context ctx = env.MakeContext(*pass, options);
  std::vector<Candidate> cs = GetCandidates(ctx, DisruptionClass::kGraceful, {});
  auto names = [](const std::vector<const Candidate*>& v) {
    std::vector<std::string> out;
    for (const Candidate* c : v) out.push_back(c->name());
    return out;
  };
  EXPECT_EQ(names(SingleNodeConsolidation::Interleave(cs, {})),
            (std::vector<std::string>{"a1", "b1", "a2", "a3"}));
  EXPECT_EQ(names(SingleNodeConsolidation::Interleave(cs, {"b"})),
            (std::vector<std::string>{"b1", "a1", "a2", "a3"}));
}

}  // namespace
}  // namespace swell::provisioning::disruption
