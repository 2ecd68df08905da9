// KEDA's keda.sh/v1alpha1 kinds: ScaledObject, ScaledJob, TriggerAuthentication and
// ClusterTriggerAuthentication, with every spec and status field of the upstream CRDs
// (../shared/reference/crds/keda.sh_*.yaml) and ../shared/reference/keda.md §1-§4.
//
// Fields whose unset value differs from zero are std::optional (pollingInterval: unset means
// 30, 0 is rejected). Enum strings use "" for "unset" unless the CRD rejects an explicit "".
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/codec.h"
#include "api/core/meta.h"
#include "api/core/workloads.h"
#include "api/diagnostics.h"
#include "api/quantity.h"

namespace swell::api {

// ---- annotations, labels, condition types and reasons (keda.md §1.6, §1.7, §3.1) ----------

namespace keda {

// keda.md §1.6. Pause: stop the loop, delete the HPA, freeze replicas ("true"; any non-bool
// value also pauses, "false" unpauses).
inline constexpr std::string_view kAnnotationPaused = "autoscaling.keda.sh/paused";
// Presence pauses and scales the target to this integer.
inline constexpr std::string_view kAnnotationPausedReplicas = "autoscaling.keda.sh/paused-replicas";
inline constexpr std::string_view kAnnotationPausedScaleIn = "autoscaling.keda.sh/paused-scale-in";
inline constexpr std::string_view kAnnotationPausedScaleOut =
    "autoscaling.keda.sh/paused-scale-out";
inline constexpr std::string_view kAnnotationForceActivation =
    "autoscaling.keda.sh/force-activation";
inline constexpr std::string_view kAnnotationTransferHpaOwnership =
    "scaledobject.keda.sh/transfer-hpa-ownership";
// Read from an HPA (not a ScaledObject): "false" exempts that HPA from the ownership check.
inline constexpr std::string_view kAnnotationHpaOwnershipValidation =
    "validations.keda.sh/hpa-ownership";
inline constexpr std::string_view kAnnotationHpaExcludedLabels =
    "scaledobject.keda.sh/hpa-excluded-labels";
inline constexpr std::string_view kAnnotationJobExcludedLabels =
    "scaledjob.keda.sh/job-excluded-labels";
// Put by KEDA on each Job it creates (keda.md §3.5).
inline constexpr std::string_view kAnnotationScaledJobGeneration = "scaledjob.keda.sh/generation";
// Labels KEDA adds (keda.md §1.6, §3.3).
inline constexpr std::string_view kLabelScaledObjectName = "scaledobject.keda.sh/name";
inline constexpr std::string_view kLabelScaledJobName = "scaledjob.keda.sh/name";

// The generated HPA is named kHpaNamePrefix + <ScaledObject name> unless
// advanced.horizontalPodAutoscalerConfig.name is set (keda.md §1.8).
inline constexpr std::string_view kHpaNamePrefix = "keda-hpa-";
// The single External metric of a ScaledObject with scalingModifiers (keda.md §1.8).
inline constexpr std::string_view kCompositeMetricName = "composite-metric";

// Condition types (keda.md §1.7).
inline constexpr std::string_view kConditionReady = "Ready";
inline constexpr std::string_view kConditionActive = "Active";
inline constexpr std::string_view kConditionFallback = "Fallback";
inline constexpr std::string_view kConditionPaused = "Paused";
inline constexpr std::string_view kConditionHPAActive = "HPAActive";

// Condition reasons (keda.md §1.7, §3.5).
inline constexpr std::string_view kReasonScaledObjectReady = "ScaledObjectReady";
inline constexpr std::string_view kReasonScaledObjectCheckFailed = "ScaledObjectCheckFailed";
inline constexpr std::string_view kReasonTriggerError = "TriggerError";
inline constexpr std::string_view kReasonPartialTriggerError = "PartialTriggerError";
inline constexpr std::string_view kReasonErrorGettingCurrentReplicas =
    "ErrorGettingCurrentReplicas";
inline constexpr std::string_view kReasonScalerActive = "ScalerActive";
inline constexpr std::string_view kReasonScalerNotActive = "ScalerNotActive";
inline constexpr std::string_view kReasonScalerCooldown = "ScalerCooldown";
inline constexpr std::string_view kReasonUnknownState = "UnknownState";
inline constexpr std::string_view kReasonFallbackExists = "FallbackExists";
inline constexpr std::string_view kReasonNoFallbackFound = "NoFallbackFound";
inline constexpr std::string_view kReasonScaledObjectPaused = "ScaledObjectPaused";
inline constexpr std::string_view kReasonScaledObjectUnpaused = "ScaledObjectUnpaused";
inline constexpr std::string_view kReasonHPAActive = "HPAActive";
inline constexpr std::string_view kReasonScalingDisabled = "ScalingDisabled";
inline constexpr std::string_view kReasonHPAMetricsUnavailable = "HPAMetricsUnavailable";
inline constexpr std::string_view kReasonScaledJobReady = "ScaledJobReady";
inline constexpr std::string_view kReasonScaledJobPaused = "ScaledJobPaused";
inline constexpr std::string_view kReasonScaledJobUnpaused = "ScaledJobUnpaused";

// status.health[*].status (keda.md §2.10).
inline constexpr std::string_view kHealthHappy = "Happy";
inline constexpr std::string_view kHealthFailing = "Failing";

// spec.fallback.behavior values (keda.md §1.2).
inline constexpr std::string_view kFallbackStatic = "static";
inline constexpr std::string_view kFallbackCurrentReplicas = "currentReplicas";
inline constexpr std::string_view kFallbackCurrentReplicasIfHigher = "currentReplicasIfHigher";
inline constexpr std::string_view kFallbackCurrentReplicasIfLower = "currentReplicasIfLower";
inline constexpr std::string_view kFallbackScalingModifiers = "scalingModifiers";

// Trigger metricType values (keda.md §1.4).
inline constexpr std::string_view kMetricAverageValue = "AverageValue";
inline constexpr std::string_view kMetricValue = "Value";
inline constexpr std::string_view kMetricUtilization = "Utilization";

}  // namespace keda

// ---- shared by ScaledObject and ScaledJob ---------------------------------------------------

// A condition as KEDA's CRDs store it (type, status, reason, message only).
struct KedaCondition {
  std::string type;
  std::string status;  // True | False | Unknown
  std::string reason;
  std::string message;
  friend bool operator==(const KedaCondition&, const KedaCondition&) = default;
};
template <class V>
void Fields(V& v, KedaCondition& c) {
  v("type", c.type, kRequired);
  v("status", c.status, kRequired);
  v("reason", c.reason);
  v("message", c.message);
}

// triggers[].authenticationRef.
struct AuthenticationRef {
  std::string name;
  std::string kind;  // TriggerAuthentication (default) | ClusterTriggerAuthentication
  friend bool operator==(const AuthenticationRef&, const AuthenticationRef&) = default;
};
template <class V>
void Fields(V& v, AuthenticationRef& r) {
  v("name", r.name, kRequired);
  v("kind", r.kind);
}

// One entry of spec.triggers (keda.md §1.4).
struct ScaleTriggers {
  std::string type;  // required, e.g. aws-sqs-queue
  std::string name;  // optional, unique within the object
  bool use_cached_metrics = false;
  StringMap metadata;  // required (may be {}); values may be sensitive
  std::optional<AuthenticationRef> authentication_ref;
  std::string metric_type;  // AverageValue (default) | Value | Utilization
  friend bool operator==(const ScaleTriggers&, const ScaleTriggers&) = default;
};
template <class V>
void Fields(V& v, ScaleTriggers& t) {
  v("type", t.type, kRequired);
  v("name", t.name);
  v("useCachedMetrics", t.use_cached_metrics);
  v("metadata", t.metadata, kRequired | kSecret);
  v("authenticationRef", t.authentication_ref);
  v("metricType", t.metric_type);
}

// status.triggersActivity[*].
struct TriggerActivityStatus {
  bool is_active = false;
  friend bool operator==(const TriggerActivityStatus&, const TriggerActivityStatus&) = default;
};
template <class V>
void Fields(V& v, TriggerActivityStatus& s) {
  v("isActive", s.is_active);
}

// ---- ScaledObject ---------------------------------------------------------------------------

// spec.scaleTargetRef (keda.md §1.1).
struct ScaleTarget {
  std::string name;                       // required, minLength 1
  std::string api_version;                // default apps/v1
  std::string kind;                       // default Deployment
  std::string env_source_container_name;  // default: the first container
  friend bool operator==(const ScaleTarget&, const ScaleTarget&) = default;
};
template <class V>
void Fields(V& v, ScaleTarget& t) {
  v("name", t.name, kRequired);
  v("apiVersion", t.api_version);
  v("kind", t.kind);
  v("envSourceContainerName", t.env_source_container_name);
}

// autoscaling/v2 HPAScalingPolicy.
struct HPAScalingPolicy {
  std::string type;            // Pods | Percent
  int32_t value = 0;           // > 0
  int32_t period_seconds = 0;  // (0, 1800]
  friend bool operator==(const HPAScalingPolicy&, const HPAScalingPolicy&) = default;
};
template <class V>
void Fields(V& v, HPAScalingPolicy& p) {
  v("type", p.type, kRequired);
  v("value", p.value, kRequired);
  v("periodSeconds", p.period_seconds, kRequired);
}

// autoscaling/v2 HPAScalingRules (kubernetes.md §1.2).
struct HPAScalingRules {
  std::optional<int32_t> stabilization_window_seconds;  // [0, 3600]
  std::string select_policy;                            // Max (default) | Min | Disabled
  std::vector<HPAScalingPolicy> policies;
  std::optional<Quantity> tolerance;  // >= 0; unset = the cluster-wide 0.1
  friend bool operator==(const HPAScalingRules&, const HPAScalingRules&) = default;
};
template <class V>
void Fields(V& v, HPAScalingRules& r) {
  v("stabilizationWindowSeconds", r.stabilization_window_seconds);
  v("selectPolicy", r.select_policy);
  v("policies", r.policies);
  v("tolerance", r.tolerance);
}

// autoscaling/v2 HorizontalPodAutoscalerBehavior, copied verbatim into the HPA.
struct HPABehavior {
  std::optional<HPAScalingRules> scale_up;
  std::optional<HPAScalingRules> scale_down;
  friend bool operator==(const HPABehavior&, const HPABehavior&) = default;
};
template <class V>
void Fields(V& v, HPABehavior& b) {
  v("scaleUp", b.scale_up);
  v("scaleDown", b.scale_down);
}

// spec.advanced.horizontalPodAutoscalerConfig (keda.md §1.3).
struct HorizontalPodAutoscalerConfig {
  std::optional<HPABehavior> behavior;
  std::string name;  // default keda-hpa-<ScaledObject name>
  friend bool operator==(const HorizontalPodAutoscalerConfig&,
                         const HorizontalPodAutoscalerConfig&) = default;
};
template <class V>
void Fields(V& v, HorizontalPodAutoscalerConfig& c) {
  v("behavior", c.behavior);
  v("name", c.name);
}

// spec.advanced.scalingModifiers (keda.md §1.3, §2.11). Numbers are strings on the wire.
struct ScalingModifiers {
  std::string formula;
  std::string target;             // float > 0
  std::string activation_target;  // float, default 0
  std::string metric_type;        // AverageValue (default) | Value
  friend bool operator==(const ScalingModifiers&, const ScalingModifiers&) = default;
};
template <class V>
void Fields(V& v, ScalingModifiers& m) {
  v("formula", m.formula);
  v("target", m.target);
  v("activationTarget", m.activation_target);
  v("metricType", m.metric_type);
}

// spec.advanced (keda.md §1.3).
struct AdvancedConfig {
  std::optional<HorizontalPodAutoscalerConfig> horizontal_pod_autoscaler_config;
  bool restore_to_original_replica_count = false;
  ScalingModifiers scaling_modifiers;
  friend bool operator==(const AdvancedConfig&, const AdvancedConfig&) = default;
};
template <class V>
void Fields(V& v, AdvancedConfig& a) {
  v("horizontalPodAutoscalerConfig", a.horizontal_pod_autoscaler_config);
  v("restoreToOriginalReplicaCount", a.restore_to_original_replica_count);
  v("scalingModifiers", a.scaling_modifiers);
}

// spec.fallback (keda.md §1.2).
struct Fallback {
  int32_t failure_threshold = 0;  // required, >= 0
  int32_t replicas = 0;           // required, >= 0
  // static (CRD default) | currentReplicas | currentReplicasIfHigher | currentReplicasIfLower |
  // scalingModifiers. Optional because the CRD enum rejects an explicit "".
  std::optional<std::string> behavior;
  friend bool operator==(const Fallback&, const Fallback&) = default;
};
template <class V>
void Fields(V& v, Fallback& f) {
  v("failureThreshold", f.failure_threshold, kRequired);
  v("replicas", f.replicas, kRequired);
  v("behavior", f.behavior);
}

// keda.md §1.1.
struct ScaledObjectSpec {
  ScaleTarget scale_target_ref;                    // required
  std::optional<int32_t> polling_interval;         // seconds. Default: 30; minimum 1
  std::optional<int32_t> cooldown_period;          // seconds. Default: 300; minimum 0
  std::optional<int32_t> initial_cooldown_period;  // seconds. Default: 0; minimum 0
  std::optional<int32_t> idle_replica_count;       // unset = no idle mode; < minReplicaCount
  std::optional<int32_t> min_replica_count;        // Default: 0
  std::optional<int32_t> max_replica_count;        // Default: 100; minimum 1
  std::optional<AdvancedConfig> advanced;
  std::vector<ScaleTriggers> triggers;  // required, minItems 1
  std::optional<Fallback> fallback;
  friend bool operator==(const ScaledObjectSpec&, const ScaledObjectSpec&) = default;
};
template <class V>
void Fields(V& v, ScaledObjectSpec& s) {
  v("scaleTargetRef", s.scale_target_ref, kRequired);
  v("pollingInterval", s.polling_interval);
  v("cooldownPeriod", s.cooldown_period);
  v("initialCooldownPeriod", s.initial_cooldown_period);
  v("idleReplicaCount", s.idle_replica_count);
  v("minReplicaCount", s.min_replica_count);
  v("maxReplicaCount", s.max_replica_count);
  v("advanced", s.advanced);
  v("triggers", s.triggers, kRequired);
  v("fallback", s.fallback);
}

// status.scaleTargetGVKR.
struct GroupVersionKindResource {
  std::string group;
  std::string version;
  std::string kind;
  std::string resource;
  friend bool operator==(const GroupVersionKindResource&,
                         const GroupVersionKindResource&) = default;
};
template <class V>
void Fields(V& v, GroupVersionKindResource& g) {
  v("group", g.group, kRequired);
  v("version", g.version, kRequired);
  v("kind", g.kind, kRequired);
  v("resource", g.resource, kRequired);
}

// status.health[<metric name>] (keda.md §2.10).
struct HealthStatus {
  std::optional<int32_t> number_of_failures;
  std::string status;  // Happy | Failing
  friend bool operator==(const HealthStatus&, const HealthStatus&) = default;
};
template <class V>
void Fields(V& v, HealthStatus& h) {
  v("numberOfFailures", h.number_of_failures);
  v("status", h.status);
}

// keda.md §1.7.
struct ScaledObjectStatus {
  std::string scale_target_kind;  // "apps/v1.Deployment"
  std::optional<GroupVersionKindResource> scale_target_gvkr;
  std::optional<int32_t> original_replica_count;
  std::optional<Time> last_active_time;
  std::vector<std::string> external_metric_names;
  std::vector<std::string> resource_metric_names;
  std::string composite_scaler_name;
  std::map<std::string, HealthStatus, std::less<>> health;
  std::optional<int32_t> paused_replica_count;
  std::vector<KedaCondition> conditions;
  std::string hpa_name;
  std::map<std::string, TriggerActivityStatus, std::less<>> triggers_activity;
  std::string triggers_types;         // "aws-sqs-queue,cpu"
  std::string authentications_types;  // "my-ta"
  friend bool operator==(const ScaledObjectStatus&, const ScaledObjectStatus&) = default;
};
template <class V>
void Fields(V& v, ScaledObjectStatus& s) {
  v("scaleTargetKind", s.scale_target_kind);
  v("scaleTargetGVKR", s.scale_target_gvkr);
  v("originalReplicaCount", s.original_replica_count);
  v("lastActiveTime", s.last_active_time);
  v("externalMetricNames", s.external_metric_names);
  v("resourceMetricNames", s.resource_metric_names);
  v("compositeScalerName", s.composite_scaler_name);
  v("health", s.health);
  v("pausedReplicaCount", s.paused_replica_count);
  v("conditions", s.conditions);
  v("hpaName", s.hpa_name);
  v("triggersActivity", s.triggers_activity);
  v("triggersTypes", s.triggers_types);
  v("authenticationsTypes", s.authentications_types);
}

struct ScaledObject {
  std::string api_version;
  std::string kind;
  ObjectMeta metadata;
  ScaledObjectSpec spec;
  ScaledObjectStatus status;
  friend bool operator==(const ScaledObject&, const ScaledObject&) = default;
};
template <class V>
void Fields(V& v, ScaledObject& o) {
  v("apiVersion", o.api_version);
  v("kind", o.kind);
  v("metadata", o.metadata);
  v("spec", o.spec, kRequired);
  v("status", o.status);
}

// ---- ScaledJob (keda.md §3.1) ---------------------------------------------------------------

struct Rollout {
  std::string strategy;            // gradual | immediate; "" behaves as immediate
  std::string propagation_policy;  // foreground | background; "" behaves as background
  friend bool operator==(const Rollout&, const Rollout&) = default;
};
template <class V>
void Fields(V& v, Rollout& r) {
  v("strategy", r.strategy);
  v("propagationPolicy", r.propagation_policy);
}

struct ScalingStrategy {
  std::string strategy;  // default (default) | custom | accurate | eager
  std::optional<int32_t> custom_scaling_queue_length_deduction;  // custom only
  std::string custom_scaling_running_job_percentage;             // custom only; a float
  std::vector<std::string> pending_pod_conditions;
  std::string multiple_scalers_calculation;  // max (default) | min | avg | sum
  friend bool operator==(const ScalingStrategy&, const ScalingStrategy&) = default;
};
template <class V>
void Fields(V& v, ScalingStrategy& s) {
  v("strategy", s.strategy);
  v("customScalingQueueLengthDeduction", s.custom_scaling_queue_length_deduction);
  v("customScalingRunningJobPercentage", s.custom_scaling_running_job_percentage);
  v("pendingPodConditions", s.pending_pod_conditions);
  v("multipleScalersCalculation", s.multiple_scalers_calculation);
}

struct ScaledJobSpec {
  JobSpec job_target_ref;                                // required
  std::optional<int32_t> polling_interval;               // seconds. Default: 30; minimum 1
  std::optional<int32_t> successful_jobs_history_limit;  // Default: 100; minimum 0
  std::optional<int32_t> failed_jobs_history_limit;      // Default: 100; minimum 0
  std::string env_source_container_name;
  std::optional<int32_t> min_replica_count;  // Default: 0
  std::optional<int32_t> max_replica_count;  // Default: 100; minimum 1
  std::string rollout_strategy;              // deprecated: use rollout.strategy
  Rollout rollout;
  ScalingStrategy scaling_strategy;
  std::vector<ScaleTriggers> triggers;  // required, minItems 1
  friend bool operator==(const ScaledJobSpec&, const ScaledJobSpec&) = default;
};
template <class V>
void Fields(V& v, ScaledJobSpec& s) {
  v("jobTargetRef", s.job_target_ref, kRequired);
  v("pollingInterval", s.polling_interval);
  v("successfulJobsHistoryLimit", s.successful_jobs_history_limit);
  v("failedJobsHistoryLimit", s.failed_jobs_history_limit);
  v("envSourceContainerName", s.env_source_container_name);
  v("minReplicaCount", s.min_replica_count);
  v("maxReplicaCount", s.max_replica_count);
  v("rolloutStrategy", s.rollout_strategy);
  v("rollout", s.rollout);
  v("scalingStrategy", s.scaling_strategy);
  v("triggers", s.triggers, kRequired);
}

struct ScaledJobStatus {
  std::optional<Time> last_active_time;
  std::vector<KedaCondition> conditions;
  std::string paused;  // wire name "Paused"
  std::string triggers_types;
  std::string authentications_types;
  std::vector<std::string> external_metric_names;
  std::map<std::string, TriggerActivityStatus, std::less<>> triggers_activity;
  friend bool operator==(const ScaledJobStatus&, const ScaledJobStatus&) = default;
};
template <class V>
void Fields(V& v, ScaledJobStatus& s) {
  v("lastActiveTime", s.last_active_time);
  v("conditions", s.conditions);
  v("Paused", s.paused);
  v("triggersTypes", s.triggers_types);
  v("authenticationsTypes", s.authentications_types);
  v("externalMetricNames", s.external_metric_names);
  v("triggersActivity", s.triggers_activity);
}

struct ScaledJob {
  std::string api_version;
  std::string kind;
  ObjectMeta metadata;
  ScaledJobSpec spec;
  ScaledJobStatus status;
  friend bool operator==(const ScaledJob&, const ScaledJob&) = default;
};
template <class V>
void Fields(V& v, ScaledJob& o) {
  v("apiVersion", o.api_version);
  v("kind", o.kind);
  v("metadata", o.metadata);
  v("spec", o.spec, kRequired);
  v("status", o.status);
}

// ---- TriggerAuthentication / ClusterTriggerAuthentication (keda.md §4.1) --------------------

// podIdentity, also nested in azureKeyVault, gcpSecretManager and awsSecretManager.
struct AuthPodIdentity {
  std::string provider;  // required: azure-workload | gcp | aws | aws-eks (deprecated) | none
  std::optional<std::string> identity_id;              // azure-workload; non-empty if set
  std::optional<std::string> identity_tenant_id;       // azure-workload; non-empty if set
  std::optional<std::string> identity_authority_host;  // azure-workload; needs a tenant id
  std::optional<std::string> role_arn;                 // aws
  std::optional<std::string> external_id;              // aws; needs roleArn
  std::optional<std::string> identity_owner;           // aws: keda (default) | workload
  friend bool operator==(const AuthPodIdentity&, const AuthPodIdentity&) = default;
};
template <class V>
void Fields(V& v, AuthPodIdentity& p) {
  v("provider", p.provider);  // CRD-required; a missing one is a validation warning
  v("identityId", p.identity_id);
  v("identityTenantId", p.identity_tenant_id);
  v("identityAuthorityHost", p.identity_authority_host);
  v("roleArn", p.role_arn);
  v("externalID", p.external_id);
  v("identityOwner", p.identity_owner);
}

// secretTargetRef[] and configMapTargetRef[] entries.
struct AuthTargetRef {
  std::string parameter;
  std::string name;
  std::string key;
  friend bool operator==(const AuthTargetRef&, const AuthTargetRef&) = default;
};
template <class V>
void Fields(V& v, AuthTargetRef& r) {
  v("parameter", r.parameter, kRequired);
  v("name", r.name, kRequired);
  v("key", r.key, kRequired);
}

// env[]: an env var of the scale target's container.
struct AuthEnvironment {
  std::string parameter;
  std::string name;
  std::string container_name;  // default: envSourceContainerName
  friend bool operator==(const AuthEnvironment&, const AuthEnvironment&) = default;
};
template <class V>
void Fields(V& v, AuthEnvironment& e) {
  v("parameter", e.parameter, kRequired);
  v("name", e.name, kRequired);
  v("containerName", e.container_name);
}

// {name, key} of a Secret (the secretKeyRef of valueFrom).
struct AuthSecretKeyRef {
  std::string name;
  std::string key;
  friend bool operator==(const AuthSecretKeyRef&, const AuthSecretKeyRef&) = default;
};
template <class V>
void Fields(V& v, AuthSecretKeyRef& r) {
  v("name", r.name, kRequired);
  v("key", r.key, kRequired);
}

struct AuthValueFrom {
  AuthSecretKeyRef secret_key_ref;
  friend bool operator==(const AuthValueFrom&, const AuthValueFrom&) = default;
};
template <class V>
void Fields(V& v, AuthValueFrom& f) {
  v("secretKeyRef", f.secret_key_ref, kRequired);
}

// A credential read from a Secret: {valueFrom: {secretKeyRef: {name, key}}}.
struct AuthSecretValue {
  AuthValueFrom value_from;
  friend bool operator==(const AuthSecretValue&, const AuthSecretValue&) = default;
};
template <class V>
void Fields(V& v, AuthSecretValue& s) {
  v("valueFrom", s.value_from, kRequired);
}

struct VaultPkiData {
  std::string common_name;
  std::string alt_names;
  std::string ip_sans;
  std::string uri_sans;
  std::string other_sans;
  std::string ttl;
  std::string format;
  friend bool operator==(const VaultPkiData&, const VaultPkiData&) = default;
};
template <class V>
void Fields(V& v, VaultPkiData& p) {
  v("commonName", p.common_name);
  v("altNames", p.alt_names);
  v("ipSans", p.ip_sans);
  v("uriSans", p.uri_sans);
  v("otherSans", p.other_sans);
  v("ttl", p.ttl);
  v("format", p.format);
}

struct VaultSecret {
  std::string parameter;
  std::string path;
  std::string key;
  std::string type;  // "" | secretV2 | secret | pki
  std::optional<VaultPkiData> pki_data;
  friend bool operator==(const VaultSecret&, const VaultSecret&) = default;
};
template <class V>
void Fields(V& v, VaultSecret& s) {
  v("parameter", s.parameter, kRequired);
  v("path", s.path, kRequired);
  v("key", s.key, kRequired);
  v("type", s.type);
  v("pkiData", s.pki_data);
  v.Alias("pki_data", "pkiData", s.pki_data);  // KEDA's HashiCorp Vault docs
}

struct VaultCredential {
  std::string token;  // a literal Vault token: never shown
  std::string service_account;
  std::string service_account_name;
  friend bool operator==(const VaultCredential&, const VaultCredential&) = default;
};
template <class V>
void Fields(V& v, VaultCredential& c) {
  v("token", c.token, kSecret);
  v("serviceAccount", c.service_account);
  v("serviceAccountName", c.service_account_name);
}

struct HashiCorpVault {
  std::string address;         // required
  std::string authentication;  // required: token | kubernetes
  std::string role;
  std::string mount;
  std::optional<VaultCredential> credential;
  std::vector<VaultSecret> secrets;  // required, minItems 1
  std::string namespace_;
  friend bool operator==(const HashiCorpVault&, const HashiCorpVault&) = default;
};
template <class V>
void Fields(V& v, HashiCorpVault& h) {
  v("address", h.address, kRequired);
  v("authentication", h.authentication, kRequired);
  v("role", h.role);
  v("mount", h.mount);
  v("credential", h.credential);
  v("secrets", h.secrets, kRequired);
  v("namespace", h.namespace_);
}

struct AzureKeyVaultSecret {
  std::string parameter;
  std::string name;
  std::string version;
  friend bool operator==(const AzureKeyVaultSecret&, const AzureKeyVaultSecret&) = default;
};
template <class V>
void Fields(V& v, AzureKeyVaultSecret& s) {
  v("parameter", s.parameter, kRequired);
  v("name", s.name, kRequired);
  v("version", s.version);
}

struct AzureKeyVaultCredentials {
  std::string client_id;
  std::string tenant_id;
  AuthSecretValue client_secret;
  friend bool operator==(const AzureKeyVaultCredentials&,
                         const AzureKeyVaultCredentials&) = default;
};
template <class V>
void Fields(V& v, AzureKeyVaultCredentials& c) {
  v("clientId", c.client_id, kRequired);
  v("tenantId", c.tenant_id, kRequired);
  v("clientSecret", c.client_secret, kRequired);
}

struct AzureKeyVaultCloudInfo {
  std::string type;  // required, e.g. AzurePublicCloud | Private
  std::string key_vault_resource_url;
  std::string active_directory_endpoint;
  friend bool operator==(const AzureKeyVaultCloudInfo&, const AzureKeyVaultCloudInfo&) = default;
};
template <class V>
void Fields(V& v, AzureKeyVaultCloudInfo& c) {
  v("type", c.type, kRequired);
  v("keyVaultResourceURL", c.key_vault_resource_url);
  v("activeDirectoryEndpoint", c.active_directory_endpoint);
}

struct AzureKeyVault {
  std::string vault_uri;  // required
  std::optional<AzureKeyVaultCredentials> credentials;
  std::optional<AuthPodIdentity> pod_identity;
  std::vector<AzureKeyVaultSecret> secrets;  // required, minItems 1
  std::optional<AzureKeyVaultCloudInfo> cloud;
  friend bool operator==(const AzureKeyVault&, const AzureKeyVault&) = default;
};
template <class V>
void Fields(V& v, AzureKeyVault& a) {
  v("vaultUri", a.vault_uri, kRequired);
  v("credentials", a.credentials);
  v("podIdentity", a.pod_identity);
  v("secrets", a.secrets, kRequired);
  v("cloud", a.cloud);
}

struct GcpSecret {
  std::string parameter;
  std::string id;
  std::string version;  // default latest
  friend bool operator==(const GcpSecret&, const GcpSecret&) = default;
};
template <class V>
void Fields(V& v, GcpSecret& s) {
  v("parameter", s.parameter, kRequired);
  v("id", s.id, kRequired);
  v("version", s.version);
}

struct GcpCredentials {
  AuthSecretValue client_secret;
  friend bool operator==(const GcpCredentials&, const GcpCredentials&) = default;
};
template <class V>
void Fields(V& v, GcpCredentials& c) {
  v("clientSecret", c.client_secret, kRequired);
}

struct GcpSecretManager {
  std::vector<GcpSecret> secrets;  // required, minItems 1
  std::optional<GcpCredentials> credentials;
  std::optional<AuthPodIdentity> pod_identity;
  friend bool operator==(const GcpSecretManager&, const GcpSecretManager&) = default;
};
template <class V>
void Fields(V& v, GcpSecretManager& g) {
  v("secrets", g.secrets, kRequired);
  v("credentials", g.credentials);
  v("podIdentity", g.pod_identity);
}

struct AwsSecret {
  std::string parameter;
  std::string name;
  std::string version_id;
  std::string version_stage;
  std::string secret_key;
  friend bool operator==(const AwsSecret&, const AwsSecret&) = default;
};
template <class V>
void Fields(V& v, AwsSecret& s) {
  v("parameter", s.parameter, kRequired);
  v("name", s.name, kRequired);
  v("versionId", s.version_id);
  v("versionStage", s.version_stage);
  v.Alias("version", "versionId", s.version_id);  // KEDA's authentication docs
  v("secretKey", s.secret_key);
}

struct AwsSecretManagerCredentials {
  AuthSecretValue access_key;
  AuthSecretValue access_secret_key;
  std::optional<AuthSecretValue> access_token;
  friend bool operator==(const AwsSecretManagerCredentials&,
                         const AwsSecretManagerCredentials&) = default;
};
template <class V>
void Fields(V& v, AwsSecretManagerCredentials& c) {
  v("accessKey", c.access_key, kRequired);
  v("accessSecretKey", c.access_secret_key, kRequired);
  v("accessToken", c.access_token);
}

struct AwsSecretManager {
  std::vector<AwsSecret> secrets;  // required, minItems 1
  std::optional<AwsSecretManagerCredentials> credentials;
  std::optional<AuthPodIdentity> pod_identity;
  std::string region;
  friend bool operator==(const AwsSecretManager&, const AwsSecretManager&) = default;
};
template <class V>
void Fields(V& v, AwsSecretManager& a) {
  v("secrets", a.secrets, kRequired);
  v("credentials", a.credentials);
  v("podIdentity", a.pod_identity);
  v("region", a.region);
}

struct BoundServiceAccountToken {
  std::string parameter;
  std::string service_account_name;
  friend bool operator==(const BoundServiceAccountToken&,
                         const BoundServiceAccountToken&) = default;
};
template <class V>
void Fields(V& v, BoundServiceAccountToken& b) {
  v("parameter", b.parameter, kRequired);
  v("serviceAccountName", b.service_account_name, kRequired);
}

// oauth2 (client credentials). `type` is required by the CRD but defaulted by it too.
struct OAuth2 {
  std::string type;       // clientCredentials (CRD default, the only value)
  std::string client_id;  // required
  std::optional<AuthSecretValue> client_secret;
  std::string token_url;  // required; http(s) URL with a host
  std::vector<std::string> scopes;
  StringMap token_url_params;
  friend bool operator==(const OAuth2&, const OAuth2&) = default;
};
template <class V>
void Fields(V& v, OAuth2& o) {
  v("type", o.type);
  v("clientId", o.client_id, kRequired);
  v("clientSecret", o.client_secret);
  v("tokenUrl", o.token_url, kRequired);
  v("scopes", o.scopes);
  v("tokenUrlParams", o.token_url_params);
}

// Shared by TriggerAuthentication and ClusterTriggerAuthentication.
// spec.filePath. The CRD and KEDA's code take one path (to a JSON map of parameters); KEDA's
// docs show a list of {parameter, path} (keda.md §11 item 5). The list form decodes with a
// warning and an empty path, since the API server rejects it.
struct AuthFilePath {
  std::string value;
  friend bool operator==(const AuthFilePath&, const AuthFilePath&) = default;
};
void DecodeValue(const yaml::Node& n, AuthFilePath& out, Decoder& d);
yaml::Node EncodeValue(const AuthFilePath& v);
inline bool IsZero(const AuthFilePath& v) { return v.value.empty(); }

struct TriggerAuthenticationSpec {
  std::optional<AuthPodIdentity> pod_identity;
  std::vector<AuthTargetRef> secret_target_ref;
  std::vector<AuthEnvironment> env;
  std::optional<HashiCorpVault> hashi_corp_vault;
  std::optional<AzureKeyVault> azure_key_vault;
  std::optional<GcpSecretManager> gcp_secret_manager;
  std::optional<AwsSecretManager> aws_secret_manager;
  std::vector<AuthTargetRef> config_map_target_ref;
  std::vector<BoundServiceAccountToken> bound_service_account_token;
  AuthFilePath file_path;  // ClusterTriggerAuthentication only: a JSON map file
  std::optional<OAuth2> oauth2;
  friend bool operator==(const TriggerAuthenticationSpec&,
                         const TriggerAuthenticationSpec&) = default;
};
template <class V>
void Fields(V& v, TriggerAuthenticationSpec& s) {
  v("podIdentity", s.pod_identity);
  v("secretTargetRef", s.secret_target_ref);
  v("env", s.env);
  v("hashiCorpVault", s.hashi_corp_vault);
  v("azureKeyVault", s.azure_key_vault);
  v("gcpSecretManager", s.gcp_secret_manager);
  v("awsSecretManager", s.aws_secret_manager);
  v("configMapTargetRef", s.config_map_target_ref);
  v("boundServiceAccountToken", s.bound_service_account_token);
  v("filePath", s.file_path);
  v("oauth2", s.oauth2);
}

struct TriggerAuthenticationStatus {
  std::string scaled_objects;  // comma-separated users
  std::string scaled_jobs;
  friend bool operator==(const TriggerAuthenticationStatus&,
                         const TriggerAuthenticationStatus&) = default;
};
template <class V>
void Fields(V& v, TriggerAuthenticationStatus& s) {
  v("scaledobjects", s.scaled_objects);
  v("scaledjobs", s.scaled_jobs);
}

struct TriggerAuthentication {
  std::string api_version;
  std::string kind;
  ObjectMeta metadata;
  TriggerAuthenticationSpec spec;
  TriggerAuthenticationStatus status;
  friend bool operator==(const TriggerAuthentication&, const TriggerAuthentication&) = default;
};
template <class V>
void Fields(V& v, TriggerAuthentication& o) {
  v("apiVersion", o.api_version);
  v("kind", o.kind);
  v("metadata", o.metadata);
  v("spec", o.spec, kRequired);
  v("status", o.status);
}

// Cluster-scoped; same spec. Its Secrets and ConfigMaps live in KEDA's namespace.
struct ClusterTriggerAuthentication {
  std::string api_version;
  std::string kind;
  ObjectMeta metadata;
  TriggerAuthenticationSpec spec;
  TriggerAuthenticationStatus status;
  friend bool operator==(const ClusterTriggerAuthentication&,
                         const ClusterTriggerAuthentication&) = default;
};
template <class V>
void Fields(V& v, ClusterTriggerAuthentication& o) {
  v("apiVersion", o.api_version);
  v("kind", o.kind);
  v("metadata", o.metadata);
  v("spec", o.spec, kRequired);
  v("status", o.status);
}

// ---- helpers, defaults and validation --------------------------------------------------------

namespace keda {
// The name of the HPA KEDA creates for `so`: advanced.horizontalPodAutoscalerConfig.name, or
// "keda-hpa-<name>" (keda.md §1.8).
std::string HpaNameOf(const ScaledObject& so);
// True when spec.advanced.scalingModifiers is not all-empty (KEDA's IsUsingModifiers).
bool IsUsingModifiers(const ScaledObject& so);
// True for the cpu and memory triggers (resource metrics, no External metric).
bool IsCpuOrMemory(const ScaleTriggers& t);
}  // namespace keda

// KEDA's defaults (keda.md §1.1-§1.4, §3.1, §12 item 1): pollingInterval 30, cooldownPeriod 300,
// initialCooldownPeriod 0, minReplicaCount 0, maxReplicaCount 100, scaleTargetRef apps/v1
// Deployment, fallback.behavior static, scalingModifiers.metricType AverageValue (when used),
// trigger metricType AverageValue (not for cpu/memory, which must set it: §5.9),
// authenticationRef kind TriggerAuthentication.
void ApplyDefaults(ScaledObject& o);
// ScaledJob: pollingInterval 30, history limits 100/100, minReplicaCount 0,
// maxReplicaCount 100, scalingStrategy default / max, trigger defaults as above, and the job
// template: restartPolicy OnFailure when empty, then the batch/v1 JobSpec defaults.
void ApplyDefaults(ScaledJob& o);
// oauth2.type clientCredentials (the CRD default).
void ApplyDefaults(TriggerAuthentication& o);
void ApplyDefaults(ClusterTriggerAuthentication& o);

// The CRD schema rules (minimums, enums, required, minItems, the CEL min <= max rule), the
// admission webhook's per-object rules (keda.md §7.2 items 5-10), the webhook warnings of
// §2.5, the annotations of §1.6 and each trigger's metadata against KEDA's scaler schema.
// Runs on objects as decoded (before ApplyDefaults). Cross-object rules are not here.
void Validate(const ScaledObject& o, Diagnostics& diags);
// CRD schema rules, the webhook's trigger rules (keda.md §3.1, §7.2 item 8), trigger metadata,
// and the job template (batch/v1 rules, restartPolicy as KEDA defaults it).
void Validate(const ScaledJob& o, Diagnostics& diags);
// CRD schema rules and the admission rules of keda.md §4.3.
void Validate(const TriggerAuthentication& o, Diagnostics& diags);
void Validate(const ClusterTriggerAuthentication& o, Diagnostics& diags);

}  // namespace swell::api
