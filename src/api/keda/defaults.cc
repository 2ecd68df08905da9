// KEDA's defaults for ScaledObject, ScaledJob and (Cluster)TriggerAuthentication
// (../shared/reference/keda.md §1.1-§1.4, §3.1, §4.1 and the checklist of §12 item 1).

#include "api/keda/types.h"

namespace swell::api {
namespace keda {

std::string HpaNameOf(const ScaledObject& so) {
  if (so.spec.advanced && so.spec.advanced->horizontal_pod_autoscaler_config &&
      !so.spec.advanced->horizontal_pod_autoscaler_config->name.empty()) {
    return so.spec.advanced->horizontal_pod_autoscaler_config->name;
  }
  return std::string(kHpaNamePrefix) + so.metadata.name;
}

bool IsUsingModifiers(const ScaledObject& so) {
  return so.spec.advanced && !(so.spec.advanced->scaling_modifiers == ScalingModifiers{});
}

bool IsCpuOrMemory(const ScaleTriggers& t) { return t.type == "cpu" || t.type == "memory"; }

}  // namespace keda

namespace {

// keda.md §1.4: metricType AverageValue; authenticationRef.kind TriggerAuthentication.
// cpu/memory triggers keep an empty metricType: KEDA requires them to set it (§5.9), and
// defaulting it would turn a missing field into a 50-core target.
void DefaultTriggers(std::vector<ScaleTriggers>& triggers) {
  for (ScaleTriggers& t : triggers) {
    if (t.metric_type.empty() && !keda::IsCpuOrMemory(t)) {
      t.metric_type = std::string(keda::kMetricAverageValue);
    }
    if (t.authentication_ref && t.authentication_ref->kind.empty()) {
      t.authentication_ref->kind = "TriggerAuthentication";
    }
  }
}

template <class T>
void SetIfUnset(std::optional<T>& field, T value) {
  if (!field) field = value;
}

void DefaultTriggerAuthSpec(TriggerAuthenticationSpec& spec) {
  // The CRD default of oauth2.type (keda.md §4.1).
  if (spec.oauth2 && spec.oauth2->type.empty()) spec.oauth2->type = "clientCredentials";
}

}  // namespace

void ApplyDefaults(ScaledObject& o) {
  ScaledObjectSpec& s = o.spec;
  // keda.md §1.1 (gvkr.go: apiVersion and kind default independently).
  if (s.scale_target_ref.api_version.empty()) s.scale_target_ref.api_version = "apps/v1";
  if (s.scale_target_ref.kind.empty()) s.scale_target_ref.kind = "Deployment";
  SetIfUnset(s.polling_interval, 30);
  SetIfUnset(s.cooldown_period, 300);
  SetIfUnset(s.initial_cooldown_period, 0);
  SetIfUnset(s.min_replica_count, 0);
  SetIfUnset(s.max_replica_count, 100);
  // keda.md §1.2: the CRD defaults fallback.behavior to static.
  if (s.fallback && !s.fallback->behavior)
    s.fallback->behavior = std::string(keda::kFallbackStatic);
  // keda.md §1.3: scalingModifiers.metricType defaults to AverageValue.
  if (keda::IsUsingModifiers(o) && s.advanced->scaling_modifiers.metric_type.empty()) {
    s.advanced->scaling_modifiers.metric_type = std::string(keda::kMetricAverageValue);
  }
  DefaultTriggers(s.triggers);
}

void ApplyDefaults(ScaledJob& o) {
  ScaledJobSpec& s = o.spec;
  // keda.md §3.1.
  SetIfUnset(s.polling_interval, 30);
  SetIfUnset(s.successful_jobs_history_limit, 100);
  SetIfUnset(s.failed_jobs_history_limit, 100);
  SetIfUnset(s.min_replica_count, 0);
  // maxReplicaCount stays unset: KEDA's MaxReplicaCount() is 100 *without* subtracting
  // minReplicaCount when it is unset, but max - min when it is set (keda.md §3.1), so writing
  // the default in would change the arithmetic.
  if (s.scaling_strategy.strategy.empty()) s.scaling_strategy.strategy = "default";
  if (s.scaling_strategy.multiple_scalers_calculation.empty()) {
    s.scaling_strategy.multiple_scalers_calculation = "max";
  }
  // keda.md §3.1: KEDA sets restartPolicy OnFailure when the template leaves it empty; this
  // must come before the pod defaults, which would pick Always.
  PodSpec& pod = s.job_target_ref.template_.spec;
  if (pod.restart_policy.empty()) pod.restart_policy = "OnFailure";
  ApplyJobSpecDefaults(s.job_target_ref);
  DefaultTriggers(s.triggers);
}

void ApplyDefaults(TriggerAuthentication& o) { DefaultTriggerAuthSpec(o.spec); }

void ApplyDefaults(ClusterTriggerAuthentication& o) { DefaultTriggerAuthSpec(o.spec); }

void DecodeValue(const yaml::Node& n, AuthFilePath& out, Decoder& d) {
  if (n.IsSequence()) {
    d.Warning(n,
              "KEDA's documentation shows filePath as a list, but the CRD and KEDA take a single "
              "path to a JSON file of parameters: the API server rejects the list (ignored)",
              "keda/file-path");
    out.value.clear();
    return;
  }
  DecodeValue(n, out.value, d);
}

yaml::Node EncodeValue(const AuthFilePath& v) { return EncodeValue(v.value); }

}  // namespace swell::api
