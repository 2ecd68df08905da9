// Disruption in the full simulated world (tests/scenarios/disruption; karpenter.md §3): empty
// and underused nodes consolidated, budgets and do-not-disrupt holding them, drift, expiration
// and spot interruptions replacing them, with pods running throughout.
#include <gtest/gtest.h>

#include <algorithm>

#include "sim/scenario_test_util.h"

namespace swell::sim {
namespace {

constexpr const char* kDir = "tests/scenarios/disruption";

// NodeClaims alive (not deleting) now, and those ever created.
int64_t LiveNodeClaims(const World& w) {
  int64_t n = 0;
  for (const auto& [key, nc] : w.cluster().store<api::NodeClaim>()) {
    n += !nc.metadata.deletion_timestamp.has_value();
  }
  return n;
}

int64_t Disrupted(const World& w, const std::string& reason) {
  const auto& d = w.karpenter()->disruption().queue().stats().disrupted;
  auto it = d.find(reason);
  return it == d.end() ? 0 : it->second;
}

int64_t ReadyPods(const World& w) {
  int64_t n = 0;
  for (const auto& [key, p] : w.cluster().pods()) {
    const api::Condition* c = api::FindCondition(p.status.conditions, "Ready");
    n += c != nullptr && c->status == "True" && !p.metadata.deletion_timestamp;
  }
  return n;
}

void ExpectInvariantsHeld(const World& w) {
  const NodeSummary& n = w.summary().nodes;
  EXPECT_EQ(n.limit_violations + n.orphan_violations, 0) << n.violation;
  EXPECT_EQ(w.karpenter()->disruption().stats().budget_exceeded, 0);
  EXPECT_EQ(w.karpenter()->disruption().queue().stats().do_not_disrupt_violations, 0);
}

// §3.2 Emptiness: the node is removed once it has been empty for consolidateAfter (30 s), not
// before; the pods' scale-down is at 5m.
TEST(DisruptionScenario, EmptyNodeRemovedAfterConsolidateAfter) {
  auto w = Play(std::string(kDir) + "/scenario.yaml");
  ASSERT_NE(w, nullptr);
  const Summary& s = w->summary();
  EXPECT_EQ(s.nodes.nodeclaims_created, 1);
  EXPECT_EQ(Disrupted(*w, "Empty"), 1);
  ASSERT_TRUE(s.flow.last_worker_node_gone.has_value());
  const Duration gone = *s.flow.last_worker_node_gone - s.start;
  EXPECT_GE(gone, Minutes(5) + Seconds(30));
  EXPECT_LE(gone, Minutes(5) + Seconds(30) + Seconds(40));  // poll 10 s + drain + terminate
  EXPECT_EQ(Column(*w, "nodes", Minutes(5) + Seconds(25)), 1);
  EXPECT_EQ(Column(*w, "cost_per_hour", Minutes(9)), 0);
  EXPECT_EQ(LiveNodeClaims(*w), 0);
  ExpectInvariantsHeld(*w);
}

// §3.3 consolidation: two half-empty nodes become one; the pods keep running and the cost rate
// falls.
TEST(DisruptionScenario, TwoHalfEmptyNodesConsolidateIntoOne) {
  auto w = Play(std::string(kDir) + "/half-empty.yaml");
  ASSERT_NE(w, nullptr);
  // web-a's node, and one or two for web-b (cost-aware packing may split its four pods).
  EXPECT_GE(Column(*w, "nodes", Minutes(4)), 2);
  EXPECT_EQ(Column(*w, "nodes", Minutes(11)), 1);
  EXPECT_LT(Column(*w, "cost_per_hour", Minutes(11)), Column(*w, "cost_per_hour", Minutes(4)));
  EXPECT_EQ(LiveNodeClaims(*w), 1);
  EXPECT_EQ(ReadyPods(*w), 4);
  EXPECT_GE(Disrupted(*w, "Underutilized"), 1);
  ExpectInvariantsHeld(*w);
}

// §3.5 budgets: `nodes: "0"` allows no voluntary disruption, so the empty node stays.
TEST(DisruptionScenario, ZeroBudgetBlocksEmptiness) {
  auto w = Play(Variant(kDir, "manifests.yaml", "    - nodes: \"10%\"", "    - nodes: \"0\""));
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(Disrupted(*w, "Empty"), 0);
  EXPECT_EQ(LiveNodeClaims(*w), 1);
  EXPECT_FALSE(w->summary().flow.last_worker_node_gone.has_value());
  ExpectInvariantsHeld(*w);
}

// A budget for other reasons only (reasons: [Drifted]) leaves Empty unlimited by it.
TEST(DisruptionScenario, BudgetForOtherReasonsDoesNotBlock) {
  auto w = Play(Variant(kDir, "manifests.yaml", "    - nodes: \"10%\"",
                        "    - nodes: \"0\"\n      reasons: [Drifted]"));
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(Disrupted(*w, "Empty"), 1);
  ExpectInvariantsHeld(*w);
}

// §3.4: pods annotated karpenter.sh/do-not-disrupt keep their nodes from consolidation.
TEST(DisruptionScenario, DoNotDisruptPodsBlockConsolidation) {
  // KubeSim does not roll pods on a template change: web-a's pods come from the manifests,
  // web-b's from the template applied at 2m.
  const std::string ann = "\n      annotations: {karpenter.sh/do-not-disrupt: \"true\"}";
  auto w2 = Play(Variant(
      kDir,
      {{"manifests.yaml", "      labels: {app: web-a}", "      labels: {app: web-a}" + ann},
       {"web-b-four.yaml", "      labels: {app: web-b}", "      labels: {app: web-b}" + ann}},
      "half-empty.yaml"));
  ASSERT_NE(w2, nullptr);
  EXPECT_EQ(Disrupted(*w2, "Underutilized"), 0);
  EXPECT_GE(Column(*w2, "nodes", Minutes(4)), 2);
  EXPECT_EQ(static_cast<double>(LiveNodeClaims(*w2)),
            Column(*w2, "nodes", Minutes(4)));  // none removed
  EXPECT_EQ(ReadyPods(*w2), 4);
  ExpectInvariantsHeld(*w2);
}

}  // namespace
}  // namespace swell::sim

