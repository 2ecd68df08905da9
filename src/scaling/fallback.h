// KEDA's fallback (keda.md §2.10, pkg/fallback/fallback.go): per External metric, count
// consecutive failures in status.health; past failureThreshold, answer with a synthetic value
// that makes the HPA compute the fallback replica count.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "api/keda/types.h"
#include "scalers/scaler.h"

namespace swell::scaling {

// A valid fallback is configured (HasValidFallback): fallback set and, with scalingModifiers,
// a target that parses as an integer > 0.
bool HasValidFallback(const api::ScaledObject& so);

// The fallback replica count R for `behavior` (static, currentReplicas, currentReplicasIfHigher,
// currentReplicasIfLower).
int32_t FallbackReplicas(const api::Fallback& fb, int32_t current_replicas);

// One metric query after fallback processing.
struct FallbackOutcome {
  bool ok = false;             // a value (real or synthetic) is available
  int64_t milli = 0;           // the value
  bool active = false;         // trigger activity (a fallback counts as active)
  bool fallback_used = false;  // the value is synthetic
  std::string error;           // the scaler's error when !ok (never holds secrets)
};

// Updates `health[metric]` and returns the value to use. `result` is the scaler's answer;
// `target_milli` and `target_type` come from the metric's spec; `ready_replicas` is used for
// Value targets (an error if 0 while falling back, as KEDA).
FallbackOutcome ApplyFallback(const api::ScaledObject& so, const scalers::MetricSpec& spec,
                              const StatusOr<scalers::MetricsAndActivity>& result,
                              int32_t current_replicas, int32_t ready_replicas,
                              std::map<std::string, api::HealthStatus, std::less<>>* health);

// True if any metric's failures exceed the threshold (the Fallback condition).
bool AnyFallbackActive(const api::ScaledObject& so,
                       const std::map<std::string, api::HealthStatus, std::less<>>& health);

}  // namespace swell::scaling
