#include "scaling/fallback.h"

#include <cstdlib>

#include "api/keda/types.h"

namespace swell::scaling {

bool HasValidFallback(const api::ScaledObject& so) {
  if (!so.spec.fallback) return false;
  if (!api::keda::IsUsingModifiers(so)) return true;
  const std::string& target = so.spec.advanced->scaling_modifiers.target;
  char* end = nullptr;
  long long v = std::strtoll(target.c_str(), &end, 10);
  return !target.empty() && end != nullptr && *end == '\0' && v > 0;
}

int32_t FallbackReplicas(const api::Fallback& fb, int32_t current) {
  const std::string behavior = fb.behavior.value_or("static");
  if (behavior == "currentReplicas") return current;
  if (behavior == "currentReplicasIfHigher") return std::max(current, fb.replicas);
  if (behavior == "currentReplicasIfLower") return std::min(current, fb.replicas);
  return fb.replicas;
}

FallbackOutcome ApplyFallback(const api::ScaledObject& so, const scalers::MetricSpec& spec,
                              const StatusOr<scalers::MetricsAndActivity>& result,
                              int32_t current_replicas, int32_t ready_replicas,
                              std::map<std::string, api::HealthStatus, std::less<>>* health) {
  FallbackOutcome out;
  const bool tracked = HasValidFallback(so);
  if (result.ok()) {
    for (const auto& v : result->values) {
      if (v.name == spec.name || result->values.size() == 1) out.milli += v.milli;
    }
    out.ok = true;
    out.active = result->active;
    if (tracked) (*health)[spec.name] = api::HealthStatus{0, "Happy"};
    return out;
  }
  out.error = result.status().message();
  if (!tracked) return out;
  api::HealthStatus& h = (*health)[spec.name];
  h.number_of_failures = h.number_of_failures.value_or(0) + 1;
  h.status = "Failing";
  const api::Fallback& fb = *so.spec.fallback;
  if (*h.number_of_failures <= fb.failure_threshold) return out;
  if (fb.behavior.value_or("static") == "scalingModifiers") return out;  // handled by the formula
  const int64_t replicas = FallbackReplicas(fb, current_replicas);
  if (spec.target_type == "Value") {
    if (ready_replicas <= 0) {
      out.error += "; fallback with a Value target needs ready replicas";
      return out;
    }
    out.milli = spec.target_milli * replicas / ready_replicas;
  } else {
    out.milli = spec.target_milli * replicas;
  }
  out.ok = true;
  out.active = true;  // a fallback counts as active (keda.md §2.10)
  out.fallback_used = true;
  return out;
}

bool AnyFallbackActive(const api::ScaledObject& so,
                       const std::map<std::string, api::HealthStatus, std::less<>>& health) {
  if (!so.spec.fallback) return false;
  for (const auto& [name, h] : health) {
    if (h.number_of_failures.value_or(0) > so.spec.fallback->failure_threshold) return true;
  }
  return false;
}

}  // namespace swell::scaling
