// The ScaledObject controller: KEDA's scale loop (activation 0<->1 and idle<->min, cooldown,
// fallback, pause) plus the HPA that KEDA creates (1<->N), both driven from outside:
//   Poll()    once per pollingInterval (keda.md §2.2-§2.6, §2.10, §2.13)
//   SyncHpa() once per HPA sync period, 15 s (kubernetes.md §1, keda.md §2.8-§2.9)
// It reads the world only through ClusterState, writes through the Actuator, and reads time
// from the Clock: the same code runs in the simulator and against a real cluster.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "scaling/actuator.h"
#include "scaling/hpa.h"
#include "scaling/scale_target.h"
#include "scaling/scalers_cache.h"
#include "state/cluster_state.h"
#include "util/clock.h"

namespace swell::scaling {

// Per-pod resource usage for cpu/memory triggers (the metrics server). nullptr: cpu/memory
// metrics are reported as unavailable.
class PodMetrics {
 public:
  virtual ~PodMetrics() = default;
  // The pod's current usage (e.g. {"cpu": 250m}), or nullopt if no sample yet.
  virtual std::optional<api::ResourceList> Usage(const api::Pod& pod) const = 0;
};

// swell's lookahead (coordinated mode): set on a ScaledObject, the replica target handed to the
// node half is sized for the queue as it will be this long from now at its current growth rate
// (a Go duration, e.g. "60s": about the time to a Ready node). KEDA ignores the annotation, so the
// YAML stays valid for KEDA; the HPA's own scaling is unchanged.
inline constexpr std::string_view kAnnotationLookahead = "autoscaling.swell.dev/lookahead";

struct ScaledObjectControllerOptions {
  Duration hpa_sync_period = Seconds(15);  // --horizontal-pod-autoscaler-sync-period. Default 15s
  HpaOptions hpa;                          // tolerance 0.1, stabilization 300s, ...
};

class ScaledObjectController {
 public:
  ScaledObjectController(const Clock& clock, const state::ClusterState& cluster, Actuator& actuator,
                         scalers::Sources& sources, const PodMetrics* pod_metrics = nullptr,
                         ScaledObjectControllerOptions options = {});
  ~ScaledObjectController();

  // One iteration of KEDA's scale loop for the ScaledObject ns/name. Returns the delay to the
  // next iteration (its pollingInterval), or nullopt if the object is gone.
  std::optional<Duration> Poll(const std::string& ns, const std::string& name);

  // One HPA sync. Returns the delay to the next (the sync period), or nullopt if the object is
  // gone. Does nothing while the ScaledObject is paused (KEDA deletes the HPA).
  std::optional<Duration> SyncHpa(const std::string& ns, const std::string& name);

  // The desired replica count last computed by the HPA (0 before the first sync); for the
  // timeline.
  int32_t LastHpaDesired(const std::string& ns, const std::string& name) const;

  // The replica target as the metrics stand at the last HPA sync, before the HPA's rate limits
  // and stabilization: the largest metric proposal (grown by the lookahead annotation when set),
  // within [max(1, minReplicaCount), maxReplicaCount]; nullopt before a sync computed one.
  // swell's node half plans capacity for it (coordinated mode).
  std::optional<int32_t> ReplicaTarget(const std::string& ns, const std::string& name) const;

  // Called (ns, name) after an HPA sync raised the replica target.
  void set_on_target_raised(std::function<void(const std::string&, const std::string&)> fn) {
    on_target_raised_ = std::move(fn);
  }

 private:
  struct Runtime;
  Runtime& RuntimeOf(const api::ScaledObject& so);
  // Updates rt's replica target from an HPA sync's result (see ReplicaTarget).
  void UpdateTarget(const api::ScaledObject& so, const HpaSpec& spec, const HpaInput& in,
                    const HpaResult& r, Runtime& rt);
  // Builds the scalers if needed; false (with Ready=False in `status`) if they cannot be.
  bool EnsureScalers(const api::ScaledObject& so, Runtime& rt, const ScaleInfo* scale,
                     api::ScaledObjectStatus& status);
  // KEDA's RequestScale decision table (keda.md §2.4-§2.6).
  void RequestScale(const api::ScaledObject& so, Runtime& rt, const ScaleInfo& scale, bool active,
                    bool error, const std::string& error_message, const ScaleTargetRef& target,
                    api::ScaledObjectStatus& status);
  // The HPA KEDA generates (keda.md §1.8) and what one sync sees (§2.9).
  HpaSpec HpaSpecFor(const api::ScaledObject& so, const ScalersCache& cache) const;
  HpaInput HpaInputFor(const api::ScaledObject& so, Runtime& rt, const ScaleInfo& scale,
                       const HpaSpec& spec, api::ScaledObjectStatus& status);
  PodSample SampleOf(const api::Pod& pod, const HpaSpec& spec) const;

  const Clock& clock_;
  const state::ClusterState& cluster_;
  Actuator& actuator_;
  scalers::Sources& sources_;
  const PodMetrics* pod_metrics_;
  ScaledObjectControllerOptions options_;
  std::map<std::string, std::unique_ptr<Runtime>, std::less<>> runtimes_;
  std::function<void(const std::string&, const std::string&)> on_target_raised_;
};

}  // namespace swell::scaling
