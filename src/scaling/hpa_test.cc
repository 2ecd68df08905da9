#include "scaling/hpa.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>
#include <utility>

namespace swell::scaling {
namespace {

using scalers::MetricSpec;

TimePoint Base() { return TimePoint{} + Hours(24 * 365 * 56); }  // around 2026
TimePoint At(int64_t seconds) { return Base() + Seconds(seconds); }

MetricSpec External(std::string name, std::string type, int64_t target_milli) {
  MetricSpec m;
  m.source = MetricSpec::Source::kExternal;
  m.name = std::move(name);
  m.target_type = std::move(type);
  m.target_milli = target_milli;
  return m;
}
MetricSpec ExternalAvg(std::string name, int64_t target_milli) {
  return External(std::move(name), "AverageValue", target_milli);
}
MetricSpec ExternalValue(std::string name, int64_t target_milli) {
  return External(std::move(name), "Value", target_milli);
}
MetricSpec ResourceMetric(std::string resource, std::string type, int32_t util, int64_t milli) {
  MetricSpec m;
  m.source = MetricSpec::Source::kResource;
  m.resource = std::move(resource);
  m.target_type = std::move(type);
  m.target_utilization = util;
  m.target_milli = milli;
  return m;
}
MetricSpec CpuUtilization(int32_t percent) {
  return ResourceMetric("cpu", "Utilization", percent, 0);
}

api::HPAScalingPolicy Policy(std::string type, int32_t value, int32_t period) {
  return api::HPAScalingPolicy{std::move(type), value, period};
}
api::HPAScalingRules Rules(std::optional<int32_t> window, std::string select,
                           std::vector<api::HPAScalingPolicy> policies) {
  api::HPAScalingRules r;
  r.stabilization_window_seconds = window;
  r.select_policy = std::move(select);
  r.policies = std::move(policies);
  return r;
}

// An HPA with one External AverageValue metric of target 1 (1000 milli) on a target that
// follows it at once (spec = status = ready replicas = the last size written), so a metric value
// of N asks for N replicas. Sync() runs one reconcile at a time in seconds.
class Scenario {
 public:
  Scenario(std::optional<api::HPABehavior> behavior, int32_t replicas, int32_t max = 100,
           int32_t min = 1)
      : replicas_(replicas) {
    spec_.min_replicas = min;
    spec_.max_replicas = max;
    spec_.behavior = std::move(behavior);
    spec_.metrics = {ExternalAvg("s0-queue", 1000)};
  }

  int32_t Sync(int64_t t, double wanted) {
    HpaInput in;
    in.spec_replicas = in.status_replicas = in.ready_pods = replicas_;
    in.external = {{"s0-queue", std::llround(wanted * 1000)}};
    last_ = ReconcileHpa(spec_, in, At(t), &state_);
    if (last_.rescale) replicas_ = last_.desired_replicas;
    trace_[t] = replicas_;
    return replicas_;
  }
  // Syncs every 15 s from `from` through `to`.
  void Run(int64_t from, int64_t to, double wanted) {
    for (int64_t t = from; t <= to; t += 15) Sync(t, wanted);
  }
  // Checks the replicas after the sync at each listed time.
  void Expect(const std::vector<std::pair<int64_t, int32_t>>& want) const {
    for (const auto& [t, r] : want) {
      ASSERT_TRUE(trace_.count(t)) << "no sync at t=" << t;
      EXPECT_EQ(trace_.at(t), r) << "at t=" << t << "s";
    }
  }

  int32_t replicas() const { return replicas_; }
  const HpaResult& last() const { return last_; }
  const HpaState& state() const { return state_; }

