// Pod order and preference relaxation order (karpenter.md §2.3, §2.6).
#include "provisioning/scheduling/preferences.h"

#include <gtest/gtest.h>

#include "provisioning/scheduling/queue.h"
#include "provisioning/scheduling/test_world.h"

namespace swell::provisioning::detail {
namespace {

api::Pod PodWithEveryPreference() {
  testing::World w;
  api::Pod p = w.AddPod("p", "1", "1Gi");
  auto& a = p.spec.affinity.emplace();
  api::NodeSelector sel;
  sel.node_selector_terms.push_back({{{"topology.kubernetes.io/zone", "In", {"a"}}}, {}});
  sel.node_selector_terms.push_back({{{"topology.kubernetes.io/zone", "In", {"b"}}}, {}});
  auto& na = a.node_affinity.emplace();
  na.required_during_scheduling_ignored_during_execution = sel;
  api::PreferredSchedulingTerm pref;
  pref.weight = 1;
  pref.preference.match_expressions.push_back({"kubernetes.io/arch", "In", {"arm64"}});
  na.preferred_during_scheduling_ignored_during_execution.push_back(pref);
  api::WeightedPodAffinityTerm w1{5, {}};
  w1.pod_affinity_term.topology_key = "kubernetes.io/hostname";
  a.pod_affinity.emplace().preferred_during_scheduling_ignored_during_execution.push_back(w1);
  a.pod_anti_affinity.emplace().preferred_during_scheduling_ignored_during_execution.push_back(w1);
  api::TopologySpreadConstraint hard, soft;
  hard.max_skew = soft.max_skew = 1;
  hard.topology_key = soft.topology_key = "topology.kubernetes.io/zone";
  hard.when_unsatisfiable = "DoNotSchedule";
  soft.when_unsatisfiable = "ScheduleAnyway";
  p.spec.topology_spread_constraints = {hard, soft};
  return p;
}

// §2.6: required OR term, preferred pod affinity, preferred anti-affinity, preferred node
// affinity, ScheduleAnyway spread, PreferNoSchedule toleration; then nothing.
TEST(PreferencesTest, RelaxedInKarpenterOrder) {
  api::Pod pod = PodWithEveryPreference();
  PodState p;
  InitPodState(p, pod, 0);
  Labels labels;
  ComputeRequirements(p, labels, false);
  EXPECT_NE(p.reqs.Find(labels.FindKey("kubernetes.io/arch")), nullptr);  // heaviest preferred

  ASSERT_TRUE(Relax(p, true));
  EXPECT_EQ(p.relax.required_term, 1u);
  ASSERT_TRUE(Relax(p, true));
  EXPECT_EQ(p.relax.pod_affinity_dropped, 1u);
  ASSERT_TRUE(Relax(p, true));
  EXPECT_EQ(p.relax.pod_anti_affinity_dropped, 1u);
  ASSERT_TRUE(Relax(p, true));
  EXPECT_EQ(p.relax.node_affinity_dropped, 1u);
  ComputeRequirements(p, labels, false);
  EXPECT_EQ(p.reqs.Find(labels.FindKey("kubernetes.io/arch")), nullptr);
  ASSERT_TRUE(Relax(p, true));
  EXPECT_EQ(p.relax.spreads, std::vector<uint32_t>{0});  // the ScheduleAnyway one went
  ASSERT_TRUE(Relax(p, true));
  EXPECT_TRUE(p.relax.tolerate_prefer_no_schedule);
  EXPECT_EQ(p.tolerations.back().effect, "PreferNoSchedule");
  EXPECT_FALSE(Relax(p, true));

  ResetRelaxation(p);
  EXPECT_TRUE(p.relax.IsOriginal(2));
  EXPECT_TRUE(p.tolerations.empty());
}

TEST(PreferencesTest, NoPreferNoScheduleTolerationWithoutSuchTaint) {
  api::Pod pod = testing::World().AddPod("p", "1", "1Gi");
  PodState p;
  InitPodState(p, pod, 0);
  EXPECT_FALSE(Relax(p, false));
}

// §2.3: cpu desc, memory desc, creation asc, UID asc.
TEST(QueueTest, PodOrder) {
  testing::World w;
  w.AddPod("small", "100m", "1Gi");
  w.AddPod("big", "2", "1Gi");
  w.AddPod("big-mem", "2", "4Gi");
  w.AddPod("b", "1", "1Gi");
  w.AddPod("a", "1", "1Gi");
  w.pods()[3].metadata.creation_timestamp = api::Time{TimePoint{} + Seconds(5)};
  w.pods()[4].metadata.creation_timestamp = api::Time{TimePoint{} + Seconds(5)};
  std::vector<PodState> pods(w.pods().size());
  for (uint32_t i = 0; i < pods.size(); ++i) {
    InitPodState(pods[i], w.pods()[i], i);
    pods[i].requests_list = api::PodRequests(w.pods()[i].spec);
  }
  std::vector<uint32_t> order = OrderPods(pods);
  EXPECT_EQ(order, (std::vector<uint32_t>{2, 1, 4, 3, 0}));  // uid-a < uid-b

  PodQueue q(order, pods.size());
  uint32_t p = 0;
  ASSERT_TRUE(q.Pop(&p));
  q.Push(p);  // no progress on any pod: stops after one full cycle
  for (int i = 0; i < 4; ++i) {
    ASSERT_TRUE(q.Pop(&p));
    q.Push(p);
  }
  EXPECT_FALSE(q.Pop(&p));
}

}  // namespace
}  // namespace swell::provisioning::detail
