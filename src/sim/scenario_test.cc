// Behaviour scenarios (tests/scenarios/): each runs in the full simulated world and asserts
// what KEDA and the HPA would do (keda.md §2, kubernetes.md §1).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/scenario_test_util.h"
#include "sim/world.h"

namespace swell::sim {
namespace {

// The replica counts written to `target` ("Deployment ns/name"), in order.
std::vector<std::pair<Duration, int32_t>> Writes(const World& w, const std::string& target) {
  std::vector<std::pair<Duration, int32_t>> out;
  for (const auto& c : w.scale_calls()) {
    if (c.target == target) out.emplace_back(c.time - w.summary().start, c.replicas);
  }
  return out;
}

int32_t ReplicasAt(const World& w, const std::string& target, Duration t, int32_t initial) {
  int32_t r = initial;
  for (const auto& [at, n] : Writes(w, target)) {
    if (at <= t) r = n;
  }
  return r;
}

TEST(Scenario, ScaleFromZeroWithinOnePollingInterval) {
  auto w = Play("tests/scenarios/scale-from-zero/scenario.yaml");
  ASSERT_NE(w, nullptr);
  auto activated = FirstEvent(*w, "KEDAScaleTargetActivated");
  ASSERT_TRUE(activated.has_value());
  const Duration at = *activated - w->summary().start;
  EXPECT_GE(at, Seconds(47));  // not before the message exists
  EXPECT_LE(at, Seconds(47 + 30));
  EXPECT_EQ(at, Seconds(60));  // the first poll after 47s
  EXPECT_EQ(ReplicasAt(*w, "Deployment default/worker", Seconds(60), 0), 1);
}

TEST(Scenario, NoScaleToZeroBeforeCooldown) {
  auto w = Play("tests/scenarios/scale-from-zero/scenario.yaml");
  ASSERT_NE(w, nullptr);
  auto deactivated = FirstEvent(*w, "KEDAScaleTargetDeactivated");
  ASSERT_TRUE(deactivated.has_value());
  const auto* so = w->cluster().store<api::ScaledObject>().Get("default", "worker");
  ASSERT_NE(so, nullptr);
  ASSERT_TRUE(so->status.last_active_time.has_value());
  const TimePoint last_active = so->status.last_active_time->value;
  // lastActiveTime + cooldownPeriod < now, evaluated at polls (keda.md §2.5).
  EXPECT_GT(*deactivated, last_active + Seconds(120));
  EXPECT_LE(*deactivated, last_active + Seconds(120 + 30));
}

TEST(Scenario, ToleranceHoldsReplicas) {
  auto w = Play("tests/scenarios/tolerance/scenario.yaml");
  ASSERT_NE(w, nullptr);
  auto writes = Writes(*w, "Deployment default/api");
  for (const auto& [at, n] : writes) {
    if (at < Minutes(5)) ADD_FAILURE() << "rescaled to " << n << " inside the tolerance";
  }
  EXPECT_EQ(ReplicasAt(*w, "Deployment default/api", Minutes(8), 10), 12);
}

TEST(Scenario, BehaviorPoliciesCapScaleDownAndUp) {
  auto w = Play("tests/scenarios/behavior/scenario.yaml");
  ASSERT_NE(w, nullptr);
  std::vector<int32_t> sizes;
  std::vector<Duration> times;
  for (const auto& [at, n] : Writes(*w, "Deployment default/api")) {
    sizes.push_back(n);
    times.push_back(at);
  }
  // 50% per 60s down: 16 -> 8 -> 4 -> 2 -> 1; then +3 pods per 60s up to 30 (ceil(30/1)).
  std::vector<int32_t> want = {8, 4, 2, 1, 4, 7, 10, 13, 16, 19};
  ASSERT_GE(sizes.size(), want.size());
  for (size_t i = 0; i < want.size(); i++) EXPECT_EQ(sizes[i], want[i]) << "write " << i;
  for (size_t i = 1; i < 4; i++) EXPECT_GE(times[i] - times[i - 1], Seconds(60));
  for (size_t i = 5; i < want.size(); i++) EXPECT_GE(times[i] - times[i - 1], Seconds(60));
  EXPECT_GE(times[4], Minutes(10));
}

TEST(Scenario, FallbackReplicasAfterFailureThreshold) {
  auto w = Play("tests/scenarios/fallback/scenario.yaml");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(ReplicasAt(*w, "Deployment default/worker", Minutes(5), 2), 6);
  EXPECT_EQ(CountEvents(*w, "KEDAScaleTargetDeactivated"), 0);
  const auto* so = w->cluster().store<api::ScaledObject>().Get("default", "worker");
  ASSERT_NE(so, nullptr);
  auto h = so->status.health.find("s0-aws-sqs-missing");
  ASSERT_NE(h, so->status.health.end());
  EXPECT_EQ(h->second.status, "Failing");
  EXPECT_GT(h->second.number_of_failures.value_or(0), 3);
}

TEST(Scenario, PausedReplicasPinTheSize) {
  auto w = Play("tests/scenarios/paused/scenario.yaml");
  ASSERT_NE(w, nullptr);
  auto writes = Writes(*w, "Deployment default/worker");
  ASSERT_EQ(writes.size(), 1u);  // only the pin, despite 5,000 queued messages
  EXPECT_EQ(writes[0].second, 3);
  EXPECT_TRUE(FirstEvent(*w, "ScaledObjectPaused").has_value());
}

TEST(Scenario, ScalingModifiersFormulaDrivesTheHpa) {
  auto w = Play("tests/scenarios/modifiers/scenario.yaml");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(ReplicasAt(*w, "Deployment default/api", Minutes(3), 1), 10);
}

TEST(Scenario, ScaleOnInFlightKeepsWorkersAlive) {
  auto on = Play("tests/scenarios/in-flight/scenario.yaml");
  ASSERT_NE(on, nullptr);
  EXPECT_EQ(on->summary().queues[0].redelivered, 0);
  EXPECT_EQ(on->summary().queues[0].deleted, 10);
  // Scaled to zero only once the work is done (5 minutes of processing after start-up).
  auto deactivated = FirstEvent(*on, "KEDAScaleTargetDeactivated");
  if (deactivated) {
    EXPECT_GT(*deactivated - on->summary().start, Minutes(5));
  }

  auto off = Play(Variant("tests/scenarios/in-flight", "scaledobject.yaml",
                          "scaleOnInFlight: \"true\"", "scaleOnInFlight: \"false\""));
  ASSERT_NE(off, nullptr);
  auto early = FirstEvent(*off, "KEDAScaleTargetDeactivated");
  ASSERT_TRUE(early.has_value());
  EXPECT_LT(*early - off->summary().start, Minutes(2));  // while all 10 are in flight
  EXPECT_LT(off->summary().queues[0].deleted, 10);       // work lost to the early scale-down
}

int JobsCreatedAtFirstPoll(const World& w) {
  for (const auto& e : w.events()) {
    if (e.reason == "KEDAJobsCreated") return std::stoi(e.message.substr(8));
  }
  return 0;
}

TEST(Scenario, ScaledJobDocsTable) {
  // keda.md §3.4, KEDA's scaling-jobs docs table: (queue, max, target, running) -> jobs.
  auto w = Play("tests/scenarios/scaledjob/scenario.yaml");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(JobsCreatedAtFirstPoll(*w), 3);       // queue 10, max 3, target 1
  EXPECT_EQ(w->summary().queues[0].deleted, 10);  // the jobs drain the queue over time

  auto t2 = Play(Variant("tests/scenarios/scaledjob", "scaledjob.yaml", "queueLength: \"1\"",
                         "queueLength: \"2\""));
  ASSERT_NE(t2, nullptr);
  EXPECT_EQ(JobsCreatedAtFirstPoll(*t2), 3);  // queue 10, max 3, target 2

  auto big = Play(Variant("tests/scenarios/scaledjob", "scaledjob.yaml", "maxReplicaCount: 3",
                          "maxReplicaCount: 100"));
  ASSERT_NE(big, nullptr);
  EXPECT_EQ(JobsCreatedAtFirstPoll(*big), 10);  // queue 10, max 100, target 1

  auto small = Play(Variant("tests/scenarios/scaledjob", "scenario.yaml", "initialMessages: 10",
                            "initialMessages: 4"));
  ASSERT_NE(small, nullptr);
  EXPECT_EQ(JobsCreatedAtFirstPoll(*small), 3);  // queue 4, max 3, target 1
}

TEST(Scenario, ScaledJobEagerFillsToMax) {
  auto eager = Play(Variant("tests/scenarios/scaledjob", "scaledjob.yaml", "pollingInterval: 30",
                            "pollingInterval: 30\n  scalingStrategy: {strategy: eager}"));
  ASSERT_NE(eager, nullptr);
  EXPECT_EQ(JobsCreatedAtFirstPoll(*eager), 3);
}

TEST(Scenario, SameSeedSameBytes) {
  auto a = Play("examples/order-burst/scenario.yaml");
  auto b = Play("examples/order-burst/scenario.yaml");
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(FormatTimeline(*a, false), FormatTimeline(*b, false));
  EXPECT_EQ(FormatEvents(*a), FormatEvents(*b));
  EXPECT_EQ(FormatSummary(*a), FormatSummary(*b));
  EXPECT_GT(a->timeline().size(), 300u);
}

TEST(Scenario, SeedBurstDrainsAndReturnsToZero) {
  auto w = Play("examples/order-burst/scenario.yaml");
  ASSERT_NE(w, nullptr);
  const Summary& s = w->summary();
  ASSERT_GE(s.queues.size(), 1u);
  EXPECT_GT(s.queues[0].peak_depth, 50000);
  EXPECT_TRUE(s.queues[0].drained_at.has_value());
  EXPECT_EQ(s.queues[0].remaining, 0);
  ASSERT_EQ(s.workloads.size(), 1u);
  EXPECT_EQ(s.workloads[0].max_desired, 100);  // maxReplicaCount
  EXPECT_TRUE(s.workloads[0].back_to_zero.has_value());
}

}  // namespace
}  // namespace swell::sim

