// One test per documented behaviour of Karpenter's scheduling simulation (karpenter.md §2.3-2.6).
// Every test runs twice: with Karpenter's exact plan (cost_aware_packing off) and with swell's
// cost-aware packing (the default), which must keep every behaviour tested here.
#include "provisioning/scheduling/scheduler.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "provisioning/scheduling/test_world.h"

namespace swell::provisioning {
namespace {

using ::testing::HasSubstr;
using testing::MakeType;
using testing::TypeSpec;
using testing::World;

// The test's parameter: Options::cost_aware_packing for every Solve (SchedulerTest::SetUp).
bool g_cost_aware_packing = true;

class SchedulerTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override { g_cost_aware_packing = GetParam(); }
};

Results MustSolve(const World& w, Options o = {}) {
  o.cost_aware_packing = g_cost_aware_packing;
  Snapshot s = w.MakeSnapshot();
  StatusOr<Results> r = Solve(s, o);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return std::move(r).value();
}

std::string Zone(const NewNodeClaim& nc) {
  const api::Requirement* z = nc.requirements.Find("topology.kubernetes.io/zone");
  return z != nullptr && !z->complement() && z->Values().size() == 1 ? z->Values()[0] : "";
}

void AddStandardTypes(World& w) {
  w.AddType({"m.large", 2, 8, 0.10});
  w.AddType({"m.xlarge", 4, 16, 0.20});
  w.AddType({"m.2xlarge", 8, 32, 0.40});
}

void ZoneSpread(api::Pod& p, const std::string& app, const std::string& when = "DoNotSchedule") {
  p.metadata.labels["app"] = app;
  api::TopologySpreadConstraint tsc;
  tsc.max_skew = 1;
  tsc.topology_key = "topology.kubernetes.io/zone";
  tsc.when_unsatisfiable = when;
  tsc.label_selector = api::LabelSelector{{{"app", app}}, {}};
  p.spec.topology_spread_constraints.push_back(tsc);
}

void HostnameAntiAffinity(api::Pod& p, const std::string& app) {
  p.metadata.labels["app"] = app;
  api::PodAffinityTerm term;
  term.topology_key = "kubernetes.io/hostname";
  term.label_selector = api::LabelSelector{{{"app", app}}, {}};
  p.spec.affinity.emplace()
      .pod_anti_affinity.emplace()
      .required_during_scheduling_ignored_during_execution.push_back(term);
}

// §2.3 ToNodeClaim: instance types ordered by price, the cheapest fitting one first.
TEST_P(SchedulerTest, CheapestTypeFirst) {
  World w;
  w.AddType({"c.large", 2, 4, 0.09});
  w.AddType({"m.large", 2, 8, 0.10});
  w.AddType({"m.xlarge", 4, 16, 0.20});
  w.AddPool("default");
  w.AddPod("p", "1", "6Gi");
  Results r = MustSolve(w);
  ASSERT_EQ(r.new_node_claims.size(), 1u);
  const auto& its = r.new_node_claims[0].instance_types;
  ASSERT_EQ(its.size(), 2u);  // c.large has too little memory
  EXPECT_EQ(its[0]->name, "m.large");
  EXPECT_EQ(its[1]->name, "m.xlarge");
  EXPECT_EQ(r.pods[0].where, PodResult::Where::kNewNodeClaim);
}

// §2.3: pods that fit together share one NodeClaim.
TEST_P(SchedulerTest, PodsPackedOntoOneNode) {
  World w;
  AddStandardTypes(w);
  w.AddPool("default");
  for (int i = 0; i < 3; ++i) w.AddPod("p" + std::to_string(i), "1", "1Gi");
  Results r = MustSolve(w);
  ASSERT_EQ(r.new_node_claims.size(), 1u);
  EXPECT_EQ(r.new_node_claims[0].pods.size(), 3u);
  EXPECT_EQ(r.new_node_claims[0].instance_types[0]->name, "m.xlarge");  // 3 cpu needs 4
  EXPECT_EQ(r.new_node_claims[0].requests.at("cpu"), api::Quantity::MustParse("3"));
  EXPECT_EQ(r.new_node_claims[0].requests.at("pods"), api::Quantity::FromInt(3));
}

// §2.2 step 7: NodePools by weight descending; equal weights by name descending.
TEST_P(SchedulerTest, NodePoolWeightOrder) {
  World w;
  AddStandardTypes(w);
  w.AddPool("light", 10);
  w.AddPool("heavy", 50);
  w.AddPod("p", "1", "1Gi");
  Results r = MustSolve(w);
  ASSERT_EQ(r.new_node_claims.size(), 1u);
  EXPECT_EQ(r.new_node_claims[0].nodepool, "heavy");

  World same;
  AddStandardTypes(same);
  same.AddPool("alpha");
  same.AddPool("beta");
  same.AddPod("p", "1", "1Gi");
  EXPECT_EQ(MustSolve(same).new_node_claims[0].nodepool, "beta");
}

// §2.3: limits filter instance types and are pessimistically reduced by the largest option.
TEST_P(SchedulerTest, LimitsStopProvisioning) {
  World w;
  w.AddType({"m.xlarge", 4, 16, 0.20});
  w.AddPool("default").spec.limits["cpu"] = api::Quantity::MustParse("4");
  w.AddPod("a", "3", "1Gi");
  w.AddPod("b", "3", "1Gi");
  Results r = MustSolve(w);
  ASSERT_EQ(r.new_node_claims.size(), 1u);
  const PodResult& failed =
      r.pods[0].where == PodResult::Where::kUnschedulable ? r.pods[0] : r.pods[1];
  ASSERT_EQ(failed.where, PodResult::Where::kUnschedulable);
  ASSERT_EQ(failed.failures.size(), 1u);
  EXPECT_EQ(failed.failures[0].reason, FailureReason::kResourceLimit);
  EXPECT_THAT(failed.error, HasSubstr("all available instance types exceed limits for nodepool"));
}

TEST_P(SchedulerTest, NodesLimitStopsProvisioning) {
  World w;
  AddStandardTypes(w);
  w.AddPool("default").spec.limits["nodes"] = api::Quantity::FromInt(2);
  for (int i = 0; i < 3; ++i)
    HostnameAntiAffinity(w.AddPod("p" + std::to_string(i), "1", "1Gi"), "x");
  Results r = MustSolve(w);
  EXPECT_EQ(r.new_node_claims.size(), 2u);
  int failed = 0;
  for (const auto& p : r.pods) {
    if (p.where != PodResult::Where::kUnschedulable) continue;
    ++failed;
    ASSERT_FALSE(p.failures.empty());
    EXPECT_EQ(p.failures[0].reason, FailureReason::kNodeLimit);
  }
  EXPECT_EQ(failed, 1);
}

// §2.6: a NodePool taint the pod does not tolerate leaves it pending with the taint named.
TEST_P(SchedulerTest, UntoleratedTaintLeavesPodPending) {
  World w;
  AddStandardTypes(w);
  w.AddPool("gpu").spec.template_.spec.taints.push_back({"dedicated", "gpu", "NoSchedule", {}});
  w.AddPod("p", "1", "1Gi");
  Results r = MustSolve(w);
  EXPECT_TRUE(r.new_node_claims.empty());
  ASSERT_EQ(r.pods[0].where, PodResult::Where::kUnschedulable);
  ASSERT_EQ(r.pods[0].failures.size(), 1u);
  EXPECT_EQ(r.pods[0].failures[0].reason, FailureReason::kTaint);
  EXPECT_THAT(r.pods[0].error,
              HasSubstr("did not tolerate taint (taint=dedicated=gpu:NoSchedule)"));

  // Tolerating it schedules; startup taints are ignored for scheduling.
  World ok;
  AddStandardTypes(ok);
  api::NodePool& np = ok.AddPool("gpu");
  np.spec.template_.spec.taints.push_back({"dedicated", "gpu", "NoSchedule", {}});
  np.spec.template_.spec.startup_taints.push_back({"init", "", "NoSchedule", {}});
  ok.AddPod("p", "1", "1Gi").spec.tolerations.push_back({"dedicated", "Equal", "gpu", "", {}});
  EXPECT_EQ(MustSolve(ok).pods[0].where, PodResult::Where::kNewNodeClaim);
}

// §2.6: zone spread with maxSkew 1 over three zones places 2/2/2.
TEST_P(SchedulerTest, ZoneSpreadMaxSkewOne) {
  World w;
  AddStandardTypes(w);
  w.AddPool("default");
  for (int i = 0; i < 6; ++i) ZoneSpread(w.AddPod("p" + std::to_string(i), "1", "1Gi"), "web");
  Results r = MustSolve(w);
  std::map<std::string, size_t> per_zone;
  for (const auto& nc : r.new_node_claims) per_zone[Zone(nc)] += nc.pods.size();
  EXPECT_EQ(per_zone, (std::map<std::string, size_t>{{"zone-a", 2}, {"zone-b", 2}, {"zone-c", 2}}));
}

// §2.6: hostname anti-affinity gives one pod per node.
TEST_P(SchedulerTest, HostnameAntiAffinityOnePodPerNode) {
  World w;
  AddStandardTypes(w);
  w.AddPool("default");
  for (int i = 0; i < 4; ++i)
    HostnameAntiAffinity(w.AddPod("p" + std::to_string(i), "1", "1Gi"), "db");
  w.AddPod("other", "1", "1Gi");  // not selected: may share
  Results r = MustSolve(w);
  ASSERT_EQ(r.new_node_claims.size(), 4u);
  for (const auto& nc : r.new_node_claims) {
    size_t db = 0;
    for (size_t p : nc.pods) db += w.pods()[p].metadata.labels.count("app");
    EXPECT_EQ(db, 1u);
  }
}

// §2.5: minValues keeps enough distinct values among the NodeClaim's instance types, and fails
// the pod when the NodePool cannot meet it.
TEST_P(SchedulerTest, MinValuesHonoured) {
  World w;
  w.AddType({"c5.large", 2, 4, 0.08});
  w.AddType({"m5.large", 2, 8, 0.10});
  w.AddType({"r5.large", 2, 16, 0.12});
  w.AddType({"m5.xlarge", 4, 16, 0.20});
  api::NodePool& np = w.AddPool("default");
  np.spec.template_.spec.requirements.push_back(
      {"karpenter.k8s.aws/instance-family", "Exists", {}, 3});
  w.AddPod("p", "1", "1Gi");
  Results r = MustSolve(w);
  ASSERT_EQ(r.new_node_claims.size(), 1u);
  std::set<std::string> families;
  for (const auto* it : r.new_node_claims[0].instance_types) {
    families.insert(*it->Label("karpenter.k8s.aws/instance-family"));
  }
  EXPECT_GE(families.size(), 3u);

  // Memory 6Gi leaves only r5 and m5.xlarge: two families < 3.
  World fail;
  for (const auto& t : w.types()) fail.types().push_back(t);
  fail.AddPool("default").spec.template_.spec.requirements.push_back(
      {"karpenter.k8s.aws/instance-family", "Exists", {}, 3});
  fail.AddPod("p", "1", "10Gi");
  Results f = MustSolve(fail);
  ASSERT_EQ(f.pods[0].where, PodResult::Where::kUnschedulable);
  EXPECT_EQ(f.pods[0].failures[0].reason, FailureReason::kMinValues);

  // BestEffort relaxes it instead.
  Options best;
  best.min_values_best_effort = true;
  Results b = MustSolve(fail, best);
  ASSERT_EQ(b.new_node_claims.size(), 1u);
  EXPECT_TRUE(b.new_node_claims[0].min_values_relaxed);
}

// §2.4: DaemonSet overhead is added per instance type before the fit check, and the smallest
// overhead is added to the NodeClaim's requests.
TEST_P(SchedulerTest, DaemonSetOverheadCounted) {
  World w;
  AddStandardTypes(w);
  w.AddPool("default");
  w.AddDaemonSet("agent", "1", "1Gi");
  w.AddPod("p", "1500m", "1Gi");
  Results r = MustSolve(w);
  ASSERT_EQ(r.new_node_claims.size(), 1u);
  EXPECT_EQ(r.new_node_claims[0].instance_types[0]->name, "m.xlarge");  // 2.5 cpu > 2
  EXPECT_EQ(r.new_node_claims[0].requests.at("cpu"), api::Quantity::MustParse("2500m"));
  EXPECT_EQ(r.new_node_claims[0].requests.at("pods"), api::Quantity::FromInt(2));

  // A DaemonSet that does not tolerate the NodePool's taint adds nothing.
  World t;
  AddStandardTypes(t);
  t.AddPool("default").spec.template_.spec.taints.push_back({"k", "v", "NoSchedule", {}});
  t.AddDaemonSet("agent", "1", "1Gi");
  t.AddPod("p", "1500m", "1Gi").spec.tolerations.push_back({"k", "Exists", "", "", {}});
  EXPECT_EQ(MustSolve(t).new_node_claims[0].instance_types[0]->name, "m.large");
}

// §2.3: existing nodes are tried first; initialized ones before uninitialized.
TEST_P(SchedulerTest, ExistingNodesFirst) {
  World w;
  AddStandardTypes(w);
  w.AddPool("default");
  ExistingNode n;
  n.name = "node-1";
  n.labels = {{"kubernetes.io/hostname", "node-1"}, {"topology.kubernetes.io/zone", "zone-a"}};
  n.allocatable = {{"cpu", api::Quantity::FromInt(2)},
                   {"memory", api::Quantity::MustParse("8Gi")},
                   {"pods", api::Quantity::FromInt(10)}};
  w.AddNode(n);
  w.AddPod("a", "1", "1Gi");
  w.AddPod("b", "1", "1Gi");
  w.AddPod("c", "1", "1Gi");
  Results r = MustSolve(w);
  int on_node = 0;
  for (const auto& p : r.pods) on_node += p.where == PodResult::Where::kExistingNode ? 1 : 0;
  EXPECT_EQ(on_node, 2);
  EXPECT_EQ(r.new_node_claims.size(), 1u);
  EXPECT_EQ(r.existing_node_pods[0].size(), 2u);
}

// §2.7 input: arm64 is chosen when it is cheaper and allowed.
TEST_P(SchedulerTest, Arm64WhenCheaperAndAllowed) {
  World w;
  w.AddType({"m.large", 2, 8, 0.10, "amd64"});
  w.AddType({"g.large", 2, 8, 0.08, "arm64"});
  w.AddPool("default").spec.template_.spec.requirements.push_back(
      {"kubernetes.io/arch", "In", {"amd64", "arm64"}, {}});
  w.AddPod("p", "1", "1Gi");
  EXPECT_EQ(MustSolve(w).new_node_claims[0].instance_types[0]->name, "g.large");

  World amd;
  amd.AddType({"m.large", 2, 8, 0.10, "amd64"});
  amd.AddType({"g.large", 2, 8, 0.08, "arm64"});
  amd.AddPool("default").spec.template_.spec.requirements.push_back(
      {"kubernetes.io/arch", "In", {"amd64"}, {}});
  amd.AddPod("p", "1", "1Gi");
  Results r = MustSolve(amd);
  ASSERT_EQ(r.new_node_claims[0].instance_types.size(), 1u);
  EXPECT_EQ(r.new_node_claims[0].instance_types[0]->name, "m.large");
}

// §2.6: an impossible preferred node affinity is relaxed away; the pod still schedules.
TEST_P(SchedulerTest, PreferredNodeAffinityRelaxed) {
  World w;
  AddStandardTypes(w);
  w.AddPool("default");
  api::Pod& p = w.AddPod("p", "1", "1Gi");
  api::PreferredSchedulingTerm pref;
  pref.weight = 10;
  pref.preference.match_expressions.push_back({"topology.kubernetes.io/zone", "In", {"mars"}});
  api::PreferredSchedulingTerm ok;
  ok.weight = 1;
  ok.preference.match_expressions.push_back({"topology.kubernetes.io/zone", "In", {"zone-b"}});
  auto& na = p.spec.affinity.emplace().node_affinity.emplace();
  na.preferred_during_scheduling_ignored_during_execution = {ok, pref};
  Results r = MustSolve(w);
  ASSERT_EQ(r.new_node_claims.size(), 1u);
  EXPECT_EQ(Zone(r.new_node_claims[0]), "zone-b");  // heaviest dropped, next one honoured
}

// §2.6: required node-affinity OR terms are tried in order.
TEST_P(SchedulerTest, RequiredNodeAffinityTermsTriedInOrder) {
  World w;
  AddStandardTypes(w);
  w.AddPool("default");
  api::Pod& p = w.AddPod("p", "1", "1Gi");
  api::NodeSelector sel;
  sel.node_selector_terms.push_back({{{"topology.kubernetes.io/zone", "In", {"mars"}}}, {}});
  sel.node_selector_terms.push_back({{{"topology.kubernetes.io/zone", "In", {"zone-c"}}}, {}});
  p.spec.affinity.emplace()
      .node_affinity.emplace()
      .required_during_scheduling_ignored_during_execution = sel;
  Results r = MustSolve(w);
  ASSERT_EQ(r.new_node_claims.size(), 1u);
  EXPECT_EQ(Zone(r.new_node_claims[0]), "zone-c");
}

// §2.6: PreferNoSchedule taints are hard until the last relaxation tolerates them.
TEST_P(SchedulerTest, PreferNoScheduleToleratedLast) {
  World w;
  AddStandardTypes(w);
  w.AddPool("soft").spec.template_.spec.taints.push_back({"soft", "", "PreferNoSchedule", {}});
  w.AddPod("p", "1", "1Gi");
  Results r = MustSolve(w);
  EXPECT_EQ(r.pods[0].where, PodResult::Where::kNewNodeClaim);
}

// §2.6: zone self-affinity puts every pod of the group in one zone.
TEST_P(SchedulerTest, ZoneSelfAffinity) {
  World w;
  w.AddType({"m.large", 2, 8, 0.10});
  w.AddPool("default");
  for (int i = 0; i < 4; ++i) {
    api::Pod& p = w.AddPod("p" + std::to_string(i), "1500m", "1Gi");
    p.metadata.labels["team"] = "x";
    api::PodAffinityTerm term;
    term.topology_key = "topology.kubernetes.io/zone";
    term.label_selector = api::LabelSelector{{{"team", "x"}}, {}};
    p.spec.affinity.emplace()
        .pod_affinity.emplace()
        .required_during_scheduling_ignored_during_execution.push_back(term);
  }
  Results r = MustSolve(w);
  ASSERT_EQ(r.new_node_claims.size(), 4u);
  for (const auto& nc : r.new_node_claims) EXPECT_EQ(Zone(nc), "zone-a");
}

// §2.3: a pod no instance type can hold reports the instance-type filter's reason.
TEST_P(SchedulerTest, TooLargePodReportsFits) {
  World w;
  AddStandardTypes(w);
  w.AddPool("default");
  w.AddPod("p", "100", "1Gi");
  Results r = MustSolve(w);
  ASSERT_EQ(r.pods[0].where, PodResult::Where::kUnschedulable);
  ASSERT_EQ(r.pods[0].failures.size(), 1u);
  const NodePoolFailure& f = r.pods[0].failures[0];
  EXPECT_EQ(f.reason, FailureReason::kInstanceTypes);
  EXPECT_TRUE(f.requirements_met);
  EXPECT_FALSE(f.fits);
  EXPECT_THAT(f.message, HasSubstr("no instance type has enough resources"));
}

TEST_P(SchedulerTest, IncompatibleRequirementReported) {
  World w;
  AddStandardTypes(w);
  w.AddPool("default");
  w.AddPod("p", "1", "1Gi").spec.node_selector["team"] = "a";  // custom label, not defined
  Results r = MustSolve(w);
  ASSERT_EQ(r.pods[0].where, PodResult::Where::kUnschedulable);
  EXPECT_EQ(r.pods[0].failures[0].reason, FailureReason::kRequirements);
  EXPECT_THAT(r.pods[0].error, HasSubstr("label \"team\" does not have known values"));

  // Defined in the NodePool's labels: schedules and the NodeClaim carries the label.
  World ok;
  AddStandardTypes(ok);
  ok.AddPool("default").spec.template_.metadata.labels["team"] = "a";
  ok.AddPod("p", "1", "1Gi").spec.node_selector["team"] = "a";
  Results r2 = MustSolve(ok);
  ASSERT_EQ(r2.new_node_claims.size(), 1u);
  EXPECT_EQ(r2.new_node_claims[0].labels.at("team"), "a");
  EXPECT_EQ(r2.new_node_claims[0].labels.at("karpenter.sh/nodepool"), "default");
}

// §2.3 ToNodeClaim: requirements carry instance types and capacity types; no hostname.
TEST_P(SchedulerTest, NodeClaimRequirements) {
  World w;
  AddStandardTypes(w);
  w.AddPool("default");
  w.AddPod("p", "1", "1Gi");
  Results r = MustSolve(w);
  ASSERT_EQ(r.new_node_claims.size(), 1u);
  const api::Requirements& reqs = r.new_node_claims[0].requirements;
  EXPECT_EQ(reqs.Find("kubernetes.io/hostname"), nullptr);
  EXPECT_EQ(reqs.Find("karpenter.sh/registered"), nullptr);
  ASSERT_NE(reqs.Find("node.kubernetes.io/instance-type"), nullptr);
  EXPECT_EQ(reqs.Find("node.kubernetes.io/instance-type")->Values().size(), 3u);
  ASSERT_NE(reqs.Find("karpenter.sh/capacity-type"), nullptr);
  EXPECT_EQ(reqs.Find("karpenter.sh/capacity-type")->Values(),
            (std::vector<std::string>{"on-demand", "spot"}));
  api::NodePool np;
  np.metadata.name = "default";
  api::NodeClaim nc = ToNodeClaim(r.new_node_claims[0], np);
  EXPECT_EQ(nc.metadata.generate_name, "default-");
  EXPECT_FALSE(nc.spec.requirements.empty());
}

// §2.6: with fewer eligible domains than minDomains the global minimum is taken as 0, so each
// of the three zones takes at most maxSkew pods.
TEST_P(SchedulerTest, MinDomainsForcesZeroMinimum) {
  World w;
  w.AddType({"m.large", 2, 8, 0.10});
  w.AddPool("default");
  for (int i = 0; i < 4; ++i) {
    api::Pod& p = w.AddPod("p" + std::to_string(i), "500m", "1Gi");
    ZoneSpread(p, "md");
    p.spec.topology_spread_constraints[0].min_domains = 5;
  }
  Results r = MustSolve(w);
  int failed = 0;
  for (const auto& p : r.pods) failed += p.where == PodResult::Where::kUnschedulable ? 1 : 0;
  EXPECT_EQ(failed, 1);
  std::set<std::string> zones;
  for (const auto& nc : r.new_node_claims) zones.insert(Zone(nc));
  EXPECT_EQ(zones.size(), 3u);
}

// §2.6: spread on karpenter.sh/capacity-type alternates spot and on-demand.
TEST_P(SchedulerTest, CapacityTypeSpread) {
  World w;
  w.AddType({"m.large", 2, 8, 0.10});
  w.AddPool("default");
  for (int i = 0; i < 4; ++i) {
    api::Pod& p = w.AddPod("p" + std::to_string(i), "1500m", "1Gi");
    p.metadata.labels["app"] = "ct";
    api::TopologySpreadConstraint tsc;
    tsc.max_skew = 1;
    tsc.topology_key = "karpenter.sh/capacity-type";
    tsc.when_unsatisfiable = "DoNotSchedule";
    tsc.label_selector = api::LabelSelector{{{"app", "ct"}}, {}};
    p.spec.topology_spread_constraints.push_back(tsc);
  }
  Results r = MustSolve(w);
  std::map<std::string, int> per_ct;
  for (const auto& nc : r.new_node_claims) {
    const api::Requirement* ct = nc.requirements.Find("karpenter.sh/capacity-type");
    ASSERT_NE(ct, nullptr);
    ASSERT_EQ(ct->Values().size(), 1u);
    per_ct[ct->Values()[0]] += static_cast<int>(nc.pods.size());
  }
  EXPECT_EQ(per_ct, (std::map<std::string, int>{{"on-demand", 2}, {"spot", 2}}));
}

// §2.6: hostname spread with maxSkew 1 keeps at most one selected pod per node.
TEST_P(SchedulerTest, HostnameSpread) {
  World w;
  AddStandardTypes(w);
  w.AddPool("default");
  for (int i = 0; i < 3; ++i) {
    api::Pod& p = w.AddPod("p" + std::to_string(i), "500m", "1Gi");
    p.metadata.labels["app"] = "h";
    api::TopologySpreadConstraint tsc;
    tsc.max_skew = 1;
    tsc.topology_key = "kubernetes.io/hostname";
    tsc.when_unsatisfiable = "DoNotSchedule";
    tsc.label_selector = api::LabelSelector{{{"app", "h"}}, {}};
    p.spec.topology_spread_constraints.push_back(tsc);
  }
  EXPECT_EQ(MustSolve(w).new_node_claims.size(), 3u);
}

// §2.6: anti-affinity works both ways: a bound pod with required anti-affinity keeps the pods
// it selects off its node.
TEST_P(SchedulerTest, InverseAntiAffinityFromExistingPod) {
  World w;
  AddStandardTypes(w);
  w.AddPool("default");
  static api::Pod guard;
  guard.metadata.name = "guard";
  guard.metadata.namespace_ = "default";
  guard.metadata.uid = "uid-guard";
  guard.spec.node_name = "node-1";
  api::PodAffinityTerm term;
  term.topology_key = "kubernetes.io/hostname";
  term.label_selector = api::LabelSelector{{{"app", "web"}}, {}};
  guard.spec.affinity.emplace()
      .pod_anti_affinity.emplace()
      .required_during_scheduling_ignored_during_execution.push_back(term);
  ExistingNode n;
  n.name = "node-1";
  n.labels = {{"kubernetes.io/hostname", "node-1"}};
  n.allocatable = {{"cpu", api::Quantity::FromInt(8)},
                   {"memory", api::Quantity::MustParse("32Gi")},
                   {"pods", api::Quantity::FromInt(110)}};
  n.pods = {&guard};
  w.AddNode(n);
  w.AddPod("web", "1", "1Gi").metadata.labels["app"] = "web";
  w.AddPod("other", "1", "1Gi");
  Results r = MustSolve(w);
  EXPECT_EQ(r.pods[0].where, PodResult::Where::kNewNodeClaim);
  EXPECT_EQ(r.pods[1].where, PodResult::Where::kExistingNode);
}

// §6.1 makePreferencePods: an unsatisfiable preferred anti-affinity on zone is relaxed, the
// satisfiable one on hostname kept (one pod per node).
TEST_P(SchedulerTest, PreferredAntiAffinityRelaxed) {
  World w;
  AddStandardTypes(w);
  w.AddPool("default");
  for (int i = 0; i < 5; ++i) {
    api::Pod& p = w.AddPod("p" + std::to_string(i), "500m", "1Gi");
    p.metadata.labels["app"] = "nginx";
    auto& anti = p.spec.affinity.emplace().pod_anti_affinity.emplace();
    api::WeightedPodAffinityTerm zone{10, {}}, host{1, {}};
    zone.pod_affinity_term.topology_key = "topology.kubernetes.io/zone";
    zone.pod_affinity_term.label_selector = api::LabelSelector{{{"app", "nginx"}}, {}};
    host.pod_affinity_term.topology_key = "kubernetes.io/hostname";
    host.pod_affinity_term.label_selector = api::LabelSelector{{{"app", "nginx"}}, {}};
    anti.preferred_during_scheduling_ignored_during_execution = {zone, host};
  }
  Results r = MustSolve(w);
  for (const auto& p : r.pods) EXPECT_EQ(p.where, PodResult::Where::kNewNodeClaim);
  EXPECT_EQ(r.new_node_claims.size(), 5u);
}

// The simulation is a pure function: the same snapshot gives the same answer.
TEST_P(SchedulerTest, Deterministic) {
  World w;
  AddStandardTypes(w);
  w.AddPool("default");
  for (int i = 0; i < 30; ++i) {
    api::Pod& p = w.AddPod("p" + std::to_string(i), std::to_string(100 + 37 * (i % 7)) + "m",
                           std::to_string(256 + 128 * (i % 5)) + "Mi");
    if (i % 3 == 0) ZoneSpread(p, "a");
    if (i % 5 == 0) HostnameAntiAffinity(p, "b" + std::to_string(i % 2));
  }
  Results a = MustSolve(w), b = MustSolve(w);
  ASSERT_EQ(a.new_node_claims.size(), b.new_node_claims.size());
  for (size_t i = 0; i < a.new_node_claims.size(); ++i) {
    EXPECT_EQ(a.new_node_claims[i].pods, b.new_node_claims[i].pods);
    EXPECT_EQ(a.new_node_claims[i].requirements, b.new_node_claims[i].requirements);
  }
}

INSTANTIATE_TEST_SUITE_P(Packing, SchedulerTest, ::testing::Values(false, true),
                         [](const ::testing::TestParamInfo<bool>& p) {
                           return p.param ? "CostAware" : "Karpenter";
                         });

}  // namespace
}  // namespace swell::provisioning