 private:
  HpaSpec spec_;
  HpaState state_;
  int32_t replicas_;
  HpaResult last_;
  std::map<int64_t, int32_t> trace_;
};

api::HPABehavior DefaultBehavior() { return api::HPABehavior{}; }

api::HPABehavior WithScaleDown(api::HPAScalingRules down) {
  api::HPABehavior b;
  b.scale_down = std::move(down);
  return b;
}

// ---- kubernetes.md §1.5 worked examples (default behavior: 4 pods or 100% per 15 s) -----------

TEST(HpaBehaviorK8sMd15, FromOneReplicaTheLimitIsFive) {
  Scenario s(DefaultBehavior(), 1);
  EXPECT_EQ(s.Sync(0, 100), 5);
  ASSERT_TRUE(s.last().scaling_limited.has_value());
  EXPECT_EQ(s.last().scaling_limited.value().reason, "ScaleUpLimit");
  EXPECT_TRUE(s.last().scaling_limited.value().status);
}

TEST(HpaBehaviorK8sMd15, FromTenTheLimitIsTwenty) {
  Scenario s(DefaultBehavior(), 10);
  EXPECT_EQ(s.Sync(0, 100), 20);
}

TEST(HpaBehaviorK8sMd15, NoFurtherGrowthWithin15sOfAScaleUp) {
  Scenario s(DefaultBehavior(), 1);
  s.Sync(0, 100);
  s.Sync(5, 100);      // start of period = 5 - 4 = 1: limit 5 = current
  s.Sync(14, 100);     // still inside the 15 s period
  s.Run(15, 90, 100);  // the event at t=0 is no longer newer than now - 15 s
  s.Expect({{0, 5}, {5, 5}, {14, 5}, {15, 10}, {30, 20}, {45, 40}, {60, 80}, {75, 100}, {90, 100}});
}

TEST(HpaBehaviorK8sMd15, AScaleDownInThePeriodRaisesTheScaleUpBase) {
  // Down 10 -> 4 at t=0 (no stabilization); at t=5 the period started at 10: limit max(14, 20).
  api::HPABehavior b = WithScaleDown(Rules(0, "", {}));
  Scenario s(b, 10);
  EXPECT_EQ(s.Sync(0, 4), 4);
  EXPECT_EQ(s.Sync(5, 100), 20);
}

// ---- Kubernetes HPA docs, "Scaling policies" and "Stabilization window" ----------------------

TEST(HpaBehaviorDocs, PodsAndPercentPerMinuteSelectMaxScalesDown80To10) {
  // scaleDown policies Pods 4/60s and Percent 10/60s (Max): above 40 pods the Percent policy
  // removes more (80 -> 72 -> 64 ...), below it the Pods policy (4 at a time).
  Scenario s(WithScaleDown(Rules(0, "", {Policy("Pods", 4, 60), Policy("Percent", 10, 60)})), 80);
  s.Run(0, 900, 10);
  s.Expect({{0, 72},
            {15, 72},
            {45, 72},
            {60, 64},
            {120, 57},
            {180, 51},
            {240, 45},
            {300, 40},
            {360, 36},
            {420, 32},
            {480, 28},
            {540, 24},
            {600, 20},
            {660, 16},
            {720, 12},
            {780, 10},
            {900, 10}});
}

TEST(HpaBehaviorDocs, SelectPolicyMinRemovesAtMostFivePerMinute) {
  // "no more than 5 Pods removed per minute": Percent 10/60s + Pods 5/60s, selectPolicy Min.
  Scenario s(WithScaleDown(Rules(0, "Min", {Policy("Percent", 10, 60), Policy("Pods", 5, 60)})),
             80);
  s.Run(0, 540, 10);
  s.Expect({{0, 75},
            {45, 75},
            {60, 70},
            {120, 65},
            {180, 60},
            {240, 55},
            {300, 50},
            {360, 45},
            {420, 40},
            {480, 36},
            {540, 32}});
}

TEST(HpaBehavior, ScalingLimitedReasons) {
  Scenario s(WithScaleDown(Rules(0, "", {Policy("Pods", 4, 60), Policy("Percent", 10, 60)})), 80);
  s.Sync(0, 10);
  EXPECT_EQ(s.last().scaling_limited.value().reason, "ScaleDownLimit");
  EXPECT_TRUE(s.last().scaling_limited.value().status);
  EXPECT_EQ(s.last().reason, "All metrics below target");

  HpaSpec spec;
  spec.min_replicas = 5;
  spec.behavior = WithScaleDown(Rules(0, "", {}));
  spec.metrics = {ExternalAvg("s0-q", 1000)};
  HpaInput in;
  in.spec_replicas = in.status_replicas = 10;
  in.external = {{"s0-q", 1000}};
  HpaState state;
  const HpaResult r = ReconcileHpa(spec, in, At(0), &state);
  EXPECT_EQ(r.desired_replicas, 5);
  EXPECT_EQ(r.scaling_limited.value().reason, "TooFewReplicas");
  ASSERT_EQ(state.scale_down_events.size(), 1u);
  EXPECT_EQ(state.scale_down_events[0].change, 5);
}

TEST(HpaBehaviorDocs, ScaleDownDisabled) {
  Scenario s(WithScaleDown(Rules(std::nullopt, "Disabled", {})), 10);
  s.Run(0, 1200, 2);
  EXPECT_EQ(s.replicas(), 10);
  s.Sync(1215, 30);  // scale-up is untouched
  EXPECT_EQ(s.replicas(), 20);
}

TEST(HpaBehaviorDocs, ScaleUpDisabled) {
  api::HPABehavior b;
  b.scale_up = Rules(std::nullopt, "Disabled", {});
  Scenario s(b, 3);
  s.Run(0, 300, 50);
  EXPECT_EQ(s.replicas(), 3);
}

TEST(HpaBehaviorDocs, DefaultScaleDownStabilizationKeepsTheHighestOf300s) {
  Scenario s(DefaultBehavior(), 10);
  s.Run(0, 60, 10);
  s.Run(75, 420, 2);
  // The last recommendation of 10 was at t=60: it counts while newer than now - 300 s.
  s.Expect({{75, 10}, {300, 10}, {345, 10}, {360, 2}, {420, 2}});
  EXPECT_EQ(s.state().recommendations.size(), 22u);  // expired slots are reused
}

TEST(HpaBehaviorDocs, ScaleUpStabilizationWindowNeedsASustainedRise) {
  api::HPABehavior b;
  b.scale_up = Rules(60, "", {});
  Scenario s(b, 2);
  s.Run(0, 90, 10);
  // Until t=60 the first-sight recommendation (2) and t=0's are in the window.
  s.Expect({{0, 2}, {45, 2}, {60, 6}, {75, 10}, {90, 10}});
  ASSERT_TRUE(s.last().able_to_scale.has_value());
  EXPECT_EQ(s.last().able_to_scale.value().reason, "ReadyForNewScale");
}

TEST(HpaBehaviorDocs, ScaleUpStabilizationWindowIgnoresASpike) {
  api::HPABehavior b;
  b.scale_up = Rules(60, "", {});
  Scenario s(b, 2);
  s.Sync(0, 2);
  s.Sync(15, 10);
  ASSERT_TRUE(s.last().able_to_scale.has_value());
  EXPECT_EQ(s.last().able_to_scale.value().reason, "ScaleUpStabilized");
  s.Run(30, 300, 2);
  EXPECT_EQ(s.replicas(), 2);
}

TEST(HpaBehavior, ScaleEventSlotsAreReused) {
  Scenario s(DefaultBehavior(), 1, 100000);
  s.Run(0, 300, 100000);
  EXPECT_LE(s.state().scale_up_events.size(), 2u);
  EXPECT_TRUE(s.state().scale_down_events.empty());
}

TEST(HpaBehavior, DefaultsAreFilledFieldByField) {
  HpaOptions opts;
  api::HPABehavior user;
  user.scale_up = Rules(30, "", {});
  const api::HPABehavior b = DefaultedBehavior(user, opts);
  ASSERT_TRUE(b.scale_up && b.scale_down);
  EXPECT_EQ(b.scale_up->stabilization_window_seconds, 30);
  EXPECT_EQ(b.scale_up->select_policy, "Max");
  EXPECT_EQ(b.scale_up->policies, (std::vector{Policy("Pods", 4, 15), Policy("Percent", 100, 15)}));
  EXPECT_EQ(b.scale_down->stabilization_window_seconds, 300);
  EXPECT_EQ(b.scale_down->select_policy, "Max");
  EXPECT_EQ(b.scale_down->policies, (std::vector{Policy("Percent", 100, 15)}));

  user.scale_down = Rules(std::nullopt, "Min", {Policy("Pods", 1, 60)});
  opts.downscale_stabilization = Seconds(120);
  const api::HPABehavior c = DefaultedBehavior(user, opts);
  EXPECT_EQ(c.scale_down->stabilization_window_seconds, 120);
  EXPECT_EQ(c.scale_down->select_policy, "Min");
  EXPECT_EQ(c.scale_down->policies, (std::vector{Policy("Pods", 1, 60)}));
}

// ---- tolerance (kubernetes.md §1.4) ----------------------------------------------------------

TEST(HpaTolerance, RatioWithinTenPercentKeepsReplicas) {
  Scenario s(std::nullopt, 10);
  s.Sync(0, 10.5);  // ratio 1.05
  EXPECT_FALSE(s.last().rescale);
  EXPECT_EQ(s.last().proposals.at(0).replicas, 10);
  s.Sync(15, 9.5);  // ratio 0.95
  EXPECT_EQ(s.last().proposals.at(0).replicas, 10);
  s.Sync(30, 11.1);  // ratio 1.11
  EXPECT_TRUE(s.last().rescale);
  EXPECT_EQ(s.replicas(), 12);
}

TEST(HpaTolerance, PerDirectionToleranceFromBehavior) {
  HpaSpec spec;
  spec.behavior = api::HPABehavior{};
  spec.behavior->scale_up = Rules(std::nullopt, "", {});
  spec.behavior->scale_up->tolerance = api::Quantity::MustParse("0.02");
  spec.behavior->scale_down = Rules(std::nullopt, "", {});
  spec.behavior->scale_down->tolerance = api::Quantity::MustParse("200m");
  HpaInput in;
  in.spec_replicas = in.status_replicas = 10;
  const MetricSpec m = ExternalAvg("s0-q", 1000);
  const auto proposal = [&](int64_t milli, const HpaOptions& opts) {
    in.external = {{"s0-q", milli}};
    return ComputeMetricProposal(m, in, TolerancesFor(spec, opts), At(0), opts).replicas;
  };
  HpaOptions on;
  EXPECT_EQ(proposal(10500, on), 11);  // 1.05 > 1 + 0.02
  EXPECT_EQ(proposal(8500, on), 10);   // 0.85 >= 1 - 0.2
  EXPECT_EQ(proposal(7900, on), 8);
  HpaOptions off;
  off.configurable_tolerance = false;  // v1.32: one symmetric 0.1 band
  EXPECT_EQ(proposal(10500, off), 10);
  EXPECT_EQ(proposal(8500, off), 9);
}

// ---- legacy path (kubernetes.md §1.6) --------------------------------------------------------

TEST(HpaLegacyK8sMd16, ScaleUpDoublesOrAddsFourPerSync) {
  Scenario s(std::nullopt, 1);
  s.Run(0, 90, 100);
  s.Expect({{0, 4}, {15, 8}, {30, 16}, {45, 32}, {60, 64}, {75, 100}, {90, 100}});
}

TEST(HpaLegacyK8sMd16, NoTimeWindowOnScaleUp) {
  Scenario s(std::nullopt, 3);
  EXPECT_EQ(s.Sync(0, 100), 6);
  EXPECT_EQ(s.Sync(0, 100), 12);  // a second sync at the same instant doubles again
}

TEST(HpaLegacyK8sMd16, DownscaleStabilizationThenNoRateLimit) {
  Scenario s(std::nullopt, 10);
  s.Run(0, 60, 10);
  s.Run(75, 420, 2);
  // A recommendation exactly at now - 300 s still counts on this path; then 10 -> 2 at once.
  s.Expect({{75, 10}, {345, 10}, {360, 10}, {375, 2}});
  ASSERT_TRUE(s.last().able_to_scale.has_value());
  EXPECT_EQ(s.last().able_to_scale.value().reason, "ReadyForNewScale");
}

TEST(HpaLegacyK8sMd16, StabilizedConditionWhileHeldUp) {
  Scenario s(std::nullopt, 10);
  s.Sync(0, 2);
  EXPECT_FALSE(s.last().rescale);
  ASSERT_TRUE(s.last().able_to_scale.has_value());
  EXPECT_EQ(s.last().able_to_scale.value().reason, "ScaleDownStabilized");
  EXPECT_EQ(s.last().metric_desired, 2);
  EXPECT_EQ(s.last().desired_replicas, 10);
}

TEST(HpaLegacyK8sMd16, ClampsToMinReplicas) {
  Scenario s(std::nullopt, 5, 100, 3);
  s.Run(0, 330, 0);
  EXPECT_EQ(s.replicas(), 3);
  EXPECT_EQ(s.last().metric_desired, 0);
  EXPECT_EQ(s.last().scaling_limited.value().reason, "TooFewReplicas");
}

TEST(HpaFirstSightK8sMd15, LegacyHoldsTheStartingSizeFor300s) {
  Scenario s(std::nullopt, 10);
  s.Run(0, 330, 2);
  s.Expect({{0, 10}, {285, 10}, {300, 10}, {315, 2}});
}

TEST(HpaFirstSightK8sMd15, BehaviorHoldsTheStartingSizeUntil300s) {
  Scenario s(DefaultBehavior(), 10);
  s.Run(0, 330, 2);
  s.Expect({{0, 10}, {285, 10}, {300, 2}});
}

TEST(HpaFirstSight, SeedsOnlyOnce) {
  HpaSpec spec;
  spec.metrics = {ExternalAvg("s0-q", 1000)};
  HpaState state;
  HpaInput in;
  in.spec_replicas = in.status_replicas = 4;
  in.external = {{"s0-q", 4000}};
  (void)ReconcileHpa(spec, in, At(0), &state);
  ASSERT_EQ(state.recommendations.size(), 2u);
  EXPECT_EQ(state.recommendations[0], (TimestampedRecommendation{4, At(0)}));
  (void)ReconcileHpa(spec, in, At(15), &state);
  EXPECT_EQ(state.recommendations.size(), 3u);
}

// ---- reconcile flow (kubernetes.md §1.3) -----------------------------------------------------

TEST(HpaReconcileK8sMd13, ZeroReplicasWithMinAboveZeroIsScalingDisabled) {
  HpaSpec spec;  // KEDA: min = max(1, minReplicaCount)
  spec.metrics = {ExternalAvg("s0-q", 1000)};
  HpaState state;
  HpaInput in;
  in.external = {{"s0-q", 50000}};
  const HpaResult r = ReconcileHpa(spec, in, At(0), &state);
  EXPECT_FALSE(r.rescale);
  EXPECT_EQ(r.desired_replicas, 0);
  ASSERT_TRUE(r.scaling_active.has_value());
  EXPECT_FALSE(r.scaling_active.value().status);
  EXPECT_EQ(r.scaling_active.value().reason, "ScalingDisabled");
  EXPECT_TRUE(r.proposals.empty());
  EXPECT_EQ(state.recommendations.size(), 1u);  // first sight was still recorded
}

TEST(HpaReconcileK8sMd13, AboveMaxGoesToMaxWithoutMetrics) {
  HpaSpec spec;
  spec.max_replicas = 10;
  spec.metrics = {ExternalAvg("s0-q", 1000)};  // no value: the metric would fail
  HpaState state;
  HpaInput in;
  in.spec_replicas = in.status_replicas = 25;
  const HpaResult r = ReconcileHpa(spec, in, At(0), &state);
  EXPECT_TRUE(r.rescale);
  EXPECT_EQ(r.desired_replicas, 10);
  EXPECT_EQ(r.reason, "Current number of replicas above Spec.MaxReplicas");
  EXPECT_TRUE(r.metrics_error.ok());
}

TEST(HpaReconcileK8sMd13, BelowMinGoesToMin) {
  HpaSpec spec;
  spec.min_replicas = 3;
  spec.behavior = DefaultBehavior();
  spec.metrics = {ExternalAvg("s0-q", 1000)};
  HpaState state;
  HpaInput in;
  in.spec_replicas = in.status_replicas = 1;
  const HpaResult r = ReconcileHpa(spec, in, At(0), &state);
  EXPECT_EQ(r.desired_replicas, 3);
  EXPECT_EQ(r.reason, "Current number of replicas below Spec.MinReplicas");
  ASSERT_EQ(state.scale_up_events.size(), 1u);  // behavior path records every rescale
  EXPECT_EQ(state.scale_up_events[0].change, 2);
}

// ---- External metrics (kubernetes.md §1.4, keda.md §2.7-§2.8) ----------------------------------

TEST(HpaExternal, AverageValueQueueOf200kIsCappedAtMax) {
  // aws-sqs-queue with queueLength 10 and 200,000 messages: ceil(200000 / 10) = 20000.
  const MetricSpec m = ExternalAvg("s0-aws-sqs-queue-orders", 10000);
  HpaSpec spec;
  spec.metrics = {m};
  HpaInput in;
  in.spec_replicas = in.status_replicas = in.ready_pods = 60;
  in.external = {{m.name, 200000LL * 1000}};
  HpaState state;
  HpaResult r = ReconcileHpa(spec, in, At(0), &state);
  EXPECT_EQ(r.proposals.at(0).replicas, 20000);
  EXPECT_EQ(r.metric_desired, 20000);
  EXPECT_EQ(r.desired_replicas, 100);
  ASSERT_TRUE(r.scaling_limited.has_value());
  EXPECT_EQ(r.scaling_limited.value().reason, "TooManyReplicas");
  EXPECT_EQ(r.reason, "external metric s0-aws-sqs-queue-orders above target");

  in.spec_replicas = in.status_replicas = 1;  // legacy rate limit from 1 is 4
  r = ReconcileHpa(spec, in, At(15), &state);
  EXPECT_EQ(r.desired_replicas, 4);
  EXPECT_EQ(r.scaling_limited.value().reason, "ScaleUpLimit");
}

TEST(HpaExternal, AverageValueCeilMath) {
  const MetricSpec m = ExternalAvg("s0-q", 10000);
  const Tolerances tol;
  HpaInput in;
  const auto proposal = [&](int32_t status, int64_t messages) {
    in.spec_replicas = 4;
    in.status_replicas = status;
    in.external = {{"s0-q", messages * 1000}};
    return ComputeMetricProposal(m, in, tol, At(0), {});
  };
  EXPECT_EQ(proposal(1, 25).replicas, 3);  // ceil(2.5)
  EXPECT_EQ(proposal(1, 30).replicas, 3);
  EXPECT_EQ(proposal(1, 31).replicas, 4);
  EXPECT_EQ(proposal(5, 0).replicas, 0);
  EXPECT_EQ(proposal(0, 25).replicas, 3);  // status 0: ratio +Inf, still ceil(usage / target)
  EXPECT_EQ(proposal(0, 0).replicas, 0);   // 0 / 0: NaN is outside the band
  // The band is judged on status.replicas, not spec.replicas: 21 / (10 x 2) = 1.05.
  const MetricProposal p = proposal(2, 21);
  EXPECT_EQ(p.replicas, 2);
  EXPECT_EQ(p.current_milli, 10500);  // averageValue = ceil(usage / status)
}

TEST(HpaExternal, SeriesWithTheSameNameAreSummed) {
  const MetricSpec m = ExternalAvg("s0-q", 1000);
  HpaInput in;
  in.spec_replicas = in.status_replicas = 1;
  in.external = {{"s0-q", 3000}, {"s1-other", 50000}, {"s0-q", 4000}};
  EXPECT_EQ(ComputeMetricProposal(m, in, {}, At(0), {}).replicas, 7);
}

TEST(HpaExternal, ValueTargetUsesReadyPods) {
  const MetricSpec m = ExternalValue("s0-prometheus", 100000);
  HpaInput in;
  in.spec_replicas = in.status_replicas = 4;
  in.ready_pods = 2;
  in.external = {{m.name, 300000}};  // ratio 3
  EXPECT_EQ(ComputeMetricProposal(m, in, {}, At(0), {}).replicas, 6);
  in.external = {{m.name, 105000}};  // ratio 1.05: keep spec.replicas
  EXPECT_EQ(ComputeMetricProposal(m, in, {}, At(0), {}).replicas, 4);
  in.external = {{m.name, 300000}};
  in.selected_pods = 0;  // no pods behind the selector
  const MetricProposal p = ComputeMetricProposal(m, in, {}, At(0), {});
  EXPECT_FALSE(p.status.ok());
  EXPECT_EQ(p.failed_reason, "FailedGetExternalMetric");
}

TEST(HpaExternal, ValueTargetFromZeroSpecReplicasIsCeilRatio) {
  const MetricSpec m = ExternalValue("s0-q", 100000);
  HpaInput in;  // spec.replicas 0, no pods
  in.external = {{m.name, 250000}};
  EXPECT_EQ(ComputeMetricProposal(m, in, {}, At(0), {}).replicas, 3);

  HpaSpec spec;
  spec.min_replicas = 0;  // HPAScaleToZero; KEDA never generates this (min >= 1)
  spec.metrics = {m};
  HpaState state;
  const HpaResult r = ReconcileHpa(spec, in, At(0), &state);
  EXPECT_TRUE(r.rescale);
  EXPECT_EQ(r.desired_replicas, 3);

  spec.min_replicas = 1;  // what KEDA generates: the HPA leaves 0 -> 1 to KEDA
  HpaState fresh;
  EXPECT_EQ(ReconcileHpa(spec, in, At(0), &fresh).scaling_active.value().reason, "ScalingDisabled");
}

TEST(HpaExternal, MissingValueFailsTheMetric) {
  HpaSpec spec;
  spec.metrics = {ExternalAvg("s0-q", 1000)};
  HpaInput in;
  in.spec_replicas = in.status_replicas = 3;
  HpaState state;
  const HpaResult r = ReconcileHpa(spec, in, At(0), &state);
  EXPECT_FALSE(r.rescale);
  EXPECT_EQ(r.desired_replicas, 3);
  EXPECT_EQ(r.metric_desired, -1);
  EXPECT_FALSE(r.metrics_error.ok());
  EXPECT_NE(r.metrics_error.message().find("1 invalid out of 1"), std::string::npos);
  ASSERT_TRUE(r.scaling_active.has_value());
  EXPECT_FALSE(r.scaling_active.value().status);
  EXPECT_EQ(r.scaling_active.value().reason, "FailedGetExternalMetric");
  EXPECT_EQ(state.recommendations.size(), 1u);  // no recommendation stored
}

// ---- several metrics (kubernetes.md §1.4) -----------------------------------------------------

struct TwoMetrics {
  HpaSpec spec;
  HpaInput in;
  HpaState state;
  explicit TwoMetrics(int32_t current) {
    spec.metrics = {ExternalAvg("s0-a", 1000), ExternalAvg("s1-b", 1000)};
    in.spec_replicas = in.status_replicas = in.ready_pods = current;
  }
  HpaResult Sync(std::optional<int64_t> a, std::optional<int64_t> b) {
    in.external.clear();
    if (a) in.external.push_back({"s0-a", *a * 1000});
    if (b) in.external.push_back({"s1-b", *b * 1000});
    return ReconcileHpa(spec, in, At(0), &state);
  }
};

TEST(HpaMultipleMetrics, MaxWins) {
  TwoMetrics t(5);
  const HpaResult r = t.Sync(3, 7);
  EXPECT_EQ(r.desired_replicas, 7);
  EXPECT_EQ(r.reason, "external metric s1-b above target");
  EXPECT_EQ(r.scaling_active.value().reason, "ValidMetricFound");
}

TEST(HpaMultipleMetrics, AFailingMetricBlocksScaleDown) {
  TwoMetrics t(5);
  t.spec.behavior = api::HPABehavior{};
  t.spec.behavior->scale_down = Rules(0, "", {});  // would scale down at once
  const HpaResult r = t.Sync(2, std::nullopt);
  EXPECT_FALSE(r.rescale);
  EXPECT_EQ(r.desired_replicas, 5);
  EXPECT_FALSE(r.metrics_error.ok());
  EXPECT_EQ(r.scaling_active.value().reason, "FailedGetExternalMetric");
  EXPECT_EQ(t.Sync(2, 2).desired_replicas, 2);  // with both metrics it does
}

TEST(HpaMultipleMetrics, AFailingMetricDoesNotBlockScaleUp) {
  TwoMetrics t(5);
  const HpaResult r = t.Sync(std::nullopt, 8);
  EXPECT_TRUE(r.rescale);
  EXPECT_EQ(r.desired_replicas, 8);
  EXPECT_FALSE(r.metrics_error.ok());  // still reported
  EXPECT_EQ(r.scaling_active.value().reason, "ValidMetricFound");
  EXPECT_FALSE(r.proposals.at(0).status.ok());
  EXPECT_EQ(r.proposals.at(1).replicas, 8);
}

TEST(HpaMultipleMetrics, AllFailingDoesNothing) {
  TwoMetrics t(5);
  const HpaResult r = t.Sync(std::nullopt, std::nullopt);
  EXPECT_FALSE(r.rescale);
  EXPECT_NE(r.metrics_error.message().find("2 invalid out of 2"), std::string::npos);
}

// ---- Resource metrics and pod grouping (kubernetes.md §1.4) ------------------------------------

PodSample CpuPod(std::string name, std::optional<int64_t> usage, int64_t request = 1000) {
  PodSample p;
  p.name = std::move(name);
  p.ready = true;
  p.start_time = At(0) - Minutes(10);
  p.ready_transition = At(0) - Minutes(9);
  p.sample_time = At(0);
  p.resources = {{"cpu", "", usage, request}};
  return p;
}

PodSample Pending(std::string name) {
  PodSample p = CpuPod(std::move(name), std::nullopt);
  p.pending = true;
  p.ready = false;
  p.start_time.reset();
  return p;
}

// The cpu Utilization proposal for `pods`; spec.replicas defaults to the number of pods.
MetricProposal CpuProposal(std::vector<PodSample> pods, int32_t target = 50, int32_t spec = -1) {
  HpaInput in;
  in.spec_replicas = in.status_replicas = spec >= 0 ? spec : static_cast<int32_t>(pods.size());
  in.pods = std::move(pods);
  return ComputeMetricProposal(CpuUtilization(target), in, {}, At(0), {});
}

TEST(HpaResource, UtilizationWithoutUnreadyOrMissingPods) {
  const MetricProposal p =
      CpuProposal({CpuPod("a", 1000), CpuPod("b", 1000), CpuPod("c", 1000), CpuPod("d", 1000)});
  ASSERT_TRUE(p.status.ok()) << p.status.ToString();
  EXPECT_EQ(p.current_utilization, 100);
  EXPECT_EQ(p.replicas, 8);  // ratio 2 x 4 ready pods
  EXPECT_EQ(p.metric, "cpu resource utilization (percentage of request)");
}

TEST(HpaResource, UtilizationIsAnIntegerPercent) {
  // 3 x 333m of 1000m: 999 * 100 / 3000 = 33 (not 33.3); 33 / 30 = 1.1 is inside the band.
  const MetricProposal p = CpuProposal({CpuPod("a", 333), CpuPod("b", 333), CpuPod("c", 333)}, 30);
  EXPECT_EQ(p.current_utilization, 33);
  EXPECT_EQ(p.replicas, 3);
}

TEST(HpaResource, ScaleUpWithUnreadyAndMissingPodsCountsThemAsZero) {
  // Ready a, b at 150%: ratio 3. Rebalanced with pending c and sample-less d at 0:
  // 3000 / 4000 = 75% -> 1.5 -> ceil(1.5 x 4) = 6.
  const MetricProposal p =
      CpuProposal({CpuPod("a", 1500), CpuPod("b", 1500), Pending("c"), CpuPod("d", std::nullopt)});
  EXPECT_EQ(p.current_utilization, 150);
  EXPECT_EQ(p.replicas, 6);
}

TEST(HpaResource, RebalanceThatFlipsDirectionKeepsCurrent) {
  // a, b at 60% (ratio 1.2) but with four pending pods at 0 the ratio is 0.4: keep 6, not 3.
  EXPECT_EQ(CpuProposal({CpuPod("a", 600), CpuPod("b", 600), Pending("c"), Pending("d"),
                         Pending("e"), Pending("f")})
                .replicas,
            6);
}

TEST(HpaResource, UnreadyPodsCountAsZeroOnScaleUp) {
  // a at 101% (ratio 2.02) would ask for 3; with pending b at 0: 1010 * 100 / 2000 = 50%
  // (integer percent) -> ratio 1.0, inside the band: keep 2.
  EXPECT_EQ(CpuProposal({CpuPod("a", 1010), Pending("b")}).replicas, 2);
}

TEST(HpaResource, MissingPodsCountAsZeroOnScaleUp) {
  // As above with b missing its sample instead of pending: 50% -> 1.0 -> keep 2.
  EXPECT_EQ(CpuProposal({CpuPod("a", 1010), CpuPod("b", std::nullopt)}).replicas, 2);
}

TEST(HpaResource, RebalanceThatTurnsAScaleDownIntoAScaleUpKeepsCurrent) {
  // a at 40% of a 50% target (0.8); b missing counts at 100%: 70% -> 1.4: keep 2, not 3.
  EXPECT_EQ(CpuProposal({CpuPod("a", 400), CpuPod("b", std::nullopt)}).replicas, 2);
}

TEST(HpaResource, ScaleDownCountsMissingPodsAtTheirRequest) {
  // a, b, c at 10% (ratio 0.2); d has no sample: it counts as 100% of its request:
  // 1300 / 4000 = 32% -> 0.64 -> ceil(0.64 x 4) = 3.
  std::vector<PodSample> pods = {CpuPod("a", 100), CpuPod("b", 100), CpuPod("c", 100),
                                 CpuPod("d", std::nullopt)};
  EXPECT_EQ(CpuProposal(pods).replicas, 3);
  // A target above 100% fills the missing pod at the target: 1800 / 4000 = 45% -> 0.3 -> 2.
  EXPECT_EQ(CpuProposal(pods, 150).replicas, 2);
}

TEST(HpaResource, MissingPodsCanBringTheRatioIntoTheBand) {
  // 10 pods at 88% of a 100% target (ratio 0.88, outside the band) and 5 without samples counted
  // at 100%: (8800 + 5000) / 15000 = 92% -> 0.92 is inside: keep 15 (not ceil(0.92 x 15) = 14).
  std::vector<PodSample> pods;
  for (int i = 0; i < 10; ++i) pods.push_back(CpuPod("r" + std::to_string(i), 880));
  for (int i = 0; i < 5; ++i) pods.push_back(CpuPod("m" + std::to_string(i), std::nullopt));
  EXPECT_EQ(CpuProposal(pods, 100).replicas, 15);
}

TEST(HpaResource, ARebalancedScaleDownNeverProposesMoreThanSpec) {
  // spec.replicas 3 but 5 pods (a surge): 3 at 50% and 2 missing at 100% -> 70% -> 0.7 ->
  // ceil(0.7 x 5) = 4 > 3: keep 3.
  EXPECT_EQ(CpuProposal({CpuPod("a", 500), CpuPod("b", 500), CpuPod("c", 500),
                         CpuPod("d", std::nullopt), CpuPod("e", std::nullopt)},
                        100, 3)
                .replicas,
            3);
}

TEST(HpaResource, UnreadyPodsDoNotHoldAScaleDown) {
  // Unready pods are only rebalanced on a scale-up: a, b at 10% -> ceil(0.2 x 2) = 1.
  EXPECT_EQ(CpuProposal({CpuPod("a", 100), CpuPod("b", 100), Pending("c")}).replicas, 1);
}

TEST(HpaResource, IgnoredPodsAreDropped) {
  PodSample gone = CpuPod("gone", 0);
  gone.deleting = true;
  PodSample failed = CpuPod("failed", 0);
  failed.failed = true;
  const MetricProposal p = CpuProposal({CpuPod("a", 1000), CpuPod("b", 1000), gone, failed});
  EXPECT_EQ(p.current_utilization, 100);
  EXPECT_EQ(p.replicas, 4);  // ratio 2 x 2 ready pods
}

TEST(HpaResource, MissingRequestFailsTheMetric) {
  std::vector<PodSample> pods = {CpuPod("a", 500), CpuPod("b", 500)};
  pods[1].resources[0].request_milli.reset();
  const MetricProposal p = CpuProposal(pods);
  EXPECT_FALSE(p.status.ok());
  EXPECT_EQ(p.failed_reason, "FailedGetResourceMetric");
}

TEST(HpaResource, NoPodsOrNoSamplesFailTheMetric) {
  EXPECT_FALSE(CpuProposal({}).status.ok());
  EXPECT_FALSE(CpuProposal({Pending("a"), CpuPod("b", std::nullopt)}).status.ok());
}

TEST(HpaResource, AverageValueUsesIntegerPodAverage) {
  const MetricSpec m = ResourceMetric("memory", "AverageValue", 0, 500);
  const auto mem_pod = [](std::string name, std::optional<int64_t> usage) {
    PodSample p;
    p.name = std::move(name);
    p.ready = false;  // readiness only matters for cpu
    p.start_time = At(0);
    p.resources = {{"memory", "", usage, std::nullopt}};  // no request needed for AverageValue
    return p;
  };
  HpaInput in;
  in.spec_replicas = 3;
  in.pods = {mem_pod("a", 1000), mem_pod("b", 1000), mem_pod("c", 1001)};
  MetricProposal p = ComputeMetricProposal(m, in, {}, At(0), {});
  ASSERT_TRUE(p.status.ok()) << p.status.ToString();
  EXPECT_EQ(p.current_milli, 1000);  // 3001 / 3
  EXPECT_EQ(p.replicas, 6);
  // Scale-down with a missing pod: it counts as the target (500): (100 + 100 + 500) / 3 = 233.
  in.pods = {mem_pod("a", 100), mem_pod("b", 100), mem_pod("c", std::nullopt)};
  p = ComputeMetricProposal(m, in, {}, At(0), {});
  EXPECT_EQ(p.replicas, 2);  // ceil(0.466 x 3)
}

TEST(HpaResource, ContainerResourceReadsTheNamedContainer) {
  MetricSpec m = CpuUtilization(50);
  m.container = "app";
  PodSample pod = CpuPod("a", 100);
  pod.resources.push_back({"cpu", "app", 1000, 500});
  HpaInput in;
  in.spec_replicas = 1;
  in.pods = {pod};
  const MetricProposal p = ComputeMetricProposal(m, in, {}, At(0), {});
  EXPECT_EQ(p.current_utilization, 200);
  EXPECT_EQ(p.replicas, 4);
  EXPECT_EQ(p.metric, "cpu container resource utilization (percentage of request)");
}

TEST(HpaResource, ReconcileScalesOnCpu) {
  HpaSpec spec;
  spec.metrics = {CpuUtilization(50)};
  HpaInput in;
  in.spec_replicas = in.status_replicas = 4;
  in.pods = {CpuPod("a", 1500), CpuPod("b", 1500), Pending("c"), CpuPod("d", std::nullopt)};
  HpaState state;
  const HpaResult r = ReconcileHpa(spec, in, At(0), &state);
  EXPECT_EQ(r.desired_replicas, 6);
  EXPECT_EQ(r.reason, "cpu resource utilization (percentage of request) above target");
}

TEST(HpaGroupPods, CpuReadinessRules) {
  const TimePoint now = At(0);
  std::vector<PodSample> pods;
  const auto add = [&](PodSample p) {
    pods.push_back(std::move(p));
    return pods.size() - 1;
  };
  PodSample p = CpuPod("no-ready-condition", 100);
  p.ready.reset();
  const size_t no_cond = add(p);
  p = CpuPod("no-start-time", 100);
  p.start_time.reset();
  const size_t no_start = add(p);
  p = CpuPod("starting-fresh-sample", 100);  // inside 5 min; sample < transition + window
  p.start_time = now - Seconds(60);
  p.ready_transition = now - Seconds(10);
  const size_t fresh = add(p);
  p.name = "starting-settled";
  p.ready_transition = now - Seconds(20);
  const size_t settled = add(p);
  p.name = "starting-not-ready";
  p.ready = false;
  const size_t starting_unready = add(p);
  p = CpuPod("never-ready", 100);  // past 5 min, Ready=False since start + 10 s
  p.ready = false;
  p.ready_transition = *p.start_time + Seconds(10);
  const size_t never = add(p);
  p.name = "went-unready";  // was ready, then failed its probe: its sample counts
  p.ready_transition = *p.start_time + Minutes(2);
  const size_t went = add(p);
  const size_t pending = add(Pending("pending"));
  const size_t missing = add(CpuPod("missing", std::nullopt));
  p = CpuPod("deleting", 100);
  p.deleting = true;
  const size_t deleting = add(p);

  const PodGroups g = GroupPods(pods, "cpu", "", now, {});
  EXPECT_EQ(g.unready,
            (std::vector<size_t>{no_cond, no_start, fresh, starting_unready, never, pending}));
  EXPECT_EQ(g.with_sample, (std::vector<size_t>{settled, went}));
  EXPECT_EQ(g.ready, 2);
  EXPECT_EQ(g.missing, (std::vector<size_t>{missing}));
  EXPECT_EQ(g.ignored, (std::vector<size_t>{deleting}));

  // Memory: only Pending makes a pod unready.
  for (auto& pod : pods) pod.resources[0].resource = "memory";
  const PodGroups m = GroupPods(pods, "memory", "", now, {});
  EXPECT_EQ(m.unready, (std::vector<size_t>{pending}));
  EXPECT_EQ(m.ready, 7);
}

}  // namespace
}  // namespace swell::scaling