namespace swell::sim {
namespace {

TEST(Scenario, OtherTriggerTypesOnSimulatedSources) {
  auto w = Play("tests/scenarios/triggers/scenario.yaml");
  ASSERT_NE(w, nullptr);
  // cron (keda.md §5.8): desiredReplicas inside [start, end).
  EXPECT_EQ(ReplicasAt(*w, "Deployment default/cron-app", Minutes(9), 1), 1);
  EXPECT_EQ(ReplicasAt(*w, "Deployment default/cron-app", Minutes(11), 1), 5);
  // After the window the HPA scales down once its 300s stabilization has passed.
  EXPECT_EQ(ReplicasAt(*w, "Deployment default/cron-app", Minutes(29), 1), 1);
  // redis (keda.md §5.2): ceil(95 / 10) = 10, then zero after the list empties.
  EXPECT_EQ(ReplicasAt(*w, "Deployment default/redis-app", Minutes(5), 0), 10);
  EXPECT_EQ(ReplicasAt(*w, "Deployment default/redis-app", Minutes(9), 0), 0);
  // kafka (keda.md §5.3): ceil(450 / 100) = 5.
  EXPECT_EQ(ReplicasAt(*w, "Deployment default/kafka-app", Minutes(10), 0), 5);
  // cpu (keda.md §5.9): utilization above 50% grows the deployment.
  EXPECT_GT(ReplicasAt(*w, "Deployment default/cpu-app", Minutes(10), 2), 2);
}

}  // namespace
}  // namespace swell::sim

