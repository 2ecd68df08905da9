// core/v1 Secret and ConfigMap (referenced by TriggerAuthentications and env), and policy/v1
// PodDisruptionBudget (honoured by node drains).
#pragma once

#include <optional>
#include <string>

#include "api/core/pod.h"
#include "api/intstr.h"

namespace swell::api {

struct Secret {
  std::string api_version;
  std::string kind;
  ObjectMeta metadata;
  StringMap data;         // base64 values, as written
  StringMap string_data;  // plain values, merged into data by the API server
  std::string type;       // default Opaque
  std::optional<bool> immutable;
  friend bool operator==(const Secret&, const Secret&) = default;
};
template <class V>
void Fields(V& v, Secret& o) {
  v("apiVersion", o.api_version);
  v("kind", o.kind);
  v("metadata", o.metadata);
  v("data", o.data, kSecret);
  v("stringData", o.string_data, kSecret);
  v("type", o.type);
  v("immutable", o.immutable);
}

// The decoded value of `key` (data is base64-decoded; stringData wins, as in the API server).
// NotFound if absent, InvalidArgument if the base64 is malformed. Never log the result.
StatusOr<std::string> SecretValue(const Secret& s, std::string_view key);

struct ConfigMap {
  std::string api_version;
  std::string kind;
  ObjectMeta metadata;
  StringMap data;
  StringMap binary_data;
  std::optional<bool> immutable;
  friend bool operator==(const ConfigMap&, const ConfigMap&) = default;
};
template <class V>
void Fields(V& v, ConfigMap& o) {
  v("apiVersion", o.api_version);
  v("kind", o.kind);
  v("metadata", o.metadata);
  v("data", o.data);
  v("binaryData", o.binary_data);
  v("immutable", o.immutable);
}

struct PodDisruptionBudgetSpec {
  std::optional<IntOrString> min_available;
  std::optional<IntOrString> max_unavailable;
  std::optional<LabelSelector> selector;
  std::string unhealthy_pod_eviction_policy;  // IfHealthyBudget | AlwaysAllow
  friend bool operator==(const PodDisruptionBudgetSpec&, const PodDisruptionBudgetSpec&) = default;
};
template <class V>
void Fields(V& v, PodDisruptionBudgetSpec& s) {
  v("minAvailable", s.min_available);
  v("maxUnavailable", s.max_unavailable);
  v("selector", s.selector);
  v("unhealthyPodEvictionPolicy", s.unhealthy_pod_eviction_policy);
}

struct PodDisruptionBudgetStatus {
  int64_t observed_generation = 0;
  int32_t disruptions_allowed = 0;
  int32_t current_healthy = 0;
  int32_t desired_healthy = 0;
  int32_t expected_pods = 0;
  RawNode disrupted_pods;
  std::vector<Condition> conditions;
  friend bool operator==(const PodDisruptionBudgetStatus&,
                         const PodDisruptionBudgetStatus&) = default;
};
template <class V>
void Fields(V& v, PodDisruptionBudgetStatus& s) {
  v("observedGeneration", s.observed_generation);
  v("disruptionsAllowed", s.disruptions_allowed);
  v("currentHealthy", s.current_healthy);
  v("desiredHealthy", s.desired_healthy);
  v("expectedPods", s.expected_pods);
  v("disruptedPods", s.disrupted_pods);
  v("conditions", s.conditions);
}

struct PodDisruptionBudget {
  std::string api_version;
  std::string kind;
  ObjectMeta metadata;
  PodDisruptionBudgetSpec spec;
  PodDisruptionBudgetStatus status;
  friend bool operator==(const PodDisruptionBudget&, const PodDisruptionBudget&) = default;
};
template <class V>
void Fields(V& v, PodDisruptionBudget& o) {
  v("apiVersion", o.api_version);
  v("kind", o.kind);
  v("metadata", o.metadata);
  v("spec", o.spec);
  v("status", o.status);
}

void ApplyDefaults(Secret& o);  // type Opaque
void ApplyDefaults(ConfigMap& o);
void ApplyDefaults(PodDisruptionBudget& o);
// Secret: data values must be valid base64 (a placeholder such as "<omitted>" only warns);
// keys are valid config keys. ConfigMap: keys. PDB: at most one of minAvailable and
// maxUnavailable; percentages well formed.
void Validate(const Secret& o, Diagnostics& diags);
void Validate(const ConfigMap& o, Diagnostics& diags);
void Validate(const PodDisruptionBudget& o, Diagnostics& diags);

}  // namespace swell::api
