// Scheduling-related core/v1 types: taints and tolerations, node selectors and affinity,
// pod (anti-)affinity, topology spread. The matching functions implement the kube-scheduler
// semantics of ../shared/reference/kubernetes.md §2.4-2.7.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/codec.h"
#include "api/core/meta.h"

namespace swell::api {

// ---- taints and tolerations (kubernetes.md §2.5) ----------------------------------------------

inline constexpr std::string_view kEffectNoSchedule = "NoSchedule";
inline constexpr std::string_view kEffectPreferNoSchedule = "PreferNoSchedule";
inline constexpr std::string_view kEffectNoExecute = "NoExecute";

struct Taint {
  std::string key;
  std::string value;
  std::string effect;  // NoSchedule | PreferNoSchedule | NoExecute
  std::optional<Time> time_added;
  friend bool operator==(const Taint&, const Taint&) = default;
};
template <class V>
void Fields(V& v, Taint& t) {
  v("key", t.key, kRequired);
  v("value", t.value);
  v("effect", t.effect, kRequired);
  v("timeAdded", t.time_added);
}

struct Toleration {
  std::string key;
  std::string op;  // "" (= Equal) | Equal | Exists
  std::string value;
  std::string effect;  // "" matches every effect
  std::optional<int64_t> toleration_seconds;
  friend bool operator==(const Toleration&, const Toleration&) = default;
};
template <class V>
void Fields(V& v, Toleration& t) {
  v("key", t.key);
  v("operator", t.op);
  v("value", t.value);
  v("effect", t.effect);
  v("tolerationSeconds", t.toleration_seconds);
}

// Toleration.ToleratesTaint: effect (if set) equal, key (if set) equal, and value equal for
// Equal or anything for Exists.
bool ToleratesTaint(const Toleration& toleration, const Taint& taint);
// True if every NoSchedule and NoExecute taint is tolerated (the TaintToleration filter).
// When false and `untolerated` is non-null, it receives the first untolerated taint.
bool TolerationsTolerateTaints(const std::vector<Toleration>& tolerations,
                               const std::vector<Taint>& taints,
                               const Taint** untolerated = nullptr);

// ---- node selectors and node affinity (kubernetes.md §2.4) -------------------------------------

// corev1.NodeSelectorRequirement: In, NotIn, Exists, DoesNotExist, Gt, Lt.
struct NodeSelectorRequirement {
  std::string key;
  std::string op;
  std::vector<std::string> values;
  friend bool operator==(const NodeSelectorRequirement&, const NodeSelectorRequirement&) = default;
};
template <class V>
void Fields(V& v, NodeSelectorRequirement& r) {
  v("key", r.key, kRequired);
  v("operator", r.op, kRequired);
  v("values", r.values);
}

struct NodeSelectorTerm {
  std::vector<NodeSelectorRequirement> match_expressions;
  std::vector<NodeSelectorRequirement> match_fields;
  friend bool operator==(const NodeSelectorTerm&, const NodeSelectorTerm&) = default;
};
template <class V>
void Fields(V& v, NodeSelectorTerm& t) {
  v("matchExpressions", t.match_expressions);
  v("matchFields", t.match_fields);
}

struct NodeSelector {
  std::vector<NodeSelectorTerm> node_selector_terms;
  friend bool operator==(const NodeSelector&, const NodeSelector&) = default;
};
template <class V>
void Fields(V& v, NodeSelector& s) {
  v("nodeSelectorTerms", s.node_selector_terms, kRequired);
}

struct PreferredSchedulingTerm {
  int32_t weight = 0;
  NodeSelectorTerm preference;
  friend bool operator==(const PreferredSchedulingTerm&, const PreferredSchedulingTerm&) = default;
};
template <class V>
void Fields(V& v, PreferredSchedulingTerm& t) {
  v("weight", t.weight, kRequired);
  v("preference", t.preference, kRequired);
}

struct NodeAffinity {
  std::optional<NodeSelector> required_during_scheduling_ignored_during_execution;
  std::vector<PreferredSchedulingTerm> preferred_during_scheduling_ignored_during_execution;
  friend bool operator==(const NodeAffinity&, const NodeAffinity&) = default;
};
template <class V>
void Fields(V& v, NodeAffinity& a) {
  v("requiredDuringSchedulingIgnoredDuringExecution",
    a.required_during_scheduling_ignored_during_execution);
  v("preferredDuringSchedulingIgnoredDuringExecution",
    a.preferred_during_scheduling_ignored_during_execution);
}

// labels.Requirement.Matches for one node-selector requirement: In needs the key with a
// listed value, NotIn is true when the key is absent, Gt/Lt compare base-10 int64s (the label
// and the single value must both parse). A requirement labels.NewRequirement would reject
// (invalid key or value syntax, In/NotIn without values, Exists/DoesNotExist with values, Gt/Lt
// without exactly one integer) and an unknown operator match nothing.
bool MatchesNodeSelectorRequirement(const NodeSelectorRequirement& r, const Labels& labels);
// A term matches when all its matchExpressions match and its matchFields (only
// metadata.name, In/NotIn with exactly one value) match `node_name`. A term with neither
// matches nothing. As in nodeaffinity.go, an empty `node_name` skips well-formed matchFields.
bool MatchesNodeSelectorTerm(const NodeSelectorTerm& t, const Labels& labels,
                             std::string_view node_name);
// Terms are ORed; no terms matches nothing.
bool MatchesNodeSelector(const NodeSelector& s, const Labels& labels, std::string_view node_name);

// ---- pod affinity and topology spread (kubernetes.md §2.6-2.7) -------------------------------

struct PodAffinityTerm {
  std::optional<LabelSelector> label_selector;
  std::vector<std::string> namespaces;
  std::string topology_key;
  std::optional<LabelSelector> namespace_selector;
  std::vector<std::string> match_label_keys;
  std::vector<std::string> mismatch_label_keys;
  friend bool operator==(const PodAffinityTerm&, const PodAffinityTerm&) = default;
};
template <class V>
void Fields(V& v, PodAffinityTerm& t) {
  v("labelSelector", t.label_selector);
  v("namespaces", t.namespaces);
  v("topologyKey", t.topology_key, kRequired);
  v("namespaceSelector", t.namespace_selector);
  v("matchLabelKeys", t.match_label_keys);
  v("mismatchLabelKeys", t.mismatch_label_keys);
}

struct WeightedPodAffinityTerm {
  int32_t weight = 0;
  PodAffinityTerm pod_affinity_term;
  friend bool operator==(const WeightedPodAffinityTerm&, const WeightedPodAffinityTerm&) = default;
};
template <class V>
void Fields(V& v, WeightedPodAffinityTerm& t) {
  v("weight", t.weight, kRequired);
  v("podAffinityTerm", t.pod_affinity_term, kRequired);
}

// Used for both podAffinity and podAntiAffinity (same shape).
struct PodAffinity {
  std::vector<PodAffinityTerm> required_during_scheduling_ignored_during_execution;
  std::vector<WeightedPodAffinityTerm> preferred_during_scheduling_ignored_during_execution;
  friend bool operator==(const PodAffinity&, const PodAffinity&) = default;
};
template <class V>
void Fields(V& v, PodAffinity& a) {
  v("requiredDuringSchedulingIgnoredDuringExecution",
    a.required_during_scheduling_ignored_during_execution);
  v("preferredDuringSchedulingIgnoredDuringExecution",
    a.preferred_during_scheduling_ignored_during_execution);
}

struct Affinity {
  std::optional<NodeAffinity> node_affinity;
  std::optional<PodAffinity> pod_affinity;
  std::optional<PodAffinity> pod_anti_affinity;
  friend bool operator==(const Affinity&, const Affinity&) = default;
};
template <class V>
void Fields(V& v, Affinity& a) {
  v("nodeAffinity", a.node_affinity);
  v("podAffinity", a.pod_affinity);
  v("podAntiAffinity", a.pod_anti_affinity);
}

struct TopologySpreadConstraint {
  int32_t max_skew = 0;
  std::string topology_key;
  std::string when_unsatisfiable;  // DoNotSchedule | ScheduleAnyway
  std::optional<LabelSelector> label_selector;
  std::optional<int32_t> min_domains;
  std::string node_affinity_policy;  // Honor | Ignore (default Honor)
  std::string node_taints_policy;    // Honor | Ignore (default Ignore)
  std::vector<std::string> match_label_keys;
  friend bool operator==(const TopologySpreadConstraint&,
                         const TopologySpreadConstraint&) = default;
};
template <class V>
void Fields(V& v, TopologySpreadConstraint& c) {
  v("maxSkew", c.max_skew, kRequired);
  v("topologyKey", c.topology_key, kRequired);
  v("whenUnsatisfiable", c.when_unsatisfiable, kRequired);
  v("labelSelector", c.label_selector);
  v("minDomains", c.min_domains);
  v("nodeAffinityPolicy", c.node_affinity_policy);
  v("nodeTaintsPolicy", c.node_taints_policy);
  v("matchLabelKeys", c.match_label_keys);
}

}  // namespace swell::api
