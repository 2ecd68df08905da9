// core/v1 Pod and the pod template every workload embeds. Fields swell's scheduler, kubelet
// model and scalers read are typed; the rest of the Kubernetes surface (probes, volumes,
// security contexts, ...) is accepted and kept verbatim as RawNode.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "api/codec.h"
#include "api/core/meta.h"
#include "api/core/scheduling.h"
#include "api/diagnostics.h"
#include "api/quantity.h"

namespace swell::api {

// A condition of any core/apps/batch object. The union of the fields of PodCondition,
// NodeCondition, DeploymentCondition, JobCondition and metav1.Condition.
struct Condition {
  std::string type;
  std::string status;  // True | False | Unknown
  std::string reason;
  std::string message;
  std::optional<Time> last_transition_time;
  std::optional<Time> last_update_time;
  std::optional<Time> last_probe_time;
  std::optional<Time> last_heartbeat_time;
  int64_t observed_generation = 0;
  friend bool operator==(const Condition&, const Condition&) = default;
};
template <class V>
void Fields(V& v, Condition& c) {
  v("type", c.type, kRequired);
  v("status", c.status, kRequired);
  v("reason", c.reason);
  v("message", c.message);
  v("lastTransitionTime", c.last_transition_time);
  v("lastUpdateTime", c.last_update_time);
  v("lastProbeTime", c.last_probe_time);
  v("lastHeartbeatTime", c.last_heartbeat_time);
  v("observedGeneration", c.observed_generation);
}
// Returns the condition of `type`, or nullptr.
const Condition* FindCondition(const std::vector<Condition>& conditions, std::string_view type);

struct ResourceRequirements {
  ResourceList limits;
  ResourceList requests;
  RawNode claims;
  friend bool operator==(const ResourceRequirements&, const ResourceRequirements&) = default;
};
template <class V>
void Fields(V& v, ResourceRequirements& r) {
  v("limits", r.limits);
  v("requests", r.requests);
  v("claims", r.claims);
}

struct KeySelector {  // ConfigMapKeySelector / SecretKeySelector
  std::string name;
  std::string key;
  std::optional<bool> optional;
  friend bool operator==(const KeySelector&, const KeySelector&) = default;
};
template <class V>
void Fields(V& v, KeySelector& s) {
  v("name", s.name);
  v("key", s.key, kRequired);
  v("optional", s.optional);
}

struct EnvVarSource {
  std::optional<KeySelector> config_map_key_ref;
  std::optional<KeySelector> secret_key_ref;
  RawNode field_ref;
  RawNode resource_field_ref;
  RawNode file_key_ref;
  friend bool operator==(const EnvVarSource&, const EnvVarSource&) = default;
};
template <class V>
void Fields(V& v, EnvVarSource& s) {
  v("configMapKeyRef", s.config_map_key_ref);
  v("secretKeyRef", s.secret_key_ref);
  v("fieldRef", s.field_ref);
  v("resourceFieldRef", s.resource_field_ref);
  v("fileKeyRef", s.file_key_ref);
}

struct EnvVar {
  std::string name;
  std::string value;
  std::optional<EnvVarSource> value_from;
  friend bool operator==(const EnvVar&, const EnvVar&) = default;
};
template <class V>
void Fields(V& v, EnvVar& e) {
  v("name", e.name, kRequired);
  v("value", e.value);
  v("valueFrom", e.value_from);
}

struct EnvFromRef {  // ConfigMapEnvSource / SecretEnvSource
  std::string name;
  std::optional<bool> optional;
  friend bool operator==(const EnvFromRef&, const EnvFromRef&) = default;
};
template <class V>
void Fields(V& v, EnvFromRef& r) {
  v("name", r.name);
  v("optional", r.optional);
}

struct EnvFromSource {
  std::string prefix;
  std::optional<EnvFromRef> config_map_ref;
  std::optional<EnvFromRef> secret_ref;
  friend bool operator==(const EnvFromSource&, const EnvFromSource&) = default;
};
template <class V>
void Fields(V& v, EnvFromSource& s) {
  v("prefix", s.prefix);
  v("configMapRef", s.config_map_ref);
  v("secretRef", s.secret_ref);
}

// Used for containers, init containers and ephemeral containers.
struct Container {
  std::string name;
  std::string image;
  std::vector<std::string> command;
  std::vector<std::string> args;
  std::string working_dir;
  std::vector<EnvVar> env;
  std::vector<EnvFromSource> env_from;
  ResourceRequirements resources;
  std::string restart_policy;  // init containers: "Always" makes a sidecar
  std::string image_pull_policy;
  std::string target_container_name;  // ephemeral containers only
  RawNode ports, liveness_probe, readiness_probe, startup_probe, lifecycle, security_context,
      volume_mounts, volume_devices, resize_policy, restart_policy_rules;
  std::string termination_message_path;
  std::string termination_message_policy;
  bool stdin_ = false;
  bool stdin_once = false;
  bool tty = false;
  friend bool operator==(const Container&, const Container&) = default;
};
template <class V>
void Fields(V& v, Container& c) {
  v("name", c.name, kRequired);
  v("image", c.image);
  v("command", c.command);
  v("args", c.args);
  v("workingDir", c.working_dir);
  v("env", c.env);
  v("envFrom", c.env_from);
  v("resources", c.resources);
  v("restartPolicy", c.restart_policy);
  v("imagePullPolicy", c.image_pull_policy);
  v("targetContainerName", c.target_container_name);
  v("ports", c.ports);
  v("livenessProbe", c.liveness_probe);
  v("readinessProbe", c.readiness_probe);
  v("startupProbe", c.startup_probe);
  v("lifecycle", c.lifecycle);
  v("securityContext", c.security_context);
  v("volumeMounts", c.volume_mounts);
  v("volumeDevices", c.volume_devices);
  v("resizePolicy", c.resize_policy);
  v("restartPolicyRules", c.restart_policy_rules);
  v("terminationMessagePath", c.termination_message_path);
  v("terminationMessagePolicy", c.termination_message_policy);
  v("stdin", c.stdin_);
  v("stdinOnce", c.stdin_once);
  v("tty", c.tty);
}

struct PodSpec {
  std::vector<Container> containers;
  std::vector<Container> init_containers;
  std::vector<Container> ephemeral_containers;
  StringMap node_selector;
  std::optional<Affinity> affinity;
  std::vector<Toleration> tolerations;
  std::vector<TopologySpreadConstraint> topology_spread_constraints;
  std::optional<int32_t> priority;
  std::string priority_class_name;
  std::string preemption_policy;
  ResourceList overhead;
  std::optional<ResourceRequirements> resources;            // pod-level resources
  std::optional<int64_t> termination_grace_period_seconds;  // default 30
  std::optional<int64_t> active_deadline_seconds;
  std::string restart_policy;  // Always (default) | OnFailure | Never
  std::string node_name;
  std::string scheduler_name;
  std::string service_account_name;
  std::string service_account;  // deprecated alias
  std::string runtime_class_name;
  std::string hostname;
  std::string subdomain;
  std::string dns_policy;
  bool host_network = false;
  bool host_pid = false;
  bool host_ipc = false;
  std::optional<bool> host_users;
  std::optional<bool> automount_service_account_token;
  std::optional<bool> enable_service_links;
  std::optional<bool> share_process_namespace;
  std::optional<bool> set_hostname_as_fqdn;
  RawNode volumes, security_context, image_pull_secrets, dns_config, host_aliases, readiness_gates,
      scheduling_gates, resource_claims, os, workload_ref, hostname_override;
  friend bool operator==(const PodSpec&, const PodSpec&) = default;
};
template <class V>
void Fields(V& v, PodSpec& s) {
  v("containers", s.containers, kRequired);
  v("initContainers", s.init_containers);
  v("ephemeralContainers", s.ephemeral_containers);
  v("nodeSelector", s.node_selector);
  v("affinity", s.affinity);
  v("tolerations", s.tolerations);
  v("topologySpreadConstraints", s.topology_spread_constraints);
  v("priority", s.priority);
  v("priorityClassName", s.priority_class_name);
  v("preemptionPolicy", s.preemption_policy);
  v("overhead", s.overhead);
  v("resources", s.resources);
  v("terminationGracePeriodSeconds", s.termination_grace_period_seconds);
  v("activeDeadlineSeconds", s.active_deadline_seconds);
  v("restartPolicy", s.restart_policy);
  v("nodeName", s.node_name);
  v("schedulerName", s.scheduler_name);
  v("serviceAccountName", s.service_account_name);
  v("serviceAccount", s.service_account);
  v("runtimeClassName", s.runtime_class_name);
  v("hostname", s.hostname);
  v("subdomain", s.subdomain);
  v("dnsPolicy", s.dns_policy);
  v("hostNetwork", s.host_network);
  v("hostPID", s.host_pid);
  v("hostIPC", s.host_ipc);
  v("hostUsers", s.host_users);
  v("automountServiceAccountToken", s.automount_service_account_token);
  v("enableServiceLinks", s.enable_service_links);
  v("shareProcessNamespace", s.share_process_namespace);
  v("setHostnameAsFQDN", s.set_hostname_as_fqdn);
  v("volumes", s.volumes);
  v("securityContext", s.security_context);
  v("imagePullSecrets", s.image_pull_secrets);
  v("dnsConfig", s.dns_config);
  v("hostAliases", s.host_aliases);
  v("readinessGates", s.readiness_gates);
  v("schedulingGates", s.scheduling_gates);
  v("resourceClaims", s.resource_claims);
  v("os", s.os);
  v("workloadRef", s.workload_ref);
  v("hostnameOverride", s.hostname_override);
}

struct PodTemplateSpec {
  ObjectMeta metadata;
  PodSpec spec;
  friend bool operator==(const PodTemplateSpec&, const PodTemplateSpec&) = default;
};
template <class V>
void Fields(V& v, PodTemplateSpec& t) {
  v("metadata", t.metadata);
  v("spec", t.spec);
}

struct PodStatus {
  std::string phase;  // Pending | Running | Succeeded | Failed | Unknown
  std::vector<Condition> conditions;
  std::string message;
  std::string reason;
  std::string nominated_node_name;
  std::string host_ip;
  std::string pod_ip;
  std::optional<Time> start_time;
  std::string qos_class;
  RawNode host_ips, pod_ips, container_statuses, init_container_statuses,
      ephemeral_container_statuses, resize, resource_claim_statuses, observed_generation;
  friend bool operator==(const PodStatus&, const PodStatus&) = default;
};
template <class V>
void Fields(V& v, PodStatus& s) {
  v("phase", s.phase);
  v("conditions", s.conditions);
  v("message", s.message);
  v("reason", s.reason);
  v("nominatedNodeName", s.nominated_node_name);
  v("hostIP", s.host_ip);
  v("podIP", s.pod_ip);
  v("startTime", s.start_time);
  v("qosClass", s.qos_class);
  v("hostIPs", s.host_ips);
  v("podIPs", s.pod_ips);
  v("containerStatuses", s.container_statuses);
  v("initContainerStatuses", s.init_container_statuses);
  v("ephemeralContainerStatuses", s.ephemeral_container_statuses);
  v("resize", s.resize);
  v("resourceClaimStatuses", s.resource_claim_statuses);
  v("observedGeneration", s.observed_generation);
}

struct Pod {
  std::string api_version;
  std::string kind;
  ObjectMeta metadata;
  PodSpec spec;
  PodStatus status;
  friend bool operator==(const Pod&, const Pod&) = default;
};
template <class V>
void Fields(V& v, Pod& p) {
  v("apiVersion", p.api_version);
  v("kind", p.kind);
  v("metadata", p.metadata);
  v("spec", p.spec);
  v("status", p.status);
}

// The pod's effective requests as the scheduler computes them (kubernetes.md §2.2,
// component-helpers PodRequests): max(sum of containers, each init container plus the
// sidecars started before it), plus sidecars, pod-level requests overriding, plus overhead.
ResourceList PodRequests(const PodSpec& spec);

// Kubernetes API defaulting that scheduling depends on: container requests default to limits
// where only limits are set; restartPolicy Always; terminationGracePeriodSeconds 30;
// schedulerName default-scheduler; dnsPolicy ClusterFirst.
void ApplyPodSpecDefaults(PodSpec& spec);
void ApplyDefaults(Pod& pod);

// Structural validation of a pod spec at `path` (e.g. "spec.template.spec"): at least one
// container, unique DNS-1123 container names, requests <= limits, non-negative quantities,
// valid taint/toleration operators and effects, node-selector operators.
void ValidatePodSpec(const PodSpec& spec, std::string_view path, Diagnostics& diags);
void Validate(const Pod& pod, Diagnostics& diags);

}  // namespace swell::api
