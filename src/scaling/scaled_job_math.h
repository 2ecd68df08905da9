// The arithmetic of a ScaledJob poll (../shared/reference/keda.md §3.2-§3.5), as pure
// functions the ScaledJob controller calls every pollingInterval:
//
//   per trigger   ScalerMetricsForTrigger  -> ScalerMetrics {queueLength, maxValue, active}
//   all triggers  CombineScalerMetrics     -> isActive, scaleTo, maxScale
//   the jobs      CountJobs                -> running, pending
//   decision      DecideScaledJob          -> effective max scale, jobs to create
//   clean-up      JobsBeyondHistoryLimits  -> finished jobs to delete
//
// Nothing here does I/O or reads a clock. The formulas follow KEDA's code (keda.md is the
// reference; where KEDA's docs and code differ, the code wins: keda.md §11 item 2).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/core/pod.h"
#include "api/core/workloads.h"
#include "api/keda/types.h"
#include "scalers/scaler.h"
#include "util/status.h"

namespace swell::scaling {

// ---- replica bounds (keda.md §3.1, scaledjob_types.go) --------------------------------------

// KEDA's ScaledJob.MinReplicaCount(): minReplicaCount, clamped to maxReplicaCount when both are
// set and min > max; 0 when unset.
int64_t MinReplicaCount(const api::ScaledJobSpec& spec);
// KEDA's ScaledJob.MaxReplicaCount(), the "M" of every formula below: maxReplicaCount minus
// MinReplicaCount() when both are set and min <= max; maxReplicaCount when min > max; 100 when
// maxReplicaCount is unset (min is then NOT subtracted). Pass the spec as decoded: after
// api::ApplyDefaults an unset maxReplicaCount reads as 100 and min is subtracted, which differs
// from KEDA when minReplicaCount > 0 and maxReplicaCount is unset.
int64_t MaxReplicaCount(const api::ScaledJobSpec& spec);
inline int64_t MinReplicaCount(const api::ScaledJob& sj) { return MinReplicaCount(sj.spec); }
inline int64_t MaxReplicaCount(const api::ScaledJob& sj) { return MaxReplicaCount(sj.spec); }

// ---- per-trigger metrics (keda.md §3.2) -----------------------------------------------------

// KEDA's scaledjob.ScalerMetrics: one entry per External metric of a trigger that answered.
struct ScalerMetrics {
  double queue_length = 0;  // sum of the metric values, in units
  double max_value = 0;     // min(queue_length / targetAvg, M); 0 when targetAvg is 0
  bool active = false;      // this trigger is active (so far, see ScalerMetricsForTrigger)
  friend bool operator==(const ScalerMetrics&, const ScalerMetrics&) = default;
};

// keda.md §3.2 targetAvg: the mean over `specs` of each AverageValue target (milli -> units);
// a spec of another target type (Value, Utilization) or source counts as 0. 0 for no specs.
double TargetAverageValue(const std::vector<scalers::MetricSpec>& specs);

// keda.md §3.2 CalculateQueueLengthAndMaxValue: queue_length = sum of `values` named like
// specs[0] (always the first spec, whichever metric was asked for); max_value =
// min(queue_length / TargetAverageValue(specs), max_replica_count), or 0 when the target
// average is 0. `active` is left false. All zeros when `specs` is empty.
ScalerMetrics QueueLengthAndMaxValue(const std::vector<scalers::MetricValue>& values,
                                     const std::vector<scalers::MetricSpec>& specs,
                                     int64_t max_replica_count);

// One trigger's answers for a poll.
struct TriggerPoll {
  std::vector<scalers::MetricSpec> specs;  // Scaler::GetMetricSpecs()
  // One answer per External spec, in the order of `specs`: results[k] =
  // Scaler::GetMetricsAndActivity(name of the k-th External spec). A missing answer counts as
  // an error.
  std::vector<StatusOr<scalers::MetricsAndActivity>> results;
};

// What a trigger contributes (KEDA's getScaledJobMetrics loop body).
struct TriggerMetrics {
  std::vector<ScalerMetrics> metrics;            // one per External spec that answered
  std::vector<std::string> metric_names;         // every External spec (status names)
  std::vector<std::string> active_metric_names;  // specs whose answer was active
  bool error = false;  // some External spec returned an error (or had no answer)
};

// keda.md §3.2 per trigger: for each External spec in order, an error sets `error` and skips
// the spec; an answer appends QueueLengthAndMaxValue(values, specs, M) whose `active` is true
// once any answered spec of this trigger so far was active (KEDA keeps one isActive per
// scaler across its specs). Non-External specs (cpu/memory) are skipped.
TriggerMetrics ScalerMetricsForTrigger(const TriggerPoll& poll, int64_t max_replica_count);

// All triggers' contributions, concatenated in trigger order.
TriggerMetrics ScalerMetricsForTriggers(const std::vector<TriggerPoll>& polls,
                                        int64_t max_replica_count);

// ---- combination across triggers (keda.md §3.2, IsScaledJobActive) -------------------------

struct CombinedMetrics {
  bool active = false;
  int64_t scale_to = 0;   // ceil(queueLength)
  int64_t max_scale = 0;  // ceil(min(maxValue, M))
  double max_value = 0;   // min(maxValue, M) before rounding (for logs and events)
  friend bool operator==(const CombinedMetrics&, const CombinedMetrics&) = default;
};

// keda.md §3.2: combines per-scaler metrics with multipleScalersCalculation ("max" for "" or
// any unknown value). Only active entries take part:
//   max: the first active entry whose queue_length is strictly above the best so far (start 0)
//        supplies queue_length and max_value, so active entries with queue 0 are never picked
//        and leave the result inactive;
//   min: the first active entry, then any active entry with a smaller queue_length; a best of
//        0 counts as "unset", so a later active entry replaces a queue-0 pick;
//   avg: means of queue_length and max_value over the active entries;
//   sum: sums over the active entries.
// Then active |= min_replica_count > 0, max_value = min(max_value, max_replica_count), and both
// are rounded up. Rounding saturates at the int64 range and maps NaN to 0 (KEDA's
// int64(math.Ceil(x)) is platform-defined there).
CombinedMetrics CombineScalerMetrics(const std::vector<ScalerMetrics>& metrics,
                                     std::string_view multiple_scalers_calculation,
                                     int64_t min_replica_count, int64_t max_replica_count);

// ---- running and pending jobs (keda.md §3.3) ------------------------------------------------

// "Complete" or "Failed" for the first condition of either type with status True, else "".
std::string_view FinishedConditionType(const api::Job& job);
// A job is finished when FinishedConditionType is not "".
bool IsJobFinished(const api::Job& job);

// keda.md §3.3: whether an unfinished job whose pods (label job-name=<job> in its namespace)
// are `pods` is pending. With pending_pod_conditions empty: no pod is Running or
// Succeeded. Otherwise: no pod has every listed condition type with status True (KEDA compares
// the number of distinct fulfilled types with the list's length, so a list with a duplicate
// type is never fulfilled).
bool IsJobPending(const std::vector<const api::Pod*>& pods,
                  const std::vector<std::string>& pending_pod_conditions);

// The pods of a job (label job-name=<job name> in the job's namespace).
using PodsOfJob = std::function<std::vector<const api::Pod*>(const api::Job&)>;

struct JobCounts {
  int64_t running = 0;  // unfinished jobs (including jobs being deleted)
  int64_t pending = 0;  // unfinished jobs that IsJobPending
  friend bool operator==(const JobCounts&, const JobCounts&) = default;
};

// keda.md §3.3 over the ScaledJob's jobs (label scaledjob.keda.sh/name=<sj> in its namespace).
// `pods_of` is called once per unfinished job.
JobCounts CountJobs(const std::vector<const api::Job*>& jobs, const PodsOfJob& pods_of,
                    const std::vector<std::string>& pending_pod_conditions);

// ---- the decision (keda.md §3.4) ------------------------------------------------------------

enum class Strategy : uint8_t { kDefault, kCustom, kAccurate, kEager };
// "default" | "custom" | "accurate" | "eager".
std::string_view StrategyName(Strategy s);

// scalingStrategy as KEDA's NewScalingStrategy reads it.
struct SelectedStrategy {
  Strategy strategy = Strategy::kDefault;
  int64_t deduction = 0;   // custom: customScalingQueueLengthDeduction, unset = 0
  double percentage = 0;   // custom: customScalingRunningJobPercentage, parsed
  bool fell_back = false;  // custom with an unparsable percentage: runs as default
  friend bool operator==(const SelectedStrategy&, const SelectedStrategy&) = default;
};

// keda.md §3.4: "custom" with a percentage ParseGoFloat64 accepts is custom; "custom" with an
// unparsable one (including "") is default with fell_back; "accurate" and "eager" are
// themselves; anything else ("" included) is default.
SelectedStrategy SelectStrategy(const api::ScalingStrategy& s);

// Go's strconv.ParseFloat(s, 64): decimal or hexadecimal (with a p exponent) floats, '_'
// between digits, "inf"/"infinity" (signed) and "nan" (unsigned), case-insensitive. nullopt for
// a syntax error or a value out of range (|x| rounds beyond the largest double); no surrounding
// whitespace.
std::optional<double> ParseGoFloat64(std::string_view s);

// Go's int64(f) as amd64 executes it (KEDA's release images): truncation toward zero; NaN and
// values outside the int64 range give INT64_MIN.
int64_t GoFloatToInt64(double f);

// The strategy step: returns {effective max scale, scale_to} before the clamp to 0.
//   default : {S - R, Q}
//   custom  : {min(S - deduction - int64(R * pct), M), Q}   (int64 arithmetic wraps, as Go's)
//   accurate: {S + R - P > M ? M - R : S - P, Q}            (KEDA after PR #7417)
//   eager   : {min(M - R - P, S), M}
// with S = max_scale, R = running jobs above the minimum, P = pending, M = MaxReplicaCount().
struct StrategyStep {
  int64_t effective_max_scale = 0;
  int64_t scale_to = 0;
  friend bool operator==(const StrategyStep&, const StrategyStep&) = default;
};
StrategyStep ApplyStrategy(const SelectedStrategy& s, int64_t max_scale, int64_t running_above_min,
                           int64_t pending, int64_t max_replica_count, int64_t scale_to);

// Everything a poll decided, with every intermediate value (for events, status and tests).
struct ScaledJobDecision {
  bool active = false;              // CombinedMetrics.active (includes minReplicaCount > 0)
  int64_t scale_to = 0;             // Q from the metrics: ceil(queueLength)
  int64_t max_scale = 0;            // S: ceil(min(maxValue, M))
  double max_value = 0;             // min(maxValue, M) before rounding
  int64_t min_replicas = 0;         // MinReplicaCount()
  int64_t max_replicas = 0;         // M = MaxReplicaCount()
  int64_t running = 0;              // running jobs (all of them, not minus the minimum)
  int64_t pending = 0;              // pending jobs
  bool below_min = false;           // running < min: topped up to the minimum, strategy not used
  SelectedStrategy strategy;        // the strategy as selected (even when below_min)
  int64_t final_scale_to = 0;       // Q after the strategy (eager: M; below_min: min - running)
  int64_t effective_max_scale = 0;  // after the strategy and max(eff, 0)
  int64_t jobs_to_create = 0;       // active ? min(final_scale_to, effective_max_scale) : 0
  friend bool operator==(const ScaledJobDecision&, const ScaledJobDecision&) = default;
};

// keda.md §3.4 getScalingDecision + createJobs: if running < min, Q = eff = min - running;
// else ApplyStrategy(SelectStrategy(spec.scalingStrategy), S, running - min, pending, M, Q).
// eff = max(eff, 0); when active, jobs_to_create = min(Q, eff) (0 when eff is 0; never
// negative).
ScaledJobDecision DecideScaledJob(const api::ScaledJobSpec& spec, const CombinedMetrics& metrics,
                                  const JobCounts& jobs);

// The whole poll from per-scaler metrics: CombineScalerMetrics with the spec's
// multipleScalersCalculation, MinReplicaCount() and MaxReplicaCount(), then DecideScaledJob.
ScaledJobDecision DecideScaledJob(const api::ScaledJobSpec& spec,
                                  const std::vector<ScalerMetrics>& metrics, const JobCounts& jobs);

// ---- history clean-up (keda.md §3.5) --------------------------------------------------------

// keda.md §3.5 cleanUp: finished jobs are split by FinishedConditionType, each group is sorted
// oldest first and all but the newest successfulJobsHistoryLimit (Complete) /
// failedJobsHistoryLimit (Failed) are returned: Complete ones first, then Failed ones, each
// oldest first. Limits default to 100 when unset; a negative limit counts as 0.
//
// Order: by status.completionTime. KEDA compares with metav1.Time.Before, for which a job
// without completionTime (Kubernetes sets it only on success) is never before or after
// anything, so KEDA's order of failed jobs depends on its cache's list order. swell orders by
// completionTime, else the finishing condition's lastTransitionTime, else
// metadata.creationTimestamp, else the epoch; ties by namespace, then name.
std::vector<const api::Job*> JobsBeyondHistoryLimits(const std::vector<const api::Job*>& jobs,
                                                     const api::ScaledJobSpec& spec);

}  // namespace swell::scaling
