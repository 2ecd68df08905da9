#include "api/core/pod.h"

#include <set>

#include "api/labels.h"

namespace swell::api {

const Condition* FindCondition(const std::vector<Condition>& conditions, std::string_view type) {
  for (const auto& c : conditions) {
    if (c.type == type) return &c;
  }
  return nullptr;
}

ResourceList PodRequests(const PodSpec& spec) {
  ResourceList reqs;
  for (const auto& c : spec.containers) AddTo(reqs, c.resources.requests);
  ResourceList init_max;
  ResourceList sidecars;
  for (const auto& c : spec.init_containers) {
    ResourceList use;
    if (c.restart_policy == "Always") {
      AddTo(reqs, c.resources.requests);
      AddTo(sidecars, c.resources.requests);
      use = sidecars;
    } else {
      use = c.resources.requests;
      AddTo(use, sidecars);
    }
    init_max = MaxPerResource(init_max, use);
  }
  reqs = MaxPerResource(reqs, init_max);
  if (spec.resources) {
    for (const auto& [name, q] : spec.resources->requests) reqs[name] = q;
  }
  AddTo(reqs, spec.overhead);
  return reqs;
}

namespace {

void DefaultContainer(Container& c) {
  // Requests default to limits for any resource with a limit and no request (core/v1
  // defaults.go SetDefaults_ResourceRequirements via the pod's containers).
  for (const auto& [name, q] : c.resources.limits) {
    if (c.resources.requests.find(name) == c.resources.requests.end()) {
      c.resources.requests[name] = q;
    }
  }
  if (c.termination_message_path.empty()) c.termination_message_path = "/dev/termination-log";
  if (c.termination_message_policy.empty()) c.termination_message_policy = "File";
  if (c.image_pull_policy.empty()) {
    const std::string& img = c.image;
    bool latest = img.find(':') == std::string::npos ||
                  (img.size() >= 7 && img.compare(img.size() - 7, 7, ":latest") == 0);
    if (img.find('@') != std::string::npos) latest = false;
    c.image_pull_policy = latest ? "Always" : "IfNotPresent";
  }
}

bool IsNonNegative(const ResourceList& list) {
  for (const auto& [name, q] : list) {
    if (q.Sign() < 0) return false;
  }
  return true;
}

void ValidateContainer(const Container& c, const std::string& path, bool init,
                       std::set<std::string>& names, Diagnostics& diags) {
  if (std::string why = CheckDns1123Label(c.name); !why.empty()) {
    diags.Error(path + ".name", "\"" + c.name + "\": " + why, "core/container-name");
  } else if (!names.insert(c.name).second) {
    diags.Error(path + ".name", "duplicate container name \"" + c.name + "\"",
                "core/container-name");
  }
  if (!IsNonNegative(c.resources.requests) || !IsNonNegative(c.resources.limits)) {
    diags.Error(path + ".resources", "resource quantities must be non-negative", "core/resources");
  }
  for (const auto& [name, req] : c.resources.requests) {
    auto lim = c.resources.limits.find(name);
    if (lim != c.resources.limits.end() && req > lim->second) {
      diags.Error(PathJoin(path + ".resources.requests", name),
                  "request " + req.ToString() + " must be <= limit " + lim->second.ToString(),
                  "core/resources");
    }
  }
  if (!c.restart_policy.empty() && (!init || c.restart_policy != "Always")) {
    diags.Error(path + ".restartPolicy",
                init ? "only \"Always\" is allowed (it makes a sidecar)"
                     : "allowed only on init containers",
                "core/container-restart-policy");
  }
}

void ValidateTolerations(const std::vector<Toleration>& tolerations, const std::string& path,
                         Diagnostics& diags) {
  for (size_t i = 0; i < tolerations.size(); i++) {
    const Toleration& t = tolerations[i];
    std::string p = PathIndex(path, i);
    if (!t.op.empty() && t.op != "Equal" && t.op != "Exists") {
      diags.Error(p + ".operator", "\"" + t.op + "\" must be Equal or Exists", "core/toleration");
    }
    if (t.key.empty() && t.op != "Exists") {
      diags.Error(p + ".operator", "an empty key requires operator Exists", "core/toleration");
    }
    if (t.op == "Exists" && !t.value.empty()) {
      diags.Error(p + ".value", "must be empty when operator is Exists", "core/toleration");
    }
    if (!t.effect.empty() && t.effect != kEffectNoSchedule && t.effect != kEffectPreferNoSchedule &&
        t.effect != kEffectNoExecute) {
      diags.Error(p + ".effect",
                  "\"" + t.effect + "\" is not NoSchedule, PreferNoSchedule or NoExecute",
                  "core/toleration");
    }
  }
}

void ValidateNodeSelectorRequirement(const NodeSelectorRequirement& r, const std::string& p,
                                     Diagnostics& diags) {
  static const std::set<std::string, std::less<>> kOps = {"In",           "NotIn", "Exists",
                                                          "DoesNotExist", "Gt",    "Lt"};
  if (kOps.count(r.op) == 0) {
    diags.Error(p + ".operator",
                "\"" + r.op + "\" is not one of In, NotIn, Exists, DoesNotExist, Gt, Lt",
                "core/node-selector");
    return;
  }
  bool needs_values = r.op == "In" || r.op == "NotIn";
  bool one_value = r.op == "Gt" || r.op == "Lt";
  if (needs_values && r.values.empty()) {
    diags.Error(p + ".values", "must be non-empty for operator " + r.op, "core/node-selector");
  } else if (one_value && r.values.size() != 1) {
    diags.Error(p + ".values", "must have exactly one value for operator " + r.op,
                "core/node-selector");
  } else if (!needs_values && !one_value && !r.values.empty()) {
    diags.Error(p + ".values", "must be empty for operator " + r.op, "core/node-selector");
  }
}

void ValidateAffinity(const Affinity& a, const std::string& path, Diagnostics& diags) {
  if (!a.node_affinity) return;
  const NodeAffinity& na = *a.node_affinity;
  if (na.required_during_scheduling_ignored_during_execution) {
    const auto& terms = na.required_during_scheduling_ignored_during_execution->node_selector_terms;
    std::string base =
        path + ".nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms";
    if (terms.empty()) diags.Error(base, "must have at least one term", "core/node-selector");
    for (size_t i = 0; i < terms.size(); i++) {
      for (size_t j = 0; j < terms[i].match_expressions.size(); j++) {
        ValidateNodeSelectorRequirement(terms[i].match_expressions[j],
                                        PathIndex(PathIndex(base, i) + ".matchExpressions", j),
                                        diags);
      }
    }
  }
  const auto& pref = na.preferred_during_scheduling_ignored_during_execution;
  for (size_t i = 0; i < pref.size(); i++) {
    if (pref[i].weight < 1 || pref[i].weight > 100) {
      diags.Error(
          PathIndex(path + ".nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution", i) +
              ".weight",
          "must be in the range 1-100", "core/node-selector");
    }
  }
}

void ValidateTopologySpread(const std::vector<TopologySpreadConstraint>& cs,
                            const std::string& path, Diagnostics& diags) {
  for (size_t i = 0; i < cs.size(); i++) {
    std::string p = PathIndex(path, i);
    if (cs[i].max_skew < 1) diags.Error(p + ".maxSkew", "must be >= 1", "core/topology-spread");
    if (cs[i].when_unsatisfiable != "DoNotSchedule" &&
        cs[i].when_unsatisfiable != "ScheduleAnyway") {
      diags.Error(p + ".whenUnsatisfiable", "must be DoNotSchedule or ScheduleAnyway",
                  "core/topology-spread");
    }
    if (cs[i].min_domains && *cs[i].min_domains < 1) {
      diags.Error(p + ".minDomains", "must be >= 1", "core/topology-spread");
    }
  }
}

}  // namespace

void ApplyPodSpecDefaults(PodSpec& spec) {
  for (auto& c : spec.containers) DefaultContainer(c);
  for (auto& c : spec.init_containers) DefaultContainer(c);
  if (spec.restart_policy.empty()) spec.restart_policy = "Always";
  if (!spec.termination_grace_period_seconds) spec.termination_grace_period_seconds = 30;
  if (spec.scheduler_name.empty()) spec.scheduler_name = "default-scheduler";
  if (spec.dns_policy.empty()) spec.dns_policy = "ClusterFirst";
}

void ApplyDefaults(Pod& pod) { ApplyPodSpecDefaults(pod.spec); }

void ValidatePodSpec(const PodSpec& spec, std::string_view path_view, Diagnostics& diags) {
  std::string path(path_view);
  if (spec.containers.empty()) {
    diags.Error(path + ".containers", "at least one container is required", "core/containers");
  }
  std::set<std::string> names;
  for (size_t i = 0; i < spec.containers.size(); i++) {
    ValidateContainer(spec.containers[i], PathIndex(path + ".containers", i), false, names, diags);
  }
  for (size_t i = 0; i < spec.init_containers.size(); i++) {
    ValidateContainer(spec.init_containers[i], PathIndex(path + ".initContainers", i), true, names,
                      diags);
  }
  if (!spec.restart_policy.empty() && spec.restart_policy != "Always" &&
      spec.restart_policy != "OnFailure" && spec.restart_policy != "Never") {
    diags.Error(path + ".restartPolicy",
                "\"" + spec.restart_policy + "\" must be Always, OnFailure or Never",
                "core/restart-policy");
  }
  if (spec.termination_grace_period_seconds && *spec.termination_grace_period_seconds < 0) {
    diags.Error(path + ".terminationGracePeriodSeconds", "must be >= 0", "core/grace-period");
  }
  for (const auto& [k, v] : spec.node_selector) {
    if (std::string why = CheckQualifiedName(k); !why.empty()) {
      diags.Error(PathJoin(path + ".nodeSelector", k), "key: " + why, "core/node-selector");
    }
  }
  ValidateTolerations(spec.tolerations, path + ".tolerations", diags);
  if (spec.affinity) ValidateAffinity(*spec.affinity, path + ".affinity", diags);
  ValidateTopologySpread(spec.topology_spread_constraints, path + ".topologySpreadConstraints",
                         diags);
  if (!IsNonNegative(spec.overhead)) {
    diags.Error(path + ".overhead", "resource quantities must be non-negative", "core/resources");
  }
}

void Validate(const Pod& pod, Diagnostics& diags) {
  ValidateObjectMeta(pod.metadata, true, diags);
  ValidatePodSpec(pod.spec, "spec", diags);
}

}  // namespace swell::api
