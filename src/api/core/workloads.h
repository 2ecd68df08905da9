// apps/v1 Deployment, StatefulSet, DaemonSet and batch/v1 Job: the scale targets of
// ScaledObjects and the jobs of ScaledJobs.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "api/core/pod.h"
#include "api/intstr.h"

namespace swell::api {

struct DeploymentSpec {
  std::optional<int32_t> replicas;  // default 1
  std::optional<LabelSelector> selector;
  PodTemplateSpec template_;
  RawNode strategy;
  int32_t min_ready_seconds = 0;
  std::optional<int32_t> revision_history_limit;
  bool paused = false;
  std::optional<int32_t> progress_deadline_seconds;
  friend bool operator==(const DeploymentSpec&, const DeploymentSpec&) = default;
};
template <class V>
void Fields(V& v, DeploymentSpec& s) {
  v("replicas", s.replicas);
  v("selector", s.selector);
  v("template", s.template_, kRequired);
  v("strategy", s.strategy);
  v("minReadySeconds", s.min_ready_seconds);
  v("revisionHistoryLimit", s.revision_history_limit);
  v("paused", s.paused);
  v("progressDeadlineSeconds", s.progress_deadline_seconds);
}

// Shared status shape of Deployment, StatefulSet and DaemonSet (union of their fields).
struct WorkloadStatus {
  int64_t observed_generation = 0;
  int32_t replicas = 0;
  int32_t updated_replicas = 0;
  int32_t ready_replicas = 0;
  int32_t available_replicas = 0;
  int32_t unavailable_replicas = 0;
  std::optional<int32_t> terminating_replicas;
  int32_t current_replicas = 0;
  std::string current_revision;
  std::string update_revision;
  std::optional<int32_t> collision_count;
  // DaemonSet
  int32_t current_number_scheduled = 0;
  int32_t number_misscheduled = 0;
  int32_t desired_number_scheduled = 0;
  int32_t number_ready = 0;
  int32_t updated_number_scheduled = 0;
  int32_t number_available = 0;
  int32_t number_unavailable = 0;
  std::vector<Condition> conditions;
  friend bool operator==(const WorkloadStatus&, const WorkloadStatus&) = default;
};
template <class V>
void Fields(V& v, WorkloadStatus& s) {
  v("observedGeneration", s.observed_generation);
  v("replicas", s.replicas);
  v("updatedReplicas", s.updated_replicas);
  v("readyReplicas", s.ready_replicas);
  v("availableReplicas", s.available_replicas);
  v("unavailableReplicas", s.unavailable_replicas);
  v("terminatingReplicas", s.terminating_replicas);
  v("currentReplicas", s.current_replicas);
  v("currentRevision", s.current_revision);
  v("updateRevision", s.update_revision);
  v("collisionCount", s.collision_count);
  v("currentNumberScheduled", s.current_number_scheduled);
  v("numberMisscheduled", s.number_misscheduled);
  v("desiredNumberScheduled", s.desired_number_scheduled);
  v("numberReady", s.number_ready);
  v("updatedNumberScheduled", s.updated_number_scheduled);
  v("numberAvailable", s.number_available);
  v("numberUnavailable", s.number_unavailable);
  v("conditions", s.conditions);
}

struct Deployment {
  std::string api_version;
  std::string kind;
  ObjectMeta metadata;
  DeploymentSpec spec;
  WorkloadStatus status;
  friend bool operator==(const Deployment&, const Deployment&) = default;
};
template <class V>
void Fields(V& v, Deployment& o) {
  v("apiVersion", o.api_version);
  v("kind", o.kind);
  v("metadata", o.metadata);
  v("spec", o.spec);
  v("status", o.status);
}

struct StatefulSetSpec {
  std::optional<int32_t> replicas;  // default 1
  std::optional<LabelSelector> selector;
  PodTemplateSpec template_;
  std::string service_name;
  std::string pod_management_policy;  // OrderedReady (default) | Parallel
  RawNode update_strategy, volume_claim_templates, persistent_volume_claim_retention_policy,
      ordinals;
  std::optional<int32_t> revision_history_limit;
  int32_t min_ready_seconds = 0;
  friend bool operator==(const StatefulSetSpec&, const StatefulSetSpec&) = default;
};
template <class V>
void Fields(V& v, StatefulSetSpec& s) {
  v("replicas", s.replicas);
  v("selector", s.selector);
  v("template", s.template_, kRequired);
  v("serviceName", s.service_name);
  v("podManagementPolicy", s.pod_management_policy);
  v("updateStrategy", s.update_strategy);
  v("volumeClaimTemplates", s.volume_claim_templates);
  v("persistentVolumeClaimRetentionPolicy", s.persistent_volume_claim_retention_policy);
  v("ordinals", s.ordinals);
  v("revisionHistoryLimit", s.revision_history_limit);
  v("minReadySeconds", s.min_ready_seconds);
}

struct StatefulSet {
  std::string api_version;
  std::string kind;
  ObjectMeta metadata;
  StatefulSetSpec spec;
  WorkloadStatus status;
  friend bool operator==(const StatefulSet&, const StatefulSet&) = default;
};
template <class V>
void Fields(V& v, StatefulSet& o) {
  v("apiVersion", o.api_version);
  v("kind", o.kind);
  v("metadata", o.metadata);
  v("spec", o.spec);
  v("status", o.status);
}

struct DaemonSetSpec {
  std::optional<LabelSelector> selector;
  PodTemplateSpec template_;
  RawNode update_strategy;
  int32_t min_ready_seconds = 0;
  std::optional<int32_t> revision_history_limit;
  friend bool operator==(const DaemonSetSpec&, const DaemonSetSpec&) = default;
};
template <class V>
void Fields(V& v, DaemonSetSpec& s) {
  v("selector", s.selector);
  v("template", s.template_, kRequired);
  v("updateStrategy", s.update_strategy);
  v("minReadySeconds", s.min_ready_seconds);
  v("revisionHistoryLimit", s.revision_history_limit);
}

struct DaemonSet {
  std::string api_version;
  std::string kind;
  ObjectMeta metadata;
  DaemonSetSpec spec;
  WorkloadStatus status;
  friend bool operator==(const DaemonSet&, const DaemonSet&) = default;
};
template <class V>
void Fields(V& v, DaemonSet& o) {
  v("apiVersion", o.api_version);
  v("kind", o.kind);
  v("metadata", o.metadata);
  v("spec", o.spec);
  v("status", o.status);
}

// batch/v1 JobSpec; also the body of a ScaledJob's jobTargetRef.
struct JobSpec {
  std::optional<int32_t> parallelism;  // default 1
  std::optional<int32_t> completions;  // default 1 when parallelism is unset too
  std::optional<int64_t> active_deadline_seconds;
  std::optional<int32_t> backoff_limit;  // default 6
  std::optional<int32_t> backoff_limit_per_index;
  std::optional<int32_t> max_failed_indexes;
  std::optional<int32_t> ttl_seconds_after_finished;
  std::string completion_mode;  // NonIndexed (default) | Indexed
  std::optional<bool> suspend;
  std::optional<bool> manual_selector;
  std::optional<LabelSelector> selector;
  PodTemplateSpec template_;
  std::string pod_replacement_policy;
  std::string managed_by;
  RawNode pod_failure_policy, success_policy;
  friend bool operator==(const JobSpec&, const JobSpec&) = default;
};
template <class V>
void Fields(V& v, JobSpec& s) {
  v("parallelism", s.parallelism);
  v("completions", s.completions);
  v("activeDeadlineSeconds", s.active_deadline_seconds);
  v("backoffLimit", s.backoff_limit);
  v("backoffLimitPerIndex", s.backoff_limit_per_index);
  v("maxFailedIndexes", s.max_failed_indexes);
  v("ttlSecondsAfterFinished", s.ttl_seconds_after_finished);
  v("completionMode", s.completion_mode);
  v("suspend", s.suspend);
  v("manualSelector", s.manual_selector);
  v("selector", s.selector);
  v("template", s.template_, kRequired);
  v("podReplacementPolicy", s.pod_replacement_policy);
  v("managedBy", s.managed_by);
  v("podFailurePolicy", s.pod_failure_policy);
  v("successPolicy", s.success_policy);
}

struct JobStatus {
  std::vector<Condition> conditions;
  std::optional<Time> start_time;
  std::optional<Time> completion_time;
  int32_t active = 0;
  int32_t succeeded = 0;
  int32_t failed = 0;
  std::optional<int32_t> terminating;
  std::optional<int32_t> ready;
  std::string completed_indexes;
  std::string failed_indexes;
  RawNode uncounted_terminated_pods;
  friend bool operator==(const JobStatus&, const JobStatus&) = default;
};
template <class V>
void Fields(V& v, JobStatus& s) {
  v("conditions", s.conditions);
  v("startTime", s.start_time);
  v("completionTime", s.completion_time);
  v("active", s.active);
  v("succeeded", s.succeeded);
  v("failed", s.failed);
  v("terminating", s.terminating);
  v("ready", s.ready);
  v("completedIndexes", s.completed_indexes);
  v("failedIndexes", s.failed_indexes);
  v("uncountedTerminatedPods", s.uncounted_terminated_pods);
}

struct Job {
  std::string api_version;
  std::string kind;
  ObjectMeta metadata;
  JobSpec spec;
  JobStatus status;
  friend bool operator==(const Job&, const Job&) = default;
};
template <class V>
void Fields(V& v, Job& o) {
  v("apiVersion", o.api_version);
  v("kind", o.kind);
  v("metadata", o.metadata);
  v("spec", o.spec);
  v("status", o.status);
}

// Kubernetes API defaulting (apps/v1 and batch/v1 defaults.go), plus the pod template's. A
// missing apps/v1 selector (an error for the API server, reported as a warning) defaults to
// the template's labels, as extensions/v1beta1 once did.
void ApplyDefaults(Deployment& o);
void ApplyDefaults(StatefulSet& o);
void ApplyDefaults(DaemonSet& o);
void ApplyDefaults(Job& o);
// Job spec defaulting alone (used for ScaledJob jobTargetRef): parallelism 1, completions 1
// when both are unset, backoffLimit 6, completionMode NonIndexed.
void ApplyJobSpecDefaults(JobSpec& spec);

// apps/v1 and batch/v1 validation: non-negative replica and job counts, a selector that
// matches the template's labels, a valid pod template (and for jobs restartPolicy Never or
// OnFailure).
void Validate(const Deployment& o, Diagnostics& diags);
void Validate(const StatefulSet& o, Diagnostics& diags);
void Validate(const DaemonSet& o, Diagnostics& diags);
void Validate(const Job& o, Diagnostics& diags);
// Validates a job spec at `path` (e.g. "spec.jobTargetRef"); `generated_selector` is true for
// ScaledJobs, whose jobs get their selector from the Job controller.
void ValidateJobSpec(const JobSpec& spec, std::string_view path, Diagnostics& diags);

}  // namespace swell::api