namespace swell::sim {
namespace {

// The largest value of timeline column `name` in [from, to].
double MaxColumn(const World& w, const std::string& name, Duration from, Duration to) {
  double v = 0;
  for (Duration t = from; t <= to; t += Seconds(5)) v = std::max(v, Column(w, name, t));
  return v;
}

// §3.3 Drift: the template hash changes at 5m; the node is replaced, the new one carries the
// new label, and the pods move over without a gap (the replacement is launched first).
TEST(DisruptionScenario, DriftReplacesTheNode) {
  auto w = Play(std::string(kDir) + "/drift.yaml");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(Disrupted(*w, "Drifted"), 1);
  EXPECT_EQ(w->summary().nodes.nodeclaims_created, 2);
  // The replacement was up before the drifted node went: two nodes at once.
  EXPECT_EQ(MaxColumn(*w, "nodes", Minutes(5), Minutes(10)), 2);
  ASSERT_EQ(LiveNodeClaims(*w), 1);
  for (const auto& [key, node] : w->cluster().store<api::Node>()) {
    EXPECT_EQ(node.metadata.labels.at("team"), "payments");
  }
  EXPECT_EQ(ReadyPods(*w), 7);
  ExpectInvariantsHeld(*w);
}

// §3.7 expiration: expireAfter 4m deletes the NodeClaim at 4m (forceful: no budget), the
// provisioner launches another for the pods, and they run again.
TEST(DisruptionScenario, ExpiredNodeIsReplaced) {
  auto w = Play(
      Variant(kDir, {{"manifests.yaml", "expireAfter: 720h", "expireAfter: 4m"}}, "steady.yaml"));
  ASSERT_NE(w, nullptr);
  EXPECT_GE(w->karpenter()->expiration().stats().expired, 1);
  EXPECT_GE(w->summary().nodes.nodeclaims_created, 2);
  EXPECT_EQ(Column(*w, "nodes", Minutes(3)), 1);
  EXPECT_EQ(ReadyPods(*w), 7);
  ExpectInvariantsHeld(*w);
}

// §3.8 interruption: a spot warning deletes the NodeClaim at once; the replacement NodeClaim
// is created within the two-minute notice, before the instance is reclaimed.
TEST(DisruptionScenario, SpotInterruptionLaunchesAReplacementWithinTheNotice) {
  auto w = Play(Variant(kDir,
                        {{"manifests.yaml", "values: [on-demand]", "values: [spot]"},
                         {"steady.yaml", "    zones: [us-east-1a]",
                          "    zones: [us-east-1a]\n"
                          "    spotInterruptions: {ratePerInstanceHour: 20}"}},
                        "steady.yaml"));
  ASSERT_NE(w, nullptr);
  const auto* intr = w->karpenter()->interruption();
  ASSERT_NE(intr, nullptr);
  ASSERT_GE(intr->stats().received.count("SpotInterruption"), 1u);
  EXPECT_GE(intr->stats().deleted.at("SpotInterruption"), 1);
  auto warned = FirstEvent(*w, "SpotInterrupted");
  ASSERT_TRUE(warned.has_value());
  // The provisioner nominates the interrupted node's pods to a new NodeClaim.
  std::optional<TimePoint> replacement;
  for (const auto& e : w->events()) {
    if (e.time >= *warned && e.reason == "Nominated" && !replacement) replacement = e.time;
  }
  ASSERT_TRUE(replacement.has_value());
  EXPECT_LT(*replacement - *warned, Minutes(2));
  EXPECT_GE(w->summary().nodes.nodeclaims_created, 2);
  EXPECT_EQ(ReadyPods(*w), 7);
  ExpectInvariantsHeld(*w);
}

}  // namespace
}  // namespace swell::sim