// ---- node provisioning (tests/scenarios/provisioning; karpenter.md §2) --------------------------

namespace swell::sim {
namespace {

constexpr const char* kProvisioning = "tests/scenarios/provisioning";

TEST(Scenario, PendingPodsGetANodeClaimThenAReadyNodeThenRun) {
  auto w = Play(std::string(kProvisioning) + "/scenario.yaml");
  ASSERT_NE(w, nullptr);
  const NodeSummary& n = w->summary().nodes;
  EXPECT_TRUE(n.provisioning);
  // Six 1-CPU pods: Karpenter's plan is one right-sized node; swell's cost-aware packing (on by
  // default, provisioning/scheduling/README.md) launches two smaller ones when that is cheaper.
  EXPECT_EQ(n.nodeclaims_created, 2);
  EXPECT_EQ(n.nodeclaims_launched, 2);
  ASSERT_TRUE(n.first_nodeclaim.has_value());
  ASSERT_TRUE(n.first_node_ready.has_value());
  // The batcher: 1 s idle after the pods turn Unschedulable (100 ms).
  EXPECT_LE(*n.first_nodeclaim - w->summary().start, Seconds(2));
  // Launch + boot + kubelet: 30-55 s with this scenario's distributions.
  const Duration ready = *n.first_node_ready - *n.first_nodeclaim;
  EXPECT_GE(ready, Seconds(30));
  EXPECT_LE(ready, Seconds(55));
  // Pending until then, running after.
  EXPECT_EQ(Column(*w, "pods.pending", Seconds(25)), 6);
  EXPECT_EQ(Column(*w, "pods.pending", Minutes(2)), 0);
  EXPECT_EQ(w->summary().workloads[0].max_ready, 6);
  EXPECT_EQ(CountEvents(*w, "Nominated"), 6);
  // Each Node went through Karpenter's registration and initialization.
  ASSERT_EQ(w->cluster().store<api::Node>().size(), 2u);
  for (const auto& [key, node] : w->cluster().store<api::Node>()) {
    EXPECT_EQ(node.metadata.labels.at("karpenter.sh/registered"), "true");
    EXPECT_EQ(node.metadata.labels.at("karpenter.sh/initialized"), "true");
    EXPECT_EQ(node.metadata.labels.at("karpenter.sh/nodepool"), "general");
  }
  EXPECT_EQ(n.limit_violations + n.orphan_violations, 0);
  EXPECT_GT(n.total.cost, 0);
}

// §2.2 step 10 and the limit filter of the simulation: a 4-CPU cap allows one 4-vCPU node.
TEST(Scenario, NodePoolLimitStopsProvisioning) {
  auto w = Play(Variant(kProvisioning, "manifests.yaml", "cpu: 1000", "cpu: 4"));
  ASSERT_NE(w, nullptr);
  const NodeSummary& n = w->summary().nodes;
  EXPECT_EQ(n.nodeclaims_created, 1);
  EXPECT_EQ(w->summary().workloads[0].max_ready, 3);  // 3 x 1 CPU on ~3.9 allocatable
  EXPECT_EQ(Column(*w, "pods.pending", Minutes(5)), 3);
  EXPECT_GE(CountEventsWith(*w, "FailedScheduling", "exceed limits for nodepool"), 3);
  EXPECT_EQ(n.limit_violations, 0);
  EXPECT_EQ(n.orphan_violations, 0);
}

// karpenter.md §2.7, §5: every spot offering fails; the NodeClaim is deleted, the offerings are
// cached as unavailable, and the next plan launches on-demand.
TEST(Scenario, SpotInsufficientCapacityFallsBackToOnDemand) {
  auto w = Play(Variant(kProvisioning, "scenario.yaml", "    bootTime: uniform(20s, 35s)",
                        "    bootTime: uniform(20s, 35s)\n"
                        "    insufficientCapacity: [{capacityType: spot}]"));
  ASSERT_NE(w, nullptr);
  const NodeSummary& n = w->summary().nodes;
  EXPECT_GE(n.insufficient_capacity, 1);
  EXPECT_GE(CountEvents(*w, "InsufficientCapacityError"), 1);
  EXPECT_EQ(w->summary().workloads[0].max_ready, 6);
  EXPECT_EQ(n.by_capacity_type.count("spot"), 0u);
  EXPECT_EQ(n.by_capacity_type.count("on-demand"), 1u);
  for (const auto& [key, node] : w->cluster().store<api::Node>()) {
    EXPECT_EQ(node.metadata.labels.at("karpenter.sh/capacity-type"), "on-demand");
  }
  EXPECT_EQ(n.limit_violations + n.orphan_violations, 0);
}

// §2.6: a NodePool taint the pods do not tolerate; nothing launches, the reason is an event.
TEST(Scenario, UntoleratedNodePoolTaintLeavesPodsPendingWithTheReason) {
  auto w = Play(Variant(kProvisioning, "manifests.yaml", "      requirements:",
                        "      taints: [{key: dedicated, value: gpu, effect: NoSchedule}]\n"
                        "      requirements:"));
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->summary().nodes.nodeclaims_created, 0);
  EXPECT_EQ(w->summary().workloads[0].max_ready, 0);
  EXPECT_EQ(Column(*w, "pods.pending", Minutes(5)), 6);
  EXPECT_EQ(CountEventsWith(*w, "FailedScheduling",
                            "incompatible with nodepool \"general\", did not tolerate taint "
                            "(taint=dedicated=gpu:NoSchedule)"),
            6);  // once per pod: deduplicated for 5 minutes
}

TEST(Scenario, SeedProvisionsNodesForTheBurst) {
  auto w = Play("examples/order-burst/scenario.yaml");
  ASSERT_NE(w, nullptr);
  const NodeSummary& n = w->summary().nodes;
  EXPECT_TRUE(n.provisioning);
  EXPECT_GE(n.nodeclaims_created, 2);
  ASSERT_TRUE(n.first_pod_pending.has_value() && n.first_node_ready.has_value());
  const Duration pending = *n.first_node_ready - *n.first_pod_pending;
  EXPECT_GE(pending, Seconds(25));  // the article's "30-60 seconds" to a node
  EXPECT_LE(pending, Seconds(65));
  EXPECT_EQ(n.limit_violations + n.orphan_violations, 0);
  EXPECT_EQ(w->summary().workloads[0].max_ready, 100);
}

}  // namespace
}  // namespace swell::sim
