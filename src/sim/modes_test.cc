// The two modes on one scenario (swell simulate --mode / --compare): KEDA and Karpenter apart,
// and swell's coordinated scaling, where the node half plans for the replica target as soon as
// an HPA sync sets it, and for the queue's growth when the lookahead annotation asks.
#include <gtest/gtest.h>

#include <cmath>

#include "sim/scenario_test_util.h"

namespace swell::sim {
namespace {

std::optional<Duration> AfterBurst(const World& w, const std::string& name) {
  const Summary& s = w.summary();
  for (const Milestone& m : FlowMilestones(s)) {
    if (m.name == name && m.at) return *m.at - s.burst_start.value_or(s.start);
  }
  return std::nullopt;
}

// The largest value of timeline column `name` up to `to`.
double MaxUpTo(const World& w, const std::string& name, Duration to) {
  double v = 0;
  for (Duration t{0}; t <= to; t += Seconds(5)) v = std::max(v, Column(w, name, t));
  return v;
}

TEST(Modes, NamesParse) {
  Mode m = Mode::kSwell;
  EXPECT_TRUE(ParseMode("keda-karpenter", &m));
  EXPECT_EQ(m, Mode::kKedaKarpenter);
  EXPECT_TRUE(ParseMode("swell", &m));
  EXPECT_EQ(m, Mode::kSwell);
  EXPECT_FALSE(ParseMode("karpenter", &m));
  EXPECT_EQ(ModeName(Mode::kKedaKarpenter), "keda-karpenter");
}

// The seed burst: swell's nodes are launched for the target, so the first node is ready and
// every pod runs no later than with the two systems apart, and the queue drains no later.
TEST(Modes, SeedSwellIsNoSlowerThanKedaKarpenter) {
  auto kk = Play("examples/order-burst/scenario.yaml", {Mode::kKedaKarpenter});
  auto sw = Play("examples/order-burst/scenario.yaml", {Mode::kSwell});
  ASSERT_NE(kk, nullptr);
  ASSERT_NE(sw, nullptr);
  EXPECT_EQ(kk->karpenter()->provisioner().stats().anticipated_pods, 0);
  EXPECT_GT(sw->karpenter()->provisioner().stats().anticipated_pods, 0);
  for (const char* m :
       {"first node launched", "first node ready", "all pods running", "queue drained"}) {
    ASSERT_TRUE(AfterBurst(*kk, m).has_value()) << m;
    ASSERT_TRUE(AfterBurst(*sw, m).has_value()) << m;
    EXPECT_LE(*AfterBurst(*sw, m), *AfterBurst(*kk, m)) << m;
  }
  EXPECT_LT(*AfterBurst(*sw, "first node ready"), *AfterBurst(*kk, "first node ready"));
  // Both end with no worker node and no invariant broken.
  for (const World* w : {kk.get(), sw.get()}) {
    EXPECT_TRUE(w->summary().flow.last_worker_node_gone.has_value()) << ModeName(w->mode());
    EXPECT_EQ(InvariantViolations(w->summary().nodes), 0) << ModeName(w->mode());
  }
  const std::string verdict = CompareVerdict(*kk, *sw);
  EXPECT_EQ(verdict.rfind("swell drains the queue ", 0), 0u) << verdict;
}

// The target rises before the pods exist: in swell mode a NodeClaim is created at the HPA sync
// that raises the target, before the kube-scheduler marks the new pods Unschedulable.
TEST(Modes, SwellLaunchesAtTheScaleDecision) {
  auto sw = Play("tests/scenarios/lookahead/scenario.yaml", {Mode::kSwell});
  auto kk = Play("tests/scenarios/lookahead/scenario.yaml", {Mode::kKedaKarpenter});
  ASSERT_NE(sw, nullptr);
  ASSERT_NE(kk, nullptr);
  ASSERT_TRUE(sw->summary().nodes.first_nodeclaim && kk->summary().nodes.first_nodeclaim);
  // keda-karpenter waits for Unschedulable pods and the 1 s batch window.
  EXPECT_LT(*sw->summary().nodes.first_nodeclaim, *kk->summary().nodes.first_nodeclaim);
  EXPECT_EQ(InvariantViolations(sw->summary().nodes), 0);
}

// How far the replica target ran ahead of the queue as it stood: the largest
// target - ceil((visible + in flight) / 20) over the samples (queueLength 20; the samples lag the
// HPA syncs a little, so even without a lookahead this is not exactly 0).
double LargestLead(const World& w) {
  double lead = 0;
  for (Duration t{0}; t <= Minutes(12); t += Seconds(5)) {
    const double target = Column(w, "worker.target", t);
    if (target == 0) continue;
    const double queue = Column(w, "jobs.visible", t) + Column(w, "jobs.in_flight", t);
    lead = std::max(lead, target - std::ceil(queue / 20));
  }
  return lead;
}

// With the lookahead annotation the target runs ahead of the queue while it grows (2 minutes of
// growth); without it the target follows the queue.
TEST(Modes, LookaheadPlansForTheGrowingQueue) {
  const std::string dir = "tests/scenarios/lookahead";
  auto with = Play(dir + "/scenario.yaml", {Mode::kSwell});
  auto without = Play(Variant(dir, "scaledobject.yaml", "autoscaling.swell.dev/lookahead: 2m",
                              "example.com/unrelated: x"),
                      {Mode::kSwell});
  ASSERT_NE(with, nullptr);
  ASSERT_NE(without, nullptr);
  EXPECT_GT(LargestLead(*with), 2 * LargestLead(*without));
  EXPECT_GT(LargestLead(*with), 30);
  EXPECT_LE(MaxUpTo(*with, "worker.target", Minutes(12)), 200);  // maxReplicaCount
  EXPECT_EQ(InvariantViolations(with->summary().nodes), 0);
}

}  // namespace
}  // namespace swell::sim

namespace swell::sim {
namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

// examples/order-burst carries the seed's three manifests exactly as the article has them.
TEST(OrderBurst, ManifestsAreTheSeedsUnchanged) {
  const std::string seed = ReadAll("../shared/seed/manifests.yaml");
  if (seed.empty()) GTEST_SKIP() << "../shared/seed/manifests.yaml not present";
  EXPECT_EQ(ReadAll("examples/order-burst/manifests.yaml"), seed);
}

}  // namespace
}  // namespace swell::sim
