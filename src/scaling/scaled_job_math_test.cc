#include "scaling/scaled_job_math.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "api/keda/types.h"

namespace swell::scaling {
namespace {

using scalers::MetricsAndActivity;
using scalers::MetricSpec;
using scalers::MetricValue;

// ---- builders -------------------------------------------------------------------------------

api::ScaledJobSpec Spec(std::optional<int32_t> min, std::optional<int32_t> max,
                        std::string strategy = "") {
  api::ScaledJobSpec s;
  s.min_replica_count = min;
  s.max_replica_count = max;
  s.scaling_strategy.strategy = std::move(strategy);
  return s;
}

api::ScaledJobSpec CustomSpec(std::optional<int32_t> deduction, std::string pct,
                              std::optional<int32_t> max = std::nullopt) {
  api::ScaledJobSpec s = Spec(std::nullopt, max, "custom");
  s.scaling_strategy.custom_scaling_queue_length_deduction = deduction;
  s.scaling_strategy.custom_scaling_running_job_percentage = std::move(pct);
  return s;
}

MetricSpec External(std::string name, double target, std::string type = "AverageValue") {
  MetricSpec m;
  m.name = std::move(name);
  m.target_type = std::move(type);
  m.target_milli = scalers::ToMilli(target);
  return m;
}

MetricValue Value(std::string name, double v) { return {std::move(name), scalers::ToMilli(v)}; }

// One trigger with one AverageValue metric answering `queue`.
ScalerMetrics Scaler(double queue, double target, int64_t max_replicas, bool active = true) {
  ScalerMetrics m =
      QueueLengthAndMaxValue({Value("s0-q", queue)}, {External("s0-q", target)}, max_replicas);
  m.active = active;
  return m;
}

api::Condition Cond(std::string type, std::string status) {
  api::Condition c;
  c.type = std::move(type);
  c.status = std::move(status);
  return c;
}

TimePoint At(int64_t minute) { return TimePoint{} + Minutes(minute); }

api::Job MakeJob(std::string name, std::string finished = "",
                 std::optional<int64_t> completed_minute = std::nullopt) {
  api::Job j;
  j.metadata.name = std::move(name);
  j.metadata.namespace_ = "ns";
  if (!finished.empty()) {
    j.status.conditions.push_back(Cond(finished, "True"));
  }
  if (completed_minute) j.status.completion_time = api::Time{At(*completed_minute)};
  return j;
}

api::Pod MakePod(std::string phase, std::vector<std::string> true_conditions = {}) {
  api::Pod p;
  p.status.phase = std::move(phase);
  for (std::string& c : true_conditions) {
    p.status.conditions.push_back(Cond(std::move(c), "True"));
  }
  return p;
}

std::vector<const api::Job*> Ptrs(const std::vector<api::Job>& jobs) {
  std::vector<const api::Job*> out;
  for (const api::Job& j : jobs) out.push_back(&j);
  return out;
}

std::vector<std::string> Names(const std::vector<const api::Job*>& jobs) {
  std::vector<std::string> out;
  for (const api::Job* j : jobs) out.push_back(j->metadata.name);
  return out;
}

// A full poll: one trigger (queue, target) against `spec` with the given job counts.
ScaledJobDecision Poll(const api::ScaledJobSpec& spec, double queue, double target, int64_t running,
                       int64_t pending = 0) {
  return DecideScaledJob(spec, {Scaler(queue, target, MaxReplicaCount(spec))},
                         JobCounts{running, pending});
}

// ---- replica bounds (keda.md §3.1; scaledjob_types_test.go) ---------------------------------

TEST(ScaledJobReplicaBoundsKedaMd31, MatchesUpstreamTable) {
  struct Case {
    std::optional<int32_t> min, max;
    int64_t want_min, want_max;
  };
  const std::vector<Case> cases = {
      {0, 10, 0, 10},
      {std::nullopt, 10, 0, 10},
      {1, 10, 1, 9},
      {1, std::nullopt, 1, 100},  // max unset: min is not subtracted
      {std::nullopt, std::nullopt, 0, 100},
      {10, 1, 1, 1},  // min > max: both are max
  };
  for (const Case& c : cases) {
    api::ScaledJob sj;
    sj.spec = Spec(c.min, c.max);
    EXPECT_EQ(MinReplicaCount(sj), c.want_min) << c.want_min << "/" << c.want_max;
    EXPECT_EQ(MaxReplicaCount(sj), c.want_max) << c.want_min << "/" << c.want_max;
  }
}

// Why MaxReplicaCount wants the spec as decoded: ApplyDefaults fills maxReplicaCount.
// Regression: ApplyDefaults used to write maxReplicaCount 100, turning KEDA's M = 100 (unset
// max, min not subtracted) into 100 - min.
TEST(ScaledJobReplicaBoundsKedaMd31, ApplyDefaultsKeepsUnsetMaxWithMin) {
  api::ScaledJob sj;
  sj.spec = Spec(2, std::nullopt);
  EXPECT_EQ(MaxReplicaCount(sj), 100);
  api::ApplyDefaults(sj);
  EXPECT_FALSE(sj.spec.max_replica_count.has_value());
  EXPECT_EQ(MaxReplicaCount(sj), 100);
}

// ---- per-trigger metrics (keda.md §3.2; metrics_test.go) ------------------------------------

TEST(ScaledJobMetricsKedaMd32, TargetAverageValue) {
  EXPECT_EQ(TargetAverageValue({}), 0);
  EXPECT_EQ(TargetAverageValue({External("a", 1), External("a", 1)}), 1);
  EXPECT_EQ(TargetAverageValue({External("a", 5), External("a", 5), External("a", 3)}),
            4.333333333333333);
  EXPECT_EQ(TargetAverageValue({External("a", 5), External("a", 5), External("a", 4)}),
            4.666666666666667);
  // A Value target has no AverageValue: it counts as 0 in the mean.
  EXPECT_EQ(TargetAverageValue({External("a", 2), External("b", 4, "Value")}), 1);
  EXPECT_EQ(TargetAverageValue({External("a", 1.5)}), 1.5);
}

TEST(ScaledJobMetricsKedaMd32, QueueLengthAndMaxValue) {
  const std::vector<MetricSpec> specs = {External("s0-q", 2)};
  // Values of other names are ignored; matching values are summed.
  ScalerMetrics m =
      QueueLengthAndMaxValue({Value("s0-q", 3), Value("other", 50), Value("s0-q", 4)}, specs, 100);
  EXPECT_EQ(m.queue_length, 7);
  EXPECT_EQ(m.max_value, 3.5);
  EXPECT_FALSE(m.active);
  // maxValue is capped at M.
  EXPECT_EQ(QueueLengthAndMaxValue({Value("s0-q", 30)}, specs, 4).max_value, 4);
  // Target 0 (e.g. metricType Value): maxValue 0, queue still reported.
  m = QueueLengthAndMaxValue({Value("s0-q", 30)}, {External("s0-q", 4, "Value")}, 100);
  EXPECT_EQ(m.queue_length, 30);
  EXPECT_EQ(m.max_value, 0);
  // Quantity.AsApproximateFloat64 multiplies by Pow10(-3): 9m is 0.009000000000000001.
  EXPECT_EQ(QueueLengthAndMaxValue({{"s0-q", 9}}, specs, 100).queue_length, 0.009000000000000001);
  EXPECT_EQ(QueueLengthAndMaxValue({Value("s0-q", 1)}, {}, 100), ScalerMetrics{});
}

TEST(ScaledJobMetricsKedaMd32, TriggerErrorsAreSkippedAndFlagged) {
  TriggerPoll poll;
  poll.specs = {External("s0-q", 1)};
  poll.results.emplace_back(Unavailable("queue down"));
  TriggerMetrics t = ScalerMetricsForTrigger(poll, 100);
  EXPECT_TRUE(t.error);
  EXPECT_TRUE(t.metrics.empty());
  EXPECT_EQ(t.metric_names, std::vector<std::string>{"s0-q"});

  poll.results.clear();  // no answer at all counts as an error too
  EXPECT_TRUE(ScalerMetricsForTrigger(poll, 100).error);
}

TEST(ScaledJobMetricsKedaMd32, ResourceSpecsAreSkipped) {
  MetricSpec cpu;
  cpu.source = MetricSpec::Source::kResource;
  cpu.resource = "cpu";
  TriggerPoll poll;
  poll.specs = {cpu};
  TriggerMetrics t = ScalerMetricsForTrigger(poll, 100);
  EXPECT_FALSE(t.error);
  EXPECT_TRUE(t.metrics.empty());
  EXPECT_TRUE(t.metric_names.empty());
}

// KEDA keeps one isActive per scaler across its specs, and always sums values named like the
// first spec.
TEST(ScaledJobMetricsKedaMd32, MultiSpecTriggerQuirks) {
  TriggerPoll poll;
  poll.specs = {External("s0-a", 1), External("s0-b", 1)};
  poll.results.emplace_back(MetricsAndActivity{{Value("s0-a", 5)}, true});
  poll.results.emplace_back(MetricsAndActivity{{Value("s0-b", 7)}, false});
  TriggerMetrics t = ScalerMetricsForTrigger(poll, 100);
  ASSERT_EQ(t.metrics.size(), 2u);
  EXPECT_EQ(t.metrics[0], (ScalerMetrics{5, 5, true}));
  EXPECT_EQ(t.metrics[1], (ScalerMetrics{0, 0, true}));  // "s0-b" values ignored; still active
  EXPECT_EQ(t.active_metric_names, std::vector<std::string>{"s0-a"});
  EXPECT_EQ(t.metric_names, (std::vector<std::string>{"s0-a", "s0-b"}));
}

TEST(ScaledJobMetricsKedaMd32, TriggersConcatenate) {
  TriggerPoll ok;
  ok.specs = {External("s0-q", 2)};
  ok.results.emplace_back(MetricsAndActivity{{Value("s0-q", 4)}, true});
  TriggerPoll failing;
  failing.specs = {External("s1-q", 1)};
  failing.results.emplace_back(Unavailable("down"));
  TriggerMetrics all = ScalerMetricsForTriggers({ok, failing}, 100);
  EXPECT_TRUE(all.error);
  EXPECT_EQ(all.metrics, std::vector<ScalerMetrics>{(ScalerMetrics{4, 2, true})});
  EXPECT_EQ(all.metric_names, (std::vector<std::string>{"s0-q", "s1-q"}));
  EXPECT_EQ(all.active_metric_names, std::vector<std::string>{"s0-q"});
}

// ---- multipleScalersCalculation (keda.md §3.2) ----------------------------------------------

TEST(ScaledJobCombineKedaMd32, CalculationsUseOnlyActiveScalers) {
  // Queue/maxValue pairs; the inactive one (queue 100) never takes part.
  const std::vector<ScalerMetrics> metrics = {
      {4, 2, true}, {100, 50, false}, {10, 5, true}, {7, 3.5, true}};
  struct Case {
    std::string calculation;
    CombinedMetrics want;
  };
  const std::vector<Case> cases = {
      {"max", {true, 10, 5, 5}}, {"", {true, 10, 5, 5}},     {"bogus", {true, 10, 5, 5}},
      {"min", {true, 4, 2, 2}},  {"avg", {true, 7, 4, 3.5}}, {"sum", {true, 21, 11, 10.5}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(CombineScalerMetrics(metrics, c.calculation, 0, 100), c.want) << c.calculation;
  }
}

TEST(ScaledJobCombineKedaMd32, NoActiveScaler) {
  const std::vector<ScalerMetrics> metrics = {{5, 5, false}};
  for (const char* calc : {"max", "min", "avg", "sum"}) {
    EXPECT_EQ(CombineScalerMetrics(metrics, calc, 0, 100), CombinedMetrics{}) << calc;
  }
  // minReplicaCount > 0 makes the ScaledJob active regardless.
  EXPECT_TRUE(CombineScalerMetrics(metrics, "max", 1, 99).active);
  EXPECT_TRUE(CombineScalerMetrics({}, "max", 1, 99).active);
}

TEST(ScaledJobCombineKedaMd32, MaxNeverPicksAnActiveEmptyQueue) {
  // Active with queue 0: "max" needs a queue strictly above 0, so the result is inactive.
  EXPECT_FALSE(CombineScalerMetrics({{0, 0, true}}, "max", 0, 100).active);
  EXPECT_TRUE(CombineScalerMetrics({{0, 0, true}}, "sum", 0, 100).active);
  EXPECT_TRUE(CombineScalerMetrics({{0, 0, true}}, "avg", 0, 100).active);
  EXPECT_TRUE(CombineScalerMetrics({{0, 0, true}}, "min", 0, 100).active);
}

TEST(ScaledJobCombineKedaMd32, MinTreatsZeroBestAsUnset) {
  // The queue-0 pick is replaced by a later, larger queue.
  EXPECT_EQ(CombineScalerMetrics({{0, 0, true}, {6, 3, true}}, "min", 0, 100),
            (CombinedMetrics{true, 6, 3, 3}));
  // Equal queues: the first one stays.
  EXPECT_EQ(CombineScalerMetrics({{6, 3, true}, {6, 6, true}}, "min", 0, 100),
            (CombinedMetrics{true, 6, 3, 3}));
}

TEST(ScaledJobCombineKedaMd32, ClampsToMaxAndRoundsUp) {
  EXPECT_EQ(CombineScalerMetrics({{10, 10, true}, {10, 10, true}}, "sum", 0, 15),
            (CombinedMetrics{true, 20, 15, 15}));
  EXPECT_EQ(CombineScalerMetrics({{2.1, 0.7, true}}, "max", 0, 100),
            (CombinedMetrics{true, 3, 1, 0.7}));
}

// ---- running and pending jobs (keda.md §3.3; scale_jobs_test.go) ----------------------------

TEST(ScaledJobJobsKedaMd33, FinishedConditions) {
  EXPECT_EQ(FinishedConditionType(MakeJob("a")), "");
  EXPECT_EQ(FinishedConditionType(MakeJob("a", "Complete")), "Complete");
  EXPECT_EQ(FinishedConditionType(MakeJob("a", "Failed")), "Failed");
  api::Job j = MakeJob("a");
  j.status.conditions.push_back(Cond("Complete", "False"));
  j.status.conditions.push_back(Cond("Suspended", "True"));
  EXPECT_FALSE(IsJobFinished(j));
}

TEST(ScaledJobJobsKedaMd33, PendingByPhase) {
  struct Case {
    std::string phase;
    bool pending;
  };
  for (const Case& c : std::vector<Case>{{"Succeeded", false},
                                         {"Running", false},
                                         {"Failed", true},
                                         {"Pending", true},
                                         {"Unknown", true}}) {
    api::Pod p = MakePod(c.phase);
    EXPECT_EQ(IsJobPending({&p}, {}), c.pending) << c.phase;
  }
  EXPECT_TRUE(IsJobPending({}, {}));  // no pod yet
}

TEST(ScaledJobJobsKedaMd33, PendingPodConditions) {
  const std::vector<std::string> conds = {"Ready", "PodScheduled"};
  using Pods = std::vector<std::vector<std::string>>;  // each pod's True conditions
  struct Case {
    Pods pods;
    bool pending;
  };
  const std::vector<Case> cases = {
      {{{}}, true},
      {{{"Ready"}}, true},
      {{{"PodScheduled"}}, true},
      {{{"Ready", "PodScheduled"}}, false},
      {{{"Ready", "PodScheduled"}, {"Ready", "PodScheduled"}}, false},  // issue #6727
      {{{"Ready", "PodScheduled"}, {"Ready"}}, false},
      {{{"Ready"}, {"PodScheduled"}}, true},
      {{{}, {"Ready"}, {"Ready", "PodScheduled"}}, false},
      {{{}, {"Ready"}, {"PodScheduled"}}, true},
      {{}, true},
  };
  for (size_t i = 0; i < cases.size(); i++) {
    std::vector<api::Pod> pods;
    for (const auto& c : cases[i].pods) pods.push_back(MakePod("Running", c));
    std::vector<const api::Pod*> ptrs;
    for (const api::Pod& p : pods) ptrs.push_back(&p);
    EXPECT_EQ(IsJobPending(ptrs, conds), cases[i].pending) << "case " << i;
  }
  // A Running pod does not help when conditions are listed; a False condition does not count.
  api::Pod running = MakePod("Running", {"Ready"});
  running.status.conditions.push_back(Cond("PodScheduled", "False"));
  EXPECT_TRUE(IsJobPending({&running}, conds));
}

TEST(ScaledJobJobsKedaMd33, DuplicatePendingConditionIsNeverFulfilled) {
  api::Pod p = MakePod("Running", {"Ready"});
  EXPECT_FALSE(IsJobPending({&p}, {"Ready"}));
  EXPECT_TRUE(IsJobPending({&p}, {"Ready", "Ready"}));
}

TEST(ScaledJobJobsKedaMd33, CountJobs) {
  const std::vector<api::Job> jobs = {MakeJob("running"), MakeJob("waiting"),
                                      MakeJob("done", "Complete", 1), MakeJob("bad", "Failed")};
  std::map<std::string, std::vector<api::Pod>> pods = {
      {"running", {MakePod("Running")}},
      {"waiting", {MakePod("Pending")}},
  };
  std::vector<std::string> asked;
  PodsOfJob pods_of = [&](const api::Job& j) {
    asked.push_back(j.metadata.name);
    std::vector<const api::Pod*> out;
    for (const api::Pod& p : pods[j.metadata.name]) out.push_back(&p);
    return out;
  };
  EXPECT_EQ(CountJobs(Ptrs(jobs), pods_of, {}), (JobCounts{2, 1}));
  EXPECT_EQ(asked, (std::vector<std::string>{"running", "waiting"}));  // finished: not asked
  EXPECT_EQ(CountJobs(Ptrs(jobs), pods_of, {"Ready"}), (JobCounts{2, 2}));
}

// ---- strategies (keda.md §3.4; scale_jobs_test.go) ------------------------------------------

TEST(ScaledJobStrategyKedaMd34, Select) {
  EXPECT_EQ(SelectStrategy({}).strategy, Strategy::kDefault);
  EXPECT_EQ(SelectStrategy(Spec(0, 1, "default").scaling_strategy).strategy, Strategy::kDefault);
  EXPECT_EQ(SelectStrategy(Spec(0, 1, "accurate").scaling_strategy).strategy, Strategy::kAccurate);
  EXPECT_EQ(SelectStrategy(Spec(0, 1, "eager").scaling_strategy).strategy, Strategy::kEager);
  EXPECT_EQ(SelectStrategy(Spec(0, 1, "Eager").scaling_strategy).strategy, Strategy::kDefault);
  SelectedStrategy custom = SelectStrategy(CustomSpec(10, "0").scaling_strategy);
  EXPECT_EQ(custom, (SelectedStrategy{Strategy::kCustom, 10, 0, false}));
  // Unset deduction is 0 (KEDA #7798).
  EXPECT_EQ(SelectStrategy(CustomSpec(std::nullopt, "0.5").scaling_strategy),
            (SelectedStrategy{Strategy::kCustom, 0, 0.5, false}));
  EXPECT_EQ(StrategyName(Strategy::kAccurate), "accurate");
  EXPECT_EQ(StrategyName(Strategy::kDefault), "default");
}

TEST(ScaledJobStrategyKedaMd34, CustomWithUnparsablePercentageFallsBackToDefault) {
  for (const char* pct : {"", "abc", "50%", " 0.5", "0x1", "+nan"}) {
    SelectedStrategy s = SelectStrategy(CustomSpec(1, pct).scaling_strategy);
    EXPECT_EQ(s.strategy, Strategy::kDefault) << pct;
    EXPECT_TRUE(s.fell_back) << pct;
    // Decision: default's S - R, the deduction ignored. S = 10, R = 3 -> 7.
    EXPECT_EQ(Poll(CustomSpec(1, pct), 10, 1, 3).jobs_to_create, 7) << pct;
  }
}

// GetEffectiveMaxScale(maxScale, running, pending, maxReplicaCount, scaleTo) cases upstream.
TEST(ScaledJobStrategyKedaMd34, UpstreamStrategyCases) {
  struct Case {
    SelectedStrategy strategy;
    int64_t s, r, p, m, q;
    StrategyStep want;
  };
  const SelectedStrategy def{}, acc{Strategy::kAccurate, 0, 0, false};
  const SelectedStrategy eager{Strategy::kEager, 0, 0, false};
  const SelectedStrategy custom{Strategy::kCustom, 1, 0.5, false};
  const SelectedStrategy custom0{Strategy::kCustom, 2, 0, false};
  const SelectedStrategy custom_neg{Strategy::kCustom, -2, 0, false};
  const SelectedStrategy custom_half{Strategy::kCustom, 0, 0.5, false};
  const std::vector<Case> cases = {
      {def, 3, 2, 0, 5, 1, {1, 1}},
      {def, 2, 0, 0, 5, 1, {2, 1}},
      {custom, 3, 2, 0, 5, 1, {1, 1}},
      {custom, 10, 0, 0, 10, 1, {9, 1}},
      {custom0, 3, 2, 0, 5, 1, {1, 1}},
      {custom_neg, 3, 2, 0, 4, 1, {4, 1}},  // capped at maxReplicaCount
      {custom_half, 10, 2, 0, 100, 1, {9, 1}},
      {custom_half, 10, 0, 0, 100, 1, {10, 1}},
      {acc, 3, 2, 0, 5, 1, {3, 1}},
      {acc, 5, 2, 0, 5, 1, {3, 1}},
      {acc, 3, 4, 2, 10, 1, {1, 1}},
      {acc, 5, 4, 2, 5, 1, {1, 1}},
      {acc, 3, 3, 3, 5, 1, {0, 1}},
      {acc, 15, 15, 15, 20, 1, {0, 1}},
      {acc, 10, 10, 10, 15, 1, {0, 1}},
      {acc, 20, 15, 10, 20, 1, {5, 1}},
      {eager, 4, 3, 0, 10, 1, {4, 10}},
      {eager, 4, 0, 3, 10, 1, {4, 10}},
      {eager, 4, 7, 0, 10, 1, {3, 10}},
      {eager, 4, 1, 6, 10, 1, {3, 10}},
      {eager, 15, 0, 0, 10, 1, {10, 10}},
  };
  for (size_t i = 0; i < cases.size(); i++) {
    const Case& c = cases[i];
    EXPECT_EQ(ApplyStrategy(c.strategy, c.s, c.r, c.p, c.m, c.q), c.want) << "case " << i;
  }
}

// keda.md §3.4 worked example: no min, M = 100, target 1, queue 10, running 3, pending 0.
TEST(ScaledJobDecisionKedaMd34, WorkedExample) {
  struct Case {
    api::ScaledJobSpec spec;
    int64_t want;
  };
  const std::vector<Case> cases = {
      {Spec(std::nullopt, std::nullopt, "default"), 7},
      {Spec(std::nullopt, std::nullopt, "accurate"), 10},
      {Spec(std::nullopt, std::nullopt, "eager"), 10},
      {CustomSpec(1, "0.5"), 8},
  };
  for (const Case& c : cases) {
    ScaledJobDecision d = Poll(c.spec, 10, 1, 3);
    EXPECT_EQ(d.jobs_to_create, c.want) << c.spec.scaling_strategy.strategy;
    EXPECT_TRUE(d.active);
    EXPECT_EQ(d.scale_to, 10);
    EXPECT_EQ(d.max_scale, 10);
    EXPECT_EQ(d.max_replicas, 100);
    EXPECT_EQ(d.running, 3);
  }
  ScaledJobDecision eager = Poll(Spec(std::nullopt, std::nullopt, "eager"), 10, 1, 3);
  EXPECT_EQ(eager.final_scale_to, 100);
  EXPECT_EQ(eager.effective_max_scale, 10);
}

// scaledjob-spec.md "maxReplicaCount" table (default strategy).
TEST(ScaledJobDecisionKedaMd34, DocsMaxReplicaCountTable) {
  struct Case {
    double queue;
    int32_t max;
    double target;
    int64_t running, want;
  };
  const std::vector<Case> cases = {
      {10, 3, 1, 0, 3}, {10, 3, 2, 0, 3}, {10, 3, 1, 1, 2}, {10, 100, 1, 0, 10}, {4, 3, 5, 0, 1},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Poll(Spec(std::nullopt, c.max), c.queue, c.target, c.running).jobs_to_create, c.want)
        << c.queue << "/" << c.max << "/" << c.target << "/" << c.running;
  }
}

// scaledjob-spec.md "eager": maxReplicaCount 10, target 1, 3 long jobs running, 3 more messages.
TEST(ScaledJobDecisionKedaMd34, DocsEagerVersusDefault) {
  const api::ScaledJobSpec def = Spec(std::nullopt, 10), eager = Spec(std::nullopt, 10, "eager");
  // The queue counts only waiting messages (3): default creates none, eager fills to 6.
  EXPECT_EQ(Poll(def, 3, 1, 3).jobs_to_create, 0);
  EXPECT_EQ(Poll(eager, 3, 1, 3).jobs_to_create, 3);
  // The docs' table literally shows queueLength 6 with 3 running: with those numbers the
  // code's default strategy creates 3 (6 - 3; the table claims runningJobs stays 3) and eager
  // creates 6 (the table claims 6 running in total, i.e. 3 created).
  EXPECT_EQ(Poll(def, 6, 1, 3).jobs_to_create, 3);
  EXPECT_EQ(Poll(eager, 6, 1, 3).jobs_to_create, 6);
  // First poll of the example: 3 messages, nothing running: both create 3.
  EXPECT_EQ(Poll(def, 3, 1, 0).jobs_to_create, 3);
  EXPECT_EQ(Poll(eager, 3, 1, 0).jobs_to_create, 3);
}

TEST(ScaledJobDecisionKedaMd34, AccurateWithPendingJobs) {
  const api::ScaledJobSpec acc = Spec(std::nullopt, 10, "accurate");
  // Queue excludes taken messages: 3 waiting, 4 running of which 2 pending -> 3 - 2 = 1.
  EXPECT_EQ(Poll(acc, 3, 1, 4, 2).jobs_to_create, 1);
  // Every running job still pending: the queue is theirs, nothing new.
  EXPECT_EQ(Poll(acc, 3, 1, 3, 3).jobs_to_create, 0);
  // Near the cap: S + R - P = 8 + 4 - 0 > 10 -> M - R = 6.
  EXPECT_EQ(Poll(acc, 8, 1, 4).jobs_to_create, 6);
  // keda.md §11 item 2: docs test S + R > M (11 > 10 -> 6); the code subtracts pending first
  // (7 + 4 - 2 = 9, not > 10) and gives S - P = 5.
  EXPECT_EQ(Poll(acc, 7, 1, 4, 2).jobs_to_create, 5);
}

TEST(ScaledJobDecisionKedaMd34, CustomPercentageTruncatesTowardZero) {
  // int64(3 * 0.5) = 1, int64(3 * -0.5) = -1 (adds one), "1_0" is Go syntax for 10.
  EXPECT_EQ(Poll(CustomSpec(0, "0.5"), 10, 1, 3).effective_max_scale, 9);
  EXPECT_EQ(Poll(CustomSpec(0, "-0.5"), 10, 1, 3).effective_max_scale, 11);
  EXPECT_EQ(Poll(CustomSpec(0, "0.5"), 10, 1, 3).jobs_to_create, 9);
  EXPECT_EQ(Poll(CustomSpec(0, "1_0"), 10, 1, 1).jobs_to_create, 0);
  // Custom is capped by M even with a negative deduction.
  EXPECT_EQ(Poll(CustomSpec(-50, "0", 20), 10, 1, 0).effective_max_scale, 20);
}

TEST(ScaledJobDecisionKedaMd34, CustomNonFinitePercentageAsAmd64) {
  // int64(NaN or +-Inf) is INT64_MIN on amd64: S - d - INT64_MIN wraps negative -> 0 jobs.
  EXPECT_EQ(Poll(CustomSpec(0, "inf"), 10, 1, 3).jobs_to_create, 0);
  EXPECT_EQ(Poll(CustomSpec(0, "-Inf"), 10, 1, 3).jobs_to_create, 0);
  EXPECT_EQ(Poll(CustomSpec(0, "NaN"), 10, 1, 3).jobs_to_create, 0);
  EXPECT_EQ(Poll(CustomSpec(0, "Infinity"), 10, 1, 0).jobs_to_create, 0);  // 0 * Inf = NaN
}

TEST(ScaledJobDecisionKedaMd34, MinReplicaCountTopUp) {
  // scale_jobs_test.go: min 2 (max 100) with 0 and 1 running; min 1 with 1 running.
  ScaledJobDecision d = DecideScaledJob(Spec(2, 100), CombinedMetrics{true, 0, 0, 0}, {0, 0});
  EXPECT_TRUE(d.below_min);
  EXPECT_EQ(d.effective_max_scale, 2);
  EXPECT_EQ(d.final_scale_to, 2);
  EXPECT_EQ(d.jobs_to_create, 2);
  d = DecideScaledJob(Spec(2, 100), CombinedMetrics{true, 0, 0, 0}, {1, 0});
  EXPECT_EQ(d.effective_max_scale, 1);
  EXPECT_EQ(d.final_scale_to, 1);
  d = DecideScaledJob(Spec(1, 100), CombinedMetrics{true, 2, 2, 2}, {1, 0});
  EXPECT_FALSE(d.below_min);
  EXPECT_EQ(d.effective_max_scale, 2);
  EXPECT_EQ(d.final_scale_to, 2);
  // End to end: an empty, inactive queue is still active with min 3 and tops up, ignoring the
  // queue and the strategy (pending jobs do not count against the minimum either).
  ScaledJobDecision e = Poll(Spec(3, 10, "eager"), 0, 1, 1, 1);
  EXPECT_TRUE(e.active);
  EXPECT_EQ(e.jobs_to_create, 2);
  // At the minimum the strategy sees R = running - min: 3 running, min 3, queue 4, M = 7.
  e = Poll(Spec(3, 10), 4, 1, 3);
  EXPECT_EQ(e.max_replicas, 7);
  EXPECT_EQ(e.jobs_to_create, 4);
}

TEST(ScaledJobDecisionKedaMd34, MinAboveMaxIsClamped) {
  // min 10 > max 2: MinReplicaCount() = MaxReplicaCount() = 2.
  ScaledJobDecision d = Poll(Spec(10, 2), 0, 1, 0);
  EXPECT_EQ(d.min_replicas, 2);
  EXPECT_EQ(d.max_replicas, 2);
  EXPECT_EQ(d.jobs_to_create, 2);
  // At the (clamped) minimum with a queue: default S - R with S = min(5, 2), R = 2 - 2.
  EXPECT_EQ(Poll(Spec(10, 2), 5, 1, 2).jobs_to_create, 2);
}

TEST(ScaledJobDecisionKedaMd34, InactiveCreatesNothing) {
  ScaledJobDecision d =
      DecideScaledJob(Spec(std::nullopt, 10), {Scaler(5, 1, 10, /*active=*/false)}, {0, 0});
  EXPECT_FALSE(d.active);
  EXPECT_EQ(d.jobs_to_create, 0);
  EXPECT_EQ(d.scale_to, 0);  // the inactive scaler does not take part
}

TEST(ScaledJobDecisionKedaMd34, NegativeEffectiveMaxScaleIsZero) {
  ScaledJobDecision d = Poll(Spec(std::nullopt, 10), 2, 1, 5);
  EXPECT_EQ(d.effective_max_scale, 0);
  EXPECT_EQ(d.jobs_to_create, 0);
}

TEST(ScaledJobDecisionKedaMd34, MultipleScalersThroughSpec) {
  api::ScaledJobSpec spec = Spec(std::nullopt, 100);
  spec.scaling_strategy.multiple_scalers_calculation = "sum";
  const std::vector<ScalerMetrics> metrics = {Scaler(4, 1, 100), Scaler(3, 1, 100),
                                              Scaler(50, 1, 100, /*active=*/false)};
  EXPECT_EQ(DecideScaledJob(spec, metrics, {0, 0}).jobs_to_create, 7);
  spec.scaling_strategy.multiple_scalers_calculation = "max";
  EXPECT_EQ(DecideScaledJob(spec, metrics, {0, 0}).jobs_to_create, 4);
  spec.scaling_strategy.multiple_scalers_calculation = "min";
  EXPECT_EQ(DecideScaledJob(spec, metrics, {0, 0}).jobs_to_create, 3);
  spec.scaling_strategy.multiple_scalers_calculation = "avg";
  EXPECT_EQ(DecideScaledJob(spec, metrics, {0, 0}).jobs_to_create, 4);  // ceil(3.5)
}

// ---- Go number semantics --------------------------------------------------------------------

// Results recorded from Go's strconv.ParseFloat(s, 64).
TEST(ScaledJobGoParseFloat, MatchesGo) {
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<std::pair<std::string, double>> ok = {
      {"0.5", 0.5},
      {"1_000", 1000},
      {"1_0.5", 10.5},
      {"0x1p-1", 0.5},
      {"inf", inf},
      {"+Inf", inf},
      {"-infinity", -inf},
      {".5", 0.5},
      {"5.", 5},
      {"1e-400", 0},
      {"+.5", 0.5},
      {"0x_1p0", 1},
      {"0x1.8p1", 3},
      {"1e+1", 10},
      {"00.5", 0.5},
      {"1e5_0", 1e50},
      {"0X1P0", 1},
      {"1E5", 1e5},
      {"0x.8p0", 0.5},
      {"0_1", 1},
      {"2.5e-324", 5e-324},
      {"1.7976931348623157e308", 1.7976931348623157e308},
      {"-0", -0.0},
  };
  for (const auto& [s, want] : ok) {
    std::optional<double> got = ParseGoFloat64(s);
    ASSERT_TRUE(got.has_value()) << s;
    EXPECT_EQ(*got, want) << s;
  }
  EXPECT_TRUE(std::isnan(ParseGoFloat64("NaN").value_or(0)));
  EXPECT_TRUE(std::isnan(ParseGoFloat64("nan").value_or(0)));
  for (const char* bad :
       {" 0.5", "0.5 ", "1e400", "",      "50%",   "0.5e",    "infinit", "_1",    "1__0", "0b101",
        "0o7",  "+nan", "-NaN",  "0x1",   "0x1.8", "1_e5",    "1e_5",    "1.5e+", ".",    "+",
        "0x1p", "1_",   "1._5",  "1e+_5", "0x_p0", "1.8e308", "infi",    "0.5\n"}) {
    EXPECT_FALSE(ParseGoFloat64(bad).has_value()) << bad;
  }
}

TEST(ScaledJobGoParseFloat, Int64ConversionAsAmd64) {
  const int64_t min = std::numeric_limits<int64_t>::min();
  EXPECT_EQ(GoFloatToInt64(1.9), 1);
  EXPECT_EQ(GoFloatToInt64(-1.9), -1);
  EXPECT_EQ(GoFloatToInt64(std::nan("")), min);
  EXPECT_EQ(GoFloatToInt64(std::numeric_limits<double>::infinity()), min);
  EXPECT_EQ(GoFloatToInt64(-std::numeric_limits<double>::infinity()), min);
  EXPECT_EQ(GoFloatToInt64(1e300), min);
  EXPECT_EQ(GoFloatToInt64(9.3e18), min);
  EXPECT_EQ(GoFloatToInt64(-9.2e18), static_cast<int64_t>(-9.2e18));
}

// ---- history clean-up (keda.md §3.5; scale_jobs_test.go) ------------------------------------

TEST(ScaledJobHistoryKedaMd35, OldestBeyondLimitDeleted) {
  api::ScaledJobSpec spec;
  spec.successful_jobs_history_limit = 2;
  spec.failed_jobs_history_limit = 2;
  const std::vector<api::Job> jobs = {MakeJob("name1", "Complete", 37),
                                      MakeJob("name2", "Complete", 36),
                                      MakeJob("name3", "Complete", 38), MakeJob("running")};
  EXPECT_EQ(Names(JobsBeyondHistoryLimits(Ptrs(jobs), spec)), std::vector<std::string>{"name2"});
}

TEST(ScaledJobHistoryKedaMd35, MixedLimitsSortedByTime) {
  api::ScaledJobSpec spec;
  spec.successful_jobs_history_limit = 1;
  spec.failed_jobs_history_limit = 2;
  const std::vector<api::Job> jobs = {
      MakeJob("success1", "Complete", 37), MakeJob("success2", "Complete", 36),
      MakeJob("success3", "Complete", 35), MakeJob("fail1", "Failed", 37),
      MakeJob("fail2", "Failed", 36),      MakeJob("fail3", "Failed", 38),
  };
  EXPECT_EQ(Names(JobsBeyondHistoryLimits(Ptrs(jobs), spec)),
            (std::vector<std::string>{"success3", "success2", "fail2"}));
}

TEST(ScaledJobHistoryKedaMd35, DefaultLimitsKeep100Each) {
  std::vector<api::Job> jobs = {MakeJob("success0", "Complete", 35)};
  for (int i = 1; i <= 100; i++)
    jobs.push_back(MakeJob("success" + std::to_string(i), "Complete", 40));
  jobs.push_back(MakeJob("fail101", "Failed", 35));
  for (int i = 102; i < 202; i++) jobs.push_back(MakeJob("fail" + std::to_string(i), "Failed", 40));
  EXPECT_EQ(Names(JobsBeyondHistoryLimits(Ptrs(jobs), api::ScaledJobSpec{})),
            (std::vector<std::string>{"success0", "fail101"}));
  // Exactly 100 successful: nothing to delete.
  jobs.erase(jobs.begin());
  EXPECT_EQ(Names(JobsBeyondHistoryLimits(Ptrs(jobs), api::ScaledJobSpec{})),
            std::vector<std::string>{"fail101"});
}

TEST(ScaledJobHistoryKedaMd35, ZeroLimitDeletesAllFinished) {
  api::ScaledJobSpec spec;
  spec.successful_jobs_history_limit = 0;
  spec.failed_jobs_history_limit = 0;
  const std::vector<api::Job> jobs = {MakeJob("b", "Complete", 2), MakeJob("a", "Complete", 2),
                                      MakeJob("f", "Failed"), MakeJob("r")};
  // Equal times: by name.
  EXPECT_EQ(Names(JobsBeyondHistoryLimits(Ptrs(jobs), spec)),
            (std::vector<std::string>{"a", "b", "f"}));
}

TEST(ScaledJobHistoryKedaMd35, FailedJobsWithoutCompletionTimeUseConditionTime) {
  api::ScaledJobSpec spec;
  spec.failed_jobs_history_limit = 1;
  std::vector<api::Job> jobs = {MakeJob("late", "Failed"), MakeJob("early", "Failed"),
                                MakeJob("unknown", "Failed")};
  jobs[0].status.conditions[0].last_transition_time = api::Time{At(9)};
  jobs[1].status.conditions[0].last_transition_time = api::Time{At(3)};
  jobs[2].metadata.creation_timestamp = api::Time{At(5)};
  EXPECT_EQ(Names(JobsBeyondHistoryLimits(Ptrs(jobs), spec)),
            (std::vector<std::string>{"early", "unknown"}));
}

}  // namespace
}  // namespace swell::scaling
