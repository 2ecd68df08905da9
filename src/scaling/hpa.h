// The Kubernetes HorizontalPodAutoscaler controller that KEDA drives (kubernetes.md §1), as pure
// functions over explicit state: no clock reads, no threads. The ScaledObject controller calls
// ReconcileHpa once per HPA sync (every 15 s) with the target's /scale, the metric values KEDA
// serves and the pods behind the selector; ReconcileHpa returns the size to write and keeps the
// controller's in-memory history (recommendations, scale events) in an HpaState.
//
// Arithmetic follows pkg/controller/podautoscaler (replica_calculator.go, metrics/
// utilization.go, horizontal.go) step by step: sums and averages of metric samples are int64
// (integer division), usage ratios and rate-limit percentages are float64, replica counts come
// from std::ceil (scale-up) or truncation (scale-down percent policies, the legacy ×2 limit).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/keda/types.h"
#include "scalers/scaler.h"
#include "util/status.h"
#include "util/time.h"

namespace swell::scaling {

// kube-controller-manager's HPA flags and horizontal.go constants (kubernetes.md §1.2).
struct HpaOptions {
  double tolerance = 0.1;  // --horizontal-pod-autoscaler-tolerance. Default: 0.1
  // Used when behavior is nil, or its scaleDown window is unset. Default: 300 s
  Duration downscale_stabilization = Seconds(300);
  Duration cpu_initialization_period = Minutes(5);  // Default: 5 min
  Duration initial_readiness_delay = Seconds(30);   // Default: 30 s
  double scale_up_limit_factor = 2.0;               // legacy path only. Default: 2
  double scale_up_limit_minimum = 4.0;              // legacy path only. Default: 4
  Duration sync_period = Seconds(15);  // the caller's cadence; not read here. Default: 15 s
  // HPAConfigurableTolerance (beta, on by default since 1.34): behavior.scaleUp/scaleDown
  // .tolerance override `tolerance` per direction. false = the v1.32 symmetric band. Default: true
  bool configurable_tolerance = true;
};

// The HPA KEDA generates for a ScaledObject (keda.md §1.8).
struct HpaSpec {
  int32_t min_replicas = 1;    // max(1, minReplicaCount). Default: 1
  int32_t max_replicas = 100;  // maxReplicaCount. Default: 100
  // advanced.horizontalPodAutoscalerConfig.behavior as written by the user (defaults are filled
  // here, kubernetes.md §1.2). nullopt takes the legacy path (§1.6).
  std::optional<api::HPABehavior> behavior;
  std::vector<scalers::MetricSpec> metrics;  // at least one
};

// One container resource of one pod, as the Resource metric path needs it (kubernetes.md §1.4).
struct PodResource {
  std::string resource;                // "cpu" | "memory"
  std::string container;               // "" = the whole pod (Resource); else ContainerResource
  std::optional<int64_t> usage_milli;  // metrics.k8s.io sample; nullopt = no sample ("missing")
  // Sum of the requests (of `container`, or of every container and restartable init container).
  // nullopt = some container has no request: the metric fails, as upstream.
  std::optional<int64_t> request_milli;
};

// A pod matching the target's selector: only what groupPods reads (kubernetes.md §1.4).
struct PodSample {
  std::string name;
  bool deleting = false;  // metadata.deletionTimestamp set: ignored
  bool failed = false;    // phase Failed: ignored
  bool pending = false;   // phase Pending: unready
  // The Ready condition's status; nullopt = no Ready condition.
  std::optional<bool> ready;
  TimePoint ready_transition;           // the Ready condition's lastTransitionTime
  std::optional<TimePoint> start_time;  // status.startTime; nullopt = not started
  TimePoint sample_time;                // the metrics.k8s.io sample's timestamp
  // The sample's window. Default: 15 s (metrics-server's default resolution)
  Duration sample_window = Seconds(15);
  std::vector<PodResource> resources;
};

// One sync's view of the world (kubernetes.md §1.3, §1.4).
struct HpaInput {
  int32_t spec_replicas = 0;    // scale.spec.replicas: the "current" replicas
  int32_t status_replicas = 0;  // scale.status.replicas: External AverageValue divides by it
  int32_t ready_pods = 0;       // Running and Ready pods matching the selector (Value targets)
  // Pods matching the selector in any phase. A Value target outside tolerance fails when it is
  // 0 ("no pods returned by selector"). Default -1: pods.size() if `pods` is filled, else no check.
  int32_t selected_pods = -1;
  // External metric values in milli-units. Entries with the same name are summed (the HPA sums
  // every returned series); a metric name with no entry failed to be fetched.
  std::vector<scalers::MetricValue> external;
  std::vector<PodSample> pods;  // for Resource / ContainerResource metrics
};

struct TimestampedRecommendation {
  int32_t replicas = 0;
  TimePoint at;
  friend bool operator==(const TimestampedRecommendation&,
                         const TimestampedRecommendation&) = default;
};

struct ScaleEvent {
  int32_t change = 0;  // absolute, >= 0
  TimePoint at;
  bool outdated = false;  // older than the longest policy period: its slot is reused
  friend bool operator==(const ScaleEvent&, const ScaleEvent&) = default;
};

// The controller's memory for one HPA (horizontal.go keeps it per HPA key; lost on restart).
// A default-constructed state is an HPA never seen before.
struct HpaState {
  std::vector<TimestampedRecommendation> recommendations;  // empty = not seen yet (first sight)
  std::vector<ScaleEvent> scale_up_events;                 // behavior path only
  std::vector<ScaleEvent> scale_down_events;               // behavior path only
};

// An HPA status condition set during one reconcile.
struct HpaCondition {
  std::string type;  // AbleToScale | ScalingActive | ScalingLimited
  bool status = false;
  std::string reason;
  std::string message;
};

// One metric's proposal (computeReplicasForMetric), for status and debugging.
struct MetricProposal {
  std::string metric;         // "external metric s0-queue", "cpu resource utilization ..."
  int32_t replicas = 0;       // valid when status is OK
  Status status;              // why the metric is invalid
  std::string failed_reason;  // FailedGetExternalMetric | FailedGet(Container)ResourceMetric
  int64_t current_milli = 0;  // Value: total; AverageValue: ceil(total / replicas) or pod average
  int32_t current_utilization = 0;  // Utilization targets: percent of request
};

struct HpaResult {
  int32_t current_replicas = 0;  // status.currentReplicas (= spec.replicas)
  // status.desiredReplicas: the new size when `rescale`, else current_replicas.
  int32_t desired_replicas = 0;
  bool rescale = false;  // write desired_replicas to scale.spec.replicas
  std::string reason;    // the SuccessfulRescale reason ("external metric s0-q above target")
  // The max of the valid proposals before normalization; -1 when none was computed.
  int32_t metric_desired = -1;
  // FailedComputeMetricsReplicas: set when metrics are invalid. With rescale == false nothing
  // scaled; with a scale-up the valid metrics won and this still reports the others.
  Status metrics_error;
  // Conditions this reconcile set (unset = the previous value stands).
  std::optional<HpaCondition> able_to_scale;
  std::optional<HpaCondition> scaling_active;
  std::optional<HpaCondition> scaling_limited;
  std::vector<MetricProposal> proposals;  // one per spec.metrics entry, in order
};

// One HPA sync at `now` (reconcileAutoscaler, kubernetes.md §1.3):
//   - first sight (state->recommendations empty) seeds {spec_replicas, now};
//   - spec_replicas == 0 with min_replicas != 0: no scaling, ScalingActive=False ScalingDisabled;
//   - spec_replicas > max: desired = max; < min: desired = min (no stabilization, no rate limit);
//   - else the max of the metric proposals (§1.4), normalized by the behavior path (§1.5) or the
//     legacy path (§1.6).
// When the result rescales, the caller writes desired_replicas to the target; the scale event is
// already recorded in *state (the write is assumed to succeed, as in the simulator). `state` must
// not be null and belongs to this HPA only; times must not decrease between calls.
HpaResult ReconcileHpa(const HpaSpec& spec, const HpaInput& input, TimePoint now, HpaState* state,
                       const HpaOptions& opts = {});

// ---- building blocks (exposed for the ScaledObject controller and tests) ----------------------

// The usage-ratio band inside which the HPA keeps the current size (kubernetes.md §1.4).
struct Tolerances {
  double scale_down = 0.1;
  double scale_up = 0.1;
  // (1 - scale_down) <= ratio <= (1 + scale_up); false for NaN.
  bool IsWithin(double ratio) const;
};

// opts.tolerance both ways, overridden per direction by behavior.scaleUp/scaleDown.tolerance
// when opts.configurable_tolerance (kubernetes.md §1.4).
Tolerances TolerancesFor(const HpaSpec& spec, const HpaOptions& opts);

// The behavior the API server stores for a non-nil behavior, plus the controller's fill-in of the
// scale-down window (kubernetes.md §1.2): each direction field by field from the templates
// scaleUp {window 0, Max, [Pods 4/15s, Percent 100/15s]} and scaleDown {window
// opts.downscale_stabilization, Max, [Percent 100/15s]}. An empty policy list counts as unset.
api::HPABehavior DefaultedBehavior(const api::HPABehavior& user, const HpaOptions& opts);

// One metric's proposal (computeReplicasForMetric, kubernetes.md §1.4). External AverageValue
// uses status_replicas, External Value uses ready_pods (ceil(ratio) when spec_replicas == 0),
// Resource Utilization/AverageValue group the pods. A non-OK status marks the metric invalid.
MetricProposal ComputeMetricProposal(const scalers::MetricSpec& metric, const HpaInput& input,
                                     const Tolerances& tol, TimePoint now, const HpaOptions& opts);

// groupPods for one resource metric (kubernetes.md §1.4 table).
struct PodGroups {
  int32_t ready = 0;                // readyPodCount
  std::vector<size_t> unready;      // indexes into the pod list
  std::vector<size_t> missing;      // no sample
  std::vector<size_t> ignored;      // deleting or failed
  std::vector<size_t> with_sample;  // ready pods whose sample counts
};
// Sorts `pods` for the `resource` metric (of `container`, "" = whole pod) at `now`: deleting or
// Failed -> ignored; Pending -> unready; no sample -> missing; for cpu only, no Ready condition or
// start time, a sample from the startup period (cpu_initialization_period) taken while unready
// or within one sample window of becoming ready, or a pod never ready since initial_readiness_delay
// -> unready; anything else -> ready with its sample.
PodGroups GroupPods(const std::vector<PodSample>& pods, std::string_view resource,
                    std::string_view container, TimePoint now, const HpaOptions& opts);

}  // namespace swell::scaling
