// SimulateScheduling's `cheaper_than` pre-filter decides as Karpenter's plan-then-filterByPrice
// does (simulate.h): the same delete, the same replacement options, or no command.
#include "provisioning/disruption/simulate.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "provisioning/disruption/consolidation.h"
#include "provisioning/disruption/test_env.h"

namespace swell::provisioning::disruption {
namespace {

using testing::Env;

// The consolidation outcome of a simulation: "delete", "replace:<options>" or "none".
std::string Outcome(StatusOr<Simulation> sim, double price) {
  if (!sim.ok() || !sim->AllNonPendingPodsScheduled()) return "none";
  std::vector<NewNodeClaim>& claims = sim->results.new_node_claims;
  if (claims.empty()) return "delete";
  if (claims.size() > 1) return "none";
  if (!FilterByPrice(claims[0], price) || claims[0].instance_types.empty()) return "none";
  std::vector<std::string> names;
  for (const cloud::InstanceType* t : claims[0].instance_types) names.push_back(t->name);
  std::sort(names.begin(), names.end());
  std::string out = "replace:";
  for (const std::string& n : names) out += n + ",";
  return out;
}

// Both ways for the candidate on node `node`; returns {without, with} the pre-filter.
std::pair<std::string, std::string> BothWays(Env& env, const std::string& node) {
  auto pass = env.MakePass();
  const DisruptionOptions options;  // the Context keeps a reference
  Context ctx = env.MakeContext(*pass, options);
  std::vector<Candidate> cs = GetCandidates(ctx, DisruptionClass::kGraceful,
                                            [&](const Candidate& c) { return c.name() == node; });
  EXPECT_EQ(cs.size(), 1u);
  if (cs.size() != 1) return {"", ""};
  const double price = cs[0].price;
  StatusOr<Simulation> pre = SimulateScheduling(ctx, {&cs[0]}, price);
  EXPECT_TRUE(pre.ok() && pre->prefiltered);
  return {Outcome(SimulateScheduling(ctx, {&cs[0]}), price), Outcome(std::move(pre), price)};
}

TEST(SimulatePrefilterTest, CheaperTypeHoldsThePods) {
  Env env;
  env.AddPool("default");
  env.AddNode("n", "default", "large");
  env.AddPod("p", "n", "1", "1Gi");
  auto [full, pre] = BothWays(env, "n");
  EXPECT_EQ(full.rfind("replace:", 0), 0u) << full;
  EXPECT_EQ(pre, full);
}

TEST(SimulatePrefilterTest, NoCheaperTypeHoldsThePods) {
  Env env;
  env.AddPool("default").spec.template_.spec.requirements = {
      {"karpenter.sh/capacity-type", "In", {"on-demand"}, {}}};
  env.AddNode("n", "default", "small");
  env.AddPod("p", "n", "1", "1Gi");
  auto [full, pre] = BothWays(env, "n");
  EXPECT_EQ(full, "none");
  EXPECT_EQ(pre, full);
}

TEST(SimulatePrefilterTest, PodsFitOnAnotherNode) {
  Env env;
  env.AddPool("default");
  env.AddNode("a", "default", "large");
  env.AddNode("b", "default", "large");
  env.AddPod("p", "a", "1", "1Gi");
  env.AddPod("q", "b", "1", "1Gi");
  auto [full, pre] = BothWays(env, "a");
  EXPECT_EQ(full, "delete");
  EXPECT_EQ(pre, full);
}

}  // namespace
}  // namespace swell::provisioning::disruption
