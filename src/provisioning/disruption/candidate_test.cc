// Disruption candidates and costs (karpenter.md §3.2, §3.3, §3.7).
#include "provisioning/disruption/candidate.h"

#include <gtest/gtest.h>

#include <cmath>

#include "provisioning/disruption/test_env.h"

namespace swell::provisioning::disruption {
namespace {

using testing::Env;

std::vector<std::string> Names(const std::vector<Candidate>& cs) {
  std::vector<std::string> out;
  for (const Candidate& c : cs) out.push_back(c.name());
  return out;
}

std::vector<std::string> CandidateNames(Env& env, DisruptionClass cls = DisruptionClass::kGraceful,
                                        std::function<bool(std::string_view)> in_queue = {}) {
  DisruptionOptions options;
  auto pass = env.MakePass();
  Context ctx = env.MakeContext(*pass, options, std::move(in_queue));
  return Names(GetCandidates(ctx, cls, {}));
}

// EvictionCost = clamp(1 + deletionCost/2^27 + priority/2^25, -10, 10) (§3.3).
TEST(CandidateTest, EvictionCost) {
  api::Pod p;
  EXPECT_DOUBLE_EQ(EvictionCost(p), 1.0);
  p.metadata.annotations["controller.kubernetes.io/pod-deletion-cost"] = "134217728";  // 2^27
  EXPECT_DOUBLE_EQ(EvictionCost(p), 2.0);
  p.spec.priority = 1 << 25;
  EXPECT_DOUBLE_EQ(EvictionCost(p), 3.0);
  p.spec.priority = 1000000000;  // system-node-critical: clamped
  EXPECT_DOUBLE_EQ(EvictionCost(p), 10.0);
  p.spec.priority = -2147483647 - 1;
  EXPECT_DOUBLE_EQ(EvictionCost(p), -10.0);
  p.spec.priority.reset();
  p.metadata.annotations["controller.kubernetes.io/pod-deletion-cost"] = "not-a-number";
  EXPECT_DOUBLE_EQ(EvictionCost(p), 1.0);
}

// LifetimeRemaining = clamp((expireAfter - age) / expireAfter, 0, 1); 1 for Never.
TEST(CandidateTest, LifetimeRemaining) {
  api::NodeClaim nc = testing::MakeClaim("c", "p", "fake:///c", testing::Start());
  nc.spec.expire_after = api::NillableDuration::Of(Hours(10));
  EXPECT_DOUBLE_EQ(LifetimeRemaining(nc, testing::Start()), 1.0);
  EXPECT_DOUBLE_EQ(LifetimeRemaining(nc, testing::Start() + Hours(4)), 0.6);
  EXPECT_DOUBLE_EQ(LifetimeRemaining(nc, testing::Start() + Hours(11)), 0.0);
  nc.spec.expire_after = api::NillableDuration::Never();
  EXPECT_DOUBLE_EQ(LifetimeRemaining(nc, testing::Start() + Hours(11)), 1.0);
}

// DisruptionCost = Σ EvictionCost x LifetimeRemaining; candidates sort by it, ascending.
TEST(CandidateTest, DisruptionCostOrdersCandidates) {
  Env env;
  env.AddPool("default");
  env.AddNode("a", "default", "small");
  env.AddNode("b", "default", "small");
  env.AddNode("c", "default", "small");
  env.AddPod("a1", "a");
  env.AddPod("a2", "a");
  env.AddPod("c1", "c").metadata.annotations["controller.kubernetes.io/pod-deletion-cost"] =
      "-134217728";        // cost 0
  env.Advance(Hours(72));  // 10% of the 720h lifetime gone
  DisruptionOptions options;
  auto pass = env.MakePass();
  Context ctx = env.MakeContext(*pass, options);
  std::vector<Candidate> cs = GetCandidates(ctx, DisruptionClass::kGraceful, {});
  ASSERT_EQ(cs.size(), 3u);
  EXPECT_NEAR(cs[0].disruption_cost, 2 * 0.9, 1e-9);
  EXPECT_NEAR(cs[2].disruption_cost, 0.0, 1e-9);
  EXPECT_EQ(cs[0].reschedulable_pods.size(), 2u);
  EXPECT_DOUBLE_EQ(cs[0].price, 0.10);
  SortByDisruptionCost(cs);
  EXPECT_EQ(Names(cs), (std::vector<std::string>{"b", "c", "a"}));
}

TEST(CandidateTest, NodeStateFilters) {
  Env env;
  env.AddPool("default");
  for (const char* n : {"ok", "uninit", "marked", "nominated", "annotated", "queued", "nopool"}) {
    env.AddNode(n, "default", "small");
  }
  env.Node("uninit").metadata.labels.erase("karpenter.sh/initialized");
  env.marks.MarkForDeletion("fake:///marked");
  env.marks.NominateNode("fake:///nominated", env.now);
  env.Node("annotated").metadata.annotations["karpenter.sh/do-not-disrupt"] = "true";
  env.Node("nopool").metadata.labels["karpenter.sh/nodepool"] = "gone";
  auto names = CandidateNames(env, DisruptionClass::kGraceful,
                              [](std::string_view pid) { return pid == "fake:///queued"; });
  EXPECT_EQ(names, std::vector<std::string>{"ok"});
  EXPECT_GE(env.act.CountEvents("DisruptionBlocked", "annotated"), 1);
  EXPECT_GE(env.act.CountEvents("DisruptionBlocked", "nopool-claim"), 1);
  // The nomination window closes after 20 s.
  env.Advance(Seconds(21));
  names = CandidateNames(env);
  EXPECT_NE(std::find(names.begin(), names.end(), "nominated"), names.end());
}

// A pod with an active do-not-disrupt blocks graceful disruption; drift (eventual) ignores it
// when the NodeClaim has a terminationGracePeriod (§3.2, §3.7).
TEST(CandidateTest, DoNotDisruptPod) {
  Env env;
  env.AddPool("default");
  env.AddNode("n", "default", "small");
  env.AddPod("p", "n").metadata.annotations["karpenter.sh/do-not-disrupt"] = "true";
  EXPECT_TRUE(CandidateNames(env).empty());
  EXPECT_TRUE(CandidateNames(env, DisruptionClass::kEventual).empty());
  env.Claim("n-claim").spec.termination_grace_period = api::GoDuration{"1h", Hours(1)};
  EXPECT_TRUE(CandidateNames(env).empty());
  EXPECT_EQ(CandidateNames(env, DisruptionClass::kEventual), std::vector<std::string>{"n"});
  // A duration protects the pod that long after it started.
  env.cluster.pods()
      .GetMutable("default", "p")
      ->metadata.annotations["karpenter.sh/do-not-disrupt"] = "10m";
  EXPECT_TRUE(CandidateNames(env).empty());
  env.Advance(Minutes(10));
  EXPECT_EQ(CandidateNames(env), std::vector<std::string>{"n"});
  // A terminal pod does not block.
  env.cluster.pods()
      .GetMutable("default", "p")
      ->metadata.annotations["karpenter.sh/do-not-disrupt"] = "true";
  env.cluster.pods().GetMutable("default", "p")->status.phase = "Succeeded";
  EXPECT_EQ(CandidateNames(env), std::vector<std::string>{"n"});
}

api::PodDisruptionBudget Pdb(const std::string& name, int32_t allowed) {
  api::PodDisruptionBudget pdb;
  pdb.metadata.name = name;
  pdb.metadata.namespace_ = "default";
  pdb.spec.selector = api::LabelSelector{{{"app", "web"}}, {}};
  pdb.status.disruptions_allowed = allowed;
  return pdb;
}

// PDBs (§3.7): a PDB with no disruptions left, or two PDBs on one pod, block the node.
TEST(CandidateTest, PodDisruptionBudgets) {
  Env env;
  env.AddPool("default");
  env.AddNode("n", "default", "small");
  env.AddPod("p", "n");
  env.cluster.store<api::PodDisruptionBudget>().Put(Pdb("one", 1));
  EXPECT_EQ(CandidateNames(env), std::vector<std::string>{"n"});
  env.cluster.store<api::PodDisruptionBudget>().Put(Pdb("two", 1));
  EXPECT_TRUE(CandidateNames(env).empty());
  env.cluster.store<api::PodDisruptionBudget>().Erase("default", "two");
  env.cluster.store<api::PodDisruptionBudget>()
      .GetMutable("default", "one")
      ->status.disruptions_allowed = 0;
  EXPECT_TRUE(CandidateNames(env).empty());
  // AlwaysAllow lets an unready pod go anyway.
  env.cluster.store<api::PodDisruptionBudget>()
      .GetMutable("default", "one")
      ->spec.unhealthy_pod_eviction_policy = "AlwaysAllow";
  api::Condition notready;
  notready.type = "Ready";
  notready.status = "False";
  env.cluster.pods().GetMutable("default", "p")->status.conditions.push_back(notready);
  EXPECT_EQ(CandidateNames(env), std::vector<std::string>{"n"});
}

// Fully blocking PDBs keep a pod out of the simulation's moving pods.
TEST(CandidateTest, CurrentlyReschedulable) {
  Env env;
  api::Pod& p = env.AddPod("p", "n");
  PdbLimits none(env.cluster);
  EXPECT_TRUE(none.IsCurrentlyReschedulable(p, env.now));
  api::PodDisruptionBudget pdb = Pdb("zero", 0);
  pdb.spec.max_unavailable = api::IntOrString::Int(0);
  env.cluster.store<api::PodDisruptionBudget>().Put(pdb);
  PdbLimits blocking(env.cluster);
  EXPECT_FALSE(blocking.IsCurrentlyReschedulable(p, env.now));
}

}  // namespace
}  // namespace swell::provisioning::disruption
